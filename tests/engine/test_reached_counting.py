"""Scenes shut out by what the numbers hold with each set of flags and each fare paid or
not (escape.py `Escape.reached_counting`). House_hubs seed 23's last train goes on to its
`together` ending only with fewer than three coins, and every play that may board it has
woken the porter on a walk that pays out more, then paid one fare back at most: the ending
was left in question, and the story walked past a million states. Read with the numbers
joined for each set of flags (`porter` apart) and the fare's once-only way known taken or
not, the train always has three coins, its `next` is never taken, and the ending is out of
reach."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import house_hubs
from engine.test_escape_numbers import _escape, _story
from engine.test_visit_bounds import _agrees_with_the_walk

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools import escape as escape_module
from cellseven_game.engine.tools.analysis import explore

TRAIN = """\
story:
  title: The last train
  start: yard
  chapters: [yard]
  variables: {coins: 1, porter: false}
chapters:
  yard:
    title: The yard
    period: "1997"
    start: hall
    scenes:
      hall:
        text: The hall.
        choices:
          - {label: The bridge, goto: bridge, once: false}
          - {label: The porters, goto: porters, if: coins >= 3, once: false}
          - {label: Wait, goto: hall, once: false}
          - {label: Leave, goto: train, if: porter}
      bridge:
        text: The bridge.
        choices:
          - {label: Wake the porter, goto: lodge, do: [{add: {coins: 1}}]}
          - {label: Back, goto: hall, once: false}
      lodge:
        text: The lodge.
        do: [{flag: porter}, {add: {coins: 2}}]
        choices:
          - {label: Back to the bridge, goto: bridge, once: false}
      porters:
        text: The porters' room.
        choices:
          - {label: Pay a fare, goto: hall, do: [{add: {coins: -1}}]}
          - {label: Back, goto: hall, once: false}
      train:
        text: The last train.
        choices:
          - {label: Ride late, goto: late, if: coins >= 3}
        next: together
      late:
        text: Late.
        end: late
      together:
        text: Together.
        end: together
"""

# The fare paid as often as the player knocks, in a room entered once from the hall (house
# seed 7's buffet): the way in is the one kept taken or not.
BUFFET = TRAIN.replace(
    "          - {label: The porters, goto: porters, if: coins >= 3, once: false}\n",
    "          - {label: The porters, goto: porters, if: coins >= 3}\n",
).replace(
    "          - {label: Pay a fare, goto: hall, do: [{add: {coins: -1}}]}\n",
    "          - {label: Pay a fare, goto: hall, once: false, do: [{add: {coins: -1}}]}\n"
    "          - {label: Knock, goto: porters, once: false}\n",
)

# With two fares to pay, the train may have two coins: `together` is reached.
TWO_FARES = TRAIN.replace(
    "          - {label: Back, goto: hall, once: false}\n      train:",
    "          - {label: Pay again, goto: hall, do: [{add: {coins: -1}}]}\n"
    "          - {label: Back, goto: hall, once: false}\n      train:",
)


@pytest.mark.parametrize("text", [TRAIN, BUFFET], ids=["fare", "buffet"])
def test_the_train_s_next_is_never_taken(tmp_path: Path, text: str) -> None:
    story = _story(tmp_path, text)
    escape = _escape(story)
    first = escape.first
    counted = escape.reached_counting(first)
    assert counted is not None and "together" not in counted[0] and "late" in counted[0]
    # Flags apart alone, or the numbers joined for the whole story, let the fare be paid
    # again and again: the `next` may be taken.
    apart = escape.reached_apart(first)
    assert apart is not None and "together" in apart
    report = _agrees_with_the_walk(story)
    assert report["unreached"] == ["together"] and report["proof"] == "playthroughs"


def test_the_fare_not_kept_apart_is_paid_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _story(tmp_path, TRAIN)
    monkeypatch.setattr(escape_module, "_once_before_lowering", lambda _: [])
    escape = _escape(story)
    counted = escape.reached_counting(escape.first)
    assert counted is not None and "together" in counted[0]


def test_two_fares_reach_the_ending(tmp_path: Path) -> None:
    story = _story(tmp_path, TWO_FARES)
    escape = _escape(story)
    counted = escape.reached_counting(escape.first)
    assert counted is not None and "together" in counted[0]
    report = _agrees_with_the_walk(story)
    assert "together" not in report["unreached"]


def test_past_its_allowance_it_says_nothing(tmp_path: Path) -> None:
    escape = _escape(_story(tmp_path, TRAIN))
    assert escape.reached_counting(escape.first, limit=3) is None


@pytest.mark.parametrize(
    ("seed", "ending", "fare"),
    [
        (23, "end_together", "porters_room/pay_your_way_through_with_coins"),
        (7, "end_rich", "booking_hall/go_to_the_buffet"),
    ],
)
def test_outside_houses_last_endings_are_out_of_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, ending: str, fare: str
) -> None:
    """house_hubs.py seed 23 (one fare paid in the porters' room) and seed 7 (a buffet
    entered once, its door unlocked for a coin as often as the player knocks): each an
    ending behind a `next` taken only short of coins; both walked past a million states
    before, now proven. Without the fare's way kept taken or not, not shut out."""
    story = load_story(house_hubs.gen(tmp_path / str(seed), seed))
    escape = _escape(story)
    assert fare in {mark for _, mark in escape_module._once_before_lowering(story)}
    counted = escape.reached_counting(escape.first)
    assert counted is not None and ending not in counted[0]
    apart = escape.reached_apart(escape.first)
    assert apart is not None and ending in apart
    report = explore(story)
    assert ending in report["unreached"]
    assert report["proof"] == "playthroughs" and report["complete"]
    kept = [way for way in escape_module._once_before_lowering(story) if way[1] != fare]
    monkeypatch.setattr(escape_module, "_once_before_lowering", lambda _: kept)
    escape = _escape(story)
    counted = escape.reached_counting(escape.first)
    assert counted is None or ending in counted[0]


