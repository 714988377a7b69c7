"""What each scene's future can still read: live-variable analysis over the scene graph.

`explore` keys a state only by what some condition reachable from its scene can read
(variables, visit counts, evidence, characters met, facts, once-only choices taken, the
trial's progress). Two states that differ elsewhere behave the same from here on, so they
are one state. Reads are found per scene, then carried backwards along every edge of the
graph (conditions ignored: any edge may be taken) one strongly connected component at a
time, so the whole analysis is linear in the size of the graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from cellseven_game.engine.core import condition_types, conditions
from cellseven_game.engine.core.links import successors
from cellseven_game.engine.core.model import (
    AddEvidence,
    AddVar,
    Choice,
    Effect,
    Meet,
    Reveal,
    SetVar,
    Story,
)
from cellseven_game.engine.core.trial_model import RULE_NAMES

# Kinds of item a condition can read; an item is (kind, name).
VARIABLE, VISITS, EVIDENCE, MET, FACT, TAKEN, TRIAL = "v", "s", "e", "m", "f", "t", "x"
ALL_EVIDENCE = (EVIDENCE, "*")  # a trial lists every item held as something to present
TRIAL_DATA = (TRIAL, "*")  # the trial's own progress (State.trial)

_Result = TypeVar("_Result")


def per_story(compute: Callable[[Story], _Result]) -> Callable[[Story], _Result]:
    """`compute(story)` worked out once for the story last asked about: `explore` asks for
    each chapter and the whole story in turn, of one story."""
    last: list[tuple[Story, _Result]] = []

    def cached(story: Story) -> _Result:
        if not last or last[0][0] is not story:
            last[:] = [(story, compute(story))]
        return last[0][1]

    return cached


@dataclass(frozen=True, slots=True)
class Live:
    """What can still matter at one scene, decoded from its bit mask."""

    variables: tuple[str, ...]
    visits: tuple[str, ...]
    evidence: tuple[str, ...] | None  # None: every item held matters (a trial lies ahead)
    named: tuple[str, ...]  # the items a condition names (`has x`), a trial ahead or not
    met: tuple[str, ...]
    facts: tuple[str, ...]
    taken: tuple[str, ...]
    trial: bool


def refs_items(refs: condition_types.References) -> list[tuple[str, str]]:
    items = [(VARIABLE, n) for n in refs.variables]
    items += [(VISITS, n) for n in refs.scenes]
    items += [(EVIDENCE, n) for n in refs.evidence]
    items += [(MET, n) for n in refs.characters]
    items += [(FACT, f"{c}.{f}") for c, f in refs.facts]
    return items


def own_reads(story: Story, scene_id: str) -> list[tuple[str, str]]:
    """What deciding this scene's options (and its trial's verdict) reads."""
    items = scene_reads(story, scene_id)
    for choice in story.scenes[scene_id].choices:
        items += choice_reads(choice)
    return items


def choice_reads(choice: Choice) -> list[tuple[str, str]]:
    """What offering and taking one choice reads: its condition, its computed effects."""
    items = _effects_reads(choice.effects)
    if choice.condition is not None:
        items += refs_items(conditions.references(choice.condition))
    return items


def scene_reads(story: Story, scene_id: str) -> list[tuple[str, str]]:
    """What a scene reads apart from its choices: its effects, its trial."""
    scene = story.scenes[scene_id]
    items: list[tuple[str, str]] = []
    # An effect computed from an expression reads too (a scene's own effects run on the
    # way in, so whatever leads here keeps what they read: it reaches this scene).
    effects = list(scene.effects)
    if scene.trial is not None:
        items += [ALL_EVIDENCE, TRIAL_DATA]
        found = story.trials.get(scene.trial)
        if found is not None:
            for tier in found.verdict:
                if tier.condition is not None:
                    refs = conditions.references(tier.condition)
                    items += [i for i in refs_items(refs) if i[1] not in RULE_NAMES]
            for claim in found.claims:
                effects += claim.refuted.effects
                for statement in claim.statements:
                    if statement.press is not None:
                        effects += statement.press.effects
    return items + _effects_reads(effects)


def _effects_reads(effects: tuple[Effect, ...] | list[Effect]) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for effect in effects:
        source = getattr(effect, "expr", None)
        if isinstance(source, str):
            items += refs_items(conditions.references(source))
    return items


def condition_sources(story: Story) -> list[str]:
    """Every condition written in the pack: choices' and verdict tiers'."""
    out = [c.condition for s in story.scenes.values() for c in s.choices if c.condition]
    for found in story.trials.values():
        out += [t.condition for t in found.verdict if t.condition is not None]
    return out


class Liveness:
    """Per scene, the items some condition reachable from it (itself included) reads."""

    def __init__(self, story: Story) -> None:
        self.story = story
        self.items: list[tuple[str, str]] = []
        self.index: dict[tuple[str, str], int] = {}
        own = {scene_id: self.mask(own_reads(story, scene_id)) for scene_id in story.scenes}
        self.masks = _propagate(story, own)
        # A once-only choice taken matters only where its scene can be entered again: in
        # its own component of the graph (the path back leads through every scene there).
        for component in components(story):
            taken = [
                f"{scene_id}/{choice.id}"
                for scene_id in component
                for choice in story.scenes[scene_id].choices
                if choice.once
            ]
            if not taken or not _cyclic(story, component):
                continue
            mask = self.mask([(TAKEN, key) for key in taken])
            for scene_id in component:
                self.masks[scene_id] |= mask
        self._decoded: dict[int, Live] = {}
        self._shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # see `_decode`

    def mask(self, items: list[tuple[str, str]]) -> int:
        """The bits of these items (each item has one bit, given on first sight)."""
        mask = 0
        for item in items:
            bit = self.index.get(item)
            if bit is None:
                bit = self.index[item] = len(self.items)
                self.items.append(item)
            mask |= 1 << bit
        return mask

    def at(self, scene_id: str) -> Live:
        return self.decode(self.masks.get(scene_id, 0))

    def decode(self, mask: int) -> Live:
        found = self._decoded.get(mask)
        if found is None:
            found = self._decoded[mask] = self._decode(mask)
        return found

    def _decode(self, mask: int) -> Live:
        by_kind: dict[str, list[str]] = {k: [] for k in (VARIABLE, VISITS, EVIDENCE, MET, FACT)}
        by_kind[TAKEN] = []
        every_item = trial = False
        bit = 0
        while mask:
            if mask & 1:
                kind, name = self.items[bit]
                if (kind, name) == ALL_EVIDENCE:
                    every_item = True
                elif (kind, name) == TRIAL_DATA:
                    trial = True
                else:
                    by_kind[kind].append(name)
            mask >>= 1
            bit += 1
        # One tuple for each list of names however many masks have it: masks that differ
        # only in the marks held (a hub's, thousands) share the rest.
        shared = self._shared
        variables, visits, evidence, met, facts = (
            shared.setdefault(names, names)
            for names in (
                tuple(sorted(by_kind[kind])) for kind in (VARIABLE, VISITS, EVIDENCE, MET, FACT)
            )
        )
        return Live(
            variables=variables,
            visits=visits,
            evidence=None if every_item else evidence,
            named=evidence,
            met=met,
            facts=facts,
            taken=tuple(sorted(by_kind[TAKEN])),
            trial=trial,
        )


def components(
    story: Story, edges: Mapping[str, list[str]] | None = None, roots: Iterable[str] | None = None
) -> list[list[str]]:
    """Strongly connected components of the scene graph (or of `edges`, each scene's ways
    on that count), each after every one it leads to; with `roots`, of the scenes they
    lead to only.

    Tarjan's algorithm without recursion (a 10,000-scene chain is 10,000 deep).
    """

    def after(scene_id: str) -> list[str]:
        return successors(story, scene_id) if edges is None else edges.get(scene_id, [])

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in story.scenes if roots is None else roots:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        nexts: dict[str, list[str]] = {root: after(root)}
        while work:
            node, i = work[-1]
            targets = nexts[node]
            if i < len(targets):
                work[-1] = (node, i + 1)
                target = targets[i]
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    nexts[target] = after(target)
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
            del nexts[node]
    return out


def _propagate(story: Story, own: dict[str, int]) -> dict[str, int]:
    """Each scene's own reads joined with those of every scene it can lead to."""
    live: dict[str, int] = {}
    for component in components(story):
        mask = 0
        members = set(component)
        for scene_id in component:
            mask |= own[scene_id]
            for target in successors(story, scene_id):
                if target not in members:
                    mask |= live[target]
        for scene_id in component:
            live[scene_id] = mask
    return live


