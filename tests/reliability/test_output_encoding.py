"""A terminal whose encoding cannot show the story's text (ASCII, Latin-1, `LANG=C`).

When everything printed fits the encoding, every command works as usual. When a character
does not, the command stops with one ASCII line on stderr and exit 2: never a traceback,
never `\\uXXXX` or `?` in place of the text, never half a report.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

HANGUL = """story:
  title: 예승 — a test
  start: one
  chapters: [one]
characters:
  ye: {name: 예승}
chapters:
  one:
    title: 첫 장
    period: "1997"
    start: a
    scenes:
      a:
        text: Papa laughs.
        choices:
          - {label: The balloon, goto: b}
      b: {text: 아빠가 웃는다., end: home}
playthroughs:
  - {name: the balloon, choices: [1], ending: home}
"""
LATIN = HANGUL.replace("예승 — a test", "Café").replace("예승", "Zoé")
LATIN = LATIN.replace("첫 장", "Été").replace("아빠가 웃는다.", "Déjà vu.")
ASCII = LATIN.replace("Café", "Cafe").replace("Zoé", "Zoe").replace("Été", "Summer")
ASCII = ASCII.replace("Déjà vu.", "Seen before.")

ENVS = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "LANG=C": {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}
COMMANDS = [
    ["validate"],
    ["test"],
    ["run", "--choices", "1"],
    ["graph"],
    ["explore"],
    ["chapters"],
    ["saves"],
]


def cellseven(
    *args: str, env: dict[str, str], home: Path, terminal: int | None = None
) -> subprocess.CompletedProcess[bytes]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHONIO"))}
    clean.pop("LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "cellseven_game", *args],
        stdin=subprocess.DEVNULL if terminal is None else terminal,
        stdout=subprocess.PIPE if terminal is None else terminal,
        stderr=subprocess.PIPE,
        timeout=120,
        env={**clean, "LANG": "C.UTF-8", "CELLSEVEN_HOME": str(home), **env},
    )


def stopped_with_one_line(done: subprocess.CompletedProcess[bytes]) -> None:
    assert done.returncode == 2, (done.returncode, done.stdout[-300:], done.stderr[-500:])
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    line = lines[0].decode("ascii")  # itself ASCII: any terminal shows it
    assert line.startswith("cellseven: error: ") and "UTF-8" in line, line
    assert b"Traceback" not in done.stderr
    assert b"\\u" not in done.stdout and b"\\x" not in done.stdout  # nothing garbled


def pack(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "story.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
@pytest.mark.parametrize("env", ENVS, ids=list(ENVS))
def test_text_the_terminal_cannot_show_stops_with_one_line(
    tmp_path: Path, env: str, command: list[str]
) -> None:
    folder = pack(tmp_path, HANGUL)
    done = cellseven(*command, str(folder), env=ENVS[env], home=tmp_path / "home")
    stopped_with_one_line(done)
    if command[0] != "run":  # a report is held whole: none of it shown
        assert done.stdout == b""


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
@pytest.mark.parametrize("env", ENVS, ids=list(ENVS))
def test_text_that_fits_the_terminal_is_printed_as_usual(
    tmp_path: Path, env: str, command: list[str]
) -> None:
    folder = pack(tmp_path, ASCII)
    done = cellseven(*command, str(folder), env=ENVS[env], home=tmp_path / "home")
    assert done.returncode == 0, (done.stdout[-300:], done.stderr[-500:])
    assert done.stdout.strip() and done.stderr == b""
    text = done.stdout.decode("latin-1" if env == "latin-1" else "ascii")
    assert "\\u" not in text and "\\x" not in text


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_latin1_text_on_a_latin1_terminal_is_shown_as_written(
    tmp_path: Path, command: list[str]
) -> None:
    folder = pack(tmp_path, LATIN)
    home = tmp_path / "home"
    done = cellseven(*command, str(folder), env=ENVS["latin-1"], home=home)
    assert done.returncode == 0, (done.stdout[-300:], done.stderr[-500:])
    assert done.stderr == b""
    text = done.stdout.decode("latin-1")
    if command[0] in ("validate", "graph", "explore", "run"):
        assert any(word in text for word in ("Café", "Été", "Déjà vu")), text
    stopped_with_one_line(cellseven(*command, str(folder), env=ENVS["ascii"], home=home))


@pytest.mark.parametrize("env", ENVS, ids=list(ENVS))
@pytest.mark.parametrize("flag", ["--help", "--version", "validate --help", "run --help"])
def test_help_and_version_work_in_ascii(tmp_path: Path, env: str, flag: str) -> None:
    done = cellseven(*flag.split(), env=ENVS[env], home=tmp_path)
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    assert done.stdout.decode("ascii").strip()


def test_an_error_message_the_terminal_cannot_show(tmp_path: Path) -> None:
    """A usage error quoting a name in Hangul: the encoding line instead, still exit 2."""
    done = cellseven("validate", str(tmp_path / "없는"), env=ENVS["ascii"], home=tmp_path)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1
    done.stderr.decode("ascii")


def test_a_story_problem_the_terminal_cannot_show(tmp_path: Path) -> None:
    broken = HANGUL.replace("goto: b", "goto: 없는")
    folder = pack(tmp_path, broken)
    for command in (["validate"], ["run", "--choices", "1"], ["chapters"]):
        stopped_with_one_line(cellseven(*command, str(folder), env=ENVS["ascii"], home=tmp_path))


def test_run_stops_before_the_line_it_cannot_show(tmp_path: Path) -> None:
    """`run` prints as it goes: the first scene (ASCII) is shown whole, then one line."""
    text = HANGUL.replace("title: 예승 — a test", "title: Plain")
    text = text.replace("title: 첫 장", "title: One").replace("{name: 예승}", "{name: Ye}")
    folder = pack(tmp_path, text)
    done = cellseven("run", "--choices", "1", str(folder), env=ENVS["ascii"], home=tmp_path)
    stopped_with_one_line(done)
    assert b"Papa laughs." in done.stdout
    done.stdout.decode("ascii")


@pytest.mark.parametrize("env", ENVS, ids=list(ENVS))
def test_play_in_a_terminal_that_cannot_show_the_game(tmp_path: Path, env: str) -> None:
    controller, terminal = pty.openpty()
    try:
        done = cellseven("play", env=ENVS[env], home=tmp_path, terminal=terminal)
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.stdout is None  # stdout was the terminal itself
    done.stdout = b""
    stopped_with_one_line(done)
    assert b"the game" in done.stderr
