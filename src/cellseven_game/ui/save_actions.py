"""The game's save actions: continue, load, save under a name, autosave.

Each says what happened in a notification, and a save that cannot be read or written is
reported to the player, never raised (the engine's saves.py does the files).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cellseven_game.engine.core.failures import SaveError
from cellseven_game.ui.app_base import AppBase
from cellseven_game.ui.screens.title import TitleScreen

if TYPE_CHECKING:
    from cellseven_game.engine.persist.saves import SaveInfo
    from cellseven_game.engine.play.runtime import Runtime

# imports inside functions: start-up — the saves module loads with the story, after the
# title screen is drawn.


class SaveActions(AppBase):
    """Continue, load, save and autosave, for the game app (mixed into CellsevenApp)."""

    def continue_game(self) -> None:
        self.when_ready(self._continue_game)

    def _continue_game(self) -> None:
        from cellseven_game.engine.persist.saves import latest

        info, notes = latest(self._story())
        self.report(notes)
        if info is None:
            self.notify("There is no save to continue yet.", severity="warning")
            return
        self.load_slot(info)

    def load_slot(self, slot: str | SaveInfo) -> None:
        from cellseven_game.engine.persist import saves

        try:
            outcome = saves.resume(self._story(), slot)
        except SaveError as exc:
            self.notify(exc.message, title="Save not loaded", severity="error", timeout=10)
            if isinstance(self.screen, TitleScreen):
                self.screen.refresh_menu()
            return
        self.play(outcome.runtime)
        if outcome.note:  # the story changed under the save: say where the player is now
            self.notify(outcome.note, title="The story has changed", severity="warning", timeout=15)
        else:
            self.notify(f"Loaded {slot if isinstance(slot, str) else slot.label}.", timeout=2)

    def save_slot(self, runtime: Runtime, slot: str, over: SaveInfo | None = None) -> bool:
        """Save under the name `slot`: to a new file, or over the save `over` (the player
        has been asked)."""
        from cellseven_game.engine.persist import saves

        try:
            if over is None:  # a name never lands on another save's file unasked
                info = saves.save(runtime, slot, new=True)
            else:
                info = saves.save(runtime, slot, path=over.path)
        except SaveError as exc:
            self.notify(exc.message, title="Not saved", severity="error", timeout=10)
            return False
        self.notify(f"Saved as {info.slot}.", timeout=2)
        return True

    def autosave(self, runtime: Runtime) -> None:
        from cellseven_game.engine.persist import saves

        if self.dev:  # an author's edits and jumps are not a player's progress
            return
        try:
            saves.save(runtime)
        except SaveError as exc:  # said once: an autosave is tried at every scene
            self.warn_once(exc.message, "Autosave failed")
