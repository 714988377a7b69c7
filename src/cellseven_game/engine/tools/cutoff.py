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

Why two states with the same key behave the same: the walk from a scene takes each scene's
edges according to the marks of that scene, and those marks are part of the key (a mark
held at a reachable scene is live), so both states walk the same scenes, read the same
items, and nothing outside those scenes can be reached or read by either.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cellseven_game.engine.core import links
from cellseven_game.engine.core.links import successors
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.tools.liveness import (
    TAKEN,
    Live,
    Liveness,
    choice_reads,
    components,
    scene_reads,
)

_NONE: frozenset[str] = frozenset()
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


class Cutoff:
    """`at(scene, taken)`: what the future of a state at `scene` holding `taken` can read."""

    def __init__(self, story: Story, live: Liveness) -> None:
        self.live = live
        self.loop_of: dict[str, _Loop] = {}
        self._cache: dict[tuple[str, frozenset[str]], Live] = {}
        for component in components(story):
            members = set(component)
            cyclic = len(component) > 1 or component[0] in successors(story, component[0])
            has_once = any(c.once for s in component for c in story.scenes[s].choices)
            if not cyclic or not has_once or len(component) > LOOP_AT_MOST:
                continue
            loop = _Loop(number={scene_id: n for n, scene_id in enumerate(component)})
            marks: list[str] = []
            for scene_id in component:
                scene = story.scenes[scene_id]
                always = live.mask(scene_reads(story, scene_id))
                goes: list[int] = []
                once: list[tuple[str, int, int, int]] = []

                for choice in scene.choices:
                    reads = live.mask(choice_reads(choice))
                    if choice.goto not in story.scenes:
                        continue
                    target = loop.number.get(choice.goto, -1)  # -1: out of the loop
                    if target < 0:
                        reads |= live.masks[choice.goto]
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
            for scene_id in component:
                self.loop_of[scene_id] = loop

    def at(self, scene_id: str, taken: set[str]) -> Live:
        loop = self.loop_of.get(scene_id)
        if loop is None:
            return self.live.at(scene_id)
        held = loop.marks.intersection(taken) if taken else _NONE
        key = (scene_id, held)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            found = self._cache[key] = self.live.decode(_walk(loop, loop.number[scene_id], held))
        return found


def _walk(loop: _Loop, start: int, held: frozenset[str]) -> int:
    """The bits read from scene `start` on, the marks in `held` cutting their ways."""
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
        for target in nexts:
            if not seen >> target & 1:
                seen |= 1 << target
                todo.append(target)
    return mask
