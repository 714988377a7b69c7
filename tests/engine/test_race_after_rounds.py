"""The walk is raced against the asks about loops only once their shorter rounds have left
a scene unproven (escape.py `Escape.ask`'s `before_full`, witnessed.py `_RaceOnce`). Raced
before them, it walked 20,000 states for nothing in house_hubs.py seeds 6 and 39 and
corridor_hubs.py seed 20, whose loops the shorter rounds then proved (0.8-1.4 s of 1.4-2.8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import corridor_hubs, house_hubs
from engine.test_dead_end_reading import _escape
from started import entered

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools import escape, witnessed


def test_called_once_only_when_the_shorter_rounds_leave_a_scene(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # corridor_hubs.py seed 23's room0_2, proven within a quarter of its 1,000 steps: never
    # called. With no stretch read (its strategy gone), unproven: called once, though two
    # rounds have all the steps.
    story = load_story(corridor_hubs.gen(tmp_path, 23))
    calls: list[tuple[set[str], int]] = []

    def before_full(unproven: set[str], steps: int) -> None:
        calls.append((set(unproven), steps))

    proven = _escape(story).ask({"room0_2"}, entered(story), set(), 1_000, before_full=before_full)
    assert proven == {"room0_2"} and calls == []
    monkeypatch.setattr(escape, "stretches", lambda _: {})
    proven = _escape(story).ask({"room0_2"}, entered(story), set(), 1_000, before_full=before_full)
    assert proven == set() and calls == [({"room0_2"}, 1_000)]


@pytest.mark.parametrize("seed", [6, 39])
def test_houses_proven_by_the_shorter_rounds_are_not_raced(tmp_path: Path, seed: int) -> None:
    story = load_story(house_hubs.gen(tmp_path, seed))
    raced: list[int] = []
    found = witnessed.witness(story, None, race=raced.append)
    assert found.settled and raced == []


def test_a_corridor_proven_by_the_shorter_rounds_is_not_raced(tmp_path: Path) -> None:
    story = load_story(corridor_hubs.gen(tmp_path, 20))
    raced: list[int] = []
    assert witnessed.witness(story, None, race=raced.append).settled and raced == []


def test_raced_by_what_the_scenes_left_unproven_are_likely_to_spend(tmp_path: Path) -> None:
    """House seed 14's rooms: 34 in question, each likely to spend a thousand steps (20,000
    at most, the race before); the shorter rounds prove all but six."""
    story = load_story(house_hubs.gen(tmp_path, 14))
    raced: list[int] = []
    assert witnessed.witness(story, "house", race=raced.append).settled
    assert raced == [6_000]


def test_the_race_once_runs_once(tmp_path: Path) -> None:
    story = load_story(corridor_hubs.gen(tmp_path, 23))
    raced: list[int] = []
    once = witnessed._RaceOnce(raced.append, _escape(story))
    once({"room0_2", "room0_3"}, 1_000)
    once({"room0_2"}, 1_000)
    assert raced == [2_000]
    witnessed._RaceOnce(None, _escape(story))({"room0_2"}, 5)  # (no walk to race: nothing)
