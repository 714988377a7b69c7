"""The builder's reference checks: every id, fact, variable, trial and beat a pack names
resolves to one it declares; variables set but never read, or read but never set."""

from __future__ import annotations

from collections.abc import Container
from typing import Any, TypeVar

from cellseven_game.engine.compile.builder_state import (
    BuilderState,
    keep_first,
    type_name,
)
from cellseven_game.engine.compile.reader import Located, near_miss
from cellseven_game.engine.compile.yamlnodes import (
    Node,
)
from cellseven_game.engine.core import condition_types, diagnostics
from cellseven_game.engine.core.errors import Diagnostic
from cellseven_game.engine.core.model import (
    Canon,
    Value,
    Where,
)

_Ref = TypeVar("_Ref", bound=tuple[Any, ...])  # a reference: the id it names comes first
RECHECK_FROM = 1_000  # scene references waiting before they are looked at again (`settle`)


class ReferenceChecks(BuilderState):
    def settle(self) -> None:
        """Check the references whose targets are known by now, and forget them.

        Most references point into their own file or at what earlier files declared, so a
        large pack never holds them all at once; the rest wait for `check_references`, which
        checks every one still held. Only the references added since the last call are
        looked at: those left waiting earlier (a `goto` into a file read later) are not
        walked again after every file, only as they pile up.
        """
        refs, seen = self.refs, self.settled
        for name, at in refs.variables_read[seen[3] :]:
            keep_first(refs.first_read, name, at)
        for name, at, _ in refs.variables_set[seen[4] :]:
            keep_first(refs.first_set, name, at)
        for name, at in refs.variables_added[seen[5] :]:
            keep_first(refs.first_set, name, at)
        _drop_known(refs.scenes, seen[0], self.scenes)
        if len(refs.scenes) >= max(RECHECK_FROM, 2 * self.scenes_rechecked):
            # Those left waiting, looked at again once they are twice as many as after the
            # last look (so each is looked at a few times at most): a `goto` into a file
            # read later is known a file or two on, and 10,000 one-scene files held 22,500
            # of them, with their nodes, to the end.
            _drop_known(refs.scenes, 0, self.scenes)
            self.scenes_rechecked = len(refs.scenes)
        _drop_known(refs.characters, seen[1], self.characters)
        _drop_known(refs.evidence, seen[2], self.evidence)
        _drop_known(refs.variables_read, seen[3], self.variables)
        waiting: list[tuple[str, Located, Value | None]] = []
        for name, at, value in refs.variables_set[seen[4] :]:
            declared = self.variables.get(name)
            if declared is None:
                waiting.append((name, at, value))
            elif value is not None:
                self.check_type(name, at, value, declared[0])
        refs.variables_set[seen[4] :] = waiting
        added: list[tuple[str, Located]] = []
        for name, at in refs.variables_added[seen[5] :]:
            declared = self.variables.get(name)
            if declared is None:
                added.append((name, at))
            else:
                self.check_number(name, at, declared[0])
        refs.variables_added[seen[5] :] = added
        self.settled = (
            len(refs.scenes),
            len(refs.characters),
            len(refs.evidence),
            len(refs.variables_read),
            len(refs.variables_set),
            len(refs.variables_added),
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
                    r.say(at, code, what=what, ident=ident, hint=near_miss(ident, known))
        for start, node, owner, scene_ids in refs.starts:
            if start in self.scenes:  # else CS101 above: one mistake, one problem
                hint = near_miss(start, scene_ids)
                r.say(
                    node, diagnostics.START_OUTSIDE_CHAPTER, start=start, chapter=owner, hint=hint
                )
        for ident, at in refs.names:
            if ident not in self.characters and ident not in self.evidence:
                ids = [*self.characters, *self.evidence]
                r.say(
                    at,
                    diagnostics.BAD_TEXT_FIELD,
                    "no_name",
                    ident=ident,
                    hint=near_miss(ident, ids),
                )
        for character, fact, at in refs.facts:
            person = self.characters.get(character)
            if person is None:
                hint = near_miss(character, self.characters)
                r.say(at, diagnostics.UNKNOWN_CHARACTER, "fact_owner", ident=character, hint=hint)
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
            if bond in self.variables and type_name(self.variables[bond][0]) != "a number":
                r.say(person.where, diagnostics.WRONG_TYPE, "bond", bond=bond)
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
            r.say(at, diagnostics.UNKNOWN_BEAT, "no_canon")
        if head is not None:
            order = head["order"]
            assert isinstance(order, list)
            order_node = head.get("order_node")
            listed = set(order)
            for ident, chapter in self.chapters.items():
                if ident not in listed and isinstance(order_node, Node):
                    r.say(chapter.where, diagnostics.CHAPTER_NOT_IN_ORDER, ident=ident)

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


def _drop_known(refs: list[_Ref], start: int, known: Container[str]) -> None:
    """Drop the references from `start` on whose target is known."""
    refs[start:] = [ref for ref in refs[start:] if ref[0] not in known]
