"""`cellseven run` as a whole way to play, tried as a screen-reader player would: lines typed
on standard input, from the content note to an ending, saving and loading midway, typos that
re-prompt, and prose that never splits a sentence across lines."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cellseven_game.cli.transcript import paragraphs, plain_text
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.paths import bundled_story

CHOSE = re.compile(r"^> (\d+)\. (.*)$", re.M)


def run(args: list[str], stdin: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cellseven_game", "run", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "CELLSEVEN_HOME": str(home)},
        check=False,
    )


@pytest.fixture(scope="module")
def route(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[int, str]]:
    """A whole route through the bundled story: (number, label) of each choice a seeded
    random player took, to be typed back in by hand."""
    done = run(["--random", "5"], "", tmp_path_factory.mktemp("route"))
    assert done.returncode == 0, done.stderr
    assert re.search(r"^ending: \S+$", done.stdout, re.M)
    return [(int(n), label) for n, label in CHOSE.findall(done.stdout)]


def test_a_whole_game_typed_in_with_a_save_and_a_load_midway(
    route: list[tuple[int, str]], tmp_path: Path
) -> None:
    half = len(route) // 2
    typed: list[str] = []
    for i, (number, label) in enumerate(route):
        if i == half:
            typed += ["saev midway", "9999", "", "save midway", "record", "roster", "history"]
            typed += ["load midway"]  # back to the same place: the route goes on from there
        # A lone Continue is taken with Enter alone, as a listener would.
        typed.append("" if label == "Continue" else str(number))
    done = run([], "\n".join(typed) + "\n", tmp_path)
    out = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in out + done.stderr
    assert out.startswith("Before you begin: This story touches on")  # the content note first
    assert "Saved as midway." in out and "Loaded midway." in out
    assert "“saev midway” is not a choice or a command." in out  # a typo re-prompts
    assert "9999 is not one of the choices." in out
    assert "Evidence:" in out and "Testimony:" in out  # the court record in words
    ending = re.search(r"^ending: (\S+)$", out, re.M)
    assert ending is not None, out[-3000:]
    # The same ending as the route it followed: the load put the game back where it was.
    again = run(["--choices", ",".join(str(n) for n, _ in route)], "", tmp_path / "b")
    assert f"ending: {ending.group(1)}" in again.stdout
    # The saves are the terminal game's: the named one is there for `cellseven saves` too.
    assert any(p.stem == "midway" or "midway" in p.read_text() for p in (tmp_path).rglob("*.json"))


def test_prose_is_whole_paragraphs_without_markdown_marks(
    route: list[tuple[int, str]], tmp_path: Path
) -> None:
    done = run([], "\n".join(str(n) for n, _ in route) + "\n", tmp_path)
    lines = set(done.stdout.splitlines())
    story = load_story(bundled_story())
    checked = 0
    for scene in story.scenes.values():
        for paragraph in paragraphs(plain_text(scene.text)):
            if paragraph in done.stdout:
                assert paragraph in lines, f"split or merged: {paragraph[:60]}"
                checked += 1
    assert checked >= 50, "the route should read many paragraphs"
    for line in done.stdout.splitlines():
        assert not re.search(r"(?<![\w*])\*{1,2}\w[^*]*\w\*{1,2}(?![\w*])", line), line
    # No line of prose ends mid-sentence with the next one going on in lower case.
    rows = done.stdout.splitlines()
    for first, second in itertools.pairwise(rows):
        status = re.match(r"^(verdict|ending|chapter end|dead end|stopped): ", second)
        if first and second and first[-1].isalpha() and second[:1].islower() and not status:
            raise AssertionError(f"a sentence split across lines:\n{first}\n{second}")


def test_the_trial_in_words(tmp_path: Path) -> None:
    done = run(["--chapter", "verdict"], "1\n" * 40 + "quit\n", tmp_path)
    out = done.stdout
    assert "●" not in out and "○" not in out
    assert re.search(r"^Credibility: \d+ of \d+$", out, re.M), out[-2000:]
    # Each statement is read once a turn, numbered; the choices point to it by number.
    turn = out[out.find("Claim 1 of") :]
    turn = turn[: turn.find("choose>") if "choose>" in turn else len(turn)]
    first = re.search(r"\[1\] “([^”]+)”", turn)
    if first is not None:  # the claim is on screen: its first statement appears once
        block = turn.split("\n\n")[0]
        assert block.count(first.group(1)) == 1, block
        assert "Press: statement 1" in block


def test_end_of_input_and_quit_stop_cleanly_with_the_autosave_kept(tmp_path: Path) -> None:
    done = run([], "1\nquit\n", tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert re.search(r"^stopped: \S+$", done.stdout, re.M)
    assert list(tmp_path.rglob("autosave*.json")), "quitting kept the game"
    closed = subprocess.run(
        [sys.executable, "-m", "cellseven_game", "run"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CELLSEVEN_HOME": str(tmp_path / "c")},
        check=False,
    )
    assert closed.returncode == 0 and "Traceback" not in closed.stderr


def test_help_lists_every_command(tmp_path: Path) -> None:
    done = run([], "help\nquit\n", tmp_path)
    for command in ("where", "record", "roster", "history", "save NAME", "load", "undo", "quit"):
        assert re.search(rf"^  {re.escape(command)}\b", done.stdout, re.M), command
