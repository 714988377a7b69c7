"""Playing the mock trial: press and present, credibility, and the verdict.

A scene with `trial: ID` hands play to a small machine while the story stays on that
scene. Where the trial stands is typed data in the state (`State.trial`, a frozen
`Progress`, replaced by each move), and every move is recorded in `state.steps` like a
choice, as a `Move`'s text (`press:CLAIM.STATEMENT`, `present:CLAIM.EVIDENCE`, ...), so
saves, undo (which replays steps) and `explore` (which keys states by their progress) need
nothing special. The verdict is data: tiers tried in order, the first whose rule holds wins.
What the moves did, read back for screens, is trial_events; the screens' text, trial_text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cellseven_game.engine.core import conditions, template
from cellseven_game.engine.core.links import granting_chapters
from cellseven_game.engine.core.model import Choice, Line, Story, Value
from cellseven_game.engine.core.trial_model import (
    MAX_CREDIBILITY,
    RULE_NAMES,
    Claim,
    Move,
    Outcome,
    Press,
    Progress,
    RuleView,
    Statement,
    Tier,
    Trial,
)
from cellseven_game.engine.play.state import Option, State
from cellseven_game.engine.play.trial_events import (
    TEXT_KEY,
    Event,
    last_event,
    ruling_text,
    said,
)

if TYPE_CHECKING:
    from cellseven_game.engine.play.runtime import Runtime


# The trial's model (core/trial_model) and what its moves did (trial_events) are importable
# from here as before; its reading and whole-pack checks are compile/trial_read and
# compile/trial_checks.
__all__ = [
    "MAX_CREDIBILITY",
    "RULE_NAMES",
    "Claim",
    "Event",
    "Machine",
    "Outcome",
    "Press",
    "Progress",
    "RuleView",
    "Statement",
    "Tier",
    "Trial",
    "decide",
    "granting_chapters",
    "last_event",
    "machine_for",
    "one_present_each",
    "ruling_text",
    "tier_holds",
    "variables_read",
    "verdict_of",
]


class Machine:
    """The trial run by the runtime's current scene."""

    def __init__(self, trial: Trial, scene_id: str) -> None:
        self.trial = trial
        self.scene_id = scene_id

    # -- reading the state --

    def progress(self, runtime: Runtime) -> Progress:
        """Where this trial stands (a state without its progress: at its start)."""
        found = runtime.state.trial
        if found is None or found.trial != self.trial.id:
            return Progress.fresh(self.trial)
        return found

    def claim(self, runtime: Runtime) -> Claim | None:
        index = self.progress(runtime).claim
        claims = self.trial.claims
        return claims[index] if index < len(claims) else None

    def visible(self, runtime: Runtime) -> list[Statement]:
        """The current claim's statements the player can see, in order."""
        claim = self.claim(runtime)
        if claim is None:
            return []
        pressed = self.pressed(runtime)
        opened: set[str] = set()
        for s in claim.statements:
            if s.id in pressed and s.press is not None:
                opened.update(s.press.unlocks)
        shown = [s for s in claim.statements if not s.hidden or s.id in opened]
        return [said(runtime, self.trial, claim, s) for s in shown]

    def pressed(self, runtime: Runtime) -> set[str]:
        return set(self.progress(runtime).pressed)

    def objecting(self, runtime: Runtime) -> Statement | None:
        target = self.progress(runtime).objecting
        claim = self.claim(runtime)
        found = claim.statement(target) if claim is not None and target is not None else None
        return said(runtime, self.trial, claim, found) if claim and found else None

    def claim_lines(self, runtime: Runtime) -> tuple[Line, ...]:
        """What is said as the current claim opens, as the player hears it now."""
        claim = self.claim(runtime)
        if claim is None:
            return ()
        key = f"{TEXT_KEY}{self.trial.id}/{claim.id}"
        return template.shown_lines(runtime.story, runtime.state, claim.lines, key)

    def credibility(self, runtime: Runtime) -> int:
        return self.progress(runtime).credibility

    def at_start(self, runtime: Runtime) -> bool:
        """Whether nothing has happened in this trial yet (screens show the rules then)."""
        return self.progress(runtime) == Progress.fresh(self.trial)

    # -- the runtime's hooks --

    def begin(self, runtime: Runtime) -> None:
        """Entering the trial scene: start, resume after a scene of text, or rule."""
        found = runtime.state.trial
        if found is None or found.trial != self.trial.id or found.verdict is not None:
            runtime.state.trial = Progress.fresh(self.trial)
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
            _option(n, str(move), label, self.scene_id)
            for n, (move, label) in enumerate(labels, start=1)
        ]

    def take(self, runtime: Runtime, option: Option) -> None:
        self._step(runtime, option)
        if runtime.shows_text:
            # The lines this step brings out are said once: their variations move on now,
            # and every later showing of the same step (screens redraw) reads what was picked.
            last_event(runtime, advance=True)

    def _step(self, runtime: Runtime, option: Option) -> None:
        # Progress is built field by field, not by dataclasses.replace (a few times slower,
        # and `explore` takes this step some 170,000 times on the bundled story).
        assert option.choice is not None
        move = Move.parse(option.choice.id)
        assert move is not None  # the options above are moves
        state = runtime.state
        state.steps.append((self.scene_id, option.choice.id))
        now = self.progress(runtime)
        claim = self.claim(runtime)
        assert claim is not None
        if move.kind == "press":
            statement = claim.statement(move.target)
            assert statement is not None
            pressed = tuple(sorted({*now.pressed, statement.id}))  # one order, one state
            state.trial = Progress(
                now.trial,
                now.credibility,
                now.claim,
                pressed,
                now.objecting,
                now.refuted,
                now.verdict,
            )
            if statement.press is not None:
                runtime.apply(statement.press.effects)
        elif move.kind == "object":
            state.trial = Progress(
                now.trial,
                now.credibility,
                now.claim,
                now.pressed,
                move.target,
                now.refuted,
                now.verdict,
            )
        elif move.kind == "back":
            state.trial = Progress(
                now.trial, now.credibility, now.claim, now.pressed, None, now.refuted, now.verdict
            )
        elif move.kind == "present":
            statement = self.objecting(runtime)
            if statement is not None and move.target in statement.refuted_by:
                refuted = (*now.refuted, claim.id)
                state.trial = Progress(
                    now.trial, now.credibility, now.claim + 1, (), None, refuted, now.verdict
                )
                runtime.apply(claim.refuted.effects)
                if claim.refuted.scene is not None:  # it leads back here (begin rules then)
                    runtime.go(claim.refuted.scene)
                    return
            else:
                credibility = max(0, now.credibility - self.trial.penalty)
                state.trial = Progress(
                    now.trial, credibility, now.claim, now.pressed, None, now.refuted, now.verdict
                )
        elif move.kind == "rest":
            state.trial = _next_claim(now)
        if self.claim(runtime) is None or self.credibility(runtime) <= 0:
            self.rule(runtime)

    def rule(self, runtime: Runtime) -> None:
        """The court rules now: pick the tier and leave the trial scene for its scene."""
        tier = decide(self.trial, runtime)
        progress = self.progress(runtime)
        runtime.state.trial = progress.ruled(tier.id, len(self.trial.claims))
        runtime.go(tier.goto)


