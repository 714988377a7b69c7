"""Saves, round two: each story keeps its own saves and progress; names never collide; a
save is its file; damaged, hostile and newer files are reported, never a crash or a hang."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.errors import SaveError
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist import player_files, profiles, saves
from cellseven_game.engine.persist.jsonfile import NewerFormat
from cellseven_game.engine.play.runtime import Runtime

PACK = """
story:
  title: {title}
  start: one
  chapters: [one, two]
  content_note: {note}
chapters:
  one:
    title: First
    period: "2013"
    start: hall
    scenes:
      hall:
        text: A hall.
        choices:
          - label: Go on
            goto: stair
      stair:
        text: A stair.
        next: yard
  two:
    title: Second
    period: "1997"
    start: yard
    scenes:
      yard:
        text: A yard.
        end: done
"""


def make(folder: Path, title: str, note: str = "A note.") -> Story:
    folder.mkdir(parents=True, exist_ok=True)
    text = PACK.format(title=json.dumps(title), note=json.dumps(note))
    (folder / "story.yaml").write_text(text, encoding="utf-8")
    return load_story(folder)


@pytest.fixture
def story(tmp_path: Path) -> Story:
    return make(tmp_path / "a", "Two Rooms")


@pytest.fixture
def other(tmp_path: Path) -> Story:
    return make(tmp_path / "b", "Another Story")


def at(story: Story, steps: int) -> Runtime:
    runtime = Runtime(story)
    for _ in range(steps):
        if runtime.options():
            runtime.choose(1)
        else:
            runtime.choose_id(None)  # a scene's `next`
    return runtime


# -- one story's saves ---------------------------------------------------------------------


def test_a_new_game_in_another_story_never_touches_this_storys_autosave(
    story: Story, other: Story
) -> None:
    saves.save(at(story, 1), now=10.0)
    mine = (saves.saves_dir(story) / "autosave.json").read_bytes()
    saves.save(Runtime(other), now=20.0)  # `play --story OTHER`, New game
    saves.save(Runtime(other), "slot", now=30.0)
    assert (saves.saves_dir(story) / "autosave.json").read_bytes() == mine
    assert [i.slot for i in saves.list_saves(story)[0]] == ["autosave"]
    assert [i.slot for i in saves.list_saves(other)[0]] == ["slot", "autosave"]
    assert saves.load(story, "autosave").state.scene == "stair"


def test_a_story_is_known_by_its_identity_not_its_folder(story: Story, tmp_path: Path) -> None:
    saves.save(at(story, 1), "kept", now=1.0)
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(story.root, moved)
    again = load_story(moved)
    assert player_files.story_key(again) == player_files.story_key(story)
    assert [i.slot for i in saves.list_saves(again)[0]] == ["kept"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("Two Rooms", "Two rooms"), ("예승", "용구"), ("Story!", "Story?"), ("", "...")],
)
def test_different_titles_never_share_saves(tmp_path: Path, first: str, second: str) -> None:
    a = make(tmp_path / "one", first or "Untitled")
    b = make(tmp_path / "two", second)
    assert player_files.story_key(a) != player_files.story_key(b)
    saves.save(Runtime(a), now=1.0)
    assert saves.list_saves(b) == ([], [])


def test_progress_and_content_note_belong_to_one_story(story: Story, other: Story) -> None:
    profile, _ = profiles.load_profile(other)
    profile.content_note_seen = True
    profile.unlock("two")
    profile.settings.text_speed = "fast"
    profiles.save_profile(profile)
    mine, note = profiles.load_profile(story)
    assert note is None
    assert not mine.content_note_seen and mine.unlocked == []
    assert mine.settings.text_speed == "fast"  # settings are the player's, for every story
    theirs, _ = profiles.load_profile(other)
    assert theirs.content_note_seen and theirs.unlocked == ["two"]


def test_saves_from_before_per_story_folders_still_load(
    home: Path, story: Story, other: Story
) -> None:
    legacy = home / "saves"
    saves.save(at(story, 1), "old one", now=5.0)
    saves.save(at(story, 2), now=6.0)
    saves.save(Runtime(other), now=7.0)
    legacy.mkdir(parents=True)
    for source in (saves.saves_dir(story), saves.saves_dir(other)):  # the old, shared layout
        for path in source.glob("*.json"):
            target = legacy / path.name
            if target.exists():
                target = legacy / f"other-{path.name}"
            path.rename(target)
    found, notes = saves.list_saves(story)
    assert notes == [] and sorted(i.slot for i in found) == ["autosave", "old one"]
    assert saves.load(story, "old one").state.scene == "stair"
    assert saves.load(story, "autosave").state.scene == "yard"
    assert [p.name for p in legacy.iterdir()] == ["other-autosave.json"]  # not this story's
    assert [i.slot for i in saves.list_saves(other)[0]] == ["autosave"]


def test_an_old_shared_profile_keeps_settings_and_reached_chapters_not_the_note(
    home: Path, story: Story
) -> None:
    home.mkdir(parents=True)
    old = {
        "format": "cellseven-profile",
        "version": 1,
        "unlocked": ["one", "two", "elsewhere"],
        "content_note_seen": True,
        "settings": {"text_speed": "slow", "theme": "", "high_contrast": True},
    }
    (home / "profile.json").write_text(json.dumps(old), encoding="utf-8")
    profile, note = profiles.load_profile(story)
    assert note is None and profile.unlocked == ["one", "two"]
    assert not profile.content_note_seen  # which story's note it was is not known: shown again
    assert profile.settings.text_speed == "slow" and profile.settings.high_contrast


# -- names ---------------------------------------------------------------------------------

DISTINCT = [
    ("Before the trial", "before-the-trial!"),
    ("예승", "용구"),
    ("예승", "예승!"),
    ("Draft", "draft"),
    ("a/b", "a\\b"),
    (".", ".."),
    ("con", "CON "),
    ("x" * 119 + "a", "x" * 119 + "b"),
    ("🙂", "🙃"),
    ("Автосейв", "автосейв."),
    ("自動", "自动"),
    ("!!!", "???"),
]


@pytest.mark.parametrize(("first", "second"), DISTINCT)
def test_distinct_names_are_distinct_saves(story: Story, first: str, second: str) -> None:
    saves.save(at(story, 0), first, now=1.0, new=True)
    saves.save(at(story, 1), second, now=2.0, new=True)
    found, notes = saves.list_saves(story)
    assert notes == []
    assert sorted(i.slot for i in found) == sorted([first.strip(), second.strip()])
    assert len({i.path for i in found}) == 2
    for info in found:
        assert info.path.parent == saves.saves_dir(story)
        assert len(info.path.name.encode("utf-8")) < 255
    assert saves.load(story, first).state.scene == "hall"
    assert saves.load(story, second).state.scene == "stair"


@pytest.mark.parametrize("name", ["Autosave!", "autosave?", "AUTO SAVE", "auto-save", "autosave2"])
def test_a_name_like_autosave_is_not_the_autosave(story: Story, name: str) -> None:
    saves.save(at(story, 2), now=1.0)
    autosave = (saves.saves_dir(story) / "autosave.json").read_bytes()
    info = saves.save(at(story, 1), name, now=2.0, new=True)
    assert not info.is_autosave and info.path.name != "autosave.json"
    assert (saves.saves_dir(story) / "autosave.json").read_bytes() == autosave
    assert saves.load(story, "autosave").state.scene == "yard"
    assert saves.load(story, name).state.scene == "stair"


def test_the_same_name_in_another_unicode_form_is_the_same_save(story: Story) -> None:
    composed = unicodedata.normalize("NFC", "Café 예승")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    saves.save(at(story, 0), composed, now=1.0, new=True)
    with pytest.raises(SaveError, match="already a save named"):
        saves.save(at(story, 1), decomposed, now=2.0, new=True)
    assert saves.load(story, decomposed).state.scene == "hall"


def test_a_typed_name_never_overwrites_unasked(story: Story) -> None:
    first = saves.save(at(story, 0), "Keep me", now=1.0, new=True)
    before = first.path.read_bytes()
    with pytest.raises(SaveError, match="already a save named"):
        saves.save(at(story, 1), " Keep me ", now=2.0, new=True)
    assert first.path.read_bytes() == before
    saves.save(at(story, 1), "Keep me", now=3.0, path=first.path)  # asked, and said yes
    assert saves.load(story, first.path).state.scene == "stair"


# -- a save is its file --------------------------------------------------------------------


def test_a_copied_save_is_a_save_of_its_own(story: Story) -> None:
    info = saves.save(at(story, 1), "Before the trial", now=1.0, new=True)
    copy = info.path.with_name("Before the trial copy.json")
    shutil.copyfile(info.path, copy)
    os.utime(copy, None)
    found, notes = saves.list_saves(story)
    assert notes == [] and len(found) == 2
    assert len({i.label for i in found}) == 2, [i.label for i in found]
    assert {i.path for i in found} == {info.path, copy}
    for each in found:
        assert saves.load(story, each).state.scene == "stair"


def test_a_renamed_save_file_loads(story: Story) -> None:
    info = saves.save(at(story, 1), "Mine", now=1.0, new=True)
    renamed = info.path.with_name("renamed by hand.json")
    info.path.rename(renamed)
    found, _ = saves.list_saves(story)
    assert [(i.slot, i.path) for i in found] == [("Mine", renamed)]
    assert saves.load(story, found[0]).state.scene == "stair"
    assert saves.load(story, "Mine").state.scene == "stair"


# -- damaged, hostile and newer files ------------------------------------------------------


def envelope(story: Story, **changes: Any) -> dict[str, Any]:
    info = saves.save(at(story, 1), "probe", now=100.0)
    data: dict[str, Any] = json.loads(info.path.read_text(encoding="utf-8"))
    info.path.unlink()
    data.update(changes)
    return data


DIGITS = "9" * 5000
HOSTILE_TEXT = [
    "[" * 100_000 + "]" * 100_000,
    '{"a":' * 50_000 + "1" + "}" * 50_000,
    '{"format": "cellseven-save", "version": 1, "saved_at": ' + DIGITS + "}",
    '{"format": "cellseven-save", "version": ' + DIGITS + "}",
    '{"format": "cellseven-save", "version": 1, "x": 1e999999}',
    '{"format": "cellseven-save", "version": 1, "x": -' + DIGITS + "." + DIGITS + "}",
    '{"format": "cellseven-save", "version": 1, "x": "\\ud800"}',
    "\ufeff{}",
    "",
    "null",
]


@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=range(len(HOSTILE_TEXT)))
def test_hostile_json_is_moved_aside_not_a_crash(story: Story, text: str) -> None:
    folder = saves.saves_dir(story)
    folder.mkdir(parents=True)
    (folder / "autosave.json").write_text(text, encoding="utf-8", errors="surrogatepass")
    found, notes = saves.list_saves(story)
    assert found == [] and len(notes) == 1 and notes[0].moved
    assert (folder / "autosave.json.damaged").is_file()


BAD_TIMES = ["Infinity", "-Infinity", "NaN", "1e300", "-1", "-1e-9", '"today"', "true", "null"]


@pytest.mark.parametrize("when", BAD_TIMES)
def test_an_impossible_saved_at_is_damage(story: Story, when: str) -> None:
    folder = saves.saves_dir(story)
    text = json.dumps(envelope(story)).replace('"saved_at": 100.0', f'"saved_at": {when}')
    assert when in text
    (folder / "slot.json").write_text(text, encoding="utf-8")
    found, notes = saves.list_saves(story)
    assert found == [] and len(notes) == 1 and "slot.json.damaged" in str(notes[0])


WRONG_TYPES: list[dict[str, Any]] = [
    {"slot": ["a"]},
    {"slot": None},
    {"slot": "x" * 5000},
    {"slot": "bell\u0007"},
    {"chapter": 3},
    {"scene": {"a": 1}},
    {"story_version": False},
    {"version": True},
    {"version": 0},
    {"version": 1.0},
    {"format": ["cellseven-save"]},
]


@pytest.mark.parametrize("change", WRONG_TYPES, ids=range(len(WRONG_TYPES)))
def test_wrong_types_in_the_envelope_are_damage(story: Story, change: dict[str, Any]) -> None:
    folder = saves.saves_dir(story)
    (folder / "slot.json").write_text(json.dumps(envelope(story, **change)), encoding="utf-8")
    found, notes = saves.list_saves(story)
    assert found == [] and len(notes) == 1 and notes[0].moved


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)
STATE_KEYS = ["scene", "chapter", "variables", "visits", "steps", "trail", "evidence", "extra"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(key=st.sampled_from(STATE_KEYS), value=JSON)
def test_any_value_in_the_state_is_a_save_error_or_a_game(
    story: Story, key: str, value: object
) -> None:
    data = envelope(story)
    data["state"][key] = value
    path = saves.saves_dir(story) / "fuzzed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        runtime = saves.load(story, path)
    except SaveError:
        assert not path.exists()  # moved aside
    else:
        assert runtime.state.scene in story.scenes
        saves.save(runtime, "again")
    for leftover in saves.saves_dir(story).iterdir():
        leftover.unlink()


def _in_subprocess(code: str, home: Path, timeout: float = 20) -> str:
    """Run `code` in a fresh interpreter (a hang fails the test, not the whole run)."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "CELLSEVEN_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_pipe_or_a_device_as_a_save_or_profile_never_hangs(home: Path, story: Story) -> None:
    folder = saves.saves_dir(story)
    folder.mkdir(parents=True)
    os.mkfifo(folder / "autosave.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(home / "profile.json")
    progress = profiles.progress_file(player_files.story_key(story))
    progress.symlink_to("/dev/zero")
    code = f"""
from cellseven_game.engine.persist import saves
from cellseven_game.engine.persist import player_files
from cellseven_game.engine.persist import profiles
from cellseven_game.engine.compile.loader import load_story
story = load_story({str(story.root)!r})
found, notes = saves.list_saves(story)
print(len(found), len(notes), all(n.moved for n in notes))
profile, note = profiles.load_profile(story)
print(profile.unlocked, note is not None)
"""
    out = _in_subprocess(code, home).split("\n")
    assert out[0] == "0 2 True"
    assert out[1] == "[] True"
    assert (folder / "autosave.json.damaged").exists() and (home / "profile.json.damaged").exists()


def test_a_huge_save_is_refused_without_reading_it_all(story: Story) -> None:
    folder = saves.saves_dir(story)
    folder.mkdir(parents=True)
    with (folder / "big.json").open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MiB of nothing
    found, notes = saves.list_saves(story)
    assert found == [] and "larger than" in str(notes[0])


def test_temp_files_of_killed_saves_are_cleaned_and_live_ones_kept(story: Story) -> None:
    folder = saves.saves_dir(story)
    folder.mkdir(parents=True)
    dead = folder / ".autosave.json.k1ll3d.tmp"
    dead.write_text('{"half', encoding="utf-8")
    live = folder / ".slot.json.l1v3.tmp"
    live.write_text("", encoding="utf-8")
    with live.open("rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # a writer still at work holds its lock
        saves.list_saves(story)
        assert not dead.exists() and live.exists()
    home_temp = profiles.profile_file().with_name(".profile.json.k1ll3d.tmp")
    home_temp.write_text("{", encoding="utf-8")
    profiles.load_profile(story)
    assert not home_temp.exists()


def test_a_save_from_a_newer_version_is_reported_and_left_alone(story: Story) -> None:
    folder = saves.saves_dir(story)
    saves.save(at(story, 1), "mine", now=1.0)
    newer = envelope(story, version=saves.SAVE_VERSION + 1, slot="from the future")
    text = json.dumps(newer)
    for name in ("future.json", "autosave.json"):
        (folder / name).write_text(text, encoding="utf-8")
    found, notes = saves.list_saves(story)
    assert [i.slot for i in found] == ["mine"]
    assert len(notes) == 2 and not any(n.moved for n in notes)
    assert all("newer version" in str(n) and "damaged" not in str(n) for n in notes)
    with pytest.raises(NewerFormat):
        saves.save(at(story, 0), now=2.0)  # the autosave is never written over it
    with pytest.raises(NewerFormat):
        saves.resume(story, folder / "future.json")
    assert (folder / "future.json").read_text(encoding="utf-8") == text
    assert (folder / "autosave.json").read_text(encoding="utf-8") == text
    assert not list(folder.glob("*.damaged"))


def test_a_profile_from_a_newer_version_is_never_overwritten(home: Path, story: Story) -> None:
    home.mkdir(parents=True)
    text = json.dumps({"format": "cellseven-profile", "version": 99, "future": True})
    (home / "profile.json").write_text(text, encoding="utf-8")
    profile, note = profiles.load_profile(story)
    assert note is not None and "newer version" in note and "damaged" not in note
    profile.unlock("one")
    with pytest.raises(NewerFormat):
        profiles.save_profile(profile)
    assert (home / "profile.json").read_text(encoding="utf-8") == text
    assert profiles.load_profile(story)[0].unlocked == ["one"]  # the story's own file was written


HOSTILE_PROFILES = [
    "[" * 100_000,
    '{"format": "cellseven-profile", "version": 1, "unlocked": [' + DIGITS + "]}",
    '{"format": "cellseven-profile", "version": 1, "settings": {"high_contrast": NaN}}',
    '{"format": "cellseven-profile", "version": 1, "settings": []}',
    '{"format": "cellseven-profile", "version": 1, "unlocked": "one"}',
    '{"format": "cellseven-profile", "version": 1, "settings": {"high_contrast": "yes"}}',
]


@pytest.mark.parametrize("text", HOSTILE_PROFILES, ids=range(len(HOSTILE_PROFILES)))
def test_a_damaged_profile_is_moved_aside_with_a_note(home: Path, story: Story, text: str) -> None:
    home.mkdir(parents=True)
    (home / "profile.json").write_text(text, encoding="utf-8")
    profile, note = profiles.load_profile(story)
    assert profile.settings == profiles.Settings() and note is not None and "moved aside" in note
    assert (home / "profile.json.damaged").read_text(encoding="utf-8") == text
    if '"settings"' in text:
        return  # a progress file has no settings
    progress = profiles.progress_file(player_files.story_key(story))
    progress.parent.mkdir(parents=True, exist_ok=True)
    progress.write_text(text.replace("cellseven-profile", "cellseven-progress"), "utf-8")
    profile, note = profiles.load_profile(story)
    assert profile.unlocked == [] and note is not None and "progress.json.damaged" in note
