"""What can still happen after a state, over-approximated: enough to prove it loops forever.

A playthrough that reaches a state from which no end, no dead end and no way out of its
chapter can follow has found a loop with no way out (witnessed.py). Every future of the
state would prove it, and there can be millions; this reads the scene graph instead, from
that state on, each variable standing for every value it could still take:

- a flag or a text: the values it holds or a reachable `set` writes;
- a number: a range, opened towards +inf (or -inf) by a reachable `add` of a positive (or
  negative) amount, which may run again and again; a `set` from an expression: anything;
- evidence, people met and facts known are only ever added: held, or addable when a
  reachable effect adds them; visit counts only grow, and only those of reachable scenes.

A choice counts as open when its condition could be true with such values and it is not a
once-only choice already taken. Scenes, values and open choices grow together until nothing
changes. No play from the state goes anywhere this does not reach; so when it reaches no
end, no way out and no scene that could be a dead end, the state is trapped.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable
from typing import Any

from cellseven_game.engine.core.condition_ops import _ARITH, _COMPARE
from cellseven_game.engine.core.condition_types import NUMBER_LIMIT
from cellseven_game.engine.core.conditions import condition_tree, references
from cellseven_game.engine.core.links import targets_possible
from cellseven_game.engine.core.model import (
    AddEvidence,
    AddVar,
    Effect,
    Meet,
    Reveal,
    Scene,
    SetVar,
    Story,
)
from cellseven_game.engine.core.trial_model import RULE_NAMES
from cellseven_game.engine.play.scene_plan import plan_of
from cellseven_game.engine.play.state import State
from cellseven_game.engine.tools.graph_bounds import (
    entries,
    evidence_before,
    lasting,
    may_stop,
    ways_in,
)
from cellseven_game.engine.tools.liveness import components, per_story

# A value the future may hold: flags and texts as a set of values, numbers as a range
# (low, high), None for anything at all.
Span = frozenset[Any] | tuple[float, float] | None
INF = math.inf
LIMIT = float(NUMBER_LIMIT)  # what a computed number is held within
BOTH: frozenset[bool] = frozenset((True, False))
_ONLY_TRUE: frozenset[bool] = frozenset((True,))
WIDEN_AFTER = 3  # times a number set from an expression may grow before it is widened
MAX_VALUES = 32  # a set of more texts than this stands for any text
SPLIT_FLAGS = 3  # flags a scene's guarded ways are read with each value of (2**3 cases)
MAX_WORK = 10_000  # scenes one question (`trapped`) may look at, each as often as it does


def entry_pins(scene: Scene) -> dict[str, Span]:
    """The variables `scene`'s own effects leave at one value when its choices are read,
    whatever came in: set to a constant and not changed after (a trial's scene: none, its
    moves change them)."""
    pins: dict[str, Span] = {}
    if scene.trial is None:
        for effect in scene.effects:
            if isinstance(effect, SetVar) and effect.expr is None:
                pins[effect.name] = _point(effect.value)
            elif isinstance(effect, SetVar | AddVar):
                pins.pop(effect.name, None)
    return pins


def _point(value: object) -> Span:
    if isinstance(value, bool | str):
        return frozenset((value,))
    if isinstance(value, int | float):
        return (float(value), float(value))
    return None


def _join(a: Span, b: Span) -> Span:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return (min(a[0], b[0]), max(a[1], b[1]))
    if isinstance(a, frozenset) and isinstance(b, frozenset):
        both = a | b
        return both if len(both) <= MAX_VALUES else None
    return None


def _truth(span: Span) -> tuple[bool, bool]:
    """Whether a condition's value could be true, and whether it could be false."""
    if isinstance(span, frozenset):
        return True in span, False in span
    return True, True


def _flags(true: bool, false: bool) -> frozenset[bool]:
    return frozenset(v for v, possible in ((True, true), (False, false)) if possible)


def _range(low: float, high: float) -> tuple[float, float]:
    if math.isnan(low) or math.isnan(high):
        return (-INF, INF)  # inf - inf: nothing is known
    return (low, high)


def _compare(op: str, a: tuple[float, float], b: tuple[float, float]) -> frozenset[bool]:
    (al, ah), (bl, bh) = a, b
    if op == "<":
        return _flags(al < bh, ah >= bl)
    if op == "<=":
        return _flags(al <= bh, ah > bl)
    if op == ">":
        return _flags(ah > bl, al <= bh)
    if op == ">=":
        return _flags(ah >= bl, al < bh)
    overlap = al <= bh and bl <= ah
    single = al == ah == bl == bh
    return _flags(overlap, not single) if op == "==" else _flags(not single, overlap)


