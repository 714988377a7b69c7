"""Saves across story edits: bring a saved state onto the story as it is now.

A save records the story's version (a hash of the scene graph) and every step taken as
(scene, choice id). When the version still matches, the state is restored as saved. When
the story has changed, the steps are re-played against the new graph (scene ids mapped
through the story's `renamed:` first) as far as they still fit; when they stop fitting
before the end, the player goes back to the start of the nearest chapter with the
variables, evidence and people met kept. Whatever happened is said in one line.

Only a save whose data is damaged raises (SaveError): a story edit never does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from cellseven_game.engine.core.errors import CellsevenError, SaveError
from cellseven_game.engine.core.model import Story, Value
from cellseven_game.engine.play.replay import replay, start
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.snapshot import origin_from, state_from_snapshot
from cellseven_game.engine.play.state import Kept, Origin, State

# same: the story did not change. replayed: every step fits the new graph. moved: every
# step fits but the last leads elsewhere now. partial: the first steps fit and the player
# stands where they stop fitting. chapter: back to the start of the nearest chapter.
Kind = Literal["same", "replayed", "moved", "partial", "chapter"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What loading a save onto the current story gave."""

    runtime: Runtime
    kind: Kind
    note: str  # one line for the player; "" when nothing changed
    reason: str = ""  # why an exact replay failed ("" when it did not)

    @property
    def broken(self) -> bool:
        """Whether the story edit loses the player's exact place."""
        return self.kind in ("moved", "partial", "chapter")


@dataclass(frozen=True, slots=True)
class _Saved:
    """The parts of a snapshot the migration needs, checked."""

    state: State  # validated; its scene, chapter and origin may be stand-ins (see _read)
    scene: str  # as saved, renames applied
    chapter: str | None  # the chapter replayed by name, as saved
    origin: Origin  # where the saved play began, as saved
    version: str


def migrate(story: Story, data: object, saved_chapter: str | None = None) -> Outcome:
    """A runtime on `story` for snapshot `data`; SaveError only when `data` is damaged.

    `saved_chapter` is the chapter the save was in (from the save's envelope), used when
    nothing else about where the player stood survives the edit.
    """
    saved = _read(story, data)
    if saved.version == story.version and saved.scene in story.scenes:
        try:
            return Outcome(Runtime.restore(story, data), "same", "")
        except SaveError:
            pass  # the graph hash matched but the state does not fit: treat as changed
    steps = saved.state.steps
    origin = saved.origin if saved.origin.problem(story) is None else Origin()
    result = replay(story, origin, steps, saved.state.seed)
    runtime, fitted = result.runtime, result.taken
    reason = result.divergence.for_player if result.divergence is not None else ""
    fallback_chapter = _nearest_chapter(story, saved, saved_chapter)
    order = story.chapter_order
    here = runtime.state.scene
    if fitted == len(steps) and runtime.state.scene == saved.scene:
        return Outcome(
            runtime,
            "replayed",
            "The story has changed since this save; your steps were re-played on it.",
        )
    # The replay is kept when it gets at least as far as the nearest chapter's start.
    if (fitted > 0 or not steps) and _rank(order, story.scenes[here].chapter) >= _rank(
        order, fallback_chapter
    ):
        where = _scene_name(story, here)
        if fitted == len(steps):
            return Outcome(
                runtime,
                "moved",
                f"The story has changed since this save: your steps now lead to {where}.",
                f"the last step now leads to `{here}`, not `{saved.scene}`",
            )
        return Outcome(
            runtime,
            "partial",
            f"The story has changed since this save ({reason}); "
            f"you are back at {where}, {len(steps) - fitted} step(s) earlier.",
            reason,
        )
    if not reason:
        reason = f"the saved scene `{saved.scene}` is not where the steps lead any more"
        if saved.scene not in story.scenes:
            reason = f"scene `{saved.scene}` is gone"
    resumed = _chapter_start(story, saved, fallback_chapter)
    title = story.chapters[fallback_chapter].title
    return Outcome(
        resumed,
        "chapter",
        f"The story has changed since this save ({reason}); you are back at the start "
        f"of the chapter “{title}”, with what you had found kept.",
        reason,
    )


