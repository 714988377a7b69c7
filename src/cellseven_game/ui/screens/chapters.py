"""Chapter select (`c`): every chapter with its title and period; reached ones can be opened."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from cellseven_game.engine.play.chapters import is_memory
from cellseven_game.ui.screens.overlay import Panel
from cellseven_game.ui.text import plain


class ChapterList(OptionList):
    """The chapters; where the highlight cannot move (every chapter below not reached yet,
    or none reached), the keys that would move it scroll instead, so the whole list can be
    read from the keyboard on a small terminal (13 chapters on 60x20 ran past the panel,
    and nothing showed what lay below)."""

    def _moved_or(self, move: Callable[[], None], scroll: Callable[[], object]) -> None:
        before = self.highlighted
        move()
        if self.highlighted == before:
            scroll()

    def action_cursor_down(self) -> None:
        self._moved_or(super().action_cursor_down, self.scroll_down)

    def action_cursor_up(self) -> None:
        self._moved_or(super().action_cursor_up, self.scroll_up)

    def action_page_down(self) -> None:
        self._moved_or(super().action_page_down, self.scroll_page_down)

    def action_page_up(self) -> None:
        self._moved_or(super().action_page_up, self.scroll_page_up)

    def action_last(self) -> None:
        self._moved_or(super().action_last, self.scroll_end)

    def action_first(self) -> None:
        self._moved_or(super().action_first, self.scroll_home)


class ChaptersScreen(Panel):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "close", "Close", show=False)]

    def compose(self) -> ComposeResult:
        story, profile = self.game.story, self.game.profile
        assert story is not None
        unlocked = set(profile.unlocked) if profile is not None else set()
        options: list[Option] = []
        for number, chapter_id in enumerate(story.chapter_order, start=1):
            chapter = story.chapters.get(chapter_id)
            if chapter is None:
                continue
            open_ = chapter_id in unlocked
            kind = "memory" if is_memory(story, chapter_id) else "now"
            label = f"{number:>2}. {chapter.title}  ·  {chapter.period} {kind}"
            options.append(
                Option(  # Content, not markup: a title is the author's text
                    plain(label if open_ else f"{label}  (not reached yet)"),
                    chapter_id,
                    not open_,
                )
            )
        with Vertical(classes="panel") as panel:
            panel.border_title = "Chapters"
            yield Static(
                "Chapters open as you reach them. Ctrl+P opens any chapter by name.",
                classes="panel-hint",
                markup=False,
            )
            yield ChapterList(*options, id="chapter-list")
        yield Footer()

    def on_mount(self) -> None:
        chapters = self.query_one(OptionList)
        chapters.highlighted = next(
            (i for i, o in enumerate(chapters.options) if not o.disabled), None
        )
        chapters.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(None)
            self.game.open_chapter(event.option.id)
