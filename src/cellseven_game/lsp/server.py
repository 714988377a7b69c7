"""`cellseven lsp`: the language server, on pygls (https://pygls.readthedocs.io).

Diagnostics come from the real checker (`check_pack`), so they carry the same codes and
words as `cellseven validate`; everything else reads the index of ids (index.py) built from
the nodes the checker read. Positions on the wire are UTF-16 code units (the protocol's
default); the engine counts characters, so every position is converted at the edge.
"""

from __future__ import annotations

import logging
from pathlib import Path

from lsprotocol import types as t
from pygls.exceptions import JsonRpcException
from pygls.uris import from_fs_path, to_fs_path

from cellseven_game.engine.compile.reader import ID
from cellseven_game.engine.core.diagnostics import explain
from cellseven_game.engine.core.errors import Problem
from cellseven_game.lsp import context
from cellseven_game.lsp.packs import Pack
from cellseven_game.lsp.positions import from_client, to_client
from cellseven_game.lsp.spans import Entry, last_line_of
from cellseven_game.lsp.workspace import CellsevenServer

MAX_ITEMS = 200  # completion items sent at once
_REQUEST_FAILED = -32803
_ITEM_KINDS = {
    "scene": t.CompletionItemKind.Event,
    "chapter": t.CompletionItemKind.Module,
    "character": t.CompletionItemKind.Class,
    "fact": t.CompletionItemKind.Property,
    "evidence": t.CompletionItemKind.Constant,
    "variable": t.CompletionItemKind.Variable,
    "trial": t.CompletionItemKind.Struct,
    "claim": t.CompletionItemKind.EnumMember,
}


server = CellsevenServer()


@server.feature(t.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CellsevenServer, params: t.DidOpenTextDocumentParams) -> None:
    ls.buffer_changed(params.text_document.uri)


@server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: CellsevenServer, params: t.DidChangeTextDocumentParams) -> None:
    ls.buffer_changed(params.text_document.uri)


@server.feature(t.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: CellsevenServer, params: t.DidSaveTextDocumentParams) -> None:
    pack = ls.pack_of(params.text_document.uri)
    if pack is not None:
        ls.schedule(pack)


@server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CellsevenServer, params: t.DidCloseTextDocumentParams) -> None:
    ls.buffer_closed(params.text_document.uri)


@server.feature(
    t.TEXT_DOCUMENT_COMPLETION,
    t.CompletionOptions(trigger_characters=[" ", ":", "[", ",", ".", "-"]),
)
async def completion(ls: CellsevenServer, params: t.CompletionParams) -> t.CompletionList:
    uri, position = params.text_document.uri, params.position
    pack = ls.pack_of(uri)
    empty = t.CompletionList(is_incomplete=False, items=[])
    if pack is None:
        return empty
    await ls.ensure_checked(pack)
    lines = ls.lines_of(uri)
    row = lines[position.line] if position.line < len(lines) else ""
    col = from_client(row, position.character)
    found = context.kind_at(lines, position.line, col)
    if found is None:
        return empty
    kind, start = found
    rng = t.Range(t.Position(position.line, to_client(row, start)), position)
    typed = row[start:col]
    # Only ids that start with what is typed, and at most MAX_ITEMS of them: a pack of
    # 10,000 scenes would otherwise send them all on every keystroke. The client asks again
    # as the author types (`is_incomplete`).
    matching = sorted(
        (e for e in pack.of_kind(kind) if e.ident.startswith(typed)), key=lambda e: e.ident
    )
    items = [
        t.CompletionItem(
            label=entry.ident,
            kind=_ITEM_KINDS.get(kind),
            detail=entry.detail or None,
            text_edit=t.TextEdit(rng, entry.ident),
        )
        for entry in matching[:MAX_ITEMS]
    ]
    return t.CompletionList(is_incomplete=len(matching) > MAX_ITEMS, items=items)


@server.feature(t.TEXT_DOCUMENT_DEFINITION)
async def definition(ls: CellsevenServer, params: t.DefinitionParams) -> list[t.Location]:
    pack, entry = await ls.cursor(params)
    if pack is None or entry is None:
        return []
    found = pack.definitions().get((entry.kind, entry.ident), [])
    return [ls.location(pack, e.span) for e in found]


@server.feature(t.TEXT_DOCUMENT_REFERENCES)
async def references(ls: CellsevenServer, params: t.ReferenceParams) -> list[t.Location]:
    pack, entry = await ls.cursor(params)
    if pack is None or entry is None:
        return []
    keep = params.context.include_declaration
    return [
        ls.location(pack, e.span)
        for e in pack.uses(entry.kind, entry.ident)
        if keep or not e.defines
    ]


@server.feature(t.TEXT_DOCUMENT_HOVER)
async def hover(ls: CellsevenServer, params: t.HoverParams) -> t.Hover | None:
    uri, position = params.text_document.uri, params.position
    pack = ls.pack_of(uri)
    if pack is None:
        return None
    await ls.ensure_checked(pack)
    parts: list[str] = []
    for rng, problem in ls.problems.get(uri, []):
        if rng.start.line == position.line and (
            rng.start.character <= position.character <= rng.end.character
        ):
            parts.append(_explain(problem))
    entry = ls.entry_at(pack, uri, position)
    if entry is not None:
        found = pack.definitions().get((entry.kind, entry.ident))
        if found:
            parts.append(found[0].hover or f"{entry.kind} `{entry.ident}`")
        else:
            parts.append(f"unknown {entry.kind} `{entry.ident}`")
    if not parts:
        return None
    return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, "\n\n---\n\n".join(parts)))


