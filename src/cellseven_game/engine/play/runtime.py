"""The story as it is played: a deterministic state machine that knows nothing of screens.

All that changes during play lives in one `State` (state.py), which saves and restores whole
as JSON (snapshot.py). Undo re-plays the recorded steps from the state's origin (replay.py),
so it is exact for any depth.
"""

from __future__ import annotations

import random

from cellseven_game.engine.core import template
from cellseven_game.engine.core.condition_ops import bounded
from cellseven_game.engine.core.conditions import holds, value_of
from cellseven_game.engine.core.model import (
    AddEvidence,
    AddVar,
    Choice,
    Effect,
    Meet,
    Reveal,
    Scene,
    SetVar,
    Story,
)
from cellseven_game.engine.play import trial
from cellseven_game.engine.play.render import render_text, shown_scene
from cellseven_game.engine.play.scene_plan import plan_of
from cellseven_game.engine.play.snapshot import (
    SAVE_FORMAT,
    SAVE_VERSION,
    snapshot,
    state_from_snapshot,
)
from cellseven_game.engine.play.state import ChoiceError, Option, State, initial_state

CONTINUE = None  # the step of a scene left by its `next`
_CONTINUE_OPTION = Option(1, "Continue", None, True)

__all__ = [
    "CONTINUE",
    "SAVE_FORMAT",
    "SAVE_VERSION",
    "ChoiceError",
    "Option",
    "Runtime",
    "State",
    "Unshown",
    "initial_state",
    "random_walk",
    "render_text",
    "shown_scene",
    "state_from_snapshot",
]


