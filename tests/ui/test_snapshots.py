"""SVG snapshots of the title, a scene, the roster and the court record.

Update after a deliberate change of look: pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.ui.app import CellsevenApp

SIZE = (100, 32)
Snap = Callable[..., bool]


async def ready(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, CellsevenApp)
    for _ in range(500):  # up to ~10 s on a loaded machine; stops when ready
        if app.story is not None and app.profile is not None:
            break
        await pilot.pause(0.02)
    await pilot.pause()


def at_scene(story: Story, keys: str = "") -> Callable[[Pilot[Any]], Any]:
    """run_before: a new game, then `keys` pressed one by one."""

    async def before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        app = pilot.app
        assert isinstance(app, CellsevenApp)
        app.play(Runtime(story))
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()

    return before


def test_title(snap_compare: Snap, story: Story) -> None:
    assert snap_compare(CellsevenApp(story), terminal_size=SIZE, run_before=ready)


def test_scene(snap_compare: Snap, story: Story) -> None:
    assert snap_compare(CellsevenApp(story), terminal_size=SIZE, run_before=at_scene(story))


def test_memory_scene_small_terminal(snap_compare: Snap, story: Story) -> None:
    before = at_scene(story, "1")
    assert snap_compare(CellsevenApp(story), terminal_size=(60, 20), run_before=before)


def test_roster(snap_compare: Snap, story: Story) -> None:
    before = at_scene(story, "11r")
    assert snap_compare(CellsevenApp(story), terminal_size=SIZE, run_before=before)


def test_court_record(snap_compare: Snap, story: Story) -> None:
    before = at_scene(story, "11e")
    assert snap_compare(CellsevenApp(story), terminal_size=SIZE, run_before=before)
