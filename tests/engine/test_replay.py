"""One replay from the state's origin: undo after a save fell back to a chapter's start, the
rule of the court kept by the engine, and saves of cellseven 0.1 (tests/fixtures/saves)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist import migrate
from cellseven_game.engine.play import trial
from cellseven_game.engine.play.replay import UndoRefused, replay, undo
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.snapshot import SAVE_VERSION, state_from_snapshot
from cellseven_game.engine.play.state import Origin
from cellseven_game.engine.tools import playthroughs
from cellseven_game.paths import bundled_story
from cellseven_game.scaffold import create

FIXTURES = Path(__file__).parent.parent / "fixtures" / "saves"


def fixture(name: str) -> dict[str, object]:
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def scaffold(tmp_path: Path) -> Path:
    create(tmp_path / "pack")
    return tmp_path / "pack"


def renamed_choice(pack: Path) -> Story:
    """The scaffold with the first choice's id changed: a save in the hearing no longer fits."""
    storm = pack / "chapters" / "storm.yaml"
    text = storm.read_text(encoding="utf-8")
    assert "goto: lamp_room " in text
    storm.write_text(
        text.replace("goto: lamp_room ", "id: up_the_stairs\n            goto: lamp_room ", 1),
        encoding="utf-8",
    )
    return load_story(pack)


def loaded_in_the_hearing(pack: Path) -> Runtime:
    story = renamed_choice(pack)
    saved = fixture("scaffold-hearing")
    outcome = migrate.migrate(story, saved["state"], "hearing")
    assert outcome.kind == "chapter", outcome.note
    assert "follow_him_up_the_stairs" in outcome.reason
    runtime = outcome.runtime
    assert runtime.state.scene == "hearing_open" and runtime.state.steps == []
    return runtime


def test_undo_after_falling_back_to_the_chapter_that_opens_on_the_trial(scaffold: Path) -> None:
    # The report: two trial steps and `u` raised ChoiceError; one step went silently back to
    # the story's first scene. Now the chapter's start (with what was kept) is the origin.
    runtime = loaded_in_the_hearing(scaffold)
    kept = dict(runtime.state.variables), list(runtime.state.evidence)
    assert kept[0]["read_log"] is True and "logbook" in kept[1]  # found before the edit
    at_start = json.dumps(runtime.snapshot(), sort_keys=True)
    runtime.choose_id("press:dark.black")
    after_one = json.dumps(runtime.snapshot(), sort_keys=True)
    runtime.choose_id("object:dark.black")
    with pytest.raises(UndoRefused):  # the rule of the court, in the engine
        undo(runtime)
    assert runtime.state.steps[-1] == ("hearing_open", "object:dark.black")
    assert undo(runtime, court=True) == 1  # an author (`play --dev`) may
    assert json.dumps(runtime.snapshot(), sort_keys=True) == after_one
    assert undo(runtime, court=True) == 1
    assert json.dumps(runtime.snapshot(), sort_keys=True) == at_start
    assert runtime.state.scene == "hearing_open"  # never the story's first scene
    assert (dict(runtime.state.variables), list(runtime.state.evidence)) == kept
    assert undo(runtime, court=True) == 0


def test_the_fallback_origin_is_saved_and_undo_still_stops_there(scaffold: Path) -> None:
    runtime = loaded_in_the_hearing(scaffold)
    runtime.choose_id("rest:dark")
    runtime.choose_id("rest:asleep")  # the court rules: the hearing's second tier
    assert runtime.state.status == "ended" and runtime.state.ending == "doubted"
    data = runtime.snapshot()
    assert data["version"] == SAVE_VERSION
    again = Runtime(runtime.story, state_from_snapshot(runtime.story, data))
    assert again.state.origin == runtime.state.origin
    assert again.state.origin.entry == "hearing" and again.state.origin.kept is not None
    with pytest.raises(UndoRefused):  # no undo from the ruling back into the court
        undo(again)
    assert again.state.ending == "doubted"
    assert undo(again, 2, court=True) == 2
    assert again.state.scene == "hearing_open" and again.state.steps == []
    assert again.state.variables["read_log"] is True


def test_a_replay_reports_where_and_why_it_diverged(scaffold: Path) -> None:
    story = load_story(scaffold)
    steps: list[tuple[str, str | None]] = [("quay", "wait"), ("wall", "no_such_choice")]
    result = replay(story, Origin(), steps)
    assert result.taken == 1 and result.divergence is not None
    found = result.divergence
    assert (found.index, found.step, found.at, found.reason) == (
        2,
        ("wall", "no_such_choice"),
        "wall",
        "gone",
    )
    assert result.state.scene == "wall"
    gone = replay(story, Origin(chapter="nowhere", entry="nowhere"), steps)
    assert gone.taken == 0 and gone.divergence is not None and gone.divergence.index == 0
    assert "chapter `nowhere` is gone" in gone.divergence.why


