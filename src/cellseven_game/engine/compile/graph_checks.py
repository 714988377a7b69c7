"""The checks a whole compiled story needs: scenes no path reaches, dead ends, and the
canon's plot beats no scene tells. Run by the loader on every pack.
"""

from __future__ import annotations

from typing import TypedDict

from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.errors import Diagnostic, Problem
from cellseven_game.engine.core.links import successors
from cellseven_game.engine.core.model import Story, Where


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
        out.append(diagnostic.at(at.path, at.line, at.col, **fields))

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


class CanonReport(TypedDict):
    """How much of the canon the scenes tell (`explore --json`'s "canon", validate's count)."""

    beats: int
    covered: int
    missing: list[str]  # the canon's beat ids no scene tells, in the canon's order


def canon_report(story: Story) -> CanonReport:
    if story.canon is None:
        return {"beats": 0, "covered": 0, "missing": []}
    covered = {b for scene in story.scenes.values() for b in scene.beats}
    ids = [b.id for b in story.canon.beats]
    missing = [b for b in ids if b not in covered]
    return {"beats": len(ids), "covered": len(ids) - len(missing), "missing": missing}
