"""Checks on the whole scene graph, and `explore`: a walk over every reachable state."""

from __future__ import annotations

import copy
import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cellseven_game.engine import conditions, trial
from cellseven_game.engine.errors import Problem
from cellseven_game.engine.model import AddVar, Effect, SetVar, Story, Value, Where
from cellseven_game.engine.runtime import Runtime, State

WORD = re.compile(r"[\w’'-]+")
VISIT_CAP = 5  # visits beyond this many are the same to a condition in practice


def _effects(story: Story) -> Iterator[tuple[Effect, Where]]:
    for scene in story.scenes.values():
        for effect in scene.effects:
            yield effect, scene.where
        for choice in scene.choices:
            for effect in choice.effects:
                yield effect, choice.where


def condition_refs(story: Story) -> conditions.References:
    """Every name any condition of the story mentions."""
    total = conditions.References()
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.condition is not None:
                _, refs = conditions.parse(choice.condition)
                total.variables |= refs.variables
                total.evidence |= refs.evidence
                total.characters |= refs.characters
                total.facts |= refs.facts
                total.scenes |= refs.scenes
                total.opaque |= refs.opaque
                for name, values in refs.thresholds.items():
                    total.thresholds.setdefault(name, set()).update(values)
    return total


def successors(story: Story, scene_id: str) -> list[str]:
    """Scenes one step from `scene_id` in the graph, ignoring conditions."""
    scene = story.scenes[scene_id]
    out = [c.goto for c in scene.choices]
    if scene.next is not None:
        out.append(scene.next)
    if scene.trial is not None:
        from cellseven_game.engine import trial

        out.extend(trial.targets(story, scene.trial))
    return out


