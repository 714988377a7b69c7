"""A story's identity: story.yaml's `id:` (else its title) decides whose saves are whose.

Two packs with one title and different ids never share saves, progress or the content note;
a retitled pack with the same id keeps them; a pack without an id is known by its title as
before (its old saves load), and one that gains an id keeps what it made under its title.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cellseven_game import paths
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist import player_files, profiles, saves
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.paths import bundled_story

PACK = """story:
  title: {title}
{id_line}  start: one
  chapters: [one]
  content_note: A note.
chapters:
  one:
    title: First
    period: "2013"
    start: hall
    scenes:
      hall:
        text: A hall.
        choices:
          - {{label: Go on, goto: stair}}
      stair: {{text: A stair., end: done}}
"""


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("CELLSEVEN_HOME", str(folder))
    return folder


def write(folder: Path, title: str, ident: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    id_line = "" if ident is None else f"  id: {ident}\n"
    text = PACK.format(title=json.dumps(title), id_line=id_line)
    (folder / "story.yaml").write_text(text, encoding="utf-8")
    return folder


def make(folder: Path, title: str, ident: str | None = None) -> Story:
    return load_story(write(folder, title, ident), use_cache=False)


def moved_on(story: Story) -> Runtime:
    runtime = Runtime(story)
    runtime.choose(1)
    return runtime


def test_one_title_two_ids_never_share(tmp_path: Path) -> None:
    a = make(tmp_path / "a", "The Same Title", "first-pack")
    b = make(tmp_path / "b", "The Same Title", "second-pack")
    assert player_files.story_key(a) != player_files.story_key(b)
    saves.save(moved_on(a), now=1.0)
    saves.save(moved_on(a), "mine", now=2.0)
    assert saves.list_saves(b) == ([], [])
    saves.save(Runtime(b), now=3.0)  # a new game in b leaves a's autosave
    assert saves.load(a, "autosave").state.scene == "stair"
    profile, _ = profiles.load_profile(a)
    profile.content_note_seen = True
    profiles.save_profile(profile)
    assert not profiles.load_profile(b)[0].content_note_seen
    assert profiles.load_profile(a)[0].content_note_seen


def test_a_new_title_with_the_same_id_keeps_everything(tmp_path: Path) -> None:
    before = make(tmp_path / "pack", "Working Title", "harbour")
    saves.save(moved_on(before), "chapter one", now=1.0)
    profile, _ = profiles.load_profile(before)
    profile.content_note_seen = True
    profile.unlock("one")
    profiles.save_profile(profile)
    after = make(tmp_path / "pack", "The Final Title", "harbour")
    assert player_files.story_key(after) == player_files.story_key(before)
    listed = saves.list_saves(after)[0]
    assert [i.slot for i in listed] == ["chapter one"]
    assert saves.load(after, listed[0]).state.scene == "stair"
    kept, note = profiles.load_profile(after)
    assert note is None and kept.content_note_seen and kept.unlocked == ["one"]


def title_key(title: str) -> str:
    """The folder name saves have used for a title since saves were kept per story."""
    digest = hashlib.blake2b(title.encode("utf-8"), digest_size=5).hexdigest()
    return f"{player_files.slug(title, 40)}-{digest}"


def test_without_an_id_the_title_is_the_identity_as_before(tmp_path: Path, home: Path) -> None:
    story = make(tmp_path / "pack", "Two Rooms")
    assert player_files.story_key(story) == title_key("Two Rooms")
    saves.save(moved_on(story), "old", now=1.0)
    assert (home / "stories" / title_key("Two Rooms") / "saves" / "old.json").is_file()
    again = make(tmp_path / "copy", "Two Rooms")  # the same pack elsewhere
    assert [i.slot for i in saves.list_saves(again)[0]] == ["old"]
    assert saves.list_saves(make(tmp_path / "other", "Two Rooms, Again"))[0] == []


def test_a_pack_that_gains_an_id_keeps_its_title_saves(tmp_path: Path, home: Path) -> None:
    old = make(tmp_path / "pack", "Two Rooms")
    saves.save(moved_on(old), "before ids", now=1.0)
    profile, _ = profiles.load_profile(old)
    profile.content_note_seen = True
    profiles.save_profile(profile)
    new = make(tmp_path / "pack", "Two Rooms", "two-rooms")
    assert [i.slot for i in saves.list_saves(new)[0]] == ["before ids"]
    assert profiles.load_profile(new)[0].content_note_seen
    assert not (home / "stories" / title_key("Two Rooms")).exists()  # moved, not copied
    # a second pack of that title, with another id, starts afresh
    assert saves.list_saves(make(tmp_path / "b", "Two Rooms", "rooms-two"))[0] == []


@pytest.mark.parametrize("title", ["story", "id:story", "Story"])
def test_an_id_and_a_title_that_read_the_same_never_share(tmp_path: Path, title: str) -> None:
    by_title = make(tmp_path / "t", title)
    by_id = make(tmp_path / "i", "Something Else", "story")
    assert player_files.story_key(by_title) != player_files.story_key(by_id)
    saves.save(Runtime(by_title), now=1.0)
    assert saves.list_saves(by_id) == ([], [])


def cellseven(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cellseven_game", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "value",
    ['"two words"', "../elsewhere", '""', "예승", "a/b", "'x\\u0000y'", "[a, b]", "{a: 1}", "1.5",
     "true", "null", "-leading"],
)  # fmt: skip
def test_an_id_of_the_wrong_form_is_an_error_at_its_line(tmp_path: Path, value: str) -> None:
    folder = write(tmp_path / "pack", "A Title", value)
    done = cellseven("validate", str(folder))
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, (done.stdout, done.stderr)
    located = [line for line in done.stdout.splitlines() if "story.yaml:3:" in line]
    assert located and "error" in located[0], done.stdout
    assert "[CS0" in located[0]


def test_the_bundled_story_has_an_id() -> None:
    story = load_story(bundled_story())
    assert story.story_id == "miracle-in-cell-no-7"


def test_new_packs_never_share_saves(tmp_path: Path) -> None:
    made = []
    for parent in ("one", "two"):  # folders of one name, in two places
        target = tmp_path / parent / "my story"
        assert cellseven("new", str(target)).returncode == 0
        made.append(load_story(target, use_cache=False))
    first, second = made
    assert first.title == second.title
    assert first.story_id != second.story_id
    assert first.story_id.startswith("my-story-")
    assert player_files.story_key(first) != player_files.story_key(second)
    done = cellseven("validate", str(tmp_path / "one" / "my story"), "--strict")
    assert done.returncode == 0, done.stdout
    assert paths.story_home(player_files.story_key(first)) != paths.story_home(
        player_files.story_key(second)
    )
