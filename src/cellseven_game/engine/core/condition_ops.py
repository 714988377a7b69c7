"""What the condition language's operators do: each compiles to a closure, with its operands'
types checked when the condition is parsed (numbers bounded, text bounded).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from cellseven_game.engine.core.condition_types import (
    MAX_TEXT,
    NUMBER_LIMIT,
    TYPE_WORDS,
    ConditionError,
    Type,
    Typer,
    _Expr,
)
from cellseven_game.engine.core.model import Value


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
