"""The builder's reader of scenes: their lines, their choices, and what they lead to."""

from __future__ import annotations

import re
import sys

from cellseven_game.engine.compile import spec
from cellseven_game.engine.compile.builder_state import (
    BuilderState,
)
from cellseven_game.engine.compile.reader import where
from cellseven_game.engine.compile.yamlnodes import (
    Node,
    ScalarNode,
)
from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.model import (
    Choice,
    Line,
    Scene,
    Where,
)

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(label: str) -> str:
    """The default choice id: the label lowercased, other characters folded to '_'."""
    return sys.intern(_NOT_SLUG.sub("_", label.lower()).strip("_") or "choice")  # ids repeat


class SceneReader(BuilderState):
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
            self.r.say(m, diagnostics.WRONG_SHAPE, "line_keys")
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
            self.r.say(f["when_false"], diagnostics.WRONG_SHAPE, "when_false", value=when_false)
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
