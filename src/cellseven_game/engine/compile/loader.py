"""Load a story pack from a folder of YAML files and check it deeply.

`check_pack` never raises for anything in the files: it returns the story it could build
(None when there are errors) and every problem found in every file. `load_story` raises
StoryError when there are errors.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cellseven_game.engine.compile import (
    cache,
    graph_checks,
    playthrough_read,
    spec,
    trial_checks,
    trial_read,
)
from cellseven_game.engine.compile.packfiles import NO_STORY_FILE, check_root, pack_files
from cellseven_game.engine.compile.packfiles import shown_path as _shown
from cellseven_game.engine.compile.reader import Located, Reader, near_miss, where
from cellseven_game.engine.compile.yamlnodes import (
    MapNode,
    Node,
    ScalarNode,
    SeqNode,
    parse,
    read_text,
)
from cellseven_game.engine.core import condition_types, conditions, diagnostics, template
from cellseven_game.engine.core.errors import Diagnostic, Problem, StoryError
from cellseven_game.engine.core.model import (
    AddEvidence,
    AddVar,
    Beat,
    Canon,
    Chapter,
    Character,
    Choice,
    Effect,
    EntryState,
    Evidence,
    Line,
    Meet,
    Reveal,
    Scene,
    SetVar,
    Story,
    Value,
    Where,
)

SECTIONS = spec.SECTIONS  # every key list comes from the format's one declaration
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

Source = Callable[[Path, str, list[Problem]], Node | None]
"""Reads one file of the pack into nodes, noting its problems under its shown path."""


def read_nodes(path: Path, shown: str, problems: list[Problem]) -> Node | None:
    """The default source: the file as it is on disk."""
    text = read_text(path, shown, problems)
    return parse(text, shown, problems) if text is not None else None


def slug(label: str) -> str:
    """The default choice id: the label lowercased, other characters folded to '_'."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "choice"


@dataclass
class _Refs:
    """References gathered while reading, checked once everything is known."""

    scenes: list[tuple[str, Located, str]] = field(default_factory=list)  # id, where, what
    chapters: list[tuple[str, Located, str]] = field(default_factory=list)
    characters: list[tuple[str, Located, str]] = field(default_factory=list)
    evidence: list[tuple[str, Located, str]] = field(default_factory=list)
    facts: list[tuple[str, str, Located]] = field(default_factory=list)
    variables_read: list[tuple[str, Located]] = field(default_factory=list)
    variables_set: list[tuple[str, Located, Value | None]] = field(default_factory=list)
    variables_added: list[tuple[str, Located]] = field(default_factory=list)
    trials: list[tuple[str, Located]] = field(default_factory=list)
    beats: list[tuple[str, Located]] = field(default_factory=list)
    # Expressions to type-check once every variable is declared: (source, node, the type its
    # place needs or "=NAME" for the type of variable NAME, names its reader supplies).
    # `base`: where the source starts in the node's text (an expression inside a text).
    typed: list[tuple[str, Node, str, Collection[str], int]] = field(default_factory=list)
    names: list[tuple[str, Located]] = field(default_factory=list)  # `{ID.name}` in texts
    # `set: {name: "text"}` read before `name` was declared: an expression if it is a number
    # or a flag (see `expression_sets`).
    undecided: list[tuple[SetVar, Node]] = field(default_factory=list)
    # Where each variable is first read and first set, for CS203/CS204 at the use.
    first_read: dict[str, Located] = field(default_factory=dict)
    first_set: dict[str, Located] = field(default_factory=dict)


