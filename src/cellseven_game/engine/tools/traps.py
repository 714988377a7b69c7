"""Loops with no way out: on a walk's state graph, between chapters, and in the bare scene
graph (which holds however many states there are, so a capped walk still reports them)."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from cellseven_game.engine.core.links import successors
from cellseven_game.engine.core.model import Story

# Edge targets that are not states: one the cap left unexplored, a move out of the chapter
# (LEAVES - n: by the walk's way out number n).
UNEXPLORED = -1
LEAVES = -2


@dataclass(frozen=True, slots=True)
class Graph:
    """A walk's states as integers: state i is playing or not, its scene is scene_of[i],
    and its edges are targets[offsets[i]:offsets[i + 1]].

    A state with only one way on is not kept: the edge into it goes on to the next state
    kept, and `through` holds (by edge number) the scenes of the states it passed. Each of
    those has the edge's end as its only future, so it loops forever exactly when that end
    does (or when the end is a way out whose arrival does).
    """

    playing: bytearray
    offsets: array[int]
    targets: array[int]
    scene_of: array[int]
    through: dict[int, list[int]]

    def scenes_of(self, states: set[int], ways_out: Iterable[int]) -> set[int]:
        """The scenes of these states and of the states passed on the edges into them or
        into these ways out (by number)."""
        ends = states | {LEAVES - n for n in ways_out}
        scenes = {self.scene_of[i] for i in states}
        targets = self.targets
        for edge, passed in self.through.items():
            if targets[edge] in ends:
                scenes.update(passed)
        return scenes

    def doomed(self, way_out_ok: list[bool]) -> list[int]:
        """States from which nothing leads to an end, a dead end, the unknown, or a way out
        whose arrival is itself not doomed (`way_out_ok`, by way out number)."""
        count = len(self.playing)
        back: list[list[int]] = [[] for _ in range(count)]
        ok = bytearray(count)
        offsets, targets = self.offsets, self.targets
        for source in range(count):
            start, stop = offsets[source], offsets[source + 1]
            if not self.playing[source] or start == stop:
                ok[source] = 1
            for k in range(start, stop):
                target = targets[k]
                if target >= 0:
                    back[target].append(source)
                elif target == UNEXPLORED or way_out_ok[LEAVES - target]:
                    ok[source] = 1
        todo = [i for i in range(count) if ok[i]]
        while todo:
            for j in back[todo.pop()]:
                if not ok[j]:
                    ok[j] = 1
                    todo.append(j)
        return [i for i in range(count) if not ok[i]]


def trapped_in_graph(story: Story, reached: set[str], chapter: str | None) -> set[str]:
    """Reached scenes from which, conditions aside, no path leads to any way out.

    Holds however many states there are, so a capped walk still reports these.
    """
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


def trapped_states(
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
            elif target <= LEAVES:
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


def trapped_arrivals(ends: bytearray, leads_to: list[list[int]]) -> bytearray:
    """Of each arrival at a chapter, whether some way from it leads to an end (1) or every
    way leads round again (0)."""
    back: list[list[int]] = [[] for _ in leads_to]
    for source, targets in enumerate(leads_to):
        for target in targets:
            if target >= 0:
                back[target].append(source)
    ok = bytearray(ends)
    todo = [i for i in range(len(ok)) if ok[i]]
    while todo:
        i = todo.pop()
        for j in back[i]:
            if not ok[j]:
                ok[j] = 1
                todo.append(j)
    return ok
