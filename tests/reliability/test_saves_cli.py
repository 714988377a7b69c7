"""`cellseven saves` lists slots and damaged files; `--check DIR`: which saves an edit breaks."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cellseven_game import cli
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.persist import saves
from cellseven_game.engine.play.runtime import Runtime

PACK = """
story:
  title: Two Rooms
  start: one
  chapters: [one, two]
chapters:
  one:
    title: First
    period: "2013"
    start: hall
    scenes:
      hall:
        text: A hall.
        choices:
          - label: Go on
            goto: stair
          - label: Wait
            goto: stair
      stair:
        text: A stair.
        next: yard
  two:
    title: Second
    period: "1997"
    start: yard
    scenes:
      yard:
        text: A yard.
        next: gate
      gate:
        text: A gate.
        end: done
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "story.yaml").write_text(PACK, encoding="utf-8")
    return folder


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(args), out=out)
    return code, out.getvalue()


def make_saves(pack: Path) -> None:
    story = load_story(pack)
    runtime = Runtime(story)
    saves.save(runtime, "start", now=100.0)
    runtime.choose_id("go_on")
    saves.save(runtime, "stair", now=200.0)
    runtime.choose_id(None)
    runtime.choose_id(None)
    saves.save(runtime, now=300.0)  # the autosave, at the gate


def test_saves_lists_slots_newest_first(home: Path, pack: Path) -> None:
    make_saves(pack)
    code, out = run("saves", "--story", str(pack))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].split() == ["SLOT", "CHAPTER", "SCENE", "SAVED", "STORY"]
    assert [line.split()[0] for line in lines[1:4]] == ["autosave", "stair", "start"]
    version = load_story(pack).version
    assert lines[1].split()[1:3] == ["two", "gate"] and version in lines[1]
    assert lines[1].endswith("current")
    assert lines[-1].startswith("3 saves, 0 damaged, in ")


def test_saves_reports_damaged_files_moves_them_aside_and_exits_1(home: Path, pack: Path) -> None:
    make_saves(pack)
    folder = saves.saves_dir(load_story(pack))
    (folder / "broken.json").write_bytes(b'{"format": "cellseven-save", "ver')
    code, out = run("saves", "--story", str(pack))
    assert code == 1
    damaged = [line for line in out.splitlines() if line.startswith("damaged:")]
    assert damaged == [
        "damaged: broken.json: it is not valid JSON (line 1); moved aside to broken.json.damaged"
    ]
    assert (folder / "broken.json.damaged").is_file()
    assert out.splitlines()[-1].startswith("3 saves, 1 damaged")
    assert run("saves", "--story", str(pack))[0] == 0  # reported once, kept aside


def test_saves_with_no_saves(home: Path, pack: Path) -> None:
    folder = saves.saves_dir(load_story(pack))
    assert run("saves", str(pack)) == (0, f"0 saves, 0 damaged, in {folder}\n")


def test_check_on_the_same_story_is_all_ok(home: Path, pack: Path) -> None:
    make_saves(pack)
    code, out = run("saves", "--check", str(pack))
    assert code == 0, out
    assert out.count("ok     ") == 3 and "0 would break, 0 damaged" in out


def test_check_names_the_saves_an_edit_breaks_and_why(
    home: Path, pack: Path, tmp_path: Path
) -> None:
    make_saves(pack)
    edited = tmp_path / "edited"
    edited.mkdir()
    text = PACK.replace("      stair:\n        text: A stair.\n        next: yard\n", "")
    text = text.replace("goto: stair", "goto: yard")
    (edited / "story.yaml").write_text(text, encoding="utf-8")
    code, out = run("saves", "--check", str(edited))
    assert code == 1
    lines = {line.split()[1]: line for line in out.splitlines() if line[:6] in ("ok    ", "BREAKS")}
    assert lines["start"].startswith("ok ") and "replay on it" in lines["start"]
    assert lines["stair"].startswith("BREAKS")
    assert "the last step now leads to `yard`, not `stair`" in lines["stair"]
    assert lines["autosave"].startswith("BREAKS")
    assert lines["autosave"].endswith(
        "scene `stair` is gone, at step 2; it would resume at scene `yard`"
    )
    assert out.splitlines()[-1] == "Two Rooms: 3 saves checked, 2 would break, 0 damaged"
    # Checking writes nothing: the saves are as they were.
    story = load_story(pack)
    assert saves.list_saves(story)[1] == [] and len(saves.list_saves(story)[0]) == 3


def test_check_with_renamed_keeps_saves_whole(home: Path, pack: Path, tmp_path: Path) -> None:
    make_saves(pack)
    edited = tmp_path / "renamed"
    edited.mkdir()
    text = PACK.replace("stair", "stairs").replace(
        "  chapters: [one, two]\n", "  chapters: [one, two]\n  renamed:\n    stair: stairs\n"
    )
    (edited / "story.yaml").write_text(text, encoding="utf-8")
    code, out = run("saves", "--check", str(edited))
    assert code == 0, out
    assert "0 would break" in out


def test_loading_a_save_after_the_edit_follows_the_check(
    home: Path, pack: Path, tmp_path: Path
) -> None:
    make_saves(pack)
    edited = tmp_path / "edited"
    edited.mkdir()
    (edited / "story.yaml").write_text(PACK.replace("end: done", "next: yard"), encoding="utf-8")
    outcome = saves.resume(load_story(edited), "autosave")
    assert outcome.kind == "replayed" and outcome.runtime.state.scene == "gate"


def test_saves_never_imports_textual(home: Path, pack: Path) -> None:
    make_saves(pack)
    probe = (
        "import json, sys\nfrom cellseven_game import cli\n"
        "code = cli.main(sys.argv[1:])\n"
        "print(json.dumps([code, sorted(m for m in sys.modules if m.startswith('textual'))]))"
    )
    for args in (["saves", "--story", str(pack)], ["saves", "--check", str(pack)]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "CELLSEVEN_HOME": str(home)},
            check=False,
        )
        assert json.loads(done.stdout.splitlines()[-1]) == [0, []], done.stderr