# House seed 19's nursery, replayed by name: entered once from the hall, its one way on
# shut once the bell is rung, which takes the clock wound at the nursery's own door; once
# out, the nursery is never entered again.
NURSERY = """\
story:
  title: The nursery
  start: house
  chapters: [house]
  variables: {clock: false, bell: false}
chapters:
  house:
    title: The house
    period: "1987"
    start: hall
    scenes:
      hall:
        text: The hall.
        choices:
          - {label: The nursery, goto: nursery}
          - {label: The boxroom, goto: boxroom, if: clock, once: false}
          - {label: Leave, goto: out, once: false}
      nursery:
        text: The nursery.
        choices:
          - {label: Follow the wall, goto: door, if: not bell, once: false}
      door:
        text: The door.
        do: [{flag: clock}]
        choices:
          - {label: Through, goto: chest, once: false}
          - {label: Back to the hall, goto: hall, once: false}
      chest:
        text: The chest.
        choices:
          - {label: Go round, goto: deep, once: false}
          - {label: Go back out, goto: hall}
      deep:
        text: The deep.
        choices:
          - {label: Follow the wall, goto: nursery}
      boxroom:
        text: The boxroom.
        do: [{set: {bell: true}}]
        choices:
          - {label: Back, goto: hall, once: false}
      out:
        text: Out.
        end: out
"""


def test_a_dead_end_asked_about_keeps_its_once_only_ways_in(tmp_path: Path) -> None:
    story = _story(tmp_path, NURSERY)
    escape = _escape(story)
    counted = escape.reached_counting(escape.first, asked={"nursery"})
    assert counted is not None and "nursery" not in counted[1] and "deep" in counted[1]
    # Not asked about: the hall's way in may be taken again after the bell.
    counted = escape.reached_counting(escape.first)
    assert counted is not None and "nursery" in counted[1]
    report = _agrees_with_the_walk(story)
    assert report["dead_ends"] == ["deep"]


def test_a_reading_paused_reads_on_where_it_stopped(tmp_path: Path) -> None:
    story = _story(tmp_path, TRAIN)
    whole = _escape(story)
    began = whole.work
    expected = whole.reached_counting(whole.first)
    read_once = whole.work - began
    assert expected is not None and read_once > 10
    escape = _escape(story)
    began = escape.work
    counting = escape.counting(escape.first)
    assert counting.go(3) is None and counting.go(4) is None and counting.allowance == 7
    assert counting.go(escape_module.MAX_COUNTING) == expected
    # Read on from where it stopped, not again from the start; finished, it reads no more.
    assert escape.work - began == read_once
    assert counting.go(1) == expected and escape.work - began == read_once
