"""Byte-level fuzzing of valid packs: whatever the damage, only located problems come out.

Two valid starting points are mutated byte by byte (flips, insertions, deletions, duplicated
ranges): the worked example of story/README.md and a chapter of the bundled story, inside a
copy of the whole bundled pack. Each mutated pack must give a CheckResult whose problems are
each `path[:line:col]: severity: message [CSnnn]` naming a file of the pack, or our own error
type, within the deadline. CI runs 300 + 100 examples; CELLSEVEN_FUZZ_EXAMPLES=N runs N of each.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest
from guide_examples import worked_example  # tests/ is on sys.path (rootdir conftest)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cellseven_game.engine.compile.loader import CheckResult, check_pack
from cellseven_game.engine.core.errors import CellsevenError
from cellseven_game.engine.play.runtime import Runtime, random_walk
from cellseven_game.paths import bundled_story

# CI: 300 worked examples (a few ms each) and 100 bundled packs (about 0.1 s each: the whole
# story is checked every time). CELLSEVEN_FUZZ_EXAMPLES=N runs N of each.
_ASKED = os.environ.get("CELLSEVEN_FUZZ_EXAMPLES")
DEADLINE = timedelta(seconds=5)  # generous for a loaded CI machine; a hang is far beyond it


def _fuzz(default: int) -> settings:
    return settings(
        max_examples=int(_ASKED) if _ASKED else default,
        deadline=DEADLINE,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


SHAPE = re.compile(r"^(?P<path>\S[^:\n]*)(:\d+:\d+)?: (error|warning): [^\n]+ \[CS\d{3}\]$")
WHOLE_FILE = {"CS002", "CS004"}  # unreadable/binary/not UTF-8, or empty: no line to point at
CHAPTER = "prologue.yaml"
SPECIAL = [
    b": ", b"- ", b"\t", b'"', b"'", b"&a ", b"*a", b"!!python/object/apply:os.system [x]",
    b"!foo ", b"<<: ", b"{", b"}", b"[", b"]", b"[[[[[[[[", b"#", b"|", b">", b"---\n",
    b"? ", b"\x00", b"\xff", b"\xfe\xff", b"\r", b"\n  ", b"\n", b"if: ((", b"goto: ", b"~",
    b"9" * 40, b"\xe2\x80\xa8", b"\x1b[31m", b"%TAG ! tag:x\n",
]  # fmt: skip
SLOWEST: list[float] = []  # seconds per example, reported by test_fuzz_summary


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "duplicate"]))
        if kind == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from(SPECIAL) | st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "duplicate":
            end = min(len(data), at + draw(st.integers(1, 400)))
            data[at:at] = data[at:end]
    return bytes(data)


def check(pack: Path, rel: str, data: bytes) -> None:
    """Write `data` to pack/rel and check the pack: only located problems or our error."""
    (pack / rel).write_bytes(data)
    start = time.perf_counter()
    try:
        result = check_pack(pack)
    except CellsevenError as exc:  # our own type is allowed; anything else fails the test
        assert str(exc)
        return
    finally:
        SLOWEST.append(time.perf_counter() - start)
    assert isinstance(result, CheckResult)
    assert (result.story is None) == bool(result.errors)
    for problem in result.problems:
        match = SHAPE.match(str(problem))
        assert match, str(problem)
        named = Path(problem.path)
        # the bundled story's canon file is inside the pack (story/canon.yaml): a mutation that
        # deletes a scene's `beats:` is rightly reported there (CS205), still inside the pack
        assert named.is_relative_to(pack) and named.exists(), str(problem)
        if problem.line <= 0:
            assert problem.code in WHOLE_FILE or named == pack, str(problem)
    if result.story is not None:  # the damage happened to keep the pack valid: it must play
        random_walk(Runtime(result.story), 0, max_steps=100)


@pytest.fixture(scope="module")
def example_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-example")


@pytest.fixture(scope="module")
def bundled_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled story (its canon file inside it), as installed or checked out."""
    root = tmp_path_factory.mktemp("fuzz-bundled")
    shutil.copytree(bundled_story(), root / "story")
    return root / "story"


def test_starting_points_are_valid(example_pack: Path, bundled_pack: Path) -> None:
    """Mutations start from valid packs, so every problem found is the mutation's doing."""
    (example_pack / "story.yaml").write_text(worked_example(), encoding="utf-8")
    assert check_pack(example_pack).errors == []
    assert check_pack(bundled_pack).errors == []


@_fuzz(300)
@given(data=mutated(worked_example().encode("utf-8")))
def test_fuzz_worked_example(example_pack: Path, data: bytes) -> None:
    check(example_pack, "story.yaml", data)


def _chapter_bytes() -> bytes:
    return (bundled_story() / "chapters" / CHAPTER).read_bytes()


@_fuzz(100)
@given(data=mutated(_chapter_bytes()))
def test_fuzz_bundled_chapter(bundled_pack: Path, data: bytes) -> None:
    check(bundled_pack, f"chapters/{CHAPTER}", data)


def test_fuzz_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """Reports how many examples ran in this process and the slowest (shown with -s)."""
    if SLOWEST:
        with capsys.disabled():
            print(f"\nfuzz: {len(SLOWEST)} packs checked, slowest {max(SLOWEST):.3f}s")
        assert max(SLOWEST) < DEADLINE.total_seconds()
