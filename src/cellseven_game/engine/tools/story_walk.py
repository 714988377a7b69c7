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

import heapq
from dataclasses import dataclass

from cellseven_game.engine.core.links import successors
from cellseven_game.engine.play.runtime import State, Unshown
from cellseven_game.engine.tools.boxes import Box, box_counters
from cellseven_game.engine.tools.explorer import Explorer, TooManyStates, Walk, join_findings
from cellseven_game.engine.tools.liveness import Footprint, footprints
from cellseven_game.engine.tools.story_traps import Arrived, Node, story_traps
from cellseven_game.engine.tools.traps import trapped_in_graph


@dataclass(slots=True)
class _Group:
    """Players arriving at one scene alike in all but their counters (boxes.py).

    `rep` is their state as it leaves the last chapter (the scene not yet entered; the
    story's first state excepted), settled, the counters taken out; `mask` the counter
    values that arrive with it, `pending` those not yet moved on.
    """

    rep: State
    live: tuple[bool, ...]  # by counter: read at or after this scene
    entered: bool
    mask: int = 0
    pending: int = 0


FIXED, ADDED, PASSES = 0, 1, 2  # what a chapter does with a counter: reads it, adds to it, neither


def walk_story(explorer: Explorer, max_states: int) -> Walk:
    """Every state of the whole story from its start (see the module's docstring)."""
    story = explorer.story
    box = Box(box_counters(story, explorer.caps, explorer.sums))
    parts = story_parts(explorer)
    kinds = {part: _kinds(box, foot) for part, foot in parts.feet.items()}
    result = Walk()
    groups: list[_Group] = []
    index: dict[tuple[int, bool], int] = {}
    nodes: dict[tuple[int, tuple[int, ...]], Node] = {}
    heap: list[tuple[int, int]] = []
    joined: set[int] = set()  # walks whose findings are in `result`
    runtime = Unshown(story)
    live_sets: dict[int, frozenset[str]] = {}
    # A way out of a part joined with one rest of the state (what the part does not read):
    # the group it arrives in and its counters. Walks of one part from different states
    # often leave in the same states, so nodes meet the same pair again and again (half of
    # the bundled story's 78,000 ways out), and then take this as it is.
    ways_out: dict[tuple[int, int, str], tuple[int, tuple[int, ...]]] = {}
    contents: dict[int, int] = {}  # a way out's content, by its id (walks keep it)

    def arrive(s: State, entered: bool) -> tuple[int, tuple[int, ...]]:
        """The group of `s` (settled here, its counters taken out) and its counters."""
        live = explorer.cutoff.at(s.scene, s.taken, s.variables)
        names = live_sets.get(id(live))
        if names is None:
            names = live_sets[id(live)] = frozenset(live.variables)
        on = tuple(all(m in names for m in c.members) for c in box.counters)
        values = []
        for counter, alive in zip(box.counters, on, strict=True):
            total = sum(int(s.variables.pop(m, 0)) for m in counter.members)
            values.append(min(total, counter.cap) if alive else 0)
        key = (explorer.settle(s), entered)
        number = index.get(key)
        if number is None:
            number = index[key] = len(groups)
            groups.append(_Group(s, on, entered))
        return number, tuple(values)

    def reach(number: int, bits: int) -> int:
        group = groups[number]
        fresh = bits & ~group.mask
        if fresh:
            if not group.pending:
                heapq.heappush(heap, (parts.rank[parts.of[group.rep.scene]], number))
            group.mask |= fresh
            group.pending |= fresh
        return fresh.bit_count()

    def expand(number: int, axes: tuple[int, ...], combo: tuple[int, ...]) -> Node:
        group = groups[number]
        s = explorer.clone(group.rep)
        values = dict(zip(axes, combo, strict=True))
        for a, counter in enumerate(box.counters):
            if group.live[a]:
                s.variables.update(dict.fromkeys(counter.members, 0))
                s.variables[counter.members[0]] = values.get(a, 0)
        entry = [0] * len(box.counters)  # what entering the scene adds to each counter
        if not group.entered:
            runtime.state = s
            runtime.enter(s.scene)
            for a, counter in enumerate(box.counters):
                if a not in values:
                    entry[a] = sum(s.variables.get(m, 0) for m in counter.members)  # type: ignore[misc]
        explorer._record(result, s)
        if s.status != "playing":
            return Node(True, None, [])
        chapter = parts.of[s.scene]
        inner, outer = split(explorer, s, chapter, parts)
        for counter in box.counters:
            for m in counter.members:
                outer.variables.pop(m, None)
        key = explorer.settle(inner)
        if chapter not in story.chapters:  # a part of a chapter (not its walk by name)
            key = hash((key, chapter))
        walk = explorer.walked.get(key)
        if walk is None:
            budget = max(1, max_states - result.states)
            walk = explorer.walked[key] = explorer._walk(inner, budget, chapter, parts.of)
        if key not in joined:
            joined.add(key)
            join_findings(result, walk)
            if key not in explorer.by_name:  # a chapter's walk by name is counted there
                # Counted here even when an earlier walk of the story, cut off by the
                # allowance, took it (its count went with it).
                result.states += walk.states
        kind = kinds[chapter]
        node = Node(walk.ends_here or walk.truncated, walk, [])
        rest = _content(outer)
        found = []
        for leaving, _target in walk.exits:
            way = contents.get(id(leaving))
            if way is None:
                way = contents[id(leaving)] = _content(leaving)
            joined_way = ways_out.get((way, rest, chapter))
            if joined_way is None:
                nxt = join(explorer, explorer.clone(leaving), outer, chapter, parts)
                got = tuple(
                    int(sum(nxt.variables.get(m, 0) for m in counter.members))  # type: ignore[misc]
                    for counter in box.counters
                )
                joined_way = ways_out[way, rest, chapter] = (arrive(nxt, False)[0], got)
            found.append(joined_way)
        for target, got in found:
            moves: list[tuple[int, bool, int]] = []
            for a, counter in enumerate(box.counters):
                if kind[a] == FIXED:
                    moves.append((a, True, min(got[a], counter.cap)))
                elif got[a] + entry[a]:
                    moves.append((a, False, int(got[a] + entry[a])))
            moves += [(a, True, 0) for a, on in enumerate(groups[target].live) if not on]
            node.exits.append((target, tuple(moves)))
        return node

    first = explorer.clone(runtime.state)
    explorer._record(result, first)
    number, values = arrive(first, True)
    arrived = reach(number, box.bit(values))
    while heap and not result.truncated:
        number = heapq.heappop(heap)[1]
        group = groups[number]
        new, group.pending = group.pending, 0
        axes = _fixed(box, kinds[parts.of[group.rep.scene]], group)
        for combo, part in box.combos(new, axes):
            node = nodes.get((number, combo))
            if node is None:
                node = nodes[number, combo] = expand(number, axes, combo)
            for target, moves in node.exits:
                arrived += reach(target, box.move(part, moves))
            if result.states + arrived >= max_states:
                result.truncated = True
            if explorer.kept + arrived >= explorer.allowance:
                raise TooManyStates
    result.states += arrived
    arrived_groups = [
        Arrived(g.rep.scene, g.mask, g.pending, _fixed(box, kinds[parts.of[g.rep.scene]], g))
        for g in groups
    ]
    story_traps(explorer, box, result, arrived_groups, nodes)
    if result.truncated:
        result.trapped |= trapped_in_graph(story, result.reached, None)
    return result


