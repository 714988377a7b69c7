"""Playing the mock trial: press and present, credibility, the verdict, and what screens show.

A scene with `trial: ID` hands play to a small machine while the story stays on that
scene. The machine keeps its progress in `state.extra["trial"]` as plain JSON data, and
every step it takes is recorded in `state.steps` like a choice, as a `Move`'s text
(trial_model.Move: `press:CLAIM.STATEMENT`, `present:CLAIM.EVIDENCE`, ...), so saves, undo
(which replays steps) and `explore` (which keys states by `extra`) need nothing special.
The verdict is data: tiers tried in order, the first whose rule holds wins.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from cellseven_game.engine.core import conditions, template
from cellseven_game.engine.core.links import granting_chapters
from cellseven_game.engine.core.model import Choice, Line, Story, Value
from cellseven_game.engine.core.trial_model import (
    MAX_CREDIBILITY,
    RULE_NAMES,
    Claim,
    Move,
    MoveKind,
    Outcome,
    Press,
    RuleView,
    Statement,
    Tier,
    Trial,
)
from cellseven_game.engine.play.state import Option, Step

if TYPE_CHECKING:
    from cellseven_game.engine.play.runtime import Runtime


# The trial's model (core/trial_model) is importable from here as before; its reading and
# whole-pack checks are compile/trial_read and compile/trial_checks.
__all__ = [
    "KEY",
    "MAX_CREDIBILITY",
    "RULE_NAMES",
    "Claim",
    "Event",
    "Machine",
    "Outcome",
    "Press",
    "RuleView",
    "Statement",
    "Tier",
    "Trial",
    "decide",
    "fresh",
    "granting_chapters",
    "last_event",
    "machine_for",
    "ruling_text",
    "tier_holds",
    "variables_read",
    "verdict_of",
]

KEY = "trial"  # the key of the machine's data in state.extra


def fresh(trial: Trial) -> dict[str, Any]:
    """The machine's data at the start of a trial."""
    return {
        "id": trial.id,
        "claim": 0,
        "credibility": trial.credibility,
        "pressed": [],
        "objecting": None,
        "refuted": [],
        "verdict": None,
    }


@dataclass(frozen=True, slots=True)
class Event:
    """What the last step did, for screens and transcripts."""

    kind: Literal["press", "right", "wrong", "rest", "object", "back", "none"]
    claim: Claim | None = None
    statement: Statement | None = None
    evidence: str | None = None
    lines: tuple[Line, ...] = ()


