"""A search for the states random playthroughs miss: nearest to what is still open first.

A scene behind a sequence of events in one order (the mill before the forge before the well,
in `packs.py yard`) is seldom reached by playthroughs that pick at random. When they stop
finding anything new and a question is still open, witnessed.py asks this search to reach
the scenes still in question: states are expanded best first, by how many ways of the
scene graph separate their scene from the nearest of those scenes; each is kept once, by
the digest the walk keys states by (explorer.Explorer.key), so two states with the same
future are expanded once. It stops at its budget: what it finds is found by a real play (a
path of choices from the start), so it is as good as a playthrough's.
"""

from __future__ import annotations

import heapq
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cellseven_game.engine.core.conditions import and_parts, condition_tree
from cellseven_game.engine.core.model import (
    AddEvidence,
    AddVar,
    Effect,
    Meet,
    Reveal,
    SetVar,
    Story,
)
from cellseven_game.engine.core.trial_model import RULE_NAMES
from cellseven_game.engine.play.runtime import Unshown
from cellseven_game.engine.play.scene_plan import plan_of
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.play.trial import one_present_each, verdict_of
from cellseven_game.engine.tools.counters import effects_of, step
from cellseven_game.engine.tools.escape import hashable
from cellseven_game.engine.tools.explorer import Explorer
from cellseven_game.engine.tools.future import Span, _point, abstract_value
from cellseven_game.engine.tools.graph_bounds import ways_back
from cellseven_game.engine.tools.liveness import per_story

SEEK_STATES = 6_000  # states expanded by one search at most (about 0.3 s)
TARGET_SHARE = 500  # of them drawn by one target before it is put off (see `seek`)
# Facts of a relaxed plan past which the plan to each is not worked out: each one's is bits
# over them all (20,000 facts: 50 MB).
MAX_PLAN_FACTS = 20_000
# What a guided search counts each unit spent of a number a guard caps (`_spent`), against
# 16 for each fact every way to its target needs: a door forced is two alarms and two such
# facts (its room passed and the next entered), so spending costs more than passing gains.
SPENT = 64
# Choices taken from where a search began that rank a state one behind, as far from its
# targets by one more way: a room whose `rattle` loops back to it with a counter raised
# (`attempts`, read by a guard) gives states as near as it without end, and the dial one
# way off that opens the door was never reached (20,000 states in the first chamber).
STEPS_A_RANK = 8


def distances(story: Story, targets: set[str], chapter: str | None) -> dict[str, int]:
    """Ways of the graph from each scene to the nearest of `targets` (within `chapter`)."""
    back = ways_back(story)
    near = {t: 0 for t in targets}
    todo = deque(targets)
    while todo:
        scene_id = todo.popleft()
        for source in back[scene_id]:
            if source in near:
                continue
            if chapter is not None and story.scenes[source].chapter != chapter:
                continue
            near[source] = near[scene_id] + 1
            todo.append(source)
    return near


def search_key(explorer: Explorer, state: State) -> int:
    """The digest a search keeps a state once by: the walk's (Explorer.key), and in a trial
    all of where it stands (the walk's own keys there count on its own way of walking a
    trial: trial_key.py)."""
    key = explorer.key(state)
    return key if state.trial is None else hash((key, state.trial))


def children(story: Story, state: State) -> Iterator[State]:
    """The states one choice after `state`, each a copy with its own trail (`state` itself
    is left as it is): what every search here expands a state into."""
    runtime = Unshown(story, state)
    options = [option for option in runtime._options() if option.enabled]
    if state.trial is not None:
        # Any item that answers the statement objected to does as any other, and so does
        # any that does not: one of each (a hearing with 70 items held had 70 children).
        options = one_present_each(runtime, options)
    for option in options:
        child = Explorer.clone(state)
        child.trail = []
        Unshown(story, child)._take(option)
        yield child


def _operand(tree: tuple[Any, ...], state: State) -> float | None:
    """A variable's or a visit count's value in `state`, when it is a number."""
    if tree[0] == "var":
        value = state.variables.get(tree[1])
    elif tree[0] == "visits":
        value = state.visits.get(tree[1], 0)
    else:
        return None
    return None if isinstance(value, bool) or not isinstance(value, int | float) else value


def _guards(story: Story, targets: set[str]) -> list[tuple[str, str, list[tuple[Any, ...]]]]:
    """The ways into `targets` from other scenes: (the target, their scene, the parts
    joined by `and` of their condition; none for a `next` or a choice without one; a
    ruling's, the items it needs, `_ruling_ways`). A way from a target counts: once the
    search reaches it, the scenes behind it draw."""
    found: list[tuple[str, str, list[tuple[Any, ...]]]] = []
    for scene in story.scenes.values():
        if scene.next in targets and scene.next != scene.id:
            found.append((scene.next, scene.id, []))
        if scene.trial is not None:
            for target, parts, _ in _ruling_ways(story, scene.trial):
                if target in targets and target != scene.id:
                    found.append((target, scene.id, parts))
        for choice in scene.choices:
            if choice.goto in targets and choice.goto != scene.id:
                cond = choice.condition
                parts = and_parts(condition_tree(cond)) if cond is not None else []
                found.append((choice.goto, scene.id, parts))
    return found


def _values_given(story: Story) -> dict[str, frozenset[bool] | None]:
    """For each variable an effect sets, whether it is ever given a true value and a false
    one (as `bool` reads them): None when some value is worked out at play, or added to."""
    given: dict[str, set[bool] | None] = {}
    for effect in effects_of(story):
        if isinstance(effect, AddVar):
            given[effect.name] = None
        elif isinstance(effect, SetVar):
            if effect.expr is not None:
                given[effect.name] = None
            else:
                seen = given.setdefault(effect.name, set())
                if seen is not None:
                    seen.add(bool(effect.value))
    return {name: None if seen is None else frozenset(seen) for name, seen in given.items()}


_BOTH = frozenset((1, -1))


@per_story
def _moves(story: Story) -> dict[str, frozenset[int]]:
    """For each variable an effect changes, the ways it can move: 1 up, -1 down (both when
    a value is set, or worked out at play)."""
    moves: dict[str, frozenset[int]] = {}
    for effect in effects_of(story):
        if isinstance(effect, SetVar | AddVar):
            amount = step(effect)
            way = _BOTH if amount is None else frozenset((1,) if amount > 0 else (-1,))
            moves[effect.name] = moves.get(effect.name, frozenset()) | way
    return moves


def _never_again(
    part: tuple[Any, ...],
    state: State,
    given: dict[str, Any],
    moves: dict[str, frozenset[int]],
) -> bool:
    """Whether a part of a guard, false in `state`, can never hold again in its play: a
    flag it needs set that nothing sets, or one it needs clear that nothing clears (a chart
    marked for good: every way on whose guard needs it unmarked is gone); a number it needs
    lower that only rises, or higher that only falls (an alarm at 10 where the clean way out
    needs it at 9 at most: every door forced since drew the search on to nothing)."""
    if part[0] == "cmp":
        return _never_within(part, state, moves)
    if part[0] == "not" and part[2][0] == "var":
        name, wanted = part[2][1], False
    elif part[0] == "var":
        name, wanted = part[1], True
    else:
        return False
    if name not in state.variables or bool(state.variables[name]) == wanted:
        return False
    seen = given.get(name, frozenset())
    return seen is not None and wanted not in seen


def _never_within(part: tuple[Any, ...], state: State, moves: dict[str, frozenset[int]]) -> bool:
    """`_never_again` of a number compared with a constant (a visit count only rises)."""
    op, number, bound = part[1], part[3], part[4]
    if number[0] == "const":
        op, number, bound = _MIRRORED[op], bound, number
    if bound[0] != "const" or op not in _TO_FAIL or _operand(number, state) is None:
        return False
    if number[0] == "visits":
        ways = frozenset((1,))
    elif number[0] == "var":
        ways = moves.get(number[1], frozenset())
    else:
        return False
    return (1 if op in _UP else -1) not in ways


