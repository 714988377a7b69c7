"""What screens and transcripts show of the trial: each claim's result, the findings, the
statements as numbered, the meter, the verdict's and the rules' lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cellseven_game.engine.core import template
from cellseven_game.engine.core.links import granting_chapters
from cellseven_game.engine.core.model import Line, Story
from cellseven_game.engine.core.trial_model import Claim, Move, Statement, Tier, Trial
from cellseven_game.engine.play.state import State, Step
from cellseven_game.engine.play.trial import machine_for
from cellseven_game.engine.play.trial_events import (
    TEXT_KEY,
    Event,
    last_event,
    parting_event,
    refuted_by,
    ruling_text,
)

if TYPE_CHECKING:
    from cellseven_game.engine.play.runtime import Runtime


@dataclass(frozen=True, slots=True)
class ClaimResult:
    claim: Claim
    refuted: bool
    evidence: str | None  # what refuted it, when known
    statement: Statement | None  # the statement that evidence answered, when known
    answers: tuple[tuple[str, bool, tuple[str, ...]], ...]  # evidence, held, chapters granting it


def summary(story: Story, state: State) -> list[ClaimResult]:
    """Each claim of the state's trial: refuted (and by what) or stood, and what answers it."""
    progress = state.trial
    trial = story.trials.get(progress.trial) if progress is not None else None
    if trial is None or progress is None:
        return []
    granted = granting_chapters(story.scenes, story.chapter_order)
    out: list[ClaimResult] = []
    for claim in trial.claims:
        refuted = claim.id in progress.refuted
        move, answered = refuted_by(state.steps, claim) if refuted else (None, None)
        evidence = move.target if move is not None else None
        answers: list[tuple[str, bool, tuple[str, ...]]] = []
        for s in claim.statements:
            for ev in s.refuted_by:
                if ev not in [a[0] for a in answers]:
                    answers.append((ev, ev in state.evidence, tuple(granted.get(ev, []))))
        out.append(ClaimResult(claim, refuted, evidence, answered, tuple(answers)))
    return out


def findings(story: Story, state: State) -> list[str]:
    """What the ruling says of each claim, from what was answered and what was let stand.

    Each sentence comes from the pack (`found` on the statement that was answered, else on
    the claim; `stood` on a claim left standing), so the ruling never claims more, or less,
    than the player showed the court.
    """
    out: list[str] = []
    trial_id = state.trial.trial if state.trial is not None else ""
    for result in summary(story, state):
        place = f"{TEXT_KEY}{trial_id}/{result.claim.id}/"
        if result.refuted and result.statement is not None and result.statement.found:
            said, place = result.statement.found, f"{place}{result.statement.id}/found"
        elif result.refuted:
            said, place = result.claim.found, f"{place}found"
        else:
            said, place = result.claim.stood, f"{place}stood"
        said = template.shown_text(story, state, said, place).strip()
        if said:
            out.append(said)
    return out


def current(story: Story, state: State) -> tuple[Trial, Tier] | None:
    """The trial and the tier the court ruled, once it has ruled."""
    progress = state.trial
    if progress is None or progress.verdict is None:
        return None
    trial = story.trials.get(progress.trial)
    tier = trial.tier(progress.verdict) if trial is not None else None
    return (trial, tier) if trial is not None and tier is not None else None


def missed_lines(story: Story, state: State) -> list[str]:
    """For each claim that stood: what would have answered it, and which memory holds it."""
    out: list[str] = []
    found = current(story, state)
    for result in summary(story, state):
        if result.refuted:
            continue
        parts = []
        for ev, held, chapters in result.answers:
            name = story.evidence[ev].name if ev in story.evidence else ev
            titles = " or ".join(
                f"“{story.chapters[c].title}” (`{c}`)" for c in chapters if c in story.chapters
            )
            if held:
                source = f", from the memory {titles}" if titles else ""
                parts.append(f"{name} (in your court record{source})")
            elif titles:
                parts.append(f"{name} (not found yet: it is in the memory {titles})")
            else:
                parts.append(name)
        hidden = found is not None and any(
            s.hidden and s.refuted_by for s in result.claim.statements
        )
        press = " Some of it shows only after you press the witness." if hidden else ""
        out.append(
            f"“{result.claim.title}” stood. What answers it: " + "; ".join(parts) + "." + press
        )
    return out


