"""Typed reading of located YAML nodes, collecting problems instead of stopping at the first."""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable, Iterator, Mapping

from cellseven_game.engine.compile.spec import Section
from cellseven_game.engine.compile.yamlnodes import MapNode, Node, ScalarNode, SeqNode
from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.condition_types import NUMBER_LIMIT
from cellseven_game.engine.core.errors import Diagnostic, Problem
from cellseven_game.engine.core.model import Value, Where

ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")


Located = Node | Where  # anything that knows a path, line and column: what problems point at


def where(node: Node) -> Where:
    return Where(node.path, node.line, node.col)


FULL_SEARCH = 200  # up to this many options, every one is compared (the best suggestion)
CANDIDATES = 64  # beyond it, at most this many likely ones are, so the work stays bounded


class _Index:
    """Options grouped by (length, first letter) and (length, last letter).

    A typo keeps one end of the word and its length within two; looking only there keeps
    5,000 unknown references against 10,000 scenes linear instead of 50 million comparisons.
    """

    def __init__(self, options: list[str]) -> None:
        self.by_end: dict[tuple[int, str, int], list[str]] = {}
        for option in options:
            if option:
                self.by_end.setdefault((len(option), option[0], 0), []).append(option)
                self.by_end.setdefault((len(option), option[-1], -1), []).append(option)

    def candidates(self, word: str) -> list[str]:
        found: dict[str, None] = {}
        for delta in (0, -1, 1, -2, 2):
            for end in (0, -1):
                for option in self.by_end.get((len(word) + delta, word[end], end), ()):
                    found[option] = None
                    if len(found) >= CANDIDATES:
                        return list(found)
        return list(found)


_last: tuple[object, int, _Index] | None = None  # the options last indexed (held, so ids stay)


def near_miss(word: str, options: Iterable[str]) -> str:
    """'; did you mean `x`?' when one option is close to `word`, else ''."""
    global _last
    listed = options if isinstance(options, list | tuple) else None
    size = len(options) if isinstance(options, list | tuple | dict | set | frozenset) else -1
    if 0 <= size <= FULL_SEARCH or not word:
        pool = list(options)
    elif _last is not None and _last[0] is options and _last[1] == size:
        pool = _last[2].candidates(word)
    else:
        index = _Index(list(listed if listed is not None else options))
        if size >= 0:
            _last = (options, size, index)
        pool = index.candidates(word)
    import difflib  # here, for start-up: only a typo needs it (13 ms of a cold validate)

    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _kind(node: Node) -> str:
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, SeqNode):
        return "a list"
    value = node.value if isinstance(node, ScalarNode) else None
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the flag {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, _dt.date):
        return f"the date {value}"
    return "text"


