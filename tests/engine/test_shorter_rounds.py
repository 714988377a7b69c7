"""A shorter round of `Escape.ask` whose search runs out of steps is not searched again
with the visit counts read as remainders cut (escape.py `_proof`'s `shorter`): the next
round searches with more steps, then cut. House seed 18's tower base ran out twice in each
of its shorter rounds (1,875 and 7,500 steps: 1.3 s of its chapter's 3.2) before it was
proven with all its 30,000 (21,427 spent, not cut)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from benchmarks import house_hubs

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools import witnessed
from cellseven_game.engine.tools.escape import Escape


def test_a_shorter_round_that_runs_out_is_not_searched_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = load_story(house_hubs.gen(tmp_path, 18))
    searched: list[tuple[int, bool, bool]] = []
    real = Escape._proof_once

    def proof_once(self: Escape, scene_id: str, *args: Any) -> bool:
        found = real(self, scene_id, *args)
        if scene_id == "tower_base":
            searched.append((self.limit, self.cut_remainders, found))
        return found

    monkeypatch.setattr(Escape, "_proof_once", proof_once)
    assert witnessed.witness(story, "house").settled
    # (the brief asks before the plays, 100 steps, aside) Each shorter round once, not
    # cut; the round with all its steps finds it.
    assert [s for s in searched if s[0] >= 1_000] == [
        (1_875, False, False),
        (7_500, False, False),
        (30_000, False, True),
    ]
