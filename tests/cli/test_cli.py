"""The `cellseven` command line: exit codes, output, and no traceback for what a user can do."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cellseven_game import cli
from cellseven_game.cli import author
from cellseven_game.engine.tools.analysis import QUICK_WALK

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "broken"

MINI = """\
story:
  title: Three Rooms
  start: market
  chapters: [market, marsh, cell]
chapters:
  market:
    title: The Market
    period: "1997"
    start: m1
    scenes:
      m1:
        text: Stalls.
        next: s1
  marsh:
    title: The Marsh
    period: "1997"
    start: s1
    scenes:
      s1:
        text: Reeds.
        next: c1
  cell:
    title: Cell Number Seven
    period: "2013"
    start: c1
    scenes:
      c1:
        text: Walls.
        end: walls
"""


def cellseven(
    *args: str, cwd: Path | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """The real command, in a fresh process (as `python -m cellseven_game`)."""
    return subprocess.run(
        [sys.executable, "-m", "cellseven_game", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        cwd=cwd,
        env={**os.environ, "CELLSEVEN_HOME": str(cwd or ROOT)},
        check=False,
    )


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command in-process: (exit code, stdout, stderr)."""
    try:
        code = cli.main(list(args))
    except SystemExit as exc:  # argparse: --help and usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text


@pytest.fixture
def mini(make_pack) -> Path:  # type: ignore[no-untyped-def]
    return make_pack({"story.yaml": MINI})


# -- help and exit codes -------------------------------------------------------------------


def test_help_lists_every_command() -> None:
    done = cellseven("--help")
    assert done.returncode == 0
    for command in ("play", "chapters", "validate", "run", "explore", "schema"):
        assert command in done.stdout


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = call(capsys, "dance")
    assert code == cli.EXIT_USAGE
    assert "invalid choice" in err


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "no/such/folder"],
        ["explore", "no/such/folder"],
        ["run", "--story", "no/such/folder"],
        ["chapters", "--story", "no/such/folder"],
    ],
)
def test_a_missing_folder_exits_2(tmp_path: Path, args: list[str]) -> None:
    done = cellseven(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert "no such folder" in done.stderr
    no_traceback(done.stdout, done.stderr)


def test_a_file_is_not_a_pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "story.yaml").write_text("story: {}\n")
    code, _, err = call(capsys, "validate", str(tmp_path / "story.yaml"))
    assert code == 2
    assert "not a folder" in err


# -- validate ------------------------------------------------------------------------------


def test_validate_a_good_pack(example_pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "validate", str(example_pack))
    assert code == 0
    assert out.splitlines() == ["The Lost Glove: 2 chapters, 7 scenes; 0 errors, 0 warnings"]
    code, out2, _ = call(capsys, "validate", "--story", str(example_pack))
    assert (code, out2) == (0, out)


def test_validate_a_broken_pack_in_a_real_process(tmp_path: Path) -> None:
    folder = tmp_path / "dangling"
    shutil.copytree(BROKEN / "dangling", folder, ignore=shutil.ignore_patterns("expected.txt"))
    done = cellseven("validate", ".", cwd=folder)
    assert done.returncode == 1
    expected = (BROKEN / "dangling" / "expected.txt").read_text().splitlines()
    lines = done.stdout.splitlines()
    assert lines[:-1] == expected
    assert lines[-1] == ".: 3 errors, 0 warnings"
    no_traceback(done.stdout, done.stderr)


def test_warnings_fail_only_with_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "warnings"
    shutil.copytree(BROKEN / "warnings", folder, ignore=shutil.ignore_patterns("expected.txt"))
    code, out, _ = call(capsys, "validate", str(folder))
    assert code == 0
    assert out.splitlines()[-1] == "Warnings: 1 chapter, 4 scenes; 0 errors, 4 warnings"
    code, _, _ = call(capsys, "validate", str(folder), "--strict")
    assert code == 1


