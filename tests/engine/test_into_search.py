"""A search for a trap at a scene entered once only (seek.seek_into, asked by witnessed.py
once only a few loops are left in question).

A loft off the hall, entered by a once-only way, is a loop with no way out only for a play
that comes to it already doomed; a play that enters it early uses the way up. House seed
22's net loft was found trapped only as the plays happened to go, then the walk capped out
at a million states.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import house_hubs

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.play.runtime import Unshown
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.tools import witnessed
from cellseven_game.engine.tools.future import Future
from cellseven_game.engine.tools.seek import seek_into

# The door out needs the key; the cellar gives it once, the well takes it for good.
HALL = """\
story:
  title: The hall
  start: night
  chapters: [night]
  variables: {key: false}
chapters:
  night:
    title: Night
    period: "1997"
    start: hall
    scenes:
      hall:
        text: The hall.
        choices:
          - {label: Out, goto: yard, if: key, once: false}
          - {label: The cellar, goto: cellar}
          - {label: The well, goto: well}
          - {label: The loft, goto: loft}
          - {label: Wait, goto: hall, once: false}
      cellar:
        text: The cellar.
        do: [{flag: key}]
        next: hall
      well:
        text: The well.
        do: [{set: {key: false}}]
        next: hall
      loft:
        text: The loft.
        choices:
          - {label: Knock, goto: loft, once: false}
          - {label: Back, goto: hall, once: false}
      yard:
        text: The yard.
        end: out
"""


def test_the_loft_is_come_to_last(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(HALL, encoding="utf-8")
    story = load_story(tmp_path)
    first = initial_state(story, None)
    Unshown(story, first).enter(first.scene)
    future = Future(story, None)
    future.reachable(first)
    asked: list[State] = []
    found: list[State] = []

    def trapped(state: State) -> bool:
        asked.append(state)
        if future.trapped(state):
            found.append(state)
            targets.discard(state.scene)
            return True
        return False

    targets = {"loft"}
    spent = seek_into(story, targets, first, trapped, 1_000)
    assert found and spent < 1_000 and not targets
    # Come to the loft with the cellar's key taken back by the well: no way out again.
    trap = found[0]
    assert trap.scene == "loft" and {"hall/the_cellar", "hall/the_well"} <= trap.taken
    assert trap.variables["key"] is False
    # Every state asked was at the loft, where the search never went on from.
    assert all(s.scene == "loft" for s in asked)


def test_house_seed_22s_net_loft_is_found_trapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = load_story(house_hubs.gen(tmp_path / "22", 22))
    found = witnessed.witness(story, None)
    assert found.settled and "net_loft" in found.trapped
    monkeypatch.setattr(witnessed, "seek_into", lambda *_: 0)
    found = witnessed.witness(story, None)
    assert not found.settled and found.open_loops == {"net_loft"}
