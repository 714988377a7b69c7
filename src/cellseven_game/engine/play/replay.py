"""The one replay: take recorded steps from where a play began, and say where they stop fitting.

Undo (in the story and in the trial), loading a save onto an edited story (migrate.py),
`play --dev` reloads (devreload.py) and playthroughs (`cellseven test`) all play through
`replay`. Steps name their scene as recorded; the story's `renamed:` is applied to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cellseven_game.engine.core.model import Story
from cellseven_game.engine.core.trial_model import Move
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import ChoiceError, Origin, State, Step, before
from cellseven_game.engine.play.trial_text import in_court

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
    detail: str = ""  # for `origin`: what is gone

    @property
    def why(self) -> str:
        """One phrase for an author: what no longer fits."""
        scene, choice = self.step if self.step is not None else (self.at, None)
        trial_move = Move.parse(choice) is not None
        return {
            "origin": self.detail,
            "scene_gone": f"your step was taken in `{scene}`, which is gone",
            "elsewhere": f"your step was taken in `{scene}`",
            "ended": "the story ends here now",
            "no_continue": "no Continue (its `next` is gone)",
            "gone": f"no choice `{choice}`",
            "closed": f"{'the trial step' if trial_move else 'choice'} `{choice}` is not open now",
        }[self.reason]

    @property
    def for_player(self) -> str:
        """One phrase for a player loading a save: what changed, and at which step."""
        n = self.index
        scene, choice = self.step if self.step is not None else (self.at, None)
        what = "Continue" if choice is None else f"choice `{choice}`"
        return {
            "origin": self.detail,
            "scene_gone": f"scene `{scene}` is gone, at step {n}",
            "elsewhere": f"replay diverges at step {n}: it reaches `{self.at}`, "
            f"the save went through `{scene}`",
            "ended": f"replay diverges at step {n}: the story ends there",
            "no_continue": f"replay diverges at step {n}: Continue in scene `{scene}` is not open",
            "gone": f"choice `{choice}` in scene `{scene}` is gone",
            "closed": f"replay diverges at step {n}: {what} in scene `{scene}` is not open",
        }[self.reason]

    def __str__(self) -> str:
        if self.index == 0:
            return self.why
        return f"step {self.index} (scene {self.at}: {self.why})"


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


def replay(story: Story, origin: Origin, steps: list[Step], seed: int = 0) -> ReplayResult:
    """Take `steps` from `origin` as far as they fit the story."""
    gone = origin.problem(story)
    if gone is not None:  # back to the start of its chapter, or else of the story
        chapter = Origin(chapter=origin.chapter, entry=origin.entry)
        back = start(story, chapter if chapter.problem(story) is None else Origin(), seed)
        return ReplayResult(back, 0, Divergence(0, None, back.state.scene, "origin", gone))
    runtime = start(story, origin, seed)
    for number, (recorded, choice) in enumerate(steps, start=1):
        scene = story.renamed.get(recorded, recorded)
        here = runtime.state.scene
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
                continue
            except ChoiceError:
                reason = "closed"
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
        raise UndoRefused(
            "No undo in court: what was said there stays said. Load a save to argue it again."
        )
    result = replay(runtime.story, state.origin, kept, state.seed)
    if result.divergence is not None:  # the steps were taken on this very story
        raise ChoiceError(f"undo cannot replay the steps: {result.divergence}")
    runtime.state = result.state
    return count
