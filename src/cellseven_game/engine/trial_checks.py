"""The trial checks that need the whole pack: who runs each trial, and can it be won."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from cellseven_game.engine import conditions
from cellseven_game.engine.errors import Problem
from cellseven_game.engine.model import (
    NOWHERE,
    AddEvidence,
    AddVar,
    Chapter,
    Effect,
    Scene,
    SetVar,
    Value,
)
from cellseven_game.engine.reader import Reader
from cellseven_game.engine.trial_model import RULE_NAMES, Claim, RuleView, Trial


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


def _best_variables(
    story_vars: Mapping[str, Value], scenes: Mapping[str, Scene], chapters: Mapping[str, Chapter]
) -> dict[str, Value]:
    """Every variable at the best value the story can give it: flags set, numbers at most."""
    best = dict(story_vars)
    adds: dict[str, float] = {}
    effects: list[Effect] = []
    for scene in scenes.values():
        effects.extend(scene.effects)
        for choice in scene.choices:
            effects.extend(choice.effects)
    for chapter in chapters.values():
        effects.extend(SetVar(n, v) for n, v in chapter.entry.variables)
    for effect in effects:
        if isinstance(effect, SetVar):
            current = best.get(effect.name)
            if isinstance(effect.value, bool):
                best[effect.name] = bool(current) or effect.value
            elif isinstance(effect.value, int | float) and isinstance(current, int | float):
                best[effect.name] = max(current, effect.value)
        elif isinstance(effect, AddVar) and effect.amount > 0:
            adds[effect.name] = adds.get(effect.name, 0) + effect.amount
    for name, amount in adds.items():
        current = best.get(name)
        if isinstance(current, int | float) and not isinstance(current, bool):
            best[name] = current + amount
    return best


def check(
    trials: Mapping[str, Trial],
    scenes: Mapping[str, Scene],
    chapters: Mapping[str, Chapter],
    order: list[str],
    variables: Mapping[str, Value],
) -> list[Problem]:
    """The checks that need the whole pack: who runs each trial, and can it be won."""
    r = Reader()
    for name in RULE_NAMES:
        if name in variables:
            r.report(
                NOWHERE,
                "CS306",
                f"the story declares a variable `{name}`, a name verdict rules use for the "
                "trial; rename the variable",
            )
    runners: dict[str, list[Scene]] = {}
    for scene in scenes.values():
        if scene.trial is not None:
            runners.setdefault(scene.trial, []).append(scene)
    rank = {c: i for i, c in enumerate(order)}
    granted = granting_chapters(scenes, order)
    for trial in trials.values():
        run_by = runners.get(trial.id, [])
        if not run_by:
            r.report(
                trial.where,
                "CS307",
                f"no scene runs trial `{trial.id}`; give a scene `trial: {trial.id}`",
                "warning",
            )
            continue
        trial_scenes = {s.id for s in run_by}
        first = min(run_by, key=lambda s: rank.get(s.chapter, len(rank)))
        here = rank.get(first.chapter, len(rank))
        pressed_grants = {
            e.evidence
            for c in trial.claims
            for s in c.statements
            if s.press is not None
            for e in s.press.effects
            if isinstance(e, AddEvidence)
        }
        for ev, at, claim in trial.evidence_used():
            before = [c for c in granted.get(ev, []) if rank.get(c, len(rank)) < here]
            if not before and ev not in pressed_grants:
                later = granted.get(ev, [])
                where_else = (
                    f"only chapter `{later[0]}` grants it, which comes after `{first.chapter}`"
                    if later
                    else "no scene or choice grants it"
                )
                r.report(
                    at,
                    "CS308",
                    f"claim `{claim.id}` needs evidence `{ev}`, but no chapter before "
                    f"`{first.chapter}` can grant it ({where_else}); add `- evidence: {ev}` "
                    "to a choice in an earlier chapter",
                )
        for claim in trial.claims:
            if not _refutable(claim):
                r.report(
                    claim.where,
                    "CS309",
                    f"claim `{claim.id}` can never be refuted: no statement a player can see "
                    "has `refuted_by`; add `refuted_by: [EVIDENCE]` to one",
                )
            scene_id = claim.refuted.scene
            if (
                scene_id is not None
                and scene_id in scenes
                and not _leads_back(scenes, scene_id, trial_scenes)
            ):
                r.report(
                    claim.where,
                    "CS310",
                    f"`refuted.scene: {scene_id}` never leads back to the trial; end it "
                    f"with `next: {first.id}`",
                )
        for tier in trial.verdict:
            if tier.goto in trial_scenes:
                r.report(
                    tier.where,
                    "CS310",
                    f"verdict tier `{tier.id}` leads back into the trial scene; "
                    "lead it to the scene after the verdict",
                )
        if trial.verdict and all(_refutable(c) for c in trial.claims):
            top = trial.verdict[0]
            everything = {ev for ev, _, _ in trial.evidence_used()}
            view = RuleView(
                variables={
                    **_best_variables(variables, scenes, chapters),
                    "refuted": len(trial.claims),
                    "credibility": trial.credibility,
                    "claims": len(trial.claims),
                },
                evidence=everything | set(granted),
            )
            if not conditions.holds(top.condition, view):  # type: ignore[arg-type]
                r.report(
                    top.where,
                    "CS311",
                    f"trial `{trial.id}` cannot be won: its first tier `{top.id}` does not hold "
                    f"even with every claim refuted, full credibility and every flag set "
                    f"(`if: {top.condition}`); loosen the rule",
                )
    return r.problems


def _refutable(claim: Claim) -> bool:
    unlocked = claim.unlocked_by()
    visible = {s.id for s in claim.statements if not s.hidden}
    changed = True
    while changed:  # statements unlocked by presses of statements already visible
        changed = False
        for target, source in unlocked.items():
            if source in visible and target not in visible:
                visible.add(target)
                changed = True
    return any(s.refuted_by for s in claim.statements if s.id in visible)


def _leads_back(scenes: Mapping[str, Scene], start: str, targets: set[str]) -> bool:
    seen: set[str] = set()
    todo = [start]
    while todo:
        scene_id = todo.pop()
        if scene_id in targets:
            return True
        if scene_id in seen or scene_id not in scenes:
            continue
        seen.add(scene_id)
        scene = scenes[scene_id]
        todo.extend(c.goto for c in scene.choices)
        if scene.next is not None:
            todo.append(scene.next)
    return False