def _explain(problem: Problem) -> str:
    """A diagnostic's words and the registry's explanation of its code (`cellseven explain`)."""
    text = f"**{problem.code}** ({problem.severity}): {problem.message}"
    extra = explain(problem.code)
    return f"{text}\n\n{extra}" if extra else text


@server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
async def prepare_rename(
    ls: CellsevenServer, params: t.PrepareRenameParams
) -> t.PrepareRenamePlaceholder | None:
    pack, entry = await ls.cursor(params)
    if pack is None or entry is None or entry.kind != "scene":
        return None
    text = pack.text_of(entry.span.path)
    return t.PrepareRenamePlaceholder(ls.span_range(text, entry.span), entry.ident)


@server.feature(t.TEXT_DOCUMENT_RENAME, t.RenameOptions(prepare_provider=True))
async def rename(ls: CellsevenServer, params: t.RenameParams) -> t.WorkspaceEdit | None:
    pack, entry = await ls.cursor(params)
    if pack is None or entry is None or entry.kind != "scene":
        raise JsonRpcException("only a scene id can be renamed here", _REQUEST_FAILED)
    new = params.new_name
    if not ID.match(new):
        raise JsonRpcException(
            f"`{new}` is not a valid id; use letters, digits, '_' and '-' only", _REQUEST_FAILED
        )
    if ("scene", new) in pack.definitions():
        raise JsonRpcException(f"there is already a scene `{new}`", _REQUEST_FAILED)
    changes: dict[str, list[t.TextEdit]] = {}
    for use in pack.uses("scene", entry.ident):
        location = ls.location(pack, use.span)
        changes.setdefault(location.uri, []).append(t.TextEdit(location.range, new))
    follow = renamed_edit(pack, entry.ident, new)
    if follow is not None:
        uri, edit = follow
        changes.setdefault(uri, []).append(edit)
    return t.WorkspaceEdit(changes=changes)


def renamed_edit(pack: Pack, old: str, new: str) -> tuple[str, t.TextEdit] | None:
    """The edit adding `old: new` under `story.renamed`, so saves follow the scene."""
    story = pack.story_file()
    if story is None or story.index.story_node is None:
        return None
    uri = from_fs_path(str(pack.root / "story.yaml")) or ""
    node = story.index.story_node
    rows = story.text.split("\n")
    first_key = next(iter(node.items.values()))[0]
    indent = " " * (first_key.col - 1)
    entry = f"{old}: {new}"
    if "renamed" in node.items:
        key, value = node.items["renamed"]
        items = list(getattr(value, "items", {}).values())
        if items and items[0][0].line > key.line:  # a block mapping: one line more
            at = items[0][0]
            line = f"{' ' * (at.col - 1)}{entry}\n"
            return uri, t.TextEdit(
                t.Range(t.Position(at.line - 1, 0), t.Position(at.line - 1, 0)), line
            )
        row = rows[key.line - 1] if key.line - 1 < len(rows) else ""
        close = row.rfind("}")
        if close > 0:  # a flow mapping on the key's line
            inner = row[row.find("{") + 1 : close].strip()
            insert = f", {entry}" if inner else entry
            pos = t.Position(key.line - 1, to_client(row, close))
            return uri, t.TextEdit(t.Range(pos, pos), insert)
        # `renamed:` with nothing under it: write the mapping after the key
        line = f"{indent}  {entry}\n"
        return uri, t.TextEdit(t.Range(t.Position(key.line, 0), t.Position(key.line, 0)), line)
    last = _story_end(node, rows)
    text = f"{indent}renamed:\n{indent}  {entry}\n"
    return uri, t.TextEdit(t.Range(t.Position(last, 0), t.Position(last, 0)), text)


def _story_end(node: object, rows: list[str]) -> int:
    """The 0-based line just after the `story:` mapping's last line of content."""
    assert hasattr(node, "line")
    last = last_line_of(node)  # type: ignore[arg-type]
    while last < len(rows) and rows[last].strip() and rows[last][:1] in " \t":
        last += 1  # a block scalar's last lines
    while last > 0 and not rows[last - 1].strip():
        last -= 1  # not after the blank lines that close the section
    return last


@server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def document_symbols(
    ls: CellsevenServer, params: t.DocumentSymbolParams
) -> list[t.DocumentSymbol]:
    uri = params.text_document.uri
    pack = ls.pack_of(uri)
    path = to_fs_path(uri)
    if pack is None or path is None:
        return []
    await ls.ensure_checked(pack)
    parsed = pack.parsed(Path(path))
    if parsed is None:
        return []
    text = parsed.text
    rows = text.split("\n")

    def symbol(
        entry: Entry, last: int, kind: t.SymbolKind, children: list[t.DocumentSymbol]
    ) -> t.DocumentSymbol:
        selection = ls.span_range(text, entry.span)
        end_row = rows[last - 1] if 0 < last <= len(rows) else ""
        whole = t.Range(
            t.Position(entry.span.line - 1, 0),
            t.Position(max(last - 1, entry.span.line - 1), len(end_row)),
        )
        if whole.end.line == selection.end.line and whole.end.character < selection.end.character:
            whole = t.Range(whole.start, selection.end)
        return t.DocumentSymbol(
            name=entry.ident,
            detail=entry.detail or None,
            kind=kind,
            range=whole,
            selection_range=selection,
            children=children,
        )

    out = []
    for chapter in parsed.index.outline:
        scenes = [symbol(scene, last, t.SymbolKind.Event, []) for scene, last in chapter.scenes]
        out.append(symbol(chapter.chapter, chapter.last_line, t.SymbolKind.Namespace, scenes))
    return out


def run() -> None:
    """Serve over stdin/stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING)
    server.start_io()
