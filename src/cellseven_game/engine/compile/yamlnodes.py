"""Read one YAML file into located nodes, refusing what PyYAML would silently accept.

PyYAML's `load` forgets positions, keeps the last of two duplicate keys, expands aliases
and can construct objects from tags. We only `compose` (C parser when present) and walk
the node graph ourselves, so every value keeps its file, line and column, duplicate keys
and aliases are errors, and no tag ever constructs anything.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import sys
from itertools import islice, repeat
from pathlib import Path
from typing import Any

import yaml

from cellseven_game.engine.compile import yamlcompose
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
    MAX_VALUES,
    TooDeep,
    _FastLoader,
    _may_nest_deep,
    _nesting_refusal,
    _resolve,
    _too_deep,
    _too_many_values,
)

_STD = "tag:yaml.org,2002:"
_STR = f"{_STD}str"
_SEQ = f"{_STD}seq"
_MAP = f"{_STD}map"
_MERGE = f"{_STD}merge"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()
# Ids, labels, flags and conditions repeat across a pack (every `goto` names a scene id):
# texts this short are interned, so each is held once; prose is longer and is not.
SHARED_UP_TO = 64
_intern = sys.intern

Scalar = str | int | float | bool | None | _dt.date


_shown = ""  # the shown path of the file being composed: every node built holds it
# Whether the file is being composed optimistically (see `parse`): each node is finished as
# the composer completes it (scalars typed, mappings' keys read, heights counted), and
# anything the walk would report or leave out raises _Careful instead.
_eager = False


class _Careful(Exception):
    """Raised while composing eagerly at anything unusual: the file is composed again,
    and the walk checks it node by node and says what is wrong."""


# The values plain scalars that are not text have had (by tag, then text): a pack says
# `true`, `0` and `1` thousands of times, and each typing builds a PyYAML node.
_TYPED: dict[str, dict[str, Scalar]] = {}
_TYPED_UP_TO = 32  # characters of a text remembered; at most _REMEMBER_TYPED texts a tag
_REMEMBER_TYPED = 4096


def _typed(tag: str, text: str) -> Scalar:
    """The value YAML 1.1 gives `text` under `tag`; _Careful when the tag is not one of a
    story's scalar tags or the text has no such value (`!!int x`)."""
    if tag not in _SCALAR_TAGS:
        raise _Careful
    seen = _TYPED.setdefault(tag, {})
    if text in seen:
        return seen[text]
    try:
        # Called directly: construct_object would keep every node in its cache.
        value: Scalar = _constructor.yaml_constructors[tag](
            _constructor, yaml.ScalarNode(tag, text)
        )
    except Exception:  # PyYAML raises KeyError, IndexError... on `!!bool x`, `!!int ""`
        # ValueError too: an integer of more than 4,300 digits.
        raise _Careful from None
    if len(text) <= _TYPED_UP_TO and len(seen) < _REMEMBER_TYPED:
        seen[text] = value  # immutable values (numbers, flags, dates, None): safe to share
    return value


class Node:
    """A value of a file with where it starts (1-based line and column).

    PyYAML's composer builds these itself (see `_compose`): it calls a node class with
    `(tag, value, start_mark, end_mark, style)`. Building our nodes there, instead of
    converting PyYAML's nodes afterwards, spares a second object per value and its two
    marks: the converter was a quarter of a cold `validate`.
    """

    __slots__ = ("col", "line", "path")
    id = ""  # PyYAML's name for the kind, which our `resolve` reads
    path: str
    line: int
    col: int

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path}:{self.line}:{self.col})"

    @property
    def start_mark(self) -> yaml.Mark:
        """Where the node starts, as PyYAML's errors about a node ask (two documents in a
        file, an anchor defined twice): made only then, never kept."""
        return yaml.Mark(self.path, 0, self.line - 1, self.col - 1, None, 0)