@dataclass
class CheckResult:
    story: Story | None
    problems: list[Problem]
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class _Builder:
    def __init__(self, root: Path, source: Source = read_nodes) -> None:
        self.root = root
        self.source = source
        self.r = Reader()
        self.refs = _Refs()
        self.story_node: tuple[str, MapNode] | None = None
        self.variables: dict[str, tuple[Value, Where]] = {}
        self.chapters: dict[str, Chapter] = {}
        self.scenes: dict[str, Scene] = {}
        self.characters: dict[str, Character] = {}
        self.evidence: dict[str, Evidence] = {}
        self.trial_nodes: list[tuple[str, ScalarNode, Node]] = []
        self.playthrough_nodes: list[Node] = []  # story tests: checked, not part of the story
        self.first_seen: dict[tuple[str, str], Where] = {}

    # -- files ---------------------------------------------------------------------------

    def read_file(self, path: Path) -> None:
        shown = _shown(path)
        root = self.source(path, shown, self.r.problems)
        if root is None:
            if not any(p.path == shown for p in self.r.problems):
                self.r.say(Where(shown, 0, 0), diagnostics.EMPTY_FILE)
            return
        if not isinstance(root, MapNode):
            self.r.report(
                root,
                diagnostics.WRONG_SHAPE,
                "the top level of a story file must be a mapping of sections "
                f"({', '.join(SECTIONS)}), not {'a list' if isinstance(root, SeqNode) else 'text'}",
            )
            return
        if set(root.items) == {"canon"}:
            return  # a canon file kept in the pack: `story.canon` names it and canon() reads it
        sections = self.r.fields(root, "a story file", SECTIONS)
        if "story" in sections:
            if path.name != "story.yaml" or path.parent != self.root:
                self.r.report(
                    root.items["story"][0],
                    diagnostics.UNKNOWN_KEY,
                    "`story:` belongs in the pack's top-level story.yaml; move it there",
                )
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

    def unique(self, kind: str, key: ScalarNode) -> str | None:
        """The id if it is valid and new for its kind; reports duplicates with both places."""
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
                first=f"{earlier.path}:{earlier.line}",
            )
            return None
        self.first_seen[(kind, ident)] = where(key)
        return ident

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
            self.r.report(
                f["color"], diagnostics.WRONG_SHAPE, f'colour `{color}` must be written "#rrggbb"'
            )
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
            self.r.report(
                f["kind"],
                diagnostics.WRONG_SHAPE,
                f"`kind` must be `item` or `testimony`, not `{kind}`",
            )
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
            self.r.say(
                f["start"],
                diagnostics.START_OUTSIDE_CHAPTER,
                start=start,
                chapter=ident,
                hint=near_miss(start, scene_ids),
            )
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
            self.r.report(
                node, diagnostics.WRONG_SHAPE, f"`{text}` must name a fact as `character.fact`"
            )
            return None
        self.refs.facts.append((character, fact, node))
        return character, fact

    def scene(self, chapter: str, key: ScalarNode, node: Node) -> str | None:
        ident = self.unique("scene", key)
        m = self.r.mapping(node, f"scene `{key.text}`")
        if ident is None or m is None:
            return None
        what = f"scene `{ident}`"
        f = self.r.section(m, what, spec.SCENE)
        choices: list[Choice] = []
        seen_choice: dict[str, Where] = {}
        for item in self.r.sequence_at(f, "choices"):
            choice = self.choice(item)
            if choice is None:
                continue
            if choice.id in seen_choice:
                self.r.say(choice.where, diagnostics.SAME_CHOICE_ID, scene=ident, ident=choice.id)
                continue
            seen_choice[choice.id] = choice.where
            choices.append(choice)
        nxt = self.named(f, "next", self.refs.scenes)
        end = None
        if "end" in f:
            end_node = f["end"]
            if isinstance(end_node, ScalarNode) and end_node.value is True:
                end = ident
            else:
                end = self.r.ident(end_node, "`end`")
        trial = None
        if "trial" in f:
            trial = self.r.ident(f["trial"], "`trial`")
            if trial is not None:
                self.refs.trials.append((trial, f["trial"]))
        beats: list[str] = []
        if "beats" in f:
            for beat, item in self.r.ident_list(f["beats"], "beat id"):
                beats.append(beat)
                self.refs.beats.append((beat, item))
        self.scenes[ident] = Scene(
            id=ident,
            chapter=chapter,
            place=self.r.text_at(f, "place") or "",
            period=self.r.text_at(f, "period") or "",
            text=self.text_of(f, "text") or "",
            lines=self.lines(f),
            effects=self.effects(f["do"]) if "do" in f else (),
            choices=tuple(choices),
            next=nxt,
            end=end,
            beats=tuple(beats),
            trial=trial,
            where=where(key),
        )
        return ident

    def named(
        self, f: dict[str, Node], key: str, refs: list[tuple[str, Located, str]], what: str = ""
    ) -> str | None:
        """The id under `key`, noted in `refs` to be checked once every file is read."""
        if key not in f:
            return None
        ident = self.r.ident(f[key], f"`{key}`")
        if ident is not None:
            refs.append((ident, f[key], what or f"`{key}`"))
        return ident

    def lines(self, f: dict[str, Node], key: str = "lines") -> tuple[Line, ...]:
        read = (self.line(item) for item in self.r.sequence_at(f, key))
        return tuple(line for line in read if line is not None)

    def line(self, node: Node) -> Line | None:
        if isinstance(node, ScalarNode):
            text = self.r.text(node, "a line of narration")
            if text is not None:
                self.template(node, text)
            return Line(None, text) if text is not None else None
        m = self.r.mapping(node, "a line")
        if m is None:
            return None
        items = dict(m.items)
        condition_node = items.pop("if")[1] if "if" in items and len(items) == 2 else None
        if len(items) != 1:
            self.r.report(
                m,
                diagnostics.WRONG_SHAPE,
                'a line is one `speaker: "what they say"`; split it into several lines',
            )
            return None
        ((speaker_key, text_node),) = items.values()
        condition = self.condition(condition_node) if condition_node is not None else None
        if speaker_key.text == "text" and condition_node is not None:
            narration = self.r.text(text_node, "the line")
            if narration is not None:
                self.template(text_node, narration)
                return Line(None, narration, condition)
            return None
        speaker = self.r.ident(speaker_key, "speaker")
        text = self.r.text(text_node, "the line")
        if speaker is None or text is None:
            return None
        self.template(text_node, text)
        self.refs.characters.append((speaker, speaker_key, "speaker"))
        return Line(speaker, text, condition)

    def choice(self, node: Node) -> Choice | None:
        m = self.r.mapping(node, "a choice")
        if m is None:
            return None
        f = self.r.section(m, "a choice", spec.CHOICE)
        label = self.text_of(f, "label")
        goto = self.named(f, "goto", self.refs.scenes)
        ident = self.r.ident(f["id"], "choice `id`") if "id" in f else None
        condition = self.condition(f["if"]) if "if" in f else None
        when_false = self.r.text_at(f, "when_false") or "hide"
        if when_false not in ("hide", "disable"):
            self.r.report(
                f["when_false"],
                diagnostics.WRONG_SHAPE,
                f"`when_false` must be `hide` or `disable`, not `{when_false}`",
            )
            when_false = "hide"
        once = self.r.boolean(f["once"], "`once`") if "once" in f else True
        if label is None or goto is None:
            return None
        return Choice(
            id=ident or slug(label),
            label=label,
            goto=goto,
            condition=condition,
            when_false="disable" if when_false == "disable" else "hide",
            once=once is not False,
            effects=self.effects(f["do"]) if "do" in f else (),
            where=where(m),
        )

    def condition(self, node: Node) -> str | None:
        if isinstance(node, ScalarNode) and isinstance(node.value, bool):
            self.r.report(
                node,
                diagnostics.BAD_CONDITION,
                "a condition of plain true/false is always the same; remove `if`",
            )
            return None
        return self.parsed_condition(node)

    def parsed_condition(self, node: Node, own_names: Collection[str] = ()) -> str | None:
        """The condition's source if it parses, with what it names noted for the checks.

        `own_names` are names its reader supplies (a verdict rule's `refuted`, ...), not
        story variables, so they are not checked against `variables:`.
        """
        source = self.r.text(node, "the condition")
        if source is None:
            return None
        try:
            _, refs = conditions.parse(source)
        except condition_types.ConditionError as exc:
            self.r.say(
                _inside(node, source, exc.column), diagnostics.BAD_CONDITION, problem=exc.message
            )
            return None
        at = node
        self.refs.typed.append((source, node, "flag", own_names, 0))
        self.refs.variables_read.extend(
            (n, _inside(node, source, refs.columns.get(n, 1)))
            for n in refs.variables
            if n not in own_names
        )
        self.refs.evidence.extend((e, at, "`has`") for e in refs.evidence)
        self.refs.characters.extend((c, at, "`met`") for c in refs.characters)
        self.refs.facts.extend((c, fact, at) for c, fact in refs.facts)
        self.refs.scenes.extend((s, at, "`visited`/`visits`") for s in refs.scenes)
        return source

    def effects(self, node: Node) -> tuple[Effect, ...]:
        out: list[Effect] = []
        for item in self.r.sequence(node, "`do`"):
            m = self.r.mapping(item, "an effect")
            if m is None:
                continue
            f = self.r.section(m, "an effect", spec.EFFECT)
            if len(m.items) != 1:
                self.r.report(
                    m,
                    diagnostics.WRONG_SHAPE,
                    "an effect is one `key: value`; put each on its own '- ' line",
                )
                continue
            for kind, value in f.items():
                out.extend(self.effect(kind, value))
        return tuple(out)

    def effect(self, kind: str, node: Node) -> Iterator[Effect]:
        if kind in ("set", "add"):
            for var_key, var_node in self.r.items(node, f"`{kind}`"):
                name = var_key.text
                if kind == "set":
                    value = self.r.value(var_node, f"the value of `{name}`")
                    if value is not None:
                        yield from self.set_effect(name, var_key, var_node, value)
                elif _is_text(var_node):
                    text = str(var_node.value).lstrip()  # type: ignore[attr-defined]
                    source = self.expression(var_node, f":{name}", text.removeprefix("="))
                    if source is not None:
                        self.refs.variables_added.append((name, var_key))
                        yield AddVar(name, 0, source)
                else:
                    amount = self.r.number(var_node, f"the amount added to `{name}`")
                    if amount is not None:
                        self.refs.variables_added.append((name, var_key))
                        yield AddVar(name, amount)
        elif kind == "flag":
            for name, item in self.r.ident_list(node, "flag"):
                self.refs.variables_set.append((name, item, True))
                yield SetVar(name, True)
        elif kind == "evidence":
            for ident, item in self.r.ident_list(node, "evidence id"):
                self.refs.evidence.append((ident, item, "`evidence`"))
                yield AddEvidence(ident)
        elif kind == "meet":
            for ident, item in self.r.ident_list(node, "character id"):
                self.refs.characters.append((ident, item, "`meet`"))
                yield Meet(ident)
        elif kind == "reveal":
            items = node.items if isinstance(node, SeqNode) else [node]
            for item in items:
                pair = self.fact_ref(item)
                if pair is not None:
                    yield Reveal(*pair)

    def set_effect(self, name: str, key: ScalarNode, node: Node, value: Value) -> Iterator[Effect]:
        """`set: {name: value}`: a literal, or an expression computed at play.

        Text is always a literal for a text variable unless it starts with `=`; for a number
        or a flag, text can only be an expression (`score * 2 + bonus`), so it is one.
        """
        if not isinstance(value, str) or not _is_text(node):
            self.refs.variables_set.append((name, key, value))
            yield SetVar(name, value)
            return
        declared = self.variables.get(name)
        if value.lstrip().startswith("="):
            source = self.expression(node, name, value.lstrip()[1:])
        elif declared is not None and not isinstance(declared[0], str):
            source = self.expression(node, name, value)
        else:
            effect = SetVar(name, value)
            self.refs.variables_set.append((name, key, None))
            if declared is None:
                self.refs.undecided.append((effect, node))
            yield effect
            return
        self.refs.variables_set.append((name, key, None))
        if source is not None:
            yield SetVar(name, value, source)

    def expression(self, node: Node, target: str, source: str) -> str | None:
        """An expression whose value goes into variable `target` (`=:NAME` for an amount
        added to it); parsed now, type-checked once every variable is declared."""
        try:
            _, refs = conditions.parse(source)
        except condition_types.ConditionError as exc:
            offset = len(self.r.text(node, "the value") or "") - len(source)
            self.r.report(
                _inside(node, source, exc.column + offset),
                diagnostics.BAD_CONDITION,
                f"expression does not parse: {exc.message}",
            )
            return None
        text = self.r.text(node, "the value") or ""
        base = len(text) - len(source)
        self.refs.typed.append((source, node, f"={target}", (), base))
        self.note_refs(refs, node, text, base)
        return source

    def note_refs(
        self, refs: condition_types.References, node: Node, text: str = "", base: int = 0
    ) -> None:
        """What an expression names, to be checked once every file is read; a variable is
        located at its own token (`base`: where the expression starts within `text`)."""
        self.refs.variables_read.extend(
            (n, _inside(node, text, base + refs.columns.get(n, 1)) if text else node)
            for n in refs.variables
        )
        self.refs.evidence.extend((e, node, "`has`") for e in refs.evidence)
        self.refs.characters.extend((c, node, "`met`") for c in refs.characters)
        self.refs.facts.extend((c, fact, node) for c, fact in refs.facts)
        self.refs.scenes.extend((s, node, "`visited`/`visits`") for s in refs.scenes)

    def text_of(self, f: dict[str, Node], key: str) -> str | None:
        """A text that may hold `{...}`: read, and its template checked."""
        text = self.r.text_at(f, key)
        if text is not None and key in f:
            self.template(f[key], text)
        return text

    def template(self, node: Node, text: str) -> None:
        """Check a text's `{...}`: it parses, its names exist, its expressions type-check."""
        if template.is_plain(text):
            return
        try:
            parts = template.parse_template(text)
        except template.TemplateError as exc:
            self.r.report(_inside(node, text, exc.column), diagnostics.BAD_TEXT_FIELD, exc.message)
            return
        for part in template.walk(parts):
            if part.kind == "name":
                self.refs.names.append((part.text, _inside(node, text, part.offset + 1)))
            elif part.kind in ("expr", "if"):
                try:
                    _, refs = conditions.parse(part.text)
                except condition_types.ConditionError as exc:
                    at = _inside(node, text, part.offset + exc.column)
                    self.r.say(at, diagnostics.BAD_TEXT_FIELD, text=part.text, problem=exc.message)
                    continue
                want = "flag" if part.kind == "if" else "any"
                self.refs.typed.append((part.text, node, want, (), part.offset))
                self.note_refs(refs, node, text, part.offset)

    def expression_sets(self) -> None:
        """Settle `set: {name: "text"}` written before `name` was declared (see set_effect)."""
        for effect, node in self.refs.undecided:
            declared = self.variables.get(effect.name)
            if declared is None or isinstance(declared[0], str):
                continue
            source = self.expression(node, effect.name, str(effect.value))
            if source is not None:
                # The scene holding this effect is already built; the effect is still ours.
                object.__setattr__(effect, "expr", source)
        self.refs.undecided = []

    def check_types(self) -> None:
        """Every condition and expression against the declared types (CS114, CS107)."""
        types = {
            name: condition_types.type_of(value) for name, (value, _) in self.variables.items()
        }
        for source, node, want, own, base in self.refs.typed:
            local = types
            if own:  # verdict rules' own names: numbers (copied only then: 1,000s of names)
                local = dict(types)
                local.update(dict.fromkeys(own, "number"))
            target = want[1:] if want.startswith("=") else None
            needed: str | None = None if want == "any" else want
            if target is not None:
                adding = target.startswith(":")
                name = target[1:] if adding else target
                needed = "number" if adding else types.get(name)
            try:
                found = conditions.typecheck(source, local, None)
            except condition_types.ConditionError as exc:
                text = self.r.text(node, "the value") or source
                self.r.report(
                    _inside(node, text, base + exc.column), diagnostics.MIXED_TYPES, exc.message
                )
                continue
            if needed is None or found is None or found == needed:
                continue
            if target is None:
                if base:  # `{CONDITION: ...}` inside a text
                    text = self.r.text(node, "the text") or source
                    self.r.report(
                        _inside(node, text, base + 1),
                        diagnostics.MIXED_TYPES,
                        f"`{{{source}: ...}}` needs a true/false condition, but this is "
                        f"{condition_types.TYPE_WORDS[found]}",
                    )
                    continue
                hint = {"number": " > 0", "text": ' == "word"'}.get(found, "")
                lead = len(source) - len(source.lstrip())  # at the expression, not its spaces
                self.r.report(
                    _inside(node, source, lead + 1),
                    diagnostics.MIXED_TYPES,
                    "a condition must be true or false, but this is "
                    + condition_types.TYPE_WORDS[found]
                    + (f"; compare it, as in `{source.strip()}{hint}`" if hint else ""),
                )
            else:
                self.r.report(
                    node,
                    diagnostics.WRONG_TYPE,
                    f"this expression gives {condition_types.TYPE_WORDS[found]}, but `{name}` is "
                    f"{condition_types.TYPE_WORDS[needed]}",
                )
        self.refs.typed = []

    def variable_use(self) -> None:
        """CS203/CS204, each at the use: every read and every write of the whole pack has
        passed through `settle` (conditions, expressions, text, bonds, trial rules and
        effects, chapter entries), so nothing is missed."""
        refs = self.refs
        for name in sorted(set(refs.first_set) - set(refs.first_read)):
            if name in self.variables:
                at = refs.first_set[name]
                self.r.say(at, diagnostics.SET_NEVER_READ, name=name)
        for name in sorted(set(refs.first_read) - set(refs.first_set)):
            if name in self.variables:
                at = refs.first_read[name]
                start = condition_types.literal(self.variables[name][0])
                self.r.say(at, diagnostics.READ_NEVER_SET, name=name, start=start)

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
        if "chapters" in f:
            for ident, item in self.r.ident_list(f["chapters"], "chapter id"):
                if ident in order:
                    self.r.report(
                        item,
                        diagnostics.DEFINED_TWICE,
                        f"chapter `{ident}` is listed twice; keep one",
                    )
                    continue
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
            self.r.report(
                node, diagnostics.UNREADABLE, f"canon file `{rel}` cannot be opened; check the path"
            )
            return None
        if not inside:
            self.r.report(
                node,
                diagnostics.UNREADABLE,
                f"canon file `{rel}` is outside the pack, so it was not read; move it into "
                "the pack's folder and name it from there (`canon: canon.yaml`)",
            )
            return None
        shown = _shown(path)
        if not path.is_file():
            what = "is not a plain file" if path.exists() else "not found"
            self.r.report(
                node, diagnostics.UNREADABLE, f"canon file `{rel}` {what} (looked for {shown})"
            )
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
                self.r.report(
                    bf["id"],
                    diagnostics.DEFINED_TWICE,
                    f"beat `{ident}` is listed twice; rename one",
                )
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

    def build(self) -> Story | None:
        r = self.r
        story_path = self.root / "story.yaml"
        files = pack_files(self.root, r)
        if story_path not in files:
            r.report(
                Where(_shown(story_path), 0, 0),
                diagnostics.MISSING_KEY,
                NO_STORY_FILE,
            )
        # story.yaml first: its variables are then known to every file read after it.
        files.sort(key=lambda path: path != story_path)
        head: dict[str, object] | None = None
        for path in files:
            self.read_file(path)
            if path == story_path:
                head = self.story_section()
            self.settle()
        if story_path not in files:
            head = self.story_section()
        shown_story = _shown(story_path)
        story_failed = any(p.path == shown_story and p.severity == "error" for p in r.problems)
        if head is None and story_path in files and not story_failed:
            r.report(
                Where(_shown(story_path), 1, 1),
                diagnostics.MISSING_KEY,
                "story.yaml needs a `story:` section",
            )
        canon = self.canon(head["canon"]) if head and isinstance(head["canon"], Node) else None
        trials = trial_read.read(self, self.trial_nodes)
        self.expression_sets()
        self.settle()
        self.check_references(head, canon)
        self.check_types()
        if head is not None and not any(p.severity == "error" for p in r.problems):
            order = [str(c) for c in head["order"]]  # type: ignore[attr-defined]
            variables = {name: value for name, (value, _) in self.variables.items()}
            r.problems.extend(
                trial_checks.check(trials, self.scenes, self.chapters, order, variables)
            )
        if any(p.severity == "error" for p in r.problems) or head is None:
            return None
        self.variable_use()  # only on a whole pack: a read lost to an error is no evidence
        story = Story(
            root=self.root,
            title=str(head["title"]),
            start=str(head["start"]),
            chapter_order=tuple(head["order"]),  # type: ignore[arg-type]
            variables={name: value for name, (value, _) in self.variables.items()},
            chapters=self.chapters,
            scenes=self.scenes,
            characters=self.characters,
            evidence=self.evidence,
            trials=dict(trials),
            canon=canon,
            content_note=str(head["content_note"]),
            renamed=dict(head["renamed"]),  # type: ignore[call-overload]
            version=graph_version(self.scenes),
            story_id=str(head["id"] or ""),
        )

        r.problems.extend(graph_checks.graph_warnings(story))
        if self.playthrough_nodes:
            r.problems.extend(playthrough_read.check_section(story, self.playthrough_nodes))
        return story

    def settle(self) -> None:
        """Check the references whose targets are known by now, and forget them.

        Most references point into their own file or at what earlier files declared, so a
        large pack never holds them all at once; the rest wait for `check_references`.
        """
        refs = self.refs
        for name, at in refs.variables_read:
            _keep_first(refs.first_read, name, at)
        for name, at, _ in refs.variables_set:
            _keep_first(refs.first_set, name, at)
        for name, at in refs.variables_added:
            _keep_first(refs.first_set, name, at)
        refs.scenes = [ref for ref in refs.scenes if ref[0] not in self.scenes]
        refs.characters = [ref for ref in refs.characters if ref[0] not in self.characters]
        refs.evidence = [ref for ref in refs.evidence if ref[0] not in self.evidence]
        refs.variables_read = [ref for ref in refs.variables_read if ref[0] not in self.variables]
        waiting: list[tuple[str, Located, Value | None]] = []
        for name, at, value in refs.variables_set:
            declared = self.variables.get(name)
            if declared is None:
                waiting.append((name, at, value))
            elif value is not None:
                self.check_type(name, at, value, declared[0])
        refs.variables_set = waiting
        added: list[tuple[str, Located]] = []
        for name, at in refs.variables_added:
            declared = self.variables.get(name)
            if declared is None:
                added.append((name, at))
            else:
                self.check_number(name, at, declared[0])
        refs.variables_added = added

    def check_type(self, name: str, at: Located, value: Value, declared: Value) -> None:
        if _type_name(value) != _type_name(declared):
            self.r.say(
                at,
                diagnostics.WRONG_TYPE,
                name=name,
                declared=_type_name(declared),
                found=_type_name(value),
            )

    def check_number(self, name: str, at: Located, declared: Value) -> None:
        if _type_name(declared) != "a number":
            self.r.report(
                at,
                diagnostics.WRONG_TYPE,
                f"`add` needs a number variable; `{name}` is {_type_name(declared)}",
            )

    def declared(self, name: str, at: Located) -> tuple[Value, Where] | None:
        """The variable's starting value and place; reported when it is not declared."""
        found = self.variables.get(name)
        if found is None:
            self.r.say(
                at, diagnostics.UNKNOWN_VARIABLE, name=name, hint=near_miss(name, self.variables)
            )
        return found

    def check_references(self, head: dict[str, object] | None, canon: Canon | None) -> None:
        r, refs = self.r, self.refs
        kinds: list[tuple[list[tuple[str, Located, str]], dict[str, object], Diagnostic]] = [
            (refs.scenes, self.scenes, diagnostics.UNKNOWN_SCENE),  # type: ignore[list-item]
            (refs.chapters, self.chapters, diagnostics.UNKNOWN_CHAPTER),  # type: ignore[list-item]
            (refs.characters, self.characters, diagnostics.UNKNOWN_CHARACTER),  # type: ignore[list-item]
            (refs.evidence, self.evidence, diagnostics.UNKNOWN_EVIDENCE),  # type: ignore[list-item]
        ]
        for used, known, code in kinds:
            for ident, at, what in used:
                if ident not in known:
                    r.report(
                        at,
                        code,
                        code.message(what=what, ident=ident, hint=near_miss(ident, known)),
                    )
        for ident, at in refs.names:
            if ident not in self.characters and ident not in self.evidence:
                ids = [*self.characters, *self.evidence]
                r.report(
                    at,
                    diagnostics.BAD_TEXT_FIELD,
                    f"`{{{ident}.name}}` names no character or evidence{near_miss(ident, ids)}",
                )
        for character, fact, at in refs.facts:
            person = self.characters.get(character)
            if person is None:
                r.report(
                    at,
                    diagnostics.UNKNOWN_CHARACTER,
                    f"unknown character `{character}`{near_miss(character, self.characters)}",
                )
            elif person.fact(fact) is None:
                facts = [f for f, _ in person.facts]
                r.say(
                    at,
                    diagnostics.UNKNOWN_FACT,
                    character=character,
                    fact=fact,
                    hint=near_miss(fact, facts),
                )
        for name, at in refs.variables_read:
            self.declared(name, at)
        for name, at, value in refs.variables_set:
            declared = self.declared(name, at)
            if declared is not None and value is not None:
                self.check_type(name, at, value, declared[0])
        for name, at in refs.variables_added:
            declared = self.declared(name, at)
            if declared is not None:
                self.check_number(name, at, declared[0])
        for person in self.characters.values():
            bond = person.bond
            if bond in self.variables and _type_name(self.variables[bond][0]) != "a number":
                r.report(
                    person.where,
                    diagnostics.WRONG_TYPE,
                    f"`bond: {bond}` must be a number variable",
                )
        known_trials = {str(key.value) for _, key, _ in self.trial_nodes}
        for ident, at in refs.trials:
            if ident not in known_trials:
                r.say(
                    at, diagnostics.UNKNOWN_TRIAL, ident=ident, hint=near_miss(ident, known_trials)
                )
        if canon is not None:
            beat_ids = {b.id for b in canon.beats}
            for beat, at in refs.beats:
                if beat not in beat_ids:
                    r.say(at, diagnostics.UNKNOWN_BEAT, beat=beat, hint=near_miss(beat, beat_ids))
        elif refs.beats and head is not None and head.get("canon") is None:
            beat, at = refs.beats[0]
            r.report(
                at,
                diagnostics.UNKNOWN_BEAT,
                "scenes name canon beats but `story.canon` names no canon file",
            )
        if head is not None:
            order = head["order"]
            assert isinstance(order, list)
            order_node = head.get("order_node")
            for ident, chapter in self.chapters.items():
                if ident not in order and isinstance(order_node, Node):
                    r.say(chapter.where, diagnostics.CHAPTER_NOT_IN_ORDER, ident=ident)


