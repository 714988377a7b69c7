"""Loops with no way out that span chapters, on story_walk's groups of arriving players.

story_walk keeps the players arriving at a chapter in groups, alike in all but some
counters, each group with the set of counter values that arrive (boxes.py). A player loops
forever when no end can be reached from where they are: inside their chapter's walk, nor
through any way out into the next chapter's players. Most stories have no such player, and
that is proven group by group: a group is safe when each of its walks reaches an end itself
or has a way out into a safe group (the whole set of values each way out leads to arrives
there, all safe). Only when some group is not proven safe so are the players counted one
by one, as the plain walk would.
"""

from __future__ import annotations

from dataclasses import dataclass

from cellseven_game.engine.tools.boxes import Box
from cellseven_game.engine.tools.explorer import Explorer, Walk
from cellseven_game.engine.tools.traps import trapped_arrivals

Moves = tuple[tuple[int, bool, int], ...]  # how a way out moves the counters (Box.move)


@dataclass(slots=True)
class Node:
    """A group at one value of the counters its chapter reads: its walk and its ways out."""

    ends: bool  # an end (or a dead end) is reachable without leaving, or nothing is proven
    walk: Walk | None
    exits: list[tuple[int, Moves]]  # by way out of the walk: the group it leads to


@dataclass(frozen=True, slots=True)
class Arrived:
    """What the trap check needs of a group: its scene, its values, and which of them were
    left unwalked (past the cap), and the counters its chapter reads."""

    scene: str
    mask: int
    pending: int
    axes: tuple[int, ...]


def story_traps(
    explorer: Explorer,
    box: Box,
    result: Walk,
    groups: list[Arrived],
    nodes: dict[tuple[int, tuple[int, ...]], Node],
) -> None:
    """Add to `result.trapped` the scenes of players who can never reach an end."""
    count = len(groups)
    members: list[list[Node]] = [[] for _ in range(count)]
    safe = bytearray(count)
    for g, group in enumerate(groups):
        if group.pending:
            safe[g] = 1  # not walked (the cap): nothing is proven about it
        for combo, _ in box.combos(group.mask, group.axes):
            node = nodes.get((g, combo))
            if node is None:
                safe[g] = 1
            else:
                members[g].append(node)
    back: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    left = [0] * count  # nodes of the group not yet proven safe
    for g in range(count):
        if safe[g]:
            continue
        for i, node in enumerate(members[g]):
            if not node.ends:
                left[g] += 1
                for target, _ in node.exits:
                    back[target].append((g, i))
        if not left[g]:
            safe[g] = 1
    done: set[tuple[int, int]] = set()
    todo = [g for g in range(count) if safe[g]]
    while todo:
        for g, i in back[todo.pop()]:
            if safe[g] or (g, i) in done:
                continue
            done.add((g, i))
            left[g] -= 1
            if not left[g]:
                safe[g] = 1
                todo.append(g)
    if all(safe):
        return
    _one_by_one(explorer, box, result, groups, nodes)


def _one_by_one(
    explorer: Explorer,
    box: Box,
    result: Walk,
    groups: list[Arrived],
    nodes: dict[tuple[int, tuple[int, ...]], Node],
) -> None:
    """The trap check on every arriving player (a group and one value of its counters)."""
    ids: dict[tuple[int, int], int] = {}
    order: list[tuple[int, int, tuple[int, ...]]] = []
    for g, group in enumerate(groups):
        for bit, values in box.values(group.mask):
            ids[g, bit] = len(order)
            order.append((g, bit, values))
    ends = bytearray(len(order))
    leads_to: list[list[int]] = []
    walk_of: list[Walk | None] = []
    for n, (g, bit, values) in enumerate(order):
        group = groups[g]
        node = nodes.get((g, tuple(values[a] for a in group.axes)))
        if node is None or group.pending & bit:
            ends[n] = 1  # past the cap: not proven a trap
            leads_to.append([])
            walk_of.append(None)
            continue
        ends[n] = node.ends
        leads_to.append([ids.get((t, box.move_one(values, moves)), -1) for t, moves in node.exits])
        walk_of.append(node.walk)
    ok = trapped_arrivals(ends, leads_to)
    result.trapped |= {groups[order[n][0]].scene for n in range(len(order)) if not ok[n]}
    scene_ids = explorer.scene_ids
    seen: set[tuple[int, tuple[bool, ...]]] = set()
    for n, walk in enumerate(walk_of):
        # Inside a chapter, a state whose every way out arrives somewhere doomed is doomed.
        way_out_ok = tuple(target < 0 or bool(ok[target]) for target in leads_to[n])
        if walk is None or walk.graph is None or all(way_out_ok):
            continue
        if (id(walk), way_out_ok) in seen:
            continue
        seen.add((id(walk), way_out_ok))
        doomed = set(walk.graph.doomed(list(way_out_ok)))
        bad = (i for i, fine in enumerate(way_out_ok) if not fine)
        result.trapped |= {scene_ids[i] for i in walk.graph.scenes_of(doomed, bad)}
