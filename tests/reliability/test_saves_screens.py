"""The save and load screens, round two: overwriting asks first, copies and renamed files
are saves of their own, each story has its own saves and content note, a damaged profile
is a message (never a dead title), and a crash exits 1 with the autosave kept."""

from __future__ import annotations

import json
import os
import pty
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_game_survives import PACK, _read_until, messages, play  # this folder's helpers
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist import saves
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.ui.app import CellsevenApp
from cellseven_game.ui.screens.confirm import ConfirmScreen
from cellseven_game.ui.screens.content_note import ContentNoteScreen
from cellseven_game.ui.screens.load import LoadScreen
from cellseven_game.ui.screens.save import SaveScreen
from cellseven_game.ui.screens.scene import SceneScreen
from cellseven_game.ui.screens.title import TitleScreen


@pytest.fixture(autouse=True)
def quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CELLSEVEN_TEXT_SPEED", "0")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def pack_of(folder: Path, title: str, note: str = "") -> Path:
    folder.mkdir(parents=True)
    text = PACK.replace("title: The Long Corridor", f"title: {title}")
    if note:
        text = text.replace("  start: near\n", f"  start: near\n  content_note: {note}\n")
    (folder / "story.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def story(tmp_path: Path) -> Story:
    return load_story(pack_of(tmp_path / "pack", "The Long Corridor"))


async def open_save_screen(pilot: Pilot[int], app: CellsevenApp) -> None:
    if not isinstance(app.screen, SceneScreen):
        await pilot.press("n")
        await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    assert isinstance(app.screen, SaveScreen)


async def type_name(pilot: Pilot[int], app: CellsevenApp, name: str) -> None:
    app.screen.query_one(Input).value = name
    await pilot.press("enter")
    await pilot.pause()


def test_a_typed_name_that_exists_asks_before_overwriting(story: Story) -> None:
    first = saves.save(Runtime(story), "Keep me", now=1.0)
    before = first.path.read_bytes()

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n", "1")  # on to the hall: a different state from the save
        await pilot.pause()
        await open_save_screen(pilot, app)
        await type_name(pilot, app, "  Keep me ")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the highlighted answer is to keep the old save
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen) and first.path.read_bytes() == before
        await type_name(pilot, app, "Keep me")
        await pilot.press("n")
        await pilot.pause()
        assert first.path.read_bytes() == before
        await type_name(pilot, app, "Keep me")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)

    play(CellsevenApp(story), body)
    assert saves.load(story, "Keep me").state.scene == "hall"
    assert len(saves.list_saves(story)[0]) == 2  # the save and the autosave, nothing else


def test_the_overwrite_list_asks_too(story: Story) -> None:
    first = saves.save(Runtime(story), "From the list", now=1.0)
    before = first.path.read_bytes()

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n", "1")
        await pilot.pause()
        await open_save_screen(pilot, app)
        listed = app.screen.query_one("#slots", OptionList)
        listed.focus()
        listed.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert first.path.read_bytes() == before
        listed.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()

    play(CellsevenApp(story), body)
    assert saves.load(story, first.path).state.scene == "hall"


@pytest.mark.parametrize("name", ["Autosave!", "예승", "용구", "Before the trial"])
def test_new_names_are_new_saves_and_autosave_is_refused(story: Story, name: str) -> None:
    saves.save(Runtime(story), "before-the-trial!", now=1.0)
    saves.save(Runtime(story), "예승!", now=1.0)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n", "1")
        await pilot.pause()
        await open_save_screen(pilot, app)
        await type_name(pilot, app, "autosave")
        assert isinstance(app.screen, SaveScreen)  # refused, with a word
        assert any("not “autosave”" in m for m in messages(app))
        await type_name(pilot, app, name)
        assert isinstance(app.screen, SceneScreen), "a new name saved at once, nothing asked"

    play(CellsevenApp(story), body)
    found = {i.slot: i for i in saves.list_saves(story)[0]}
    assert set(found) == {"autosave", "before-the-trial!", "예승!", name}
    assert not found[name].is_autosave
    assert saves.load(story, name).state.scene == "hall"
    assert saves.load(story, "autosave").state.scene == "hall"