def _holds(tree: tuple[Any, ...], state: State) -> bool:
    """Whether a condition holds in `state` (read with future.py's evaluator, each leaf
    known exactly)."""

    def leaf(part: tuple[Any, ...]) -> Span:
        kind, name = part[0], part[1]
        if kind == "var":
            return _point(state.variables.get(name))
        if kind in ("has", "met", "knows"):
            held = {"has": state.evidence, "met": state.met, "knows": state.facts}[kind]
            return frozenset((name in held,))
        count = float(state.visits.get(name, 0))
        return (count, count) if kind == "visits" else frozenset((count > 0,))

    return abstract_value(tree, leaf) == frozenset((True,))


_UP = {">=": 0, ">": 1}  # a number compared to a constant above it: how much more it needs
_DOWN = {"<=": 0, "<": 1}  # (the constant first: `3 < money`)


def _short(part: tuple[Any, ...], state: State) -> int:
    """How far a number is from the constant a false part compares it with (`money >= 104`
    at 30 coins: 74; `trust < 1` at 1: 1), so that a search drawn by it goes where the
    number grows, or falls; 0 for any other part."""
    if part[0] != "cmp":
        return 0
    op, left, right = part[1], part[3], part[4]
    if right[0] == "const" and op in _UP:
        number, bound, extra, sign = left, right[1], _UP[op], 1
    elif left[0] == "const" and op in _DOWN:
        number, bound, extra, sign = right, left[1], _DOWN[op], 1
    elif right[0] == "const" and op in _DOWN:
        number, bound, extra, sign = left, right[1], _DOWN[op], -1
    elif left[0] == "const" and op in _UP:
        number, bound, extra, sign = right, left[1], _UP[op], -1
    else:
        return 0
    value = _operand(number, state)
    if value is None:
        return 0
    if isinstance(bound, bool) or not isinstance(bound, int | float):
        return 0
    return max(0, min(int(sign * (bound - value)) + extra, 1 << 16))


_NEGATED = {">=": "<", ">": "<=", "<=": ">", "<": ">="}


def _loss(part: tuple[Any, ...], state: State, first: State, negated: bool = False) -> int:
    """How much a condition's margin has shrunk since `first`, holding or not: for two
    numbers compared (`poll_us <= poll_rival`), how far their difference has moved against
    it (a canvass that raises one poll of the two brings an ending needing it no higher
    nearer to closing); for `and`, the parts' sum; for `or` (and `not` of `and`), the least
    of its sides; 0 for anything else. A search drawn to an ending decided by such
    numbers goes first where they have moved least against it."""
    kind = part[0]
    if kind == "not":
        return _loss(part[2], state, first, not negated)
    if kind in ("and", "or"):
        sides = (_loss(part[2], state, first, negated), _loss(part[3], state, first, negated))
        return sum(sides) if (kind == "and") != negated else min(sides)
    if kind != "cmp" or part[1] not in _NEGATED:
        return 0
    op = _NEGATED[part[1]] if negated else part[1]
    now = [_operand_or_constant(side, state) for side in (part[3], part[4])]
    then = [_operand_or_constant(side, first) for side in (part[3], part[4])]
    if None in now or None in then:
        return 0
    # (the difference that must stay low: left - right for `<`, `<=`; the other way else)
    sign = 1 if op in _DOWN else -1
    moved = sign * ((now[0] - now[1]) - (then[0] - then[1]))  # type: ignore[operator]
    return max(0, min(int(moved + 0.999), 1 << 16))


def _gap(part: tuple[Any, ...], state: State, negated: bool = False) -> int:
    """`_short` of two numbers compared too (`poll_third > poll_rival` at 27 and 30: 4),
    through `not`, `and` (the sum of its false sides) and `or` (the least): how far the
    numbers must move for a false condition to hold; 0 for what holds, 1 for what no number
    can bring about."""
    kind = part[0]
    if kind == "not":
        return _gap(part[2], state, not negated)
    if kind in ("and", "or"):
        sides = (_gap(part[2], state, negated), _gap(part[3], state, negated))
        return sum(sides) if (kind == "and") != negated else min(sides)
    if kind == "cmp" and part[1] in _NEGATED:
        left = _operand_or_constant(part[3], state)
        right = _operand_or_constant(part[4], state)
        if left is not None and right is not None:
            op = _NEGATED[part[1]] if negated else part[1]
            # (how far past holding: `<=` and `>=` hold at a difference of 0 or less,
            # `<` and `>` below it)
            needed = left - right if op in _DOWN else right - left
            if needed < 0 or (needed == 0 and op in ("<=", ">=")):
                return 0
            return max(1, min(int(needed + 0.999) + (op in ("<", ">")), 1 << 16))
    return 0 if _holds(part, state) != negated else 1


def _operand_or_constant(side: tuple[Any, ...], state: State) -> float | None:
    if side[0] == "const":
        value = side[1]
        return None if isinstance(value, bool) or not isinstance(value, int | float) else value
    return _operand(side, state)


def _spent(state: State, start: tuple[tuple[str, float], ...]) -> int:
    """How much of the numbers in `start` `state` has spent since (see `capped_numbers`)."""
    spent = 0
    for name, value in start:
        now = state.variables.get(name)
        if isinstance(now, int | float) and now > value:
            spent += min(int(now - value + 0.999), 1 << 16)
    return spent


def _shortfall(state: State, bill: dict[str, float]) -> int:
    """How much `state` is short of paying `bill` (see `to_pay` in `seek`)."""
    short = 0
    for name, amount in bill.items():
        value = state.variables.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value < amount:
            short += min(int(amount - value) + 1, 1 << 16)
    return short


Fact = tuple[Any, ...]  # ("s", scene) entered, ("v", name, value) set, ("has", name) ...


def _need(part: tuple[Any, ...], first: State) -> Fact | None:
    """What a part of a guard needs made true, when it is false in `first` and plainly
    asks for one thing: a flag set, a value, a scene visited, evidence, a person, a fact.
    Other parts (numbers, `not`, `or`) are counted on to hold (None), as is a true one."""
    if _holds(part, first):
        return None
    kind = part[0]
    if kind == "var":
        return ("v", part[1], True)
    if kind == "visited":
        return ("s", part[1])
    if kind in ("has", "met", "knows"):
        return (kind, part[1])
    if kind == "cmp" and part[1] == "==" and part[3][0] == "var" and part[4][0] == "const":
        return ("v", part[3][1], hashable(part[4][1]))
    return None


def _made(effects: tuple[Effect, ...], wanted: dict[str, set[Any]]) -> list[Fact]:
    """What `effects` make true, as `_need` names it (a number moved, or a value worked
    out, makes every value a guard wants of it)."""
    facts: list[Fact] = []
    for effect in effects:
        if isinstance(effect, SetVar) and effect.expr is None:
            facts.append(("v", effect.name, hashable(effect.value)))
            if effect.value:
                facts.append(("v", effect.name, True))
        elif isinstance(effect, SetVar | AddVar):
            facts += [("v", effect.name, value) for value in wanted.get(effect.name, ())]
        elif isinstance(effect, AddEvidence):
            facts.append(("has", effect.evidence))
        elif isinstance(effect, Meet):
            facts.append(("met", effect.character))
        elif isinstance(effect, Reveal):
            facts += [("met", effect.character), ("knows", f"{effect.character}.{effect.fact}")]
    return facts


MAX_WAYS_A_GUARD = 8  # a guard's ways to hold (`or`s multiply them) read, at most


def _alternatives(parts: list[tuple[Any, ...]], first: State) -> list[set[Fact]]:
    """The ways a guard (the parts `and` joins) can be made to hold, each as the facts it
    needs (`_need`): an `or` gives one for each side. Past MAX_WAYS_A_GUARD, one way with
    only what every way of it needs."""
    ways: list[set[Fact]] = [set()]
    for part in parts:
        sides = _sides(part) if part[0] == "or" else [[part]]
        if len(ways) * len(sides) > MAX_WAYS_A_GUARD:
            sides = [[]]
        needs = [{f for p in side if (f := _need(p, first)) is not None} for side in sides]
        ways = [way | need for way in ways for need in needs]
    return ways