def expression_trees(story: Story) -> list[tuple[Any, ...]]:
    """Every choice's condition and every `set`/`add` expression, as condition trees."""
    sources = [c.condition for scene in story.scenes.values() for c in scene.choices]
    sources += [
        effect.expr
        for scene in story.scenes.values()
        for effects in (scene.effects, *(c.effects for c in scene.choices))
        for effect in effects
        if isinstance(effect, SetVar | AddVar)
    ]
    return [condition_tree(source) for source in sources if source is not None]


@per_story
def visits_read(story: Story) -> frozenset[str]:
    """The scenes named by `visits` or `visited` in some condition or `set` expression."""
    named: set[str] = set()
    todo = expression_trees(story)
    while todo:
        tree = todo.pop()
        if tree[0] in ("visits", "visited"):
            named.add(tree[1])
        todo.extend(part for part in tree[1:] if isinstance(part, tuple))
    return frozenset(named)


class Future:
    """`trapped(state)`: proven that no play from `state` ever ends, stops or leaves
    `chapter` (None: the whole story)."""

    def __init__(self, story: Story, chapter: str | None) -> None:
        self.story = story
        self.chapter = chapter
        self.ways_in = ways_in(story)
        self.lasting = lasting(story)  # once-only ways never used up at their scene
        self.counted = visits_read(story)  # scenes whose visits a condition reads
        self.work = 0  # scenes looked at by every reading so far (what asking costs)
        self._pinned: dict[str, dict[str, Span]] = {}  # by scene: `_pins`
        # The state the values were last read from to the end (`reachable`; `trapped` may
        # stop a reading early, its values then part of every play's): `may_rule`'s.
        self.read_from: State | None = None

    def trapped(self, state: State) -> bool:
        """Proven: no play from `state` ever ends, stops or leaves the chapter (not proven
        when the reading would look at more than MAX_WORK scenes: a large story's)."""
        self.read_from = None
        return not self._spread(state, until_finish=True)

    def reachable(self, state: State) -> set[str]:
        """Every scene some play from `state` may enter (and more): what is not here, no
        play reaches. (A way out of the chapter replayed is not followed.)"""
        self._spread(state, until_finish=False)
        self.read_from = state
        return self.reach

    def _spread(self, state: State, until_finish: bool) -> bool:
        """Widen values and reach from `state` until nothing changes; whether an end, a way
        out or a scene that may stop was reached (then, `until_finish`, at once).

        Scenes are looked at from a worklist as they are reached; when a value has widened
        (or a scene whose visits a condition counts was reached) every scene reached is
        looked at again, since a condition there may hold now. Values widen only so often,
        so this ends, in a few rounds for a long chain as for a hub.
        """
        story = self.story
        self.state = state
        self.values: dict[str, Span] = {n: _point(v) for n, v in state.variables.items()}
        self.grown: dict[str, int] = {}  # times a number set from an expression grew
        self.added: set[tuple[str, str]] = set()  # ("has"|"met"|"knows", name) addable
        self.reach = {state.scene}
        taken = state.taken
        finishes = False
        # Scenes that may stop only if entered again, and the ways on from each scene, as
        # the values last read them (see the end).
        again: set[str] = set()
        onward: dict[str, list[str]] = {}
        todo = [state.scene]
        began = self.work
        while todo:
            widened = False
            while todo:
                scene_id = todo.pop()
                self.work += 1
                if until_finish and self.work - began > MAX_WORK:
                    return True  # too long a reading to finish: nothing proven
                scene = story.scenes[scene_id]
                # The visit under way counts: it may still take a once-only choice there.
                coming = entries(self.ways_in[scene_id], taken) + (scene_id == state.scene)
                widened |= self._apply(scene.effects)
                # Its choices are read after its own effects: a flag it sets holds that
                # value there, whatever it may hold elsewhere (a hall that puts out the lamp
                # as you come in never opens the door that needs it lit).
                values = self.values
                pins = self._pins(scene)
                held = {name: values[name] for name in pins}
                values.update(pins)
                stops = scene.end is not None or (
                    may_stop(scene, coming, taken, self.lasting)
                    and not self._always_open(scene, taken)
                )
                if (
                    stops
                    and scene.end is None
                    and coming > 1
                    and not may_stop(scene, 1, taken, self.lasting)
                ):
                    # It may stop only on a later visit: a question for the end, when the
                    # ways are known (a scene on no round of them is visited once at most).
                    stops = False
                    again.add(scene_id)
                else:
                    again.discard(scene_id)
                open_choices = [
                    choice
                    for choice in scene.choices
                    if not (choice.once and f"{scene_id}/{choice.id}" in taken)
                    and (choice.condition is None or self._may_hold(choice.condition))
                ]
                values.update(held)
                if stops:
                    finishes = True
                    if until_finish:
                        return True
                for speaker in plan_of(scene).speakers:  # entering meets who speaks there
                    if ("met", speaker) not in self.added:
                        self.added.add(("met", speaker))
                        widened = True
                ways: list[str] = []
                if scene.trial is not None:
                    # A trial may finish a play (its rulings are not reasoned about here),
                    # and leads on to any of its rulings' scenes with what it may change.
                    finishes = True
                    if until_finish:
                        return True
                    widened |= self._through_trial(scene.trial)
                    ways.extend(targets_possible(story, scene.trial, self._held_at(scene_id)))
                for choice in open_choices:
                    widened |= self._apply(choice.effects)
                    ways.append(choice.goto)
                if scene.next is not None:
                    ways.append(scene.next)
                onward[scene_id] = ways
                for target in ways:
                    if self.chapter is not None and story.scenes[target].chapter != self.chapter:
                        finishes = True  # a way out of the chapter replayed
                        if until_finish:
                            return True
                        continue
                    if target not in self.reach:
                        self.reach.add(target)
                        todo.append(target)
                        widened |= target in self.counted
            if widened:
                todo = list(self.reach)
        if again and not finishes:
            # The values no longer grow: every way found is every way a play can take from
            # here. A scene on a round of them may be entered again and stop then.
            for component in components(story, onward, [state.scene]):
                if (
                    len(component) > 1 or component[0] in onward[component[0]]
                ) and again.intersection(component):
                    return True
        return finishes

    def _pins(self, scene: Scene) -> dict[str, Span]:
        """`entry_pins` of `scene`, worked out once."""
        pins = self._pinned.get(scene.id)
        if pins is None:
            pins = self._pinned[scene.id] = entry_pins(scene)
        return pins

    def _held_at(self, trial_scene: str) -> Callable[[str], bool]:
        """Whether a play may hold the evidence `item` at `trial_scene`: held at the start,
        or addable and given on some way from the start to it (`evidence_before`)."""
        before = evidence_before(self.story, self.state.scene, trial_scene)
        held = self.state.evidence
        return lambda item: item in held or (item in before and ("has", item) in self.added)

    def _may_have(self, item: str) -> bool:
        """Whether a play may hold the evidence `item` (held at the start, or addable)."""
        return item in self.state.evidence or ("has", item) in self.added

    def _through_trial(self, trial_id: str) -> bool:
        """Widen the values by everything a trial may do, in any order and any number of
        times: each number or flag its effects write becomes anything, what they add is
        addable, and so is meeting anyone (its witnesses speak). Whether anything changed."""
        trial = self.story.trials[trial_id]
        changed = False
        items = [("met", name) for name in self.story.characters]
        for effect in trial.effects():
            if isinstance(effect, SetVar | AddVar):
                if self.values.get(effect.name, 0) is not None:
                    self.values[effect.name] = None
                    changed = True
            elif isinstance(effect, AddEvidence):
                items.append(("has", effect.evidence))
            elif isinstance(effect, Reveal):
                items.append(("knows", f"{effect.character}.{effect.fact}"))
        for item in items:
            if item not in self.added:
                self.added.add(item)
                changed = True
        return changed

    def _always_open(self, scene: Scene, taken: set[str]) -> bool:
        """Whether a way at `scene` is open at every visit from here, so no play stops
        there: a choice that cannot be used up (sticky, or once-only in `lasting` and not
        taken) whose condition must hold with every value a play can bring. Sound as the
        values stand when it is asked: the scenes reached are all looked at again after
        the last time a value widens (see `_spread`)."""
        trees = []
        read: set[str] = set()  # the variables their conditions read
        for choice in scene.choices:
            if choice.condition is None:
                continue  # may_stop has counted those
            if choice.once:
                mark = f"{scene.id}/{choice.id}"
                if mark in taken or mark not in self.lasting:
                    continue
            trees.append(condition_tree(choice.condition))
            read |= references(choice.condition).variables
        if any(self._value(tree) == _ONLY_TRUE for tree in trees):
            return True
        # Ways whose guards only hold together in every case (`propped` and `not
        # propped`, a cellar that keeps the player waiting): each value of the flags they
        # read, one way open for sure. (A flag not split stays both: still sound.)
        values = self.values
        flags = sorted(name for name in read if values.get(name) == BOTH)[:SPLIT_FLAGS]
        if not flags:
            return False
        saved = {name: values[name] for name in flags}
        try:
            for case in itertools.product((True, False), repeat=len(flags)):
                values.update(
                    (name, frozenset((value,))) for name, value in zip(flags, case, strict=True)
                )
                if not any(self._value(tree) == _ONLY_TRUE for tree in trees):
                    return False
            return True
        finally:
            values.update(saved)

    def _may_hold(self, condition: str) -> bool:
        return _truth(self._value(condition_tree(condition)))[0]

    def may_rule(self, state: State, condition: str) -> bool:
        """Whether a ruling's `condition` may hold in some play from `state`, as the last
        reading from it (`reachable`) widened the values: the trial's own counts (`refuted`,
        `credibility`, `claims`) anything, every value its effects write anything. True
        when the last reading was not `reachable` from `state` (nothing known)."""
        if self.read_from is not state:
            return True
        values = self.values
        saved = {name: values.get(name) for name in RULE_NAMES}
        values.update(dict.fromkeys(RULE_NAMES))  # (None: any value)
        try:
            return self._may_hold(condition)
        finally:
            for name, value in saved.items():
                if value is None:
                    values.pop(name, None)
                else:
                    values[name] = value

    def _apply(self, effects: tuple[Effect, ...]) -> bool:
        """Widen the values by `effects`; whether anything changed."""
        changed = False
        values = self.values
        for effect in effects:
            old = values.get(getattr(effect, "name", ""), None)
            if isinstance(effect, SetVar):
                new = _point(effect.value) if effect.expr is None else None
                if effect.expr is not None:
                    new = self._value(condition_tree(effect.expr))
                new = _join(old, new) if effect.name in values else new
                if isinstance(old, tuple) and isinstance(new, tuple) and new != old:
                    # A number computed from itself (`m + 1`, `m * 2`) grows a little at
                    # each round, for ever: past a few rounds, the end that moves is open.
                    grown = self.grown[effect.name] = self.grown.get(effect.name, 0) + 1
                    if grown > WIDEN_AFTER:
                        new = (
                            -INF if new[0] < old[0] else new[0],
                            INF if new[1] > old[1] else new[1],
                        )
            elif isinstance(effect, AddVar):
                if not isinstance(old, tuple):
                    continue  # not a number: the runtime leaves it as it is
                low, high = old
                if effect.expr is not None:
                    low, high = -INF, INF
                elif effect.amount > 0:
                    high = INF
                elif effect.amount < 0:
                    low = -INF
                new = (low, high)
            else:
                before = len(self.added)
                if isinstance(effect, AddEvidence):
                    self.added.add(("has", effect.evidence))
                elif isinstance(effect, Meet):
                    self.added.add(("met", effect.character))
                elif isinstance(effect, Reveal):
                    self.added.add(("met", effect.character))
                    self.added.add(("knows", f"{effect.character}.{effect.fact}"))
                changed |= len(self.added) != before
                continue
            if new != old or effect.name not in values:
                values[effect.name] = new
                changed = True
        return changed

    def _value(self, tree: tuple[Any, ...]) -> Span:
        return abstract_value(tree, self._leaf)

    def _leaf(self, tree: tuple[Any, ...]) -> Span:
        """A variable, evidence, person, fact or visit count, over every future."""
        kind = tree[0]
        state = self.state
        if kind == "var":
            return self.values.get(tree[1])
        if kind in ("has", "met", "knows"):
            held = {"has": state.evidence, "met": state.met, "knows": state.facts}[kind]
            if tree[1] in held:
                return frozenset((True,))
            return BOTH if (kind, tree[1]) in self.added else frozenset((False,))
        now = float(state.visits.get(tree[1], 0))  # visited, visits
        later = INF if tree[1] in self.reach else now
        if kind == "visits":
            return (now, later)
        return _flags(later > 0, now == 0)


