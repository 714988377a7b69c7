"""A loop that raises one number until it passes another that the loop leaves alone
(escape.py `_goals`, `_budgeted`; graph_bounds.entries_along).

An outside puzzle's rooms (`outside_c.py puzzle`) each have a `rattle` of the door that loops
back with `attempts` raised, and a way to smash the mechanism once `gears < attempts`. The
gears are raised in the notes and at the doors, scenes a play enters once: the door is a
sticky way from a room the rattle loops round, but leads on to the next chamber, which
never leads back. Two things kept the rooms unproven, and the story was walked without end
(`attempts` is compared with a number, not a constant, so every value is a state):

- a scene on no loop of the graph was counted as entered as often as the way to it is
  offered, so the gears a play can hold were read as without bound;
- a comparison of two numbers gave a goal to the number on its left alone, so the attempts,
  on the right, were never raised past the gears.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import outside_c
from engine.test_escape_numbers import _escape, _story
from started import outside_story

from cellseven_game.engine.tools import escape as escape_module
from cellseven_game.engine.tools import graph_bounds
from cellseven_game.engine.tools.analysis import explore

# A well: the rope is knotted longer once (`knot`, reached by a sticky way from a yard that
# loops on itself, and never led back to) and a spare length spliced in once (a once-only
# way that loops back: read forward, the rope grows without end), and the bucket lowered as
# often as the player likes; water is drawn once it hangs deeper than the rope is long.
WELL = """\
story:
  title: The well
  start: yard
  chapters: [yard]
  variables: {rope: 20, depth: 0}
chapters:
  yard:
    title: The yard
    period: "1997"
    start: yard
    scenes:
      yard:
        text: A yard, a well in it.
        choices:
          - {label: Pace the yard, goto: yard, once: false}
          - {label: Knot the rope longer, goto: knot, once: false}
      knot:
        text: Thirty arms of rope more.
        do: [{add: {rope: 30}}]
        next: well
      well:
        text: The bucket hangs {depth} arms down.
        choices:
          - label: Lower the bucket
            goto: well
            once: false
            do: [{add: {depth: 1}}]
          - {label: Draw water, goto: water, if: "GUARD"}
          - {label: Splice in the spare length, goto: splice}
      splice:
        text: One arm more.
        do: [{add: {rope: 1}}]
        next: well
      water:
        text: Cold water.
        end: water
"""


@pytest.mark.parametrize(
    "guard", ["depth > rope", "depth >= rope", "rope < depth", "rope <= depth", "rope + 0 < depth"]
)
def test_a_loop_raises_a_number_past_one_it_leaves_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, guard: str
) -> None:
    story = _story(tmp_path, WELL.replace("GUARD", guard))
    along = graph_bounds.entries_along(story, "yard", ())
    assert along["knot"] == 1 and along["well"] == along["yard"] == float("inf")
    escape = _escape(story)
    proven = escape.free("well")
    if guard == "rope + 0 < depth":  # (a sum is not a number the budget bounds: unproven)
        assert not proven
        return
    assert proven
    report = explore(story)
    assert report["loops"] == [] and report["complete"] and report["proof"] == "playthroughs"
    if guard.startswith("rope"):
        # The number to raise on the right: a goal for the left side alone leaves the
        # bucket lowered one way at a time, 50 of them, deeper than a strategy goes.
        monkeypatch.setattr(escape_module, "_FLIPPED", {})
        assert not _escape(story).free("well")
        monkeypatch.undo()
    # Counted as entered as often as the yard offers it, the rope is without bound.
    monkeypatch.setattr(
        escape_module, "entries_along", lambda story, *_: dict.fromkeys(story.scenes, float("inf"))
    )
    assert not _escape(story).free("well")


@pytest.mark.parametrize(
    "guard", ["depth > rope", "depth >= rope", "rope < depth", "rope <= depth"]
)
def test_a_number_raised_as_often_as_the_other_is_never_passed(tmp_path: Path, guard: str) -> None:
    # The rope is knotted at every lowering too: a bucket not yet deeper never will be,
    # and no strategy may say it is. (Before, `depth >= rope` was proven: the rope's most
    # read as infinity, the bucket lowered "to infinity" passed it.)
    story = _story(
        tmp_path,
        WELL.replace("GUARD", guard).replace(
            "do: [{add: {depth: 1}}]", "do: [{add: {depth: 1, rope: 1}}]"
        ),
    )
    assert not _escape(story).free("well")


def test_an_outside_puzzle_is_proven_without_a_walk(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # Before: walked to its million states (no report in a minute); now proven in about 1 s.
    story = outside_story(tmp_path_factory, outside_c.main, "puzzle", "--scenes", "40")
    assert graph_bounds.entries_along(story, story.first_scene(), ())["c004_open"] == 1
    report = explore(story)
    assert report["proof"] == "playthroughs" and report["complete"]
    assert report["loops"] == [] and report["unreached"] == []
    assert report["endings"] == ["escaped", "greedy", "trapped", "waited"]