class Reader:
    """Reads values of a given shape; every mistake becomes a located Problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def say(
        self, at: Node | Where, diagnostic: Diagnostic, form: str = "", /, **fields: object
    ) -> None:
        """A problem of a registry entry: its code, severity and words (the template, or the
        named form's) come from the registry; the call site gives only the fields."""
        self.problems.append(diagnostic.at(at.path, at.line, at.col, form, **fields))

    def mapping(self, node: Node, what: str) -> MapNode | None:
        if isinstance(node, MapNode):
            return node
        self.say(
            node,
            diagnostics.WRONG_SHAPE,
            "mapping",
            what=what,
            found=_kind(node),
        )
        return None

    def items(self, node: Node, what: str) -> Iterator[tuple[ScalarNode, Node]]:
        mapping = self.mapping(node, what)
        if mapping is not None:
            yield from mapping.items.values()

    def sequence(self, node: Node, what: str) -> list[Node]:
        if isinstance(node, SeqNode):
            return node.items
        self.say(
            node,
            diagnostics.WRONG_SHAPE,
            "list",
            what=what,
            found=_kind(node),
        )
        return []

    def items_at(self, fields: Mapping[str, Node], key: str) -> Iterator[tuple[ScalarNode, Node]]:
        """The entries of the mapping under `key` of a section's fields; none when it is absent."""
        return self.items(fields[key], f"`{key}`") if key in fields else iter(())

    def sequence_at(self, fields: Mapping[str, Node], key: str) -> list[Node]:
        """The list under `key` of a section's fields; empty when it is absent."""
        return self.sequence(fields[key], f"`{key}`") if key in fields else []

    def text_at(self, fields: Mapping[str, Node], key: str) -> str | None:
        """The text under `key` of a section's fields; None when it is absent or not text."""
        node = fields.get(key)
        if node is None:
            return None
        if type(node) is ScalarNode and type(node.value) is str:
            return node.value  # the common case, without building the words of a problem
        return self.text(node, f"`{key}`")

    def fields(
        self, node: MapNode, what: str, allowed: Iterable[str], required: Iterable[str] = ()
    ) -> dict[str, Node]:
        """The mapping's values by key, after reporting unknown and missing keys."""
        allowed = allowed if isinstance(allowed, tuple | list) else list(allowed)
        found: dict[str, Node] = {}
        for key, (key_node, value) in node.items.items():
            if key not in allowed:
                self.say(
                    key_node,
                    diagnostics.UNKNOWN_KEY,
                    key=key,
                    what=what,
                    hint=near_miss(key, allowed) or f" (allowed: {', '.join(allowed)})",
                )
                continue
            found[key] = value
        for key in required:
            if key not in node.items and key not in node.refused:  # refused: reported already
                self.say(node, diagnostics.MISSING_KEY, what=what, key=key)
        return found

    def section(self, node: MapNode, what: str, part: Section) -> dict[str, Node]:
        """The mapping's values by key, checked against the keys the format declares."""
        items = node.items
        if items.keys() <= part.allowed and part.needed <= items.keys():
            return {key: pair[1] for key, pair in items.items()}  # nothing to report
        return self.fields(node, what, part.names, part.required)

    def text(self, node: Node, what: str) -> str | None:
        if isinstance(node, ScalarNode):
            value = node.value
            if isinstance(value, str):
                return value
            if isinstance(value, int) and not isinstance(value, bool):
                return node.text  # a whole number keeps exactly what was written
            if value is None:
                self.say(node, diagnostics.WRONG_SHAPE, "empty_text", what=what)
                return None
            self.say(node, diagnostics.YAML_11_VALUE, what=what, text=node.text, found=_kind(node))
            return None
        self.say(node, diagnostics.WRONG_SHAPE, what=what, found=_kind(node))
        return None

    def ident(self, node: Node, what: str) -> str | None:
        text = self.text(node, what)
        if text is None:
            return None
        if not ID.match(text):
            self.say(node, diagnostics.BAD_ID, what=what, text=text)
            return None
        return text

    def ident_list(self, node: Node, what: str) -> list[tuple[str, Node]]:
        """One id or a list of ids, each with its node."""
        nodes = node.items if isinstance(node, SeqNode) else [node]
        out: list[tuple[str, Node]] = []
        for item in nodes:
            ident = self.ident(item, what)
            if ident is not None:
                out.append((ident, item))
        return out

    def boolean(self, node: Node, what: str) -> bool | None:
        if isinstance(node, ScalarNode) and isinstance(node.value, bool):
            return node.value
        self.say(node, diagnostics.WRONG_SHAPE, "flag", what=what, found=_kind(node))
        return None

    def bounded(self, node: ScalarNode, value: int | float, what: str) -> bool:
        """Whether a story number is finite and within ±NUMBER_LIMIT; reports it if not.

        A larger one could grow with every `add` until saving the game or a test failed.
        """
        finite = isinstance(value, int) or math.isfinite(value)  # a huge int overflows isfinite
        if finite and -NUMBER_LIMIT <= value <= NUMBER_LIMIT:
            return True
        shown = (
            node.text
            if len(node.text) <= 24
            else f"{node.text[:20]}… ({len(node.text)} characters)"
        )
        self.say(node, diagnostics.NUMBER_OUT_OF_RANGE, what=what, shown=shown, limit=NUMBER_LIMIT)
        return False

    def value(self, node: Node, what: str) -> Value | None:
        """A variable's value: a number, true/false, or text."""
        if isinstance(node, ScalarNode):
            value = node.value
            if isinstance(value, int | float) and not isinstance(value, bool):
                return value if self.bounded(node, value, what) else None
            if isinstance(value, bool | str):
                return value
        self.say(
            node,
            diagnostics.WRONG_SHAPE,
            "value",
            what=what,
            found=_kind(node),
        )
        return None

    def number(self, node: Node, what: str) -> int | float | None:
        if (
            isinstance(node, ScalarNode)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            return node.value if self.bounded(node, node.value, what) else None
        self.say(node, diagnostics.WRONG_SHAPE, "number", what=what, found=_kind(node))
        return None
