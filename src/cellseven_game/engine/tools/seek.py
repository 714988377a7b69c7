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
from collections import deque
from collections.abc import Callable
from typing import Any

from cellseven_game.engine.core.conditions import condition_tree
from cellseven_game.engine.core.links import successors
from cellseven_game.engine.core.links import targets as targets_of
from cellseven_game.engine.core.model import (
    AddEvidence,
    AddVar,
    Effect,
    Meet,
    Reveal,
    SetVar,
    Story,
)
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.scene_plan import plan_of
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.tools.escape import hashable
from cellseven_game.engine.tools.explorer import Explorer
from cellseven_game.engine.tools.future import Span, _point, abstract_value, and_parts

SEEK_STATES = 6_000  # states expanded by one search at most (about 0.3 s)
TARGET_SHARE = 2_000  # of them drawn by one target before it is put off (see `seek`)


def distances(story: Story, targets: set[str], chapter: str | None) -> dict[str, int]:
    """Ways of the graph from each scene to the nearest of `targets` (within `chapter`)."""
    back: dict[str, list[str]] = {s: [] for s in story.scenes}
    for source in story.scenes:
        for target in successors(story, source):
            back[target].append(source)
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


def _guards(story: Story, targets: set[str]) -> list[tuple[str, str, list[tuple[Any, ...]]]]:
    """The ways into `targets` from other scenes: (the target, their scene, the parts
    joined by `and` of their condition; none for a `next` or a choice without one). A way
    from a target counts: once the search reaches it, the scenes behind it draw."""
    found: list[tuple[str, str, list[tuple[Any, ...]]]] = []
    for scene in story.scenes.values():
        if scene.next in targets and scene.next != scene.id:
            found.append((scene.next, scene.id, []))
        for choice in scene.choices:
            if choice.goto in targets and choice.goto != scene.id:
                cond = choice.condition
                parts = and_parts(condition_tree(cond)) if cond is not None else []
                found.append((choice.goto, scene.id, parts))
    return found


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


def levels(story: Story, chapter: str | None, first: State) -> dict[str, int]:
    """How many guards deep each scene lies from `first`: the ways taken to it, each
    counted once its guard's needs (`_need`) are met, each need as deep as the first way
    to meet it (a relaxed plan: what a way undoes is not read). A key found in one
    district opening the next, the next district lies deeper; the search goes to the
    shallowest scenes still to reach first, where random play leaves off."""
    wanted: dict[str, set[Any]] = {}
    edges: list[tuple[str, tuple[Effect, ...]]] = []  # (target, effects), as `needs`
    needs: list[set[Fact]] = []
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
            ways += [(target, [], ()) for target in targets_of(story, scene.trial)]
        for target, parts, effects in ways:
            if target not in story.scenes:
                continue
            need = {("s", scene.id)}
            for part in parts:
                fact = _need(part, first)
                if fact is not None:
                    need.add(fact)
                    if fact[0] == "v":
                        wanted.setdefault(fact[1], set()).add(fact[2])
            needs.append(need)
            edges.append((target, effects))
    waiting: dict[Fact, list[int]] = {}
    for n, need in enumerate(needs):
        for fact in need:
            waiting.setdefault(fact, []).append(n)
    missing = [len(need) for need in needs]
    level: dict[Fact, int] = {}
    heap: list[tuple[int, int, Fact]] = [(0, 0, ("s", first.scene))]
    count = 0
    while heap:
        depth, _, fact = heapq.heappop(heap)
        if fact in level:
            continue
        level[fact] = depth
        made: list[Fact] = []
        if fact[0] == "s":
            scene = story.scenes[fact[1]]
            made = _made(scene.effects, wanted)
            made += [("met", name) for name in plan_of(scene).speakers]
        for other in made:
            count += 1
            heapq.heappush(heap, (depth, count, other))
        for n in waiting.get(fact, ()):
            missing[n] -= 1
            if missing[n] == 0:  # every need met: the last, the deepest
                target, effects = edges[n]
                cost = depth + (len(needs[n]) > 1)  # a guard passed: one deeper
                for other in [("s", target), *_made(effects, wanted)]:
                    count += 1
                    heapq.heappush(heap, (cost, count, other))
    return {fact[1]: depth for fact, depth in level.items() if fact[0] == "s"}


