"""Bounds that a scene's own future puts on numbers counters.py keeps exactly.

counters.py caps a number for the whole story: read any other way anywhere (in a sum with
a number that falls, say), it is kept exactly everywhere, and a loop that adds to it or
takes from it at every round is a walk without end (a 16-scene pack with a trial: a
million states, capped). Yet from a scene whose future only ever moves a number one way,
and reads it only alone against constants, every value past the last constant read
behaves alike for good: a counter taken down at each round of a loop whose way out reads
`n < 0` is held at -1 there; one raised at each round and read only as `n != 2`, at 3.

A scene's future is every scene a path leads to from it, itself included (its own effects
count, though they ran on the way in: a bound is only ever given up for that). A number
is moved one way when every `add` to it there is a constant of one sign, and nothing
there `set`s it or computes from it; a trial there reads every number (its rulings'
conditions) and is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from cellseven_game.engine.core import conditions
from cellseven_game.engine.core.model import AddVar, Effect, SetVar, Story
from cellseven_game.engine.tools.counters import comparisons
from cellseven_game.engine.tools.liveness import _propagate

Bound = tuple[str, float, float]  # a number, the floor it is held at, the ceiling
_UP, _DOWN, _OTHER, _CEILING, _FLOOR = range(5)


def region_bounds(story: Story, names: Iterable[str]) -> dict[str, tuple[Bound, ...]]:
    """Per scene, the bounds its future allows for the numbers `names` (those counters.py
    keeps exactly); a scene with none is left out."""
    wanted = set(names)
    if not wanted:
        return {}
    items: list[tuple[str, int, float]] = []
    index: dict[tuple[str, int, float], int] = {}

    def bits(found: Iterable[tuple[str, int, float]]) -> int:
        mask = 0
        for item in found:
            bit = index.get(item)
            if bit is None:
                bit = index[item] = len(items)
                items.append(item)
            mask |= 1 << bit
        return mask

    own = {scene_id: bits(_own(story, scene_id, wanted)) for scene_id in story.scenes}
    out: dict[str, tuple[Bound, ...]] = {}
    decoded: dict[int, tuple[Bound, ...]] = {}
    for scene_id, mask in _propagate(story, own).items():
        found = decoded.get(mask)
        if found is None:
            found = decoded[mask] = _decode(
                [items[n] for n in range(mask.bit_length()) if mask >> n & 1]
            )
        if found:
            out[scene_id] = found
    return out


def _own(story: Story, scene_id: str, wanted: set[str]) -> list[tuple[str, int, float]]:
    """What this scene alone does with the numbers wanted: moves, reads against constants,
    or anything else."""
    scene = story.scenes[scene_id]
    if scene.trial is not None:
        return [(name, _OTHER, 0.0) for name in wanted]
    found: list[tuple[str, int, float]] = []
    effects: list[Effect] = list(scene.effects)
    for choice in scene.choices:
        effects += choice.effects
        if choice.condition is not None:
            found += _reads(choice.condition, wanted)
    for effect in effects:
        if isinstance(effect, AddVar | SetVar) and effect.expr is not None:
            found += [
                (name, _OTHER, 0.0)
                for name in conditions.references(effect.expr).variables
                if name in wanted
            ]
        if isinstance(effect, AddVar) and effect.name in wanted:
            if effect.expr is not None or effect.amount == 0:
                found.append((effect.name, _OTHER, 0.0))
            else:
                found.append((effect.name, _UP if effect.amount > 0 else _DOWN, 0.0))
        elif isinstance(effect, SetVar) and effect.name in wanted:
            found.append((effect.name, _OTHER, 0.0))
    return found


def _reads(source: str, wanted: set[str]) -> list[tuple[str, int, float]]:
    sums, loose = comparisons(source)
    found = [(name, _OTHER, 0.0) for kind, name in loose if kind == "v" and name in wanted]
    for terms, need, floor in sums:
        for kind, name in terms:
            if kind != "v" or name not in wanted:
                continue
            if len(terms) > 1:
                found.append((name, _OTHER, 0.0))  # (a sum: another term may move it back)
            else:
                found += [(name, _CEILING, need), (name, _FLOOR, floor)]
    return found


def _decode(found: list[tuple[str, int, float]]) -> tuple[Bound, ...]:
    kinds: dict[str, set[int]] = {}
    ceilings: dict[str, float] = {}
    floors: dict[str, float] = {}
    for name, kind, value in found:
        kinds.setdefault(name, set()).add(kind)
        if kind == _CEILING:
            ceilings[name] = max(ceilings.get(name, value), value)
        elif kind == _FLOOR:
            floors[name] = min(floors.get(name, value), value)
    out: list[Bound] = []
    for name, seen in sorted(kinds.items()):
        if _OTHER in seen or name not in ceilings:
            continue  # (not read here at all: liveness leaves it out of the state)
        if seen >= {_UP, _DOWN} or not seen & {_UP, _DOWN}:
            continue  # both ways, or never moved: nothing to hold
        if _UP in seen:
            out.append((name, -float("inf"), _whole(ceilings[name])))
        else:
            out.append((name, _whole(floors[name]), float("inf")))
    return tuple(out)


def _whole(value: float) -> float:
    """A bound as the number a story would hold there (3, not 3.0, for whole numbers)."""
    return int(value) if value.is_integer() else value
