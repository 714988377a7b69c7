"""The story as it is played: a deterministic state machine that knows nothing of screens.

All that changes during play lives in one `State`, which saves and restores whole as JSON.
Undo re-plays the recorded steps from the starting state, so it is exact for any depth.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from typing import Any, Literal

from cellseven_game.engine import template
from cellseven_game.engine.conditions import bounded, holds, value_of
from cellseven_game.engine.errors import CellsevenError, SaveError, UsageError
from cellseven_game.engine.model import (
    AddEvidence,
    AddVar,
    Choice,
    Effect,
    Line,
    Meet,
    Reveal,
    Scene,
    SetVar,
    Story,
    Value,
)

SAVE_FORMAT = "cellseven-state"
SAVE_VERSION = 1
CONTINUE = None  # the step of a scene left by its `next`

Status = Literal["playing", "ended", "chapter_end", "stuck"]


class ChoiceError(CellsevenError):
    """The player asked for a choice that is not there or not available."""

    title = "No such choice"


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
    steps: list[tuple[str, str | None]] = field(default_factory=list)  # (scene, choice id)
    trail: list[str] = field(default_factory=list)  # scenes entered, in order
    status: Status = "playing"
    ending: str | None = None
    chapter: str | None = None  # set when a chapter is replayed by name
    extra: dict[str, Any] = field(default_factory=dict)  # sub-machines (the trial) keep theirs here
    # Text variations: place key -> [times shown, alternative shown]; see template.py.
    variations: dict[str, list[int]] = field(default_factory=dict)
    seed: int = 0  # the game's seed: what a shuffle variation picks (saved, so replays agree)


@dataclass(frozen=True, slots=True)
class Option:
    """A choice as the player sees it; `number` is what they press."""

    number: int
    label: str
    choice: Choice | None  # None: "Continue" to the scene's `next`
    enabled: bool = True


def initial_state(story: Story, chapter: str | None = None, seed: int = 0) -> State:
    """The state at the start of the story, or on arriving at `chapter` replayed by name."""
    state = State(scene="", variables=dict(story.variables), seed=seed)
    if chapter is None:
        state.scene = story.first_scene()
        return state
    if chapter not in story.chapters:
        raise UsageError(f"no chapter `{chapter}` in this story")
    found = story.chapters[chapter]
    entry = found.entry
    state.chapter = chapter
    state.scene = found.start
    state.variables.update(entry.variables)
    state.evidence.update(dict.fromkeys(entry.evidence))
    state.met.update(dict.fromkeys(entry.met))
    for fact in entry.facts:
        state.facts[fact] = None
        state.met[fact.partition(".")[0]] = None
    for scene in entry.visited:
        state.visits[scene] = state.visits.get(scene, 0) + 1
    return state


class Runtime:
    """Plays one story from a state; every mutation goes through `choose` or `undo`."""

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
            self._enter(state.scene)
        else:
            self.state = state

    @classmethod
    def at_chapter(cls, story: Story, chapter: str, seed: int = 0) -> Runtime:
        """Replay one chapter by id: its entry state, ending at the chapter's edge."""
        runtime = cls(story, initial_state(story, chapter, seed))
        runtime._enter(runtime.state.scene)
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
        return holds(choice.condition, self.state)  # type: ignore[arg-type]

    def options(self) -> list[Option]:
        """The numbered choices the player sees now (disabled ones keep their number)."""
        state = self.state
        if state.status != "playing":
            return []
        if self._shown_for is state:
            return list(self._shown)
        shown = self._work_out_options(state)
        self._shown, self._shown_for = shown, state
        return list(shown)

    def _work_out_options(self, state: State) -> list[Option]:
        trial = self._trial()
        if trial is not None:
            trial_options: list[Option] = trial.options(self)
            return trial_options
        scene = self.story.scenes[state.scene]
        shown: list[Option] = []
        any_enabled = False
        taken = state.taken
        for choice in scene.choices:
            if choice.once and taken and f"{state.scene}/{choice.id}" in taken:
                continue
            ok = choice.condition is None or holds(choice.condition, state)  # type: ignore[arg-type]
            if ok or choice.when_false == "disable":
                label = self.text(choice.label, f"{self.state.scene}/{choice.id}")
                shown.append(Option(len(shown) + 1, label, choice, ok))
                any_enabled = any_enabled or ok
        if not any_enabled and scene.next is not None:
            return [Option(1, "Continue", None, True)]
        return shown

    # -- acting --------------------------------------------------------------------------

    def choose(self, number: int) -> None:
        """Take the option with this number (as shown by `options`)."""
        options = self.options()
        if not options:
            raise ChoiceError("the story has ended here; there is nothing to choose")
        for option in options:
            if option.number == number:
                if not option.enabled:
                    raise ChoiceError(f"choice {number} is not available now")
                self._take(option)
                return
        raise ChoiceError(f"there is no choice {number}; choose 1 to {len(options)}")

    def choose_id(self, choice_id: str | None) -> None:
        """Take a choice by its id (None: Continue); for replays and story tests."""
        for option in self.options():
            if (
                option.enabled
                and (option.choice.id if option.choice is not None else None) == choice_id
            ):
                self._take(option)
                return
        raise ChoiceError(f"no available choice `{choice_id}` in scene `{self.state.scene}`")

    def _take(self, option: Option) -> None:
        self._shown_for = None
        trial = self._trial()
        if trial is not None:
            trial.take(self, option)
            return
        state = self.state
        scene = self.scene
        choice = option.choice
        state.steps.append((scene.id, choice.id if choice is not None else CONTINUE))
        if choice is None:
            assert scene.next is not None
            self.go(scene.next)
            return
        if choice.once:
            state.taken.add(f"{scene.id}/{choice.id}")
        self.apply(choice.effects)
        self.go(choice.goto)

    def go(self, target: str) -> None:
        """Move to `target`, ending a replayed chapter at its edge."""
        state = self.state
        if state.chapter is not None and self.story.scenes[target].chapter != state.chapter:
            state.status = "chapter_end"
            state.ending = state.chapter
            return
        self._enter(target)

    def _enter(self, scene_id: str) -> None:
        self._shown_for = None
        state = self.state
        scene = self.story.scenes[scene_id]
        state.scene = scene_id
        state.visits[scene_id] = state.visits.get(scene_id, 0) + 1
        state.trail.append(scene_id)
        for line in scene.lines:
            if line.speaker is not None:
                state.met[line.speaker] = None
        self.apply(scene.effects)
        shown_scene(self.story, state, scene, advance=True)  # variations move on each entry
        for choice in scene.choices:
            self.text(choice.label, f"{scene_id}/{choice.id}", advance=True)
        if scene.end is not None:
            state.status = "ended"
            state.ending = scene.end
        elif scene.trial is not None:
            trial = self._trial()
            if trial is not None:
                trial.begin(self)
        elif scene.next is None and not any(o.enabled for o in self.options()):
            # No choice is available now and there is nowhere to continue: a dead end.
            state.status = "stuck"

    def apply(self, effects: tuple[Effect, ...]) -> None:
        self._shown_for = None
        state = self.state
        for effect in effects:
            if isinstance(effect, SetVar):
                if effect.expr is None:
                    state.variables[effect.name] = effect.value
                else:
                    state.variables[effect.name] = value_of(effect.expr, state)  # type: ignore[arg-type]
            elif isinstance(effect, AddVar):
                current = state.variables.get(effect.name, 0)
                amount = effect.amount
                if effect.expr is not None:
                    amount = value_of(effect.expr, state)  # type: ignore[arg-type,assignment]
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
        """A text of the story (a label, a line) as the player sees it now."""
        if template.is_plain(text):
            return text
        return render_text(self.story, self.state, text, key, advance)

    def _trial(self) -> Any:
        """The trial machine when the current scene holds a trial (see trial.py)."""
        if self.state.status != "playing" or self.scene.trial is None:
            return None
        from cellseven_game.engine import trial

        return trial.machine_for(self)

    def undo(self, steps: int = 1) -> int:
        """Take back up to `steps` steps; returns how many were taken back."""
        recorded = self.state.steps
        count = min(steps, len(recorded))
        if count == 0:
            return 0
        self.state = replay(
            self.story, self.state.chapter, recorded[: len(recorded) - count], self.state.seed
        )
        return count

    # -- saving --------------------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The whole state as versioned, JSON-ready data."""
        s = self.state
        return {
            "format": SAVE_FORMAT,
            "version": SAVE_VERSION,
            "story_title": self.story.title,
            "story_version": self.story.version,
            "chapter": s.chapter,
            "scene": s.scene,
            "variables": dict(s.variables),
            "visits": dict(s.visits),
            "evidence": list(s.evidence),
            "met": list(s.met),
            "facts": list(s.facts),
            "taken": sorted(s.taken),
            "steps": [[scene, choice] for scene, choice in s.steps],
            "trail": list(s.trail),
            "status": s.status,
            "ending": s.ending,
            "extra": s.extra,
            "variations": {key: list(value) for key, value in s.variations.items()},
            "seed": s.seed,
        }

    @classmethod
    def restore(cls, story: Story, data: object) -> Runtime:
        """A runtime from `snapshot()` data; SaveError when the data is not a valid state."""
        return cls(story, state_from_snapshot(story, data))


