"""`explore`'s walk: breadth-first over every distinct state, a state being only what its
future can read (see liveness.py), stored as a 64-bit digest with its edges as integers."""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Generator, Hashable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

from cellseven_game.engine.core.model import Story
from cellseven_game.engine.core.trial_model import Move, Progress
from cellseven_game.engine.play import trial
from cellseven_game.engine.play.runtime import Option, Runtime, State, Unshown
from cellseven_game.engine.tools.counters import EXACT, fold, number_caps, sum_groups, visit_folds
from cellseven_game.engine.tools.cutoff import Cutoff
from cellseven_game.engine.tools.liveness import Live, Liveness, footprints
from cellseven_game.engine.tools.region_bounds import Bound, region_bounds
from cellseven_game.engine.tools.traps import (
    LEAVES,
    UNEXPLORED,
    Graph,
    trapped_in_graph,
    trapped_states,
)
from cellseven_game.engine.tools.trial_key import TrialKey

_CONTINUE = Option(1, "Continue", None, True)
PROGRESS_EVERY = 1 << 14  # new states between two calls of Explorer.progress (a power of 2)
PASS_LIMIT = 100  # states with one way on passed through before one is kept (loops)
_NUMBERS = (int, float)  # not bool: a flag is never capped
_bare_state = object.__new__  # a State with no fields yet (`key` fills them from another)
_NONE_TAKEN: frozenset[str] = frozenset()
NO_LIMIT = 1 << 62  # Explorer.allowance when the walks may keep any number of states


class TooManyStates(Exception):
    """Raised by a walk once the walks together have kept `Explorer.allowance` states (what
    `explore` allows a first, quick walk before it tries to prove the findings instead)."""


class _Plan(NamedTuple):
    """What settling a state at a scene keeps (see Explorer._plan)."""

    live: Live
    variables: tuple[str, ...]  # the variables its future reads
    capped: tuple[tuple[str, float], ...]  # those held at a cap (counters.py)
    sums: tuple[Any, ...]  # groups read only as one sum (counters.sum_groups)
    # The visit counts it reads: each one's cap and period (counters.fold; 0: none).
    visits: dict[str, tuple[float, int]]
    taken: frozenset[str]  # the once-only marks it reads
    # With at least two variables: all read in one call (see Explorer.settle; capped and
    # summed in place after), and the hash of the names, which the values are hashed with.
    values_of: Callable[[dict[str, Any]], tuple[Any, ...]] | None
    names_hash: int


