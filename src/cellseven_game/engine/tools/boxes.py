"""Sets of counter values as the bits of one integer, for the whole-story walk.

Between chapters, a player is what they chose (flags, items, marks) and a few counters
that only grow, by constants, and are read only through comparisons (bonds, trust: see
counters.py, which holds each at its cap). The counters multiply the players: every
combination of choices arrives with hundreds of counter values. Yet a chapter that does
not read a counter does the same thing whatever it holds, and each of its ways out adds a
constant to it. So story_walk keeps, per combination of everything else, the SET of counter
values that arrive there, as the bits of one integer: bit i stands for the values whose
digits (counter by counter, each from 0 to its cap) spell i. A way out then moves a whole
set at once: adding d to a counter held at its cap is a shift of the bits (those pushed
past the cap fold onto it), and a chapter that reads a counter sees one value at a time
(`put` collapses a counter to one value).

Only counters whose every value fits in a small box are kept this way (the box's size is the
product of the caps + 1); the others stay in the state, exact, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cellseven_game.engine.core.model import AddVar, SetVar, Story
from cellseven_game.engine.tools.counters import effects_of

BOX_LIMIT = 1 << 12  # bits in a box: a shift costs a few operations on an integer this long


@dataclass(frozen=True, slots=True)
class Counter:
    """One variable, or the variables read only as one sum (counters.sum_groups)."""

    members: tuple[str, ...]
    cap: int


def box_counters(
    story: Story,
    caps: dict[str, float | None],
    sums: list[tuple[tuple[str, ...], float]],
) -> list[Counter]:
    """The counters story_walk can keep as sets: whole numbers from 0, only ever added to by
    whole constants, read (if at all) only through comparisons (a finite cap)."""
    added: dict[str, bool] = {}
    for effect in effects_of(story):
        if isinstance(effect, AddVar):
            whole = effect.expr is None and type(effect.amount) is int and effect.amount >= 0
            added[effect.name] = added.get(effect.name, True) and whole
        elif isinstance(effect, SetVar):
            added[effect.name] = False
    starts = [dict(story.variables)] + [dict(c.entry.variables) for c in story.chapters.values()]

    def countable(name: str) -> bool:
        cap = caps.get(name)
        return (
            added.get(name, False)
            and cap is not None
            and cap != float("inf")
            and float(cap).is_integer()
            and all(_whole_from_zero(s.get(name, 0)) for s in starts)
            and name in story.variables
        )

    found: list[Counter] = []
    grouped: set[str] = set()
    for members, cap in sums:
        grouped.update(members)
        if all(countable(m) for m in members) and float(cap).is_integer():
            found.append(Counter(members, int(cap)))
    for name in sorted(story.variables):
        if name not in grouped and countable(name):
            found.append(Counter((name,), int(caps[name] or 0)))
    # The smallest first, as many as the box holds (the rest stay exact in the states).
    found.sort(key=lambda c: (c.cap, c.members))
    kept: list[Counter] = []
    size = 1
    for counter in found:
        if size * (counter.cap + 1) <= BOX_LIMIT:
            kept.append(counter)
            size *= counter.cap + 1
    return kept


def _whole_from_zero(value: object) -> bool:
    return type(value) is int and value >= 0


class Box:
    """The sets of values of some counters, as integers (see the module's docstring)."""

    def __init__(self, counters: list[Counter]) -> None:
        self.counters = counters
        self.strides: list[int] = []
        size = 1
        for counter in reversed(counters):
            self.strides.insert(0, size)
            size *= counter.cap + 1
        self.size = size
        # slices[a][j]: the bits whose counter a holds j; upto[a][j]: holds j or less.
        self.slices: list[list[int]] = []
        self.upto: list[list[int]] = []
        for a, counter in enumerate(counters):
            stride, width = self.strides[a], counter.cap + 1
            row = sum(1 << i for i in range(stride))  # one run of `stride` bits
            block = sum(row << (j * stride * width) for j in range(size // (stride * width)))
            slices = [block << (j * stride) for j in range(width)]
            self.slices.append(slices)
            upto, total = [], 0
            for mask in slices:
                total |= mask
                upto.append(total)
            self.upto.append(upto)

    def bit(self, values: tuple[int, ...]) -> int:
        return 1 << sum(v * s for v, s in zip(values, self.strides, strict=True))

    def add(self, mask: int, a: int, amount: int) -> int:
        """Each set member with `amount` added to counter a (held at its cap)."""
        if amount <= 0 or not mask:
            return mask
        cap, stride = self.counters[a].cap, self.strides[a]
        if amount >= cap:
            return self.put(mask, a, cap)
        out = (mask & self.upto[a][cap - amount]) << (amount * stride)
        for j in range(cap - amount + 1, cap + 1):
            out |= (mask & self.slices[a][j]) << ((cap - j) * stride)
        return out

    def put(self, mask: int, a: int, value: int) -> int:
        """Each set member with counter a set to `value`."""
        stride, out = self.strides[a], 0
        for j, part in enumerate(self.slices[a]):
            part &= mask
            if part:
                out |= (
                    part << ((value - j) * stride) if value >= j else part >> ((j - value) * stride)
                )
        return out

    def move(self, mask: int, ops: tuple[tuple[int, bool, int], ...]) -> int:
        """`ops`: (counter, put?, amount) applied in turn."""
        for a, put, amount in ops:
            mask = self.put(mask, a, amount) if put else self.add(mask, a, amount)
        return mask

    def move_one(self, values: tuple[int, ...], ops: tuple[tuple[int, bool, int], ...]) -> int:
        """`move` for one member: its bit."""
        out = list(values)
        for a, put, amount in ops:
            out[a] = amount if put else min(out[a] + amount, self.counters[a].cap)
        return self.bit(tuple(out))

    def values(self, mask: int) -> Iterator[tuple[int, tuple[int, ...]]]:
        """Each member of the set: its bit and its values."""
        while mask:
            low = mask & -mask
            index = low.bit_length() - 1
            pairs = zip(self.strides, self.counters, strict=True)
            yield low, tuple(index // s % (c.cap + 1) for s, c in pairs)
            mask ^= low

    def combos(self, mask: int, axes: tuple[int, ...]) -> Iterator[tuple[tuple[int, ...], int]]:
        """The values of counters `axes` the set holds, each with the members holding them."""
        parts: list[tuple[tuple[int, ...], int]] = [((), mask)]
        for a in axes:
            parts = [
                ((*values, j), part & s)
                for values, part in parts
                for j, s in enumerate(self.slices[a])
                if part & s
            ]
        return iter(parts)
