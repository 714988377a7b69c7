"""What `validate` reports: the problems and a few counts, from the cache when nothing changed.

`validate` needs no story model, so an unchanged pack is answered from a small cache record
of its own without importing the loader or the model: listing the files and one `stat` of
each (stamp.py) is then nearly all the work. Decoding the whole story for a few counts cost
more than everything else a warm `validate` does, so the summary is kept in a file of its
own, under a key of its own, and checked exactly like the story cache (cache.py). Any
change to any file, or any doubt about the cache, means the full load and checks of
`loader.check_pack`.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import TYPE_CHECKING

import cellseven_game
from cellseven_game.engine.compile import stamp
from cellseven_game.engine.compile.packfiles import Problems, check_root, pack_files
from cellseven_game.engine.compile.sealed import cache_file, read_sealed, write_sealed
from cellseven_game.engine.core.failures import ProblemList

if TYPE_CHECKING:
    from cellseven_game.engine.core.errors import Problem

# imports inside functions: start-up — a warm `validate` of a clean pack needs neither the
# loader, nor the diagnostics registry, nor even `dataclasses` (~10 ms, errors.py).

SUMMARY_FORMAT = 2  # the layout of the record below; the engine's version is in the salt too


def salt() -> str:
    """What made a summary: a summary written by another version of the engine is not used."""
    return f"summary:{SUMMARY_FORMAT}:{cellseven_game.__version__}"


class Summary(ProblemList):
    """What `validate` prints (a plain class: see the imports above)."""

    __slots__ = ("canon_beats", "canon_covered", "chapters", "problems", "scenes", "title")

    def __init__(
        self,
        problems: list[Problem],
        title: str | None,  # None when the story could not be built (it has errors)
        chapters: int = 0,
        scenes: int = 0,
        canon_beats: int = 0,
        canon_covered: int = 0,
    ) -> None:
        self.problems, self.title = problems, title
        self.chapters, self.scenes = chapters, scenes
        self.canon_beats, self.canon_covered = canon_beats, canon_covered


def summarize(root: Path | str) -> Summary:
    """The problems and counts of the pack at `root` (UsageError when it is no folder)."""
    root = Path(root)
    refused = check_root(root)
    if refused is not None:
        return Summary([refused], None)
    listing = Problems()
    files = pack_files(root, listing)
    # the key is taken before any file is read (see cache.write)
    key = stamp.take(root, files, salt()) if not listing.problems else None
    if key is not None:
        hit = read_cached(root, key, files)
        if hit is not None:
            return hit
    # start-up: a warm `validate` is answered above without ever importing these two
    from cellseven_game.engine.compile.graph_checks import canon_report
    from cellseven_game.engine.compile.loader import check_pack

    listed = files if not listing.problems else None  # then not listed again
    stamped = key[2] if key is not None else None
    # (`play` stores the story; `validate` keeps only its summary)
    result = check_pack(root, use_cache=True, store=False, listed=listed, stamped=stamped)
    story = result.story
    if story is None:
        return Summary(result.problems, None)
    canon = canon_report(story)
    found = Summary(
        result.problems,
        story.title,
        len(story.chapters),
        len(story.scenes),
        canon["beats"],
        canon["covered"],
    )
    if key is not None:
        extra = [Path(story.canon.path)] if story.canon else []
        write_cached(root, key, extra, found)
    return found


def _summary_file(root: Path) -> Path:
    return cache_file(root, ".summary.marshal")


def read_cached(root: Path, key: stamp.Key, files: list[Path]) -> Summary | None:
    """The cached summary when nothing it depends on has changed, else None."""
    try:
        body = read_sealed(_summary_file(root))
        if body is None:
            return None
        stored, (extra, extra_stamps), problems, title, *counts = marshal.loads(body)
        if not stamp.holds(stored, key, files):
            return None
        if not stamp.unchanged(extra_stamps, [Path(p) for p in extra]):
            return None
        if (
            not isinstance(title, str)
            or len(counts) != 4
            or any(type(n) is not int for n in counts)
        ):
            return None
        # Rows written from problems the loader made (codes from the registry), restored as
        # they were.
        if not problems:
            return Summary([], title, *counts)
        from cellseven_game.engine.core.diagnostics import CODES  # start-up: see above
        from cellseven_game.engine.core.errors import Problem

        found = [Problem(*row) for row in problems]
        if any(p.code not in CODES for p in found):
            return None  # a code the registry no longer has: written by another version
        return Summary(found, title, *counts)
    except Exception:  # any fault in a cache only means: load the pack again
        return None


def write_cached(root: Path, key: stamp.Key, extra: list[Path], summary: Summary) -> None:
    """Store the summary atomically; `key` taken before the pack was read (see cache.write)."""
    try:
        rows = [(p.path, p.line, p.col, p.severity, p.code, p.message) for p in summary.problems]
        names = [str(p.resolve()) for p in extra]
        body = marshal.dumps(
            (
                key,
                (names, stamp.stamps(names)),
                rows,
                summary.title,
                summary.chapters,
                summary.scenes,
                summary.canon_beats,
                summary.canon_covered,
            )
        )
    except (OSError, TypeError, ValueError):
        return  # failing to cache is never an error
    write_sealed(_summary_file(root), [body])
