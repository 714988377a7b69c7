"""The runtime: choices, effects, chapters, undo, snapshots and seeded random play."""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.errors import CellsevenError, SaveError, UsageError
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.replay import undo
from cellseven_game.engine.play.runtime import (
    SAVE_FORMAT,
    SAVE_VERSION,
    ChoiceError,
    Runtime,
    random_walk,
)

LOOP = """\
story:
  title: Loop
  start: one
  chapters: [one, two]
  variables:
    count: 0
    looked: false
    mood: "calm"
characters:
  guard:
    name: The guard
    facts:
      son: He has a son.
  cook:
    name: The cook
evidence:
  key:
    name: A key
chapters:
  one:
    title: One
    period: "1997"
    start: hub
    scenes:
      hub:
        lines:
          - guard: "Well?"
        choices:
          - label: Knock
            goto: hub
            once: false
            do:
              - add: {count: 1}
          - label: Look around
            goto: hub
            do:
              - flag: looked
              - evidence: key
              - reveal: guard.son
              - meet: cook
              - set: {mood: "curious"}
          - label: Secret
            goto: hub
            if: count > 5
          - label: Leave
            goto: out
            if: count >= 2 and looked
            when_false: disable
      out:
        text: Outside.
        next: later
  two:
    title: Two
    period: "2013"
    start: later
    entry:
      set: {count: 3, looked: true}
      evidence: [key]
      facts: [guard.son]
      visited: [hub]
    scenes:
      later:
        choices:
          - label: Remember
            goto: done
            if: visited hub and knows guard.son and met guard and has key and mood == "calm"
          - label: Forget
            goto: done
            if: not visited hub
      done:
        end: remembered
"""


@pytest.fixture
def example(example_pack: Path) -> Story:
    return load_story(example_pack)


@pytest.fixture
def loop(make_pack: Callable[[dict[str, str]], Path]) -> Story:
    return load_story(make_pack({"story.yaml": LOOP}))


def labels(runtime: Runtime) -> list[tuple[int, str, bool]]:
    return [(o.number, o.label, o.enabled) for o in runtime.options()]


# -- choices and effects -------------------------------------------------------------------


def test_start(example: Story) -> None:
    rt = Runtime(example)
    assert rt.state.scene == "street"
    assert rt.state.visits == {"street": 1}
    assert list(rt.state.met) == ["mina"]  # she speaks and is met
    assert labels(rt) == [(1, "Ask the baker", True), (2, "Keep looking in the snow", True)]
    assert not rt.finished


def test_choose_applies_effects_and_meets_speakers(example: Story) -> None:
    rt = Runtime(example)
    rt.choose(1)
    s = rt.state
    assert s.scene == "bakery"
    assert s.variables["asked_baker"] is True
    assert s.variables["courage"] == 1
    assert "baker" in s.met  # the speaker of a line is met on entry
    assert list(s.evidence) == ["baker_saw"]
    assert s.steps == [("street", "ask_the_baker")]
    assert s.taken == {"street/ask_the_baker"}


def test_next_gives_continue(example: Story) -> None:
    rt = Runtime(example)
    rt.choose(1)
    options = rt.options()
    assert [(o.number, o.label, o.choice) for o in options] == [(1, "Continue", None)]
    rt.choose(1)
    assert rt.state.scene == "snow"
    assert rt.state.steps[-1] == ("bakery", None)


def test_disabled_choices_keep_their_number_and_refuse(example: Story) -> None:
    rt = Runtime(example)
    rt.choose(1)
    rt.choose(1)
    assert labels(rt) == [(1, "Pick it up", True), (2, "Ask the baker first", False)]
    with pytest.raises(ChoiceError, match="not available"):
        rt.choose(2)
    assert rt.state.scene == "snow"


def test_bad_numbers_refuse(example: Story) -> None:
    rt = Runtime(example)
    for number in (0, 3, -1, 99):
        with pytest.raises(ChoiceError, match="choose 1 to 2"):
            rt.choose(number)
    with pytest.raises(ChoiceError):
        rt.choose_id("no_such_choice")
    assert rt.state.steps == []


