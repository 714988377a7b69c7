"""What changes during play: one `State`, and the `Origin` every replay of it starts from.

A state records its steps as (scene, choice id) and where it began. Undo, loading a save
onto an edited story, `play --dev` reloads and playthroughs all re-play those steps from
that origin (see replay.py), so the origin is part of the state and is saved with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cellseven_game.engine.core.errors import CellsevenError, UsageError
from cellseven_game.engine.core.model import Choice, Story, Value
from cellseven_game.engine.core.trial_model import Progress

Status = Literal["playing", "ended", "chapter_end", "stuck"]
Step = tuple[str, str | None]  # (scene, choice id, a trial move, or None for Continue)


class ChoiceError(CellsevenError):
    """The player asked for a choice that is not there or not available: `refusal` names
    its wording in the registry (diagnostics_play.REFUSED), `fields` fill it in."""

    title = "No such choice"

    def __init__(self, refusal: str, /, **fields: object) -> None:
        # imports inside functions: start-up — the registry is read only when a step is refused.
        from cellseven_game.engine.core.diagnostics_play import REFUSED

        super().__init__(REFUSED[refusal].template.format(**fields))
        self.refusal = refusal
        self.fields = fields

    def without_scene(self) -> str:
        """The words for a report that names the scene itself (CS403 "refused")."""
        from cellseven_game.engine.core.diagnostics_play import REFUSED  # start-up, as above

        here = REFUSED.get(f"{self.refusal}_here")
        return self.message if here is None else here.template.format(**self.fields)


@dataclass(frozen=True, slots=True)
class Kept:
    """What a save brought onto a changed story kept, on top of a chapter's entry state."""

    variables: tuple[tuple[str, Value], ...] = ()
    evidence: tuple[str, ...] = ()
    met: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    visits: tuple[tuple[str, int], ...] = ()
    taken: tuple[str, ...] = ()
    trail: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a play began; replaying its steps from here gives back the state exactly.

    - a new game: `Origin()` (the story's first scene, its declared variables);
    - a chapter replayed by name: `chapter` and `entry` both that chapter;
    - `play --dev` jumping to a scene: `scene`, in its chapter (`chapter`, `entry`);
    - a save brought back to a chapter's start on an edited story: `entry` and `kept`.
    """

    scene: str | None = None  # the scene entered first; None: `entry`'s start, or the story's
    chapter: str | None = None  # replayed by name: play ends at this chapter's edge
    entry: str | None = None  # the chapter whose `entry:` state play began with
    kept: Kept | None = None

    def first_scene(self, story: Story) -> str:
        if self.scene is not None:
            return story.renamed.get(self.scene, self.scene)
        if self.entry is not None:
            return story.chapters[self.entry].start
        return story.first_scene()

    def problem(self, story: Story) -> str | None:
        """Why this origin no longer exists in `story` (None: it does)."""
        gone = [c for c in (self.chapter, self.entry) if c is not None and c not in story.chapters]
        lost = self.scene is not None and self.first_scene(story) not in story.scenes
        if not gone and not lost:
            return None
        # imports inside functions: start-up — the registry is read only when one is gone.
        from cellseven_game.engine.core.diagnostics_play import diverged

        if gone:
            return diverged("chapter_gone", chapter=gone[0])
        return diverged("jump_gone", scene=self.scene)


@dataclass
class State:
    """Everything that changes during play, and nothing else."""

    scene: str
    variables: dict[str, Value]
    visits: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, None] = field(default_factory=dict)  # dicts keep the order found
    met: dict[str, None] = field(default_factory=dict)
    facts: dict[str, None] = field(default_factory=dict)  # "character.fact"
    taken: set[str] = field(default_factory=set)  # "scene/choice" of once-only choices taken
    steps: list[Step] = field(default_factory=list)
    trail: list[str] = field(default_factory=list)  # scenes entered, in order
    status: Status = "playing"
    ending: str | None = None
    chapter: str | None = None  # set when a chapter is replayed by name
    trial: Progress | None = None  # where the trial stands (and its ruling, once made)
    # Text variations: place key -> [times shown, alternative shown]; see template.py.
    variations: dict[str, list[int]] = field(default_factory=dict)
    seed: int = 0  # the game's seed: what a shuffle variation picks (saved, so replays agree)
    origin: Origin = Origin()  # where `steps` start from


@dataclass(frozen=True, slots=True)
class Option:
    """A choice as the player sees it; `number` is what they press."""

    number: int
    label: str
    choice: Choice | None  # None: "Continue" to the scene's `next`
    enabled: bool = True


def before(story: Story, origin: Origin, seed: int = 0) -> State:
    """The state just before entering `origin`'s first scene (its `scene` is still "")."""
    state = State(scene="", variables=dict(story.variables), seed=seed, origin=origin)
    state.chapter = origin.chapter
    if origin.entry is not None:
        entry = story.chapters[origin.entry].entry
        state.variables.update(entry.variables)
        state.evidence.update(dict.fromkeys(entry.evidence))
        state.met.update(dict.fromkeys(entry.met))
        for fact in entry.facts:
            state.facts[fact] = None
            state.met[fact.partition(".")[0]] = None
        for scene in entry.visited:
            state.visits[scene] = state.visits.get(scene, 0) + 1
    kept = origin.kept
    if kept is not None:
        state.variables.update(kept.variables)
        state.evidence.update(dict.fromkeys(kept.evidence))
        state.met.update(dict.fromkeys(kept.met))
        state.facts.update(dict.fromkeys(kept.facts))
        for scene, count in kept.visits:
            state.visits[scene] = max(state.visits.get(scene, 0), count)
        state.taken = set(kept.taken)
        state.trail = list(kept.trail)
    return state


def initial_state(story: Story, chapter: str | None = None, seed: int = 0) -> State:
    """The state at the start of the story, or on arriving at `chapter` replayed by name
    (before the first scene's own effects: the runtime enters it)."""
    if chapter is not None and chapter not in story.chapters:
        raise UsageError(f"no chapter `{chapter}` in this story")
    origin = Origin(chapter=chapter, entry=chapter)
    state = before(story, origin, seed)
    state.scene = origin.first_scene(story)
    return state
