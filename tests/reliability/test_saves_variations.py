"""Variations on damaged save files that round two missed.

A folder named like a save, the profile or a story's progress crashed the listing and the
title screen (os.fdopen refused the folder before our own check ran); text holding a lone
surrogate (`"\\ud800"`, valid JSON) was accepted and then made every later write of that
file fail. Each is now reported in one line and moved aside, and the game goes on.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cellseven_game import paths
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist import player_files, profiles, saves
from cellseven_game.engine.persist.jsonfile import read_json
from cellseven_game.engine.play.runtime import Runtime

PACK = """story:
  title: Variations
  start: one
  chapters: [one]
chapters:
  one:
    title: First
    period: "2013"
    start: hall
    scenes:
      hall:
        text: A hall.
        choices:
          - {label: Go on, goto: stair}
      stair: {text: A stair., end: done}
"""


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Story:
    monkeypatch.setenv("CELLSEVEN_HOME", str(tmp_path / "home"))
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "story.yaml").write_text(PACK, encoding="utf-8")
    return load_story(tmp_path / "pack")


def progress_path(story: Story) -> Path:
    return paths.story_home(player_files.story_key(story)) / "progress.json"


def profile_path(story: Story) -> Path:
    return paths.home() / "profile.json"


@pytest.mark.parametrize("where", [progress_path, profile_path], ids=["progress", "profile"])
def test_a_folder_as_the_profile_or_progress_is_moved_aside(story: Story, where: object) -> None:
    path = where(story)  # type: ignore[operator]
    path.mkdir(parents=True)
    (path / "inside.txt").write_text("kept", encoding="utf-8")
    before = len(os.listdir("/proc/self/fd"))
    profile, note = profiles.load_profile(story)
    assert note is not None and "folder" in note and ".damaged" in note
    assert len(os.listdir("/proc/self/fd")) == before  # no descriptor left open
    assert (path.with_name(path.name + ".damaged") / "inside.txt").read_text() == "kept"
    profile.content_note_seen = True
    profiles.save_profile(profile)
    assert profiles.load_profile(story) == (profile, None)


@pytest.mark.parametrize("name", ["autosave.json", "a slot.json", "x.json"])
def test_a_folder_named_like_a_save_is_reported_and_the_rest_listed(
    story: Story, name: str
) -> None:
    saves.save(Runtime(story), "kept", now=1.0)
    folder = saves.saves_dir(story) / name
    folder.mkdir()
    listed, notes = saves.list_saves(story)
    assert [i.slot for i in listed] == ["kept"]
    assert len(notes) == 1 and "folder" in notes[0].message
    saves.save(Runtime(story), now=2.0)  # the autosave can be written again
    assert saves.latest(story)[0] is not None


LONE = ['"\\ud800"', '"a\\udfffb"', '"\\udc00\\ud800"']


@pytest.mark.parametrize("text", LONE)
def test_a_lone_surrogate_in_progress_is_damage_not_a_later_crash(story: Story, text: str) -> None:
    path = progress_path(story)
    path.parent.mkdir(parents=True)
    body = '{"format": "cellseven-progress", "version": 1, "unlocked": [' + text + "]}"
    path.write_text(body, encoding="utf-8")
    profile, note = profiles.load_profile(story)
    assert note is not None and "surrogate" in note
    profile.unlock("one")
    profiles.save_profile(profile)  # was: UnicodeEncodeError on every write
    assert profiles.load_profile(story)[0].unlocked == ["one"]


@pytest.mark.parametrize("text", LONE)
def test_a_lone_surrogate_anywhere_in_a_save_is_damage(story: Story, text: str) -> None:
    saves.save(Runtime(story), "slot", now=1.0)
    path = saves.saves_dir(story) / "slot.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    raw = json.dumps(data).replace('"slot"', text, 1)  # as a value
    keyed = json.dumps({**data, "x": 1}).replace('"x"', text, 1)  # as a key
    for body in (raw, keyed):
        path.write_text(body, encoding="utf-8")
        with pytest.raises(saves.SaveError, match="surrogate"):
            read_json(path)
    listed, notes = saves.list_saves(story)
    assert listed == [] and len(notes) == 1
    saves.save(Runtime(story), now=2.0)
    assert saves.latest(story)[0] is not None
