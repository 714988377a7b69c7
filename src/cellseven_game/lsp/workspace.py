"""The server's state: the packs its editors have open, their unsaved buffers, and
when each pack is checked again and its diagnostics published.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from cellseven_game import __version__
from cellseven_game.engine.core.errors import Problem
from cellseven_game.engine.core.printable import printable
from cellseven_game.lsp.packs import Pack, find_pack, shown_path
from cellseven_game.lsp.positions import from_client, row_at, to_client, token_end
from cellseven_game.lsp.spans import Entry, Span

DEBOUNCE = 0.05  # seconds of quiet after a keystroke before the pack is checked again
log = logging.getLogger(__name__)


# -- the server ----------------------------------------------------------------------------


class _AtCursor(Protocol):
    """Any request about a position in a document."""

    @property
    def text_document(self) -> t.TextDocumentIdentifier: ...
    @property
    def position(self) -> t.Position: ...


@dataclass(slots=True)
class _Schedule:
    version: int = 0
    task: asyncio.Task[None] | None = None


class CellsevenServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "cellseven", __version__, text_document_sync_kind=t.TextDocumentSyncKind.Full
        )
        self.packs: dict[Path, Pack] = {}
        self.buffers: dict[Path, str] = {}  # unsaved texts of open documents, by real path
        self.schedules: dict[Path, _Schedule] = {}
        self.published: dict[Path, set[str]] = {}  # uris with diagnostics, per pack
        self.problems: dict[str, list[tuple[t.Range, Problem]]] = {}  # by uri

    # -- packs ---------------------------------------------------------------------------

    def pack_of(self, uri: str) -> Pack | None:
        path = to_fs_path(uri)
        if path is None:
            return None
        root = find_pack(Path(path).resolve())
        if root is None:
            return None
        pack = self.packs.get(root)
        if pack is None:
            pack = self.packs[root] = Pack(root)
        return pack

    async def ensure_checked(self, pack: Pack) -> None:
        """Requests arriving before the first check wait for it."""
        if pack.result is None:
            await self.check_now(pack)

    def schedule(self, pack: Pack) -> None:
        state = self.schedules.setdefault(pack.root, _Schedule())
        state.version += 1
        if state.task is None or state.task.done():
            state.task = asyncio.ensure_future(self._run(pack, state))

    async def _run(self, pack: Pack, state: _Schedule) -> None:
        while True:
            seen = state.version
            await asyncio.sleep(DEBOUNCE)
            if state.version != seen:
                continue  # still typing
            await self.check_now(pack)
            if state.version == seen:
                return

    async def check_now(self, pack: Pack) -> None:
        buffers = dict(self.buffers)
        try:
            result = await asyncio.to_thread(pack.check, buffers)
        except Exception:  # never let one bad file stop the server
            log.exception("checking %s failed", pack.root)
            return
        self.publish(pack, result.problems)

    def publish(self, pack: Pack, problems: list[Problem]) -> None:
        by_uri: dict[str, list[t.Diagnostic]] = {}
        located: dict[str, list[tuple[t.Range, Problem]]] = {}
        for problem in problems:
            uri = from_fs_path(str(shown_path(problem.path))) or problem.path
            text = pack.text_of(problem.path)
            line = max(problem.line - 1, 0)
            row = row_at(text, line)
            col = max(problem.col - 1, 0) if problem.line > 0 else 0
            end = token_end(row, col) if problem.line > 0 else len(row)
            rng = t.Range(
                t.Position(line, to_client(row, col)), t.Position(line, to_client(row, end))
            )
            severity = (
                t.DiagnosticSeverity.Error
                if problem.severity == "error"
                else t.DiagnosticSeverity.Warning
            )
            by_uri.setdefault(uri, []).append(
                t.Diagnostic(
                    range=rng,
                    # Editors in a terminal show it: a control a pack holds is escaped.
                    message=printable(problem.message),
                    severity=severity,
                    code=problem.code,
                    source="cellseven",
                )
            )
            located.setdefault(uri, []).append((rng, problem))
        before = self.published.get(pack.root, set())
        for path in self.buffers:  # an open file of the pack hears that it is clean
            if path.is_relative_to(pack.root):
                before.add(from_fs_path(str(path)) or "")
        for uri in before - set(by_uri):
            self.problems.pop(uri, None)
            self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, []))
        for uri, diagnostics in by_uri.items():
            self.problems[uri] = located[uri]
            self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, diagnostics))
        self.published[pack.root] = set(by_uri)

    # -- documents -----------------------------------------------------------------------

    def buffer_changed(self, uri: str) -> None:
        path = to_fs_path(uri)
        if path is None:
            return
        document = self.workspace.get_text_document(uri)
        self.buffers[Path(path).resolve()] = document.source
        pack = self.pack_of(uri)
        if pack is not None:
            self.schedule(pack)

    def buffer_closed(self, uri: str) -> None:
        path = to_fs_path(uri)
        if path is not None:
            self.buffers.pop(Path(path).resolve(), None)
        pack = self.pack_of(uri)
        if pack is not None:
            self.schedule(pack)

    # -- where the cursor is --------------------------------------------------------------

    def lines_of(self, uri: str) -> list[str]:
        document = self.workspace.get_text_document(uri)
        return [row.rstrip("\r\n") for row in document.source.split("\n")]

    async def cursor(self, params: _AtCursor) -> tuple[Pack, Entry] | tuple[None, None]:
        """The pack and the id under the cursor, once the pack has been checked."""
        pack = self.pack_of(params.text_document.uri)
        if pack is None:
            return None, None
        await self.ensure_checked(pack)
        entry = self.entry_at(pack, params.text_document.uri, params.position)
        return (pack, entry) if entry is not None else (None, None)

    def entry_at(self, pack: Pack, uri: str, position: t.Position) -> Entry | None:
        path = to_fs_path(uri)
        parsed = pack.parsed(Path(path)) if path else None
        if parsed is None:
            return None
        row = row_at(parsed.text, position.line)
        col = from_client(row, position.character)
        return parsed.index.at(position.line + 1, col + 1)

    def location(self, pack: Pack, span: Span) -> t.Location:
        path = shown_path(span.path)
        text = pack.text_of(span.path)
        return t.Location(from_fs_path(str(path)) or str(path), self.span_range(text, span))

    @staticmethod
    def span_range(text: str | None, span: Span) -> t.Range:
        row = row_at(text, span.line - 1)
        return t.Range(
            t.Position(span.line - 1, to_client(row, span.col - 1)),
            t.Position(span.line - 1, to_client(row, span.end - 1)),
        )
