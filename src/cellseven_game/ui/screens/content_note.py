"""The content note, shown once before a first game: Enter begins, Escape steps back.

Escape must never start the game: a player who reads the warning and wants out gets out."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from cellseven_game.ui.text import plain


class ContentNoteScreen(ModalScreen[bool]):
    """Dismissed with True to begin, False to go back without starting."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "begin", "Begin"),
        Binding("escape", "back", "Not now"),
        Binding("q", "back", "Not now", show=False),
    ]

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel", id="note-panel") as panel:
            panel.border_title = "Before you begin"
            yield Static(plain(self.note.strip()), classes="panel-text", markup=False)
            yield Static(
                Content.styled("Press Enter to begin, or Escape to go back.", "bold"),
                id="note-hint",
            )
        yield Footer()

    def action_begin(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)

    def on_click(self, event: events.Click) -> None:
        # A click on the note's own text begins; a click on a footer key does that key.
        if event.widget is not None and event.widget.id != "note-hint":
            return
        self.dismiss(True)