def test_copies_and_renamed_files_load_from_the_load_screen(story: Story) -> None:
    runtime = Runtime(story)
    runtime.choose(1)
    info = saves.save(runtime, "Before the trial", now=1.0)
    shutil.copyfile(info.path, info.path.with_name("Before the trial (backup).json"))
    shutil.copyfile(info.path, info.path.with_name("autosave copy.json"))
    info.path.rename(info.path.with_name("renamed.json"))
    seen: list[str] = []

    files = ["renamed.json", "Before the trial (backup).json", "autosave copy.json"]

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        for file in files:
            await pilot.press("l")
            await pilot.pause()
            assert isinstance(app.screen, LoadScreen)
            options = app.screen.query_one("#saves", OptionList)
            ids = [o.id for o in options.options]
            assert set(files) <= set(ids)  # and the autosave, once a save was loaded
            seen[:] = [str(o.prompt) for o in options.options]
            options.highlighted = ids.index(file)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SceneScreen), messages(app)
            assert app.screen.runtime.state.scene == "hall"
            await pilot.press("q")
            await pilot.pause()

    play(CellsevenApp(story), body)
    assert len(set(seen)) == len(seen) == 4, seen  # each told apart from the others


def test_each_story_has_its_own_autosave_and_content_note(tmp_path: Path) -> None:
    first = load_story(pack_of(tmp_path / "first", "The First", "The first note."))
    second = load_story(pack_of(tmp_path / "second", "The Second", "The second note."))
    runtime = Runtime(first)
    runtime.choose(1)
    saves.save(runtime, now=1.0)
    autosave = saves.saves_dir(first) / "autosave.json"
    before = autosave.read_bytes()
    notes: list[str] = []
    asked: list[str] = []  # a new game asks before replacing its own story's autosave only

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n")
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):  # this story has a game in progress
            asked.append(app.story.title if app.story else "")
            await pilot.press("y")
            await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)
        notes.append(str(app.screen.note))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()

    play(CellsevenApp(second), body)  # `play --story SECOND`: a new game there
    play(CellsevenApp(first), body)  # the first story's note is still to be shown
    assert notes == ["The second note.", "The first note."]
    assert asked == ["The First"]
    assert autosave.read_bytes() != before  # written by the first story's own game only now
    assert saves.load(first, "autosave").state.scene == "hall"
    assert saves.load(second, "autosave").state.scene == "hall"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 50_000,
        '{"format": "cellseven-profile", "version": 1, "unlocked": [' + "7" * 5000 + "]}",
        '{"format": "cellseven-profile", "version": 1, "settings": {"theme": Infinity}}',
    ],
    ids=["deep", "digits", "infinity"],
)
def test_a_damaged_profile_is_a_message_not_a_dead_title(
    story: Story, home: Path, text: str
) -> None:
    home.mkdir(parents=True)
    (home / "profile.json").write_text(text, encoding="utf-8")

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        assert isinstance(app.screen, TitleScreen)
        assert any("profile.json" in m and "moved aside" in m for m in messages(app))
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)

    app = CellsevenApp(story_dir=story.root)  # loaded behind the title, as `cellseven` does
    play(app, body)
    assert (home / "profile.json.damaged").read_text(encoding="utf-8") == text


def test_a_crash_exits_1_with_one_line_and_the_autosave_kept(tmp_path: Path, home: Path) -> None:
    folder = pack_of(tmp_path / "crash", "The Long Corridor")
    probe = (
        "import sys\n"
        "from cellseven_game import cli\n"
        "from cellseven_game.ui.screens import roster\n"
        "def broken(self):\n"
        "    raise RuntimeError('a bug in a screen')\n"
        "roster.RosterScreen.body = broken\n"
        f"sys.exit(cli.main(['play', '--story', {str(folder)!r}]))\n"
    )
    main, child = pty.openpty()
    os.set_blocking(main, False)
    env = {**os.environ, "CELLSEVEN_HOME": str(home), "TERM": "xterm-256color"}
    process = subprocess.Popen(
        [sys.executable, "-c", probe],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        start_new_session=True,
    )
    os.close(child)
    try:
        shown = _read_until(main, b"New game", 30)
        os.write(main, b"n")
        shown += _read_until(main, b"Walk on", 30)
        os.write(main, b"1")
        shown += _read_until(main, b"A hall", 30)
        time.sleep(0.3)  # let the autosave after the frame land
        os.write(main, b"r")  # the roster: the broken screen
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            shown += _read_until(main, b"\x00never", 0.5)  # drained, so it can write and end
        process.wait(timeout=5)
        shown += _read_until(main, b"\x00never", 1)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        os.close(main)
    assert process.returncode == 1
    assert b"Traceback" not in shown
    assert b"your autosave is kept" in shown.replace(b"\r\n", b"")
    log = (home / "crash.log").read_text(encoding="utf-8")
    assert "RuntimeError: a bug in a screen" in log
    story = load_story(folder)
    assert saves.load(story, "autosave").state.scene == "hall"
    assert json.loads((saves.saves_dir(story) / "autosave.json").read_text(encoding="utf-8"))
