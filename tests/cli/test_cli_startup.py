"""`cellseven` alone starts the game without building the parser; it must mean exactly what
the parser would make of it, and the first frame's imports stay small."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cellseven_game.cli import build_parser
from cellseven_game.cli.main import _just_play, _just_validate


def test_no_arguments_means_what_the_parser_says() -> None:
    parsed = vars(build_parser().parse_args([]))
    parsed.update(story=None, chapter=None, dir=None)  # what main() adds for no command
    shortcut = vars(_just_play([]))
    shortcut.update(story=None, chapter=None, dir=None)
    assert shortcut == parsed


def test_play_alone_means_what_the_parser_says() -> None:
    assert vars(_just_play(["play"])) == vars(build_parser().parse_args(["play"]))


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "pack"],
        ["validate", "--strict"],
        ["validate", "--strict", "my pack"],
        ["validate", "pack", "--strict"],
        ["validate", "--strict", "pack", "--strict"],
    ],
)
def test_a_plain_validate_means_what_the_parser_says(argv: list[str]) -> None:
    shortcut = _just_validate(argv)
    assert shortcut is not None
    assert vars(shortcut) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--story", "x"],
        ["validate", "a", "b"],
        ["validate", "--help"],
        ["validate", "-h"],
        ["validate", ""],
        ["validate", "--stric"],
        ["play"],
        ["validate-all"],
    ],
)
def test_any_other_validate_goes_to_the_parser(argv: list[str]) -> None:
    assert _just_validate(argv) is None


@pytest.mark.parametrize(
    "argv", [["--version"], ["play", "--dev"], ["play", "x"], ["--help"], ["validate"], [""]]
)
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    assert _just_play(argv) is None


def test_the_title_screen_imports_no_parser_yaml_or_story_model(tmp_path: Path) -> None:
    """What the first frame needs: the game's module and the title screen, not argparse,
    PyYAML, the loader or the story model (those load after the title is drawn)."""
    probe = (
        "import json, sys\n"
        "from cellseven_game.cli.main import _just_play\n"
        "assert _just_play([]) is not None\n"
        "import cellseven_game.ui.app, cellseven_game.ui.screens.title\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    loaded = set(json.loads(done.stdout))
    for heavy in (
        "argparse",
        "yaml",
        "cellseven_game.engine.compile.loader",
        "cellseven_game.engine.core.model",
        "cellseven_game.engine.persist.saves",
        "cellseven_game.engine.play.runtime",
    ):
        assert heavy not in loaded, f"{heavy} is imported before the first frame"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
def test_validate_finds_its_cache_without_platformdirs(tmp_path: Path) -> None:
    """On Linux with a home, `validate` writes its cache where platformdirs would say without
    importing it (paths._xdg; tests/reliability/test_user_folders.py compares the folders)."""
    probe = (
        "import json, sys\n"
        "from cellseven_game.cli import main\n"
        "try:\n"
        "    main(['validate'])\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "platformdirs" not in json.loads(done.stderr.splitlines()[-1])
    assert any((tmp_path / ".cache" / "cellseven").iterdir())  # the cache was written there
