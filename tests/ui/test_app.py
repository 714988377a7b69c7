"""Pilot tests of every flow of the game screen, on a small two-chapter pack."""

from __future__ import annotations

import asyncio
import json
import sys
import types
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static, Switch

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.errors import StoryError
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist import player_files, profiles, saves
from cellseven_game.engine.play import replay
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.ui.app import CellsevenApp
from cellseven_game.ui.screens.chapters import ChaptersScreen
from cellseven_game.ui.screens.confirm import ConfirmScreen
from cellseven_game.ui.screens.content_note import ContentNoteScreen
from cellseven_game.ui.screens.help import HelpScreen
from cellseven_game.ui.screens.history import HistoryScreen
from cellseven_game.ui.screens.load import LoadScreen
from cellseven_game.ui.screens.record import RecordScreen
from cellseven_game.ui.screens.roster import RosterScreen
from cellseven_game.ui.screens.save import SaveScreen
from cellseven_game.ui.screens.scene import SceneScreen
from cellseven_game.ui.screens.settings import SettingsScreen
from cellseven_game.ui.screens.title import TitleScreen
from cellseven_game.ui.widgets.header import SceneHeader
from cellseven_game.ui.widgets.menu import Menu
from cellseven_game.ui.widgets.prose import Prose

Play = Callable[..., None]


def scene_of(app: CellsevenApp) -> SceneScreen:
    assert isinstance(app.screen, SceneScreen), f"expected the scene screen, got {app.screen}"
    return app.screen


def prose(app: CellsevenApp) -> str:
    return scene_of(app).query_one(Prose).shown_text


def choices(app: CellsevenApp) -> list[tuple[str, bool]]:
    options = scene_of(app).query_one("#choices", OptionList).options
    return [(str(o.prompt), not o.disabled) for o in options]


def panel_text(app: CellsevenApp) -> str:
    return str(app.screen.query_one(".panel-text", Static).render())


async def new_game(pilot: Pilot[int]) -> None:
    """From the title: n, then Enter past the content note."""
    await pilot.press("n")
    await pilot.pause()
    if isinstance(pilot.app.screen, ContentNoteScreen):
        await pilot.press("enter")
        await pilot.pause()


def test_title_new_game_and_content_note_once(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        assert isinstance(app.screen, TitleScreen)
        title = app.screen.query_one("#story-title", Static)
        assert "The Paper Crane" in str(title.render())
        menu = [item.label for item in app.screen.query_one(Menu).items]
        assert menu[0] == "New game", "no Continue before any save"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "court_open"
        assert app.profile is not None and app.profile.content_note_seen
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("n")  # a second new game asks before it replaces the autosave,
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)  # and the note is not shown again

    play(CellsevenApp(story), body)
    profile, note = profiles.load_profile(story)
    assert profile.content_note_seen and note is None


@pytest.mark.parametrize("key", ["escape", "n", "q", "enter"])
def test_a_new_game_asks_before_it_replaces_the_autosave(
    story: Story, play: Play, key: str
) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("1")  # into the garden; the autosave holds it
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        before = saves.latest(story)[0]
        assert before is not None and before.chapter == "garden"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "The Garden" in panel_text(app)
        await pilot.press(key)  # every way of saying no, Enter on the default included
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        after = saves.latest(story)[0]
        assert after is not None and (after.chapter, after.scene) == ("garden", before.scene)

    play(CellsevenApp(story), body)


@pytest.mark.parametrize("key", ["escape", "q"])
def test_escape_on_the_content_note_goes_back_without_starting(
    story: Story, play: Play, key: str
) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen), "stepping back from the warning started it"
        assert app.profile is not None and not app.profile.content_note_seen
        assert saves.latest(story)[0] is None  # no game began, so nothing was autosaved
        await pilot.press("n")  # the note is shown again: it was never accepted
        await pilot.pause()
        assert isinstance(app.screen, ContentNoteScreen)

    play(CellsevenApp(story), body)