class Machine:
    """The trial run by the runtime's current scene."""

    def __init__(self, trial: Trial, scene_id: str) -> None:
        self.trial = trial
        self.scene_id = scene_id

    # -- reading the state --

    def data(self, runtime: Runtime) -> dict[str, Any]:
        data = runtime.state.extra.get(KEY)
        if not self.well_formed(data):
            data = fresh(self.trial)  # a damaged or foreign save: start the trial again
            runtime.state.extra[KEY] = data
        assert isinstance(data, dict)
        return data

    def well_formed(self, data: object) -> bool:
        """Whether saved trial data has the shape this machine writes (saves are untrusted)."""
        if not isinstance(data, dict) or data.get("id") != self.trial.id:
            return False
        claim, credibility = data.get("claim"), data.get("credibility")

        def strings(value: object) -> bool:
            return isinstance(value, list) and all(isinstance(v, str) for v in value)

        refuted, verdict = data.get("refuted"), data.get("verdict")
        known_claims = isinstance(refuted, list) and all(
            isinstance(c, str) and self.trial.claim(c) is not None for c in refuted
        )
        known_verdict = verdict is None or (
            isinstance(verdict, str) and self.trial.tier(verdict) is not None
        )
        if claim is None and data.get("verdict") is not None:
            claim = len(self.trial.claims)  # a ruling keeps only what the verdict needs
            data = {"pressed": [], **data}
        return (
            type(claim) is int
            and 0 <= claim <= len(self.trial.claims)
            and type(credibility) is int
            and 0 <= credibility <= self.trial.credibility
            and strings(data.get("pressed"))
            and known_claims
            and (data.get("objecting") is None or isinstance(data.get("objecting"), str))
            and known_verdict
        )

    def claim(self, runtime: Runtime) -> Claim | None:
        index = self.data(runtime)["claim"]
        claims = self.trial.claims
        return claims[index] if isinstance(index, int) and 0 <= index < len(claims) else None

    def visible(self, runtime: Runtime) -> list[Statement]:
        """The current claim's statements the player can see, in order."""
        claim = self.claim(runtime)
        if claim is None:
            return []
        pressed = set(self.data(runtime)["pressed"])
        opened: set[str] = set()
        for s in claim.statements:
            if s.id in pressed and s.press is not None:
                opened.update(s.press.unlocks)
        shown = [s for s in claim.statements if not s.hidden or s.id in opened]
        return [_said(runtime, self.trial, claim, s) for s in shown]

    def pressed(self, runtime: Runtime) -> set[str]:
        return set(self.data(runtime)["pressed"])

    def objecting(self, runtime: Runtime) -> Statement | None:
        target = self.data(runtime)["objecting"]
        claim = self.claim(runtime)
        found = claim.statement(target) if claim is not None and isinstance(target, str) else None
        return _said(runtime, self.trial, claim, found) if claim and found else None

    def claim_lines(self, runtime: Runtime) -> tuple[Line, ...]:
        """What is said as the current claim opens, as the player hears it now."""
        claim = self.claim(runtime)
        if claim is None:
            return ()
        key = f"{_KEY}{self.trial.id}/{claim.id}"
        return template.shown_lines(runtime.story, runtime.state, claim.lines, key)

    def credibility(self, runtime: Runtime) -> int:
        value = self.data(runtime)["credibility"]
        return value if isinstance(value, int) else 0

    # -- the runtime's hooks --

    def begin(self, runtime: Runtime) -> None:
        """Entering the trial scene: start, resume after a scene of text, or rule."""
        data = runtime.state.extra.get(KEY)
        if not self.well_formed(data) or not isinstance(data, dict) or data.get("verdict"):
            runtime.state.extra[KEY] = fresh(self.trial)
        elif self.claim(runtime) is None or self.credibility(runtime) <= 0:
            self.rule(runtime)

    def options(self, runtime: Runtime) -> list[Option]:
        claim = self.claim(runtime)
        if claim is None:
            return []
        labels: list[tuple[Move, str]] = []
        target = self.objecting(runtime)
        if target is not None:
            for ev in runtime.state.evidence:
                found = runtime.story.evidence.get(ev)
                labels.append(
                    (Move("present", claim.id, ev), f"Present: {found.name if found else ev}")
                )
            labels.append((Move("back", claim.id), "Put the court record away"))
        else:
            pressed = self.pressed(runtime)
            shown = self.visible(runtime)
            for s in shown:
                if s.id not in pressed:
                    labels.append((Move("press", claim.id, s.id), f"Press: “{s.text}”"))
            for s in shown:
                labels.append(
                    (Move("object", claim.id, s.id), f"Present evidence against: “{s.text}”")
                )
            labels.append((Move("rest", claim.id), "Let the claim stand and move on"))
        return [
            Option(n, label, Choice(id=str(move), label=label, goto=self.scene_id, once=False))
            for n, (move, label) in enumerate(labels, start=1)
        ]

    def take(self, runtime: Runtime, option: Option) -> None:
        self._step(runtime, option)
        # The lines this step brings out are said once: their variations move on now, and
        # every later showing of the same step (screens redraw) reads what was picked.
        last_event(runtime, advance=True)

    def _step(self, runtime: Runtime, option: Option) -> None:
        assert option.choice is not None
        move = Move.parse(option.choice.id)
        assert move is not None  # the options above are moves
        runtime.state.steps.append((self.scene_id, option.choice.id))
        kind = move.kind
        data = self.data(runtime)
        claim = self.claim(runtime)
        assert claim is not None
        if kind == "press":
            statement = claim.statement(move.target)
            assert statement is not None
            data["pressed"] = sorted({*data["pressed"], statement.id})  # one order, one state
            if statement.press is not None:
                runtime.apply(statement.press.effects)
        elif kind == "object":
            data["objecting"] = move.target
        elif kind == "back":
            data["objecting"] = None
        elif kind == "present":
            statement = self.objecting(runtime)
            evidence = move.target
            data["objecting"] = None
            if statement is not None and evidence in statement.refuted_by:
                data["refuted"] = [*data["refuted"], claim.id]
                runtime.apply(claim.refuted.effects)
                self.advance(runtime)
                if claim.refuted.scene is not None:
                    runtime.go(claim.refuted.scene)
                    return
            else:
                data["credibility"] = max(0, self.credibility(runtime) - self.trial.penalty)
        elif kind == "rest":
            self.advance(runtime)
        if self.claim(runtime) is None or self.credibility(runtime) <= 0:
            self.rule(runtime)

    def advance(self, runtime: Runtime) -> None:
        data = self.data(runtime)
        data["claim"] = data["claim"] + 1
        data["pressed"] = []
        data["objecting"] = None

    def rule(self, runtime: Runtime) -> None:
        """The court rules now: pick the tier and leave the trial scene for its scene."""
        tier = decide(self.trial, runtime)
        data = self.data(runtime)
        # Keep only what the verdict and its summary need, so later states stay few.
        runtime.state.extra[KEY] = {
            "id": self.trial.id,
            "refuted": list(data["refuted"]),
            "credibility": self.credibility(runtime),
            "verdict": tier.id,
        }
        runtime.go(tier.goto)


