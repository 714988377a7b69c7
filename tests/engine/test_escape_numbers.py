"""escape.py's reading of numbers: a whole number's range is rounded inwards (`oil > 0`
holds from 1) and a range that keeps growing stops at the values the story names before it
goes to infinity. The cellars of the outside journal (1,000 scenes) were left in question
as dead ends, and the whole story walked: oil, taken a mark a room while some was left,
read as anything from minus infinity."""

from __future__ import annotations

from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.conditions import condition_tree
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import initial_state
from cellseven_game.engine.tools import escape as escape_module
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.escape import Escape, _linear, _widened, whole_numbers
from cellseven_game.engine.tools.future import LIMIT, Future, abstract_value
from cellseven_game.engine.tools.witnessed import Budget, witness

LANTERN = """\
story:
  title: Lantern
  start: house
  chapters: [house]
  variables: {oil: 0, pages: 0}
chapters:
  house:
    title: The house
    period: "1893"
    start: door
    scenes:
      door:
        text: The door.
        do: [{set: {oil: 6}}]
        next: hall
      hall:
        text: "Oil: {oil}."
        choices:
          - {label: The study, goto: study, if: oil > 0, once: false}
          - {label: The library, goto: library, if: oil > 0, once: false}
          - {label: The parlour, goto: parlour, if: oil > 0, once: false}
          - {label: The kitchen, goto: kitchen, once: false}
          - {label: The cellar, goto: cellar, once: false}
          - {label: Leave, goto: out, if: pages >= 2}
      study:
        text: The study.
        do: [{add: {oil: -1}}]
        choices:
          - {label: Take the page, goto: hall, do: [{add: {pages: 1}}]}
          - {label: Back, goto: hall, once: false}
      library:
        text: The library.
        do: [{add: {oil: -1}}]
        next: hall
      parlour:
        text: The parlour.
        do: [{add: {oil: -1}}]
        choices:
          - {label: Take the page, goto: hall, do: [{add: {pages: 1}}]}
          - {label: Back, goto: hall, once: false}
      kitchen:
        text: The kitchen.
        choices:
          - {label: Fill the lantern, goto: hall, do: [{set: {oil: 6}}]}
          - {label: Leave the oil, goto: hall, once: false}
      cellar:
        text: The cellar.
        choices:
          - {label: Search the shelves, goto: hall, if: oil > 1, do: [{add: {oil: -1, pages: 1}}]}
          - {label: Climb back up, goto: hall, if: oil > 0, once: false}
          - {label: Feel along the wall, goto: dark, if: oil == 0, once: false}
      dark:
        text: Darkness.
        next: cellar_deep
      cellar_deep:
        text: Stone.
        next: dark
      out:
        text: Out.
        end: out
"""


def _story(tmp_path: Path, text: str = LANTERN) -> Story:
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    return load_story(tmp_path)


def _escape(story: Story) -> Escape:
    first = initial_state(story)
    Runtime(story, first).enter(first.scene)
    future = Future(story, None)
    future.reachable(first)
    return Escape(story, None, future, first)


def test_the_cellar_always_has_a_way_on(tmp_path: Path) -> None:
    escape = _escape(_story(tmp_path))
    # Every room costs a mark of oil and is entered only while some is left: never below 0.
    low, _ = escape._at("cellar").value("oil")  # type: ignore[misc]
    assert low == 0
    # `oil > 0` or `oil == 0`: one of the two sticky ways is open at every visit.
    assert escape.never_stops("cellar")


def test_a_fraction_anywhere_keeps_a_number_from_being_whole(tmp_path: Path) -> None:
    story = _story(
        tmp_path,
        LANTERN.replace("oil: -1}}]\n        next: hall", "oil: -0.5}}]\n        next: hall"),
    )
    assert "pages" in whole_numbers(story)
    assert "oil" not in whole_numbers(story)
    # Read as a fraction, `oil > 0` no longer holds from 1: the rooms may leave 0.25, say.
    assert not _escape(story).never_stops("cellar")


@pytest.mark.parametrize(
    ("was", "joined", "widened"),
    [
        ((3.0, 6.0), (2.0, 6.0), (1.0, 6.0)),  # down to the next value named
        ((0.0, 6.0), (-1.0, 6.0), (-1.0, 6.0)),
        ((-1.0, 6.0), (-2.0, 6.0), (float("-inf"), 6.0)),  # past them all
        ((0.0, 3.0), (0.0, 4.0), (0.0, 6.0)),
        ((0.0, 6.0), (0.0, 7.0), (0.0, float("inf"))),
    ],
)
def test_a_widened_range_stops_at_the_next_value_named(
    was: tuple[float, float], joined: tuple[float, float], widened: tuple[float, float]
) -> None:
    assert _widened(was, joined, (-1.0, 0.0, 1.0, 6.0)) == widened


