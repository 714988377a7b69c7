"""A minimal game screen: scenes and numbered choices (the full game builds on this)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static

from cellseven_game.engine.model import Story
from cellseven_game.engine.runtime import Runtime


class CellsevenApp(App[None]):
    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def __init__(self, story: Story, chapter: str | None = None) -> None:
        super().__init__()
        self.story = story
        self.runtime = Runtime.at_chapter(story, chapter) if chapter else Runtime(story)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="text")
        yield OptionList(id="choices")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.story.title
        self.show()

    def show(self) -> None:
        scene = self.runtime.scene
        parts = [scene.text.strip()]
        for line in scene.lines:
            name = self.story.characters[line.speaker].name if line.speaker else ""
            parts.append(f"{name}: {line.text}" if name else line.text)
        if self.runtime.finished:
            parts.append(f"\n(the end: {self.runtime.state.ending})")
        self.query_one("#text", Static).update(Content("\n\n".join(parts)))
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        for option in self.runtime.options():
            options.add_option(f"{option.number}. {option.label}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.runtime.choose(event.option_index + 1)
        self.show()


def run_app(story: Story, chapter: str | None = None) -> int:
    CellsevenApp(story, chapter).run()
    return 0
