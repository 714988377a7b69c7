"""The loader and its checks, mostly data-driven: every folder in tests/broken is a small pack
with an `expected.txt` listing exactly the problems `cellseven validate` must print for it
(paths relative to the pack, as when run from inside it)."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cellseven_game import cli
from cellseven_game.engine.compile.loader import check_pack, load_story
from cellseven_game.engine.core.errors import CellsevenError, Problem, StoryError, UsageError

BROKEN = Path(__file__).resolve().parents[1] / "broken"
PACKS = sorted(p.name for p in BROKEN.iterdir() if (p / "expected.txt").is_file())
LINE = re.compile(
    r"^(?P<path>[^:]+)(?::(?P<line>\d+):(?P<col>\d+))?: (error|warning): .+ \[CS\d{3}\]$"
)
MakePack = Callable[[dict[str, str]], Path]
# The words after "YAML syntax: " are libyaml's and change between its releases: compare our
# location, severity, code and hint, never the parser's sentence.
UPSTREAM = re.compile(r"(YAML syntax: )[^;\[]*")


def ours(lines: list[str]) -> list[str]:
    return [UPSTREAM.sub(r"\1…", line) for line in lines]


def copy_pack(name: str, tmp_path: Path) -> Path:
    """A fresh copy, so nothing a check might do can touch the repository."""
    folder = tmp_path / name
    shutil.copytree(BROKEN / name, folder, ignore=shutil.ignore_patterns("expected.txt"))
    return folder


def problems_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(folder)
    return [str(p) for p in check_pack(".").problems]


def test_there_are_broken_packs() -> None:
    assert len(PACKS) >= 20


@pytest.mark.parametrize("name", PACKS)
def test_broken_pack(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = (BROKEN / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, f"{name}/expected.txt lists no problem"
    for line in expected:
        assert LINE.match(line), f"{name}/expected.txt: not a problem line: {line}"
    folder = copy_pack(name, tmp_path)
    assert ours(problems_in(folder, monkeypatch)) == ours(expected)
    # The command prints the same lines, then a summary, and fails (warnings with --strict).
    out = io.StringIO()
    code = cli.main(["validate", ".", "--strict"], out=out)
    assert code == cli.EXIT_PROBLEMS
    assert ours(out.getvalue().splitlines()[:-1]) == ours(expected)


@pytest.mark.parametrize("name", PACKS)
def test_broken_pack_errors_mean_no_story(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(copy_pack(name, tmp_path))
    result = check_pack(".")
    assert (result.story is None) == bool(result.errors)
    if result.errors:
        with pytest.raises(StoryError) as caught:
            load_story(".")
        assert [str(p) for p in caught.value.problems] == [str(p) for p in result.errors]


def test_tags_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_pack("tags", tmp_path)
    assert "!!python/object/apply:os.system" in (folder / "story.yaml").read_text()
    before = sorted(p.name for p in folder.iterdir())
    problems = problems_in(folder, monkeypatch)
    assert any("python/object/apply:os.system" in p and "[CS009]" in p for p in problems)
    assert not (folder / "cellseven-pwned").exists()
    assert sorted(p.name for p in folder.iterdir()) == before


def test_all_problems_of_all_files_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    problems = problems_in(copy_pack("many_files", tmp_path), monkeypatch)
    paths = {p.split(":")[0] for p in problems}
    assert paths == {
        "story.yaml",
        "chapters/one.yaml",
        "chapters/two.yaml",
        "chapters/deeper/three.yml",
    }
    kinds = {p.rsplit("[", 1)[1] for p in problems}
    assert {"CS001]", "CS003]", "CS101]", "CS105]"} <= kinds


def test_paths_are_relative_to_where_you_stand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_pack("dangling", tmp_path)
    monkeypatch.chdir(tmp_path)
    problems = check_pack("dangling").problems
    assert [p.path for p in problems] == ["dangling/story.yaml"] * len(problems)
    monkeypatch.chdir(folder)
    assert {p.path for p in check_pack(folder).problems} == {"story.yaml"}


# -- single checks, small packs ------------------------------------------------------------

HEAD = """\
story:
  title: Small
  start: one
  chapters: [one]
  variables:
    courage: 0
chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
"""
PLAIN_HEAD = HEAD.replace("  variables:\n    courage: 0\n", "")


def check(make_pack: MakePack, scenes: str, head: str = HEAD) -> list[str]:
    folder = make_pack({"story.yaml": head + scenes})
    return [
        f"{p.line}:{p.col} {p.severity} {p.code} {p.message}" for p in check_pack(folder).problems
    ]


def test_a_small_valid_pack_has_no_problems(make_pack: MakePack) -> None:
    scenes = """\
      a:
        text: Start.
        choices:
          - label: Go
            goto: b
            if: courage < 1
            do: [add: {courage: 1}]
      b:
        text: End.
        end: done
"""
    assert check(make_pack, scenes) == []


def test_condition_column_points_into_the_yaml_line(make_pack: MakePack) -> None:
    scenes = """\
      a:
        choices:
          - {label: Go, goto: b, if: courage >= 1 andd courage < 3}
          - label: Quoted
            goto: b
            if: "courage == = 1"
      b:
        end: done
"""
    problems = check(make_pack, scenes)
    lines = (HEAD + scenes).splitlines()
    # Line 15: 'andd' is an unexpected name; line 18: the second '=' starts no value.
    assert problems[0].startswith("15:")
    col = int(problems[0].split()[0].split(":")[1])
    assert lines[14][col - 1 :].startswith("andd")
    assert problems[1].startswith("18:")
    col = int(problems[1].split()[0].split(":")[1])
    assert lines[17][col - 1 :].startswith('= 1"')


def test_near_miss_suggestions(make_pack: MakePack) -> None:
    scenes = """\
      a:
        txet: Start.
        choices:
          - lable: Go
            goto: b
      b:
        end: done
"""
    problems = check(make_pack, scenes)
    assert any("unknown key `txet`" in p and "did you mean `text`?" in p for p in problems)
    assert any("unknown key `lable`" in p and "did you mean `label`?" in p for p in problems)


def test_far_miss_lists_what_is_allowed(make_pack: MakePack) -> None:
    problems = check(make_pack, "      a:\n        zzz: 1\n        end: done\n")
    assert problems == [
        "14:9 error CS003 unknown key `zzz` in scene `a` (allowed: place, period, text, lines, "
        "do, choices, next, end, beats, trial)"
    ]


def test_set_with_the_wrong_type(make_pack: MakePack) -> None:
    scenes = """\
      a:
        do:
          - set: {courage: "high"}
          - flag: courage
        end: done
