"""A chapter replayed by name that no play can leave (escape.py `Escape.leaves`): its one
way out needs the map, which the hall's own entry puts away, so the replay can only
wander until it stops in the garden, whose way back is once-only. `explore` once walked
such a chapter to a million states looking for its way out (house_hubs.py seed 16); now
the reading shows there is none, and the chapter's line says it is not replayable."""

from __future__ import annotations

from pathlib import Path

from engine.test_escape_numbers import _story
from engine.test_visit_bounds import _agrees_with_the_walk

from cellseven_game.engine.play.runtime import Unshown
from cellseven_game.engine.play.state import initial_state
from cellseven_game.engine.tools.escape import Escape
from cellseven_game.engine.tools.future import Future

HALL = """\
story:
  title: Maps
  start: gate
  chapters: [gate, house, road]
  variables: {map: false, coins: 0}
chapters:
  gate:
    title: The gate
    period: "1997"
    start: gate
    scenes:
      gate:
        text: The gate.
        choices:
          - {label: In, goto: hall}
  house:
    title: The house
    period: "1997"
    start: hall
    scenes:
      hall:
        text: The hall. You have {coins} coins.
        do: [{set: {map: false}}, {add: {coins: 1}}]
        choices:
          - {label: The study, goto: study, once: false}
          - {label: The garden, goto: garden, once: false}
          - {label: Out, goto: road, if: map and coins >= 2, once: false}
      study:
        text: The study.
        do: [{set: {map: true}}]
        next: hall
      garden:
        text: The garden.
        choices:
          - {label: Back, goto: hall}
  road:
    title: The road
    period: "1997"
    start: road
    scenes:
      road:
        text: The road.
        end: road
"""


def _leaves(story_text: str, tmp_path: Path) -> bool:
    story = _story(tmp_path, story_text)
    first = initial_state(story, "house")
    first.chapter = "house"
    Unshown(story, first).enter(first.scene)
    future = Future(story, "house")
    future.reachable(first)
    return Escape(story, "house", future, first).leaves


def test_a_chapter_whose_way_out_its_hall_puts_away_is_never_left(tmp_path: Path) -> None:
    assert not _leaves(HALL, tmp_path)
    story = _story(tmp_path, HALL)
    report = _agrees_with_the_walk(story)
    row = report["chapters"]["house"]
    # (read as maybe left, the chapter was walked: "states", not "playthroughs")
    assert row["proof"] == "playthroughs" and not row["replayable"]
    assert row["dead_ends"] == ["garden"] and row["loops"] == []
    assert report["chapters"]["road"]["replayable"]


def test_a_hall_that_keeps_the_map_is_left(tmp_path: Path) -> None:
    kept = HALL.replace("do: [{set: {map: false}}, {add: {coins: 1}}]", "do: [{add: {coins: 1}}]")
    assert _leaves(kept, tmp_path)
    report = _agrees_with_the_walk(_story(tmp_path, kept))
    assert report["chapters"]["house"]["replayable"]
