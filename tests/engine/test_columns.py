"""Variable diagnostics point at the variable's own token: line AND column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import check_pack

MakePack = Callable[[dict[str, str]], Path]

PACK = """\
story:
  title: Columns
  start: one
  chapters: [one]
  variables:
    never_set: 0
    mood: "calm"
    score: 1
    unread: false
chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
      a:
        text: "Here {score} and {mood == 'calm': calm|not} {never_set + 1}"
        choices:
          - label: Go
            if: score > 0 and never_set == 0
            goto: b
            do: [{set: {unread: true}}, {set: {score: "score + never_set"}}]
      b:
        text: End.
        end: done
"""


def found(make_pack: MakePack, monkeypatch: pytest.MonkeyPatch, text: str) -> list[str]:
    monkeypatch.chdir(make_pack({"story.yaml": text}))
    return [f"{p.line}:{p.col} {p.code}" for p in check_pack(".").problems]


def test_read_never_set_and_set_never_read_point_at_the_name(
    make_pack: MakePack, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert found(make_pack, monkeypatch, PACK) == [
        "17:34 CS204",  # `mood` inside `{mood == 'calm': ...}`, not the text's start
        "17:61 CS204",  # `never_set`'s first use in the file: `{never_set + 1}` in the text
        "22:25 CS203",  # `unread`, the key of the `set`
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a number as a condition: at the expression, past the quote and spaces
        ("if: score > 0 and never_set == 0", 'if: "   score"', "20:21 CS114"),
        # a mix: at the operator
        ("if: score > 0 and never_set == 0", "if: score + mood == 'x'", "20:23 CS114"),
        # an unknown name in text: at the name
        ("text: End.", "text: End {nosuch}.", "24:20 CS102"),
        # a variable read only in a condition: at its token, after `score > 0 and`
        ("{never_set + 1}", "{score + 1}", "20:31 CS204"),
        # an unknown name in a condition: at the name
        ("if: score > 0 and never_set == 0", "if: score > 0 and nosuch", "20:31 CS102"),
        # an unknown name in an expression set: at the name
        ('"score + never_set"', '"score + nosuch"', "22:64 CS102"),
    ],
)
def test_type_and_name_errors_point_at_the_token(
    make_pack: MakePack, monkeypatch: pytest.MonkeyPatch, old: str, new: str, expected: str
) -> None:
    assert old in PACK
    problems = found(make_pack, monkeypatch, PACK.replace(old, new))
    assert expected in problems, problems
