"""The worked example in story/README.md is a whole, valid pack: it checks clean and plays."""

from __future__ import annotations

from pathlib import Path

from cellseven_game.engine.compile.loader import check_pack
from cellseven_game.engine.play.runtime import Runtime, random_walk
from cellseven_game.engine.tools.analysis import explore


def test_the_guide_has_an_example(example_text: str) -> None:
    assert example_text.startswith("story:")
    assert "chapters:" in example_text


def test_it_validates_with_no_errors_and_no_warnings(example_pack: Path) -> None:
    result = check_pack(example_pack)
    assert [str(p) for p in result.problems] == []
    assert result.story is not None
    assert result.story.chapter_order == ("morning", "evening")


def test_it_plays_to_an_ending(example_pack: Path) -> None:
    story = check_pack(example_pack).story
    assert story is not None
    runtime = Runtime(story)
    while not runtime.finished:
        runtime.choose(next(o.number for o in runtime.options() if o.enabled))
    assert runtime.state.status == "ended"
    assert runtime.state.ending in {"happy", "quiet"}


def test_every_seed_reaches_an_ending(example_pack: Path) -> None:
    story = check_pack(example_pack).story
    assert story is not None
    for seed in range(20):
        runtime = Runtime(story)
        random_walk(runtime, seed)
        assert runtime.state.status == "ended", runtime.state.scene


def test_explore_finds_every_scene_and_both_endings(example_pack: Path) -> None:
    story = check_pack(example_pack).story
    assert story is not None
    report = explore(story)
    assert report["unreached"] == []
    assert report["dead_ends"] == []
    assert report["loops"] == []
    assert report["endings"] == ["happy", "quiet"]
    assert all(chapter["replayable"] for chapter in report["chapters"].values())
