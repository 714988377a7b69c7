"""A trial move's words and the ruling's are worded once (trial_text.event_said,
verdict_said): the plain transcript (`cellseven run`, playthroughs) and the Textual screens say
the same lines in the same order, the screens only adding colour and marks. Played on the
bundled story's losing path (each wrong answer and the one that ends the trial), its winning
path (presses, refutations) and a trial where every claim stands.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play import trial, trial_text
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.trial_events import Event, parting_event
from cellseven_game.engine.tools.playthroughs import take
from cellseven_game.ui.screens.trial import event_parts
from cellseven_game.ui.screens.verdict import verdict_content

STORY = Path(__file__).resolve().parents[2] / "story"
LOSE = ["stand_and_open_the_folder"] + [
    "object:motive.quarrel",
    "present:motive.ice_on_pavement",
] * 5
WIN = [
    "stand_and_open_the_folder",
    "object:motive.quarrel", "present:motive.shop_clerk_account", "continue",
    "press:lured.followed", "object:lured.his_idea", "present:lured.vendor_saw_girl_lead",
]  # fmt: skip


ALL_STAND = ["stand_and_open_the_folder"] + [
    f"rest:{c}" for c in ("motive", "lured", "assault", "confession", "cause")
]
FULL_WIN = [
    *WIN, "object:assault.hands", "present:assault.cpr_explained", "continue",
    "object:confession.own_words", "present:confession.confession_script", "continue",
    "object:cause.ordinary", "present:cause.fallen_brick",
]  # fmt: skip


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(STORY)


def events(story: Story, steps: list[str]) -> list[tuple[trial.Trial, Event]]:
    """The event of every step taken in court, the last one (which may leave it) included."""
    runtime = Runtime.at_chapter(story, "verdict")
    out = []
    for step in steps:
        scene = story.scenes[runtime.state.scene]
        take(runtime, step)
        if scene.trial is None:
            continue
        found = story.trials[scene.trial]
        in_court = runtime.state.scene == scene.id and not runtime.finished
        out.append((found, trial.last_event(runtime) if in_court else parting_event(runtime)))
    return out


@pytest.mark.parametrize("steps", [LOSE, WIN], ids=["lose", "win"])
def test_the_screen_and_the_transcript_say_a_move_in_the_same_words(
    story: Story, steps: list[str]
) -> None:
    said = events(story, steps)
    kinds = [event.kind for _, event in said]
    assert ("wrong" in kinds) == (steps is LOSE) and ("press" in kinds) == (steps is WIN)
    for found, event in said:
        lines = trial_text.event_lines(story, found, event)
        drawn = [part.plain for part in event_parts(story, found, event, colors=False)]
        assert drawn == lines, event.kind
        assert bool(lines) == (event.kind in ("press", "right", "wrong")), event.kind


def test_a_wrong_answer_says_what_missed_its_lines_and_its_cost(story: Story) -> None:
    found, event = events(story, LOSE)[-1]  # the last wrong answer: the court rules at once
    assert event.kind == "wrong"
    lines = trial_text.event_lines(story, found, event)
    assert lines[0] == trial_text.wrong_text(story, event)
    assert lines[1:-1] == trial_text.spoken(story, event.lines) and event.lines
    assert lines[-1] == f"The court's patience wears: credibility -{found.penalty}."


def _words(text: str) -> str:
    return " ".join(text.replace("✓", " ").replace("✗", " ").split())


@pytest.mark.parametrize("steps", [LOSE, FULL_WIN, ALL_STAND], ids=["lose", "win", "all-stand"])
def test_the_verdict_screen_and_the_transcript_say_the_same_ruling(
    story: Story, steps: list[str]
) -> None:
    runtime = Runtime.at_chapter(story, "verdict")
    for step in steps:
        take(runtime, step)
    lines = trial_text.verdict_lines(story, runtime.state)
    assert lines and lines[0].startswith("Verdict: ")
    # The transcript's own marks: a "Verdict:" label, a colon after each row's mark and after
    # the heading; the screen's: ✓ and ✗. Every word between them is the same, in order.
    plain_lines = [lines[0].removeprefix("Verdict: ")] + [
        line.replace("  refuted: ", "refuted ", 1).replace("  stood:   ", "stood ", 1)
        for line in lines[1:]
    ]
    transcript = _words(
        " ".join(plain_lines).replace(f"{trial_text.MISSED_HEADING}:", trial_text.MISSED_HEADING)
    )
    assert _words(verdict_content(runtime).plain) == transcript
    said = trial_text.verdict_said(story, runtime.state)
    assert said is not None
    assert bool(said.missed) == (trial_text.MISSED_HEADING + ":" in lines)
