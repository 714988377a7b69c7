"""A terminal of one or two columns (or one row) never crashes the game.

Textual's text wrap fails in zero columns, and an option list or a padded panel in a
2-column terminal was given zero: the scene screen crashed. Each test plays the whole
game in a tiny terminal — title, help, chapters, a new game, every overlay of the scene,
the court's rules, every overlay of the trial, a presentation, the verdict, undo, back to
the title — and asserts each screen really opened (so a key that did nothing is caught
too) and that the app did not stop on an error.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from guide_examples import trial_example  # tests/ is on sys.path (rootdir conftest)
from textual.pilot import Pilot

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.paths import bundled_story
from cellseven_game.ui.app import CellsevenApp
from cellseven_game.ui.screens.chapters import ChaptersScreen
from cellseven_game.ui.screens.help import HelpScreen
from cellseven_game.ui.screens.history import HistoryScreen
from cellseven_game.ui.screens.load import LoadScreen
from cellseven_game.ui.screens.record import RecordScreen
from cellseven_game.ui.screens.roster import RosterScreen
from cellseven_game.ui.screens.save import SaveScreen
from cellseven_game.ui.screens.scene import SceneScreen
from cellseven_game.ui.screens.settings import SettingsScreen
from cellseven_game.ui.screens.title import TitleScreen
from cellseven_game.ui.screens.trial import CourtRules, CourtSays, EvidencePicker, TrialScreen
from cellseven_game.ui.screens.verdict import VerdictScreen

SIZES = [(1, 5), (2, 10), (3, 3), (1, 1), (20, 8), (60, 20)]


@pytest.fixture(autouse=True)
def quiet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CELLSEVEN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CELLSEVEN_TEXT_SPEED", "0")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def court(tmp_path: Path) -> Story:
    folder = tmp_path / "court"
    folder.mkdir()
    (folder / "story.yaml").write_text(trial_example(), encoding="utf-8")
    return load_story(folder)


def run(app: CellsevenApp, size: tuple[int, int], body: object) -> None:
    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            for _ in range(500):
                if app.story is not None and app.profile is not None:
                    break
                await pilot.pause(0.02)
            await pilot.pause()
            await body(pilot, app)  # type: ignore[operator]

    asyncio.run(go())  # run_test re-raises an error the app stopped on
    assert app.return_code in (None, 0), app.crash_log
    assert app.crash_log is None


async def press(pilot: Pilot[int], key: str, expected: type) -> None:
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, expected), (key, pilot.app.screen)


async def whole_game(pilot: Pilot[int], app: CellsevenApp) -> None:
    await press(pilot, "question_mark", HelpScreen)
    await press(pilot, "escape", TitleScreen)
    await press(pilot, "c", ChaptersScreen)
    await press(pilot, "escape", TitleScreen)
    await press(pilot, "n", SceneScreen)
    for key, screen in (
        ("r", RosterScreen),
        ("e", RecordScreen),
        ("h", HistoryScreen),
        ("s", SaveScreen),
        ("l", LoadScreen),
        ("c", ChaptersScreen),
        ("o", SettingsScreen),
        ("question_mark", HelpScreen),
    ):
        await press(pilot, key, screen)
        await press(pilot, "escape", SceneScreen)
    await press(pilot, "1", SceneScreen)  # ask for the receipt
    await press(pilot, "2", CourtRules)  # to the hearing
    await press(pilot, "enter", TrialScreen)
    for key, screen in (
        ("question_mark", CourtRules),
        ("r", RosterScreen),
        ("v", RecordScreen),
        ("h", HistoryScreen),
        ("s", SaveScreen),
        ("l", LoadScreen),
        ("c", ChaptersScreen),
    ):
        await press(pilot, key, screen)
        await press(pilot, "escape", TrialScreen)
    await press(pilot, "p", TrialScreen)  # press the witness
    await press(pilot, "down", TrialScreen)
    await press(pilot, "e", EvidencePicker)
    await press(pilot, "enter", CourtSays)  # the right one: the claim's lines, then
    await press(pilot, "enter", VerdictScreen)  # the court rules
    await press(pilot, "enter", SceneScreen)
    await press(pilot, "u", SceneScreen)
    await press(pilot, "q", TitleScreen)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_whole_game_in_a_tiny_terminal(court: Story, size: tuple[int, int]) -> None:
    run(CellsevenApp(court), size, whole_game)


@pytest.mark.parametrize("speed", ["40", "0"])
def test_shrinking_to_one_column_mid_scene_and_back(
    court: Story, speed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The terminal resized under a running typewriter, then grown again."""
    monkeypatch.setenv("CELLSEVEN_TEXT_SPEED", speed)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await press(pilot, "n", SceneScreen)
        for width, height in ((1, 1), (2, 30), (100, 1), (1, 1), (80, 24)):
            await pilot.resize_terminal(width, height)
            await pilot.pause(0.05)
            await pilot.press("space")
            await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        await pilot.resize_terminal(2, 10)
        await press(pilot, "r", RosterScreen)
        await press(pilot, "escape", SceneScreen)

    run(CellsevenApp(court), (80, 24), body)


@pytest.mark.parametrize("size", [(1, 5), (2, 10)], ids=["1x5", "2x10"])
def test_the_bundled_story_opens_in_two_columns(size: tuple[int, int]) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n")
        await pilot.pause()
        if not isinstance(app.screen, SceneScreen):  # the content note, first time
            await press(pilot, "enter", SceneScreen)
        for key in ("1", "space", "1", "h"):
            await pilot.press(key)
            await pilot.pause()
        await press(pilot, "escape", SceneScreen)

    run(CellsevenApp(load_story(bundled_story())), size, body)
