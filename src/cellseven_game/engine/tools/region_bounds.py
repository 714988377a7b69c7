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
is moved one way when every way there adds to it constants of one sign in all (each way's
effects taken together; a `set` to itself plus a constant is one: counters.step), and
nothing there `set`s it otherwise or computes from it; a trial there
reads every number (its rulings' conditions) and is left alone. A sum read there (`n + m
>= 2`) bounds a term when its other terms never move there: the bound is then the
constant less what they hold, worked out from each state's own values.
"""

from __future__ import annotations

from collections.abc import Iterable

from cellseven_game.engine.core import conditions
from cellseven_game.engine.core.model import AddVar, Effect, SetVar, Story
from cellseven_game.engine.tools.counters import comparisons, step
from cellseven_game.engine.tools.liveness import _propagate

# A number; True when it only rises there (held at the ceiling), False when it only falls
# (held at the floor); and each constant that matters, with the other terms of its sum:
# the number is held at the highest (or lowest) constant less what those terms hold.
Bound = tuple[str, bool, tuple[tuple[float, tuple[str, ...]], ...]]
_UP, _DOWN, _OTHER, _CEILING, _FLOOR, _SET = range(6)
Item = tuple[str, int, object]


def region_bounds(story: Story, names: Iterable[str]) -> dict[str, tuple[Bound, ...]]:
    """Per scene, the bounds its future allows for the numbers `names` (those counters.py
    keeps exactly); a scene with none is left out."""
    wanted = set(names)
    if not wanted:
        return {}
    items: list[Item] = []
    index: dict[Item, int] = {}

    def bits(found: Iterable[Item]) -> int:
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


def _own(story: Story, scene_id: str, wanted: set[str]) -> list[Item]:
    """What this scene alone does with the numbers wanted: moves, reads against constants,
    or anything else."""
    scene = story.scenes[scene_id]
    if scene.trial is not None:
        return [(name, _SET, 0.0) for name in wanted]
    found: list[Item] = []
    lists: list[tuple[Effect, ...]] = [scene.effects]
    for choice in scene.choices:
        lists.append(choice.effects)
        if choice.condition is not None:
            found += _reads(choice.condition, wanted)
    for effects in lists:
        # What one way does to a number, all its effects together: no condition is read
        # between them (`add: -1` then `add: 2` raises it by one).
        net: dict[str, float] = {}
        for effect in effects:
            if not isinstance(effect, AddVar | SetVar):
                continue
            amount = step(effect)  # (`set: {n: "n + 1"}` as `add: {n: 1}`)
            if amount is not None:
                if effect.name in wanted:
                    net[effect.name] = net.get(effect.name, 0) + amount
                continue
            if effect.expr is not None:
                found += [
                    (name, _OTHER, 0.0)
                    for name in conditions.references(effect.expr).variables
                    if name in wanted
                ]
            if effect.name in wanted:
                found.append((effect.name, _SET, 0.0))
        found += [(name, _UP if total > 0 else _DOWN, 0.0) for name, total in net.items() if total]
    return found


def _reads(source: str, wanted: set[str]) -> list[Item]:
    sums, loose, _ = comparisons(source)
    found: list[Item] = [
        (name, _OTHER, 0.0) for kind, name in loose if kind == "v" and name in wanted
    ]
    for terms, need, floor in sums:
        names = tuple(name for kind, name in terms if kind == "v" and name in wanted)
        if len(names) != len(terms):  # a visit count, or a number not kept exactly
            found += [(name, _OTHER, 0.0) for name in names]
            continue
        for name in names:
            others = tuple(sorted(n for n in names if n != name))
            found += [(name, _CEILING, (need, others)), (name, _FLOOR, (floor, others))]
    return found


def _decode(found: list[Item]) -> tuple[Bound, ...]:
    kinds: dict[str, set[int]] = {}
    limits: dict[tuple[str, int], list[tuple[float, tuple[str, ...]]]] = {}
    for name, kind, value in found:
        kinds.setdefault(name, set()).add(kind)
        if kind in (_CEILING, _FLOOR):
            limits.setdefault((name, kind), []).append(value)  # type: ignore[arg-type]
    out: list[Bound] = []
    for name, seen in sorted(kinds.items()):
        if seen & {_OTHER, _SET}:
            continue  # read some other way, or set, here: every value may matter
        if (name, _CEILING) not in limits:
            continue  # not read here at all: liveness leaves it out of the state
        if seen >= {_UP, _DOWN} or not seen & {_UP, _DOWN}:
            continue  # both ways, or never moved: nothing to hold
        up = _UP in seen
        found_limits = limits[(name, _CEILING if up else _FLOOR)]
        # The other terms of its sums must hold still here, or a bound read from them now
        # would not hold later.
        if any(
            kinds.get(o, set()) & {_UP, _DOWN, _SET} for _, others in found_limits for o in others
        ):
            continue
        out.append((name, up, tuple(sorted({(_whole(c), others) for c, others in found_limits}))))
    return tuple(out)


def _whole(value: float) -> float:
    """A bound as the number a story would hold there (3, not 3.0, for whole numbers)."""
    return int(value) if value.is_integer() else value
