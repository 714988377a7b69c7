"""Proofs that no play loops forever at a scene: from every state there, a way out exists.

witnessed.py must show, for each scene where a play could go round a loop of repeatable
ways, either a state there that is trapped (future.py) or that no state there ever is. A hub
whose rooms are left by sticky ways loops, yet every play can still leave it; proving that
by walking its states is what made `explore` cap out. This proves it from what any state
there could hold, read from the start by future.py: each variable's possible values, the
evidence, people and facts that could be held, visits that could have been made.

The proof is a strategy, searched for from that knowledge (`Escape.free`):

- A way can be taken when its condition must hold with what is known, and it cannot be
  used up: a `next`, a sticky choice, or a once-only choice whose mark cannot be held. A
  mark cannot be held when the choice leads where the play never comes back from
  (graph_bounds.lasting), or when taking it would have made something true for good that is
  known false now (a flag only ever set to one value, evidence, a person met, a fact, a
  visit to its scene). Taking a way makes what it does known exactly.
- Where a condition could go either way, what is known is split on one of its parts (a
  flag's values, a number below or from a bound, evidence held or not), and each half
  needs a strategy of its own.
- A play finishes at an end, on leaving a chapter replayed by name, or where every way is
  known closed (a dead end); a strategy stops at a scene proven free, and at a chapter's
  door proven for every state that comes in from before it, when what it knows there is
  no more than that (`prove_doors`: a wing's room need not go through every wing after).

The search is bounded (depth and nodes); what it cannot prove is left to the playthroughs
and, failing them, to the walk. Every answer True is a strategy that works for every state
the knowledge stands for, so it holds for every state a play can reach there.

Dead ends are asked here too (`no_dead_end_in`): a scene's chapter read forward, state by
state, keeping only what tells a stop there apart.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from typing import Any

from cellseven_game.engine.core import conditions
from cellseven_game.engine.core.conditions import and_parts, condition_tree
from cellseven_game.engine.core.links import rulings_possible, successors, targets_possible
from cellseven_game.engine.core.model import (
    AddEvidence,
    AddVar,
    Choice,
    Effect,
    Meet,
    Reveal,
    SetVar,
    Story,
    Value,
)
from cellseven_game.engine.play.scene_plan import plan_of
from cellseven_game.engine.play.state import State
from cellseven_game.engine.tools.counters import (
    EXACT,
    compared_up_to,
    effects_of,
    fold,
    number_caps,
    visit_folds,
)
from cellseven_game.engine.tools.future import (
    _FLIPPED,
    BOTH,
    INF,
    LIMIT,
    MAX_WORK,
    Future,
    Span,
    _flags,
    _implied,
    _join,
    _point,
    _range,
    _truth,
    abstract_value,
    expression_trees,
)
from cellseven_game.engine.tools.graph_bounds import (
    MarksBehind,
    chapter_scenes,
    entries,
    entries_along,
    evidence_before,
    leading_to,
    may_stop,
    returns_at_most,
    stretches,
    ways_back,
)
from cellseven_game.engine.tools.liveness import (
    EVIDENCE,
    FACT,
    MET,
    VARIABLE,
    VISITS,
    Liveness,
    components,
    per_story,
    refs_items,
)
from cellseven_game.engine.tools.number_budget import number_budget
from cellseven_game.engine.tools.way_back import Joined, WaysBack, cut_off, parts

_HELD_AS = {EVIDENCE: "has", MET: "met", FACT: "knows"}  # liveness.py's kinds, as Known holds them
MAX_DEPTH = 48  # ways in one line of a strategy
# A strategy is searched for within each of these depths in turn (iterative deepening): the
# search goes depth first, and a short strategy is most often there to be found, while a
# deep search first wanders down long lines of ways that lead nowhere.
DEPTHS = (6, 12, 24, MAX_DEPTH)
# A shallow round may spend this share of what is left (1/16): a hub room's strategy is
# 20 ways deep, found in 300 steps at full depth where the shallow rounds spent 5,000.
SHALLOW_SHARE = 16
MAX_NODES = 20_000  # (scene, knowledge) pairs looked at in one `ask`
KNOWN_STATE_SHARE = 4  # ... times a scene's steps, for each state known there (`free`)
KNOWN_STATE_SHALLOW = 2  # ... each shallow round with half what is left: one line of play
MAX_NODES_A_SCENE = 1_000  # ... for one scene
# An `ask` tries every scene with these fractions of its steps first, in turn (see there),
# those of at least SMALLEST_RUNG steps: a sixteenth, then a quarter.
RUNGS = (16, 4)
SMALLEST_RUNG = 50
WIDER_LOOKED_AT = 16  # the strategies last found at a scene that a knowledge is checked against
NODES_A_SCENE = 50  # ... or, when more, this many for each scene asked about
VALUES_A_SCENE = 16  # values read at a scene that cost as much as looking at one more scene
READINGS_A_SCENE = 32  # times a scene's ways on are read before its values are the story's
PUMP_LENGTH = 4  # ways in a loop a strategy goes round to raise (or lower) a number
SPLITS_NEVER_STOPS = 6  # cases a scene's ways are read in, to prove one always open: 2**6
# Times a range at a scene is widened to the next value named (`_widened`) before it goes to
# infinity: enough for a lantern's oil to stop at 1, then 0; a count compared with dozens
# of constants would otherwise be read again at each (the outside seasons: 2.5 s more).
MARKED_WIDENINGS = 6
# The once-only ways that change a number in a loop a dead end's reading keeps, each known
# taken or not (`_never_stuck`), at most.
MOST_PAYING = 8
_UNSEEN = object()  # (a value not worked out yet: None is a value, "anything")
ANY_COUNT = (0.0, math.inf)  # a visit count read as anything
# ... and `reached_counting` reads, at most: about 30 µs each (house_hubs seed 35's last
# train shut in 27,262, 0.8 s; it ends in 1,000 to 30,000 in most of the others).
MAX_COUNTING = 40_000
MAX_APART = 20_000  # pairs of a scene and its flags' values `reached_apart` reads, at most
TRUE: frozenset[bool] = frozenset((True,))
FALSE: frozenset[bool] = frozenset((False,))

Held = tuple[str, str]  # ("has" | "met" | "knows", name)

_Step = tuple[str | None, tuple[Effect, ...], str]  # a way: its condition, effects, target


@per_story
def _finishing_reads(story: Story) -> dict[tuple[str, bool], frozenset[Item]]:
    # `_reads_finishing` of each chapter asked about (a proof of the whole story, or
    # not), for every Escape of the story: an outside court's 200 starts each read the
    # ways of its 1,000 scenes again for each chapter (2 s of 11).
    return {}


def _reads_finishing(story: Story, chapter: str, whole: bool) -> frozenset[Item]:
    """What the conditions of the ways that finish from `chapter` read: to an end (from
    any chapter's scene when the proof is of the whole story), or out of the chapter."""
    found: set[Item] = set()
    for scene in story.scenes.values():
        for choice in scene.choices:
            target = story.scenes.get(choice.goto)
            if choice.condition is None or target is None:
                continue
            here = scene.chapter == chapter
            if (target.end is not None and (here or whole)) or (here and target.chapter != chapter):
                found |= _reads(choice.condition)
    return frozenset(found)


class Counting:
    """A reading of `Escape.counting`, paused where its allowance ran out: `go` gives it
    more and reads on (a short story reads a quarter before its searches and the rest
    after them, if they leave a question: an outside dungeon of 40 scenes is settled by
    its first search, its reading never read on)."""

    __slots__ = ("allowance", "found", "steps")

    def __init__(self) -> None:
        self.allowance = 0
        self.found: tuple[set[str], set[str]] | None = None
        self.steps: Iterator[tuple[set[str], set[str]] | None] = iter(())

    def go(self, more: int) -> tuple[set[str], set[str]] | None:
        """Read on with `more` steps of allowance: the scenes reached and the scenes where
        a play may stop, or None if still not finished."""
        if self.found is None:
            self.allowance += more
            self.found = next(self.steps, None)
        return self.found


class Layout:
    """Where each variable's span and each counted scene's visits sit in a `Known` (one
    for every `Known` of an `Escape`): read and copied by position, a long story's hundreds
    of flags cost a tuple copy in C, not a search by name."""

    __slots__ = ("names", "scene_at", "scenes", "where", "whole")

    def __init__(
        self, names: list[str], scenes: list[str], whole: frozenset[str] = frozenset()
    ) -> None:
        self.names = tuple(names)
        self.where = {name: n for n, name in enumerate(self.names)}
        self.scenes = tuple(scenes)
        self.scene_at = {scene: n for n, scene in enumerate(self.scenes)}
        # The places of numbers that only ever hold whole numbers (`whole_numbers`).
        self.whole = frozenset(self.where[name] for name in whole if name in self.where)

    def pack(self, values: dict[str, Span]) -> tuple[Span, ...]:
        """`values` by position (a name left out: anything, as is one not laid out)."""
        packed: list[Span] = [None] * len(self.names)
        where = self.where
        for name, span in values.items():
            n = where.get(name)
            if n is not None:
                packed[n] = span
        return tuple(packed)


@dataclass(frozen=True, slots=True)
class Known:
    """What is known of a state: possible values, held and not held, visits, marks taken."""

    layout: Layout = field(compare=False, repr=False)
    values: tuple[Span, ...]  # by layout.names; None: anything
    held: frozenset[Held]  # surely held
    lacking: frozenset[Held]  # surely not held
    # By layout.scenes (counted scenes): (at least, at most); () when read as anything.
    visits: tuple[tuple[float, float], ...]
    taken: frozenset[str]  # marks surely held
    unused: frozenset[str] = frozenset()  # marks surely not held
    exact: bool = False  # every mark not in `taken` surely not held (the start's own state)
    # And those of the scenes no path leads from to where it is (escape._unreached_marks):
    # hundreds, one set shared by every knowledge of a search, never copied.
    behind: frozenset[str] = frozenset()
    # Kept once worked out: a Known is looked up in the search's tables many times over.
    _hash: int | None = field(default=None, compare=False, init=False, repr=False)

    def __hash__(self) -> int:
        found = self._hash
        if found is None:
            found = hash((self.values, self.held, self.lacking, self.visits, self.taken))
            found ^= hash((self.unused, self.exact, self.behind))
            object.__setattr__(self, "_hash", found)
        return found

    def value(self, name: str) -> Span:
        n = self.layout.where.get(name)
        return None if n is None else self.values[n]

    def _but(
        self,
        values: tuple[Span, ...] | None = None,
        held: frozenset[Held] | None = None,
        lacking: frozenset[Held] | None = None,
        visits: tuple[tuple[float, float], ...] | None = None,
        taken: frozenset[str] | None = None,
        unused: frozenset[str] | None = None,
    ) -> Known:
        """This knowledge with the parts given changed (made directly: a search makes
        hundreds of thousands, and `dataclasses.replace` cost a tenth of it)."""
        return Known(
            self.layout,
            self.values if values is None else values,
            self.held if held is None else held,
            self.lacking if lacking is None else lacking,
            self.visits if visits is None else visits,
            self.taken if taken is None else taken,
            self.unused if unused is None else unused,
            self.exact,
            self.behind,
        )

    def with_value(self, name: str, span: Span) -> Known:
        n = self.layout.where.get(name)
        if n is not None and n in self.layout.whole and isinstance(span, tuple):
            span = _rounded_in(span)
        if n is None or self.values[n] == span:
            return self  # (a name not laid out is read by no condition: anything)
        values = list(self.values)
        values[n] = span
        return self._but(values=tuple(values))

    def taking(self, mark: str) -> Known:
        """With a once-only choice's mark held."""
        unused = self.unused - {mark} if mark in self.unused else None
        return self._but(taken=self.taken | {mark}, unused=unused)

    def holding(self, item: Held) -> Known:
        """With `item` surely held."""
        lacking = self.lacking - {item} if item in self.lacking else None
        return self._but(held=self.held | {item}, lacking=lacking)

    def visit_span(self, scene: str) -> tuple[float, float] | None:
        n = self.layout.scene_at.get(scene)
        return None if n is None or not self.visits else self.visits[n]

    def with_visits(self, scene: str, span: tuple[float, float]) -> Known:
        n = self.layout.scene_at.get(scene)
        if n is None or not self.visits or self.visits[n] == span:
            return self
        visits = list(self.visits)
        visits[n] = span
        return self._but(visits=tuple(visits))


@dataclass
class _Readings:
    """What `Escape._read_through` learns of a chapter's ways, by all it depends on but the
    once-only marks: states at a hub differ most in the asked scene's marks, and taking a
    way changes only its own. So it holds for every scene asked in that chapter whose
    reading keeps the same variables, items and visits (`kept` differs only in the marks,
    which `_read_through` puts in place itself): the outside romance's ten activities a
    week, each read alone, worked out its ways 62,835 times; shared, 49,778 (its time did
    not change measurably: most of a reading is its states, the same either way)."""

    # What a way leads to (kept), by the way and what is known as it is taken.
    moved: dict[tuple[Any, ...], Known] = field(default_factory=dict)
    # The ways that may be open at a scene, by the scene and what is known there.
    ways_at: dict[tuple[Any, ...], list[tuple[str, tuple[Effect, ...], Known, Any, Any]]] = field(
        default_factory=dict
    )


class Escape:
    """`free(scene)`: proven that no state a play can reach at `scene` is trapped."""

    def __init__(self, story: Story, chapter: str | None, future: Future, first: State) -> None:
        """`future` has been spread from `first` (Future.reachable): its values, what can be
        added and the scenes reached stand for every state a play from `first` reaches."""
        self.story = story
        self.chapter = chapter
        self.lasting: Container[str] = future.lasting
        self.ways_in = future.ways_in
        self.counted = sorted(future.counted)
        self.possible: set[Held] = set(future.added)
        for name in first.evidence:
            self.possible.add(("has", name))
        for name in first.met:
            self.possible.add(("met", name))
        for name in first.facts:
            self.possible.add(("knows", name))
        reach = future.reach
        names = set(future.values) | set(first.variables) | _set_anywhere(story)
        if chapter is not None:
            # A chapter replayed by name: what no condition in it reads is anything (a wing
            # of the outside journal reads 12 of the story's 330 flags, and a reading goes
            # through every one laid out at every scene).
            names &= _read_in(story, chapter)
        self.layout = Layout(sorted(names), self.counted, whole_numbers(story))
        marks = _marks(story)
        # Where a number's range stops when it is widened (`_spread`), by its place.
        self.marks = tuple(marks.get(name, ()) for name in self.layout.names)
        # The most visits each counted scene can have in a play from `first`, read along
        # the ways (graph_bounds.entries_along; `first` is entered already).
        along = entries_along(story, first.scene, first.taken, chapter)
        self.visits_most = {
            scene: first.visits.get(scene, 0) + along.get(scene, 0.0) - (scene == first.scene)
            for scene in self.counted
        }
        self.leaves_most = {scene: _leaves_most(story, scene) for scene in self.counted}
        # The least and most each number can hold from `first` on, by how often the ways
        # changing it can run (number_budget.py): `reached_counting` cuts a range widened
        # past them back. (Not `_spread`: the searches' own ranges, not cut, would then
        # differ from those they start from, and strategies found for one would not stand
        # for the other: corridor_hubs.py seed 26, 11 of its rooms proven, then 4.)
        self._along = along
        self._visits_seen: dict[str, tuple[tuple[float, float], ...]] = {}  # `_visits_at`
        visits = tuple(
            (
                float(first.visits.get(scene, 0)),
                min(self.visits_most[scene], INF)
                if scene in reach
                else float(first.visits.get(scene, 0)),
            )
            for scene in self.counted
        )
        self.start = Known(
            self.layout,
            values=self.layout.pack(future.values),
            held=frozenset(
                [("has", e) for e in first.evidence]
                + [("met", m) for m in first.met]
                + [("knows", f) for f in first.facts]
            ),
            lacking=frozenset(),
            visits=visits,
            taken=frozenset(first.taken),
        )
        self.first = first  # (entered already)
        budget = number_budget(story, first.variables, along, first.scene, chapter)
        self.held_within = tuple(budget.get(name) for name in self.layout.names)
        self.marks_make = _what_marks_make_anywhere(story)
        self._near: dict[str, float] | None = None
        self._downstream: dict[str, int] | None = None
        self._live_places: dict[str, frozenset[int]] = {}  # see `_live_at`
        self._writes: dict[str, frozenset[Item]] = {}  # see `writes`
        self._touches: dict[str, frozenset[Item]] = {}  # see `touches`
        # Conditions' values by what they read, while a dead end is read (`_never_stuck`):
        # its states differ in marks taken more than in values (a hub's twenty conditions
        # were read again at every state there).
        self._value_memo: dict[tuple[Any, ...], Span] | None = None
        self._loops: dict[str, list[list[_Step]]] = {}  # see `_pump_loops`
        # Conditions read in one order of the numbers they compare (`_in_every_order`),
        # kept while this lives: `_value` may key what it worked out by a tree's `id`.
        self._ordered: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._sets: dict[str, dict[str, list[float]]] = {}  # see `_set_near`
        self._finishing: dict[str, list[tuple[Item, int | None, Held | None]]] = {}
        self.caps, self.number_caps = _caps(story)
        # Visit counts read as remainders (`visits hall % 2 == 0`), each known exactly kept
        # as the walk keeps it (counters.fold), but never folded to 0: a count of 0 says
        # the scene was never entered (`visited`, and what a once-only way made for good).
        self.cut_remainders = False  # (whether `_split` cuts on them: see `_proof`)
        self.met_remainder = False  # (... and whether it was asked to, not cutting)
        self.remainders = {
            scene: (max(cap, 1.0), period) for scene, (cap, period) in _visit_folds(story).items()
        }
        self._walk_caps: dict[str, float | None] | None = None  # counters.number_caps
        self._visit_caps: dict[str, float] = {}  # ... and of the visit counts
        self._compared: dict[str, float] | None = None  # counters.compared_up_to
        self.work = 0  # scenes looked at by `_spread` so far (what asking costs)
        # The largest allowance each scene was asked with and not proven in (asked again
        # only with more; a proven scene is in `free_scenes`).
        self.asked: dict[str, int] = {}
        # The steps each scene's last asking failed with, and those it was allowed.
        self.failed_with: dict[str, tuple[int, int]] = {}
        self.free_scenes: set[str] = set()  # proven: no state there is ever trapped
        # Doors (scenes a way from another chapter leads to) proven free for every state
        # coming in that way (`prove_doors`): what is known of those states, by door.
        self.doors: dict[str, Known] = {}
        self._unreached: dict[str, frozenset[str]] = {}  # see `_unreached_marks`
        self._behind: MarksBehind | None = None
        # Whether `_at` holds the marks of the scenes that cannot lead there unused: once
        # doors are asked about (what a door is proven with holds them so).
        self.door_reading = False
        # And whether a play may end, reach a trial or leave the chapter replayed by name
        # (a hall whose way out needs a map its own entry puts away: never left).
        self.made_back: dict[str, list[tuple[str, str, object]] | None] = {}  # `_made_back`
        self._ways_back: WaysBack | None = None
        # Every state a play can be in at a scene, where they are few and known (`free`).
        self.only_states: dict[str, list[State]] = {}
        self.at_scene, _, self.leaves = self._spread(first)
        # Read again with what the reading shows: a number that only rises is raised by a
        # once-only way from at least what it holds where the way is (the porch's point of
        # trust, held at the hub by every play) (see `_least_at`).
        # And with only the effects of the scenes a play reaches: a flag cleared only in a
        # room no play enters is still set for good by the way that sets it.
        self.marks_make = _what_marks_make(story, self._least_at, first.taken, self.at_scene.keys())
        # Read once more on the ways that can open with those values (way_back.py): a
        # once-only way into a room no such way leads back from is never used up at its
        # scene (`lasting`), and a play back at a way's scene after taking it has been
        # through the scenes on every way back, what they make for good held
        # (`made_back`: a staff room left only through a passage that lights the torch).
        self._read_ways_back(first)
        self.nodes = 0  # looked at for the scene being asked about
        self.budget = MAX_NODES  # left for the scenes of the question under way (`ask`)
        self.limit = MAX_NODES_A_SCENE  # for the scene under way
        self.proven: set[tuple[str, Known]] = set()  # strategies found: kept for good
        self.failed: set[tuple[str, Known]] = set()  # none found, in the question under way
        self.proven_at: dict[str, list[Known]] = {}  # the Knowns of `proven` by scene
        self.busy: set[tuple[str, Known]] = set()
        self.depth = MAX_DEPTH  # ways in one line of the strategy searched for now

    def _read_ways_back(self, first: State) -> None:
        """`lasting` and `made_back` from the ways that may open at each scene reached."""
        story = self.story
        edges: dict[str, list[str]] = {}
        once_ways: list[tuple[str, str, str]] = []
        for scene_id in self.at_scene:
            scene = story.scenes[scene_id]
            if scene.trial is not None:
                edges[scene_id] = successors(story, scene_id)  # (any ruling)
                continue
            ways = self._ways(scene_id, self._at(scene_id), first.taken)
            edges[scene_id] = [target for target, *_ in ways if target in self.at_scene]
            for choice in scene.choices:
                mark = f"{scene_id}/{choice.id}"
                if choice.once and mark not in first.taken:
                    once_ways.append((mark, scene_id, choice.goto))
        part = parts(story, edges)
        self.lasting = Joined(self.lasting, cut_off(edges, once_ways, part))
        # (only in loops where a scene's entry makes something for good, or whose visits
        # a condition counts: elsewhere the scenes on the way back tell nothing; the
        # outside cases pack read 3,500 hubs' ways back, a tenth of its time)
        counted = set(self.counted)
        telling = {part[s] for s in self.at_scene if s in counted or self.marks_make.get(f"{s}/")}
        self._ways_back = WaysBack(edges, [w for w in once_ways if part[w[1]] in telling], part)

    def _made_back(self, mark: str) -> list[tuple[str, str, object]] | None:
        """What a play back at a once-only way's scene after taking it holds for good: what
        the scenes on every way back make (`_read_ways_back`), worked out when first asked."""
        if mark not in self.made_back:
            chain = self._ways_back.passed(mark) if self._ways_back is not None else None
            self.made_back[mark] = [
                fact
                for passed in chain or ()
                for fact in (("visited", passed, None), *self.marks_make.get(f"{passed}/", ()))
            ] or None
        return self.made_back[mark]

    def live(self, scene_id: str) -> frozenset[str]:
        """The variables some condition (or expression) reachable from `scene_id` reads."""
        return _live_variables(self.story)[scene_id]

    def writes(self, target: str, effects: tuple[Effect, ...]) -> frozenset[Item]:
        """What a way to `target` with `effects` may change, named as `_reads` names what
        a condition reads: its effects, `target`'s visits, effects and speakers, and the
        effects of `target`'s own choices (one step further)."""
        near = self._writes.get(target)
        if near is None:
            scene = self.story.scenes.get(target)
            names: set[Item] = {(VISITS, target)}
            if scene is not None:
                names |= {(MET, name) for name in plan_of(scene).speakers}
                for group in (scene.effects, *(c.effects for c in scene.choices)):
                    names |= _changes(group)
            near = self._writes[target] = frozenset(names)
        return near | _changes(effects) if effects else near

    def _written(self, target: str, effects: tuple[Effect, ...]) -> set[str]:
        """The variables a way's `effects`, and entering `target`, may set or add to."""
        changed = _changes((*effects, *self.story.scenes[target].effects))
        return {name for kind, name in changed if kind == VARIABLE}

    def _lacking(self, known: Known, scene_id: str) -> set[Item]:
        """What the conditions of the ways to a finish from `scene_id`'s chapter read (an
        end, a way out of the chapter) that `known` may lack: a flag or text maybe not so,
        or surely false, a thing maybe not held."""
        lacking: set[Item] = set()
        values, held = known.values, known.held
        for item, n, as_held in self._finish_reads(self.story.scenes[scene_id].chapter):
            if n is not None:
                span = values[n]
                if isinstance(span, tuple) or (
                    isinstance(span, frozenset) and len(span) == 1 and span != FALSE
                ):
                    # Known (a flag surely false is lacking: what finishes most often needs
                    # it true, a wing's page still to read), or a number (pumped for by
                    # `_goals`, not made at once).
                    continue
            elif as_held in held:
                continue
            lacking.add(item)
        return lacking

    def _finish_reads(self, chapter: str) -> list[tuple[Item, int | None, Held | None]]:
        """What the conditions of the ways that finish from `chapter` read (to an end, out
        of the chapter: in the whole story, a proof from a door ends at the next one, see
        prove_doors): each flag or text with its place in `Known.values`, each thing held as
        `Known.held` names it (visit counts left out). Made once a chapter."""
        reads = self._finishing.get(chapter)
        if reads is not None:
            return reads
        found = _finishing_reads(self.story).get((chapter, self.chapter is None))
        if found is None:
            found = _finishing_reads(self.story)[chapter, self.chapter is None] = _reads_finishing(
                self.story, chapter, self.chapter is None
            )
        where = self.layout.where
        reads = []
        for kind, name in sorted(found):
            if kind == VARIABLE and name in where:
                reads.append(((kind, name), where[name], None))
            elif kind in _HELD_AS:
                reads.append(((kind, name), None, (_HELD_AS[kind], name)))
        self._finishing[chapter] = reads
        return reads

    def _helps(self, wanted: set[Item], target: str, effects: tuple[Effect, ...]) -> int:
        """How soon a way may change what `wanted` names (the conditions not sure to hold
        where it starts): 0 by its own effects or on entering `target`, 1 by a choice
        there, 2 not so soon (the order in which ways as near a finish are tried)."""
        if not wanted:
            return 2
        scene = self.story.scenes.get(target)
        now = _changes(effects) | {(VISITS, target)}
        if scene is not None:
            now |= _changes(scene.effects)
        if wanted & now:
            return 0
        return 1 if wanted & self.writes(target, effects) else 2

    @property
    def nearness(self) -> dict[str, float]:
        """Ways from each scene to the nearest finish (made when a search first needs it)."""
        if self._near is None:
            self._near = _nearness(self.story, self.chapter)
        return self._near

    @property
    def downstream(self) -> dict[str, int]:
        """Each scene's loop (strongly connected part of the graph), numbered from those no
        way leaves first (`_downstream`)."""
        if self._downstream is None:
            self._downstream = _downstream(self.story, self.chapter)
        return self._downstream

    def ask(
        self,
        scenes: set[str],
        first: State,
        free: set[str],
        steps: int = MAX_NODES_A_SCENE,
        budget: int = 0,
        give_up: int = 0,
        before_full: Callable[[set[str], int], None] | None = None,
    ) -> set[str]:
        """The scenes of `scenes` proven free (see `free`), each asked about again only
        with a larger allowance than it failed with. The nearest to a finish first, since
        a strategy may stop at a scene proven free (every
        state there can finish, so the one it arrives with can). `free` are the scenes
        known free already (those that lead to no loop, say). `first` is the state the
        plays start from; the start holds only it when nothing leads back. `steps`: for
        each scene at most (a scene that fails with fewer may be asked again). `give_up`:
        when that many are asked, none proven, the rest are not asked. `before_full` is
        called once the shorter rounds have left a scene unproven, before the first round
        with all its steps, with the scenes still unproven and those steps (the walk
        raced there, by what they are likely to spend, not before what the shorter rounds
        prove)."""
        self.free_scenes |= free
        self.budget = self._budget_for(scenes, budget)
        proven: set[str] = set()
        left = self._to_ask(scenes, steps)
        # Each first with a fraction of its steps (RUNGS), all of them, then with more: a
        # strategy may stop at a scene proven free, and the scenes cheapest to prove are
        # most often not the nearest to a finish (corridor_hubs.py seed 23: 27 scenes
        # failing with 1,000 steps each before seven rooms proven in 10-208, after which
        # the hub took 103 and every other scene one; its budget ran out first).
        rungs = [steps // share for share in RUNGS if steps // share >= SMALLEST_RUNG]
        # Then once more for those not proven, as briefly: the scenes proven since may be
        # where their strategies can stop. (Not with what is left of the allowance shared
        # out: a scene a play can really be trapped at has no strategy to find, and a
        # wing of the outside journal spent 14,000 steps on its once-only room's bed.)
        for rung, again in [*((r, False) for r in rungs), (steps, False), (steps, True)]:
            if again:
                left = [s for s in left if s not in proven]
                if not left or not proven:
                    break
            last = rung == steps
            unproven = {s for s in left if s not in proven} if last and not again else set()
            if unproven and before_full is not None:
                before_full(unproven, steps)
            for count, scene_id in enumerate(left):
                if self.budget <= 0 or (count == give_up > 0 and not proven):
                    break  # the rest may be asked again later
                if scene_id in proven:
                    continue
                alone = scene_id == first.scene and not self.ways_in[scene_id]
                if self.free(scene_id, first if alone else None, rung, shorter=not last):
                    proven.add(scene_id)
                    self.free_scenes.add(scene_id)
                elif last:
                    self.failed_with[scene_id] = (self.nodes, self.limit)
                    if self.limit >= MAX_NODES_A_SCENE:  # not cut short
                        self.asked[scene_id] = max(self.asked.get(scene_id, 0), self.limit)
        return proven

    def likely_spent(self, scenes: set[str], steps: int = MAX_NODES_A_SCENE) -> int:
        """The steps `ask` (without `free` or `budget`) is likely to spend on `scenes`: for
        each it would ask, `steps`, but the steps its last asking failed with when they
        were fewer than it was allowed (a proof that fails without running out most often
        fails so again); within the budget of them all."""
        likely = 0
        for scene_id in self._to_ask(scenes, steps):
            spent, allowed = self.failed_with.get(scene_id, (steps, steps))
            likely += steps if spent >= allowed else spent
        return min(likely, self._budget_for(scenes, 0))

    def _budget_for(self, scenes: set[str], budget: int) -> int:
        # A long story's proofs chain back from its ends (each stops where a later one was
        # proven): an allowance for every scene asked about, not one for them all.
        return max(MAX_NODES, NODES_A_SCENE * len(scenes), budget)

    def _to_ask(self, scenes: set[str], steps: int) -> list[str]:
        """The scenes of `scenes` not known free nor asked with `steps` or more already,
        the nearest to a finish first."""
        # Of those as near, downstream first: a strategy may stop at a scene proven free,
        # and one from the first of a survival's 115 days went through every day after it
        # (each dawn is as near a finish as any other, by the end starving offers there).
        # (Downstream before nearer: a house round a hub of an outside generator spent
        # 4.4 s where it spent 1.8, on the hard proofs of rooms no way leaves.)
        down, near = self.downstream, self.nearness
        return sorted(
            (s for s in scenes if s not in self.free_scenes and self.asked.get(s, 0) < steps),
            key=lambda s: (near.get(s, INF), down.get(s, INF), s),
        )

    def free(
        self,
        scene_id: str,
        first: State | None = None,
        steps: int = MAX_NODES_A_SCENE,
        shorter: bool = False,
    ) -> bool:
        """Proven: every state a play can reach at `scene_id` can still end, stop or leave.
        With `first`, the only state there is `first` (the start, which nothing leads back
        to): what is known is all of it; so at a scene before every loop, where each
        state a play can be in is known (`only_states`: before_loops.py), each is proven
        apart. `shorter`: in a shorter round of `ask`, which asks again with more steps
        (see `_proof`)."""
        states = self.only_states.get(scene_id)
        if first is None and states:
            # (each with more: a known state's strategy is one line of play, twelve ways
            # for the rocks below house_hubs.py seed 22's lighthouse, 530-1,650 steps, and
            # the shallow rounds that find it had a sixteenth of what is left each)
            more = steps * KNOWN_STATE_SHARE
            share = KNOWN_STATE_SHALLOW
            return all(
                self._proof(scene_id, self._exact(state), more, share, shorter) for state in states
            )
        known = self._exact(first) if first is not None else self._at(scene_id)
        return self._proof(scene_id, known, steps, shorter=shorter)

    def _proof(
        self,
        scene_id: str,
        known: Known,
        steps: int,
        share: int = SHALLOW_SHARE,
        shorter: bool = False,
    ) -> bool:
        """A strategy for every state `known` stands for at `scene_id`, searched for
        with `steps` at most (and what is left of the budget), each shallower round with
        1/`share` of what is left. Where a visit count is read as a remainder, searched
        for again with each count it is kept as a case of its own (`_split`), when not
        found without and the search met such a count it could have cut on: as many
        strategies, where one that stops at a room that may have no way open (on an odd
        count) most often does (house_hubs.py seed 18's tower base: 19,000 steps without,
        58,000 with; seed 32's hall: not found without).

        In a `shorter` round, not searched for again when the first search ran out of
        steps: the next round searches with more steps, then again with the counts cut
        (the tower base's shorter rounds, 1,875 and 7,500 steps, each ran out twice: 1.3 s
        of a chapter's 3.2; then found in 21,427 without). A search that failed within its
        steps is searched for again as ever."""
        self.met_remainder = False
        found = self._proof_once(scene_id, known, steps, share)
        ran_out = self.nodes >= min(steps, self.budget + self.nodes)
        if shorter and ran_out:
            return found
        if not found and self.met_remainder and not self.cut_remainders and self.budget > 0:
            self.cut_remainders = True
            try:
                found = self._proof_once(scene_id, known, steps, share)
            finally:
                self.cut_remainders = False
        return found

    def _proof_once(self, scene_id: str, known: Known, steps: int, share: int) -> bool:
        self.nodes, limit = 0, min(steps, self.budget)
        found = False
        for self.depth in DEPTHS:
            # Failures met inside one question may owe to a loop then in progress, or to
            # the depth allowed: forgotten at each. A shallow round may spend a sixteenth of
            # what is left, so a deep strategy is not starved by the wide shallow ones.
            self.failed = set()
            last = self.depth == MAX_DEPTH
            self.limit = limit if last else self.nodes + (limit - self.nodes) // share
            found = self._finishes(scene_id, known, 0)
            if found or self.nodes >= limit:
                break
        self.depth, self.limit = MAX_DEPTH, limit
        self.budget -= self.nodes
        return found

    def prove_doors(self, doors: set[str], steps: int = MAX_NODES_A_SCENE) -> set[str]:
        """The doors of `doors` proven free for every state coming in from another
        chapter, the nearest to a finish first. A strategy arriving at a proven door with
        less known than was proven there stops (`_search`): from a wing's room, the next
        wing's hall, not the 30 wings after it (the hall itself is no free scene: a state
        back from a room without its page is trapped there)."""
        self.budget = max(MAX_NODES, NODES_A_SCENE * len(doors))
        self.door_reading = True
        proven: set[str] = set()
        for door in sorted(doors, key=lambda s: (self.nearness.get(s, INF), s)):
            if self.budget <= 0:
                break
            if door in self.free_scenes or door in self.doors:
                continue
            known = self.coming_in(door)
            if known is not None and self._proof(door, known, steps):
                self.doors[door] = known
                proven.add(door)
        if proven:
            self.asked.clear()  # what is known of every scene has changed (`_at`)
        return proven

    def coming_in(self, door: str) -> Known | None:
        """What is known of the states entering `door` by a choice or a `next` from another
        chapter (None: no such way is reached; a trial's way is not read, and a state it
        brings is simply not covered: every arrival is checked against this, `_through_door`).
        Each way read from what is known where it starts, its condition holding, with the
        marks of every scene that cannot lead there unused."""
        story = self.story
        chapter = story.scenes[door].chapter
        joined: Known | None = None
        for scene_id, scene in story.scenes.items():
            if scene.chapter == chapter or scene_id not in self.at_scene:
                continue
            ways = [
                (
                    choice.condition,
                    choice.effects,
                    f"{scene_id}/{choice.id}" if choice.once else None,
                )
                for choice in scene.choices
                if choice.goto == door
            ]
            if scene.next == door:
                ways.append((None, (), None))
            for condition, effects, mark in ways:
                known = self._at(scene_id)
                if condition is not None:
                    known = _assume(condition_tree(condition), known)
                known = self._after(known, effects, mark, door)
                joined = known if joined is None else _either(joined, known)
        return joined

    def _unreached_marks(self, scene_id: str) -> frozenset[str]:
        """The once-only marks of the scenes no path leads from to `scene_id`: a play
        there has never been where they are taken (those held from the start aside)."""
        found = self._unreached.get(scene_id)
        if found is None:
            if self._behind is None:
                self._behind = MarksBehind(self.story)
            found = self._unreached[scene_id] = self._behind(scene_id) - self.start.taken
        return found

    def _through_door(self, scene_id: str, known: Known) -> bool:
        """Whether `scene_id` is a door proven for every state `known` stands for."""
        proven = self.doors.get(scene_id)
        return proven is not None and self._within(known, proven)

    def _within(self, known: Known, proven: Known) -> bool:
        """Whether every state `known` stands for is one `proven` stands for (so a strategy
        for `proven` at a scene is one for `known` there). Asked of every strategy found at
        a scene a search comes to: the values first, which most often tell them apart."""
        if proven.exact:
            return False
        if known.values != proven.values:
            for small, big in zip(known.values, proven.values, strict=True):
                if big is None or small == big:
                    continue
                if isinstance(small, frozenset):
                    if not (isinstance(big, frozenset) and small <= big):
                        return False
                elif not (
                    isinstance(small, tuple)
                    and isinstance(big, tuple)
                    and big[0] <= small[0]
                    and small[1] <= big[1]
                ):
                    return False  # (a range of numbers against a set of flag values)
        if not (
            proven.taken <= known.taken
            and proven.held <= known.held
            and proven.lacking <= known.lacking
        ):
            return False
        if proven.visits and (
            not known.visits
            or not all(
                big[0] <= small[0] and small[1] <= big[1]
                for small, big in zip(known.visits, proven.visits, strict=True)
            )
        ):
            return False
        need = (proven.unused | proven.behind) - proven.taken  # marks it was proven unused
        if need & known.taken:
            return False
        missing = need - known.behind - known.unused
        return not missing or all(self._surely_unused(mark, known) for mark in missing)

    def never_stops(self, scene_id: str, known: Known | None = None) -> bool:
        """Proven: no play stops at `scene_id` with nothing to choose; a way there is open
        at every visit: a `next`, or a choice whose condition must hold there and that is
        sticky or cannot be used up (what `_search` counts on). Read with what is `known`
        of every state there (by default, what the reading from the start found)."""
        scene = self.story.scenes[scene_id]
        if scene.next is not None or scene.end is not None:
            return True
        if known is not None:
            return self._one_open(scene_id, known)
        return self._one_open(scene_id, self._at(scene_id)) or self._open_coming_in(scene_id)

    def _one_open(
        self,
        scene_id: str,
        known: Known,
        given: tuple[tuple[Any, ...], ...] = (),
        first_visit: bool = False,
    ) -> bool:
        """Whether a way at `scene_id` is open in every state `known` stands for (and where
        every condition `given` holds); on the `first_visit` there, its once-only ways are
        all unused (but those taken before the play began)."""
        trees: list[tuple[Any, ...]] = []
        for choice in self.story.scenes[scene_id].choices:
            mark = f"{scene_id}/{choice.id}"
            fresh = first_visit and mark not in self.first.taken
            if choice.once and not fresh and not self._unused(mark, known):
                continue
            if choice.condition is None:
                return True
            trees.append(condition_tree(choice.condition))
        # Ways whose conditions only hold together in every case (`propped` and `not
        # propped`): split on what they read until each case has one open for sure.
        cut, self.cut_remainders = self.cut_remainders, True  # (odd and even visits too)
        try:
            return self._one_holds(trees, known, SPLITS_NEVER_STOPS, given) or (
                self._in_every_order(trees, known, given)
            )
        finally:
            self.cut_remainders = cut

    def _in_no_order(self, tree: tuple[Any, ...], known: Known) -> bool:
        """Whether the condition `tree` holds in no state `known` stands for, read in each
        order the numbers it compares with each other can stand in (see `_in_every_order`),
        each number's range narrowed by the order (and by the most a play can give it,
        number_budget.py): an election night's third candidate, `not (us > rival and us >
        third) and third > rival`, with us from 30 and the third at 27 at most, wins in no
        order (us at most the rival, the rival under the third, the third under us)."""
        pairs = _compared_pairs([tree])
        if not pairs or len(pairs) > MAX_ORDERED:
            return False
        known = self._within_budgets(
            known, {side[1] for pair in pairs for side in pair if side[0] == "var"}
        )
        for signs in itertools.product((-1, 0, 1), repeat=len(pairs)):
            narrowed = self._narrowed(known, pairs, signs)
            if narrowed is None:
                continue  # (no state is in that order)
            if _truth(self._value(self._in_order(tree, pairs, signs), narrowed))[0]:
                return False
        return True

    def _narrowed(
        self, known: Known, pairs: list[tuple[Any, Any]], signs: tuple[int, ...]
    ) -> Known | None:
        """`known` with the numbers of `pairs` (variables, each a number in the story)
        narrowed to what the order `signs` leaves them (the first below, equal to or above
        the second), read round until nothing moves; None when some range is left empty."""
        spans: dict[str, tuple[float, float]] = {}
        for pair in pairs:
            for side in pair:
                if side[0] != "var" or side[1] in spans:
                    continue
                value = known.value(side[1])
                first = self.story.variables.get(side[1])
                if isinstance(value, tuple):
                    spans[side[1]] = value
                elif isinstance(first, int | float) and not isinstance(first, bool):
                    spans[side[1]] = (-INF, INF)  # (a number, whatever it is now)
        for _ in range(len(pairs) + 1):
            moved = False
            for (left, right), sign in zip(pairs, signs, strict=True):
                if left[0] != "var" or right[0] != "var":
                    continue
                a, b = spans.get(left[1]), spans.get(right[1])
                if a is None or b is None:
                    continue
                if sign < 0:
                    new_a = (a[0], min(a[1], math.nextafter(b[1], -INF)))
                    new_b = (max(b[0], math.nextafter(a[0], INF)), b[1])
                elif sign > 0:
                    new_a = (max(a[0], math.nextafter(b[0], INF)), a[1])
                    new_b = (b[0], min(b[1], math.nextafter(a[1], -INF)))
                else:
                    new_a = new_b = (max(a[0], b[0]), min(a[1], b[1]))
                if new_a[0] > new_a[1] or new_b[0] > new_b[1]:
                    return None
                if (new_a, new_b) != (a, b):
                    spans[left[1]], spans[right[1]] = new_a, new_b
                    moved = True
            if not moved:
                break
        for name, span in spans.items():
            if span != known.value(name):
                known = known.with_value(name, span)
        return known

    def _in_order(
        self, tree: tuple[Any, ...], pairs: list[tuple[Any, Any]], signs: tuple[int, ...]
    ) -> tuple[Any, ...]:
        """`tree` with each comparison of a pair of `pairs` read as true or false in the
        order `signs` (`_ordered`), kept while this lives (`_value` keys by `id`)."""
        key = (id(tree), tuple(pairs), signs)  # (the same tree is read with other pairs)
        ordered = self._ordered.get(key)
        if ordered is None:
            ordered = tree
            for pair, sign in zip(pairs, signs, strict=True):
                ordered = _ordered(ordered, pair, sign)
            self._ordered[key] = ordered
            self._ordered[(id(ordered),)] = tree  # (kept alive: its id is in the key)
        return ordered

    def _in_every_order(
        self, trees: list[tuple[Any, ...]], known: Known, given: tuple[tuple[Any, ...], ...]
    ) -> bool:
        """Whether one of `trees` holds in every state `known` stands for, read in each
        order the numbers they compare with each other can stand in: below, equal, above
        (a mayor deciding for the north on `trust_north > trust_south`, for the south on
        the reverse, for both on `==`: one is open whatever the two are, which no range
        of either alone shows). Up to MAX_ORDERED pairs, each order a case of its own;
        orders no play can have (`a < b`, `b < c`, `c < a`) are read too, so it is sound."""
        pairs = _compared_pairs(trees)
        if not pairs or len(pairs) > MAX_ORDERED:
            return False
        for signs in itertools.product((-1, 0, 1), repeat=len(pairs)):
            case = [self._in_order(tree, pairs, signs) for tree in trees]
            if not self._one_holds(case, known, SPLITS_NEVER_STOPS, given):
                return False
        return True

    def _open_coming_in(self, scene_id: str) -> bool:
        """`never_stops` read for each way in apart: from what is known where it starts,
        where its condition held, and holds still when nothing on the way changes what it
        reads (a study whose door needs `coins + keys >= 3` and whose ways on need `keys >
        1` or a coin: no play stops there, though the values there, read alone, allow it).
        Not for the scene a play starts at, nor one a trial leads to."""
        story = self.story
        scene = story.scenes[scene_id]
        if scene_id == self.first.scene:
            return False
        sources = [s for s in ways_back(story)[scene_id] if s in self.at_scene]
        if any(story.scenes[s].trial is not None for s in sources):
            return False
        changed_here = {e.name for e in scene.effects if isinstance(e, SetVar | AddVar)}
        for source in sources:
            before = story.scenes[source]
            here = self._at(source)
            ways: list[tuple[Choice | None, str | None, tuple[Effect, ...]]] = [
                (c, c.condition, c.effects) for c in before.choices if c.goto == scene_id
            ]
            if before.next == scene_id:
                ways.append((None, None, ()))
            for choice, condition, effects in ways:
                known = here
                given: tuple[tuple[Any, ...], ...] = ()
                if condition is not None:
                    tree = condition_tree(condition)
                    known = _assume(tree, known)
                    refs = conditions.references(condition)
                    changed = changed_here | {
                        e.name for e in effects if isinstance(e, SetVar | AddVar)
                    }
                    # (`_assume` reads only its variables: what the way and the entry add
                    # of evidence, people and facts cannot make it wrong; a visit here can.)
                    if not refs.variables & changed and scene_id not in refs.scenes:
                        given = (tree,)
                known = self._enter(self._apply(known, effects), scene_id)
                if given:
                    known = _assume(given[0], known)
                if self._one_open(scene_id, known, given):
                    continue
                if choice is None or not self._first_way(scene_id, source, choice, sources):
                    return False
                if not self._one_open(scene_id, known, given, first_visit=True):
                    return False
        return True

    def _first_way(self, scene_id: str, source: str, choice: Choice, sources: list[str]) -> bool:
        """Whether a play through `choice` (at `source`) is at `scene_id` for the first
        time: it is once-only, and every other way in comes from a scene a play reaches
        only through `scene_id` (a room entered once from the hall, then again from its
        own far end)."""
        if not choice.once:
            return False
        story = self.story
        before_it = self._reached_before(scene_id)
        if source not in before_it:
            return False
        for source in sources:
            if source not in before_it:
                continue
            before = story.scenes[source]
            if before.next == scene_id:
                return False
            if any(c.goto == scene_id and c is not choice for c in before.choices):
                return False
        return True

    def _reached_before(self, scene_id: str) -> set[str]:
        """The scenes a play may reach from its start without passing `scene_id`."""
        seen = {self.first.scene}
        todo = [self.first.scene]
        while todo:
            for target in successors(self.story, todo.pop()):
                if target != scene_id and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    def no_dead_end_in(self, chapter: str, asked: set[str], most: int) -> set[str]:
        """Of `asked` (scenes of `chapter` that may be dead ends), those where no play ever
        stops. For each, every state a play may hold in the chapter is read forward from
        what comes in (the start, when it is there, and `coming_in` at each door), keeping
        only what tells a stop there apart: the variables its choices and the ways into it
        read, exactly as far as they go, and its own once-only marks, each known taken or
        not (so the chapter must never be entered twice); all else is anything. A week's
        activity whose three choices are once-only, entered at most three times on three
        points of energy, keeps its last choice open: what `_at` knows there (any mark
        maybe taken) cannot tell. None proven when the chapter is entered twice, or by a
        ruling, or holds a trial (the rulings are not reasoned about); a scene is left out
        when its reading needs more than `most` states (`work` counts them)."""
        story = self.story
        inside = {s for s, scene in story.scenes.items() if scene.chapter == chapter}
        if any(story.scenes[s].trial is not None for s in inside):
            return set()
        starts: list[tuple[str, Known]] = []
        if self.first.scene in inside:
            starts.append((self.first.scene, self._exact(self.first)))
        if self.chapter is None:
            if not _entered_once(story, inside):
                return set()
            doors: set[str] = set()
            for scene_id, scene in story.scenes.items():
                if scene_id in inside:
                    continue
                if scene.trial is not None and inside.intersection(successors(story, scene_id)):
                    return set()  # a ruling's way in: `coming_in` does not read it
                doors.update(t for t in successors(story, scene_id) if t in inside)
            for door in sorted(doors):
                known = self.coming_in(door)
                if known is not None:  # (None: no play comes in there)
                    starts.append((door, known))
        elif chapter != self.chapter:
            return set()
        proven: set[str] = set()
        # What the readings of scenes that keep the same things learn of the ways, shared
        # (see `_Readings`): a week's activities read its hub's twenty conditions alike.
        shared: dict[tuple[Any, ...], _Readings] = {}
        for scene_id in sorted(asked & inside):
            found = self._never_stuck(scene_id, inside, starts, most, shared, wider=False)
            if found is False:
                # A stop read there, with only its own once-only ways known: read again
                # knowing more (see `_never_stuck`).
                found = self._never_stuck(scene_id, inside, starts, most, shared, wider=True)
            if found:
                proven.add(scene_id)
        return proven

    def _never_stuck(
        self,
        asked: str,
        inside: set[str],
        starts: list[tuple[str, Known]],
        most: int,
        shared: dict[tuple[Any, ...], _Readings],
        wider: bool,
    ) -> bool | None:
        """No state read forward from `starts` within `inside`, kept to what tells a stop
        at `asked` apart, stops there (see `no_dead_end_in`): True; False when one may
        stop there, None when the reading needs more than `most` states. `wider` keeps more
        (each once-only way in, also into the scenes behind it that are each the only way
        into the next, and those that change a number kept in a loop, known taken or not):
        more states, so only once the narrower reading saw a stop. Either way a
        number that may rise without end is read as one range past its comparisons."""
        story = self.story
        where = self.layout.where
        own = story.scenes[asked].choices
        reads: set[Item] = set()
        for choice in own:
            if choice.condition is not None:
                reads |= _reads(choice.condition)
        # And what the ways in read: through a scene with one way in that needs nothing
        # (a room entered only by the `next` of the hall before it), the ways into that.
        ways_in: dict[str, list[tuple[str, str | None]]] = {}
        for scene_id in inside:
            scene = story.scenes[scene_id]
            for choice in scene.choices:
                ways_in.setdefault(choice.goto, []).append((scene_id, choice.condition))
            if scene.next is not None:
                ways_in.setdefault(scene.next, []).append((scene_id, None))
        back, behind = [asked], {asked}
        while back:
            here = ways_in.get(back.pop(), [])
            for source, condition in here:
                if condition is not None:
                    reads |= _reads(condition)
                elif len(here) == 1 and source not in behind:
                    behind.add(source)
                    back.append(source)
        keep = frozenset(where[name] for kind, name in reads if kind == VARIABLE and name in where)
        # (evidence held, people met, facts known: only those read, a week's five friends
        # met in any order would multiply the states by 32)
        items = frozenset((_HELD_AS[kind], name) for kind, name in reads if kind in _HELD_AS)
        own_marks = frozenset(f"{asked}/{c.id}" for c in own if c.once)
        # Each known taken or not, too: the once-only ways in (a landing entered once, its
        # door unlocked with the last key: not entered again with none), and those that
        # change a number kept in a loop (a key paid once to go deeper, not each time round:
        # every key paid was found on the way, and the landing is reached with one).
        marks = own_marks
        if wider:
            kept_names = {name for kind, name in reads if kind == VARIABLE}
            paying = [
                mark
                for scene_id, mark, names in _numbers_paid_in_loops(story)
                if scene_id in inside and names & kept_names
            ]
            # (into the scenes behind it too, each the only way into the one after: the
            # door before a passage, entered from a stair once and by a back way once)
            marks |= _once_into(story, behind, inside) | frozenset(paying[:MOST_PAYING])
        marking = {mark.rsplit("/", 1)[0] for mark in marks}  # (not passed through)
        layout = self.layout
        blank: list[Span] = [None] * len(layout.names)
        # And the visits read of the chapter's own scenes: none yet at a door, the chapter
        # being entered once (a gift given, then the other: `not visited song` on the
        # first, `visited song` on the second, each choice once-only).
        counted = frozenset(
            layout.scene_at[name]
            for kind, name in reads
            if kind == VISITS and name in inside and name in layout.scene_at
        )
        anything = (0.0, INF)
        at_door = self.first.scene not in inside
        first_visits = self.first.visits  # (a replay's entry may count a visit anywhere)
        # Numbers kept are held at explore's caps (counters.py: past its cap, now or after
        # all it may still lose, no comparison tells a number's values apart), else a count
        # that grows at every round of a hub (a coin earned in a room) is never done with.
        if self._walk_caps is None:
            self._walk_caps, self._visit_caps = number_caps(story)
        clamps = tuple(
            (n, float(cap))
            for n in keep
            if (cap := self._walk_caps.get(layout.names[n])) is not None and cap != EXACT
        )
        # One kept exactly for a walk (computed from, or lowered by a sticky way) that may
        # rise without end is read as one range past the most any condition compares it
        # with: a key found at every round of a loop, spent at a door open with one, is not
        # read at each count it may reach. (Not one that stays below some value: a week's
        # energy, counted down from three, tells how many visits are left.)
        if self._compared is None:
            self._compared = compared_up_to(story)
        ranges = tuple(
            (n, self._compared[layout.names[n]])
            for n in keep
            if self._walk_caps.get(layout.names[n]) == EXACT
            and layout.names[n] in self._compared
            and _unbounded_above(self.start.values[n])
        )

        def visits(known: Known, door: str | None) -> tuple[tuple[float, float], ...]:
            """The visits kept of `known` (come in at `door`: that one visit more than the
            start had, and no other)."""
            if not counted:
                return ()
            out = []
            for n, scene_id in enumerate(layout.scenes):
                if n not in counted:
                    out.append(anything)
                elif door is not None and at_door:
                    count = float(first_visits.get(scene_id, 0) + (scene_id == door))
                    out.append((count, count))
                else:
                    span = known.visits[n] if known.visits else anything
                    cap = self._visit_caps.get(scene_id, EXACT)
                    folded = self.remainders.get(scene_id)  # (as `_enter` keeps it)
                    if span[0] > cap:
                        # Held at its cap, as a number is (a hall's visits past the two a
                        # cupboard's way needs: the reading is not done at each count).
                        span = (cap, cap)
                    elif folded is not None and span[0] == span[1] != INF:
                        # ... or, read as a remainder too, kept as the walk keeps it.
                        count = float(fold(int(span[0]), *folded))
                        span = (count, count)
                    out.append(span)
            return tuple(out)

        def kept(known: Known, door: str | None = None) -> Known:
            """`known` with only what is kept (come in at `door`: the marks not yet taken)."""
            fresh = door is not None
            values = blank.copy()
            for n in keep:
                values[n] = known.values[n]
            for n, cap in clamps:
                span = values[n]
                if isinstance(span, tuple) and span[0] > cap:
                    # Each value held as min(v, cap); a span reaching past the cap from
                    # below is left whole (more than it stands for, never less: cut at the
                    # cap, the romance's likings read 13% more states, spans of both ends).
                    values[n] = (cap, cap)
            for n, most in ranges:
                span = values[n]
                if isinstance(span, tuple) and span[0] > most:
                    values[n] = (most, INF)  # (more than it stands for, never less)
            if fresh and known.taken & marks:
                raise _Unsure  # (a play that comes in twice: not read here)
            return Known(
                layout,
                tuple(values),
                known.held & items,
                known.lacking & items,
                visits(known, door),
                known.taken & marks,
                (known.unused | marks) & marks if fresh else known.unused & marks,
            )

        try:
            todo = [(s, kept(k, door=s)) for s, k in starts]
        except _Unsure:
            return None
        # A scene that reads and changes nothing kept (a date with another friend, the
        # scenes of an errand) passes on what it is entered with by every way: the reading
        # goes through such scenes at once to the ones beyond (a week of 33 scenes read
        # for one friend's activity: 816 states, most of them at other friends' scenes).
        passing: dict[str, list[str]] = {}
        anything_kept = Known(layout, tuple(blank), frozenset(), frozenset(), (), frozenset())

        def beyond(target: str) -> list[str]:
            """The scenes that tell something kept apart, reached from `target` through
            scenes that do not (`target` itself when it does)."""
            found = passing.get(target)
            if found is None:
                found, back, met = [], [target], {target}
                while back:
                    here = back.pop()
                    if here == asked or here in marking or reads & self.touches(here):
                        found.append(here)
                        continue
                    # (what is known does not matter here: nothing kept is read)
                    for way in self._ways(here, anything_kept, frozenset()):
                        if way[0] in inside and way[0] not in met:
                            met.add(way[0])
                            back.append(way[0])
                passing[target] = found
            return found

        # Each earlier visit took one of its marks at most: a state there holding more
        # marks taken in this play than it can come back times is no play's (a corridor's
        # room, come back to once at most, never has both its once-only ways used up).
        # Only ways inside count: the chapter is entered once (or replayed by name).
        comes_back = returns_at_most(story, asked, self.first.taken, len(own_marks), inside)
        marks_before = frozenset(self.first.taken) & own_marks
        seen: set[tuple[str, Known]] = set()
        readings = shared.setdefault((keep, items, counted), _Readings())
        self._value_memo = {}
        try:
            return self._read_through(
                asked,
                inside,
                todo,
                seen,
                most,
                kept,
                beyond,
                marks,
                readings,
                (own_marks, comes_back + len(marks_before)),
            )
        finally:
            self._value_memo = None

    def _read_through(
        self,
        asked: str,
        inside: set[str],
        todo: list[tuple[str, Known]],
        seen: set[tuple[str, Known]],
        most: int,
        kept: Callable[[Known], Known],
        beyond: Callable[[str], list[str]],
        marks: frozenset[str],
        readings: _Readings,
        most_taken: tuple[frozenset[str], int],
    ) -> bool | None:
        """The forward reading of `_never_stuck` from `todo`, the once-only ways of `marks`
        each known taken or not (a state at `asked` holding more of its own marks than
        `most_taken` allows is no play's: not read on). As `_never_stuck` answers."""
        own, most_own = most_taken
        story = self.story
        moved, ways_at = readings.moved, readings.ways_at
        while todo:
            scene_id, known = todo.pop()
            if (scene_id, known) in seen:
                continue
            seen.add((scene_id, known))
            self.work += 1
            if len(seen) > most:
                return None
            scene = story.scenes[scene_id]
            if scene.end is not None:
                continue
            if scene_id == asked:
                if len(known.taken & own) > most_own:
                    continue
                if not self.never_stops(scene_id, known):
                    return False
            # (a `next` beside choices is taken only when none is open: read as if always)
            # The ways open, by all they depend on but the marks (each way's own is read
            # below): a hub's twenty conditions, read once for each set of values.
            values = (known.values, known.held, known.lacking, known.visits)
            ways = ways_at.get((scene_id, values))
            if ways is None:
                ways = ways_at[scene_id, values] = self._ways(scene_id, known, frozenset())
            taken, unused = known.taken, known.unused
            for target, effects, before, _, used in ways:
                if target not in inside or used in taken:
                    continue  # (out of the chapter: asked elsewhere)
                key = (
                    (id(effects), target),
                    (before.values, before.held, before.lacking, before.visits),
                )
                after = moved.get(key)
                if after is None:
                    after = moved[key] = kept(self._after(before, effects, None, target, False))
                after = after._but(
                    taken=taken | {used} if used in marks else taken,
                    unused=unused - {used} if used in unused else unused,
                )
                for there in beyond(target):
                    if there != target:  # entered through scenes that change nothing kept
                        todo.append((there, kept(self._enter(after, there, False))))
                    else:
                        todo.append((target, after))
        return True

    def touches(self, scene_id: str) -> frozenset[Item]:
        """What `scene_id` reads (its choices' conditions) or changes (entered, or by a
        choice), named as `_reads` names what a condition reads."""
        found = self._touches.get(scene_id)
        if found is None:
            found = self.writes(scene_id, ())
            for choice in self.story.scenes[scene_id].choices:
                if choice.condition is not None:
                    found |= _reads(choice.condition)
            self._touches[scene_id] = found
        return found

    def _one_holds(
        self,
        trees: list[tuple[Any, ...]],
        known: Known,
        splits: int,
        given: tuple[tuple[Any, ...], ...] = (),
    ) -> bool:
        """Whether one of `trees` holds in every state `known` stands for (split at most
        `splits` times on the parts of those that may hold), and where each of `given`
        holds (assumed again in each part: a sum's bound tells more of a term cut)."""
        unsure = None
        for tree in trees:
            value = self._value(tree, known)
            if value == TRUE:
                return True
            if unsure is None and _truth(value)[0]:
                unsure = tree
        if unsure is None or splits <= 0:
            return False
        halves = self._split(unsure, known)
        for tree in given:
            halves = [_assume(tree, h) for h in halves]
        return bool(halves) and all(self._one_holds(trees, h, splits - 1, given) for h in halves)

    def _visits_at(self, scene_id: str) -> tuple[tuple[float, float], ...]:
        """The most visits each counted scene can have had in a play now at `scene_id`:
        as many as the play can enter it (`visits_most`), and, elsewhere, no more than it
        can be left (`leaves_most`: a scene left only by once-only ways, once each; the
        play at it now has not left it yet)."""
        found = self._visits_seen.get(scene_id)
        if found is None:
            found = self._visits_seen[scene_id] = tuple(
                (0.0, min(self.visits_most[s], self.leaves_most[s] + (s == scene_id)))
                for s in self.counted
            )
        return found

    def _least_at(self, scene_id: str, name: str) -> float | None:
        """The least `name` holds at `scene_id` in every play from `first` that gets there
        (`_spread`), when it is a number read there; else None. (Not in a trial's scene:
        the hearing's moves may change it between entering and a way on.)"""
        values = self.at_scene.get(scene_id)
        n = self.layout.where.get(name)
        if values is None or n is None or self.story.scenes[scene_id].trial is not None:
            return None
        span = values[n]
        return float(span[0]) if isinstance(span, tuple) else None

    def _at(self, scene_id: str) -> Known:
        """What is known of every state at `scene_id`: a play there has just entered it
        (whatever it held before, that visit, people met and effects have happened, and
        nothing since), with the values the ways there can bring (`_spread`)."""
        known = self._enter(self.start, scene_id)
        values = self.at_scene.get(scene_id)
        if values is not None:
            known = known._but(values=values)
        if self.door_reading:
            # What a door was proven with holds the marks of the chapters after it unused:
            # so must what is known here, for a strategy to stop at the door.
            known = replace(known, behind=self._unreached_marks(scene_id))
        return known

    def _exact(self, state: State) -> Known:
        spans = {name: _point(value) for name, value in state.variables.items()}
        held = (
            [("has", e) for e in state.evidence]
            + [("met", m) for m in state.met]
            + [("knows", f) for f in state.facts]
        )
        return Known(
            self.layout,
            values=self.layout.pack(spans),
            held=frozenset(held),
            lacking=frozenset(self.possible - set(held)),
            visits=tuple((float(state.visits.get(scene, 0)),) * 2 for scene in self.counted),
            taken=frozenset(state.taken),
            exact=True,
        )

    def trapped(self, state: State) -> bool:
        """Proven: no play from `state` ever ends, stops or leaves the chapter. Read as
        `_spread` reads, each scene with its own values: closer than future.py, which gives
        a flag set on one way and cleared on the next both values everywhere."""
        return self._spread(state, until_finish=True)[1] is False

    def _spread(
        self, first: State, until_finish: bool = False
    ) -> tuple[dict[str, tuple[Span, ...]], bool | None, bool]:
        """The values a play can hold at each scene, read forward from `first` (a scene
        entered, its effects run): each scene's own, closer than future.py's for the whole
        story. A number whose range at a scene keeps growing is widened towards infinity.
        Also whether an end, a way out of the chapter or a scene that may stop was reached
        (None when `until_finish` stopped the reading there), and whether an end, a trial
        or a way out of the chapter was (True when the reading stopped early)."""
        story = self.story
        where = self.layout.where
        start = self._exact(first)
        at = {first.scene: self._kept(first.scene, start.values)}  # by position
        grown: dict[tuple[str, int], int] = {}
        todo = deque([first.scene])
        queued = {first.scene}  # in `todo` now: each scene waits there once at a time
        taken = first.taken
        finishes = leaves = False
        # The values changed at each scene since the ways on were last read (a scene not
        # read yet: all of them). Only they can change what the ways bring, unless a way's
        # condition reads one: a change at a town's square is not sent round every street.
        dirty: dict[str, set[int]] = {}
        rounds: dict[str, int] = {}  # times each scene's ways on were read
        # Visit counts are not followed here (what they could be is read as anything): each
        # entry would rebuild them, for a reading of values.
        base = replace(self.start, visits=())
        began = self.work
        while todo:
            scene_id = todo.popleft()
            queued.discard(scene_id)
            # A scene costs in proportion to the values read there: in a long story every
            # flag read later is live early on, hundreds of them.
            self.work += 1 + len(self._live_at(scene_id)) // VALUES_A_SCENE
            if until_finish and self.work - began > MAX_WORK:
                return {}, None, True  # too long a reading to finish: nothing proven
            scene = story.scenes[scene_id]
            coming = entries(self.ways_in[scene_id], taken) + (scene_id == first.scene)
            if scene.end is not None or scene.trial is not None:
                finishes = leaves = True
                if until_finish:
                    return {}, None, True
                if scene.trial is not None:
                    # Its rulings are not reasoned about here (each may be ruled): what
                    # comes after them holds what was held at the trial, less what the
                    # trial's effects may change, which holds what future.py's whole
                    # reading does (a case's count of cases won carried past its hearing).
                    held = self._held_at(first, scene_id)
                    known = replace(base, values=tuple(at[scene_id]))
                    there = self._through_trial(scene.trial, known)
                    for target in targets_possible(story, scene.trial, held):
                        elsewhere = story.scenes[target].chapter != self.chapter
                        if self.chapter is not None and elsewhere:
                            continue
                        widest = self._kept(target, self._enter(there, target).values)
                        old = at.get(target)
                        if old is not None:
                            widest = [_join(a, b) for a, b in zip(old, widest, strict=True)]
                            if widest == old:
                                continue
                            changed = dirty.get(target)
                            if changed is not None:
                                changed.update(range(len(widest)))
                        at[target] = widest
                        if target not in queued:
                            todo.append(target)
                            queued.add(target)
                continue
            fresh = dirty.get(scene_id)
            dirty[scene_id] = set()
            rounds[scene_id] = rounds.get(scene_id, 0) + 1
            if rounds[scene_id] == READINGS_A_SCENE:
                # Read again and again (a key found in each district of a long town, each
                # opening the next): its values are taken as future.py's for the whole
                # story from now on, which hold wherever a play is, and the reading ends.
                at[scene_id] = self._kept(scene_id, self.start.values)
                fresh = None
            here = replace(base, values=tuple(at[scene_id]))
            # A scene whose ways are all guarded may still never stop: `propped` and `not
            # propped` (a cellar that keeps the player waiting). Read again each time its
            # values change, so what holds for the last of them holds for all.
            if may_stop(scene, coming, taken, self.lasting) and not self.never_stops(
                scene_id, here
            ):
                finishes = True
                if until_finish:
                    return {}, None, True
            for target, effects, before, condition, _ in self._ways(scene_id, here, first.taken):
                if target not in story.scenes:
                    continue
                if self.chapter is not None and story.scenes[target].chapter != self.chapter:
                    finishes = leaves = True
                    if until_finish:
                        return {}, None, True
                    continue
                entered = self._enter(self._apply(before, effects), target)
                old = at.get(target)
                if old is None:
                    at[target] = self._kept(target, entered.values)
                    todo.append(target)
                    queued.add(target)
                    continue
                new: Sequence[Span]
                if fresh is None or (condition and fresh & self._read_at(condition)):
                    new = self._kept(target, entered.values)
                    # (both kept: nothing where no condition ahead reads, `_kept`)
                    places: Iterable[int] = [n for n in self._live_at(target) if old[n] != new[n]]
                else:
                    # What else the way brings is as before (joined there already).
                    written = {
                        where[name] for name in self._written(target, effects) if name in where
                    }
                    places = (fresh | written) & self._live_at(target)
                    new = entered.values
                changed = dirty.get(target)  # (None: not read on yet, all of it will be)
                for n in places:
                    was = old[n]
                    joined = _join(was, new[n])
                    if joined == was:
                        continue
                    count = grown[(target, n)] = grown.get((target, n), 0) + 1
                    if count > 3 and isinstance(joined, tuple) and isinstance(was, tuple):
                        # Widened: the end that keeps moving goes to the next value a
                        # condition or an effect names, then to infinity (so this ends);
                        # the other stays (coins spent only when there are some never go
                        # below zero; oil taken a mark a room while some is left, from
                        # six down to zero and no lower).
                        marks = self.marks[n] if count <= MARKED_WIDENINGS else ()
                        joined = _widened(was, joined, marks)
                    old[n] = joined
                    if changed is not None:
                        changed.add(n)
                    if target not in queued:
                        todo.append(target)
                        queued.add(target)
        return {scene: tuple(values) for scene, values in at.items()}, finishes, leaves

    def _through_trial(self, trial_id: str, known: Known) -> Known:
        """`known` at a trial's scene once the trial is played: what its presses and
        refutations may set or add to, anything the whole story's reading allows."""
        trial = self.story.trials[trial_id]
        for kind, name in _changes(tuple(trial.effects())):
            if kind == VARIABLE:
                known = known.with_value(name, self.start.value(name))
        return known

    def _held_at(self, first: State, trial_scene: str) -> Callable[[str], bool]:
        """Whether a play from `first` may hold the evidence `item` at `trial_scene`:
        held there at the start, or addable and given on some way from it (future.py's
        `_held_at`, read the same way)."""
        before = evidence_before(self.story, first.scene, trial_scene)
        held = first.evidence
        return lambda item: item in held or (item in before and self._may_have(item))

    def _may_have(self, item: str) -> bool:
        """Whether a play may hold the evidence `item` (future.py's reading)."""
        return ("has", item) in self.possible

    def _live_at(self, scene_id: str) -> frozenset[int]:
        """Where the variables some condition ahead of `scene_id` reads sit (`live`)."""
        found = self._live_places.get(scene_id)
        if found is None:
            where = self.layout.where
            found = frozenset(where[name] for name in self.live(scene_id) if name in where)
            self._live_places[scene_id] = found
        return found

    def _kept(self, scene_id: str, values: tuple[Span, ...]) -> list[Span]:
        """`values` with those no condition ahead of `scene_id` reads made anything."""
        kept: list[Span] = [None] * len(values)
        for n in self._live_at(scene_id):  # (most often a few of hundreds: set them alone)
            kept[n] = values[n]
        return kept

    def _read_at(self, condition: str) -> frozenset[int]:
        """Where the variables `condition` reads sit."""
        where = self.layout.where
        return frozenset(where[name] for name in _read(condition) if name in where)

    def _ways(
        self, scene_id: str, here: Known, taken: AbstractSet[str]
    ) -> list[tuple[str, tuple[Effect, ...], Known, str | None, str | None]]:
        """The ways on from `scene_id` that may be open with what `here` knows (once-only
        ones not in `taken`): where each goes, its effects, what is known as it is taken
        (its condition holds), its condition and its once-only mark."""
        scene = self.story.scenes[scene_id]
        ways: list[tuple[str, tuple[Effect, ...], Known, str | None, str | None]] = []
        if scene.next is not None:
            ways.append((scene.next, (), here, None, None))
        # Visits read as anything are read as many as a play can have made by now, here
        # (made when a condition here reads one).
        seen: Known | None = here if here.visits or not self.counted else None
        for choice in scene.choices:
            mark = f"{scene_id}/{choice.id}" if choice.once else None
            if mark is not None and mark in taken:
                continue
            before = here
            if choice.condition is not None:
                tree = condition_tree(choice.condition)
                reading = here
                if "visit" in choice.condition:
                    if seen is None:
                        seen = here._but(visits=self._visits_at(scene_id))
                    reading = seen
                truth = self._value(tree, reading)
                if not _truth(truth)[0] or (truth != TRUE and self._in_no_order(tree, reading)):
                    continue
                before = _assume(tree, here)  # the choice is taken only when it holds
                # ... and what a scene it says was visited made for good (a nook open after
                # two visits to the foghorn, whose entry trims the wick for good)
                for visited in _visited_in(tree):
                    for _, name, value in self.marks_make.get(f"{visited}/", ()):
                        before = before.with_value(name, frozenset((value,)))
            ways.append((choice.goto, choice.effects, before, choice.condition, mark))
        return ways

    def reached_apart(
        self,
        first: State,
        limit: int | None = None,
        focus: frozenset[str] | None = None,
        ways: Sequence[str] = (),
    ) -> set[str] | None:
        """The scenes a play from `first` may reach, read with each set of flag (and text)
        values apart, where `_spread` joins them: what two flags say together is kept (a
        flag cleared only where another is set). Numbers, visit counts and once-only marks
        are read as anything; with `focus`, so is every variable not in it (a long story's
        flags are too many to keep apart all at once; those a scene's guards read are not);
        with `ways`, the marks of those once-only choices are kept, each taken or not
        (see `once_after_setting`).
        A scene's `next` is followed only while no choice there is surely open (a causeway
        come to only with the lens clean, whose `caught` then always opens). None past
        `limit` pairs of a scene and its values (MAX_APART), a pair keeping many values
        counting as more than one (VALUES_A_SCENE each)."""
        story = self.story
        limit = MAX_APART if limit is None else limit
        base = replace(self.start, visits=())
        flags = [type(span) is frozenset for span in self.start.values]
        names = self.layout.names
        kept: dict[str, tuple[Callable[[tuple[Span, ...]], Any], tuple[int, ...]]] = {}

        def keeps(scene_id: str) -> tuple[Callable[[tuple[Span, ...]], Any], tuple[int, ...]]:
            """What of the values at `scene_id` is kept apart: a getter, and where."""
            found = kept.get(scene_id)
            if found is None:
                keep = self.live(scene_id) if focus is None else self.live(scene_id) & focus
                where = tuple(n for n, name in enumerate(names) if flags[n] and name in keep)
                getter = operator.itemgetter(*where) if where else (lambda values: ())
                found = kept[scene_id] = (getter, where)
            return found

        def values_of(scene_id: str, known: Known) -> tuple[Span, ...]:
            """`known`'s values with all but those kept apart read as anything."""
            packed: list[Span] = [None] * len(names)
            getter, where = keeps(scene_id)
            got = getter(known.values)
            for n, span in zip(where, got if len(where) != 1 else (got,), strict=True):
                packed[n] = span
            return tuple(packed)

        tracked = frozenset(ways) - first.taken
        start = self._exact(first)
        none: frozenset[str] = frozenset()
        seen = {(first.scene, keeps(first.scene)[0](start.values), none)}
        todo = [(first.scene, values_of(first.scene, start), none)]
        spent = 0  # pairs, each costing more the more values it keeps (VALUES_A_SCENE)
        while todo:
            scene_id, values, held = todo.pop()
            cost = 1 + len(keeps(scene_id)[1]) // VALUES_A_SCENE
            self.work += cost
            spent += cost
            if spent > limit:
                return None
            scene = story.scenes[scene_id]
            if scene.trial is not None:
                # On to its rulings' scenes with what may hold anywhere (see `_spread`).
                for target in self._ruled_here(scene.trial):
                    pair = (target, keeps(target)[0](self.start.values), held)
                    if pair not in seen:
                        seen.add(pair)
                        todo.append((target, values_of(target, self.start), held))
                continue
            if scene.end is not None:
                continue
            here = replace(base, values=values)
            if held:
                # (known taken: `_surely_open` must not count on one of them to shut the
                # `next` out)
                here = replace(here, taken=here.taken | held)
            on = self._ways(scene_id, here, here.taken)
            if scene.next is not None and scene.choices and self._surely_open(scene_id, here):
                on = on[1:]  # (the `next`, first of `_ways`, is never taken)
            for target, effects, before, _, mark in on:
                if target not in story.scenes or (
                    self.chapter is not None and story.scenes[target].chapter != self.chapter
                ):
                    continue
                entered = self._enter(self._apply(before, effects), target)
                after = held | {mark} if mark in tracked else held
                pair = (target, keeps(target)[0](entered.values), after)
                if pair not in seen:
                    seen.add(pair)
                    todo.append((target, values_of(target, entered), after))
        return {scene_id for scene_id, _, _ in seen}

    def reached_counting(
        self,
        first: State,
        limit: int | None = None,
        focus: frozenset[str] | None = None,
        asked: AbstractSet[str] = frozenset(),
        remainders: bool = False,
    ) -> tuple[set[str], set[str]] | None:
        """`counting`'s reading, within `limit` (MAX_COUNTING): None if not finished."""
        return self.counting(first, focus, asked, remainders).go(
            MAX_COUNTING if limit is None else limit
        )

    def counting(
        self,
        first: State,
        focus: frozenset[str] | None = None,
        asked: AbstractSet[str] = frozenset(),
        remainders: bool = False,
    ) -> Counting:
        """The scenes a play from `first` may reach, read as `reached_apart` reads them (each
        set of flag values apart) and also with the numbers as ranges, joined for each such
        set, and each once-only way that may lower a number in a loop known taken or not
        (`_once_before_lowering`; one that raises it is as often read as widened), then
        each once-only way into a scene of `asked` (dead ends in question: a nursery
        entered from the hall once, whose bell, rung only after, shuts its one way on),
        MOST_PAYING of them in all. A scene's `next` is followed only while no choice
        there is surely open. So a last train whose `next` is taken only with fewer than
        three coins is shut out when every way to it leaves three: a porter woken only on
        a walk that pays out four, and one fare paid back, once. Also the scenes where a
        play may stop (no `next`, no choice surely open): a subway door whose way on needs
        two visits to the hall, come to only with coins found in two rooms, each a round of
        the hall. None past its allowance (scenes read, a scene counting again each time it is
        read again). With `remainders`, each count a visit count read as a remainder is kept
        as (`visits hall % 2`) is kept apart too, while it is known. The reading goes on as
        far as `Counting.go` allows it, and may be paused there and taken up again."""
        reading = Counting()
        reading.steps = self._counting(reading, first, focus, asked, remainders)
        return reading

    def _counting(
        self,
        reading: Counting,
        first: State,
        focus: frozenset[str] | None,
        asked: AbstractSet[str],
        remainders: bool,
    ) -> Iterator[tuple[set[str], set[str]] | None]:
        """`counting`'s reading: None each time it has spent its allowance, then what it
        found."""
        story = self.story
        base = replace(self.start, visits=())
        names = self.layout.names
        flags = [type(span) is frozenset for span in self.start.values]
        numbers = [isinstance(span, tuple) for span in self.start.values]
        tracked = list(_once_before_lowering(story))
        for scene_id in sorted(asked):
            into = _once_into(story, {scene_id}, set(story.scenes))
            tracked += [(mark.rsplit("/", 1)[0], mark) for mark in sorted(into)]
        chosen = {
            mark: None
            for scene_id, mark in tracked
            if mark not in first.taken
            and (self.chapter is None or story.scenes[scene_id].chapter == self.chapter)
        }
        paying = frozenset(list(chosen)[:MOST_PAYING])
        # Visit counts read as a remainder (`visits hall % 2 == 0`): each kept apart as
        # the walk keeps it (counters.fold), while it is known exactly.
        folds = self.remainders if remainders else {}
        Keeps = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]
        kept: dict[str, Keeps] = {}
        # (a count no condition ahead reads is any number: held so, never compared)
        uncounted = [ANY_COUNT] * len(self.layout.scenes)

        def keeps(scene_id: str) -> Keeps:
            """Where the flags kept apart, the numbers kept as ranges, the visit counts
            some condition ahead reads, and those of them read as remainders, sit at
            `scene_id`."""
            found = kept.get(scene_id)
            if found is None:
                keep = self.live(scene_id) if focus is None else self.live(scene_id) & focus
                at = [n for n, name in enumerate(names) if name in keep]
                counts = _live_visits(story)[scene_id]
                read = [n for n, name in enumerate(self.layout.scenes) if name in counts]
                found = kept[scene_id] = (
                    tuple(n for n in at if flags[n]),
                    tuple(n for n in at if numbers[n]),
                    tuple(read),
                    tuple(n for n in read if self.layout.scenes[n] in folds),
                )
            return found

        Key = tuple[str, tuple[Span, ...], frozenset[str], tuple[float | None, ...]]
        at: dict[Key, list[Span]] = {}
        visits: dict[Key, list[tuple[float, float]]] = {}  # (the counted scenes' visits)
        grown: dict[tuple[Key, int], int] = {}
        todo: deque[Key] = deque()
        queued: set[Key] = set()

        def arrive(scene_id: str, known: Known, marks: frozenset[str]) -> None:
            """A play at `scene_id` holding what `known` says and the paying `marks`."""
            apart, counted, read, modular = keeps(scene_id)
            values = known.values
            seen: Sequence[tuple[float, float]] = known.visits
            remainders: list[float | None] = []
            if modular:
                seen = folded = list(seen)
                for n in modular:
                    low, high = folded[n]
                    if low == high != INF:
                        low = high = float(fold(int(low), *folds[self.layout.scenes[n]]))
                        folded[n] = (low, high)
                    remainders.append(low if low == high else None)
            key = (scene_id, tuple([values[n] for n in apart]), marks, tuple(remainders))
            old = at.get(key)
            if old is None:
                at[key] = [values[n] for n in counted]
                made = uncounted.copy()
                for n in read:
                    made[n] = seen[n]
                visits[key] = made
            else:
                changed = False
                # (a count past what its conditions tell apart is read as any number
                # that large, `_enter`: the joined counts stop growing)
                old_visits = visits[key]
                for n in read:
                    low, high = seen[n]
                    was_low, was_high = old_visits[n]
                    if low >= was_low and high <= was_high:
                        continue
                    count = grown[(key, -1 - n)] = grown.get((key, -1 - n), 0) + 1
                    if count > 3 and high > was_high:
                        high = INF  # (widened: a count that keeps growing, any number)
                    old_visits[n] = (min(low, was_low), max(high, was_high))
                    changed = True
                for i, n in enumerate(counted):
                    was = old[i]
                    # (no wider than the number can be: number_budget.py)
                    joined = _within_budget(_join(was, values[n]), self.held_within[n])
                    if joined == was:
                        continue
                    count = grown[(key, i)] = grown.get((key, i), 0) + 1
                    if count > 3 and isinstance(joined, tuple) and isinstance(was, tuple):
                        marks_at = self.marks[n] if count <= MARKED_WIDENINGS else ()
                        joined = _widened(was, joined, marks_at)  # (as `_spread` widens)
                        joined = _within_budget(joined, self.held_within[n])
                    old[i] = joined
                    changed = True
                if not changed:
                    return
            if key not in queued:
                queued.add(key)
                todo.append(key)

        arrive(first.scene, self._exact(first), frozenset())
        stops: set[str] = set()
        spent = 0
        while todo:
            key = todo.popleft()
            queued.discard(key)
            scene_id, flag_values, marks, _ = key
            apart, counted, _, _ = keeps(scene_id)
            cost = 1 + (len(apart) + len(counted)) // VALUES_A_SCENE
            self.work += cost
            spent += cost
            while spent > reading.allowance:
                yield None  # (paused here: taken up again with more allowance, or never)
            scene = story.scenes[scene_id]
            if scene.trial is not None:
                for target in self._ruled_here(scene.trial):
                    arrive(target, self.start, marks)  # (as `reached_apart`)
                continue
            if scene.end is not None:
                continue
            packed: list[Span] = [None] * len(names)
            for n, span in zip(apart, flag_values, strict=True):
                packed[n] = span
            for n, span in zip(counted, at[key], strict=True):
                packed[n] = span
            taken = marks | first.taken
            here = base._but(
                values=tuple(packed), visits=tuple(visits[key]), taken=taken, unused=paying - marks
            )
            ways = self._ways(scene_id, here, taken)
            if scene.choices and self._surely_open(scene_id, here):
                if scene.next is not None:
                    ways = ways[1:]  # (the `next`, first of `_ways`, is never taken)
            elif scene.next is None:
                stops.add(scene_id)
            for target, effects, before, _, mark in ways:
                if target not in story.scenes or (
                    self.chapter is not None and story.scenes[target].chapter != self.chapter
                ):
                    continue
                entered = self._enter(self._apply(before, effects), target)
                arrive(target, entered, marks | {mark} if mark in paying else marks)
        yield {key[0] for key in at}, stops

    def _ruled_here(self, trial_id: str) -> list[str]:
        """The scenes a trial's rulings may lead to with what a play may hold, those inside
        the chapter replayed (any, for the whole story)."""
        return [
            target
            for target in targets_possible(self.story, trial_id, self._may_have)
            if self.chapter is None or self.story.scenes[target].chapter == self.chapter
        ]

    def budget_within(self, reached: AbstractSet[str]) -> bool:
        """The least and most each number can hold worked out again, with only the scenes in
        `reached` entered (a scene no play enters adds nothing: an art room shut behind a
        forced window, whose two favours no longer count towards a `favour >= 5`). Whether
        any number's bounds came closer."""
        along = {s: n if s in reached else 0.0 for s, n in self._along.items()}
        budget = number_budget(
            self.story, self.first.variables, along, self.first.scene, self.chapter
        )
        within = tuple(budget.get(name) for name in self.layout.names)
        closer = within != self.held_within
        self.held_within = within
        return closer

    def _surely_open(self, scene_id: str, here: Known) -> bool:
        """Whether some choice at `scene_id` is surely open with what `here` knows: its
        condition surely holds and it is sticky or its mark surely not held."""
        seen: Known | None = here if here.visits or not self.counted else None
        for choice in self.story.scenes[scene_id].choices:
            if choice.once and not self._unused(f"{scene_id}/{choice.id}", here):
                continue
            if choice.condition is None:
                return True
            reading = here
            if "visit" in choice.condition:
                if seen is None:
                    seen = here._but(visits=self._visits_at(scene_id))
                reading = seen
            if _truth(self._value(condition_tree(choice.condition), reading)) == (True, False):
                return True
        return False

    def once_after_setting(self, targets: set[str]) -> list[str]:
        """The once-only ways a play may take after setting what the guards into `targets`
        read and before coming to those guards: the marks of the once-only choices of the
        scenes between, nearest to where it is set first (a room whose last corner signs
        the log, then leads back to its door, whose one way in is used: the log signed, no
        play comes back to the hall whose way out needs it)."""
        story = self.story
        read = self.guards_read(targets)
        guards = {
            scene.id
            for scene in story.scenes.values()
            if scene.id not in targets
            and any(c.goto in targets and c.condition is not None for c in scene.choices)
        }
        starts: list[str] = []
        for scene in story.scenes.values():
            if any(getattr(e, "name", None) in read for e in scene.effects):
                starts.append(scene.id)
            for choice in scene.choices:
                if any(getattr(e, "name", None) in read for e in choice.effects):
                    starts.append(choice.goto)
        # Scenes that lead to a guard, and those after a setter, nearest first.
        back = leading_to(story, guards)
        order: dict[str, int] = {}
        # (set on the way into a guard's own scene: nothing between to take)
        queue = deque(s for s in dict.fromkeys(starts) if s in story.scenes and s not in guards)
        for scene_id in queue:
            order[scene_id] = 0
        while queue:
            here = queue.popleft()
            for target in successors(story, here):
                if target in story.scenes and target not in order:
                    order[target] = order[here] + 1
                    queue.append(target)
        found: list[tuple[int, str]] = []
        for scene_id, distance in order.items():
            if scene_id not in back:
                continue
            for choice in story.scenes[scene_id].choices:
                if choice.once and choice.goto in back:
                    found.append((distance, f"{scene_id}/{choice.id}"))
        return [mark for _, mark in sorted(found)]

    def guards_read(self, targets: set[str]) -> frozenset[str]:
        """The variables the conditions of the ways into `targets` read."""
        found: set[str] = set()
        for scene in self.story.scenes.values():
            if scene.id in targets:
                continue
            for choice in scene.choices:
                if choice.goto in targets and choice.condition is not None:
                    found |= {name for kind, name in _reads(choice.condition) if kind == VARIABLE}
        return frozenset(found)

    # The search.

    def _finishes(self, scene_id: str, known: Known, depth: int) -> bool:
        key = (scene_id, known)
        if key in self.proven:
            return True
        if key in self.failed:
            return False
        # A strategy found for more states than these (a hub's square proven with the
        # coins anything, come back to with two): the same strategy, not a new search.
        wider = self.proven_at.get(scene_id)
        if wider and any(self._within(known, proven) for proven in wider[-WIDER_LOOKED_AT:]):
            self.proven.add(key)
            return True
        if key in self.busy or depth > self.depth or self.nodes >= self.limit:
            return False  # going round, or too far: not proven (never a wrong proof)
        self.nodes += 1
        self.busy.add(key)
        try:
            found = self._search(scene_id, known, depth)
        finally:
            self.busy.discard(key)
        # A failure met going round a loop may not be final; kept all the same, it only
        # costs proofs (a True is always a strategy found), and keeps the search small.
        if found:
            self.proven.add(key)
            if not known.exact:  # (kept apart from those it stands for: never read again)
                wider = self.proven_at.get(scene_id, [])
                self.proven_at[scene_id] = [p for p in wider if not self._within(p, known)]
                self.proven_at[scene_id].append(known)
        else:
            self.failed.add(key)
        return found

    def _search(self, scene_id: str, known: Known, depth: int) -> bool:
        story = self.story
        scene = story.scenes[scene_id]
        if scene.end is not None or (
            depth and (scene_id in self.free_scenes or self._through_door(scene_id, known))
        ):
            return True
        if scene.trial is not None:
            # The ruling is not the player's to choose: a strategy from each ruling's scene,
            # with all a play may hold there (letting the claims stand, the player is never
            # kept in a trial; a ruling's scene outside the chapter replayed ends the play).
            for tier in rulings_possible(story, scene.trial, self._may_have):
                ruled = story.scenes.get(tier.goto)
                if ruled is None:
                    return False
                if self.chapter is not None and ruled.chapter != self.chapter:
                    continue
                if not self._finishes(tier.goto, self._at(tier.goto), depth + 1):
                    return False
            return True
        ways: list[tuple[str, tuple[Effect, ...], str | None]] = []
        # Ways that may be open: (where to, the condition unsure, or the mark maybe held).
        unsure: list[tuple[str, tuple[Any, ...] | str, tuple[Effect, ...]]] = []
        unsure_marks: dict[int, str | None] = {}  # a way of `unsure` on a condition: its mark
        closed = True  # every way known closed: the play stops here (a dead end)
        # What the conditions here that may not hold read: a way that may change one of
        # them is tried before others as near a finish (it may open what is shut).
        wanted: set[Item] = set()
        shut: list[tuple[Any, ...]] = []  # those conditions
        if scene.next is not None and not scene.choices:
            ways.append((scene.next, (), None))
            closed = False
        for choice in scene.choices:
            mark = f"{scene_id}/{choice.id}"
            if choice.once and mark in known.taken:
                continue
            truth = (
                TRUE
                if choice.condition is None
                else self._value(condition_tree(choice.condition), known)
            )
            can_true, can_false = _truth(truth)
            if can_false and choice.condition is not None:
                wanted |= _reads(choice.condition)
                shut.append(condition_tree(choice.condition))
            if not can_true:
                continue
            closed = False
            if choice.once and not self._unused(mark, known):
                unsure.append((choice.goto, mark, choice.effects))  # used up or not: split
                continue
            if can_false and choice.condition is not None:
                unsure.append((choice.goto, condition_tree(choice.condition), choice.effects))
                unsure_marks[len(unsure) - 1] = mark if choice.once else None
                continue
            ways.append((choice.goto, choice.effects, mark if choice.once else None))
        if closed and scene.next is not None:
            # Beside choices, a `next` is taken when none of them is open: here, none is.
            ways.append((scene.next, (), None))
            closed = False
        if closed:
            return True
        # A number a way here needs higher (or lower), raised by going round a loop as often
        # as it takes: one step of the strategy, however many rounds. Not one a way from
        # here sets outright (a lantern refilled in the kitchen): the ways below try that,
        # and each round tried is a search of its own.
        loops = self._pump_loops(scene_id) if shut else []
        if loops:
            # (a number compared with another needs to pass the most that one can hold)
            known = self._budgeted(known, shut)
        for read, goal in self._goals(shut, known) if loops else ():
            if read[0] == "var" and any(
                (value >= goal[1]) if goal[0] else (value <= goal[1])
                for value in self._set_near(scene_id).get(read[1], ())
            ):
                continue
            for loop in loops:
                pumped = self._pumped(known, loop, read, goal)
                if pumped is not None and self._finishes(scene_id, pumped, depth + 1):
                    return True
        # Or round a loop that lowers what the ways here that may be open need, until they
        # shut and the play stops here (a key spent at each round of a lock's loop: once the
        # keys are gone, the room's one other way used, it is a dead end, which finishes).
        for read, goal in self._drains(shut, known) if loops and not ways else ():
            for loop in loops:
                drained = self._pumped(known, loop, read, goal)
                if drained is not None and self._finishes(scene_id, drained, depth + 1):
                    return True
        # First a once-only way, maybe used up, that makes now what a way to a finish
        # needs and may lack (the page read before going back to the hall whose stairs
        # need it: back first, a search goes round the hub to no end). Then the nearest
        # way to a finish, whether it is open for sure or must be split for.
        help = self._helps
        lacking = self._lacking(known, scene_id)
        tries = [
            (
                way[2] is None or help(lacking, way[0], way[1]) != 0,
                False,
                self.nearness.get(way[0], INF),
                help(wanted, way[0], way[1]),
                0,
                n,
            )
            for n, way in enumerate(ways)
        ]
        # (A way on a visit count's remainder last: cut into each count kept, `_split`, it
        # is as many strategies, and a hub's rooms that read one have other ways on.)
        tries += [
            (
                not isinstance(part, str) or help(lacking, goto, effects) != 0,
                not isinstance(part, str) and _reads_remainder(part),
                self.nearness.get(goto, INF),
                help(wanted, goto, ()),
                1,
                n,
            )
            for n, (goto, part, effects) in enumerate(unsure)
        ]
        for *_, split, n in sorted(tries):
            if not split and ways[n][0] not in story.scenes:
                continue  # a way to nowhere (validate reports it): never counted on
            if split:
                part = unsure[n][1]
                if isinstance(part, str):  # a mark held, or not
                    halves = [
                        half
                        for half in (
                            self._marked(known, part),
                            known._but(unused=known.unused | {part}),
                        )
                        if self._may_hold(scene_id, part, half)
                    ]
                else:
                    halves = self._split(part, known)
                    alone = not ways and len(unsure) == 1 and scene.next is None
                    if alone and (not halves or _reads_remainder(part)):
                        # The one way that may be open, on a condition nothing known here
                        # can be cut on, or only into each count a remainder is kept as
                        # (`visits hall % 2 == 1`): shut, the play stops here (a dead end
                        # finishes); open, it goes on with all that is known.
                        goto, _, effects = unsure[n]
                        if goto not in story.scenes:
                            continue
                        if self.chapter is not None and story.scenes[goto].chapter != self.chapter:
                            return True  # out of the chapter replayed: it finishes
                        after = self._after(known, effects, unsure_marks[n], goto)
                        if self._finishes(goto, after, depth + 1):
                            return True
                        if not halves:
                            continue
                if halves and all(self._finishes(scene_id, half, depth + 1) for half in halves):
                    return True
                continue
            target, effects, used = ways[n]
            if self.chapter is not None and story.scenes[target].chapter != self.chapter:
                return True  # out of the chapter replayed: it finishes
            if target in self.doors and story.scenes[target].chapter != scene.chapter:
                # A door proven for every state coming in from another chapter: this way is
                # one of those `coming_in` read, so a play that takes it brings a state the
                # proof stands for (what else is known here may stand for states no play
                # reaches, and for those no proof is owed).
                return True
            if self._finishes(target, self._after(known, effects, used, target), depth + 1):
                return True
        return False

    def _goals(
        self, shut: list[tuple[Any, ...]], known: Known
    ) -> list[tuple[tuple[str, str], tuple[bool, float]]]:
        """Numbers (and visit counts) the conditions `shut` (those here that may not hold)
        need in another range: ((kind, name), (up, bound)), up: at least `bound` (else at
        most), kind and name as future._implied gives them. A visit count only goes up."""
        goals: list[tuple[tuple[str, str], tuple[bool, float]]] = []
        for tree in shut:
            needs = list(_implied(tree))
            for part in and_parts(tree):  # a number against another: past the other's range
                if part[0] != "cmp" or part[3][0] != "var" or part[4][0] != "var":
                    continue
                # Either side may be the one to move (`gears < attempts`: the attempts
                # raised past the most gears a play can have, `_budgeted`).
                for op, name, against in (
                    (part[1], part[3][1], part[4][1]),
                    (_FLIPPED.get(part[1]), part[4][1], part[3][1]),
                ):
                    other = known.value(against)
                    if not isinstance(other, tuple):
                        continue
                    if op in (">=", ">"):
                        past = other[1] if op == ">=" else math.nextafter(other[1], INF)
                        needs.append((("var", name), past, INF))
                    elif op in ("<=", "<"):
                        past = other[0] if op == "<=" else math.nextafter(other[0], -INF)
                        needs.append((("var", name), -INF, past))
            for (kind, name), low, high in needs:
                span = known.value(name) if kind == "var" else known.visit_span(name)
                if not isinstance(span, tuple):
                    continue
                if low > span[0] and low <= span[1]:
                    goals.append(((kind, name), (True, low)))
                if high < span[1] and high >= span[0] and kind == "var":
                    goals.append(((kind, name), (False, high)))
        return goals

    def _budgeted(self, known: Known, shut: list[tuple[Any, ...]]) -> Known:
        """`known` with each number that the conditions `shut` compare with another number
        cut to the least and most a play can give it (number_budget.py): every state a
        play reaches is within them, so a strategy for the cut knowledge is one for it."""
        names = {
            side[1]
            for tree in shut
            for part in and_parts(tree)
            if part[0] == "cmp" and part[3][0] == "var" and part[4][0] == "var"
            for side in (part[3], part[4])
        }
        return self._within_budgets(known, names)

    def _within_budgets(self, known: Known, names: AbstractSet[str]) -> Known:
        """`known` with each number of `names` cut to the least and most a play can give
        it (number_budget.py)."""
        for name in sorted(names):
            n = self.layout.where.get(name)
            if n is None:
                continue
            span = known.value(name)
            cut = _within_budget(span, self.held_within[n])
            if cut != span:
                known = known.with_value(name, cut)
        return known

    def _drains(
        self, shut: list[tuple[Any, ...]], known: Known
    ) -> list[tuple[tuple[str, str], tuple[bool, float]]]:
        """Numbers the conditions `shut` (those here that may hold, or not) need at least a
        bound of, which may be above it now: each with the goal of going below it (`_goals`'
        form), where none of them holds."""
        goals: list[tuple[tuple[str, str], tuple[bool, float]]] = []
        whole = self.layout.whole
        for tree in shut:
            for (kind, name), low, high in _implied(tree):
                span = known.value(name) if kind == "var" else None
                if high != INF or not isinstance(span, tuple) or not span[0] < low <= span[1]:
                    continue
                # Below `low`: a whole number to the one under it (`> 1`: 1; `>= 1`: 0),
                # another to the nearest value under it.
                n = self.layout.where[name]
                below = math.ceil(low) - 1.0 if n in whole else math.nextafter(low, -INF)
                goals.append(((kind, name), (False, below)))
        return goals

    def _set_near(self, scene_id: str) -> dict[str, list[float]]:
        """The numbers a way from `scene_id` sets a variable to (not adds): by its own
        effects or on entering where it leads."""
        found = self._sets.get(scene_id)
        if found is None:
            story = self.story
            scene = story.scenes[scene_id]
            effects = [e for c in scene.choices for e in c.effects]
            for target in successors(story, scene_id):
                if target in story.scenes:
                    effects += story.scenes[target].effects
            found = self._sets[scene_id] = {}
            for effect in effects:
                if (
                    isinstance(effect, SetVar)
                    and effect.expr is None
                    and isinstance(effect.value, int | float)
                    and not isinstance(effect.value, bool)
                ):
                    found.setdefault(effect.name, []).append(float(effect.value))
        return found

    def _pump_loops(self, scene_id: str) -> list[list[_Step]]:
        """Loops from `scene_id` back to it of at most PUMP_LENGTH ways, each a `next` or a
        sticky choice, through no end, trial or scene outside the chapter replayed. (Never a
        once-only way: what `Known.behind` holds unused stays true only because every mark
        a strategy takes is put in `taken`, which `_surely_unused` reads first.)"""
        found = self._loops.get(scene_id)
        if found is not None:
            return found
        story = self.story
        found = []

        def steps_from(here: str) -> list[_Step]:
            scene = story.scenes[here]
            if scene.next is not None and not scene.choices:
                return [(None, (), scene.next)]
            return [(c.condition, c.effects, c.goto) for c in scene.choices if not c.once]

        todo: list[tuple[str, list[_Step]]] = [(scene_id, [])]
        while todo:
            here, path = todo.pop()
            for step in steps_from(here):
                target = step[2]
                scene = story.scenes.get(target)
                if scene is None or scene.end is not None or scene.trial is not None:
                    continue
                if self.chapter is not None and scene.chapter != self.chapter:
                    continue
                if target == scene_id:
                    found.append([*path, step])
                elif len(path) + 1 < PUMP_LENGTH and all(target != s[2] for s in path):
                    todo.append((target, [*path, step]))
        self._loops[scene_id] = found
        return found

    def _pumped(
        self, known: Known, loop: list[_Step], read: tuple[str, str], goal: tuple[bool, float]
    ) -> Known | None:
        """What is known after going round `loop` until the number (or the visits of the
        scene) `read` names reaches `goal` (not at all if it is there already), or None when
        the loop cannot do it: it must change the number by the same amount each round, in
        the goal's direction, and each of its ways must be open at every round (a condition
        that must hold with what the rounds may have changed). Everything else the loop
        changes is widened to what any number of rounds, none included, can leave."""
        kind, name = read
        up, bound = goal
        if (not -LIMIT <= bound <= LIMIT) if kind == "var" else math.isinf(bound):
            # Never reached: a number is held within ±LIMIT, a count is finite (a goal past
            # the most of a number without bound, `depth >= rope`, is no goal at all).
            return None
        story = self.story
        step = 0.0
        widened = known
        for _, effects, target in loop:
            scene = story.scenes[target]
            for effect in (*effects, *scene.effects):
                if kind == "var" and getattr(effect, "name", None) == name:
                    if not isinstance(effect, AddVar) or effect.expr is not None:
                        return None  # set, or by an amount that may vary
                    if (effect.amount < 0) if up else (effect.amount > 0):
                        return None  # back on the way: the number could pass below its range
                    step += effect.amount
                    continue
                widened = _widen(widened, effect)
            for speaker in plan_of(scene).speakers:
                widened = replace(widened, lacking=widened.lacking - {("met", speaker)})
            if kind == "visits" and target == name:
                step += 1  # each round enters it once more
                continue
            span = widened.visit_span(target)
            if span is not None:
                widened = widened.with_visits(target, (span[0], INF))
        if (step <= 0) if up else (step >= 0):
            return None
        now = known.value(name) if kind == "var" else known.visit_span(name)
        low, high = now  # type: ignore[misc] # a number or a visit count (see _goals)
        if up:
            below = math.nextafter(bound, -INF)
            first, later = (low, below), (low, below + step)
        else:
            # (a whole number above the bound: at least the next one)
            whole = kind == "var" and self.layout.where[name] in self.layout.whole
            above = bound + 1 if whole and bound.is_integer() else math.nextafter(bound, INF)
            first, later = (above, high), (above + step, high)

        def at(span: tuple[float, float]) -> Known:
            if kind == "var":
                return widened.with_value(name, span)
            return widened.with_visits(name, span)

        for n, (condition, _, _) in enumerate(loop):
            if condition is None:
                continue
            if self._value(condition_tree(condition), at(first if n == 0 else later)) != TRUE:
                return None
        return at((bound, max(high, below + step)) if up else (min(low, above + step), bound))

    def _unused(self, mark: str, known: Known) -> bool:
        """Whether a once-only choice's mark is surely not held (see the docstring)."""
        if mark in self.lasting or self._surely_unused(mark, known):
            return True
        if mark in known.taken:
            return False
        back = self._made_back(mark)
        return back is not None and self._belied(back, known)

    def _surely_unused(self, mark: str, known: Known) -> bool:
        """Whether a mark is surely not held wherever `known` is (unlike `_unused`, not
        only at its own scene: a way that never comes back may have been taken before)."""
        if mark in known.taken:
            return False
        if known.exact or mark in known.unused or mark in known.behind:
            return True
        return self._belied(self.marks_make.get(mark, ()), known)

    def _belied(self, made: Iterable[tuple[str, str, object]], known: Known) -> bool:
        """Whether `known` says one of these things made for good is not so."""
        for kind, name, value in made:
            if kind == "var":
                span = known.value(name)
                if isinstance(span, frozenset) and value not in span:
                    return True
            elif kind == "at_least":
                span = known.value(name)
                if isinstance(span, tuple) and span[1] < value:  # type: ignore[operator]
                    return True
            elif kind == "visited":
                span = known.visit_span(name)
                if span is not None and span[1] <= 0:
                    return True
            elif (kind, name) in known.lacking or (kind, name) not in self.possible:
                return True
        return False

    def _may_hold(self, scene_id: str, mark: str, known: Known) -> bool:
        """Whether a play at `scene_id` may hold the marks `known` says it holds, as far as
        the stretches `mark` goes into or out of tell (graph_bounds.stretches): outside one
        that it started outside of, a play has taken as many of its ways in as out (a room
        whose two once-only ways lead through a landing left by one: never both used)."""
        start = self.story.first_scene()
        for inside, ins, outs in stretches(self.story).get(mark, ()):
            if scene_id in inside or start in inside or self.first.scene in inside:
                continue
            if self.first.taken and not self.first.taken.isdisjoint(ins | outs):
                continue  # (a replay's start holding some: not counted from nothing)
            taken = known.taken
            # (surely unused: not taken in an exact knowledge, known unused, or one whose
            # taking made something for good that is not so: `_surely_unused`)
            most_in = len(ins) - sum(self._surely_unused(m, known) for m in ins)
            most_out = len(outs) - sum(self._surely_unused(m, known) for m in outs)
            if max(len(ins & taken), len(outs & taken)) > min(most_in, most_out):
                return False
        return True

    def _marked(self, known: Known, mark: str) -> Known:
        """`known` with a once-only choice's mark held, and what taking it made true for
        good (the page read: its clue found, a flag never cleared), which a strategy
        from there may count on."""
        known = known.taking(mark)
        for kind, name, value in self.marks_make.get(mark, ()):
            if kind == "var":
                known = known.with_value(name, frozenset((value,)))
            elif kind == "at_least":
                span = known.value(name)
                if isinstance(span, tuple) and span[1] >= value:  # type: ignore[operator]
                    known = known.with_value(name, (max(span[0], value), span[1]))  # type: ignore[call-overload]
            elif kind == "visited":
                span = known.visit_span(name)
                if span is not None:
                    known = known.with_visits(name, (max(span[0], 1.0), max(span[1], 1.0)))
            else:
                known = _hold(known, (kind, name))
        return known

    def _after(
        self,
        known: Known,
        effects: tuple[Effect, ...],
        mark: str | None,
        target: str,
        capped: bool = True,
    ) -> Known:
        """What is known once a way is taken and `target` entered (runtime.Runtime order);
        numbers held as they are, not capped (`_apply`), when not `capped`."""
        if mark is not None:
            known = known.taking(mark)
        known = self._apply(known, effects, capped)
        if self.chapter is not None and self.story.scenes[target].chapter != self.chapter:
            return known
        return self._enter(known, target, capped)

    def _enter(self, known: Known, scene_id: str, capped: bool = True) -> Known:
        """What is known once `scene_id` is entered: a visit more (beyond what conditions
        tell apart, any number more), who speaks there met, its effects."""
        span = known.visit_span(scene_id)
        if span is not None:
            cap = self.caps.get(scene_id, 1.0)
            low, high = span[0] + 1, span[1] + 1
            if low > cap + 1:  # as many as conditions can tell apart, or more
                low, high = cap + 1, INF
            most = self.visits_most.get(scene_id, INF)  # (no play enters it more often)
            if high > most:
                high = most
                if low > most:
                    low = most
            if scene_id in self.remainders:
                kept = self._kept_counts(scene_id, (low, high))
                low, high = kept[0], kept[-1]
            known = known.with_visits(scene_id, (low, high))
        scene = self.story.scenes[scene_id]
        for speaker in plan_of(scene).speakers:
            known = _hold(known, ("met", speaker))
        return self._apply(known, scene.effects, capped)

    def _apply(self, known: Known, effects: tuple[Effect, ...], capped: bool = True) -> Known:
        """`known` once `effects` have run; a number past what the conditions tell apart
        is any number that large (so a search that raises it ends), unless not `capped`."""
        for effect in effects:
            if isinstance(effect, SetVar):
                if effect.expr is None:
                    span = _point(effect.value)
                else:
                    span = self._value(condition_tree(effect.expr), known)
                known = known.with_value(effect.name, span)
            elif isinstance(effect, AddVar):
                old = known.value(effect.name)
                if not isinstance(old, tuple):
                    continue  # not a number (or anything): the runtime leaves it, or unknown
                if effect.expr is None:
                    low = high = float(effect.amount)
                else:
                    more = self._value(condition_tree(effect.expr), known)
                    low, high = more if isinstance(more, tuple) else (-INF, INF)
                low, high = _range(old[0] + low, old[1] + high)
                cap = self.number_caps.get(effect.name, INF) if capped else INF
                if low > cap:  # beyond what conditions tell apart: any number that large
                    low, high = cap, INF
                elif high < -cap:
                    low, high = -INF, -cap
                span = (low, high)
                known = known.with_value(effect.name, span)
            elif isinstance(effect, AddEvidence):
                known = _hold(known, ("has", effect.evidence))
            elif isinstance(effect, Meet):
                known = _hold(known, ("met", effect.character))
            elif isinstance(effect, Reveal):
                known = _hold(known, ("met", effect.character))
                known = _hold(known, ("knows", f"{effect.character}.{effect.fact}"))
        return known

    # Conditions, three-valued over what is known.

    def _value(self, tree: tuple[Any, ...], known: Known) -> Span:
        memo = self._value_memo
        if memo is None:
            return abstract_value(tree, lambda leaf: self._leaf(leaf, known))
        # (`_leaf` reads these four parts of `known` and nothing else)
        key = (id(tree), known.values, known.held, known.lacking, known.visits)
        found = memo.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = memo[key] = abstract_value(tree, lambda leaf: self._leaf(leaf, known))
        return found  # type: ignore[return-value]

    def _leaf(self, tree: tuple[Any, ...], known: Known) -> Span:
        """A variable, evidence, person, fact or visit count, as far as `known` tells."""
        kind = tree[0]
        if kind == "var":
            return known.value(tree[1])
        if kind in ("has", "met", "knows"):
            item = (kind, tree[1])
            if item in known.held:
                return TRUE
            if item in known.lacking or item not in self.possible:
                return FALSE
            return BOTH
        span = known.visit_span(tree[1])  # visited, visits
        if span is None:  # not read apart here: as many as a play can make
            span = (0.0, self.visits_most.get(tree[1], INF))
        if kind == "visits":
            return span
        return _flags(span[1] > 0, span[0] == 0)

    def _split(self, tree: tuple[Any, ...], known: Known) -> list[Known]:
        """`known` cut in two (or more) on the first part of `tree` that is unsure: each
        part knows more, and together they stand for every state `known` does."""
        kind = tree[0]
        if kind == "var":
            span = known.value(tree[1])
            if isinstance(span, frozenset) and len(span) > 1:
                return [known.with_value(tree[1], frozenset((v,))) for v in sorted(span, key=repr)]
            return []
        if kind in ("has", "met", "knows"):
            item = (kind, tree[1])
            if _truth(self._value(tree, known)) == (True, True):
                return [_hold(known, item), replace(known, lacking=known.lacking | {item})]
            return []
        if kind == "visited":
            span = known.visit_span(tree[1])
            if span is not None and span[0] == 0 < span[1]:
                return [
                    known.with_visits(tree[1], (0.0, 0.0)),
                    known.with_visits(tree[1], (1.0, span[1])),
                ]
            return []
        if kind == "cmp":
            cut = self._cut(tree, known)
            if cut:
                return cut
        if kind == "arith" and tree[1] == "%" and tree[3][0] == "visits":
            # A count read as a remainder: one case for each count it may be kept as
            # (a hall whose boxroom opens on even visits: even, odd, never entered), when
            # so asked (`_proof`).
            if not self.cut_remainders:
                self.met_remainder = True  # (one not cut on: `_proof` may search again)
                return []
            return self._remainders_of(tree[3][1], known)
        if kind in ("cmp", "and", "or", "not"):
            for part in tree[2:]:
                if isinstance(part, tuple) and _truth(self._value(part, known)) == (True, True):
                    halves = self._split(part, known)
                    if halves:
                        return halves
            if kind == "cmp":  # a flag or text compared: split its values
                for part in tree[3:]:
                    halves = self._split(part, known)
                    if halves:
                        return halves
        return []

    def remainder_guards(self, scenes: AbstractSet[str]) -> bool:
        """Whether a way into or out of one of `scenes` reads a visit count's remainder."""
        for scene in self.story.scenes.values():
            for choice in scene.choices:
                if (
                    (scene.id in scenes or choice.goto in scenes)
                    and choice.condition is not None
                    and "%" in choice.condition
                    and _reads_remainder(condition_tree(choice.condition))
                ):
                    return True
        return False

    def _remainders_of(self, scene_id: str, known: Known) -> list[Known]:
        """`known` cut into each count a scene's visits, read as a remainder, may be kept as
        (counters.fold); none when it is known already."""
        span = known.visit_span(scene_id)
        if scene_id not in self.remainders or span is None or span[0] == span[1]:
            return []
        kept = self._kept_counts(scene_id, span)
        if len(kept) < 2:
            return []
        return [known.with_visits(scene_id, (count, count)) for count in kept]

    def _kept_counts(self, scene_id: str, span: tuple[float, float]) -> list[float]:
        """The counts a scene's visits in `span`, read as a remainder, are kept as, in order
        (a span past its cap is so many kept counts: a hall's visits from 7 on, 1 and 2)."""
        cap, period = self.remainders[scene_id]
        low = int(span[0])
        high = low + int(cap) + 2 * period  # (every count it may be kept as, and more)
        if span[1] < high:
            high = int(span[1])
        return sorted({float(fold(count, cap, period)) for count in range(low, high + 1)})

    def _cut(self, tree: tuple[Any, ...], known: Known) -> list[Known]:
        """A comparison of a number (or visit count) with a constant, cut at the bound."""
        _, op, _, left, right = tree
        if right[0] != "const" and left[0] == "const":
            left, right = right, left
            op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
        bound = right[1] if right[0] == "const" else None
        if not isinstance(bound, int | float) or isinstance(bound, bool):
            return []
        if left[0] in ("arith", "neg"):
            # A number scaled or moved by constants (`solved * 2 > 5`): cut the number
            # where the comparison turns (at 2.5: 2 and below, 3 and above when whole).
            line = _linear(left)
            if line is None:
                return []
            name, scale, shift = line
            left, bound = ("var", name), (float(bound) - shift) / scale
            if scale < 0:
                op = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
        if left[0] == "var":
            span = known.value(left[1])
        elif left[0] == "visits":
            span = known.visit_span(left[1])
        else:
            return []
        if not isinstance(span, tuple):
            return []
        low, high = span
        edge = float(bound)
        below, above = math.nextafter(edge, -INF), math.nextafter(edge, INF)
        if op in ("<", ">="):  # below the bound, and from it on
            parts = [(low, below), (edge, high)]
        elif op in ("<=", ">"):
            parts = [(low, edge), (above, high)]
        else:  # == and !=: below, at, above
            parts = [(low, below), (edge, edge), (above, high)]
        halves: list[Known] = []
        for a, b in parts:
            a, b = max(a, low), min(b, high)
            if a > b:
                continue
            if left[0] == "var":
                halves.append(known.with_value(left[1], (a, b)))
            else:
                halves.append(known.with_visits(left[1], (a, b)))
        return halves if len(halves) > 1 else []


MAX_ORDERED = 3  # pairs of numbers compared with each other read in every order (27 cases)
_HOLDS_IN_ORDER = {
    "<": (True, False, False),
    "<=": (True, True, False),
    ">": (False, False, True),
    ">=": (False, True, True),
    "==": (False, True, False),
    "!=": (True, False, True),
}  # each comparison's truth when its left side is below, equal to or above its right


def _unplaced(tree: tuple[Any, ...]) -> tuple[Any, ...]:
    """A condition tree without the columns its parts were written at: the same
    expression written twice reads the same."""
    kind = tree[0]
    if kind in ("cmp", "arith"):
        return (kind, tree[1], *(_unplaced(part) for part in tree[3:]))
    if kind in ("and", "or", "not", "neg"):
        return (kind, *(_unplaced(part) for part in tree[2:]))
    return tree


def _compared_pairs(trees: list[tuple[Any, ...]]) -> list[tuple[Any, Any]]:
    """The pairs of expressions, neither a constant, that `trees` compare with each other
    (`trust_north > trust_south`), each once, as first met (see `_unplaced`)."""
    found: list[tuple[Any, Any]] = []
    todo = list(trees)
    while todo:
        tree = todo.pop()
        kind = tree[0]
        if kind == "cmp" and tree[1] in _HOLDS_IN_ORDER:
            left, right = _unplaced(tree[3]), _unplaced(tree[4])
            seen = (left, right) in found or (right, left) in found
            if "const" not in (left[0], right[0]) and not seen:
                found.append((left, right))
        elif kind in ("and", "or", "not"):
            todo.extend(tree[2:])
    return found


def _ordered(tree: tuple[Any, ...], pair: tuple[Any, Any], sign: int) -> tuple[Any, ...]:
    """`tree` with each comparison of the two expressions of `pair` read as true or false,
    the first below (`sign` -1), equal to (0) or above (1) the second."""
    kind = tree[0]
    if kind == "cmp" and tree[1] in _HOLDS_IN_ORDER:
        sides = (_unplaced(tree[3]), _unplaced(tree[4]))
        if sides == pair or sides == pair[::-1]:
            relation = sign if sides == pair else -sign
            return ("const", _HOLDS_IN_ORDER[tree[1]][relation + 1], "flag")
        return tree
    if kind in ("and", "or", "not"):
        return (kind, tree[1], *(_ordered(part, pair, sign) for part in tree[2:]))
    return tree


@per_story
def _numbers_paid_in_loops(story: Story) -> list[tuple[str, str, frozenset[str]]]:
    """The once-only ways that change a number and lead back into the part of the graph
    they leave from (a loop: the way could be taken again but for being once-only), those
    that may lower it first: each way's scene, its mark and the numbers it changes."""
    part: dict[str, int] = {}
    for n, component in enumerate(components(story)):
        for scene_id in component:
            part[scene_id] = n
    lowering: list[tuple[str, str, frozenset[str]]] = []
    raising: list[tuple[str, str, frozenset[str]]] = []
    for scene_id, scene in story.scenes.items():
        for choice in scene.choices:
            if not choice.once or part.get(choice.goto) != part[scene_id]:
                continue
            changes = [
                e
                for e in choice.effects
                if isinstance(e, AddVar) or (isinstance(e, SetVar) and _sets_number(e))
            ]
            if not changes:
                continue
            lowers = any(
                not isinstance(e, AddVar) or e.expr is not None or e.amount < 0 for e in changes
            )
            way = (scene_id, f"{scene_id}/{choice.id}", frozenset(e.name for e in changes))
            (lowering if lowers else raising).append(way)
    return lowering + raising


@per_story
def _once_before_lowering(story: Story) -> list[tuple[str, str]]:
    """The once-only ways that may lower a number in a loop (`_numbers_paid_in_loops`), then
    those into a scene that may lower one again and again (a buffet entered once from the
    hall, whose door is unlocked for a coin as often as the player knocks and comes back):
    each way's scene and its mark."""
    found = [
        (scene_id, mark)
        for scene_id, mark, _ in _numbers_paid_in_loops(story)
        if any(
            _may_lower(choice.effects)
            for choice in story.scenes[scene_id].choices
            if f"{scene_id}/{choice.id}" == mark
        )
    ]
    lowering = {
        scene_id
        for scene_id, scene in story.scenes.items()
        if _may_lower(scene.effects)
        or any(not choice.once and _may_lower(choice.effects) for choice in scene.choices)
    }
    found += [
        (scene_id, f"{scene_id}/{choice.id}")
        for scene_id, scene in story.scenes.items()
        for choice in scene.choices
        if choice.once and choice.goto in lowering and choice.goto != scene_id
    ]
    return found


def _may_lower(effects: tuple[Effect, ...]) -> bool:
    """Whether `effects` may lower a number (an amount taken, a value set or computed)."""
    return any(
        (isinstance(e, AddVar) and (e.expr is not None or e.amount < 0))
        or (isinstance(e, SetVar) and _sets_number(e))
        for e in effects
    )


def _unbounded_above(span: Span) -> bool:
    """Whether a number's values read as `span` may rise without end (or are anything)."""
    return not isinstance(span, tuple) or span[1] == INF


def _once_into(story: Story, asked: AbstractSet[str], inside: set[str]) -> frozenset[str]:
    """The once-only ways from `inside` into a scene of `asked` (their marks)."""
    return frozenset(
        f"{scene_id}/{choice.id}"
        for scene_id in inside
        for choice in story.scenes[scene_id].choices
        if choice.once and choice.goto in asked
    )


def _sets_number(effect: SetVar) -> bool:
    """Whether `effect` sets a variable to a number (or to what an expression gives)."""
    value = effect.value
    return effect.expr is not None or (
        isinstance(value, int | float) and not isinstance(value, bool)
    )


def _leaves_most(story: Story, scene_id: str) -> float:
    """How many times a play can leave `scene_id`: an ending's scene never; one left only by
    once-only choices once by each; any other any number of times."""
    scene = story.scenes[scene_id]
    if scene.end is not None:
        return 0.0
    if scene.next is not None or scene.trial is not None:
        return INF
    if any(not choice.once for choice in scene.choices):
        return INF
    return float(len(scene.choices))


@per_story
def _live_variables(story: Story) -> dict[str, frozenset[str]]:
    live = Liveness(story)
    return {scene_id: frozenset(live.at(scene_id).variables) for scene_id in story.scenes}


@per_story
def _live_visits(story: Story) -> dict[str, frozenset[str]]:
    """The scenes whose visits some condition reachable from each scene reads."""
    live = Liveness(story)
    return {scene_id: frozenset(live.at(scene_id).visits) for scene_id in story.scenes}


def reading_size(story: Story) -> int:
    """The values a reading of the story holds, scene by scene (the variables live at each):
    what its time and memory grow with. In a long story every flag read late is live from
    the start: 63,000 at 1,000 realistic scenes, 1.5 million at 5,000."""
    return sum(map(len, _live_variables(story).values()))


@per_story
def _caps(story: Story) -> tuple[dict[str, float], dict[str, float]]:
    """Past what count each scene's visits, and past what size each number, no condition
    tells values apart: one more than the largest constant it is compared with (a number
    or visit count read any other way is never capped)."""
    visits: dict[str, float] = {}
    numbers: dict[str, float] = {}
    todo = expression_trees(story)
    while todo:
        tree = todo.pop()
        kind = tree[0]
        if kind == "visited":
            visits[tree[1]] = max(visits.get(tree[1], 1.0), 1.0)
        elif kind in ("visits", "var"):
            (visits if kind == "visits" else numbers)[tree[1]] = INF  # read another way
        elif (
            kind == "cmp"
            and {tree[3][0], tree[4][0]} & {"visits", "var"}
            and "const"
            in {
                tree[3][0],
                tree[4][0],
            }
        ):
            read, const = (tree[3], tree[4]) if tree[4][0] == "const" else (tree[4], tree[3])
            caps = visits if read[0] == "visits" else numbers
            bound = const[1]
            if isinstance(bound, bool) or not isinstance(bound, int | float):
                if read[0] == "var":
                    caps[read[1]] = INF  # a flag or text compared: not a number's cap
                continue
            if caps.get(read[1]) != INF:
                caps[read[1]] = max(caps.get(read[1], 1.0), abs(float(bound)) + 1)
            continue
        todo.extend(part for part in tree[1:] if isinstance(part, tuple))
    return visits, numbers


class _Unsure(Exception):
    """A reading that cannot be kept to what it needs (see `Escape._never_stuck`)."""


def _linear(tree: tuple[Any, ...]) -> tuple[str, float, float] | None:
    """`tree` as `scale * name + shift`, when it reads one number and only adds, takes away,
    negates and multiplies by constants (scale not 0); else None."""
    names: set[str] = set()

    def at(part: tuple[Any, ...], x: float) -> float | None:
        kind = part[0]
        if kind == "const":
            value = part[1]
            return float(value) if type(value) in (int, float) else None
        if kind == "var":
            names.add(part[1])
            return x
        if kind == "neg":
            inner = at(part[2], x)
            return None if inner is None else -inner
        if kind != "arith" or part[1] not in ("+", "-", "*"):
            return None
        a, b = at(part[3], x), at(part[4], x)
        if a is None or b is None:
            return None
        if part[1] == "*":
            if part[3][0] != "const" and part[4][0] != "const":
                return None  # a number times a number: not a line
            return a * b
        return a + b if part[1] == "+" else a - b

    shift, one = at(tree, 0.0), at(tree, 1.0)
    if shift is None or one is None or len(names) != 1 or one == shift:
        return None
    return names.pop(), one - shift, shift


def _entered_once(story: Story, inside: set[str]) -> bool:
    """Whether no play that leaves the scenes `inside` can come back to them."""
    todo = [t for s in inside for t in successors(story, s) if t not in inside]
    seen = set(todo)
    while todo:
        for target in successors(story, todo.pop()):
            if target in inside:
                return False
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return True


def _rounded_in(span: tuple[float, float]) -> tuple[float, float]:
    """A whole number's range with its ends rounded inwards (`n > 0` holds from 1); as
    it was if none is left (what asked for it is then impossible: not known here)."""
    low, high = span
    if -INF < low < INF:
        low = float(math.ceil(low))
    if -INF < high < INF:
        high = float(math.floor(high))
    return (low, high) if low <= high else span


def _within_budget(span: Span, most: tuple[float, float] | None) -> Span:
    """A number's range cut to the least and most it can hold (number_budget.py); left as
    it is when it would be empty (a reading of what no play does) or is not a range."""
    if most is None or not isinstance(span, tuple):
        return span
    low, high = max(span[0], most[0]), min(span[1], most[1])
    return (low, high) if low <= high else span


def _widened(
    was: tuple[float, float], joined: tuple[float, float], marks: tuple[float, ...]
) -> tuple[float, float]:
    """`joined` (a range that grew from `was`) with each end that moved taken on to the
    nearest of `marks` past it (sorted), or to infinity past them all."""
    low, high = joined
    if low < was[0]:
        at = bisect.bisect_right(marks, low)
        low = marks[at - 1] if at else -INF
    if high > was[1]:
        at = bisect.bisect_left(marks, high)
        high = marks[at] if at < len(marks) else INF
    return (low, high)


@per_story
def whole_numbers(story: Story) -> frozenset[str]:
    """The numbers that only ever hold whole numbers: their first value, each value set
    and each amount added is one (never a fraction, never computed: `a / 2`)."""
    values: dict[str, list[object]] = {}
    for name, value in story.variables.items():
        values.setdefault(name, []).append(value)
    for chapter in story.chapters.values():
        for name, value in chapter.entry.variables:
            values.setdefault(name, []).append(value)
    for effect in effects_of(story):
        if isinstance(effect, SetVar):
            values.setdefault(effect.name, []).append(None if effect.expr else effect.value)
        elif isinstance(effect, AddVar):
            values.setdefault(effect.name, []).append(None if effect.expr else effect.amount)
    return frozenset(name for name, seen in values.items() if all(type(v) is int for v in seen))


@per_story
def _marks(story: Story) -> dict[str, tuple[float, ...]]:
    """For each number, the values a widened range may stop at (sorted): each constant a
    condition compares it with, one either side of it, and each value it is given."""
    found: dict[str, set[float]] = {}
    todo = expression_trees(story)
    while todo:
        tree = todo.pop()
        if tree[0] == "cmp":
            for read, const in ((tree[3], tree[4]), (tree[4], tree[3])):
                bound = const[1] if const[0] == "const" else None
                if read[0] == "var" and type(bound) in (int, float):
                    edge = float(bound)  # type: ignore[arg-type] # (a number: checked)
                    found.setdefault(read[1], set()).update((edge - 1, edge, edge + 1))
        todo.extend(part for part in tree[1:] if isinstance(part, tuple))
    given = [*story.variables.items()]
    given += [pair for chapter in story.chapters.values() for pair in chapter.entry.variables]
    given += [(e.name, e.value) for e in effects_of(story) if isinstance(e, SetVar) and not e.expr]
    for name, value in given:
        if type(value) in (int, float):
            found.setdefault(name, set()).add(float(value))
    return {name: tuple(sorted(edges)) for name, edges in found.items()}


def _either(a: Known, b: Known) -> Known:
    """What is known of a state known as `a` or as `b`."""
    return Known(
        a.layout,
        values=tuple(_join(x, y) for x, y in zip(a.values, b.values, strict=True)),
        held=a.held & b.held,
        lacking=a.lacking & b.lacking,
        visits=tuple(
            (min(x[0], y[0]), max(x[1], y[1])) for x, y in zip(a.visits, b.visits, strict=True)
        )
        if a.visits and b.visits
        else (),
        taken=a.taken & b.taken,
        unused=((a.unused | a.behind) - a.taken) & ((b.unused | b.behind) - b.taken),
    )


_visit_folds = per_story(visit_folds)  # (read once a story, not for each chapter's reading)


def _reads_remainder(tree: tuple[Any, ...]) -> bool:
    """Whether a condition reads a visit count's remainder (`visits hall % 2 == 0`)."""
    if tree[0] == "arith" and tree[1] == "%" and tree[3][0] == "visits":
        return True
    return any(isinstance(part, tuple) and _reads_remainder(part) for part in tree[1:])


def _visited_in(tree: tuple[Any, ...]) -> list[str]:
    """The scenes a condition says were visited (at least once), as far as its parts joined
    by `and` tell: `visited X`, `visits X > k` (k >= 0), `visits X >= k` or `== k` (k >= 1)."""
    kind = tree[0]
    if kind == "and":
        return _visited_in(tree[2]) + _visited_in(tree[3])
    if kind == "visited":
        return [tree[1]]
    if kind == "cmp":
        op, left, right = tree[1], tree[3], tree[4]
        if right[0] == "visits" and left[0] == "const":  # `1 < visits X`: as `visits X > 1`
            op, left, right = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op), right, left
        if left[0] == "visits" and right[0] == "const" and type(right[1]) in (int, float):
            bound = right[1]
            if (op == ">" and bound >= 0) or (op in (">=", "==") and bound >= 1):
                return [left[1]]
    return []


