"""How the loaded story's parts link: the scenes one step from a scene (its choices, its
`next`, its trial's exits), where a trial can lead and its verdict tiers, and which
chapters grant each evidence item. Asked when a pack is compiled and while it is played.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from cellseven_game.engine.core import conditions
from cellseven_game.engine.core.condition_types import ConditionError
from cellseven_game.engine.core.model import AddEvidence, Scene, Story, Value
from cellseven_game.engine.core.trial_model import Tier, Trial


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


def rulings_possible(story: Story, trial_id: str, can_hold: Callable[[str], bool]) -> list[Tier]:
    """The tiers of a trial that may be ruled when only the evidence `can_hold` allows can
    be presented: a tier needing a claim answered that none of it answers never is (the
    last tier is ruled whenever no other holds)."""
    trial = story.trials.get(trial_id)
    if trial is None:
        return []
    answerable = _answerable(trial, can_hold)
    everyone = {c.id for c in trial.claims}
    possible = [
        tier
        for tier in trial.verdict
        if tier is trial.verdict[-1]
        or not (everyone if tier.refuted == "all" else set(tier.refuted)) - answerable
    ]
    if any(can_hold(item) for item in story.evidence):
        return possible
    # Nothing to show: no claim is answered and no wrong item costs credibility, so the
    # first tier whose rule surely holds with `refuted` 0 and credibility as it began is
    # the ruling, and none after it is ever made (a hearing replayed by name with no
    # clue gathered: `refuted >= 1 or credibility >= 3` always holds there).
    fixed: dict[str, Value] = {
        "refuted": 0,
        "credibility": trial.credibility,
        "claims": len(trial.claims),
    }
    out: list[Tier] = []
    for tier in possible:
        # (the last tier is ruled whenever no other is, whatever its own rule)
        holds = True if tier is trial.verdict[-1] else _holds_alone(tier.condition, fixed)
        if holds is False:
            continue
        out.append(tier)
        if holds:
            break  # (a tier needing a claim answered is not in `possible`, but the last)
    return out


def targets_possible(story: Story, trial_id: str, can_hold: Callable[[str], bool]) -> list[str]:
    """`targets`, less the scenes of rulings never ruled and of claims never answered, when
    only the evidence `can_hold` allows can be presented (see `rulings_possible`)."""
    trial = story.trials.get(trial_id)
    if trial is None:
        return []
    out = [tier.goto for tier in rulings_possible(story, trial_id, can_hold)]
    answerable = _answerable(trial, can_hold)
    out.extend(
        c.refuted.scene for c in trial.claims if c.refuted.scene is not None and c.id in answerable
    )
    return out


def _holds_alone(condition: str | None, values: dict[str, Value]) -> bool | None:
    """Whether `condition` holds with only `values` known (None: it reads anything else)."""
    if condition is None:
        return True
    try:
        refs = conditions.references(condition)
    except ConditionError:
        return None
    if refs.evidence or refs.characters or refs.facts or refs.scenes or refs.opaque:
        return None
    if set(refs.variables) - values.keys():
        return None
    return conditions.holds(condition, _Fixed(values))


class _Fixed:
    """A state of only some variables, for `_holds_alone`."""

    def __init__(self, variables: dict[str, Value]) -> None:
        self.variables = variables
        self.evidence: frozenset[str] = frozenset()
        self.met: frozenset[str] = frozenset()
        self.facts: frozenset[str] = frozenset()
        self.visits: dict[str, int] = {}


def _answerable(trial: Trial, can_hold: Callable[[str], bool]) -> set[str]:
    """The claims a statement of which the evidence `can_hold` allows refutes."""
    return {
        claim.id
        for claim in trial.claims
        if any(can_hold(item) for s in claim.statements for item in s.refuted_by)
    }


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
