"""Story edits under saves: loading re-plays the steps, or falls back to a chapter start.

Random edits of a small pack (delete a scene, rename one with or without `renamed:`, change
a choice's target, drop a choice) under random saves: loading always gives a playable
state, and only a damaged save raises, with SaveError.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.errors import SaveError
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist import saves
from cellseven_game.engine.persist.migrate import migrate
from cellseven_game.engine.play.replay import undo
from cellseven_game.engine.play.runtime import ChoiceError, Runtime, random_walk

EXAMPLES = int(os.environ.get("CELLSEVEN_MIGRATE_EXAMPLES", "150"))

BASE: dict[str, Any] = {
    "story": {
        "title": "Three Rooms",
        "start": "a",
        "chapters": ["a", "b", "c"],
        "variables": {"n": 0, "lit": False, "name": ""},
    },
    "evidence": {"key": {"name": "A key"}, "note": {"name": "A note"}},
    "chapters": {
        "a": {
            "title": "Hall",
            "period": "2013",
            "start": "a1",
            "scenes": {
                "a1": {
                    "text": "A hall.",
                    "choices": [
                        {"label": "Left", "goto": "a2", "do": [{"flag": "lit"}]},
                        {"label": "Right", "goto": "a3", "do": [{"add": {"n": 1}}]},
                        {"label": "Wait", "goto": "a1", "once": False, "do": [{"add": {"n": 1}}]},
                    ],
                },
                "a2": {"text": "A lamp.", "do": [{"evidence": "key"}], "next": "a3"},
                "a3": {
                    "text": "A door.",
                    "choices": [
                        {"label": "On", "goto": "b1"},
                        {"label": "Back", "goto": "a1", "once": False},
                    ],
                },
            },
        },
        "b": {
            "title": "Yard",
            "period": "1997",
            "start": "b1",
            "scenes": {
                "b1": {
                    "text": "A yard.",
                    "choices": [
                        {"label": "Look", "goto": "b2", "do": [{"evidence": "note"}]},
                        {"label": "Go", "goto": "b3"},
                    ],
                },
                "b2": {"text": "A note.", "do": [{"add": {"n": 2}}], "next": "b3"},
                "b3": {
                    "text": "A gate.",
                    "choices": [
                        {"label": "Through", "goto": "c1"},
                        {"label": "Yard", "goto": "b1", "once": False},
                    ],
                },
            },
        },
        "c": {
            "title": "Road",
            "period": "2013",
            "start": "c1",
            "scenes": {
                "c1": {
                    "text": "A road.",
                    "choices": [
                        {"label": "Walk", "goto": "c2"},
                        {"label": "Turn", "goto": "a1", "once": False},
                    ],
                },
                "c2": {"text": "Home.", "end": "home"},
            },
        },
    },
}


def write(folder: Path, pack: dict[str, Any]) -> Story:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(yaml.safe_dump(pack, sort_keys=False), encoding="utf-8")
    return load_story(folder)


def scenes_of(pack: dict[str, Any]) -> list[tuple[str, str]]:
    """(chapter, scene) pairs, in order."""
    return [(c, s) for c, ch in pack["chapters"].items() for s in ch["scenes"]]


def retarget(pack: dict[str, Any], old: str, new: str) -> None:
    """Point every goto, next and chapter start naming `old` at `new`."""
    for chapter in pack["chapters"].values():
        if chapter["start"] == old:
            chapter["start"] = new
        for scene in chapter["scenes"].values():
            if scene.get("next") == old:
                scene["next"] = new
            for choice in scene.get("choices", []):
                if choice["goto"] == old:
                    choice["goto"] = new


def delete_scene(pack: dict[str, Any], pick: int, to: int) -> None:
    chapter_id, scene_id = scenes_of(pack)[pick % len(scenes_of(pack))]
    chapter = pack["chapters"][chapter_id]
    if len(chapter["scenes"]) == 1:
        return
    del chapter["scenes"][scene_id]
    if chapter["start"] == scene_id:
        chapter["start"] = next(iter(chapter["scenes"]))
    rest = scenes_of(pack)
    retarget(pack, scene_id, rest[to % len(rest)][1])
    renamed = pack["story"].get("renamed", {})
    for old in [o for o, n in renamed.items() if n == scene_id]:
        del renamed[old]


def rename_scene(pack: dict[str, Any], pick: int, declare: bool) -> None:
    chapter_id, scene_id = scenes_of(pack)[pick % len(scenes_of(pack))]
    new = f"{scene_id}x"
    chapter = pack["chapters"][chapter_id]
    chapter["scenes"] = {(new if k == scene_id else k): v for k, v in chapter["scenes"].items()}
    retarget(pack, scene_id, new)
    renamed = pack["story"].setdefault("renamed", {})
    for old, target in list(renamed.items()):
        if target == scene_id:
            renamed[old] = new
    if declare:
        renamed[scene_id] = new
    if not renamed:
        del pack["story"]["renamed"]


def change_target(pack: dict[str, Any], pick: int, choice: int, to: int) -> None:
    all_scenes = scenes_of(pack)
    chapter_id, scene_id = all_scenes[pick % len(all_scenes)]
    choices = pack["chapters"][chapter_id]["scenes"][scene_id].get("choices", [])
    if choices:
        choices[choice % len(choices)]["goto"] = all_scenes[to % len(all_scenes)][1]


def drop_choice(pack: dict[str, Any], pick: int, choice: int) -> None:
    chapter_id, scene_id = scenes_of(pack)[pick % len(scenes_of(pack))]
    choices = pack["chapters"][chapter_id]["scenes"][scene_id].get("choices", [])
    if len(choices) > 1:
        del choices[choice % len(choices)]


EDIT = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("rename"), st.integers(0, 50), st.booleans()),
    st.tuples(st.just("target"), st.integers(0, 50), st.integers(0, 5), st.integers(0, 50)),
    st.tuples(st.just("drop"), st.integers(0, 50), st.integers(0, 5)),
)


def edited(edits: list[tuple[Any, ...]]) -> dict[str, Any]:
    pack = copy.deepcopy(BASE)
    for edit in edits:
        kind, *args = edit
        if kind == "delete":
            delete_scene(pack, *args)
        elif kind == "rename":
            rename_scene(pack, *args)
        elif kind == "target":
            change_target(pack, *args)
        else:
            drop_choice(pack, *args)
    return pack


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return write(tmp_path_factory.mktemp("base"), BASE)


def walked(story: Story, seed: int, steps: int, chapter: str | None) -> Runtime:
    runtime = Runtime.at_chapter(story, chapter) if chapter else Runtime(story)
    random_walk(runtime, seed, max_steps=steps)
    return runtime


def assert_playable(outcome_runtime: Runtime, story: Story, seed: int) -> None:
    """A valid state: on a scene that exists, options to take, saves and reloads whole."""
    state = outcome_runtime.state
    assert state.scene in story.scenes
    snap = json.loads(json.dumps(outcome_runtime.snapshot()))
    again = migrate(story, snap)
    assert again.kind == "same" and again.runtime.snapshot() == snap
    if not outcome_runtime.finished:
        assert outcome_runtime.options() or state.status != "playing"
    random_walk(outcome_runtime, seed, max_steps=40)
    # Undo after a fall-back to a chapter start cannot go back past it (ChoiceError, which
    # the scene screen shows as a message); it never leaves a broken state behind.
    with contextlib.suppress(ChoiceError):
        undo(outcome_runtime)
    assert outcome_runtime.state.scene in story.scenes


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(EDIT, min_size=1, max_size=4),
    seed=st.integers(0, 10_000),
    steps=st.integers(0, 25),
    chapter=st.sampled_from([None, None, "a", "b", "c"]),
)
def test_any_edit_under_any_save_loads_to_a_playable_state(
    tmp_path_factory: pytest.TempPathFactory,
    base: Story,
    edits: list[tuple[Any, ...]],
    seed: int,
    steps: int,
    chapter: str | None,
) -> None:
    saved = walked(base, seed, steps, chapter)
    data = json.loads(json.dumps(saved.snapshot()))
    story = write(tmp_path_factory.mktemp("edit"), edited(edits))
    outcome = migrate(story, data, saved.scene.chapter)
    event(outcome.kind)
    if story.version == base.version:
        assert outcome.kind == "same" and outcome.note == ""
    else:
        assert outcome.note.startswith("The story has changed") and "\n" not in outcome.note
    if outcome.kind in ("same", "replayed"):
        scene = saved.state.scene
        assert outcome.runtime.state.scene == story.renamed.get(scene, scene)
        assert outcome.reason == ""
    else:
        assert outcome.broken and outcome.reason
    if outcome.kind == "chapter":
        # Back at a chapter's start, with the variables kept.
        scene = outcome.runtime.state.trail[-1]
        assert story.chapters[story.scenes[scene].chapter].start == scene
        for name in ("lit", "name"):
            assert outcome.runtime.state.variables[name] == saved.state.variables[name]
    assert_playable(outcome.runtime, story, seed)


def test_unchanged_story_restores_exactly(tmp_path: Path, base: Story) -> None:
    saved = walked(base, 3, 12, None)
    story = write(tmp_path / "same", copy.deepcopy(BASE))
    outcome = migrate(story, saved.snapshot())
    assert outcome.kind == "same" and outcome.runtime.snapshot() == saved.snapshot()


def test_renamed_scene_is_followed_and_replays(tmp_path: Path, base: Story) -> None:
    saved = Runtime(base)
    saved.choose_id("left")  # a1 -> a2 (next a3)
    saved.choose_id(None)  # a2 -> a3
    pack = copy.deepcopy(BASE)
    rename_scene(pack, 1, declare=True)  # a2 -> a2x, renamed: {a2: a2x}
    rename_scene(pack, 2, declare=True)  # a3 -> a3x
    story = write(tmp_path / "renamed", pack)
    outcome = migrate(story, saved.snapshot())
    assert outcome.kind == "replayed", outcome
    assert outcome.runtime.state.scene == "a3x"
    assert outcome.runtime.state.variables["lit"] is True
    assert undo(outcome.runtime) == 1 and outcome.runtime.state.scene == "a2x"


def test_renamed_without_declaring_it_follows_the_steps(tmp_path: Path, base: Story) -> None:
    saved = Runtime(base)
    for choice in ("left", None, "on", "look"):
        saved.choose_id(choice)
    assert saved.state.scene == "b2"
    pack = copy.deepcopy(BASE)
    rename_scene(pack, 4, declare=False)  # b2 -> b2x, no `renamed`
    story = write(tmp_path / "moved", pack)
    outcome = migrate(story, saved.snapshot(), "b")
    # Every step still fits; the last one now leads to the scene's new id.
    assert outcome.kind == "moved" and outcome.broken
    assert outcome.runtime.state.scene == "b2x"
    assert "leads to `b2x`, not `b2`" in outcome.reason
    assert "“Yard” (b2x)" in outcome.note


def test_steps_that_stop_fitting_keep_the_player_where_they_stop(
    tmp_path: Path, base: Story
) -> None:
    saved = Runtime(base)
    for choice in ("left", None, "on", "look", None, "yard", "go"):
        saved.choose_id(choice)
    assert saved.state.scene == "b3"
    pack = copy.deepcopy(BASE)
    drop_choice(pack, 5, 1)  # b3 loses "Yard"
    story = write(tmp_path / "dropped", pack)
    outcome = migrate(story, saved.snapshot(), "b")
    assert outcome.kind == "partial"
    assert outcome.reason == "choice `yard` in scene `b3` is gone"
    assert outcome.runtime.state.scene == "b3" and "2 step(s) earlier" in outcome.note
    assert undo(outcome.runtime) == 1 and outcome.runtime.state.scene == "b2"


def test_deleted_scene_resumes_at_the_chapter_start_with_variables_kept(
    tmp_path: Path, base: Story
) -> None:
    saved = Runtime(base)
    for choice in ("wait", "wait", "right", "on", "look", None, "through"):
        saved.choose_id(choice)
    assert saved.state.scene == "c1" and saved.state.variables["n"] == 5
    pack = copy.deepcopy(BASE)
    delete_scene(pack, 0, 1)  # a1 is gone; the story now starts at a2
    story = write(tmp_path / "deleted", pack)
    outcome = migrate(story, saved.snapshot(), "c")
    assert outcome.kind == "chapter"
    assert "scene `a1` is gone" in outcome.reason
    assert outcome.runtime.state.scene == "c1" and "“Road”" in outcome.note
    state = outcome.runtime.state
    assert state.variables["n"] == 5 and list(state.evidence) == ["note"]
    assert state.chapter is None  # the whole story goes on past the chapter
    outcome.runtime.choose_id("walk")
    assert outcome.runtime.state.ending == "home"


def test_changed_choice_target_is_reported_at_its_step(tmp_path: Path, base: Story) -> None:
    saved = Runtime(base)
    for choice in ("left", None, "on", "go"):
        saved.choose_id(choice)
    pack = copy.deepcopy(BASE)
    pack["chapters"]["a"]["scenes"]["a1"]["choices"][0]["goto"] = "a3"  # left skips a2
    story = write(tmp_path / "target", pack)
    outcome = migrate(story, saved.snapshot(), "b")
    assert "diverges at step 2" in outcome.reason
    assert outcome.kind == "chapter" and outcome.runtime.state.scene == "b1"


def test_a_chapter_gone_leaves_a_replayed_chapter_save_playable(
    tmp_path: Path, base: Story
) -> None:
    saved = walked(base, 1, 3, "c")
    pack = copy.deepcopy(BASE)
    del pack["chapters"]["c"]
    pack["story"]["chapters"] = ["a", "b"]
    pack["chapters"]["b"]["scenes"]["b3"]["choices"][0]["goto"] = "b1"
    story = write(tmp_path / "nochapter", pack)
    outcome = migrate(story, saved.snapshot(), "c")
    assert outcome.kind in ("chapter", "partial", "moved")
    assert_playable(outcome.runtime, story, 1)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data(), value=JSONISH)
def test_damaged_snapshot_raises_only_save_error(
    base: Story, data: st.DataObject, value: object
) -> None:
    snap = walked(base, 5, 10, None).snapshot()
    key = data.draw(st.sampled_from(sorted(snap)))
    damaged = dict(snap)
    if data.draw(st.booleans()):
        del damaged[key]
    else:
        damaged[key] = value
    try:
        outcome = migrate(base, damaged)
    except SaveError as exc:
        assert "\n" not in exc.message
        return
    assert_playable(outcome.runtime, base, 5)


def test_resume_tells_the_player_and_keeps_the_file(
    tmp_path: Path, base: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CELLSEVEN_HOME", str(tmp_path / "home"))
    saved = Runtime(base)
    saved.choose_id("right")
    info = saves.save(saved, "slot")
    before = info.path.read_bytes()
    pack = copy.deepcopy(BASE)
    delete_scene(pack, 2, 0)  # a3 is gone
    story = write(tmp_path / "edited", pack)
    outcome = saves.resume(story, "slot")
    assert outcome.broken and outcome.note
    assert info.path.read_bytes() == before  # a story edit never makes a save "damaged"
    assert not list(info.path.parent.glob("*.damaged"))
