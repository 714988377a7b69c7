"""The packs an editor has open: their files as last read, the checker's problems, the ids.

Nothing here knows the protocol. A check reads each file from the editor's unsaved buffer
when it has one, else from disk, and reuses the parsed nodes of every file whose text (or
size and time on disk) has not changed, so an edit re-parses one file, not the pack.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cellseven_game.engine.compile.loader import CheckResult, check_pack
from cellseven_game.engine.compile.yamlnodes import Node, parse, read_text
from cellseven_game.engine.core.errors import Problem
from cellseven_game.lsp.index import index_file
from cellseven_game.lsp.spans import Entry, FileIndex


def find_pack(path: Path) -> Path | None:
    """The folder holding story.yaml, looking from the file's folder upward."""
    for folder in path.parents:
        if (folder / "story.yaml").is_file():
            return folder
    return None


@dataclass(slots=True)
class Parsed:
    """One file as last read: the key it was read under, its text, nodes and problems."""

    key: object  # (mtime_ns, size) on disk, or the buffer's text
    text: str
    root: Node | None
    problems: list[Problem]
    _index: FileIndex | None = None
    shown: str = ""

    @property
    def index(self) -> FileIndex:
        if self._index is None:  # built on first use: a check alone never needs it
            self._index = index_file(self.shown, self.text, self.root)
        return self._index


@dataclass(slots=True)
class Pack:
    root: Path
    files: dict[Path, Parsed] = field(default_factory=dict)  # as of the last check
    result: CheckResult | None = None
    _defs: dict[tuple[str, str], list[Entry]] | None = None

    def check(self, buffers: Mapping[Path, str]) -> CheckResult:
        """Check the pack from `buffers` (unsaved texts by resolved path) and the disk."""
        old, new = self.files, {}

        def source(path: Path, shown: str, problems: list[Problem]) -> Node | None:
            real = path.resolve()
            text = buffers.get(real)
            key: object
            if text is not None:
                key = text
            else:
                try:
                    info = os.stat(path)
                    key = (info.st_mtime_ns, info.st_size)
                except OSError:
                    key = None
            cached = old.get(real)
            if cached is None or cached.key != key or cached.shown != shown or key is None:
                found: list[Problem] = []
                if text is None:
                    text = read_text(path, shown, found) or ""
                    root = parse(text, shown, found) if not found else None
                else:
                    root = parse(text, shown, found)
                cached = Parsed(key, text, root, found, shown=shown)
            new[real] = cached
            problems.extend(cached.problems)
            return cached.root

        result = check_pack(self.root, source=source)
        # Keep the problems, not the story: the index answers every question about ids.
        self.files, self._defs = new, None
        self.result = CheckResult(None, result.problems, result.files)
        return result

    # -- lookups (on the files of the last check) ---------------------------------------

    def parsed(self, path: Path) -> Parsed | None:
        return self.files.get(path.resolve())

    def entries(self) -> Iterator[Entry]:
        for parsed in list(self.files.values()):
            yield from parsed.index.entries

    def definitions(self) -> dict[tuple[str, str], list[Entry]]:
        if self._defs is None:
            defs: dict[tuple[str, str], list[Entry]] = {}
            for entry in self.entries():
                if entry.defines:
                    defs.setdefault((entry.kind, entry.ident), []).append(entry)
            self._defs = defs
        return self._defs

    def of_kind(self, kind: str) -> list[Entry]:
        return [entries[0] for (k, _), entries in self.definitions().items() if k == kind]

    def uses(self, kind: str, ident: str) -> list[Entry]:
        return [e for e in self.entries() if e.kind == kind and e.ident == ident]

    def text_of(self, shown: str) -> str | None:
        """The text a problem's path was read from (buffer or disk), when it was read."""
        for parsed in self.files.values():
            if parsed.shown == shown:
                return parsed.text
        return None

    def story_file(self) -> Parsed | None:
        return self.parsed(self.root / "story.yaml")


def shown_path(shown: str) -> Path:
    """The absolute path behind a problem's shown path (relative to the working folder)."""
    return (Path.cwd() / shown).resolve()
