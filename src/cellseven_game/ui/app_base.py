"""What every part of the game app shares: its state and the screen stack.

`CellsevenApp` (app.py) is made of parts with one job each, all built on this base: the
save actions (save_actions.py) and dev mode (dev_mode.py). Here are the state they share
(the story, the profile, the pack folder), plain-text notifications, and the moves every
part makes on the screen stack (show a game, close overlays, go back to the title).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.screen import ModalScreen

from cellseven_game.ui.screens.title import TitleScreen
from cellseven_game.ui.text import plain

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from cellseven_game.engine.core.model import Story
    from cellseven_game.engine.persist.player_files import FileNote
    from cellseven_game.engine.persist.profiles import Profile
    from cellseven_game.engine.play.runtime import Runtime
    from cellseven_game.ui.screens.scene import SceneScreen

# imports inside functions: start-up — the title screen draws before the story, the
# profile and the other screens are imported.


class AppBase(App[int]):
    """The game app's shared state and screen-stack moves (see CellsevenApp)."""

    def __init__(
        self,
        story: Story | None = None,
        *,
        story_dir: Path | None = None,
        chapter: str | None = None,
        dev: bool = False,
    ) -> None:
        super().__init__()
        self.story: Story | None = story
        self.story_dir = story_dir
        self.start_chapter = chapter
        self.dev = dev  # play --dev: watch the pack, reload on save, jump to scenes
        self._dev_seen: dict[str, tuple[int, int]] = {}
        self._dev_checks = 0  # numbers the reloads, so a slow one never undoes a newer one
        self.profile: Profile | None = None
        self.load_error: Exception | None = None
        self.crash_log: Path | None = None
        self._pending: Callable[[], None] | None = None  # asked for while the story loads
        self._said: set[str] = set()  # file warnings already shown (each once a session)

    def when_ready(self, action: Callable[[], None]) -> None:
        """Run `action` now, or as soon as the story has loaded.

        Keys pressed while the story loads ask for one thing: the last asked wins, so New game
        pressed twice opens one game, not two screens racing to be drawn.
        """
        if self.story is not None and self.profile is not None:
            action()
        else:
            self._pending = action

    def scene_screen(self) -> SceneScreen | None:
        from cellseven_game.ui.screens.scene import SceneScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, SceneScreen):
                return screen
        return None

    def close_overlays(self) -> None:
        while isinstance(self.screen, ModalScreen):
            self.pop_screen()

    def play(self, runtime: Runtime) -> None:
        """Show `runtime` on the scene screen (reusing it when it is open)."""
        from cellseven_game.ui.screens.scene import SceneScreen

        self.close_overlays()
        scene = self.scene_screen()
        if scene is None:
            self.push_screen(SceneScreen(runtime))
        else:
            while self.screen is not scene:
                self.pop_screen()
            scene.set_runtime(runtime)

    def back_to_title(self) -> None:
        while not isinstance(self.screen, TitleScreen):
            self.pop_screen()
        self.screen.refresh_menu()

    def report(self, notes: list[FileNote]) -> None:
        for note in notes:
            if note.moved:
                self.notify(
                    str(note), title="Damaged save moved aside", severity="warning", timeout=10
                )
            else:
                self.warn_once(str(note), "Save from a newer version")

    def warn_once(self, message: str, title: str) -> None:
        if message not in self._said:
            self._said.add(message)
            self.notify(message, title=title, severity="warning", timeout=10)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text: they carry chapter titles, save names and file
        names, which must never be read as markup (Screen.notify passes markup=True)."""
        super().notify(
            plain(message).plain, title=plain(title).plain, severity=severity,
            timeout=timeout, markup=False,
        )  # fmt: skip

    def _story(self) -> Story:
        assert self.story is not None, "the story is used only once it has loaded"
        return self.story

    def pack_root(self) -> Path:
        from cellseven_game.paths import bundled_story

        return self.story_dir or bundled_story()
