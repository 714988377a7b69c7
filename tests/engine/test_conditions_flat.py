"""`parse_flat` reads most conditions in one match a part (condition_parser.py): whatever it
accepts, it must make exactly what the parser makes (the tree, and every reference in the
same order), and it must hand everything else to the parser. Checked on every condition of
the bundled story and the test fixtures, on conditions built from the language's pieces
(keywords where names go, odd spaces, numbers run into words, both joining words), and on
the forms it must and must not read itself."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cellseven_game.engine.core import condition_parser, conditions
from cellseven_game.engine.core.condition_types import ConditionError

ROOT = Path(__file__).resolve().parents[2]
CONDITION = re.compile(r"^\s*(?:-\s+)?(?:if|when|unless|holds):\s+(.+?)\s*$", re.M)


def parsed(source: str) -> tuple[Any, ...] | None:
    """The parser's tree and references, as plain values (None when it refuses it)."""
    try:
        parser = condition_parser._Parser(source)
        tree = parser.parse()
    except ConditionError:
        return None
    return _plain(tree, parser.references())


def _plain(tree: Any, refs: Any) -> tuple[Any, ...]:
    return (
        tree,
        refs._columns,
        refs._thresholds,
        refs._opaque,
        refs.evidence,
        refs.characters,
        refs.facts,
        refs.scenes,
    )


def agree(source: str) -> bool:
    """Whether `parse_flat` read `source` (and then made what the parser makes)."""
    flat = condition_parser.parse_flat(source)
    if flat is None:
        return False
    assert _plain(*flat) == parsed(source), source
    return True


def written_conditions() -> list[str]:
    found: set[str] = set()
    for folder in ("story", "tests/fixtures"):
        for path in (ROOT / folder).rglob("*.yaml"):
            for match in CONDITION.finditer(path.read_text(encoding="utf-8", errors="replace")):
                found.add(match.group(1).strip("\"'"))
    return sorted(found)


def test_every_written_condition_is_read_alike() -> None:
    written = written_conditions()
    read = [source for source in written if agree(source)]
    assert len(written) >= 50  # the bundled story's and the fixtures' (62 on writing)
    assert len(read) > len(written) // 2  # most are flat: the point of the fast path


@pytest.mark.parametrize(
    "source",
    [
        "f210_2 or courage > 2",
        "a and not b",
        "visits hall >= 3 or has key",
        "  met ana and visited dock_7 and bond >= 1.5  ",
        "not visits hall == 2",
        "a\tor\nb or c",
        "score != 0 or score == 10",
        "x>3",
    ],
)
def test_flat_forms_are_read_alike(source: str) -> None:
    assert agree(source)


@pytest.mark.parametrize(
    "source",
    [
        "a or b and c",  # two joining words: precedence decides
        "x > y",
        "not not x",
        "visits hall",
        "has",
        "true or x",
        "x > -1",
        "(a)",
        "x > 3abc",
        "a or",
        "a or b or",
        "has key > 1",
        'name == "x"',
        "x >= 1.5.2",
        "knows ana.secret",
        "a3and b",
        "x+1 > 2",
        "and",
    ],
)
def test_anything_else_is_left_to_the_parser(source: str) -> None:
    assert condition_parser.parse_flat(source) is None


NAMES = st.sampled_from(
    [
        *("a", "b", "x_1", "courage", "and", "or", "not", "has", "met", "visits", "visited"),
        *("true", "false", "knows", "notable", "hasty", "visits_", "A", "_z"),
    ]
)
OPS = st.sampled_from(["==", "!=", "<=", ">=", "<", ">", "=", "=>"])
NUMBERS = st.sampled_from(["0", "3", "12", "1.5", "007", "2.0", "99999999999", "-1", "3x"])
SPACE = st.sampled_from(["", " ", "  ", "\t", "\n"])


@st.composite
def parts(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 4))
    name = draw(NAMES)
    gap = draw(SPACE)
    if kind == 0:
        made = name
    elif kind == 1:
        made = f"{name}{gap}{draw(OPS)}{draw(SPACE)}{draw(NUMBERS)}"
    elif kind == 2:
        made = f"visits {name}{gap}{draw(OPS)}{draw(SPACE)}{draw(NUMBERS)}"
    elif kind == 3:
        made = f"{draw(st.sampled_from(['has', 'met', 'visited']))} {name}"
    else:
        made = f"({name})"
    return f"not{draw(st.sampled_from([' ', '  ', '']))}{made}" if draw(st.booleans()) else made


@st.composite
def flatish(draw: st.DrawFn) -> str:
    pieces = [draw(parts())]
    for _ in range(draw(st.integers(0, 4))):
        word = draw(st.sampled_from(["and", "or", "and", "or", "&&", "AND"]))
        pieces.append(f"{draw(SPACE)}{word}{draw(SPACE)}{draw(parts())}")
    return draw(SPACE) + "".join(pieces) + draw(SPACE)


@settings(max_examples=1500, deadline=None)
@given(source=flatish())
def test_generated_conditions_are_read_alike_or_left(source: str) -> None:
    agree(source)


def test_the_generated_ones_are_often_read() -> None:
    """(that the test above compares something: most plain ones are flat)"""
    examples = ["a or b", "x_1 >= 3 and not b", "visits a < 2 or met b or visited A"]
    assert all(agree(source) for source in examples)


def test_a_condition_reads_the_same_either_way_through_the_cache() -> None:
    conditions._parse.cache_clear()
    evaluate, refs = conditions.parse("courage > 2 or f1")
    assert refs.thresholds == {"courage": frozenset({2})} and refs.opaque == {"f1"}
    assert refs.columns == {"courage": 1, "f1": 16}
    assert conditions.compiled("courage > 2 or f1") is evaluate
