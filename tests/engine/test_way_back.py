"""Once-only ways read on the ways that can open (way_back.py, escape.py `_read_ways_back`).

House_hubs seed 17 left its whole hall in question and walked past a million states: every
play there can still stop, but only because a deep room whose draught never blows (the
window is forced at the gate, for good) is a dead end, and because a play back from the staff
room has been through the passage that lights the torch the deep room's back way needs. The
bare scene graph sees a way back from the deep room, and no passage on the way back."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import house_hubs
from engine.test_escape_numbers import _escape, _story
from engine.test_visit_bounds import _agrees_with_the_walk

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools import way_back
from cellseven_game.engine.tools.escape import Escape
from cellseven_game.engine.tools.witnessed import witness

HEAD = """\
story:
  title: Night school
  start: night
  chapters: [night]
  variables: {forced: false, torch: false}
chapters:
  night:
    title: The night
    period: "1997"
    start: gate
    scenes:
      gate:
        text: The gate.
        do: [{flag: forced}]
        next: hall
      deep:
        text: The deep room.
        choices:
          - {label: Follow the draught, goto: hall, if: torch and not forced, once: false}
      staff:
        text: The staff room.
        next: passage
      passage:
        text: The passage.
        do: [{flag: torch}]
        next: hall
"""

# The deep room by either door: whichever is open is never used up at the hall.
DOORS = (
    HEAD
    + """\
      hall:
        text: The hall.
        choices:
          - {label: Walk round, goto: hall, once: false}
          - {label: The deep room, goto: deep, if: not torch}
          - {label: Slip into the deep room, goto: deep, if: torch}
          - {label: The staff room, goto: staff}
"""
)

# The deep room only with the torch: without it, the staff room is not used yet.
TORCH = DOORS.replace("          - {label: The deep room, goto: deep, if: not torch}\n", "")


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Escape, "_read_ways_back", lambda self, first: None)


def test_a_room_whose_way_back_never_opens_is_never_left_used_up(tmp_path: Path) -> None:
    escape = _escape(_story(tmp_path, DOORS))
    assert all(m in escape.lasting for m in ("hall/the_deep_room", "hall/slip_into_the_deep_room"))
    # The staff room leads back: not lasting, but the passage is on every way back.
    assert "hall/the_staff_room" not in escape.lasting
    assert ("var", "torch", True) in (escape._made_back("hall/the_staff_room") or ())
    assert escape.free("hall")
    report = _agrees_with_the_walk(load_story(tmp_path))
    assert report["loops"] == [] and report["dead_ends"] == ["deep"]


def test_without_the_reading_the_hall_is_left_in_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _story(tmp_path, DOORS)
    assert witness(story, "night").open_loops == set()
    _no_reading(monkeypatch)
    assert not _escape(story).free("hall")


def test_a_play_back_from_the_staff_room_holds_the_torch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _story(tmp_path, TORCH)
    escape = _escape(story)
    assert escape.free("hall")
    _agrees_with_the_walk(story)
    # Not counting the passage on the way back, the torch out says nothing of the staff
    # room: no strategy.
    escape = _escape(story)
    escape._made_back = lambda mark: None  # type: ignore[method-assign]
    escape.proven.clear()
    assert not escape.free("hall")


def test_a_draught_that_can_blow_is_a_way_back(tmp_path: Path) -> None:
    # Nothing forces the window: the deep room leads back, its ways are used up.
    story = _story(tmp_path, DOORS.replace("do: [{flag: forced}]", "do: []"))
    escape = _escape(story)
    assert "hall/the_deep_room" not in escape.lasting
    _agrees_with_the_walk(story)


def test_dominators_pass_every_way_back() -> None:
    # a -> b -> d -> a and a -> c -> d: d is on every way back from b and from c; b only on
    # its own.
    edges = {"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": ["a"]}
    once = [("a/b", "a", "b"), ("a/c", "a", "c")]
    part = {name: 0 for name in edges}
    reading = way_back.WaysBack(edges, once, part)
    assert (reading.passed("a/b"), reading.passed("a/c")) == (["b", "d"], ["c", "d"])
    # A second way from b straight back: d is no longer on every way back from b.
    edges["b"] = ["d", "a"]
    assert way_back.WaysBack(edges, once, part).passed("a/b") == ["b"]
    # A way that cannot open, or leads out of the component, never comes back.
    assert way_back.cut_off(edges, [*once, ("a/x", "a", "x")], part) == {"a/x"}
    assert way_back.cut_off(edges, once, {**part, "c": 1}) == {"a/c"}


def test_house_seed_17_is_proven(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = load_story(house_hubs.gen(tmp_path / "17", 17))
    found = witness(story, "night")
    assert found.settled and found.open_loops == set()
    # Without the reading its hall and every room round it are left in question (the
    # walk then caps out past a million states).
    _no_reading(monkeypatch)
    assert "assembly_hall" in witness(story, "night").open_loops
