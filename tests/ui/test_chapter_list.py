"""The chapter list on a small terminal: every chapter can be brought into view from the
keyboard, though none is reached yet (its rows are disabled, so the highlight cannot move:
the keys that would move it scroll instead), and the list never runs past its panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability.test_tiny_terminal import run
from textual.pilot import Pilot

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.paths import bundled_story
from cellseven_game.ui.app import CellsevenApp
from cellseven_game.ui.screens.chapters import ChapterList, ChaptersScreen


@pytest.fixture(autouse=True)
def quiet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CELLSEVEN_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def _chapters_shown(size: tuple[int, int], keys: list[str]) -> dict[str, object]:
    """The bundled story on a fresh profile, its chapter list open, `keys` pressed in turn:
    where the list lies, and how far it is scrolled after each key."""
    seen: dict[str, object] = {}

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChaptersScreen)
        chapters = app.screen.query_one(ChapterList)
        panel = chapters.parent
        assert panel is not None
        seen["fits"] = chapters.region.bottom <= app.screen.region.height - 1  # the footer
        seen["in panel"] = chapters.region.bottom <= panel.region.bottom
        seen["highlighted"] = chapters.highlighted
        seen["most"] = chapters.max_scroll_y
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            seen[key] = chapters.scroll_y
        await pilot.press("escape")
        await pilot.pause()
        seen["closed"] = not isinstance(app.screen, ChaptersScreen)

    run(CellsevenApp(load_story(bundled_story())), size, body)
    return seen


@pytest.mark.parametrize("size", [(60, 20), (56, 16)])
def test_every_chapter_comes_into_view_from_the_keyboard(size: tuple[int, int]) -> None:
    seen = _chapters_shown(size, ["pagedown", "end", "home"])
    assert seen["highlighted"] is None  # nothing reached on a fresh profile
    assert seen["fits"] and seen["in panel"] and seen["closed"], seen
    assert seen["most"] > 0  # type: ignore[operator]
    assert seen["pagedown"] > 0  # type: ignore[operator]
    assert seen["end"] == seen["most"] and seen["home"] == 0


def test_on_80x24_the_whole_list_shows_at_once() -> None:
    seen = _chapters_shown((80, 24), [])
    assert seen["most"] == 0 and seen["fits"] and seen["in panel"]
