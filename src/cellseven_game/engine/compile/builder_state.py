"""What the story builder holds while it reads a pack, and the helpers its parts share.

The builder (`loader._Builder`) is composed of readers and checks kept in their own modules
(section_read, scene_read, expression_read, type_checks, reference_checks); this base declares
the state they share and the methods one part calls in another, so each part type-checks alone.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Collection
from pathlib import Path

from cellseven_game.engine.compile.reader import ID, Located, Reader, where
from cellseven_game.engine.compile.yamlnodes import (
    MapNode,
    Node,
    ScalarNode,
    parse,
    read_text,
)
from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.condition_types import Type
from cellseven_game.engine.core.errors import Problem
from cellseven_game.engine.core.model import (
    AddVar,
    Chapter,
    Character,
    Effect,
    Evidence,
    Line,
    Scene,
    SetVar,
    Value,
    Where,
)

Source = Callable[[Path, str, list[Problem]], Node | None]
"""Reads one file of the pack into nodes, noting its problems under its shown path."""


def read_nodes(path: Path, shown: str, problems: list[Problem]) -> Node | None:
    """The default source: the file as it is on disk."""
    text = read_text(path, shown, problems)
    return parse(text, shown, problems) if text is not None else None


Typed = tuple[str, Node, str, Collection[str], int]  # see Refs.typed


class Refs:
    """References gathered while reading, checked once everything is known."""

    def __init__(self) -> None:
        self.scenes: list[tuple[str, Located, str]] = []  # id, where, what
        self.chapters: list[tuple[str, Located, str]] = []
        # Each chapter's `start` (id, where, chapter, its scenes): CS112 when that scene is
        # another chapter's; an id no chapter has is CS101's alone (one mistake, one problem).
        self.starts: list[tuple[str, Node, str, list[str]]] = []
        self.characters: list[tuple[str, Located, str]] = []
        self.evidence: list[tuple[str, Located, str]] = []
        self.facts: list[tuple[str, str, Located]] = []
        self.variables_read: list[tuple[str, Located]] = []
        self.variables_set: list[tuple[str, Located, Value | None]] = []
        self.variables_added: list[tuple[str, Located]] = []
        self.trials: list[tuple[str, Located]] = []
        self.beats: list[tuple[str, Located]] = []
        # Expressions to type-check once every variable is declared: (source, node, the type
        # its place needs or "=NAME" for the type of variable NAME, names its reader
        # supplies). `base`: where the source starts in the node's text (an expression
        # inside a text).
        self.typed: list[Typed] = []
        self.names: list[tuple[str, Located]] = []  # `{ID.name}` in texts
        # `set: {name: "text"}` read before `name` was declared: an expression if it is a
        # number or a flag (see `expression_sets`).
        self.undecided: list[tuple[SetVar, Node]] = []
        # `set: {name: "=name - 1"}` read before `name` was declared: an `add` if it is a
        # number (see `expression_sets`).
        self.steps_undecided: list[SetVar] = []
        # Where each variable is first read and first set, for CS203/CS204 at the use.
        self.first_read: dict[str, Located] = {}
        self.first_set: dict[str, Located] = {}


Noted = tuple[
    tuple[tuple[str, int], ...],  # the variables read, each with its column (1 or more)
    tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]], frozenset[str]] | None,
    bool,  # the source has more than one line
]
"""What a condition names: its variables; its evidence, characters, facts and scenes (None
when it names none of them, as most do); whether it is written on more than one line."""


class BuilderState:
    """The builder's state, its id bookkeeping, and the methods its parts call across modules."""

    def __init__(self, root: Path, source: Source = read_nodes) -> None:
        self.root = root
        self.source = source
        self.r = Reader()
        self.refs = Refs()
        # How many of refs' scenes, characters, evidence, variables read, set and added
        # `settle` has looked at already.
        self.settled: tuple[int, ...] = (0, 0, 0, 0, 0, 0)
        self.typed_settled = 0  # ... and of refs' typed, `settle_types`
        self.scenes_rechecked = 0  # scene references still waiting at `settle`'s last look
        self.types_now: dict[str, Type] = {}  # the declared types so far (type_checks.py)
        self.types_known: dict[str, Type | None] = {}  # each source's type, once checked
        self.types_found: list[Problem] = []  # what `settle_types` found, said at the end
        self.story_node: tuple[str, MapNode] | None = None
        self.variables: dict[str, tuple[Value, Where]] = {}
        self.chapters: dict[str, Chapter] = {}
        self.scenes: dict[str, Scene] = {}
        self.characters: dict[str, Character] = {}
        self.evidence: dict[str, Evidence] = {}
        self.trial_nodes: list[tuple[str, ScalarNode, Node]] = []
        self.playthrough_nodes: list[Node] = []  # story tests: checked, not part of the story
        self.first_seen: dict[tuple[str, str], Where] = {}
        # Each condition source read so far, and what it names (see parsed_condition): the
        # same conditions guard many choices, and what a source names never changes.
        self.conditions_noted: dict[str, Noted] = {}
        # Effects setting a flag or adding a whole number, each made once (see flag_set).
        self.flags_set: dict[tuple[str, bool], SetVar] = {}
        self.amounts_added: dict[tuple[str, int], AddVar] = {}

    def unique(self, kind: str, key: ScalarNode) -> str | None:
        """The id if it is valid and new for its kind; reports duplicates with both places."""
        ident = key.value
        if type(ident) is not str or not ID.match(ident):  # else the common case: no words
            ident = self.r.ident(key, f"{kind} id")
            if ident is None:
                return None
        earlier = self.first_seen.get((kind, ident))
        if earlier is not None:
            self.r.say(
                key,
                diagnostics.DEFINED_TWICE,
                kind=kind,
                ident=ident,
                path=earlier.path,
                line=earlier.line,
            )
            return None
        self.first_seen[(kind, ident)] = Where(key.path, key.line, key.col)
        return ident

    def named(
        self, f: dict[str, Node], key: str, refs: list[tuple[str, Located, str]], what: str = ""
    ) -> str | None:
        """The id under `key`, noted in `refs` to be checked once every file is read."""
        node = f.get(key)
        if node is None:
            return None
        ident = node.value if type(node) is ScalarNode else None
        if type(ident) is not str or not ID.match(ident):  # else the common case: no words
            ident = self.r.ident(node, f"`{key}`")
        if ident is not None:
            refs.append((ident, node, what or f"`{key}`"))
        return ident

    # -- defined by the builder's parts, declared here for the others ---------------------

    @abstractmethod
    def fact_ref(self, node: Node) -> tuple[str, str] | None: ...  # section_read

    @abstractmethod
    def scene(self, chapter: str, key: ScalarNode, node: Node) -> str | None: ...  # scene_read

    @abstractmethod
    def lines(self, f: dict[str, Node], key: str = "lines") -> tuple[Line, ...]: ...  # scene_read

    @abstractmethod
    def condition(self, node: Node) -> str | None: ...  # expression_read

    @abstractmethod
    def effects(self, node: Node) -> tuple[Effect, ...]: ...  # expression_read

    @abstractmethod
    def text_of(self, f: dict[str, Node], key: str) -> str | None: ...  # expression_read

    @abstractmethod
    def template(self, node: Node, text: str) -> None: ...  # expression_read

    @abstractmethod
    def check_type(self, name: str, at: Located, value: Value, declared: Value) -> None: ...

    @abstractmethod
    def check_number(self, name: str, at: Located, declared: Value) -> None: ...


def is_text(node: Node) -> bool:
    return isinstance(node, ScalarNode) and isinstance(node.value, str)


def keep_first(first: dict[str, Located], name: str, at: Located) -> None:
    """The earliest use of `name`: the first file read, and in it the first line and column
    (a scene's choices are read before its text, so reading order alone would not do)."""
    seen = first.get(name)
    if seen is None or (seen.path == at.path and (at.line, at.col) < (seen.line, seen.col)):
        first[name] = at


def inside(node: Node, source: str, column: int) -> Where:
    """Where column `column` of `source`, written as `node`'s text, sits in the file.

    Plain and quoted scalars on one line map exactly; a block scalar points at its start.
    """
    if not isinstance(node, ScalarNode) or "\n" in source:
        return where(node)
    quote = 0 if node.plain else 1
    return Where(node.path, node.line, node.col + quote + max(column, 1) - 1)


def type_name(value: Value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "text"