"""
    problems = check(make_pack, scenes)
    # text set into a number is read as an expression: `high` is no variable of the story
    assert [p.split()[2] for p in problems] == ["CS102", "CS107"]


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("No", "the flag false"),
        ("yes", "the flag true"),
        ("on", "the flag true"),
        ("1.10", "the number 1.1"),
        ("2013-01-23", "the date 2013-01-23"),
        (".nan", "the number nan"),
    ],
)
def test_yaml_11_surprises_say_quote_it(make_pack: MakePack, written: str, read_as: str) -> None:
    problems = check(make_pack, f"      a:\n        text: {written}\n        end: done\n")
    assert problems == [
        f"14:15 error CS008 `text` `{written}` is read by YAML as {read_as}, not text; "
        f'quote it: "{written}"'
    ]


@pytest.mark.parametrize("written", ['"No"', "'1.10'", "1997", "010", "12:30"])
def test_quoted_and_whole_numbers_are_text(make_pack: MakePack, written: str) -> None:
    scenes = f"      a:\n        text: {written}\n        end: done\n"
    assert check(make_pack, scenes, PLAIN_HEAD) == []


@pytest.mark.parametrize(
    "value", ["!!timestamp foo", "!!bool maybe", '!!int ""', '!!float ""', '!!int "x"']
)
def test_odd_standard_tags_are_problems_not_crashes(make_pack: MakePack, value: str) -> None:
    problems = check(make_pack, f"      a:\n        text: {value}\n        end: done\n")
    assert len(problems) == 1
    assert problems[0].startswith("14:15 error CS004 cannot read the value")


def test_billion_laughs_costs_nothing(make_pack: MakePack) -> None:
    rows = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        rows.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    folder = make_pack(
        {"story.yaml": HEAD + "      a:\n        end: done\n", "bomb.yaml": "\n".join(rows)}
    )
    problems = check_pack(folder).problems
    aliases = [p for p in problems if p.code == "CS009" and p.path.endswith("bomb.yaml")]
    assert len(aliases) == 11 * 9  # each alias reported where it is written, none expanded
    assert all(p.line >= 2 for p in aliases)


def test_canon_inside_the_pack_is_not_a_story_file(make_pack: MakePack) -> None:
    canon = "canon:\n  beats:\n    - id: first\n      fact: One thing.\n"
    head = PLAIN_HEAD.replace("  chapters: [one]", "  chapters: [one]\n  canon: canon.yaml")
    folder = make_pack(
        {
            "story.yaml": head + "      a:\n        beats: [first]\n        end: done\n",
            "canon.yaml": canon,
        }
    )
    result = check_pack(folder)
    assert result.problems == []
    assert result.story is not None and result.story.canon is not None
    assert [b.id for b in result.story.canon.beats] == ["first"]


@pytest.mark.parametrize("canon", ['"x\\0y"', "missing.yaml", "/"])
def test_a_bad_canon_path_is_a_problem(make_pack: MakePack, canon: str) -> None:
    head = PLAIN_HEAD.replace("  chapters: [one]", f"  chapters: [one]\n  canon: {canon}")
    folder = make_pack({"story.yaml": head + "      a:\n        end: done\n"})
    problems = check_pack(folder).problems
    assert [p.code for p in problems] == ["CS002"]


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such folder") as caught:
        check_pack(tmp_path / "nowhere")
    assert isinstance(caught.value, CellsevenError)
    (tmp_path / "file.yaml").write_text("story: {}\n")
    with pytest.raises(UsageError, match="not a folder"):
        check_pack(tmp_path / "file.yaml")


def test_unreadable_bytes(make_pack: MakePack) -> None:
    folder = make_pack({"story.yaml": HEAD + "      a:\n        end: done\n"})
    (folder / "binary.yaml").write_bytes(b"chapters:\0\1\2")
    (folder / "latin1.yaml").write_bytes(b"chapters:\n  x: caf\xe9\n")
    problems = [str(p) for p in check_pack(folder).problems]
    assert any("binary.yaml" in p and "binary file" in p and "[CS002]" in p for p in problems)
    assert any("latin1.yaml:2:9:" in p and "UTF-8" in p and "[CS002]" in p for p in problems)


def test_problems_are_sorted_by_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(copy_pack("unknown_references", tmp_path))
    problems = check_pack(".").problems
    keys = [(p.path, p.line, p.col, p.code) for p in problems]
    assert keys == sorted(keys)


def test_codes_are_explained_in_the_guide() -> None:
    guide = (Path(__file__).resolve().parents[2] / "story" / "README.md").read_text()
    used = set()
    for name in PACKS:
        used |= set(re.findall(r"\[(CS\d{3})\]", (BROKEN / name / "expected.txt").read_text()))
    assert len(used) >= 20
    source = Path(__file__).resolve().parents[2] / "src" / "cellseven_game"
    for path in source.rglob("*.py"):
        used |= set(re.findall(r'"(CS\d{3})"', path.read_text()))
    assert [code for code in sorted(used) if f"`{code}`" not in guide] == []


# -- nesting: whichever of the parser's limit and ours fires first, the author sees CS004 ----


@pytest.mark.parametrize(
    "text",
    [
        "story: " + "[" * 5_000 + "]" * 5_000,  # past the parser's own limit
        "story:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200)),  # past ours only
    ],
    ids=["past-the-parser-limit", "past-ours"],
)
def test_deep_nesting_is_cs004_located(text: str) -> None:
    from cellseven_game.engine.compile import yamlnodes

    problems: list[Problem] = []
    assert yamlnodes.parse(text, "deep.yaml", problems) is None or problems
    (problem,) = problems
    assert (problem.path, problem.code, problem.severity) == ("deep.yaml", "CS004", "error")
    assert problem.line >= 1 and problem.col >= 1


def test_an_unbounded_parser_is_stopped_while_composing(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a parser that has no depth limit (libyaml before 0.2.6), the composer is followed
    level by level and stopped past COMPOSE_DEPTH, before it can recurse deeper; the file is
    refused at the line where nesting passed 64."""
    from cellseven_game.engine.compile import yamlcompose, yamlnodes

    monkeypatch.setattr(yamlnodes, "_nesting_refusal", lambda: None)
    monkeypatch.setattr(yamlcompose, "COMPOSE_DEPTH", 100)
    text = "".join("  " * i + f"k{i}:\n" for i in range(150)) + "  " * 150 + "x\n"
    built: list[int] = []

    class Counted(yamlnodes.MapNode):
        __slots__ = ()

        def __init__(self, *args: object) -> None:
            built.append(1)
            super().__init__(*args)  # type: ignore[arg-type]

    monkeypatch.setitem(yamlnodes._OURS, "MappingNode", Counted)
    problems: list[Problem] = []
    assert yamlnodes.parse(text, "deep.yaml", problems) is None
    (problem,) = problems
    assert (problem.code, problem.line) == ("CS004", 66)
    assert 0 < len(built) <= 101, "the composer went no deeper than the limit"


