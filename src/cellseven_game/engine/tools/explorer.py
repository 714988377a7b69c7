"""`explore`'s walk: breadth-first over every distinct state, a state being only what its
future can read (see liveness.py), stored as a 64-bit digest with its edges as integers."""

from __future__ import annotations

from array import array
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from cellseven_game.engine.core.model import Story, Value
from cellseven_game.engine.core.trial_model import Progress
from cellseven_game.engine.play import trial
from cellseven_game.engine.play.runtime import Option, Runtime, State
from cellseven_game.engine.tools.counters import EXACT, number_caps, sum_groups
from cellseven_game.engine.tools.cutoff import Cutoff
from cellseven_game.engine.tools.liveness import Live, Liveness, footprints
from cellseven_game.engine.tools.traps import (
    LEAVES,
    UNEXPLORED,
    Graph,
    trapped_in_graph,
    trapped_states,
)
from cellseven_game.engine.tools.trial_key import TrialKey

PASS_LIMIT = 100  # states with one way on passed through before one is kept (loops)


@dataclass
class Walk:
    """What one exhaustive walk saw (every set records only what really happened)."""

    states: int = 0
    reached: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    chapter_ends: set[str] = field(default_factory=set)
    dead_ends: set[str] = field(default_factory=set)
    trapped: set[str] = field(default_factory=set)  # proven: no way from them to any end
    verdicts: set[str] = field(default_factory=set)  # "trial/tier" rulings reached
    # ending -> the rulings of the states that reached it ("" when no trial had ruled)
    ending_verdicts: dict[str, set[str]] = field(default_factory=dict)
    truncated: bool = False  # the cap was hit: unreached/loops are then not proven
    exits: list[tuple[State, str]] = field(default_factory=list)  # see Explorer._walk
    # The walk's state graph (see traps.Graph): in a confined walk, which states are doomed
    # depends on where its ways out lead, known only once the next chapters are walked.
    graph: Graph | None = None
    ends_here: bool = False  # from its first state an end or a dead end can be reached