def _is_text(node: Node) -> bool:
    return isinstance(node, ScalarNode) and isinstance(node.value, str)


def _keep_first(first: dict[str, Located], name: str, at: Located) -> None:
    """The earliest use of `name`: the first file read, and in it the first line and column
    (a scene's choices are read before its text, so reading order alone would not do)."""
    seen = first.get(name)
    if seen is None or (seen.path == at.path and (at.line, at.col) < (seen.line, seen.col)):
        first[name] = at


def _inside(node: Node, source: str, column: int) -> Where:
    """Where column `column` of `source`, written as `node`'s text, sits in the file.

    Plain and quoted scalars on one line map exactly; a block scalar points at its start.
    """
    if not isinstance(node, ScalarNode) or "\n" in source:
        return where(node)
    quote = 0 if node.plain else 1
    return Where(node.path, node.line, node.col + quote + max(column, 1) - 1)


def _type_name(value: Value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "text"


def graph_version(scenes: dict[str, Scene]) -> str:
    """A short hash of the scene graph: what a save must match to replay exactly."""
    shape = [
        [s.id, s.next, s.end, s.trial, [[c.id, c.goto, c.condition] for c in s.choices]]
        for s in sorted(scenes.values(), key=lambda s: s.id)
    ]
    return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:12]


