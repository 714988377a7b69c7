"""Save to a slot (`s`): type a name, or pick an existing save to overwrite it.

A new name makes a new save. A name that is already a save's, or a save picked from the
list, is overwritten only after the player says so (OverwriteScreen).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from cellseven_game.engine.persist.player_files import clean_name
from cellseven_game.engine.persist.saves import AUTOSAVE, MAX_NAME, SaveInfo, list_saves
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.ui.screens.confirm import ConfirmScreen
from cellseven_game.ui.screens.overlay import Panel
from cellseven_game.ui.text import plain


class SaveScreen(Panel):
    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime
        self.saves: dict[str, SaveInfo] = {}

    def compose(self) -> ComposeResult:
        found, notes = list_saves(self.runtime.story)
        self.game.report(notes)
        # Option ids are file names: unique, where the names inside copies are not.
        self.saves = {info.path.name: info for info in found if not info.is_autosave}
        chapter = self.runtime.story.chapters[self.runtime.scene.chapter].title
        with Vertical(classes="panel") as panel:
            panel.border_title = "Save"
            yield Static("Name the save, then press Enter:", classes="panel-hint", markup=False)
            yield Input(value=chapter, id="slot-name", select_on_focus=True, max_length=MAX_NAME)
            if self.saves:
                yield Static("…or overwrite a save:", classes="panel-hint", markup=False)
                yield OptionList(
                    *(
                        Option(plain(f"{info.label}  ·  {info.when}"), id=file)
                        for file, info in self.saves.items()
                    ),
                    id="slots",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = clean_name(event.value)
        if not name or name.casefold() == AUTOSAVE:
            self.notify("Choose a name for the save (not “autosave”).", severity="warning")
            return
        same = next((i for i in self.saves.values() if clean_name(i.slot) == name), None)
        self._save(name, same)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        info = self.saves.get(event.option.id or "")
        if info is not None:
            self._save(info.slot, info)

    def _save(self, name: str, over: SaveInfo | None) -> None:
        if over is None:
            if self.game.save_slot(self.runtime, name):
                self.dismiss(None)
            return

        def answered(overwrite: bool | None) -> None:
            if overwrite and self.game.save_slot(self.runtime, name, over):
                self.dismiss(None)

        question = f"There is already a save named “{over.label}” ({over.when})."
        self.app.push_screen(
            ConfirmScreen("Overwrite?", question, "Overwrite it", "Keep it"), answered
        )