class ScalarNode(Node):
    __slots__ = ("plain", "tag", "text", "value")
    id = "scalar"
    value: Scalar  # typed: text, or a number, flag, date or null (typed by `_Walk.scalar`)
    text: str  # the characters as written
    plain: bool  # unquoted, so YAML 1.1 may have turned it into a bool, number or date
    tag: str

    def __init__(
        self,
        tag: str,
        value: str,
        start_mark: Any,
        end_mark: object = None,
        style: str | None = None,
    ) -> None:
        self.path = _shown
        self.line = start_mark.line + 1
        self.col = start_mark.column + 1
        # The C composer marks plain scalars with style '', the Python one with None.
        self.plain = not style
        if tag == _PLAIN:
            tag = _resolve(value) if value[:1] in _BY_FIRST else _STR
        self.tag = tag
        if tag == _STR:
            if len(value) <= SHARED_UP_TO:
                value = _intern(value)
            self.text = self.value = value
        else:
            self.text = value
            # A number, flag, date or null: typed now while composing optimistically (or the
            # file is composed again, carefully), else by the walk (or refused there).
            self.value = _typed(tag, value) if _eager else value


class MapNode(Node):
    __slots__ = ("height", "items", "refused", "tag", "value")
    id = "mapping"
    height: int  # levels from here to its deepest value (1: only text), when composed eagerly
    items: dict[str, tuple[ScalarNode, Node]]
    refused: set[str]  # keys whose value was an error already
    value: list[tuple[Node, Node]]  # the composer's pairs, until the walk reads them

    # Called as (tag, pairs, start_mark, end_mark, flow_style): the last two are not kept.
    def __init__(self, tag: str, value: list[tuple[Node, Node]], start: Any, *_: Any, **__: Any):
        self.path, self.line, self.col = _shown, start.line + 1, start.column + 1
        self.tag = tag
        self.value = value
        self.items = {}
        self.refused = _NO_KEYS

    @property
    def end_mark(self) -> None:
        return None  # PyYAML's composer sets it; we never keep it

    @end_mark.setter
    def end_mark(self, _mark: object) -> None:
        """Set by the composer once the mapping's pairs are all composed: while composing
        eagerly, this is where the pairs become `items` (see `parse`)."""
        if not _eager:
            return
        if self.tag != _MAP:
            raise _Careful  # `!!python/object` and the like: the walk refuses it
        items = self.items
        height = 1
        for key_node, value_node in self.value:
            if type(key_node) is not ScalarNode or key_node.tag not in _SCALAR_TAGS:
                raise _Careful  # a key that is a list, a merge `<<`, a tag: the walk says
            key = key_node.text
            if key in items:
                raise _Careful  # a duplicate key: the walk reports it
            key_node.value = key  # a key is its text as written, never a number or flag
            key_node.plain = False
            items[key] = (key_node, value_node)
            if type(value_node) is not ScalarNode and value_node.height >= height:  # type: ignore[attr-defined]
                height = value_node.height + 1  # type: ignore[attr-defined]
        self.height = height
        del self.value  # the pairs: read once, and a second copy of the mapping

    @classmethod
    def empty(cls) -> MapNode:
        """A mapping with nothing in it, from nowhere (for readers that want one to look in)."""
        node = cls.__new__(cls)
        node.path, node.line, node.col, node.tag = "", 0, 0, _MAP
        node.items, node.refused = {}, _NO_KEYS
        return node


class SeqNode(Node):
    __slots__ = ("height", "items", "tag")
    id = "sequence"
    height: int  # as MapNode's
    items: list[Node]

    def __init__(self, tag: str, value: list[Node], start: Any, *_: Any, **__: Any) -> None:
        self.path, self.line, self.col = _shown, start.line + 1, start.column + 1
        self.tag, self.items = tag, value

    @property
    def value(self) -> list[Node]:
        """The pure-Python composer appends to `node.value` (the C one keeps the list)."""
        return self.items

    @property
    def end_mark(self) -> None:
        return None  # PyYAML's composer sets it; we never keep it

    @end_mark.setter
    def end_mark(self, _mark: object) -> None:
        """Set by the composer once the items are all composed (see MapNode.end_mark)."""
        if not _eager:
            return
        if self.tag != _SEQ:
            raise _Careful
        height = 1
        for item in self.items:
            if type(item) is not ScalarNode and item.height >= height:  # type: ignore[attr-defined]
                height = item.height + 1  # type: ignore[attr-defined]
        self.height = height


