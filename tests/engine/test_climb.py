"""climb.py: a scene behind a number built up over a long story is reached by a search that
climbs toward it, and the proof of the whole story no longer falls back on a walk."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import outside_a, outside_b

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.conditions import condition_tree
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.climb import climb, numbered_ways, shortfall

SAVINGS = """\
story:
  title: Savings
  start: year
  chapters: [year]
  variables: {coins: 0, day: 0, lamp: false, rope: false, cat: false}
chapters:
  year:
    title: A year
    period: "1997"
    start: dawn
    scenes:
      dawn:
        text: Day {day}.
        choices:
          - {label: Work, goto: dusk, once: false, if: day < 60, do: [{add: {coins: 2, day: 1}}]}
          - {label: Idle, goto: dusk, once: false, if: day < 60, do: [{add: {day: 1}}]}
          - {label: Buy a lamp, goto: dusk, once: false, if: day < 60 and coins >= 3,
             do: [{add: {coins: -3, day: 1}}, {set: {lamp: true}}]}
          - {label: Find a rope, goto: dusk, once: false, if: day < 60,
             do: [{set: {rope: true}}, {add: {day: 1}}]}
          - {label: Feed the cat, goto: dusk, once: false, if: day < 60,
             do: [{set: {cat: true}}, {add: {day: 1}}]}
          - {label: Count the coins, goto: count, if: day >= 60}
      dusk:
        text: Night.
        next: dawn
      count:
        text: You count.
        choices:
          - {label: Buy the boat, goto: boat, if: coins >= 110 and cat}
          - {label: Walk home, goto: home}
      boat:
        text: A boat.
        end: boat
      home:
        text: Home.
        end: home
"""


def _state(**values: object) -> State:
    return State(scene="x", variables=dict(values))


@pytest.mark.parametrize(
    ("source", "values", "short"),
    [
        ("money >= 480", {"money": 470}, 10),
        ("money >= 480", {"money": 500}, 0),
        ("solved * 2 > 25", {"solved": 10}, 6),
        ("gold < 1269", {"gold": 1300}, 32),
        ("3 <= a + b", {"a": 1, "b": 0}, 2),
    ],
)
def test_shortfall_is_how_far_a_comparison_is_from_holding(
    source: str, values: dict[str, object], short: float
) -> None:
    assert shortfall(condition_tree(source), _state(**values)) == short


@pytest.mark.parametrize(
    ("source", "values"),
    [("lamp", {"lamp": True}), ("day == 3", {"day": 1}), ("name >= 3", {"name": "Ann"})],
)
def test_no_shortfall_where_no_number_is_compared(source: str, values: dict[str, object]) -> None:
    assert shortfall(condition_tree(source), _state(**values)) is None


def test_a_climb_reaches_the_boat_bought_with_saved_coins(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(SAVINGS, encoding="utf-8")
    story = load_story(tmp_path)
    first = initial_state(story)
    Runtime(story, first).enter(first.scene)
    assert [source for source, _ in numbered_ways(story, "boat", first)] == ["count"]
    assert numbered_ways(story, "home", first) == []  # no number to build up
    seen: list[State] = []
    spent, there = climb(story, None, "boat", seen.append, first)
    # 110 coins by day 60 needs 55 days of work and the cat fed: one way in a few.
    assert there is not None and there.scene == "count"
    assert any(s.ending == "boat" for s in seen)
    assert 0 < spent < 10_000


def test_forty_seasons_of_savings_are_proven_not_walked(tmp_path: Path) -> None:
    """outside_a.py seasons, 600 scenes: the farm is bought with the coins of 24 seasons.
    Random plays and seek.py never found it, and the whole story was walked instead (over
    60 s: the coins carried from season to season multiply the states)."""
    pack = tmp_path / "seasons"
    assert outside_a.main(["seasons", str(pack), "--scenes", "600"]) == 0
    report = explore(load_story(pack), max_states=50_000)
    assert report["proof"] == "playthroughs" and report["complete"]
    assert report["unreached"] == [] and report["states"] == 0
    assert report["endings"] == ["city", "farm", "stay"]


def test_the_castle_bought_with_forty_floors_of_gold_is_proven(tmp_path: Path) -> None:
    """outside_b.py dungeon, 500 scenes: the castle needs the gold of every floor, and hit
    points spent on early gold kill a play on a later one. The climb found it in 17,000
    states, past the 10,000 one start had, and the whole story was walked instead (a
    million states, capped, 78 s): its budget now grows with the scenes in reach."""
    pack = tmp_path / "dungeon"
    outside_b.main(["dungeon", str(pack), "--scenes", "500"])
    report = explore(load_story(pack), max_states=50_000)
    assert report["proof"] == "playthroughs" and report["complete"]
    assert report["endings"] == ["dead", "modest", "poor", "rich"]


def test_no_climb_to_numbers_only_ever_set(tmp_path: Path) -> None:
    # Dials set outright to 0-4: a sum of them is reached by setting, not built up, and a
    # climb ranking by its shortfall spent 10,000 states (2 s of a 6 s `explore`) on an
    # outside puzzle's chamber whose door a plain search opens in 59.
    dials = SAVINGS.replace("cat: false}", "cat: false, dial: 0}").replace(
        "          - {label: Walk home, goto: home}\n",
        "          - {label: Walk home, goto: home}\n"
        "          - {label: Turn the dial, goto: count, once: false, do: [{set: {dial: 4}}]}\n"
        "          - {label: Open the lock, goto: home, if: dial + dial >= 7}\n"
        "          - {label: Wind it up, goto: home, if: dial + visits count >= 9}\n",
    )
    (tmp_path / "story.yaml").write_text(dials, encoding="utf-8")
    story = load_story(tmp_path)
    first = initial_state(story)
    Runtime(story, first).enter(first.scene)
    ways = numbered_ways(story, "home", first)
    # (the lock's sum reads the dial alone: none; the winding reads a visit count too)
    assert [(source, len(parts)) for source, parts in ways] == [("count", 1)]
    assert ways[0][1][0] == condition_tree("dial + visits count >= 9")
    assert [source for source, _ in numbered_ways(story, "boat", first)] == ["count"]
