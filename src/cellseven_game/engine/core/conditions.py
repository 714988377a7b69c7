"""The condition language: our own tokenizer and parser, compiled to closures.

Grammar (lowest precedence first):
    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/" | "%") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | STRING | "true" | "false" | NAME | "(" expr ")"
             | "has" NAME | "met" NAME | "knows" NAME "." NAME
             | "visited" NAME | "visits" NAME
Nothing is ever passed to `eval`; names only ever look up story state.

Types are static: every variable's type is its declared starting value's, so `typecheck`
knows the type of every sub-expression before play and refuses a mix (`score > "x"`,
`not score`, `name + 1`) with the column of the operator at fault. There is no truthiness:
`and`, `or`, `not` and a whole condition take only true/false. At play the closures still
refuse a clash with TypeError (a hand-edited state), which `holds` counts as false.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, Protocol

from cellseven_game.engine.core.errors import CellsevenError
from cellseven_game.engine.core.model import Value

MAX_LENGTH = 500
MAX_DEPTH = 40
# Every number a story computes stays within this (no unbounded integers, no inf/nan):
# results beyond it are held at it. Text a story builds is cut at MAX_TEXT characters.
NUMBER_LIMIT = 10**15
MAX_TEXT = 1000

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      |(?P<number>\d+(?:\.\d+)?)
      |(?P<string>"[^"\\]*"|'[^'\\]*')
      |(?P<op>==|!=|<=|>=|<|>|\(|\)|\+|-|\*|/|%|\.)
      |(?P<name>[A-Za-z_][A-Za-z0-9_]*)""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "true", "false", "has", "met", "knows", "visited", "visits"}

Type = Literal["flag", "number", "text"]
TYPE_WORDS: dict[str, str] = {"flag": "true/false", "number": "a number", "text": "text"}


def type_of(value: Value) -> Type:
    """The static type of a value: what a variable's starting value declares."""
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, int | float):
        return "number"
    return "text"


def literal(value: Value) -> str:
    """A value as an author writes it in YAML or a condition: true, 3, "calm"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace('"', "'") + '"'
    return repr(value)


class ConditionError(CellsevenError):
    """A condition that does not parse or mixes types; `column` is 1-based in the source."""

    title = "Condition error"

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


class StoryState(Protocol):
    """What a condition may read."""

    # Read-only properties, so any object holding these (State, the verdict's view) fits.
    @property
    def variables(self) -> Mapping[str, Value]: ...
    @property
    def evidence(self) -> Set[str] | Mapping[str, object]: ...
    @property
    def met(self) -> Set[str] | Mapping[str, object]: ...
    @property
    def facts(self) -> Set[str] | Mapping[str, object]: ...
    @property
    def visits(self) -> Mapping[str, int]: ...


Evaluator = Callable[[StoryState], Value]
# A typer answers the expression's static type given the declared variable types; None when
# it reads a variable nobody declared (CS102 says so) and the type cannot be known.
Typer = Callable[[Mapping[str, str]], "Type | None"]


@dataclass
class References:
    """Every name a condition mentions, by kind, for the loader's checks."""

    variables: set[str] = field(default_factory=set)
    evidence: set[str] = field(default_factory=set)
    characters: set[str] = field(default_factory=set)
    facts: set[tuple[str, str]] = field(default_factory=set)
    scenes: set[str] = field(default_factory=set)
    # For explore: numbers each variable is compared with (`bond >= 3`), and the variables
    # also used any other way (arithmetic, truth value), whose exact value always matters.
    thresholds: dict[str, set[int | float]] = field(default_factory=dict)
    opaque: set[str] = field(default_factory=set)
    # The 1-based column of each variable's first mention, so a diagnostic points at it.
    columns: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    col: int  # 1-based


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            char = source[pos]
            hint = ""
            if char == "=":
                hint = "; compare with '=='"
            elif char in "&|!":
                hint = "; write 'and', 'or', 'not'"
            elif char in "\"'":
                hint = "; close the string with the same quote"
            raise ConditionError(f"unexpected character {char!r}{hint}", pos + 1)
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(_Token(kind, match.group(), pos + 1))
        pos = match.end()
    tokens.append(_Token("end", "", len(source) + 1))
    return tokens


_Expr = tuple[Evaluator, Typer]


def _const(kind: Type) -> Typer:
    return lambda types: kind


def _clash(col: int, message: str) -> ConditionError:
    return ConditionError(message, col)


