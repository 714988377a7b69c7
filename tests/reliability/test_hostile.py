"""Hostile story packs: `cellseven validate` answers each with a located problem, exit 1 or 2,
in bounded time and memory, and never a traceback.

Small cases are folders in tests/hostile (the pack, plus `expect.txt`: a line the output must
contain, its path relative to the pack). Large, deep, linked and unreadable cases are built
here at test time. Every case runs in a fresh process with a memory limit and a timeout, from a
scratch folder, so a case that tried to run a command (`touch PWNED`) would leave a trace.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "hostile"
COMMITTED = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
TIMEOUT = 30.0  # seconds; a case that hangs fails here instead of hanging CI
MEMORY = 1 << 30  # 1 GiB of address space
PROBLEM = re.compile(r"^(?P<loc>\S[^:\n]*(?::\d+:\d+)?): (error|warning): .+ \[CS\d{3}\]$", re.M)

HEAD = """story:
  title: Hostile
  start: one
  chapters: [one]
"""
CHAPTER = """chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
      a:
        text: Start.
        end: done
"""
GOOD = HEAD + CHAPTER


def _limits() -> None:  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


@dataclass
class Outcome:
    code: int
    output: str
    seconds: float


def validate(pack: Path | str, cwd: Path) -> Outcome:
    """Run `cellseven validate PACK` in a fresh, limited process from `cwd`."""
    env = {**os.environ, "CELLSEVEN_HOME": str(cwd / ".home")}  # the cache stays in tmp
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "cellseven_game", "validate", str(pack)],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_limits,
        check=False,
    )
    seconds = time.monotonic() - start
    output = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    return Outcome(proc.returncode, output, seconds)


def assert_refused(outcome: Outcome, where: str, says: str = "") -> None:
    """Exit 1 or 2, no traceback, and a problem or error line that names `where`."""
    assert "Traceback" not in outcome.output, outcome.output
    assert outcome.code in (1, 2), f"exit {outcome.code}:\n{outcome.output}"
    # The location of a problem (path:line:col) or a usage error's text names the input.
    named = [m.group("loc") for m in PROBLEM.finditer(outcome.output)]
    named += [line for line in outcome.output.splitlines() if line.startswith("cellseven: error: ")]
    assert any(where in line for line in named), f"nothing names {where}:\n{outcome.output}"
    if says:
        assert says in outcome.output, outcome.output


# -- the committed corpus --------------------------------------------------------------------


def test_corpus_is_complete() -> None:
    assert len(COMMITTED) >= 30
    for name in COMMITTED:
        assert (CORPUS / name / "expect.txt").is_file(), f"{name} has no expect.txt"


@pytest.mark.parametrize("name", COMMITTED)
def test_committed_case(name: str, tmp_path: Path) -> None:
    shutil.copytree(CORPUS / name, tmp_path / name, ignore=shutil.ignore_patterns("expect.txt"))
    expected = (CORPUS / name / "expect.txt").read_text(encoding="utf-8").strip()
    outcome = validate(name, tmp_path)
    assert_refused(outcome, name, f"{name}/{expected}")
    assert not (tmp_path / "PWNED").exists(), "a YAML tag ran a command"
    assert not (tmp_path / name / "PWNED").exists(), "a YAML tag ran a command"


# -- cases built at test time ----------------------------------------------------------------


@dataclass
class Case:
    """A pack built in tmp: `build(tmp)` returns the path to validate."""

    build: Callable[[Path], Path]
    where: str  # a path fragment the located message must name
    says: str = ""
    check: Callable[[Path, Outcome], None] = field(default=lambda tmp, out: None)


def pack(tmp: Path, files: dict[str, str | bytes], name: str = "pack") -> Path:
    folder = tmp / name
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    folder.mkdir(exist_ok=True)
    return folder


def with_condition(condition: str) -> str:
    choice = (
        "        choices:\n          - label: Go\n            goto: a\n"
        f"            if: {condition}\n"
    )
    return HEAD + "variables: {ready: 0}\n" + CHAPTER.replace("        end: done\n", choice)


def big_file(tmp: Path) -> Path:
    folder = pack(tmp, {"story.yaml": GOOD})
    with open(folder / "chapters.yaml", "wb") as f:
        f.write(b"chapters:\n  huge:\n    title: " + b"x" * (40 * 1024 * 1024) + b"\n")
    return folder


def deep_block_mappings(tmp: Path) -> Path:
    # One space more per level: 3,000 levels make a 4.5 MB file, under the size limit.
    rows = [" " * i + f"k{i}:" for i in range(3000)]
    return pack(tmp, {"story.yaml": GOOD, "deep.yaml": "\n".join(rows) + " x\n"})


def outside_link(tmp: Path) -> Path:
    """Links out of the pack: to a FIFO (reading it would block until the timeout) and to a
    file that would report problems of its own if it were read."""
    outside = tmp / "outside"
    outside.mkdir()
    os.mkfifo(outside / "pipe.yaml")
    (outside / "secret.yaml").write_text('!!python/object/apply:os.system ["touch PWNED"]\n[')
    folder = pack(tmp, {"story.yaml": GOOD})
    (folder / "chapters").mkdir()
    (folder / "chapters" / "pipe.yaml").symlink_to(outside / "pipe.yaml")
    (folder / "chapters" / "secret.yaml").symlink_to(Path("../../outside/secret.yaml"))
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    return folder


def check_outside(tmp: Path, outcome: Outcome) -> None:
    assert "outside/" not in outcome.output and "YAML" not in outcome.output, outcome.output
    assert outcome.output.count("this link leads outside the pack") == 2, outcome.output
    assert not (tmp / "PWNED").exists()


def link_loop(tmp: Path) -> Path:
    folder = pack(tmp, {"story.yaml": GOOD})
    (folder / "self.yaml").symlink_to("self.yaml")
    (folder / "ping.yaml").symlink_to("pong.yaml")
    (folder / "pong.yaml").symlink_to("ping.yaml")
    return folder


def fifo_story(tmp: Path) -> Path:
    folder = pack(tmp, {"chapters.yaml": CHAPTER})
    os.mkfifo(folder / "story.yaml")  # opening it to read would block: it must never be
    return folder


def folder_named_story(tmp: Path) -> Path:
    return pack(tmp, {"story.yaml/chapters.yaml": CHAPTER, "x.yaml/y.yaml": "z: 1\n"})


def canon_case(target: str, make: Callable[[Path], None] = lambda tmp: None) -> Case:
    def build(tmp: Path) -> Path:
        make(tmp)
        story = HEAD + f"  canon: {target}\n" + CHAPTER
        return pack(tmp / "packs", {"story.yaml": story})

    return Case(build, "story.yaml:5:", "canon file")


def canon_fifo(tmp: Path) -> None:
    (tmp / "packs").mkdir(parents=True)
    os.mkfifo(tmp / "packs" / "canon.yaml")


def canon_loop(tmp: Path) -> None:
    (tmp / "packs" / "pack").mkdir(parents=True)
    (tmp / "packs" / "pack" / "loop.yaml").symlink_to("loop.yaml")


def long_lines(tmp: Path) -> Path:
    text = "story:\n  title: " + "w" * 6_000_000 + "\n  start: [" + ", ".join(["x"] * 50_000)
    return pack(tmp, {"story.yaml": text + "]\n  chapters: one\n"})


def file_not_folder(tmp: Path) -> Path:
    (tmp / "story.yaml").write_text(GOOD)
    return tmp / "story.yaml"


GENERATED: dict[str, Case] = {
    "file_40mb": Case(big_file, "pack/chapters.yaml", "more than the 8 MiB"),
    "deep_flow_10000": Case(
        lambda tmp: pack(tmp, {"story.yaml": "story: " + "[" * 10_000 + "]" * 10_000}),
        "pack/story.yaml:1:",
        "[CS004]",
    ),
    "deep_flow_unclosed_1e6": Case(  # once killed the process: libyaml recursed past the stack
        lambda tmp: pack(tmp, {"story.yaml": "[" * 1_000_000}),
        "pack/story.yaml:1:",
        "[CS004]",
    ),
    "deep_flow_mappings": Case(
        lambda tmp: pack(tmp, {"story.yaml": "{a: " * 10_000 + "x" + "}" * 10_000}),
        "pack/story.yaml:1:",
        "[CS004]",
    ),
    "deep_block_sequences": Case(
        lambda tmp: pack(tmp, {"story.yaml": GOOD, "deep.yaml": "- " * 100_000 + "x\n"}),
        "pack/deep.yaml:1:",
        "[CS004]",
    ),
    "deep_block_mappings": Case(deep_block_mappings, "pack/deep.yaml:", "[CS004]"),
    "long_lines": Case(long_lines, "pack/story.yaml:", "`start` must be text, not a list"),
    "condition_10000_chars": Case(
        lambda tmp: pack(tmp, {"story.yaml": with_condition(" or ".join(["ready"] * 1112))}),
        "pack/story.yaml:17:",
        "more than 500",
    ),
    "condition_1000_parens": Case(
        lambda tmp: pack(tmp, {"story.yaml": with_condition("(" * 1000 + "ready" + ")" * 1000)}),
        "pack/story.yaml:17:",
        "more than 500",
    ),
    "condition_200_parens": Case(
        lambda tmp: pack(tmp, {"story.yaml": with_condition("(" * 200 + "ready" + ")" * 200)}),
        "pack/story.yaml:17:",
        "nested too deeply",
    ),
    "condition_100_nots": Case(
        lambda tmp: pack(tmp, {"story.yaml": with_condition("not " * 100 + "ready")}),
        "pack/story.yaml:17:",
        "nested too deeply",
    ),
    "condition_300_minus_signs": Case(
        lambda tmp: pack(tmp, {"story.yaml": with_condition("-" * 300 + "ready > 0")}),
        "pack/story.yaml:17:",
        "nested too deeply",
    ),
    "condition_nul_byte": Case(
        lambda tmp: pack(tmp, {"story.yaml": with_condition("ready\0 == 1").encode()}),
        "pack/story.yaml",
        "binary file",
    ),
    "condition_huge_number": Case(
        lambda tmp: pack(tmp, {"story.yaml": with_condition("ready > " + "9" * 5000)}),
        "pack/story.yaml:17:",
        "more than 500",
    ),
    "huge_integers": Case(
        lambda tmp: pack(
            tmp,
            {
                "story.yaml": HEAD.replace("one]", "one]\n  variables: {big: " + "9" * 5001 + "}")
                + CHAPTER.replace(
                    "        end: done\n",
                    "        do:\n          - add: {big: 1.0e+99999}\n        end: done\n",
                ).replace('period: "1997"', "period: " + "1" * 5001)
            },
        ),
        "pack/story.yaml:5:",
        "cannot read the value '999999999999999999999999999999...'",
    ),
    "link_out_of_pack": Case(outside_link, "pack/chapters/pipe.yaml", check=check_outside),
    "link_loop": Case(link_loop, "pack/self.yaml", "a loop of links"),
    "fifo_named_story_yaml": Case(fifo_story, "pack/story.yaml", "not a regular file"),
    "folder_named_story_yaml": Case(folder_named_story, "pack/story.yaml", "a folder named like"),
    "canon_absolute_outside": canon_case("/etc/passwd"),
    "canon_relative_outside": canon_case("../../../../../../../etc/hostname"),
    "canon_fifo": canon_case("../canon.yaml", canon_fifo),
    "canon_loop": canon_case("loop.yaml", canon_loop),
    "canon_folder": canon_case("."),
    "pack_missing": Case(lambda tmp: tmp / "no-such-pack", "no-such-pack", "no such folder"),
    "pack_is_a_file": Case(file_not_folder, "story.yaml", "not a folder"),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_case(name: str, tmp_path: Path) -> None:
    case = GENERATED[name]
    target = case.build(tmp_path)
    outcome = validate(target.relative_to(tmp_path), tmp_path)
    assert_refused(outcome, case.where, case.says)
    case.check(tmp_path, outcome)
    assert not (tmp_path / "PWNED").exists()


def _chmod_blocks_reading(path: Path) -> bool:
    """chmod 000 does not stop root (tests often run as root in containers)."""
    try:
        with open(path, "rb"):
            return False
    except PermissionError:
        return True


def test_unreadable_file(tmp_path: Path) -> None:
    folder = pack(tmp_path, {"story.yaml": GOOD, "chapters/locked.yaml": "chapters: {}\n"})
    locked = folder / "chapters" / "locked.yaml"
    locked.chmod(0)
    try:
        if not _chmod_blocks_reading(locked):
            pytest.skip("running as a user whom chmod 000 does not stop (root)")
        outcome = validate("pack", tmp_path)
        assert_refused(outcome, "pack/chapters/locked.yaml", "cannot read this file")
    finally:
        locked.chmod(0o644)


def test_unreadable_folder(tmp_path: Path) -> None:
    folder = pack(tmp_path, {"story.yaml": GOOD, "chapters/one.yaml": "chapters: {}\n"})
    locked = folder / "chapters"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user whom chmod 000 does not stop (root)")
        outcome = validate("pack", tmp_path)
        assert_refused(outcome, "pack/chapters", "cannot read this folder")
    finally:
        locked.chmod(0o755)


def test_folder_link_out_of_pack_is_not_walked(tmp_path: Path) -> None:
    """A linked folder is not followed: a broken file behind it changes nothing."""
    outside = pack(tmp_path, {"broken.yaml": "[unclosed"}, name="outside")
    folder = pack(tmp_path, {"story.yaml": GOOD})
    (folder / "more").symlink_to(outside, target_is_directory=True)
    outcome = validate("pack", tmp_path)
    assert outcome.code == 0, outcome.output
    assert "broken.yaml" not in outcome.output


def test_a_canon_beside_the_pack_is_not_read(tmp_path: Path) -> None:
    """Nothing a pack names is read from outside it, not even from the folder holding it."""
    canon = "canon:\n  beats:\n    - {id: start, fact: It starts.}\n"
    pack(tmp_path, {"canon.yaml": canon}, name="seeds")
    story = HEAD + "  canon: ../seeds/canon.yaml\n" + CHAPTER
    pack(tmp_path, {"story.yaml": story})
    outcome = validate("pack", tmp_path)
    assert outcome.code == 1, outcome.output
    assert re.search(r"story\.yaml:\d+:\d+: error: .*\[CS002\]", outcome.output)
    assert "It starts" not in outcome.output and "canon 1/1" not in outcome.output


def test_every_case_is_fast(tmp_path: Path) -> None:
    """The worst generated case (the 40 MB file) still answers well inside the timeout."""
    outcome = validate(big_file(tmp_path).relative_to(tmp_path), tmp_path)
    assert outcome.seconds < TIMEOUT / 3, outcome.seconds
