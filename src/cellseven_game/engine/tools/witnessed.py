"""`explore` without walking every state, where playthroughs and the scene graph prove it all.

A hub whose rooms keep their own once-only choices has a state space that is the product of
its rooms (about ×4.6 a room for `packs.py hub`): millions of states for ten rooms, though
every finding is plain after a few hundred playthroughs. This module proves the findings
instead of walking the states, when it can:

- **Loops with no way out.** A once-only choice is taken at most once in a play (nothing
  gives a mark back). So when every loop of the scene graph uses a once-only choice (no
  loop made only of `next`, sticky choices and trials), every play is finite and ends
  somewhere: no state can loop forever. Stories with a trial are not tried here.
- **Unreached scenes.** A scene a playthrough entered is reached; a scene no path of the
  scene graph leads to is not. Any other scene leaves the question open.
- **Dead ends.** A playthrough that stopped somewhere found one. A scene cannot be one when
  it ends the story, has a `next`, or has a sticky choice with no condition; nor when it
  cannot be entered often enough: stopping there needs each unconditional once-only choice
  of it taken on an earlier visit, and a scene entered only by once-only choices is entered
  at most once for each. Any other scene not found stuck leaves the question open.
- **Endings and chapter ends** are those of the scenes reached (with no trial, no ruling).

Each chapter replayed by name, and the whole story from its start, is settled this way or
not at all: while a question is open after the playthroughs, `explore` walks every state as
before. What is reported is what is proven either way.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from cellseven_game.engine.core.links import successors
from cellseven_game.engine.core.model import Scene, Story
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import initial_state

MAX_PLAYS = 4_000  # playthroughs from one start before its questions are left open
PATIENCE = 1_000  # playthroughs with nothing new found before giving up early
MAX_STEPS = 10_000  # choices in one playthrough (every play ends: a bound, not a cut)
# Choices in all the playthroughs from one start: past this, the walk of the states is left
# to answer (a long story whose questions stay open must not cost more here than there).
STEP_BUDGET = 200_000


@dataclass
class Witnessed:
    """What the playthroughs from one start showed, and whether that proves all of it."""

    plays: int = 0
    reached: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    chapter_ends: set[str] = field(default_factory=set)
    dead_ends: set[str] = field(default_factory=set)
    settled: bool = False


def every_play_ends(story: Story) -> bool:
    """True when every loop of the scene graph takes a once-only choice (and no trial)."""
    if any(scene.trial is not None for scene in story.scenes.values()):
        return False
    repeatable: dict[str, list[str]] = {}
    for scene_id, scene in story.scenes.items():
        ways = [c.goto for c in scene.choices if not c.once]
        if scene.next is not None:
            ways.append(scene.next)
        repeatable[scene_id] = [s for s in ways if s in story.scenes]
    return not _has_cycle(repeatable)


def _has_cycle(graph: dict[str, list[str]]) -> bool:
    """Kahn's algorithm: a cycle is what is left once no scene without a way in remains."""
    ways_in = dict.fromkeys(graph, 0)
    for targets in graph.values():
        for target in targets:
            ways_in[target] += 1
    todo = [s for s, n in ways_in.items() if n == 0]
    removed = 0
    while todo:
        scene_id = todo.pop()
        removed += 1
        for target in graph[scene_id]:
            ways_in[target] -= 1
            if ways_in[target] == 0:
                todo.append(target)
    return removed < len(graph)


def _mark(scene: Scene, choice_id: str) -> str:
    return f"{scene.id}/{choice_id}"


def entries_at_most(story: Story, start: str, taken: Iterable[str]) -> dict[str, float]:
    """How many times each scene can be entered in one play from `start` (math.inf: any
    number): once for each once-only choice leading there, not yet taken."""
    held = set(taken)
    bound: dict[str, float] = dict.fromkeys(story.scenes, 0)
    bound[start] = 1
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.goto in bound and not (choice.once and _mark(scene, choice.id) in held):
                bound[choice.goto] += 1 if choice.once else math.inf
        if scene.next is not None and scene.next in bound:
            bound[scene.next] = math.inf
    return bound


