"""The condition language: grammar, type rules, located errors, and two property tests."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cellseven_game.engine.core.condition_types import (
    MAX_LENGTH,
    MAX_TEXT,
    NUMBER_LIMIT,
    ConditionError,
)
from cellseven_game.engine.core.conditions import checker, compiled, holds, parse
from cellseven_game.engine.core.errors import CellsevenError
from cellseven_game.engine.core.model import Value


@dataclass
class State:
    variables: dict[str, Value] = field(default_factory=dict)
    evidence: set[str] = field(default_factory=set)
    met: set[str] = field(default_factory=set)
    facts: set[str] = field(default_factory=set)
    visits: dict[str, int] = field(default_factory=dict)


STATE = State(
    variables={"n": 3, "zero": 0, "f": 2.5, "yes": True, "no": False, "mood": "calm", "empty": ""},
    evidence={"glove"},
    met={"mina"},
    facts={"mina.mother"},
    visits={"bakery": 2, "street": 1},
)


def value(source: str, state: State = STATE) -> Value:
    return compiled(source)(state)  # type: ignore[arg-type]


# -- the grammar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # literals
        ("true", True),
        ("false", False),
        ("42", 42),
        ("2.5", 2.5),
        ("-1", -1),
        ("- -1", 1),
        ('"calm"', "calm"),
        ("'calm'", "calm"),
        ('""', ""),
        ("'it is \"quoted\"'", 'it is "quoted"'),
        # variables
        ("n", 3),
        ("f", 2.5),
        ("mood", "calm"),
        ("yes", True),
        # comparisons, every operator
        ("n == 3", True),
        ("n != 3", False),
        ("n < 4", True),
        ("n < 3", False),
        ("n <= 3", True),
        ("n > 3", False),
        ("n > 2", True),
        ("n >= 3", True),
        ("f > n", False),
        ('mood == "calm"', True),
        ("mood != 'angry'", True),
        ("yes == true", True),
        ("no != true", True),
        # arithmetic
        ("n + 1", 4),
        ("n - 1", 2),
        ("3 - 1 - 1", 1),  # left-associative
        ("n + f", 5.5),
        ("-n + 1 == -2", True),
        ("1 - -1 == 2", True),
        # boolean operators
        ("yes and no", False),
        ("yes or no", True),
        ("not no", True),
        ("not not yes", True),
        # story state
        ("has glove", True),
        ("has scarf", False),
        ("met mina", True),
        ("met baker", False),
        ("knows mina.mother", True),
        ("knows mina.father", False),
        ("knows  mina . mother", True),
        ("visited bakery", True),
        ("visited snow", False),
        ("visits bakery", 2),
        ("visits snow", 0),
        ("visits bakery > 1", True),
        ("visits bakery + visits street == 3", True),
        # whitespace is free
        ("  n>=3  and\tmood=='calm'  ", True),
        ("(n)==(3)", True),
    ],
)
def test_values(source: str, expected: Value) -> None:
    got = value(source)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # `and` binds tighter than `or`
        ("yes or no and no", True),
        ("(yes or no) and no", False),
        ("no and no or yes", True),
        ("no and (no or yes)", False),
        # `not` binds looser than comparison, tighter than `and`
        ("not n == 4", True),
        ("not n == 3 and yes", False),
        ("not (n == 3 and no)", True),
        # comparison binds looser than arithmetic
        ("1 + 2 == 3", True),
        ("n - 1 < n", True),
        ("- n + 3 == 0", True),
        # has/met/visited bind as atoms
        ("has glove and met mina", True),
        ("not has glove or met baker", False),
        ("not visited snow and visits bakery >= 2", True),
    ],
)
def test_precedence(source: str, expected: bool) -> None:
    assert value(source) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("true == 1", False),  # a flag is not a number
        ("false == 0", False),
        ("true != 1", True),
        ("'1' == 1", False),  # text is not a number
        ("'true' == true", False),
        ("1 == 1.0", True),  # but an int is a float
        ("2.5 == f", True),
    ],
)
def test_equality_keeps_types_apart(source: str, expected: bool) -> None:
    assert value(source) is expected
    assert holds(source, STATE) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "source",
    [
        "mood < 3",
        "'a' < 'b'",
        "yes > 0",
        "yes + 1 == 2",
        "mood + 1",
        "-mood",
        "-yes == -1",
        "n > missing_variable",
    ],
)
def test_type_clash_at_run_time_counts_as_false(source: str) -> None:
    parse(source)  # it parses: types are only known while playing
    assert holds(source, STATE) is False  # type: ignore[arg-type]
    assert holds(f"not ({source})", STATE) is False  # type: ignore[arg-type]


def test_holds_none_is_true() -> None:
    assert holds(None, STATE) is True  # type: ignore[arg-type]


def test_arithmetic_overflow_counts_as_false() -> None:
    # A save file can carry any number; a condition must not crash the game on it.
    state = State(variables={"x": 10**400})
    assert holds("x + 0.5 > 1", state) is False  # type: ignore[arg-type]


def test_short_circuit() -> None:
    # The right side is never evaluated, so its type clash does not matter.
    assert holds("no and mood < 1", STATE) is False  # type: ignore[arg-type]
    assert holds("yes or mood < 1", STATE) is True  # type: ignore[arg-type]


def test_references_by_kind() -> None:
    _, refs = parse(
        "n > 1 and has glove or met mina and knows mina.mother "
        "or visited street and visits bakery < mood"
    )
    assert refs.variables == {"n", "mood"}
    assert refs.evidence == {"glove"}
    assert refs.characters == {"mina"}
    assert refs.facts == {("mina", "mother")}
    assert refs.scenes == {"street", "bakery"}


def test_keywords_are_not_variables() -> None:
    _, refs = parse("true and not false")
    assert refs.variables == set()


def test_never_eval() -> None:
    # Python syntax is not ours: names only ever look up story state.
    for source in ("__import__('os').system('true')", "n.__class__", "[1]", "n if yes else 1"):
        with pytest.raises(ConditionError):
            parse(source)


# -- errors, located -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "column", "words"),
    [
        ("n = 1", 3, "'=='"),
        ("n == ", 6, "found the end"),
        ("", 1, "empty"),
        ("   ", 1, "empty"),
        ("n && yes", 3, "'and'"),
        ("n || yes", 3, "'or'"),
        ("!yes", 1, "'not'"),
        ("(n", 3, "')'"),
        ("n)", 2, "the end of the condition"),
        ("has", 4, "evidence id"),
        ("has 3", 5, "found '3'"),
        ("met and", 5, "character id"),
        ("knows mina", 11, "'.'"),
        ("knows mina.", 12, "fact id"),
        ("knows .mother", 7, "character id"),
        ("visited", 8, "scene id"),
        ("visits (n)", 8, "scene id"),
        ("'calm", 1, "close the string"),
        ('mood == "calm', 9, "close the string"),
        ('"a\\"b"', 1, "unexpected character"),
        ("n == == 3", 6, "expected a value"),
        ("n < 2 < 3", 7, "the end of the condition"),
        # comparisons are not chained, even after `not`, an `and` or a sum
        ("not n < 2 < 3", 11, "found '<'"),
        ("x and a < b < c", 13, "found '<'"),
        ("n + 1 < 2 == yes", 11, "found '=='"),
        # `not` starts a condition, never a value
        ("n + not yes", 5, "found 'not'"),
        ("n < not yes", 5, "found 'not'"),
        ("yes and not", 12, "found the end"),
        ("1.2.3", 4, "found '.'"),
        ("n @ 1", 3, "'@'"),
        ("and", 1, "expected a value"),
        ("not", 4, "found the end"),
        ("n and", 6, "found the end"),
        ("()", 2, "expected a value"),
        ("n yes", 3, "found 'yes'"),
        ("true false", 6, "found 'false'"),
        ("n ≥ 3", 3, "unexpected character"),
        ("café", 4, "unexpected character"),
        ("-", 2, "found the end"),
        ("n +", 4, "found the end"),
        ("has true", 5, "evidence id"),
        ("visited not", 9, "scene id"),
    ],
)
def test_errors_point_at_the_column(source: str, column: int, words: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse(source)
    assert caught.value.column == column, caught.value.message
    assert words in caught.value.message
    assert isinstance(caught.value, CellsevenError)


def test_nesting_limit() -> None:
    parse("(" * 30 + "n" + ")" * 30)
    for deep in ("(" * 60 + "n" + ")" * 60, "not " * 60 + "yes", "-" * 60 + "n"):
        with pytest.raises(ConditionError, match="nested too deeply") as caught:
            parse(deep)
        assert 1 <= caught.value.column <= len(deep)


def test_size_limit() -> None:
    longest = " or ".join(["yes"] * 200)[:MAX_LENGTH].rstrip(" or")
    assert len(longest) <= MAX_LENGTH
    parse(longest)
    too_long = "yes" + " " * MAX_LENGTH
    with pytest.raises(ConditionError, match="more than 500") as caught:
        parse(too_long)
    assert caught.value.column == MAX_LENGTH + 1


def test_not_text() -> None:
    with pytest.raises(ConditionError):
        parse(3)  # type: ignore[arg-type]


# -- properties ----------------------------------------------------------------------------

TOKENS = [
    "and", "or", "not", "has", "met", "knows", "visited", "visits", "true", "false",
    "(", ")", "==", "!=", "<", "<=", ">", ">=", "+", "-", ".", "=", "!", "&", "|",
    "n", "mood", "glove", "mina", "1", "2.5", "007", '"x"', "'y'", '"', "'", " ", "\t",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)))
def test_random_input_only_raises_condition_error(source: str) -> None:
    try:
        parse(source)
    except ConditionError as exc:
        assert 1 <= exc.column <= len(source) + 1
        return
    holds(source, STATE)  # type: ignore[arg-type]  # parsed: evaluating never raises


# A generator of valid expressions as trees, rendered with as few brackets as the grammar
# allows, and a reference evaluator written from the authoring guide's rules.

OR, AND, NOT, CMP, SUM, PROD, NEG, ATOM = range(1, 9)


class Clash(Exception):
    """A type clash: the engine's `holds` must say false."""


