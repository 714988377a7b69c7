"""Composing a file with PyYAML's C composer, its tags left for us to decide, and what a
file may not do while it is composed: nest deeper than the parser's stack allows, or
hold more values than a story needs (each refused at its place).
"""

from __future__ import annotations

import functools

import yaml

from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.errors import Problem

try:  # the C composer is several times faster; fall back to pure Python when absent
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


_PLAIN = "\0plain"  # a plain scalar whose type is decided later, by `_resolve`
_BY_FIRST = _Loader.yaml_implicit_resolvers


class _FastLoader(_Loader):
    """The safe loader with the tag resolution left to us: same tags, far fewer calls.

    The composer asks the resolver about every node, through a call from C into Python;
    PyYAML's resolver also walks path resolvers we never register. Here every plain scalar
    is only marked, and `_resolve` decides its tag when the converter reaches it: half the
    cost of composing a large pack was the resolver.
    """

    # Called around every node with nothing for us to do: C built-ins that accept these
    # arguments and do nothing useful cost a fraction of a Python function call.
    descend_resolver = slice  # type: ignore[assignment] # slice(current_node, current_index), thrown away
    ascend_resolver = tuple  # type: ignore[assignment] # tuple(), the empty tuple

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        if value is None:  # a collection (the composer passes no value for those)
            # `kind` is PyYAML's node class or ours (yamlnodes builds its own while composing)
            return "tag:yaml.org,2002:seq" if kind.id == "sequence" else "tag:yaml.org,2002:map"  # type: ignore[attr-defined]
        return _PLAIN if implicit[0] else "tag:yaml.org,2002:str"  # type: ignore[index]


_RESOLVED: dict[str, str] = {}  # plain scalars seen before (keys, true, 0...) and their tags
_REMEMBER = 4096  # distinct scalars remembered at most: keys and flags repeat, prose does not
_SHORT = 64  # ... and only short ones: a pack's unquoted paragraphs would fill it with prose


def _resolve(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar (what PyYAML's resolver would say)."""
    found = _RESOLVED.get(value)
    if found is not None:
        return found
    found = "tag:yaml.org,2002:str"
    for tag, regexp in _BY_FIRST.get(value[:1] or "", ()):
        if regexp.match(value):
            found = str(tag)
            break
    if len(value) <= _SHORT and len(_RESOLVED) < _REMEMBER:
        _RESOLVED[value] = found
    return found


MAX_DEPTH = 64


# Before libyaml 0.2.6 (bundled from PyYAML 6.0.4) the C composer recursed once per level with
# no limit of its own: some 25,000 levels overflow an 8 MiB stack and kill the process. With
# such a parser, a file that could nest deeper than this is composed with its depth followed
# (yamlnodes._compose), and stopped past it; then the parser's events (a loop, no recursion)
# say where. Newer parsers stop at 1,000 levels themselves.
COMPOSE_DEPTH = 1000


@functools.cache
def _nesting_refusal() -> str | None:
    """The parser's own words when it refuses deep nesting, or None when it has no limit.

    Probed once: the parser is asked to compose one level past COMPOSE_DEPTH. Its message is
    only recognised, never shown; the author sees CS004 and our words.
    """
    levels = COMPOSE_DEPTH + 1
    try:
        yaml.compose("[" * levels + "]" * levels, Loader=_FastLoader)
    except yaml.MarkedYAMLError as exc:
        return exc.problem or ""
    except RecursionError:  # pure Python: bounded by the interpreter, safely
        return ""
    return None


def _may_nest_deep(text: str) -> bool:
    """Whether `text` could nest past COMPOSE_DEPTH: a cheap bound. A flow collection opens
    with a bracket (a `[a: b]` pair adds a second level), and a nested block collection
    starts further right, at most two levels per column."""
    if len(text) < COMPOSE_DEPTH // 2:
        return False
    flow = 2 * text.count("[") + text.count("{")
    return flow + 2 * (max(map(len, text.split("\n"))) + 1) > COMPOSE_DEPTH


class TooDeep(Exception):
    """Raised by the guarded composer (see yamlnodes._compose) past COMPOSE_DEPTH levels."""


def _too_deep(text: str, shown: str, problems: list[Problem]) -> bool:
    """Whether `text` nests past COMPOSE_DEPTH (then a problem is recorded, located where
    the nesting first passed MAX_DEPTH), found with the parser's events."""
    depth = 0
    first: tuple[int, int] | None = None  # where the nesting first passed MAX_DEPTH
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            mark = event.start_mark
            if depth > MAX_DEPTH + 1 and first is None and mark is not None:
                first = (mark.line + 1, mark.column + 1)  # as the converter counts
            if depth > COMPOSE_DEPTH:
                line, col = first or (0, 0)
                problems.append(
                    diagnostics.WRONG_SHAPE.at(shown, line, col, "too_deep", limit=MAX_DEPTH)
                )
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


# A composed file costs some 600 bytes of memory per value (PyYAML's node and marks, then
# ours): three 7.9 MB files of tiny scenes were 1.8 million values, 31 s and 1.3 GiB. A file
# may hold at most MAX_VALUES values, counted as they are composed (yamlnodes._compose: 1% of
# the instructions of composing), the composer stopped at the one past the limit.
MAX_VALUES = 200_000
# Files that could pass the limit: a value takes a character at the least (a flow mapping of
# bare keys `{a,a}` holds a key and its null value in two; a search of every 1- to
# 3-character pattern found none denser). Those that may hold aliases are counted first
# with the parser's events, and the others again so when composing meets a syntax error.
COUNT_FROM = MAX_VALUES // 2


def _too_many_values(text: str, shown: str, problems: list[Problem]) -> bool:
    """Whether `text` holds more than MAX_VALUES values (then a problem is recorded), counted
    with the parser's events in constant memory: for files that may hold aliases, each a
    value with no node of its own."""
    count = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.NodeEvent):
            count += 1
            if count > MAX_VALUES:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
                problems.append(
                    diagnostics.UNREADABLE.at(shown, line, col, "too_many_values", limit=MAX_VALUES)
                )
                return True
    return False
