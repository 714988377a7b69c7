"""Finding chapters by what a person types: an id or a title, whole or a unique prefix."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from cellseven_game.engine.core.failures import UsageError

if TYPE_CHECKING:
    from cellseven_game.engine.core.model import Scene, Story


_ARTICLES = ("the ", "a ", "an ")


def _spoken(name: str) -> str:
    """A title or name as people say it: lower case, single spaces, no leading article."""
    words = " ".join(name.lower().split())
    for article in _ARTICLES:
        if words.startswith(article) and len(words) > len(article):
            return words[len(article) :]
    return words


def find_chapter(story: Story, name: str) -> str:
    """A chapter id from what a person types: its number (as `cellseven chapters` shows
    it), its id, or its title with or without a leading article; case-insensitive, and a
    unique prefix of an id or title is enough. Anything else is a UsageError."""
    order = [c for c in story.chapter_order if c in story.chapters]
    wanted = " ".join(name.split()).lower()
    if not wanted:
        raise UsageError("give a chapter's name, number or id (`cellseven chapters` lists them)")
    if wanted.isdecimal() and len(wanted) <= 6:
        number = int(wanted)
        if 1 <= number <= len(order):
            return order[number - 1]
        raise UsageError(
            f"there is no chapter {number}: the chapters are numbered 1 to {len(order)}"
        )
    by_id = {c.id.lower(): c.id for c in story.chapters.values()}
    by_title = {c.title.lower(): c.id for c in story.chapters.values()}
    by_spoken = {_spoken(c.title): c.id for c in story.chapters.values()}
    for table, key in ((by_id, wanted), (by_title, wanted), (by_spoken, _spoken(wanted))):
        if key in table:
            return table[key]
    spoken = _spoken(wanted)
    prefixed = {
        cid
        for key, cid in [*by_id.items(), *by_title.items(), *by_spoken.items()]
        if key.startswith(wanted) or key.startswith(spoken)
    }
    if len(prefixed) == 1:
        return prefixed.pop()
    import difflib  # start-up: only the error message needs it

    def shown(cid: str) -> str:
        return f"{story.chapters[cid].title} ({cid})"

    listing = ", ".join(f"{n}. {shown(c)}" for n, c in enumerate(order, 1))
    if len(prefixed) > 1:
        some = ", ".join(shown(c) for c in order if c in prefixed)
        raise UsageError(f"chapter {name!r} could be any of: {some}; type more of it")
    close = difflib.get_close_matches(spoken, [*by_id, *by_spoken], n=1, cutoff=0.5)
    hint = ""
    if close:
        match = by_id.get(close[0]) or by_spoken[close[0]]
        hint = f" Did you mean {shown(match)}?"
    raise UsageError(f"no chapter {name!r}.{hint} The chapters are: {listing}")


def open_in_game(chapter_id: str, unlocked: Collection[str]) -> bool:
    """The one rule for chapters in the game's own lists (the chapters screen and the
    command palette): a chapter is shown and opened only once the player has reached it.
    The command line (`--chapter`) may replay any chapter; its help says so."""
    return chapter_id in unlocked


def frame_period(story: Story) -> str:
    """The year of the frame story: the period of the story's first chapter."""
    return story.chapters[story.start].period


def is_memory(story: Story, chapter_id: str) -> bool:
    """A memory is a chapter set in another year than the story's first (the frame story)."""
    return story.chapters[chapter_id].period != frame_period(story)


def scene_period(story: Story, scene: Scene) -> str:
    """The year a scene is set in: its own `period`, else its chapter's.

    Memory chapters open and close in the frame story (a witness on the stand); those
    scenes say `period: "2013"`.
    """
    return scene.period or story.chapters[scene.chapter].period


def scene_is_memory(story: Story, scene: Scene) -> bool:
    return scene_period(story, scene) != frame_period(story)


def chapter_number(story: Story, chapter_id: str) -> int:
    """1-based position in the story's chapter order (0 when the order does not list it)."""
    order = story.chapter_order
    return order.index(chapter_id) + 1 if chapter_id in order else 0
