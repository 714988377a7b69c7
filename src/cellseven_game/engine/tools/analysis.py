"""Checks on the whole scene graph, and `explore`'s report (the walk itself: explorer.py)."""

from __future__ import annotations

import re
from typing import Any

from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.errors import Diagnostic, Problem
from cellseven_game.engine.core.model import Story, Where
from cellseven_game.engine.play import trial
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.tools.explorer import Explorer, Walk, join_rulings
from cellseven_game.engine.tools.liveness import successors
from cellseven_game.engine.tools.story_walk import walk_story

WORD = re.compile(r"[\w’'-]+")


def graph_reachable(story: Story, roots: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = [r for r in roots if r in story.scenes]
    while todo:
        scene_id = todo.pop()
        if scene_id in seen:
            continue
        seen.add(scene_id)
        todo.extend(successors(story, scene_id))
    return seen


def graph_warnings(story: Story) -> list[Problem]:
    """Unreachable scenes, dead ends and canon beats no scene covers.

    Variables set but never read (and the reverse) are the loader's: it knows each use's place.
    """
    out: list[Problem] = []

    def warn(at: Where, diagnostic: Diagnostic, **fields: object) -> None:
        out.append(diagnostic.at(at.path, at.line, at.col, diagnostic.message(**fields)))

    reachable = graph_reachable(story, [story.first_scene()])
    for scene in story.scenes.values():
        if not scene.choices and scene.next is None and scene.end is None and scene.trial is None:
            warn(scene.where, diagnostics.DEAD_END, scene=scene.id)
        if scene.id not in reachable:
            warn(scene.where, diagnostics.UNREACHABLE, scene=scene.id)
    if story.canon is not None:
        beats = {b.id: b for b in story.canon.beats}
        for beat in canon_report(story)["missing"]:
            at = beats[beat].where
            warn(
                at if at.line else Where(story.canon.path, 0, 0),
                diagnostics.BEAT_NOT_TOLD,
                beat=beat,
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


MAX_STATES = 1_000_000  # per walk; each state kept costs a digest and a few integers


def explore(story: Story, max_states: int = MAX_STATES, random_walks: int = 300) -> dict[str, Any]:
    """Walk every reachable state of each chapter (from its entry) and of the whole story.

    What the report says is proven: endings, verdicts, dead ends and loops were really
    reached. `unreached` and an empty `loops` are proven only when `complete` is true;
    when a walk hit `max_states`, `trap_check` says "incomplete" (loops found so far are
    still real, and so are the scenes no path at all leads out of).
    """
    explorer = Explorer(story)
    total = Walk()
    chapters: dict[str, dict[str, Any]] = {}
    walks: list[Walk] = []
    for chapter_id in story.chapter_order:
        walk = explorer.walk(Runtime.at_chapter(story, chapter_id), max_states)
        chapters[chapter_id] = {
            "states": walk.states,
            "replayable": bool(walk.chapter_ends or walk.endings),
            "endings": sorted(walk.endings),
            "verdicts": sorted(walk.verdicts),
            "dead_ends": sorted(walk.dead_ends),
            "loops": sorted(walk.trapped),
            "truncated": walk.truncated,
        }
        walks.append(walk)
    for chapter_id in _trial_chapters(story):
        # A trial's chapter played on past its edge: which endings each ruling leads to.
        start = Runtime.at_chapter(story, chapter_id)
        start.state.chapter = None
        walks.append(explorer.walk(start, max_states))
    whole = walk_story(explorer, max_states)
    walks.append(whole)
    for walk in walks:
        total.states += walk.states
        total.reached |= walk.reached
        total.endings |= walk.endings
        total.verdicts |= walk.verdicts
        join_rulings(total, walk)
        total.dead_ends |= walk.dead_ends
        total.trapped |= walk.trapped
        total.truncated = total.truncated or walk.truncated
    if whole.truncated:
        # Too many states to walk them all: seeded random playthroughs add what they find.
        from cellseven_game.engine.play.runtime import random_walk

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
        "complete": not total.truncated,
        "trap_check": "incomplete" if total.truncated else "complete",
        "max_states": max_states,
        "words": sum(words.values()),
        "chapters": chapters,
        "canon": canon_report(story),
    }
