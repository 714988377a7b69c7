"""The builder's reader of conditions, effects, expressions and texts with `{...}`: each is
parsed as it is read, and what it names is noted for the checks run once every file is read."""

from __future__ import annotations

from collections.abc import Collection

from cellseven_game.engine.compile import spec
from cellseven_game.engine.compile.builder_state import (
    BuilderState,
    inside,
    is_text,
)
from cellseven_game.engine.compile.yamlnodes import (
    MapNode,
    Node,
    ScalarNode,
    SeqNode,
)
from cellseven_game.engine.core import condition_types, conditions, diagnostics, template
from cellseven_game.engine.core.condition_types import NUMBER_LIMIT
from cellseven_game.engine.core.frozen import replace
from cellseven_game.engine.core.model import (
    AddEvidence,
    AddVar,
    Effect,
    Meet,
    Reveal,
    SetVar,
    Value,
    Where,
)


class ExpressionReader(BuilderState):
    def condition(self, node: Node) -> str | None:
        if isinstance(node, ScalarNode) and isinstance(node.value, bool):
            self.r.say(node, diagnostics.BAD_CONDITION, "always_same")
            return None
        return self.parsed_condition(node)

    def parsed_condition(self, node: Node, own_names: Collection[str] = ()) -> str | None:
        """The condition's source if it parses, with what it names noted for the checks.

        `own_names` are names its reader supplies (a verdict rule's `refuted`, ...), not
        story variables, so they are not checked against `variables:`.
        """
        source = node.value if type(node) is ScalarNode else None
        if type(source) is not str:
            source = self.r.text(node, "the condition")
            if source is None:
                return None
        noted = self.conditions_noted.get(source)
        if noted is None:
            try:
                refs = conditions.references(source)
            except condition_types.ConditionError as exc:
                self.r.say(
                    inside(node, source, exc.column),
                    diagnostics.BAD_CONDITION,
                    problem=exc.message,
                )
                return None
            columns = refs.columns
            kinds = (refs.evidence, refs.characters, refs.facts, refs.scenes)
            noted = self.conditions_noted[source] = (
                tuple((n, max(columns.get(n, 1), 1)) for n in refs.variables),
                kinds if any(kinds) else None,
                "\n" in source,
            )
        variables, named, lines = noted
        self.refs.typed.append((source, node, "flag", own_names, 0))
        if variables:
            if type(node) is ScalarNode and not lines:  # `inside`, once for all of them
                path, line, base = node.path, node.line, node.col + (not node.plain) - 1
                self.refs.variables_read.extend(
                    [(n, Where(path, line, base + c)) for n, c in variables if n not in own_names]
                )
            else:
                self.refs.variables_read.extend(
                    [(n, inside(node, source, c)) for n, c in variables if n not in own_names]
                )
        if named is not None:
            at = node
            evidence, characters, facts, scenes = named
            self.refs.evidence.extend((e, at, "`has`") for e in evidence)
            self.refs.characters.extend((c, at, "`met`") for c in characters)
            self.refs.facts.extend((c, fact, at) for c, fact in facts)
            self.refs.scenes.extend((s, at, "`visited`/`visits`") for s in scenes)
        return source

    def effects(self, node: Node) -> tuple[Effect, ...]:
        out: list[Effect] = []
        allowed = spec.EFFECT.allowed
        for item in node.items if type(node) is SeqNode else self.r.sequence(node, "`do`"):
            if type(item) is MapNode and len(item.items) == 1:
                ((kind, (_, value)),) = item.items.items()
                if kind in allowed:  # one known effect: nothing to report of its mapping
                    self.effect(kind, value, out)
                    continue
            m = self.r.mapping(item, "an effect")
            if m is None:
                continue
            f = self.r.section(m, "an effect", spec.EFFECT)
            if len(m.items) != 1:
                self.r.say(m, diagnostics.WRONG_SHAPE, "effect_keys")
                continue
            for kind, value in f.items():
                self.effect(kind, value, out)
        return tuple(out)

    def effect(self, kind: str, node: Node, out: list[Effect]) -> None:
        """The effects of one `kind: ...`, added to `out`."""
        if kind in ("set", "add"):
            pairs = (
                node.items.values() if type(node) is MapNode else self.r.items(node, f"`{kind}`")
            )
            for var_key, var_node in pairs:
                name = var_key.text
                given = var_node.value if type(var_node) is ScalarNode else None
                if kind == "set":
                    if type(given) is bool:
                        self.refs.variables_set.append((name, var_key, given))
                        out.append(self.flag_set(name, given))
                        continue
                    # text needs no check either (numbers do: their bounds)
                    value = (
                        given
                        if type(given) is str
                        else self.r.value(var_node, f"the value of `{name}`")
                    )
                    if value is not None:
                        self.set_effect(name, var_key, var_node, value, out)
                elif type(given) is int and -NUMBER_LIMIT <= given <= NUMBER_LIMIT:
                    self.refs.variables_added.append((name, var_key))
                    added = self.amounts_added.get((name, given))
                    if added is None:
                        added = self.amounts_added[(name, given)] = AddVar(name, given)
                    out.append(added)
                elif is_text(var_node):
                    text = str(var_node.value).lstrip()  # type: ignore[attr-defined]
                    source = self.expression(var_node, f":{name}", text.removeprefix("="))
                    if source is not None:
                        self.refs.variables_added.append((name, var_key))
                        out.append(AddVar(name, 0, source))
                else:
                    amount = self.r.number(var_node, f"the amount added to `{name}`")
                    if amount is not None:
                        self.refs.variables_added.append((name, var_key))
                        out.append(AddVar(name, amount))
        elif kind == "flag":
            for name, item in self.r.ident_list(node, "flag"):
                self.refs.variables_set.append((name, item, True))
                out.append(self.flag_set(name, True))
        elif kind == "evidence":
            for ident, item in self.r.ident_list(node, "evidence id"):
                self.refs.evidence.append((ident, item, "`evidence`"))
                out.append(AddEvidence(ident))
        elif kind == "meet":
            for ident, item in self.r.ident_list(node, "character id"):
                self.refs.characters.append((ident, item, "`meet`"))
                out.append(Meet(ident))
        elif kind == "reveal":
            items = node.items if isinstance(node, SeqNode) else [node]
            for item in items:
                pair = self.fact_ref(item)
                if pair is not None:
                    out.append(Reveal(*pair))

    def flag_set(self, name: str, value: bool) -> SetVar:
        """`SetVar(name, value)`, made once and shared: a pack sets its flags thousands of
        times, and an effect is read-only once built (`expression_sets` completes only
        effects setting text, never one of these)."""
        made = self.flags_set.get((name, value))
        if made is None:
            made = self.flags_set[(name, value)] = SetVar(name, value)
        return made

    def set_effect(
        self, name: str, key: ScalarNode, node: Node, value: Value, out: list[Effect]
    ) -> None:
        """`set: {name: value}`: a literal, or an expression computed at play.

        Text is always a literal for a text variable unless it starts with `=`; for a number
        or a flag, text can only be an expression (`score * 2 + bonus`), so it is one.
        """
        if not isinstance(value, str) or not is_text(node):
            self.refs.variables_set.append((name, key, value))
            out.append(SetVar(name, value))
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
            out.append(effect)
            return
        self.refs.variables_set.append((name, key, None))
        if source is None:
            return
        step = self.number_step(name, source)
        if step is not None:
            out.append(AddVar(name, step))
            return
        effect = SetVar(name, value, source)
        if declared is None and conditions.self_step(name, source) is not None:
            self.refs.steps_undecided.append(effect)
        out.append(effect)

    def number_step(self, name: str, source: str) -> int | float | None:
        """What `set: {name: source}` adds, when `name` is a number and `source` is itself
        plus a constant (conditions.self_step); else None. Such a `set` is built as that
        `add`, which plays alike: explore's proofs then read a number paid for at each
        round of a loop as they read an `add` (an outside house's hub, whose radio room's
        lock costs a candle a round: no report in 60 s, its walk past a million states)."""
        declared = self.variables.get(name)
        if declared is None or type(declared[0]) not in (int, float):
            return None
        return conditions.self_step(name, source)

    def expression(self, node: Node, target: str, source: str) -> str | None:
        """An expression whose value goes into variable `target` (`=:NAME` for an amount
        added to it); parsed now, type-checked once every variable is declared."""
        try:
            refs = conditions.references(source)
        except condition_types.ConditionError as exc:
            offset = len(self.r.text(node, "the value") or "") - len(source)
            at = inside(node, source, exc.column + offset)
            self.r.say(at, diagnostics.BAD_CONDITION, "expression", problem=exc.message)
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
            (n, inside(node, text, base + refs.columns.get(n, 1)) if text else node)
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
            at = inside(node, text, exc.column)
            self.r.say(at, diagnostics.BAD_TEXT_FIELD, exc.form, **exc.fields)
            return
        for part in template.walk(parts):
            if part.kind == "name":
                self.refs.names.append((part.text, inside(node, text, part.offset + 1)))
            elif part.kind in ("expr", "if"):
                try:
                    refs = conditions.references(part.text)
                except condition_types.ConditionError as exc:
                    at = inside(node, text, part.offset + exc.column)
                    self.r.say(at, diagnostics.BAD_TEXT_FIELD, text=part.text, problem=exc.message)
                    continue
                want = "flag" if part.kind == "if" else "any"
                self.refs.typed.append((part.text, node, want, (), part.offset))
                self.note_refs(refs, node, text, part.offset)

    def expression_sets(self) -> None:
        """Settle `set: {name: "text"}` written before `name` was declared (see set_effect)."""
        adds: dict[int, AddVar] = {}
        for effect, node in self.refs.undecided:
            declared = self.variables.get(effect.name)
            if declared is None or isinstance(declared[0], str):
                continue
            source = self.expression(node, effect.name, str(effect.value))
            if source is not None:
                # The scene holding this effect is already built; the effect is still ours.
                object.__setattr__(effect, "expr", source)
                step = self.number_step(effect.name, source)
                if step is not None:
                    adds[id(effect)] = AddVar(effect.name, step)
        self.refs.undecided = []
        for effect in self.refs.steps_undecided:
            step = self.number_step(effect.name, str(effect.expr))
            if step is not None:
                adds[id(effect)] = AddVar(effect.name, step)
        self.refs.steps_undecided = []
        if adds:
            self._put_adds(adds)

    def _put_adds(self, adds: dict[int, AddVar]) -> None:
        """Each `set` of `adds` (by identity) replaced by its `add` in the scenes built
        (see number_step; a trial's moves keep the `set`, which plays alike)."""

        def put(effects: tuple[Effect, ...]) -> tuple[Effect, ...]:
            return tuple(adds.get(id(e), e) for e in effects)

        for scene_id, scene in self.scenes.items():
            if any(id(e) in adds for e in scene.effects) or any(
                id(e) in adds for c in scene.choices for e in c.effects
            ):
                choices = tuple(replace(c, effects=put(c.effects)) for c in scene.choices)
                self.scenes[scene_id] = replace(scene, effects=put(scene.effects), choices=choices)
