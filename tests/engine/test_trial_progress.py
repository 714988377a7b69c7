"""The trial's progress is typed data in the state (`State.trial`), read from a save once;
the saved shape (`extra.trial`) is the one cellseven 0.1 wrote, so old saves still read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.core.trial_model import Progress, progress_from
from cellseven_game.engine.play.snapshot import snapshot, state_from_snapshot
from cellseven_game.paths import bundled_story
from cellseven_game.scaffold import create

FIXTURES = Path(__file__).parent.parent / "fixtures" / "saves"


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Story]:
    pack = tmp_path_factory.mktemp("scaffold") / "pack"
    create(pack)
    return {"story": load_story(bundled_story()), "scaffold": load_story(pack)}


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_an_old_save_reads_as_typed_progress_and_writes_the_same_shape(
    path: Path, stories: dict[str, Story]
) -> None:
    story = stories[path.stem.partition("-")[0]]
    saved = json.loads(path.read_text(encoding="utf-8"))["state"]
    state = state_from_snapshot(story, saved)
    data = saved["extra"].get("trial")
    if data is None:
        assert state.trial is None
    else:
        assert isinstance(state.trial, Progress)
        assert state.trial.trial == data["id"]
        assert state.trial.verdict == data["verdict"]
        assert state.trial.refuted == tuple(data["refuted"])
    assert snapshot(story, state)["extra"] == saved["extra"]


def test_progress_the_story_could_not_have_written_is_none(stories: dict[str, Story]) -> None:
    trials = stories["scaffold"].trials
    good = {"id": "lantern", "claim": 0, "credibility": 3, "pressed": [], "objecting": None}
    assert progress_from(trials, {**good, "refuted": [], "verdict": None}) == Progress("lantern", 3)
    for bad in (
        {**good, "id": "other", "refuted": [], "verdict": None},
        {**good, "refuted": ["no_such_claim"], "verdict": None},
        {**good, "refuted": [], "verdict": "no_such_tier"},
        {**good, "claim": 9, "refuted": [], "verdict": None},
        {**good, "credibility": 4, "refuted": [], "verdict": None},
        {**good, "pressed": [1], "refuted": [], "verdict": None},
        {"id": "lantern", "refuted": [], "credibility": 3, "verdict": "cleared", "pressed": 1},
        ["lantern"],
    ):
        assert progress_from(trials, bad) is None, bad
    ruled = {"id": "lantern", "refuted": ["dark"], "credibility": 2, "verdict": "cleared"}
    found = progress_from(trials, ruled)
    assert found is not None and found.verdict == "cleared" and found.data() == ruled
