"""The overlays every playing screen opens the same way (the scene and the trial).

One mixin, so the roster, record, history, save, load and chapters keys cannot drift apart
between screens. The screen provides `runtime` and `game`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cellseven_game.ui.screens.history import HistoryScreen
from cellseven_game.ui.screens.record import RecordScreen
from cellseven_game.ui.screens.roster import RosterScreen
from cellseven_game.ui.screens.save import SaveScreen

if TYPE_CHECKING:
    from textual.app import App

    from cellseven_game.engine.play.runtime import Runtime
    from cellseven_game.ui.app import CellsevenApp


class PlayActions:
    runtime: Runtime
    app: App[int]

    @property
    def game(self) -> CellsevenApp:
        return self.app  # type: ignore[return-value]

    def action_roster(self) -> None:
        self.app.push_screen(RosterScreen(self.runtime))

    def action_record(self) -> None:
        self.app.push_screen(RecordScreen(self.runtime))

    def action_history(self) -> None:
        self.app.push_screen(HistoryScreen(self.runtime, self.game.name_colors))

    def action_save(self) -> None:
        self.app.push_screen(SaveScreen(self.runtime))

    def action_load(self) -> None:
        self.game.show_load()

    def action_chapters(self) -> None:
        self.game.show_chapters()
