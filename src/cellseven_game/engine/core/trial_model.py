"""The mock trial as loaded: claims, statements, presses, outcomes and the verdict's tiers.

Plain frozen data like engine.model; trial_read builds it, trial_checks checks it across the
pack, and trial plays it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Literal

from cellseven_game.engine.core.frozen import field, frozen
from cellseven_game.engine.core.model import NOWHERE, Effect, Line, Value, Where

# Names a verdict rule may read besides the story's variables.
RULE_NAMES = ("refuted", "credibility", "claims")
MAX_CREDIBILITY = 99


@frozen
class Press:
    lines: tuple[Line, ...] = ()
    effects: tuple[Effect, ...] = ()
    unlocks: tuple[str, ...] = ()


@frozen
class Statement:
    id: str
    text: str
    hidden: bool = False  # shown only once a press unlocks it
    press: Press | None = None
    refuted_by: tuple[str, ...] = ()  # evidence that contradicts it
    refuted_where: tuple[Where, ...] = ()  # where each of those ids was written
    wrong: tuple[Line, ...] = ()  # said when something else is presented against it
    found: str = ""  # what the ruling says when this statement was the one answered
    where: Where = NOWHERE


@frozen
class Outcome:
    """What follows a right presentation."""

    lines: tuple[Line, ...] = ()
    effects: tuple[Effect, ...] = ()
    scene: str | None = None  # a scene of text to go through; it leads back to the trial


@frozen
class Claim:
    id: str
    title: str
    witness: str | None = None
    lines: tuple[Line, ...] = ()
    statements: tuple[Statement, ...] = ()
    refuted: Outcome = Outcome()
    found: str = ""  # what the ruling says when the claim was answered
    stood: str = ""  # what the ruling says when it was let stand
    where: Where = NOWHERE

    def statement(self, statement_id: str) -> Statement | None:
        return next((s for s in self.statements if s.id == statement_id), None)

    def unlocked_by(self) -> dict[str, str]:
        """Hidden statement id -> the statement whose press unlocks it."""
        out: dict[str, str] = {}
        for s in self.statements:
            if s.press is not None:
                for target in s.press.unlocks:
                    out.setdefault(target, s.id)
        return out


@frozen
class Tier:
    id: str
    title: str
    goto: str
    ruling: str = ""
    refuted: tuple[str, ...] | Literal["all"] = ()
    condition: str | None = None
    missed: bool = False  # list what the player missed, and where to find it
    where: Where = NOWHERE


@frozen
class Trial:
    id: str
    title: str
    credibility: int
    penalty: int = 1
    judge: str | None = None
    wrong: tuple[Line, ...] = ()
    claims: tuple[Claim, ...] = ()
    verdict: tuple[Tier, ...] = ()
    where: Where = NOWHERE

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)

    def tier(self, tier_id: str) -> Tier | None:
        return next((t for t in self.verdict if t.id == tier_id), None)

    def effects(self) -> list[Effect]:
        """Every effect the trial may run, in any order: its presses' and refutations'."""
        found: list[Effect] = []
        for claim in self.claims:
            found.extend(claim.refuted.effects)
            for statement in claim.statements:
                if statement.press is not None:
                    found.extend(statement.press.effects)
        return found

    def evidence_used(self) -> list[tuple[str, Where, Claim]]:
        return [
            (ident, at, claim)
            for claim in self.claims
            for s in claim.statements
            for ident, at in zip(s.refuted_by, s.refuted_where, strict=True)
        ]


@frozen
class RuleView:
    """What a verdict rule reads: the story state plus the trial's own numbers."""

    variables: dict[str, Value]
    evidence: set[str] | Mapping[str, object] = field(default_factory=set)
    met: set[str] | Mapping[str, object] = field(default_factory=set)
    facts: set[str] | Mapping[str, object] = field(default_factory=set)
    visits: Mapping[str, int] = field(default_factory=dict)


# -- play: one step in court -------------------------------------------------------------

MoveKind = Literal["press", "object", "present", "back", "rest"]
MOVE_KINDS: tuple[MoveKind, ...] = ("press", "object", "present", "back", "rest")


