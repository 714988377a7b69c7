"""Read one YAML file into located nodes, refusing what PyYAML would silently accept.

PyYAML's `load` forgets positions, keeps the last of two duplicate keys, expands aliases
and can construct objects from tags. We only `compose` (C parser when present) and walk
the node graph ourselves, so every value keeps its file, line and column, duplicate keys
and aliases are errors, and no tag ever constructs anything.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cellseven_game.engine.compile.packfiles import MAX_FILE_BYTES
from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.errors import Diagnostic, Problem

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
            return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"
        return _PLAIN if implicit[0] else "tag:yaml.org,2002:str"  # type: ignore[index]


def _resolve(value: str) -> str:
    """The tag YAML 1.1 gives a plain scalar (what PyYAML's resolver would say)."""
    for tag, regexp in _BY_FIRST.get(value[:1] or "", ()):
        if regexp.match(value):
            return str(tag)
    return "tag:yaml.org,2002:str"


MAX_DEPTH = 64
_STD = "tag:yaml.org,2002:"
_STR = f"{_STD}str"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()

Scalar = str | int | float | bool | None | _dt.date


@dataclass(slots=True)
class Node:
    path: str
    line: int
    col: int


@dataclass(slots=True)
class ScalarNode(Node):
    value: Scalar
    text: str  # the characters as written
    plain: bool  # unquoted, so YAML 1.1 may have turned it into a bool, number or date


@dataclass(slots=True)
class MapNode(Node):
    items: dict[str, tuple[ScalarNode, Node]] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)  # keys whose value was an error already