CASE = """\
story:
  title: A case
  start: case
  chapters: [case]
  variables: {clues: 0, solved: 0}
chapters:
  case:
    title: The case
    period: "1960"
    start: office
    scenes:
      office:
        text: "Clues: {clues}."
        choices:
          - {label: The warehouse, goto: warehouse, once: false}
          - {label: The pier, goto: pier}
          - {label: The flat, goto: flat, once: false}
          - {label: Go to court, goto: court, once: false, if: clues >= 1}
      warehouse:
        text: Crates.
        choices:
          - {label: Search, goto: office, do: [{add: {clues: 1}}]}
          - {label: Back, goto: office, once: false}
      pier:
        text: Gulls.
        choices:
          - {label: Search, goto: office, do: [{add: {clues: 1}}]}
          - {label: Back, goto: office, once: false}
      flat:
        text: Dust.
        choices:
          - {label: Search, goto: office, do: [{add: {clues: 2}}]}
          - {label: Back, goto: office, once: false}
      court:
        text: The verdict.
        do: [{add: {solved: 1}}]
        choices:
          - {label: Retire with honours, goto: honour, if: solved * 2 > 5}
          - {label: Walk home, goto: quiet, if: solved * 2 <= 5}
      honour:
        text: Honour.
        end: honour
      quiet:
        text: Quiet.
        end: quiet
"""


def test_a_clue_found_for_good_lets_a_case_go_to_court(tmp_path: Path) -> None:
    """A search is once-only and adds to `clues`, which only ever rises: once taken,
    `clues >= 1` holds for good. With no clue yet, a search is surely still there, and the
    office's sticky rooms are no trap (the outside cases: every case left in question)."""
    story = _story(tmp_path, CASE)
    assert ("at_least", "clues", 1.0) in _escape(story).marks_make["warehouse/search"]
    assert ("at_least", "clues", 2.0) in _escape(story).marks_make["flat/search"]
    found = witness(story, None, Budget())
    assert found.settled and not found.open_loops
    report = explore(story, quick_walk=0)
    walked = explore(story, every_state=True)
    assert report["proof"] == "playthroughs"
    assert (
        (report["loops"], report["dead_ends"]) == (walked["loops"], walked["dead_ends"]) == ([], [])
    )


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("solved * 2", ("solved", 2.0, 0.0)),
        ("-n + 3", ("n", -1.0, 3.0)),
        ("2 * (n - 1)", ("n", 2.0, -2.0)),
        ("n * m", None),
        ("n / 2", None),
        ("n - n", None),
    ],
)
def test_a_number_scaled_and_moved_by_constants_is_a_line(
    source: str, line: tuple[str, float, float] | None
) -> None:
    assert _linear(condition_tree(source)) == line


def test_a_scaled_number_is_cut_where_its_comparison_turns(tmp_path: Path) -> None:
    escape = _escape(_story(tmp_path, CASE))
    known = escape.start.with_value("solved", (0.0, float("inf")))
    halves = escape._cut(condition_tree("solved * 2 > 5"), known)
    assert [half.value("solved") for half in halves] == [(0.0, 2.0), (3.0, float("inf"))]
    # and each half settles both ways out of the court
    for half in halves:
        values = {
            escape._value(condition_tree(c), half) for c in ("solved * 2 > 5", "solved * 2 <= 5")
        }
        assert values == {frozenset((True,)), frozenset((False,))}


@pytest.mark.parametrize(
    ("left", "right", "product"),
    [
        ((3.0, float("inf")), (2.0, 2.0), (6.0, LIMIT)),
        ((-1.0, 2.0), (-3.0, 4.0), (-6.0, 8.0)),
        ((0.0, 0.0), (float("-inf"), float("inf")), (0.0, 0.0)),
    ],
)
def test_a_product_of_ranges(
    left: tuple[float, float], right: tuple[float, float], product: tuple[float, float]
) -> None:
    values = {"a": left, "b": right}
    assert abstract_value(condition_tree("a * b"), lambda t: values[t[1]]) == product


