"""A dead end read with the once-only ways that change what it reads (escape.py
`_never_stuck`): the landing's door opens with a key, and every play reaches it with one.
The porch gives a key, the cellar another, the ledge takes one to go on round: the ledge's
way is once-only, so the loop of ledge and loft pays once, not again each time round; the
landing is entered once (its way from the hall is once-only), so the key spent on its door
is not missing on a second visit; and the key, shown in the hall's text and spent by a
sticky way, is read as one range past the most any condition compares it with. Each of
the three is needed (house_hubs.py seed 2's landing, walked past a million states)."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import house_hubs
from engine.test_escape_numbers import _escape, _story
from engine.test_visit_bounds import _agrees_with_the_walk

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools import escape as escape_module
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.counters import compared_up_to

LANDING = """\
story:
  title: Keys
  start: house
  chapters: [house]
  variables: {keys: 0}
chapters:
  house:
    title: The house
    period: "1997"
    start: porch
    scenes:
      porch:
        text: The porch.
        do: [{add: {keys: 1}}]
        next: hall
      hall:
        text: The hall. You have {keys} keys.
        choices:
          - {label: The landing, goto: landing}
          - {label: The cellar, goto: cellar}
          - {label: Leave, goto: out, once: false}
      cellar:
        text: The cellar.
        do: [{add: {keys: 1}}]
        choices:
          - {label: Deeper, goto: ledge, once: false}
          - {label: Back, goto: hall, once: false}
      ledge:
        text: The ledge.
        choices:
          - {label: Pay a key, goto: loft, if: keys >= 1, do: [{add: {keys: -1}}]}
          - {label: Back, goto: hall, once: false}
      loft:
        text: The loft.
        choices:
          - {label: Round again, goto: ledge, once: false}
          - {label: Back, goto: hall, once: false}
      landing:
        text: The landing.
        choices:
          - label: Unlock the door
            goto: stair
            if: keys >= 1
            once: false
            do: [{add: {keys: -1}}]
          - {label: Back, goto: hall, if: keys > 1, once: false}
      stair:
        text: The stair.
        choices:
          - {label: Down, goto: hall, once: false}
      out:
        text: Out.
        end: out
"""


def _landing_proven(tmp_path: Path) -> bool:
    story = _story(tmp_path, LANDING)
    return _escape(story).no_dead_end_in("house", {"landing"}, 20_000) == {"landing"}


def test_the_landing_is_reached_with_a_key(tmp_path: Path) -> None:
    story = _story(tmp_path, LANDING)
    assert escape_module._once_into(story, "landing", set(story.scenes)) == {"hall/the_landing"}
    paid = escape_module._numbers_paid_in_loops(story)
    assert [(scene, mark) for scene, mark, _ in paid] == [("ledge", "ledge/pay_a_key")]
    assert compared_up_to(story) == {"keys": 2}  # (`keys > 1`: fixed from 2 up)
    assert _landing_proven(tmp_path)
    report = _agrees_with_the_walk(story)
    assert report["dead_ends"] == [] and report["proof"] == "playthroughs"


@pytest.mark.parametrize(
    ("name", "off"),
    [
        ("_once_into", lambda *_: frozenset()),  # the landing entered again, with no key
        ("_numbers_paid_in_loops", lambda _: []),  # the ledge paid at every round
        ("compared_up_to", lambda _: {}),  # the key read at each count the cellar gives
    ],
)
def test_each_reading_is_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, off: object
) -> None:
    monkeypatch.setattr(escape_module, name, off)
    assert not _landing_proven(tmp_path)


def test_an_outside_house_s_landing_is_no_dead_end(tmp_path: Path) -> None:
    """house_hubs.py seed 2: its landing's door takes a key, every key spent on the way
    was found first; walked past a million states before, now proven."""
    report = explore(load_story(house_hubs.gen(tmp_path / "2", 2)))
    assert "landing" not in report["dead_ends"]
    assert report["proof"] == "playthroughs" and report["complete"]


def test_a_count_rising_without_end_is_read_as_a_range_at_first_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """house_hubs.py seed 30's subway door: the coins it reads rise at every round of the
    hub, and, read at each count, its reading ran past 100,000 states; read as one range
    past the most any condition compares them with, 550 settle it, with only its own
    once-only ways known (the first, narrower reading)."""
    story = load_story(house_hubs.gen(tmp_path / "30", 30))
    escape = _escape(story)
    chapter = story.scenes["subway_door"].chapter
    assert escape.no_dead_end_in(chapter, {"subway_door"}, 5_000) == {"subway_door"}
    monkeypatch.setattr(escape_module, "compared_up_to", lambda _: {})
    assert _escape(story).no_dead_end_in(chapter, {"subway_door"}, 5_000) == set()