def _rule_view(trial: Trial, runtime: Runtime, refuted: list[str], credibility: int) -> RuleView:
    state = runtime.state
    variables: dict[str, Value] = dict(state.variables)
    variables.update(refuted=len(refuted), credibility=credibility, claims=len(trial.claims))
    return RuleView(variables, state.evidence, state.met, state.facts, state.visits)


def tier_holds(trial: Trial, tier: Tier, refuted: list[str], view: RuleView) -> bool:
    needed = [c.id for c in trial.claims] if tier.refuted == "all" else list(tier.refuted)
    if not all(c in refuted for c in needed):
        return False
    return conditions.holds(tier.condition, view)


def decide(trial: Trial, runtime: Runtime) -> Tier:
    """The first tier whose rule holds now (the last tier always does)."""
    data = runtime.state.extra.get(KEY)
    refuted = _refuted(data)
    credibility = data.get("credibility", 0) if isinstance(data, dict) else 0
    view = _rule_view(trial, runtime, refuted, credibility if isinstance(credibility, int) else 0)
    for tier in trial.verdict:
        if tier_holds(trial, tier, refuted, view):
            return tier
    return trial.verdict[-1]


# -- what the engine asks of this module --------------------------------------------------


def machine_for(runtime: Runtime) -> Machine | None:
    """The trial machine for the runtime's current scene, or None."""
    trial_id = runtime.scene.trial
    trials = runtime.story.trials
    found = trials.get(trial_id) if trial_id is not None else None
    return Machine(found, runtime.state.scene) if found is not None else None


def variables_read(story: Story) -> set[str]:
    """Variables the trials' verdict rules read."""
    out: set[str] = set()
    for found in story.trials.values():
        for tier in found.verdict:
            if tier.condition is not None:
                out |= conditions.references(tier.condition).variables - set(RULE_NAMES)
    return out