# Shared by every mapping with no refused key: replaced by a set of its own on the first one.
_NO_KEYS: set[str] = set()


def read_text(path: Path, shown: str, problems: list[Problem]) -> str | None:
    """The file's text, or None with a problem recorded (size, binary, encoding, access)."""

    def fail(form: str, line: int = 0, col: int = 0, **fields: object) -> None:
        problems.append(diagnostics.UNREADABLE.at(shown, line, col, form, **fields))

    try:
        # One open, its size from the open file (a stat by name, then `Path.read_bytes`,
        # looked the path up twice: a pack of 10,000 small files pays for each). (Not
        # `read(limit + 1)`: that sets aside the whole limit for every file first.)
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size <= MAX_FILE_BYTES:
                data = handle.read()
                size = len(data)
        if size > MAX_FILE_BYTES:
            fail("too_large", mib=size / 1048576, limit=MAX_FILE_BYTES // 1048576)
            return None
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


def parse(text: str, shown: str, problems: list[Problem], eager: bool = True) -> Node | None:
    """Compose `text` and convert it to located nodes; None when it cannot be read.

    `eager=False` always composes carefully and walks (what the fast path must equal)."""
    try:
        # A parser with no depth limit of its own is followed while it composes a file that
        # could nest deep (see _compose), and stopped past COMPOSE_DEPTH.
        guarded = _nesting_refusal() is None and _may_nest_deep(text)
        # Values are counted as the composer finishes them (see _compose), and it stops past
        # MAX_VALUES; a large file that may hold aliases (each a value, but no node of its
        # own) is counted first, with the parser's events.
        large = len(text) > COUNT_FROM
        if large and _may_anchor(text) and _too_many_values(text, shown, problems):
            return None
        # Optimistically first: nodes finished as the composer completes them, no walk
        # after (a fifth of reading a well-formed pack). An anchor (`_may_anchor`) may have aliases,
        # which only the walk can find; anything else unusual raises _Careful, and nesting
        # deeper than allowed shows in the height: then the file is composed again and
        # walked, so every problem is reported exactly as the walk words and places it.
        careful = _may_anchor(text) or not eager
        root = None
        if not careful:
            try:
                root = _compose(text, shown, eager=True, guarded=guarded)
                careful = isinstance(root, MapNode | SeqNode) and root.height > MAX_DEPTH
            except _Careful:
                careful = True
        if careful:
            root = _compose(text, shown, eager=False, guarded=guarded)
    except StopIteration:  # the composer finished the value past MAX_VALUES: say where it is
        if not _too_many_values(text, shown, problems):  # pragma: no cover - it always is
            problems.append(
                diagnostics.UNREADABLE.at(shown, 0, 0, "too_many_values", limit=MAX_VALUES)
            )
        return None
    except TooDeep:  # the unbounded composer stopped: the parser's events say where
        if not _too_deep(text, shown, problems):  # pragma: no cover - they always do
            problems.append(diagnostics.WRONG_SHAPE.at(shown, 0, 0, "too_deep", limit=MAX_DEPTH))
        return None
    except yaml.YAMLError as exc:
        if not (large and _too_many_before(text, shown, problems)):
            _unreadable(text, shown, problems, exc)
        return None
    except RecursionError:  # the pure-Python composer, past Python's recursion limit
        problems.append(diagnostics.WRONG_SHAPE.at(shown, 0, 0, "too_deep", limit=MAX_DEPTH))
        return None
    if root is None or not careful:
        return root
    # Without an anchor there can be no alias, so nodes need not be tracked.
    walk = _Walk(problems, track_aliases=_may_anchor(text))
    node = root if walk.visit(root, 0) else None
    if walk.aliased:
        # A composed alias is the anchored node itself, which only knows where the anchor
        # is: scan again (rare, so it costs nothing in the common case) to find each alias.
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.AliasToken):
                at = token.start_mark
                problems.append(
                    diagnostics.REFUSED_YAML.at(shown, at.line + 1, at.column + 1, "alias")
                )
    return node


def _too_many_before(text: str, shown: str, problems: list[Problem]) -> bool:
    """Whether the file passes MAX_VALUES before the error composing it met (then that is
    what is reported, as when every large file was counted before it was composed)."""
    try:
        return _too_many_values(text, shown, problems)
    except yaml.YAMLError:
        return False  # the same error, met first


