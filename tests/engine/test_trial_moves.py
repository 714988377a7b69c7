"""Trial moves: one small frozen `Move` with one parse and one format, used everywhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import cellseven_game
from cellseven_game.engine.core.trial_model import MOVE_KINDS, Move

SOURCE = Path(cellseven_game.__file__).parent
HAND_MADE = re.compile(rf"^({'|'.join(MOVE_KINDS)}):")


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("press:dark.black", Move("press", "dark", "black")),
        ("object:dark.black", Move("object", "dark", "black")),
        ("present:dark.logbook", Move("present", "dark", "logbook")),
        ("back:dark", Move("back", "dark")),
        ("rest:asleep", Move("rest", "asleep")),
    ],
)
def test_a_move_reads_and_writes_the_same_text(text: str, move: Move) -> None:
    assert Move.parse(text) == move
    assert str(move) == text


@pytest.mark.parametrize("text", [None, "", "wait", "continue", "press", "shout:dark.black"])
def test_what_is_not_a_move_parses_to_none(text: str | None) -> None:
    assert Move.parse(text) is None


def test_no_module_writes_or_reads_a_move_by_hand() -> None:
    # A string starting `press:` (or any move kind) outside trial_model is a second format.
    found: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name == "trial_model.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(SOURCE)}:{line}" for line in hand_made(tree)]
    assert found == []


def hand_made(tree: ast.AST) -> list[int]:
    """Lines of string constants (f-strings' parts too) that start like a move's text."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and HAND_MADE.match(node.value)
    ]


def test_the_check_above_can_fail() -> None:
    tree = ast.parse('step = f"press:{claim}.{statement}"\nif s.startswith("object:"): pass')
    assert hand_made(tree) == [1, 2]
