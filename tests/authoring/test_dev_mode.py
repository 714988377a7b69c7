"""`cellseven play --dev`: Pilot tests of hot reload, the problems overlay and the jump prompt."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from cellseven_game.cli import build_parser
from cellseven_game.ui.app import CellsevenApp
from cellseven_game.ui.screens.dev_problems import DevProblemsScreen
from cellseven_game.ui.screens.help import help_content
from cellseven_game.ui.screens.jump import JumpScreen
from cellseven_game.ui.screens.scene import SceneScreen
from cellseven_game.ui.widgets.header import SceneHeader
from cellseven_game.ui.widgets.prose import Prose

STORY = """
story:
  title: Ice Market
  start: home
  chapters: [home, market]
  variables:
    cold: 0

chapters:
  home:
    title: Home
    period: "1997"
    start: home_door
    scenes:
      home_door:
        text: The door sticks in winter.
        choices:
          - label: Go to the market
            goto: market_gate
          - label: Stay in
            goto: home_stay
      home_stay:
        text: The kettle sings.
        end: stayed
"""

MARKET = """
chapters:
  market:
    title: The Market
    period: "1997"
    start: market_gate
    scenes:
      market_gate:
        text: Stalls under a grey sky.
        next: market_ice
      market_ice:
        text: The ice is thin by the fish stall [mind it].
        choices:
          - label: Run
            goto: market_end
            do:
              - add: {cold: 1}
          - label: Walk
            goto: market_end
      market_end:
        text: The lamps come on.
        end: home_late
