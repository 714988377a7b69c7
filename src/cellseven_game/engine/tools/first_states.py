"""The first state the playthroughs met at each scene (witnessed.py), where seek.py starts its
searches again and a ruling's later plays go on from.

A play's visit counts and once-only marks only grow, one scene and one choice a step, so the
states along one play share all but their last few entries. A copy at each new scene, as
before, cost as the square of a play's length: the first states of a play through a chain
of 3,000 scenes, each choice once-only, held 4.5 million visit counts and as many marks
(362 MiB at the peak; 3.8 GB at 10,000). Here each is kept as the rest of the state
(variables, evidence, people met, facts: what a story declares, not what a play has done)
and how far along the play's trail and the marks it took it was; its visits and marks are
worked out when it is asked for: the same dictionary, in the same order, and the same set
a copy then would have held.
"""

from __future__ import annotations

from collections.abc import Iterator

from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import Option, State


class Begun:
    """What a play held as it began (its visits and marks then, where its trail stood: the
    runtime only appends to it), and each once-only mark it has taken since, in turn."""

    __slots__ = ("marks", "taken", "trail", "trail_at", "visits")

    def __init__(self, state: State) -> None:
        self.visits = dict(state.visits)
        self.marks = set(state.taken)
        self.trail, self.trail_at = state.trail, len(state.trail)
        self.taken: list[str] = []

    def take(self, runtime: Runtime, option: Option) -> None:
        """`runtime` takes `option`; the mark it adds, if any, noted."""
        state = runtime.state
        count, scene_id = len(state.taken), state.scene
        runtime._take(option)
        if len(state.taken) != count and option.choice is not None:
            self.taken.append(f"{scene_id}/{option.choice.id}")


class FirstStates:
    """The first state met at each scene, by scene (see the module's docstring)."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[State, Begun, int, int]] = {}  # ... trail, marks

    def keep(self, state: State, begun: Begun) -> None:
        """Keep `state`, a play begun as `begun` says, as the first state at its scene."""
        rest = State(
            scene=state.scene,
            variables=dict(state.variables),
            visits={},
            evidence=dict(state.evidence),
            met=dict(state.met),
            facts=dict(state.facts),
            taken=set(),
            status=state.status,
            ending=state.ending,
            chapter=state.chapter,
            trial=state.trial,
        )
        self._kept[state.scene] = (rest, begun, len(state.trail), len(begun.taken))

    def __contains__(self, scene_id: object) -> bool:
        return scene_id in self._kept

    def get(self, scene_id: str) -> State | None:
        """A copy of the first state at `scene_id` (None: no play was there)."""
        held = self._kept.get(scene_id)
        return None if held is None else _made(*held)

    def values(self) -> Iterator[State]:
        """A copy of each, in the order they were met."""
        for held in self._kept.values():
            yield _made(*held)


def _made(rest: State, begun: Begun, trail_at: int, taken_at: int) -> State:
    """The state kept as `rest`, with the visits and marks of its play up to that point."""
    visits = dict(begun.visits)
    for scene_id in begun.trail[begun.trail_at : trail_at]:
        visits[scene_id] = visits.get(scene_id, 0) + 1
    taken = set(begun.marks)
    taken.update(begun.taken[:taken_at])
    return State(
        scene=rest.scene,
        variables=dict(rest.variables),
        visits=visits,
        evidence=dict(rest.evidence),
        met=dict(rest.met),
        facts=dict(rest.facts),
        taken=taken,
        status=rest.status,
        ending=rest.ending,
        chapter=rest.chapter,
        trial=rest.trial,
    )
