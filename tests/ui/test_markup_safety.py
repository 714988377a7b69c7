"""Authors' and players' text is never read as Textual markup, on any screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from textual.pilot import Pilot

from cellseven_game.engine.loader import load_story
from cellseven_game.ui.app import CellsevenApp
from cellseven_game.ui.screens.scene import SceneScreen

Play = Callable[..., None]
TRAP = " [/x] [bold]odd[/] [link=x]"  # unbalanced and unknown tags: a MarkupError if parsed
TEXT_KEYS = {
    "title", "name", "role", "bio", "description", "found", "label", "text", "place",
    "content_note",
}  # fmt: skip


def _trap(node: Any, key: str = "") -> Any:
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "facts" and isinstance(v, dict):
                out[k] = {fk: fv + TRAP for fk, fv in v.items()}
            elif k == "lines" and isinstance(v, list):
                out[k] = [
                    {s: t + TRAP for s, t in line.items()}
                    if isinstance(line, dict)
                    else line + TRAP
                    for line in v
                ]
            else:
                out[k] = _trap(v, k)
        return out
    if isinstance(node, list):
        return [_trap(item, key) for item in node]
    if isinstance(node, str) and key in TEXT_KEYS:
        return node + TRAP
    return node


def test_every_screen_shows_brackets_as_written(pack: Path, tmp_path: Path, play: Play) -> None:
    data = _trap(yaml.safe_load((pack / "story.yaml").read_text(encoding="utf-8")))
    folder = tmp_path / "trap"
    folder.mkdir()
    (folder / "story.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    story = load_story(folder)
    assert story.title.endswith(TRAP)
    seen: list[str] = []

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # the content note, itself trapped
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        for keys in (["r"], ["e"], ["h"], ["c"], ["s"], ["l"], ["question_mark"]):
            await pilot.press(*keys)
            await pilot.pause()
            seen.append(type(app.screen).__name__)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("1")  # into the memory: a reveal, evidence, a met character
        await pilot.pause()
        await pilot.press("1", "r", "escape", "e", "escape")
        await pilot.pause()
        assert "[/x]" in app.screen.query_one("#prose").render().plain  # type: ignore[attr-defined]

    play(CellsevenApp(story), body)
    assert len(set(seen)) >= 6, seen
