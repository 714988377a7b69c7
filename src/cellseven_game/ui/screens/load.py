"""Load a save (`l`): the autosave and every named slot, newest first."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from cellseven_game.engine.saves import list_saves
from cellseven_game.ui.screens.overlay import Panel


class LoadScreen(Panel):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "close", "Close", show=False)]

    def compose(self) -> ComposeResult:
        found, notes = list_saves()
        self.game.report(notes)
        story = self.game.story
        options = []
        for info in found:
            chapter = story.chapters.get(info.chapter) if story is not None else None
            where = chapter.title if chapter is not None else info.chapter
            changed = "" if story is None or info.matches(story) else "  ·  story changed since"
            # Content, not markup: a slot name is the player's text ("[draft]" is no tag).
            label = Content(f"{info.slot}  ·  {where}  ·  {info.when}{changed}")
            options.append(Option(label, id=info.slot))
        with Vertical(classes="panel") as panel:
            panel.border_title = "Load"
            if options:
                yield OptionList(*options, id="saves")
            else:
                yield Static("There are no saves yet.", classes="panel-hint", markup=False)
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(None)
        self.game.load_slot(event.option.id or "")
