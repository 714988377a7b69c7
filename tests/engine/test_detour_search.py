"""A search past detours that change nothing (seek.py `_detours`, `_no_op`).

An outside moor (`outside_d.py wander`): each place has two once-only looks round (a scene
whose only way is back), a flag set there read only by the text. Taken or not, the look
changes what a play can do by that one choice, yet each order of looks taken near the
start was a state of its own: the searches for an exit two regions off (a map to dig up
first, a lantern that must last) spent 20,000 states near the start and never left it;
`explore` of the moor at 1,000 scenes walked a million states, capped, two exits in
question. A detour that comes back with nothing a later condition reads changed is now met
and not gone on from.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import outside_d
from engine.test_escape_numbers import _story
from started import entered, outside_story

from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.state import State
from cellseven_game.engine.tools import seek as seek_module
from cellseven_game.engine.tools.seek import seek


@pytest.fixture(scope="module")
def moor(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return outside_story(
        tmp_path_factory, outside_d.main, "wander", "--scenes", "200", "--seed", "1"
    )


@pytest.mark.parametrize("target", ["crag_00_01_exit", "wood_02_09_exit", "wood_01_07_exit"])
def test_the_search_for_a_far_exit_leaves_the_looks_round_the_start(
    moor: Story, target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    reached: list[State] = []

    def met(state: State) -> None:
        if state.scene == target:
            reached.append(state)

    sought = seek(moor, None, {target}, met, budget=2_000, guided=True, first=entered(moor))
    assert reached, f"{target} not reached in {sought.expanded} states"
    assert reached[0].variables["region"] != "moor"  # (a region away from the start)
    # Going on from every detour, the same search stays near the start (20,000 states and
    # more before; two of the three were never reached).
    reached.clear()
    monkeypatch.setattr(seek_module, "_detours", lambda story: {})
    seek(moor, None, {target}, met, budget=2_000, guided=True, first=entered(moor))
    assert not reached


ROOM = """\
story:
  title: A room
  start: house
  chapters: [house]
  variables: {lit: false, looked: false}
chapters:
  house:
    title: The house
    period: "1997"
    start: room
    scenes:
      room:
        text: The room.
        choices:
          - {label: Look at the shelf, goto: shelf}
          - {label: Look at the lamp, goto: lamp}
          - {label: Through the lit door, goto: hall, if: lit}
WAY_ON
      shelf:
        text: The shelf.
        do: [{flag: looked}]
        next: room
      lamp:
        text: The lamp.
        do: [{flag: LAMP}]
        next: room
      hall:
        text: The hall.
        end: hall
      yard:
        text: The yard.
        end: yard
"""


def _every_scene(story: Story, targets: set[str]) -> tuple[set[str], frozenset[str] | None]:
    """The scenes a search for `targets` met, and those it says every play can enter."""
    met: set[str] = set()
    sought = seek(
        story, None, targets, lambda s: met.add(s.scene), budget=500, first=entered(story)
    )
    return met, sought.every_scene


def test_a_detour_that_sets_what_a_way_reads_is_gone_on_from(tmp_path: Path) -> None:
    story = _story(tmp_path, ROOM.replace("WAY_ON\n", "").replace("LAMP", "lit"))
    met, _ = _every_scene(story, {"hall"})
    assert "hall" in met  # the lamp lights the door: gone on from, not a detour for nothing


def test_the_way_on_once_every_choice_is_used_up_is_found(tmp_path: Path) -> None:
    # A `next` beside choices is taken once none is open: the looks used up open it, so a
    # scene with a `next` has no detours (the yard is reached only past both looks).
    story = _story(tmp_path, ROOM.replace("WAY_ON", "        next: yard").replace("LAMP", "looked"))
    assert seek_module._detours(story) == {}
    met, every = _every_scene(story, {"yard", "hall"})
    assert "yard" in met and "hall" not in met
    assert every is not None and every >= {"room", "shelf", "lamp", "yard"}


def test_a_search_that_meets_every_state_still_names_the_detours(tmp_path: Path) -> None:
    story = _story(tmp_path, ROOM.replace("WAY_ON\n", "").replace("LAMP", "looked"))
    assert seek_module._detours(story) == {"room": {"shelf", "lamp"}}
    met, every = _every_scene(story, {"hall"})
    # The door never lights: the search meets every state it can and says so, the looks
    # (met, not gone on from) among the scenes a play enters.
    assert "hall" not in met and every == frozenset({"room", "shelf", "lamp"})
