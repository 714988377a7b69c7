"""The condition language: our own tokenizer and parser; a parsed condition is compiled
to closures when it is first evaluated.

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

from collections.abc import Callable, Mapping
from functools import lru_cache

from cellseven_game.engine.core.condition_ops import compile_tree, tree_type
from cellseven_game.engine.core.condition_parser import _Parser, parse_flat
from cellseven_game.engine.core.condition_types import (
    MAX_LENGTH,
    TYPE_WORDS,
    ConditionError,
    Evaluator,
    References,
    StoryState,
    Tree,
    Type,
)
from cellseven_game.engine.core.model import Value


class Parsed:
    """A parsed condition: its tree and the names it reads. The closure that evaluates it is
    built on first use (`evaluate`), so a pack's conditions that are only checked cost no
    closures."""

    __slots__ = ("_evaluate", "refs", "tree")

    def __init__(self, tree: Tree, refs: References) -> None:
        self.tree = tree
        self.refs = refs
        self._evaluate: Evaluator | None = None

    @property
    def evaluate(self) -> Evaluator:
        if self._evaluate is None:
            self._evaluate = compile_tree(self.tree)
        return self._evaluate


def parse(source: str) -> tuple[Evaluator, References]:
    """Parse a condition; raises ConditionError with the 1-based column of the fault.

    Results are cached: stories repeat the same tests many times. Treat them as read-only.
    """
    if not isinstance(source, str):
        raise ConditionError("not_text", 1)
    found = _parse(source)
    return found.evaluate, found.refs


def references(source: str) -> References:
    """What a condition reads (ConditionError when it does not parse), without building the
    closure that evaluates it: what the loader needs of most conditions."""
    if not isinstance(source, str):
        raise ConditionError("not_text", 1)
    return _parse(source).refs


def typecheck(source: str, types: Mapping[str, str], want: Type | None = "flag") -> Type | None:
    """The static type of a parsed expression; ConditionError (with column) on a mix.

    `types` maps variable names to "flag"/"number"/"text"; `want` is the type its place
    needs: "flag" for a condition, the variable's type for a `set` expression.
    """
    found = tree_type(_parse(source).tree, types)
    if want is not None and found is not None and found != want:
        detail = "wrong_type"
        if want == "flag" and found == "number":
            detail = "wrong_type_number"
        elif want == "flag" and found == "text":
            detail = "wrong_type_text"
        raise ConditionError(detail, 1, found=TYPE_WORDS[found], want=TYPE_WORDS[want])
    return found


@lru_cache(maxsize=65536)
def _parse(source: str) -> Parsed:
    if not isinstance(source, str):
        raise ConditionError("not_text", 1)
    if len(source) > MAX_LENGTH:
        raise ConditionError("too_long", MAX_LENGTH + 1, length=len(source), limit=MAX_LENGTH)
    if not source.strip():
        raise ConditionError("empty", 1)
    flat = parse_flat(source)  # most conditions, read in one match a part
    if flat is not None:
        return Parsed(*flat)
    parser = _Parser(source)
    tree = parser.parse()
    return Parsed(tree, parser.references())


def compiled(source: str) -> Evaluator:
    """The evaluator for a condition the loader already checked (cached)."""
    return _parse(source).evaluate


@lru_cache(maxsize=65536)
def checker(source: str) -> Callable[[StoryState], bool]:
    """A checked condition as a test of a state, compiled once (the runtime keeps one per
    choice): whether it is true now.

    The loader refuses every type mix, so a clash can only come from state nobody checked
    (a hand-made state in a test); it counts as false rather than crashing the game.
    """
    found = _parse(source)
    tree = found.tree
    # A bare flag and its negation, the commonest guards (a hub's hundreds of ways each
    # behind one flag), read the flag directly: the same answers (a missing or non-flag
    # value is false either way) at a third of the cost, which a big hub pays every visit.
    if tree[0] == "var":
        name = tree[1]
        return lambda state: state.variables.get(name) is True
    if tree[0] == "not" and tree[2][0] == "var":
        negated = tree[2][1]
        return lambda state: state.variables.get(negated) is False
    evaluate = found.evaluate

    def check(state: StoryState) -> bool:
        try:
            return evaluate(state) is True
        except (TypeError, KeyError, ArithmeticError):
            return False

    return check


def holds(source: str | None, state: StoryState) -> bool:
    """Whether a checked condition is true now (no condition: true); see `checker`."""
    return source is None or checker(source)(state)


def and_parts(tree: Tree) -> list[Tree]:
    """The parts `and` joins in a condition tree (itself when it is no `and`)."""
    if tree[0] == "and":
        return [*and_parts(tree[2]), *and_parts(tree[3])]
    return [tree]


def condition_tree(source: str) -> Tree:
    """The parsed tree of a checked expression (cached; see condition_types.Tree)."""
    return _parse(source).tree


@lru_cache(maxsize=4096)
def self_step(name: str, source: str) -> int | float | None:
    """The constant `source` adds to `name` when it is `name + c`, `name - c` or `c + name`
    (a number `c`); else None. Such a `set` plays as an `add` of it: the same sum, held
    within the same limit (condition_ops.bounded)."""
    tree = condition_tree(source)
    if tree[0] != "arith" or tree[1] not in ("+", "-"):
        return None
    left, right = tree[-2], tree[-1]
    if right == ("var", name) and tree[1] == "+":
        left, right = right, left
    if left != ("var", name) or right[0] != "const" or right[-1] != "number":
        return None
    amount = right[1]
    if isinstance(amount, bool) or not isinstance(amount, int | float):
        return None
    return -amount if tree[1] == "-" else amount


def value_of(source: str, state: StoryState) -> Value:
    """The value of a checked expression (a `set` from an expression)."""
    return compiled(source)(state)
