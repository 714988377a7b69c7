"""Issue 11: three files near the size limit (7.9 MB each of tiny scenes: 1.8 million values)
took 31 s and 1.3 GiB. A file may hold at most `MAX_VALUES` values; larger ones are refused
at the value past the limit: counted as the composer builds each value (the composer stopped
there), or, in a file that may hold aliases, with the parser's events in constant memory.

The bound is proven by resource limits on the child (address space and CPU seconds), not by a
wall-clock assertion: the machine is shared, but a process over its limits dies whatever the load.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from cellseven_game.engine.compile import yamlcompose, yamlnodes
from cellseven_game.engine.compile.packfiles import MAX_FILE_BYTES

MEMORY = 700 * 1024 * 1024  # address space: the interpreter's own mappings included
CPU_SECONDS = 40


def _limits() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _tiny_scenes_file(path: Path, chapter: str, size: int) -> int:
    """A file of `size` bytes or a little less, of tiny scenes; returns the number of scenes."""
    head = f"chapters:\n  {chapter}:\n    title: T\n    period: '1997'\n    start: {chapter}_0\n"
    parts, total, n = [head, "    scenes:\n"], len(head) + 12, 0
    while True:
        scene = f"      {chapter}_{n}:\n        text: A line.\n        next: {chapter}_{n + 1}\n"
        if total + len(scene) + 60 > size:
            break
        parts.append(scene)
        total += len(scene)
        n += 1
    parts.append(f"      {chapter}_{n}:\n        text: The end.\n        end: done\n")
    path.write_text("".join(parts), encoding="utf-8")
    return n + 1


@pytest.mark.slow
def test_three_files_near_the_size_limit_are_refused_quickly_and_in_bounded_memory(
    tmp_path: Path,
) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    chapters = ["c0", "c1", "c2"]
    (pack / "story.yaml").write_text(
        f"story:\n  title: Big\n  start: c0\n  chapters: [{', '.join(chapters)}]\n"
    )
    for chapter in chapters:
        path = pack / f"{chapter}.yaml"
        _tiny_scenes_file(path, chapter, MAX_FILE_BYTES - 100_000)
        assert MAX_FILE_BYTES - 200_000 < path.stat().st_size < MAX_FILE_BYTES
    done = subprocess.run(
        [sys.executable, "-m", "cellseven_game", "validate", str(pack)],
        capture_output=True,
        text=True,
        timeout=600,  # only so a hang fails instead of stalling the suite
        preexec_fn=_limits,
        env={**os.environ, "CELLSEVEN_HOME": str(tmp_path / "home")},
    )
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stdout + done.stderr  # not killed by a limit (-9, -24)
    for chapter in chapters:
        refused = [
            line
            for line in done.stdout.splitlines()
            if line.startswith(f"{pack / chapter}.yaml:") and line.endswith("[CS002]")
        ]
        assert len(refused) == 1, done.stdout
        assert f"more than {yamlcompose.MAX_VALUES:,} values" in refused[0]
        line = int(refused[0].split(":")[1])
        assert line > yamlcompose.MAX_VALUES // 3  # located at the value past the limit


def test_a_file_just_under_the_value_limit_is_read(tmp_path: Path) -> None:
    """The limit refuses only what passes it: a long file of a few long scenes is read."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "story.yaml").write_text("story:\n  title: Long\n  start: c0\n  chapters: [c0]\n")
    text = "word " * 100_000  # one paragraph of 500 kB on one line: few values, many bytes
    scenes = "".join(
        f'      c0_{n}:\n        text: "{text}"\n        next: c0_{n + 1}\n' for n in range(3)
    )
    (pack / "c0.yaml").write_text(
        "chapters:\n  c0:\n    title: T\n    period: '1997'\n    start: c0_0\n    scenes:\n"
        + scenes
        + "      c0_3:\n        text: End.\n        end: done\n"
    )
    assert (pack / "c0.yaml").stat().st_size > yamlcompose.COUNT_FROM  # so it is counted
    from cellseven_game.engine.compile.loader import check_pack

    result = check_pack(pack)
    assert result.story is not None, result.problems
    assert len(result.story.scenes) == 4


