"""Finding chapters by what a person types: an id or a title, whole or a unique prefix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cellseven_game.engine.errors import UsageError

if TYPE_CHECKING:
    from cellseven_game.engine.model import Scene, Story


def find_chapter(story: Story, name: str) -> str:
    """A chapter id from its id or title: case-insensitive, a unique prefix is enough."""
    wanted = name.strip().lower()
    by_id = {c.id.lower(): c.id for c in story.chapters.values()}
    by_title = {c.title.lower(): c.id for c in story.chapters.values()}
    if wanted in by_id:
        return by_id[wanted]
    if wanted in by_title:
        return by_title[wanted]
    prefixed = {
        cid for key, cid in [*by_id.items(), *by_title.items()] if wanted and key.startswith(wanted)
    }
    if len(prefixed) == 1:
        return prefixed.pop()
    import difflib  # only for the error message

    listing = ", ".join(f"{c} ({story.chapters[c].title})" for c in story.chapter_order)
    if len(prefixed) > 1:
        raise UsageError(
            f"chapter {name!r} could be any of: {', '.join(sorted(prefixed))}; type more of it"
        )
    close = difflib.get_close_matches(wanted, [*by_id, *by_title], n=1, cutoff=0.5)
    hint = ""
    if close:
        match = by_id.get(close[0]) or by_title[close[0]]
        hint = f" Did you mean `{match}`?"
    raise UsageError(f"no chapter {name!r}.{hint} The chapters are: {listing}")


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