@dataclass
class Walk:
    """What one exhaustive walk saw (every set records only what really happened)."""

    states: int = 0
    plays: int = 0  # playthroughs, when they proved the findings instead (witnessed.py)
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
        # Only numbers with a finite cap are held at it (a flag or an exactly-read number
        # never is): a town of 750 flags went through 750 pairs that did nothing a state.
        self._cap_pairs = {
            n: (n, cap) for n, cap in self.caps.items() if cap is not None and cap != EXACT
        }
        # A count read as a remainder (`visits hall % 2 == 1`) keeps it past its cap (`fold`):
        # kept exactly, a hub's count made every visit a new state, without end.
        self._visit_cap_pairs = {
            name: (name, cap, 0) for name, cap in self.visit_caps.items() if cap != EXACT
        }
        for name, (cap, period) in visit_folds(story).items():
            self._visit_cap_pairs[name] = (name, cap, period)
        self._pairs_of: dict[int, tuple[tuple[str, float], ...]] = {}  # by id of a list of names
        self._counts_of: dict[int, dict[str, tuple[float, int]]] = {}  # ... of scenes
        self._getters: dict[int, itemgetter[Any]] = {}  # _Plan.values_of, the same way
        self.sums = sum_groups(story)
        # Numbers kept exactly for the whole story, held at a bound where a scene's future
        # moves them only one way (region_bounds.py).
        self.bounds = region_bounds(
            story,
            [
                name
                for name, cap in self.caps.items()
                if cap == EXACT and type(story.variables[name]) in _NUMBERS
            ],
        )
        self.live = Liveness(story)
        self.cutoff = Cutoff(story, self.live)
        self.scene_ids = list(story.scenes)
        self.scene_number = {scene_id: n for n, scene_id in enumerate(self.scene_ids)}
        self.footprints = footprints(story)
        for chapter_id, foot in self.footprints.items():
            self.walked_as_differences(story.chapters[chapter_id].scenes, foot.added)
        self.trial_key = TrialKey(story)
        self.trial_scenes = {n for n, scene in story.scenes.items() if scene.trial is not None}
        self._plans: dict[int, _Plan] = {}
        # Told the states kept so far (all walks) every PROGRESS_EVERY new states: a long
        # walk is not silent (the CLI shows it on a terminal).
        self.progress: Callable[[int], None] | None = None
        self.kept = 0  # states (and ways out) kept by the walks finished so far
        # States all walks may keep, counted from the walks finished and the one under way;
        # past it a walk raises TooManyStates (its own `max_states` cap only cuts it short).
        # The walks finished are remembered in `walked`, the one stopped in `_paused`.
        self.allowance = NO_LIMIT
        self._paused: dict[Hashable, Generator[None, None, Walk]] = {}
        self.walked: dict[int, Walk] = {}  # chapter walks by their first state (story_walk)
        self.by_name: set[int] = set()  # those of `walked` that are chapters replayed by name
        self.straight_on = {  # scenes whose only way on is their `next`
            n
            for n, scene in story.scenes.items()
            if scene.next is not None
            and not scene.choices
            and scene.trial is None
            and scene.end is None
        }

    @staticmethod
    def _held(variables: dict[str, Any], bounds: tuple[Bound, ...]) -> bool:
        """Hold each number of `bounds` at its bound (region_bounds.py); whether one was."""
        held = False
        for name, up, limits in bounds:
            value = variables.get(name)
            if value.__class__ not in _NUMBERS:
                continue
            found: Any = None
            for constant, others in limits:
                total: Any = 0
                for other in others:
                    term = variables.get(other)
                    if term.__class__ not in _NUMBERS:
                        break
                    total += term
                else:
                    at = constant - total
                    if found is None or (at > found if up else at < found):
                        found = at
                    continue
                found = None  # a term not held: no bound
                break
            if found is not None and (value > found if up else value < found):
                variables[name] = found
                held = True
        return held

    def walked_as_differences(self, scene_ids: Iterable[str], names: frozenset[str]) -> None:
        """No bound for `names` at these scenes, nor one read from them (the other terms of
        a sum): a walk of the chapter (or part) they are in holds those numbers as
        differences from 0 (it only adds to them: see liveness.Footprint), which a bound
        read from their values would cut short."""
        if not names:
            return
        for scene_id in scene_ids:
            bounds = self.bounds.get(scene_id)
            if bounds is not None:
                self.bounds[scene_id] = tuple(
                    (name, up, limits)
                    for name, up, limits in bounds
                    if name not in names and not any(names.intersection(o) for _, o in limits)
                )

    def _plan(self, live: Live) -> _Plan:
        """How to settle a state at a scene whose future reads `live` (made once per `live`)."""
        plan = self._plans.get(id(live))
        if plan is None:
            names = live.variables
            # The (name, cap) pairs are shared by every plan: a hub's walk makes a plan for
            # each set of marks held, thousands, and their own pairs were most of its memory.
            capped, visit_caps = self._cap_pairs, self._visit_cap_pairs
            # And one tuple of them for each list of names (liveness.py shares the lists;
            # keyed by identity, which stays unique: each plan holds its lists).
            kept = self._pairs_of
            numbers = kept.get(id(names))
            if numbers is None:
                numbers = kept[id(names)] = tuple(
                    pair for n in names if (pair := capped.get(n)) is not None
                )
            counted = self._counts_of.get(id(live.visits))
            if counted is None:
                counted = self._counts_of[id(live.visits)] = {
                    n: (cap, period)
                    for n, cap, period in (visit_caps.get(n) or (n, EXACT, 0) for n in live.visits)
                }
            sums = tuple(g for g in self.sums if set(g[0]) <= set(names))
            values_of = None
            if len(names) > 1:
                values_of = self._getters.get(id(names))
                if values_of is None:
                    values_of = self._getters[id(names)] = itemgetter(*names)
            plan = self._plans[id(live)] = _Plan(
                live,
                names,
                numbers,
                sums,
                counted,
                frozenset(live.taken),
                values_of,
                hash(names),
            )
        return plan

    def settle(self, s: State) -> int:
        """Strip `s` down to what its scene's future can read; the hash of what is left.

        The hash (64 bits) stands for the state: two of a million states share one with
        odds of about 3 in 100 million, and the walk keeps nothing else of a state.
        """
        plan = self._plan(self.cutoff.at(s.scene, s.taken, s.variables))
        live = plan.live
        old = s.variables
        values: tuple[Any, ...] | None = None
        if old and plan.values_of is not None:
            # Every variable read is held (the common case: a story declares them all):
            # picked in one call, hashed as values beside the names' hash. A town square
            # reading 750 flags spent most of its settling picking them one by one.
            try:
                values = plan.values_of(old)
            except KeyError:
                values = None
        if values is not None:
            variables = dict(zip(plan.variables, values, strict=True))
        else:
            variables = {n: old[n] for n in plan.variables if n in old} if old else {}
        capped = False
        for name, cap in plan.capped:
            # A growing number past what any comparison can tell apart is held at its cap.
            if name in variables:
                value = variables[name]
                if value.__class__ in _NUMBERS and value > cap:
                    variables[name] = cap
                    capped = True
        bounds = self.bounds.get(s.scene)
        if bounds is not None and self._held(variables, bounds):
            capped = True
        for members, cap in plan.sums:
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
        if values is not None and (capped or plan.sums):
            values = tuple(variables.values())  # (in the names' order: set in place)
        s.variables = variables
        visits = s.visits
        if visits:
            # The counts both held and read, found from the fewer of the two (a heist reads
            # hundreds of counts at each scene: picked one by one, an eighth of its proof).
            caps, kept = plan.visits, {}
            for n in caps.keys() & visits.keys():
                c = visits[n]
                cap, period = caps[n]
                kept[n] = c if c <= cap else fold(c, cap, period)
            s.visits = visits = kept
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
        taken: frozenset[str] = _NONE_TAKEN
        if s.taken:
            taken = plan.taken.intersection(s.taken)
            if len(taken) != len(s.taken):
                s.taken = set(taken)
        trial_now = s.trial
        if trial_now is not None and not live.trial:
            # No trial ahead: only the ruling (which ending follows which ruling) is kept.
            s.trial = trial_now = (
                None
                if trial_now.verdict is None
                else Progress(trial_now.trial, 0, verdict=trial_now.verdict)
            )
        elif trial_now is not None:
            s.trial = trial_now = self.trial_key.pressed_all(trial_now)
        if s.steps:
            s.steps = []
        if s.trail:
            s.trail = []
        if values is not None:
            held_values: Any = (plan.names_hash, values)
            minus_one = -1 in values
        else:
            held_values = tuple(variables.items())
            minus_one = -1 in variables.values()
        if minus_one:
            # CPython hashes -1 as it hashes -2 (its -1 means an error): the numbers at -1
            # named apart, or a counter going up from -2 would seem to stay where it was.
            held_values = (held_values, tuple(n for n, v in variables.items() if v == -1))
        return hash(
            (
                s.scene,
                s.status,
                s.ending,
                held_values,
                frozenset(visits.items()) if visits else (),  # (in no set order)
                held,
                tuple(s.met) if s.met else (),
                tuple(s.facts) if s.facts else (),
                taken,
                None if trial_now is None else self.trial_key.progress(trial_now),
            )
        )

    def key(self, s: State) -> int:
        """The digest of a state as `explore` sees it (settles a copy, not `s` itself).

        The copy shares `s`'s dicts and sets: `settle` puts stripped copies in their place
        and never changes one (a full clone copied a town's 748 flags and 999 visit counts
        for each of seek.py's 19,000 states, only for `settle` to copy them again)."""
        shallow = _bare_state(State)
        shallow.__dict__.update(s.__dict__)
        return self.settle(shallow)

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

    def _through_objections(
        self, runtime: Confined, moves: list[tuple[State, Option]]
    ) -> list[tuple[State, Option]]:
        """`moves` with each objection replaced by the moves on from it.

        With the court record open against a statement, the player can only present
        something (the claim falls, or a penalty) or put the record away, which is the
        state objected from again. So the objecting state can reach nothing the state
        before it cannot, and that state reaches it: alike in every finding (same scene,
        no ruling, never a dead end, trapped exactly when the other is). It is not kept:
        what its presents lead to are ways on of the state before it.
        """
        out: list[tuple[State, Option]] = []
        for state, option in moves:
            move = Move.parse(option.choice.id) if option.choice is not None else None
            if move is None or move.kind != "object":
                out.append((state, option))
                continue
            objecting = self.clone(state)
            runtime.state = objecting
            runtime.exit_to = None
            runtime._take(option)
            progress = objecting.trial
            if (
                runtime.state is not objecting
                or runtime.exit_to is not None
                or objecting.status != "playing"
                or objecting.scene != state.scene
                or progress is None
                or progress.objecting is None
            ):
                out.append((state, option))  # not an objection as above: walked as it is
                continue
            ways = [o for o in runtime._options() if o.enabled]
            for way in trial.one_present_each(runtime, ways):
                then = Move.parse(way.choice.id) if way.choice is not None else None
                if then is None or then.kind != "back":
                    out.append((objecting, way))
        return out

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

    def _walk(
        self,
        first: State,
        max_states: int,
        confine: str | None,
        part_of: dict[str, str] | None = None,
    ) -> Walk:
        """Breadth-first from `first`; with `confine`, moves out of that chapter are not
        taken but kept in `exits` (the state as it leaves, and the scene it goes to).

        Stopped by the allowance (TooManyStates), the walk waits in `_paused`, and the same
        walk asked for again goes on from where it stopped: `explore`'s quick walk, when the
        proof it leads to fails, has cost nothing.
        """
        key = (self.key(first), max_states, confine, part_of is None)
        steps = self._paused.pop(key, None)
        if steps is None:
            steps = self._walking(first, max_states, confine, part_of)
        try:
            next(steps)
        except StopIteration as done:
            walk: Walk = done.value
            return walk
        self._paused[key] = steps
        raise TooManyStates

    def _walking(
        self,
        first: State,
        max_states: int,
        confine: str | None,
        part_of: dict[str, str] | None,
    ) -> Generator[None, None, Walk]:
        """The walk (see `_walk`): it yields when the walks have kept `allowance` states."""
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
        runtime = Confined(self.story, first, confine, part_of)
        take = runtime._take
        clone = self.clone
        scenes = self.story.scenes
        shown: list[Option] = []
        straight_on = self.straight_on
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
            moves = [(state, option) for option in options]
            if state.trial is not None and state.trial.objecting is None and moves:
                moves = self._through_objections(runtime, moves)
            last = {id(source): number for number, (source, _) in enumerate(moves)}
            for number, (source, option) in enumerate(moves):
                # A state's last way on takes the state itself: nothing reads it after this.
                runtime.state = clone(source) if number < last[id(source)] else source
                runtime.exit_to = None
                take(option)
                nxt = runtime.state
                passed: list[int] = []
                target = None
                while runtime.exit_to is None:
                    self._record(result, nxt)
                    if (
                        nxt.scene in straight_on
                        and nxt.status == "playing"
                        and len(passed) < PASS_LIMIT
                    ):
                        # A scene with only a `next`: one way on, whatever the state.
                        passed.append(self.scene_number[nxt.scene])
                        take(_CONTINUE)
                        nxt = runtime.state
                        continue
                    digest = self.settle(nxt)
                    target = seen.get(digest)
                    if target is not None or nxt.status != "playing":
                        break
                    # A state not met before: is it a dead end (Confined leaves the check
                    # to here, so states already met need no options), or one way on?
                    shown = runtime._options()
                    ways = [o for o in shown if o.enabled]
                    if not ways and scenes[nxt.scene].trial is None:
                        nxt.status = "stuck"
                        result.dead_ends.add(nxt.scene)
                    if len(ways) != 1 or len(passed) >= PASS_LIMIT:
                        break
                    # A state with one way on is not kept: the walk goes straight on (see
                    # Graph.through for what it shows), at most PASS_LIMIT states at a time.
                    passed.append(self.scene_number[nxt.scene])
                    take(ways[0])
                    nxt = runtime.state
                if passed:
                    through[len(targets)] = passed
                if runtime.exit_to is not None:
                    # A ruling that leads out of the chapter was reached in it all the same.
                    verdict = trial.verdict_of(nxt)
                    if verdict is not None:
                        result.verdicts.add(verdict)
                    # Ways out alike in all the scene they lead to can read are one.
                    nxt.scene = runtime.exit_to
                    digest = self.settle(nxt)
                    number = seen_exits.get(digest)
                    if number is None:
                        # A way out is a state kept too, and counts as one: a hub of forty
                        # quests kept 14,000 states and 560,000 ways out, 8 GB, before its
                        # states alone reached the allowance.
                        if len(seen) + len(result.exits) >= max_states:
                            result.truncated = True
                            targets.append(UNEXPLORED)
                            continue
                        number = seen_exits[digest] = len(result.exits)
                        result.exits.append((nxt, runtime.exit_to))
                        while self.kept + len(seen) + number >= self.allowance:
                            yield  # to go on once the allowance is raised
                    targets.append(LEAVES - number)
                    continue
                if target is None:
                    if len(seen) + len(result.exits) >= max_states:
                        result.truncated = True
                        targets.append(UNEXPLORED)
                        continue
                    target = seen[digest] = len(seen)
                    while self.kept + target + len(result.exits) >= self.allowance:
                        yield  # to go on once the allowance is raised
                    if not target & PROGRESS_EVERY - 1 and self.progress is not None:
                        self.progress(self.kept + target)
                    scene_of.append(self.scene_number[nxt.scene])
                    # The options just worked out still hold: settling keeps everything
                    # the scene's conditions read.
                    queue.append((nxt, shown if nxt.status == "playing" else None))
                targets.append(target)
            offsets.append(len(targets))
        result.states = len(seen)
        self.kept += result.states + len(result.exits)
        del seen
        trapped, escapes = trapped_states(playing, offsets, targets)
        graph = result.graph = Graph(playing, offsets, targets, scene_of, through)
        result.trapped = {self.scene_ids[n] for n in graph.scenes_of(set(trapped), ())}
        result.ends_here = bool(escapes)
        if result.truncated:
            result.trapped |= trapped_in_graph(self.story, result.reached, first.chapter)
        return result