def _content(s: State) -> int:
    """A digest of all of `s` that join and arrive read: 64 bits, as the walk keeps its
    states (explorer.py `settle`), not the values themselves, which held a quarter of a
    walk's memory (a market of three ports at 100,000 states: 40 of its 158 MiB). The
    numbers at -1 are named apart, as `settle` names them (CPython hashes -1 as -2)."""
    variables = s.variables
    return hash(
        (
            tuple(n for n, v in variables.items() if v == -1),
            s.scene,
            s.status,
            s.ending,
            tuple(variables.items()),
            frozenset(s.visits.items()),  # (settled: in no set order)
            tuple(s.evidence),
            tuple(s.met),
            tuple(s.facts),
            frozenset(s.taken),
            s.trial,
        )
    )


def _kinds(box: Box, foot: Footprint) -> tuple[int, ...]:
    """Per counter, what a chapter does with it (FIXED, ADDED or PASSES)."""
    out = []
    for counter in box.counters:
        if any(m in foot.variables for m in counter.members):
            out.append(FIXED)
        elif any(m in foot.added for m in counter.members):
            out.append(ADDED)
        else:
            out.append(PASSES)
    return tuple(out)


def _fixed(box: Box, kind: tuple[int, ...], group: _Group) -> tuple[int, ...]:
    """The counters the part of the group's scene reads (one walk per value)."""
    return tuple(a for a in range(len(box.counters)) if kind[a] == FIXED and group.live[a])


