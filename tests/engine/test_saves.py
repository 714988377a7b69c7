"""Saves, the autosave and the profile: atomic, versioned, and nothing ever lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.errors import SaveError
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist import jsonfile, player_files, profiles, saves
from cellseven_game.engine.play.replay import undo
from cellseven_game.engine.play.runtime import Runtime

PACK = """
story:
  title: Two Rooms
  start: one
  chapters: [one, two]
  variables:
    keys: 0
chapters:
  one:
    title: First
    period: "2013"
    start: hall
    scenes:
      hall:
        text: A hall.
        choices:
          - label: Take a key
            goto: hall
            once: false
            do:
              - add: {keys: 1}
          - label: Go on
            goto: yard
  two:
    title: Second
    period: "1997"
    start: yard
    scenes:
      yard:
        text: A yard.
        end: done
"""


@pytest.fixture
def story(tmp_path: Path) -> Story:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "story.yaml").write_text(PACK, encoding="utf-8")
    return load_story(folder)


def test_save_and_load_round_trip(home: Path, story: Story) -> None:
    runtime = Runtime(story)
    runtime.choose(1)
    runtime.choose(1)
    info = saves.save(runtime, "My Slot", now=1000.0)
    assert info.path == saves.saves_dir(story) / "my-slot.json"
    assert saves.saves_dir(story).parent.parent == home / "stories"
    loaded = saves.load(story, "My Slot")
    assert loaded.snapshot() == runtime.snapshot()
    assert loaded.state.variables["keys"] == 2
    assert undo(loaded) == 1 and loaded.state.variables["keys"] == 1


def test_envelope_records_slot_time_chapter_scene_and_story(home: Path, story: Story) -> None:
    runtime = Runtime(story)
    runtime.choose(2)
    saves.save(runtime, now=1234.5)
    data = json.loads((saves.saves_dir(story) / "autosave.json").read_text(encoding="utf-8"))
    assert data["format"] == saves.SAVE_FORMAT and data["version"] == saves.SAVE_VERSION
    assert (data["slot"], data["saved_at"]) == ("autosave", 1234.5)
    assert (data["chapter"], data["scene"]) == ("two", "yard")
    assert data["story_title"] == "Two Rooms" and data["story_version"] == story.version
    assert data["state"] == runtime.snapshot()


def test_list_saves_newest_first_and_latest(home: Path, story: Story) -> None:
    runtime = Runtime(story)
    saves.save(runtime, "old", now=100.0)
    saves.save(runtime, "new", now=300.0)
    saves.save(runtime, now=200.0)
    found, notes = saves.list_saves(story)
    assert [info.slot for info in found] == ["new", "autosave", "old"] and notes == []
    latest, _ = saves.latest(story)
    assert latest is not None and latest.slot == "new"


def test_no_saves_folder_means_no_saves(home: Path, story: Story) -> None:
    assert saves.list_saves(story) == ([], [])
    assert saves.latest(story) == (None, [])


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{ half a save", "not valid JSON"),
        (b"\xff\xfe\x00binary", "not text"),
        (b"[1, 2, 3]", "not a cellseven save"),
        (b'{"format": "cellseven-save", "version": "1"}', "not a version number"),
        (b'{"format": "cellseven-save", "version": 1, "slot": 3}', "missing"),
    ],
)
def test_damaged_file_is_reported_in_one_line_and_moved_aside(
    home: Path, story: Story, content: bytes, reason: str
) -> None:
    folder = saves.saves_dir(story)
    saves.save(Runtime(story), "good", now=5.0)
    (folder / "autosave.json").write_bytes(content)
    found, notes = saves.list_saves(story)
    assert [info.slot for info in found] == ["good"]
    assert len(notes) == 1 and "\n" not in str(notes[0]) and notes[0].moved
    assert reason in str(notes[0]) and "autosave.json.damaged" in str(notes[0])
    assert (folder / "autosave.json.damaged").read_bytes() == content
    assert not (folder / "autosave.json").exists()


def test_bad_state_inside_a_good_envelope_is_moved_aside_on_load(home: Path, story: Story) -> None:
    info = saves.save(Runtime(story), "slot")
    data = json.loads(info.path.read_text(encoding="utf-8"))
    data["state"]["steps"] = "not a list"
    info.path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        saves.load(story, "slot")
    assert "bad steps" in caught.value.message and "slot.json.damaged" in caught.value.message
    assert (saves.saves_dir(story) / "slot.json.damaged").is_file()


def test_second_damaged_copy_never_overwrites_the_first(home: Path, story: Story) -> None:
    folder = saves.saves_dir(story)
    folder.mkdir(parents=True)
    (folder / "autosave.json").write_text("first", encoding="utf-8")
    saves.list_saves(story)
    (folder / "autosave.json").write_text("second", encoding="utf-8")
    saves.list_saves(story)
    assert (folder / "autosave.json.damaged").read_text(encoding="utf-8") == "first"
    assert (folder / "autosave.json.1.damaged").read_text(encoding="utf-8") == "second"


def test_missing_slot_is_a_save_error(home: Path, story: Story) -> None:
    with pytest.raises(SaveError, match="no save named 'nope'"):
        saves.load(story, "nope")


def test_atomic_write_leaves_no_temp_files_and_replaces_whole(home: Path) -> None:
    target = home / "x" / "file.json"
    jsonfile.write_json(target, {"a": 1})
    jsonfile.write_json(target, {"a": 2})
    assert json.loads(target.read_text(encoding="utf-8")) == {"a": 2}
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]


def test_failed_write_keeps_the_old_file(
    home: Path, story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = saves.save(Runtime(story), "keep", now=1.0)
    before = info.path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(SaveError, match="No space left"):
        saves.save(Runtime(story), "keep", now=2.0)
    assert info.path.read_bytes() == before
    assert [p.name for p in info.path.parent.iterdir()] == ["keep.json"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.text(min_size=1, max_size=80))
def test_any_slot_name_maps_inside_the_saves_folder(home: Path, name: str) -> None:
    for stem in saves._stems(name)[:3]:
        assert stem and "/" not in stem and "\\" not in stem and "\0" not in stem
        assert not stem.startswith(".") and stem != saves.AUTOSAVE
        assert len(f"{stem}.json".encode()) < 255


def test_profile_round_trip_and_defaults(home: Path, story: Story) -> None:
    profile, note = profiles.load_profile(story)
    assert profile == profiles.Profile(story=player_files.story_key(story)) and note is None
    assert profile.unlock("one") and not profile.unlock("one")
    profile.content_note_seen = True
    profile.settings.text_speed = "fast"
    profile.settings.high_contrast = True
    profiles.save_profile(profile)
    again, note = profiles.load_profile(story)
    assert again == profile and note is None
    assert (home / "profile.json").is_file()
    assert profiles.progress_file(player_files.story_key(story)).is_file()


def test_damaged_profile_is_moved_aside_and_defaults_used(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "profile.json").write_text('{"format": "cellseven-profile", "version": "7"}')
    profile, note = profiles.load_profile()
    assert profile == profiles.Profile()
    assert note is not None and "profile.json.damaged" in note
    assert (home / "profile.json.damaged").is_file()


def test_text_speed_env_overrides_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    profile = profiles.Profile()
    monkeypatch.delenv("CELLSEVEN_TEXT_SPEED", raising=False)
    assert profiles.text_speed(profile) == profiles.TEXT_SPEEDS["normal"]
    profile.settings.text_speed = "off"
    assert profiles.text_speed(profile) == 0
    monkeypatch.setenv("CELLSEVEN_TEXT_SPEED", "0")
    profile.settings.text_speed = "slow"
    assert profiles.text_speed(profile) == 0
    monkeypatch.setenv("CELLSEVEN_TEXT_SPEED", "fast")
    assert profiles.text_speed(profile) == profiles.TEXT_SPEEDS["fast"]
