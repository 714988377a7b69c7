"""A scene whose ways together cover every order of two numbers (escape.py
`_in_every_order`): `north > south`, `south > north`, `north == south`. No range of either
number alone shows that one is always open, so the scene stayed a dead end in question, and
the story was walked (an outside town of rumours, `outside_e.py rumours`: no report in a
minute at 40 scenes, out of memory at 1,000; proven in 0.3 s and 1.4 s now)."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import outside_e
from engine.test_escape_numbers import _escape, _story
from started import outside_story

from cellseven_game.engine.tools import escape as escape_module
from cellseven_game.engine.tools.analysis import explore

TOWN = """\
story:
  title: Two halves
  start: town
  chapters: [town]
  variables: {north: 0, south: 0, third: 0}
chapters:
  town:
    title: The town
    period: "1997"
    start: square
    scenes:
      square:
        text: The square.
        choices:
          - {label: Talk in the north, goto: square, once: false, do: [{add: {north: 1}}]}
          - {label: Talk in the south, goto: square, once: false, do: [{add: {south: 1}}]}
          - {label: Talk to the outsiders, goto: square, once: false, do: [{add: {third: 1}}]}
          - {label: Go to the council, goto: council}
      council:
        text: The council decides.
        choices:
WAYS
      north_end:
        text: North.
        end: north
      south_end:
        text: South.
        end: south
      both_end:
        text: Both.
        end: both
"""

TWO = """\
          - {label: North, goto: north_end, if: north > south}
          - {label: South, goto: south_end, if: "south > north"}
          - {label: Both, goto: both_end, if: "north == south"}
"""

THREE = """\
          - {label: North, goto: north_end, if: north > south and north > third}
          - {label: South, goto: south_end, if: "not (north > south and north > third) and south >= third"}
          - {label: Both, goto: both_end, if: "not (north > south and north > third) and third > south"}
"""  # noqa: E501

UNEVEN = """\
          - {label: North, goto: north_end, if: north + 1 > south}
          - {label: South, goto: south_end, if: "south > north + 1"}
"""  # (north + 1 == south: neither)


@pytest.mark.parametrize("ways", [TWO, THREE], ids=["two", "three"])
def test_ways_that_cover_every_order_never_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ways: str
) -> None:
    story = _story(tmp_path, TOWN.replace("WAYS\n", ways))
    assert _escape(story).never_stops("council")
    report = explore(story)
    assert report["dead_ends"] == [] and report["complete"] and report["proof"] == "playthroughs"
    monkeypatch.setattr(escape_module.Escape, "_in_every_order", lambda *_: False)
    assert not _escape(story).never_stops("council")


def test_an_order_no_way_covers_is_a_stop(tmp_path: Path) -> None:
    story = _story(tmp_path, TOWN.replace("WAYS\n", UNEVEN))
    assert escape_module._compared_pairs(
        [("cmp", ">", 0, ("arith", "+", 0, ("var", "a"), ("const", 1, "number")), ("var", "b"))]
    ) == [(("arith", "+", ("var", "a"), ("const", 1, "number")), ("var", "b"))]
    assert not _escape(story).never_stops("council")


def test_an_outside_town_of_rumours_is_proven(tmp_path_factory: pytest.TempPathFactory) -> None:
    story = outside_story(tmp_path_factory, outside_e.main, "rumours", "--scenes", "40")
    report = explore(story)
    assert report["proof"] == "playthroughs" and report["complete"]
    assert report["dead_ends"] == [] and report["unreached"] == []
    assert report["endings"] == ["balance", "north", "south"]
