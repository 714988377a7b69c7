"""The trial machine: press, present right and wrong, credibility, the verdict tiers."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from guide_examples import trial_example  # tests/ is on sys.path (rootdir conftest)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play import trial, trial_text
from cellseven_game.engine.play.replay import replay, undo
from cellseven_game.engine.play.runtime import ChoiceError, Runtime
from cellseven_game.engine.play.state import Origin
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.paths import bundled_story


@pytest.fixture
def small(make_pack: Callable[[dict[str, str]], Path]) -> Story:
    return load_story(make_pack({"story.yaml": trial_example()}))


@pytest.fixture(scope="module")
def bundled() -> Story:
    return load_story(bundled_story())


def at_trial(story: Story, *choices: str | None) -> Runtime:
    """A whole game of the small pack, walked to the trial with the given street choices."""
    runtime = Runtime(story)
    for choice in choices:
        runtime.choose_id(choice)
    assert runtime.scene.trial == "bicycle"
    return runtime


def ids(runtime: Runtime) -> list[str]:
    return [o.choice.id for o in runtime.options() if o.choice is not None]


def machine(runtime: Runtime) -> trial.Machine:
    found = trial.machine_for(runtime)
    assert found is not None
    return found


# -- the small pack from the authoring guide ---------------------------------------------


def test_press_unlocks_a_hidden_statement(small: Story) -> None:
    runtime = at_trial(small, "ask_for_the_receipt", "go_to_the_hearing")
    assert [s.id for s in machine(runtime).visible(runtime)] == ["saw_him"]
    assert "object:rode_it.that_one" not in ids(runtime)
    runtime.choose_id("press:rode_it.saw_him")
    assert [s.id for s in machine(runtime).visible(runtime)] == ["saw_him", "that_one"]
    assert "press:rode_it.saw_him" not in ids(runtime)  # each statement is pressed once
    event = trial.last_event(runtime)
    assert event.kind == "press"
    assert event.lines[0].text.startswith("Well, I saw a bicycle")
    assert runtime.state.steps[-1] == ("hearing_open", "press:rode_it.saw_him")


def test_present_right_refutes_and_the_court_rules(small: Story) -> None:
    runtime = at_trial(small, "ask_for_the_receipt", "go_to_the_hearing")
    runtime.choose_id("press:rode_it.saw_him")
    runtime.choose_id("object:rode_it.that_one")
    assert ids(runtime) == ["present:rode_it.receipt", "back:rode_it"]
    runtime.choose_id("present:rode_it.receipt")
    assert runtime.state.status == "ended"
    assert runtime.state.ending == "cleared"
    assert trial.verdict_of(runtime.state) == "bicycle/cleared"
    lines = trial_text.verdict_lines(small, runtime.state)
    assert lines[0] == "Verdict: Cleared"
    refuted = "He rode the bicycle away on Tuesday (answered by A repair receipt)"
    assert lines[1] == f"  refuted: {refuted}"


def test_presenting_before_the_press_is_wrong_and_costs_credibility(small: Story) -> None:
    runtime = at_trial(small, "ask_for_the_receipt", "go_to_the_hearing")
    m = machine(runtime)
    runtime.choose_id("object:rode_it.saw_him")
    runtime.choose_id("present:rode_it.receipt")
    assert m.credibility(runtime) == 2
    event = trial.last_event(runtime)
    assert event.kind == "wrong"
    assert event.lines[0].text == "That does not answer the witness."
    assert runtime.state.status == "playing"


def test_back_closes_the_record_without_cost(small: Story) -> None:
    runtime = at_trial(small, "ask_for_the_receipt", "go_to_the_hearing")
    runtime.choose_id("object:rode_it.saw_him")
    runtime.choose_id("back:rode_it")
    assert machine(runtime).credibility(runtime) == 3
    assert "object:rode_it.saw_him" in ids(runtime)


def test_zero_credibility_rules_at_once(small: Story) -> None:
    runtime = at_trial(small, "ask_for_the_receipt", "go_to_the_hearing")
    for _ in range(3):
        runtime.choose_id("object:rode_it.saw_him")
        runtime.choose_id("present:rode_it.receipt")
    assert runtime.state.ending == "doubted"
    assert trial.verdict_of(runtime.state) == "bicycle/doubted"


def test_flags_from_memories_decide_a_tier(small: Story) -> None:
    def play(*street: str | None) -> str | None:
        runtime = at_trial(small, *street)
        runtime.choose_id("press:rode_it.saw_him")
        for _ in range(2):  # credibility 3 -> 1: below the `credibility >= 2` of the top tier
            runtime.choose_id("object:rode_it.saw_him")
            runtime.choose_id("present:rode_it.receipt")
        runtime.choose_id("object:rode_it.that_one")
        runtime.choose_id("present:rode_it.receipt")
        return runtime.state.ending

    assert play("ask_for_the_receipt", "note_the_weather") == "cleared"  # saw_rain set
    assert play("ask_for_the_receipt", "go_to_the_hearing") == "doubted"


def test_letting_the_claim_stand_lists_what_was_missed(small: Story) -> None:
    runtime = at_trial(small, "walk_on", "go_to_the_hearing")
    assert "present:rode_it.receipt" not in ids(runtime)
    runtime.choose_id("rest:rode_it")
    assert runtime.state.ending == "doubted"
    missed = trial_text.missed_lines(small, runtime.state)
    assert len(missed) == 1
    assert (
        "A repair receipt (not found yet: it is in the memory “The Street” (`street`))"
        in (missed[0])
    )
    assert "press the witness" in missed[0]


def test_undo_replays_trial_steps_exactly(small: Story) -> None:
    runtime = at_trial(small, "ask_for_the_receipt", "go_to_the_hearing")
    runtime.choose_id("press:rode_it.saw_him")
    before = json.dumps(runtime.snapshot(), sort_keys=True)
    runtime.choose_id("object:rode_it.saw_him")
    runtime.choose_id("present:rode_it.receipt")
    assert undo(runtime, 2, court=True) == 2  # authors (`play --dev`) may undo in court
    assert json.dumps(runtime.snapshot(), sort_keys=True) == before


def test_a_save_restores_mid_trial(small: Story) -> None:
    runtime = at_trial(small, "ask_for_the_receipt", "go_to_the_hearing")
    runtime.choose_id("press:rode_it.saw_him")
    runtime.choose_id("object:rode_it.that_one")
    data = json.loads(json.dumps(runtime.snapshot()))
    again = Runtime.restore(small, data)
    assert ids(again) == ids(runtime)
    again.choose_id("present:rode_it.receipt")
    assert again.state.ending == "cleared"


def test_an_option_not_offered_is_refused(small: Story) -> None:
    runtime = at_trial(small, "ask_for_the_receipt", "go_to_the_hearing")
    with pytest.raises(ChoiceError):
        runtime.choose_id("present:rode_it.receipt")  # the record is not open


def test_explore_lists_both_tiers_of_the_small_trial(small: Story) -> None:
    report = explore(small)
    assert report["verdicts"] == ["bicycle/cleared", "bicycle/doubted"]
    assert report["verdict_tiers"] == ["bicycle/cleared", "bicycle/doubted"]
    assert report["dead_ends"] == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(min_value=0, max_value=10**6))
def test_any_play_ends_in_a_verdict_and_replays(small: Story, seed: int) -> None:
    runtime = Runtime(small)
    rng = random.Random(seed)
    while not runtime.finished:
        options = [o for o in runtime.options() if o.enabled]
        runtime.choose(rng.choice(options).number)
        progress = runtime.state.trial
        if progress is not None:
            assert 0 <= progress.credibility <= 3
    assert trial.verdict_of(runtime.state) in ("bicycle/cleared", "bicycle/doubted")
    again = replay(small, Origin(), runtime.state.steps).state
    assert again.trial == runtime.state.trial
    assert again.ending == runtime.state.ending


# -- the bundled story's verdict ------------------------------------------------------------

RIGHT = {  # claim -> (statements to press first, statement, evidence)
    "motive": ((), "quarrel", "shop_clerk_account"),
    "lured": (("followed",), "his_idea", "vendor_saw_girl_lead"),
    "assault": (("hands",), "moving", "cpr_explained"),
    "confession": ((), "own_words", "confession_script"),
    "cause": (("blow",), "all_read", "medical_note"),
}


def play_verdict(story: Story, plan: dict[str, str], wrong_first: int = 0) -> Runtime:
    """Replay chapter verdict: per claim 'right' or 'rest'; `wrong_first` misses at the start."""
    runtime = Runtime.at_chapter(story, "verdict")
    runtime.choose_id("stand_and_open_the_folder")
    for _ in range(wrong_first):
        runtime.choose_id("object:motive.feared")
        runtime.choose_id("present:motive.medical_note")
    for claim, how in plan.items():
        if runtime.scene.trial is None:
            break
        if how == "rest":
            runtime.choose_id(f"rest:{claim}")
            continue
        presses, statement, evidence = RIGHT[claim]
        for press in presses:
            runtime.choose_id(f"press:{claim}.{press}")
        runtime.choose_id(f"object:{claim}.{statement}")
        runtime.choose_id(f"present:{claim}.{evidence}")
        while runtime.scene.trial is None and runtime.scene.id in WITNESS_SCENES:
            runtime.choose_id(None)  # a witness's scene after a claim falls, then back
    return runtime


ALL_RIGHT = dict.fromkeys(RIGHT, "right")
WITNESS_SCENES = {"verdict_room7_stand", "verdict_hands", "verdict_warden_stand"}


def test_bundled_full_acquittal_orders_a_reinvestigation(bundled: Story) -> None:
    runtime = play_verdict(bundled, ALL_RIGHT)
    assert trial.verdict_of(runtime.state) == "retrial/acquitted_reinvestigation"
    assert runtime.scene.id == "verdict_full"
    assert "verdict_hands" in runtime.state.trail
    assert "reinvestigation_order" in runtime.scene.beats
    runtime.choose_id(None)
    runtime.choose_id(None)
    assert runtime.state.status == "chapter_end"  # on to epilogue_open


def test_bundled_acquittal_without_the_order(bundled: Story) -> None:
    # every claim refuted but credibility 2 (< 3) and the warden never signed the file out
    runtime = play_verdict(bundled, ALL_RIGHT, wrong_first=3)
    assert trial.verdict_of(runtime.state) == "retrial/acquitted"
    plan = {**ALL_RIGHT, "cause": "rest"}
    runtime = play_verdict(bundled, plan)
    assert trial.verdict_of(runtime.state) == "retrial/acquitted"
    assert runtime.scene.id == "verdict_acquitted"


def test_bundled_flag_from_a_memory_restores_the_order(bundled: Story) -> None:
    runtime = Runtime.at_chapter(bundled, "verdict")
    runtime.state.variables["fire_signed_file"] = True
    runtime.choose_id("stand_and_open_the_folder")
    for _ in range(3):
        runtime.choose_id("object:motive.feared")
        runtime.choose_id("present:motive.medical_note")
    for claim, (presses, statement, evidence) in RIGHT.items():
        for press in presses:
            runtime.choose_id(f"press:{claim}.{press}")
        runtime.choose_id(f"object:{claim}.{statement}")
        runtime.choose_id(f"present:{claim}.{evidence}")
        while runtime.scene.id in WITNESS_SCENES:
            runtime.choose_id(None)
    assert trial.verdict_of(runtime.state) == "retrial/acquitted_reinvestigation"


def test_bundled_not_persuaded_names_the_memories(bundled: Story) -> None:
    runtime = play_verdict(bundled, dict.fromkeys(RIGHT, "rest"))
    assert trial.verdict_of(runtime.state) == "retrial/not_persuaded"
    assert runtime.scene.id == "verdict_unpersuaded"
    missed = trial_text.missed_lines(bundled, runtime.state)
    assert len(missed) == 5
    text = "\n".join(missed)
    for chapter in ("market", "rehearsal", "confession", "backpack"):
        assert f"`{chapter}`" in text


def test_bundled_zero_credibility_rules_at_once(bundled: Story) -> None:
    runtime = play_verdict(bundled, {}, wrong_first=5)
    assert trial.verdict_of(runtime.state) == "retrial/heard_enough"
    assert runtime.scene.id == "verdict_halted"
    assert runtime.state.trial is not None and runtime.state.trial.credibility == 0


def test_bundled_only_the_full_acquittal_goes_on_to_the_epilogue(bundled: Story) -> None:
    found = bundled.trials["retrial"]
    assert isinstance(found, trial.Trial)
    for tier in found.verdict:
        seen, scene = set(), tier.goto
        while bundled.scenes[scene].chapter == "verdict" and bundled.scenes[scene].next:
            assert scene not in seen, scene
            seen.add(scene)
            scene = bundled.scenes[scene].next or ""
        if tier.id == "acquitted_reinvestigation":
            assert scene == "epilogue_open"  # the film's ending, and only this ruling's
        else:
            assert bundled.scenes[scene].chapter == "verdict", tier.id
            assert bundled.scenes[scene].choices, tier.id  # the steps: a choice, not a page


def test_bundled_every_piece_is_granted_before_the_verdict(bundled: Story) -> None:
    found = bundled.trials["retrial"]
    assert isinstance(found, trial.Trial)
    granted = trial.granting_chapters(bundled.scenes, bundled.chapter_order)
    here = bundled.chapter_order.index("verdict")
    for evidence, _, _ in found.evidence_used():
        chapters = granted.get(evidence, [])
        assert any(bundled.chapter_order.index(c) < here for c in chapters), evidence


@pytest.mark.parametrize(
    "damaged",
    [
        {"id": "bicycle", "claim": "x"},
        {"id": "bicycle", "claim": 0, "credibility": 99, "pressed": [], "refuted": []},
        {"id": ["bicycle"], "refuted": 3},
        {"id": "bicycle", "claim": 5, "credibility": 1, "pressed": [1], "refuted": []},
        "not a mapping",
    ],
)
def test_damaged_trial_data_in_a_save_starts_the_trial_again(small: Story, damaged: object) -> None:
    runtime = at_trial(small, "ask_for_the_receipt", "go_to_the_hearing")
    data = json.loads(json.dumps(runtime.snapshot()))
    data["extra"]["trial"] = damaged
    again = Runtime.restore(small, data)
    # Damaged data never reads as progress: no claim of it counts as refuted.
    assert not any(result.refuted for result in trial_text.summary(small, again.state))
    assert trial.verdict_of(again.state) is None
    assert ids(again)[0] == "press:rode_it.saw_him"  # a fresh trial
    assert machine(again).credibility(again) == 3


def test_a_save_cannot_claim_a_ruling_the_player_never_reached(bundled) -> None:  # type: ignore[no-untyped-def]
    """Trial data a save holds is checked against the story's trial before anyone reads it."""
    from cellseven_game.engine.play.runtime import Runtime
    from cellseven_game.engine.play.trial import verdict_of
    from cellseven_game.engine.play.trial_text import summary

    story = bundled
    runtime = Runtime.at_chapter(story, "verdict")
    while runtime.scene.trial is None:
        runtime.choose(1)
    data = runtime.snapshot()
    trial_id = runtime.scene.trial
    data["extra"] = {
        "trial": {"id": trial_id, "claim": 0, "credibility": 1, "pressed": [],
                  "refuted": ["no_such_claim"], "objecting": None, "verdict": "cleared"}
    }  # fmt: skip
    restored = Runtime.restore(story, data)
    assert verdict_of(restored.state) is None
    assert not any(result.refuted for result in summary(story, restored.state))
    assert [o.label for o in restored.options()] == [o.label for o in runtime.options()]
