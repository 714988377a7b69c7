"""Authors' and players' text is never read as Textual markup, on any screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from textual.pilot import Pilot

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.ui.app import CellsevenApp
from cellseven_game.ui.screens.scene import SceneScreen

Play = Callable[..., None]
TRAP = " [/x] [bold]odd[/] [link=x]"  # unbalanced and unknown tags: a MarkupError if parsed
TEXT_KEYS = {
    "title", "name", "role", "bio", "description", "found", "label", "text", "place",
    "content_note", "period",
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


def _trapped_scaffold(folder: Path) -> Path:
    """`cellseven new`'s pack (it has a trial) with [/x] in a witness's name, a period and
    a chapter title: each crashed a screen when read as markup."""
    from cellseven_game.scaffold import create

    create(folder)
    for rel, old, new in (
        ("characters.yaml", "name: Mr. Gu", 'name: "Mr. Gu [/x]"'),
        ("chapters/hearing.yaml", 'period: "1962"', 'period: "1962 [/x] [b]"'),
        ("chapters/hearing.yaml", "title: The Hearing", 'title: "The Hearing [/x] [link=x]"'),
    ):
        path = folder / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_witness_name_period_and_chapter_title_in_the_trial_and_palette(
    tmp_path: Path, play: Play
) -> None:
    from textual.command import CommandPalette

    from cellseven_game.ui.screens.trial import CourtRules, TrialScreen

    story = load_story(_trapped_scaffold(tmp_path / "pack"))

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.pause()
        await pilot.press("enter")  # the content note
        await pilot.pause()
        if isinstance(app.screen, CourtRules):  # the rules of the court open a fresh trial
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, TrialScreen), app.screen
        statements = app.screen.query_one("#trial-statements")
        assert "Mr. Gu [/x]" in str(statements.border_title or "").replace("\\[", "[")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"hear")  # a search: each hit highlighted, never read as markup
        await pilot.pause(0.5)
        await pilot.press("escape")
        await pilot.pause()

    play(CellsevenApp(story, chapter="hearing"), body)


def test_the_story_has_changed_notice_shows_a_title_as_written(tmp_path: Path, play: Play) -> None:
    from cellseven_game.engine.persist import saves
    from cellseven_game.engine.play.runtime import Runtime

    folder = _trapped_scaffold(tmp_path / "pack")
    story = load_story(folder)
    runtime = Runtime.at_chapter(story, "hearing")
    saves.save(runtime, "at the hearing", now=1.0)
    for rel in ("chapters/hearing.yaml", "chapters/storm.yaml"):  # the scene saved at, renamed
        path = folder / rel
        text = path.read_text(encoding="utf-8").replace("hearing_open", "hearing_start")
        path.write_text(text, encoding="utf-8")
    changed = load_story(folder)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        app.load_slot("at the hearing")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("The Hearing [/x] [link=x]" in note for note in notes), notes

    play(CellsevenApp(changed), body)


def test_a_typed_save_name_of_markup_saves_and_says_so(pack: Path, play: Play) -> None:
    from textual.widgets import Input

    from cellseven_game.engine.persist import saves

    story = load_story(pack)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one(Input).value = "[/x] [b]mine[/b"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert any("[/x] [b]mine[/b" in n.message for n in app._notifications)

    play(CellsevenApp(story), body)
    assert [i.slot for i in saves.list_saves(story)[0] if not i.is_autosave] == ["[/x] [b]mine[/b"]