def _split(parts: list[tuple[Any, ...]]) -> list[list[tuple[Any, ...]]]:
    """A guard (the parts `and` joins) as its ways to hold, one for each side of each `or`
    (up to MAX_WAYS_A_GUARD; past it, as it is). A guided search reads each as a way of
    its own: what every play through it needs is then what that side needs (`suspicion <
    2 or won_h1`: a search winning the first hearing gathers what wins it, or is off that
    way; read as one, it held only what both sides need, and gathered nothing for it)."""
    ways: list[list[tuple[Any, ...]]] = [[]]
    for part in parts:
        sides = _sides(part) if part[0] == "or" else [[part]]
        if len(ways) * len(sides) > MAX_WAYS_A_GUARD:
            return [parts]
        ways = [way + side for way in ways for side in sides]
    return ways


def _sides(tree: tuple[Any, ...]) -> list[list[tuple[Any, ...]]]:
    """The sides `or` joins in a condition tree, each as the parts `and` joins."""
    if tree[0] == "or":
        return [*_sides(tree[2]), *_sides(tree[3])]
    return [and_parts(tree)]


def _joined(tree: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    """The parts `and` and `or` join in a condition tree, at any depth."""
    if tree[0] in ("and", "or"):
        yield from _joined(tree[2])
        yield from _joined(tree[3])
    else:
        yield tree


def _places(bits: int) -> Iterator[int]:
    """The places of the bits set in `bits`, lowest first."""
    while bits:
        low = bits & -bits
        yield low.bit_length() - 1
        bits ^= low


@dataclass
class Relaxed:
    """The relaxed plan from one state (see `relaxed`): each fact in the order it is first
    made, how many guards deep it lies, and the needs of the way that first made it."""

    order: dict[Fact, int] = field(default_factory=dict)  # a fact -> its place
    facts: list[Fact] = field(default_factory=list)  # by place, in the order first made
    depth: list[int] = field(default_factory=list)  # by place: guards passed to make it
    made_from: list[list[int]] = field(default_factory=list)  # by place: those needs' places
    # By place: what the way that first made it spends of numbers a guard needs at least a
    # constant of (coins paid for a rope: ("cash", 100)), see `_paid`.
    paid: list[tuple[tuple[str, float], ...]] = field(default_factory=list)
    where: dict[Fact, set[str]] = field(default_factory=dict)  # the scenes that make a fact
    makers: dict[Fact, list[list[Fact]]] = field(default_factory=dict)  # each way's needs
    marks: list[int] = field(default_factory=list)  # by place, once asked: see `landmarks`
    on_way: list[int] = field(default_factory=list)  # by place, as worked out: see `plan`
    after: list[int] = field(default_factory=list)  # by place, once asked: see `front`

    def levels(self) -> dict[str, int]:
        """How many guards deep each scene lies (see `relaxed`)."""
        return {f[1]: self.depth[n] for n, f in enumerate(self.facts) if f[0] == "s"}

    def plan(self, fact: Fact) -> int:
        """The facts made on the relaxed way to `fact` (itself among them), as bits by
        place: the flag behind the key behind the door. Every way to it makes the facts
        every way needs; this way's other facts guide a search all the same (they are what
        the cheapest way needs: two rooms searched before an accusation)."""
        place = self.order.get(fact)
        return 0 if place is None else self.plan_at(place)

    def front(self, bits: int) -> list[int]:
        """The places of the facts of `bits` that no other fact of `bits` is on the plan to
        (`plan_at`): where `bits` is a plan's facts not made, those to make next. The
        lowest is one (a fact's needs come before it), and the facts after it are none."""
        if not bits:
            return []  # (a plan past MAX_PLAN_FACTS is none: its facts' lists are not made)
        after = self._after()
        nexts = []
        while bits:
            low = bits & -bits
            at = low.bit_length() - 1
            nexts.append(at)
            bits &= ~(after[at] | low)
        return nexts

    def _after(self) -> list[int]:
        """By place: the facts whose plan it is on, but itself (`plan_at` turned round)."""
        if len(self.after) < len(self.facts):
            after = [0] * len(self.facts)
            for n in range(len(self.facts) - 1, -1, -1):  # (those on a plan: before it)
                later = after[n] | 1 << n
                for at in self.made_from[n]:
                    after[at] |= later
            self.after = after
        return self.after

    def plan_at(self, place: int) -> int:
        """`plan` of the fact at `place`."""
        if len(self.facts) > MAX_PLAN_FACTS:
            return 0
        on_way = self.on_way
        while len(on_way) <= place:  # worked out in order: a fact's needs come before it
            n = len(on_way)
            bits = 1 << n
            for at in self.made_from[n]:
                bits |= on_way[at]
            on_way.append(bits)
        return on_way[place]

    def landmarks(self, fact: Fact) -> int:
        """The facts every relaxed way to `fact` makes on the way (itself among them), as
        bits by place: what any play must make before it (a case solved right before the
        legend it counts in). A fact's are those common to all the ways that make it, each
        way's being its needs and their own landmarks: worked out for every fact at once,
        from all facts at first and fewer at each round, until none change (a way round a
        loop, needing the fact itself, takes nothing away)."""
        place = self.order.get(fact)
        if place is None or len(self.facts) > MAX_PLAN_FACTS:
            return 0
        return self._landmarks()[place]

    def _landmarks(self) -> list[int]:
        if self.marks:
            return self.marks
        order, count = self.order, len(self.facts)
        every = (1 << count) - 1
        makers: list[list[list[int]]] = []  # by place: each way's needs, by place
        readers: list[list[int]] = [[] for _ in range(count)]  # by place: facts it may make
        for n, fact in enumerate(self.facts):
            ways = []
            for needs in self.makers.get(fact, ()):
                if all(need in order for need in needs):  # (else never taken)
                    places = [order[need] for need in needs]
                    ways.append(places)
                    for at in places:
                        readers[at].append(n)
            makers.append(ways)
        marks = [every] * count
        marks[0] = 1  # the first scene: made from the start
        todo = deque(range(1, count))  # in the order first made: most are right at once
        waiting = [n > 0 for n in range(count)]
        while todo:
            n = todo.popleft()
            waiting[n] = False
            common = every
            for places in makers[n]:
                made = 0
                for at in places:
                    made |= marks[at]
                common &= made
            common |= 1 << n
            if common != marks[n]:
                marks[n] = common
                for reader in readers[n]:
                    if reader and not waiting[reader]:  # (the first scene: made at once)
                        waiting[reader] = True
                        todo.append(reader)
        self.marks = marks
        return marks

    def before(self, bits: int) -> int:
        """`bits` with the landmarks of each: whatever else a play holds, it made those on
        the way (a key held, the flags that opened its room were set, and may be unset)."""
        if len(self.facts) > MAX_PLAN_FACTS:
            return bits
        out, marks = bits, self._landmarks()
        for at in _places(bits):
            out |= marks[at]
        return out

    def held(self, state: State) -> int:
        """The facts `state` holds, as bits by place."""
        order = self.order
        places = [order.get(("s", name)) for name in state.visits]
        for name, value in state.variables.items():
            places.append(order.get(("v", name, hashable(value))))
            if value:
                places.append(order.get(("v", name, True)))
        places += [order.get(("has", name)) for name in state.evidence]
        places += [order.get(("met", name)) for name in state.met]
        places += [order.get(("knows", name)) for name in state.facts]
        bits = bytearray((len(self.facts) >> 3) + 1)
        for at in places:
            if at is not None:
                bits[at >> 3] |= 1 << (at & 7)
        return int.from_bytes(bits, "little")


def relaxed(story: Story, chapter: str | None, first: State) -> Relaxed:
    """The relaxed plan from `first`: the ways taken to each scene, each counted once its
    guard's needs (`_need`) are met, each need as deep as the first way to meet it (what a
    way undoes is not read). A key found in one district opening the next, the next
    district lies deeper; the search goes to the shallowest scenes still to reach first,
    where random play leaves off."""
    wanted: dict[str, set[Any]] = {}
    edges: list[tuple[str, tuple[Effect, ...]]] = []  # (target, effects), as `needs`
    needs: list[set[Fact]] = []
    capped = capped_numbers(story)
    held_under = {(name, -1) for name in capped}  # a guard's part holding one under its cap
    floored = _floored_numbers(story)
    pays: list[tuple[tuple[str, float], ...]] = []  # as `needs`: see Relaxed.paid
    extra: list[int] = []  # as `needs`: how much deeper a way's cost of a capped number lies
    sources: list[str] = []  # as `needs`: the scene each way leaves
    for scene in story.scenes.values():
        if chapter is not None and scene.chapter != chapter:
            continue
        ways: list[tuple[str, list[tuple[Any, ...]], tuple[Effect, ...]]] = []
        if scene.next is not None:
            ways.append((scene.next, [], ()))
        for choice in scene.choices:
            cond = choice.condition
            parts = and_parts(condition_tree(cond)) if cond is not None else []
            ways.append((choice.goto, parts, choice.effects))
        if scene.trial is not None:
            ways += _ruling_ways(story, scene.trial)
        for target, parts, effects in ways:
            if target not in story.scenes:
                continue
            spends = (
                _spends(effects, capped)
                + _spends(story.scenes[target].effects, capped)
                + any(_bound(part) in held_under for part in parts)
            )
            for need in _alternatives(parts, first):
                for fact in need:
                    if fact[0] == "v":
                        wanted.setdefault(fact[1], set()).add(fact[2])
                needs.append({("s", scene.id), *need})
                extra.append(spends)
                pays.append(_paid(effects, floored))
                edges.append((target, effects))
                sources.append(scene.id)
    made_at: dict[str, list[Fact]] = {}  # what entering a scene makes
    for scene in story.scenes.values():
        if chapter is None or scene.chapter == chapter:
            speakers = [("met", name) for name in plan_of(scene).speakers]
            made_at[scene.id] = _made(scene.effects, wanted) + speakers
    plan = Relaxed()
    for scene_id, made in made_at.items():
        for fact in made:
            plan.where.setdefault(fact, set()).add(scene_id)
            plan.makers.setdefault(fact, []).append([("s", scene_id)])
        plan.where[("s", scene_id)] = {scene_id}
    made_by: list[list[Fact]] = []  # as `needs`: what taking each way makes
    for source, (target, effects), need in zip(sources, edges, needs, strict=True):
        made_by.append([("s", target), *_made(effects, wanted)])
        for fact in made_by[-1]:
            plan.makers.setdefault(fact, []).append(list(need))
            if fact[0] != "s":
                plan.where.setdefault(fact, set()).add(source)
    waiting: dict[Fact, list[int]] = {}
    for n, need in enumerate(needs):
        for fact in need:
            waiting.setdefault(fact, []).append(n)
    missing = [len(need) for need in needs]
    # (depth, tie, fact, the places of the needs that make it, what that way pays)
    heap: list[tuple[int, int, Fact, list[int], tuple[tuple[str, float], ...]]]
    heap = [(0, 0, ("s", first.scene), [], ())]
    count = 0
    while heap:
        depth, _, fact, made_from, paid = heapq.heappop(heap)
        if fact in plan.order:
            continue
        place = plan.order[fact] = len(plan.facts)
        plan.facts.append(fact)
        plan.depth.append(depth)
        plan.made_from.append(made_from)
        plan.paid.append(paid)
        for other in made_at.get(fact[1], ()) if fact[0] == "s" else ():
            count += 1
            heapq.heappush(heap, (depth, count, other, [place], ()))
        for n in waiting.get(fact, ()):
            missing[n] -= 1
            if missing[n] == 0:  # every need met: the last, the deepest
                cost = depth + (len(needs[n]) > 1) + extra[n]  # a guard passed: deeper
                places = [plan.order[need] for need in needs[n]]
                for other in made_by[n]:
                    count += 1
                    heapq.heappush(heap, (cost, count, other, places, pays[n]))
    return plan


def _bound(part: tuple[Any, ...]) -> tuple[str, int] | None:
    """The variable a part of a guard compares with a constant, and which way it holds it:
    -1 under the constant (`alarm < 84`), 1 over it (`cash >= 300`)."""
    if part[0] != "cmp":
        return None
    op, left, right = part[1], part[3], part[4]
    if right[0] == "var" and left[0] == "const":
        op, left, right = _MIRRORED[op], right, left
    if left[0] != "var" or right[0] != "const":
        return None
    if op in _DOWN:
        return str(left[1]), -1
    return (str(left[1]), 1) if op in _UP else None


@per_story
def _bounded(story: Story) -> dict[tuple[str, int], bool]:
    """Each (variable, way) a guard holds it against a constant (`_bound`)."""
    found: dict[tuple[str, int], bool] = {}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.condition is not None:
                for part in and_parts(condition_tree(choice.condition)):
                    bound = _bound(part)
                    if bound is not None:
                        found[bound] = True
    return found


@per_story
def _held_under_anywhere(story: Story) -> frozenset[tuple[str, int]]:
    """(number, -1) for each number an effect raises by a constant that some guard or
    ruling's rule holds under a constant, at any depth of its `and`s and `or`s (where
    `capped_numbers` reads a guard's own parts only): `suspicion < 2 or won_h1`."""
    raised = _raised(story)
    guards = [c.condition for scene in story.scenes.values() for c in scene.choices]
    guards += [tier.condition for trial in story.trials.values() for tier in trial.verdict]
    return frozenset(
        bound
        for guard in guards
        if guard is not None
        for part in _joined(condition_tree(guard))
        if (bound := _bound(part)) is not None and bound[1] == -1 and bound[0] in raised
    )


@per_story
def capped_numbers(story: Story) -> frozenset[str]:
    """Numbers a guard holds under a constant and an effect raises by a constant: what a
    play spends (an alarm raised by each door forced, the way on needing it under 84)."""
    bounded = _bounded(story)
    return frozenset(name for name in _raised(story) if (name, -1) in bounded)


@per_story
def _raised(story: Story) -> frozenset[str]:
    """Numbers some effect raises by a constant."""
    return frozenset(
        e.name
        for e in effects_of(story)
        if isinstance(e, AddVar) and e.expr is None and e.amount > 0
    )


def _floored_numbers(story: Story) -> set[str]:
    """Numbers a guard needs at least a constant of (`cash >= 300`)."""
    return {name for name, way in _bounded(story) if way == 1}


def _paid(effects: tuple[Effect, ...], floored: set[str]) -> tuple[tuple[str, float], ...]:
    """What `effects` take from numbers a guard needs at least a constant of."""
    return tuple(
        (e.name, -e.amount)
        for e in effects
        if isinstance(e, AddVar) and e.expr is None and e.amount < 0 and e.name in floored
    )


def _spends(effects: tuple[Effect, ...], capped: frozenset[str]) -> int:
    """1 when `effects` raise a capped number (`capped_numbers`), else 0."""
    return int(
        any(
            isinstance(e, AddVar) and e.expr is None and e.amount > 0 and e.name in capped
            for e in effects
        )
    )


_COUNTS_REFUTED = re.compile(r"\brefuted\b")


def _ruling_ways(
    story: Story, trial_id: str
) -> list[tuple[str, list[tuple[Any, ...]], tuple[Effect, ...]]]:
    """A trial's ways on, as `relaxed` reads a scene's: each ruling's scene needing, for
    each claim it needs answered, an item that answers one of its statements (held, as
    `has` would ask: a ruling of every claim answered is no plainer than that to reach;
    read as open from the trial's scene, a search drawn to the hearing's best ending never
    gathered what wins it), and each other scene after it (a claim's own scene) open."""
    trial = story.trials.get(trial_id)
    if trial is None:
        return []
    ways: list[tuple[str, list[tuple[Any, ...]], tuple[Effect, ...]]] = []
    everyone = [c.id for c in trial.claims]
    # (an item the trial itself gives, by a press or a claim answered, needs no gathering)
    given = {e.evidence for e in trial.effects() if isinstance(e, AddEvidence)}
    for tier in trial.verdict:
        parts: list[tuple[Any, ...]] = []
        # A rule that counts the claims answered (`refuted >= claims - 1`) may need any of
        # them: each is gathered for (holding an item never makes a move; it may be kept).
        counted = tier.condition is not None and _COUNTS_REFUTED.search(tier.condition)
        for claim_id in everyone if tier.refuted == "all" or counted else tier.refuted:
            claim = trial.claim(claim_id)
            items = sorted({i for s in claim.statements for i in s.refuted_by}) if claim else []
            if not items or not given.isdisjoint(items):
                continue  # (never answered, `rulings_possible` reads that; or answered here)
            part: tuple[Any, ...] = ("has", items[0])
            for item in items[1:]:
                part = ("or", 0, part, ("has", item))
            parts.append(part)
        # What the rule reads of the play itself (`suspicion < 2 or won_h1`) is a part of
        # the way as a choice's condition is; what it reads of the trial's own numbers is
        # the trial's to meet.
        if tier.condition is not None:
            parts += [
                part
                for part in and_parts(condition_tree(tier.condition))
                if not any(kind == "var" and name in RULE_NAMES for kind, name in _leaves(part))
            ]
        ways.append((tier.goto, parts, ()))
    ways += [(c.refuted.scene, [], ()) for c in trial.claims if c.refuted.scene is not None]
    return ways


def levels(story: Story, chapter: str | None, first: State) -> dict[str, int]:
    """How many guards deep each scene lies from `first` (see `relaxed`)."""
    return relaxed(story, chapter, first).levels()


@dataclass(frozen=True)
class Sought:
    """What a search did: the states it expanded, and, when it expanded every state it
    could reach (none left, before its budget and before its targets were all reached),
    the scenes they entered: every scene a play can enter, so the others no play does."""

    expanded: int
    every_scene: frozenset[str] | None = None


def seek(
    story: Story,
    chapter: str | None,
    targets: set[str],
    met: Callable[[State], None],
    budget: int = SEEK_STATES,
    worn: bool = False,
    starts: list[State] | None = None,
    guided: bool = False,
    first: State | None = None,
    ruled: str | None = None,
) -> Sought:
    """Expand states from the start, nearest to `targets` first, telling `met` each state
    reached (playing or not), until every target scene is reached or `budget` states are
    expanded. `starts`: states real plays reached, expanded
    as the start is (the distances are read in the graph, whatever its conditions: from
    the start, a scene deep in the story may look near though a long way of guards is
    before it).

    `worn`: the targets are scenes where a loop may trap a play, which happens once the
    ways out are used up: states with more once-only choices taken go first, and a target
    reached does not end the search.

    `guided`: by the facts a relaxed plan makes on the way to each target (`Relaxed`), the
    facts every play needs above all; a state that can no longer make one of those is not
    drawn by that target. Slower a state, and astray in a town of many open districts (the
    rooms of all of them near the next fact); but a sequence of events through many
    chapters (eight cases solved in a row) is found in a few hundred states, where the
    plain distance wanders each chapter's hub in turn.

    `ruled` (a verdict, `trial/tier`): the targets are endings to reach under that ruling.
    A target counts only when reached with it; a state its trial ruled otherwise, with no
    way back to the trial, is not gone on from; each way in also needs what the ruling
    needs (`_ruling_ways`), and states whose numbers moved least against the way in's
    guard go first (`_loss`: a debate won, then the rival's seat held on the polls, needs
    a campaign that canvassed least). It never claims to have met every state."""
    near = distances(story, targets, chapter)
    if first is None:
        first = initial_state(story, chapter)
        Unshown(story, first).enter(first.scene)
    else:
        first = Explorer.clone(first)  # (the start given, entered already)
    # Best first: the shallowest target (see `levels`), then the fewest parts of a way in's
    # condition still false, then the fewest ways to it.
    plan = relaxed(story, chapter, first) if not worn else None
    deep = plan.levels() if plan is not None else {}
    apart_from: dict[str, dict[str, int]] = {}  # distances to a scene, for each way's scene
    ways_in: list[tuple[int, str, str, list[tuple[Any, ...]]]] = []
    held_under = _held_under_anywhere(story)
    for target, source, parts in _guards(story, targets) if not worn else ():
        sides = _split(parts) if guided else [parts]
        for side in sides:
            # A side of an `or` counting on a number to stay under its cap comes after the
            # others, as a way one level deeper: a play mostly spends on the way (a hearing
            # not won raises the suspicion the last ruling reads, `suspicion < 2 or won_h1`),
            # and what wins a hearing is gathered days before it.
            later = len(sides) > 1 and any(
                _bound(leaf) in held_under for part in side for leaf in _joined(part)
            )
            ways_in.append((deep.get(target, 1 << 20) + later, target, source, side))
    ways_in.sort(key=lambda way: way[0])
    ruled_out: Callable[[State], bool] | None = None
    if ruled is not None:
        needs, ruled_out = _ruled(story, chapter, ruled)
        ways_in = [
            (level, target, source, parts + needs) for level, target, source, parts in ways_in
        ]
    # What a play makes on the relaxed way through each way in, as bits (Relaxed.plan).
    marks: dict[tuple[Any, ...], tuple[int, int]] = {}  # by (source, target, *parts)

    def planned(source: str, target: str, parts: list[tuple[Any, ...]]) -> tuple[int, int]:
        """The facts on the relaxed way through a way in, and those of them every play
        through it makes (Relaxed.plan, Relaxed.landmarks)."""
        bits = marks.get((source, target, *parts))
        if bits is None:
            assert plan is not None
            alternatives = _alternatives(parts, first)
            on_way = plan.plan(("s", source))
            for need in min(alternatives, key=plan_cost):
                on_way |= plan.plan(need)
            common = -1
            for alternative in alternatives:
                made = 0
                for fact in alternative:
                    made |= plan.landmarks(fact)
                common &= made
            bits = marks[source, target, *parts] = (
                on_way,
                plan.landmarks(("s", source)) | common,
            )
        return bits

    toward: dict[int, dict[str, int]] = {}  # by place: distances to the scenes making it

    def to_make(at: int) -> dict[str, int]:
        near_it = toward.get(at)
        if near_it is None:
            assert plan is not None
            where = plan.where.get(plan.facts[at], set())
            near_it = toward[at] = distances(story, where, chapter)
        return near_it

    # By scene: the facts of the plan known to be made from it somewhere on (each asked of
    # the graph once, `to_make`: a plan hundreds of facts long, a heist of 323 obstacles,
    # was read fact by fact for each state ranked, nine tenths of its search's time).
    makeable: dict[str, int] = {}
    paying = 0  # the facts of the plan made by paying (Relaxed.paid), as bits
    if plan is not None:
        for at, paid in enumerate(plan.paid):
            if paid:
                paying |= 1 << at

    def to_pay(on_way: int) -> dict[str, float]:
        """What the ways making the facts of `on_way` pay in all, number by number (the
        rope and the mask: 250 coins)."""
        assert plan is not None
        total: dict[str, float] = {}
        for at in _places(on_way & paying):
            for name, amount in plan.paid[at]:
                total[name] = total.get(name, 0) + amount
        return total

    def next_apart(needed: int, on_way: int, scene_id: str) -> int | None:
        """None when a fact every play needs (`needed`, not made yet) can no longer be made
        from `scene_id` (a case closed wrong cannot be solved right after); else the ways
        of the graph to the nearest scene making a fact of `on_way` (not made yet) that is
        next (all the facts planned before it made), or -1 when none is."""
        assert plan is not None
        known = makeable.get(scene_id, 0)
        for at in _places(needed & ~known):
            if scene_id not in to_make(at):
                return None
            known |= 1 << at
        makeable[scene_id] = known
        nearest = -1
        for at in plan.front(on_way):
            apart = to_make(at).get(scene_id)
            if apart is not None and (nearest < 0 or apart < nearest):
                nearest = apart
        return nearest

    def plan_cost(need: set[Fact]) -> int:
        assert plan is not None
        return max((plan.order.get(fact, 1 << 30) for fact in need), default=0)

    left = set(targets) - {first.scene}
    beyond = {t for t in targets if chapter is not None and story.scenes[t].chapter != chapter}
    active = [way for way in ways_in if way[1] in left]  # into the targets left
    given = _values_given(story)
    moves = _moves(story)
    # The numbers a play spends (`capped_numbers`) and their values at the start: the
    # relaxed plan spends none where it can help it, and a state that spent is off it.
    spent_from = tuple(
        (name, value)
        for name in sorted(capped_numbers(story))
        if isinstance(value := first.variables.get(name), int | float)
    )

    def rank(state: State, held: int) -> tuple[int, str | None]:
        """How far `state` is from the targets still left, and the one it is nearest
        (`held`: the facts of the relaxed plan made on the way to it)."""
        if worn:
            return 64 * near.get(state.scene, 1 << 20) - len(state.taken), None
        # Not the plain distance to the targets: behind a guard, it would rank a state at
        # the guard with every part false before one with each part made true.
        best, drawn, shallowest = 1 << 40, None, 1 << 20
        for level, target, source, parts in active:
            if level > shallowest:
                break  # the shallowest target any way leads to from here is drawing it
            if target not in left or source in left:
                # Reached (or given up) since `active` was made; or a way from a target
                # not reached yet: the guards on the way there are not in its distance.
                continue
            way_near = apart_from.get(source)
            if way_near is None:  # (made when first needed: most ways never are)
                way_near = apart_from[source] = distances(story, {source}, chapter)
            apart = way_near.get(state.scene)
            if apart is None:
                continue
            unmade = 0
            if guided:
                on_way, needed = planned(source, target, parts)
                needed &= ~held
                on_way &= ~held
                to_next = next_apart(needed, on_way, state.scene)
                if to_next is None:
                    continue  # a fact every play needs can no longer be made from here
                if to_next >= 0:
                    apart = to_next  # the next fact to make first
                unmade = 16 * needed.bit_count() + 2 * on_way.bit_count()
                unmade += _shortfall(state, to_pay(on_way)) + SPENT * _spent(state, spent_from)
            false = short = 0
            shut = False
            for part in parts:
                if not _holds(part, state):
                    # A part that can never hold again in this play (a chart marked for
                    # good, the way on needing it unmarked): the way draws no state.
                    shut = _never_again(part, state, given, moves)
                    if shut:
                        break
                    false += 1
                    short += _short(part, state)
            if shut:
                continue
            if ruled is not None:
                # (numbers compared with numbers too, and a margin kept: see `_loss`)
                short = sum(_gap(p, state) + _loss(p, state, first) for p in parts)
            here = (level << 20) + min(unmade + 8 * false + short + apart, (1 << 20) - 1)
            if here < best:
                best, drawn, shallowest = here, target, level
        return best, drawn

    def made(state: State, before: int = 0) -> int:
        """The facts made on the way to `state`: those it holds (read before it is settled,
        which drops what is read no more) and those made `before`."""
        if plan is None or not guided:
            return 0
        return before | plan.before(plan.held(state) & ~before)

    explorer = Explorer(story)
    for_nothing = _Detours(story, explorer).for_nothing
    met(first)
    # The first state met at each scene: where the search starts again each time the
    # shallowest targets are all reached (or given up), the next lying deeper.
    pool = {first.scene: (first, made(first), explorer.key(first))}
    for state in starts or ():
        if ruled_out is not None and ruled_out(state):
            continue  # (past the trial with another ruling)
        if state.status == "playing" and state.scene not in pool:
            held = made(state)  # (what the play made and undid on the way is not known)
            pool[state.scene] = (state, held, explorer.key(state))
    # The best rank each state was pushed with, by its key: met again with a better one
    # (more of the relaxed plan made on the way), it is pushed again.
    seen: dict[int, int] = {}
    heap: list[tuple[int, int, State, int, int]] = []  # (rank, tie, state, held, steps)
    count = expanded = 0

    def restart() -> None:
        nonlocal count
        seen.clear()
        heap.clear()
        for state, held, key in pool.values():
            if key not in seen:
                count += 1
                seen[key] = rank(state, held)[0]
                heap.append((seen[key], count, state, held, 0))
        heapq.heapify(heap)

    restart()
    floor = active[0][0] if active else None
    spent: dict[str | None, int] = {}  # states expanded drawn by each target
    share = TARGET_SHARE
    deferred: set[str] = set()  # targets given up past their share, for now
    # Every scene a state expanded entered: the pool's (each state's own scene; the scenes
    # before it the plays entered) and those the search enters.
    entered: set[str] = set(first.trail) | set(pool)
    while heap and expanded < budget:
        if not worn:
            if not left:
                # Every target reached or given up: those given up are tried again, each
                # with twice the share (a sequence of events in one order may need it).
                # (ruled: a target entered under another ruling is still to be reached)
                left = deferred if ruled is not None else deferred - entered
                deferred = set()
                if not left:
                    break
                share *= 2
                spent.clear()
                active = [way for way in ways_in if way[1] in left]
                floor = active[0][0] if active else None  # going on from where it is
            if active and active[0][1] not in left:
                active = [way for way in active if way[1] in left]
            if active and active[0][0] != floor:
                floor = active[0][0]  # the shallowest targets all reached: deeper ones now
                restart()
                continue
        ranked, _, state, held, steps = heapq.heappop(heap)
        now, drawn = rank(state, held)
        now += steps // STEPS_A_RANK
        if now > ranked:
            # Ranked when a target since reached (or given up) drew it: ranked anew.
            count += 1
            heapq.heappush(heap, (now, count, state, held, steps))
            continue
        if drawn is not None:
            # A target the search cannot reach (or not soon) would draw it for good:
            # given up past its share, the others may be reached.
            spent[drawn] = spent.get(drawn, 0) + 1
            if spent[drawn] > share:
                left.discard(drawn)
                deferred.add(drawn)
        expanded += 1
        for child in children(story, state):
            child_held = made(child, held)  # before `met`, which may settle it
            met(child)
            entered.update(child.trail)
            if ruled_out is None or verdict_of(child) == ruled:
                left.difference_update(child.trail)
            elif ruled_out(child):
                continue
            if not worn and for_nothing(state, child):
                # A detour that comes back with nothing a later condition reads changed is
                # met, not gone on from (`_Detours`). (Not when `worn`: there, the choices
                # used up are the question.)
                continue
            if child.status != "playing":
                if child.status == "chapter_end" and beyond:
                    # Out of a replayed chapter: its play stops at the edge, at the scene
                    # it left from; a target past the edge asks only that it be left.
                    left -= beyond
                continue
            key = search_key(explorer, child)
            if child.scene not in pool:
                pool[child.scene] = (child, child_held, key)
            if key in seen and not guided:
                continue
            ranked = rank(child, child_held)[0] + (steps + 1) // STEPS_A_RANK
            if seen.get(key, 1 << 62) <= ranked:
                continue
            seen[key] = ranked
            count += 1
            # (ruled: among states ranked alike, the latest first, going on down one play)
            tie = -count if ruled is not None else count
            heapq.heappush(heap, (ranked, tie, child, child_held, steps + 1))
    # No state left: since the last restart, every state reachable from the pool, the start
    # among them, was expanded (states told apart only as the walk of `explore` does).
    return Sought(expanded, None if heap or ruled is not None else frozenset(entered))


def _ruled(
    story: Story, chapter: str | None, verdict: str
) -> tuple[list[tuple[Any, ...]], Callable[[State], bool]]:
    """For a search to the endings under `verdict` (see `seek`): what its ruling needs, as
    parts of a way's guard, and whether a state is past its trial with another ruling and
    no way back to it (its play can no longer end under `verdict`)."""
    trial_id, _, tier_id = verdict.partition("/")
    trial = story.trials.get(trial_id)
    needs: list[tuple[Any, ...]] = []
    if trial is not None:
        # (`_ruling_ways` gives one way a tier, in the verdict's order, then the claims')
        for tier, (_, parts, _) in zip(trial.verdict, _ruling_ways(story, trial_id), strict=False):
            if tier.id == tier_id:
                needs = parts
    running = {s.id for s in story.scenes.values() if s.trial == trial_id}
    back = distances(story, running, chapter)

    def out(state: State) -> bool:
        other = verdict_of(state)
        return other is not None and other.partition("/")[0] == trial_id and state.scene not in back

    return needs, out


def _detours(story: Story) -> dict[str, set[str]]:
    """Each scene's detours: the scenes a choice of it leads to whose only way is back to
    it (a `next`, no choice, no trial, no end). Only of scenes with no `next` of their own:
    beside choices, a `next` opens once none is (a detour used up may open it)."""
    found: dict[str, set[str]] = {}
    for scene_id, scene in story.scenes.items():
        if scene.next is not None or scene.trial is not None:
            continue
        for choice in scene.choices:
            target = story.scenes.get(choice.goto)
            if (
                target is not None
                and target.next == scene_id
                and not target.choices
                and target.trial is None
                and target.end is None
            ):
                found.setdefault(scene_id, set()).add(choice.goto)
    return found


class _Detours:
    """Which states a search need not go on from: those at a detour (`_detours`) that come
    back to the scene before it as the state before it is, in all a later condition reads,
    the detour's own choice aside (once-only: no more open). What a play can do after
    such a detour, it can do without it: the detour is met (its scene entered), not gone
    on from. A moor's places each have two once-only looks round, and the states they made
    near the start (four looks taken of six, in every order of places) drew 20,000 states
    of a search for an exit two regions off, a map to dig up first (`outside_d.py wander`);
    without them, 590."""

    def __init__(self, story: Story, explorer: Explorer) -> None:
        self.story, self.explorer = story, explorer
        self.detours = _detours(story)
        self.state: State | None = None  # the state whose key is `key`
        self.key = 0

    def for_nothing(self, state: State, child: State) -> bool:
        """Whether `child`, one choice after `state`, is at a detour that changes nothing."""
        if child.status != "playing" or child.scene not in self.detours.get(state.scene, ()):
            return False
        back = list(children(self.story, child))
        if len(back) != 1 or back[0].status != "playing" or back[0].scene != state.scene:
            return False
        if self.state is not state:
            self.state, self.key = state, search_key(self.explorer, state)
        again = back[0]
        again.taken = again.taken & state.taken
        return search_key(self.explorer, again) == self.key


# What a comparison of a number with a constant needs to stop holding, by its operator (the
# number `v`, the constant `c`): `coins >= 1` at 3 coins fails 3 coins lower.
_TO_FAIL: dict[str, Callable[[float, float], float]] = {
    ">=": lambda v, c: v - c + 1,
    ">": lambda v, c: v - c,
    "<=": lambda v, c: c - v + 1,
    "<": lambda v, c: c - v,
}
_MIRRORED = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}


