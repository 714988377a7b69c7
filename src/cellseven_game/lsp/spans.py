"""What the index records: spans of text, entries (an id defined or used), outlines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from cellseven_game.engine.compile.yamlnodes import MapNode, Node, ScalarNode, SeqNode

# The kinds of id an author writes; `fact` ids are `character.fact`, `statement` ids
# `claim.statement`.
KINDS = ("scene", "chapter", "character", "fact", "evidence", "variable", "trial", "claim")


@dataclass(frozen=True, slots=True)
class Span:
    """One line's columns [col, end) of a file (1-based, in characters)."""

    path: str
    line: int
    col: int
    end: int

    def holds(self, line: int, col: int) -> bool:
        return self.line == line and self.col <= col <= self.end


@dataclass(frozen=True, slots=True)
class Entry:
    """An id written in a file: its definition (`defines`) or a use of it."""

    kind: str
    ident: str
    span: Span
    defines: bool = False
    detail: str = ""  # for a definition: its title, name or first line
    hover: str = ""  # for a definition: Markdown shown on hover


@dataclass(slots=True)
class Outline:
    """A chapter of the file and its scenes, for the document outline."""

    chapter: Entry
    last_line: int
    scenes: list[tuple[Entry, int]] = field(default_factory=list)  # scene, its last line


@dataclass(slots=True)
class FileIndex:
    path: str
    entries: list[Entry] = field(default_factory=list)
    outline: list[Outline] = field(default_factory=list)
    story_node: MapNode | None = None  # the `story:` mapping, when this is story.yaml

    def at(self, line: int, col: int) -> Entry | None:
        """The innermost id at a 1-based position."""
        found = [e for e in self.entries if e.span.holds(line, col)]
        return min(found, key=lambda e: e.span.end - e.span.col) if found else None


def first_line_of(text: str, limit: int = 80) -> str:
    for row in text.splitlines():
        row = row.strip()
        if row:
            return row if len(row) <= limit else row[: limit - 1] + "…"
    return ""


def text_value(m: MapNode, key: str) -> str:
    item = m.items.get(key)
    if item is None or not isinstance(item[1], ScalarNode) or item[1].value is None:
        return ""
    return str(item[1].value)


def last_line_of(node: Node) -> int:
    """The last line a node's content reaches (a block scalar may run further)."""
    if isinstance(node, MapNode):
        return max((last_line_of(v) for _, v in node.items.values()), default=node.line)
    if isinstance(node, SeqNode):
        return max((last_line_of(v) for v in node.items), default=node.line)
    if isinstance(node, ScalarNode) and isinstance(node.value, str):
        return node.line + node.value.count("\n")
    return node.line


def key_value_pairs(node: Node) -> Iterator[tuple[ScalarNode, Node]]:
    if isinstance(node, MapNode):
        yield from node.items.values()