def graph_reachable(story: Story, roots: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = [r for r in roots if r in story.scenes]
    while todo:
        scene_id = todo.pop()
        if scene_id in seen:
            continue
        seen.add(scene_id)
        todo.extend(s for s in successors(story, scene_id) if s in story.scenes)
    return seen


def graph_warnings(story: Story) -> list[Problem]:
    """Unreachable scenes, dead ends and canon beats no scene covers.

    Variables set but never read (and the reverse) are the loader's: it knows each use's place.
    """
    out: list[Problem] = []

    def warn(at: Where, code: str, message: str) -> None:
        out.append(Problem(at.path, at.line, at.col, "warning", code, message))

    reachable = graph_reachable(story, [story.first_scene()])
    for scene in story.scenes.values():
        if not scene.choices and scene.next is None and scene.end is None and scene.trial is None:
            warn(
                scene.where,
                "CS201",
                f"scene `{scene.id}` is a dead end: give it `choices`, `next` or `end`",
            )
        if scene.id not in reachable:
            warn(
                scene.where,
                "CS202",
                f"scene `{scene.id}` cannot be reached from the story's "
                "start; lead a `goto` or `next` to it, or remove it",
            )
    if story.canon is not None:
        beats = {b.id: b for b in story.canon.beats}
        for beat in canon_report(story)["missing"]:
            at = beats[beat].where
            warn(
                at if at.line else Where(story.canon.path, 0, 0),
                "CS205",
                f"canon beat `{beat}` is covered by no "
                "scene; add `beats: [" + beat + "]` to the scene that tells it",
            )
    return out


def canon_report(story: Story) -> dict[str, Any]:
    if story.canon is None:
        return {"beats": 0, "covered": 0, "missing": []}
    covered = {b for scene in story.scenes.values() for b in scene.beats}
    ids = [b.id for b in story.canon.beats]
    missing = [b for b in ids if b not in covered]
    return {"beats": len(ids), "covered": len(ids) - len(missing), "missing": missing}


def scene_words(story: Story) -> dict[str, int]:
    return {
        s.id: len(WORD.findall(s.text)) + sum(len(WORD.findall(line.text)) for line in s.lines)
        for s in story.scenes.values()
    }


@dataclass
class Walk:
    """What one exhaustive walk saw."""

    states: int = 0
    reached: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    chapter_ends: set[str] = field(default_factory=set)
    dead_ends: set[str] = field(default_factory=set)
    trapped: set[str] = field(default_factory=set)
    verdicts: set[str] = field(default_factory=set)  # "trial/tier" rulings reached
    # ending -> the rulings of the states that reached it ("" when no trial had ruled)
    ending_verdicts: dict[str, set[str]] = field(default_factory=dict)
    truncated: bool = False


class Explorer:
    def __init__(self, story: Story) -> None:
        self.story = story
        refs = condition_refs(story)
        self.visit_keys = sorted(refs.scenes)
        self.cyclic = self._scenes_on_cycles()
        self.caps = self._variable_caps(refs)

    def _variable_caps(self, refs: conditions.References) -> dict[str, int | float | None]:
        """Variables whose exact value cannot change what happens, and how far it matters.

        A number that only ever grows (every `add` positive, never `set` in play) and is
        only compared with constants behaves the same at any value above the largest
        constant: states differing only there are merged. A variable no condition reads
        (a bond shown in the roster) never changes the walk at all (cap None: left out).
        """
        from cellseven_game.engine import trial

        exact = refs.opaque | trial.variables_read(self.story)
        growing: dict[str, bool] = {}
        for effect, _ in _effects(self.story):
            if isinstance(effect, AddVar):
                growing[effect.name] = growing.get(effect.name, True) and effect.amount > 0
            elif isinstance(effect, SetVar):
                growing[effect.name] = False
        caps: dict[str, int | float | None] = {}
        for name, value in self.story.variables.items():
            if name in exact or isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if name not in refs.variables:
                caps[name] = None
            elif growing.get(name, True) and name in refs.thresholds:
                caps[name] = max(refs.thresholds[name]) + 1
        return caps

    def _variables_key(self, variables: dict[str, Value]) -> tuple[object, ...]:
        caps = self.caps
        out: list[object] = []
        for name in sorted(variables):
            if name in caps:
                cap = caps[name]
                if cap is None:
                    continue
                value = variables[name]
                if isinstance(value, int | float) and value > cap:
                    value = cap
                out.append((name, value))
            else:
                out.append((name, variables[name]))
        return tuple(out)

    def _scenes_on_cycles(self) -> set[str]:
        """Scenes that can be entered twice: only their once-only choices matter later."""
        on_cycle: set[str] = set()
        for scene_id in self.story.scenes:
            todo = list(successors(self.story, scene_id))
            seen: set[str] = set()
            while todo:
                s = todo.pop()
                if s == scene_id:
                    on_cycle.add(scene_id)
                    break
                if s in seen or s not in self.story.scenes:
                    continue
                seen.add(s)
                todo.extend(successors(self.story, s))
        return on_cycle

    def key(self, s: State) -> tuple[object, ...]:
        return (
            s.scene,
            s.status,
            self._variables_key(s.variables),
            frozenset(s.evidence),
            frozenset(s.met),
            frozenset(s.facts),
            frozenset(t for t in s.taken if t.partition("/")[0] in self.cyclic),
            tuple(min(s.visits.get(v, 0), VISIT_CAP) for v in self.visit_keys),
            json.dumps(s.extra, sort_keys=True) if s.extra else "",
        )

    @staticmethod
    def clone(s: State) -> State:
        return State(
            scene=s.scene,
            variables=dict(s.variables),
            visits=dict(s.visits),
            evidence=dict(s.evidence),
            met=dict(s.met),
            facts=dict(s.facts),
            taken=set(s.taken),
            status=s.status,
            ending=s.ending,
            chapter=s.chapter,
            extra=copy.deepcopy(s.extra) if s.extra else {},
        )

    def walk(self, start: Runtime, max_states: int) -> Walk:
        result = Walk()
        first = self.clone(start.state)
        keys: dict[tuple[object, ...], int] = {self.key(first): 0}
        states: list[State] = [first]
        edges: list[list[int]] = [[]]
        queue = deque([0])
        runtime = Runtime(self.story, first)
        while queue:
            index = queue.popleft()
            state = states[index]
            result.reached.add(state.scene)
            verdict = trial.verdict_of(state)
            if verdict is not None:
                result.verdicts.add(verdict)
            if state.status == "ended" and state.ending:
                result.endings.add(state.ending)
                result.ending_verdicts.setdefault(state.ending, set()).add(verdict or "")
                continue
            if state.status == "chapter_end" and state.ending:
                result.chapter_ends.add(state.ending)
                continue
            runtime.state = state
            options = (
                [o for o in runtime.options() if o.enabled] if state.status == "playing" else []
            )
            if not options:
                result.dead_ends.add(state.scene)
                continue
            for option in options:
                runtime.state = self.clone(state)
                runtime._take(option)
                nxt = runtime.state
                key = self.key(nxt)
                target = keys.get(key)
                if target is None:
                    if len(states) >= max_states:
                        result.truncated = True
                        continue
                    target = len(states)
                    keys[key] = target
                    states.append(nxt)
                    edges.append([])
                    queue.append(target)
                edges[index].append(target)
        result.states = len(states)
        if not result.truncated:
            result.trapped = self._trapped(states, edges)
        return result

    @staticmethod
    def _trapped(states: list[State], edges: list[list[int]]) -> set[str]:
        """Scenes of states that loop forever: no way from them to any end."""
        back: list[list[int]] = [[] for _ in states]
        for source, targets in enumerate(edges):
            for target in targets:
                back[target].append(source)
        escape = [s.status != "playing" or not edges[i] for i, s in enumerate(states)]
        todo = [i for i, ok in enumerate(escape) if ok]
        while todo:
            i = todo.pop()
            for j in back[i]:
                if not escape[j]:
                    escape[j] = True
                    todo.append(j)
        return {states[i].scene for i, ok in enumerate(escape) if not ok}


def _trial_chapters(story: Story) -> list[str]:
    """Chapters, in story order, with a scene that runs a trial."""
    running = {s.chapter for s in story.scenes.values() if s.trial is not None}
    return [c for c in story.chapter_order if c in running]


def _verdict_endings(ending_verdicts: dict[str, set[str]]) -> dict[str, list[str]]:
    """`trial/tier` -> the endings proven reachable after that ruling."""
    out: dict[str, list[str]] = {}
    for ending, rulings in sorted(ending_verdicts.items()):
        for ruling in rulings:
            if ruling:
                out.setdefault(ruling, []).append(ending)
    return dict(sorted(out.items()))


def explore(story: Story, max_states: int = 200_000, random_walks: int = 300) -> dict[str, Any]:
    """Walk every reachable state of each chapter (from its entry) and of the whole story."""
    explorer = Explorer(story)
    total = Walk()
    chapters: dict[str, dict[str, Any]] = {}
    per_chapter = max(1000, max_states // max(1, len(story.chapters) + 1))
    walks: list[Walk] = []
    for chapter_id in story.chapter_order:
        walk = explorer.walk(Runtime.at_chapter(story, chapter_id), per_chapter)
        chapters[chapter_id] = {
            "states": walk.states,
            "replayable": bool(walk.chapter_ends or walk.endings),
            "endings": sorted(walk.endings),
            "verdicts": sorted(walk.verdicts),
            "truncated": walk.truncated,
        }
        walks.append(walk)
    for chapter_id in _trial_chapters(story):
        # A trial's chapter played on past its edge: which endings each ruling leads to.
        start = Runtime.at_chapter(story, chapter_id)
        start.state.chapter = None
        walks.append(explorer.walk(start, per_chapter * 4))
    whole = explorer.walk(Runtime(story), max_states)
    walks.append(whole)
    for walk in walks:
        total.states += walk.states
        total.reached |= walk.reached
        total.endings |= walk.endings
        total.verdicts |= walk.verdicts
        for ending, rulings in walk.ending_verdicts.items():
            total.ending_verdicts.setdefault(ending, set()).update(rulings)
        total.dead_ends |= walk.dead_ends
        total.trapped |= walk.trapped
        total.truncated = total.truncated or walk.truncated
    if whole.truncated:
        # Too many states to walk them all: seeded random playthroughs add what they find.
        from cellseven_game.engine.runtime import random_walk

        for seed in range(random_walks):
            runtime = Runtime(story)
            random_walk(runtime, seed)
            total.reached |= set(runtime.state.trail)
            if runtime.state.status == "ended" and runtime.state.ending:
                total.endings.add(runtime.state.ending)
            elif runtime.state.status == "stuck":
                total.dead_ends.add(runtime.state.scene)
    words = scene_words(story)
    return {
        "title": story.title,
        "scenes": len(story.scenes),
        "reached": len(total.reached & set(story.scenes)),
        "unreached": sorted(set(story.scenes) - total.reached),
        "endings": sorted(total.endings),
        "verdicts": sorted(total.verdicts),
        "verdict_tiers": trial.all_tiers(story),
        "verdict_endings": _verdict_endings(total.ending_verdicts),
        "dead_ends": sorted(total.dead_ends),
        "loops": sorted(total.trapped),
        "states": total.states,
        "truncated": total.truncated,
        "words": sum(words.values()),
        "chapters": chapters,
        "canon": canon_report(story),
    }
