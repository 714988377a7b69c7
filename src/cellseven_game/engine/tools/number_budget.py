"""The least and most a number can hold in one play, from how often each way that changes
it can run.

A range read forward through a hub (escape.py `_spread`) grows at each round of a loop
that adds to a number, and is widened to infinity: coins found in the porters' stair are
read as rising without end, though its way in is once-only and the stair is entered once.
Yet a play enters each scene at most as often as graph_bounds.entries_along allows (the
stair once), and takes a once-only choice at most once. So a number can rise by no more
than the amounts added by the scenes and choices that add to it, each as often as it can
run, and fall by no more than those taken off: coins 0 at the start, one at the station
steps, one behind the boiler house's forced door and one in the porters' stair are never
more than 3, and a last train's `coins >= 5` never holds.

A `set` to a constant starts it again from that constant (the bound is the widest of the
start and every constant set, plus all that can be added after); a `set` computed from
other values, an amount worked out at play, or a trial's effect on it leaves that side
unbounded. Sound for every play from the state it is worked out from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from cellseven_game.engine.core.model import AddVar, Effect, SetVar, Story
from cellseven_game.engine.tools.counters import effects_of

INF = math.inf


def number_budget(
    story: Story, values: Mapping[str, object], entries: Mapping[str, float], here: str
) -> dict[str, tuple[float, float]]:
    """For each number in `values` (a play's state at the scene `here`, entered already:
    its own effects have run, its choices not) that some effect changes, the least and most
    it can hold from then on; `entries` is how often each scene can be entered, `here`'s
    entry counted (graph_bounds.entries_along). A number no effect changes is left out (it
    keeps its value)."""
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    rise: dict[str, float] = {}
    fall: dict[str, float] = {}
    for name, value in values.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            low[name] = high[name] = float(value)
            rise[name] = fall[name] = 0.0

    def runs(effects: tuple[Effect, ...], times: float) -> None:
        for effect in effects:
            name = effect.name if isinstance(effect, AddVar | SetVar) else None
            if name not in low or times == 0:
                continue
            if isinstance(effect, SetVar):
                value = effect.value
                if effect.expr is not None or not isinstance(value, int | float):
                    low[name], high[name] = -INF, INF  # (a value worked out: anything)
                else:
                    low[name] = min(low[name], float(value))
                    high[name] = max(high[name], float(value))
            elif isinstance(effect, AddVar):
                if effect.expr is not None:
                    rise[name] = fall[name] = INF
                elif effect.amount > 0:
                    rise[name] += effect.amount * times
                elif effect.amount < 0:
                    fall[name] -= effect.amount * times

    for scene in story.scenes.values():
        times = entries.get(scene.id, INF)
        runs(scene.effects, times - 1 if scene.id == here else times)
        for choice in scene.choices:
            # A choice runs at most as often as its scene is entered, a once-only one once.
            runs(choice.effects, min(times, 1.0) if choice.once else times)
    runs(tuple(effects_of(story, scenes=())), INF)  # (only the trials': any number of times)
    bounds = {name: (low[name] - fall[name], high[name] + rise[name]) for name in low}
    return {name: span for name, span in bounds.items() if span[0] != span[1]}
