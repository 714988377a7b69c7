"""Story tests: `cellseven test` runs playthroughs and locates what differed; coverage numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cellseven_game.cli import main
from cellseven_game.engine.compile.loader import check_pack, load_story
from cellseven_game.engine.tools import playthroughs


@pytest.fixture
def pack(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    target = tmp_path / "pack"
    assert main(["new", str(target)]) == 0
    capsys.readouterr()
    return target


def write_tests(pack: Path, text: str) -> Path:
    path = pack / "playthroughs.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def run_test(pack: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["test", str(pack)])
    return code, capsys.readouterr().out.splitlines()


def test_passing_and_failing_playthroughs_one_line_each(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_tests(
        pack,
        """playthroughs:
  - name: by numbers and ids
    choices: [1, read_the_logbook_over_his_shoulder, continue]
    reach: hearing_open
    variables: {courage: 1, read_log: true}
    evidence: [logbook]
  - name: a choice that is not there
    choices: [wait, continue, continue, rest:dark, press:asleep.window,
              object:asleep.nobody, present:asleep.logbook]
    ending: doubted
  - name: ends elsewhere
    choices: [wait, continue, continue, rest:dark, rest:asleep]
    ending: cleared
  - name: wrong value
    chapter: storm
    choices: [follow_him_up_the_stairs]
    reach: lamp_room
    variables: {courage: 2}
""",
    )
    code, lines = run_test(pack, capsys)
    assert code == 1
    assert lines[0] == "ok    by numbers and ids"
    assert lines[1].startswith("FAIL  a choice that is not there")
    shown = str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)
    # located at the step itself: line 9, the seventh step's column
    assert f"{shown}:9:37: step 7 (present:asleep.logbook) at scene `hearing_open`" in lines[1]
    assert "options were: 1 present:asleep.pae_saw" in lines[1]
    assert lines[2].startswith("FAIL  ends elsewhere")
    assert f"{shown}:13:13: after 5 steps: expected ending `cleared`" in lines[2]
    assert "ending `doubted`" in lines[2]
    assert f"{shown}:18:17: after 1 step: expected `courage` to be 2, but it is 1" in lines[3]
    assert all(line.endswith("[CS403]") for line in lines[1:4])  # `cellseven explain CS403`
    assert lines[-1].endswith("4 playthroughs, 1 passed, 3 failed")


def test_a_step_after_the_end_and_a_chapter_edge(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tests(
        pack,
        """playthroughs:
  - name: one step too many
    chapter: storm
    choices: [wait, continue, continue, 1]
    ending: storm
  - name: the chapter's edge
    chapter: storm
    choices: [wait, continue, continue]
    ending: storm
    reach: morning
""",
    )
    code, lines = run_test(pack, capsys)
    assert code == 1
    assert "step 4 (1): nothing to choose: the chapter replay ended at scene `morning`" in lines[0]
    assert lines[1] == "ok    the chapter's edge"


def test_unknown_names_are_located_warnings_for_validate(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tests(
        pack,
        """playthroughs:
  - name: stale
    chapter: stormy
    choices: [follow_him_up_the_stair, press:dark.blak, present:dark.nothing]
    reach: lamp_rom
    variables: {courage: "brave"}
    evidence: [log]
  - name: no target
    choices: []
