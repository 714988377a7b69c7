"""The base of the reading overlays (roster, court record, history, help): a titled,
scrollable panel over the scene; Escape or q closes it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class Overlay(ModalScreen[None]):
    TITLE_TEXT = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel") as panel:
            panel.border_title = self.TITLE_TEXT
            with VerticalScroll(classes="panel-body"):
                yield Static(self.body(), classes="panel-text", markup=False)
        yield Footer()

    def body(self) -> Content:
        return Content("")

    def action_close(self) -> None:
        self.dismiss(None)