def _cyclic(story: Story, component: list[str]) -> bool:
    return len(component) > 1 or component[0] in successors(story, component[0])


@dataclass(frozen=True, slots=True)
class Footprint:
    """What playing inside one chapter can read or change; the rest passes through it.

    `added`: numbers the chapter only ever adds to, never reads or sets. Their change
    across the chapter does not depend on their value, so the chapter is walked once with
    them at 0 and the difference is added to each player's own value at the way out.
    """

    variables: frozenset[str]
    added: frozenset[str]
    scenes: frozenset[str]  # visit counts it writes (its scenes) or reads
    evidence: frozenset[str] | None  # None: a trial here reads every item held
    met: frozenset[str]
    facts: frozenset[str]
    trial: bool


def footprints(story: Story, parts: dict[str, list[str]] | None = None) -> dict[str, Footprint]:
    """Each chapter's footprint (see Footprint); or, given `parts` (scenes by part, see
    story_walk.parts_of), each part's."""
    if parts is None:
        parts = {chapter_id: list(c.scenes) for chapter_id, c in story.chapters.items()}
    out: dict[str, Footprint] = {}
    for chapter_id, scene_ids in parts.items():
        reads: list[tuple[str, str]] = []
        effects: list[Effect] = []
        met: set[str] = set()
        has_trial = False
        for scene_id in scene_ids:
            scene = story.scenes.get(scene_id)
            if scene is None:
                continue
            reads += own_reads(story, scene_id)
            effects += scene.effects
            for choice in scene.choices:
                effects += choice.effects
            met |= {line.speaker for line in scene.lines if line.speaker is not None}
            found = story.trials.get(scene.trial) if scene.trial is not None else None
            if found is not None:
                has_trial = True
                for claim in found.claims:
                    effects += claim.refuted.effects
                    for statement in claim.statements:
                        if statement.press is not None:
                            effects += statement.press.effects
        read_vars = {name for kind, name in reads if kind == VARIABLE}
        set_vars = {e.name for e in effects if isinstance(e, SetVar)}
        added = {e.name for e in effects if isinstance(e, AddVar)} - read_vars - set_vars
        evidence = {name for kind, name in reads if kind == EVIDENCE}
        evidence |= {e.evidence for e in effects if isinstance(e, AddEvidence)}
        met |= {name for kind, name in reads if kind == MET}
        met |= {e.character for e in effects if isinstance(e, Meet | Reveal)}
        facts = {name for kind, name in reads if kind == FACT}
        facts |= {f"{e.character}.{e.fact}" for e in effects if isinstance(e, Reveal)}
        scenes = set(scene_ids) | {name for kind, name in reads if kind == VISITS}
        out[chapter_id] = Footprint(
            variables=frozenset(read_vars | set_vars),
            added=frozenset(added),
            scenes=frozenset(scenes),
            evidence=None if ALL_EVIDENCE in reads or has_trial else frozenset(evidence),
            met=frozenset(met),
            facts=frozenset(facts),
            trial=has_trial or TRIAL_DATA in reads,
        )
    return out