class Runtime:
    """Plays one story from a state; every mutation goes through `choose` or `undo`."""

    # Whether the texts said are ever shown: when not (explore's walk), their variations
    # need not move on (nothing a condition reads depends on them).
    shows_text = True

    def __init__(self, story: Story, state: State | None = None, seed: int = 0) -> None:
        self.story = story
        # The options of `_shown_for` (a state object) as last worked out: a step reads
        # them up to three times (the caller, `choose`, the dead-end check on arrival), so
        # they are computed once. Every change made through this class forgets them; a
        # new state object put in `self.state` does not match `_shown_for`.
        self._shown: list[Option] = []
        self._shown_for: State | None = None
        if state is None:
            state = initial_state(story, seed=seed)
            self.state = state
            self.enter(state.scene)
        else:
            self.state = state

    @classmethod
    def at_chapter(cls, story: Story, chapter: str, seed: int = 0) -> Runtime:
        """Replay one chapter by id: its entry state, ending at the chapter's edge."""
        runtime = cls(story, initial_state(story, chapter, seed))
        runtime.enter(runtime.state.scene)
        return runtime

    # -- reading -------------------------------------------------------------------------

    @property
    def scene(self) -> Scene:
        return self.story.scenes[self.state.scene]

    @property
    def finished(self) -> bool:
        return self.state.status != "playing"

    def available(self, choice: Choice) -> bool:
        scene_key = f"{self.state.scene}/{choice.id}"
        if choice.once and scene_key in self.state.taken:
            return False
        return holds(choice.condition, self.state)

    def options(self) -> list[Option]:
        """The numbered choices the player sees now (disabled ones keep their number)."""
        return list(self._options())

    def _options(self) -> list[Option]:
        """`options()` as worked out once for this state object (not to be changed)."""
        state = self.state
        if state.status != "playing":
            return []
        if self._shown_for is state:
            return self._shown
        shown = self._work_out_options(state)
        self._shown, self._shown_for = shown, state
        return shown

    def _work_out_options(self, state: State) -> list[Option]:
        scene = self.story.scenes[state.scene]
        if scene.trial is not None:
            machine = self._trial()
            if machine is not None:
                return machine.options(self)
        shown: list[Option] = []
        any_enabled = False
        taken = state.taken
        for played in plan_of(scene).choices:
            choice, once_key, check, plain, _ = played
            if once_key is not None and taken and once_key in taken:
                continue
            ok = check is None or check(state)
            if ok or choice.when_false == "disable":
                number = len(shown) + 1
                if plain:
                    # Options of plain labels are made once per place (see scene_plan).
                    made = played[4]
                    slot = 2 * number - 2 + ok
                    option = made[slot]
                    if option is None:
                        option = made[slot] = Option(number, choice.label, choice, ok)
                    shown.append(option)
                else:
                    label = self.text(choice.label, f"{state.scene}/{choice.id}")
                    shown.append(Option(number, label, choice, ok))
                any_enabled = any_enabled or ok
        if not any_enabled and scene.next is not None:
            return [_CONTINUE_OPTION]
        return shown

    # -- acting --------------------------------------------------------------------------

    def choose(self, number: int) -> None:
        """Take the option with this number (as shown by `options`)."""
        options = self._options()
        if not options:
            raise ChoiceError("ended")
        for option in options:
            if option.number == number:
                if not option.enabled:
                    raise ChoiceError("not_available", number=number)
                self._take(option)
                return
        raise ChoiceError("no_such_number", number=number, count=len(options))

    def choose_id(self, choice_id: str | None) -> None:
        """Take a choice by its id (None: Continue); for replays and story tests."""
        if choice_id is None and not any(o.choice is None for o in self._options()):
            raise ChoiceError("no_continue", scene=self.state.scene)
        for option in self._options():
            if (
                option.enabled
                and (option.choice.id if option.choice is not None else None) == choice_id
            ):
                self._take(option)
                return
        raise ChoiceError("no_such_id", choice=choice_id, scene=self.state.scene)

    def _take(self, option: Option) -> None:
        self._shown_for = None
        state = self.state
        scene = self.story.scenes[state.scene]
        if scene.trial is not None:
            machine = self._trial()
            if machine is not None:
                machine.take(self, option)
                return
        choice = option.choice
        state.steps.append((scene.id, choice.id if choice is not None else CONTINUE))
        if choice is None:
            assert scene.next is not None
            self.go(scene.next)
            return
        if choice.once:
            state.taken.add(f"{scene.id}/{choice.id}")
        if choice.effects:
            self.apply(choice.effects)
        self.go(choice.goto)

    def go(self, target: str) -> None:
        """Move to `target`, ending a replayed chapter at its edge."""
        state = self.state
        if state.chapter is not None and self.story.scenes[target].chapter != state.chapter:
            state.status = "chapter_end"
            state.ending = state.chapter
            return
        self.enter(target)

    def enter(self, scene_id: str) -> None:
        """Arrive at `scene_id`: count it, apply its effects, and see whether play goes on."""
        self._shown_for = None
        state = self.state
        scene = self.story.scenes[scene_id]
        plan = plan_of(scene)
        state.scene = scene_id
        state.visits[scene_id] = state.visits.get(scene_id, 0) + 1
        state.trail.append(scene_id)
        for speaker in plan.speakers:
            state.met[speaker] = None
        if scene.effects:
            self.apply(scene.effects)
        if self.shows_text:
            if plan.varies:
                shown_scene(self.story, state, scene, advance=True)  # they move on each entry
            for label, key in plan.labels:
                self.text(label, key, advance=True)
        if scene.end is not None:
            state.status = "ended"
            state.ending = scene.end
        elif scene.trial is not None:
            machine = self._trial()
            if machine is not None:
                machine.begin(self)
        elif scene.next is None:
            self.stop_if_stuck()

    def stop_if_stuck(self) -> None:
        """A dead end: no choice is available now and there is nowhere to continue."""
        for option in self._options():
            if option.enabled:
                return
        self.state.status = "stuck"

    def apply(self, effects: tuple[Effect, ...]) -> None:
        self._shown_for = None
        state = self.state
        for effect in effects:
            if isinstance(effect, SetVar):
                if effect.expr is None:
                    state.variables[effect.name] = effect.value
                else:
                    state.variables[effect.name] = value_of(effect.expr, state)
            elif isinstance(effect, AddVar):
                current = state.variables.get(effect.name, 0)
                amount = effect.amount
                if effect.expr is not None:
                    amount = value_of(effect.expr, state)  # type: ignore[assignment]
                if isinstance(current, int | float) and not isinstance(current, bool):
                    state.variables[effect.name] = bounded(current + amount)
            elif isinstance(effect, AddEvidence):
                state.evidence[effect.evidence] = None
            elif isinstance(effect, Meet):
                state.met[effect.character] = None
            elif isinstance(effect, Reveal):
                state.met[effect.character] = None
                state.facts[f"{effect.character}.{effect.fact}"] = None

    def shown_scene(self) -> Scene:
        """The current scene as the player sees it now: its text and lines rendered."""
        return shown_scene(self.story, self.state, self.scene)

    def text(self, text: str, key: str, advance: bool = False) -> str:
        """A text of the story (a label, a line) as the player sees it now; as written
        when texts are never shown."""
        if not self.shows_text or template.is_plain(text):
            return text
        return render_text(self.story, self.state, text, key, advance)

    def _trial(self) -> trial.Machine | None:
        """The trial machine when the current scene holds a trial (see trial.py)."""
        if self.state.status != "playing" or self.scene.trial is None:
            return None
        return trial.machine_for(self)

    # -- saving --------------------------------------------------------------------------

    def snapshot(self) -> dict[str, object]:
        """The whole state as versioned, JSON-ready data (see snapshot.py)."""
        return snapshot(self.story, self.state)

    @classmethod
    def restore(cls, story: Story, data: object) -> Runtime:
        """A runtime from `snapshot()` data; SaveError when the data is not a valid state."""
        return cls(story, state_from_snapshot(story, data))


class Unshown(Runtime):
    """A runtime whose texts are never shown (`explore`'s playthroughs, searches and walk):
    labels stay as written and no variation moves on, since no condition reads either.
    Rendering the labels was 7-10% of proving an outside romance or dungeon."""

    shows_text = False


def random_walk(runtime: Runtime, seed: int, max_steps: int = 10_000) -> list[int]:
    """Play to the end picking available options with a seeded generator; the numbers chosen."""
    rng = random.Random(seed)
    picked: list[int] = []
    for _ in range(max_steps):
        options = [o for o in runtime.options() if o.enabled]
        if not options:
            break
        option = rng.choice(options)
        picked.append(option.number)
        runtime.choose(option.number)
    return picked
