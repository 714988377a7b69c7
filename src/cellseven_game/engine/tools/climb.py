"""A search for a scene behind a number that must be built up: `money >= 480 and debts == 0`.

An ending a play earns by gathering (coins over forty seasons, pages over thirty wings,
thirty quests of forty) is seldom reached by random playthroughs, and seek.py's searches
wander: every way of getting there looks alike to the scene graph, and the relaxed plan
does not count. This search climbs instead. It ranks each state by how far the numbers its
target's guard compares are from holding (the shortfall), then by how many ways of the
scene graph lie before the next scene that moves one of them (or, once nothing is short,
before the guard's own scene). And of the states alike in all but those numbers, it keeps
only the one nearest to holding: a player with 230 coins at the dawn of the last season
need not be followed when one with 262 was.

That pruning and that order are guesses, and may miss a way a lower count would open; but
whatever the search finds, a real play found (a path of choices from the start), so it is
as good as a playthrough's. It never says a scene is out of reach.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

from cellseven_game.engine.core.condition_ops import _ARITH
from cellseven_game.engine.core.model import AddVar, SetVar, Story
from cellseven_game.engine.play.state import State
from cellseven_game.engine.tools.counters import effects_of, step
from cellseven_game.engine.tools.explorer import Explorer
from cellseven_game.engine.tools.liveness import per_story
from cellseven_game.engine.tools.seek import _guards, children, distances

CLIMB_STATES = 10_000  # states expanded for the targets of one start at least (about 1 s)
# ... or this many for each scene in its reach, when more: the castle bought with the gold
# of forty floors of the outside dungeon (1,000 scenes) is found in 19,600 states, the hit
# points spent on early gold costing plays that die on a later floor.
CLIMB_STATES_A_SCENE = 50
_FAR = 1 << 20

Tree = tuple[Any, ...]


def numbered_ways(story: Story, target: str, first: State) -> list[tuple[str, list[Tree]]]:
    """The ways into `target` whose guard compares a number and is short in `first`: each
    with its scene and those comparisons (the guard's other parts are left to the key)."""
    ways: list[tuple[str, list[Tree]]] = []
    stepped = _stepped(story)
    for _target, source, parts in _guards(story, {target}):
        compared = [
            part
            for part in parts
            if shortfall(part, first) is not None and _built_up(part, stepped)
        ]
        if any(shortfall(part, first) for part in compared):
            ways.append((source, compared))
    return ways


@per_story
def _stepped(story: Story) -> frozenset[str]:
    """The variables some effect moves by a constant (an `add`, or `set: {n: "n + 1"}`)."""
    return frozenset(
        effect.name
        for effect in effects_of(story)
        if isinstance(effect, AddVar | SetVar) and step(effect) is not None
    )


def _built_up(part: Tree, stepped: frozenset[str]) -> bool:
    """Whether a comparison reads a number that is built up: a visit count, or a variable
    moved by a constant. One that reads only variables set outright (dials: `dial_b +
    dial_c >= 5`) is no climb: the search that ranks by its shortfall keeps the dials
    nearest a sum it cannot reach in steps (an outside puzzle's chamber: 10,000 states, 2 s
    of a 6 s `explore`, the door not found, where a plain search finds it in 59)."""
    names, visits = _read([part])
    return bool(visits) or bool(names & stepped)


def shortfall(part: Tree, state: State) -> float | None:
    """How far the comparison `part` is from holding in `state` (0 when it holds), both
    sides worked out as numbers; None when it is no comparison of numbers, or a side is not
    a number (`==` and `!=` too: no distance leads to them)."""
    if part[0] != "cmp":
        return None
    op, left, right = part[1], _number(part[3], state), _number(part[4], state)
    if left is None or right is None:
        return None
    if op == ">=":
        return max(0.0, right - left)
    if op == ">":
        return max(0.0, right - left + 1)
    if op == "<=":
        return max(0.0, left - right)
    if op == "<":
        return max(0.0, left - right + 1)
    return None


def _number(tree: Tree, state: State) -> float | None:
    """An expression's value in `state`, when it is a number worked out from numbers."""
    kind = tree[0]
    if kind == "const":
        value: object = tree[1]
    elif kind == "var":
        value = state.variables.get(tree[1])
    elif kind == "visits":
        value = state.visits.get(tree[1], 0)
    elif kind == "neg":
        inner = _number(tree[2], state)
        return None if inner is None else -inner
    elif kind == "arith":
        a, b = _number(tree[3], state), _number(tree[4], state)
        if a is None or b is None:
            return None
        if tree[1] == "+":
            return a + b
        work = _ARITH.get(tree[1])  # the language's own arithmetic (dividing by 0 gives 0)
        return None if work is None else float(work(a, b))
    else:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _read(parts: list[Tree]) -> tuple[set[str], set[str]]:
    """The variables and the scenes' visit counts the comparisons read."""
    names: set[str] = set()
    visits: set[str] = set()
    todo = list(parts)
    while todo:
        tree = todo.pop()
        if tree[0] == "var":
            names.add(tree[1])
        elif tree[0] in ("visits", "visited"):
            visits.add(tree[1])
        todo.extend(part for part in tree[1:] if isinstance(part, tuple))
    return names, visits


def _movers(story: Story, names: set[str], visits: set[str]) -> set[str]:
    """The scenes where a number read is moved: by an effect of the scene or of one of its
    choices, or (a visit count) by entering it."""
    found = set(visits) & set(story.scenes)
    for scene in story.scenes.values():
        effects = list(scene.effects)
        for choice in scene.choices:
            effects += choice.effects
        if any(isinstance(e, AddVar | SetVar) and e.name in names for e in effects):
            found.add(scene.id)
    return found


def climb(
    story: Story,
    chapter: str | None,
    target: str,
    met: Callable[[State], None],
    first: State,
    budget: int = CLIMB_STATES,
) -> tuple[int, State | None]:
    """Expand states from `first` (entered already), the least short of `target`'s
    numbered guards first (see the module's docstring), telling `met` each state reached,
    until a play enters `target` or `budget` states are expanded. Returns the states
    expanded, and the state of the play that entered `target` (None if none did): the
    searches after may go on from there."""
    ways = numbered_ways(story, target, first)
    if not ways:
        return 0, None
    names, visits = set(), set()
    for _source, parts in ways:
        more_names, more_visits = _read(parts)
        names |= more_names
        visits |= more_visits
    to_move = distances(story, _movers(story, names, visits), chapter)
    to_way = [distances(story, {source}, chapter) for source, _parts in ways]

    def rank(state: State) -> tuple[float, int]:
        best = (float("inf"), _FAR)
        for (_source, parts), near in zip(ways, to_way, strict=True):
            short = sum(shortfall(part, state) or 0.0 for part in parts)
            apart = (to_move if short else near).get(state.scene, _FAR)
            best = min(best, (short, apart))
        return best

    explorer = Explorer(story)

    def key(state: State) -> int:
        """The state's digest without the numbers climbed (see the module's docstring):
        each held as 0 in a copy (`Explorer.key` copies what it changes, not the rest)."""
        if visits:
            bare = Explorer.clone(state)
        else:
            bare = object.__new__(State)  # a shallow copy: only its variables replaced
            bare.__dict__.update(state.__dict__)
        if names:
            values = dict(state.variables)
            for name in names & values.keys():
                values[name] = 0
            bare.variables = values
        for name in visits:
            bare.visits.pop(name, None)
        digest = explorer.key(bare)
        # In a trial, told apart by all of where it stands (as seek.py does).
        return digest if state.trial is None else hash((digest, state.trial))

    start = Explorer.clone(first)
    best: dict[int, float] = {key(start): rank(start)[0]}
    heap: list[tuple[float, int, int, State]] = [(*rank(start), 0, start)]
    count = expanded = 0
    while heap and expanded < budget:
        state = heapq.heappop(heap)[3]
        expanded += 1
        for child in children(story, state):
            met(child)
            if target in child.trail:
                # (its parent when the play ends there: the scene it ended from may lead
                # elsewhere too, the crown beside the champion at the top of the tower)
                return expanded, child if child.status == "playing" else state
            if child.status != "playing":
                continue
            short, apart = rank(child)
            digest = key(child)
            if best.get(digest, float("inf")) <= short:
                continue
            best[digest] = short
            count += 1
            heapq.heappush(heap, (short, apart, count, child))
    return expanded, None