def test_an_unbounded_parser_lets_a_file_at_the_limit_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nesting exactly COMPOSE_DEPTH collections deep, a scalar at the bottom, is composed
    (as the event scan allowed) and refused by the walk at its own depth limit, located."""
    from cellseven_game.engine.compile import yamlcompose, yamlnodes

    monkeypatch.setattr(yamlnodes, "_nesting_refusal", lambda: None)
    monkeypatch.setattr(yamlcompose, "COMPOSE_DEPTH", 100)
    text = "[" * 100 + "x" + "]" * 100 + "\n"
    problems: list[Problem] = []
    yamlnodes.parse(text, "edge.yaml", problems)  # the too-deep part is left out
    (problem,) = problems
    assert (problem.code, problem.line, problem.col) == ("CS004", 1, 66)  # where it passed 64


def test_an_unbounded_parser_reads_long_lines_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph on one long line could nest deep by the cheap bound; it is composed once,
    followed, never scanned with the parser's events first."""
    from cellseven_game.engine.compile import yamlnodes

    monkeypatch.setattr(yamlnodes, "_nesting_refusal", lambda: None)

    def no_scan(*_: object, **__: object) -> None:
        raise AssertionError("scanned with the parser's events")

    monkeypatch.setattr(yamlnodes.yaml, "parse", no_scan)
    text = "a:\n  text: " + "word " * 2_000 + "\n  b: [1, {c: d}]\n"
    problems: list[Problem] = []
    root = yamlnodes.parse(text, "long.yaml", problems)
    assert problems == [] and isinstance(root, yamlnodes.MapNode)
    assert root.items["a"][1].items["b"][1].items[1].items["c"][1].value == "d"


def test_our_nodes_are_built_while_composing_and_pyyaml_gets_its_own_back() -> None:
    """The composer builds our located nodes directly (no second tree); PyYAML's node classes
    are put back afterwards, even when the file is refused, so other YAML users see theirs."""
    import yaml

    from cellseven_game.engine.compile import yamlnodes

    problems: list[Problem] = []
    root = yamlnodes.parse("a:\n  - 'b'\n  - 3\nc: d\n", "f.yaml", problems)
    assert isinstance(root, yamlnodes.MapNode) and problems == []
    key, seq = root.items["a"]
    assert (key.path, key.line, key.col, key.value, key.plain) == ("f.yaml", 1, 1, "a", False)
    assert isinstance(seq, yamlnodes.SeqNode)
    b, three = seq.items
    assert isinstance(b, yamlnodes.ScalarNode) and isinstance(three, yamlnodes.ScalarNode)
    assert (b.line, b.col, b.value, b.plain) == (2, 5, "b", False)
    assert (three.value, three.text, three.plain) == (3, "3", True)
    assert yamlnodes.parse("a: 1\n---\nb: 2\n", "two.yaml", problems) is None
    assert [(p.code, p.line) for p in problems] == [("CS001", 2)]
    assert type(yaml.compose("a: [b]\n", Loader=yaml.CSafeLoader)) is yaml.MappingNode
    assert yaml.safe_load("a: [1, {b: c}]") == {"a": [1, {"b": "c"}]}