def test_commands_on_a_broken_pack_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "dangling"
    shutil.copytree(BROKEN / "dangling", folder)
    for args in (
        ["run", "--story", str(folder)],
        ["explore", str(folder)],
        ["chapters", "--story", str(folder)],
    ):
        code, _, err = call(capsys, *args)
        assert code == 1, args
        assert "`goto` names the unknown scene `bb`" in err
        assert "cellseven validate" in err


# -- run -----------------------------------------------------------------------------------


def test_run_with_choices_ends_with_the_ending(
    example_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = call(capsys, "run", "--story", str(example_pack), "--choices", "1,1,1,1,1")
    assert code == 0
    lines = out.splitlines()
    assert lines[-1] == "ending: happy"
    assert lines[0] == "== Chapter 1: Morning (1997) =="
    assert "Mina: I only have one glove now." in lines
    assert "  2. Ask the baker first (closed)" in lines
    assert "> 1. Tell her about the dog" in lines


def test_run_a_chapter_ends_with_chapter_end(
    example_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = call(
        capsys, "run", "--story", str(example_pack), "--chapter", "morning", "--choices", "2,1,1"
    )
    assert code == 0
    assert out.splitlines()[-1] == "chapter end: morning"
    assert "== Chapter 2" not in out


def test_run_reads_choices_from_stdin(example_pack: Path) -> None:
    done = cellseven("run", "--story", ".", cwd=example_pack, stdin="2\n1\n\n1\n2\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "ending: quiet"


@pytest.mark.parametrize(
    ("choices", "words"),
    [
        ("1,9", "there is no choice 9; choose 1 to 1"),
        ("1,1,2", "choice 2 is not available now"),
        ("1,x", "at scene `bakery`: no available choice `x`"),  # ids are steps too
        ("-1", "--choices takes choice numbers, choice ids"),
        ("1,1,1,1,1,1", "nothing to choose"),
    ],
)
def test_bad_choices_exit_2_without_traceback(example_pack: Path, choices: str, words: str) -> None:
    done = cellseven("run", "--story", ".", "--choices", choices, cwd=example_pack)
    assert done.returncode == 2, done.stdout
    assert words in done.stderr
    no_traceback(done.stdout, done.stderr)


def test_random_is_reproducible(example_pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outs = {}
    for seed in ("1", "2", "1", "5"):
        code, out, _ = call(capsys, "run", "--story", str(example_pack), "--random", seed)
        assert code == 0
        assert out.splitlines()[-1] in ("ending: happy", "ending: quiet")
        outs.setdefault(seed, set()).add(out)
    assert len(outs["1"]) == 1  # the same seed, the same transcript
    endings = set()
    for seed in range(12):
        _, out, _ = call(capsys, "run", "--story", str(example_pack), "--random", str(seed))
        endings.add(out.splitlines()[-1])
    assert endings == {"ending: happy", "ending: quiet"}


def test_a_dead_end_exits_1(make_pack, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    folder = make_pack({"story.yaml": MINI.replace("        end: walls\n", "")})
    code, out, _ = call(capsys, "run", "--story", str(folder), "--choices", "1,1")
    assert code == 1
    assert out.splitlines()[-1] == "dead end: c1"


# -- chapters, named as players remember them ----------------------------------------------


def test_chapters_lists_them_in_story_order(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "chapters", "--story", str(mini))
    assert code == 0
    rows = [line.split() for line in out.splitlines()]
    assert [row[1] for row in rows] == ["market", "marsh", "cell"]
    assert [row[2] for row in rows] == ["1997", "1997", "2013"]
    assert out.splitlines()[2].endswith("Cell Number Seven")


@pytest.mark.parametrize(
    ("name", "chapter"),
    [
        ("cell", "Cell Number Seven"),
        ("CELL", "Cell Number Seven"),
        ("Cell Number Seven", "Cell Number Seven"),
        ("cell number", "Cell Number Seven"),
        ("the marsh", "The Marsh"),
        ("mark", "The Market"),
        ("  Marsh ", "The Marsh"),
        ("the ma", None),  # ambiguous
        ("market", "The Market"),  # the title without its article
        ("Market", "The Market"),
        ("the   market", "The Market"),
        ("2", "The Marsh"),  # the number `cellseven chapters` shows
        ("03", "Cell Number Seven"),
        ("number seven", None),  # not a prefix of anything
    ],
)
def test_chapter_by_id_title_prefix_any_case(
    mini: Path, capsys: pytest.CaptureFixture[str], name: str, chapter: str | None
) -> None:
    code, out, err = call(capsys, "run", "--story", str(mini), "--chapter", name, "--choices", "")
    if chapter is None:
        assert code == 2
        assert "Traceback" not in err
        if name == "the ma":
            assert "could be any of: The Market (market), The Marsh (marsh)" in err
        return
    assert code == 0, err
    assert f": {chapter} (" in out.splitlines()[0]


def test_a_near_miss_gets_did_you_mean(mini: Path) -> None:
    done = cellseven("run", "--story", ".", "--chapter", "marhs", cwd=mini)
    assert done.returncode == 2
    assert "Did you mean The Marsh (marsh)?" in done.stderr
    assert (
        "1. The Market (market), 2. The Marsh (marsh), 3. Cell Number Seven (cell)" in done.stderr
    )
    no_traceback(done.stderr)


@pytest.mark.parametrize("name", ["", "   ", "0", "4", "99999999999"])
def test_an_empty_name_or_a_number_out_of_range_is_a_usage_error(
    mini: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, err = call(capsys, "run", "--story", str(mini), "--chapter", name, "--choices", "")
    assert code == 2, out
    assert err.startswith("cellseven: error: ") and "Traceback" not in err
    assert out == ""  # nothing played


def test_an_unknown_chapter_lists_them(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = call(capsys, "run", "--story", str(mini), "--chapter", "zzzz")
    assert code == 2
    assert "no chapter 'zzzz'" in err
    assert "The chapters are:" in err


# -- explore and schema --------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_report_on_a_terminal_is_wrapped_under_its_labels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A hub's 34 loops on one line were cut mid-word by the terminal: on one, each line
    # longer than it is wide is wrapped at spaces, lined up after its label; in a file or
    # a pipe the report keeps one line for each finding.
    loops = ", ".join(f"room{n}_{k}" for n in range(9) for k in range(3))
    report = f"Wide\n  dead ends:  none\n  loops with no way out: {loops}\n  chapters:\n"
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *_: os.terminal_size((60, 20)))
    shown = author.fitted(report, _Terminal()).splitlines()
    assert all(len(line) <= 60 for line in shown) and len(shown) > 5
    label = len("  loops with no way out: ")
    assert shown[2].startswith("  loops with no way out: room0_0, ")
    assert all(line.startswith(" " * label + "room") for line in shown[3:-1])
    assert " ".join(line.strip() for line in shown[2:-1]) == report.splitlines()[2].strip()
    assert author.fitted(report, io.StringIO()) == report


def test_explore_json(example_pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "explore", str(example_pack), "--json")
    assert code == 0
    report = json.loads(out)
    for key in ("scenes", "unreached", "endings", "dead_ends", "states", "words", "canon"):
        assert key in report
    assert report["scenes"] == 7
    assert report["unreached"] == []
    assert report["endings"] == ["happy", "quiet"]
    assert report["dead_ends"] == []
    # So few states that explore's first, quick walk takes them all: nothing to prove...
    assert report["proof"] == "states" and report["playthroughs"] == 0
    assert 7 < report["states"] < QUICK_WALK and report["loops"] == []
    assert report["words"] > 50
    # ... and asking for the walk gives the same report.
    code, out, _ = call(capsys, "explore", str(example_pack), "--json", "--every-state")
    assert json.loads(out) == report
    assert report["canon"] == {"beats": 0, "covered": 0, "missing": []}


def test_explore_canon_and_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "canon"
    shutil.copytree(BROKEN / "canon_missing", folder)
    code, out, _ = call(capsys, "explore", str(folder), "--json")
    assert code == 0
    assert json.loads(out)["canon"] == {"beats": 2, "covered": 1, "missing": ["second"]}
    folder = tmp_path / "warnings"
    shutil.copytree(BROKEN / "warnings", folder)
    code, out, _ = call(capsys, "explore", str(folder), "--json")
    report = json.loads(out)
    assert code == 1  # unreached scenes and dead ends are problems
    assert report["unreached"] == ["lonely"]
    assert report["dead_ends"] == ["stuck"]


def test_explore_text(example_pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "explore", str(example_pack))
    assert code == 0
    assert out.splitlines()[0] == "The Lost Glove"
    assert "  endings:    happy, quiet" in out.splitlines()


def test_explore_out_of_memory_is_one_line_not_a_traceback(
    example_pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # (an outside mystery's walk under a 3 GB limit: a MemoryError traceback before)
    from cellseven_game.engine.tools import analysis

    def out_of_memory(*args: object, **kwargs: object) -> dict[str, object]:
        raise MemoryError

    monkeypatch.setattr(analysis, "explore", out_of_memory)
    code, out, error = call(capsys, "explore", str(example_pack))
    assert code == 2 and out == ""
    assert error.startswith("cellseven: error: out of memory;") and "--max-states" in error
    assert "Traceback" not in error and len(error.strip().splitlines()) == 1


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["type"] == "object"
    assert set(schema["properties"]) >= {"story", "chapters", "characters", "evidence", "variables"}
    scene = schema["properties"]["chapters"]["additionalProperties"]["properties"]["scenes"]
    assert "choices" in scene["additionalProperties"]["properties"]


def test_schema_file_matches(capsys: pytest.CaptureFixture[str]) -> None:
    published = ROOT / "story" / "cellseven.schema.json"
    if not published.exists():
        pytest.skip("story/cellseven.schema.json is not written yet")
    _, out, _ = call(capsys, "schema")
    assert json.loads(out) == json.loads(published.read_text())


def test_module_and_script_agree(example_pack: Path) -> None:
    script = Path(sys.executable).with_name("cellseven")
    if not script.exists():
        pytest.skip("no console script beside this python")
    a = subprocess.run(
        [str(script), "validate", "."],
        capture_output=True,
        text=True,
        cwd=example_pack,
        check=False,
    )
    b = cellseven("validate", ".", cwd=example_pack)
    assert (a.returncode, a.stdout) == (b.returncode, b.stdout) == (0, b.stdout)


SHUFFLED = """\
story:
  title: Shuffled
  start: one
  chapters: [one]
chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
      a:
        text: "{~0|1|2|3|4|5|6|7|8|9}{~0|1|2|3|4|5|6|7|8|9}{~0|1|2|3|4|5|6|7|8|9}"
        end: done
"""


def test_run_seed_decides_the_shuffles_and_stays_the_same_run_to_run(
    capsys: pytest.CaptureFixture[str], make_pack, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    pack = make_pack({"story.yaml": SHUFFLED})
    monkeypatch.setenv("CELLSEVEN_HOME", str(pack))

    def digits(*seed: str) -> str:
        code, out, err = call(capsys, "run", str(pack), "--choices", "", *seed)
        assert code == 0, err
        return next(line for line in out.splitlines() if line.strip().isdecimal())

    assert digits() == digits() == digits("--seed", "0")  # the default: seed 0
    assert digits("--seed", "41") == digits("--seed", "41")
    assert len({digits("--seed", str(n)) for n in range(5)}) > 1
    for bad in ("-1", "x", str(2**62)):
        code, _, err = call(capsys, "run", str(pack), "--seed", bad)
        assert code == 2 and "--seed" in err
        no_traceback(err)