LEAVES = ("var", "has", "met", "knows", "visited", "visits")


_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


@functools.lru_cache(maxsize=4096)
def _implied(tree: tuple[Any, ...]) -> tuple[tuple[tuple[str, str], float, float], ...]:
    """The ranges a condition's `and`-joined comparisons of a number (or a visit count)
    with a constant need, when it holds: ((kind, name), lowest, highest) each."""
    kind = tree[0]
    if kind == "and":
        found: dict[tuple[str, str], tuple[float, float]] = {}
        for key, low, high in (*_implied(tree[2]), *_implied(tree[3])):
            was = found.get(key, (-INF, INF))
            found[key] = (max(was[0], low), min(was[1], high))
        return tuple((key, low, high) for key, (low, high) in found.items())
    if kind != "cmp":
        return ()
    _, op, _, left, right = tree
    if left[0] == "const":
        left, right, op = right, left, _FLIPPED[op]
    bound = right[1] if right[0] == "const" else None
    if left[0] not in ("var", "visits") or isinstance(bound, bool):
        return ()
    if not isinstance(bound, int | float):
        return ()
    edge = float(bound)
    low, high = {
        "<": (-INF, math.nextafter(edge, -INF)),
        "<=": (-INF, edge),
        ">": (math.nextafter(edge, INF), INF),
        ">=": (edge, INF),
        "==": (edge, edge),
    }.get(op, (-INF, INF))
    return (((left[0], left[1]), low, high),)