"""


@pytest.fixture(autouse=True)
def quiet_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CELLSEVEN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CELLSEVEN_TEXT_SPEED", "0")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    (folder / "chapters").mkdir(parents=True)
    (folder / "story.yaml").write_text(STORY, encoding="utf-8")
    (folder / "chapters" / "market.yaml").write_text(MARKET, encoding="utf-8")
    return folder


Body = Callable[[Pilot[int], CellsevenApp], Awaitable[None]]


def run(app: CellsevenApp, body: Body) -> None:
    """Run `app` headless; hand it to `body` once dev mode has opened the first scene."""

    async def go() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            for _ in range(500):  # up to ~10 s on a loaded machine; stops when ready
                if isinstance(app.screen, SceneScreen):
                    break
                await pilot.pause(0.02)
            await pilot.pause()
            await body(pilot, app)

    asyncio.run(go())


def scene(app: CellsevenApp) -> SceneScreen:
    assert isinstance(app.screen, SceneScreen), f"expected the scene screen, got {app.screen}"
    return app.screen


def prose(app: CellsevenApp) -> str:
    return scene(app).query_one(Prose).shown_text


def header(app: CellsevenApp) -> str:
    return str(scene(app).query_one(SceneHeader).render())


def notices(app: CellsevenApp) -> list[str]:
    return [n.message for n in app._notifications]


async def to_the_ice(pilot: Pilot[int], app: CellsevenApp) -> None:
    await pilot.press("1")  # go to the market
    await pilot.pause()
    await pilot.press("1")  # Continue
    await pilot.pause()
    assert scene(app).runtime.state.scene == "market_ice"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_timer_reloads_a_prose_edit_at_the_same_scene(pack: Path) -> None:
    app = CellsevenApp(story_dir=pack, dev=True)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await to_the_ice(pilot, app)
        assert "The ice is thin by the fish stall [mind it]." in prose(app)
        # Where the author is: the scene id and the file and line it is written at.
        assert "market_ice  " in header(app) and "market.yaml:11" in header(app)
        checks = app._dev_checks
        edit(pack / "chapters" / "market.yaml", "The ice is thin", "The ice is paper-thin")
        # The real path: the 0.5 s timer sees the change and checks the pack in a thread.
        # Wait on those events (the tick that starts the check, the check's worker), not on
        # the wall clock: a loaded machine only makes them later.
        hang_guard = time.monotonic() + 300
        while app._dev_checks == checks and time.monotonic() < hang_guard:
            await pilot.pause(0.05)
        assert app._dev_checks == checks + 1, "the timer never saw the edit"
        await app.workers.wait_for_complete()  # the check in its thread
        await pilot.pause()  # its result, handed back to the UI thread, applied
        assert "The ice is paper-thin by the fish stall [mind it]." in prose(app)
        assert scene(app).runtime.state.scene == "market_ice"
        assert len(scene(app).runtime.state.steps) == 2
        assert "Reloaded: same place" in notices(app)
        assert app.dev_poll() is False, "nothing changed since: nothing to reload"

    run(app, body)


def test_a_broken_edit_shows_the_problems_and_keeps_the_old_story(pack: Path) -> None:
    app = CellsevenApp(story_dir=pack, dev=True)
    market = pack / "chapters" / "market.yaml"

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await to_the_ice(pilot, app)
        old_story = app.story
        edit(market, "goto: market_end\n            do:", "goto: market_nd\n            do:")
        app.dev_reload()
        await pilot.pause()
        assert isinstance(app.screen, DevProblemsScreen)
        text = str(app.screen.query_one(".panel-text", Static).render())
        assert "1 problem in the pack" in text
        assert "market.yaml:15:19" in text and "market_nd" in text and "market_end" in text
        assert app.story is old_story, "still playing the last version that loaded"
        # A second broken save updates the same overlay.
        edit(market, "goto: market_nd", "goto: market_xx")
        app.dev_reload()
        await pilot.pause()
        stack = [s for s in app.screen_stack if isinstance(s, DevProblemsScreen)]
        assert len(stack) == 1
        text = str(app.screen.query_one(".panel-text", Static).render())
        assert "market_xx" in text and "market_nd" not in text
        # Escape closes it, and the old story still plays on.
        await pilot.press("escape")
        await pilot.pause()
        assert scene(app).runtime.state.scene == "market_ice"
        await pilot.press("2")  # walk
        await pilot.pause()
        assert scene(app).runtime.state.scene == "market_end"
        await pilot.press("u")
        await pilot.pause()
        # Broken again and shown; then fixed: the overlay closes by itself.
        edit(market, "The ice is thin", "The ice is cracking")
        app.dev_reload()
        await pilot.pause()
        assert isinstance(app.screen, DevProblemsScreen)
        edit(market, "goto: market_xx", "goto: market_end")
        app.dev_reload()
        await pilot.pause()
        assert "The ice is cracking" in prose(app)
        assert scene(app).runtime.state.scene == "market_ice"
        assert not any(isinstance(s, DevProblemsScreen) for s in app.screen_stack)

    run(app, body)


def test_a_removed_choice_stops_where_the_steps_diverge(pack: Path) -> None:
    app = CellsevenApp(story_dir=pack, dev=True)
    market = pack / "chapters" / "market.yaml"

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await to_the_ice(pilot, app)
        await pilot.press("1")  # run
        await pilot.pause()
        assert scene(app).runtime.state.status == "ended"
        edit(market, "          - label: Run\n            goto: market_end\n", "")
        edit(market, "            do:\n              - add: {cold: 1}\n", "")
        app.dev_reload()
        await pilot.pause()
        assert scene(app).runtime.state.scene == "market_ice"
        assert scene(app).runtime.state.status == "playing"
        assert (
            "Reloaded: your choices diverge at step 3 (scene market_ice: no choice `run`); "
            "stopped there"
        ) in notices(app)
        assert "The ice is thin" in prose(app)

    run(app, body)


def test_jump_to_a_scene_by_id(pack: Path) -> None:
    app = CellsevenApp(story_dir=pack, dev=True)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        assert scene(app).runtime.state.scene == "home_door"
        assert scene(app).check_action("jump", ()) is True
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, JumpScreen)
        # A near miss gets "did you mean".
        await pilot.press(*"markt_ice", "enter")
        await pilot.pause()
        assert isinstance(app.screen, JumpScreen)
        hint = str(app.screen.query_one("#jump-hint", Static).render())
        assert "no scene `markt_ice`; did you mean `market_ice`?" in hint
        # Completion: Tab takes the suggested id.
        field = app.screen.query_one(Input)
        field.value = ""
        await pilot.press(*"market_e", "tab")
        await pilot.pause()
        assert field.value == "market_end"
        field.value = ""
        await pilot.press(*"market_i", "tab", "enter")
        await pilot.pause()
        assert scene(app).runtime.state.scene == "market_ice"
        assert scene(app).runtime.state.chapter == "market"
        assert "The ice is thin" in prose(app)
        assert "market_ice  " in header(app)
        # Play on from there, undo back to it, and reload to the same place.
        await pilot.press("2")
        await pilot.pause()
        assert scene(app).runtime.state.scene == "market_end"
        edit(pack / "chapters" / "market.yaml", "The lamps come on.", "The lamps glow.")
        app.dev_reload()
        await pilot.pause()
        assert "The lamps glow." in prose(app)
        assert "Reloaded: same place" in notices(app)
        await pilot.press("u")
        await pilot.pause()
        assert scene(app).runtime.state.scene == "market_ice"
        # Escape leaves the prompt without jumping.
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert scene(app).runtime.state.scene == "market_ice"

    run(app, body)


def test_outside_dev_mode_there_is_no_jump_and_no_watching(pack: Path) -> None:
    app = CellsevenApp(story_dir=pack)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n")
        for _ in range(500):  # up to ~10 s on a loaded machine; stops when ready
            if isinstance(app.screen, SceneScreen):
                break
            await pilot.pause(0.02)
        assert scene(app).check_action("jump", ()) is False
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert "home_door" not in header(app)
        assert not [t for t in app._timers if t.name == "dev watch"]

    run(app, body)


def test_the_command_line_and_help_name_dev_mode() -> None:
    args = build_parser().parse_args(["play", "--dev", "--story", "x", "--chapter", "market"])
    assert args.dev and args.story == "x" and args.chapter == "market"
    assert "jump to a scene by id" in help_content().plain
