"""Checks on the whole scene graph, and `explore`: a walk over every reachable state."""

from __future__ import annotations

import copy
import json
import re
from array import array
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cellseven_game.engine import conditions, diagnostics, trial
from cellseven_game.engine.errors import Diagnostic, Problem
from cellseven_game.engine.liveness import Live, Liveness, footprints, successors, visit_caps
from cellseven_game.engine.model import AddVar, Effect, SetVar, Story, Value, Where
from cellseven_game.engine.runtime import Option, Runtime, State

WORD = re.compile(r"[\w’'-]+")
VISIT_CAP = 5  # a visit count compared with smaller numbers only is still kept up to this


def _effects(story: Story) -> Iterator[tuple[Effect, Where]]:
    for scene in story.scenes.values():
        for effect in scene.effects:
            yield effect, scene.where
        for choice in scene.choices:
            for effect in choice.effects:
                yield effect, choice.where


def condition_refs(story: Story) -> conditions.References:
    """Every name any condition of the story mentions."""
    total = conditions.References()
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.condition is not None:
                _, refs = conditions.parse(choice.condition)
                total.variables |= refs.variables
                total.evidence |= refs.evidence
                total.characters |= refs.characters
                total.facts |= refs.facts
                total.scenes |= refs.scenes
                total.opaque |= refs.opaque
                for name, values in refs.thresholds.items():
                    total.thresholds.setdefault(name, set()).update(values)
    return total