def _assume(tree: tuple[Any, ...], known: Known) -> Known:
    """`known` where the condition `tree` holds, as far as its simplest parts tell: a flag
    true or false, a number above or below a constant (what `and` joins; nothing else)."""
    kind = tree[0]
    if kind == "and":
        return _assume(tree[3], _assume(tree[2], known))
    if kind == "var":
        span = known.value(tree[1])
        if isinstance(span, frozenset) and True in span:
            return known.with_value(tree[1], TRUE)
    elif kind == "not" and tree[2][0] == "var":
        span = known.value(tree[2][1])
        if isinstance(span, frozenset) and False in span:
            return known.with_value(tree[2][1], FALSE)
    elif kind == "cmp" and tree[3][0] == "var" and tree[4][0] == "const":
        span, bound = known.value(tree[3][1]), tree[4][1]
        if (
            isinstance(span, tuple)
            and isinstance(bound, int | float)
            and not isinstance(bound, bool)
        ):
            low, high = span
            edge = float(bound)
            op = tree[1]
            if op in (">=", ">"):
                low = max(low, edge if op == ">=" else math.nextafter(edge, INF))
            elif op in ("<=", "<"):
                high = min(high, edge if op == "<=" else math.nextafter(edge, -INF))
            elif op == "==":
                low, high = max(low, edge), min(high, edge)
            if low <= high:
                return known.with_value(tree[3][1], (low, high))
        elif isinstance(span, frozenset) and tree[1] == "==" and tree[4][1] in span:
            return known.with_value(tree[3][1], frozenset((tree[4][1],)))
    elif kind == "cmp" and tree[1] in (">=", ">", "<=", "<") and tree[4][0] == "const":
        return _assume_sum(tree, known)
    return known


