"""How many visits a play can have made, read from the scene graph (escape.py): a scene is
entered at most as often as the ways into it can be taken (graph_bounds.entries_along), and
a play elsewhere has left a scene as often as it entered it, which a scene left only by
once-only ways allows once each (escape._leaves_most). An ending behind `visits X >= 2` is
then out of reach, where reading visits as anything left it in question and the story was
walked (an outside generator's houses: a lamp room behind three visits to a ring of rooms
whose first door is once-only; a last train behind two visits to a subway corner whose one
way out is once-only)."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import house_hubs
from engine.test_escape_numbers import _escape, _story

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.conditions import condition_tree
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.tools import escape as escape_module
from cellseven_game.engine.tools import graph_bounds
from cellseven_game.engine.tools.analysis import explore

HEAD = """\
story:
  title: Rounds
  start: yard
  chapters: [yard]
chapters:
  yard:
    title: The yard
    period: "1997"
    start: hall
    scenes:
      hall:
        text: The hall.
        choices:
"""

RING = (
    HEAD
    + """\
          - {label: The ring, goto: ring_a}
          - {label: The tower, goto: tower, once: false}
          - {label: Leave, goto: out, once: false}
      ring_a:
        text: A.
        choices:
          - {label: Onward, goto: ring_b}
          - {label: Out, goto: hall, once: false}
      ring_b:
        text: B.
        choices:
          - {label: Onward, goto: ring_c, once: false}
      ring_c:
        text: C.
        choices:
          - {label: Onward, goto: ring_a, once: false}
      tower:
        text: The tower.
        choices:
          - {label: Up, goto: top, if: visits ring_c >= 2}
          - {label: Down, goto: hall, once: false}
      top:
        text: The top.
        end: top
      out:
        text: Out.
        end: out
"""
)

NOOK = (
    HEAD
    + """\
          - {label: The nook, goto: nook, once: false}
          - {label: Leave, goto: road, once: false}
      nook:
        text: A nook.
        choices:
          - {label: Back, goto: hall}
      road:
        text: The road.
        choices:
          - {label: Late, goto: late, if: visits nook >= 2}
          - {label: Home, goto: home}
      late:
        text: Late.
        end: late
      home:
        text: Home.
        end: home
"""
)


def _agrees_with_the_walk(story: Story) -> dict[str, object]:
    report = explore(story, quick_walk=0)
    walked = explore(story, every_state=True)
    for key in ("unreached", "endings", "dead_ends", "loops", "complete"):
        assert report[key] == walked[key], key
    return report


def test_a_ring_whose_first_door_is_once_only_is_gone_round_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _story(tmp_path, RING)
    along = graph_bounds.entries_along(story, "hall", ())
    assert (along["ring_a"], along["ring_b"], along["ring_c"]) == (2, 1, 1)
    assert along["hall"] == along["tower"] == float("inf")
    assert "top" not in _escape(story).at_scene
    report = _agrees_with_the_walk(story)
    assert report["unreached"] == ["top"] and report["proof"] == "playthroughs"
    # Each scene's ways in alone: ring_c is entered by a sticky way, so any number of times.
    monkeypatch.setattr(
        escape_module, "entries_along", lambda story, *_: dict.fromkeys(story.scenes, float("inf"))
    )
    assert "top" in _escape(story).at_scene


def test_a_scene_left_only_by_a_once_only_way_is_left_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _story(tmp_path, NOOK)
    assert escape_module._leaves_most(story, "nook") == 1
    assert escape_module._leaves_most(story, "hall") == float("inf")
    assert escape_module._leaves_most(story, "late") == 0
    assert "late" not in _escape(story).at_scene
    report = _agrees_with_the_walk(story)
    # (a second visit to the nook is a dead end: its one way out is used)
    assert report["unreached"] == ["late"] and report["dead_ends"] == ["nook"]
    assert report["proof"] == "playthroughs"
    monkeypatch.setattr(escape_module, "_leaves_most", lambda story, scene_id: float("inf"))
    assert "late" in _escape(story).at_scene


@pytest.mark.parametrize(("seed", "hidden"), [(8, "lamp_room_inner"), (34, "end_late")])
def test_an_outside_house_s_rooms_behind_visits_are_out_of_reach(
    tmp_path: Path, seed: int, hidden: str
) -> None:
    """house_hubs.py (an outside generator): seed 8's lamp room needs three visits to a
    ring behind a once-only door, seed 34's last train two to a corner left by a once-only
    way. Both were walked past a million states; now the proof settles them."""
    report = explore(load_story(house_hubs.gen(tmp_path / str(seed), seed)))
    assert hidden in report["unreached"]
    assert report["proof"] == "playthroughs" and report["complete"]


FOGHORN = (
    HEAD
    + """\
          - {label: The foghorn, goto: foghorn, once: false}
          - {label: The log room, goto: log_room, once: false}
          - {label: Leave, goto: road, if: signed}
      foghorn:
        text: The foghorn.
        do: [{set: {wick: true}}]
        choices:
          - {label: Back, goto: hall, once: false}
      log_room:
        text: The log room.
        choices:
          - {label: The nook, goto: nook, if: visits foghorn > 1}
          - {label: Back, goto: hall, once: false}
      nook:
        text: The log, signed.
        do: [{set: {signed: true}}]
        next: hall
      road:
        text: The road.
        choices:
          - {label: Quietly, goto: quiet, if: not wick}
          - {label: Loudly, goto: loud}
      quiet:
        text: Quiet.
        end: quiet
      loud:
        text: Loud.
        end: loud
"""
).replace("  chapters: [yard]\n", "  chapters: [yard]\n  variables: {wick: false, signed: false}\n")


def test_a_scene_a_guard_says_was_visited_made_what_it_makes_for_good(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nook opens after two visits to the foghorn, whose entry trims the wick (only
    ever set so): a play that signed the log has trimmed it, and the quiet ending, which
    needs it untrimmed, is out of reach (house_hubs.py seed 20's, walked before)."""
    assert escape_module._visited_in(condition_tree("visits foghorn > 1 and lit")) == ["foghorn"]
    assert escape_module._visited_in(condition_tree("2 <= visits foghorn")) == ["foghorn"]
    assert escape_module._visited_in(condition_tree("visits foghorn > -1")) == []
    story = _story(tmp_path, FOGHORN)
    escape = _escape(story)
    assert ("var", "wick", True) in escape.marks_make["foghorn/"]
    # The flags read together (what shuts the quiet ending out): not there with the nook's
    # way read as not knowing the foghorn was visited.
    assert "quiet" not in (escape.reached_apart(escape.first) or ())
    report = _agrees_with_the_walk(story)
    assert report["unreached"] == ["quiet"] and report["proof"] == "playthroughs"
    monkeypatch.setattr(escape_module, "_visited_in", lambda tree: [])
    escape = _escape(story)
    assert "quiet" in (escape.reached_apart(escape.first) or ())
