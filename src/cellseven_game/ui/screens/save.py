"""Save to a slot (`s`): type a name, or pick an existing slot to overwrite it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from cellseven_game.engine.runtime import Runtime
from cellseven_game.engine.saves import AUTOSAVE, list_saves
from cellseven_game.ui.screens.overlay import Panel


class SaveScreen(Panel):
    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime

    def compose(self) -> ComposeResult:
        found, notes = list_saves()
        self.game.report(notes)
        slots = [info for info in found if info.slot != AUTOSAVE]
        chapter = self.runtime.story.chapters[self.runtime.scene.chapter].title
        with Vertical(classes="panel") as panel:
            panel.border_title = "Save"
            yield Static("Name the save, then press Enter:", classes="panel-hint", markup=False)
            yield Input(value=chapter, id="slot-name", select_on_focus=True)
            if slots:
                yield Static("…or overwrite a slot:", classes="panel-hint", markup=False)
                yield OptionList(
                    *(Option(Content(f"{i.slot}  ·  {i.when}"), id=i.slot) for i in slots),
                    id="slots",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save(event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._save(event.option.id or "")

    def _save(self, name: str) -> None:
        name = name.strip()
        if not name or name.lower() == AUTOSAVE:
            self.notify("Choose a name for the save (not “autosave”).", severity="warning")
            return
        if self.game.save_slot(self.runtime, name):
            self.dismiss(None)