def test_too_many_values_are_refused_in_a_flow_list_too(tmp_path: Path) -> None:
    problems: list = []
    text = "x: [" + ",".join(["a"] * (yamlcompose.MAX_VALUES + 5)) + "]\n"
    assert yamlnodes.parse(text, "flow.yaml", problems) is None
    (problem,) = problems
    assert (problem.path, problem.line, problem.code) == ("flow.yaml", 1, "CS002")
    assert problem.col > 2 * yamlcompose.MAX_VALUES - 10  # the value past the limit


LIMIT = yamlcompose.MAX_VALUES


def _values(count: int, shape: str) -> str:
    """An anchor-free text of exactly `count` values, the root included."""
    if shape == "flow":  # x: [aa, aa, ...]: the mapping, its key, the list, then the items
        return "x: [" + ",".join(["aa"] * (count - 3)) + "]\n"
    # block: the root, then scenes of four values each (key, mapping, `t`, its text)
    scenes, left = divmod(count - 1, 4)
    assert left == 0, "a block text of this shape holds 1 + 4n values"
    return "".join(f"s{n}:\n  t: www\n" for n in range(scenes))


@pytest.mark.parametrize(
    ("shape", "count"),
    [
        ("flow", LIMIT),
        ("flow", LIMIT + 1),
        ("flow", LIMIT + 7),
        ("block", LIMIT - 3),
        ("block", LIMIT + 1),
        ("block", LIMIT + 5),
    ],
)
def test_counting_while_composing_agrees_with_counting_events(shape: str, count: int) -> None:
    """Two ways of counting, one limit: a file of at most MAX_VALUES values is read, one past
    it is refused, and the refusal points where the event scan points (the scan is what
    files that may hold aliases still use)."""
    text = _values(count, shape)
    assert len(text) > yamlcompose.COUNT_FROM and "&" not in text  # so it is counted
    composed: list = []
    root = yamlnodes.parse(text, "v.yaml", composed)
    scanned: list = []
    refused = yamlcompose._too_many_values(text, "v.yaml", scanned)
    assert refused == (count > LIMIT) == (root is None)
    assert [(p.code, p.line, p.col) for p in composed] == [(p.code, p.line, p.col) for p in scanned]


def test_a_dense_flow_mapping_is_counted_too(tmp_path: Path) -> None:
    """`{a,a,...}` holds a value a character (a key and its null): under the old bound of two
    characters a value, 399,998 characters of it went uncounted with 400,000 values."""
    text = "{" + ",".join(["a"] * (LIMIT // 2 + 1)) + "}\n"
    assert len(text) < 2 * LIMIT
    problems: list = []
    assert yamlnodes.parse(text, "dense.yaml", problems) is None
    assert [(p.code, p.line) for p in problems] == [("CS002", 1)]


@pytest.mark.parametrize(("items", "code"), [(LIMIT - 4, "CS001"), (LIMIT - 3, "CS002")])
def test_a_syntax_error_and_the_limit_report_whichever_comes_first(items: int, code: str) -> None:
    """A value counts when the composer has finished it, so the list still open here has not;
    the file is refused for its size all the same when the limit comes first in it (the
    mapping, its key, the list, `items` values and the `{` opened: LIMIT, then one past it),
    as an author reading from the top meets them, and for its syntax error otherwise."""
    text = "x: [" + ",".join(["aa"] * items) + ", {]\n"  # `{]`: a mapping closed as a list
    problems: list = []
    assert yamlnodes.parse(text, "both.yaml", problems) is None
    (problem,) = problems
    assert (problem.code, problem.line) == (code, 1)
