"""The builder's type checks: values set against the variables' declared types, and every
condition and expression once every variable is declared (CS114, CS107)."""

from __future__ import annotations

from cellseven_game.engine.compile.builder_state import (
    BuilderState,
    inside,
    type_name,
)
from cellseven_game.engine.compile.reader import Located
from cellseven_game.engine.core import condition_types, conditions, diagnostics
from cellseven_game.engine.core.model import (
    Value,
)


class TypeChecks(BuilderState):
    def check_type(self, name: str, at: Located, value: Value, declared: Value) -> None:
        if type_name(value) != type_name(declared):
            self.r.say(
                at,
                diagnostics.WRONG_TYPE,
                name=name,
                declared=type_name(declared),
                found=type_name(value),
            )

    def check_number(self, name: str, at: Located, declared: Value) -> None:
        if type_name(declared) != "a number":
            self.r.say(at, diagnostics.WRONG_TYPE, "add", name=name, declared=type_name(declared))

    def check_types(self) -> None:
        """Every condition and expression against the declared types (CS114, CS107)."""
        types = {
            name: condition_types.type_of(value) for name, (value, _) in self.variables.items()
        }
        # The type of each source already checked against `types`: the same conditions guard
        # many choices, and their type does not change (a mix raises, and is not kept).
        known: dict[str, condition_types.Type | None] = {}
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
                if own:
                    found = conditions.typecheck(source, local, None)
                elif source in known:
                    found = known[source]
                else:
                    found = known[source] = conditions.typecheck(source, local, None)
            except condition_types.ConditionError as exc:
                text = self.r.text(node, "the value") or source
                at = inside(node, text, base + exc.column)
                self.r.say(at, diagnostics.MIXED_TYPES, "typecheck", problem=exc.message)
                continue
            if needed is None or found is None or found == needed:
                continue
            if target is None:
                if base:  # `{CONDITION: ...}` inside a text
                    text = self.r.text(node, "the text") or source
                    found_words = condition_types.TYPE_WORDS[found]
                    at = inside(node, text, base + 1)
                    self.r.say(
                        at, diagnostics.MIXED_TYPES, "in_text", source=source, found=found_words
                    )
                    continue
                form = {"number": "", "text": "text"}.get(found, "other")
                lead = len(source) - len(source.lstrip())  # at the expression, not its spaces
                at = inside(node, source, lead + 1)
                found_words = condition_types.TYPE_WORDS[found]
                self.r.say(
                    at, diagnostics.MIXED_TYPES, form, source=source.strip(), found=found_words
                )
            else:
                words = condition_types.TYPE_WORDS
                found_words, declared = words[found], words[needed]
                self.r.say(
                    node,
                    diagnostics.WRONG_TYPE,
                    "expression",
                    name=name,
                    found=found_words,
                    declared=declared,
                )
        self.refs.typed = []