def check_pack(
    root: Path | str, use_cache: bool = False, source: Source = read_nodes, store: bool = True
) -> CheckResult:
    """Load and check the pack at `root`; never raises for anything inside the files.

    With `use_cache`, an unchanged pack is read from the validated cache (see cache.py),
    and a newly checked one is stored there unless `store` is false (`validate`, which
    keeps only its summary, so a cold `validate` does not pay for encoding the story).
    `source` reads each file: the language server passes one that reads its editors'
    unsaved buffers and reuses the nodes of files that have not changed.
    """
    root = Path(root)
    use_cache = use_cache and source is read_nodes  # the cache knows only the files on disk
    refused = check_root(root)
    if refused is not None:
        return CheckResult(None, [refused], 0)
    files: list[Path] = []
    key = ""
    if use_cache:
        listing = Reader()
        files = pack_files(root, listing)
        if not listing.problems:
            key = cache.fingerprint(root, files)  # taken before the load reads a byte
            hit = cache.read(root, files, key)
            if hit is not None:
                return CheckResult(hit[0], hit[1], len(files))
    builder = _Builder(root, source)
    enabled = gc.isenabled()
    gc.disable()  # building many small objects: the collector only slows it down
    try:
        story = builder.build()
        problems = sorted(builder.r.problems, key=lambda p: (p.path, p.line, p.col, p.code))
        count = len(builder.first_seen)
        del builder  # the nodes and references: freed now, while nothing else is tracked
        if use_cache and store and story is not None and files and key:
            cache.write(root, story, problems, key)
    finally:
        if enabled:
            # The story lives as long as the program and holds no cycles: move it out of the
            # collector's sight, or every full collection (and the one at exit) walks its
            # million objects again, which cost more than a third of a cold `validate`.
            gc.freeze()
            gc.enable()
    return CheckResult(story, problems, count)


def load_story(root: Path | str, use_cache: bool = False) -> Story:
    """The checked story, or StoryError listing every error."""
    result = check_pack(root, use_cache)
    if result.story is None:
        errors = result.errors
        raise StoryError(f"{len(errors)} error(s) in the story at {root}", errors)
    return result.story