def _assume_sum(tree: tuple[Any, ...], known: Known) -> Known:
    """`known` where `a + b + ... OP constant` holds: each term bounded by the constant less
    what the others can hold at most (`>=`, `>`) or at least (`<=`, `<`)."""
    names = _summed(tree[3])
    bound = tree[4][1]
    if not names or isinstance(bound, bool) or not isinstance(bound, int | float):
        return known
    spans: list[tuple[float, float]] = []
    for name in names:
        span = known.value(name)
        if not isinstance(span, tuple):
            return known
        spans.append(span)
    op, edge = tree[1], float(bound)
    rising = op in (">=", ">")
    for i, name in enumerate(names):
        others = sum(span[1 if rising else 0] for j, span in enumerate(spans) if j != i)
        if math.isinf(others) or math.isnan(others):
            continue
        low, high = spans[i]
        limit = edge - others
        if rising:
            low = max(low, limit if op == ">=" else math.nextafter(limit, INF))
        else:
            high = min(high, limit if op == "<=" else math.nextafter(limit, -INF))
        if low > high:
            return known  # (no state holds it: left as it was, still sound)
        spans[i] = (low, high)
        known = known.with_value(name, (low, high))
    return known


def _summed(tree: tuple[Any, ...]) -> list[str] | None:
    """The variables of a sum of two or more of them (`a + b + c`), each once; else None."""
    if tree[0] != "arith" or tree[1] != "+":
        return None
    found: list[str] = []
    for part in (tree[3], tree[4]):
        if part[0] == "var":
            found.append(part[1])
        else:
            inner = _summed(part)
            if inner is None:
                return None
            found += inner
    return found if len(set(found)) == len(found) else None