# Options as made before: they are plain frozen data, and `explore` asks for a trial's
# options some 50,000 times on the bundled story (a Choice costs a few microseconds to make).
_MADE: dict[tuple[int, str, str, str], Option] = {}
_MADE_LIMIT = 4096


def _option(number: int, move: str, label: str, scene_id: str) -> Option:
    key = (number, move, label, scene_id)
    found = _MADE.get(key)
    if found is None:
        if len(_MADE) >= _MADE_LIMIT:
            _MADE.clear()  # labels that vary (`{...}`) could otherwise pile up
        choice = Choice(id=move, label=label, goto=scene_id, once=False)
        found = _MADE[key] = Option(number, label, choice)
    return found


def _next_claim(progress: Progress) -> Progress:
    """On to the next claim: nothing pressed there yet, the court record put away."""
    return Progress(
        progress.trial,
        progress.credibility,
        progress.claim + 1,
        (),
        None,
        progress.refuted,
        progress.verdict,
    )


def _rule_view(
    trial: Trial, runtime: Runtime, refuted: tuple[str, ...], credibility: int
) -> RuleView:
    state = runtime.state
    variables: dict[str, Value] = dict(state.variables)
    variables.update(refuted=len(refuted), credibility=credibility, claims=len(trial.claims))
    return RuleView(variables, state.evidence, state.met, state.facts, state.visits)


def tier_holds(trial: Trial, tier: Tier, refuted: tuple[str, ...], view: RuleView) -> bool:
    needed = [c.id for c in trial.claims] if tier.refuted == "all" else list(tier.refuted)
    if not all(c in refuted for c in needed):
        return False
    return conditions.holds(tier.condition, view)


def decide(trial: Trial, runtime: Runtime) -> Tier:
    """The first tier whose rule holds now (the last tier always does)."""
    progress = runtime.state.trial
    refuted = progress.refuted if progress is not None else ()
    credibility = progress.credibility if progress is not None else 0
    view = _rule_view(trial, runtime, refuted, credibility)
    for tier in trial.verdict:
        if tier_holds(trial, tier, refuted, view):
            return tier
    return trial.verdict[-1]


# -- what the engine asks of this module --------------------------------------------------


def machine_for(runtime: Runtime) -> Machine | None:
    """The trial machine for the runtime's current scene, or None."""
    trial_id = runtime.scene.trial
    found = runtime.story.trials.get(trial_id) if trial_id is not None else None
    return Machine(found, runtime.state.scene) if found is not None else None


def one_present_each(runtime: Runtime, options: list[Option]) -> list[Option]:
    """`options` with at most one `present` that refutes and one that does not.

    Showing any item the statement objected to is refuted by does the same thing, and so
    does showing any other item (a penalty): for a search of what can happen (`explore`),
    one of each is enough. What the player is offered is never filtered.
    """
    machine = machine_for(runtime)
    if machine is None or runtime.state.trial is None:
        return options
    target = machine.progress(runtime).objecting
    claim = machine.claim(runtime)
    statement = claim.statement(target) if claim is not None and target is not None else None
    if statement is None:
        return options
    kept: list[Option] = []
    seen: set[bool] = set()
    for option in options:
        move = Move.parse(option.choice.id) if option.choice is not None else None
        if move is not None and move.kind == "present":
            refutes = move.target in statement.refuted_by
            if refutes in seen:
                continue
            seen.add(refutes)
        kept.append(option)
    return kept


def variables_read(story: Story) -> set[str]:
    """Variables the trials' verdict rules read."""
    out: set[str] = set()
    for found in story.trials.values():
        for tier in found.verdict:
            if tier.condition is not None:
                out |= conditions.references(tier.condition).variables - set(RULE_NAMES)
    return out


def verdict_of(state: State) -> str | None:
    """The verdict tier a state's trial reached, if any (`trial_id/tier_id`)."""
    progress = state.trial
    if progress is None or progress.verdict is None:
        return None
    return f"{progress.trial}/{progress.verdict}"
