"""A visit count read as a remainder (`visits hall % 2 == 0`): the walk keeps it as
counters.fold does, past its comparisons only its remainder, where it kept every count
and a hub's every visit was a new state without end (house_hubs.py: half its seeds read a
hub's count so, and their walks stopped only at their cap)."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine.test_escape_numbers import _escape, _story
from engine.test_visit_bounds import HEAD

from cellseven_game.engine.core.conditions import condition_tree
from cellseven_game.engine.tools import counters, explorer
from cellseven_game.engine.tools import escape as escape_module
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.counters import comparisons, fold, number_caps, visit_folds
from cellseven_game.engine.tools.future import INF, abstract_value

HALL = ("s", "hall")

# The garden opens on even visits to the hall, and its gate needs a visit count of 3 more
# than a multiple of 4: never, for the count does not change in the garden. The way out
# needs a count past 3 that leaves 1 by 3 (4, 7, 10 ...). The hall's "Wait" comes back to
# it: without end, a new count each time.
ROUNDS = (
    HEAD
    + """\
          - {label: Wait, goto: hall, once: false}
          - {label: The garden, goto: garden, if: visits hall % 2 == 0, once: false}
          - {label: Leave, goto: out, if: visits hall % 3 == 1 and visits hall > 3}
      garden:
        text: The garden.
        choices:
          - {label: Back, goto: hall, once: false}
          - {label: The gate, goto: gate, if: visits hall % 4 == 3}
      gate:
        text: The gate.
        end: gate
      out:
        text: Out.
        end: out
"""
)


@pytest.mark.parametrize(
    ("source", "compared", "loose", "periods"),
    [
        ("visits hall % 2 == 1", [], set(), {HALL: 2}),
        ("visits hall % 2 == 0 and visits hall >= 3", [([HALL], 3.0, 2.0)], set(), {HALL: 2}),
        ("visits hall % 3 == 0 or visits hall % 2 == 1", [], set(), {HALL: 6}),
        ("1 + visits hall % 2 == 1", [], set(), {HALL: 2}),
        # (`*` binds as `%` does: `(2 * visits hall) % 2`, read as a whole count)
        ("2 * visits hall % 2 == 0", [], {HALL}, {}),
        ("visits hall % 0 == 0", [], {HALL}, {}),
        ("(visits hall + 1) % 2 == 0", [], {HALL}, {}),
    ],
)
def test_a_count_read_as_a_remainder(
    source: str, compared: list[object], loose: set[object], periods: dict[object, int]
) -> None:
    assert comparisons(source) == (compared, loose, periods)


def test_a_folded_count_keeps_its_remainder_past_its_cap() -> None:
    assert [fold(n, 2.0, 2) for n in range(8)] == [0, 1, 2, 3, 2, 3, 2, 3]
    assert [fold(n, 0.0, 3) for n in range(7)] == [0, 1, 2, 0, 1, 2, 0]
    assert [fold(n, 2.0, 0) for n in range(5)] == [0, 1, 2, 2, 2]
    assert fold(9, counters.EXACT, 2) == 9


def test_the_hub_s_walk_ends_and_finds_the_gate_out_of_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _story(tmp_path, ROUNDS)
    assert visit_folds(story) == {"hall": (4.0, 12)}
    assert number_caps(story)[1]["hall"] == counters.EXACT  # (for readers without folds)
    walked = explore(story, every_state=True, max_states=5_000)
    assert walked["complete"] and walked["unreached"] == ["gate"]
    assert walked["endings"] == ["out"] and walked["states"] < 100
    # Every count kept (no fold): a new state at each wait, cut at the cap.
    monkeypatch.setattr(explorer, "visit_folds", lambda story: {})
    capped = explore(story, every_state=True, max_states=5_000)
    assert not capped["complete"] and capped["unreached"] == ["gate"]


def test_the_reading_keeps_each_remainder_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # escape.py's reading with the numbers and counts (`reached_counting`): the hall's count
    # is known exactly at each arrival, so its remainder by 12 is kept apart (and worked out
    # as the language does: future.abstract_value), and the garden, entered on even counts,
    # never opens the gate.
    story = _story(tmp_path, ROUNDS)
    escape = _escape(story)
    counted = escape.reached_counting(escape.first, remainders=True)
    assert counted is not None and "gate" not in counted[0] and "out" in counted[0]
    # (not asked to: the counts joined into a range, as when the reading comes first)
    counted = escape.reached_counting(escape.first)
    assert counted is not None and "gate" in counted[0]
    assert explore(story, quick_walk=0)["unreached"] == ["gate"]
    # Without the remainders kept apart, the counts are joined into a range: the gate may open.
    monkeypatch.setattr(escape_module, "_visit_folds", lambda story: {})
    counted = _escape(story).reached_counting(escape.first, remainders=True)
    assert counted is not None and "gate" in counted[0]


@pytest.mark.parametrize(
    ("source", "x", "value"),
    [
        ("x % 3", (7.0, 7.0), (1.0, 1.0)),
        ("x % 3", (0.0, 10.0), (0.0, 3.0)),
        ("x % -3", (0.0, 10.0), (-3.0, 0.0)),
        ("x / 2", (7.0, 7.0), (3.5, 3.5)),
        ("x % 0", (7.0, 7.0), (0.0, 0.0)),
        ("x / 2", (0.0, 10.0), (-INF, INF)),
        ("x % 2", (0.0, INF), (0.0, 2.0)),
    ],
)
def test_a_remainder_of_a_known_count(
    source: str, x: tuple[float, float], value: tuple[float, float]
) -> None:
    assert abstract_value(condition_tree(source), lambda leaf: x) == value


# A hall whose boxroom opens on even visits and pantry on odd ones: every play there can
# leave by the pantry's door, on an odd visit, come to straight or after the boxroom.
PARITY = (
    HEAD
    + """\
          - {label: The boxroom, goto: boxroom, if: visits hall % 2 == 0, once: false}
          - {label: The pantry, goto: pantry, if: visits hall % 2 == 1, once: false}
      boxroom:
        text: The boxroom.
        choices:
          - {label: Back, goto: hall, once: false}
          - {label: The stair, goto: stair, if: visits hall % 2 == 1}
      pantry:
        text: The pantry.
        choices:
          - {label: Back, goto: hall, once: false}
          - {label: The door, goto: out, if: visits hall % 2 == 1}
      stair:
        text: The stair.
        end: stair
      out:
        text: Out.
        end: out
"""
)


def test_a_strategy_reads_the_hall_s_count_by_its_remainder(tmp_path: Path) -> None:
    story = _story(tmp_path, PARITY)
    escape = _escape(story)
    assert escape.remainders == {"hall": (1.0, 2)}
    # Each count the hall's may be kept as (never entered, odd, even), a strategy each.
    assert escape.free("hall")
    report = explore(story, quick_walk=0)
    walked = explore(story, every_state=True)
    assert report["unreached"] == walked["unreached"] == ["stair"]
    assert report["loops"] == walked["loops"] == [] and report["proof"] != "states"
    # Read as a range of counts, neither way is sure at the hall: no strategy.
    escape = _escape(story)
    escape.remainders = {}
    assert not escape.free("hall")
