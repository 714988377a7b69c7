"""Scenes no play of the whole story enters, proven a chapter at a time from its doors.

A season's last activity opens only after enough days on the one before it: no season's
replay enters it, but the whole story carries money and flags from season to season, so
the replay's proof does not stand there, and walking every state of the whole story caps
out (the outside `days` pack: 26 seasons, a million states). Yet every play that enters a
chapter comes in at one of its doors (the story's first scene, or a scene a way from
another chapter leads to) and stays inside until it leaves. So a scene that no search from
the states arriving at the doors enters is entered by no play of the whole story.

The search reads less than a play holds, and so lets more happen than can (never less):
- only what the guards of the ways into the scenes asked about read is followed, and what
  the ways changing those things read, and so on (`_followed`: a season's day and the
  visits of the activity before, not its money nor the energy of the others); a guard
  reading anything else is taken as maybe open, a once-only choice as never taken, and a
  scene's `next` as open beside its choices;
- what arrives is known as escape.py knows it at the ways in, as ranges. A number a
  guard only reads as "at least" (`money >= 4`), a flag only as true, a visit count only
  as "at least", evidence only as held: more of it can do all that less can, so it arrives
  with the most its range allows (more than any search can spend: HUGE). What is read both
  ways arrives with each value of its range, past the constants it is compared with one
  more (when only ever moved further: days counted on); too many, and it is not followed.
A chapter with a trial, or whose search outgrows its budget, is not proven.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cellseven_game.engine.core.condition_ops import bounded
from cellseven_game.engine.core.condition_types import NUMBER_LIMIT
from cellseven_game.engine.core.conditions import condition_tree
from cellseven_game.engine.core.links import successors
from cellseven_game.engine.core.model import (
    AddEvidence,
    AddVar,
    Effect,
    Meet,
    Reveal,
    Scene,
    SetVar,
    Story,
    Value,
)
from cellseven_game.engine.play.scene_plan import plan_of
from cellseven_game.engine.play.state import State
from cellseven_game.engine.tools.escape import Escape, Known
from cellseven_game.engine.tools.future import BOTH as MAYBE
from cellseven_game.engine.tools.future import Span, _point, _truth, abstract_value
from cellseven_game.engine.tools.graph_bounds import leading_to

DOOR_STATES = 20_000  # states one chapter's search expands at most
ARRIVALS = 64  # arrivals at one door, each value read both ways tried, at most
WIDEST = 16  # values a range read both ways may hold to be followed
MAX_STEP = 10**6  # a number moved more in one effect is never read as past its constants
# "As much as you like": no number is ever more (runtime `bounded`), not even one computed
# (`x * 1000`), so an arrival with it can do all that any other can.
HUGE = NUMBER_LIMIT
REACH = MAX_STEP * DOOR_STATES  # how far a search's ways can move a number, at most
FAR = HUGE - REACH  # a number this large came in HUGE: read as past any constant below

Item = tuple[str, str]  # ("v", variable), ("s", scene counted), ("has" | "met" | "knows", name)
UP, DOWN, EITHER = 1, -1, 0
INF = float("inf")
_COMPARED = {">=": UP, ">": UP, "<=": DOWN, "<": DOWN, "==": EITHER, "!=": EITHER}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_ABOVE, _BELOW = "above", "below"  # a number past every constant it is compared with


def out_of_reach(
    story: Story, escape: Escape, first: State, scenes: set[str], budget: int, replay: bool
) -> tuple[set[str], int]:
    """The scenes of `scenes` no play from `first` enters (of the whole story; or, `replay`,
    of `first`'s chapter replayed by name, which ends where a way leaves it), and the states
    expanded to prove it (at most `budget`: a chapter past its share is not proven)."""
    if any(scene.trial is not None for scene in story.scenes.values()):
        return set(), 0  # (a trial's ways are not read: escape.coming_in)
    by_chapter: dict[str, set[str]] = {}
    for scene_id in scenes:
        by_chapter.setdefault(story.scenes[scene_id].chapter, set()).add(scene_id)
    bools = _booleans(story)
    integers = _integers(story)
    proven: set[str] = set()
    spent = 0
    for chapter, asked in sorted(by_chapter.items()):
        if spent >= budget:
            break
        search = _Search(story, chapter, asked, bools, integers)
        entered = search.run(escape, first, min(DOOR_STATES, budget - spent), replay)
        spent += search.expanded
        if entered is not None:
            proven |= asked - entered
    return proven, spent


def _booleans(story: Story) -> set[str]:
    """The variables only ever true or false (a bare read of one says "true is more").
    (A chapter's `entry` is read only when it is replayed by name.)"""
    found = {name for name, value in story.variables.items() if isinstance(value, bool)}
    for effect in _effects(story.scenes.values()):
        if isinstance(effect, SetVar) and (
            effect.expr is not None or not isinstance(effect.value, bool)
        ):
            found.discard(effect.name)
    return found


def _integers(story: Story) -> set[str]:
    """The variables only ever whole numbers: started, set and added to with whole numbers,
    never computed (`x / 2`)."""

    def whole(value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    found = {name for name, value in story.variables.items() if whole(value)}
    for effect in _effects(story.scenes.values()):
        if isinstance(effect, SetVar | AddVar) and (
            effect.expr is not None
            or not whole(effect.value if isinstance(effect, SetVar) else effect.amount)
        ):
            found.discard(effect.name)
    return found


def _effects(scenes: Any) -> Iterator[Effect]:
    for scene in scenes:
        yield from scene.effects
        for choice in scene.choices:
            yield from choice.effects


def _leaves(tree: tuple[Any, ...]) -> Iterator[Item]:
    """What a condition or expression reads."""
    kind = tree[0]
    if kind == "var":
        yield ("v", tree[1])
    elif kind in ("visits", "visited"):
        yield ("s", tree[1])
    elif kind in ("has", "met", "knows"):
        yield (kind, tree[1])
    else:
        for part in tree[1:]:
            if isinstance(part, tuple):
                yield from _leaves(part)


def _changed(effect: Effect) -> Iterator[Item]:
    """What an effect changes."""
    if isinstance(effect, SetVar | AddVar):
        yield ("v", effect.name)
    elif isinstance(effect, AddEvidence):
        yield ("has", effect.evidence)
    elif isinstance(effect, Meet):
        yield ("met", effect.character)
    elif isinstance(effect, Reveal):
        yield ("met", effect.character)
        yield ("knows", f"{effect.character}.{effect.fact}")


@dataclass
class _Reads:
    """How the guards of one chapter read what they read."""

    # UP: only ever read as "at least" (more can do all that less can); DOWN: "at most";
    # EITHER: both, or any other way.
    ways: dict[Item, int] = field(default_factory=dict)
    # The least and the most constant a number is compared with, when only compared with
    # constants (`day < 77`, `visits s10_a1 >= 1`): beyond them, every value reads alike.
    bounds: dict[Item, tuple[float, float]] = field(default_factory=dict)
    loose: set[Item] = field(default_factory=set)  # read some other way too (`a + b`, `x`)
    moved: dict[str, int] = field(default_factory=dict)  # which way its effects move it

    def note(self, item: Item, way: int, constant: float | None = None) -> None:
        self.ways[item] = way if self.ways.get(item, way) == way else EITHER
        if constant is None:
            self.loose.add(item)
        else:
            low, high = self.bounds.get(item, (constant, constant))
            self.bounds[item] = (min(low, constant), max(high, constant))

    def any_way(self, tree: tuple[Any, ...]) -> None:
        for item in _leaves(tree):
            self.note(item, EITHER)

    def read(self, tree: tuple[Any, ...], sign: int, bools: set[str]) -> None:
        """A guard's parts (`sign` -1 under `not`)."""
        kind = tree[0]
        if kind in ("and", "or"):
            self.read(tree[2], sign, bools)
            self.read(tree[3], sign, bools)
        elif kind == "not":
            self.read(tree[2], -sign, bools)
        elif kind == "var":
            self.note(("v", tree[1]), sign if tree[1] in bools else EITHER)
        elif kind == "visited":
            self.note(("s", tree[1]), sign, 0.0)  # (`visits x > 0`)
        elif kind in ("has", "met", "knows"):
            self.note((kind, tree[1]), sign)
        elif kind == "cmp" and tree[1] in _COMPARED:
            op, left, right = tree[1], tree[3], tree[4]
            if left[0] == "const":
                op, left, right = _FLIP.get(op, op), right, left
            number = right[1] if right[0] == "const" else None
            if (
                left[0] in ("var", "visits")
                and left[1] not in bools
                and isinstance(number, int | float)
                and not isinstance(number, bool)
            ):
                item = ("v", left[1]) if left[0] == "var" else ("s", left[1])
                self.note(item, _COMPARED[op] * sign, float(number))
            else:
                self.any_way(tree)
        else:
            self.any_way(tree)

    def move(self, effect: Effect) -> None:
        if not isinstance(effect, SetVar | AddVar):
            return
        item = ("v", effect.name)
        if effect.expr is not None or (
            isinstance(effect, AddVar) and abs(effect.amount) > MAX_STEP
        ):
            if effect.expr is not None:
                self.any_way(condition_tree(effect.expr))
            self.note(item, EITHER)
            self.moved[effect.name] = EITHER
        elif isinstance(effect, AddVar) and effect.amount:
            way = UP if effect.amount > 0 else DOWN
            self.moved[effect.name] = way if self.moved.get(effect.name, way) == way else EITHER


class _Search:
    """One chapter's search from its doors (see the docstring)."""

    def __init__(
        self, story: Story, chapter: str, asked: set[str], bools: set[str], integers: set[str]
    ) -> None:
        self.story = story
        self.integers = integers
        self.chapter = chapter
        self.mine = {s for s, scene in story.scenes.items() if scene.chapter == chapter}
        self.reads = _Reads()
        for scene_id in self.mine:
            scene = story.scenes[scene_id]
            for choice in scene.choices:
                if choice.condition is not None:
                    self.reads.read(condition_tree(choice.condition), UP, bools)
            for effect in _effects((scene,)):
                self.reads.move(effect)
        self.items = sorted(self._followed(asked))
        self.expanded = 0

    def _followed(self, asked: set[str]) -> set[Item]:
        """What the guards of the ways into `asked` read, and the guards of the ways that
        change any of it, and so on."""
        story, mine = self.story, self.mine
        ways_into: dict[str, list[tuple[str | None, tuple[Effect, ...]]]] = {}
        for scene_id in mine:
            scene = story.scenes[scene_id]
            if scene.next is not None:
                ways_into.setdefault(scene.next, []).append((None, ()))
            for choice in scene.choices:
                ways_into.setdefault(choice.goto, []).append((choice.condition, choice.effects))
        changers: dict[Item, set[str]] = {}  # what is changed -> scenes whose ways in count
        changing: dict[Item, list[str]] = {}  # ... -> guards of the ways changing it
        for scene_id in mine:
            scene = story.scenes[scene_id]
            changers.setdefault(("s", scene_id), set()).add(scene_id)
            for name in plan_of(scene).speakers:
                changers.setdefault(("met", name), set()).add(scene_id)
            for effect in scene.effects:
                for item in _changed(effect):
                    changers.setdefault(item, set()).add(scene_id)
            for choice in scene.choices:
                for effect in choice.effects:
                    for item in _changed(effect):
                        guards = changing.setdefault(item, [])
                        if choice.condition is not None:
                            guards.append(choice.condition)
                        if isinstance(effect, SetVar | AddVar) and effect.expr is not None:
                            guards.append(effect.expr)
        for effect in _effects(story.scenes[s] for s in mine):
            if isinstance(effect, SetVar | AddVar) and effect.expr is not None:
                changing.setdefault(("v", effect.name), []).append(effect.expr)
        followed: set[Item] = set()
        todo: list[str] = [c for s in asked for c, _ in ways_into.get(s, ()) if c is not None]
        done: set[str] = set()
        while todo:
            source = todo.pop()
            if source in done:
                continue
            done.add(source)
            for item in _leaves(condition_tree(source)):
                if item in followed:
                    continue
                followed.add(item)
                todo += changing.get(item, ())
                for scene_id in changers.get(item, ()):
                    todo += [c for c, _ in ways_into.get(scene_id, ()) if c is not None]
        return followed

    def run(self, escape: Escape, first: State, budget: int, replay: bool) -> set[str] | None:
        """Every scene of the chapter the search enters (None past `budget`); `replay`: from
        `first` alone (a chapter replayed by name is not entered by another's ways)."""
        story, mine = self.story, self.mine
        arrivals = self._arrivals(None if replay else escape, first)
        where = {item: n for n, item in enumerate(self.items)}
        seen: set[tuple[Any, ...]] = set()
        todo: deque[tuple[str, tuple[Any, ...]]] = deque()
        entered: set[str] = set()
        for scene_id, values in arrivals:
            key = self._key(scene_id, values)
            if key not in seen:
                seen.add(key)
                todo.append((scene_id, values))
                entered.add(scene_id)
        while todo:
            if self.expanded >= budget:
                return None
            scene_id, values = todo.popleft()
            self.expanded += 1
            scene = story.scenes[scene_id]
            if scene.end is not None:
                continue
            ways: list[tuple[str, tuple[Effect, ...]]] = []
            if scene.next is not None:
                ways.append((scene.next, ()))  # (beside the choices: see the docstring)
            for choice in scene.choices:
                if choice.condition is not None:
                    holds = self._value(condition_tree(choice.condition), values, where)
                    if not _truth(holds)[0]:
                        continue
                ways.append((choice.goto, choice.effects))
            for target, effects in ways:
                if target not in mine:
                    continue
                after = self._enter(target, self._apply(effects, values, where), where)
                entered.add(target)
                key = self._key(target, after)
                if key not in seen:
                    seen.add(key)
                    todo.append((target, after))
        return entered

    def _arrivals(self, escape: Escape | None, first: State) -> list[tuple[str, tuple[Any, ...]]]:
        """The states the search starts from: the story's first, if in the chapter, and
        those coming in at its doors (see the docstring). An item with too many values to
        try is no longer followed."""
        story, mine = self.story, self.mine
        found: list[tuple[str, tuple[Any, ...]]] = []
        doors: dict[str, Known] = {}
        sources: set[str] = set()
        for scene_id, scene in story.scenes.items():
            if escape is not None and scene.chapter != self.chapter:
                for target in successors(story, scene_id):
                    if target in mine:
                        sources.add(scene_id)
                        if target not in doors:
                            known = escape.coming_in(target)
                            if known is not None:  # (else no way in is ever taken)
                                doors[target] = known
        # A scene of the chapter no path leads from to a way in is not entered before it.
        unvisited = mine - leading_to(story, sources)
        tries = {
            door: [self._values(item, known, unvisited - {door}) for item in self.items]
            for door, known in doors.items()
        }
        while True:
            drop = None
            for values in tries.values():
                widest = max(range(len(values)), key=lambda n: len(values[n] or ()), default=0)
                if any(v is None for v in values):
                    drop = next(n for n, v in enumerate(values) if v is None)
                elif math.prod(len(v or ()) for v in values) > ARRIVALS:
                    drop = widest
                if drop is not None:
                    break
            if drop is None:
                break
            del self.items[drop]
            for values in tries.values():
                del values[drop]
        if first.scene in mine:
            found.append((first.scene, tuple(self._held_by(first, item) for item in self.items)))
        for door, values in tries.items():
            for picked in itertools.product(*values):  # type: ignore[arg-type]
                found.append((door, tuple(picked)))
        return found

    def _held_by(self, state: State, item: Item) -> Any:
        kind, name = item
        if kind == "v":
            return state.variables.get(name)
        if kind == "s":
            return state.visits.get(name, 0)
        return name in {"has": state.evidence, "met": state.met, "knows": state.facts}[kind]

    def _values(self, item: Item, known: Known, unvisited: set[str]) -> list[Any] | None:
        """The values of `item` an arrival is tried with: the most of it when read one way,
        each one possible when read both (None: too many to try)."""
        reads = self.reads
        way = reads.ways.get(item, EITHER)
        kind, name = item
        if kind in ("has", "met", "knows"):
            held = (kind, name)
            if held in known.held or held in known.lacking:
                return [held in known.held]
            return [True] if way == UP else [False] if way == DOWN else [True, False]
        moved: int | None = UP  # (a visit is only ever counted up)
        if kind == "v":
            span = known.value(name)
            if isinstance(span, frozenset):
                if way == EITHER or len(span) == 1:
                    return list(span)
                if all(isinstance(v, bool) for v in span) or all(
                    isinstance(v, int | float) and not isinstance(v, bool) for v in span
                ):
                    return [max(span) if way == UP else min(span)]
                return None
            if span is None:
                if way == EITHER:
                    return None
                span = (-INF, INF)
            moved = reads.moved.get(name)  # (None: never moved)
        else:
            visits = (0.0, 0.0) if name in unvisited else known.visit_span(name)
            # (the door itself is not in `unvisited`: the arrival has just entered it)
            span = visits if visits is not None else (0.0, INF)
        low, high = span
        if way == UP:
            return [HUGE if high == INF else _whole(high)]
        if way == DOWN:
            return [-HUGE if low == -INF else _whole(low)]
        if kind == "v" and name not in self.integers:
            return None  # (a range of a number that may be 1.5 is not its whole numbers)
        # Past the constants it is compared with, every value reads alike, and stays past
        # them if never moved back (a number moved both ways may come back: 14 - 3 == 11):
        # one value more tried.
        bounds = None if item in reads.loose else reads.bounds.get(item)
        if bounds is not None and moved in (None, UP) and high > bounds[1] + 1:
            high = max(low, bounds[1] + 1)
        if bounds is not None and moved in (None, DOWN) and low < bounds[0] - 1:
            low = min(high, bounds[0] - 1)
        if high - low > WIDEST or low != int(low) or high != int(high):
            return None
        return list(range(int(low), int(high) + 1))

    def _key(self, scene_id: str, values: tuple[Any, ...]) -> tuple[Any, ...]:
        """What tells two states of the search apart: a number past every constant it is
        compared with only as "past", when it stays so: moved only further, or come in
        HUGE (no search brings it back within REACH of the constants: money spent on
        apples, three coins a time, from an arrival with as much as you like)."""
        reads = self.reads
        parts: list[Any] = [scene_id]
        for item, value in zip(self.items, values, strict=True):
            bounds = None if item in reads.loose else reads.bounds.get(item)
            if (
                bounds is not None
                and isinstance(value, int | float)
                and not isinstance(value, bool)
            ):
                moved = UP if item[0] == "s" else reads.moved.get(item[1])
                if value > bounds[1] and (moved in (None, UP) or value >= FAR > bounds[1] + REACH):
                    value = _ABOVE
                elif value < bounds[0] and (
                    moved in (None, DOWN) or -value >= FAR > REACH - bounds[0]
                ):
                    value = _BELOW
            parts.append(value)
        return tuple(parts)

    def _value(
        self, tree: tuple[Any, ...], values: tuple[Any, ...], where: dict[Item, int]
    ) -> Span:
        """A guard or expression, what is not followed read as anything."""

        def leaf(part: tuple[Any, ...]) -> Span:
            kind = part[0]
            item = ("s", part[1]) if kind in ("visits", "visited") else (kind[0], part[1])
            if kind in ("has", "met", "knows"):
                item = (kind, part[1])
            n = where.get(item)
            if n is None:
                return (0.0, INF) if kind == "visits" else None if kind == "var" else MAYBE
            value = values[n]
            if kind == "visits":
                return (float(value), float(value))
            if kind == "visited":
                return frozenset((value > 0,))
            if kind == "var":
                return _point(value)
            return frozenset((bool(value),))

        return abstract_value(tree, leaf)

    def _apply(
        self, effects: tuple[Effect, ...], values: tuple[Any, ...], where: dict[Item, int]
    ) -> tuple[Any, ...]:
        """`values` once `effects` ran (runtime.Runtime.apply, on what is followed)."""
        if not effects:
            return values
        out = list(values)
        for effect in effects:
            if isinstance(effect, SetVar | AddVar):
                n = where.get(("v", effect.name))
                if n is None:
                    continue
                if isinstance(effect, SetVar):
                    if effect.expr is None:
                        out[n] = effect.value
                    else:
                        out[n] = _known(self._value(condition_tree(effect.expr), tuple(out), where))
                    continue
                amount: Any = effect.amount
                if effect.expr is not None:
                    amount = _known(self._value(condition_tree(effect.expr), tuple(out), where))
                current = out[n]
                if current is None or amount is None:
                    out[n] = None  # (anything)
                elif isinstance(current, int | float) and not isinstance(current, bool):
                    out[n] = bounded(current + amount)
            else:
                for item in _changed(effect):
                    n = where.get(item)
                    if n is not None:
                        out[n] = True
        return tuple(out)

    def _enter(
        self, scene_id: str, values: tuple[Any, ...], where: dict[Item, int]
    ) -> tuple[Any, ...]:
        """`values` once `scene_id` is entered (runtime.Runtime.enter)."""
        scene: Scene = self.story.scenes[scene_id]
        n = where.get(("s", scene_id))
        out = values
        if n is not None:
            listed = list(out)
            listed[n] = bounded(listed[n] + 1)
            out = tuple(listed)
        for name in plan_of(scene).speakers:
            m = where.get(("met", name))
            if m is not None and out[m] is not True:
                listed = list(out)
                listed[m] = True
                out = tuple(listed)
        return self._apply(scene.effects, out, where)


def _known(span: Span) -> Value | None:
    """The one value `span` stands for, or None (anything)."""
    if isinstance(span, tuple) and span[0] == span[1]:
        return _whole(span[0])
    if isinstance(span, frozenset) and len(span) == 1:
        value: Value = next(iter(span))
        return value
    return None


def _whole(number: float) -> int | float:
    return int(number) if number == int(number) else number