def _unreadable(text: str, shown: str, problems: list[Problem], exc: yaml.YAMLError) -> None:
    """Record why PyYAML could not read the file, located and in our words."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = exc.problem or "not valid YAML"
        if what == _nesting_refusal():  # the parser's own depth limit fired before ours
            problems.append(
                diagnostics.WRONG_SHAPE.at(shown, line, col, "too_deep", limit=MAX_DEPTH)
            )
            return
        hint = _syntax_hint(what)
        rows = text.split("\n")
        if (
            mark
            and mark.line < len(rows)
            and rows[mark.line][mark.column : mark.column + 1] == "\t"
        ):
            hint = "; indent with spaces, not tabs"  # libyaml's message does not name the tab
        problems.append(diagnostics.YAML_SYNTAX.at(shown, line, col, problem=what, hint=hint))
        return
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses; libyaml counts bytes
        before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore")
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        char = (
            exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        )
        problems.append(diagnostics.YAML_SYNTAX.at(shown, line, col, "character", char=char))
        return
    problems.append(diagnostics.YAML_SYNTAX.at(shown, 0, 0, problem=exc, hint=""))


_ANCHOR = re.compile(r"&\S")  # an anchor is `&` and its name, with no space between


def _may_anchor(text: str) -> bool:
    """Whether `text` may hold an anchor (so aliases); prose's `this & that` holds none."""
    return "&" in text and _ANCHOR.search(text) is not None


def _syntax_hint(problem: str) -> str:
    if "\\t" in problem or "tab" in problem:
        return "; indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "; put text containing ': ' in quotes"
    if "could not find expected ':'" in problem:
        return "; every key needs a ':' after it"
    return ""


# The modules whose composer builds nodes by these names: ours are put there while we compose.
_COMPOSERS = [m for m in (getattr(yaml, "_yaml", None), yaml.composer) if m is not None]
_OURS = {"ScalarNode": ScalarNode, "SequenceNode": SeqNode, "MappingNode": MapNode}


def _compose(text: str, shown: str, eager: bool, guarded: bool = False) -> Node | None:
    """The file composed straight into our nodes (PyYAML's own node classes are put back
    afterwards, so anyone else composing YAML in this process gets PyYAML's nodes);
    `eager`: finished as they are composed, or _Careful (see `parse`). StopIteration when
    the file holds more than MAX_VALUES values; `guarded`: TooDeep past COMPOSE_DEPTH."""
    global _shown, _eager
    _shown, _eager = shown, eager
    saved = [(module, {name: getattr(module, name) for name in _OURS}) for module in _COMPOSERS]
    for module in _COMPOSERS:
        for name, cls in _OURS.items():
            setattr(module, name, cls)
    # The composer calls `ascend_resolver()` once a value is composed: here, the next of
    # MAX_VALUES Nones, so StopIteration stops it at the value past the limit. A C call a
    # value (Python code there, even three lines, cost 6-12% of composing).
    count = islice(repeat(None), MAX_VALUES).__next__
    _FastLoader.ascend_resolver = count  # type: ignore[assignment]
    if guarded:  # the composer calls `descend_resolver` as it goes a level down
        depth = 0

        def descend(_parent: object, _index: object) -> None:
            nonlocal depth
            depth += 1  # the values open, this one included: a scalar is one below its mapping
            if depth > yamlcompose.COMPOSE_DEPTH + 1:  # so its parent is a collection this deep,
                raise TooDeep  # which the event scan refuses too (it counts collections)

        def ascend() -> None:
            nonlocal depth
            depth -= 1
            count()

        _FastLoader.descend_resolver = staticmethod(descend)  # type: ignore[assignment]
        _FastLoader.ascend_resolver = staticmethod(ascend)  # type: ignore[assignment]
    try:
        # ours, as put in above
        root: Node | None = yaml.compose(text, Loader=_FastLoader)  # type: ignore[assignment]
        return root
    finally:
        _eager = False
        _FastLoader.descend_resolver, _FastLoader.ascend_resolver = slice, tuple
        for module, names in saved:
            for name, cls in names.items():
                setattr(module, name, cls)