@dataclass(slots=True)
class SeqNode(Node):
    items: list[Node] = field(default_factory=list)


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """The file's text, or None with a problem recorded (size, binary, encoding, access)."""

    def fail(message: str, line: int = 0, col: int = 0) -> None:
        problems.append(diagnostics.UNREADABLE.at(shown, line, col, message))

    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            fail(
                f"file is {size / 1048576:.1f} MiB, more than the "
                f"{MAX_FILE_BYTES // 1048576} MiB a story file may be; split it into several files"
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        fail(f"cannot read this file ({exc.strerror or exc}); check its permissions")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # a UTF-16 byte order mark
        fail("file is UTF-16 text; save it as UTF-8")
        return None
    if b"\0" in data:
        fail("this is a binary file, not YAML text; remove it from the pack or rename it")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        fail("file is not UTF-8 text; save it as UTF-8", line, col)
        return None
    return text.removeprefix("\ufeff")


def parse(text: str, shown: str, problems: list[Problem]) -> Node | None:
    """Compose `text` and convert it to located nodes; None when it cannot be read."""
    try:
        if _nesting_refusal() is None and _too_deep(text, shown, problems):
            return None
        if len(text) > COUNT_FROM and _too_many_values(text, shown, problems):
            return None
        root = yaml.compose(text, Loader=_FastLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or "not valid YAML"
        if what == _nesting_refusal():  # the parser's own depth limit fired before ours
            problems.append(diagnostics.WRONG_SHAPE.at(shown, line, col, _TOO_DEEP))
            return None
        hint = _syntax_hint(what)
        rows = text.split("\n")
        if (
            mark
            and mark.line < len(rows)
            and rows[mark.line][mark.column : mark.column + 1] == "\t"
        ):
            hint = "; indent with spaces, not tabs"  # libyaml's message does not name the tab
        problems.append(diagnostics.YAML_SYNTAX.at(shown, line, col, f"YAML syntax: {what}{hint}"))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses; libyaml counts bytes
        before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore")
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        char = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        message = f"the character U+{char:04X} is not allowed in YAML text; remove it"
        problems.append(diagnostics.YAML_SYNTAX.at(shown, line, col, message))
        return None
    except yaml.YAMLError as exc:
        problems.append(diagnostics.YAML_SYNTAX.at(shown, 0, 0, f"YAML syntax: {exc}"))
        return None
    except RecursionError:  # the pure-Python composer, past Python's recursion limit
        problems.append(diagnostics.WRONG_SHAPE.at(shown, 0, 0, _TOO_DEEP))
        return None
    if root is None:
        return None
    # Without an anchor (`&`) there can be no alias, so nodes need not be tracked.
    converter = _Converter(shown, problems, track_aliases="&" in text)
    node = converter.convert(root, 0)
    if converter.aliased:
        # A composed alias is the anchored node itself, which only knows where the anchor
        # is: scan again (rare, so it costs nothing in the common case) to find each alias.
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.AliasToken):
                at = token.start_mark
                problems.append(
                    diagnostics.REFUSED_YAML.at(shown, at.line + 1, at.column + 1, _ALIAS)
                )
    return node


_ALIAS = "aliases (*name) are not allowed; write the value out"
_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; flatten it"
# Before libyaml 0.2.6 (bundled from PyYAML 6.0.4) the C composer recursed once per level with
# no limit of its own: some 25,000 levels overflow an 8 MiB stack and kill the process. With
# such a parser, files that could nest deeper than this are measured first with the parser's
# events (a loop, no recursion) and refused. Newer parsers stop at 1,000 levels themselves.
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


def _too_deep(text: str, shown: str, problems: list[Problem]) -> bool:
    """Whether `text` nests past COMPOSE_DEPTH (then a problem is recorded)."""
    # A cheap bound first: a flow collection opens with a bracket (a `[a: b]` pair adds a
    # second level), and a nested block collection starts further right, at most two
    # levels per column. Ordinary story files stay far below the limit and skip the scan.
    if len(text) < COMPOSE_DEPTH // 2:
        return False
    flow = 2 * text.count("[") + text.count("{")
    if flow + 2 * (max(map(len, text.split("\n"))) + 1) <= COMPOSE_DEPTH:
        return False
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
                problems.append(diagnostics.WRONG_SHAPE.at(shown, line, col, _TOO_DEEP))
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return False


# A composed file costs some 600 bytes of memory per value (PyYAML's node and marks, then
# ours): three 7.9 MB files of tiny scenes were 1.8 million values, 31 s and 1.3 GiB. A file
# may hold at most MAX_VALUES values; files large enough to pass it are counted first with
# the parser's events (constant memory, stopped at the limit), smaller ones cannot reach it.
MAX_VALUES = 200_000
COUNT_FROM = 2 * MAX_VALUES  # a value takes at least two characters (`a,` in a flow list)


def _too_many_values(text: str, shown: str, problems: list[Problem]) -> bool:
    """Whether `text` holds more than MAX_VALUES values (then a problem is recorded)."""
    count = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.NodeEvent):
            count += 1
            if count > MAX_VALUES:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
                problems.append(
                    diagnostics.UNREADABLE.at(
                        shown,
                        line,
                        col,
                        f"file holds more than {MAX_VALUES:,} values (this is the next one); "
                        "split it into several files",
                    )
                )
                return True
    return False


def _syntax_hint(problem: str) -> str:
    if "\\t" in problem or "tab" in problem:
        return "; indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "; put text containing ': ' in quotes"
    if "could not find expected ':'" in problem:
        return "; every key needs a ':' after it"
    return ""


