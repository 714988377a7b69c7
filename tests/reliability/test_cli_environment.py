"""Hostile input and environment for the command line: one clear line and an exit code
(2 for usage and environment, 1 for story problems), never a traceback, never a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


def cellseven(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "cellseven_game", *args],
        capture_output=True,
        text=True,
        errors="backslashreplace",
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        **kw,
    )


def one_line_exit_2(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 2, (done.returncode, done.stdout[-500:], done.stderr)
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1, done.stderr


LOOP = """story:
  title: Loop
  start: one
  chapters: [one]
chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
      a: {text: A, next: b}
      b: {text: B, next: a}
      c: {text: C, end: never}
"""


def test_run_random_on_a_story_that_loops_forever_stops(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(LOOP, encoding="utf-8")
    start = time.monotonic()
    done = cellseven("run", "--story", str(tmp_path), "--random", "1")
    assert time.monotonic() - start < 100
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    assert "100,000 random choices" in done.stderr, done.stderr[-500:]


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "101", "x"])
def test_fail_under_must_be_a_percentage(value: str) -> None:
    one_line_exit_2(cellseven("explore", "--coverage", "--fail-under", value))


@pytest.mark.parametrize("host", ["a" * 300, "a" * 64 + ".example", "bad host", "\x1b[2J"])
def test_serve_host_that_is_no_address_is_refused(host: str) -> None:
    one_line_exit_2(cellseven("serve", "--host", host))


@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "fast!", "-5"])
def test_a_bad_text_speed_is_one_line(value: str) -> None:
    one_line_exit_2(cellseven("play", env={"CELLSEVEN_TEXT_SPEED": value}))


def test_play_without_a_terminal_points_to_run() -> None:
    done = cellseven("play", stdin=subprocess.DEVNULL)
    one_line_exit_2(done)
    assert "cellseven run" in done.stderr
    assert "\x1b" not in done.stdout


@pytest.mark.parametrize("chapter", ["", "   "])
def test_an_empty_chapter_is_a_usage_error(chapter: str) -> None:
    one_line_exit_2(cellseven("run", "--chapter", chapter, "--choices", "1"))


@pytest.mark.parametrize("choices", ["²", "9" * 5000, "1,²,2", "٣"])
def test_choices_that_are_not_ascii_numbers(choices: str) -> None:
    one_line_exit_2(cellseven("run", "--choices", choices))


def test_a_5000_digit_choice_on_stdin() -> None:
    done = cellseven("run", input="9" * 5000 + "\n")
    assert "Traceback" not in done.stderr and done.returncode in (0, 1, 2)


def test_run_with_stdin_closed() -> None:
    done = cellseven("run", stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stderr and done.returncode in (0, 1, 2)
    closed = subprocess.run(
        [sys.executable, "-c", "import os,sys; os.close(0); from cellseven_game.cli import main; "
         "sys.exit(main(['run']))"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "Traceback" not in closed.stderr and closed.returncode in (0, 1, 2), closed.stderr


def test_output_to_dev_full_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cellseven_game", "validate"],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    one_line_exit_2(done)


def test_output_to_a_closed_pipe_is_one_line() -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "cellseven_game", "run", "--choices", "1"],
            stdout=write, stderr=subprocess.PIPE, text=True, timeout=120,
        )  # fmt: skip
    finally:
        os.close(write)
    one_line_exit_2(done)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_ascii_or_latin1_stdout_prints(encoding: str) -> None:
    done = cellseven("chapters", env={"PYTHONIOENCODING": encoding})
    assert "Traceback" not in done.stderr and done.returncode == 0
    done = cellseven("run", "--random", "2", env={"PYTHONIOENCODING": encoding})
    assert "Traceback" not in done.stderr and done.returncode in (0, 1)


def test_a_deleted_working_folder(tmp_path: Path) -> None:
    code = (
        "import os,sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); "
        "from cellseven_game.cli import main; sys.exit(main(sys.argv[2:]))"
    )
    for n, args in enumerate(
        (["validate"], ["validate", "."], ["new", "x"], ["run", "--choices", "1"])
    ):
        gone = tmp_path / f"gone{n}"
        gone.mkdir()
        done = subprocess.run(
            [sys.executable, "-c", code, str(gone), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert done.returncode in (0, 1, 2), (args, done.stderr)


def test_names_too_long_for_the_file_system(tmp_path: Path) -> None:
    for args in (
        ["validate", str(tmp_path / ("n" * 300))],
        ["new", str(tmp_path / ("n" * 300))],
        ["run", "--story", str(tmp_path / ("n" * 300))],
        ["validate", str(tmp_path / "/".join(["d" * 200] * 30))],
    ):
        one_line_exit_2(cellseven(*args))


def test_a_thousand_nested_folders(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "story.yaml").write_text(LOOP.replace("end: never", "end: done"), encoding="utf-8")
    deep = pack
    for _ in range(1000):
        deep = deep / "a"
        try:
            deep.mkdir()
        except OSError:
            break
    try:
        done = cellseven("validate", str(pack))
        assert "Traceback" not in done.stderr, done.stderr[-800:]
        assert done.returncode == 1 and "[CS002]" in done.stdout
        one_line_exit_2(cellseven("new", str(deep / "x" / ("y" * 300))))
    finally:  # even when an assertion fails: pytest's own clean-up would recurse 1,000 deep
        for extra in sorted(deep.rglob("*"), reverse=True):  # what `new` may have begun
            extra.rmdir() if extra.is_dir() else extra.unlink()
        while deep != pack:
            deep.rmdir()
            deep = deep.parent


def test_validate_of_a_folder_with_no_story_file_does_not_walk_it(tmp_path: Path) -> None:
    big = tmp_path / "big"
    for i in range(200):
        (big / f"d{i}").mkdir(parents=True)
        (big / f"d{i}" / "x.yaml").write_text("chapters: [", encoding="utf-8")
    done = cellseven("validate", str(big))
    assert done.returncode == 1
    assert "[CS006]" in done.stdout and "[CS001]" not in done.stdout
    start = time.monotonic()
    root = cellseven("validate", "/")
    assert time.monotonic() - start < 30 and root.returncode == 1 and "[CS006]" in root.stdout


def test_play_dev_with_a_folder_link_loop_fingerprints_in_time(tmp_path: Path) -> None:
    from cellseven_game.engine.tools import devreload

    (tmp_path / "story.yaml").write_text(LOOP, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "sub" / "again").symlink_to(tmp_path / "sub", target_is_directory=True)
    start = time.monotonic()
    seen = devreload.fingerprint(tmp_path)
    assert time.monotonic() - start < 5
    assert list(seen) == [str(tmp_path / "story.yaml")]


def test_5000_unknown_references_are_checked_in_linear_time(tmp_path: Path) -> None:
    scenes = "\n".join(f"      s{i:05d}: {{text: T, next: s{i + 1:05d}}}" for i in range(5000))
    refs = "\n".join(f"      u{i:05d}: {{text: T, next: nowhere_{i:05d}x}}" for i in range(5000))
    pack_text = (
        "story:\n  title: Many\n  start: one\n  chapters: [one]\n"
        "chapters:\n  one:\n    title: One\n    period: '1'\n    start: s00000\n    scenes:\n"
        f"{scenes}\n      s05000: {{text: T, end: done}}\n{refs}\n"
    )
    (tmp_path / "story.yaml").write_text(pack_text, encoding="utf-8")
    start = time.monotonic()
    done = cellseven("validate", str(tmp_path))
    took = time.monotonic() - start
    assert done.returncode == 1 and done.stdout.count("[CS101]") == 5000
    assert took < 60, took


@pytest.mark.parametrize(
    "literal", ["1" * 4299, "-" + "9" * 40, "1.0e+400", ".nan", ".inf", "10000000000000001"]
)
def test_story_numbers_are_bounded_where_they_are_written(tmp_path: Path, literal: str) -> None:
    text = (
        "story:\n  title: N\n  start: one\n  chapters: [one]\n"
        f"variables:\n  score: 0\n  big: {literal}\n"
        "chapters:\n  one:\n    title: One\n    period: '1'\n    start: a\n    scenes:\n"
        "      a:\n        text: A\n        choices:\n"
        f"          - {{label: Add, goto: a, do: [{{add: {{score: {literal}}}}}]}}\n"
        "          - {label: Stop, goto: b}\n"
        "      b: {text: B, end: done}\n"
    )
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    done = cellseven("validate", str(tmp_path))
    assert done.returncode == 1, done.stdout
    assert "story.yaml:7:8: error:" in done.stdout and "[CS011]" in done.stdout
    assert done.stdout.count("[CS011]") == 2
    assert "1" * 100 not in done.stdout
