"""Escape.no_dead_end_in: a scene that may be a dead end, read forward through its chapter
from what comes in, keeping only what tells a stop there apart. The outside romance (1,000
scenes, thirty weeks of ten activities on three points of energy) left 300 activities in
question and walked the whole story, without a report in 90 s."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import corridor_hubs, house_hubs
from started import entered
from test_escape_numbers import _escape

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.tools import counters, escape, graph_bounds, witnessed
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.graph_bounds import returns_at_most

# ENERGY: the points a week gives; each activity costs one. The bakery's three choices are
# once-only, the last needing Ana's liking, which the two others raise: on three points it
# is open at the third visit, on four a fourth visit finds nothing to choose. The bench has
# two once-only choices, and a third visit there is a dead end on three points already.
WEEKS = """\
story:
  title: Weeks
  start: one
  chapters: [one, two]
  variables: {energy: 3, aff_ana: 0, aff_bo: 0}
chapters:
  one:
    title: Week one
    period: "2019"
    start: hub1
    scenes:
      hub1:
        text: "Energy {energy}."
        choices:
          - {label: Bakery, goto: bakery1, once: false, if: energy > 0, do: [{add: {energy: -1}}]}
          - {label: Park, goto: park1, once: false, if: energy > 0, do: [{add: {energy: -1}}]}
          - {label: Pool, goto: pool1, once: false, if: energy > 0, do: [{add: {energy: -1}}]}
          - {label: Sleep, goto: hub2, once: false, do: [{set: {energy: ENERGY}}]}
      bakery1:
        text: Ana bakes.
        choices:
          - {label: Compliment Ana, goto: hub1, do: [{add: {aff_ana: 2}}]}
          - {label: Tease Ana, goto: hub1, do: [{add: {aff_ana: 1}}]}
          - {label: Keep to yourself, goto: hub1, if: aff_ana > 0, do: [{add: {aff_ana: -1}}]}
      park1:
        text: Bo runs.
        next: park1_bench
      park1_bench:
        text: A bench.
        choices:
          - {label: Sit with Bo, goto: hub1, do: [{add: {aff_bo: 1}}]}
          - {label: Walk away, goto: hub1, if: aff_bo > 0, do: [{add: {aff_bo: -1}}]}
      pool1:
        text: The pool.
        choices:
          - {label: Swim, goto: hub1, once: false}
  two:
    title: Week two
    period: "2019"
    start: hub2
    scenes:
      hub2:
        text: "Energy {energy}."
        choices:
          - {label: Bakery, goto: bakery2, once: false, if: energy > 0, do: [{add: {energy: -1}}]}
          - {label: Home, goto: home, once: false}
      bakery2:
        text: Ana again.
        choices:
          - {label: Compliment Ana, goto: hub2, do: [{add: {aff_ana: 2}}]}
          - {label: Tease Ana, goto: hub2, do: [{add: {aff_ana: 1}}]}
          - {label: Keep to yourself, goto: hub2, if: aff_ana > 0, do: [{add: {aff_ana: -1}}]}
      home:
        text: Home.
        end: home
"""


def _story(tmp_path: Path, energy: int, text: str = WEEKS) -> Story:
    text = text.replace("ENERGY", str(energy)).replace("energy: 3, aff", f"energy: {energy}, aff")
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    return load_story(tmp_path)


@pytest.mark.parametrize(
    ("energy", "week_one", "week_two"),
    [(3, {"bakery1", "pool1"}, {"bakery2"}), (4, {"pool1"}, set())],
)
def test_what_the_energy_leaves_open(
    tmp_path: Path, energy: int, week_one: set[str], week_two: set[str]
) -> None:
    story = _story(tmp_path, energy)
    escape = _escape(story)
    asked = {"bakery1", "park1_bench", "pool1"}
    assert escape.no_dead_end_in("one", asked, 5_000) == week_one
    # Week two is come into from week one's hub: Ana's liking anything from 0 up.
    assert escape.no_dead_end_in("two", {"bakery2"}, 5_000) == week_two
    # And the walk of every state agrees: the scenes left out are dead ends.
    walked = explore(story, every_state=True)
    assert set(walked["dead_ends"]) == (asked | {"bakery2"}) - week_one - week_two


def test_too_many_states_or_a_chapter_come_back_to_prove_nothing(tmp_path: Path) -> None:
    story = _story(tmp_path, 3)
    assert _escape(story).no_dead_end_in("one", {"bakery1"}, 10) == set()
    back = WEEKS.replace(
        "- {label: Home, goto: home, once: false}", "- {label: Back, goto: hub1, once: false}"
    )
    # Week one entered again from week two: its once-only marks may be taken as it is come
    # into, and the reading counts on them not being.
    assert _escape(_story(tmp_path, 3, back)).no_dead_end_in("one", {"bakery1"}, 5_000) == set()


POOL = """\
      pool1:
        text: The pool.
        choices:
          - {label: Swim, goto: hub1, once: false}