class _Converter:
    def __init__(self, shown: str, problems: list[Problem], track_aliases: bool = True) -> None:
        self.shown = shown
        self.problems = problems
        self.track = track_aliases
        self.seen: set[int] = set()
        self.failed = False
        self.aliased = False

    def error(self, node: yaml.Node, diagnostic: Diagnostic, message: str) -> None:
        mark = node.start_mark
        self.problems.append(diagnostic.at(self.shown, mark.line + 1, mark.column + 1, message))

    def text(self, node: yaml.Node, depth: int) -> Node | None:
        """`convert` for a child, with a shortcut for plain text, nine nodes in ten."""
        if type(node) is yaml.ScalarNode:
            tag = node.tag
            value = node.value
            if tag == _STR or (tag == _PLAIN and value[:1] not in _BY_FIRST):
                mark = node.start_mark
                return ScalarNode(
                    self.shown, mark.line + 1, mark.column + 1, value, value, not node.style
                )
        return self.convert(node, depth)

    def convert(self, node: yaml.Node, depth: int) -> Node | None:
        mark = node.start_mark
        line, col = mark.line + 1, mark.column + 1
        if self.track:
            if id(node) in self.seen:
                # The composer hands back the anchored node again for every alias: refusing
                # aliases outright makes "billion laughs" files cost nothing. `parse` reports.
                self.aliased = True
                return None
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.error(node, diagnostics.WRONG_SHAPE, _TOO_DEEP)
            return None
        if isinstance(node, yaml.ScalarNode):
            tag = _resolve(node.value) if node.tag == _PLAIN else node.tag
            if tag not in _SCALAR_TAGS:
                self.error(
                    node,
                    diagnostics.REFUSED_YAML,
                    f"YAML tag {tag!r} is not allowed; remove it",
                )
                return None
            if tag == _STR:  # by far the most common: no constructor needed
                return ScalarNode(self.shown, line, col, node.value, node.value, not node.style)
            try:
                # Called directly: construct_object would keep every node in its cache.
                value = _constructor.yaml_constructors[tag](_constructor, node)
            except Exception:  # PyYAML raises KeyError, IndexError... on `!!bool x`, `!!int ""`
                # ValueError too: an integer of more than 4,300 digits. Keep the message short.
                text = node.value if len(node.value) <= 40 else f"{node.value[:30]}..."
                self.error(
                    node, diagnostics.WRONG_SHAPE, f"cannot read the value {text!r}; quote it"
                )
                return None
            # The C composer marks plain scalars with style '', the Python one with None.
            return ScalarNode(self.shown, line, col, value, node.value, not node.style)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_STD}seq":
                self.error(
                    node,
                    diagnostics.REFUSED_YAML,
                    f"YAML tag {node.tag!r} is not allowed; remove it",
                )
                return None
            seq = SeqNode(self.shown, line, col)
            fast = not self.track and depth < MAX_DEPTH
            for child in node.value:
                converted = self.text(child, depth + 1) if fast else self.convert(child, depth + 1)
                if converted is not None:
                    seq.items.append(converted)
            return seq
        if isinstance(node, yaml.MappingNode):
            if node.tag != f"{_STD}map":
                self.error(
                    node,
                    diagnostics.REFUSED_YAML,
                    f"YAML tag {node.tag!r} is not allowed; remove it",
                )
                return None
            mapping = MapNode(self.shown, line, col)
            fast = not self.track and depth < MAX_DEPTH
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.error(
                        key_node,
                        diagnostics.WRONG_SHAPE,
                        "a key must be plain text, not a list or mapping",
                    )
                    continue
                key_tag = key_node.tag
                if key_tag == _PLAIN:
                    key_tag = _resolve(key_node.value)
                if key_tag == f"{_STD}merge":
                    self.error(
                        key_node,
                        diagnostics.REFUSED_YAML,
                        "merge keys (<<) are not allowed; write it out",
                    )
                    continue
                if key_tag not in _SCALAR_TAGS:  # `!!python/name:x : y`, `!foo k: v`
                    self.error(
                        key_node,
                        diagnostics.REFUSED_YAML,
                        f"YAML tag {key_tag!r} is not allowed; remove it",
                    )
                    continue
                key = key_node.value
                if key in mapping.items:
                    first = mapping.items[key][0]
                    self.error(
                        key_node,
                        diagnostics.DUPLICATE_KEY,
                        diagnostics.DUPLICATE_KEY.message(key=key, line=first.line),
                    )
                    continue
                key_mark = key_node.start_mark
                key_scalar = ScalarNode(
                    self.shown, key_mark.line + 1, key_mark.column + 1, key, key, False
                )
                if fast:
                    converted = self.text(value_node, depth + 1)
                else:
                    converted = self.convert(value_node, depth + 1)
                if converted is not None:
                    mapping.items[key] = (key_scalar, converted)
                else:
                    mapping.refused.add(key)
            return mapping
        self.error(node, diagnostics.YAML_SYNTAX, "unexpected YAML node")  # pragma: no cover
        return None


def plain(node: Node) -> object:
    """The node as plain Python data (for tests and the worked example)."""
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SeqNode):
        return [plain(item) for item in node.items]
    assert isinstance(node, MapNode)
    return {key: plain(value) for key, (_, value) in node.items.items()}
