"""A search on a plateau of states as near as each other (seek.py `STEPS_A_RANK`).

An outside puzzle (`outside_c.py puzzle`): each chamber's room has dials to set, a lever
that loops back to the room, and a `rattle` of the door that loops back with `attempts`
raised (a guard reads it, so each is a state of its own). Every state at the room is as
near the next chamber as any other, and a dial one way off is one further: the searches
took the lever and the rattle without end, 20,000 states in the first chamber, and the
dial that opens its door (`dial_a` odd) was never set. A choice taken now ranks a state a
little further (one for every eight), so the plateau is left in a few dozen states.
"""

from __future__ import annotations

import pytest
from benchmarks import outside_c
from started import entered, outside_story

from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.state import State
from cellseven_game.engine.tools.seek import seek


@pytest.fixture(scope="module")
def puzzle(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return outside_story(tmp_path_factory, outside_c.main, "puzzle", "--scenes", "40")


@pytest.mark.parametrize("guided", [False, True])
@pytest.mark.parametrize(("target", "within"), [("c002_gate", 100), ("c003_gate", 2_000)])
def test_the_search_leaves_a_room_that_loops_back_to_itself(
    puzzle: Story, guided: bool, target: str, within: int
) -> None:
    # Before: 5,000 states, every one in the first chamber.
    reached: list[State] = []

    def met(state: State) -> None:
        if state.scene == target:
            reached.append(state)

    sought = seek(puzzle, None, {target}, met, budget=within, guided=guided, first=entered(puzzle))
    assert reached, f"{target} not reached in {sought.expanded} states"
    assert reached[0].visits.get("c001_open") == 1  # through the first door, its dial set
