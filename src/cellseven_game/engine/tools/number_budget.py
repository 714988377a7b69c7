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
from collections.abc import Iterable, Mapping
from typing import TypeGuard

from cellseven_game.engine.core.model import AddVar, Effect, SetVar, Story
from cellseven_game.engine.tools.counters import effects_of, step
from cellseven_game.engine.tools.liveness import per_story

INF = math.inf
Change = tuple[str | None, bool | None, AddVar | SetVar]  # see `_number_changes`


def number_budget(
    story: Story,
    values: Mapping[str, object],
    entries: Mapping[str, float],
    here: str,
    chapter: str | None = None,
) -> dict[str, tuple[float, float]]:
    """For each number in `values` (a play's state at the scene `here`, entered already:
    its own effects have run, its choices not) that some effect changes, the least and most
    it can hold from then on; `entries` is how often each scene can be entered, `here`'s
    entry counted (graph_bounds.entries_along). A number no effect changes is left out (it
    keeps its value). With `chapter` (replayed by name: a play never enters another's
    scenes), only its own scenes' effects and the trials' are read."""
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    rise: dict[str, float] = {}
    fall: dict[str, float] = {}
    for name, value in values.items():
        if _a_number(value):
            low[name] = high[name] = float(value)
            rise[name] = fall[name] = 0.0

    changes = _number_changes(story) if chapter is None else _chapter_changes(story, chapter)
    for scene_id, once, effect in changes:
        # A scene's effects run as often as it is entered (those of `here`, entered
        # already, once less), a choice's at most as often, a once-only one's once, a
        # trial's (scene None) any number of times.
        name = effect.name
        if name not in low:
            continue
        if scene_id is None:
            times = INF
        else:
            times = entries.get(scene_id, INF)
            if once is None:
                times -= scene_id == here
            elif once:
                times = min(times, 1.0)
        if times <= 0:
            continue
        amount = step(effect)  # (`set: {n: "n - 1"}` as `add: {n: -1}`)
        if amount is None and isinstance(effect, SetVar):
            value = effect.value
            if (
                effect.expr is not None
                or not isinstance(value, int | float)
                or isinstance(value, bool)
            ):
                low[name], high[name] = -INF, INF  # (a value worked out: anything)
            else:
                low[name] = min(low[name], float(value))
                high[name] = max(high[name], float(value))
        elif amount is None:
            rise[name] = fall[name] = INF
        elif amount > 0:
            rise[name] += amount * times
        elif amount < 0:
            fall[name] -= amount * times
    bounds = {name: (low[name] - fall[name], high[name] + rise[name]) for name in low}
    return {name: span for name, span in bounds.items() if span[0] != span[1]}


def _a_number(value: object) -> TypeGuard[int | float]:
    """Whether `value` is a number (not a flag: `True` is an `int` to Python)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


@per_story
def _number_changes(story: Story) -> list[Change]:
    """Every effect that sets or adds to a variable: its scene (None for a trial's), and
    whether it is a choice's once-only one (None for a scene's own). Few beside the
    scenes: worked out once a story, read for each chapter's reading (a town of 249
    districts asks 251 times)."""
    found: list[Change] = []

    def add(scene_id: str | None, once: bool | None, effects: Iterable[Effect]) -> None:
        found.extend((scene_id, once, e) for e in effects if isinstance(e, AddVar | SetVar))

    for scene in story.scenes.values():
        add(scene.id, None, scene.effects)
        for choice in scene.choices:
            add(scene.id, choice.once, choice.effects)
    add(None, None, effects_of(story, scenes=()))  # (only the trials')
    return found


def _chapter_changes(story: Story, chapter: str) -> list[Change]:
    """`_number_changes` of one chapter's scenes, and the trials'."""
    by_chapter = _changes_by_chapter(story)
    return [*by_chapter.get(chapter, ()), *by_chapter.get(None, ())]


@per_story
def _changes_by_chapter(story: Story) -> dict[str | None, list[Change]]:
    """`_number_changes` by the chapter of their scene (None: a trial's)."""
    found: dict[str | None, list[Change]] = {}
    for change in _number_changes(story):
        chapter = None if change[0] is None else story.scenes[change[0]].chapter
        found.setdefault(chapter, []).append(change)
    return found