def trusted_extra(story: Story, extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` from a save, without trial data that this story's trial could not have written.

    Saves are untrusted: what screens and transcripts read (`verdict_of`, `summary`,
    `current`) must never show a ruling or refutation the player did not reach.
    """
    data = extra.get(KEY)
    if data is None:
        return extra
    trial = story.trials.get(_id(data))
    if trial is None or not Machine(trial, "").well_formed(data):
        return {key: value for key, value in extra.items() if key != KEY}
    return extra


def _id(data: object) -> str:
    """The trial id of saved trial data ('' when there is none or it is damaged)."""
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, str) else ""


def _refuted(data: object) -> list[str]:
    """The refuted claim ids of saved trial data, ignoring anything damaged."""
    found = data.get("refuted") if isinstance(data, dict) else None
    return [c for c in found if isinstance(c, str)] if isinstance(found, list) else []


def verdict_of(state: Any) -> str | None:
    """The verdict tier a state's trial reached, if any (`trial_id/tier_id`)."""
    extra = getattr(state, "extra", None)
    data = extra.get(KEY) if isinstance(extra, dict) else None
    if isinstance(data, dict) and isinstance(data.get("verdict"), str):
        return f"{data.get('id')}/{data['verdict']}"
    return None


# -- for screens and transcripts ----------------------------------------------------------


_KEY = "trial:"  # the start of a trial text's place key for variations (no scene id has a ':')


def _said(runtime: Runtime, trial: Trial, claim: Claim, s: Statement) -> Statement:
    """A statement with its text as the player sees it now."""
    key = f"{_KEY}{trial.id}/{claim.id}/{s.id}"
    shown = template.shown_text(runtime.story, runtime.state, s.text, key)
    return s if shown == s.text else dataclasses.replace(s, text=shown)


def last_event(runtime: Runtime, advance: bool = False) -> Event:
    """What the last recorded trial step did (derived from the steps, never stored).

    Its lines are shown as the player hears them (`if` and `{...}`); with `advance`, their
    variations move on (the machine does that once, as it takes the step).
    """
    event = _last_event(runtime)
    if not event.lines or event.claim is None:
        return event
    trial = runtime.story.trials[runtime.story.scenes[runtime.state.steps[-1][0]].trial or ""]
    statement = event.statement
    if statement is not None:
        statement = _said(runtime, trial, event.claim, statement)
    where = {"press": "press", "right": "refuted", "wrong": "wrong"}[event.kind]
    owner = f"{event.claim.id}/" + (
        f"{event.statement.id}/" if event.statement is not None and where != "refuted" else ""
    )
    if where == "wrong" and not (event.statement and event.statement.wrong):
        owner = ""  # the trial's own `wrong` lines
    key = f"{_KEY}{trial.id}/{owner}{where}"
    lines = template.shown_lines(runtime.story, runtime.state, event.lines, key, advance)
    return dataclasses.replace(event, statement=statement, lines=lines)


def _last_event(runtime: Runtime) -> Event:
    steps = runtime.state.steps
    data = runtime.state.extra.get(KEY)
    if not steps or not isinstance(data, dict):
        return Event("none")
    scene_id, step = steps[-1]
    trial = runtime.story.trials.get(runtime.story.scenes[scene_id].trial or "")
    move = Move.parse(step)
    if trial is None or move is None:
        return Event("none")
    kind, claim_id, item = move.kind, move.claim, move.target
    claim = trial.claim(claim_id)
    if claim is None:
        return Event("none")
    if kind == "press":
        s = claim.statement(item)
        lines = s.press.lines if s is not None and s.press is not None else ()
        if not lines and claim.witness:
            lines = (Line(claim.witness, "I have told the court what I know."),)
        return Event("press", claim, s, None, lines)
    if kind == "present":
        against = _objected_before(steps, claim_id)
        s = claim.statement(against) if against else None
        if claim.id in _refuted(data) and _refuting_step(steps, claim.id) == move:
            return Event("right", claim, s, item, claim.refuted.lines)
        lines = (s.wrong if s is not None and s.wrong else ()) or trial.wrong
        return Event("wrong", claim, s, item, lines)
    if kind == "object":
        return Event("object", claim, claim.statement(item))
    return Event(kind, claim)  # back, rest


def last_move(steps: Sequence[Step], kind: MoveKind, claim_id: str) -> tuple[int, Move] | None:
    """The last `kind` move on a claim in `steps`, and its index; None when there is none."""
    for index in range(len(steps) - 1, -1, -1):
        move = Move.parse(steps[index][1])
        if move is not None and move.kind == kind and move.claim == claim_id:
            return index, move
    return None


def _objected_before(steps: Sequence[Step], claim_id: str) -> str | None:
    """The statement the last `object` move on a claim, before the last step, set against."""
    found = last_move(steps[:-1], "object", claim_id)
    return found[1].target if found is not None else None


def _refuting_step(steps: Sequence[Step], claim_id: str) -> Move | None:
    """The last `present` move against a claim: for a refuted claim, the one that did it."""
    found = last_move(steps, "present", claim_id)
    return found[1] if found is not None else None


def ruling_text(story: Story, state: Any, found: tuple[Trial, Tier]) -> str:
    """The ruling of the tier the court chose, as the player reads it."""
    trial, tier = found
    key = f"{_KEY}{trial.id}/{tier.id}/ruling"
    return template.shown_text(story, state, tier.ruling, key).strip()