def _excess(tree: tuple[Any, ...], state: State) -> int:
    """How far a condition is from failing in `state`: 0 when it fails; for a number compared
    with a constant, how much the number must move; for `and`, its nearest part; 1 else."""
    if not _holds(tree, state):
        return 0
    if tree[0] == "and":
        return min(_excess(part, state) for part in and_parts(tree))
    if tree[0] != "cmp":
        return 1
    op, number, bound = tree[1], tree[3], tree[4]
    if number[0] == "const":
        op, number, bound = _MIRRORED[op], bound, number
    if bound[0] != "const" or op not in _TO_FAIL:
        return 1
    value = _operand(number, state)
    limit = bound[1]
    if value is None:
        return 1
    if isinstance(limit, bool) or not isinstance(limit, int | float):
        return 1
    return max(1, min(int(_TO_FAIL[op](value, limit)), 1 << 16))


USED_WAY = 32  # what a once-only way already taken counts for in `_GuardedNearness`


class _GuardedNearness:
    """How far a state is from entering a scene, along the ways of the graph (within the
    chapter), each way counting one, and eight more and what a number is short for each
    part of its guard false in the state (as `seek` counts them), USED_WAY more when it is
    a once-only way taken. The guards are read in the state as it is, not as the ways on
    would change it: a rank, not a bound. A corridor's room whose stop needs two coins paid
    on the way in, entered from a hub only with two (`coins >= 2`): a state at the hub with
    one coin is not near it (corridor_hubs.py seed 38: found in 323 states, not in 20,000
    while only the last way's guard was read).

    Read forwards from the state's scene (A*, drawn by the ways of the graph left to go,
    which the costs never undercut), at most NEARNESS_LOOKS scenes; in a chapter (or story)
    of more than NEARNESS_SCENES, only the last way's guard. Remembered by what the guards
    read of the state, as most states of a search differ elsewhere."""

    def __init__(self, story: Story, chapter: str | None) -> None:
        self.story, self.chapter = story, chapter
        self.ways: dict[str, list[tuple[str, str | None, list[tuple[Any, ...]]]]] = {}
        read: set[tuple[str, str]] = set()
        self.marks: set[str] = set()
        for scene in story.scenes.values():
            if chapter is not None and scene.chapter != chapter:
                continue
            ways = self.ways[scene.id] = []
            if scene.next is not None:
                ways.append((scene.next, None, []))
            for choice in scene.choices:
                cond = choice.condition
                parts = and_parts(condition_tree(cond)) if cond is not None else []
                mark = f"{scene.id}/{choice.id}" if choice.once else None
                if mark is not None:
                    self.marks.add(mark)
                for part in parts:
                    read |= _leaves(part)
                ways.append((choice.goto, mark, parts))
        self.read = sorted(read)
        self.known: dict[tuple[Any, ...], int] = {}
        self.apart: dict[str, dict[str, int]] = {}  # ways of the graph to each target
        # In a long story, only the last way's guard is read (see `_last_guard`).
        self.short = len(self.ways) <= NEARNESS_SCENES
        self.ways_in: dict[str, list[tuple[dict[str, int], list[tuple[Any, ...]]]]] = {}
        self.work = 0  # ways whose cost `to` has worked out

    def _reading(self, state: State) -> tuple[Any, ...]:
        held = {"has": state.evidence, "met": state.met, "knows": state.facts}
        values: list[Any] = []
        for kind, name in self.read:
            if kind == "var":
                values.append(state.variables.get(name))
            elif kind in held:
                values.append(name in held[kind])
            else:
                values.append(state.visits.get(name, 0))
        return (*values, frozenset(self.marks.intersection(state.taken)))

    def to(self, target: str, state: State) -> int:
        """The cost of the cheapest line of ways from `state`'s scene into `target` (one
        way at least); FAR when there is none; past NEARNESS_LOOKS scenes read, the least
        it can be."""
        if not self.short:
            return self._last_guard(target, state)
        key = (target, state.scene, self._reading(state))
        near = self.known.get(key)
        if near is not None:
            return near
        apart = self.apart.get(target)
        if apart is None:
            apart = self.apart[target] = distances(self.story, {target}, self.chapter)
        costs: dict[int, int] = {}

        def cost(mark: str | None, parts: list[tuple[Any, ...]]) -> int:
            self.work += 1
            total = 1 + (USED_WAY if mark is not None and mark in state.taken else 0)
            for part in parts:
                ident = id(part)
                extra = costs.get(ident)
                if extra is None:
                    extra = costs[ident] = 0 if _holds(part, state) else 8 + _short(part, state)
                total += extra
            return total

        heap: list[tuple[int, int, str]] = []
        for goto, mark, parts in self.ways.get(state.scene, ()):
            left = apart.get(goto)
            if left is not None:
                spent = cost(mark, parts)
                heap.append((spent + left, spent, goto))
        heapq.heapify(heap)
        done: set[str] = set()
        near = FAR
        while heap:
            least, spent, scene_id = heapq.heappop(heap)
            if scene_id == target or len(done) >= NEARNESS_LOOKS:
                near = spent if scene_id == target else least
                break
            if scene_id in done:
                continue
            done.add(scene_id)
            for goto, mark, parts in self.ways.get(scene_id, ()):
                left = apart.get(goto)
                if left is not None and goto not in done:
                    more = spent + cost(mark, parts)
                    heapq.heappush(heap, (more + left, more, goto))
        self.known[key] = near
        return near

    def _last_guard(self, target: str, state: State) -> int:
        """The ways of the graph to a way into `target`, and that way's guard as `to`
        counts it (the ways before it read as one each)."""
        ways_in = self.ways_in.get(target)
        if ways_in is None:
            ways_in = self.ways_in[target] = [
                (distances(self.story, {source}, self.chapter), parts)
                for _target, source, parts in _guards(self.story, {target})
            ]
        near = FAR
        for apart, parts in ways_in:
            there = apart.get(state.scene)
            if there is not None:
                false = sum(8 + _short(p, state) for p in parts if not _holds(p, state))
                near = min(near, there + 1 + false)
        return near


