"""The condition language: our own tokenizer and parser, compiled to closures.

Grammar (lowest precedence first):
    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
    sum     := unary (("+" | "-") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | STRING | "true" | "false" | NAME | "(" expr ")"
             | "has" NAME | "met" NAME | "knows" NAME "." NAME
             | "visited" NAME | "visits" NAME
Nothing is ever passed to `eval`; names only ever look up story state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from cellseven_game.engine.errors import CellsevenError
from cellseven_game.engine.model import Value

MAX_LENGTH = 500
MAX_DEPTH = 40

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      |(?P<number>\d+(?:\.\d+)?)
      |(?P<string>"[^"\\]*"|'[^'\\]*')
      |(?P<op>==|!=|<=|>=|<|>|\(|\)|\+|-|\.)
      |(?P<name>[A-Za-z_][A-Za-z0-9_]*)""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "true", "false", "has", "met", "knows", "visited", "visits"}


class ConditionError(CellsevenError):
    """A condition that does not parse; `column` is 1-based within the expression."""

    title = "Condition error"

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


class StoryState(Protocol):
    """What a condition may read."""

    variables: Mapping[str, Value]
    evidence: Set[str] | Mapping[str, object]
    met: Set[str] | Mapping[str, object]
    facts: Set[str] | Mapping[str, object]
    visits: Mapping[str, int]


Evaluator = Callable[[StoryState], Value]


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

    def parse(self) -> Evaluator:
        fn = self.expr()
        if self.tok.kind != "end":
            raise self.fail("expected 'and', 'or' or the end of the condition")
        return fn

    def expr(self) -> Evaluator:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("condition nested too deeply")
        left = self.and_()
        while self.at("or"):
            self.take()
            right = self.and_()
            left = _or(left, right)
        self.depth -= 1
        return left

    def and_(self) -> Evaluator:
        left = self.not_()
        while self.at("and"):
            self.take()
            right = self.not_()
            left = _and(left, right)
        return left

    def not_(self) -> Evaluator:
        if self.at("not"):
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.fail("condition nested too deeply")
            inner = self.not_()
            self.depth -= 1
            return lambda s: not inner(s)
        return self.compare()

    def compare(self) -> Evaluator:
        start = self.pos
        left = self.sum()
        tok = self.tok
        if tok.kind == "op" and tok.text in _COMPARE:
            middle = self.take()
            right = self.sum()
            self._note_threshold(self.tokens[start : self.pos], middle)
            return _compare(tok.text, left, right)
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

    def sum(self) -> Evaluator:
        left = self.unary()
        while self.tok.kind == "op" and self.tok.text in ("+", "-"):
            op = self.take().text
            right = self.unary()
            left = _arith(op, left, right)
        return left

    def unary(self) -> Evaluator:
        if self.at("-"):
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.fail("condition nested too deeply")
            inner = self.unary()
            self.depth -= 1
            return lambda s: -_number(inner(s))
        return self.atom()

    def atom(self) -> Evaluator:
        tok = self.tok
        if tok.kind == "number":
            self.take()
            number: int | float = float(tok.text) if "." in tok.text else int(tok.text)
            return lambda s: number
        if tok.kind == "string":
            self.take()
            text = tok.text[1:-1]
            return lambda s: text
        if tok.kind == "op" and tok.text == "(":
            self.take()
            inner = self.expr()
            if not self.at(")"):
                raise self.fail("expected ')'")
            self.take()
            return inner
        if tok.kind == "name":
            word = tok.text
            if word in ("true", "false"):
                self.take()
                flag = word == "true"
                return lambda s: flag
            if word == "has":
                self.take()
                evidence = self.name("an evidence id after 'has'")
                self.refs.evidence.add(evidence)
                return lambda s: evidence in s.evidence
            if word == "met":
                self.take()
                character = self.name("a character id after 'met'")
                self.refs.characters.add(character)
                return lambda s: character in s.met
            if word == "knows":
                self.take()
                character = self.name("a character id after 'knows'")
                if not self.at("."):
                    raise self.fail("expected '.' and a fact id, as in 'knows warden.lost_son'")
                self.take()
                fact = self.name("a fact id after '.'")
                self.refs.facts.add((character, fact))
                key = f"{character}.{fact}"
                return lambda s: key in s.facts
            if word == "visited":
                self.take()
                scene = self.name("a scene id after 'visited'")
                self.refs.scenes.add(scene)
                return lambda s: s.visits.get(scene, 0) > 0
            if word == "visits":
                self.take()
                scene = self.name("a scene id after 'visits'")
                self.refs.scenes.add(scene)
                return lambda s: s.visits.get(scene, 0)
            if word in _KEYWORDS:
                raise self.fail("expected a value")
            self.take()
            self.refs.variables.add(word)
            self.uses[word] = self.uses.get(word, 0) + 1
            return lambda s: s.variables[word]
        raise self.fail("expected a value, a variable or 'has'/'met'/'knows'/'visited'/'visits'")


def _number(value: Value) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{value!r} is not a number")
    return value


def _or(left: Evaluator, right: Evaluator) -> Evaluator:
    return lambda s: bool(left(s)) or bool(right(s))


def _and(left: Evaluator, right: Evaluator) -> Evaluator:
    return lambda s: bool(left(s)) and bool(right(s))


def _arith(op: str, left: Evaluator, right: Evaluator) -> Evaluator:
    if op == "+":
        return lambda s: _number(left(s)) + _number(right(s))
    return lambda s: _number(left(s)) - _number(right(s))


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


def _compare(op: str, left: Evaluator, right: Evaluator) -> Evaluator:
    check = _COMPARE[op]
    return lambda s: check(left(s), right(s))


def parse(source: str) -> tuple[Evaluator, References]:
    """Parse a condition; raises ConditionError with the 1-based column of the fault.

    Results are cached: stories repeat the same tests many times. Treat them as read-only.
    """
    if not isinstance(source, str):
        raise ConditionError("a condition must be text", 1)
    return _parse(source)


@lru_cache(maxsize=65536)
def _parse(source: str) -> tuple[Evaluator, References]:
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
    evaluator = parser.parse()
    parser.refs.opaque = {
        name for name, count in parser.uses.items() if count > parser.simple_uses.get(name, 0)
    }
    return evaluator, parser.refs


def compiled(source: str) -> Evaluator:
    """The evaluator for a condition the loader already checked (cached)."""
    return _parse(source)[0]


def holds(source: str | None, state: StoryState) -> bool:
    """Whether a checked condition is true now; a type clash at run time counts as false."""
    if source is None:
        return True
    try:
        return bool(compiled(source)(state))
    except (TypeError, KeyError, ArithmeticError):  # ArithmeticError: a huge number in a save
        return False
