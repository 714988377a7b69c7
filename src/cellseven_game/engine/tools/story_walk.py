"""The whole story walked one chapter at a time, each chapter on its footprint.

A player arrives at a chapter with some state; inside the chapter only its footprint (what
it reads or changes, see liveness.footprints) matters, the rest passes through unchanged.
So each chapter is walked once per distinct footprint on arrival, and the players' other
items are joined back at each way out. The states between chapters (the arrivals) form a
graph of their own, checked for loops that span chapters.

A chapter replayed by name (`walk_chapter`) is walked the same way, from its entry state on
its footprint; when a player of the whole story arrives there in that same state (the first
chapter, at least), the whole-story walk takes that walk as it is instead of walking it
again (`Explorer.walked`: walks by the digest of their first state).
"""

from __future__ import annotations

from cellseven_game.engine.play.runtime import Runtime, State
from cellseven_game.engine.tools.explorer import Explorer, Walk, join_rulings
from cellseven_game.engine.tools.traps import trapped_arrivals, trapped_in_graph


def walk_story(explorer: Explorer, max_states: int) -> Walk:
    """Every state of the whole story from its start (see the module's docstring)."""
    result = Walk()
    first = explorer.clone(Runtime(explorer.story).state)
    explorer._record(result, first)
    arrivals: dict[int, int] = {explorer.settle(first): 0}
    pending: list[State | None] = [first]
    arrival_scene: list[str] = [first.scene]
    leads_to: list[list[int]] = []
    ends: bytearray = bytearray()
    walked = explorer.walked
    joined: set[int] = set()  # walks whose findings are in `result`
    walk_of: list[Walk | None] = []  # each arrival's chapter walk
    runtime = Runtime(explorer.story, first)
    index = 0
    while index < len(pending):
        state = pending[index]
        pending[index] = None  # expanded: only its number is kept
        assert state is not None
        index += 1
        edges: list[int] = []  # by way out of its walk: the arrival it leads to (-1: unknown)
        leads_to.append(edges)
        walk_of.append(None)
        if state.status != "playing" or result.truncated:
            ends.append(1)  # an end, or (past the cap) not walked: not proven a trap
            continue
        chapter = explorer.story.scenes[state.scene].chapter
        inner, outer = split(explorer, state, chapter)
        key = explorer.settle(inner)
        walk = walked.get(key)
        if walk is None:
            budget = max(1, max_states - result.states)
            walk = walked[key] = explorer._walk(inner, budget, chapter)
            result.states += walk.states  # a walk taken from a chapter's is counted there
        if key not in joined:
            joined.add(key)
            result.reached |= walk.reached
            result.endings |= walk.endings
            result.verdicts |= walk.verdicts
            join_rulings(result, walk)
            result.dead_ends |= walk.dead_ends
            result.trapped |= walk.trapped
            result.truncated = result.truncated or walk.truncated
        ends.append(walk.ends_here or walk.truncated)
        walk_of[-1] = walk
        for leaving, target in walk.exits:
            runtime.state = join(explorer, explorer.clone(leaving), outer, chapter)
            runtime.enter(target)
            nxt = runtime.state
            explorer._record(result, nxt)
            digest = explorer.settle(nxt)
            number = arrivals.get(digest)
            if number is None:
                if result.states + len(arrivals) >= max_states:
                    result.truncated = True
                    ends[-1] = 1
                    edges.append(-1)
                    continue
                number = arrivals[digest] = len(pending)
                pending.append(nxt)
                arrival_scene.append(nxt.scene)
            edges.append(number)
    result.states += len(arrivals)
    ok = trapped_arrivals(ends, leads_to)
    result.trapped |= {arrival_scene[i] for i in range(len(ok)) if not ok[i]}
    scene_ids = explorer.scene_ids
    for i, walk in enumerate(walk_of):
        # Inside a chapter, a state whose every way out arrives somewhere doomed is doomed.
        way_out_ok = [target < 0 or bool(ok[target]) for target in leads_to[i]]
        if walk is not None and walk.graph is not None and not all(way_out_ok):
            doomed = set(walk.graph.doomed(way_out_ok))
            bad = (n for n, ok_ in enumerate(way_out_ok) if not ok_)
            result.trapped |= {scene_ids[n] for n in walk.graph.scenes_of(doomed, bad)}
    if result.truncated:
        result.trapped |= trapped_in_graph(explorer.story, result.reached, None)
    return result


def walk_chapter(explorer: Explorer, chapter: str, max_states: int) -> Walk:
    """A chapter replayed by name, from its entry to its edge (moves out are its `exits`)."""
    start = Runtime.at_chapter(explorer.story, chapter).state
    start.chapter = None  # the walk stops at the edge itself (and its ways out go on)
    inner, _ = split(explorer, start, chapter)
    key = explorer.settle(inner)
    walk = explorer.walked.get(key)
    if walk is None:
        walk = explorer.walked[key] = explorer._walk(inner, max_states, chapter)
    return walk


def split(explorer: Explorer, s: State, chapter: str) -> tuple[State, State]:
    """`s` as the chapter sees it (its footprint), and the rest, which passes through."""
    foot = explorer.footprints[chapter]
    inner, outer = explorer.clone(s), explorer.clone(s)
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
    scenes = explorer.story.scenes
    inner.taken = {t for t in s.taken if scenes[t.partition("/")[0]].chapter == chapter}
    outer.taken = s.taken - inner.taken
    outer.trial = None  # the trial's progress: inner everywhere (endings note the ruling)
    return inner, outer


_NUMBERS = (int, float)


def join(explorer: Explorer, inner: State, outer: State, chapter: str) -> State:
    """A state leaving a chapter walked on its footprint, with the rest joined back."""
    variables = inner.variables
    absolute = explorer.footprints[chapter].variables  # the others it only adds to
    for name, value in outer.variables.items():
        if name in variables and name not in absolute:
            change = variables[name]
            if type(value) in _NUMBERS and type(change) in _NUMBERS:  # not bool, not text
                variables[name] = value + change  # type: ignore[operator]
                continue
        variables[name] = value
    inner.visits.update(outer.visits)
    inner.evidence.update(outer.evidence)
    inner.met.update(outer.met)
    inner.facts.update(outer.facts)
    inner.taken |= outer.taken
    return inner