@dataclass(frozen=True, slots=True)
class VerdictSaid:
    """The ruling, worded once for every reader: the transcript prints it as lines
    (`verdict_lines`), the verdict screen draws the same parts (ui/screens/verdict.py)."""

    title: str  # the tier's
    ruling: str
    findings: tuple[str, ...]  # what the ruling says of each claim (the pack's sentences)
    claims: tuple[tuple[str, str], ...]  # ("refuted" or "stood", the claim and what answered it)
    missed: tuple[str, ...]  # when the tier asks: what would have answered each claim that stood


MISSED_HEADING = "Where to look again"
MISSED_AFTER = "Replay those memories from the chapter list, then come back to the court."


def verdict_said(story: Story, state: State) -> VerdictSaid | None:
    """What the court ruled, and of each claim; None until it has ruled."""
    found = current(story, state)
    if found is None:
        return None
    _, tier = found
    claims = []
    for result in summary(story, state):
        if result.refuted:
            by = story.evidence[result.evidence].name if result.evidence in story.evidence else ""
            claims.append(("refuted", result.claim.title + (f" (answered by {by})" if by else "")))
        else:
            claims.append(("stood", result.claim.title))
    missed = tuple(missed_lines(story, state)) if tier.missed else ()
    ruling = ruling_text(story, state, found)
    return VerdictSaid(tier.title, ruling, tuple(findings(story, state)), tuple(claims), missed)


def verdict_lines(story: Story, state: State) -> list[str]:
    """The ruling and a claim-by-claim summary, as plain lines (`verdict_said`, in order)."""
    said = verdict_said(story, state)
    if said is None:
        return []
    out = [f"Verdict: {said.title}", *filter(None, [said.ruling]), *said.findings]
    out.extend(f"  {mark + ':':<8} {claim}" for mark, claim in said.claims)
    if said.missed:
        out.extend([f"{MISSED_HEADING}:", *said.missed, MISSED_AFTER])
    return out


def status_lines(runtime: Runtime) -> list[str]:
    """The trial as text: the last response, the claim, its statements and the meter."""
    machine = machine_for(runtime)
    if machine is None:
        return []
    story = runtime.story
    event = last_event(runtime)
    out = event_lines(story, machine.trial, event)

    def said(lines: Iterable[Line]) -> None:
        out.extend(spoken(story, lines))

    claim = machine.claim(runtime)
    if claim is None:
        return out
    index = machine.trial.claims.index(claim) + 1
    out.append(f"Claim {index} of {len(machine.trial.claims)}: {claim.title}")
    left, size = machine.credibility(runtime), machine.trial.credibility
    out.append(f"Credibility: {max(0, left)} of {size}")  # words: no symbols read one by one
    if event.kind not in ("press", "object", "back", "wrong") or event.claim != claim:
        said(machine.claim_lines(runtime))
    witness = story.characters[claim.witness].name if claim.witness in story.characters else ""
    pressed = machine.pressed(runtime)
    for n, s in enumerate(machine.visible(runtime), start=1):
        mark = " (pressed)" if s.id in pressed else f" ({MORE})" if has_more(s, pressed) else ""
        out.append(f"  {witness + ' ' if witness else ''}[{n}] “{s.text}”{mark}")
    target = machine.objecting(runtime)
    if target is not None:
        out.append(f"Against “{target.text}”, present:")
    return out


def spoken(story: Story, lines: Iterable[Line]) -> list[str]:
    """Lines as read out: `Name: what they say`, or the bare text when no one speaks it."""
    out = []
    for line in lines:
        name = story.characters[line.speaker].name if line.speaker in story.characters else ""
        out.append(f"{name}: {line.text}" if name else line.text)
    return out


@dataclass(frozen=True, slots=True)
class EventSaid:
    """What a move said, worded once for every reader: the transcript prints it as lines
    (`event_lines`), the trial screen draws the same parts styled (ui/screens/trial.py)."""

    missed: str  # a wrong presentation: which exhibit did not answer what; else ""
    lines: tuple[Line, ...]  # a press's answer, a claim's `refuted.lines`, the `wrong` lines
    cost: str  # a wrong presentation: what it cost the player; else ""