class Confined(Unshown):
    """A runtime that, confined to a chapter (or to a part of the story, `part_of` giving
    each scene's), notes a move out of it instead of making it."""

    def __init__(
        self,
        story: Story,
        state: State,
        chapter: str | None,
        part_of: dict[str, str] | None = None,
    ) -> None:
        super().__init__(story, state)
        self.confined = chapter
        self.part_of = part_of
        self.exit_to: str | None = None

    def go(self, target: str) -> None:
        if self.confined is not None:
            of = self.part_of
            part = self.story.scenes[target].chapter if of is None else of[target]
            if part != self.confined:
                self.exit_to = target
                return
        super().go(target)

    def stop_if_stuck(self) -> None:
        """Left to the walk, which asks only of states it has not met before (a state's
        digest does not depend on it: the options are all read from what settling keeps)."""


def join_rulings(total: dict[str, set[str]], more: dict[str, set[str]]) -> None:
    """The rulings of `more` under each ending (`ending_verdicts`) added to `total`'s."""
    for ending, rulings in more.items():
        total.setdefault(ending, set()).update(rulings)


def join_findings(total: Walk, walk: Walk) -> None:
    """What `walk` found (not its count of states), added to `total`."""
    total.reached |= walk.reached
    total.endings |= walk.endings
    total.verdicts |= walk.verdicts
    join_rulings(total.ending_verdicts, walk.ending_verdicts)
    total.dead_ends |= walk.dead_ends
    total.trapped |= walk.trapped
    total.truncated = total.truncated or walk.truncated
