"""What `validate` reports: the problems and a few counts, from the cache when nothing changed.

`validate` needs no story model, so an unchanged pack is answered from a small cache record
of its own (see cache.py) without importing the loader: listing and hashing the files is
then nearly all the work. Any change to any file, or any doubt about the cache, means the
full load and checks of `loader.check_pack`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cellseven_game.engine.compile import cache
from cellseven_game.engine.compile.packfiles import Problems, check_root, pack_files
from cellseven_game.engine.core.errors import Problem


@dataclass(frozen=True)
class Summary:
    problems: list[Problem]
    title: str | None  # None when the story could not be built (it has errors)
    chapters: int = 0
    scenes: int = 0
    canon_beats: int = 0
    canon_covered: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def summarize(root: Path | str) -> Summary:
    """The problems and counts of the pack at `root` (UsageError when it is no folder)."""
    root = Path(root)
    refused = check_root(root)
    if refused is not None:
        return Summary([refused], None)
    listing = Problems()
    files = pack_files(root, listing)
    key = cache.summary_key(root, files) if not listing.problems else ""  # before any read
    if key:
        hit = cache.read_summary(root, key)
        if hit is not None:
            return Summary(*hit)
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
        cache.write_summary(
            root,
            key,
            extra,
            (
                found.problems,
                story.title,
                found.chapters,
                found.scenes,
                canon["beats"],
                canon["covered"],
            ),
        )
    return found