def _num(x: object) -> int | float:
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise Clash
    return x


def _held(x: int | float) -> int | float:
    return max(-NUMBER_LIMIT, min(NUMBER_LIMIT, x))


def _bool(x: object) -> bool:
    # No truthiness: only true/false may stand where a test is wanted.
    if not isinstance(x, bool):
        raise Clash
    return x


def _eq(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        return type(a) is type(b) and a == b
    return a == b


def reference(tree: tuple[object, ...], state: State) -> Value:
    kind = tree[0]
    if kind == "lit":
        return tree[1]  # type: ignore[return-value]
    if kind == "var":
        return state.variables[str(tree[1])]
    if kind == "has":
        return tree[1] in state.evidence
    if kind == "met":
        return tree[1] in state.met
    if kind == "knows":
        return f"{tree[1]}.{tree[2]}" in state.facts
    if kind == "visited":
        return state.visits.get(str(tree[1]), 0) > 0
    if kind == "visits":
        return state.visits.get(str(tree[1]), 0)
    if kind == "not":
        return not _bool(reference(tree[1], state))  # type: ignore[arg-type]
    if kind == "neg":
        return _held(-_num(reference(tree[1], state)))  # type: ignore[arg-type]
    left = tree[1]
    right = tree[2]
    if kind == "or":
        return _bool(reference(left, state)) or _bool(reference(right, state))  # type: ignore[arg-type]
    if kind == "and":
        return _bool(reference(left, state)) and _bool(reference(right, state))  # type: ignore[arg-type]
    a = reference(left, state)  # type: ignore[arg-type]
    b = reference(right, state)  # type: ignore[arg-type]
    if kind == "+":
        if isinstance(a, str) and isinstance(b, str):
            return (a + b)[:MAX_TEXT]
        return _held(_num(a) + _num(b))
    if kind == "-":
        return _held(_num(a) - _num(b))
    if kind == "*":
        return _held(_num(a) * _num(b))
    if kind == "/":
        x, y = _num(a), _num(b)
        if y == 0:
            return 0
        if isinstance(x, int) and isinstance(y, int) and x % y == 0:
            return x // y
        return _held(x / y)
    if kind == "%":
        x, y = _num(a), _num(b)
        return 0 if y == 0 else _held(x % y)
    if kind == "==":
        return _eq(a, b)
    if kind == "!=":
        return not _eq(a, b)
    x, y = _num(a), _num(b)
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[str(kind)]


def level(tree: tuple[object, ...]) -> int:
    return {
        "or": OR,
        "and": AND,
        "not": NOT,
        "==": CMP, "!=": CMP, "<": CMP, "<=": CMP, ">": CMP, ">=": CMP,
        "+": SUM, "-": SUM,
        "*": PROD, "/": PROD, "%": PROD,
        "neg": NEG,
    }.get(str(tree[0]), ATOM)  # fmt: skip


def render(tree: tuple[object, ...], need: int = OR, extra: bool = False) -> str:
    """Source text for `tree` in a context needing precedence `need` (bracketed if lower)."""
    kind = tree[0]
    if kind == "lit":
        lit = tree[1]
        if isinstance(lit, bool):
            text = "true" if lit else "false"
        elif isinstance(lit, str):
            text = f'"{lit}"'
        else:
            text = str(lit)
    elif kind == "var":
        text = str(tree[1])
    elif kind == "knows":
        text = f"knows {tree[1]}.{tree[2]}"
    elif kind in ("has", "met", "visited", "visits"):
        text = f"{kind} {tree[1]}"
    elif kind == "not":
        text = "not " + render(tree[1], NOT)  # type: ignore[arg-type]
    elif kind == "neg":
        text = "- " + render(tree[1], NEG)  # type: ignore[arg-type]
    else:
        mine = level(tree)
        left_need, right_need = {
            OR: (OR, AND),
            AND: (AND, NOT),
            CMP: (SUM, SUM),
            SUM: (SUM, PROD),
            PROD: (PROD, NEG),
        }[mine]
        left = render(tree[1], left_need)  # type: ignore[arg-type]
        right = render(tree[2], right_need)  # type: ignore[arg-type]
        text = f"{left} {kind} {right}"
    if level(tree) < need or extra:
        return f"({text})"
    return text


NAMES = ["n", "zero", "f", "yes", "no", "mood", "empty"]
literals = st.one_of(
    st.booleans(),
    st.integers(min_value=0, max_value=10**6),
    st.decimals(min_value=0, max_value=1000, places=2).map(lambda d: float(str(d))),
    st.text(alphabet="abc xyz", max_size=6),
).map(lambda v: ("lit", v))
atoms = st.one_of(
    literals,
    st.sampled_from(NAMES).map(lambda n: ("var", n)),
    st.sampled_from(["glove", "scarf"]).map(lambda e: ("has", e)),
    st.sampled_from(["mina", "baker"]).map(lambda c: ("met", c)),
    st.sampled_from([("mina", "mother"), ("mina", "sister")]).map(lambda p: ("knows", *p)),
    st.sampled_from(["bakery", "snow"]).map(lambda s: ("visited", s)),
    st.sampled_from(["bakery", "street", "snow"]).map(lambda s: ("visits", s)),
)
OPS = ["or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"]
trees = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["not", "neg"]), inner),
        st.tuples(st.sampled_from(OPS), inner, inner),
    ),
    max_leaves=12,
)
states = st.builds(
    State,
    variables=st.fixed_dictionaries(
        {
            "n": st.integers(-5, 5),
            "zero": st.just(0),
            "f": st.sampled_from([0.0, 0.5, 2.5, -1.25]),
            "yes": st.booleans(),
            "no": st.booleans(),
            "mood": st.sampled_from(["calm", "", "a"]),
            "empty": st.sampled_from(["", 0, False]),
        }
    ),
    evidence=st.sets(st.sampled_from(["glove", "scarf"])),
    met=st.sets(st.sampled_from(["mina", "baker"])),
    facts=st.sets(st.sampled_from(["mina.mother", "mina.sister"])),
    visits=st.dictionaries(st.sampled_from(["bakery", "street", "snow"]), st.integers(0, 3)),
)


