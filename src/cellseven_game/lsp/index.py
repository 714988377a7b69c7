"""Where every id of a pack is defined and used, file by file, for the editor.

The loader checks a pack and forgets where each reference was once it is settled; an editor
needs the opposite: for the word under the cursor, its kind, its definition and every use.
This walks one file's located nodes (the same nodes the loader read, so positions agree) and
records each id with its exact span. It never reports problems: the checker does that.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cellseven_game.engine.compile.yamlnodes import MapNode, Node, ScalarNode, SeqNode
from cellseven_game.engine.core.condition_parser import _KEYWORDS, _tokenize
from cellseven_game.engine.core.condition_types import ConditionError
from cellseven_game.lsp.spans import (
    Entry,
    FileIndex,
    Outline,
    Span,
    first_line_of,
    key_value_pairs,
    last_line_of,
    text_value,
)

_CONDITION_WORDS = {"has": "evidence", "met": "character", "visited": "scene", "visits": "scene"}


class _Walker:
    def __init__(self, path: str, lines: list[str]) -> None:
        self.lines = lines
        self.index = FileIndex(path)

    # -- recording -------------------------------------------------------------------

    def span(self, node: ScalarNode, offset: int = 0, length: int | None = None) -> Span:
        col = node.col
        row = self.lines[node.line - 1] if 0 < node.line <= len(self.lines) else ""
        if row[col - 1 : col] in ("'", '"'):
            col += 1
        size = len(str(node.value)) if length is None else length
        return Span(self.index.path, node.line, col + offset, col + offset + size)

    def add(self, kind: str, node: Node, defines: bool = False, **info: str) -> Entry | None:
        if not isinstance(node, ScalarNode) or not isinstance(node.value, str | int):
            return None
        if isinstance(node.value, bool):
            return None
        ident = str(node.value)
        if not ident or "\n" in ident:
            return None
        entry = Entry(kind, ident, self.span(node), defines, **info)
        self.index.entries.append(entry)
        if kind == "fact":
            self.fact_parts(node, ident)
        return entry

    def fact_parts(self, node: ScalarNode, ident: str) -> None:
        """`mina.mother` also names the character `mina`: its own, shorter span."""
        character, dot, _ = ident.partition(".")
        if dot and character:
            span = self.span(node, 0, len(character))
            self.index.entries.append(Entry("character", character, span))

    def ids(self, kind: str, node: Node) -> None:
        for item in node.items if isinstance(node, SeqNode) else [node]:
            self.add(kind, item)

    def condition(self, node: Node, own: Iterable[str] = ()) -> None:
        """The names a condition uses, each at its own column."""
        if not isinstance(node, ScalarNode) or not isinstance(node.value, str):
            return
        source = node.value
        if "\n" in source:
            return  # a multi-line condition: its columns are not the file's
        shift = 0
        if source.lstrip().startswith("="):  # `set: {x: "= y + 1"}`: an expression
            shift = source.index("=") + 1
        try:
            tokens = [tok._replace(col=tok.col + shift) for tok in _tokenize(source[shift:])]
        except ConditionError:
            return
        own = set(own)
        skip: set[int] = set()
        for i, tok in enumerate(tokens):
            if tok.kind != "name" or i in skip or tok.text in _KEYWORDS or tok.text in own:
                continue
            before = tokens[i - 1].text if i else ""
            if before == "knows":  # `knows mina.mother`: the fact, and its character
                after = tokens[i + 1 : i + 3]
                if len(after) == 2 and after[0].text == "." and after[1].kind == "name":
                    skip.add(i + 2)
                    size = after[1].col + len(after[1].text) - tok.col
                    fact = f"{tok.text}.{after[1].text}"
                    self.index.entries.append(
                        Entry("fact", fact, self.span(node, tok.col - 1, size))
                    )
                self.index.entries.append(
                    Entry("character", tok.text, self.span(node, tok.col - 1, len(tok.text)))
                )
                continue
            kind = _CONDITION_WORDS.get(before, "variable")
            self.index.entries.append(
                Entry(kind, tok.text, self.span(node, tok.col - 1, len(tok.text)))
            )

    # -- the format --------------------------------------------------------------------

    def file(self, root: Node) -> FileIndex:
        if not isinstance(root, MapNode):
            return self.index
        for section, (_, node) in root.items.items():
            if not isinstance(node, MapNode | SeqNode):
                continue
            if section == "story" and isinstance(node, MapNode):
                self.index.story_node = node
                self.story(node)
            elif section == "variables":
                self.variables(node)
            elif section == "characters":
                for key, value in key_value_pairs(node):
                    self.character(key, value)
            elif section == "evidence":
                for key, value in key_value_pairs(node):
                    self.evidence(key, value)
            elif section == "chapters":
                for key, value in key_value_pairs(node):
                    self.chapter(key, value)
            elif section == "trials":
                for key, value in key_value_pairs(node):
                    self.trial(key, value)
            elif section == "playthroughs":
                self.playthroughs(node)
        return self.index

    def variables(self, node: Node) -> None:
        for key, value in key_value_pairs(node):
            shown = value.text if isinstance(value, ScalarNode) else ""
            self.add(
                "variable", key, True, detail=f"starts at {shown}", hover=f"starts at `{shown}`"
            )

    def story(self, m: MapNode) -> None:
        for key, (_, node) in m.items.items():
            if key == "start":
                self.add("chapter", node)
            elif key == "chapters":
                self.ids("chapter", node)
            elif key == "variables":
                self.variables(node)
            elif key == "renamed":
                for _, new in key_value_pairs(node):
                    self.add("scene", new)

    def character(self, key: ScalarNode, node: Node) -> None:
        m = node if isinstance(node, MapNode) else MapNode.empty()
        name, role, bio = text_value(m, "name"), text_value(m, "role"), text_value(m, "bio")
        hover = (
            f"**{name or key.value}**"
            + (f", {role}" if role else "")
            + (f"\n\n{bio}" if bio else "")
        )
        self.add("character", key, True, detail=name + (f" ({role})" if role else ""), hover=hover)
        for fact_key, fact in key_value_pairs(m.items["facts"][1]) if "facts" in m.items else ():
            text = fact.value if isinstance(fact, ScalarNode) else ""
            entry = Entry(
                "fact",
                f"{key.value}.{fact_key.value}",
                self.span(fact_key),
                True,
                first_line_of(str(text)),
                f"**{name or key.value}**: {text}",
            )
            self.index.entries.append(entry)
        if "bond" in m.items:
            self.add("variable", m.items["bond"][1])

    def evidence(self, key: ScalarNode, node: Node) -> None:
        m = node if isinstance(node, MapNode) else MapNode.empty()
        name, kind = text_value(m, "name"), text_value(m, "kind") or "item"
        description, found = text_value(m, "description"), text_value(m, "found")
        hover = f"**{name or key.value}** ({kind})" + (f"\n\n{description}" if description else "")
        hover += f"\n\nFound: {found}" if found else ""
        self.add("evidence", key, True, detail=name, hover=hover)

    def chapter(self, key: ScalarNode, node: Node) -> None:
        m = node if isinstance(node, MapNode) else MapNode.empty()
        title, period, place = (
            text_value(m, "title"),
            text_value(m, "period"),
            text_value(m, "place"),
        )
        hover = f"**{title or key.value}**" + (f" ({period})" if period else "")
        hover += f"\n\n{place}" if place else ""
        entry = self.add("chapter", key, True, detail=title, hover=hover)
        outline = Outline(entry, last_line_of(node)) if entry is not None else None
        for field_key, (_, value) in m.items.items():
            if field_key == "start":
                self.add("scene", value)
            elif field_key == "witness":
                self.add("character", value)
            elif field_key == "entry" and isinstance(value, MapNode):
                self.entry(value)
            elif field_key == "scenes":
                for scene_key, scene in key_value_pairs(value):
                    scene_entry = self.scene(scene_key, scene, place)
                    if outline is not None and scene_entry is not None:
                        outline.scenes.append((scene_entry, last_line_of(scene)))
        if outline is not None:
            self.index.outline.append(outline)

    def entry(self, m: MapNode) -> None:
        kinds = {"evidence": "evidence", "met": "character", "facts": "fact", "visited": "scene"}
        for key, (_, value) in m.items.items():
            if key == "set":
                for name, _ in key_value_pairs(value):
                    self.add("variable", name)
            elif key in kinds:
                self.ids(kinds[key], value)

    def scene(self, key: ScalarNode, node: Node, chapter_place: str) -> Entry | None:
        m = node if isinstance(node, MapNode) else MapNode.empty()
        place = text_value(m, "place") or chapter_place
        text = text_value(m, "text")
        rows = [row.strip() for row in text.splitlines() if row.strip()][:3]
        hover = f"**{key.value}**" + (f" · {place}" if place else "")
        hover += ("\n\n" + "\n".join(rows)) if rows else ""
        entry = self.add("scene", key, True, detail=first_line_of(text) or place, hover=hover)
        for field_key, (_, value) in m.items.items():
            if field_key == "next":
                self.add("scene", value)
            elif field_key == "trial":
                self.add("trial", value)
            elif field_key == "lines":
                self.speakers(value)
            elif field_key == "do":
                self.effects(value)
            elif field_key == "choices" and isinstance(value, SeqNode):
                for choice in value.items:
                    if isinstance(choice, MapNode):
                        self.choice(choice)
        return entry

    def choice(self, m: MapNode) -> None:
        for key, (_, value) in m.items.items():
            if key == "goto":
                self.add("scene", value)
            elif key == "if":
                self.condition(value)
            elif key == "do":
                self.effects(value)

    def speakers(self, node: Node) -> None:
        for line in node.items if isinstance(node, SeqNode) else ():
            if isinstance(line, MapNode):
                for key, (speaker, value) in line.items.items():
                    if key == "if":  # a line said only when this holds
                        self.condition(value)
                    elif key != "text":  # `text:` beside `if:` is narration
                        self.add("character", speaker)

    def effects(self, node: Node) -> None:
        kinds = {"flag": "variable", "evidence": "evidence", "meet": "character", "reveal": "fact"}
        for item in node.items if isinstance(node, SeqNode) else ():
            if not isinstance(item, MapNode):
                continue
            for key, (_, value) in item.items.items():
                if key in ("set", "add"):
                    for name, amount in key_value_pairs(value):
                        self.add("variable", name)
                        text = amount.value if isinstance(amount, ScalarNode) else None
                        if isinstance(text, str) and (key == "add" or text.lstrip()[:1] == "="):
                            self.condition(amount)  # an expression: the names it reads
                elif key in kinds:
                    self.ids(kinds[key], value)

    def trial(self, key: ScalarNode, node: Node) -> None:
        m = node if isinstance(node, MapNode) else MapNode.empty()
        title = text_value(m, "title")
        self.add("trial", key, True, detail=title, hover=f"**{title or key.value}** (a trial)")
        claim_ids: list[str] = []
        for field_key, (_, value) in m.items.items():
            if field_key == "judge":
                self.add("character", value)
            elif field_key == "wrong":
                self.speakers(value)
            elif field_key == "claims":
                for claim in value.items if isinstance(value, SeqNode) else ():
                    if isinstance(claim, MapNode):
                        claim_ids.extend(self.claim(claim))
        verdict = m.items.get("verdict")
        for tier in verdict[1].items if verdict and isinstance(verdict[1], SeqNode) else ():
            if isinstance(tier, MapNode):
                self.tier(tier)

    def claim(self, m: MapNode) -> Iterator[str]:
        title = text_value(m, "title")
        if "id" in m.items:
            entry = self.add("claim", m.items["id"][1], True, detail=title, hover=f"**{title}**")
            if entry is not None:
                yield entry.ident
        for key, (_, value) in m.items.items():
            if key == "witness":
                self.add("character", value)
            elif key == "lines":
                self.speakers(value)
            elif key == "refuted" and isinstance(value, MapNode):
                self.outcome(value)
            elif key == "statements" and isinstance(value, SeqNode):
                for statement in value.items:
                    if isinstance(statement, MapNode):
                        self.statement(statement)

    def statement(self, m: MapNode) -> None:
        for key, (_, value) in m.items.items():
            if key == "refuted_by":
                self.ids("evidence", value)
            elif key == "wrong":
                self.speakers(value)
            elif key == "press" and isinstance(value, MapNode):
                self.outcome(value)

    def outcome(self, m: MapNode) -> None:
        for key, (_, value) in m.items.items():
            if key == "scene":
                self.add("scene", value)
            elif key == "lines":
                self.speakers(value)
            elif key == "do":
                self.effects(value)

    def tier(self, m: MapNode) -> None:
        for key, (_, value) in m.items.items():
            if key == "goto":
                self.add("scene", value)
            elif key == "refuted":
                for item in value.items if isinstance(value, SeqNode) else [value]:
                    if not (isinstance(item, ScalarNode) and item.value == "all"):
                        self.add("claim", item)
            elif key == "if":
                self.condition(value, ("refuted", "credibility", "claims"))

    def playthroughs(self, node: Node) -> None:
        for run in node.items if isinstance(node, SeqNode) else ():
            if not isinstance(run, MapNode):
                continue
            for key, (_, value) in run.items.items():
                if key == "chapter":
                    self.add("chapter", value)
                elif key == "reach":
                    self.add("scene", value)
                elif key == "evidence":
                    self.ids("evidence", value)
                elif key == "met":
                    self.ids("character", value)
                elif key == "variables":
                    for name, _ in key_value_pairs(value):
                        self.add("variable", name)


def index_file(path: str, text: str, root: Node | None) -> FileIndex:
    """Every id the file defines or uses; `root` is its parsed nodes (None: it did not parse)."""
    if root is None:
        return FileIndex(path)
    return _Walker(path, text.split("\n")).file(root)
