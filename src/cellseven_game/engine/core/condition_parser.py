"""The condition language's tokenizer and parser (grammar in conditions.py; recursive
descent, its binary operators by precedence climbing), building the tree that condition_ops
types and compiles.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple, TypeVar

from cellseven_game.engine.core.condition_ops import _COMPARE, bounded
from cellseven_game.engine.core.condition_types import (
    MAX_DEPTH,
    ConditionError,
    References,
    Tree,
)

# A token and the spaces before it, in one match: the spaces, then the token in the group of
# its kind. Any other character but a space falls in the last group: the fault to report.
_TOKEN = re.compile(
    r"""(\s*)(?:
       (\d+(?:\.\d+)?)
      |("[^"\\]*"|'[^'\\]*')
      |(==|!=|<=|>=|<|>|\(|\)|\+|-|\*|/|%|\.)
      |([A-Za-z_][A-Za-z0-9_]*)
      |(\S))""",
    re.VERBOSE,
)
_T = TypeVar("_T")
_KEYWORDS = {"and", "or", "not", "true", "false", "has", "met", "knows", "visited", "visits"}
# How tightly each operator binds its operands (the grammar in conditions.py, loosest first).
_BINDS = {"or": 1, "and": 2, **dict.fromkeys(_COMPARE, 4), "+": 5, "-": 5, "*": 6, "/": 6, "%": 6}
_LOOSEST, _NOT, _COMPARE_BINDS = 1, 3, 4  # `not` sits between `and` and the comparisons


class _Token(NamedTuple):  # a tuple: made several times per condition, cheaply
    kind: str
    text: str
    col: int  # 1-based


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0  # 0-based, where the spaces before the next token start
    new = tuple.__new__  # what _Token(...) calls, without its call in Python
    # findall, not finditer: a tuple of strings a token, no match object (a third faster).
    for spaces, number, string, op, name, other in _TOKEN.findall(source):
        pos += len(spaces)
        if name:
            kind, text = "name", name
        elif op:
            kind, text = "op", op
        elif number:
            kind, text = "number", number
        elif string:
            kind, text = "string", string
        else:
            raise _unexpected(other, pos)
        tokens.append(new(_Token, (kind, text, pos + 1)))
        pos += len(text)
    tokens.append(_Token("end", "", len(source) + 1))
    return tokens


def _unexpected(char: str, pos: int) -> ConditionError:
    """The error for a character no token can start with, at 0-based `pos`."""
    detail = "unexpected_char"
    if char == "=":
        detail = "unexpected_equals"
    elif char in "&|!":
        detail = "unexpected_logic"
    elif char in "\"'":
        detail = "unexpected_quote"
    return ConditionError(detail, pos + 1, char=char)


_EMPTY: frozenset[Any] = frozenset()


def _frozen(found: set[_T]) -> frozenset[_T]:
    """`found` frozen; every empty kind shares one empty set (216 bytes each otherwise)."""
    return frozenset(found) if found else _EMPTY


def _references(
    columns: dict[str, int],
    evidence: set[str],
    characters: set[str],
    facts: set[tuple[str, str]],
    scenes: set[str],
    thresholds: dict[str, set[int | float]],
    uses: dict[str, int],
    simple_uses: dict[str, int],
) -> References:
    """What a condition names, from what its reading noted (the parser's or `parse_flat`'s):
    a variable used any way but `variable OP number` (`uses` more than `simple_uses`) is
    opaque."""
    opaque = {name for name, count in uses.items() if count > simple_uses.get(name, 0)}
    return References(
        columns,
        _frozen(evidence),
        _frozen(characters),
        _frozen(facts),
        _frozen(scenes),
        thresholds,
        opaque,
    )


# One part of a flat condition (see `parse_flat`), the spaces before it, and what follows
# it: `and`/`or` with a space after it, or the end. The parts: `not` (optional), then
# `visits SCENE OP NUMBER`, `has|met|visited NAME`, or `VARIABLE` with `OP NUMBER` or not.
# Names and numbers as _TOKEN reads them (a keyword read as a name is refused after).
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_OP = r"==|!=|<=|>=|<|>"
_NUMBER = r"\d+(?:\.\d+)?"
_FLAT_PART = re.compile(
    rf"""\s*(?:(not)\s+)?
    (?:(visits)\s+({_NAME})\s*({_OP})\s*({_NUMBER})
      |(has|met|visited)\s+({_NAME})
      |({_NAME})(?:\s*({_OP})\s*({_NUMBER}))?)
    (?:\s+(and|or)(?=\s)|\s*\Z)""",
    re.VERBOSE,
)
_MARKED = {"has": "evidence", "met": "characters", "visited": "scenes"}


def parse_flat(source: str) -> tuple[Tree, References] | None:
    """What `_Parser` makes of `source` (the same tree, the same references), when it is
    written as most conditions are: parts joined by `and` alone or `or` alone, each a
    variable, `not` and a variable, a variable or `visits SCENE` compared with a number, or
    `has`/`met`/`visited` and a name. None for anything else, which the parser reads (and
    reports). A pack's conditions can be a tenth of a cold load (bench_load.py's realistic
    10,000 scenes: 6,399 distinct, 65 ms of 900): the parser's tokens, climbs and calls
    cost 10 µs a condition, this one match a part (4-6 µs). Tests compare the two
    on the bundled story's and the fixtures' conditions and on generated ones
    (tests/engine/test_conditions_flat.py)."""
    tree: Tree | None = None
    joined = ""  # the word joining the parts: one only (`a or b and c` binds by precedence)
    pos = 0
    columns: dict[str, int] = {}
    uses: dict[str, int] = {}
    simple_uses: dict[str, int] = {}
    thresholds: dict[str, set[int | float]] = {}
    marked: dict[str, set[str]] = {"evidence": set(), "characters": set(), "scenes": set()}
    join_col = 0
    while True:
        m = _FLAT_PART.match(source, pos)
        if m is None:
            return None
        negated, visits, scene, op, number, word, named, variable, var_op, var_number, conj = (
            m.groups()
        )
        part: Tree
        if visits:
            if scene in _KEYWORDS:
                return None
            marked["scenes"].add(scene)
            value: int | float = float(number) if "." in number else int(number)
            constant = ("const", bounded(value), "number")
            part = ("cmp", op, m.start(4) + 1, ("visits", scene), constant)
        elif word:
            if named in _KEYWORDS:
                return None
            marked[_MARKED[word]].add(named)
            part = (word, named)
        else:
            if variable in _KEYWORDS:
                return None
            columns.setdefault(variable, m.start(8) + 1)
            uses[variable] = uses.get(variable, 0) + 1
            part = ("var", variable)
            if var_op:
                value = float(var_number) if "." in var_number else int(var_number)
                thresholds.setdefault(variable, set()).add(value)
                simple_uses[variable] = simple_uses.get(variable, 0) + 1
                constant = ("const", bounded(value), "number")
                part = ("cmp", var_op, m.start(9) + 1, part, constant)
        if negated:
            part = ("not", m.start(1) + 1, part)
        tree = part if tree is None else (joined, join_col, tree, part)
        if conj is None:  # the part ended at the end (`\Z`): all of it is read
            break
        if joined and conj != joined:
            return None
        joined, join_col, pos = conj, m.start(11) + 1, m.end()
    references = _references(
        columns,
        marked["evidence"],
        marked["characters"],
        set(),
        marked["scenes"],
        thresholds,
        uses,
        simple_uses,
    )
    return tree, references


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = _tokenize(source)
        self.pos = 0
        self.depth = 0
        # What the condition names, by kind (made into References once it is parsed).
        self.evidence: set[str] = set()
        self.characters: set[str] = set()
        self.facts: set[tuple[str, str]] = set()
        self.scenes: set[str] = set()
        self.thresholds: dict[str, set[int | float]] = {}
        self.columns: dict[str, int] = {}
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
        # A string or number token never equals an operator's or a keyword's text, so the
        # text alone decides (its kind cannot be "string": a string keeps its quotes).
        return self.tokens[self.pos].text == text

    def fail(self, detail: str, tok: _Token | None = None) -> ConditionError:
        tok = tok or self.tok
        found = "the end" if tok.kind == "end" else repr(tok.text)
        return ConditionError(detail, tok.col, found=found)

    def name(self, detail: str) -> str:
        tok = self.tok
        if tok.kind != "name" or tok.text in _KEYWORDS:
            raise self.fail(detail)
        self.pos += 1
        return tok.text

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("too_deep")

    def parse(self) -> Tree:
        fn = self.expr()
        if self.tok.kind != "end":
            raise self.fail("expected_end")
        return fn

    def references(self) -> References:
        """What the parsed condition names (call after `parse`)."""
        return _references(
            self.columns,
            self.evidence,
            self.characters,
            self.facts,
            self.scenes,
            self.thresholds,
            self.uses,
            self.simple_uses,
        )

    def expr(self) -> Tree:
        self.deeper()
        left = self.climb(_LOOSEST)
        self.depth -= 1
        return left

    def climb(self, least: int) -> Tree:
        """An operand and the operators after it binding at least `least` (precedence
        climbing: one call a level of the tree, not one a level of the grammar).

        `not` is read where a whole condition may start (`least` at most _NOT), its operand
        a comparison or another `not`. A comparison takes two sums and is not chained: a
        second comparison, or one after `and`/`or`/`not` has been read here, ends this
        climb, and whoever called it says what is wrong there.
        """
        tokens = self.tokens
        start = self.pos
        tok = tokens[start]
        sums = True  # what has been read so far is a sum (so a comparison may follow)
        if tok.text == "not" and least <= _NOT:  # only a name has this text
            self.pos += 1
            self.deeper()
            inner = self.climb(_NOT)
            self.depth -= 1
            left: Tree = ("not", tok.col, inner)
            sums = False
        elif tok.kind == "name" and tok.text not in _KEYWORDS:
            self.pos += 1  # a variable, the commonest operand: read here, not three calls down
            left = self.variable(tok)
        elif tok.kind == "number":
            self.pos += 1
            left = self.number(tok)
        else:
            left = self.unary()
        while True:
            op = tokens[self.pos]
            binds = _BINDS.get(op.text)  # no string or number has an operator's text
            if binds is None or binds < least:
                return left
            if binds == _COMPARE_BINDS:
                if not sums:
                    return left
                self.pos += 1
                right = self.climb(binds + 1)
                self._note_threshold(tokens[start : self.pos], op)
                left = ("cmp", op.text, op.col, left, right)
                sums = False
            else:
                self.pos += 1
                right = self.climb(binds + 1)
                if binds > _COMPARE_BINDS:
                    left = ("arith", op.text, op.col, left, right)
                else:
                    left = (op.text, op.col, left, right)
                    sums = False

    def _note_threshold(self, span: list[_Token], op: _Token) -> None:
        """Record `variable OP number` (either way round) for explore's state merging."""
        if len(span) != 3:
            return
        a, _, b = span
        if a.kind == "number" and b.kind == "name":
            a, b = b, a
        if a.kind == "name" and a.text not in _KEYWORDS and b.kind == "number":
            value: int | float = float(b.text) if "." in b.text else int(b.text)
            self.thresholds.setdefault(a.text, set()).add(value)
            self.simple_uses[a.text] = self.simple_uses.get(a.text, 0) + 1

    def unary(self) -> Tree:
        if self.at("-"):
            op = self.take()
            self.deeper()
            inner = self.unary()
            self.depth -= 1
            return ("neg", op.col, inner)
        return self.atom()

    def atom(self) -> Tree:
        tok = self.tokens[self.pos]
        if tok.kind == "number":
            self.take()
            return self.number(tok)
        if tok.kind == "string":
            self.take()
            return ("const", tok.text[1:-1], "text")
        if tok.kind == "op" and tok.text == "(":
            self.take()
            inner = self.expr()
            if not self.at(")"):
                raise self.fail("expected_close")
            self.take()
            return inner
        if tok.kind == "name":
            return self.word(tok)
        raise self.fail("expected_operand")

    def word(self, tok: _Token) -> Tree:
        word = tok.text
        if word in ("true", "false"):
            self.take()
            return ("const", word == "true", "flag")
        if word == "has":
            self.take()
            evidence = self.name("expected_evidence")
            self.evidence.add(evidence)
            return ("has", evidence)
        if word == "met":
            self.take()
            character = self.name("expected_met")
            self.characters.add(character)
            return ("met", character)
        if word == "knows":
            self.take()
            character = self.name("expected_knows")
            if not self.at("."):
                raise self.fail("expected_dot")
            self.take()
            fact = self.name("expected_fact")
            self.facts.add((character, fact))
            return ("knows", f"{character}.{fact}")
        if word == "visited":
            self.take()
            scene = self.name("expected_visited")
            self.scenes.add(scene)
            return ("visited", scene)
        if word == "visits":
            self.take()
            scene = self.name("expected_visits")
            self.scenes.add(scene)
            return ("visits", scene)
        if word in _KEYWORDS:
            raise self.fail("expected_value")
        self.take()
        return self.variable(tok)

    def variable(self, tok: _Token) -> Tree:
        """A story variable read (its token already taken)."""
        word = tok.text
        self.columns.setdefault(word, tok.col)
        self.uses[word] = self.uses.get(word, 0) + 1
        return ("var", word)

    @staticmethod
    def number(tok: _Token) -> Tree:
        """A number (its token already taken)."""
        text = tok.text
        number: int | float = float(text) if "." in text else int(text)
        return ("const", bounded(number), "number")