def _want(typer: Typer, kind: Type, col: int, what: str) -> Typer:
    """A typer that insists its operand is `kind` (unknown passes: CS102 reports it)."""

    def check(types: Mapping[str, str]) -> Type | None:
        found = typer(types)
        if found is not None and found != kind:
            raise _clash(col, f"{what} needs {TYPE_WORDS[kind]}, not {TYPE_WORDS[found]}")
        return kind

    return check


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = _tokenize(source)
        self.pos = 0
        self.depth = 0
        self.refs = References()
        self.uses: dict[str, int] = {}
        self.simple_uses: dict[str, int] = {}

    @property
    def tok(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def at(self, text: str) -> bool:
        tok = self.tok
        return tok.kind in ("op", "name") and tok.text == text

    def fail(self, message: str, tok: _Token | None = None) -> ConditionError:
        tok = tok or self.tok
        found = "the end" if tok.kind == "end" else repr(tok.text)
        return ConditionError(f"{message}, found {found}", tok.col)

    def name(self, what: str) -> str:
        tok = self.tok
        if tok.kind != "name" or tok.text in _KEYWORDS:
            raise self.fail(f"expected {what}")
        self.pos += 1
        return tok.text

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("condition nested too deeply")

    def parse(self) -> _Expr:
        fn = self.expr()
        if self.tok.kind != "end":
            raise self.fail("expected 'and', 'or' or the end of the condition")
        return fn

    def expr(self) -> _Expr:
        self.deeper()
        left = self.and_()
        while self.at("or"):
            op = self.take()
            right = self.and_()
            left = _logic("or", op.col, left, right)
        self.depth -= 1
        return left

    def and_(self) -> _Expr:
        left = self.not_()
        while self.at("and"):
            op = self.take()
            right = self.not_()
            left = _logic("and", op.col, left, right)
        return left

    def not_(self) -> _Expr:
        if self.at("not"):
            op = self.take()
            self.deeper()
            inner, typer = self.not_()
            self.depth -= 1
            return (lambda s: not _flag(inner(s))), _want(typer, "flag", op.col, "`not`")
        return self.compare()

    def compare(self) -> _Expr:
        start = self.pos
        left = self.sum()
        tok = self.tok
        if tok.kind == "op" and tok.text in _COMPARE:
            middle = self.take()
            right = self.sum()
            self._note_threshold(self.tokens[start : self.pos], middle)
            return _compare(tok.text, tok.col, left, right)
        return left

    def _note_threshold(self, span: list[_Token], op: _Token) -> None:
        """Record `variable OP number` (either way round) for explore's state merging."""
        if len(span) != 3:
            return
        a, _, b = span
        if a.kind == "number" and b.kind == "name":
            a, b = b, a
        if a.kind == "name" and a.text not in _KEYWORDS and b.kind == "number":
            value: int | float = float(b.text) if "." in b.text else int(b.text)
            self.refs.thresholds.setdefault(a.text, set()).add(value)
            self.simple_uses[a.text] = self.simple_uses.get(a.text, 0) + 1

    def sum(self) -> _Expr:
        left = self.product()
        while self.tok.kind == "op" and self.tok.text in ("+", "-"):
            op = self.take()
            right = self.product()
            left = _arith(op.text, op.col, left, right)
        return left

    def product(self) -> _Expr:
        left = self.unary()
        while self.tok.kind == "op" and self.tok.text in ("*", "/", "%"):
            op = self.take()
            right = self.unary()
            left = _arith(op.text, op.col, left, right)
        return left

    def unary(self) -> _Expr:
        if self.at("-"):
            op = self.take()
            self.deeper()
            inner, typer = self.unary()
            self.depth -= 1
            return (lambda s: bounded(-_number(inner(s)))), _want(typer, "number", op.col, "`-`")
        return self.atom()

    def atom(self) -> _Expr:
        tok = self.tok
        if tok.kind == "number":
            self.take()
            number: int | float = float(tok.text) if "." in tok.text else int(tok.text)
            number = bounded(number)
            return (lambda s: number), _const("number")
        if tok.kind == "string":
            self.take()
            text = tok.text[1:-1]
            return (lambda s: text), _const("text")
        if tok.kind == "op" and tok.text == "(":
            self.take()
            inner = self.expr()
            if not self.at(")"):
                raise self.fail("expected ')'")
            self.take()
            return inner
        if tok.kind == "name":
            return self.word(tok)
        raise self.fail("expected a value, a variable or 'has'/'met'/'knows'/'visited'/'visits'")

    def word(self, tok: _Token) -> _Expr:
        word = tok.text
        flag_type = _const("flag")
        if word in ("true", "false"):
            self.take()
            flag = word == "true"
            return (lambda s: flag), flag_type
        if word == "has":
            self.take()
            evidence = self.name("an evidence id after 'has'")
            self.refs.evidence.add(evidence)
            return (lambda s: evidence in s.evidence), flag_type
        if word == "met":
            self.take()
            character = self.name("a character id after 'met'")
            self.refs.characters.add(character)
            return (lambda s: character in s.met), flag_type
        if word == "knows":
            self.take()
            character = self.name("a character id after 'knows'")
            if not self.at("."):
                raise self.fail("expected '.' and a fact id, as in 'knows warden.lost_son'")
            self.take()
            fact = self.name("a fact id after '.'")
            self.refs.facts.add((character, fact))
            key = f"{character}.{fact}"
            return (lambda s: key in s.facts), flag_type
        if word == "visited":
            self.take()
            scene = self.name("a scene id after 'visited'")
            self.refs.scenes.add(scene)
            return (lambda s: s.visits.get(scene, 0) > 0), flag_type
        if word == "visits":
            self.take()
            scene = self.name("a scene id after 'visits'")
            self.refs.scenes.add(scene)
            return (lambda s: s.visits.get(scene, 0)), _const("number")
        if word in _KEYWORDS:
            raise self.fail("expected a value")
        self.take()
        self.refs.variables.add(word)
        self.refs.columns.setdefault(word, tok.col)
        self.uses[word] = self.uses.get(word, 0) + 1

        def variable_type(types: Mapping[str, str]) -> Type | None:
            found = types.get(word)
            return found if found in TYPE_WORDS else None  # type: ignore[return-value]

        return (lambda s: s.variables[word]), variable_type


def _number(value: Value) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{value!r} is not a number")
    return value


def _flag(value: Value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{value!r} is not true/false")
    return value


def bounded(value: int | float) -> int | float:
    """Hold a computed number within ±NUMBER_LIMIT (a float that is whole stays a float)."""
    if value > NUMBER_LIMIT:
        return NUMBER_LIMIT
    if value < -NUMBER_LIMIT:
        return -NUMBER_LIMIT
    return value


def _logic(op: str, col: int, left: _Expr, right: _Expr) -> _Expr:
    (lf, lt), (rf, rt) = left, right
    lt = _want(lt, "flag", col, f"`{op}`")
    rt = _want(rt, "flag", col, f"`{op}`")

    def typer(types: Mapping[str, str]) -> Type | None:
        lt(types)
        rt(types)
        return "flag"

    if op == "or":
        return (lambda s: _flag(lf(s)) or _flag(rf(s))), typer
    return (lambda s: _flag(lf(s)) and _flag(rf(s))), typer


def _divide(a: int | float, b: int | float) -> int | float:
    if b == 0:
        return 0  # documented: dividing by zero gives 0, never a crash mid-story
    if isinstance(a, int) and isinstance(b, int) and a % b == 0:
        return a // b  # exact: stays a whole number
    return a / b


def _remainder(a: int | float, b: int | float) -> int | float:
    return 0 if b == 0 else a % b


_ARITH: dict[str, Callable[[int | float, int | float], int | float]] = {
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": _divide,
    "%": _remainder,
}


def _plus(a: Value, b: Value) -> Value:
    if isinstance(a, str) and isinstance(b, str):
        return (a + b)[:MAX_TEXT]
    return bounded(_number(a) + _number(b))


def _arith(op: str, col: int, left: _Expr, right: _Expr) -> _Expr:
    (lf, lt), (rf, rt) = left, right
    if op == "+":

        def plus_type(types: Mapping[str, str]) -> Type | None:
            a, b = lt(types), rt(types)
            if a is None or b is None:
                return a or b if (a or b) in ("number", "text") else None
            if a == b and a in ("number", "text"):
                return a
            raise _clash(
                col,
                f"`+` adds two numbers or joins two texts, not {TYPE_WORDS[a]} and {TYPE_WORDS[b]}",
            )

        return (lambda s: _plus(lf(s), rf(s))), plus_type
    fn = _ARITH[op]
    want_l = _want(lt, "number", col, f"`{op}`")
    want_r = _want(rt, "number", col, f"`{op}`")

    def number_type(types: Mapping[str, str]) -> Type | None:
        want_l(types)
        want_r(types)
        return "number"

    return (lambda s: bounded(fn(_number(lf(s)), _number(rf(s))))), number_type


def _eq(a: Value, b: Value) -> bool:
    # A flag is not a number and a number is not text: `true == 1` is false here.
    if isinstance(a, bool | str) or isinstance(b, bool | str):
        return type(a) is type(b) and a == b
    return a == b


def _ordered(op: str) -> Callable[[Value, Value], bool]:
    def check(a: Value, b: Value) -> bool:
        x, y = _number(a), _number(b)
        if op == "<":
            return x < y
        if op == "<=":
            return x <= y
        if op == ">":
            return x > y
        return x >= y

    return check


_COMPARE: dict[str, Callable[[Value, Value], bool]] = {
    "==": _eq,
    "!=": lambda a, b: not _eq(a, b),
    "<": _ordered("<"),
    "<=": _ordered("<="),
    ">": _ordered(">"),
    ">=": _ordered(">="),
}


def _compare(op: str, col: int, left: _Expr, right: _Expr) -> _Expr:
    (lf, lt), (rf, rt) = left, right
    check = _COMPARE[op]

    def typer(types: Mapping[str, str]) -> Type | None:
        a, b = lt(types), rt(types)
        if op in ("==", "!="):
            if a is not None and b is not None and a != b:
                raise _clash(
                    col,
                    f"`{op}` compares like with like, not {TYPE_WORDS[a]} with {TYPE_WORDS[b]}",
                )
            return "flag"
        for found in (a, b):
            if found is not None and found != "number":
                raise _clash(
                    col,
                    f"`{op}` compares numbers, not {TYPE_WORDS[found]}; "
                    "compare text and true/false with `==` or `!=`",
                )
        return "flag"

    return (lambda s: check(lf(s), rf(s))), typer


@dataclass(frozen=True, slots=True)
class Parsed:
    evaluate: Evaluator
    refs: References
    typer: Typer


def parse(source: str) -> tuple[Evaluator, References]:
    """Parse a condition; raises ConditionError with the 1-based column of the fault.

    Results are cached: stories repeat the same tests many times. Treat them as read-only.
    """
    if not isinstance(source, str):
        raise ConditionError("a condition must be text", 1)
    found = _parse(source)
    return found.evaluate, found.refs


def typecheck(source: str, types: Mapping[str, str], want: Type | None = "flag") -> Type | None:
    """The static type of a parsed expression; ConditionError (with column) on a mix.

    `types` maps variable names to "flag"/"number"/"text"; `want` is the type its place
    needs: "flag" for a condition, the variable's type for a `set` expression.
    """
    found = _parse(source).typer(types)
    if want is not None and found is not None and found != want:
        hint = ""
        if want == "flag" and found == "number":
            hint = "; compare it, as in `... > 0`"
        elif want == "flag" and found == "text":
            hint = '; compare it, as in `... == "word"`'
        raise ConditionError(
            f"this is {TYPE_WORDS[found]}, but {TYPE_WORDS[want]} is needed here{hint}", 1
        )
    return found


@lru_cache(maxsize=65536)
def _parse(source: str) -> Parsed:
    if not isinstance(source, str):
        raise ConditionError("a condition must be text", 1)
    if len(source) > MAX_LENGTH:
        raise ConditionError(
            f"condition is {len(source)} characters long, more than {MAX_LENGTH}; "
            "split the test into flags",
            MAX_LENGTH + 1,
        )
    if not source.strip():
        raise ConditionError("empty condition; write one or remove 'if'", 1)
    parser = _Parser(source)
    evaluator, typer = parser.parse()
    parser.refs.opaque = {
        name for name, count in parser.uses.items() if count > parser.simple_uses.get(name, 0)
    }
    return Parsed(evaluator, parser.refs, typer)


def compiled(source: str) -> Evaluator:
    """The evaluator for a condition the loader already checked (cached)."""
    return _parse(source).evaluate


def holds(source: str | None, state: StoryState) -> bool:
    """Whether a checked condition is true now.

    The loader refuses every type mix, so a clash can only come from state nobody checked
    (a hand-made state in a test); it counts as false rather than crashing the game.
    """
    if source is None:
        return True
    try:
        return compiled(source)(state) is True
    except (TypeError, KeyError, ArithmeticError):
        return False


def value_of(source: str, state: StoryState) -> Value:
    """The value of a checked expression (a `set` from an expression)."""
    return compiled(source)(state)
