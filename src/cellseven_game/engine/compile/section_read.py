"""The builder's readers of a pack's files and sections: story, variables, characters,
evidence, chapters (with their entry state), and the canon file `story.canon` names."""

from __future__ import annotations

import re
from pathlib import Path

from cellseven_game.engine.compile import spec
from cellseven_game.engine.compile.builder_state import (
    BuilderState,
)
from cellseven_game.engine.compile.packfiles import shown_path as _shown
from cellseven_game.engine.compile.reader import where
from cellseven_game.engine.compile.yamlnodes import (
    MapNode,
    Node,
    ScalarNode,
    SeqNode,
)
from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.model import (
    Beat,
    Canon,
    Chapter,
    Character,
    EntryState,
    Evidence,
    Value,
    Where,
)

SECTIONS = spec.SECTIONS  # every key list comes from the format's one declaration
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class SectionReader(BuilderState):
    # -- files ---------------------------------------------------------------------------

    def read_file(self, path: Path) -> None:
        shown = _shown(path)
        root = self.source(path, shown, self.r.problems)
        if root is None:
            if not any(p.path == shown for p in self.r.problems):
                self.r.say(Where(shown, 0, 0), diagnostics.EMPTY_FILE)
            return
        if not isinstance(root, MapNode):
            form = "top_level_list" if isinstance(root, SeqNode) else "top_level_text"
            self.r.say(root, diagnostics.WRONG_SHAPE, form, sections=", ".join(SECTIONS))
            return
        if set(root.items) == {"canon"}:
            return  # a canon file kept in the pack: `story.canon` names it and canon() reads it
        sections = self.r.fields(root, "a story file", SECTIONS)
        if "story" in sections:
            if path.name != "story.yaml" or path.parent != self.root:
                self.r.say(root.items["story"][0], diagnostics.UNKNOWN_KEY, "story_elsewhere")
            else:
                story = self.r.mapping(sections["story"], "`story`")
                if story is not None:
                    self.story_node = (shown, story)
        for key, value in self.r.items_at(sections, "variables"):
            self.variable(key, value)
        for key, value in self.r.items_at(sections, "characters"):
            self.character(key, value)
        for key, value in self.r.items_at(sections, "evidence"):
            self.evidence_item(key, value)
        for key, value in self.r.items_at(sections, "chapters"):
            self.chapter(key, value)
        for key, value in self.r.items_at(sections, "trials"):
            self.trial_nodes.append((shown, key, value))
        if "playthroughs" in sections:
            self.playthrough_nodes.append(sections["playthroughs"])

    # -- sections ------------------------------------------------------------------------

    def variable(self, key: ScalarNode, node: Node) -> None:
        name = self.unique("variable", key)
        value = self.r.value(node, f"the starting value of `{key.text}`")
        if name is not None and value is not None:
            self.variables[name] = (value, where(key))

    def character(self, key: ScalarNode, node: Node) -> None:
        ident = self.unique("character", key)
        m = self.r.mapping(node, f"character `{key.text}`")
        if ident is None or m is None:
            return
        f = self.r.section(m, f"character `{ident}`", spec.CHARACTER)
        facts: list[tuple[str, str]] = []
        for fact_key, fact_node in self.r.items_at(f, "facts"):
            fact_id = self.r.ident(fact_key, "fact id")
            text = self.r.text(fact_node, f"fact `{fact_key.text}`")
            if fact_id is not None and text is not None:
                facts.append((fact_id, text))
        color = self.r.text_at(f, "color")
        if color is not None and not COLOR.match(color):
            self.r.say(f["color"], diagnostics.WRONG_SHAPE, "colour", color=color)
            color = None
        bond = None
        if "bond" in f:
            bond = self.r.ident(f["bond"], "`bond`")
            if bond is not None:
                self.refs.variables_read.append((bond, f["bond"]))
        roster = self.r.boolean(f["roster"], "`roster`") if "roster" in f else True
        self.characters[ident] = Character(
            id=ident,
            name=self.r.text_at(f, "name") or ident,
            role=self.r.text_at(f, "role") or "",
            bio=self.r.text_at(f, "bio") or "",
            color=color,
            facts=tuple(facts),
            bond=bond,
            roster=roster is not False,
            where=where(key),
        )

    def evidence_item(self, key: ScalarNode, node: Node) -> None:
        ident = self.unique("evidence", key)
        m = self.r.mapping(node, f"evidence `{key.text}`")
        if ident is None or m is None:
            return
        f = self.r.section(m, f"evidence `{ident}`", spec.EVIDENCE)
        kind = self.r.text_at(f, "kind") or "item"
        if kind not in ("item", "testimony"):
            self.r.say(f["kind"], diagnostics.WRONG_SHAPE, "evidence_kind", kind=kind)
            kind = "item"
        self.evidence[ident] = Evidence(
            id=ident,
            name=self.r.text_at(f, "name") or ident,
            kind="testimony" if kind == "testimony" else "item",
            description=self.r.text_at(f, "description") or "",
            found=self.r.text_at(f, "found") or "",
            where=where(key),
        )

    def chapter(self, key: ScalarNode, node: Node) -> None:
        ident = self.unique("chapter", key)
        m = self.r.mapping(node, f"chapter `{key.text}`")
        if ident is None or m is None:
            return
        what = f"chapter `{ident}`"
        f = self.r.section(m, what, spec.CHAPTER)
        start = self.named(f, "start", self.refs.scenes, "the chapter's `start`")
        witness = self.named(f, "witness", self.refs.characters)
        scene_ids: list[str] = []
        for scene_key, scene_node in self.r.items_at(f, "scenes"):
            scene_id = self.scene(ident, scene_key, scene_node)
            if scene_id is not None:
                scene_ids.append(scene_id)
        if start is not None and start not in scene_ids:
            self.refs.starts.append((start, f["start"], ident, scene_ids))
        self.chapters[ident] = Chapter(
            id=ident,
            title=self.r.text_at(f, "title") or ident,
            period=self.r.text_at(f, "period") or "",
            start=start or "",
            place=self.r.text_at(f, "place") or "",
            frame=self.r.text_at(f, "frame") or "",
            witness=witness,
            entry=self.entry(f["entry"]) if "entry" in f else EntryState(),
            scenes=tuple(scene_ids),
            where=where(key),
        )

    def entry(self, node: Node) -> EntryState:
        m = self.r.mapping(node, "`entry`")
        if m is None:
            return EntryState()
        f = self.r.section(m, "`entry`", spec.ENTRY)
        variables: list[tuple[str, Value]] = []
        for var_key, var_node in self.r.items_at(f, "set"):
            value = self.r.value(var_node, f"the value of `{var_key.text}`")
            if value is not None:
                variables.append((var_key.text, value))
                self.refs.variables_set.append((var_key.text, var_key, value))

        def ids(key: str, what: str) -> tuple[str, ...]:
            if key not in f:
                return ()
            out = []
            for ident, item in self.r.ident_list(f[key], what):
                out.append(ident)
                target = {
                    "evidence": self.refs.evidence,
                    "met": self.refs.characters,
                    "visited": self.refs.scenes,
                }[key]
                target.append((ident, where(item), f"`entry.{key}`"))
            return tuple(out)

        facts: list[str] = []
        for item in self.r.sequence_at(f, "facts"):
            pair = self.fact_ref(item)
            if pair is not None:
                facts.append(f"{pair[0]}.{pair[1]}")
        return EntryState(
            variables=tuple(variables),
            evidence=ids("evidence", "evidence id"),
            met=ids("met", "character id"),
            facts=tuple(facts),
            visited=ids("visited", "scene id"),
        )

    def fact_ref(self, node: Node) -> tuple[str, str] | None:
        text = self.r.text(node, "a fact")
        if text is None:
            return None
        character, dot, fact = text.partition(".")
        if not dot or not character or not fact:
            self.r.say(node, diagnostics.WRONG_SHAPE, "fact_ref", text=text)
            return None
        self.refs.facts.append((character, fact, node))
        return character, fact

    # -- the whole pack ------------------------------------------------------------------

    def story_section(self) -> dict[str, object] | None:
        if self.story_node is None:
            return None
        _, m = self.story_node
        f = self.r.section(m, "`story`", spec.STORY)
        out: dict[str, object] = {
            "title": self.r.text_at(f, "title") or "",
            "content_note": self.r.text_at(f, "content_note") or "",
            "id": self.r.ident(f["id"], "the story's `id`") if "id" in f else "",
        }
        out["start"] = self.named(f, "start", self.refs.chapters)
        order: list[str] = []
        listed: set[str] = set()  # a set beside the list: 10,000 chapters are no rarity
        if "chapters" in f:
            for ident, item in self.r.ident_list(f["chapters"], "chapter id"):
                if ident in listed:
                    self.r.say(item, diagnostics.DEFINED_TWICE, "listed", ident=ident)
                    continue
                listed.add(ident)
                order.append(ident)
                self.refs.chapters.append((ident, item, "the chapter order"))
        out["order"] = order
        out["order_node"] = f.get("chapters")
        for key, value in self.r.items_at(f, "variables"):
            self.variable(key, value)
        renamed: dict[str, str] = {}
        for old, new_node in self.r.items_at(f, "renamed"):
            new = self.r.ident(new_node, "the new scene id")
            if new is not None:
                renamed[old.text] = new
                self.refs.scenes.append((new, new_node, "`renamed`"))
        out["renamed"] = renamed
        out["canon"] = f.get("canon")
        return out

    def canon(self, node: Node) -> Canon | None:
        rel = self.r.text(node, "`canon`")
        if rel is None:
            return None
        try:
            # Nothing a pack names is read from outside it: the path is resolved (every link,
            # every `..`) first, and only a plain file inside the pack's own folder is opened.
            path = (self.root / rel).resolve()
            inside = path.is_relative_to(self.root.resolve())
        except (OSError, ValueError, RuntimeError):  # a NUL in the name, a loop of links
            self.r.say(node, diagnostics.UNREADABLE, "canon_unopenable", name=rel)
            return None
        if not inside:
            self.r.say(node, diagnostics.UNREADABLE, "canon_outside", name=rel)
            return None
        shown = _shown(path)
        if not path.is_file():
            form = "canon_not_file" if path.exists() else ""
            self.r.say(node, diagnostics.UNREADABLE, form, name=rel, looked=shown)
            return None
        root = self.source(path, shown, self.r.problems)
        if root is None:
            return None
        top = self.r.mapping(root, "a canon file")
        if top is None:
            return None
        canon_node = self.r.section(top, "a canon file", spec.CANON_FILE).get("canon")
        if canon_node is None:
            return None
        m = self.r.mapping(canon_node, "`canon`")
        if m is None:
            return None
        f = self.r.section(m, "`canon`", spec.CANON)
        beats: list[Beat] = []
        seen: set[str] = set()
        for item in self.r.sequence_at(f, "beats"):
            bm = self.r.mapping(item, "a beat")
            if bm is None:
                continue
            bf = self.r.section(bm, "a beat", spec.BEAT)
            ident = self.r.ident(bf["id"], "beat id") if "id" in bf else None
            if ident is None:
                continue
            if ident in seen:
                self.r.say(bf["id"], diagnostics.DEFINED_TWICE, "beat_listed", ident=ident)
                continue
            seen.add(ident)
            beats.append(
                Beat(
                    id=ident,
                    fact=self.r.text_at(bf, "fact") or "",
                    source=self.r.text_at(bf, "source") or "",
                    chapter=self.r.text_at(bf, "chapter"),
                    where=where(bf["id"]),
                )
            )
        return Canon(shown, tuple(beats))
