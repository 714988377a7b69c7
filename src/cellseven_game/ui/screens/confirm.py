"""A yes-or-no question before anything that cannot be taken back (ModalScreen[bool]).

Used wherever the game would otherwise replace something of the player's without asking:
a new game over the autosave, a save over another. `y` or Enter on the highlighted answer
confirms; `n`, Escape or `q` keeps things as they are. The mouse works on both answers.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from cellseven_game.ui.text import plain


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape,q", "answer(False)", "Cancel", show=False),
    ]

    def __init__(self, title: str, question: str, yes: str, no: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel", id="confirm-panel") as panel:
            panel.border_title = self.title_text
            # The question may quote a chapter title or a save name: never markup.
            yield Static(plain(self.question), classes="panel-text", markup=False)
            yield OptionList(
                Option(plain(f"y. {self.yes}"), id="yes"),
                Option(plain(f"n. {self.no}"), id="no"),
                id="confirm-answers",
            )
        yield Footer()

    def on_mount(self) -> None:
        answers = self.query_one(OptionList)
        answers.highlighted = 1  # the safe answer is the default: Enter keeps things
        answers.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
