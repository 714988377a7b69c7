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


# An election: the town hall (as often as liked) wins a point from the rival; the third
# candidate's rally, once. Election night: us if ahead of both, else the rival if not
# behind the third, else the third.
ELECTION = """\
story:
  title: The count
  start: town
  chapters: [town]
  variables: {us: 30, rival: 34, third: THIRD}
chapters:
  town:
    title: The town
    period: "1997"
    start: office
    scenes:
      office:
        text: The office.
        choices:
          - {label: Town hall, goto: office, once: false, do: [{add: {us: 1, rival: -1}}]}
          - {label: The rally, goto: office, do: [{add: {third: 3}}]}
          - {label: Election night, goto: tally}
      tally:
        text: The count.
        choices:
          - {label: Us, goto: us_end, if: us > rival and us > third}
          - label: Rival
            goto: rival_end
            if: not (us > rival and us > third) and rival >= third
          - label: Third
            goto: third_end
            if: not (us > rival and us > third) and third > rival
      us_end:
        text: Us.
        end: us
      rival_end:
        text: Rival.
        end: rival
      third_end:
        text: Third.
        end: third
"""


@pytest.mark.parametrize(("third", "out"), [(18, True), (33, False)])
def test_a_result_no_order_of_the_numbers_allows_is_out_of_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, third: int, out: bool
) -> None:
    # The third holds 21 at most, and we never fall under 30: to be behind the rival (not
    # elected) and the rival behind the third is no order of the three. From 33 (36 after
    # the rally) the third leads a rival still at 34 who is ahead of us.
    story = _story(tmp_path, ELECTION.replace("THIRD", str(third)))
    report = explore(story)
    assert report["complete"] and report["proof"] == "playthroughs"
    assert ("third_end" in report["unreached"]) == out
    if out:
        monkeypatch.setattr(escape_module.Escape, "_in_no_order", lambda *_: False)
        assert "third_end" in _escape(story).at_scene


def test_one_condition_read_with_other_pairs_is_read_anew(tmp_path: Path) -> None:
    # The same condition read in every order of its own pairs, then of its scene's (more,
    # or in another order): each reading substitutes its own (a condition kept by its
    # `id` alone took the other reading's truths).
    story = _story(tmp_path, ELECTION.replace("THIRD", "18"))
    escape = _escape(story)
    tree = escape_module.condition_tree("not (us > rival and us > third) and third > rival")
    mine = escape_module._compared_pairs([tree])
    other = mine[::-1]
    for signs in [(-1, 0, 1), (1, 1, -1)]:
        a = escape._in_order(tree, mine, signs)
        b = escape._in_order(tree, other, signs)
        assert a == _substituted(tree, mine, signs) and b == _substituted(tree, other, signs)


def _substituted(tree: tuple, pairs: list, signs: tuple) -> tuple:
    for pair, sign in zip(pairs, signs, strict=True):
        tree = escape_module._ordered(tree, pair, sign)
    return tree
