"""A trap proven by walking every state on from one: exact, where the readings are not.

future.py and escape.py read what values a play can hold at each scene, each value apart
from the others: a room whose way out needs a flag that a once-only choice used up long
ago, or a token count the whole hub can raise but this play no longer can, reads as open to
them. Walking every state on from a play's state (each kept once, by the walk's key) is
exact, and cheap when the play is already trapped: few states are left to it. One that can
still finish most often finishes within a few states, and the walk stops there.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.state import State
from cellseven_game.engine.tools.explorer import Explorer
from cellseven_game.engine.tools.seek import children, search_key


class Closure(NamedTuple):
    """What walking on from a state showed: the scenes of every state on, when none
    finishes (all trapped); whether one was seen to finish (then the state is not trapped);
    and the states expanded. Neither, when there were too many to walk."""

    trapped: set[str] | None
    finishes: bool
    spent: int


def closed_trap(story: Story, state: State, most: int, explorer: Explorer | None = None) -> Closure:
    """Every state on from `state` (a copy is walked), breadth first, each kept once by
    the searches' key, until one ends, stops, leaves a chapter replayed by name or has no
    way on, or more than `most` are met."""
    explorer = explorer or Explorer(story)
    scenes = {state.scene}
    seen = {search_key(explorer, state)}
    todo = deque([state])
    expanded = 0
    while todo:
        here = todo.popleft()
        expanded += 1
        ways = 0
        for child in children(story, here):
            ways += 1
            if child.status != "playing":
                return Closure(None, True, expanded)  # an end, a stop or a way out
            scenes.update(child.trail)
            key = search_key(explorer, child)
            if key not in seen:
                if len(seen) >= most:
                    return Closure(None, False, expanded)  # too many to tell
                seen.add(key)
                todo.append(child)
        if not ways:
            # No way on and still playing (a hearing with nothing left to present): the
            # walk does not count it a dead end; nothing is claimed either way.
            return Closure(None, False, expanded)
    return Closure(scenes, False, expanded)
