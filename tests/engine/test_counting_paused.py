"""A short story's reading with numbers and visit counts (escape.py `Escape.counting`)
spends a quarter of its allowance before the searches, and the rest only if the first
search leaves a scene unreached, or after the brief search for a stop if only a few dead
ends are left (witnessed.py `_read_counting`). An outside dungeon of 40 scenes
(outside_b.py) is settled by its first search, and corridor_hubs.py seeds 11 and 38 by the
search for a stop, where the reading would spend all 40,000 steps, 1.5 to 2 seconds, and
not finish; house_hubs.py seed 35's last train is shut out only by the reading, which the
search leaves to go on."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import corridor_hubs, house_hubs, outside_b

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools import witnessed
from cellseven_game.engine.tools.escape import MAX_COUNTING, Counting


def _allowances(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool]]:
    """Each reading's allowance as its `go` returns, and whether it had finished."""
    given: list[tuple[int, bool]] = []
    go = Counting.go

    def recorded(self: Counting, more: int) -> tuple[set[str], set[str]] | None:
        found = go(self, more)
        given.append((self.allowance, found is not None))
        return found

    monkeypatch.setattr(Counting, "go", recorded)
    return given


def test_a_dungeon_settled_by_its_search_reads_a_quarter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = tmp_path / "dungeon"
    outside_b.main(["dungeon", str(pack), "--scenes", "40", "--seed", "0"])
    story = load_story(pack)
    given = _allowances(monkeypatch)
    found = witnessed.witness(story, None)
    assert found.settled
    assert given == [(witnessed.SHORT_COUNTING, False)]  # (paused, never read on)
    # Read whole before the searches, as it was, it spends its allowance for nothing.
    given.clear()
    monkeypatch.setattr(witnessed, "SHORT_COUNTING", MAX_COUNTING)
    found = witnessed.witness(story, None)
    assert found.settled and given == [(MAX_COUNTING, False)]


def test_a_house_whose_train_only_the_reading_shuts_out_reads_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = load_story(house_hubs.gen(tmp_path / "35", 35))
    given = _allowances(monkeypatch)
    found = witnessed.witness(story, None)
    assert found.settled
    # A quarter before the searches; after the first, read on to its end.
    assert given[:2] == [(witnessed.SHORT_COUNTING, False), (MAX_COUNTING, True)]


@pytest.mark.parametrize("seed", [11, 38])
def test_a_corridor_s_dead_end_is_searched_for_before_reading_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    # Every scene reached and a dead end or two in question after the searches: the brief
    # search for a stop finds it, and the reading paused is never read on. Read on first,
    # it spent its whole allowance and did not finish.
    story = load_story(corridor_hubs.gen(tmp_path / str(seed), seed))
    given = _allowances(monkeypatch)
    found = witnessed.witness(story, None)
    assert found.settled and found.dead_ends
    assert given == [(witnessed.SHORT_COUNTING, False)]