def test_hidden_choices_are_not_shown(loop: Story) -> None:
    rt = Runtime(loop)
    # "Secret" (count > 5) hides, "Leave" shows disabled.
    assert labels(rt) == [(1, "Knock", True), (2, "Look around", True), (3, "Leave", False)]


def test_once_and_sticky(loop: Story) -> None:
    rt = Runtime(loop)
    rt.choose(2)  # Look around: once-only, gone afterwards
    assert [label for _, label, _ in labels(rt)] == ["Knock", "Leave"]
    for expected in (1, 2, 3):
        rt.choose(1)  # Knock: sticky, stays
        assert rt.state.variables["count"] == expected
        assert labels(rt)[0] == (1, "Knock", True)
    assert rt.state.visits["hub"] == 5
    assert labels(rt)[-1] == (2, "Leave", True)


def test_options_handed_out_are_the_callers_to_change(loop: Story) -> None:
    # The runtime works the options out once per state and keeps them: a caller's list
    # is a copy, so changing it changes nothing the runtime offers or accepts.
    rt = Runtime(loop)
    handed = rt.options()
    handed.clear()
    assert labels(rt) == [(1, "Knock", True), (2, "Look around", True), (3, "Leave", False)]
    rt.choose(2)
    assert rt.state.variables["looked"] is True


def test_a_scene_replaced_in_the_story_is_played_as_it_now_is(loop: Story) -> None:
    # What the runtime works out once per scene (scene_plan) belongs to the scene object:
    # a new scene under the same id (a story built anew, a test's edit) is read afresh.
    Runtime(loop).choose(1)
    hub = loop.scenes["hub"]
    knock, look = hub.choices[0], hub.choices[1]
    loop.scenes["hub"] = dataclasses.replace(
        hub,
        lines=(),
        choices=(dataclasses.replace(look, condition="count > 0", when_false="disable"), knock),
    )
    rt = Runtime(loop)
    assert list(rt.state.met) == []
    assert labels(rt) == [(1, "Look around", False), (2, "Knock", True)]
    rt.choose(2)
    assert labels(rt) == [(1, "Look around", True), (2, "Knock", True)]
    loop.scenes["hub"] = hub


def test_every_effect(loop: Story) -> None:
    rt = Runtime(loop)
    assert list(rt.state.met) == ["guard"]
    rt.choose(2)
    s = rt.state
    assert s.variables["looked"] is True
    assert s.variables["mood"] == "curious"
    assert list(s.evidence) == ["key"]
    assert list(s.facts) == ["guard.son"]
    assert set(s.met) == {"guard", "cook"}


def test_ending(example: Story) -> None:
    rt = Runtime(example)
    for number in (1, 1, 1, 1, 1):
        rt.choose(number)
    assert rt.state.status == "ended"
    assert rt.state.ending == "happy"
    assert rt.finished
    assert rt.options() == []
    with pytest.raises(ChoiceError, match="ended"):
        rt.choose(1)


def test_whole_story_crosses_chapters(loop: Story) -> None:
    rt = Runtime(loop)
    rt.choose(2)
    rt.choose(1)
    rt.choose(1)
    rt.choose(2)  # Leave
    assert rt.state.scene == "out"
    rt.choose(1)  # Continue into chapter two: a whole game goes on
    assert rt.state.scene == "later"
    # mood is "curious" now, so "Remember" hides; "Forget" hides too: visited hub.
    # No choice is available and there is no `next`: the runtime says it is stuck.
    assert rt.options() == []
    assert rt.state.status == "stuck"
    assert rt.finished


# -- chapters ------------------------------------------------------------------------------


