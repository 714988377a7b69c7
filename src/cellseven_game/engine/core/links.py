"""How the loaded story's parts link: the scenes one step from a scene (its choices, its
`next`, its trial's exits), where a trial can lead and its verdict tiers, and which
chapters grant each evidence item. Asked when a pack is compiled and while it is played.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cellseven_game.engine.core.model import AddEvidence, Scene, Story


def _granted(scene: Scene) -> Iterable[str]:
    for effect in scene.effects:
        if isinstance(effect, AddEvidence):
            yield effect.evidence
    for choice in scene.choices:
        for effect in choice.effects:
            if isinstance(effect, AddEvidence):
                yield effect.evidence


def granting_chapters(scenes: Mapping[str, Scene], order: Iterable[str]) -> dict[str, list[str]]:
    """Evidence id -> the chapters (in story order) with a scene or choice granting it."""
    rank = {c: i for i, c in enumerate(order)}
    out: dict[str, list[str]] = {}
    for scene in scenes.values():
        for ev in _granted(scene):
            found = out.setdefault(ev, [])
            if scene.chapter not in found:
                found.append(scene.chapter)
    for chapters in out.values():
        chapters.sort(key=lambda c: rank.get(c, len(rank)))
    return out


def targets(story: Story, trial_id: str) -> list[str]:
    """Scenes a trial can lead to: its tiers' scenes and the scenes after refutations."""
    found = story.trials.get(trial_id)
    if found is None:
        return []
    out = [t.goto for t in found.verdict]
    out.extend(c.refuted.scene for c in found.claims if c.refuted.scene is not None)
    return out


def all_tiers(story: Story) -> list[str]:
    """Every verdict tier of every trial, as `trial_id/tier_id`."""
    return [f"{t.id}/{tier.id}" for t in story.trials.values() for tier in t.verdict]


def successors(story: Story, scene_id: str) -> list[str]:
    """Scenes one step from `scene_id` in the graph, ignoring conditions."""
    scene = story.scenes[scene_id]
    out = [c.goto for c in scene.choices]
    if scene.next is not None:
        out.append(scene.next)
    if scene.trial is not None:
        out.extend(targets(story, scene.trial))
    return [s for s in out if s in story.scenes]
