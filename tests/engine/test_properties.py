"""Whatever bytes a story file holds, check_pack reports problems: it never crashes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cellseven_game.engine.compile.loader import CheckResult, check_pack
from cellseven_game.engine.core.errors import CellsevenError
from cellseven_game.engine.play.runtime import Runtime, random_walk

SHAPE = re.compile(r"^\S[^\n]*?(:\d+:\d+)?: (error|warning): [^\n]+ \[CS\d{3}\]$")
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Pieces that YAML treats specially, spliced into the worked example.
SPECIAL = [
    b": ", b"- ", b"\t", b'"', b"'", b"&a ", b"*a", b"!!python/object/apply:os.system [x]",
    b"!!binary ", b"!!timestamp ", b"!!bool ", b"<<: ", b"{", b"}", b"[", b"]", b"#", b"|",
    b">", b"%YAML 1.1\n", b"---\n", b"...\n", b"No", b"1.10", b"2013-01-23", b"~", b"? ",
    b"\x00", b"\xff", b"\xef\xbb\xbf", b"\r", b"\n  ", b"if: (", b"goto: ", b"next: ",
    b"end: true", b"once: false", b"when_false: disable", b"do: [flag: x]",
]  # fmt: skip


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check_bytes(pack: Path, data: bytes) -> CheckResult | None:
    (pack / "story.yaml").write_bytes(data)
    try:
        result = check_pack(pack)
    except CellsevenError:
        return None
    assert isinstance(result, CheckResult)
    for problem in result.problems:
        assert SHAPE.match(str(problem)), str(problem)
    assert (result.story is None) == bool(result.errors) or result.story is None
    if result.story is not None:
        # A pack that checks clean must also play without surprises.
        runtime = Runtime(result.story)
        random_walk(runtime, 0, max_steps=200)
    return result


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes(pack: Path, data: bytes) -> None:
    check_bytes(pack, data)


@SETTINGS
@given(text=st.text(max_size=300))
def test_random_text(pack: Path, text: str) -> None:
    check_bytes(pack, text.encode("utf-8", "surrogatepass"))


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "delete", "flip", "line", "dup"]))
        if kind == "insert":
            data[at:at] = draw(st.sampled_from(SPECIAL) | st.binary(min_size=1, max_size=4))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 20))]
        elif kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind in ("line", "dup"):
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, max(0, len(lines) - 1)))
            if kind == "line":
                del lines[i]
            else:
                lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def test_mutations_start_from_a_clean_pack(pack: Path, example_text: str) -> None:
    result = check_bytes(pack, example_text.encode())
    assert result is not None and result.problems == [] and result.story is not None


@SETTINGS
@given(data=st.data())
def test_mutated_worked_example(pack: Path, example_text: str, data: st.DataObject) -> None:
    check_bytes(pack, data.draw(mutated(example_text.encode())))


def test_deep_nesting_is_a_problem_not_a_crash(pack: Path) -> None:
    for data in (b"[" * 5000, b"a:\n" + b"".join(b" " * i + b"- \n" for i in range(200))):
        result = check_bytes(pack, data)
        assert result is not None and result.errors
