"""What a once-only way tells of a play back at its own scene, read on the ways that can open.

graph_bounds.lasting reads the bare scene graph: a way back from a room counts even when
its condition can never hold. Here the graph is only the ways whose conditions may hold
with the values a play can bring to their scenes (escape.py's reading), and from it:

- **marks never held at their scene** (`cut_off`): a once-only way into a room from which
  no way that can open leads back (a deep room whose draught needs the window shut, and
  every play forced it on the way in): had it been taken, the play would be stuck there or
  gone on, never back at the hall; so at the hall it is open whenever its condition holds.
- **scenes passed on every way back** (`WaysBack`): a room whose only way back to the
  hall goes through its passage, which lights the torch for good. A play at the hall that
  took the room's way has been through the passage: with the torch known out, the way is
  known unused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Iterable, Mapping

from cellseven_game.engine.core.model import Story
from cellseven_game.engine.tools.liveness import components

# Scenes in a loop past which the scenes on every way back are not read (a town's streets,
# all one loop, each district's hub read through all of them: 2 s of a 1,000-scene town).
MOST_SCENES = 200


def cut_off(
    edges: Mapping[str, list[str]],
    once_ways: Iterable[tuple[str, str, str]],
    part: Mapping[str, int],
) -> set[str]:
    """The marks of the once-only ways (mark, scene, where it goes) that never lead back
    to their scene: where they go is in another component of `edges` (`part`, by scene),
    or never entered, or the way itself can never open (it is not among `edges`)."""
    found: set[str] = set()
    for mark, scene_id, target in once_ways:
        if target not in edges.get(scene_id, ()) or part.get(target) != part.get(scene_id):
            found.add(mark)
    return found


class Joined:
    """Two sets read as one (`in` only): the story's lasting marks and the few a chapter's
    reading adds, without copying the story's for each of its chapters."""

    __slots__ = ("first", "more")

    def __init__(self, first: Container[str], more: Container[str]) -> None:
        self.first, self.more = first, more

    def __contains__(self, item: object) -> bool:
        return item in self.first or item in self.more


def parts(story: Story, edges: Mapping[str, list[str]]) -> dict[str, int]:
    """Each scene's strongly connected component of `edges`, by number."""
    part: dict[str, int] = {}
    for number, component in enumerate(components(story, edges, edges.keys())):
        for scene_id in component:
            part[scene_id] = number
    return part


class WaysBack:
    """For each once-only way (mark, scene, where it goes) that can lead back to its scene,
    the scenes every way back passes through, where it goes first among them (the
    dominators of the way's end in the component's ways reversed, from its scene): worked
    out for a scene when one of its ways is first asked about (a story of 76 chapters has
    thousands of hubs' rooms, most never asked about)."""

    def __init__(
        self,
        edges: Mapping[str, list[str]],
        once_ways: Iterable[tuple[str, str, str]],
        part: Mapping[str, int],
    ) -> None:
        self.by_scene: dict[str, list[tuple[str, str]]] = {}
        for mark, scene_id, target in once_ways:
            if target in edges.get(scene_id, ()) and part.get(target) == part.get(scene_id):
                self.by_scene.setdefault(scene_id, []).append((mark, target))
        self.edges, self.part = edges, part
        self.sizes = Counter(part.values())
        self._back: dict[str, list[str]] | None = None  # each component's ways, reversed
        self.found: dict[str, list[str]] = {}

    def passed(self, mark: str) -> list[str] | None:
        """The scenes on every way back for this mark's way; None when it never leads back
        (or its loop is too long to read: MOST_SCENES)."""
        scene_id = mark.rsplit("/", 1)[0]
        ways = self.by_scene.pop(scene_id, None)
        if ways is not None and self.sizes[self.part[scene_id]] <= MOST_SCENES:
            if self._back is None:
                self._back = {}
                for source, targets in self.edges.items():
                    for target in targets:
                        if self.part.get(target) == self.part.get(source):
                            self._back.setdefault(target, []).append(source)
            idom = _dominators(scene_id, self._back)
            for way, target in ways:
                chain: list[str] = []
                at = target
                while at != scene_id and at in idom:
                    chain.append(at)
                    at = idom[at]
                self.found[way] = chain
        return self.found.get(mark)


def _dominators(root: str, after: Mapping[str, list[str]]) -> dict[str, str]:
    """The immediate dominator of each node reached from `root` along `after` (Cooper,
    Harvey and Kennedy's iteration over the reverse postorder)."""
    order: list[str] = []
    seen = {root}
    work: list[tuple[str, int]] = [(root, 0)]
    while work:
        node, i = work[-1]
        nexts = after.get(node, [])
        if i < len(nexts):
            work[-1] = (node, i + 1)
            target = nexts[i]
            if target not in seen:
                seen.add(target)
                work.append((target, 0))
            continue
        work.pop()
        order.append(node)
    order.reverse()
    rank = {node: n for n, node in enumerate(order)}
    before: dict[str, list[str]] = {node: [] for node in order}
    for node in order:
        for target in after.get(node, []):
            before[target].append(node)
    idom = {root: root}

    def meet(a: str, b: str) -> str:
        while a != b:
            while rank[a] > rank[b]:
                a = idom[a]
            while rank[b] > rank[a]:
                b = idom[b]
        return a

    changed = True
    while changed:
        changed = False
        for node in order[1:]:
            new: str | None = None
            for source in before[node]:
                if source in idom:
                    new = source if new is None else meet(source, new)
            if new is not None and idom.get(node) != new:
                idom[node] = new
                changed = True
    del idom[root]
    return idom