def _widen(known: Known, effect: Effect) -> Known:
    """`known` joined with what `effect`, done any number of times, may leave."""
    if isinstance(effect, SetVar):
        old = known.value(effect.name)
        new = _point(effect.value) if effect.expr is None else None
        return known.with_value(effect.name, _join(old, new) if new is not None else None)
    if isinstance(effect, AddVar):
        old = known.value(effect.name)
        if not isinstance(old, tuple):
            return known
        low, high = old
        if effect.expr is not None or effect.amount < 0:
            low = -INF
        if effect.expr is not None or effect.amount > 0:
            high = INF
        return known.with_value(effect.name, (low, high))
    items: list[Held] = []
    if isinstance(effect, AddEvidence):
        items = [("has", effect.evidence)]
    elif isinstance(effect, Meet):
        items = [("met", effect.character)]
    elif isinstance(effect, Reveal):
        items = [("met", effect.character), ("knows", f"{effect.character}.{effect.fact}")]
    return replace(known, lacking=known.lacking - set(items)) if items else known


def _hold(known: Known, item: Held) -> Known:
    if item in known.held:
        return known
    return known.holding(item)


@per_story
def _set_anywhere(story: Story) -> set[str]:
    """The variables some effect sets or adds to (a story may leave one undeclared)."""
    return {
        effect.name
        for scene in story.scenes.values()
        for effects in (scene.effects, *(c.effects for c in scene.choices))
        for effect in effects
        if isinstance(effect, SetVar | AddVar)
    }


