"""The game never dies: tiny terminals, mashed keys, Ctrl+C at any moment, story errors at
run time, damaged or outdated saves. Each ends in a message or a safe place, never a crash."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.errors import StoryError
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist import saves
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.ui.app import CellsevenApp
from cellseven_game.ui.screens.scene import SceneScreen
from cellseven_game.ui.screens.title import TitleScreen

KEYS = int(os.environ.get("CELLSEVEN_RANDOM_KEYS", "300"))

# Two chapters; `dead_end` is reached with no choice open and no `next` (a story error
# found only at run time), and the second chapter's scenes are what saves point at.
PACK = """
story:
  title: The Long Corridor
  start: near
  chapters: [near, far]
  variables:
    steps: 0
    lamp: false
chapters:
  near:
    title: Near
    period: "2013"
    start: door
    scenes:
      door:
        text: A door, and a long corridor behind it. [Not a tag.]
        choices:
          - label: Walk on
            goto: hall
            do:
              - add: {steps: 1}
          - label: Light the lamp
            goto: door
            once: false
            do:
              - flag: lamp
          - label: Try the cupboard
            goto: dead_end
      dead_end:
        text: A cupboard, and nothing else.
        choices:
          - label: Leave it
            goto: door
            if: steps > 5
      hall:
        text: A hall with a window.
        next: garden
  far:
    title: Far
    period: "1997"
    start: garden
    scenes:
      garden:
        text: A garden.
        choices:
          - label: Sit down
            goto: bench
          - label: Go back
            goto: door
            once: false
      bench:
        text: A bench in the sun.
        next: gate
      gate:
        text: The gate.
        end: home
"""

Body = Callable[[Pilot[int], CellsevenApp], Awaitable[None]]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CELLSEVEN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CELLSEVEN_TEXT_SPEED", "0")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    return tmp_path / "home"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "story.yaml").write_text(PACK, encoding="utf-8")
    return folder


@pytest.fixture
def story(pack: Path) -> Story:
    return load_story(pack)


def play(app: CellsevenApp, body: Body, size: tuple[int, int] = (80, 24)) -> None:
    """Run the app headless; any exception inside it fails the test (run_test re-raises)."""

    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            for _ in range(500):  # up to ~10 s on a loaded machine; stops when ready
                if app.story is not None and app.profile is not None:
                    break
                await pilot.pause(0.02)
            await pilot.pause()
            await body(pilot, app)

    asyncio.run(go())


def messages(app: CellsevenApp) -> list[str]:
    return [n.message for n in app._notifications]


def visible_choices(app: CellsevenApp) -> list[str]:
    """The choices' prompts, asserting the list is on screen with at least one row shown."""
    screen = app.screen
    assert isinstance(screen, SceneScreen)
    choices = screen.query_one("#choices", OptionList)
    region = choices.region
    assert region.height >= 1 and region.width >= 10, f"choices squeezed out: {region}"
    assert screen.region.contains_region(region)
    return [str(o.prompt) for o in choices.options]


def autosave_intact(home: Path, story: Story) -> None:
    folder = saves.saves_dir(story)
    path = folder / "autosave.json"
    if path.exists():
        json.loads(path.read_text(encoding="utf-8"))
        saves.load(story, "autosave")
    assert not list(folder.glob("*.damaged")) if folder.exists() else True


# -- resizing ------------------------------------------------------------------------------


