"""The title screen: the story's title and the menu. Drawn before the story has loaded."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from cellseven_game.engine.compile.peek import story_title
from cellseven_game.ui.text import plain
from cellseven_game.ui.widgets.menu import Menu, MenuItem

if TYPE_CHECKING:
    from cellseven_game.ui.app import CellsevenApp


CONTINUE_WIDTH = 40  # the narrowest title card's menu: the label must never wrap


def continue_label(chapter_title: str, saved_at: float) -> str:
    """ "Continue · The Market · 2 Dec 03:08", the chapter title shortened to fit one line."""
    when = time.strftime("%d %b %H:%M", time.localtime(saved_at)).lstrip("0")
    room = CONTINUE_WIDTH - len("Continue ·  · ") - len(when)
    title = " ".join(chapter_title.split())
    if len(title) > room:
        title = title[: max(1, room - 1)].rstrip() + "…"
    return f"Continue · {title} · {when}"


class TitleScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_game", "New game"),
        Binding("l", "load", "Load"),
        Binding("c", "chapters", "Chapters"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Center(id="title-box"), Vertical(id="title-card"):
            yield Static(self._first_title(), id="story-title")
            yield Static("a story in chapters", id="tagline", markup=False)
            yield Menu(self._menu(None), id="menu")
        # The footer's key hints are part of the first frame: a first-time player sees them.
        yield Footer()

    @property
    def game(self) -> CellsevenApp:
        return self.app  # type: ignore[return-value]

    def _first_title(self) -> Content:
        """The story's title for the first frame: the loaded story's, or else read from
        story.yaml alone (the load, after this frame, puts the checked title in its place)."""
        story = self.game.story
        if story is not None:
            return plain(story.title)
        return plain(story_title(self.game.pack_root()) or "")

    def on_mount(self) -> None:
        self.query_one(Menu).focus()
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        # The story waits until the title is on screen.
        self.game.begin_loading()

    def story_ready(self) -> None:
        story = self.game.story
        if story is not None:
            self.query_one("#story-title", Static).update(plain(story.title))
            self.query_one("#tagline", Static).update(
                Content(f"{len(story.chapter_order)} chapters")
            )
        self.refresh_menu()

    def on_screen_resume(self) -> None:
        if self.game.story is not None:
            self.refresh_menu()

    def refresh_menu(self) -> None:
        """Offer Continue when there is a save to continue."""
        from cellseven_game.engine.persist.saves import latest  # start-up: the title draws first

        story = self.game.story
        if story is None:
            return
        info, notes = latest(story)
        self.game.report(notes)
        label = None
        if info is not None:
            chapter = story.chapters.get(info.chapter)
            where = chapter.title if chapter is not None else info.chapter
            label = continue_label(where, info.saved_at)
        self.query_one(Menu).set_items(self._menu(label))

    @staticmethod
    def _menu(continue_label: str | None) -> list[MenuItem]:
        items = [MenuItem("new", "New game")]
        if continue_label is not None:
            items.insert(0, MenuItem("continue", continue_label))
        items += [
            MenuItem("load", "Load a save"),
            MenuItem("chapters", "Chapters"),
            MenuItem("settings", "Settings"),
            MenuItem("help", "Help"),
            MenuItem("quit", "Quit"),
        ]
        return items

    def on_menu_selected(self, event: Menu.Selected) -> None:
        event.stop()
        actions = {
            "new": self.action_new_game,
            "continue": self.game.continue_game,
            "load": self.action_load,
            "chapters": self.action_chapters,
            "settings": self.game.show_settings,
            "help": self.action_help,
            "quit": self.action_quit,
        }
        actions[event.item.id]()

    def action_new_game(self) -> None:
        self.game.new_game()

    def action_load(self) -> None:
        self.game.show_load()

    def action_chapters(self) -> None:
        self.game.show_chapters()

    def action_help(self) -> None:
        self.game.show_help()

    def action_quit(self) -> None:
        self.app.exit(0)