@per_story
def changing_nothing(story: Story) -> set[tuple[str, int, int]]:
    """The sets of a flag or text to the value it surely holds then, placed as `effects_of`
    places them: `set lamp: false` where a choice needs `not lamp`, or as a scene is entered
    that every way into needs so (a room entered only while the lamp is off, that puts it
    out: the lamp, once lit, stays lit). Its own way back in counts too, when nothing on
    it changes the value the scene's entry set."""
    starts = {chapter.start for chapter in story.chapters.values()} | {story.first_scene()}
    ways_in: dict[str, list[tuple[str, Choice | None]]] = {}
    odd: set[str] = set()  # entered otherwise: a start, a ruling
    for scene in story.scenes.values():
        plain = set()
        if scene.next is not None:
            ways_in.setdefault(scene.next, []).append((scene.id, None))
            plain.add(scene.next)
        for choice in scene.choices:
            ways_in.setdefault(choice.goto, []).append((scene.id, choice))
            plain.add(choice.goto)
        odd.update(t for t in successors(story, scene.id) if t not in plain)
    found: set[tuple[str, int, int]] = set()
    for scene in story.scenes.values():
        for c, choice in enumerate(scene.choices):
            held = _held_by(choice.condition)
            for n, effect in enumerate(choice.effects):
                if _sets_to(effect, held) and not _writes(choice.effects[:n], effect.name):  # type: ignore[union-attr]
                    found.add((scene.id, c, n))
        if scene.id in starts or scene.id in odd or scene.id not in ways_in:
            continue
        if scene.trial is not None:
            continue  # (a press or a refutation there may change it before a way back)
        for n, effect in enumerate(scene.effects):
            if not isinstance(effect, SetVar) or effect.expr is not None:
                continue
            name = effect.name
            if _writes(scene.effects[:n], name):
                continue
            again = not _writes(scene.effects[n + 1 :], name)  # (its own way back keeps it)
            if all(
                choice is not None
                and not _writes(choice.effects, name)
                and (_sets_to(effect, _held_by(choice.condition)) or (source == scene.id and again))
                for source, choice in ways_in[scene.id]
            ):
                found.add((scene.id, -1, n))
    return found