"""
# The swim now goes through a lane and a shower (they read and change nothing the bakery's
# reading keeps), and past a stall whose snack, bought once, gives two points of energy as
# it is entered: a fourth visit to the bakery, where nothing is left to choose.
ERRAND = """\
      pool1:
        text: The pool.
        choices:
          - {label: Swim, goto: lane1, once: false}
      lane1:
        text: A lane.
        choices:
          - {label: Stop at the stall, goto: SNACK}
          - {label: Swim on, goto: lane2, once: false}
      lane2:
        text: Another lane.
        next: shower
      shower:
        text: The shower.
        choices:
          - {label: Dry off, goto: hub1, once: false}
      snack:
        text: A snack.
        do: [{add: {energy: 2}}]
        next: shower
"""


def test_scenes_that_change_nothing_kept_are_read_through(tmp_path: Path) -> None:
    asked = {"bakery1"}
    assert POOL in WEEKS
    for name in ("plain", "lanes", "snack"):
        (tmp_path / name).mkdir()
    plain = _escape(_story(tmp_path / "plain", 3))
    before = plain.work
    assert plain.no_dead_end_in("one", asked, 5_000) == asked
    states = plain.work - before
    # The lanes and the shower add no state to the reading (each was one for each
    # energy, liking and marks the bakery's reading kept).
    errand = WEEKS.replace(POOL, ERRAND.replace("SNACK", "lane2"))
    lanes = _escape(_story(tmp_path / "lanes", 3, errand))
    before = lanes.work
    assert lanes.no_dead_end_in("one", asked, 5_000) == asked
    assert lanes.work - before == states
    # The snack is entered from a lane: its energy counts, and the bakery may be a dead end.
    story = _story(tmp_path / "snack", 3, WEEKS.replace(POOL, ERRAND.replace("SNACK", "snack")))
    assert _escape(story).no_dead_end_in("one", asked, 5_000) == set()
    assert "bakery1" in explore(story, every_state=True)["dead_ends"]


# A corridor off a hub, after seed 42 of tests/benchmarks/corridor_hubs.py: the hall earns a
# coin at every visit (coins grow without end round the hub), and the room's two once-only
# ways both lead to a landing whose only way on is once-only too. So the room is come back
# to once at most, with a coin in hand, and is never a dead end; but read with the coins
# exact, or with the room's marks allowed any number of visits, it might be.
CORRIDOR = """\
story:
  title: Corridor
  start: c
  chapters: [c]
  variables: {coins: 0}
chapters:
  c:
    title: C
    period: "1997"
    start: hub
    scenes:
      hub:
        text: The hub.
        choices:
          - {label: Hall, goto: hall, once: false}
          - {label: Leave, goto: out, if: coins >= 3}
      hall:
        text: The hall.
        do: [{add: {coins: 1}}]
        choices:
          - {label: Onward, goto: room, once: false}
          - {label: Back, goto: hub, once: false}
      room:
        text: The room.
        choices:
          - {label: Onward, goto: landing}
          - {label: Pay, goto: landing, if: coins >= 1, do: [{add: {coins: -1}}]}
      landing:
        text: The landing.
        choices:
          - {label: Up, goto: LANDING_TO}
      out:
        text: Out.
        end: out