def event_said(story: Story, found: Trial, event: Event) -> EventSaid:
    """What a move said: a press's answer, a claim's `refuted.lines`, or a wrong
    presentation's miss, its lines and its cost."""
    if event.kind not in ("press", "right", "wrong"):
        return EventSaid("", (), "")
    if event.kind != "wrong":
        return EventSaid("", event.lines, "")
    return EventSaid(wrong_text(story, event), event.lines, cost_text(found))


def cost_text(found: Trial) -> str:
    """What a presentation that does not answer costs (the rules say why: rules_lines)."""
    return f"The court's patience wears: credibility -{found.penalty}."


def event_lines(story: Story, found: Trial, event: Event) -> list[str]:
    """What a move said, as plain lines (`event_said` in reading order)."""
    said = event_said(story, found, event)
    return [*filter(None, [said.missed]), *spoken(story, said.lines), *filter(None, [said.cost])]


def parting_lines(runtime: Runtime) -> list[str]:
    """What the last trial move said when it also left the trial scene (a `refuted.scene`,
    or the ruling): every reader of the story says these before the scene it left for."""
    event = parting_event(runtime)
    steps = runtime.state.steps
    scene = runtime.story.scenes.get(steps[-1][0]) if steps else None
    found = runtime.story.trials.get(scene.trial or "") if scene is not None else None
    return event_lines(runtime.story, found, event) if found is not None else []


def statement_numbers(runtime: Runtime) -> dict[str, int]:
    """The statements shown now, by text, with the number the transcript reads them under."""
    machine = machine_for(runtime)
    if machine is None or machine.claim(runtime) is None:
        return {}
    return {s.text: n for n, s in enumerate(machine.visible(runtime), start=1)}


def has_more(statement: Statement, pressed: set[str]) -> bool:
    """Whether pressing this statement will bring out one the player cannot see yet."""
    return (
        statement.press is not None
        and bool(statement.press.unlocks)
        and (statement.id not in pressed)
    )


MORE = "there is more to this"  # the signpost on a statement that hides another


def rules_lines(found: Trial) -> list[str]:
    """The rules of the court, with this trial's numbers, for the screen and transcripts."""
    claims = len(found.claims)
    penalty = "one point" if found.penalty == 1 else f"{found.penalty} points"
    return [
        f"The prosecution makes {claims} claim{'s' * (claims != 1)}, one at a time. "
        "Each claim is a witness's statements.",
        "Press a statement to hear more. Pressing is free, and a statement marked "
        f"“{MORE}” hides another that only pressing brings out.",
        "Present something from the court record against the one statement it contradicts. "
        "If it answers that statement, the claim falls.",
        f"If it does not, the court's patience wears: credibility drops by {penalty} "
        f"(it starts at {found.credibility}). At zero the court rules at once.",
        "Let a claim stand to move on; it cannot be argued again in this trial.",
        "What is said in court stays said: there is no undo inside the trial, nor from the "
        "ruling back into it. Save first if you want a second try.",
        "The court rules after the last claim, on what was answered and what stood.",
    ]


def in_court(story: Story, steps: list[Step]) -> bool:
    """Whether the last step was taken in a trial (undo stops there: see rules_lines)."""
    if not steps:
        return False
    scene = story.scenes.get(steps[-1][0])
    return scene is not None and scene.trial is not None and Move.parse(steps[-1][1]) is not None


def wrong_text(story: Story, event: Event) -> str:
    """Which exhibit did not answer which statement, in one sentence."""
    found = story.evidence.get(event.evidence or "")
    name = found.name if found is not None else "That"
    if event.statement is None:
        return f"{name} does not answer the statement."
    said = event.statement.text.strip()
    return f"{name} does not answer “{said}”" + ("" if said[-1:] in ".?!" else ".")


def meter_text(left: int, size: int) -> str:
    return "●" * max(0, left) + "○" * max(0, size - left) + f" {left}/{size}"
