"""What a player's own once-only choices cut off: liveness that knows which ways are gone.

liveness.py says what a scene's future can read, every way out counted. But a once-only
choice already taken is a way out no more: it is never offered again, so its condition is
never read again, its effects never run again, and the scenes only it led to may be out of
reach for good. In a hub, once the way into a room is used up, everything read and every
once-only mark held only in that room stops mattering.

So, inside a loop of the scene graph (a cyclic strongly connected component: only there can
a taken choice's scene come round again), what a state's future reads is found by a walk of
that component from its scene, skipping the edges of the choices it has taken; ways out of
the component are read as liveness.py says (nothing taken there can be in the state: a
scene already visited that is reachable again is in the same component). The result is one
of liveness's `Live` values, cached by scene and the marks of the component held.

A flag held for good cuts the same way (`for_good`): when every effect that writes it sets
it to one value, a state holding that value holds it to the end, and a choice whose
condition that value makes false, whatever else holds (its scene's own effects counted:
`future.entry_pins`), is never taken again. Its target and effects stop counting; its
condition is still asked at each visit, so what the condition reads stays in the state (a
bare `not open` asked of a state without `open` would hold). A choice its scene's own
effects always shut is never taken at all. The flags so held are part of the key.

Why two states with the same key behave the same: the walk from a scene takes each scene's
edges according to the marks of that scene, and those marks are part of the key (a mark
held at a reachable scene is live), so both states walk the same scenes, read the same
items, and nothing outside those scenes can be reached or read by either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cellseven_game.engine.core import links
from cellseven_game.engine.core.conditions import condition_tree, references
from cellseven_game.engine.core.links import successors
from cellseven_game.engine.core.model import AddVar, Choice, SetVar, Story
from cellseven_game.engine.tools.counters import effects_of
from cellseven_game.engine.tools.future import Span, _truth, abstract_value, entry_pins
from cellseven_game.engine.tools.liveness import (
    TAKEN,
    Live,
    Liveness,
    choice_reads,
    components,
    refs_items,
    scene_reads,
)

_NONE: frozenset[str] = frozenset()
Literal = tuple[str, bool]  # a flag held at a value it never leaves (`for_good`)
_NO_LITERALS: frozenset[Literal] = frozenset()
_CACHE_LIMIT = 500_000  # keys kept before the cache starts over (each key is cheap to redo)
# Scenes in a loop past which it is read as liveness.py reads it: the walk of a loop costs
# its size at every new set of marks, and in a town of a thousand scenes joined at its
# square (one loop) that is every state: a millisecond each, for few states merged.
LOOP_AT_MOST = 256


@dataclass(slots=True)
class _Loop:
    """A cyclic component with once-only choices, its scenes numbered from 0."""

    number: dict[str, int] = field(default_factory=dict)
    marks: frozenset[str] = frozenset()
    # By scene number: bits always read (and ways out always open), the scenes always led
    # to, and each once-only choice as (mark, its bit, what it reads, its scene or -1).
    always: list[int] = field(default_factory=list)
    goes: list[tuple[int, ...]] = field(default_factory=list)
    once: list[tuple[tuple[str, int, int, int], ...]] = field(default_factory=list)
    # ... and each choice some flag's value shuts for good (`_shut_by`): those values, its
    # mark and bit (once-only; else "" and 0), what its condition reads (read still when
    # shut: it is asked at every visit, and must find its values), what it reads in all,
    # its scene or -1.
    shut: list[tuple[tuple[Literal, ...], str, int, int, int, int]] = field(default_factory=list)
    goes_shut: dict[int, list[int]] = field(default_factory=dict)  # `shut`'s, by scene
    literals: tuple[Literal, ...] = ()  # every value that shuts one of them


class Cutoff:
    """`at(scene, taken, variables)`: what the future of a state at `scene` holding `taken`
    and `variables` can read."""

    def __init__(self, story: Story, live: Liveness) -> None:
        self.live = live
        self.loop_of: dict[str, _Loop] = {}
        self._cache: dict[tuple[str, frozenset[str], frozenset[Literal]], Live] = {}
        kept = for_good(story)
        for component in components(story):
            members = set(component)
            cyclic = len(component) > 1 or component[0] in successors(story, component[0])
            if not cyclic or len(component) > LOOP_AT_MOST:
                continue
            loop = _Loop(number={scene_id: n for n, scene_id in enumerate(component)})
            marks: list[str] = []
            literals: set[Literal] = set()
            never = False  # a choice its own scene shuts
            for n, scene_id in enumerate(component):
                scene = story.scenes[scene_id]
                always = live.mask(scene_reads(story, scene_id))
                goes: list[int] = []
                once: list[tuple[str, int, int, int]] = []
                pins = entry_pins(scene)

                for choice in scene.choices:
                    reads = live.mask(choice_reads(choice))
                    if choice.goto not in story.scenes:
                        continue
                    target = loop.number.get(choice.goto, -1)  # -1: out of the loop
                    if target < 0:
                        reads |= live.masks[choice.goto]
                    shut = _shut_by(choice, pins, kept) if scene.trial is None else ()
                    if shut is None:
                        never = True
                        continue  # never open: its scene's own effects shut it
                    if shut:
                        mark = f"{scene_id}/{choice.id}" if choice.once else ""
                        if mark:
                            marks.append(mark)
                        bit = live.mask([(TAKEN, mark)]) if mark else 0
                        asked = live.mask(refs_items(references(choice.condition or "")))
                        loop.shut.append((shut, mark, bit, asked, reads, target))
                        literals.update(shut)
                        loop.goes_shut.setdefault(n, []).append(len(loop.shut) - 1)
                        continue
                    if choice.once:
                        mark = f"{scene_id}/{choice.id}"
                        marks.append(mark)
                        bit = live.mask([(TAKEN, mark)])
                        if scene.trial is None:
                            once.append((mark, bit, reads, target))
                            continue
                        always |= bit  # a trial's scene: every mark kept, every way open
                    always |= reads
                    if target >= 0:
                        goes.append(target)
                others = [scene.next] if scene.next is not None else []
                others += links.targets(story, scene.trial) if scene.trial is not None else []
                for other in (t for t in others if t in story.scenes):
                    if other in members:
                        goes.append(loop.number[other])
                    else:
                        always |= live.masks[other]
                loop.always.append(always)
                loop.goes.append(tuple(goes))
                loop.once.append(tuple(once))
            loop.marks = frozenset(marks)
            loop.literals = tuple(sorted(literals))
            if not marks and not loop.shut and not never:
                continue  # nothing in it can be cut: liveness.py reads it as it is
            for scene_id in component:
                self.loop_of[scene_id] = loop

    def at(self, scene_id: str, taken: set[str], variables: Mapping[str, object]) -> Live:
        loop = self.loop_of.get(scene_id)
        if loop is None:
            return self.live.at(scene_id)
        held = loop.marks.intersection(taken) if taken else _NONE
        lits = (
            frozenset(lit for lit in loop.literals if variables.get(lit[0]) is lit[1])
            if loop.literals
            else _NO_LITERALS
        )
        key = (scene_id, held, lits)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[key] = self.live.decode(
                _walk(loop, loop.number[scene_id], held, lits)
            )
        return found


def for_good(story: Story) -> dict[str, tuple[bool, ...]]:
    """The flags that, once at a value, hold it for good: each with those values (every
    effect that writes it, a chapter's entry included, sets it to the same constant: that
    one; never written: both)."""
    written: dict[str, set[object]] = {}
    for effect in effects_of(story):
        if isinstance(effect, SetVar | AddVar):
            value = effect.value if isinstance(effect, SetVar) and effect.expr is None else None
            written.setdefault(effect.name, set()).add(value if isinstance(value, bool) else None)
    for chapter in story.chapters.values():
        for name, value in chapter.entry.variables:
            written.setdefault(name, set()).add(value if isinstance(value, bool) else None)
    out: dict[str, tuple[bool, ...]] = {}
    for name, start in story.variables.items():
        if not isinstance(start, bool):
            continue
        values = written.get(name, set())
        if not values:
            out[name] = (False, True)
        elif len(values) == 1 and None not in values:
            out[name] = (bool(next(iter(values))),)
    return out


def _shut_by(
    choice: Choice, pins: dict[str, Span], kept: dict[str, tuple[bool, ...]]
) -> tuple[Literal, ...] | None:
    """The flag values held for good that shut `choice` (its condition false whatever else
    holds, its scene's own effects counted); None when it is never open at all."""
    if choice.condition is None:
        return ()
    tree = condition_tree(choice.condition)

    def shut(flag: str | None, value: bool) -> bool:
        def leaf(part: tuple[Any, ...]) -> Span:
            if part[0] != "var":
                return None
            name = part[1]
            if name in pins:
                return pins[name]
            return frozenset((value,)) if name == flag else None

        return not _truth(abstract_value(tree, leaf))[0]

    if shut(None, False):
        return None
    return tuple(
        (name, value)
        for name in sorted(references(choice.condition).variables)
        if name in kept and name not in pins
        for value in kept[name]
        if shut(name, value)
    )


def _walk(loop: _Loop, start: int, held: frozenset[str], lits: frozenset[Literal]) -> int:
    """The bits read from scene `start` on, the marks in `held` and the flag values in
    `lits` cutting their ways."""
    seen = 1 << start
    todo = [start]
    mask = 0
    while todo:
        n = todo.pop()
        mask |= loop.always[n]
        nexts = list(loop.goes[n])
        for mark, bit, reads, target in loop.once[n]:
            if mark in held:
                mask |= bit
            else:
                mask |= reads
                if target >= 0:
                    nexts.append(target)
        for k in loop.goes_shut.get(n, ()):
            values, mark, bit, asked, reads, target = loop.shut[k]
            if not lits.isdisjoint(values):
                mask |= asked  # shut for good: never taken again, only asked
                continue
            if mark and mark in held:
                mask |= bit
            else:
                mask |= reads
                if target >= 0:
                    nexts.append(target)
        for target in nexts:
            if not seen >> target & 1:
                seen |= 1 << target
                todo.append(target)
    return mask
