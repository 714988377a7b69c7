"""The bundled story's golden playthroughs: `cellseven test` passes, and they cover the story."""

from __future__ import annotations

from pathlib import Path

import pytest

from cellseven_game.cli import main
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core import links
from cellseven_game.engine.play import trial
from cellseven_game.engine.tools import playthroughs

STORY = Path(__file__).resolve().parents[2] / "story"


@pytest.fixture(scope="module")
def results() -> list[playthroughs.Result]:
    story = load_story(STORY)
    suite = playthroughs.load(STORY)
    assert suite.problems == []
    return playthroughs.run_all(story, suite)


def test_cellseven_test_passes_on_the_bundled_story(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(STORY)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].endswith(" passed, 0 failed")
    assert all(line.startswith("ok    ") for line in out[:-1])


def test_every_chapter_has_a_replay(results: list[playthroughs.Result]) -> None:
    story = load_story(STORY)
    replayed = {r.playthrough.chapter for r in results if r.playthrough.chapter}
    assert replayed == set(story.chapter_order)


def test_whole_story_runs_reach_every_verdict_and_every_ending(
    results: list[playthroughs.Result],
) -> None:
    story = load_story(STORY)
    whole = [r for r in results if r.playthrough.chapter is None]
    assert {trial.verdict_of(r.state) for r in whole} == set(links.all_tiers(story))
    assert all(r.state.status == "ended" for r in whole)
    # every ending is pinned by a run that went through the trial, so each is tied to the
    # ruling that led there (the whole story, the verdict chapter, or it played on past its edge)
    endings = {s.end for s in story.scenes.values() if s.end}
    tied: dict[str, set[str]] = {}
    for r in results:
        ruling = trial.verdict_of(r.state)
        if ruling and r.state.status == "ended" and r.state.ending:
            tied.setdefault(r.state.ending, set()).add(ruling)
    replayed = {r.state.ending for r in results if r.playthrough.chapter == "epilogue"}
    assert set(tied) | replayed == endings  # the epilogue's own replays start after the ruling
    assert endings - replayed <= set(tied)
    assert all(len(rulings) == 1 for rulings in tied.values()), tied
    assert len(set().union(*tied.values())) == 4


def test_coverage_of_the_bundled_story(results: list[playthroughs.Result]) -> None:
    report = playthroughs.coverage(load_story(STORY), results)
    assert report["endings"]["percent"] == 100.0
    assert report["verdicts"]["percent"] == 100.0
    assert report["scenes"]["percent"] == 100.0
    assert report["choices"]["percent"] == 100.0
