"""Static types, arithmetic and `set` from an expression: mixes are located errors at load."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import check_pack, load_story
from cellseven_game.engine.core.condition_types import MAX_TEXT, NUMBER_LIMIT
from cellseven_game.engine.core.conditions import compiled, typecheck
from cellseven_game.engine.play.runtime import Runtime

MakePack = Callable[[dict[str, str]], Path]

HEAD = """\
story:
  title: Types
  start: one
  chapters: [one]
  variables:
    score: 2
    bonus: 3
    ratio: 0.5
    name: "Mina"
    greeting: ""
    brave: false
chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
      a:
        text: Start.
        choices:
          - label: Go
            goto: b
{extra}
      b:
        text: "{{name}} {{greeting}} {{score}} {{bonus}} {{ratio}} {{brave}}"
        end: done
"""


def pack(make_pack: MakePack, extra: str) -> Path:
    return make_pack(
        {"story.yaml": HEAD.replace("{extra}", extra).replace("{{", "").replace("}}", "")}
    )


def codes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(folder)
    return [f"{p.line}:{p.col} {p.code}" for p in check_pack(".").problems if p.severity == "error"]


@pytest.mark.parametrize(
    ("condition", "col"),
    [
        ('score > "x"', 19),  # at the operator
        ("name > 3", 18),
        ("score == name", 19),
        ("brave == 1", 19),
        ("not score", 13),
        ("score and brave", 19),
        ("brave or name", 19),
        ("name + 1 == 2", 18),
        ("score * name > 1", 19),
        ("-name == 1", 13),
        ("score", 13),  # a number is not a test: there is no truthiness
        ("name", 13),
        ("visits a", 13),
        ("name < 'b'", 18),  # text is compared only with == and !=
    ],
)
def test_a_mixed_condition_is_a_located_error(
    make_pack: MakePack, monkeypatch: pytest.MonkeyPatch, condition: str, col: int
) -> None:
    folder = pack(make_pack, f"            if: {condition}")
    problems = codes(folder, monkeypatch)
    assert problems == [f"23:{col + 4} CS114"], problems


@pytest.mark.parametrize(
    "condition",
    [
        "score * 2 + bonus > 7",
        "score % 2 == 0 and ratio / 2 < 1",
        'name + "!" == "Mina!"',
        "not score == 3",
        "brave == false",
        "visits a > 0",
    ],
)
def test_like_types_pass(
    make_pack: MakePack, monkeypatch: pytest.MonkeyPatch, condition: str
) -> None:
    folder = pack(make_pack, f"            if: {condition}")
    assert codes(folder, monkeypatch) == []


def play_set(make_pack: MakePack, effects: str) -> dict[str, object]:
    folder = pack(make_pack, "            do:\n" + effects)
    runtime = Runtime(load_story(folder))
    runtime.choose(1)
    return dict(runtime.state.variables)


def test_set_from_an_expression(make_pack: MakePack) -> None:
    got = play_set(
        make_pack,
        '              - set: {score: "score * 2 + bonus"}\n'
        "              - set: {greeting: \"= name + ', hello'\"}\n"
        '              - set: {brave: "score > 5"}\n'
        '              - add: {bonus: "score % 4"}\n'
        '              - set: {ratio: "7 / 2"}\n',
    )
    assert got["score"] == 7
    assert got["greeting"] == "Mina, hello"
    assert got["brave"] is True
    assert got["bonus"] == 6
    assert got["ratio"] == 3.5


def test_text_without_equals_stays_text(make_pack: MakePack) -> None:
    got = play_set(make_pack, '              - set: {greeting: "score * 2"}\n')
    assert got["greeting"] == "score * 2"


@pytest.mark.parametrize(
    ("effect", "code", "col"),
    [
        ('set: {score: "name + 1"}', "CS114", 36),  # at the `+`
        ('set: {score: "name"}', "CS107", 30),  # at the value
        ('set: {brave: "score + 1"}', "CS107", 30),
        ('set: {greeting: "= score"}', "CS107", 33),
        ('add: {score: "brave"}', "CS107", 30),
        ('set: {score: "score +"}', "CS106", 38),  # at the end
    ],
)
def test_a_bad_expression_is_located(
    make_pack: MakePack, monkeypatch: pytest.MonkeyPatch, effect: str, code: str, col: int
) -> None:
    folder = pack(make_pack, f"            do:\n              - {effect}\n")
    problems = codes(folder, monkeypatch)
    assert problems == [f"24:{col} {code}"], problems


def test_set_from_an_expression_declared_in_a_later_file(make_pack: MakePack) -> None:
    head = HEAD.replace("    brave: false\n", "").replace("{{", "").replace("}}", "")
    head = head.replace("{extra}", '            do: [{set: {later: "score + 1"}}]')
    folder = make_pack({"story.yaml": head, "zz.yaml": "variables:\n  later: 0\n  brave: false\n"})
    runtime = Runtime(load_story(folder))
    runtime.choose(1)
    assert runtime.state.variables["later"] == 3


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("7 / 2", 3.5),
        ("6 / 3", 2),  # exact division stays whole
        ("7 % 3", 1),
        ("-7 % 3", 2),  # the remainder takes the divisor's sign
        ("7.5 % 2", 1.5),
        ("2 * 3 + 1", 7),
        ("1 + 2 * 3", 7),  # * binds tighter than +
        ("(1 + 2) * 3", 9),
        ("5 / 0", 0),  # dividing by zero gives 0, never a crash
        ("5 % 0", 0),
        ("99999999 * 99999999 * 99999999", NUMBER_LIMIT),  # held at the bound
        ("0 - 99999999 * 99999999 * 99999999", -NUMBER_LIMIT),
        ("'ab' + 'cd'", "abcd"),
    ],
)
def test_arithmetic(source: str, expected: object) -> None:
    got = compiled(source)(None)  # type: ignore[arg-type]
    assert got == expected and type(got) is type(expected)


def test_text_is_bounded() -> None:
    state = type("S", (), {"variables": {"t": "x" * MAX_TEXT}})()
    assert len(compiled("t + t")(state)) == MAX_TEXT  # type: ignore[arg-type]


def test_typecheck_answers_the_type() -> None:
    types = {"n": "number", "t": "text", "f": "flag"}
    assert typecheck("n * 2", types, None) == "number"
    assert typecheck("t + 'x'", types, None) == "text"
    assert typecheck("n > 1 and f", types) == "flag"
