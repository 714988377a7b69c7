"""A trial move's words are worded once (trial_text.event_said): the plain transcript
(`cellseven run`, playthroughs, `play --plain`) and the Textual trial screen say the same lines
in the same order, the screen only adding colour. Played on the bundled story's losing path
(each wrong answer and the one that ends the trial) and its winning path (presses, refutations).
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