def test_the_title_shows_its_keys_on_first_launch(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        assert isinstance(app.screen, TitleScreen)
        footer = app.screen.query_one(Footer)
        keys = {b.binding.key for b in footer.screen.active_bindings.values() if b.binding.show}
        assert {"n", "l", "c", "question_mark", "q"} <= keys
        assert footer.region.height == 1 and footer.region.y == 31  # on screen, at the bottom
        shown = [str(k.description) for k in footer.query("FooterKey")]
        assert {"New game", "Load", "Chapters", "Help", "Quit"} <= set(shown), shown

    play(CellsevenApp(story), body)


@pytest.mark.parametrize("keys", [("up",), ("escape", "up"), ("up", "up", "up")])
def test_up_on_the_title_never_reaches_quit_by_wrapping(
    story: Story, play: Play, keys: tuple[str, ...]
) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press(*keys)
        await pilot.pause()
        menu = app.screen.query_one(Menu)
        assert menu.items[menu.index].id != "quit"
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and app.return_value is None

    play(CellsevenApp(story), body)


def test_scene_shows_header_prose_dialogue_and_disabled_choice(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        screen = scene_of(app)
        header = str(screen.query_one(SceneHeader).render())
        assert "The Hearing" in header and "2013" in header and "A small courtroom" in header
        text = prose(app)
        assert "The court is quiet." in text  # Markdown: ** removed, bold kept as style
        assert "[do not touch]" in text  # brackets are text, never markup
        assert "Hana: I remember the garden." in text
        assert choices(app) == [
            ("1. Remember the garden", True),
            ("2. Stay silent", True),
            ("3. Show the crane  (closed)", False),
        ]
        assert screen.has_class("-frame") and not screen.has_class("-memory")
        await pilot.press("3")  # disabled: nothing happens
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "court_open"

    play(CellsevenApp(story), body)


def test_choose_moves_to_a_memory(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("1")
        await pilot.pause()
        screen = scene_of(app)
        assert screen.runtime.state.scene == "garden_gate"
        assert screen.has_class("-memory")
        assert "1997" in str(screen.query_one(SceneHeader).render())
        assert "Toma: Mind the roses." in prose(app)
        await pilot.press("enter")  # Enter confirms the highlighted (first) choice
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "garden_bench"
        assert choices(app) == [("1. Continue", True)]

    play(CellsevenApp(story), body)


def test_mouse_click_chooses(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.click("#choices", offset=(4, 1))  # the second option's row
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "court_silent"

    play(CellsevenApp(story), body)


def test_undo_is_repeatable(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("2", "1")
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "garden_gate"
        await pilot.press("u")
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "court_silent"
        await pilot.press("u")
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "court_open"
        assert "The court is quiet." in prose(app)
        await pilot.press("u")  # nothing left to undo: stays, says so
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "court_open"

    play(CellsevenApp(story), body)


def test_roster_shows_only_people_met_and_facts_revealed(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        text = panel_text(app)
        assert "Hana" in text and "Hana folds paper cranes." in text
        assert "Toma" not in text, "unmet characters are never shown"
        assert "The clerk" not in text, "walk-on parts stay out of the roster"
        assert "thousand cranes" not in text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1", "1")  # the garden, then look under the bench
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        text = panel_text(app)
        assert "Toma, a gardener" in text
        assert "She has folded a thousand cranes." in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)

    play(CellsevenApp(story), body)


def test_court_record_lists_evidence_and_testimony(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RecordScreen)
        assert panel_text(app).count("nothing yet") == 2
        await pilot.press("escape", "1", "1", "e")
        await pilot.pause()
        text = panel_text(app)
        assert "A paper crane" in text and "Folded from a page of a law book." in text
        assert "found: Under the bench." in text
        assert text.index("Testimony") < text.index("Toma's account")

    play(CellsevenApp(story), body)


def test_history_holds_everything_read_and_chosen(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("2", "1", "h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        text = panel_text(app)
        for expected in ("The court is quiet.", "› Stay silent", "Nobody speaks.", "The gate"):
            assert expected in text
        assert text.index("Nobody speaks.") < text.index("The gate is open.")

    play(CellsevenApp(story), body)


def test_save_to_a_slot_and_load_it(story: Story, play: Play, quiet_env: Path) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("2", "s")
        await pilot.pause()
        assert isinstance(app.screen, SaveScreen)
        field = app.screen.query_one(Input)
        field.value = "before the garden"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert (saves.saves_dir(story) / "before-the-garden.json").is_file()
        await pilot.press("1", "1")
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "garden_bench"
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        listing = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert any(item.startswith("before the garden") for item in listing)
        assert any(item.startswith("autosave") for item in listing)
        index = next(i for i, s in enumerate(listing) if s.startswith("before the garden"))
        app.screen.query_one(OptionList).highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "court_silent"

    play(CellsevenApp(story), body)


def test_autosave_and_continue_from_the_title(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("1", "1")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        menu = app.screen.query_one(Menu)
        first = menu.items[0]
        assert first.id == "continue" and "The Garden" in first.label
        assert menu.index == 0
        await pilot.press("enter")
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "garden_bench"
        assert "crane" in scene_of(app).runtime.state.evidence

    play(CellsevenApp(story), body)


def test_damaged_autosave_is_moved_aside_and_reported(
    story: Story, play: Play, quiet_env: Path
) -> None:
    folder = saves.saves_dir(story)
    folder.mkdir(parents=True)
    (folder / "autosave.json").write_text("{ not json", encoding="utf-8")

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        assert isinstance(app.screen, TitleScreen)
        assert app.screen.query_one(Menu).items[0].id == "new"
        messages = [n.message for n in app._notifications]
        assert any("autosave.json" in m and "moved aside" in m for m in messages)

    play(CellsevenApp(story), body)
    assert (folder / "autosave.json.damaged").read_text(encoding="utf-8") == "{ not json"
    assert not (folder / "autosave.json").exists()


def test_chapters_unlock_as_reached_and_open(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChaptersScreen)
        options = app.screen.query_one(OptionList).options
        assert [(o.id, o.disabled) for o in options] == [("court", False), ("garden", True)]
        assert "The Garden" in str(options[1].prompt) and "1997" in str(options[1].prompt)
        await pilot.press("escape", "1", "c")  # reach the garden: it unlocks
        await pilot.pause()
        chapters = app.screen.query_one(OptionList)
        assert not chapters.options[1].disabled
        chapters.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        runtime = scene_of(app).runtime
        assert runtime.state.chapter == "garden" and runtime.state.scene == "garden_gate"

    play(CellsevenApp(story), body)
    assert profiles.load_profile(story)[0].unlocked == ["court", "garden"]


def test_replayed_chapter_ends_with_a_choice(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.pause()
        runtime = scene_of(app).runtime
        assert runtime.state.chapter == "court"
        await pilot.press("1")
        await pilot.pause()
        assert scene_of(app).runtime.state.status == "chapter_end"
        assert "End of the chapter “The Hearing”." in prose(app)
        assert [label for label, _ in choices(app)] == [
            "1. Continue the story",
            "2. Back to the chapters",
        ]
        await pilot.press("1")
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "garden_gate"

    app = CellsevenApp(story, chapter="court")
    app_profile_note_seen(story)
    play(app, body)


def app_profile_note_seen(story: Story) -> None:
    """Mark the story's content note as seen before the app starts (as after a first game)."""
    profile = profiles.Profile(content_note_seen=True, story=player_files.story_key(story))
    profiles.save_profile(profile)


def test_the_end_offers_the_title(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("1", "2")
        await pilot.pause()
        assert "The end." in prose(app)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)

    play(CellsevenApp(story), body)


async def palette_open(pilot: Pilot[int], query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause(0.3)


@pytest.mark.parametrize("query", ["garden", "the garden", "2", "chapter 2"])
def test_command_palette_never_opens_an_unreached_chapter(
    story: Story, play: Play, query: str
) -> None:
    app_profile_note_seen(story)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await palette_open(pilot, query)
        # Nothing was opened: a fresh player is still on the title, spoiler-free.
        assert not isinstance(app.screen, SceneScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)

    play(CellsevenApp(story), body)


def test_command_palette_opens_a_reached_chapter_by_name(story: Story, play: Play) -> None:
    app_profile_note_seen(story)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        assert app.profile is not None
        app.profile.unlock("garden")  # as after playing into it
        await palette_open(pilot, "garden")
        runtime = scene_of(app).runtime
        assert runtime.state.chapter == "garden"

    play(CellsevenApp(story), body)


def test_help_lists_the_keys(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = panel_text(app)
        for key in ("1–9", "Enter", "roster", "court record", "history", "undo", "Escape"):
            assert key in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)

    play(CellsevenApp(story), body)


@pytest.mark.parametrize("size", [(60, 20), (160, 50)])
def test_layout_survives_resizing(story: Story, play: Play, size: tuple[int, int]) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        for width, height in (size, (100, 32), size):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            screen = scene_of(app)
            for selector in ("#scene-header", "#page", "#choices"):
                region = screen.query_one(selector).region
                assert region.height > 0 and region.right <= width and region.bottom <= height
            assert screen.query_one("#choices", OptionList).region.height >= 3
        await pilot.press("1")
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "garden_gate"

    play(CellsevenApp(story), body, size=(100, 32))


def test_typewriter_completes_on_any_key(
    story: Story, play: Play, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CELLSEVEN_TEXT_SPEED", "20")
    # The typewriter really ticks, but only three frames: on a loaded machine the key must
    # still find it typing, whatever the wall clock did (waiting on ticks, not on time).
    ticks = 0
    real_tick = Prose._tick

    def three_ticks(self: Prose) -> None:
        nonlocal ticks
        if ticks < 3:
            ticks += 1
            real_tick(self)

    monkeypatch.setattr(Prose, "_tick", three_ticks)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        widget = scene_of(app).query_one(Prose)
        for _ in range(2000):  # a hang guard only: each pause is a frame or more
            if ticks == 3:
                break
            await pilot.pause(0.01)
        assert widget.typing and 0 < len(widget.shown_text) <= 3  # one character a frame
        await pilot.press("1")  # completes the text; does not choose
        await pilot.pause()
        assert not widget.typing and "I remember the garden." in widget.shown_text
        assert scene_of(app).runtime.state.scene == "court_open"
        await pilot.press("1")
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "garden_gate"

    play(CellsevenApp(story), body)


def test_settings_high_contrast_and_text_speed_are_saved(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        app.show_settings()
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one(Switch).value = True
        app.screen.query_one("#text-speed").value = "off"  # type: ignore[attr-defined]
        await pilot.pause()
        assert app.has_class("-high-contrast")
        assert not app.name_colors

    play(CellsevenApp(story), body)
    settings = profiles.load_profile(story)[0].settings
    assert settings.high_contrast and settings.text_speed == "off"


def test_no_color_turns_names_plain(
    story: Story, play: Play, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        assert app.no_color and not app.name_colors

    play(CellsevenApp(story), body)


def test_trial_scene_pushes_the_trial_screen_when_it_exists(
    story: Story, play: Play, monkeypatch: pytest.MonkeyPatch
) -> None:
    pushed: list[Runtime] = []

    class TrialScreen(Screen[None]):
        def __init__(self, runtime: Runtime) -> None:
            super().__init__()
            pushed.append(runtime)

        def on_mount(self) -> None:
            self.dismiss(None)

    module: Any = types.ModuleType("cellseven_game.ui.screens.trial")
    module.TrialScreen = TrialScreen
    monkeypatch.setitem(sys.modules, "cellseven_game.ui.screens.trial", module)
    story.scenes["court_silent"] = replace(story.scenes["court_silent"], trial="mock")

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        assert len(pushed) == 1 and pushed[0].state.scene == "court_silent"
        assert isinstance(app.screen, SceneScreen), "dismissing the trial returns to the scene"

    play(CellsevenApp(story), body)


def test_story_loads_after_the_title_and_errors_exit_1(tmp_path: Path, play: Play) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "story.yaml").write_text("story:\n  title: Broken\n", encoding="utf-8")

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.pause(0.3)

    app = CellsevenApp(story_dir=bad)
    play(app, body)
    assert isinstance(app.load_error, StoryError)
    assert app.return_value == 1


def test_story_from_a_folder_loads_in_the_background(pack: Path, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        assert app.story is not None and app.story.title == "The Paper Crane"
        title = app.screen.query_one("#story-title", Static)
        assert "The Paper Crane" in str(title.render())

    play(CellsevenApp(story_dir=pack), body)


def test_the_first_frame_names_the_story_before_it_loads(pack: Path) -> None:
    """The title is drawn before the pack loads; its title is read from story.yaml alone."""
    (pack / "story.yaml").write_text(
        (pack / "story.yaml")
        .read_text(encoding="utf-8")
        .replace("title: The Paper Crane", "title: 'The [Paper] Crane: it''s folded'  # a note"),
        encoding="utf-8",
    )

    class NeverLoads(CellsevenApp):
        def begin_loading(self) -> None:  # the moment of the first frame, held still
            pass

    async def go() -> None:
        app = NeverLoads(story_dir=pack)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert app.story is None
            title = app.screen.query_one("#story-title", Static)
            assert str(title.render()) == "The [Paper] Crane: it's folded"
            menu = [item.label for item in app.screen.query_one(Menu).items]
            assert menu[0] == "New game"

    asyncio.run(go())


def test_title_menu_by_arrows_and_mouse(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("down", "down", "up")
        await pilot.pause()
        menu = app.screen.query_one(Menu)
        assert menu.items[menu.index].id == "load"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click(Menu, offset=(3, 2))  # the third row: Chapters
        await pilot.pause()
        assert isinstance(app.screen, ChaptersScreen)

    play(CellsevenApp(story), body)


def test_quit_from_the_title(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("q")
        await pilot.pause()
        assert app.return_value == 0 and not app.is_running

    play(CellsevenApp(story), body)


def test_saved_files_are_versioned_json(story: Story, play: Play, quiet_env: Path) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("1")
        await pilot.pause()

    play(CellsevenApp(story), body)
    data = json.loads((saves.saves_dir(story) / "autosave.json").read_text(encoding="utf-8"))
    assert data["format"] == "cellseven-save" and data["version"] == 1
    assert data["chapter"] == "garden" and data["scene"] == "garden_gate"
    assert data["story_title"] == "The Paper Crane" and data["state"]["scene"] == "garden_gate"


def test_history_opens_at_the_newest_text_every_time(story: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("1")  # into the garden: more text than the panel holds
        await pilot.pause()
        for _ in range(2):
            await pilot.press("h")
            await pilot.pause(0.3)
            assert isinstance(app.screen, HistoryScreen)
            scroll = app.screen.query_one(VerticalScroll)
            assert scroll.max_scroll_y > 0, "the test needs text taller than the panel"
            assert scroll.scroll_y == scroll.max_scroll_y
            scroll.scroll_home(animate=False)  # read back, then close
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()

    play(CellsevenApp(story), body, size=(60, 14))


# -- skip read text and auto-advance -------------------------------------------------------


def test_skip_passes_read_pages_and_stops_at_unread_text_and_choices(
    story: Story, play: Play
) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        assert app.profile is not None
        app.profile.settings.skip_read = True
        await new_game(pilot)
        await pilot.press("2")  # "Stay silent": a page with only Continue, never read before
        await pilot.pause(0.4)
        assert scene_of(app).runtime.state.scene == "court_silent", "skipped unread text"
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("y")  # replace the autosave
        await pilot.pause()
        assert scene_of(app).runtime.state.scene == "court_open"  # a choice: never skipped
        await pilot.press("2")
        await pilot.pause(0.4)
        # The read page went by; the next one holds choices, so skipping stops there.
        assert scene_of(app).runtime.state.scene == "garden_gate"

    play(CellsevenApp(story), body)
    profile, _ = profiles.load_profile(story)
    assert {"court_open", "court_silent", "garden_gate"} <= profile.read
    assert profile.settings.skip_read


def test_auto_advance_turns_a_lone_continue_and_any_key_takes_over(
    story: Story, play: Play, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cellseven_game.ui.screens import scene as scene_module

    monkeypatch.setattr(scene_module, "READ_PAUSE", 0.3)
    monkeypatch.setattr(scene_module, "WORDS_PER_SECOND", 1e9)

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        assert app.profile is not None
        app.profile.settings.auto_advance = True
        await new_game(pilot)
        await pilot.pause(0.6)
        assert scene_of(app).runtime.state.scene == "court_open"  # a choice waits for you
        await pilot.press("2")
        await pilot.pause(0.8)
        assert scene_of(app).runtime.state.scene == "garden_gate"  # went on by itself
        monkeypatch.setattr(scene_module, "READ_PAUSE", 1.5)  # time to take over, even loaded
        await pilot.press("u")  # back to court_silent's Continue, then take over with a key
        await pilot.press("r")  # the roster: reading something else stops the clock
        await pilot.pause(2.0)
        await pilot.press("escape")
        await pilot.pause(0.5)
        assert scene_of(app).runtime.state.scene == "court_silent"

    play(CellsevenApp(story), body)


def test_settings_open_in_a_game_with_o_and_name_themes_for_people(
    story: Story, play: Play
) -> None:
    from textual.widgets import Select

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        themes = app.screen.query_one("#theme", Select)
        labels = [str(label) for label, _ in themes._options]
        assert "Textual dark" in labels and not any("-" in label for label in labels)
        app.screen.query_one("#skip-read", Switch).value = True
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)

    play(CellsevenApp(story), body)
    assert profiles.load_profile(story)[0].settings.skip_read


@pytest.mark.parametrize(
    "title", ["The Garden", "The Balloon on the Wire", "A very long chapter title " * 4, "[b]x"]
)
def test_the_continue_label_fits_one_line_of_the_narrowest_title(title: str) -> None:
    from cellseven_game.ui.screens.title import CONTINUE_WIDTH, continue_label

    label = continue_label(title, 1_764_645_000.0)
    assert len(label) <= CONTINUE_WIDTH and "\n" not in label
    assert label.startswith("Continue · ") and label[-5:-3].isdigit()  # ends in HH:MM
    short = " ".join(title.split())
    assert short in label or "…" in label


def test_the_roster_says_what_a_bond_means(story: Story) -> None:
    from cellseven_game.ui.screens.roster import bond_line

    line = bond_line(6)
    assert "6" in line and "bond:" not in line and "grows" in line


def test_each_new_game_draws_its_own_seed_and_a_save_keeps_it(
    story: Story, play: Play, quiet_env: Path
) -> None:
    seeds: list[int] = []

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await new_game(pilot)
        seeds.append(scene_of(app).runtime.state.seed)

    play(CellsevenApp(story), body)
    for info in saves.list_saves(story)[0]:  # the next game starts afresh, not "continue?"
        info.path.unlink()
    play(CellsevenApp(story), body)
    assert len(seeds) == 2 and seeds[0] != seeds[1], seeds  # 2**62 draws: a tie is no chance
    runtime = Runtime(story, seed=seeds[1])
    runtime.choose(2)
    saves.save(runtime, "seeded", new=True)
    info = next(i for i in saves.list_saves(story)[0] if i.label == "seeded")
    resumed = saves.resume(story, info).runtime
    assert resumed.state.seed == seeds[1]
    resumed.choose(1)
    assert replay.undo(resumed) == 1
    assert resumed.state.seed == seeds[1]


def test_keys_pressed_while_the_story_loads_open_one_game(pack: Path) -> None:
    """A player who presses New game twice before the pack has loaded gets one game, drawn.

    Found in tmux on a loaded machine: the second queued new game found the first's scene
    screen pushed but not yet composed, and drawing it crashed (no scene header yet).
    """
    story_yaml = pack / "story.yaml"
    text = story_yaml.read_text(encoding="utf-8")
    story_yaml.write_text(
        "\n".join(line for line in text.splitlines() if "content_note:" not in line),
        encoding="utf-8",
    )

    class HeldLoad(CellsevenApp):
        def begin_loading(self) -> None:  # the pack "loads" when the test says so
            pass

    async def go() -> None:
        app = HeldLoad(story_dir=pack)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            await pilot.press("n", "n")
            assert app.story is None, "the keys were pressed before the story loaded"
            story = load_story(pack)
            app._story_loaded(story, *app._read_profile(story))
            await pilot.pause()
            await pilot.pause()
            scenes = [s for s in app.screen_stack if isinstance(s, SceneScreen)]
            assert len(scenes) == 1, "one game, not one per key pressed"
            assert app.screen is scenes[0]
            header = app.screen.query_one(SceneHeader)
            assert "The Hearing" in str(header.render())

    asyncio.run(go())
