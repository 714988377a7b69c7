"""The builder's reader of scenes: their lines, their choices, and what they lead to."""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from cellseven_game.engine.compile import spec
from cellseven_game.engine.compile.builder_state import (
    BuilderState,
)
from cellseven_game.engine.compile.reader import ID
from cellseven_game.engine.compile.yamlnodes import (
    MapNode,
    Node,
    ScalarNode,
    SeqNode,
)
from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.model import (
    Choice,
    Line,
    Scene,
    Where,
)

_CHOICE_KEYS = spec.CHOICE.allowed
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)  # labels repeat ("Back", "Go on"): each is folded once
def slug(label: str) -> str:
    """The default choice id: the label lowercased, other characters folded to '_'."""
    return sys.intern(_NOT_SLUG.sub("_", label.lower()).strip("_") or "choice")  # ids repeat


class SceneReader(BuilderState):
    def scene(self, chapter: str, key: ScalarNode, node: Node) -> str | None:
        ident = self.unique("scene", key)
        m = node if type(node) is MapNode else self.r.mapping(node, f"scene `{key.text}`")
        if ident is None or m is None:
            return None
        f = self.r.section(m, f"scene `{ident}`", spec.SCENE)
        choices: list[Choice] = []
        seen_choice: dict[str, Where] = {}
        listed = f.get("choices")
        items = listed.items if type(listed) is SeqNode else self.r.sequence_at(f, "choices")
        for item in items:
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
        r = self.r
        place = r.text_at(f, "place") or ""
        period = r.text_at(f, "period") or ""
        # Positional, in the model's field order: keywords cost a frozen dataclass more.
        self.scenes[ident] = Scene(
            ident,
            chapter,
            place,
            self.text_of(f, "text") or "",
            self.lines(f) if "lines" in f else (),
            self.effects(f["do"]) if "do" in f else (),
            tuple(choices),
            nxt,
            end,
            tuple(beats),
            trial,
            Where(key.path, key.line, key.col),
            period,
        )
        return ident

    def lines(self, f: dict[str, Node], key: str = "lines") -> tuple[Line, ...]:
        listed = f.get(key)
        items = listed.items if type(listed) is SeqNode else self.r.sequence_at(f, key)
        read = [self.line(item) for item in items]
        return tuple([line for line in read if line is not None])

    def line(self, node: Node) -> Line | None:
        if type(node) is MapNode:
            # `speaker: text`, with or without `if:`, the common case: read without the words
            # of problems it does not have (anything else: the general reading below).
            items = node.items
            if_pair = items.get("if") if len(items) == 2 else None
            pairs = [pair for pair in items.values() if pair is not if_pair]
            if len(pairs) == 1:
                speaker_key, text_node = pairs[0]
                speaker = speaker_key.value
                if (
                    type(text_node) is ScalarNode
                    and type(text_node.value) is str
                    and type(speaker) is str
                    and ID.match(speaker)
                    and (if_pair is None or speaker != "text")
                ):
                    condition = self.condition(if_pair[1]) if if_pair is not None else None
                    self.template(text_node, text_node.value)
                    self.refs.characters.append((speaker, speaker_key, "speaker"))
                    return Line(speaker, text_node.value, condition)
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
        if type(node) is MapNode:
            plain = self.plain_choice(node)
            if plain is not None:
                return plain
        r = self.r
        m = node if type(node) is MapNode else r.mapping(node, "a choice")
        if m is None:
            return None
        f = r.section(m, "a choice", spec.CHOICE)
        label = self.text_of(f, "label")
        goto = self.named(f, "goto", self.refs.scenes)
        ident = r.ident(f["id"], "choice `id`") if "id" in f else None
        condition = self.condition(f["if"]) if "if" in f else None
        when_false = r.text_at(f, "when_false") or "hide"
        if when_false not in ("hide", "disable"):
            r.say(f["when_false"], diagnostics.WRONG_SHAPE, "when_false", value=when_false)
            when_false = "hide"
        once_node = f.get("once")
        if once_node is None:
            once: bool | None = True
        elif type(once_node) is ScalarNode and type(once_node.value) is bool:
            once = once_node.value
        else:
            once = r.boolean(once_node, "`once`")
        if label is None or goto is None:
            return None
        # Positional, in the model's field order: keywords cost a frozen dataclass more.
        return Choice(
            ident or slug(label),
            label,
            goto,
            condition,
            "disable" if when_false == "disable" else "hide",
            once is not False,
            self.effects(f["do"]) if "do" in f else (),
            Where(m.path, m.line, m.col),
        )

    def plain_choice(self, m: MapNode) -> Choice | None:
        """The choice, when it is written as most are: known keys, a label and a `goto`
        that are text, an id, a condition and `when_false` that are text, a flag `once`.
        None (and nothing said or noted) for anything else, which `choice` reads and reports;
        its effects are read by `effects` either way, after everything else, as there."""
        items = m.items
        if not items.keys() <= _CHOICE_KEYS or "label" not in items or "goto" not in items:
            return None
        label_node, goto_node = items["label"][1], items["goto"][1]
        label = label_node.value if type(label_node) is ScalarNode else None
        goto = goto_node.value if type(goto_node) is ScalarNode else None
        if type(label) is not str or type(goto) is not str or not ID.match(goto):
            return None
        ident: str | None = None
        condition_node: Node | None = None
        when_false = "hide"
        once: object = True
        for key, (_, value_node) in items.items():
            if key == "label" or key == "goto" or key == "do":
                continue
            if type(value_node) is not ScalarNode:
                return None
            value = value_node.value
            if key == "once":
                if type(value) is not bool:
                    return None
                once = value
            elif type(value) is not str:
                return None
            elif key == "if":
                condition_node = value_node
            elif key == "id":
                if not ID.match(value):
                    return None
                ident = value
            elif value == "disable" or value == "hide":  # when_false
                when_false = value
            else:
                return None
        # What `choice` says and notes, in its order: the label's text, the `goto`, the
        # condition, the effects.
        if "{" in label or "}" in label:
            self.template(label_node, label)
        self.refs.scenes.append((goto, goto_node, "`goto`"))
        condition = self.condition(condition_node) if condition_node is not None else None
        return Choice(
            ident or slug(label),
            label,
            goto,
            condition,
            "disable" if when_false == "disable" else "hide",
            once is not False,
            self.effects(items["do"][1]) if "do" in items else (),
            Where(m.path, m.line, m.col),
        )