"""


def test_a_room_come_back_to_once_at_most_is_no_dead_end(tmp_path: Path) -> None:
    (tmp_path / "once").mkdir()
    (tmp_path / "sticky").mkdir()
    story = _story(tmp_path / "once", 3, CORRIDOR.replace("LANDING_TO", "hub"))
    # The landing's `Up` cuts every way back to the room (its two ways both lead through
    # the landing): once at most; not at all once `Up` is taken.
    assert returns_at_most(story, "room", (), 5) == 1
    assert returns_at_most(story, "room", {"landing/up"}, 5) == 0
    assert returns_at_most(story, "hall", (), 5) == 5  # sticky all the way round: no bound
    # Read within the room and the landing alone, no way leads back (the hub is outside).
    assert returns_at_most(story, "room", (), 5, within={"room", "landing"}) == 0
    assert returns_at_most(story, "room", (), 5, within=set(story.scenes)) == 1
    assert _escape(story).no_dead_end_in("c", {"room"}, 5_000) == {"room"}
    assert "room" not in explore(story, every_state=True)["dead_ends"]
    # A sticky `Up`: the room's own two ways are what cuts it off now, so a play comes back
    # twice, and its third visit finds both taken: a dead end, which the reading leaves.
    sticky_up = CORRIDOR.replace(
        "{label: Up, goto: LANDING_TO}", "{label: Up, goto: hub, once: false}"
    )
    sticky = _story(tmp_path / "sticky", 3, sticky_up)
    assert returns_at_most(sticky, "room", (), 5) == 2
    assert _escape(sticky).no_dead_end_in("c", {"room"}, 5_000) == set()
    assert "room" in explore(sticky, every_state=True)["dead_ends"]


def test_scenes_read_alike_share_what_is_learnt_of_the_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A gym beside the pool: both keep the energy alone (read by the hub's ways in), so
    # one reading's ways and moves serve the other (`_Readings`).
    gym = WEEKS.replace(
        "          - {label: Sleep,",
        "          - {label: Gym, goto: gym1, once: false, if: energy > 0,"
        " do: [{add: {energy: -1}}]}\n          - {label: Sleep,",
    ).replace(POOL, POOL + POOL.replace("pool1", "gym1").replace("Swim", "Lift"))
    story = _story(tmp_path, 3, gym)
    asked = {"pool1", "gym1"}
    apart = 0
    for scene_id in sorted(asked):
        escape = _escape(story)
        calls = _count_ways(escape, monkeypatch)
        assert escape.no_dead_end_in("one", {scene_id}, 5_000) == {scene_id}
        apart += calls[0]
    escape = _escape(story)
    calls = _count_ways(escape, monkeypatch)
    assert escape.no_dead_end_in("one", asked, 5_000) == asked
    assert 0 < calls[0] < apart


def _count_ways(escape: object, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    ways = escape._ways  # type: ignore[attr-defined]

    def counted(*args: object) -> object:
        calls[0] += 1
        return ways(*args)

    monkeypatch.setattr(escape, "_ways", counted)
    return calls


def test_numbers_held_at_their_caps_never_make_a_reading_longer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Week two is come into with Ana's liking anything from 0 up. Held at its cap only once
    # all of a span lies past it, a liking read from a door never splits into spans that
    # differ at both ends (cut at the cap from below as well, the outside romance's
    # reading took 13% more states).
    story = _story(tmp_path, 3)
    spent = {}
    for capped in (True, False):
        if not capped:
            every = {name: counters.EXACT for name in story.variables}
            monkeypatch.setattr(escape, "number_caps", lambda _, every=every: (every, {}))
        reading = _escape(story)
        before = reading.work
        assert reading.no_dead_end_in("two", {"bakery2"}, 5_000) == {"bakery2"}
        spent[capped] = reading.work - before
    assert 0 < spent[True] <= spent[False]


def test_ways_into_and_out_of_a_stretch_are_taken_by_turns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # corridor_hubs.py seed 23: room0_0's `Onward` and `Pay` both lead into a stretch (room0_1,
    # room0_2) left only by room0_2's once-only `Onward`. Outside it, a play has used as many
    # ways in as out, so never both of room0_0's; split apart, the case of both used had no
    # strategy, and room0_2 was not proven.
    story = load_story(corridor_hubs.gen(tmp_path, 23))
    found = graph_bounds.stretches(story)["room0_2/onward"]
    assert (
        frozenset({"room0_1", "room0_2"}),
        frozenset({"room0_0/onward", "room0_0/pay"}),
        frozenset({"room0_2/onward"}),
    ) in found
    assert "hub/room_0" not in graph_bounds.stretches(story)  # a sticky way into the room
    assert _escape(story).ask({"room0_2"}, entered(story), set(), 1_000) == {"room0_2"}
    monkeypatch.setattr(escape, "stretches", lambda _: {})
    assert _escape(story).ask({"room0_2"}, entered(story), set(), 1_000) == set()


def test_every_scene_asked_briefly_first_so_the_cheap_proofs_comeentered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # corridor_hubs.py seed 23: nearest to a finish first, 27 scenes failed with 1,000 steps
    # each and the budget ran out before the seven rooms whose proofs take 10-208 steps; once
    # those are proven, the hub takes about a hundred and every other scene one.
    # (What a once-only way makes for good is read closer since, and this hub is proven
    # either way; seed 26's budget still runs out: 11 of its 34 scenes proven by rungs, 3
    # without.)
    story = load_story(corridor_hubs.gen(tmp_path, 23))
    loops = {s for s in story.scenes if s == "hub" or s.startswith("room")}
    assert _escape(story).ask(loops, entered(story), set(), 1_000) == loops
    story = load_story(corridor_hubs.gen(tmp_path / "26", 26))
    loops = {s for s in story.scenes if s == "hub" or s.startswith("room")}
    by_rungs = _escape(story).ask(loops, entered(story), set(), 1_000)
    monkeypatch.setattr(escape, "RUNGS", ())
    proven = _escape(story).ask(loops, entered(story), set(), 1_000)
    assert len(by_rungs) > 2 * len(proven)


def test_a_hub_shut_only_when_every_room_is_is_read_at_length(tmp_path: Path) -> None:
    # Corridor seed 71: the hub stops only with trust low, flag_2 set and its third visit
    # not yet come (room 3 opens at the fourth, for good), every once-only room it holds
    # then used up. Its reading takes 8,534 states, past the first reading's share: the
    # hub was left in question and the pack walked (85,785 states, 11 s).
    story = load_story(corridor_hubs.gen(tmp_path, 71))
    assert _escape(story).no_dead_end_in("yard", {"hub"}, witnessed.DEAD_END_STATES) == set()
    long = _escape(story)
    assert long.no_dead_end_in("yard", {"hub"}, witnessed.DEAD_END_STATES_LONG) == {"hub"}
    assert witnessed.DEAD_END_STATES < long.work < 10_000
    # So once the searches for a stop there fail, it is read again at length.
    found = witnessed.witness(story, None)
    assert found.settled and "hub" not in found.dead_ends
    assert "hub" not in explore(story, every_state=True)["dead_ends"]


def test_house_seed_69s_passage_is_entered_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The gun room passage's way on is once-only: a second visit there stops. Its one way
    # in is the door's, and the door's two are once-only (the stair's, and a back way from
    # the hall, which needs a bell the hall silences as it is entered): read with those
    # marks kept, the passage is entered once. With the marks of the ways into the passage
    # alone (none), it was left in question and the house walked (254,070 states, 32 s).
    story = load_story(house_hubs.gen(tmp_path / "69", 69))
    passage = {"gun_room_passage"}
    assert _escape(story).no_dead_end_in("house", passage, 5_000) == passage
    found = witnessed.witness(story, "house")
    assert found.settled and "gun_room_passage" not in found.dead_ends
    monkeypatch.setattr(escape, "_once_into", lambda *_: frozenset())
    assert _escape(story).no_dead_end_in("house", passage, 5_000) == set()
