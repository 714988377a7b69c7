"""The builder's type checks: values set against the variables' declared types, and every
condition and expression once every variable is declared (CS114, CS107)."""

from __future__ import annotations

from itertools import islice

from cellseven_game.engine.compile.builder_state import (
    BuilderState,
    Typed,
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

    def settle_types(self) -> None:
        """Type-check now the conditions and expressions noted since the last call whose
        variables are all declared by now, and forget them; the rest wait for `check_types`.
        A declared type never changes (a second declaration is refused), so each is checked
        as it would be at the end: a pack of 10,000 one-scene files held 25,041 of them, and
        their nodes, to the end (4.3 MiB of its peak)."""
        refs = self.refs
        ready: list[Typed] = []
        waiting: list[Typed] = []
        for entry in refs.typed[self.typed_settled :]:
            (ready if self._all_declared(entry) else waiting).append(entry)
        refs.typed[self.typed_settled :] = waiting
        self.typed_settled = len(refs.typed)
        if ready:
            # What they find is said with the rest, at the end: until then the problems
            # are those the load would have found without checking them early.
            problems, self.r.problems = self.r.problems, self.types_found
            try:
                self._check_typed(ready)
            finally:
                self.r.problems = problems

    def _all_declared(self, entry: Typed) -> bool:
        source, _, want, own, _ = entry
        if own:
            return False  # (verdict rules: checked at the end)
        if want.startswith("=") and not want.startswith("=:") and want[1:] not in self.variables:
            return False
        declared = self.variables
        noted = self.conditions_noted.get(source)  # (a condition's names, read already)
        if noted is not None:
            return all(name in declared for name, _ in noted[0])
        try:
            names = conditions.references(source).variables
        except condition_types.ConditionError:
            return False  # (said where it is read; typed at the end as ever)
        return all(name in declared for name in names)

    def check_types(self) -> None:
        """Every condition and expression against the declared types (CS114, CS107)."""
        self.r.problems.extend(self.types_found)
        self._check_typed(self.refs.typed)
        self.refs.typed = []

    def _types(self) -> dict[str, condition_types.Type]:
        """Each variable declared so far by its type (kept, and added to as more are)."""
        types, declared = self.types_now, self.variables
        if len(types) != len(declared):
            for name, (value, _) in islice(declared.items(), len(types), None):
                types[name] = condition_types.type_of(value)
        return types

    def _check_typed(self, entries: list[Typed]) -> None:
        types = self._types()
        # The type of each source already checked against `types`: the same conditions guard
        # many choices, and their type does not change (a mix raises, and is not kept).
        known = self.types_known
        for source, node, want, own, base in entries:
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