def _same(a: Value, b: Value) -> bool:
    return type(a) is type(b) and (a == b or (a != a and b != b))  # NaN never comes, but be fair


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees, states, st.booleans())
def test_evaluation_matches_reference(
    tree: tuple[object, ...], state: State, bracketed: bool
) -> None:
    source = render(tree, extra=bracketed)
    if len(source) > MAX_LENGTH:
        return
    evaluate, _ = parse(source)
    try:
        expected = reference(tree, state)
    except Clash:
        assert holds(source, state) is False  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            evaluate(state)  # type: ignore[arg-type]
        return
    got = evaluate(state)  # type: ignore[arg-type]
    assert _same(got, expected), (source, got, expected)
    assert holds(source, state) is (expected is True)  # type: ignore[arg-type]


def test_reference_renderer_brackets_only_where_needed() -> None:
    # The renderer is part of the test: check it on trees whose text is known.
    tree = ("and", ("or", ("var", "yes"), ("var", "no")), ("not", ("var", "no")))
    assert render(tree) == "(yes or no) and not no"
    tree = ("-", ("lit", 3), ("-", ("lit", 1), ("lit", 1)))
    assert render(tree) == "3 - (1 - 1)"
    assert value(render(tree)) == 3
    tree = ("==", ("+", ("var", "n"), ("lit", 1)), ("neg", ("lit", 4)))
    assert render(tree) == "n + 1 == - 4"
    assert value(render(tree)) is False


@pytest.mark.parametrize("source", ["yes", "no", "n", "mood", "gone", "not yes", "not no"])
@pytest.mark.parametrize("held", [True, False, 0, 1, 2.5, "", "calm", None])
def test_a_bare_flag_checks_as_its_evaluation_does(source: str, held: Value | None) -> None:
    """`checker` reads a bare flag (and its negation) directly: the same answer as the
    evaluation, for a flag, a number, a text or nothing held (None: the name unset)."""
    name = source.removeprefix("not ")
    variables = dict(STATE.variables)
    variables.pop(name, None)
    if held is not None:
        variables[name] = held
    state = State(variables=variables)
    try:
        expected = compiled(source)(state) is True
    except (TypeError, KeyError):
        expected = False
    assert checker(source)(state) is expected
