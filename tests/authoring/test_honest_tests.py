"""Story tests that cannot lie, ids you can see, and one way to name the pack for every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from cellseven_game.cli import main


@pytest.fixture
def pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    target = tmp_path / "pack"
    assert main(["new", str(target)]) == 0
    capsys.readouterr()
    return target


@pytest.mark.parametrize(
    ("playthrough", "code"),
    [
        ("  - name: expects nothing\n    choices: [wait]\n", "CS401"),
        (
            "  - name: a malformed step\n    choices: [wait, {x: 1}]\n    reach: lamp_room\n",
            "CS401",
        ),
        ("  - name: a typo in a key\n    choices: [wait]\n    reachh: lamp_room\n", "CS003"),
        (
            "  - name: looks for nothing\n    choices: [wait]\n    reach: lamp_room\n"
            '    shows: ["  "]\n',
            "CS401",
        ),
    ],
)
def test_a_playthrough_that_cannot_check_anything_fails(
    pack: Path, capsys: pytest.CaptureFixture[str], playthrough: str, code: str
) -> None:
    (pack / "playthroughs.yaml").write_text("playthroughs:\n" + playthrough, encoding="utf-8")
    assert main(["test", str(pack)]) == 1
    out = capsys.readouterr().out.splitlines()
    fail = [line for line in out if line.startswith("FAIL")]
    assert len(fail) == 1 and "playthroughs.yaml:" in fail[0], out
    assert not any(line.startswith("ok") for line in out)
    assert out[-1].endswith("1 playthrough, 0 passed, 1 failed")
    assert any(f"[{code}]" in line for line in out)
    # coverage counts it as failed too
    assert main(["explore", "--coverage", str(pack)]) == 1
    assert "(0 passed)" in capsys.readouterr().out


def test_run_shows_ids_and_takes_them(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(pack), "--ids", "--choices", "1"]) == 0
    out = capsys.readouterr().out
    assert "[read_the_logbook_over_his_shoulder]" in out
    # the ids and trial moves a playthrough writes are what --choices takes
    steps = "follow_him_up_the_stairs,1,continue,press:dark.black,object:dark.black,"
    steps += "present:dark.logbook"
    assert main(["run", str(pack), "--ids", "--choices", steps]) == 0
    out = capsys.readouterr().out
    assert "[rest:dark]" in out or "[rest:asleep]" in out
    assert "> " in out and "Present" in out


def test_choices_that_are_not_there_exit_2(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(pack), "--choices", "no_such_choice"]) == 2
    assert "no_such_choice" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["validate", "test", "chapters", "run", "graph", "explore"])
def test_every_command_takes_the_pack_the_same_ways(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    extra = ["--choices", "1"] if command == "run" else []
    outputs = []
    for args in ([str(pack)], ["--story", str(pack)]):
        main([command, *args, *extra])
        outputs.append(capsys.readouterr().out)
    # inside the pack (or any folder of it), no folder means this pack, not the film
    monkeypatch.chdir(pack / "chapters")
    main([command, *extra])
    outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert "Miracle in Cell" not in outputs[2]
    assert "Cell No. 7" not in outputs[0]


def test_two_different_packs_is_a_usage_error(
    pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(pack), "--story", str(tmp_path)]) == 2
