"""A small keyboard-and-mouse menu drawn as one Static, for the title screen.

The title is the first frame; an OptionList (and its imports) would cost that frame
~10 ms, so the title's few items are drawn here as Content lines instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from cellseven_game.ui.text import plain


@dataclass(frozen=True, slots=True)
class MenuItem:
    id: str
    label: str


class Menu(Static, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    class Selected(Message):
        def __init__(self, item: MenuItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, items: list[MenuItem], *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.items = items
        self.index = 0
        self._draw()

    def set_items(self, items: list[MenuItem]) -> None:
        self.items = items
        self.index = 0
        self._draw()

    def _draw(self) -> None:
        lines = [
            plain(f" {item.label} ", "reverse bold" if i == self.index else "")
            for i, item in enumerate(self.items)
        ]
        self.update(Content("\n").join(lines))

    def action_move(self, step: int) -> None:
        # Clamped, not wrapped: Up on the first item must never land on the last (Quit).
        if self.items:
            self.index = max(0, min(len(self.items) - 1, self.index + step))
            self._draw()

    def action_select(self) -> None:
        if self.items:
            self.post_message(self.Selected(self.items[self.index]))

    def on_click(self, event: events.Click) -> None:
        row = event.y - self.gutter.top
        if 0 <= row < len(self.items):
            self.index = row
            self._draw()
            self.action_select()