def graph_reachable(story: Story, roots: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = [r for r in roots if r in story.scenes]
    while todo:
        scene_id = todo.pop()
        if scene_id in seen:
            continue
        seen.add(scene_id)
        todo.extend(successors(story, scene_id))
    return seen


def graph_warnings(story: Story) -> list[Problem]:
    """Unreachable scenes, dead ends and canon beats no scene covers.

    Variables set but never read (and the reverse) are the loader's: it knows each use's place.
    """
    out: list[Problem] = []

    def warn(at: Where, diagnostic: Diagnostic, message: str) -> None:
        out.append(diagnostic.at(at.path, at.line, at.col, message))

    reachable = graph_reachable(story, [story.first_scene()])
    for scene in story.scenes.values():
        if not scene.choices and scene.next is None and scene.end is None and scene.trial is None:
            warn(
                scene.where,
                diagnostics.DEAD_END,
                f"scene `{scene.id}` is a dead end: give it `choices`, `next` or `end`",
            )
        if scene.id not in reachable:
            warn(
                scene.where,
                diagnostics.UNREACHABLE,
                f"scene `{scene.id}` cannot be reached from the story's "
                "start; lead a `goto` or `next` to it, or remove it",
            )
    if story.canon is not None:
        beats = {b.id: b for b in story.canon.beats}
        for beat in canon_report(story)["missing"]:
            at = beats[beat].where
            warn(
                at if at.line else Where(story.canon.path, 0, 0),
                diagnostics.BEAT_NOT_TOLD,
                f"canon beat `{beat}` is covered by no "
                "scene; add `beats: [" + beat + "]` to the scene that tells it",
            )
    return out


def canon_report(story: Story) -> dict[str, Any]:
    if story.canon is None:
        return {"beats": 0, "covered": 0, "missing": []}
    covered = {b for scene in story.scenes.values() for b in scene.beats}
    ids = [b.id for b in story.canon.beats]
    missing = [b for b in ids if b not in covered]
    return {"beats": len(ids), "covered": len(ids) - len(missing), "missing": missing}


def scene_words(story: Story) -> dict[str, int]:
    return {
        s.id: len(WORD.findall(s.text)) + sum(len(WORD.findall(line.text)) for line in s.lines)
        for s in story.scenes.values()
    }


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
        refs = condition_refs(story)
        self.caps = self._variable_caps(refs)
        self.live = Liveness(story)
        self.visit_caps = visit_caps(story, VISIT_CAP)
        self.scene_ids = list(story.scenes)
        self.scene_number = {scene_id: n for n, scene_id in enumerate(self.scene_ids)}
        self.footprints = footprints(story)
        self._plans: dict[int, Any] = {}
        self._taken_sets: dict[int, frozenset[str]] = {}

    def _variable_caps(self, refs: conditions.References) -> dict[str, int | float | None]:
        """Variables whose exact value cannot change what happens, and how far it matters.

        A number that only ever grows (every `add` positive, never `set` in play) and is
        only compared with constants behaves the same at any value above the largest
        constant: states differing only there are merged. A variable no condition reads
        (a bond shown in the roster) never changes the walk at all (cap None: left out).
        """
        exact = refs.opaque | trial.variables_read(self.story)
        growing: dict[str, bool] = {}
        for effect, _ in _effects(self.story):
            if isinstance(effect, AddVar):
                growing[effect.name] = growing.get(effect.name, True) and effect.amount > 0
            elif isinstance(effect, SetVar):
                growing[effect.name] = False
        caps: dict[str, int | float | None] = {}
        for name, value in self.story.variables.items():
            if name in exact or isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if name not in refs.variables:
                caps[name] = None
            elif growing.get(name, True) and name in refs.thresholds:
                caps[name] = max(refs.thresholds[name]) + 1
        return caps

    def _plan(self, live: Live) -> tuple[tuple[tuple[str, Any], ...], tuple[tuple[str, int], ...]]:
        """For the items a scene's future reads: each variable's cap, each visit count's."""
        found = self._plans.get(id(live))
        if found is None:
            found = self._plans[id(live)] = (
                tuple((name, self.caps.get(name)) for name in live.variables),
                tuple((name, self.visit_caps.get(name, 1)) for name in live.visits),
            )
        return found

    def settle(self, s: State) -> int:
        """Strip `s` down to what its scene's future can read; the hash of what is left.

        The hash (64 bits) stands for the state: two of a million states share one with
        odds of about 3 in 100 million, and the walk keeps nothing else of a state.
        """
        live = self.live.at(s.scene)
        variable_caps, visit_caps = self._plan(live)
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
        s.variables = variables
        visits = s.visits
        if visits:
            s.visits = {n: min(visits[n], cap) for n, cap in visit_caps if n in visits}
        if live.evidence is not None and s.evidence:
            s.evidence = {e: None for e in live.evidence if e in s.evidence}
        if s.met:
            s.met = {m: None for m in live.met if m in s.met}
        if s.facts:
            s.facts = {f: None for f in live.facts if f in s.facts}
        taken: tuple[str, ...] = ()
        if s.taken:
            s.taken = s.taken & self._taken_sets.setdefault(id(live), frozenset(live.taken))
            taken = tuple(sorted(s.taken))
        if not live.trial and s.extra:
            # No trial ahead: only the ruling (which ending follows which ruling) is kept.
            ruled = trial.verdict_of(s)
            if ruled is None:
                s.extra = {}
            else:
                trial_id, _, tier = ruled.partition("/")
                s.extra = {trial.KEY: {"id": trial_id, "verdict": tier}}
        s.steps = []
        s.trail = []
        return hash(
            (
                s.scene,
                s.status,
                s.ending,
                tuple(variables.items()),
                tuple(s.visits.items()),
                tuple(s.evidence) if live.evidence is not None else tuple(sorted(s.evidence)),
                tuple(s.met),
                tuple(s.facts),
                taken,
                json.dumps(s.extra, sort_keys=True) if s.extra else "",
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
            extra=copy.deepcopy(s.extra) if s.extra else {},
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
        seen_exits: set[int] = set()
        queue: deque[tuple[State, list[Option] | None]] = deque([(first, None)])
        scene_of = array("l", [self.scene_number[first.scene]])
        # Edges of state i are targets[offsets[i]:offsets[i + 1]] (states are expanded in
        # the order they were numbered); UNEXPLORED is a state the cap left out, LEAVES a
        # move out of the confining chapter.
        offsets = array("q", [0])
        targets = array("q")
        playing = bytearray()
        runtime = _Confined(self.story, first, confine)
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
            for option in options:
                runtime.state = clone(state)
                runtime.exit_to = None
                take(option)
                nxt = runtime.state
                if runtime.exit_to is not None:
                    # Ways out alike in all the scene they lead to can read are one.
                    nxt.scene = runtime.exit_to
                    digest = self.settle(nxt)
                    if digest not in seen_exits:
                        seen_exits.add(digest)
                        result.exits.append((nxt, runtime.exit_to))
                    targets.append(LEAVES)
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
        trapped, escapes = _trapped(playing, offsets, targets)
        result.trapped = {self.scene_ids[scene_of[i]] for i in trapped}
        result.ends_here = bool(escapes)
        if result.truncated:
            result.trapped |= self._trapped_in_graph(result.reached, first.chapter)
        return result

    def walk_story(self, max_states: int) -> Walk:
        """The whole story from its start, one chapter at a time.

        A player arrives at a chapter with some state; inside the chapter only its
        footprint (what it reads or changes) matters, the rest passes through unchanged.
        So each chapter is walked once per distinct footprint on arrival, and the players'
        other items are joined back to each way out. The states between chapters (the
        arrivals) form a graph of their own, checked for loops that span chapters.
        """
        result = Walk()
        first = self.clone(Runtime(self.story).state)
        self._record(result, first)
        arrivals: dict[int, int] = {self.settle(first): 0}
        pending: list[State | None] = [first]
        arrival_scene: list[str] = [first.scene]
        leads_to: list[list[int]] = []
        ends: bytearray = bytearray()
        walked: dict[int, Walk] = {}
        runtime = Runtime(self.story, first)
        index = 0
        while index < len(pending):
            state = pending[index]
            pending[index] = None  # expanded: only its number is kept
            assert state is not None
            index += 1
            edges: list[int] = []
            leads_to.append(edges)
            if state.status != "playing" or result.truncated:
                ends.append(1)  # an end, or (past the cap) not walked: not proven a trap
                continue
            chapter = self.story.scenes[state.scene].chapter
            inner, outer = self._split(state, chapter)
            key = self.settle(inner)
            walk = walked.get(key)
            if walk is None:
                budget = max(1, max_states - result.states)
                walk = walked[key] = self._walk(inner, budget, chapter)
                result.states += walk.states
                result.reached |= walk.reached
                result.endings |= walk.endings
                result.verdicts |= walk.verdicts
                _join_rulings(result, walk)
                result.dead_ends |= walk.dead_ends
                result.trapped |= walk.trapped
                result.truncated = result.truncated or walk.truncated
            ends.append(walk.ends_here or walk.truncated)
            for leaving, target in walk.exits:
                runtime.state = self._join(self.clone(leaving), outer, chapter)
                runtime._enter(target)
                nxt = runtime.state
                self._record(result, nxt)
                digest = self.settle(nxt)
                number = arrivals.get(digest)
                if number is None:
                    if result.states + len(arrivals) >= max_states:
                        result.truncated = True
                        ends[-1] = 1
                        continue
                    number = arrivals[digest] = len(pending)
                    pending.append(nxt)
                    arrival_scene.append(nxt.scene)
                edges.append(number)
        result.states += len(arrivals)
        result.trapped |= _trapped_arrivals(ends, leads_to, arrival_scene)
        if result.truncated:
            result.trapped |= self._trapped_in_graph(result.reached, None)
        return result

    def _split(self, s: State, chapter: str) -> tuple[State, State]:
        """`s` as the chapter sees it (its footprint), and the rest, which passes through."""
        foot = self.footprints[chapter]
        inner, outer = self.clone(s), self.clone(s)
        inner.variables, outer.variables = {}, {}
        for name, value in s.variables.items():
            if name in foot.variables:
                inner.variables[name] = value
            else:
                outer.variables[name] = value
                if name in foot.added and type(value) in (int, float):
                    inner.variables[name] = 0  # walked as a difference (see Footprint)
        inner.visits = {n: c for n, c in s.visits.items() if n in foot.scenes}
        outer.visits = {n: c for n, c in s.visits.items() if n not in foot.scenes}
        if foot.evidence is not None:
            inner.evidence = {e: None for e in s.evidence if e in foot.evidence}
            outer.evidence = {e: None for e in s.evidence if e not in foot.evidence}
        else:
            outer.evidence = {}
        inner.met = {m: None for m in s.met if m in foot.met}
        outer.met = {m: None for m in s.met if m not in foot.met}
        inner.facts = {f: None for f in s.facts if f in foot.facts}
        outer.facts = {f: None for f in s.facts if f not in foot.facts}
        scenes = self.story.scenes
        inner.taken = {t for t in s.taken if scenes[t.partition("/")[0]].chapter == chapter}
        outer.taken = s.taken - inner.taken
        outer.extra = {}  # the trial's data: inner everywhere (endings note the ruling)
        return inner, outer

    def _join(self, inner: State, outer: State, chapter: str) -> State:
        """A state leaving a chapter walked on its footprint, with the rest joined back."""
        variables = inner.variables
        absolute = self.footprints[chapter].variables  # the others it only adds to
        for name, value in outer.variables.items():
            if name in variables and name not in absolute:
                change = variables[name]
                numbers = (value, change)
                if all(isinstance(x, int | float) and not isinstance(x, bool) for x in numbers):
                    variables[name] = value + change  # type: ignore[operator]
                    continue
            variables[name] = value
        inner.visits.update(outer.visits)
        inner.evidence.update(outer.evidence)
        inner.met.update(outer.met)
        inner.facts.update(outer.facts)
        inner.taken |= outer.taken
        return inner

    def _trapped_in_graph(self, reached: set[str], chapter: str | None) -> set[str]:
        """Reached scenes from which, conditions aside, no path leads to any way out.

        Holds however many states there are, so a capped walk still reports these.
        """
        story = self.story
        back: dict[str, list[str]] = {}
        exits: list[str] = []
        for scene_id, scene in story.scenes.items():
            after = successors(story, scene_id)
            leaves = chapter is not None and any(story.scenes[t].chapter != chapter for t in after)
            may_stop = scene.next is None and all(c.once or c.condition for c in scene.choices)
            if scene.end is not None or scene.trial is not None or leaves or may_stop:
                exits.append(scene_id)
            for target in after:
                back.setdefault(target, []).append(scene_id)
        out_ok = set(exits)
        todo = list(exits)
        while todo:
            for source in back.get(todo.pop(), ()):
                if source not in out_ok:
                    out_ok.add(source)
                    todo.append(source)
        return reached - out_ok


UNEXPLORED = -1
LEAVES = -2


class _Confined(Runtime):
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


def _trapped(
    playing: bytearray, offsets: array[int], targets: array[int]
) -> tuple[list[int], bool]:
    """States that loop forever (playing, no path to any end, dead end or way out), and
    whether the first state can reach an end or a dead end without leaving.

    A state the cap left unexplored counts as a way out: only what is proven is reported.
    """
    count = len(playing)
    back: list[list[int]] = [[] for _ in range(count)]
    ends = bytearray(count)  # an end, a dead end or the unknown is reachable
    leaves = bytearray(count)  # a move out of the chapter is reachable
    for source in range(count):
        start, stop = offsets[source], offsets[source + 1]
        if not playing[source] or start == stop:
            ends[source] = 1
        for k in range(start, stop):
            target = targets[k]
            if target == UNEXPLORED:
                ends[source] = 1
            elif target == LEAVES:
                leaves[source] = 1
            else:
                back[target].append(source)
    for mark in (ends, leaves):
        todo = [i for i in range(count) if mark[i]]
        while todo:
            i = todo.pop()
            for j in back[i]:
                if not mark[j]:
                    mark[j] = 1
                    todo.append(j)
    trapped = [i for i in range(count) if not ends[i] and not leaves[i]]
    return trapped, bool(count and ends[0])


def _trapped_arrivals(ends: bytearray, leads_to: list[list[int]], scenes: list[str]) -> set[str]:
    """Scenes where players arrive in a chapter from which every way leads round again."""
    back: list[list[int]] = [[] for _ in leads_to]
    for source, targets in enumerate(leads_to):
        for target in targets:
            back[target].append(source)
    ok = bytearray(ends)
    todo = [i for i in range(len(ok)) if ok[i]]
    while todo:
        i = todo.pop()
        for j in back[i]:
            if not ok[j]:
                ok[j] = 1
                todo.append(j)
    return {scenes[i] for i in range(len(ok)) if not ok[i]}


def _join_rulings(total: Walk, walk: Walk) -> None:
    for ending, rulings in walk.ending_verdicts.items():
        total.ending_verdicts.setdefault(ending, set()).update(rulings)


def _trial_chapters(story: Story) -> list[str]:
    """Chapters, in story order, with a scene that runs a trial."""
    running = {s.chapter for s in story.scenes.values() if s.trial is not None}
    return [c for c in story.chapter_order if c in running]


def _verdict_endings(ending_verdicts: dict[str, set[str]]) -> dict[str, list[str]]:
    """`trial/tier` -> the endings proven reachable after that ruling."""
    out: dict[str, list[str]] = {}
    for ending, rulings in sorted(ending_verdicts.items()):
        for ruling in rulings:
            if ruling:
                out.setdefault(ruling, []).append(ending)
    return dict(sorted(out.items()))


MAX_STATES = 1_000_000  # per walk; each state kept costs a digest and a few integers


def explore(story: Story, max_states: int = MAX_STATES, random_walks: int = 300) -> dict[str, Any]:
    """Walk every reachable state of each chapter (from its entry) and of the whole story.

    What the report says is proven: endings, verdicts, dead ends and loops were really
    reached. `unreached` and an empty `loops` are proven only when `complete` is true;
    when a walk hit `max_states`, `trap_check` says "incomplete" (loops found so far are
    still real, and so are the scenes no path at all leads out of).
    """
    explorer = Explorer(story)
    total = Walk()
    chapters: dict[str, dict[str, Any]] = {}
    walks: list[Walk] = []
    for chapter_id in story.chapter_order:
        walk = explorer.walk(Runtime.at_chapter(story, chapter_id), max_states)
        chapters[chapter_id] = {
            "states": walk.states,
            "replayable": bool(walk.chapter_ends or walk.endings),
            "endings": sorted(walk.endings),
            "verdicts": sorted(walk.verdicts),
            "dead_ends": sorted(walk.dead_ends),
            "loops": sorted(walk.trapped),
            "truncated": walk.truncated,
        }
        walks.append(walk)
    for chapter_id in _trial_chapters(story):
        # A trial's chapter played on past its edge: which endings each ruling leads to.
        start = Runtime.at_chapter(story, chapter_id)
        start.state.chapter = None
        walks.append(explorer.walk(start, max_states))
    whole = explorer.walk_story(max_states)
    walks.append(whole)
    for walk in walks:
        total.states += walk.states
        total.reached |= walk.reached
        total.endings |= walk.endings
        total.verdicts |= walk.verdicts
        _join_rulings(total, walk)
        total.dead_ends |= walk.dead_ends
        total.trapped |= walk.trapped
        total.truncated = total.truncated or walk.truncated
    if whole.truncated:
        # Too many states to walk them all: seeded random playthroughs add what they find.
        from cellseven_game.engine.runtime import random_walk

        for seed in range(random_walks):
            runtime = Runtime(story)
            random_walk(runtime, seed)
            total.reached |= set(runtime.state.trail)
            if runtime.state.status == "ended" and runtime.state.ending:
                total.endings.add(runtime.state.ending)
            elif runtime.state.status == "stuck":
                total.dead_ends.add(runtime.state.scene)
    words = scene_words(story)
    return {
        "title": story.title,
        "scenes": len(story.scenes),
        "reached": len(total.reached & set(story.scenes)),
        "unreached": sorted(set(story.scenes) - total.reached),
        "endings": sorted(total.endings),
        "verdicts": sorted(total.verdicts),
        "verdict_tiers": trial.all_tiers(story),
        "verdict_endings": _verdict_endings(total.ending_verdicts),
        "dead_ends": sorted(total.dead_ends),
        "loops": sorted(total.trapped),
        "states": total.states,
        "truncated": total.truncated,
        "complete": not total.truncated,
        "trap_check": "incomplete" if total.truncated else "complete",
        "max_states": max_states,
        "words": sum(words.values()),
        "chapters": chapters,
        "canon": canon_report(story),
    }