def replay(
    story: Story, chapter: str | None, steps: list[tuple[str, str | None]], seed: int = 0
) -> State:
    """The state reached by taking `steps` from the start (of `chapter`, when given)."""
    runtime = Runtime.at_chapter(story, chapter, seed) if chapter else Runtime(story, seed=seed)
    for scene, choice in steps:
        if runtime.state.scene != scene:
            raise ChoiceError(f"replay expected scene `{scene}`, reached `{runtime.state.scene}`")
        runtime.choose_id(choice)
    return runtime.state


def _expect(cond: bool, what: str) -> None:
    if not cond:
        raise SaveError(f"this save is damaged: {what}")


def state_from_snapshot(story: Story, data: object) -> State:
    """Check every field of a snapshot before trusting it."""
    _expect(isinstance(data, dict), "it is not a JSON object")
    assert isinstance(data, dict)
    _expect(data.get("format") == SAVE_FORMAT, "it is not a cellseven save")
    version = data.get("version")
    if version != SAVE_VERSION:
        raise SaveError(
            f"this save has format version {version!r}; this cellseven reads version {SAVE_VERSION}"
        )

    def strings(key: str) -> list[str]:
        value = data.get(key)
        _expect(isinstance(value, list) and all(isinstance(v, str) for v in value), f"bad {key}")
        assert isinstance(value, list)
        return value

    scene = data.get("scene")
    _expect(isinstance(scene, str), "no scene")
    assert isinstance(scene, str)
    if scene not in story.scenes:
        raise SaveError(f"this save is at scene `{scene}`, which the story no longer has")
    variables = data.get("variables")
    _expect(isinstance(variables, dict), "bad variables")
    assert isinstance(variables, dict)
    for name, value in variables.items():
        _expect(
            isinstance(name, str) and isinstance(value, bool | int | float | str), "bad variable"
        )
    visits = data.get("visits")
    _expect(isinstance(visits, dict), "bad visits")
    assert isinstance(visits, dict)
    for name, count in visits.items():
        _expect(isinstance(name, str) and type(count) is int and count >= 0, "bad visit count")
    steps_raw = data.get("steps")
    _expect(isinstance(steps_raw, list), "bad steps")
    assert isinstance(steps_raw, list)
    steps: list[tuple[str, str | None]] = []
    for step in steps_raw:
        _expect(
            isinstance(step, list)
            and len(step) == 2
            and isinstance(step[0], str)
            and (step[1] is None or isinstance(step[1], str)),
            "bad step",
        )
        steps.append((step[0], step[1]))
    chapter = data.get("chapter")
    _expect(
        chapter is None or (isinstance(chapter, str) and chapter in story.chapters), "bad chapter"
    )
    status = data.get("status")
    _expect(status in ("playing", "ended", "chapter_end", "stuck"), "bad status")
    ending = data.get("ending")
    _expect(ending is None or isinstance(ending, str), "bad ending")
    extra = data.get("extra", {})
    _expect(isinstance(extra, dict), "bad extra")
    from cellseven_game.engine import trial

    extra = trial.trusted_extra(story, dict(extra))
    variations = data.get("variations", {})
    _expect(
        isinstance(variations, dict)
        and all(
            isinstance(k, str)
            and isinstance(v, list)
            and len(v) == 2
            and all(type(n) is int and -1 <= n < 1_000_000_000 for n in v)
            for k, v in variations.items()
        ),
        "bad variations",
    )
    seed = data.get("seed", 0)
    _expect(type(seed) is int and 0 <= seed < 2**63, "bad seed")
    merged = dict(story.variables)
    merged.update(variables)
    return State(
        scene=scene,
        variables=merged,
        visits=dict(visits),
        evidence=dict.fromkeys(strings("evidence")),
        met=dict.fromkeys(strings("met")),
        facts=dict.fromkeys(strings("facts")),
        taken=set(strings("taken")),
        steps=steps,
        trail=strings("trail"),
        status=status,  # type: ignore[arg-type]
        ending=ending,
        chapter=chapter,
        extra=dict(extra),
        variations={k: list(v) for k, v in variations.items()},
        seed=seed,
    )


