"""The states a play can be in at the scenes before any loop: few, and each one known.

A scene that no loop leads to is entered at most once in a play, from the start along ways
that never come back, so the states there are as many as the ways to it: a path up and a
tower door, each passed boldly or carefully, bring four to the rocks below a lighthouse.
escape.py proves each of them free on its own (`Escape.only_states`), where what any state
there could hold (every flag either way) leaves it no strategy; witnessed.py asks future.py
whether each is trapped (one that never pours the oil the way out needs may be).
"""

from __future__ import annotations

from collections.abc import Hashable

from cellseven_game.engine.core.links import successors
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.runtime import Unshown
from cellseven_game.engine.play.state import State
from cellseven_game.engine.tools.explorer import Explorer
from cellseven_game.engine.tools.liveness import components, per_story

MOST_STATES = 64  # states before the loops read, at most (else none are)


@per_story
def after_loops(story: Story) -> set[str]:
    """The scenes of a loop of the scene graph and every scene one leads to."""
    found: set[str] = set()
    for component in components(story):
        if len(component) > 1 or component[0] in successors(story, component[0]):
            found.update(component)
    todo = list(found)
    while todo:
        for target in successors(story, todo.pop()):
            if target not in found:
                found.add(target)
                todo.append(target)
    return found


def states_before_loops(
    story: Story, first: State, most: int = MOST_STATES
) -> dict[str, list[State]]:
    """Every state a play from `first` (entered already) can be in at each scene no loop
    leads to, as it has just entered it; {} past `most` states, or when a trial is on the
    way (its hearing's moves are not played here)."""
    looping = after_loops(story)
    if first.scene in looping:
        return {}
    found: dict[str, list[State]] = {}
    seen: set[Hashable] = set()
    todo = [first]
    runtime = Unshown(story, first)
    while todo:
        state = todo.pop()
        key = _key(state)
        if key in seen:
            continue
        seen.add(key)
        if len(seen) > most or story.scenes[state.scene].trial is not None:
            return {}
        found.setdefault(state.scene, []).append(state)
        runtime.state = state
        for option in runtime.options():
            if not option.enabled:
                continue
            runtime.state = Explorer.clone(state)
            runtime._take(option)
            child = runtime.state
            if child.status == "playing" and child.scene not in looping:
                todo.append(child)
    return found


def _key(state: State) -> Hashable:
    return (
        state.scene,
        repr(sorted(state.variables.items())),
        tuple(sorted(state.visits.items())),
        repr(sorted(state.evidence.items())),
        repr(sorted(state.met.items())),
        repr(sorted(state.facts.items())),
        frozenset(state.taken),
    )
