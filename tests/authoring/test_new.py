"""`cellseven new`: a starter pack that validates strictly, plays to an ending and tests green."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cellseven_game.cli import main
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.compile.schema import schema
from cellseven_game.engine.play.runtime import Runtime, random_walk

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


@pytest.fixture
def pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    target = tmp_path / "my-pack"
    assert main(["new", str(target)]) == 0
    out = capsys.readouterr().out
    assert "made a new story pack" in out
    return target


def test_new_writes_two_chapters_a_trial_canon_playthroughs_and_schema(pack: Path) -> None:
    names = sorted(str(p.relative_to(pack)) for p in pack.rglob("*") if p.is_file())
    assert names == [
        "canon.yaml",
        "cellseven.schema.json",
        "chapters/hearing.yaml",
        "chapters/storm.yaml",
        "characters.yaml",
        "evidence.yaml",
        "playthroughs.yaml",
        "story.yaml",
    ]
    story = load_story(pack)
    assert len(story.chapters) == 2
    assert len(story.characters) >= 3
    assert story.evidence and story.trials and story.canon is not None
    assert json.loads((pack / "cellseven.schema.json").read_text()) == schema()


def test_every_file_names_the_schema_and_teaches_with_comments(pack: Path) -> None:
    for path in pack.rglob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        match = SCHEMA_LINE.match(lines[0])
        assert match, f"{path.name} does not start with a schema line"
        assert (path.parent / match.group(1)).resolve() == (pack / "cellseven.schema.json")
        comments = [line for line in lines[1:] if "#" in line]
        assert len(comments) >= 3, f"{path.name} explains too little"


def test_the_new_pack_validates_strictly(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(pack), "--strict"]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_the_new_pack_plays_to_an_ending_whatever_is_chosen(pack: Path) -> None:
    story = load_story(pack)
    endings = set()
    for seed in range(40):
        runtime = Runtime(story)
        random_walk(runtime, seed)
        assert runtime.state.status == "ended", runtime.state
        endings.add(runtime.state.ending)
    assert endings == {"cleared", "doubted"}


def test_the_new_pack_has_passing_playthroughs(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "4 playthroughs, 4 passed, 0 failed" in out
    assert "FAIL" not in out


def test_new_refuses_a_folder_with_something_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(target)]) == 2
    err = capsys.readouterr().err
    assert "is not empty" in err and "nothing of yours is overwritten" in err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_new_refuses_a_file_and_accepts_an_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "story.txt"
    a_file.write_text("x", encoding="utf-8")
    assert main(["new", str(a_file)]) == 2
    assert "is a file" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["new", str(empty)]) == 0
    assert (empty / "story.yaml").is_file()