class _Walk:
    """What composing does not check: tags, duplicate keys, aliases, depth; and the values
    of scalars that are not text. A value refused is reported and left out of its parent."""

    def __init__(self, problems: list[Problem], track_aliases: bool = True) -> None:
        self.problems = problems
        self.track = track_aliases
        self.seen: set[int] = set()
        self.aliased = False

    def error(self, node: Node, diagnostic: Diagnostic, form: str = "", **fields: object) -> None:
        self.problems.append(diagnostic.at(node.path, node.line, node.col, form, **fields))

    def scalar(self, node: ScalarNode) -> bool:
        """Type a scalar that is not text; False when it is refused."""
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self.error(node, diagnostics.REFUSED_YAML, tag=tag)
            return False
        try:
            typed = _typed(tag, node.text)
        except _Careful:  # no such value (`!!int x`); the message keeps it short
            text = node.text if len(node.text) <= 40 else f"{node.text[:30]}..."
            self.error(node, diagnostics.WRONG_SHAPE, "unreadable_value", text=text)
            return False
        node.value = typed
        return True

    def visit(self, node: Node, depth: int) -> bool:
        """Check `node` and what it holds; False when it is refused (then reported)."""
        if self.track:
            if id(node) in self.seen:
                # The composer hands back the anchored node again for every alias: refusing
                # aliases outright makes "billion laughs" files cost nothing. `parse` reports.
                self.aliased = True
                return False
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.error(node, diagnostics.WRONG_SHAPE, "too_deep", limit=MAX_DEPTH)
            return False
        # Children that are text (nine values in ten) need no call, unless aliases are
        # tracked or the next level is past the depth limit.
        fast = not self.track and depth < MAX_DEPTH
        if isinstance(node, ScalarNode):
            return node.tag == _STR or self.scalar(node)
        if isinstance(node, SeqNode):
            if node.tag != _SEQ:
                self.error(node, diagnostics.REFUSED_YAML, tag=node.tag)
                return False
            items = node.items
            kept = [
                child
                for child in items
                if (fast and type(child) is ScalarNode and child.tag == _STR)
                or self.visit(child, depth + 1)
            ]
            if len(kept) != len(items):
                node.items = kept
            return True
        assert isinstance(node, MapNode)
        if node.tag != _MAP:
            self.error(node, diagnostics.REFUSED_YAML, tag=node.tag)
            return False
        mapping = node.items
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                self.error(key_node, diagnostics.WRONG_SHAPE, "key_not_text")
                continue
            key_tag = key_node.tag
            if key_tag == _MERGE:
                self.error(key_node, diagnostics.REFUSED_YAML, "merge")
                continue
            if key_tag not in _SCALAR_TAGS:  # `!!python/name:x : y`, `!foo k: v`
                self.error(key_node, diagnostics.REFUSED_YAML, tag=key_tag)
                continue
            key = key_node.text
            if key in mapping:
                first = mapping[key][0]
                self.error(key_node, diagnostics.DUPLICATE_KEY, key=key, line=first.line)
                continue
            if self.track:  # an alias may share this node with a value elsewhere: a copy
                key_node = _key_copy(key_node)
            else:  # a key is its text as written, never a number or flag
                key_node.value = key
                key_node.plain = False
            if (fast and type(value_node) is ScalarNode and value_node.tag == _STR) or self.visit(
                value_node, depth + 1
            ):
                mapping[key] = (key_node, value_node)
            else:
                if node.refused is _NO_KEYS:
                    node.refused = set()
                node.refused.add(key)
        del node.value  # the pairs: read once, and a second copy of the mapping
        return True


def _key_copy(node: ScalarNode) -> ScalarNode:
    key = ScalarNode.__new__(ScalarNode)
    key.path, key.line, key.col = node.path, node.line, node.col
    key.value = key.text = node.text
    key.plain = False
    key.tag = node.tag
    return key


def plain(node: Node) -> object:
    """The node as plain Python data (for tests and the worked example)."""
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SeqNode):
        return [plain(item) for item in node.items]
    assert isinstance(node, MapNode)
    return {key: plain(value) for key, (_, value) in node.items.items()}