def may_stop(scene: Scene, entries: float, taken: Iterable[str]) -> bool:
    """Whether a play could stop at `scene` with nothing to choose (see the docstring)."""
    if scene.end is not None or scene.next is not None or scene.trial is not None:
        return False
    held = set(taken)
    needed = 1  # the visit that stops, and one before it for each choice always offered
    for choice in scene.choices:
        if choice.condition is not None:
            continue
        if not choice.once:
            return False
        if _mark(scene, choice.id) not in held:
            needed += 1
    return entries >= needed


def reachable(story: Story, start: str, chapter: str | None) -> set[str]:
    """Scenes a path of the scene graph leads to from `start`, conditions aside (within
    `chapter` when it is given: a replayed chapter stops at its edge)."""
    seen = {start}
    todo = deque([start])
    while todo:
        for target in successors(story, todo.popleft()):
            if target in seen:
                continue
            if chapter is not None and story.scenes[target].chapter != chapter:
                continue
            seen.add(target)
            todo.append(target)
    return seen


def witness(story: Story, chapter: str | None) -> Witnessed:
    """Seeded playthroughs of the whole story (`chapter` None) or of one chapter replayed by
    name, until they prove every finding (see the docstring) or stop finding anything."""
    first = initial_state(story, chapter)
    taken = set(first.taken)
    start = first.scene
    scope = reachable(story, start, chapter)
    entries = entries_at_most(story, start, taken)
    may_stick = {s for s in scope if may_stop(story.scenes[s], entries[s], taken)}
    # A replayed chapter that can end or leave must be seen to (else it is not replayable).
    may_finish = chapter is not None and any(
        story.scenes[s].end is not None
        or any(story.scenes[t].chapter != chapter for t in successors(story, s))
        for s in scope
    )
    found = Witnessed()
    quiet = 0
    taken_so_far: dict[tuple[str, str | None], int] = {}
    steps = 0
    while found.plays < MAX_PLAYS and quiet < PATIENCE and steps < STEP_BUDGET:
        state = initial_state(story, chapter, seed=found.plays)
        before = len(state.trail)
        runtime = Runtime(story, state)
        runtime.enter(state.scene)
        steps += _play(runtime, random.Random(found.plays), taken_so_far)
        found.plays += 1
        size = _size(found)
        found.reached.update(state.trail[before:])
        if state.status == "ended" and state.ending:
            found.endings.add(state.ending)
        elif state.status == "chapter_end" and state.ending:
            found.chapter_ends.add(state.ending)
        elif state.status == "stuck":
            found.dead_ends.add(state.scene)
        quiet = 0 if _size(found) > size else quiet + 1
        if (
            found.reached >= scope
            and found.dead_ends >= may_stick
            and (found.endings or found.chapter_ends or not may_finish)
        ):
            found.settled = True
            break
    return found


def _play(runtime: Runtime, rng: random.Random, counts: dict[tuple[str, str | None], int]) -> int:
    """One seeded playthrough to its end. Half the picks are the option taken least often
    so far by all of them (ties drawn at random), so rare ways get tried: uniform picks
    alone seldom gather what a late ending asks for. Returns the choices it made."""
    state = runtime.state
    for step in range(MAX_STEPS):
        options = [o for o in runtime._options() if o.enabled]
        if not options:
            return step
        keys = [(state.scene, None if o.choice is None else o.choice.id) for o in options]
        if rng.random() < 0.5:
            pick = min(range(len(options)), key=lambda n: (counts.get(keys[n], 0), rng.random()))
        else:
            pick = rng.randrange(len(options))
        counts[keys[pick]] = counts.get(keys[pick], 0) + 1
        runtime._take(options[pick])
    return MAX_STEPS


def _size(found: Witnessed) -> int:
    return len(found.reached) + len(found.endings) + len(found.chapter_ends) + len(found.dead_ends)
