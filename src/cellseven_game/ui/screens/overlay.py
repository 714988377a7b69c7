"""The bases of the modal panels over the scene.

Panel: Escape closes it (chapters, load, save, settings). Overlay: a titled, scrollable
panel of text that q closes too (roster, court record, history, help); RuntimeOverlay is
one that shows the runtime's state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

if TYPE_CHECKING:
    from cellseven_game.engine.play.runtime import Runtime
    from cellseven_game.ui.app import CellsevenApp


class Panel(ModalScreen[None]):
    # Subclasses' BINDINGS add to these (Textual merges them along the class tree).
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    @property
    def game(self) -> CellsevenApp:
        return self.app  # type: ignore[return-value]

    def action_close(self) -> None:
        self.dismiss(None)


class Overlay(Panel):
    TITLE_TEXT = ""
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "close", "Close", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel") as panel:
            panel.border_title = self.TITLE_TEXT
            with VerticalScroll(classes="panel-body"):
                yield Static(self.body(), classes="panel-text", markup=False)
        yield Footer()

    def body(self) -> Content:
        return Content("")


class RuntimeOverlay(Overlay):
    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime
