"""A few dead ends left in question after the searches: a search for a stop there
(seek.seek_stuck, asked by witnessed.py).

Hubs of corridors (corridor_hubs.py) have rooms that are dead ends only when come back to
with their once-only `Onward` used and no coin left for `Pay`. The plays and the other
searches enter such a room, which does not show a stop there; the walk of seed 11 saw it
only after 1,556,190 states. The search ranks states by how near they are to a stop there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from benchmarks import corridor_hubs, house_hubs

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.conditions import condition_tree
from cellseven_game.engine.play.runtime import Unshown
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.tools import seek, witnessed
from cellseven_game.engine.tools.seek import _excess, _GuardedNearness, seek_finish, seek_stuck


def test_a_room_come_back_to_with_nothing_left_is_found_stuck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = load_story(corridor_hubs.gen(tmp_path, 11))
    found = witnessed.witness(story, None)
    assert found.settled and "room3_0" in found.dead_ends
    # The stop the search found is a real play's: its state is stuck at the room.
    stops: list[State] = []

    def met(state: State) -> None:
        if state.status == "stuck":
            stops.append(state)

    first = initial_state(story, None)
    Unshown(story, first).enter(first.scene)
    spent = seek_stuck(story, None, {"room3_0"}, met, [first], 2_000)
    assert spent < 2_000 and any(s.scene == "room3_0" for s in stops)
    stop = next(s for s in stops if s.scene == "room3_0")
    assert stop.variables["coins"] == 0 and "room3_0/onward" in stop.taken
    # Without the search, breadth first finds it too (8,533 states) ...
    monkeypatch.setattr(witnessed, "seek_stuck", lambda *_: 0)
    found = witnessed.witness(story, None)
    assert found.settled and "room3_0" in found.dead_ends
    # ... and without either, the room is left in question (and `explore` would walk).
    monkeypatch.setattr(witnessed, "STUCK_BREADTH_SHORT", 0)
    found = witnessed.witness(story, None)
    assert not found.settled and found.open_dead_ends == {"room3_0"}


def test_the_guards_on_the_way_draw_the_search_for_a_stop(tmp_path: Path) -> None:
    # Seed 38: room4_2 stops on a second visit with both coins paid on the way in (its
    # `Onward` used), and the hub lets a play into room 4 only with two (`coins >= 2`).
    # Read by the last way's guard alone, a hub state with one coin looked nearest, and the
    # stop was not found in 20,000 states (the pack was walked: a million states, 80 s).
    story = load_story(corridor_hubs.gen(tmp_path, 38))
    stops: list[State] = []
    first = initial_state(story, None)
    Unshown(story, first).enter(first.scene)
    spent = seek_stuck(story, None, {"room4_2"}, stops.append, [first], 2_000)
    stop = next(s for s in stops if s.status == "stuck" and s.scene == "room4_2")
    assert spent < 2_000
    assert stop.variables["coins"] == 0 and "room4_2/onward" in stop.taken
    nearness = _GuardedNearness(story, None)
    at_hub = State(scene="hub", variables={"coins": 1}, taken=set())
    assert nearness.to("room4_2", at_hub) == 3 + 8 + 1  # three ways, one coin short
    at_hub.variables["coins"] = 2
    assert nearness.to("room4_2", at_hub) == 3
    at_hub.taken = {"room4_1/onward"}  # Pay is the way on from room4_1 now, with its guard
    assert nearness.to("room4_2", at_hub) == 3


def test_in_a_long_story_only_the_last_guard_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every guard on the line cost 1.4-8 s a search of 2,000 states in a story of a thousand
    # scenes: past NEARNESS_SCENES, the ways to a way in and its guard alone (hub to room4_1
    # two ways, its `Onward` no guard), and a search that reads too many stops.
    monkeypatch.setattr(seek, "NEARNESS_SCENES", 10)
    story = load_story(corridor_hubs.gen(tmp_path, 38))
    at_hub = State(scene="hub", variables={"coins": 1}, taken=set())
    assert _GuardedNearness(story, None).to("room4_2", at_hub) == 3
    first = initial_state(story, None)
    Unshown(story, first).enter(first.scene)
    monkeypatch.setattr(seek, "NEARNESS_WORK", 0)
    assert seek_stuck(story, None, {"room4_2"}, lambda _: None, [first], 2_000) == 0


def test_a_dead_end_still_in_question_in_a_short_story_is_searched_at_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seed 35: room0_0 stops only once room 6, the one room that clears `flag_0`, has let
    # the play back in, and every coin is spent (room 3's `Pay`, again and again): about
    # 55,000 states of the search. In 40 scenes it is searched at length, the walk raced
    # once it has spent STUCK_BEFORE_RACE; it was walked (past a million states).
    story = load_story(corridor_hubs.gen(tmp_path, 35))
    budgets: list[int] = []

    def counted(*args: Any) -> int:
        budgets.append(args[5])
        return seek_stuck(*args)

    monkeypatch.setattr(witnessed, "seek_stuck", counted)
    # Breadth first, between the two, finds it in 13,507: the long search is not asked.
    found = witnessed.witness(story, None)
    assert budgets == [witnessed.STUCK_STATES]
    assert found.settled and "room0_0" in found.dead_ends
    budgets.clear()
    monkeypatch.setattr(witnessed, "STUCK_BREADTH_SHORT", 10_000)
    found = witnessed.witness(story, None)
    assert budgets == [witnessed.STUCK_STATES, witnessed.STUCK_STATES_SHORT]
    assert found.settled and "room0_0" in found.dead_ends


@pytest.mark.parametrize(
    ("condition", "values", "excess"),
    [
        ("coins >= 1", {"coins": 3}, 3),  # three coins to lose
        ("coins >= 1", {"coins": 0}, 0),  # shut already
        ("1 <= coins", {"coins": 2}, 2),
        ("coins < 5", {"coins": 2}, 3),
        ("coins >= 1 and flag", {"coins": 4, "flag": True}, 1),  # the flag nearer
        ("flag", {"flag": True}, 1),
    ],
)
def test_how_far_a_condition_is_from_failing(
    condition: str, values: dict[str, object], excess: int
) -> None:
    state = State(scene="x", variables=dict(values))
    assert _excess(condition_tree(condition), state) == excess


def test_the_opening_scenes_are_free_once_a_play_from_the_start_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seed 12: a gate and a porch, each left by its `next` alone, lead to a hub where most
    # plays are trapped; one play that ends shows that the start (and so each scene it
    # must go through, holding one state each) is not. They were left in question and the
    # pack walked: 188,723 states.
    story = load_story(corridor_hubs.gen(tmp_path, 12))
    assert witnessed._opening(story, "gate") == {"gate", "porch"}
    found = witnessed.witness(story, None)
    assert found.settled and found.endings
    assert "hub" in found.trapped and not {"gate", "porch"} & found.trapped
    monkeypatch.setattr(witnessed, "_opening", lambda *_: set())
    found = witnessed.witness(story, None)
    assert not found.settled and found.open_loops == {"gate", "porch"}


def test_the_opening_stops_where_another_way_comes_in(tmp_path: Path) -> None:
    story = load_story(corridor_hubs.gen(tmp_path, 12))
    # The hub is entered from every room too; a way back into the start: no opening.
    assert "hub" not in witnessed._opening(story, "gate")
    assert witnessed._opening(story, "hub") == set()
    assert witnessed._opening(story, "porch") == set()  # the gate's `next` comes in


def test_the_walk_is_raced_once_the_search_has_spent_its_first_states(tmp_path: Path) -> None:
    # House seed 36's goods yard loft, stuck with its ways used: found in 7,141 states, where
    # the walk raced before the search spent 2.8 s for nothing; raced after 10,000, never.
    story = load_story(house_hubs.gen(tmp_path / "36", 36))
    first = initial_state(story, "house")
    Unshown(story, first).enter(first.scene)
    raced: list[int] = []
    stops: list[State] = []

    def met(state: State) -> None:
        if state.status == "stuck":
            stops.append(state)

    budget = witnessed.STUCK_STATES_SHORT
    spent = seek_stuck(
        story, "house", {"goods_yard_loft"}, met, [first], budget, (10_000, lambda: raced.append(1))
    )
    assert spent < witnessed.STUCK_BEFORE_RACE and not raced
    assert any(s.scene == "goods_yard_loft" for s in stops)
    # With the pause sooner, the race comes once, and the search goes on after it.
    stops.clear()
    spent = seek_stuck(
        story, "house", {"goods_yard_loft"}, met, [first], budget, (100, lambda: raced.append(1))
    )
    assert raced == [1] and any(s.scene == "goods_yard_loft" for s in stops) and spent > 100


def test_a_stop_behind_a_lock_paid_for_is_found_breadth_first(tmp_path: Path) -> None:
    # House seed 41: the changing room ledge goes on only with three keys or the torch lit.
    # A play that came in carefully (two keys), paid two at the classroom's lock and came
    # back by the corridor (one each time) stands there with two and no torch: stuck. The
    # search drawn to the ledge spent 300,000 states without it and the walk ran past a
    # minute; breadth first, 1,291.
    story = load_story(house_hubs.gen(tmp_path / "41", 41))
    first = initial_state(story, None)
    Unshown(story, first).enter(first.scene)
    stops: list[State] = []

    def met(state: State) -> None:
        if state.status == "stuck":
            stops.append(state)

    wanted = {"changing_room_ledge"}
    spent = seek_finish(story, first, met, witnessed.STUCK_BREADTH, stops=wanted)
    assert spent < 2_000 and not wanted  # narrowed as it is found, then stopped
    stop = next(s for s in stops if s.scene == "changing_room_ledge")
    assert stop.variables["keys"] == 2 and stop.variables["torch_on"] is False
    assert "classroom/unlock_it_2_keys" in stop.taken
    found = witnessed.witness(story, None)
    assert found.settled and "changing_room_ledge" in found.dead_ends


def test_a_search_that_finds_a_stop_frees_the_opening(tmp_path: Path) -> None:
    # Corridor seed 63: no play from the start ends (its road needs three flags together);
    # its one finish is room1_1's stop, found by the search breadth first. That shows the
    # start can finish, and so the gate and the porch (one state each) are not traps.
    story = load_story(corridor_hubs.gen(tmp_path, 63))
    found = witnessed.witness(story, None)
    assert found.settled and "room1_1" in found.dead_ends and not found.endings
    assert "hub" in found.trapped and not {"gate", "porch"} & found.trapped