def _held_by(condition: str | None) -> dict[str, object]:
    """The flags and texts a condition needs at one value (`lamp`, `not lamp`, `mood ==
    "sad"`, joined by `and`)."""
    if condition is None:
        return {}
    held: dict[str, object] = {}
    for part in and_parts(condition_tree(condition)):
        if part[0] == "var":
            held[part[1]] = True
        elif part[0] == "not" and part[2][0] == "var":
            held[part[2][1]] = False
        elif part[0] == "cmp" and part[1] == "==":
            for one, other in ((part[3], part[4]), (part[4], part[3])):
                if one[0] == "var" and other[0] == "const":
                    held[one[1]] = other[1]
    return held


def _sets_to(effect: Effect, held: dict[str, object]) -> bool:
    """Whether `effect` sets a flag or text to the value `held` says it has."""
    if not isinstance(effect, SetVar) or effect.expr is not None or effect.name not in held:
        return False
    value = held[effect.name]
    return type(value) is type(effect.value) and value == effect.value


def _writes(effects: Sequence[Effect], name: str) -> bool:
    return any(isinstance(e, SetVar | AddVar) and e.name == name for e in effects)


@per_story
def _what_marks_make_anywhere(story: Story) -> MarksMade:
    """`_what_marks_make` with every scene's effects and the story's first values (read
    once a story: each chapter replayed by name reads it again before its own reading)."""
    return _what_marks_make(story)