def render_text(story: Story, state: State, text: str, key: str, advance: bool = False) -> str:
    """`text` with its `{...}` filled from `state`; `key` names its place for variations."""

    def name_of(ident: str) -> str:
        found = story.characters.get(ident) or story.evidence.get(ident)
        return found.name if found is not None else ident

    variations = template.Variations(state.variations, key, state.seed, advance)
    parts = template.parse_template(text)
    return template.render(parts, state, name_of, variations)  # type: ignore[arg-type]


def shown_scene(story: Story, state: State, scene: Scene, advance: bool = False) -> Scene:
    """The scene as the player sees it in `state`: text rendered, lines whose `if` fails gone.

    With `advance`, each variation shown moves on (done once, on entering the scene).
    """
    if template.is_plain(scene.text) and all(
        line.condition is None and template.is_plain(line.text) for line in scene.lines
    ):
        return scene
    text = template.tidy(render_text(story, state, scene.text, scene.id, advance))
    lines: list[Line] = []
    for number, line in enumerate(scene.lines):
        if line.condition is not None and not holds(line.condition, state):  # type: ignore[arg-type]
            continue
        said = render_text(story, state, line.text, f"{scene.id}/line{number}", advance)
        if said.strip():
            lines.append(Line(line.speaker, said))
    return dataclasses.replace(scene, text=text, lines=tuple(lines))


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
