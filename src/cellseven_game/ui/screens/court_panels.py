"""The trial screen's panels: the rules of the court (shown as a trial opens, and on `?`),
the court-record picker, and what was said as the court was left. Each one's `?` shows the rules.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from cellseven_game.engine.play import trial, trial_text
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.ui.screens.overlay import Overlay
from cellseven_game.ui.text import plain
from cellseven_game.ui.widgets.prose import markdown_content


class EvidencePicker(ModalScreen[str | None]):
    """The court record as a picker: dismisses with the chosen evidence id, or None."""

    DEFAULT_CSS = """
    EvidencePicker { align: center middle; }
    EvidencePicker #picker {
        width: 80%; max-width: 90; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    EvidencePicker #picker-list { height: auto; max-height: 18; border: none; }
    EvidencePicker #picker-about { color: $text-muted; padding: 0 1; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Put it away"),
        Binding("question_mark", "help", "Rules", key_display="?"),
    ]

    def __init__(self, runtime: Runtime, against: str) -> None:
        super().__init__()
        self.runtime = runtime
        self.against = against

    def compose(self) -> ComposeResult:
        story = self.runtime.story
        options = []
        for ev in self.runtime.state.evidence:
            found = story.evidence.get(ev)
            name = found.name if found else ev
            kind = f"  ({found.kind})" if found else ""
            options.append(Option(plain(name) + plain(kind, "dim"), id=ev))
        with Vertical(id="picker") as box:
            box.border_title = "Present from the court record"
            yield Static(plain(f"Against: “{self.against}”"), id="picker-against")
            yield OptionList(*options, id="picker-list")
            yield Static(Content(""), id="picker-about")
        yield Footer()

    def on_mount(self) -> None:
        picker = self.query_one("#picker-list", OptionList)
        if picker.option_count:
            picker.highlighted = 0
        picker.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        found = self.runtime.story.evidence.get(event.option.id or "")
        text = found.description if found else ""
        self.query_one("#picker-about", Static).update(plain(text))
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Give the list only the rows the box has left after the statement and the
        description: a taller list pushed the description out of the box, and its own last
        items out of reach, on a small terminal (60×20)."""
        against = self.query_one("#picker-against", Static).outer_size.height
        about = self.query_one("#picker-about", Static).outer_size.height
        high = self.size.height - self.query_one(Footer).outer_size.height
        room = int(high * 0.9) - 2 - against - about  # the box's max-height, its border
        self.query_one("#picker-list", OptionList).styles.max_height = max(3, min(18, room))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        machine = trial.machine_for(self.runtime)
        if machine is not None:
            self.app.push_screen(CourtRules(machine.trial))


class CourtRules(Overlay):
    """The rules of the court: shown as a trial opens, and as `?` help inside it."""

    TITLE_TEXT = "The rules of the court"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter,space", "close", "Begin")]

    def __init__(self, found: trial.Trial, opening: str = "") -> None:
        super().__init__()
        self.found = found
        self.opening = opening

    def body(self) -> Content:
        parts: list[Content] = []
        if self.opening.strip():
            parts.append(markdown_content(self.opening.strip()))
        rules = [Content("• ") + plain(line) for line in trial_text.rules_lines(self.found)]
        parts.append(plain(self.found.title, "bold underline"))
        parts.append(Content("\n").join(rules))
        keys = Content("\n").join(
            Content.assemble((f"{key:>9}", "bold"), "   ", what) for key, what in TRIAL_KEYS
        )
        parts.append(keys)
        parts.append(Content.styled("Enter or Escape: to the court.", "italic"))
        return Content("\n\n").join(parts)


TRIAL_KEYS = (
    ("↑ ↓", "step through the witness's statements"),
    ("p", "press the statement: hear more"),
    ("e, Enter", "present evidence against it from the court record"),
    ("n", "let the claim stand (asks first)"),
    ("v", "read the court record"),
    ("r / h", "roster / history"),
    ("s / l", "save / load"),
    ("c", "chapters (leaves the trial; Continue on the title resumes it)"),
    ("?", "these rules"),
    ("q, Esc", "back to the title (the trial is saved as it stands)"),
)


class CourtSays(Overlay):
    """What the move that left the court said (a claim's `refuted.lines` before its scene,
    the last answer before the ruling), shown before the story or the verdict goes on."""

    TITLE_TEXT = "In court"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "close", "Go on"),
        Binding("question_mark", "help", "Rules", key_display="?"),
    ]

    def __init__(self, parts: list[Content], found: trial.Trial) -> None:
        super().__init__()
        self.parts = parts
        self.found = found

    def action_help(self) -> None:
        self.app.push_screen(CourtRules(self.found))

    def body(self) -> Content:
        go_on = Content.styled("Enter: go on.", "italic")
        return Content("\n\n").join([*self.parts, go_on])