MarkFacts = list[tuple[str, str, object]]


def _what_marks_make(
    story: Story,
    least_at: Callable[[str, str], float | None] | None = None,
    before: AbstractSet[str] = frozenset(),
    reached: AbstractSet[str] | None = None,
) -> MarksMade:
    """For each once-only choice, what taking it made true for good: a flag or text only
    ever set to that one value (never added to), evidence, a person met, a fact, a visit;
    by the choice itself or on entering where it leads (its effects, who speaks there).
    `least_at(scene, name)`: the least a number holds at a scene in every play (None: not
    known), which a way from there raises it from; not for the marks held `before` (taken
    before the plays it was read from began, maybe with less). `reached`: the scenes those
    plays may enter, whose effects alone are counted (a mark held `before` is never asked
    about: it is held). Each scene's marks are worked out when one of them is first asked
    (`MarksMade`): a chapter replayed by name asks of its own few scenes, and working out
    every scene's for each of 1,000 chapters was 22 ms a chapter, most of their `explore`."""
    setters: dict[str, set[object]] = {}
    moved: set[str] = set()  # variables some effect adds to, or sets from an expression
    falls: set[str] = set()  # ... and those that may ever go down: set, or added to below 0
    idle = changing_nothing(story)
    for effect in effects_of(story, idle, reached):  # (a trial's effects too)
        if isinstance(effect, SetVar):
            falls.add(effect.name)
            if effect.expr is not None:
                moved.add(effect.name)
            else:
                setters.setdefault(effect.name, set()).add(hashable(effect.value))
        elif isinstance(effect, AddVar):
            moved.add(effect.name)
            if effect.expr is not None or not effect.amount > 0:
                falls.add(effect.name)
    # The least a number that only ever rises can hold: its first value, or one a chapter
    # replayed by name begins with.
    least: dict[str, float] = {}
    for name, value in _first_values(story):
        if name in falls:
            continue
        if type(value) not in (int, float):
            falls.add(name)  # (a number only from a flag or a text: not read as one)
            continue
        least[name] = min(least.get(name, INF), float(value))
    return MarksMade(story, idle, setters, moved, least, least_at, before)