def _read(story: Story, data: object) -> _Saved:
    """Check the snapshot's shape; its scene and chapter need not exist in `story`."""
    if not isinstance(data, dict):
        raise SaveError("this save is damaged: it is not a JSON object")
    scene, chapter = data.get("scene"), data.get("chapter")
    if not isinstance(scene, str):
        raise SaveError("this save is damaged: no scene")
    if chapter is not None and not isinstance(chapter, str):
        raise SaveError("this save is damaged: bad chapter")
    version = data.get("story_version", "")
    origin = origin_from(data)
    # Validate every other field with the runtime's own checks, standing in for the three
    # fields a story edit may have removed.
    stand_in = dict(data)
    stand_in["scene"] = story.first_scene()
    stand_in["chapter"] = chapter if chapter in story.chapters else None
    stand_in["version"] = 2
    stand_in["origin"] = {"scene": None, "chapter": None, "entry": None, "kept": None}
    state = state_from_snapshot(story, stand_in)
    return _Saved(
        state=state,
        scene=story.renamed.get(scene, scene),
        chapter=chapter,
        origin=origin,
        version=version if isinstance(version, str) else "",
    )


def _rank(order: tuple[str, ...], chapter: str) -> int:
    return order.index(chapter) if chapter in order else -1


def _nearest_chapter(story: Story, saved: _Saved, saved_chapter: str | None) -> str:
    """The chapter of the saved scene, else of the last scene passed that still exists,
    else the chapter the save says it was in, else where the story starts."""
    if saved.scene in story.scenes:
        return story.scenes[saved.scene].chapter
    for scene in reversed(saved.state.trail):
        scene = story.renamed.get(scene, scene)
        if scene in story.scenes:
            return story.scenes[scene].chapter
    for chapter in (saved.chapter, saved_chapter):
        if chapter is not None and chapter in story.chapters:
            return chapter
    return story.start


def _chapter_start(story: Story, saved: _Saved, chapter: str) -> Runtime:
    """The start of `chapter` with what the player had gathered kept (when it still exists).

    That start becomes the state's origin: undo goes back to it, never past it.
    """
    old = saved.state
    entry = initial_state_values(story, chapter)
    variables = tuple(
        (name, value)
        for name, value in old.variables.items()
        if name in story.variables and _same_type(story.variables[name], value)
    )
    facts = []
    for fact in old.facts:
        character, _, fact_id = fact.partition(".")
        found = story.characters.get(character)
        if found is not None and found.fact(fact_id) is not None:
            facts.append(fact)
    visits: dict[str, int] = {}
    for scene, count in old.visits.items():
        scene = story.renamed.get(scene, scene)
        if scene in story.scenes:
            visits[scene] = max(visits.get(scene, 0), count)
    # Once-only choices taken in this chapter or later are open again: it is played anew.
    order, rank = story.chapter_order, _rank(story.chapter_order, chapter)
    kept = Kept(
        variables=tuple((n, v) for n, v in variables if entry.get(n) != v or n not in entry),
        evidence=tuple(e for e in old.evidence if e in story.evidence),
        met=tuple(c for c in old.met if c in story.characters),
        facts=tuple(facts),
        visits=tuple(visits.items()),
        taken=tuple(
            sorted(
                t
                for t in old.taken
                if (scene := t.partition("/")[0]) in story.scenes
                and _rank(order, story.scenes[scene].chapter) < rank
            )
        ),
        trail=tuple(s for s in (story.renamed.get(t, t) for t in old.trail) if s in story.scenes),
    )
    # A chapter replayed by name stays one; the whole story goes on past the chapter's edge.
    replayed = chapter if saved.chapter == chapter else None
    return start(story, Origin(chapter=replayed, entry=chapter, kept=kept), old.seed)


def initial_state_values(story: Story, chapter: str) -> dict[str, Value]:
    """The variables a chapter's entry state has (the story's, then the entry's `set`)."""
    values = dict(story.variables)
    values.update(story.chapters[chapter].entry.variables)
    return values


def _same_type(default: Value, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float)
    return isinstance(value, str)


def _scene_name(story: Story, scene_id: str) -> str:
    scene = story.scenes[scene_id]
    chapter = story.chapters[scene.chapter].title
    return f"“{chapter}” ({scene_id})"


def check(story: Story, data: object, saved_chapter: str | None = None) -> Outcome:
    """Like `migrate`, for `saves --check`: any engine error is a damaged save, never a crash."""
    try:
        return migrate(story, data, saved_chapter)
    except SaveError:
        raise
    except CellsevenError as exc:
        raise SaveError(f"this save cannot be brought onto the story: {exc.message}") from None
