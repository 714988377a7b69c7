"""What `validate` reports: the problems and a few counts, from the cache when nothing changed.

`validate` needs no story model, so an unchanged pack is answered from a small cache record
of its own without importing the loader: listing and hashing the files is then nearly all
the work. Decoding the whole story for a few counts cost more than everything else a warm
`validate` does, so the summary is kept in a file of its own, under a key of its own, and
checked exactly like the story cache (cache.py). Any change to any file, or any doubt about
the cache, means the full load and checks of `loader.check_pack`.
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass
from pathlib import Path

from cellseven_game import __version__
from cellseven_game.engine.compile import cache
from cellseven_game.engine.compile.cache_codec import FORMAT
from cellseven_game.engine.compile.packfiles import Problems, check_root, pack_files
from cellseven_game.engine.core.diagnostics import CODES
from cellseven_game.engine.core.errors import Problem, ProblemList

SUMMARY_SALT = f"summary:{FORMAT}:{__version__}"


@dataclass(frozen=True)
class Summary(ProblemList):
    problems: list[Problem]
    title: str | None  # None when the story could not be built (it has errors)
    chapters: int = 0
    scenes: int = 0
    canon_beats: int = 0
    canon_covered: int = 0


def summarize(root: Path | str) -> Summary:
    """The problems and counts of the pack at `root` (UsageError when it is no folder)."""
    root = Path(root)
    refused = check_root(root)
    if refused is not None:
        return Summary([refused], None)
    listing = Problems()
    files = pack_files(root, listing)
    # the key is taken before any file is read (see cache.write)
    key = cache.fingerprint(root, files, SUMMARY_SALT) if not listing.problems else ""
    if key:
        hit = read_cached(root, key)
        if hit is not None:
            return hit
    # start-up: a warm `validate` is answered above without ever importing these two
    from cellseven_game.engine.compile.graph_checks import canon_report
    from cellseven_game.engine.compile.loader import check_pack

    result = check_pack(root, use_cache=True, store=False)  # play stores the story
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
    if key:
        extra = [Path(story.canon.path)] if story.canon else []
        write_cached(root, key, extra, found)
    return found


def _summary_file(root: Path) -> Path:
    return cache.cache_file(root).with_suffix(".summary.marshal")


def read_cached(root: Path, key: str) -> Summary | None:
    """The cached summary when nothing it depends on has changed, else None."""
    try:
        body = cache.read_sealed(_summary_file(root))
        if body is None:
            return None
        stored, extra, problems, title, chapters, scenes, beats, covered = marshal.loads(body)
        if stored != cache.with_extra(key, [Path(p) for p in extra]):
            return None
        # Rows written from problems the loader made (codes from the registry), restored as
        # they were.
        found = [Problem(*row) for row in problems]
        if any(p.code not in CODES for p in found):
            return None  # a code the registry no longer has: written by another version
        counts = (chapters, scenes, beats, covered)
        if not isinstance(title, str) or not all(type(n) is int for n in counts):
            return None
        return Summary(found, title, chapters, scenes, beats, covered)
    except Exception:  # any fault in a cache only means: load the pack again
        return None


def write_cached(root: Path, key: str, extra: list[Path], summary: Summary) -> None:
    """Store the summary atomically; `key` taken before the pack was read (see cache.write)."""
    try:
        rows = [(p.path, p.line, p.col, p.severity, p.code, p.message) for p in summary.problems]
        names = [str(p.resolve()) for p in extra]
        body = marshal.dumps(
            (
                cache.with_extra(key, extra),
                names,
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
    cache.write_sealed(_summary_file(root), [body])
