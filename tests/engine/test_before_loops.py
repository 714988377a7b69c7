"""The states before every loop, each proven apart (before_loops.py), and a `next` never
taken where a choice is surely open (escape.py `reached_apart`).

House_hubs seed 22 walked past a million states for two questions. Its rocks, below the
lighthouse, are come to four ways (two forks of two), and what any of the four could hold,
read together, includes a play with neither the chart marked nor the radio on, which no
play has: no strategy for that one. Its causeway is come to only with the lens clean, so
its `caught` always opens and its `next` to `quiet` is never taken; the flags read apart
still followed the `next`."""

from __future__ import annotations

from pathlib import Path

from benchmarks import house_hubs
from engine.test_escape_numbers import _escape, _story
from engine.test_visit_bounds import _agrees_with_the_walk

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.play.runtime import Unshown
from cellseven_game.engine.play.state import initial_state
from cellseven_game.engine.tools.before_loops import after_loops, states_before_loops
from cellseven_game.engine.tools.witnessed import witness

ROCKS = """\
story:
  title: The rocks
  start: night
  chapters: [night]
  variables: {lamp: false, rope: false}
chapters:
  night:
    title: The night
    period: "1962"
    start: path
    scenes:
      path:
        text: The path up.
        choices:
          - {label: Boldly, goto: rocks, do: [{flag: lamp}]}
          - {label: Carefully, goto: rocks, do: [{flag: rope}]}
      rocks:
        text: The rocks.
        next: hall
      hall:
        text: The foot of the tower.
        choices:
          - {label: Wait, goto: hall, once: false}
          - {label: Climb down, goto: cliff, if: rope}
          - {label: Light the lamp, goto: tower, if: lamp}
      cliff:
        text: The cliff.
        choices:
          - {label: Back up, goto: hall, if: lamp, once: false}
      tower:
        text: The lamp is lit.
        end: lit
"""

CAUSEWAY = """\
story:
  title: The causeway
  start: night
  chapters: [night]
  variables: {lens: false, coins: 0}
chapters:
  night:
    title: The night
    period: "1962"
    start: hall
    scenes:
      hall:
        text: The hall.
        choices:
          - {label: Wait, goto: hall, once: false}
          - {label: Find a coin, goto: hall, once: false, do: [{add: {coins: 1}}]}
          - {label: Clean the lens, goto: hall, do: [{flag: lens}]}
          - {label: Leave, goto: causeway, if: lens}
      causeway:
        text: The causeway.
        choices:
          - {label: Caught, goto: caught, if: coins > 2 or lens}
        next: quiet
      caught:
        text: Caught.
        end: caught
      quiet:
        text: Quiet.
        end: quiet
"""


def _first(story_dir: Path):  # type: ignore[no-untyped-def]
    story = load_story(story_dir)
    first = initial_state(story)
    Unshown(story, first).enter(first.scene)
    return story, first


def test_the_rocks_are_come_to_two_ways_each_proven(tmp_path: Path) -> None:
    _story(tmp_path, ROCKS)
    story, first = _first(tmp_path)
    assert after_loops(story) == {"hall", "cliff", "tower"}
    known = states_before_loops(story, first)
    assert sorted(known) == ["path", "rocks"]
    assert sorted(sorted(k for k, v in s.variables.items() if v) for s in known["rocks"]) == [
        ["lamp"],
        ["rope"],
    ]
    escape = _escape(story)
    # Read together, the rocks may hold neither the lamp nor the rope: no strategy.
    assert not escape.free("rocks")
    escape.only_states = known
    escape.proven.clear()
    escape.failed.clear()
    assert escape.free("rocks")
    assert "rocks" not in witness(story, "night").open_loops
    _agrees_with_the_walk(story)


def test_past_its_allowance_or_from_a_loop_nothing_is_known(tmp_path: Path) -> None:
    _story(tmp_path, ROCKS)
    story, first = _first(tmp_path)
    assert states_before_loops(story, first, most=2) == {}
    first.scene = "hall"
    assert states_before_loops(story, first) == {}


def test_a_next_behind_a_choice_surely_open_is_never_taken(tmp_path: Path) -> None:
    story = _story(tmp_path, CAUSEWAY)
    escape = _escape(story)
    reached = escape.reached_apart(escape.first)
    assert reached is not None and "quiet" not in reached and "caught" in reached
    report = _agrees_with_the_walk(story)
    assert report["unreached"] == ["quiet"]
    # Without the lens the choice may be shut: the `next` is followed.
    story = _story(
        tmp_path, CAUSEWAY.replace("Leave, goto: causeway, if: lens", "Leave, goto: causeway")
    )
    escape = _escape(story)
    reached = escape.reached_apart(escape.first)
    assert reached is not None and "quiet" in reached


def test_house_seed_22_s_rocks_and_causeway_are_settled(tmp_path: Path) -> None:
    story = load_story(house_hubs.gen(tmp_path / "22", 22))
    found = witness(story, "night")
    assert "rocks" not in found.open_loops and found.open_scenes == set()
    assert "end_quiet" not in found.reached