def test_resized_down_to_40x12_and_back_keeps_the_choices(story: Story) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n")
        await pilot.pause()
        assert len(visible_choices(app)) == 3
        for size in [(40, 12), (20, 6), (40, 12), (100, 40), (60, 20)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.size == size
        assert visible_choices(app)[0] == "1. Walk on"
        # Overlays and the title survive the small size too.
        for key in ("h", "escape", "r", "escape", "q"):
            await pilot.resize_terminal(40, 12)
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.resize_terminal(60, 20)
        await pilot.press("n")  # the autosave holds a game: say yes to replacing it
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert visible_choices(app)

    play(CellsevenApp(story), body, size=(60, 20))


# -- mashing keys --------------------------------------------------------------------------

MASH = [
    *"0123456789",
    *"nlcsruehq?abxyz ",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "backspace",
    "space",
    "ctrl+l",
    "f1",
]


def test_three_hundred_random_keys(story: Story, monkeypatch: pytest.MonkeyPatch) -> None:
    quits: list[str] = []
    # Quitting from the title is a way out, not a crash: count it and stay in.
    monkeypatch.setattr(TitleScreen, "action_quit", lambda self: quits.append("title"))
    rng = random.Random(2013)
    keys = [rng.choice(MASH) for _ in range(KEYS)]

    screens: set[str] = set()

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        for key in keys:
            await pilot.press(key)
            screens.add(type(app.screen).__name__)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert len(screens) >= 4, screens  # the keys went through the game, not one screen
        # Still answering: back to the title, a new game, a choice taken.
        app.close_overlays()
        app.back_to_title()
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        if not isinstance(app.screen, SceneScreen):  # asked before replacing the autosave
            await pilot.press("y")
            await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert app.screen.runtime.state.scene == "door"
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.runtime.state.scene == "hall"

    play(CellsevenApp(story), body)
    print(f"\n{KEYS} random keys, {len(screens)} screens: {sorted(screens)}; {len(quits)} quits")


# -- Ctrl+C --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_ctrl_c_at_any_moment_quits_cleanly_and_keeps_the_autosave(
    story: Story, home: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TitleScreen, "action_quit", lambda self: None)
    rng = random.Random(seed)
    before = [rng.choice(MASH) for _ in range(rng.randint(0, 40))]

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n", "1")  # at least one autosave
        for key in before:
            await pilot.press(key)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.return_code is not None  # the app's own quit path, not an exception

    app = CellsevenApp(story)
    play(app, body)
    assert app.return_code == 0
    autosave_intact(home, story)
    assert (saves.saves_dir(story) / "autosave.json").exists()


def _read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and wanted not in seen:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_ctrl_c_in_a_real_terminal_restores_it(pack: Path, home: Path) -> None:
    main, child = pty.openpty()
    os.set_blocking(main, False)
    env = {**os.environ, "CELLSEVEN_HOME": str(home), "TERM": "xterm-256color"}
    env.pop("TEXTUAL_ANIMATIONS", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "cellseven_game", "play", "--story", str(pack)],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        start_new_session=True,
    )
    os.close(child)
    try:
        shown = _read_until(main, b"New game", 30)
        assert b"New game" in shown
        os.write(main, b"n")
        shown += _read_until(main, b"Walk on", 30)
        os.write(main, b"1")
        shown += _read_until(main, b"A hall", 30)
        time.sleep(0.3)  # let the autosave after the frame land
        os.write(main, b"\x03")  # Ctrl+C as the terminal sends it
        process.wait(timeout=30)
        rest = _read_until(main, b"\x00never", 2)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        os.close(main)
    assert process.returncode == 0
    tail = rest[-400:]
    assert b"\x1b[?1049l" in tail  # left the alternate screen
    assert b"\x1b[?25h" in tail  # cursor shown again
    assert b"Traceback" not in shown + rest
    story = load_story(pack)
    assert saves.load(story, "autosave").state.scene == "hall"


# -- story errors at run time --------------------------------------------------------------


def test_a_dead_end_found_at_run_time_says_so_and_leads_back_to_the_title(story: Story) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n", "3")
        await pilot.pause()
        assert app.screen.runtime.state.status == "stuck"  # type: ignore[attr-defined]
        assert visible_choices(app) == ["1. Back to the title"]
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)

    play(CellsevenApp(story), body)


