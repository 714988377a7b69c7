"""The condition language's tokenizer and recursive-descent parser (grammar in
conditions.py), compiling as it parses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from cellseven_game.engine.core.condition_ops import (
    _COMPARE,
    _arith,
    _compare,
    _const,
    _flag,
    _logic,
    _number,
    _want,
    bounded,
)
from cellseven_game.engine.core.condition_types import (
    MAX_DEPTH,
    TYPE_WORDS,
    ConditionError,
    References,
    Type,
    _Expr,
)

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      |(?P<number>\d+(?:\.\d+)?)
      |(?P<string>"[^"\\]*"|'[^'\\]*')
      |(?P<op>==|!=|<=|>=|<|>|\(|\)|\+|-|\*|/|%|\.)
      |(?P<name>[A-Za-z_][A-Za-z0-9_]*)""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "true", "false", "has", "met", "knows", "visited", "visits"}


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
