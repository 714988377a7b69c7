"""Variations on the command line's input that round two missed: standard input closed
(`<&-`, not merely empty) for the commands that read it. Each is one line and exit 2 before
anything else is printed; an empty input (/dev/null) is still the end of a session."""

from __future__ import annotations

import subprocess
import sys

import pytest

CLOSED_STDIN = "import os, sys; os.close(0); sys.argv[0] = 'cellseven'; "
CLOSED_STDIN += "from cellseven_game.cli import main; sys.exit(main(sys.argv[1:]))"


def closed_stdin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLOSED_STDIN, *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=None,
        close_fds=True,
    )


@pytest.mark.parametrize("command", [["run"], ["run", "--chapter", "cell7"], ["lsp"]])
def test_a_command_that_reads_a_closed_stdin_says_so(command: list[str]) -> None:
    if command == ["lsp"]:
        pytest.importorskip("pygls")
    done = closed_stdin(*command)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, (done.stdout[-300:], done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "standard input is closed" in lines[0], done.stderr
    assert done.stdout == ""  # refused before the story was printed


@pytest.mark.parametrize(
    "command",
    [["validate"], ["chapters"], ["graph", "--chapter", "verdict"], ["run", "--choices", "1"],
     ["run", "--random", "3"], ["explain", "CS010"], ["schema"]],
)  # fmt: skip
def test_commands_that_do_not_read_stdin_work_with_it_closed(command: list[str]) -> None:
    done = closed_stdin(*command)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_an_empty_stdin_ends_a_run_session_quietly() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cellseven_game", "run"],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "Chapter 1" in done.stdout
