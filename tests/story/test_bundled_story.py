"""The bundled story: clean under --strict, schema lines, canon, and explore's verdict."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cellseven_game.cli import main
from cellseven_game.engine.compile.loader import check_pack, load_story
from cellseven_game.engine.core import links

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "story"
REQUIRED_CHAPTERS = [
    "prologue", "backpack", "market", "cell7", "gangster", "choir", "fire", "rehearsal",
    "confession", "balloon", "december23", "verdict", "epilogue",
]  # fmt: skip
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture(scope="module")
def story():  # type: ignore[no-untyped-def]
    return load_story(STORY)


def test_validate_strict_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(STORY), "--strict"]) == 0
    out = capsys.readouterr().out
    assert "0 errors, 0 warnings" in out


def test_no_problems_at_all() -> None:
    result = check_pack(STORY)
    assert [str(p) for p in result.problems] == []


def test_every_yaml_file_names_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    schema_file = STORY / "cellseven.schema.json"
    files = sorted(STORY.rglob("*.yaml"))
    assert len(files) >= 14
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.match(first)
        assert match, f"{path} does not start with a schema line"
        assert (path.parent / match.group(1)).resolve() == schema_file.resolve(), path
    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(schema_file.read_text(encoding="utf-8")), (
        "story/cellseven.schema.json is stale: run `cellseven schema > story/cellseven.schema.json`"
    )


def test_chapters_in_story_order(story) -> None:  # type: ignore[no-untyped-def]
    assert list(story.chapter_order) == REQUIRED_CHAPTERS
    for chapter_id in REQUIRED_CHAPTERS:
        chapter = story.chapters[chapter_id]
        assert chapter.period in ("1997", "2013")
        assert story.scenes[chapter.start].chapter == chapter_id


def test_size_and_choices(story) -> None:  # type: ignore[no-untyped-def]
    from cellseven_game.engine.tools.analysis import scene_words

    assert len(story.scenes) >= 150
    assert sum(scene_words(story).values()) >= 15_000
    for chapter_id in REQUIRED_CHAPTERS:
        scenes = [story.scenes[s] for s in story.chapters[chapter_id].scenes]
        if any(s.trial for s in scenes):
            continue  # the trial's press and present moves are its choices
        branching = [s for s in scenes if len(s.choices) >= 2]
        assert len(branching) >= 3, f"{chapter_id} has fewer than three real choices"


def test_canon_fully_covered(story) -> None:  # type: ignore[no-untyped-def]
    from cellseven_game.engine.compile.graph_checks import canon_report

    report = canon_report(story)
    assert report["beats"] >= 40
    assert report["missing"] == []


def test_content_note_present(story) -> None:  # type: ignore[no-untyped-def]
    note = story.content_note.lower()
    for word in ("death", "execution", "accusation"):
        assert word in note


def test_explore_reaches_everything(story, bundled_explored) -> None:  # type: ignore[no-untyped-def]
    report = bundled_explored
    assert report["complete"] and report["trap_check"] == "complete"  # proven, not sampled
    assert report["unreached"] == []
    assert report["dead_ends"] == []
    assert report["loops"] == []
    for chapter_id, info in report["chapters"].items():
        assert info["replayable"], chapter_id
    assert report["canon"]["missing"] == []
    assert len(report["endings"]) >= 2
    # The verdict decides the story: every ruling has endings of its own, shared with no other.
    by_ruling = report["verdict_endings"]
    assert set(by_ruling) == {f"retrial/{t}" for t in _TIERS}
    for ruling, endings in by_ruling.items():
        assert endings, ruling
        for other, theirs in by_ruling.items():
            if other != ruling:
                assert not set(endings) & set(theirs), (ruling, other)
    # The verdict chapter replayed by name: every path through the trial, walked whole.
    verdict = report["chapters"]["verdict"]
    assert not verdict["truncated"]
    assert verdict["verdicts"] == sorted(links.all_tiers(story))
    assert len(verdict["verdicts"]) >= 4
    assert verdict["dead_ends"] == [] and verdict["loops"] == []
    assert verdict["replayable"]


_TIERS = ("acquitted_reinvestigation", "acquitted", "heard_enough", "not_persuaded")