def test_an_error_inside_a_step_is_a_message_and_the_title(
    story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Runtime, number: int) -> None:
        raise StoryError("scene `door` leads to a trial that is not there")

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n")
        await pilot.pause()
        monkeypatch.setattr(Runtime, "choose", broken)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        assert "scene `door` leads to a trial that is not there" in messages(app)

    play(CellsevenApp(story), body)


def test_continue_with_a_damaged_autosave_is_a_notice_not_a_crash(story: Story, home: Path) -> None:
    folder = saves.saves_dir(story)
    saves.save(Runtime(story), now=1.0)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        assert "Continue" in str(app.screen.query_one("#menu").render())
        (folder / "autosave.json").write_bytes(b'{"format": "cellseven-save", "vers')
        app.continue_game()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        notes = messages(app)
        assert any("autosave.json.damaged" in note for note in notes), notes
        assert "There is no save to continue yet." in notes
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)  # the game goes on

    play(CellsevenApp(story), body)
    assert (folder / "autosave.json.damaged").read_bytes() == b'{"format": "cellseven-save", "vers'


# The lamp can no longer be lit at the start: the save's first step does not replay.
LAMP = (
    "goto: door\n            if: steps > 9\n            once: false\n"
    + " " * 12
    + "do:\n"
    + " " * 14
    + "- flag"
)


def test_a_save_at_a_scene_that_disappeared_resumes_at_a_chapter_start(
    story: Story, pack: Path, home: Path
) -> None:
    runtime = Runtime(story)
    runtime.choose_id("light_the_lamp")
    runtime.choose_id("walk_on")
    runtime.choose_id(None)
    runtime.choose_id("sit_down")
    assert runtime.state.scene == "bench"
    saves.save(runtime, now=1.0)
    edited = (
        PACK.replace("goto: hall", "goto: garden")
        .replace("      hall:\n        text: A hall with a window.\n        next: garden\n", "")
        .replace("      bench:\n        text: A bench in the sun.\n        next: gate\n", "")
        .replace("goto: bench", "goto: gate")
        .replace("goto: door\n            once: false\n            do:\n              - flag", LAMP)
    )
    (pack / "story.yaml").write_text(edited, encoding="utf-8")
    changed = load_story(pack)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        app.continue_game()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SceneScreen)
        assert screen.runtime.state.scene == "garden"
        assert screen.runtime.state.variables["lamp"] is True  # kept
        notes = messages(app)
        assert any(n.startswith("The story has changed") and "“Far”" in n for n in notes), notes
        assert visible_choices(app)[0] == "1. Sit down"
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo: this is where you began." in messages(app)
        await pilot.press("1")  # to the gate: the end
        await pilot.pause()
        assert screen.runtime.state.ending == "home"
        await pilot.press("u")  # back to the chapter's start it resumed at, not the story's
        await pilot.pause()
        assert screen.runtime.state.scene == "garden"
        assert screen.runtime.state.variables["lamp"] is True  # still kept
        await pilot.press("u")
        await pilot.pause()
        assert messages(app).count("Nothing to undo: this is where you began.") == 2

    play(CellsevenApp(changed), body)
    assert not list(saves.saves_dir(story).glob("*.damaged"))


def test_slot_names_that_look_like_markup_are_shown_as_written(story: Story, pack: Path) -> None:
    saves.save(Runtime(story), "[/x] [b]draft", now=2.0)
    (pack / "story.yaml").write_text(PACK.replace("next: gate", "next: garden"), encoding="utf-8")
    changed = load_story(pack)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("l")
        await pilot.pause()
        listed = [str(o.prompt) for o in app.screen.query_one("#saves", OptionList).options]
        assert listed[0].startswith("[/x] [b]draft  ·  Near  ·  ")
        assert listed[0].endswith("story changed since")
        await pilot.press("escape", "n", "s")  # the save screen lists the slots too
        await pilot.pause()
        assert "[/x] [b]draft" in str(app.screen.query_one(OptionList).options[0].prompt)

    play(CellsevenApp(changed), body)
