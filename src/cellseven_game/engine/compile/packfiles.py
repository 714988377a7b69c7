"""Which files make a story pack: the folder walk, its limits, and how paths are shown.

Kept apart from the loader so that `validate` with a valid cache can list and stamp a pack
without importing the model builder at all; the diagnostics registry and the model are
imported only when the walk has something to report.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cellseven_game.engine.core.failures import UsageError

if TYPE_CHECKING:
    from cellseven_game.engine.core.errors import Diagnostic, Problem
    from cellseven_game.engine.core.model import Where

# imports inside functions: start-up — the registry and the model (~15 ms) only when the
# walk finds something to report.

MAX_FILES = 50_000  # a file a scene stays within this at 20,000 scenes and more
MAX_FOLDER_DEPTH = 32  # sub-folders deeper than this are not read (and that is said)
MAX_FILE_BYTES = 8 * 1024 * 1024  # a story file larger than this is refused unread


class Reporter(Protocol):
    def say(
        self, at: Where, diagnostic: Diagnostic, form: str = "", /, **fields: object
    ) -> None: ...


class Problems:
    """A Reporter that only collects (what the listing found, without a Reader)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def say(self, at: Where, diagnostic: Diagnostic, form: str = "", /, **fields: object) -> None:
        self.problems.append(diagnostic.at(at.path, at.line, at.col, form, **fields))


def check_root(root: Path) -> Problem | None:
    """UsageError when `root` is not a folder; the problem when it holds no story.yaml."""
    if not root.exists():
        raise UsageError(f"{root}: no such folder; give the path of a story pack")
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder; give the folder that holds story.yaml")
    story_file = root / "story.yaml"
    if not story_file.exists() and not story_file.is_symlink():
        # Said before walking anything: `validate /` must not read the whole disk first.
        return diagnostics.MISSING_KEY.at(shown_path(story_file), 0, 0, "no_story_file")
    return None


def shown_path(path: Path) -> str:
    """A path as problems show it: relative to the working folder when inside it.

    Said by comparing text, once a file: `Path.relative_to(Path.cwd())` builds two paths and
    was 6% of a cold `validate` of a pack of 10,000 one-scene files.
    """
    text = os.fspath(path)
    try:
        cwd = os.getcwd()
    except OSError:  # the working folder was deleted
        return text
    if text == cwd:
        return "."
    inside = cwd if cwd.endswith(os.sep) else cwd + os.sep
    if text.startswith(inside):
        return text[len(inside) :]
    if os.name == "nt":  # names there match in any case, as `relative_to` knows
        try:
            return str(path.relative_to(cwd))
        except ValueError:
            pass
    return text


class _Registry:
    """The diagnostics registry, imported the first time the walk has something to say."""

    def __getattr__(self, name: str) -> Diagnostic:
        from cellseven_game.engine.core import diagnostics as registry  # start-up: see above

        entry: Diagnostic = getattr(registry, name)
        return entry


diagnostics = _Registry()


def _report(
    reader: Reporter, shown: str, diagnostic: Diagnostic, form: str = "", /, **fields: object
) -> None:
    """Say `diagnostic` about the path shown as `shown`."""
    from cellseven_game.engine.core.model import Where  # start-up: see above

    reader.say(Where(shown, 0, 0), diagnostic, form, **fields)


def pack_files(root: Path, reader: Reporter) -> list[Path]:
    """Every *.yaml / *.yml file under root, sorted; links leading out are refused unread.

    Folders are read with `os.scandir`, whose entries know their own kind: a file or folder
    that is not a link costs no `stat` of its own (three per file, with `os.walk` and
    `Path`, were a third of a cold `validate`'s listing of a pack of a thousand files).
    """
    real_root = root.resolve()
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        where = shown_path(Path(exc.filename)) if exc.filename else str(root)
        _report(reader, where, diagnostics.UNREADABLE, "folder_access", reason=exc.strerror)

    def visit(folder: str, folder_path: Path, depth: int) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            unreadable(exc)
            return
        dirs: list[os.DirEntry[str]] = []
        files: list[os.DirEntry[str]] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # through a link, as os.walk sorts them
            except OSError:
                is_dir = False
            (dirs if is_dir else files).append(entry)
        dirs = sorted(
            (d for d in dirs if not d.name.startswith(".") and d.name != "__pycache__"),
            key=lambda d: d.name,
        )
        if dirs and depth >= MAX_FOLDER_DEPTH:
            shown = shown_path(Path(folder))
            limit = MAX_FOLDER_DEPTH
            _report(reader, shown, diagnostics.UNREADABLE, "folders_too_deep", limit=limit)
            dirs = []
        for entry in [d for d in dirs if d.is_symlink()]:
            dirs.remove(entry)  # never followed: a link may lead out of the pack or round a loop
            _report(reader, shown_path(Path(entry.path)), diagnostics.NOT_READ, "folder_link")
        for entry in sorted(files, key=lambda f: f.name):
            name = entry.name
            if not name.endswith((".yaml", ".yml")):
                continue
            path = folder_path / name  # (half the cost of parsing the whole path again)
            if entry.is_symlink():
                try:
                    target = path.resolve()
                except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError on a loop
                    _report(reader, shown_path(path), diagnostics.UNREADABLE, "link_loop")
                    continue
                if not target.is_relative_to(real_root):
                    _report(reader, shown_path(path), diagnostics.UNREADABLE, "link_outside")
                    continue
            try:
                regular = entry.is_file()  # through a link to its target
            except OSError:
                regular = False
            if not regular:
                if not name.startswith("."):  # editors' lock files are dangling links
                    _report(reader, shown_path(path), diagnostics.NOT_READ, "not_regular")
                continue
            found.append(path)
        for entry in dirs:
            if entry.name.endswith((".yaml", ".yml")):
                _report(reader, shown_path(Path(entry.path)), diagnostics.NOT_READ)
        for entry in dirs:
            visit(entry.path, folder_path / entry.name, depth + 1)

    visit(os.fspath(root), root, 0)
    if len(found) > MAX_FILES:
        shown, count, limit = str(root), len(found), MAX_FILES
        _report(reader, shown, diagnostics.UNREADABLE, "too_many_files", count=count, limit=limit)
        return found[:MAX_FILES]
    return found
