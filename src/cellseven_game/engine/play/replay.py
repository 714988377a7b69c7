"""The one replay: take recorded steps from where a play began, and say where they stop fitting.

Undo (in the story and in the trial), loading a save onto an edited story (migrate.py),
`play --dev` reloads (devreload.py) and playthroughs (`cellseven test`) all play through
`replay`. A recorded step names its scene (the story's `renamed:` is applied to it); a
playthrough's pick (a number, a choice id, a trial move or `continue`) is taken wherever
the replay stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from cellseven_game.engine.core.diagnostics_play import diverged, loaded
from cellseven_game.engine.core.model import CONTINUE_STEP, Story
from cellseven_game.engine.core.trial_model import Move
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import ChoiceError, Origin, State, Step, before
from cellseven_game.engine.play.trial_text import in_court

CONTINUE = CONTINUE_STEP  # the pick that takes a scene's Continue (its `next`)
Pick = int | str  # a step as a playthrough writes it: an option number, a choice id, a trial
# move, or `continue`

# Why a replay stopped: where play began is gone; the step's scene is gone; the steps now
# reach another scene; the story (or chapter) ended before it; the Continue, the choice is
# gone; the choice (or trial move) is there but not open now.
Reason = Literal["origin", "scene_gone", "elsewhere", "ended", "no_continue", "gone", "closed"]


@dataclass(frozen=True, slots=True)
class Divergence:
    """The first recorded step that does not fit (`index` counts from 1; 0: the origin)."""

    index: int
    step: Step | None  # as recorded, its scene renamed; None for the origin
    at: str  # the scene the replay stood in
    reason: Reason
    detail: str = ""  # for `origin`: what is gone; for a pick that did not fit: why (its
    # scene is `at`, so the words leave it out: ChoiceError.without_scene)

    @property
    def why(self) -> str:
        """One phrase for an author: what no longer fits (diagnostics_play.DIVERGED)."""
        if self.step is None and self.detail:  # the origin, or a playthrough's pick
            return self.detail
        if self.reason == "origin":
            return self.detail
        scene, choice = self.step if self.step is not None else (self.at, None)
        trial_move = self.reason == "closed" and Move.parse(choice) is not None
        return diverged("closed_trial" if trial_move else self.reason, scene=scene, choice=choice)

    @property
    def for_player(self) -> str:
        """One phrase for a player loading a save: what changed, and at which step."""
        if self.reason == "origin":
            return self.detail
        scene, choice = self.step if self.step is not None else (self.at, None)
        form = "closed_continue" if self.reason == "closed" and choice is None else self.reason
        return loaded(form, index=self.index, scene=scene, choice=choice, at=self.at)

    def __str__(self) -> str:
        if self.index == 0:
            return self.why
        return diverged("at_step", index=self.index, at=self.at, why=self.why)


@dataclass(frozen=True, slots=True)
class ReplayResult:
    """Where the replay stands, how many steps fitted, and where it diverged (None: all)."""

    runtime: Runtime
    taken: int
    divergence: Divergence | None = None

    @property
    def state(self) -> State:
        return self.runtime.state


def start(story: Story, origin: Origin, seed: int = 0) -> Runtime:
    """A runtime at `origin`, its first scene entered (the origin must exist in `story`)."""
    runtime = Runtime(story, before(story, origin, seed))
    runtime.enter(origin.first_scene(story))
    return runtime


class Watch(Protocol):
    """What follows a replay step by step (a playthrough reads along: history.ReadAlong)."""

    def arrive(self, runtime: Runtime) -> None:
        """At the origin, and after each step taken."""

    def choose(self, runtime: Runtime, pick: Pick) -> None:
        """Before a playthrough's pick is taken."""


def take(runtime: Runtime, pick: Pick) -> None:
    """Take one pick: an option number, a choice id, a trial move or `continue`."""
    if isinstance(pick, int):
        runtime.choose(pick)
        return
    if pick == CONTINUE:
        ids = [o.choice.id for o in runtime.options() if o.enabled and o.choice is not None]
        if CONTINUE not in ids:  # a choice may itself be named `continue`
            runtime.choose_id(None)
            return
    runtime.choose_id(pick)


def replay(
    story: Story,
    origin: Origin,
    steps: Sequence[Step | Pick],
    seed: int = 0,
    watch: Watch | None = None,
) -> ReplayResult:
    """Take `steps` from `origin` as far as they fit the story; `watch` follows along."""
    gone = origin.problem(story)
    if gone is not None:  # back to the start of its chapter, or else of the story
        chapter = Origin(chapter=origin.chapter, entry=origin.entry)
        back = start(story, chapter if chapter.problem(story) is None else Origin(), seed)
        return ReplayResult(back, 0, Divergence(0, None, back.state.scene, "origin", gone))
    runtime = start(story, origin, seed)
    if watch is not None:
        watch.arrive(runtime)
    for number, item in enumerate(steps, start=1):
        here = runtime.state.scene
        if not isinstance(item, tuple):  # a playthrough's pick: taken where the replay is
            if runtime.finished:
                return ReplayResult(runtime, number - 1, Divergence(number, None, here, "ended"))
            try:
                if watch is not None:
                    watch.choose(runtime, item)
                take(runtime, item)
            except ChoiceError as exc:
                found = Divergence(number, None, here, "closed", exc.without_scene())
                return ReplayResult(runtime, number - 1, found)
            if watch is not None:
                watch.arrive(runtime)
            continue
        recorded, choice = item
        scene = story.renamed.get(recorded, recorded)
        reason: Reason | None = None
        if scene not in story.scenes:
            reason = "scene_gone"
        elif here != scene:
            reason = "elsewhere"
        elif runtime.finished:
            reason = "ended"
        elif choice is None:
            if not any(o.choice is None for o in runtime.options()):
                reason = "no_continue"
        elif runtime.scene.trial is None and all(c.id != choice for c in runtime.scene.choices):
            reason = "gone"
        if reason is None:
            try:
                runtime.choose_id(choice)
            except ChoiceError:
                reason = "closed"
            else:
                if watch is not None:
                    watch.arrive(runtime)
                continue
        return ReplayResult(runtime, number - 1, Divergence(number, (scene, choice), here, reason))
    return ReplayResult(runtime, len(steps))


class UndoRefused(ChoiceError):
    """Undo would take back what was said in court (the rule of the court)."""

    title = "No undo in court"


def undo(runtime: Runtime, count: int = 1, *, court: bool = False) -> int:
    """Take back up to `count` steps by replaying the rest from the state's origin; how many.

    What is said in court stays said (see trial.rules_lines): a step taken in a trial is
    never taken back, so neither is a ruling, unless `court` (authors in `play --dev`).
    """
    state = runtime.state
    recorded = state.steps
    count = min(count, len(recorded))
    if count == 0:
        return 0
    kept = recorded[: len(recorded) - count]
    if not court and any(in_court(runtime.story, [step]) for step in recorded[len(kept) :]):
        raise UndoRefused("undo_in_court")
    result = replay(runtime.story, state.origin, kept, state.seed)
    if result.divergence is not None:  # the steps were taken on this very story
        raise ChoiceError("undo_diverged", divergence=result.divergence)
    runtime.state = result.state
    return count
