"""What the scene graph alone proves about every play (for witnessed.py and future.py):
which scenes can be reached, how often a scene can be entered, where a play could stop,
and where it could loop forever.

A once-only choice is taken at most once in a play (nothing gives a mark back), so only a
loop of repeatable ways (`next` and sticky choices) can go round forever.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Container, Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from cellseven_game.engine.core.conditions import condition_tree
from cellseven_game.engine.core.links import successors, targets
from cellseven_game.engine.core.model import AddEvidence, AddVar, Choice, Scene, SetVar, Story
from cellseven_game.engine.tools.liveness import components, per_story


def has_trial(story: Story) -> bool:
    return any(scene.trial is not None for scene in story.scenes.values())


def _repeatable(story: Story, scope: Iterable[str]) -> dict[str, list[str]]:
    """The ways that can be taken again and again (`next`, sticky choices), within `scope`."""
    inside = set(scope)
    graph: dict[str, list[str]] = {}
    for scene_id in inside:
        scene = story.scenes[scene_id]
        ways = [c.goto for c in scene.choices if not c.once]
        if scene.next is not None:
            ways.append(scene.next)
        if scene.trial is not None:
            ways.extend(targets(story, scene.trial))  # a trial may be held again and again
        graph[scene_id] = [s for s in ways if s in inside]
    return graph


def _reaching_a_loop(graph: dict[str, list[str]]) -> set[str]:
    """The scenes from which a loop of `graph` can be reached by its own ways: what is left
    once the scenes with no way on are taken away, again and again (Kahn's algorithm)."""
    ways_out = {s: len(ways) for s, ways in graph.items()}
    back: dict[str, list[str]] = {s: [] for s in graph}
    for source, ways in graph.items():
        for target in ways:
            back[target].append(source)
    todo = [s for s, n in ways_out.items() if n == 0]
    left = set(graph)
    while todo:
        scene_id = todo.pop()
        left.discard(scene_id)
        for source in back[scene_id]:
            ways_out[source] -= 1
            if ways_out[source] == 0:
                todo.append(source)
    return left


def every_play_ends(story: Story) -> bool:
    """True when every loop of the scene graph takes a once-only choice (and no trial)."""
    return not has_trial(story) and not _reaching_a_loop(_repeatable(story, story.scenes))


def may_loop(story: Story, scope: set[str]) -> set[str]:
    """Scenes of `scope` from which a play could go round forever: those from which some path
    inside `scope` leads to a loop of repeatable ways. From any other scene every play
    ends (or leaves `scope`); an end scene is never playing, so never loops."""
    looping = _reaching_a_loop(_repeatable(story, scope))
    back: dict[str, list[str]] = {s: [] for s in scope}
    for source in scope:
        for target in successors(story, source):
            if target in scope:
                back[target].append(source)
    return {s for s in _leading_to(looping, back) if story.scenes[s].end is None}


def leading_to(story: Story, targets: set[str]) -> set[str]:
    """The scenes some path of the story's graph leads from to one of `targets` (themselves
    too)."""
    return _leading_to(targets, ways_back(story))


def _leading_to(seeds: set[str], back: dict[str, list[str]]) -> set[str]:
    """`seeds` and every scene from which a way of `back` (target: its sources) leads to one."""
    found = set(seeds)
    todo = list(seeds)
    while todo:
        for source in back[todo.pop()]:
            if source not in found:
                found.add(source)
                todo.append(source)
    return found


def _mark(scene: Scene, choice_id: str) -> str:
    return f"{scene.id}/{choice_id}"


@per_story
def ways_in(story: Story) -> dict[str, list[str | None]]:
    """Each scene's ways in: the mark of a once-only choice, or None for a way that can be
    taken again and again (a sticky choice, a `next`)."""
    found: dict[str, list[str | None]] = {scene_id: [] for scene_id in story.scenes}
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.goto in found:
                found[choice.goto].append(_mark(scene, choice.id) if choice.once else None)
        if scene.next is not None and scene.next in found:
            found[scene.next].append(None)
        if scene.trial is not None:
            for target in targets(story, scene.trial):
                if target in found:
                    found[target].append(None)  # a ruling's scene: as often as the trial
    return found


@per_story
def _ways_on(story: Story) -> dict[str, list[tuple[str, str | None]]]:
    """Each scene's ways on: where each leads, with the mark of a once-only choice (None: a
    way that can be taken again and again)."""
    found: dict[str, list[tuple[str, str | None]]] = {}
    for scene in story.scenes.values():
        ways = [(c.goto, _mark(scene, c.id) if c.once else None) for c in scene.choices]
        if scene.next is not None:
            ways.append((scene.next, None))
        if scene.trial is not None:
            ways.extend((target, None) for target in targets(story, scene.trial))
        found[scene.id] = [(t, mark) for t, mark in ways if t in story.scenes]
    return found


def returns_at_most(
    story: Story,
    scene_id: str,
    taken: Iterable[str],
    limit: int,
    within: AbstractSet[str] | None = None,
) -> int:
    """How many times a play that has entered `scene_id` can come back to it, counted up to
    `limit` (`limit`: that many or more); with `within`, by ways among those scenes alone
    (a chapter no play comes back into: read for its own scenes, not the story's).

    Every way back crosses each set of ways that cuts the scene off from itself; when such a
    set holds only once-only choices not in `taken`, each is taken once at most in a play,
    so the play comes back at most as many times as the set has ways (a corridor's room
    entered from the hub again and again, but whose way back to the hub is a once-only
    `Onward`: entered twice at most). The fewest such ways is the largest flow from the
    scene back to itself, each once-only way carrying one and any other way no limit
    (max-flow, min-cut; Edmonds and Karp's shortest augmenting paths)."""
    if limit <= 0:
        return 0
    held = set(taken)
    ways = _ways_on(story)
    sink = ""  # the scene as it is come back to (no scene has an empty id)
    # Residual capacities, built for the scenes reached from the scene.
    left: dict[str, dict[str, float]] = {sink: {}}
    seen = {scene_id}
    todo = [scene_id]
    while todo:
        here = todo.pop()
        out = left.setdefault(here, {})
        for target, mark in ways[here]:
            if (mark is not None and mark in held) or (within is not None and target not in within):
                continue
            there = sink if target == scene_id else target
            out[there] = out.get(there, 0.0) + (1.0 if mark is not None else math.inf)
            left.setdefault(there, {}).setdefault(here, 0.0)
            if there not in seen and there != sink:
                seen.add(there)
                todo.append(there)
    flow = 0
    while flow < limit:
        came_from: dict[str, str] = {scene_id: scene_id}
        queue = deque([scene_id])
        while queue and sink not in came_from:
            here = queue.popleft()
            for there, capacity in left[here].items():
                if capacity > 0 and there not in came_from:
                    came_from[there] = here
                    queue.append(there)
        if sink not in came_from:
            return flow
        path: list[tuple[str, str]] = []
        there = sink
        while there != scene_id:
            path.append((came_from[there], there))
            there = came_from[there]
        carried = min(left[a][b] for a, b in path)
        if carried == math.inf:
            return limit  # a way back with no once-only way on it: any number of times
        for a, b in path:
            left[a][b] -= carried
            left[b][a] += carried
        flow += int(carried)
    return limit


STRETCH_AT_MOST = 64  # scenes in a stretch (see `stretches`) past which it is not read


Stretch = tuple[frozenset[str], frozenset[str], frozenset[str]]  # see `stretches`


@per_story
def stretches(story: Story) -> dict[str, list[Stretch]]:
    """Stretches of scenes every way into and out of which is a once-only choice, by each of
    those choices' marks: (the scenes, the marks of the ways in, those of the ways out).

    A play goes in and out of a stretch by turns, each way once at most: so while it is
    outside (having started outside), it has taken as many ways in as ways out. A room's
    `Onward` and `Pay`, both into a landing left only by its once-only `Up`: outside it, at
    most one of the two is used, and then `Up` is too. A stretch is what a once-only way
    leads to and all that sticky ways and `next`s lead on to from there."""
    ways = _ways_on(story)
    into: dict[str, list[tuple[str, str | None]]] = {s: [] for s in story.scenes}
    for source, out in ways.items():
        for target, mark in out:
            into[target].append((source, mark))
    found: dict[frozenset[str], tuple[frozenset[str], frozenset[str]]] = {}
    for source, out in ways.items():
        for target, mark in out:
            if mark is None or target == source:
                continue
            inside, todo = {target}, [target]
            while todo and len(inside) <= STRETCH_AT_MOST:
                for there, again in ways[todo.pop()]:
                    if again is None and there not in inside:
                        inside.add(there)
                        todo.append(there)
            if len(inside) > STRETCH_AT_MOST or source in inside:
                continue
            stretch = frozenset(inside)
            if stretch in found:
                continue
            marks_in = [m for s in stretch for f, m in into[s] if f not in stretch]
            if None in marks_in:
                continue  # a way in that can be taken again and again
            marks_out = [m for s in stretch for t, m in ways[s] if t not in stretch]
            found[stretch] = (
                frozenset(m for m in marks_in if m is not None),
                frozenset(m for m in marks_out if m is not None),
            )
    by_mark: dict[str, list[Stretch]] = {}
    for stretch, (ins, outs) in found.items():
        for mark in ins | outs:
            by_mark.setdefault(mark, []).append((stretch, ins, outs))
    return by_mark


def entries(ways: list[str | None], taken: set[str] | frozenset[str]) -> float:
    """How many more times a scene with these ways in can be entered in one play (math.inf:
    any number): once for each once-only choice leading there, not yet taken."""
    if None in ways:
        return math.inf
    return sum(1 for mark in ways if mark not in taken)


def entries_at_most(
    story: Story, start: str, taken: Iterable[str], scenes: Iterable[str] | None = None
) -> dict[str, float]:
    """How many times each scene can be entered in one play from `start` (see `entries`);
    with `scenes`, of those scenes only (a chapter replayed by name asks of its own)."""
    held = set(taken)
    into = ways_in(story)
    bound = {s: entries(into[s], held) for s in (into if scenes is None else scenes)}
    if start in bound:
        bound[start] += 1
    return bound


def entries_along(
    story: Story, start: str, taken: Iterable[str], chapter: str | None = None
) -> dict[str, float]:
    """How many times each scene can be entered in one play from `start` (its own entry
    counted once), read along the ways, where `entries_at_most` reads each scene's ways in
    alone: a sticky way (or a `next`) is taken at most as often as its scene is entered, a
    once-only one not yet taken once; a scene on a loop of sticky ways, once entered, and a
    ruling's scene any number of times. (A ring of rooms whose first door is once-only: each
    room entered once, though every way round the ring is sticky.) And a scene on no loop of
    the whole graph (once-only ways and rulings counted) once at most, however often the
    way to it may be offered: a second entry would close a loop through it (an outside
    puzzle's door, sticky in a room the rattle loops round, opens on the next chamber,
    which never leads back).

    With `chapter` (replayed by name: a play stops at its edge), of its own scenes only,
    entered only from them: read for each of a story's chapters, the whole graph each time
    was most of an `explore` of 1,000 one-scene chapters (and grew as their square)."""
    if chapter is None:
        order, before, once_into, ruled = _sticky_graph(story)
        base = dict.fromkeys(story.scenes, 0.0)
    else:
        order, before, once_into, ruled = _sticky_graph_by_chapter(story)[chapter]
        base = dict.fromkeys(chapter_scenes(story).get(chapter, ()), 0.0)
    held = set(taken)
    base[start] += 1
    for target, mark in once_into:
        if mark not in held:
            base[target] += 1
    for target in ruled:
        base[target] = math.inf
    on_loops = on_a_loop(story)
    bound: dict[str, float] = {}
    for component, looped in order:
        inflow = sum(base[s] for s in component)
        inflow += sum(bound[p] for s in component for p in before[s] if p not in component)
        each = (math.inf if inflow else 0.0) if looped else inflow
        for scene_id in component:
            bound[scene_id] = each if scene_id in on_loops else min(each, 1.0)
    return bound


@per_story
def on_a_loop(story: Story) -> frozenset[str]:
    """The scenes on a loop of the story's graph, by any ways (once-only, a ruling's):
    those a play may enter more than once."""
    found: set[str] = set()
    for component in components(story):
        if len(component) > 1 or component[0] in successors(story, component[0]):
            found.update(component)
    return frozenset(found)


@per_story
def chapter_scenes(story: Story) -> dict[str, list[str]]:
    """Each chapter's scenes, by the chapter each scene says it is in."""
    found: dict[str, list[str]] = {}
    for scene_id, scene in story.scenes.items():
        found.setdefault(scene.chapter, []).append(scene_id)
    return found


_StickyGraph = tuple[
    list[tuple[frozenset[str], bool]], dict[str, list[str]], list[tuple[str, str]], set[str]
]


@per_story
def _sticky_graph_by_chapter(story: Story) -> dict[str, _StickyGraph]:
    """`_sticky_graph` of each chapter alone: its scenes' parts of the components, in the
    same order (a loop through other chapters still counted as one: never fewer entries
    than it can have), the sticky ways into each from its own scenes, the once-only ways
    from its scenes to its scenes, its rulings' scenes."""
    order, before, once_into, ruled = _sticky_graph(story)
    chapter_of = {scene_id: scene.chapter for scene_id, scene in story.scenes.items()}
    found: dict[str, _StickyGraph] = {c: ([], {}, [], set()) for c in story.chapters}
    for component, looped in order:
        parts: dict[str, set[str]] = {}
        for scene_id in component:
            parts.setdefault(chapter_of[scene_id], set()).add(scene_id)
        for chapter, part in parts.items():
            if chapter in found:
                found[chapter][0].append((frozenset(part), looped))
    for scene_id, chapter in chapter_of.items():
        if chapter in found:
            found[chapter][1][scene_id] = [p for p in before[scene_id] if chapter_of[p] == chapter]
    for target, mark in once_into:
        chapter = chapter_of[target]
        if chapter in found and chapter_of[mark.partition("/")[0]] == chapter:
            found[chapter][2].append((target, mark))
    for target in ruled:
        if chapter_of[target] in found:
            found[chapter_of[target]][3].add(target)
    return found


@per_story
def _sticky_graph(story: Story) -> _StickyGraph:
    """What `entries_along` reads of the graph, once a story: the components of its sticky
    ways (each after all that lead to it, and whether it loops), each scene's sticky ways
    in (each scene once), the once-only ways (target, mark) and the rulings' scenes."""
    # Imported here (start-up: liveness reads conditions, which `explore` alone needs).
    from cellseven_game.engine.tools.liveness import components

    sticky: dict[str, list[str]] = {}  # each scene's sticky ways on, each target once
    before: dict[str, list[str]] = {scene_id: [] for scene_id in story.scenes}
    once_into: list[tuple[str, str]] = []
    ruled: set[str] = set()
    for scene_id, ways in _ways_on(story).items():
        on = sticky.setdefault(scene_id, [])
        ruling = story.scenes[scene_id].trial is not None
        for target, mark in ways:
            if ruling:
                ruled.add(target)
            elif mark is None:
                if target not in on:
                    on.append(target)
                    before[target].append(scene_id)
            else:
                once_into.append((target, mark))
    order = [
        (frozenset(c), len(c) > 1 or c[0] in sticky[c[0]])
        for c in reversed(components(story, sticky))
    ]
    return order, before, once_into, ruled


@per_story
def lasting(story: Story) -> frozenset[str]:
    """The marks of once-only choices that are never used up while the play is at their
    scene. Had such a choice been taken, the play could not be at its scene again; so it
    is open there at every visit (when its condition holds). That is so when no path leads
    back from where it goes to its scene:

    - it leads out of the scene's strongly connected component of the graph (or nowhere);
    - or every path back takes a once-only way that every way into the scene takes first
      (a room entered once from the hub, left by a once-only `Up`: the way back into the
      room is used up, though the hub and the room are in one component);
    - or every path back sets a flag that a way on it needs unset (a quest with no way
      back but its reward, which sets `q03_done`, and the hub offers the quest only while
      `not q03_done`): see `_closed_behind`.
    """
    # Imported here (start-up: liveness reads conditions, which `explore` alone needs).
    from cellseven_game.engine.tools.liveness import components

    part: dict[str, int] = {}
    members: list[list[str]] = components(story)
    for number, component in enumerate(members):
        for scene_id in component:
            part[scene_id] = number
    # Where a play of the whole story can come into a component: its first scene, the
    # start of a chapter holding a trial (explore plays those on past their edge), or a
    # way from outside. A chapter replayed by name starts at its own start but stops at
    # its edge: read apart (`_closed_in_chapter`).
    starts = {story.chapters[story.start].start} if story.start in story.chapters else set()
    starts |= {
        story.chapters[s.chapter].start
        for s in story.scenes.values()
        if s.trial is not None and s.chapter in story.chapters
    }
    in_chapter: dict[str, dict[tuple[str, str], set[str]]] = {}
    sources: dict[str, list[str]] = {s: [] for s in story.scenes}
    for source in story.scenes:
        for target in successors(story, source):
            sources[target].append(source)
    found: set[str] = set()
    for number, component in enumerate(members):
        once = [
            (story.scenes[scene_id], choice)
            for scene_id in component
            for choice in story.scenes[scene_id].choices
            if choice.once
        ]
        inside = [(s, c) for s, c in once if part.get(c.goto, -1) == number]
        found.update(_mark(s, c.id) for s, c in once if part.get(c.goto, -1) != number)
        if not inside or len(inside) * len(component) > _DOMINANCE_WORK:
            continue
        ways = {s: [t for t in successors(story, s) if part.get(t) == number] for s in component}
        # A once-only way is one of its own only when no other way joins the same scenes.
        single = [(s.id, c.goto) for s, c in inside if successors(story, s.id).count(c.goto) == 1]
        doors = {s for s in component if s in starts or any(part[w] != number for w in sources[s])}
        # For each such way, the scenes a play can reach only by it (it dominates them).
        only_by = {way: set(component) - _reach(doors, ways, {way}) for way in single}
        kept = _kept_flags(story)
        for scene, choice in inside:
            gone = {way for way, behind in only_by.items() if scene.id in behind}
            if (
                gone
                and scene.id not in _reach({choice.goto}, ways, gone)
                and _closed_in_chapter(story, scene.id, choice, in_chapter)
            ) or (kept and _closed_behind(story, scene.id, choice, set(component), kept)):
                found.add(_mark(scene, choice.id))
    return frozenset(found)


def _closed_in_chapter(
    story: Story, scene_id: str, choice: Choice, cache: dict[str, dict[tuple[str, str], set[str]]]
) -> bool:
    """Whether a replay of the scene's chapter by name, which starts at the chapter's start
    and stops at its edge, never comes back to `scene_id` after taking `choice`: every path
    back within the chapter takes a once-only way that every way from the start to the
    scene takes first (a quest offered once from the hub is replayed from its first room,
    and its way on leaves the chapter: nothing comes back)."""
    chapter_id = story.scenes[scene_id].chapter
    chapter = story.chapters.get(chapter_id)
    if chapter is None:
        return False
    inner = {s for s in chapter.scenes if s in story.scenes}
    if choice.goto not in inner:
        return True
    ways = {s: [t for t in successors(story, s) if t in inner] for s in inner}
    only_by = cache.get(chapter_id)
    if only_by is None:
        single = [
            (s, c.goto)
            for s in inner
            for c in story.scenes[s].choices
            if c.once and c.goto in inner and successors(story, s).count(c.goto) == 1
        ]
        if len(single) * len(inner) > _DOMINANCE_WORK:
            return False
        doors = {chapter.start} & inner
        only_by = cache[chapter_id] = {way: inner - _reach(doors, ways, {way}) for way in single}
    gone = {way for way, behind in only_by.items() if scene_id in behind}
    return scene_id not in _reach({choice.goto}, ways, gone)


@per_story
def _kept_flags(story: Story) -> frozenset[str]:
    """The flags that, once set, stay set: every effect on them sets them true."""
    # Imported here (start-up: counters.py reads conditions, which `explore` alone needs).
    from cellseven_game.engine.tools.counters import effects_of

    true: set[str] = set()
    other: set[str] = set()
    for effect in effects_of(story):
        if isinstance(effect, SetVar) and effect.expr is None and effect.value is True:
            true.add(effect.name)
        elif isinstance(effect, SetVar | AddVar):
            other.add(effect.name)
    return frozenset(true - other)


def _set_flags(effects: Iterable[object], kept: frozenset[str]) -> frozenset[str]:
    return frozenset(e.name for e in effects if isinstance(e, SetVar) and e.name in kept)


def _needs_unset(condition: str | None, kept: frozenset[str]) -> frozenset[str]:
    """The kept flags a guard needs unset (`not done` joined by `and`, or `done == false`)."""
    if condition is None:
        return frozenset()
    # Imported here (start-up: parsing conditions is for `explore` alone, as above).
    from cellseven_game.engine.core.conditions import and_parts, condition_tree

    found: set[str] = set()
    for part in and_parts(condition_tree(condition)):
        if part[0] == "not" and part[2][0] == "var":
            found.add(part[2][1])
        elif (
            part[0] == "cmp"
            and part[1] == "=="
            and part[3][0] == "var"
            and part[4][0] == "const"
            and part[4][1] is False
        ):
            found.add(part[3][1])
    return frozenset(found & kept)


def _closed_behind(
    story: Story, scene_id: str, choice: Choice, component: set[str], kept: frozenset[str]
) -> bool:
    """Whether no play that takes `choice` comes back to `scene_id`: on every path back,
    a flag that stays set once set (`kept`) is set before a way that needs it unset.

    Worked out as the flags every path from the choice has set by each scene (the flags
    set on all the ways a scene is reached by, joined), a way that needs one of those
    unset not taken."""
    if choice.goto == scene_id:
        return False
    start = story.scenes.get(choice.goto)
    if start is None:
        return True
    must: dict[str, frozenset[str]] = {
        start.id: _set_flags(choice.effects, kept) | _set_flags(start.effects, kept)
    }
    todo = deque([start.id])
    work = 0
    while todo:
        source = todo.popleft()
        work += 1
        if work > _DOMINANCE_WORK // 100:
            return False  # (too long to tell: not claimed)
        here = must[source]
        scene = story.scenes[source]
        ways: list[tuple[str, frozenset[str], frozenset[str]]] = [
            (c.goto, _needs_unset(c.condition, kept), _set_flags(c.effects, kept))
            for c in scene.choices
        ]
        by_choice = {c.goto for c in scene.choices}
        ways += [
            (t, frozenset(), frozenset()) for t in successors(story, source) if t not in by_choice
        ]
        for target, unset, made in ways:
            if target not in component or target not in story.scenes or unset & here:
                continue
            if target == scene_id:
                return False
            arriving = here | made | _set_flags(story.scenes[target].effects, kept)
            known = must.get(target)
            joined = arriving if known is None else known & arriving
            if joined != known:
                must[target] = joined
                todo.append(target)
    return True


# Scenes times once-only ways of one component past which the second reading is not tried.
_DOMINANCE_WORK = 2_000_000


def _reach(seeds: set[str], ways: dict[str, list[str]], gone: set[tuple[str, str]]) -> set[str]:
    """Scenes `ways` lead to from `seeds`, the ways (source, target) in `gone` left out."""
    seen = set(seeds)
    todo = list(seeds)
    while todo:
        source = todo.pop()
        for target in ways[source]:
            if target not in seen and (source, target) not in gone:
                seen.add(target)
                todo.append(target)
    return seen


def may_stop(
    scene: Scene,
    entries: float,
    taken: Iterable[str],
    lasting: Container[str] = frozenset(),
) -> bool:
    """Whether a play could stop at `scene` with nothing to choose, entered at most `entries`
    times: stopping there needs each unconditional once-only choice of it taken on an
    earlier visit, and never happens at an end, a `next`, an unconditional sticky way, or
    an unconditional once-only way in `lasting` (see `lasting`) not taken at the start.
    Nor where a sticky way is open once the scene has been visited that often (a hub of
    three once-only rooms and a sticky `if: visits hub >= 3`: its fourth visit, the first
    that could find the rooms used up, finds that way open). A once-only choice whose
    condition the sticky ones' make up for counts as unconditional (`_offered_while_unused`)."""
    if scene.end is not None or scene.next is not None or scene.trial is not None:
        return False
    held = set(taken)
    needed = 1  # the visit that stops, and one before it for each choice always offered
    for choice in scene.choices:
        if choice.condition is not None:
            continue
        if not choice.once:
            return False
        mark = _mark(scene, choice.id)
        if mark not in held:
            if mark in lasting:
                return False
            needed += 1
    counted = {mark for mark in _offered_while_unused(scene) if mark not in held}
    needed += len(counted)
    # A once-only choice open from some visit on (`if: visits hub >= 4`) is open at the
    # stop, once that many are needed, unless used before: one more visit, which may open
    # another (corridor_hubs.py seed 37: three rooms always offered, so four visits, and a
    # fourth room's `visits hub >= 4`: five).
    more = True
    while more:
        more = False
        for choice in scene.choices:
            mark = _mark(scene, choice.id)
            if (
                choice.once
                and choice.condition is not None
                and mark not in held
                and mark not in counted
                and _holds_after(condition_tree(choice.condition), scene.id, needed)
            ):
                counted.add(mark)
                needed += 1
                more = True
    if entries < needed:
        return False
    return not any(
        not choice.once
        and choice.condition is not None
        and _holds_after(condition_tree(choice.condition), scene.id, needed)
        for choice in scene.choices
    )


MAX_FLAGS_READ = 8  # flags a scene's guards read, at most, to be read as `_offered_while_unused`


def _offered_while_unused(scene: Scene) -> list[str]:
    """The marks of the once-only choices of `scene` with a condition that is open at
    every visit while they are unused, as the sticky choices' conditions stand: whenever it
    is shut, one of theirs is open (`if: not flag_3` once-only beside a sticky `if:
    flag_3`). Like an unconditional once-only choice, each must be used on an earlier visit
    before a play can stop there. Read only where the conditions are made of flags (and
    `visited`, items held) joined by `and`, `or`, `not`: every way of setting those is
    tried (corridor_hubs.py seed 33's hub: a stop needs two rooms used, so three visits, and
    its sticky `if: visits hub >= 3` is then open)."""
    sticky = [
        tree
        for choice in scene.choices
        if not choice.once
        and choice.condition is not None
        and _flags_read(tree := condition_tree(choice.condition)) is not None
    ]
    if not sticky:
        return []
    found = []
    for choice in scene.choices:
        if not choice.once or choice.condition is None:
            continue
        tree = condition_tree(choice.condition)
        flags = _flags_read(tree)
        if flags is None:
            continue
        for other in sticky:
            flags |= _flags_read(other) or set()
        if len(flags) > MAX_FLAGS_READ:
            continue
        names = sorted(flags)
        if all(
            any(_truth(t, dict(zip(names, bits, strict=True))) for t in (tree, *sticky))
            for bits in _assignments(len(names))
        ):
            found.append(_mark(scene, choice.id))
    return found


_FLAG_LEAVES = ("var", "visited", "has", "met", "knows")


def _flags_read(tree: tuple[Any, ...]) -> set[tuple[str, str]] | None:
    """The flags (and `visited`, items held) a condition reads, when it is made of them
    alone joined by `and`, `or`, `not`; None for any other condition."""
    kind = tree[0]
    if kind in _FLAG_LEAVES:
        return {(kind, tree[1])}
    if kind == "not":
        return _flags_read(tree[2])
    if kind in ("and", "or"):
        first, second = _flags_read(tree[2]), _flags_read(tree[3])
        return None if first is None or second is None else first | second
    return None


def _truth(tree: tuple[Any, ...], values: dict[tuple[str, str], bool]) -> bool:
    kind = tree[0]
    if kind in _FLAG_LEAVES:
        return values[(kind, tree[1])]
    if kind == "not":
        return not _truth(tree[2], values)
    if kind == "and":
        return _truth(tree[2], values) and _truth(tree[3], values)
    return _truth(tree[2], values) or _truth(tree[3], values)


def _assignments(count: int) -> Iterable[tuple[bool, ...]]:
    for number in range(1 << count):
        yield tuple(bool(number >> place & 1) for place in range(count))


_AT_LEAST = {">=": lambda n, c: n >= c, ">": lambda n, c: n > c}
_FLIPPED = {"<=": ">=", "<": ">"}  # `3 <= visits hub` is `visits hub >= 3`


def _holds_after(tree: tuple[Any, ...], scene_id: str, visits: int) -> bool:
    """Whether a condition surely holds at `scene_id` once it has been visited `visits`
    times or more (visits only grow), whatever else is true: read from the comparisons of
    its own visit count with a number, `visited` it, `and` and `or` (anything else: no)."""
    kind = tree[0]
    if kind == "visited":
        return bool(tree[1] == scene_id and visits >= 1)
    if kind in ("and", "or"):
        first = _holds_after(tree[2], scene_id, visits)
        second = _holds_after(tree[3], scene_id, visits)
        return first and second if kind == "and" else first or second
    if kind != "cmp":
        return False
    op, left, right = tree[1], tree[3], tree[4]
    if left[0] == "const" and op in _FLIPPED:
        op, left, right = _FLIPPED[op], right, left
    bound = right[1] if right[0] == "const" else None
    if (
        op not in _AT_LEAST
        or left != ("visits", scene_id)
        or isinstance(bound, bool)
        or not isinstance(bound, int | float)
    ):
        return False
    return bool(_AT_LEAST[op](visits, bound))


@per_story
def ways_back(story: Story) -> dict[str, list[str]]:
    """Each scene's predecessors in the scene graph (`successors` read backwards), worked
    out once a story: seek.py's searches read distances to a new scene hundreds of times."""
    back: dict[str, list[str]] = {scene_id: [] for scene_id in story.scenes}
    for scene_id in story.scenes:
        for target in successors(story, scene_id):
            back[target].append(scene_id)
    return back


@per_story
def _before(story: Story) -> dict[tuple[str, str], frozenset[str]]:
    return {}  # `evidence_before`'s answers, for the story last asked about


@per_story
def _reached_givers(story: Story) -> list[tuple[str, frozenset[str]]]:
    # The last start asked about and the scenes giving evidence that it reaches (one only:
    # future.py asks from the state it reads, at many scenes; kept, each start's reach
    # would hold thousands of scenes for each of thousands of starts).
    return []


@per_story
def _givers_behind(story: Story) -> dict[str, frozenset[str]]:
    return {}  # the scenes giving evidence that some way leads from to each trial scene


@per_story
def _givers(story: Story) -> dict[str, frozenset[str]]:
    """The evidence each scene gives, on entry, by a choice or by its trial (only the
    scenes that give some)."""
    found: dict[str, frozenset[str]] = {}
    for scene_id, scene in story.scenes.items():
        effects = [*scene.effects, *(e for c in scene.choices for e in c.effects)]
        trial = story.trials.get(scene.trial) if scene.trial is not None else None
        if trial is not None:
            effects += trial.effects()
        given = frozenset(e.evidence for e in effects if isinstance(e, AddEvidence))
        if given:
            found[scene_id] = given
    return found


def evidence_before(story: Story, start: str, trial_scene: str) -> frozenset[str]:
    """The evidence a play from `start` may have been given by the time it is at
    `trial_scene`: what the scenes on some way from one to the other (both included) and
    their choices give, and what a trial among them gives as it is played. (A hearing
    replayed by name from its own trial: none, but what it began with.)

    Of each trial's scenes behind it, and of the last start's reach, only the scenes that
    give evidence are kept, worked out once: an outside court of 69 hearings asks for 4,700
    pairs, each two walks of its 1,000 scenes before (20 s)."""
    found = _before(story).get((start, trial_scene))
    if found is not None:
        return found
    givers = _givers(story)
    last = _reached_givers(story)
    if not last or last[0][0] != start:
        reach = reachable(story, start, None)
        last[:] = [(start, frozenset(g for g in givers if g in reach))]
    reached = last[0][1]
    behind = _givers_behind(story).get(trial_scene)
    if behind is None:
        back = ways_back(story)
        seen, todo = {trial_scene}, [trial_scene]
        while todo:
            for source in back[todo.pop()]:
                if source not in seen:
                    seen.add(source)
                    todo.append(source)
        behind = frozenset(g for g in givers if g in seen)
        _givers_behind(story)[trial_scene] = behind
    given: set[str] = set()
    for scene_id in reached & behind:
        given |= givers[scene_id]
    found = _before(story)[(start, trial_scene)] = frozenset(given)
    return found


def reachable(story: Story, start: str, chapter: str | None) -> set[str]:
    """Scenes a path of the scene graph leads to from `start`, conditions aside (within
    `chapter` when it is given: a replayed chapter stops at its edge)."""
    seen = {start}
    todo = deque([start])
    while todo:
        for target in successors(story, todo.popleft()):
            if target in seen:
                continue
            if chapter is not None and story.scenes[target].chapter != chapter:
                continue
            seen.add(target)
            todo.append(target)
    return seen


def surely_finish(
    story: Story, scope: set[str], chapter: str | None, taken: Iterable[str]
) -> set[str]:
    """Scenes of `scope` from which every play can still finish, whatever its state: a path
    of ways that are open at every visit leads to an end (or, for a chapter replayed by
    name, out of it). Such a scene never loops with no way out, however it loops.

    A way is open at every visit when it is a `next` (of a scene with no choices: beside
    them, it is taken only when none is open), a choice with no condition that is
    sticky, or one that is once-only but leads where the play can never come back from:
    had it been taken, the play could not be at its scene again (`lasting`). A once-only
    choice already taken at the start (`taken`) is never open.
    """
    held = set(taken)
    kept = lasting(story)
    finishing: set[str] = set()
    back: dict[str, list[str]] = {s: [] for s in scope}
    for scene_id in scope:
        scene = story.scenes[scene_id]
        if scene.end is not None:
            finishing.add(scene_id)
            continue
        if scene.trial is not None:
            continue  # a trial's ways are the ruling's: never counted open here
        # A `next` beside choices is taken only when none of them is open: not for sure.
        ways = [scene.next] if scene.next is not None and not scene.choices else []
        for choice in scene.choices:
            if choice.condition is not None or _mark(scene, choice.id) in held:
                continue
            if not choice.once or _mark(scene, choice.id) in kept:
                ways.append(choice.goto)
        for target in ways:
            if target not in story.scenes:
                continue
            if chapter is not None and story.scenes[target].chapter != chapter:
                finishing.add(scene_id)  # leaving a replayed chapter finishes it
            elif target in back:
                back[target].append(scene_id)
    return _leading_to(finishing, back)


class MarksBehind:
    """For a scene, the marks of the once-only choices of every scene no path leads from
    to it: a play there has never been where they are taken. Worked out on the graph's
    strongly connected components, each with the set of those that lead to it (a bit each),
    the marks of a component made once."""

    def __init__(self, story: Story) -> None:
        found = components(story)  # each after every one it leads to
        self._of = {scene_id: n for n, members in enumerate(found) for scene_id in members}
        self._before = [0] * len(found)  # by component: a bit for each that leads to it
        self._marks: list[tuple[int, tuple[str, ...]]] = []
        for n in range(len(found) - 1, -1, -1):  # those that lead to it first
            members = found[n]
            leads = {self._of[t] for s in members for t in successors(story, s) if t in self._of}
            if n in leads:  # a loop: its own scenes lead back to it
                self._before[n] |= 1 << n
            for t in leads - {n}:
                self._before[t] |= self._before[n] | 1 << n
            marks = tuple(
                _mark(story.scenes[s], c.id)
                for s in members
                for c in story.scenes[s].choices
                if c.once
            )
            if marks:
                self._marks.append((n, marks))
        self._found: dict[int, frozenset[str]] = {}

    def __call__(self, scene_id: str) -> frozenset[str]:
        n = self._of[scene_id]
        found = self._found.get(n)
        if found is None:
            before = self._before[n]
            found = self._found[n] = frozenset(
                mark for k, marks in self._marks if not before >> k & 1 for mark in marks
            )
        return found
