"""The chapter list on a small terminal: every chapter can be brought into view from the
keyboard, though none is reached yet (its rows are disabled, so the highlight cannot move:
the keys that would move it scroll instead), and the list never runs past its panel."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.paths import bundled_story
from cellseven_game.ui.app import CellsevenApp
from cellseven_game.ui.screens.chapters import ChapterList, ChaptersScreen


@pytest.fixture(autouse=True)
def quiet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CELLSEVEN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.mark.parametrize("size", [(60, 20), (56, 16)])
def test_every_chapter_comes_into_view_from_the_keyboard(size: tuple[int, int]) -> None:
    app = CellsevenApp(load_story(bundled_story()))
    seen: dict[str, object] = {}

    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            for _ in range(500):
                if app.story is not None and app.profile is not None:
                    break
                await pilot.pause(0.02)
            await pilot.press("c")
            await pilot.pause()
            assert isinstance(app.screen, ChaptersScreen)
            chapters = app.screen.query_one(ChapterList)
            screen_rows = app.screen.region.height
            seen["fits"] = chapters.region.bottom <= screen_rows - 1  # above the footer
            seen["panel"] = chapters.region.bottom <= chapters.parent.region.bottom  # type: ignore[union-attr]
            seen["highlighted"] = chapters.highlighted
            seen["scrolls"] = chapters.max_scroll_y > 0
            await pilot.press("pagedown")
            await pilot.pause()
            seen["paged"] = chapters.scroll_y
            await pilot.press("end")
            await pilot.pause()
            seen["end"] = (chapters.scroll_y, chapters.max_scroll_y)
            await pilot.press("home")
            await pilot.pause()
            seen["home"] = chapters.scroll_y
            await pilot.press("escape")
            await pilot.pause()
            seen["closed"] = not isinstance(app.screen, ChaptersScreen)

    asyncio.run(go())
    assert seen["highlighted"] is None  # nothing reached on a fresh profile
    assert seen["fits"] and seen["panel"] and seen["scrolls"], seen
    assert seen["paged"] > 0  # type: ignore[operator]
    scrolled, most = seen["end"]  # type: ignore[misc]
    assert scrolled == most > 0
    assert seen["home"] == 0 and seen["closed"]


def test_on_80x24_the_whole_list_shows_at_once() -> None:
    app = CellsevenApp(load_story(bundled_story()))
    seen: dict[str, object] = {}

    async def go() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(500):
                if app.story is not None and app.profile is not None:
                    break
                await pilot.pause(0.02)
            await pilot.press("c")
            await pilot.pause()
            chapters = app.screen.query_one(ChapterList)
            seen["rows"] = (chapters.max_scroll_y, chapters.region.bottom, app.screen.region.height)

    asyncio.run(go())
    most, bottom, rows = seen["rows"]  # type: ignore[misc]
    assert most == 0 and bottom <= rows - 1
