"""What the trial's moves did, read back from the recorded steps: the last move's `Event`
(for screens and transcripts), which move refuted a claim, and the trial's texts as the
player hears them (statements, responses, the ruling).

Nothing here is stored: it is all derived from `State.steps` and `State.trial`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from cellseven_game.engine.core import template
from cellseven_game.engine.core.model import Line, Story
from cellseven_game.engine.core.trial_model import Claim, Move, MoveKind, Statement, Tier, Trial
from cellseven_game.engine.play.state import State, Step

if TYPE_CHECKING:
    from cellseven_game.engine.play.runtime import Runtime

TEXT_KEY = "trial:"  # the start of a trial text's place key for variations (no scene id has a ':')


@dataclass(frozen=True, slots=True)
class Event:
    """What the last step did, for screens and transcripts."""

    kind: Literal["press", "right", "wrong", "rest", "object", "back", "none"]
    claim: Claim | None = None
    statement: Statement | None = None
    evidence: str | None = None
    lines: tuple[Line, ...] = ()


def said(runtime: Runtime, trial: Trial, claim: Claim, s: Statement) -> Statement:
    """A statement with its text as the player sees it now."""
    key = f"{TEXT_KEY}{trial.id}/{claim.id}/{s.id}"
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
        statement = said(runtime, trial, event.claim, statement)
    where = {"press": "press", "right": "refuted", "wrong": "wrong"}[event.kind]
    owner = f"{event.claim.id}/" + (
        f"{event.statement.id}/" if event.statement is not None and where != "refuted" else ""
    )
    if where == "wrong" and not (event.statement and event.statement.wrong):
        owner = ""  # the trial's own `wrong` lines
    key = f"{TEXT_KEY}{trial.id}/{owner}{where}"
    lines = template.shown_lines(runtime.story, runtime.state, event.lines, key, advance)
    return dataclasses.replace(event, statement=statement, lines=lines)


def parting_event(runtime: Runtime) -> Event:
    """The last trial move's event when that move also took play out of the trial scene: a
    right presentation into its claim's `refuted.scene`, or the move after which the court
    ruled (the last claim answered or let stand, credibility spent). What it said must be
    said before what comes next, as no trial screen or status is drawn there. Otherwise
    `Event("none")` (on the trial scene the trial's status says it)."""
    steps, state = runtime.state.steps, runtime.state
    if not steps or (state.scene == steps[-1][0] and state.status == "playing"):
        return Event("none")
    return last_event(runtime)


def _last_event(runtime: Runtime) -> Event:
    steps = runtime.state.steps
    progress = runtime.state.trial
    if not steps or progress is None:
        return Event("none")
    scene_id, step = steps[-1]
    trial = runtime.story.trials.get(runtime.story.scenes[scene_id].trial or "")
    move = Move.parse(step)
    if trial is None or move is None:
        return Event("none")
    claim = trial.claim(move.claim)
    if claim is None:
        return Event("none")
    if move.kind == "press":
        s = claim.statement(move.target)
        lines = s.press.lines if s is not None and s.press is not None else ()
        if not lines and claim.witness:
            lines = (Line(claim.witness, "I have told the court what I know."),)
        return Event("press", claim, s, None, lines)
    if move.kind == "present":
        against = last_move(steps[:-1], "object", claim.id)
        s = claim.statement(against[1].target) if against is not None else None
        if claim.id in progress.refuted:  # this move refuted it: the claim fell with it
            return Event("right", claim, s, move.target, claim.refuted.lines)
        lines = (s.wrong if s is not None and s.wrong else ()) or trial.wrong
        return Event("wrong", claim, s, move.target, lines)
    if move.kind == "object":
        return Event("object", claim, claim.statement(move.target))
    return Event(move.kind, claim)  # back, rest


def last_move(steps: Sequence[Step], kind: MoveKind, claim_id: str) -> tuple[int, Move] | None:
    """The last `kind` move on a claim in `steps`, and its index; None when there is none."""
    for index in range(len(steps) - 1, -1, -1):
        move = Move.parse(steps[index][1])
        if move is not None and move.kind == kind and move.claim == claim_id:
            return index, move
    return None


def refuted_by(steps: Sequence[Step], claim: Claim) -> tuple[Move | None, Statement | None]:
    """For a refuted claim: the move that refuted it (its last `present`), and the statement
    it answered (the `object` move before that), each when known."""
    present = last_move(steps, "present", claim.id)
    if present is None:
        return None, None
    at, move = present
    objected = last_move(steps[:at], "object", claim.id)
    return move, claim.statement(objected[1].target) if objected is not None else None


def ruling_text(story: Story, state: State, found: tuple[Trial, Tier]) -> str:
    """The ruling of the tier the court chose, as the player reads it."""
    trial, tier = found
    key = f"{TEXT_KEY}{trial.id}/{tier.id}/ruling"
    return template.shown_text(story, state, tier.ruling, key).strip()
