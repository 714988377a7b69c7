"""The Textual game: a thin layer over the engine.

Startup is kept short: this module imports only what the title screen needs. The story,
the profile and every other screen load in a worker thread after the first frame is drawn.
The app is made of parts with one job each: app_base.py (shared state and the screen
stack), save_actions.py (continue, load, save, autosave), dev_mode.py (play --dev); this
module adds start-up, settings, the game's flows and the crash handling.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from cellseven_game.engine.core.failures import CellsevenError, SaveError
from cellseven_game.ui.dev_mode import DevMode
from cellseven_game.ui.save_actions import SaveActions
from cellseven_game.ui.screens.title import TitleScreen

if TYPE_CHECKING:
    from textual.command import Provider

    from cellseven_game.engine.core.model import Story
    from cellseven_game.engine.persist.profiles import Profile

# imports inside functions: start-up — the title screen draws before the story, the
# profile and the other screens are imported.


def _chapter_commands() -> type[Provider]:
    from cellseven_game.ui.commands import ChapterCommands

    return ChapterCommands


def _import_play_screens() -> None:
    import cellseven_game.ui.screens.scene  # noqa: F401


class CellsevenApp(SaveActions, DevMode):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "cellseven"
    COMMANDS: ClassVar = App.COMMANDS | {_chapter_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    # -- startup -------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        # The title is the app's base screen: one screen to build before the first frame.
        return TitleScreen()

    def begin_loading(self) -> None:
        """Called by the title screen once it has been drawn."""
        if self.story is not None:
            self._story_loaded(self.story, *self._read_profile(self.story))
        elif self.load_error is None:
            self.run_worker(self._load, thread=True, exit_on_error=False, name="load story")

    def _load(self) -> None:
        from cellseven_game.engine.compile.loader import load_story

        try:
            story = load_story(self.pack_root(), use_cache=not self.dev)
            profile, note = self._read_profile(story)
        except CellsevenError as exc:
            self.call_from_thread(self._failed, exc)
            return
        except Exception as exc:  # a bug: never a dead title screen; say it and exit
            self.call_from_thread(self._handle_exception, exc)
            return
        self.call_from_thread(self._story_loaded, story, profile, note)

    @staticmethod
    def _read_profile(story: Story) -> tuple[Profile, str | None]:
        from cellseven_game.engine.persist.profiles import load_profile

        return load_profile(story)

    def _failed(self, error: Exception) -> None:
        self.load_error = error
        self.exit(1)

    def _story_loaded(self, story: Story, profile: Profile, note: str | None) -> None:
        self.story = story
        self.profile = profile
        self.apply_settings()
        if note:
            self.notify(note, title="Profile", severity="warning", timeout=10)
        if isinstance(self.screen, TitleScreen):
            self.screen.story_ready()
        if self.start_chapter is not None:
            self.open_chapter(self.start_chapter)
        elif self.dev:
            self.new_game()
        if self.dev:
            self._dev_watch()
        pending, self._pending = self._pending, None
        if pending is not None:
            pending()
        # Once the complete title is on screen, import the play screens, so that the first
        # scene opens without a pause.
        self.call_after_refresh(
            self.run_worker, _import_play_screens, thread=True, name="import play screens"
        )

    # -- settings ------------------------------------------------------------------------

    @property
    def name_colors(self) -> bool:
        """Characters' own colours, unless high contrast or NO_COLOR asks otherwise."""
        high = self.profile is not None and self.profile.settings.high_contrast
        return not (high or self.no_color)

    def text_speed(self) -> int:
        from cellseven_game.engine.persist.profiles import text_speed

        return text_speed(self.profile) if self.profile is not None else 0

    def apply_settings(self) -> None:
        if self.profile is None:
            return
        settings = self.profile.settings
        if settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme
        self.set_class(settings.high_contrast, "-high-contrast")

    def save_profile_soon(self) -> None:
        """Write the profile after this frame (marking a scene read must not slow a step)."""
        self.call_after_refresh(self.save_profile)

    def save_profile(self) -> None:
        from cellseven_game.engine.persist.profiles import save_profile

        if self.profile is None:
            return
        try:
            save_profile(self.profile)
        except SaveError as exc:
            self.warn_once(exc.message, "Profile not saved")

    # -- flows ---------------------------------------------------------------------------

    def new_game(self) -> None:
        self.when_ready(self._new_game)

    def _new_game(self) -> None:
        from cellseven_game.engine.core.template import fresh_seed  # start-up: loaded on play
        from cellseven_game.engine.persist.saves import list_saves
        from cellseven_game.engine.play.runtime import Runtime
        from cellseven_game.ui.screens.confirm import ConfirmScreen

        def begin(yes: bool | None = True) -> None:
            if yes:
                game = Runtime(self._story(), seed=fresh_seed())  # shuffles differ per game
                self.with_content_note(lambda: self.play(game))

        found, notes = list_saves(self._story())
        self.report(notes)
        autosave = next((info for info in found if info.is_autosave), None)
        if autosave is None or self.dev:
            begin()
            return
        chapter = self._story().chapters.get(autosave.chapter)
        where = chapter.title if chapter is not None else autosave.chapter
        question = (
            f"Your game in progress ({where}, {autosave.when}) is kept in the autosave. "
            "A new game saves itself there too and replaces it. Named saves are kept."
        )
        self.push_screen(
            ConfirmScreen("New game", question, "Start a new game", "Keep my game"), begin
        )

    def with_content_note(self, then: Callable[[], None]) -> None:
        """Show the story's content note first, once per player."""
        from cellseven_game.ui.screens.content_note import ContentNoteScreen

        story, profile = self._story(), self.profile
        if profile is None or profile.content_note_seen or not story.content_note.strip():
            then()
            return

        def seen(begin: bool | None = True) -> None:
            if not begin:  # Escape: the player stepped back; the note shows again next time
                return
            assert self.profile is not None
            self.profile.content_note_seen = True
            self.save_profile()
            then()

        self.push_screen(ContentNoteScreen(story.content_note), seen)

    def story_failed(self, error: Exception) -> None:
        """A story error found during play: say so, and go back to the title (a safe place)."""

        message = str(error) if isinstance(error, CellsevenError) else repr(error)
        self.notify(message, title="The story stopped", severity="error", timeout=15)
        self.back_to_title()

    def reached(self, chapter: str) -> None:
        """The player reached `chapter`: unlock it in the profile."""
        if self.profile is not None and self.profile.unlock(chapter):
            self.save_profile()

    def open_chapter(self, chapter: str) -> None:
        self.when_ready(lambda: self._open_chapter(chapter))

    def _open_chapter(self, chapter: str) -> None:
        from cellseven_game.engine.core.template import fresh_seed  # start-up: loaded on play
        from cellseven_game.engine.play.runtime import Runtime

        replay = Runtime.at_chapter(self._story(), chapter, fresh_seed())
        self.with_content_note(lambda: self.play(replay))

    def show_chapters(self) -> None:
        from cellseven_game.ui.screens.chapters import ChaptersScreen

        self.when_ready(lambda: self._push(ChaptersScreen()))

    def show_settings(self) -> None:
        from cellseven_game.ui.screens.settings import SettingsScreen

        self.when_ready(lambda: self._push(SettingsScreen()))

    def show_help(self) -> None:
        from cellseven_game.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def show_load(self) -> None:
        from cellseven_game.ui.screens.load import LoadScreen

        self.when_ready(lambda: self._push(LoadScreen()))

    def _push(self, screen: Screen[Any]) -> None:
        self.push_screen(screen)

    # -- a crash: one line on the terminal, the details in a file, exit 1 ----------------

    def _handle_exception(self, error: Exception) -> None:
        # Textual's hook for an unhandled exception; the autosave is already on disk.
        from cellseven_game.ui.crash import write_crash_log

        self.crash_log = write_crash_log(error)
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        # Replaces Textual's traceback on the terminal with one line (the log has it).
        from cellseven_game.ui.crash import crash_message

        self.bell()
        self._exit_renderables.append(crash_message(self.crash_log))
        self._close_messages_no_wait()


def run_app(
    story: Story | Path | None = None, chapter: str | None = None, dev_dir: Path | None = None
) -> int:
    """Run the game; `story` is a loaded Story, or a pack folder to load after the first frame.

    With `dev_dir`, the game watches that pack and reloads it as it is saved (play --dev)."""
    if isinstance(story, Path) or story is None:
        app = CellsevenApp(story_dir=story or dev_dir, chapter=chapter, dev=dev_dir is not None)
    else:
        app = CellsevenApp(story, story_dir=dev_dir, chapter=chapter, dev=dev_dir is not None)
    code = app.run()
    if app.load_error is not None:
        raise app.load_error
    return app.return_code or code or 0
