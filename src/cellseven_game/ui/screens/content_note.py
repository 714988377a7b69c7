"""The content note, shown once before a first game; Enter (or Escape) dismisses it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class ContentNoteScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "dismiss_note", "Continue"),
        Binding("escape", "dismiss_note", "Continue", show=False),
    ]

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel", id="note-panel") as panel:
            panel.border_title = "Before you begin"
            yield Static(Content(self.note.strip()), classes="panel-text", markup=False)
            yield Static(Content.styled("Press Enter to begin.", "bold"), id="note-hint")

    def action_dismiss_note(self) -> None:
        self.dismiss(None)

    def on_click(self) -> None:
        self.dismiss(None)