""",
    )
    result = check_pack(pack)
    assert result.story is not None  # a stale story test never stops the game
    found = {(p.line, p.col, p.code) for p in result.problems}
    assert all(p.severity == "warning" for p in result.problems)
    assert {
        (3, 14, "CS402"),
        (4, 15, "CS402"),
        (4, 40, "CS402"),
        (4, 57, "CS402"),
        (5, 12, "CS402"),
        (6, 17, "CS402"),
        (7, 16, "CS402"),
        (8, 5, "CS401"),
    } <= found
    messages = " ".join(p.message for p in result.problems)
    assert "did you mean `storm`?" in messages
    assert "did you mean `follow_him_up_the_stairs`?" in messages
    assert "has no statement `blak`" in messages
    assert "needs `reach: SCENE` or `ending: ID`" in messages
    assert main(["validate", str(pack)]) == 0
    assert main(["validate", str(pack), "--strict"]) == 1
    capsys.readouterr()
    code, lines = run_test(pack, capsys)
    assert code == 1
    assert any(line.startswith("FAIL  stale") and "stormy" in line for line in lines)


def test_no_playthroughs_is_a_failure_with_advice(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (pack / "playthroughs.yaml").unlink()
    code, lines = run_test(pack, capsys)
    assert code == 1
    assert any("no playthroughs; add a `playthroughs:` section" in line for line in lines)


def test_coverage_counts_scenes_choices_endings_and_verdicts(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explore", str(pack), "--coverage", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["playthroughs"] == 4 and report["passed"] == 4
    assert report["scenes"] == {"covered": 7, "total": 7, "percent": 100.0}
    assert report["choices"] == {"covered": 3, "total": 4, "percent": 75.0}
    assert report["choices_missed"] == ["lamp_room/ask_to_trim_the_wick_yourself"]
    assert report["endings"]["percent"] == 100.0 and report["verdicts"]["covered"] == 2
    assert main(["explore", str(pack), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "  scenes:       7/7    100.0%" in out
    assert "  choices:      3/4     75.0%" in out
    assert "    lamp_room/ask_to_trim_the_wick_yourself" in out


def test_coverage_lists_what_no_playthrough_touches(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tests(
        pack,
        """playthroughs:
  - name: only the wall
    chapter: storm
    choices: [wait, continue, continue]
    ending: storm
""",
    )
    assert main(["explore", str(pack), "--coverage", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["scenes"] == {"covered": 3, "total": 7, "percent": 42.9}
    assert report["scenes_missed"] == {
        "storm": ["lamp_room"],
        "hearing": ["hearing_open", "cleared", "doubted"],
    }
    assert report["choices"]["covered"] == 1
    assert report["endings_missed"] == ["cleared", "doubted"]
    assert main(["explore", str(pack), "--coverage", "--fail-under", "50"]) == 1
    capsys.readouterr()


def test_run_reports_the_state_reached(pack: Path) -> None:
    story = load_story(pack)
    suite = playthroughs.load(pack)
    results = playthroughs.run_all(story, suite)
    assert [r.ok for r in results] == [True] * 4
    assert results[0].state.ending == "cleared"
    assert results[2].state.status == "chapter_end"


GUIDE = Path(__file__).resolve().parents[2] / "story" / "README.md"


def _between(text: str, name: str) -> str:
    found = re.search(
        rf"<!-- {name}:start -->\s*```\w*\n(.*?)```\s*<!-- {name}:end -->", text, re.S
    )
    assert found, f"story/README.md lost its <!-- {name}:start/end --> markers"
    return found.group(1)


def test_the_guides_playthrough_example_prints_what_the_guide_says(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    write_tests(pack, _between(guide, "playthroughs-example"))
    monkeypatch.chdir(pack)
    code, lines = run_test(Path("."), capsys)
    assert code == 1
    assert lines == _between(guide, "playthroughs-output").splitlines()


@pytest.mark.parametrize("kind", ["shows", "hides"])
@pytest.mark.parametrize("empty", ["[]", '""', '[""]'])
def test_an_empty_shows_or_hides_is_refused_where_it_is_written(
    pack: Path, capsys: pytest.CaptureFixture[str], kind: str, empty: str
) -> None:
    # An empty `shows:` would pass whatever the player reads, so it can only mislead.
    write_tests(pack, f"playthroughs:\n  - name: hollow\n    ending: home\n    {kind}: {empty}\n")
    code, lines = run_test(pack, capsys)
    assert code == 1
    col = 13 if empty == '[""]' else 12  # the value, or the list's one item
    located = [line for line in lines if line.endswith("[CS401]")]
    assert located and f"playthroughs.yaml:4:{col}:" in located[0], lines


@pytest.mark.parametrize(
    "head",
    ['"playthroughs":\n', "'playthroughs':\n", "? playthroughs\n:\n"],
    ids=["double-quoted", "single-quoted", "explicit-key"],
)
def test_the_section_key_written_any_way_yaml_allows_is_read(
    pack: Path, capsys: pytest.CaptureFixture[str], head: str
) -> None:
    # An outside author's pack quoted every key; `test` found no playthroughs there.
    write_tests(pack, head + "  - name: first scene\n    choices: []\n    reach: quay\n")
    code, lines = run_test(pack, capsys)
    assert lines == ["ok    first scene", "The Harbour Lantern: 1 playthrough, 1 passed, 0 failed"]
    assert code == 0
