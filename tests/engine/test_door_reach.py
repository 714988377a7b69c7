"""door_reach.py: scenes proven out of reach a chapter at a time, from its doors.

Checked against the full walk: no scene a walk enters may ever be proven out of reach.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_explore_witnessed import _random_pack, _write

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.tools import witnessed
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.door_reach import out_of_reach
from cellseven_game.engine.tools.escape import Escape
from cellseven_game.engine.tools.explorer import Explorer
from cellseven_game.engine.tools.future import Future


def _proven(story: Story, chapter: str | None, scenes: set[str]) -> set[str]:
    """What door_reach.py proves out of reach of `scenes`, from the start witnessed.py
    reads (the first scene entered)."""
    first: State = initial_state(story, chapter)
    Runtime(story, first).enter(first.scene)
    future = Future(story, chapter)
    future.reachable(first)
    escape = Escape(story, chapter, future, first)
    gone, spent = out_of_reach(story, escape, first, scenes, 200_000, chapter is not None)
    assert spent >= 0
    return gone


def _entered(story: Story, chapter: str | None) -> Runtime:
    """The start of a play (the first scene entered), as explore walks it."""
    runtime = Runtime(story, initial_state(story, chapter))
    runtime.enter(runtime.state.scene)
    return runtime


def _seasons(root: Path, earn_in_one: int) -> Path:
    """Two seasons: money earned in the first is carried into the second, whose market needs
    3 coins (the second earns none); its well opens only on a day its days never reach."""
    one = [
        "      home:",
        "        text: Home, day {day}, {money} coins.",
        "        choices:",
        f"          - {{label: Work, goto: home, once: false, if: day < 4, "
        f"do: [{{add: {{money: {earn_in_one}}}}}, {{add: {{day: 1}}}}]}}",
        "          - {label: Rest, goto: home, once: false, if: day < 4, do: [{add: {day: 1}}]}",
        "          - {label: Go on, goto: square, once: false, if: day >= 4}",
    ]
    two = [
        "      square:",
        "        text: The square.",
        "        choices:",
        "          - {label: Market, goto: market, once: false, if: money >= 3 and day < 8}",
        "          - {label: Well, goto: well, once: false, if: day >= 9 and day < 8}",
        "          - {label: Wait, goto: square, once: false, if: day < 8, do: [{add: {day: 1}}]}",
        "          - {label: Leave, goto: gone, once: false, if: day >= 8}",
        "      market:",
        "        text: Apples.",
        "        choices:",
        "          - {label: Buy, goto: square, once: false, do: [{add: {money: -3}}]}",
        "      well:",
        "        text: Water.",
        "        next: square",
        "      gone:",
        "        text: Gone.",
        "        end: gone",
    ]
    return _write(root, {"one": ("home", one), "two": ("square", two)}, "{day: 1, money: 0}")


def test_money_carried_into_a_chapter_opens_its_market_but_no_day_opens_its_well(
    tmp_path: Path,
) -> None:
    story = load_story(_seasons(tmp_path / "rich", earn_in_one=1))
    # The whole story: 3 days of work bring 3 coins; the well is shut on every day.
    assert _proven(story, None, {"market", "well"}) == {"well"}
    # Replayed by name, the second season starts with no money: the market is shut too.
    assert _proven(story, "two", {"market", "well"}) == {"market", "well"}
    walk = explore(story, every_state=True)
    assert walk["complete"] and walk["unreached"] == ["well"]


def test_a_chapter_that_earns_too_little_leaves_the_market_shut(tmp_path: Path) -> None:
    story = load_story(_seasons(tmp_path / "poor", earn_in_one=0))
    assert _proven(story, None, {"market", "well"}) == {"market", "well"}
    walk = explore(story, every_state=True)
    assert walk["complete"] and walk["unreached"] == ["market", "well"]


def test_the_whole_story_of_seasons_is_proven_without_its_walk(tmp_path: Path) -> None:
    story = load_story(_seasons(tmp_path / "rich", earn_in_one=1))
    found = witnessed.witness(story, None)
    assert found.settled
    assert "well" not in found.reached and "market" in found.reached


@pytest.mark.parametrize("rich", [False, True])
def test_no_scene_the_full_walk_enters_is_ever_proven_out_of_reach(
    tmp_path: Path, rich: bool
) -> None:
    proven = 0
    for seed in range(40):
        pack = _random_pack(tmp_path / str(seed), seed, sticky_loops=True, rich=rich)
        story = load_story(pack)
        # (a walk cut at its cap still reached what it reached)
        reached = Explorer(story).walk(_entered(story, None), 50_000).reached
        gone = _proven(story, None, set(story.scenes))
        assert not gone & reached, (seed, sorted(gone & reached))
        proven += len(gone)
        for chapter in story.chapters:
            replay = Explorer(story).walk(_entered(story, chapter), 50_000)
            mine = {s for s, scene in story.scenes.items() if scene.chapter == chapter}
            gone = _proven(story, chapter, mine)
            assert not gone & replay.reached, (seed, chapter, sorted(gone & replay.reached))
            proven += len(gone)
    assert proven > 0  # (some scenes are out of reach, and found so)


# Packs a reviewer wrote against the first version, each reaching `t` in the second chapter
# only with what the first brings, which that version proved out of reach.
HOLES = {
    # A number moved both ways is not read as "past the constants": 14 - 3 == 11.
    "a number moved both ways comes back": [
        "          - {label: Down, goto: s, once: false, if: x > 0, do: [{add: {x: -3}}]}",
        "          - {label: Win, goto: t, if: x == 11}",
        "          - {label: Out, goto: e, do: [{add: {x: 1}}]}",
    ],
    # "As much as you like" is more than any number a play can hold: x * 1000.
    "a number computed past half the limit": [
        "          - {label: Win, goto: t, if: x >= 800000000000000}",
        "          - {label: Lose, goto: e}",
    ],
    # A range with whole ends may hold a decimal inside.
    "a decimal inside a range": [
        "          - {label: Win, goto: t, if: x == 1.5}",
        "          - {label: Low, goto: e, if: x <= 0}",
        "          - {label: High, goto: e, if: x >= 3}",
    ],
}
FIRST_CHAPTER = {
    "a number moved both ways comes back": [
        "          - {label: T13, goto: s, do: [{set: {x: 13}}]}",
        "          - {label: T14, goto: s, do: [{set: {x: 14}}]}",
    ],
    "a number computed past half the limit": [
        "          - {label: Grow, goto: a, once: false, if: x < 900000000000000,"
        ' do: [{set: {x: "x * 1000"}}]}',
        "          - {label: Onward, goto: s}",
    ],
    "a decimal inside a range": [
        "          - {label: Zero, goto: s, do: [{set: {x: 0}}]}",
        "          - {label: Half, goto: s, do: [{set: {x: 1.5}}]}",
        "          - {label: Three, goto: s, do: [{set: {x: 3}}]}",
    ],
}


@pytest.mark.parametrize("hole", sorted(HOLES))
def test_what_a_first_chapter_brings_is_never_read_as_less(tmp_path: Path, hole: str) -> None:
    one = ["      a:\n        text: A.\n        choices:", *FIRST_CHAPTER[hole]]
    two = [
        "      s:\n        text: S.\n        choices:",
        *HOLES[hole],
        "      t:\n        text: T.\n        end: t",
        "      e:\n        text: E.\n        end: e",
    ]
    start = "{x: 1}" if "computed" in hole else "{x: 0}"
    story = load_story(_write(tmp_path / "p", {"one": ("a", one), "two": ("s", two)}, start))
    assert "t" in Explorer(story).walk(_entered(story, None), 50_000).reached
    assert "t" not in _proven(story, None, set(story.scenes))
