"""The condition language's vocabulary: its types, its one error, what a condition may read
(StoryState) and what it names (References), and a parsed condition.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Set
from itertools import chain
from types import MappingProxyType
from typing import Any, Literal, Protocol

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
    """A condition that does not parse or mixes types: `detail` names its wording in the
    registry (diagnostics_details), `column` is 1-based in the source."""

    title = "Condition error"

    def __init__(self, detail: str, column: int, **fields: object) -> None:
        # imports inside functions: start-up — the registry is read only when one is wrong.
        from cellseven_game.engine.core.diagnostics_details import DETAILS

        super().__init__(DETAILS[detail].template.format(**fields))
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
# A parsed expression: a tree of tuples, the kind first (condition_ops reads them):
#   ("const", value, type) ("var", name) ("has"|"met"|"knows"|"visited"|"visits", name)
#   ("not"|"neg", column, operand) ("and"|"or", column, left, right)
#   ("arith"|"cmp", operator, column, left, right)
Tree = tuple[Any, ...]


NOTHING: Mapping[str, Any] = MappingProxyType({})  # the one empty mapping References share


class References:
    """Every name a condition mentions, by kind, for the loader's checks. Read-only.

    A pack's parsed conditions are kept for its whole check, thousands of them, most naming
    only a variable or two: each kind is held in its smallest form (empty kinds share one
    empty value; the variables and their columns, the thresholds and the opaque names as
    flat tuples, ~260 bytes a condition instead of ~900) and given out in its usual one.
    """

    __slots__ = ("_columns", "_opaque", "_thresholds", "characters", "evidence", "facts", "scenes")

    def __init__(
        self,
        columns: Mapping[str, int],
        evidence: frozenset[str],
        characters: frozenset[str],
        facts: frozenset[tuple[str, str]],
        scenes: frozenset[str],
        thresholds: Mapping[str, Collection[int | float]],
        opaque: Collection[str],
    ) -> None:
        # Flattened with chain (no generator a pair): the loader builds thousands of these.
        self._columns: tuple[Any, ...] = tuple(chain.from_iterable(columns.items()))
        self.evidence = evidence
        self.characters = characters
        self.facts = facts
        self.scenes = scenes
        self._thresholds: tuple[Any, ...] = (
            tuple(
                chain.from_iterable(
                    (name, n) for name, numbers in thresholds.items() for n in numbers
                )
            )
            if thresholds
            else ()
        )
        self._opaque: tuple[str, ...] = tuple(opaque)

    @property
    def variables(self) -> frozenset[str]:
        """The variables it reads."""
        return frozenset(self._columns[::2])

    @property
    def columns(self) -> Mapping[str, int]:
        """The 1-based column of each variable's first mention, so a diagnostic points at it."""
        found = self._columns
        return dict(zip(found[::2], found[1::2], strict=True)) if found else NOTHING

    @property
    def thresholds(self) -> Mapping[str, frozenset[int | float]]:
        """For explore: the numbers each variable is compared with (`bond >= 3`)."""
        found: dict[str, set[int | float]] = {}
        pairs = self._thresholds
        for name, number in zip(pairs[::2], pairs[1::2], strict=True):
            found.setdefault(name, set()).add(number)
        return {name: frozenset(numbers) for name, numbers in found.items()} if found else NOTHING

    @property
    def opaque(self) -> frozenset[str]:
        """The variables also used any other way (arithmetic, truth value), whose exact
        value always matters."""
        return frozenset(self._opaque)
