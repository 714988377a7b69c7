"""Language server latency: what an author waits for, measured through the protocol.

    python tests/benchmarks/bench_lsp.py [--scenes 10000] [--edits 15] [--runs 3]

For the bundled pack and a synthetic pack of `--scenes` scenes (synthetic.py), each run starts
a fresh `cellseven lsp` process, opens one chapter file and, `--edits` times, changes its
unsaved text (alternately breaking a `goto` and mending it) and times from the didChange sent
to the diagnostics received — the debounce included, as an author sees it. Then completion at
a `goto:` (`--edits` requests) and the server's memory (VmHWM, its peak resident size, from
/proc). Figures are medians with their range over runs: the machine is shared and noisy.
Goals (issue 13): diagnostics <= 150 ms bundled, <= 1 s at 10,000 scenes; completion <= 50 ms;
memory <= 150 MiB.

Set PYTHONPYCACHEPREFIX (or install the wheel) first: with PYTHONDONTWRITEBYTECODE an
editable install recompiles every module at each start, which is start-up, not latency.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_pack  # noqa: E402


class Probe:
    def __init__(self) -> None:
        self.client = LanguageClient("bench", "1")
        self.arrived: dict[str, tuple[float, list[t.Diagnostic]]] = {}

        @self.client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def _on(params: t.PublishDiagnosticsParams) -> None:
            self.arrived[params.uri] = (time.perf_counter(), list(params.diagnostics))

    async def wait(self, uri: str, since: float, broken: bool) -> float:
        while True:
            got = self.arrived.get(uri)
            if got and got[0] > since and bool(got[1]) == broken:
                return got[0] - since
            await asyncio.sleep(0.001)


def _memory(pid: int) -> float:
    """The process's peak resident size in MiB (Linux)."""
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        if row.startswith("VmHWM:"):
            return int(row.split()[1]) / 1024
    return float("nan")


async def one_run(path: Path, goto_line: int, edits: int) -> dict[str, list[float]]:
    probe = Probe()
    client = probe.client
    await client.start_io(sys.executable, "-m", "cellseven_game", "lsp", cwd=str(path.parent))
    await client.initialize_async(
        t.InitializeParams(capabilities=t.ClientCapabilities(), process_id=None)
    )
    client.initialized(t.InitializedParams())
    uri = from_fs_path(str(path.resolve())) or ""
    text = path.read_text(encoding="utf-8")
    rows = text.split("\n")
    good_row = rows[goto_line]
    bad_rows = [*rows]
    bad_rows[goto_line] = good_row.rstrip() + "_typo"
    bad = "\n".join(bad_rows)
    start = time.perf_counter()
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(t.TextDocumentItem(uri, "yaml", 1, text))
    )
    first = await probe.wait(uri, start, False)
    change: list[float] = []
    for n in range(edits):
        broken = n % 2 == 0
        sent = time.perf_counter()
        client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                t.VersionedTextDocumentIdentifier(version=n + 2, uri=uri),
                [t.TextDocumentContentChangeWholeDocument(text=bad if broken else text)],
            )
        )
        change.append(await probe.wait(uri, sent, broken))
    if edits % 2:  # leave the buffer as it is on disk before completing
        client.text_document_did_change(
            t.DidChangeTextDocumentParams(
                t.VersionedTextDocumentIdentifier(version=edits + 2, uri=uri),
                [t.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        await probe.wait(uri, time.perf_counter(), False)
    complete: list[float] = []
    column = len(good_row)
    for _ in range(edits):
        sent = time.perf_counter()
        answer = await client.text_document_completion_async(
            t.CompletionParams(t.TextDocumentIdentifier(uri), t.Position(goto_line, column))
        )
        complete.append(time.perf_counter() - sent)
        assert answer is not None and len(answer.items if hasattr(answer, "items") else answer)
    assert client._server is not None
    memory = _memory(client._server.pid)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {"first": [first], "change": change, "complete": complete, "memory": [memory]}


def _goto_line(path: Path) -> int:
    rows = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, row in enumerate(rows) if row.strip().startswith("goto:"))


def figures(name: str, path: Path, edits: int, runs: int) -> None:
    line = _goto_line(path)
    results = [asyncio.run(one_run(path, line, edits)) for _ in range(runs)]

    def show(key: str, scale: float, unit: str) -> str:
        medians = [statistics.median(r[key]) * scale for r in results]
        low, high = min(medians), max(medians)
        return f"{statistics.median(medians):.0f} {unit} (runs {low:.0f}-{high:.0f})"

    print(f"{name}:")
    print(f"  first diagnostics after open: {show('first', 1000, 'ms')}")
    print(f"  diagnostics after a change:   {show('change', 1000, 'ms')}")
    print(f"  completion at a goto:         {show('complete', 1000, 'ms')}")
    print(f"  server peak memory:           {show('memory', 1, 'MiB')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenes", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from cellseven_game.paths import bundled_story

    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled"
        shutil.copytree(bundled_story(), bundled)
        figures("bundled pack", bundled / "chapters" / "market.yaml", args.edits, args.runs)
        big = write_pack(Path(tmp) / "big", scenes=args.scenes)
        figures(f"{args.scenes} scenes", big / "ch025.yaml", args.edits, args.runs)


if __name__ == "__main__":
    main()
