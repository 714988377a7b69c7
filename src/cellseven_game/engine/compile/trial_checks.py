"""The trial checks that need the whole pack: who runs each trial, and can it be won."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from cellseven_game.engine.compile.reader import Reader
from cellseven_game.engine.core import condition_types, conditions, diagnostics
from cellseven_game.engine.core.errors import Problem
from cellseven_game.engine.core.links import granting_chapters
from cellseven_game.engine.core.model import (
    NOWHERE,
    AddEvidence,
    AddVar,
    Chapter,
    Effect,
    Scene,
    SetVar,
    Value,
)
from cellseven_game.engine.core.trial_model import RULE_NAMES, Claim, RuleView, Trial

MAX_TRIES = 20_000  # combinations tried before CS311 gives up (and stays silent)


def _all_effects(
    scenes: Mapping[str, Scene], chapters: Mapping[str, Chapter], trials: Mapping[str, Trial]
) -> list[Effect]:
    """Every effect the story can apply: scenes, choices, chapter entries, trial moves."""
    effects: list[Effect] = []
    for scene in scenes.values():
        effects.extend(scene.effects)
        for choice in scene.choices:
            effects.extend(choice.effects)
    for chapter in chapters.values():
        effects.extend(SetVar(n, v) for n, v in chapter.entry.variables)
    for trial in trials.values():
        effects.extend(trial.effects())
    return effects


def _possible_values(
    story_vars: Mapping[str, Value], effects: list[Effect], refs: condition_types.References
) -> dict[str, list[Value] | None]:
    """For each variable, values it may hold at the trial (a superset), None when unknown.

    Flags and texts: the start and every value set. Numbers moved by `add` can reach any value
    beyond their start in the direction of the adds, so the candidates are each number the rules
    compare them with, and one either side, as well as the known values. A variable computed
    by an expression, or moved by adds and used in arithmetic by the rule, is unknown: CS311
    never guesses.
    """
    known: dict[str, set[Value]] = {name: {value} for name, value in story_vars.items()}
    up: set[str] = set()
    down: set[str] = set()
    unknown: set[str] = set()
    for effect in effects:
        if isinstance(effect, SetVar):
            if effect.expr is not None:
                unknown.add(effect.name)
            else:
                known.setdefault(effect.name, set()).add(effect.value)
        elif isinstance(effect, AddVar):
            if effect.expr is not None:
                up.add(effect.name)
                down.add(effect.name)
            elif effect.amount > 0:
                up.add(effect.name)
            elif effect.amount < 0:
                down.add(effect.name)
    out: dict[str, list[Value] | None] = {}
    for name, values in known.items():
        if name in unknown:
            out[name] = None
            continue
        found = set(values)
        if (name in up or name in down) and name in refs.opaque:
            out[name] = None  # moved by adds and used in arithmetic: any value may matter
            continue
        if name in up or name in down:
            numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
            low, high = min(numbers, default=0), max(numbers, default=0)
            for t in refs.thresholds.get(name, ()):
                for v in (t - 1, t - 0.5, t, t + 0.5, t + 1):
                    if (name in up or v <= high) and (name in down or v >= low):
                        found.add(v)
            if name in up:
                found.add(condition_types.NUMBER_LIMIT)
            if name in down:
                found.add(-condition_types.NUMBER_LIMIT)
        out[name] = sorted(found, key=repr)
    return out


def _winnable(
    trial: Trial,
    variables: Mapping[str, Value],
    effects: list[Effect],
    granted: set[str],
) -> bool:
    """Whether some state the story might bring to the trial lets its first tier hold.

    Tries every combination of the values the rule reads (refuted claims, credibility left,
    each variable's possible values, each evidence/character/fact held or not, visits); True
    when one holds, or when there are too many to try or a value is unknown (no false alarm).
    """
    top = trial.verdict[0]
    if top.condition is None:
        return True
    refs = conditions.references(top.condition)
    possible = _possible_values(variables, effects, refs)
    required = len(trial.claims) if top.refuted == "all" else len(top.refuted)
    axes: list[tuple[str, list[object]]] = [
        ("refuted", list(range(required, len(trial.claims) + 1))),
        ("credibility", list(range(1, trial.credibility + 1))),
        ("claims", [len(trial.claims)]),
    ]
    for name in sorted(refs.variables - set(RULE_NAMES)):
        values = possible.get(name)
        if values is None:
            return True
        axes.append((name, list(values)))
    held: list[tuple[str, str]] = [("evidence", e) for e in sorted(refs.evidence)]
    held += [("met", c) for c in sorted(refs.characters)]
    held += [("facts", f"{c}.{f}") for c, f in sorted(refs.facts)]
    for kind, ident in held:
        can_have = kind != "evidence" or ident in granted
        axes.append((f"{kind}:{ident}", [False, True] if can_have else [False]))
    for scene in sorted(refs.scenes):
        axes.append((f"visits:{scene}", [0, 1, 2, 5]))
    total = 1
    for _, options in axes:
        total *= max(len(options), 1)
    if total > MAX_TRIES:
        return True
    for combo in itertools.product(*(options for _, options in axes)):
        view = RuleView(variables={}, evidence=set(), met=set(), facts=set(), visits={})
        for (name, _), value in zip(axes, combo, strict=True):
            kind, colon, ident = name.partition(":")
            if not colon:
                view.variables[name] = value  # type: ignore[assignment]
            elif kind == "visits":
                view.visits[ident] = value  # type: ignore[index]
            elif value:
                getattr(view, kind).add(ident)
        if conditions.holds(top.condition, view):
            return True
    return False


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
            r.say(NOWHERE, diagnostics.RESERVED_VARIABLE, name=name)
    runners: dict[str, list[Scene]] = {}
    for scene in scenes.values():
        if scene.trial is not None:
            runners.setdefault(scene.trial, []).append(scene)
    rank = {c: i for i, c in enumerate(order)}
    granted = granting_chapters(scenes, order)
    effects = _all_effects(scenes, chapters, trials)
    evidence_anywhere = {e.evidence for e in effects if isinstance(e, AddEvidence)}
    for trial in trials.values():
        run_by = runners.get(trial.id, [])
        if not run_by:
            r.say(trial.where, diagnostics.TRIAL_NEVER_RUN, trial=trial.id)
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
                r.say(
                    at,
                    diagnostics.EVIDENCE_TOO_LATE,
                    claim=claim.id,
                    evidence=ev,
                    chapter=first.chapter,
                    where=where_else,
                )
        for claim in trial.claims:
            if not _refutable(claim):
                r.say(claim.where, diagnostics.NEVER_REFUTED, claim=claim.id)
            scene_id = claim.refuted.scene
            if (
                scene_id is not None
                and scene_id in scenes
                and not _leads_back(scenes, scene_id, trial_scenes)
            ):
                r.say(claim.where, diagnostics.NO_WAY_BACK, scene=scene_id, trial_scene=first.id)
        for tier in trial.verdict:
            if tier.goto in trial_scenes:
                r.say(tier.where, diagnostics.NO_WAY_BACK, "tier", tier=tier.id)
        if (
            trial.verdict
            and all(_refutable(c) for c in trial.claims)
            and not _winnable(trial, variables, effects, set(granted) | evidence_anywhere)
        ):
            top = trial.verdict[0]
            r.say(
                top.where,
                diagnostics.CANNOT_BE_WON,
                trial=trial.id,
                tier=top.id,
                condition=top.condition,
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