NEARNESS_LOOKS = 64  # scenes `_GuardedNearness.to` reads at most for one state
# Scenes (of the chapter, or of the story) past which it reads only the last way's guard:
# every guard on the line cost 1.4-8 s a search of 2,000 states in a story of a thousand
# scenes (the last alone: 0.3 s), and up to 2.5 s in one of two hundred (0.2-0.5 s).
NEARNESS_SCENES = 64
NEARNESS_WORK = 25  # ways `_GuardedNearness` reads a state of `seek_stuck`'s, on average


FAR = 1 << 20


def _leaves(tree: tuple[Any, ...]) -> set[tuple[str, str]]:
    """What a condition reads: (kind, name) of each variable, visit count, item held."""
    if tree[0] in ("var", "has", "met", "knows", "visits", "visited"):
        return {(tree[0] if tree[0] in ("var", "has", "met", "knows") else "visits", tree[1])}
    found: set[tuple[str, str]] = set()
    for part in tree[1:]:
        if isinstance(part, tuple) and part and isinstance(part[0], str):
            found |= _leaves(part)
    return found


def seek_finish(
    story: Story,
    first: State,
    met: Callable[[State], None],
    budget: int,
    stops: set[str] | None = None,
) -> int:
    """Breadth first from `first` (entered already), each state kept once by the walk's key,
    until a play finishes (an ending, or the edge of a replayed chapter), telling `met` each
    state reached; the states expanded. With `stops` (scenes that may be dead ends, none
    seen stuck), until a play has stopped at each instead (the set is narrowed as they are).

    A chapter's way out may need events in one order, each undoing a way back from the one
    before (house_hubs.py seed 14: the landing before the linen closet before the nursery
    stair, then out with the letter read, the clock wound and a key): the searches drawn
    by distance or by what the way out's guard needs chase its parts in the wrong order
    (19,000 states, no way out), where breadth first finds it in 13,917, and the walk of
    the whole chapter it replaced took 257,088. So may a stop: house seed 41's changing
    room ledge, shut with two keys and the torch out, needs the classroom's lock paid for
    first; the search drawn to it (`seek_stuck`) spent 300,000 states, breadth first 1,291.
    """
    explorer = Explorer(story)
    # (a detour that changes nothing may still be a once-only way a stop needs used)
    for_nothing = _Detours(story, explorer).for_nothing if stops is None else None
    seen = {explorer.key(first)}
    todo = deque([first])
    expanded = 0
    while todo and expanded < budget:
        state = todo.popleft()
        expanded += 1
        for child in children(story, state):
            met(child)
            if stops is None and child.status in ("ended", "chapter_end"):
                return expanded
            if stops is not None and child.status == "stuck":
                stops.discard(child.scene)
                if not stops:
                    return expanded
            if child.status != "playing" or (for_nothing and for_nothing(state, child)):
                continue
            key = search_key(explorer, child)
            if key not in seen:
                seen.add(key)
                todo.append(child)
    return expanded


