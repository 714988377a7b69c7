"""The least and most a number can hold in a play, from how often each way changing it can
run (number_budget.py), and what escape.py reads with it: house_hubs.py seed 30's coins,
found once on the station steps, once behind the boiler house's forced door and once in the
porters' stair, never reach the 5 its last ending needs."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from engine.test_escape_numbers import _escape, _story
from engine.test_visit_bounds import _agrees_with_the_walk

from cellseven_game.engine.tools import escape as escape_module
from cellseven_game.engine.tools.graph_bounds import entries_along
from cellseven_game.engine.tools.number_budget import number_budget

STATION = """\
story:
  title: The station
  start: yard
  chapters: [yard]
  variables: {coins: 0, fares: 0, lamps: 2, luck: 0}
chapters:
  yard:
    title: The yard
    period: "1997"
    start: steps
    scenes:
      steps:
        text: The steps.
        do: [{add: {coins: 1}}]
        next: hall
      hall:
        text: The hall.
        choices:
          - {label: The stair, goto: stair}
          - {label: The boiler house, goto: boiler, once: false}
          - {label: Pay, goto: hall, if: coins >= 1, once: false, do: [{add: {coins: -1}}]}
          - {label: Wait, goto: hall, once: false, do: [{add: {fares: 1}}]}
          - {label: Trim a lamp, goto: hall, once: false, do: [{set: {lamps: 1}}]}
          - {label: Leave, goto: night, once: false}
      stair:
        text: The stair.
        do: [{add: {coins: 1}}]
        choices:
          - {label: Back, goto: hall, once: false}
      boiler:
        text: The boiler house.
        choices:
          - {label: Force the door, goto: hall, do: [{add: {coins: 1}}]}
          - {label: Back, goto: hall, once: false, do: [{set: {luck: coins * 2}}]}
      night:
        text: The night line.
        choices:
          - {label: Alone, goto: alone, if: coins >= 4}
          - {label: Home, goto: home}
      alone:
        text: Alone.
        end: alone
      home:
        text: Home.
        end: home
"""


def test_each_way_counted_as_often_as_it_can_run(tmp_path: Path) -> None:
    story = _story(tmp_path, STATION)
    along = entries_along(story, "steps", ())
    budget = number_budget(story, {**story.variables, "coins": 0}, along, "")
    # Three coins at most (the steps and the stair entered once, the forced door once-only);
    # any number spent, by a sticky way.
    assert budget["coins"] == (-math.inf, 3.0)
    assert budget["fares"] == (0.0, math.inf)  # a sticky way adds to it
    assert budget["lamps"] == (1.0, 2.0)  # set to 1 again and again: never more, never less
    assert budget["luck"] == (-math.inf, math.inf)  # worked out from other values
    # At the steps, entered already (their coin found): the hall's ways alone are to come.
    at_steps = number_budget(story, {**story.variables, "coins": 1}, along, "steps")
    assert at_steps["coins"] == (-math.inf, 3.0)


def test_a_set_to_itself_plus_a_constant_counts_as_that_add(tmp_path: Path) -> None:
    # The stair's coin and the forced door's written as `set`s from the coins themselves.
    text = STATION.replace(
        "text: The stair.\n        do: [{add: {coins: 1}}]",
        'text: The stair.\n        do: [{set: {coins: "coins + 1"}}]',
    ).replace("do: [{add: {coins: 1}}]}", 'do: [{set: {coins: "1 + coins"}}]}')
    assert text.count("set: {coins:") == 2
    story = _story(tmp_path, text)
    budget = number_budget(
        story, {**story.variables, "coins": 0}, entries_along(story, "steps", ()), ""
    )
    assert budget["coins"] == (-math.inf, 3.0)  # as when they were `add`s; not anything


def test_the_last_ending_is_out_of_reach(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = _story(tmp_path, STATION)
    escape = _escape(story)
    assert escape.held_within[escape.layout.where["coins"]] == (-math.inf, 3.0)
    counted = escape.reached_counting(escape.first)
    assert counted is not None and "alone" not in counted[0] and "home" in counted[0]
    report = _agrees_with_the_walk(story)
    assert "alone" in report["unreached"]
    # Without the budget the stair and the forced door are read as paying again at every
    # round of the hall: the coins rise without end, and the ending may be reached.
    monkeypatch.setattr(escape_module, "number_budget", lambda *_: {})
    escape = _escape(story)
    counted = escape.reached_counting(escape.first)
    assert counted is not None and "alone" in counted[0]


def test_scenes_shut_out_add_nothing(tmp_path: Path) -> None:
    """A stair no play enters (its way in needs a lamp no effect lights) adds nothing: the
    budget worked out again without it is a coin less."""
    story = _story(
        tmp_path,
        STATION.replace(
            "- {label: The stair, goto: stair}", "- {label: The stair, goto: stair, if: lit}"
        ).replace("luck: 0}", "luck: 0, lit: false}"),
    )
    escape = _escape(story)
    where = escape.layout.where["coins"]
    assert escape.held_within[where] == (-math.inf, 3.0)
    assert escape.budget_within(set(story.scenes) - {"stair"})
    assert escape.held_within[where] == (-math.inf, 2.0)
    assert not escape.budget_within(set(story.scenes) - {"stair"})  # (nothing closer)