def walk_chapter(explorer: Explorer, chapter: str, max_states: int) -> Walk:
    """A chapter replayed by name, from its entry to its edge (moves out are its `exits`)."""
    start = Unshown.at_chapter(explorer.story, chapter).state
    start.chapter = None  # the walk stops at the edge itself (and its ways out go on)
    inner, _ = split(explorer, start, chapter)
    key = explorer.settle(inner)
    walk = explorer.walked.get(key)
    if walk is None:
        walk = explorer.walked[key] = explorer._walk(inner, max_states, chapter)
    explorer.by_name.add(key)
    return walk


@dataclass(frozen=True, slots=True)
class Parts:
    """How the whole-story walk cuts the story: each scene's part, each part's footprint,
    and the order parts are walked in (the story's order of chapters)."""

    of: dict[str, str]
    feet: dict[str, Footprint]
    rank: dict[str, int]


def story_parts(explorer: Explorer) -> Parts:
    """The chapters, but a chapter holding a trial cut in two: the scenes that can lead to
    the trial (the trial's scene among them) and the rest. The trial then does not read
    what only the scenes after it read (a bond the endings compare), so it is walked once
    for all the values of that, not once per value."""
    story = explorer.story
    of = {scene_id: scene.chapter for scene_id, scene in story.scenes.items()}
    cut: dict[str, list[str]] = {}
    for chapter_id, chapter in story.chapters.items():
        scenes = [s for s in chapter.scenes if s in story.scenes]
        before = {s for s in scenes if story.scenes[s].trial is not None}
        back: dict[str, list[str]] = {}
        for source in scenes:
            for target in successors(story, source):
                back.setdefault(target, []).append(source)
        todo = list(before)
        while todo:
            for source in back.get(todo.pop(), ()):
                if source not in before:
                    before.add(source)
                    todo.append(source)
        if not before or len(before) == len(scenes):
            continue
        for scene_id in scenes:
            part = f"{chapter_id}#{'trial' if scene_id in before else 'after'}"
            of[scene_id] = part
            cut.setdefault(part, []).append(scene_id)
    feet = dict(explorer.footprints) | footprints(story, cut)
    for part, scene_ids in cut.items():
        explorer.walked_as_differences(scene_ids, feet[part].added)
    rank: dict[str, int] = {}
    for n, chapter_id in enumerate(story.chapter_order):
        rank |= {chapter_id: 2 * n, f"{chapter_id}#trial": 2 * n, f"{chapter_id}#after": 2 * n + 1}
    rank |= {part: 2 * len(rank) for part in feet if part not in rank}
    return Parts(of, feet, rank)


def split(
    explorer: Explorer, s: State, chapter: str, parts: Parts | None = None
) -> tuple[State, State]:
    """`s` as the chapter (or the part) sees it (its footprint), and the rest, which passes
    through."""
    foot = explorer.footprints[chapter] if parts is None else parts.feet[chapter]
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
    if parts is None:
        inner.taken = {t for t in s.taken if scenes[t.partition("/")[0]].chapter == chapter}
    else:
        inner.taken = {t for t in s.taken if parts.of[t.partition("/")[0]] == chapter}
    outer.taken = s.taken - inner.taken
    outer.trial = None  # the trial's progress: inner everywhere (endings note the ruling)
    return inner, outer


_NUMBERS = (int, float)


def join(
    explorer: Explorer, inner: State, outer: State, chapter: str, parts: Parts | None = None
) -> State:
    """A state leaving a chapter (or a part) walked on its footprint, the rest joined back."""
    variables = inner.variables
    foot = explorer.footprints[chapter] if parts is None else parts.feet[chapter]
    absolute = foot.variables  # the others it only adds to
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