def seek(
    story: Story,
    chapter: str | None,
    targets: set[str],
    met: Callable[[State], None],
    budget: int = SEEK_STATES,
    worn: bool = False,
    starts: list[State] | None = None,
) -> int:
    """Expand states from the start, nearest to `targets` first, telling `met` each state
    reached (playing or not), until every target scene is reached or `budget` states are
    expanded. Returns the states expanded. `starts`: states real plays reached, expanded
    as the start is (the distances are read in the graph, whatever its conditions: from
    the start, a scene deep in the story may look near though a long way of guards is
    before it).

    `worn`: the targets are scenes where a loop may trap a play, which happens once the
    ways out are used up: states with more once-only choices taken go first, and a target
    reached does not end the search."""
    near = distances(story, targets, chapter)
    first = initial_state(story, chapter)
    Runtime(story, first).enter(first.scene)
    # Best first: the shallowest target (see `levels`), then the fewest parts of a way in's
    # condition still false, then the fewest ways to it.
    deep = levels(story, chapter, first) if not worn else {}
    apart_from: dict[str, dict[str, int]] = {}  # distances to a scene, for each way's scene
    ways_in = [
        (deep.get(target, 1 << 20), target, s, parts)
        for target, s, parts in (_guards(story, targets) if not worn else ())
    ]
    ways_in.sort(key=lambda way: way[0])
    left = set(targets) - {first.scene}
    active = [way for way in ways_in if way[1] in left]  # into the targets left

    def rank(state: State) -> tuple[int, str | None]:
        """How far `state` is from the targets still left, and the one it is nearest."""
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
            if apart is not None:
                false = sum(1 for part in parts if not _holds(part, state))
                here = (level << 20) + min(8 * false + apart, 1 << 19)
                if here < best:
                    best, drawn, shallowest = here, target, level
        return best, drawn

    explorer = Explorer(story)
    met(first)
    # The first state met at each scene: where the search starts again each time the
    # shallowest targets are all reached (or given up), the next lying deeper.
    pool = {first.scene: (first, explorer.key(first))}
    for state in starts or ():
        if state.status == "playing" and state.scene not in pool:
            pool[state.scene] = (state, explorer.key(state))
    seen: set[int] = set()
    heap: list[tuple[int, int, State]] = []
    count = expanded = 0

    def restart() -> None:
        nonlocal count
        seen.clear()
        heap.clear()
        for state, key in pool.values():
            if key not in seen:
                seen.add(key)
                count += 1
                heap.append((rank(state)[0], count, state))
        heapq.heapify(heap)

    restart()
    floor = active[0][0] if active else None
    spent: dict[str | None, int] = {}  # states expanded drawn by each target
    share = TARGET_SHARE
    deferred: set[str] = set()  # targets given up past their share, for now
    entered: set[str] = set()
    while heap and expanded < budget:
        if not worn:
            if not left:
                # Every target reached or given up: those given up are tried again, each
                # with twice the share (a sequence of events in one order may need it).
                left, deferred = deferred - entered, set()
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
        ranked, _, state = heapq.heappop(heap)
        now, drawn = rank(state)
        if now > ranked:
            # Ranked when a target since reached (or given up) drew it: ranked anew.
            count += 1
            heapq.heappush(heap, (now, count, state))
            continue
        if drawn is not None:
            # A target the search cannot reach (or not soon) would draw it for good:
            # given up past its share, the others may be reached.
            spent[drawn] = spent.get(drawn, 0) + 1
            if spent[drawn] > share:
                left.discard(drawn)
                deferred.add(drawn)
        expanded += 1
        parent = Runtime(story, state)
        for option in parent._options():
            if not option.enabled:
                continue
            child = Explorer.clone(state)
            child.trail = []
            runtime = Runtime(story, child)
            runtime._take(option)
            met(child)
            entered.update(child.trail)
            left.difference_update(child.trail)
            if child.status != "playing":
                continue
            key = explorer.key(child)
            if child.scene not in pool:
                pool[child.scene] = (child, key)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            heapq.heappush(heap, (rank(child)[0], count, child))
    return expanded