def _bounds_meet(tree: tuple[Any, ...], leaf: Callable[[tuple[Any, ...]], Span]) -> bool:
    """Whether the ranges `tree`'s comparisons need together (`_implied`) leave a value
    each number can have: False proves the `and` never holds."""
    for key, low, high in _implied(tree):
        span = leaf(key)
        if isinstance(span, tuple):
            low, high = max(low, span[0]), min(high, span[1])
        if low > high:
            return False
    return True


def abstract_value(tree: tuple[Any, ...], leaf: Callable[[tuple[Any, ...]], Span]) -> Span:
    """What a condition or expression (conditions.condition_tree) can be, its parts
    standing for sets of values: `leaf` says what each of LEAVES can be. Shared by
    future.py and escape.py, which differ only in what they know of the leaves."""
    kind = tree[0]
    if kind == "const":
        return _point(tree[1])
    if kind in LEAVES:
        return leaf(tree)
    if kind == "not":
        true, false = _truth(abstract_value(tree[2], leaf))
        return _flags(false, true)
    if kind == "neg":
        inner = abstract_value(tree[2], leaf)
        return (-inner[1], -inner[0]) if isinstance(inner, tuple) else None
    left, right = abstract_value(tree[-2], leaf), abstract_value(tree[-1], leaf)
    if kind in ("and", "or"):
        (lt, lf), (rt, rf) = _truth(left), _truth(right)
        if kind == "and":
            # Each side may hold alone, yet not both: `day < 10 and day >= 10`, or `day`
            # not in the range its parts need together.
            both = lt and rt and _bounds_meet(tree, leaf)
            return _flags(both, lf or rf)
        return _flags(lt or rt, lf and rf)
    op = tree[1]
    if kind == "arith":
        if isinstance(left, tuple) and isinstance(right, tuple):
            if op == "+":
                return _range(left[0] + right[0], left[1] + right[1])
            if op == "-":
                return _range(left[0] - right[1], left[1] - right[0])
            if op == "*":
                # Each end a product of two ends (0 times infinity: 0), held within
                # ±NUMBER_LIMIT as the language holds it: `solved * 2` of 3 and up is 6 and up.
                ends = [a * b if a and b else 0.0 for a in left for b in right]
                return (max(min(ends), -LIMIT), min(max(ends), LIMIT))
            if left[0] == left[1] and right[0] == right[1] and INF not in map(abs, left + right):
                # Both known: worked out as the language does (`visits hall % 2` of a
                # count known exactly, a door open every other visit).
                return _point(_ARITH[op](left[0], right[0]))
            if op == "%" and right[0] == right[1] and right[0] != 0 and abs(right[0]) != INF:
                return (0.0, right[0]) if right[0] > 0 else (right[0], 0.0)
            return (-INF, INF)
        return None
    if isinstance(left, tuple) and isinstance(right, tuple):
        return _compare(op, left, right)
    if (
        isinstance(left, frozenset)
        and isinstance(right, frozenset)
        and len(left) * len(right) <= MAX_VALUES
    ):
        return frozenset(_COMPARE[op](a, b) for a in left for b in right)
    return BOTH
