"""What the condition language's operators do. A parsed condition is a small tree of tuples
(see condition_types.Tree); `tree_type` checks its operands' types and `compile_tree` turns it
into a closure, only when the condition is first evaluated: `validate` reads thousands of
conditions it never runs, and a tree costs a fraction of the closures' memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from cellseven_game.engine.core.condition_types import (
    MAX_TEXT,
    NUMBER_LIMIT,
    TYPE_WORDS,
    ConditionError,
    Evaluator,
    Tree,
    Type,
)
from cellseven_game.engine.core.model import Value


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


def _clash(col: int, detail: str, **fields: object) -> ConditionError:
    return ConditionError(detail, col, **fields)


def _want(found: Type | None, kind: Type, col: int, op: str) -> None:
    """An operand of `op` must be `kind` (unknown passes: CS102 reports the undeclared
    variable)."""
    if found is not None and found != kind:
        raise _clash(col, "needs", op=op, kind=TYPE_WORDS[kind], found=TYPE_WORDS[found])


_READS_FLAG = frozenset({"has", "met", "knows", "visited"})


def tree_type(tree: Tree, types: Mapping[str, str]) -> Type | None:
    """The static type of a parsed expression given the declared variable types; None when
    it reads a variable nobody declared. ConditionError (with the operator's column) on a mix;
    the left operand is checked before the right, so the first fault is reported."""
    kind = tree[0]
    if kind == "var":
        found = types.get(tree[1])
        return found if found in TYPE_WORDS else None  # type: ignore[return-value]
    if kind == "const":
        return tree[2]  # type: ignore[no-any-return]
    if kind in _READS_FLAG:
        return "flag"
    if kind == "visits":
        return "number"
    if kind == "not":
        _want(tree_type(tree[2], types), "flag", tree[1], "not")
        return "flag"
    if kind == "neg":
        _want(tree_type(tree[2], types), "number", tree[1], "-")
        return "number"
    if kind in ("and", "or"):
        col = tree[1]
        _want(tree_type(tree[2], types), "flag", col, kind)
        _want(tree_type(tree[3], types), "flag", col, kind)
        return "flag"
    _, op, col, left, right = tree
    if kind == "arith":
        if op != "+":
            _want(tree_type(left, types), "number", col, op)
            _want(tree_type(right, types), "number", col, op)
            return "number"
        a, b = tree_type(left, types), tree_type(right, types)
        if a is None or b is None:
            return a or b if (a or b) in ("number", "text") else None
        if a == b and a in ("number", "text"):
            return a
        raise _clash(col, "plus", left=TYPE_WORDS[a], right=TYPE_WORDS[b])
    a, b = tree_type(left, types), tree_type(right, types)  # a comparison
    if op in ("==", "!="):
        if a is not None and b is not None and a != b:
            raise _clash(col, "like_with_like", op=op, left=TYPE_WORDS[a], right=TYPE_WORDS[b])
        return "flag"
    for found in (a, b):
        if found is not None and found != "number":
            raise _clash(col, "numbers", op=op, found=TYPE_WORDS[found])
    return "flag"


def compile_tree(tree: Tree) -> Evaluator:
    """The closure that evaluates a parsed expression against a story state."""
    kind = tree[0]
    if kind == "const":
        value = tree[1]
        return lambda s: value
    if kind == "var":
        name = tree[1]
        return lambda s: s.variables[name]
    if kind == "has":
        evidence = tree[1]
        return lambda s: evidence in s.evidence
    if kind == "met":
        character = tree[1]
        return lambda s: character in s.met
    if kind == "knows":
        key = tree[1]
        return lambda s: key in s.facts
    if kind == "visited":
        scene = tree[1]
        return lambda s: s.visits.get(scene, 0) > 0
    if kind == "visits":
        counted = tree[1]
        return lambda s: s.visits.get(counted, 0)
    if kind == "not":
        inner = compile_tree(tree[2])
        return lambda s: not _flag(inner(s))
    if kind == "neg":
        negated = compile_tree(tree[2])
        return lambda s: bounded(-_number(negated(s)))
    lf = compile_tree(tree[-2])
    rf = compile_tree(tree[-1])
    if kind == "or":
        return lambda s: _flag(lf(s)) or _flag(rf(s))
    if kind == "and":
        return lambda s: _flag(lf(s)) and _flag(rf(s))
    op = tree[1]
    if kind == "arith":
        if op == "+":
            return lambda s: _plus(lf(s), rf(s))
        fn = _ARITH[op]
        return lambda s: bounded(fn(_number(lf(s)), _number(rf(s))))
    check = _COMPARE[op]
    return lambda s: check(lf(s), rf(s))