def test_chapter_replay_uses_entry_state(loop: Story) -> None:
    rt = Runtime.at_chapter(loop, "two")
    s = rt.state
    assert s.chapter == "two"
    assert s.scene == "later"
    assert s.variables == {"count": 3, "looked": True, "mood": "calm"}
    assert list(s.evidence) == ["key"]
    assert list(s.facts) == ["guard.son"]
    assert "guard" in s.met  # knowing a fact means having met them
    assert s.visits == {"hub": 1, "later": 1}
    assert labels(rt) == [(1, "Remember", True)]
    rt.choose(1)
    assert (rt.state.status, rt.state.ending) == ("ended", "remembered")


def test_chapter_replay_ends_at_the_chapter_edge(example: Story) -> None:
    rt = Runtime.at_chapter(example, "morning")
    for number in (1, 1, 1):
        rt.choose(number)
    assert rt.state.scene == "found"
    rt.choose(1)  # Continue would leave the chapter
    assert rt.state.status == "chapter_end"
    assert rt.state.ending == "morning"
    assert rt.state.scene == "found"
    assert rt.options() == []


def test_unknown_chapter(example: Story) -> None:
    with pytest.raises(UsageError):
        Runtime.at_chapter(example, "night")


# -- undo, snapshots, random play ----------------------------------------------------------


def play(story: Story, numbers: list[int], chapter: str | None = None) -> Runtime:
    rt = Runtime.at_chapter(story, chapter) if chapter else Runtime(story)
    for number in numbers:
        rt.choose(number)
    return rt


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("chapter", [None, "morning", "one"])
def test_undo_of_any_depth_equals_replaying_the_prefix(
    example: Story, loop: Story, seed: int, chapter: str | None
) -> None:
    story = loop if chapter == "one" else example
    walked = play(story, [], chapter)
    numbers = random_walk(walked, seed, max_steps=25)
    assert numbers
    for depth in range(len(numbers) + 2):
        rt = play(story, numbers, chapter)
        taken = undo(rt, depth)
        assert taken == min(depth, len(numbers))
        assert rt.state == play(story, numbers[: len(numbers) - taken], chapter).state


def test_undo_step_by_step(example: Story) -> None:
    rt = play(example, [1, 1, 1])
    assert undo(rt) == 1
    assert rt.state.scene == "snow"
    assert undo(rt) == 1
    assert rt.state.scene == "bakery"
    assert undo(rt, 5) == 1
    assert rt.state == Runtime(example).state
    assert undo(rt) == 0


def roundtrip(rt: Runtime) -> Runtime:
    return Runtime.restore(rt.story, json.loads(json.dumps(rt.snapshot())))


@pytest.mark.parametrize("seed", range(6))
def test_snapshot_restores_identical_state_and_future(example: Story, seed: int) -> None:
    rng = random.Random(seed)
    rt = Runtime(example)
    for _ in range(rng.randrange(0, 5)):
        enabled = [o for o in rt.options() if o.enabled]
        if not enabled:
            break
        rt.choose(rng.choice(enabled).number)
    copy = roundtrip(rt)
    assert copy.state == rt.state
    assert copy.snapshot() == rt.snapshot()
    assert random_walk(copy, seed) == random_walk(rt, seed)
    assert copy.state == rt.state
    assert undo(copy, 2) == undo(rt, 2)
    assert copy.state == rt.state


def test_snapshot_of_a_chapter_replay(loop: Story) -> None:
    rt = Runtime.at_chapter(loop, "two")
    copy = roundtrip(rt)
    assert copy.state == rt.state
    copy.choose(1)
    assert copy.state.ending == "remembered"


