"""The verdict decides how the story ends, and the ruling says only what was shown.

Plays the verdict chapter on into the epilogue (its entry state, then the whole story on) with
a losing run and a winning run, and compares where they end; then checks the ruling's words
against what each run actually put before the court.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play import trial, trial_text
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.tools.playthroughs import take as _take

STORY = Path(__file__).resolve().parents[2] / "story"

WIN = [
    "stand_and_open_the_folder",
    "object:motive.quarrel", "present:motive.shop_clerk_account", "continue",
    "press:lured.followed", "object:lured.his_idea", "present:lured.vendor_saw_girl_lead",
    "object:assault.hands", "present:assault.cpr_explained", "continue",
    "object:confession.own_words", "present:confession.confession_script", "continue",
    "object:cause.ordinary", "present:cause.fallen_brick",
]  # fmt: skip
LOSE_ALL_STAND = ["stand_and_open_the_folder", *(f"rest:{c}" for c in
    ("motive", "lured", "assault", "confession", "cause"))]  # fmt: skip
LOSE_PATIENCE = ["stand_and_open_the_folder"] + [
    "object:motive.quarrel",
    "present:motive.ice_on_pavement",
] * 5
ACQUIT_NO_CAUSE = [
    "stand_and_open_the_folder", "rest:motive",
    "press:lured.followed", "object:lured.his_idea", "present:lured.vendor_saw_girl_lead",
    "object:assault.saw_face", "present:assault.bystander_saw_back", "continue",
    "object:confession.freely", "present:confession.commissioner_threat", "continue",
    "rest:cause",
]  # fmt: skip


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(STORY)


def play(story: Story, steps: list[str]) -> Runtime:
    """The verdict chapter from its entry, played on past its edge; after `steps`, the first
    choice every time (Continue where there is one) until the story ends."""
    runtime = Runtime.at_chapter(story, "verdict")
    runtime.state.chapter = None
    for step in steps:
        _take(runtime, step)
    for _ in range(200):
        if runtime.finished:
            break
        first = next(o for o in runtime.options() if o.enabled)
        runtime.choose(first.number)
    assert runtime.state.status == "ended"
    return runtime


def reachable_endings(story: Story, start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    out: set[str] = set()
    while todo:
        scene_id = todo.pop()
        if scene_id in seen:
            continue
        seen.add(scene_id)
        scene = story.scenes[scene_id]
        if scene.end:
            out.add(scene.end)
        todo.extend(c.goto for c in scene.choices)
        if scene.next:
            todo.append(scene.next)
    return out


def test_losing_and_winning_runs_reach_different_endings(story: Story) -> None:
    won = play(story, WIN)
    lost = play(story, LOSE_ALL_STAND)
    halted = play(story, LOSE_PATIENCE)
    acquitted = play(story, ACQUIT_NO_CAUSE)
    assert trial.verdict_of(won.state) == "retrial/acquitted_reinvestigation"
    assert trial.verdict_of(lost.state) == "retrial/not_persuaded"
    assert trial.verdict_of(halted.state) == "retrial/heard_enough"
    assert trial.verdict_of(acquitted.state) == "retrial/acquitted"
    endings = [r.state.ending for r in (won, lost, halted, acquitted)]
    assert len(set(endings)) == 4, endings
    # Only the full acquittal earns the vision of the balloon rising.
    assert "epilogue_vision" in won.state.trail
    for other in (lost, halted, acquitted):
        assert "epilogue_vision" not in other.state.trail
        assert not {"epilogue_open", "epilogue_close"} & set(other.state.trail)


def test_each_ruling_leads_only_to_its_own_endings(story: Story) -> None:
    retrial = story.trials["retrial"]
    by_tier = {t.id: reachable_endings(story, t.goto) for t in retrial.verdict}
    assert all(by_tier.values()), by_tier
    tiers = list(by_tier)
    for i, a in enumerate(tiers):
        for b in tiers[i + 1 :]:
            assert not by_tier[a] & by_tier[b], (a, b)


def test_ruling_says_only_what_was_shown(story: Story) -> None:
    lost = play(story, LOSE_ALL_STAND)
    said = " ".join(trial_text.findings(story, lost.state))
    for claim in story.trials["retrial"].claims:
        assert claim.stood in said
        assert claim.found not in said
    acquitted = play(story, ACQUIT_NO_CAUSE)
    said = " ".join(trial_text.findings(story, acquitted.state))
    cause = story.trials["retrial"].claim("cause")
    assert cause is not None and cause.stood in said
    assert "hospital" not in said and "brick" not in said
    assert "face was never in her view" in said  # the statement that was answered


def test_the_answered_statement_speaks_in_the_ruling(story: Story) -> None:
    by_brick = play(story, WIN)
    said = " ".join(trial_text.findings(story, by_brick.state))
    assert "never read to the 1997 court" not in said  # the medical finding was never shown
    ordinary = story.trials["retrial"].claim("cause")
    assert ordinary is not None
    statement = ordinary.statement("ordinary")
    assert statement is not None and statement.found in said
