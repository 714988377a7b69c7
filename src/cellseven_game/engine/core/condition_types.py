"""The condition language's vocabulary: its types, its one error, what a condition may read
(StoryState) and what it names (References), and a parsed condition.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from typing import Literal, Protocol

from cellseven_game.engine.core.errors import CellsevenError
from cellseven_game.engine.core.model import Value

MAX_LENGTH = 500
MAX_DEPTH = 40
# Every number a story computes stays within this (no unbounded integers, no inf/nan):
# results beyond it are held at it. Text a story builds is cut at MAX_TEXT characters.
NUMBER_LIMIT = 10**15
MAX_TEXT = 1000

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


_Expr = tuple[Evaluator, Typer]


@dataclass(frozen=True, slots=True)
class Parsed:
    evaluate: Evaluator
    refs: References
    typer: Typer
