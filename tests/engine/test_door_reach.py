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
