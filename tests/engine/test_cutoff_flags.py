"""What a flag held for good cuts off (cutoff.py `for_good`, `_shut_by`).

A flag that every effect sets to the same value, once at that value, holds it for good: a
choice its value shuts (its condition false whatever else holds, the scene's own effects
counted) is never taken again, so the scenes and numbers only it led to stop mattering to
the states there. An outside generator's lighthouse shelf, whose way back needs the
shutters closed, which nothing closes once opened, kept every value of a favour only the
hall reads: 591,546 states walked, 391,718 now.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.proof_vs_walk import findings

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.tools import cutoff
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.cutoff import for_good
from cellseven_game.engine.tools.explorer import Explorer

# The hall reads `favour` (and adds to it); the shelf's way back needs the shutters shut
# (BACK), and the yard opens them for good (a `set` to true, nothing else).
PACK = """\
story:
  title: Shelf
  start: one
  chapters: [one]
  variables: {open: false, radio: false, marked: false, favour: 0, lamp: false}
chapters:
  one:
    title: One
    period: '1997'
    start: hall
    scenes:
      hall:
        text: Hall.
        choices:
          - {label: Yard, goto: yard, once: false}
          - {label: Shelf, goto: shelf, once: false}
          - {label: Mark, goto: hall, do: [{set: {marked: true}}]}
          - {label: Work, goto: hall, once: false, do: [{add: {favour: 1}}]}
          - {label: Lamp, goto: hall, once: false, do: [{set: {lamp: true}}, {set: {lamp: false}}]}
          - {label: Leave, goto: done, if: favour >= 30}
      yard:
        text: Yard.
        do: [{set: {open: true}}]
        next: hall
      shelf:
        text: Shelf.
        do: [{set: {radio: true}}]
        choices:
          - {label: Rummage, goto: shelf, once: false, if: marked}
          - {label: Back, goto: hall, once: false, if: BACK}
      done:
        text: Done.
        end: done
"""


def _story(tmp_path: Path, back: str) -> Story:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "story.yaml").write_text(PACK.replace("BACK", back), encoding="utf-8")
    return load_story(tmp_path)


def test_which_flags_hold_for_good(tmp_path: Path) -> None:
    kept = for_good(_story(tmp_path, "not open"))
    assert kept["open"] == (True,) and kept["marked"] == (True,) and kept["radio"] == (True,)
    assert "lamp" not in kept  # set both ways
    assert "favour" not in kept  # a number


@pytest.mark.parametrize(
    "back",
    [
        "not (open and radio)",  # shut once the shutters are open (the shelf lit the radio)
        "not open",  # written bare: asked of the state as it is, so `open` must stay in it
        "not open or lamp",  # `lamp` is set both ways: no cut
    ],
)
def test_a_way_shut_for_good_cuts_what_lies_past_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, back: str
) -> None:
    story = _story(tmp_path, back)
    cut = explore(story, every_state=True, max_states=50_000)
    # What a state on the shelf keeps: the favour the hall reads only while the way back
    # can still open.
    story = _story(tmp_path / "live", back)
    at = Explorer(story).cutoff.at
    held = {"radio": True, "marked": True, "favour": 3, "lamp": False}
    shut = at("shelf", set(), {**held, "open": True})
    assert "favour" in at("shelf", set(), {**held, "open": False}).variables
    assert ("favour" in shut.variables) is ("lamp" in back)
    assert "open" in shut.variables  # (its way back is still asked: `open` stays in it)
    monkeypatch.setattr(cutoff, "for_good", lambda _story: {})
    whole = explore(_story(tmp_path / "again", back), every_state=True, max_states=50_000)
    assert cut["complete"] and whole["complete"]
    assert findings(cut) == findings(whole)
    assert "shelf" in cut["loops"]  # rummaging with the shutters open, for ever