@per_story
def _first_values(story: Story) -> list[tuple[str, Value]]:
    """The story's first values and those every chapter replayed by name begins with."""
    firsts = [*story.variables.items()]
    firsts += [pair for chapter in story.chapters.values() for pair in chapter.entry.variables]
    return firsts


class MarksMade:
    """`_what_marks_make`'s answer, by mark (`SCENE/CHOICE`, and `SCENE/` for what entering
    the scene made for good), read a scene at a time as its marks are first asked."""

    def __init__(
        self,
        story: Story,
        idle: AbstractSet[tuple[str, int, int]],
        setters: dict[str, set[object]],
        moved: set[str],
        least: dict[str, float],
        least_at: Callable[[str, str], float | None] | None,
        before: AbstractSet[str],
    ) -> None:
        self.story, self.idle, self.setters, self.moved = story, idle, setters, moved
        self.least, self.least_at, self.before = least, least_at, frozenset(before)
        self.made: dict[str, MarkFacts] = {}
        self.read: set[str] = set()  # the scenes whose marks are in `made`

    def get(self, mark: str, default: MarkFacts | tuple[()] = ()) -> MarkFacts | tuple[()]:
        scene_id = mark.partition("/")[0]
        if scene_id not in self.read:
            self._read(scene_id)
        return self.made.get(mark, default)

    def __getitem__(self, mark: str) -> MarkFacts:
        found = self.get(mark, None)  # type: ignore[arg-type]
        if found is None:
            raise KeyError(mark)
        return found  # type: ignore[return-value]

    def _only(self, effect: SetVar) -> bool:
        """Whether a set is the only value its variable is ever given (never added to)."""
        return effect.name not in self.moved and self.setters.get(effect.name) == {
            hashable(effect.value)
        }

    def _read(self, scene_id: str) -> None:
        self.read.add(scene_id)
        story, idle, made = self.story, self.idle, self.made
        scene = story.scenes.get(scene_id)
        if scene is None:
            return
        for c, choice in enumerate(scene.choices):
            if not choice.once:
                continue
            found: MarkFacts = [("visited", choice.goto, None)]
            raised: dict[str, float] = {}
            target = story.scenes.get(choice.goto)
            effects = [e for n, e in enumerate(choice.effects) if (scene.id, c, n) not in idle]
            if target is not None:
                here = target.id
                effects += [e for n, e in enumerate(target.effects) if (here, -1, n) not in idle]
                found += [("met", name, None) for name in plan_of(target).speakers]
            for effect in effects:
                if isinstance(effect, SetVar) and effect.expr is None:
                    if self._only(effect) and isinstance(effect.value, bool | str):
                        found.append(("var", effect.name, effect.value))
                elif isinstance(effect, AddVar) and effect.name in self.least:
                    raised[effect.name] = raised.get(effect.name, 0.0) + effect.amount
                elif isinstance(effect, AddEvidence):
                    found.append(("has", effect.evidence, None))
                elif isinstance(effect, Meet):
                    found.append(("met", effect.character, None))
                elif isinstance(effect, Reveal):
                    found.append(("knows", f"{effect.character}.{effect.fact}", None))
            # A number that only ever rises, raised: at least that much above its least
            # for good (a clue found in a case: `clues >= 1` holds from then on).
            mark = f"{scene.id}/{choice.id}"
            for name, more in raised.items():
                low = self.least[name]
                there = (
                    None
                    if self.least_at is None or mark in self.before
                    else self.least_at(scene.id, name)
                )
                if there is not None and there > low:
                    low = there
                found.append(("at_least", name, low + more))
            made[mark] = found
        # What entering the scene made true for good, by whatever way (kept under the scene
        # and a bare "/": no choice has an empty id): the flags and texts only ever set so.
        made[f"{scene.id}/"] = [
            ("var", effect.name, effect.value)
            for n, effect in enumerate(scene.effects)
            if (scene.id, -1, n) not in idle
            and isinstance(effect, SetVar)
            and effect.expr is None
            and isinstance(effect.value, bool | str)
            and self._only(effect)
        ]


def hashable(value: object) -> object:
    """A value set or compared, as a key (a list or a map by its text)."""
    return value if isinstance(value, bool | str | int | float) or value is None else repr(value)


Item = tuple[str, str]  # liveness.py's naming of what a condition reads: (kind, name)


@functools.cache
def _reads(condition: str) -> frozenset[Item]:
    """What a condition reads, as liveness.py names it."""
    return frozenset(refs_items(conditions.references(condition)))


def _read_in(story: Story, chapter: str) -> set[str]:
    """The variables the conditions and expressions of `chapter`'s scenes read."""
    found: set[str] = set()
    for scene_id in chapter_scenes(story).get(chapter, ()):  # (not every scene asked)
        scene = story.scenes[scene_id]
        for choice in scene.choices:
            if choice.condition is not None:
                found |= _read(choice.condition)
        for effect in (*scene.effects, *(e for c in scene.choices for e in c.effects)):
            expr = getattr(effect, "expr", None)
            if expr is not None:
                found |= _read(expr)
    return found


@functools.cache
def _read(condition: str) -> frozenset[str]:
    """The variables a condition reads."""
    return frozenset(name for kind, name in _reads(condition) if kind == VARIABLE)


def _changes(effects: tuple[Effect, ...]) -> set[Item]:
    """What `effects` change, named as `_reads` names what a condition reads."""
    found: set[Item] = set()
    for effect in effects:
        if isinstance(effect, SetVar | AddVar):
            found.add((VARIABLE, effect.name))
        elif isinstance(effect, AddEvidence):
            found.add((EVIDENCE, effect.evidence))
        elif isinstance(effect, Meet):
            found.add((MET, effect.character))
        elif isinstance(effect, Reveal):
            found |= {(MET, effect.character), (FACT, f"{effect.character}.{effect.fact}")}
    return found


def _downstream(story: Story, chapter: str | None) -> dict[str, int]:
    """Each scene (of `chapter`, when given) by its strongly connected part of the graph,
    numbered in the order Tarjan's reading closes them: a part only after every part a way
    from it leads to (those no way leaves: first)."""
    scope = [s for s, scene in story.scenes.items() if chapter is None or scene.chapter == chapter]
    inside = set(scope)
    ways = {s: [t for t in successors(story, s) if t in inside] for s in scope}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    part: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    closed = 0
    for root in scope:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            scene_id, at = work.pop()
            if at == 0:
                index[scene_id] = low[scene_id] = len(index)
                stack.append(scene_id)
                on_stack.add(scene_id)
            onward = ways[scene_id]
            while at < len(onward):
                target = onward[at]
                at += 1
                if target not in index:
                    work.append((scene_id, at))
                    work.append((target, 0))
                    break
                if target in on_stack:
                    low[scene_id] = min(low[scene_id], index[target])
            else:
                if low[scene_id] == index[scene_id]:
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        part[member] = closed
                        if member == scene_id:
                            break
                    closed += 1
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[scene_id])
    return part


def _nearness(story: Story, chapter: str | None) -> dict[str, float]:
    """Ways from each scene to the nearest finish in the graph (ends, or out of the chapter):
    the strategy tries the nearest way first."""
    back = ways_back(story)
    todo: deque[str] = deque()
    near: dict[str, float] = {}
    for scene_id, scene in story.scenes.items():
        if chapter is not None and any(
            story.scenes[target].chapter != chapter for target in successors(story, scene_id)
        ):
            near.setdefault(scene_id, 1.0)
        if scene.end is not None:
            near[scene_id] = 0.0
    todo.extend(sorted(near, key=near.__getitem__))
    while todo:
        scene_id = todo.popleft()
        for source in back[scene_id]:
            if source not in near:
                near[source] = near[scene_id] + 1
                todo.append(source)
    return near