def seek_into(
    story: Story,
    targets: set[str],
    first: State,
    trapped: Callable[[State], bool],
    budget: int,
) -> int:
    """A search for a trapped state at one of `targets` (scenes that may be loops with no way
    out, none seen to be): states that do not enter them, the most once-only choices taken
    first, each kept once by the walk's key; each way into a target is asked `trapped` of
    the state it leads to, not followed. `targets` is read as it shrinks (the caller's set,
    which `trapped` may narrow). The states expanded.

    A scene entered by a once-only way is a trap only for a play that comes to it already
    doomed; a play that enters it early uses the way up, and the searches drawn to it do so
    first. House seed 22's net loft, off the foot of the tower once: 9,752 states and 1,034
    questions, where every other search and 400 plays met none."""
    explorer = Explorer(story)
    seen = {explorer.key(first)}
    heap: list[tuple[int, int, State]] = [(0, 0, first)]
    count = expanded = 0
    while heap and targets and expanded < budget:
        _, _, state = heapq.heappop(heap)
        expanded += 1
        for child in children(story, state):
            if child.status != "playing":
                continue
            if not targets.isdisjoint(child.trail):
                trapped(child)
                continue
            key = search_key(explorer, child)
            if key not in seen:
                seen.add(key)
                count += 1
                heapq.heappush(heap, (-len(child.taken), count, child))
    return expanded


