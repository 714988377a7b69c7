"""A real LSP client session with `cellseven lsp`, over stdio, for the protocol tests."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

WAIT = 60.0  # seconds; a loaded machine is slow, and tests stop as soon as the answer comes


def uri(path: Path) -> str:
    return from_fs_path(str(path.resolve())) or ""


class Session:
    """Starts the server as a subprocess (`python -m cellseven_game lsp`) in `cwd`."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.client = LanguageClient("cellseven-tests", "1")
        self.diagnostics: dict[str, list[t.Diagnostic]] = {}
        self.published: list[str] = []
        self.versions: dict[str, int] = {}

        @self.client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _on_diagnostics(params: t.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = list(params.diagnostics)
            self.published.append(params.uri)

    async def __aenter__(self) -> Session:
        await self.client.start_io(sys.executable, "-m", "cellseven_game", "lsp", cwd=self.cwd)
        await self.client.initialize_async(
            t.InitializeParams(
                capabilities=t.ClientCapabilities(), root_uri=uri(self.cwd), process_id=None
            )
        )
        self.client.initialized(t.InitializedParams())
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), WAIT)
            self.client.exit(None)
        finally:
            await asyncio.wait_for(self.client.stop(), WAIT)

    def open(self, path: Path, text: str | None = None) -> str:
        doc = uri(path)
        self.versions[doc] = 1
        body = path.read_text(encoding="utf-8") if text is None else text
        item = t.TextDocumentItem(uri=doc, language_id="yaml", version=1, text=body)
        self.client.text_document_did_open(t.DidOpenTextDocumentParams(item))
        return doc

    def change(self, doc: str, text: str) -> None:
        self.versions[doc] += 1
        self.client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                t.VersionedTextDocumentIdentifier(version=self.versions[doc], uri=doc),
                [t.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def wait_for(
        self, doc: str, holds: Callable[[list[t.Diagnostic]], bool]
    ) -> list[t.Diagnostic]:
        """The diagnostics of `doc` once a publication satisfies `holds`."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if doc in self.diagnostics and holds(self.diagnostics[doc]):
                return self.diagnostics[doc]
            await asyncio.sleep(0.02)
        raise AssertionError(f"no diagnostics as expected for {doc}: {self.diagnostics.get(doc)}")

    @staticmethod
    def at(doc: str, line: int, character: int) -> dict[str, Any]:
        return {
            "text_document": t.TextDocumentIdentifier(uri=doc),
            "position": t.Position(line=line, character=character),
        }


def run(coro: Any) -> Any:
    return asyncio.run(coro)
