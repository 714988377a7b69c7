"""Before a long proof, the quick walk goes on by as many states (analysis._Race).

An outside hub (other_hubs.py, seed 509) has rooms no proof frees: its proofs of 17 rooms
failed for 2.6 s, where walking its 7,309 states took 0.5 s. Its walk is now done before
the long proofs are asked, and the report is the walk's. A hall of 40 scenes whose walk
is far longer (packs.py manor) is still proven by playthroughs: the race walks, is not
done, and the proof goes on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from benchmarks import other_hubs
from benchmarks.packs import manor_pack
from benchmarks.proof_vs_walk import findings

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools import analysis
from cellseven_game.engine.tools.escape import MAX_NODES_A_SCENE, Escape
from cellseven_game.engine.tools.witnessed import FIRST_PROOF_STEPS


def _asks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The steps each of escape.py's askings was allowed, recorded as they come."""
    asked: list[int] = []
    real = Escape.ask

    def ask(self: Escape, *args: Any, **kwargs: Any) -> set[str]:
        asked.append(args[3] if len(args) > 3 else kwargs.get("steps", MAX_NODES_A_SCENE))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Escape, "ask", ask)
    return asked


def _full_rounds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The steps of each proof made with all its asking's steps (not a shorter round)."""
    full: list[int] = []
    asking: list[int] = []
    real_ask, real_free = Escape.ask, Escape.free

    def ask(self: Escape, *args: Any, **kwargs: Any) -> set[str]:
        asking.append(args[3] if len(args) > 3 else kwargs.get("steps", MAX_NODES_A_SCENE))
        try:
            return real_ask(self, *args, **kwargs)
        finally:
            asking.pop()

    def free(
        self: Escape,
        scene_id: str,
        first: Any = None,
        steps: int = MAX_NODES_A_SCENE,
        shorter: bool = False,
    ) -> bool:
        if asking and not shorter:
            assert steps == asking[-1]  # the round with all the asking's steps
            full.append(steps)
        return real_free(self, scene_id, first, steps, shorter)

    monkeypatch.setattr(Escape, "ask", ask)
    monkeypatch.setattr(Escape, "free", free)
    return full


def _races(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The steps each race was told of."""
    told: list[int] = []
    real = analysis._Race.__call__

    def call(self: analysis._Race, steps: int) -> None:
        told.append(steps)
        real(self, steps)

    monkeypatch.setattr(analysis._Race, "__call__", call)
    return told


def test_a_walk_done_before_the_long_proofs_ends_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = load_story(other_hubs.gen(tmp_path, 509))
    full, told = _full_rounds(monkeypatch), _races(monkeypatch)
    # (Its walk: 3,976 states since flags held for good cut ways, 5,000 and more before:
    # the quick walk is made shorter than that here.)
    quick = 2_000
    report = analysis.explore(story, quick_walk=quick)
    assert report["proof"] == "states" and report["complete"]
    assert report["states"] > quick  # not done by the quick walk alone
    assert told  # ... but by the race
    # Only the brief askings before the playthroughs made a proof with all their steps;
    # the long ones after only their shorter rounds (the race comes before the rest).
    assert full and max(full) == FIRST_PROOF_STEPS
    monkeypatch.undo()
    assert findings(report) == findings(analysis.explore(story, every_state=True))


def test_a_walk_not_done_leaves_the_proof_to_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = load_story(manor_pack(tmp_path / "manor"))
    told = _races(monkeypatch)
    report = analysis.explore(story)
    assert told and report["proof"] == "playthroughs"
    assert report["complete"] and report["states"] == 0


def test_no_race_without_a_quick_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (The tests that want the proofs themselves ask for no quick walk: none goes on.)
    story = load_story(other_hubs.gen(tmp_path, 509))
    asked, told = _asks(monkeypatch), _races(monkeypatch)
    report = analysis.explore(story, quick_walk=0)
    assert not told and max(asked) > MAX_NODES_A_SCENE
    assert report["proof"] == "states" and report["complete"]