def seek_stuck(
    story: Story,
    chapter: str | None,
    targets: set[str],
    met: Callable[[State], None],
    starts: list[State],
    budget: int,
    pause: tuple[int, Callable[[], None]] | None = None,
) -> int:
    """Search for a play stopped at one of `targets` (scenes that may be dead ends, not yet
    seen to be), telling `met` each state reached; the states expanded. `pause`: after so
    many states, a call made once (witnessed.py races the walk there, which may end the
    search by raising).

    `seek` is drawn to a scene, and a play that enters it is done with it; a stop there
    needs more: each once-only choice of it without a condition taken on an earlier visit,
    and each choice with one shut (a `Pay` that needs a coin, with none left). So states go
    best first by how near they are to that: the ways of the graph to it, each guard's
    parts still false counted as in `seek` (`_GuardedNearness`), sixteen for each of those
    once-only choices not taken, four for each step a condition of its is from failing
    (`_excess`). A room of a hub's corridor come back to with its `Onward` used and the
    coins spent: found in 268 states from the start, where the plays and the other searches
    missed it."""
    nearness = _GuardedNearness(story, chapter)
    needs: dict[str, tuple[list[str], list[tuple[str | None, tuple[Any, ...]]]]] = {}
    for target in targets:
        scene = story.scenes[target]
        needs[target] = (
            [f"{target}/{c.id}" for c in scene.choices if c.once and c.condition is None],
            [
                (f"{target}/{c.id}" if c.once else None, condition_tree(c.condition))
                for c in scene.choices
                if c.condition is not None
            ],
        )
    left = set(targets)

    def rank(state: State) -> int:
        best = 1 << 40
        for target in left:
            near = nearness.to(target, state)
            untaken, guarded = needs[target]
            here = near + 16 * sum(1 for mark in untaken if mark not in state.taken)
            here += 4 * sum(
                _excess(tree, state)
                for mark, tree in guarded
                if mark is None or mark not in state.taken
            )
            best = min(best, here)
        return best

    explorer = Explorer(story)
    seen: set[int] = set()
    heap: list[tuple[int, int, State]] = []
    for count, state in enumerate(starts):
        key = explorer.key(state)
        if state.status == "playing" and key not in seen:
            seen.add(key)
            heap.append((rank(state), count, state))
    heapq.heapify(heap)
    count = len(heap)
    expanded = 0
    # Its nearness read at most so many ways a state, on average (a story whose every way
    # is guarded reads dozens for each: 0.5 ms a state, where the corridors read 19).
    while heap and left and expanded < budget and nearness.work < budget * NEARNESS_WORK:
        if pause is not None and expanded == pause[0]:
            pause[1]()
        _, _, state = heapq.heappop(heap)
        expanded += 1
        for child in children(story, state):
            met(child)
            if child.status == "stuck":
                left.discard(child.scene)
            if child.status != "playing":
                continue
            key = explorer.key(child)
            if key not in seen:
                seen.add(key)
                count += 1
                heapq.heappush(heap, (rank(child), count, child))
    return expanded
