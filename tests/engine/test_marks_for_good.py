"""What a once-only choice makes true for good (escape._what_marks_make), and the sets that
change nothing (escape.changing_nothing): a room entered only while the lamp is out, that
puts it out, cannot put out a lamp once lit. Two outside hubs (other_hubs.py, seeds 321
and 347) were walked after their proof failed: a flag cleared that way was read as one
that may fall again, so a loop could not count on the room that lights it being unused
while the flag was still false."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import other_hubs
from benchmarks.proof_vs_walk import findings
from test_escape_numbers import _escape

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.escape import changing_nothing

LAMP = """\
story:
  title: Lamp
  start: c
  chapters: [c]
  variables: {lamp: false, mood: calm, n: 0}
chapters:
  c:
    title: C
    period: "1997"
    start: hall
    scenes:
      hall:
        text: Hall.
        choices:
          - {label: Dark room, goto: dark, if: not lamp, once: false}
          - {label: Light it, id: light, goto: lit}
          - {label: Blow on it, goto: hall, if: not lamp, do: [{set: {lamp: false}}]}
          - {label: Sulk, goto: sad, if: mood == "sad"}
          - {label: Cellar, goto: cellar, once: false}
          - {label: Out, goto: out, if: lamp}
      dark:
        text: Dark.
        do: [{set: {lamp: false}}, {add: {n: 1}}]
        choices:
          - {label: Again, goto: dark, if: n < 3}
          - {label: Back, goto: hall, once: false}
      lit:
        text: Lit.
        do: [{set: {lamp: true}}]
        next: hall
      sad:
        text: Sad.
        do: [{set: {mood: sad}}]
        next: hall
      cellar:
        text: A draught.
        do: [{set: {lamp: false}}]
        next: hall
      out:
        text: Out.
        end: out
"""


def _story(tmp_path: Path, text: str = LAMP) -> Story:
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    return load_story(tmp_path)


def test_the_sets_that_change_nothing(tmp_path: Path) -> None:
    # The choice that needs the lamp out and puts it out; the dark room, entered only while
    # it is out (or by its own way back, which changes nothing of it); the sulk. Not the
    # cellar, entered whatever the lamp.
    assert changing_nothing(_story(tmp_path)) == {("hall", 2, 0), ("dark", -1, 0), ("sad", -1, 0)}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # its way back lights the lamp first
        ("goto: dark, if: n < 3}", "goto: dark, if: n < 3, do: [{set: {lamp: true}}]}"),
        # a way in that needs nothing
        ("goto: out, if: lamp}", "goto: out, if: lamp}\n          - {label: Feel, goto: dark}"),
        # the entry lights it before putting it out
        ("do: [{set: {lamp: false}}, {add", "do: [{set: {lamp: true}}, {set: {lamp: false}}, {add"),
    ],
)
def test_a_set_that_may_change_something_is_kept(tmp_path: Path, old: str, new: str) -> None:
    assert old in LAMP
    found = changing_nothing(_story(tmp_path, LAMP.replace(old, new)))
    assert not any(scene == "dark" and choice == -1 for scene, choice, _ in found)
    assert ("hall", 2, 0) in found  # (the choice's own set is still found)


def test_a_flag_only_put_out_where_it_is_out_stays_lit(tmp_path: Path) -> None:
    # The cellar puts the lamp out whatever it was: lighting it is for good only without it.
    lit = ("var", "lamp", True)
    assert lit not in _escape(_story(tmp_path)).marks_make["hall/light"]
    (tmp_path / "no_cellar").mkdir()
    cellar = "do: [{set: {lamp: false}}]\n        next: hall"
    assert LAMP.count(cellar) == 1
    story = _story(tmp_path / "no_cellar", LAMP.replace(cellar, "next: hall"))
    assert lit in _escape(story).marks_make["hall/light"]


@pytest.mark.parametrize("seed", [321, 347])
def test_the_outside_hubs_are_proven_with_the_walks_findings(tmp_path: Path, seed: int) -> None:
    story = load_story(other_hubs.gen(tmp_path, seed))
    proof = explore(story, quick_walk=0)
    assert proof["proof"] == "playthroughs"
    assert findings(proof) == findings(explore(story, every_state=True))