class Explorer:
    """Breadth-first over every distinct state, a state being only what its future reads.

    Each new state is stripped to what some condition reachable from its scene can read
    (see liveness.py), with growing counters capped where no comparison can tell bigger
    values apart; its digest (a hash of that canonical content) is all that is kept once
    it has been expanded, with its edges as plain integers for the trap check.
    """

    def __init__(self, story: Story) -> None:
        self.story = story
        self.caps, self.visit_caps = number_caps(story)
        self.sums = sum_groups(story)
        self.live = Liveness(story)
        self.cutoff = Cutoff(story, self.live)
        self.scene_ids = list(story.scenes)
        self.scene_number = {scene_id: n for n, scene_id in enumerate(self.scene_ids)}
        self.footprints = footprints(story)
        self.trial_key = TrialKey(story)
        self.trial_scenes = {n for n, scene in story.scenes.items() if scene.trial is not None}
        self._plans: dict[int, Any] = {}
        self._taken_sets: dict[int, frozenset[str]] = {}
        self.walked: dict[int, Walk] = {}  # chapter walks by their first state (story_walk)

    def _plan(self, live: Live) -> tuple[Any, Any, Any]:
        """For the items a scene's future reads: each variable's cap, each visit count's,
        and the groups of variables read only as one sum (counters.sum_groups)."""
        found = self._plans.get(id(live))
        if found is None:
            found = self._plans[id(live)] = (
                tuple((name, self.caps.get(name)) for name in live.variables),
                tuple((name, self.visit_caps.get(name, EXACT)) for name in live.visits),
                tuple(g for g in self.sums if set(g[0]) <= set(live.variables)),
            )
        return found

    def settle(self, s: State) -> int:
        """Strip `s` down to what its scene's future can read; the hash of what is left.

        The hash (64 bits) stands for the state: two of a million states share one with
        odds of about 3 in 100 million, and the walk keeps nothing else of a state.
        """
        live = self.cutoff.at(s.scene, s.taken)
        variable_caps, visit_caps, sums = self._plan(live)
        old = s.variables
        variables: dict[str, Value] = {}
        for name, cap in variable_caps:
            if name in old:
                value = old[name]
                if (
                    cap is not None
                    and value.__class__ is not bool
                    and isinstance(value, int | float)
                    and value > cap
                ):
                    value = cap
                variables[name] = value
        for members, cap in sums:
            # One sum, held at its cap, in the first member held; the others hold 0.
            holder = None
            total: Any = 0
            for name in members:
                if name in variables:
                    total += variables[name]
                    if holder is None:
                        holder = name
                    else:
                        variables[name] = 0
            if holder is not None:
                variables[holder] = total if total < cap else cap
        s.variables = variables
        visits = s.visits
        if visits:
            s.visits = {n: int(min(visits[n], cap)) for n, cap in visit_caps if n in visits}
        held: Any = ()
        if live.evidence is not None:
            if s.evidence:
                s.evidence = {e: None for e in live.evidence if e in s.evidence}
                held = tuple(s.evidence)
        elif s.evidence:
            # A trial lies ahead: the items named by a condition, and what the trials can
            # tell apart in the rest (trial_key.py). The items themselves stay in the state.
            evidence = s.evidence
            bits = self.trial_key.evidence(evidence, s.trial, s.scene in self.trial_scenes)
            held = (tuple(e for e in live.named if e in evidence), bits)
        if s.met:
            s.met = {m: None for m in live.met if m in s.met}
        if s.facts:
            s.facts = {f: None for f in live.facts if f in s.facts}
        taken: tuple[str, ...] = ()
        if s.taken:
            s.taken = s.taken & self._taken_sets.setdefault(id(live), frozenset(live.taken))
            taken = tuple(sorted(s.taken))
        if not live.trial and s.trial is not None:
            # No trial ahead: only the ruling (which ending follows which ruling) is kept.
            ruled = s.trial
            s.trial = (
                None if ruled.verdict is None else Progress(ruled.trial, 0, verdict=ruled.verdict)
            )
        s.steps = []
        s.trail = []
        return hash(
            (
                s.scene,
                s.status,
                s.ending,
                tuple(variables.items()),
                tuple(s.visits.items()),
                held,
                tuple(s.met),
                tuple(s.facts),
                taken,
                self.trial_key.progress(s.trial),
            )
        )

    def key(self, s: State) -> int:
        """The digest of a state as `explore` sees it (settles a copy, not `s` itself)."""
        return self.settle(self.clone(s))

    @staticmethod
    def clone(s: State) -> State:
        return State(
            scene=s.scene,
            variables=dict(s.variables),
            visits=dict(s.visits),
            evidence=dict(s.evidence),
            met=dict(s.met),
            facts=dict(s.facts),
            taken=set(s.taken),
            status=s.status,
            ending=s.ending,
            chapter=s.chapter,
            trial=s.trial,
        )

    @staticmethod
    def _record(result: Walk, s: State) -> None:
        """What a state arrived at shows, whether or not it is expanded later."""
        result.reached.add(s.scene)
        verdict = trial.verdict_of(s)
        if verdict is not None:
            result.verdicts.add(verdict)
        if s.status == "ended" and s.ending:
            result.endings.add(s.ending)
            result.ending_verdicts.setdefault(s.ending, set()).add(verdict or "")
        elif s.status == "chapter_end" and s.ending:
            result.chapter_ends.add(s.ending)
        elif s.status == "stuck":
            result.dead_ends.add(s.scene)

    def walk(self, start: Runtime, max_states: int) -> Walk:
        """Every state reachable from `start` (a chapter replayed by name stops at its edge)."""
        return self._walk(self.clone(start.state), max_states, None)

    def _walk(self, first: State, max_states: int, confine: str | None) -> Walk:
        """Breadth-first from `first`; with `confine`, moves out of that chapter are not
        taken but kept in `exits` (the state as it leaves, and the scene it goes to)."""
        result = Walk()
        self._record(result, first)
        seen: dict[int, int] = {self.settle(first): 0}
        seen_exits: dict[int, int] = {}  # digest -> its number in result.exits
        queue: deque[tuple[State, list[Option] | None]] = deque([(first, None)])
        scene_of = array("l", [self.scene_number[first.scene]])
        # Edges of state i are targets[offsets[i]:offsets[i + 1]] (states are expanded in
        # the order they were numbered); UNEXPLORED is a state the cap left out, LEAVES a
        # move out of the confining chapter.
        offsets = array("q", [0])
        targets = array("q")
        playing = bytearray()
        through: dict[int, list[int]] = {}  # edge -> the scenes it passed through
        runtime = Confined(self.story, first, confine)
        take = runtime._take
        clone = self.clone
        while queue:
            state, known = queue.popleft()
            playing.append(state.status == "playing")
            options: list[Option] = []
            if state.status == "playing":
                if known is None:
                    runtime.state = state
                    known = runtime.options()
                options = [o for o in known if o.enabled]
                if not options:
                    result.dead_ends.add(state.scene)
                elif state.trial is not None:
                    runtime.state = state
                    options = trial.one_present_each(runtime, options)
            last = len(options) - 1
            for number, option in enumerate(options):
                # The last way on takes the state itself: nothing reads it after this.
                runtime.state = clone(state) if number < last else state
                runtime.exit_to = None
                take(option)
                nxt = runtime.state
                passed: list[int] = []
                while runtime.exit_to is None and nxt.status == "playing":
                    # A state with one way on is not kept: the walk goes straight on (see
                    # Graph.through for what it shows), at most PASS_LIMIT states at a time.
                    ways = [o for o in runtime._options() if o.enabled]
                    if len(ways) != 1 or len(passed) >= PASS_LIMIT:
                        break
                    self._record(result, nxt)
                    passed.append(self.scene_number[nxt.scene])
                    take(ways[0])
                    nxt = runtime.state
                if passed:
                    through[len(targets)] = passed
                if runtime.exit_to is not None:
                    # Ways out alike in all the scene they lead to can read are one.
                    nxt.scene = runtime.exit_to
                    digest = self.settle(nxt)
                    number = seen_exits.get(digest)
                    if number is None:
                        number = seen_exits[digest] = len(result.exits)
                        result.exits.append((nxt, runtime.exit_to))
                    targets.append(LEAVES - number)
                    continue
                self._record(result, nxt)
                digest = self.settle(nxt)
                target = seen.get(digest)
                if target is None:
                    if len(seen) >= max_states:
                        result.truncated = True
                        targets.append(UNEXPLORED)
                        continue
                    target = seen[digest] = len(seen)
                    scene_of.append(self.scene_number[nxt.scene])
                    # The options worked out on arrival (the dead-end check) still hold:
                    # settling keeps everything the scene's conditions read.
                    queue.append((nxt, runtime._shown if runtime._shown_for is nxt else None))
                targets.append(target)
            offsets.append(len(targets))
        result.states = len(seen)
        del seen
        trapped, escapes = trapped_states(playing, offsets, targets)
        graph = result.graph = Graph(playing, offsets, targets, scene_of, through)
        result.trapped = {self.scene_ids[n] for n in graph.scenes_of(set(trapped), ())}
        result.ends_here = bool(escapes)
        if result.truncated:
            result.trapped |= trapped_in_graph(self.story, result.reached, first.chapter)
        return result


class Confined(Runtime):
    """A runtime that, confined to a chapter, notes a move out of it instead of making it."""

    def __init__(self, story: Story, state: State, chapter: str | None) -> None:
        super().__init__(story, state)
        self.confined = chapter
        self.exit_to: str | None = None

    def go(self, target: str) -> None:
        if self.confined is not None and self.story.scenes[target].chapter != self.confined:
            self.exit_to = target
            return
        super().go(target)

    def text(self, text: str, key: str, advance: bool = False) -> str:
        """Labels as written: the walk never shows them, and text never changes the path."""
        return text


def join_rulings(total: Walk, walk: Walk) -> None:
    for ending, rulings in walk.ending_verdicts.items():
        total.ending_verdicts.setdefault(ending, set()).update(rulings)
