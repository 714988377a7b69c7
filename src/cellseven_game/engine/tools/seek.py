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
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.tools.explorer import Explorer
from cellseven_game.engine.tools.future import Span, _point, abstract_value, and_parts

SEEK_STATES = 6_000  # states expanded by one search at most (about 0.3 s)


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
    """The ways into `targets` from scenes outside them: (the target, their scene, the parts
    joined by `and` of their condition; none for a `next` or a choice without one)."""
    found: list[tuple[str, str, list[tuple[Any, ...]]]] = []
    for scene in story.scenes.values():
        if scene.id in targets:
            continue
        if scene.next in targets:
            found.append((scene.next, scene.id, []))
        for choice in scene.choices:
            if choice.goto in targets:
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


def seek(
    story: Story,
    chapter: str | None,
    targets: set[str],
    met: Callable[[State], None],
    budget: int = SEEK_STATES,
    worn: bool = False,
) -> int:
    """Expand states from the start, nearest to `targets` first, telling `met` each state
    reached (playing or not), until every target scene is reached or `budget` states are
    expanded. Returns the states expanded.

    `worn`: the targets are scenes where a loop may trap a play, which happens once the
    ways out are used up: states with more once-only choices taken go first, and a target
    reached does not end the search."""
    near = distances(story, targets, chapter)
    # Best first: fewest parts of a way in's condition still false, then fewest ways to it.
    ways_in = [
        (target, distances(story, {s}, chapter), parts)
        for target, s, parts in _guards(story, targets)
    ]

    def rank(state: State) -> int:
        if worn:
            return 64 * near.get(state.scene, 1 << 20) - len(state.taken)
        # Not the plain distance to the targets: behind a guard, it would rank a state at
        # the guard with every part false before one with each part made true.
        best = 1 << 20
        for target, way_near, parts in ways_in:
            if target not in left:
                continue  # reached: no longer drawing the search
            apart = way_near.get(state.scene)
            if apart is not None:
                false = sum(1 for part in parts if not _holds(part, state))
                best = min(best, 8 * false + apart)
        return best

    explorer = Explorer(story)
    first = initial_state(story, chapter)
    Runtime(story, first).enter(first.scene)
    met(first)
    left = set(targets) - {first.scene}
    seen = {explorer.key(first)}
    heap: list[tuple[int, int, State]] = [(rank(first), 0, first)]
    count = expanded = 0
    while heap and (left or worn) and expanded < budget:
        _, _, state = heapq.heappop(heap)
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
            left -= set(child.trail)
            if child.status != "playing":
                continue
            key = explorer.key(child)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            heapq.heappush(heap, (rank(child), count, child))
    return expanded
