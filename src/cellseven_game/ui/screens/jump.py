"""Dev mode's "jump to a scene" prompt: type a scene id (completed as you type), Enter.

Dismisses with the scene id, or None on Escape. What is typed filters the list below;
a near miss gets "did you mean".
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from cellseven_game.engine.compile.reader import near_miss
from cellseven_game.engine.core.model import Story
from cellseven_game.ui.text import plain

SHOWN = 40  # matches listed at once; typing narrows them


def matches(story: Story, typed: str) -> list[str]:
    """Scene ids containing `typed` (any case), those starting with it first."""
    needle = typed.strip().lower()
    found = [s for s in story.scenes if needle in s.lower()]
    return sorted(found, key=lambda s: not s.lower().startswith(needle))


class JumpScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("tab", "complete", "Complete", priority=True),
        Binding("down", "to_list", "Matches", show=False),
    ]
    DEFAULT_CSS: ClassVar[str] = """
    #jump-panel {
        height: auto;
        max-height: 90%;
    }
    #jump-matches {
        max-height: 14;
    }
    #jump-hint {
        color: $text-muted;
        padding: 0 1;
    }
    """

    def __init__(self, story: Story, current: str = "") -> None:
        super().__init__()
        self.story = story
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel", id="jump-panel") as panel:
            panel.border_title = "Jump to a scene"
            yield Input(
                placeholder="a scene id",
                suggester=SuggestFromList(self.story.scenes, case_sensitive=False),
                id="jump-input",
            )
            yield Static(
                "Tab completes, Enter jumps, ↓ picks from the list.",
                id="jump-hint",
                markup=False,
            )
            yield OptionList(id="jump-matches")
        yield Footer()

    def on_mount(self) -> None:
        self._list("")
        self.query_one(Input).focus()

    def _list(self, typed: str) -> None:
        found = matches(self.story, typed)
        options = [
            Option(plain(f"{scene}  · {self.story.scenes[scene].chapter}"), id=scene)
            for scene in found[:SHOWN]
        ]
        listing = self.query_one("#jump-matches", OptionList)
        listing.set_options(options)
        if self.current in found[:SHOWN] and not typed:
            listing.highlighted = found.index(self.current)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._list(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        typed = event.value.strip()
        target = self.resolve(typed)
        if target is not None:
            self.dismiss(target)
            return
        hint = self.query_one("#jump-hint", Static)
        if not typed:
            hint.update("Type a scene id, or pick one from the list.")
        else:
            hint.update(f"There is no scene `{typed}`{near_miss(typed, self.story.scenes)}")

    def resolve(self, typed: str) -> str | None:
        """The scene meant: the id itself, in any case, or the only one that matches."""
        if typed in self.story.scenes:
            return typed
        lowered = {s.lower(): s for s in self.story.scenes}
        if typed.lower() in lowered:
            return lowered[typed.lower()]
        found = matches(self.story, typed)
        return found[0] if typed and len(found) == 1 else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_complete(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.action_cursor_right()  # accepts the shown completion

    def action_to_list(self) -> None:
        listing = self.query_one("#jump-matches", OptionList)
        if listing.option_count:
            listing.focus()
            if listing.highlighted is None:
                listing.highlighted = 0

    def action_close(self) -> None:
        self.dismiss(None)