def test_a_playthrough_runs_through_the_one_replay(scaffold: Path) -> None:
    # Its picks (numbers, ids, trial moves, `continue`) are taken where the replay stands,
    # from the chapter's origin, so the state it ends in undoes like a player's.
    story = load_story(scaffold)
    suite = playthroughs.load(scaffold)
    p = next(p for p in suite.playthroughs if p.chapter == "hearing")
    result = playthroughs.run(story, p)
    assert result.ok, result.failure
    assert result.state.origin == Origin(chapter="hearing", entry="hearing")
    again = replay(story, result.state.origin, result.state.steps)
    assert again.divergence is None and again.state.trial == result.state.trial
    picks = [step.value for step in p.steps]
    assert replay(story, result.state.origin, picks).state.steps == result.state.steps
    # A pick that does not fit says where the replay stood and why.
    stopped = replay(story, result.state.origin, [*picks[:1], "no_such_move"])
    found = stopped.divergence
    assert found is not None and (found.index, found.reason) == (2, "closed")
    assert found.at == stopped.state.scene and "no_such_move" in found.why


def test_an_open_court_record_never_traps_the_trial(scaffold: Path) -> None:
    # A save made in `cellseven run` between "object" and "present" (or an author's undo of
    # one step): the machine offers only present/back, and both work.
    story = load_story(scaffold)
    outcome = migrate.migrate(story, fixture("scaffold-hearing-objecting")["state"], "hearing")
    runtime = outcome.runtime
    machine = trial.machine_for(runtime)
    assert machine is not None and machine.objecting(runtime) is not None
    ids = [o.choice.id for o in runtime.options() if o.choice is not None]
    assert "back:dark" in ids and "present:dark.logbook" in ids
    runtime.choose_id("back:dark")
    runtime.choose_id("rest:dark")
    assert machine.claim(runtime) is not None and machine.claim(runtime).id == "asleep"  # type: ignore[union-attr]


# -- saves of cellseven 0.1 (state format 1) ------------------------------------------------

BUNDLED = [
    "story-whole-midway",
    "story-verdict-mid-trial",
    "story-verdict-objecting",
    "story-verdict-ruled",
    "story-prologue-replay",
]
SCAFFOLD = ["scaffold-hearing", "scaffold-hearing-objecting", "scaffold-ended"]


@pytest.fixture(scope="module")
def bundled() -> Story:
    return load_story(bundled_story())


@pytest.mark.parametrize("name", BUNDLED + SCAFFOLD)
def test_a_save_of_format_1_loads_where_it_was(name: str, bundled: Story, tmp_path: Path) -> None:
    if name in SCAFFOLD:
        create(tmp_path / "pack")
        story = load_story(tmp_path / "pack")
    else:
        story = bundled
    envelope = fixture(name)
    saved = envelope["state"]
    assert isinstance(saved, dict) and saved["version"] == 1 and "origin" not in saved
    outcome = migrate.migrate(story, saved, str(envelope["chapter"]))
    assert outcome.kind in ("same", "replayed"), outcome.note
    state = outcome.runtime.state
    assert state.scene == saved["scene"] and state.steps == [tuple(s) for s in saved["steps"]]
    assert state.origin == Origin(chapter=saved["chapter"], entry=saved["chapter"])
    assert dict(state.variables) == {**story.variables, **saved["variables"]}
    assert trial.verdict_of(state) == _verdict(saved)
    # Replaying the saved steps from the origin gives the state the save holds.
    again = replay(story, state.origin, state.steps, state.seed)
    assert again.divergence is None
    assert json.dumps(again.runtime.snapshot(), sort_keys=True) == json.dumps(
        outcome.runtime.snapshot(), sort_keys=True
    )
    # It saves in today's format, and loads back the same.
    data = outcome.runtime.snapshot()
    assert data["version"] == SAVE_VERSION
    assert state_from_snapshot(story, data) == state


def _verdict(saved: dict[str, object]) -> str | None:
    extra = saved.get("extra")
    data = extra.get("trial") if isinstance(extra, dict) else None
    if isinstance(data, dict) and data.get("verdict"):
        return f"{data['id']}/{data['verdict']}"
    return None


def test_a_save_of_format_1_migrates_onto_an_edited_pack(scaffold: Path) -> None:
    story = renamed_choice(scaffold)
    saved = fixture("scaffold-ended")["state"]
    outcome = migrate.migrate(story, saved, "hearing")
    assert outcome.kind == "chapter" and outcome.runtime.state.scene == "hearing_open"
    assert outcome.runtime.state.origin.entry == "hearing"
