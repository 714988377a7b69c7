"""Load a save (`l`): the autosave and every named slot, newest first."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from cellseven_game.engine.persist.saves import list_saves
from cellseven_game.ui.screens.overlay import Panel
from cellseven_game.ui.text import plain


class LoadScreen(Panel):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "close", "Close", show=False)]

    def compose(self) -> ComposeResult:
        story = self.game.story
        assert story is not None
        found, notes = list_saves(story)
        self.game.report(notes)
        # A save is its file: the option's id is the file's name, unique in the folder
        # (two files may carry the same name inside, when one is a copy of the other).
        self.saves = {info.path.name: info for info in found}
        options = []
        for info in found:
            chapter = story.chapters.get(info.chapter)
            where = chapter.title if chapter is not None else info.chapter
            changed = "" if info.matches(story) else "  ·  story changed since"
            label = plain(f"{info.label}  ·  {where}  ·  {info.when}{changed}")
            options.append(Option(label, id=info.path.name))
        with Vertical(classes="panel") as panel:
            panel.border_title = "Load"
            if options:
                yield OptionList(*options, id="saves")
            else:
                yield Static("There are no saves yet.", classes="panel-hint", markup=False)
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        info = self.saves.get(event.option.id or "")
        self.dismiss(None)
        if info is not None:
            self.game.load_slot(info)