def test_snapshot_is_versioned(example: Story) -> None:
    data = Runtime(example).snapshot()
    assert data["format"] == SAVE_FORMAT
    assert data["version"] == SAVE_VERSION
    assert data["story_version"] == example.version
    data["version"] = SAVE_VERSION + 1
    with pytest.raises(SaveError, match="version"):
        Runtime.restore(example, data)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("scene"),
        lambda d: d.update(scene="nowhere"),
        lambda d: d.update(format="something-else"),
        lambda d: d.update(variables=[1, 2]),
        lambda d: d.update(variables={"courage": [1]}),
        lambda d: d.update(visits={"street": -1}),
        lambda d: d.update(visits={"street": True}),
        lambda d: d.update(steps=[["street"]]),
        lambda d: d.update(steps=[["street", 3]]),
        lambda d: d.update(chapter="night"),
        lambda d: d.update(status="dancing"),
        lambda d: d.update(evidence="glove"),
        lambda d: d.update(taken=[1]),
        lambda d: d.update(ending=3),
        lambda d: d.update(extra=[]),
    ],
)
def test_damaged_snapshots_raise_save_error(
    example: Story, damage: Callable[[dict[str, Any]], object]
) -> None:
    data = Runtime(example).snapshot()
    damage(data)
    with pytest.raises(SaveError):
        Runtime.restore(example, data)


@pytest.mark.parametrize("data", [None, [], "save", 3, {"format": SAVE_FORMAT}])
def test_not_a_snapshot(example: Story, data: object) -> None:
    with pytest.raises(SaveError):
        Runtime.restore(example, data)


@pytest.mark.parametrize("seed", [0, 1, 7, 12345])
def test_random_play_is_reproducible(example: Story, seed: int) -> None:
    a, b = Runtime(example), Runtime(example)
    assert random_walk(a, seed) == random_walk(b, seed)
    assert a.state == b.state
    assert a.finished


def test_random_play_differs_between_seeds(example: Story) -> None:
    endings = set()
    for seed in range(30):
        rt = Runtime(example)
        random_walk(rt, seed)
        endings.add(rt.state.ending)
    assert endings == {"happy", "quiet"}


# -- hypothesis: restoring anything raises only SaveError ----------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
SCENES = ["street", "bakery", "snow", "found", "home", "told", "quiet", "nowhere"]
KEYS = [
    "format", "version", "story_title", "story_version", "chapter", "scene", "variables",
    "visits", "evidence", "met", "facts", "taken", "steps", "trail", "status", "ending", "extra",
]  # fmt: skip
field_values = st.one_of(
    json_values,
    st.sampled_from(SCENES),
    st.dictionaries(st.sampled_from(["courage", "asked_baker", "mood", "x"]), json_values),
    st.dictionaries(st.sampled_from(SCENES), st.integers(-2, 2**80)),
    st.lists(st.lists(st.sampled_from([*SCENES, "ask_the_baker", None]), max_size=3), max_size=4),
    st.sampled_from(["playing", "ended", "chapter_end", "stuck", "morning", "evening"]),
)


def survive(story: Story, data: object) -> None:
    """Restore `data`; if it restores, playing on from it raises only our own errors."""
    try:
        rt = Runtime.restore(story, data)
    except SaveError:
        return
    try:
        rt.options()
        json.dumps(rt.snapshot())
        enabled = [o for o in rt.options() if o.enabled]
        if enabled:
            rt.choose(enabled[0].number)
        undo(rt)
    except CellsevenError:
        pass


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=json_values)
def test_random_snapshots_only_raise_save_error(example: Story, data: object) -> None:
    survive(example, data)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    numbers=st.lists(st.integers(1, 2), max_size=5),
    changes=st.lists(
        st.tuples(st.sampled_from(KEYS), st.none() | field_values), min_size=1, max_size=4
    ),
)
def test_mutated_snapshots_only_raise_save_error(
    example: Story, numbers: list[int], changes: list[tuple[str, object]]
) -> None:
    rt = Runtime(example)
    for number in numbers:
        if rt.finished:
            break
        enabled = [o for o in rt.options() if o.enabled]
        rt.choose(enabled[(number - 1) % len(enabled)].number)
    data = json.loads(json.dumps(rt.snapshot()))
    for key, value in changes:
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    survive(example, data)


def test_state_equality_sees_every_field(example: Story) -> None:
    # The tests above compare whole States: make sure == is not blind.
    a = Runtime(example).state
    b = dataclasses.replace(a, trail=[*a.trail, "x"])
    assert a != b