# The yard's sticky well and the road out, shared by the two packs below.
WELL_AND_ROAD = """\
      well:
        text: The well.
        choices:
          - {label: Back, goto: hub, once: false}
      out:
        text: The road.
        end: out
"""


CHAPEL = (
    """\
story:
  title: Chapel
  start: yard
  chapters: [yard]
  variables: {trust: 0}
chapters:
  yard:
    title: The yard
    period: "1997"
    start: gate
    scenes:
      gate:
        text: A gate.
        do: [{add: {trust: 1}}]
        next: hub
      hub:
        text: The yard.
        choices:
          - {label: The chapel, goto: chapel}
          - {label: The well, goto: well, once: false}
          - {label: Leave, goto: out, if: trust > 1}
      chapel:
        text: Candles.
        do: [{add: {trust: 1}}]
        next: hub
"""
    + WELL_AND_ROAD
)


def test_a_way_raises_a_number_from_what_it_holds_where_the_way_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`trust` only rises, and every play holds 1 of it at the yard (the gate's): the chapel,
    once-only from there, leaves it at 2 or more for good. So with 1, the chapel is surely
    still there, and the well is no trap. Counted from the story's first value, 0, the
    chapel would only promise 1, which every play holds anyway (corridor_hubs.py seed 43:
    its rooms walked past a million states, where the proof now takes 0.3 s)."""
    story = _story(tmp_path, CHAPEL)
    escape = _escape(story)
    assert ("at_least", "trust", 2.0) in escape.marks_make["hub/the_chapel"]
    assert escape.free("well") and escape.free("hub")
    report = explore(story, quick_walk=0)
    walked = explore(story, every_state=True)
    assert report["proof"] == "playthroughs"
    assert (report["loops"], report["dead_ends"]) == (walked["loops"], walked["dead_ends"])
    # Without the reading of what the yard holds: the story's first value, and no proof.
    monkeypatch.setattr(Escape, "_least_at", lambda self, scene_id, name: None)
    escape = _escape(story)
    assert ("at_least", "trust", 1.0) in escape.marks_make["hub/the_chapel"]
    assert not escape.free("well")


STUDY = (
    """\
story:
  title: Study
  start: yard
  chapters: [yard]
  variables: {key: false, trust: 0}
chapters:
  yard:
    title: The yard
    period: "1997"
    start: gate
    scenes:
      gate:
        text: A gate.
        next: hub
      hub:
        text: The yard.
        choices:
          - {label: The hall, goto: hall}
          - {label: The well, goto: well, once: false}
          - {label: The vault, goto: vault, if: trust > 5}
          - {label: Leave, goto: out, if: key}
      hall:
        text: A hall.
        choices:
          - {label: On to the study, goto: study}
      study:
        text: A key on the desk.
        do: [{set: {key: true}}]
        next: hub
      vault:
        text: The vault.
        do: [{set: {key: false}}]
        next: hub
"""
    + WELL_AND_ROAD
)


def test_a_flag_cleared_only_where_no_play_goes_is_set_for_good(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The study sets `key`, and only the vault clears it, which no play enters (`trust`
    never rises past 5): the way on to the study leaves the key for good. The hall is entered
    only by its once-only way from the yard and left only by its own, so a play back in the
    yard has used both or neither: without the key, neither, and the study is still there
    (corridor_hubs.py seeds 6 and 29: walked, 348,000 and 157,000 states in 7 to 19 s; now
    proven in under a second)."""
    story = _story(tmp_path, STUDY)
    escape = _escape(story)
    assert "vault" not in escape.at_scene
    assert ("var", "key", True) in escape.marks_make["hall/on_to_the_study"]
    without_key = escape._at("hub").with_value("key", frozenset((False,)))
    assert not escape._may_hold("hub", "hub/the_hall", escape._marked(without_key, "hub/the_hall"))
    assert escape.free("well") and escape.free("hub")
    report = explore(story, quick_walk=0)
    walked = explore(story, every_state=True)
    assert report["proof"] == "playthroughs"
    assert (report["loops"], report["dead_ends"]) == (walked["loops"], walked["dead_ends"])
    # Counting the vault's effect too: the key is not set for good, and there is no proof.
    monkeypatch.setattr(Escape, "_least_at", lambda self, scene_id, name: None)
    whole = escape_module._what_marks_make(story)
    assert ("var", "key", True) not in whole["hall/on_to_the_study"]
    monkeypatch.setattr(escape_module, "_what_marks_make", lambda story, *_: whole)
    assert not _escape(story).free("well")