@frozen
class Move:
    """One step in court. A state records it in `State.steps` as its text, written by
    `str(move)` and read by `Move.parse` (the one format, shared by saves and playthroughs):

        press:CLAIM.STATEMENT    hear more from the witness about one statement
        object:CLAIM.STATEMENT   open the court record against one statement
        present:CLAIM.EVIDENCE   show an item or testimony against that statement
        back:CLAIM               close the court record without showing anything
        rest:CLAIM               let the claim stand and move on
    """

    kind: MoveKind
    claim: str
    target: str = ""  # the statement (press, object) or the evidence (present)

    def __str__(self) -> str:
        if self.target:
            return f"{self.kind}:{self.claim}.{self.target}"
        return f"{self.kind}:{self.claim}"

    @staticmethod
    def parse(text: str | None) -> Move | None:
        """The move a step's text names, or None when it is not a trial move (a choice id
        never holds a `:`). Whether its claim and target exist is checked where it is used."""
        return None if text is None else _parse_move(text)


@lru_cache(maxsize=4096)  # a trial's moves are few, and `explore` reads each many times
def _parse_move(text: str) -> Move | None:
    kind, colon, rest = text.partition(":")
    for known in MOVE_KINDS:
        if colon and kind == known:
            claim, _, target = rest.partition(".")
            return Move(known, claim, target)
    return None


# -- play: where a trial stands ----------------------------------------------------------


@frozen
class Progress:
    """Where a trial stands: the claim being heard, credibility left, what was pressed and
    refuted, the statement the court record is open against, and the ruling once made.

    Read from a save once (`progress_from`, which checks it against the story's trial) and
    replaced, never changed, by each move: a state holds it as `State.trial`.
    """

    trial: str
    credibility: int
    claim: int = 0  # index into Trial.claims; len(claims) once every claim was heard
    pressed: tuple[str, ...] = ()  # statement ids of the current claim, sorted: one order
    objecting: str | None = None  # the statement the court record is open against
    refuted: tuple[str, ...] = ()  # claim ids, in the order refuted
    verdict: str | None = None  # the tier id, once the court has ruled

    @staticmethod
    def fresh(trial: Trial) -> Progress:
        """A trial about to hear its first claim."""
        return Progress(trial.id, trial.credibility)

    def ruled(self, tier: str, claims: int) -> Progress:
        """After the ruling: only what the verdict and its summary need (states stay few)."""
        return Progress(self.trial, self.credibility, claims, refuted=self.refuted, verdict=tier)

    def data(self) -> dict[str, object]:
        """As a save holds it (`extra.trial`; the shape of cellseven 0.1, unchanged)."""
        if self.verdict is not None:
            return {
                "id": self.trial,
                "refuted": list(self.refuted),
                "credibility": self.credibility,
                "verdict": self.verdict,
            }
        return {
            "id": self.trial,
            "claim": self.claim,
            "credibility": self.credibility,
            "pressed": list(self.pressed),
            "objecting": self.objecting,
            "refuted": list(self.refuted),
            "verdict": None,
        }


def progress_from(trials: Mapping[str, Trial], data: object) -> Progress | None:
    """Saved trial data as Progress; None when this story's trial could not have written it
    (saves are untrusted: no screen may show a ruling or refutation the player never reached)."""
    if not isinstance(data, dict):
        return None
    ident = data.get("id")
    trial = trials.get(ident) if isinstance(ident, str) else None
    if trial is None:
        return None
    verdict = data.get("verdict")
    ruled = verdict is not None and data.get("claim") is None  # the shape `ruled` saves
    claim = len(trial.claims) if ruled else data.get("claim")
    credibility = data.get("credibility")
    pressed = data.get("pressed", []) if ruled else data.get("pressed")
    refuted, objecting = data.get("refuted"), data.get("objecting")
    if not (
        type(claim) is int
        and 0 <= claim <= len(trial.claims)
        and type(credibility) is int
        and 0 <= credibility <= trial.credibility
        and isinstance(pressed, list)
        and all(isinstance(p, str) for p in pressed)
        and isinstance(refuted, list)
        and all(isinstance(c, str) and trial.claim(c) is not None for c in refuted)
        and (objecting is None or isinstance(objecting, str))
        and (verdict is None or (isinstance(verdict, str) and trial.tier(verdict) is not None))
    ):
        return None
    return Progress(
        trial.id,
        credibility,
        claim,
        tuple(sorted(set(pressed))),
        objecting,
        tuple(refuted),
        verdict,
    )
