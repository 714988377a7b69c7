"""Read one YAML file into located nodes, refusing what PyYAML would silently accept.

PyYAML's `load` forgets positions, keeps the last of two duplicate keys, expands aliases
and can construct objects from tags. We only `compose` (C parser when present) and walk
the node graph ourselves, so every value keeps its file, line and column, duplicate keys
and aliases are errors, and no tag ever constructs anything.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
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
from cellseven_game.engine.compile.yamlcompose import (
    _BY_FIRST,
    _PLAIN,
    COUNT_FROM,
    MAX_DEPTH,
    _FastLoader,
    _nesting_refusal,
    _resolve,
    _too_deep,
    _too_many_values,
)

_STD = "tag:yaml.org,2002:"
_STR = f"{_STD}str"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()
# Ids, labels, flags and conditions repeat across a pack (every `goto` names a scene id):
# texts this short are interned, so each is held once; prose is longer and is not.
SHARED_UP_TO = 64
_intern = sys.intern

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

    def fail(form: str, line: int = 0, col: int = 0, **fields: object) -> None:
        problems.append(diagnostics.UNREADABLE.at(shown, line, col, form, **fields))

    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            fail("too_large", mib=size / 1048576, limit=MAX_FILE_BYTES // 1048576)
            return None
        data = path.read_bytes()
    except OSError as exc:
        fail("file_access", reason=exc.strerror or exc)
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # a UTF-16 byte order mark
        fail("utf16")
        return None
    if b"\0" in data:
        fail("binary")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        fail("not_utf8", line, col)
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
            problems.append(
                diagnostics.WRONG_SHAPE.at(shown, line, col, "too_deep", limit=MAX_DEPTH)
            )
            return None
        hint = _syntax_hint(what)
        rows = text.split("\n")
        if (
            mark
            and mark.line < len(rows)
            and rows[mark.line][mark.column : mark.column + 1] == "\t"
        ):
            hint = "; indent with spaces, not tabs"  # libyaml's message does not name the tab
        problems.append(diagnostics.YAML_SYNTAX.at(shown, line, col, problem=what, hint=hint))
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses; libyaml counts bytes
        before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore")
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        char = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        problems.append(diagnostics.YAML_SYNTAX.at(shown, line, col, "character", char=char))
        return None
    except yaml.YAMLError as exc:
        problems.append(diagnostics.YAML_SYNTAX.at(shown, 0, 0, problem=exc, hint=""))
        return None
    except RecursionError:  # the pure-Python composer, past Python's recursion limit
        problems.append(diagnostics.WRONG_SHAPE.at(shown, 0, 0, "too_deep", limit=MAX_DEPTH))
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
                    diagnostics.REFUSED_YAML.at(shown, at.line + 1, at.column + 1, "alias")
                )
    return node


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

    def error(
        self, node: yaml.Node, diagnostic: Diagnostic, form: str = "", **fields: object
    ) -> None:
        mark = node.start_mark
        line, col = mark.line + 1, mark.column + 1
        self.problems.append(diagnostic.at(self.shown, line, col, form, **fields))

    def text(self, node: yaml.Node, depth: int) -> Node | None:
        """`convert` for a child, with a shortcut for plain text, nine nodes in ten."""
        if type(node) is yaml.ScalarNode:
            tag = node.tag
            value = node.value
            if tag == _PLAIN:
                tag = _resolve(value) if value[:1] in _BY_FIRST else _STR
            if tag == _STR:
                mark = node.start_mark
                if len(value) <= SHARED_UP_TO:
                    value = _intern(value)
                return ScalarNode(
                    self.shown, mark.line + 1, mark.column + 1, value, value, not node.style
                )
        return self.convert(node, depth)

    def release(self, node: yaml.CollectionNode) -> None:
        """Let go of a converted collection's PyYAML children, so a file's two trees are
        never both whole in memory (a 240 kB file of 200 scenes: some 5 MiB at its peak).
        Not while aliases are tracked: those go by the ids of nodes, kept alive until then."""
        if not self.track:
            node.value.clear()

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
            self.error(node, diagnostics.WRONG_SHAPE, "too_deep", limit=MAX_DEPTH)
            return None
        if isinstance(node, yaml.ScalarNode):
            tag = _resolve(node.value) if node.tag == _PLAIN else node.tag
            if tag not in _SCALAR_TAGS:
                self.error(node, diagnostics.REFUSED_YAML, tag=tag)
                return None
            if tag == _STR:  # by far the most common: no constructor needed
                value = node.value
                if len(value) <= SHARED_UP_TO:
                    value = _intern(value)
                return ScalarNode(self.shown, line, col, value, value, not node.style)
            try:
                # Called directly: construct_object would keep every node in its cache.
                value = _constructor.yaml_constructors[tag](_constructor, node)
            except Exception:  # PyYAML raises KeyError, IndexError... on `!!bool x`, `!!int ""`
                # ValueError too: an integer of more than 4,300 digits. Keep the message short.
                text = node.value if len(node.value) <= 40 else f"{node.value[:30]}..."
                self.error(node, diagnostics.WRONG_SHAPE, "unreadable_value", text=text)
                return None
            # The C composer marks plain scalars with style '', the Python one with None.
            return ScalarNode(self.shown, line, col, value, node.value, not node.style)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_STD}seq":
                self.error(node, diagnostics.REFUSED_YAML, tag=node.tag)
                return None
            seq = SeqNode(self.shown, line, col)
            fast = not self.track and depth < MAX_DEPTH
            for child in node.value:
                converted = self.text(child, depth + 1) if fast else self.convert(child, depth + 1)
                if converted is not None:
                    seq.items.append(converted)
            self.release(node)
            return seq
        if isinstance(node, yaml.MappingNode):
            if node.tag != f"{_STD}map":
                self.error(node, diagnostics.REFUSED_YAML, tag=node.tag)
                return None
            mapping = MapNode(self.shown, line, col)
            fast = not self.track and depth < MAX_DEPTH
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.error(key_node, diagnostics.WRONG_SHAPE, "key_not_text")
                    continue
                key_tag = key_node.tag
                if key_tag == _PLAIN:
                    key_tag = _resolve(key_node.value)
                if key_tag == f"{_STD}merge":
                    self.error(key_node, diagnostics.REFUSED_YAML, "merge")
                    continue
                if key_tag not in _SCALAR_TAGS:  # `!!python/name:x : y`, `!foo k: v`
                    self.error(key_node, diagnostics.REFUSED_YAML, tag=key_tag)
                    continue
                key = key_node.value
                if key in mapping.items:
                    first = mapping.items[key][0]
                    self.error(key_node, diagnostics.DUPLICATE_KEY, key=key, line=first.line)
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
            self.release(node)
            return mapping
        self.error(node, diagnostics.YAML_SYNTAX, "unexpected")  # pragma: no cover
        return None


def plain(node: Node) -> object:
    """The node as plain Python data (for tests and the worked example)."""
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SeqNode):
        return [plain(item) for item in node.items]
    assert isinstance(node, MapNode)
    return {key: plain(value) for key, (_, value) in node.items.items()}
