"""The verdict screen: the court's ruling, each claim and what answered it, then on.

Shown by the trial screen once the court has ruled; Enter (or Escape) dismisses it and the
story goes on from the tier's scene towards the epilogue. `?` says so (VerdictHelp).
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from cellseven_game.engine.play import trial_text
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.ui.screens.overlay import Overlay
from cellseven_game.ui.text import plain


class VerdictParts(NamedTuple):
    """The verdict as the screen lays it out: what comes before the claims, each claim as
    (its mark, its title) so a long title wraps under itself, and what comes after."""

    head: Content
    rows: list[tuple[Content, Content]]
    tail: Content | None


def verdict_parts(runtime: Runtime) -> VerdictParts:
    """The ruling, the claim-by-claim summary and, when the tier asks, what was missed: the
    words of trial_text.verdict_said (the transcript prints the same: verdict_lines)."""
    said = trial_text.verdict_said(runtime.story, runtime.state)
    if said is None:
        return VerdictParts(Content.styled("The court has not ruled.", "dim"), [], None)
    parts = [plain(said.title, "bold")]
    if said.ruling:
        parts.append(plain(said.ruling))
    if said.findings:
        parts.append(Content(" ").join(plain(sentence) for sentence in said.findings))
    rows = [
        (Content.styled(f"{MARKS[mark]} {mark:<8} ", f"bold {COLORS[mark]}"), plain(claim))
        for mark, claim in said.claims
    ]
    after: list[Content] = []
    if said.missed:
        heading = plain(trial_text.MISSED_HEADING, "bold underline")
        after.append(Content("\n\n").join([heading, *(plain(m) for m in said.missed)]))
        after.append(plain(trial_text.MISSED_AFTER, "italic"))
    tail = Content("\n\n").join(after) if after else None
    return VerdictParts(Content("\n\n").join(parts), rows, tail)


def verdict_content(runtime: Runtime) -> Content:
    """The whole verdict as one text (what the screen shows, without its layout)."""
    head, rows, tail = verdict_parts(runtime)
    parts = [head]
    if rows:
        parts.append(Content("\n").join(Content.assemble(mark, claim) for mark, claim in rows))
    if tail is not None:
        parts.append(tail)
    return Content("\n\n").join(parts)


MARKS = {"refuted": "✓", "stood": "✗"}
COLORS = {"refuted": "green", "stood": "red"}


class VerdictScreen(Screen[None]):
    DEFAULT_CSS = """
    VerdictScreen #verdict-page { padding: 1 2; border: round $accent; }
    VerdictScreen .claim-row { height: auto; }
    VerdictScreen .claim-mark { width: 11; }
    VerdictScreen .claim-title { width: 1fr; }
    VerdictScreen .verdict-gap { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "done", "Continue"),
        Binding("escape", "done", "Continue", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="verdict-page") as page:
            page.border_title = "The verdict"
            head, rows, tail = verdict_parts(self.runtime)
            yield Static(head, id="verdict-text", markup=False)
            for number, (mark, claim) in enumerate(rows):
                # Two columns, so a claim's title that wraps stays clear of the marks.
                with Horizontal(classes="claim-row verdict-gap" if number == 0 else "claim-row"):
                    yield Static(mark, classes="claim-mark", markup=False)
                    yield Static(claim, classes="claim-title", markup=False)
            if tail is not None:
                yield Static(tail, id="verdict-after", classes="verdict-gap", markup=False)
        yield Footer()

    def action_done(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        self.app.push_screen(VerdictHelp())


VERDICT_KEYS = (
    ("Enter, Space, Esc", "go on: the story continues from the court's ruling"),
    ("↑ ↓  PgUp PgDn", "scroll the ruling"),
    ("?", "this help"),
)


class VerdictHelp(Overlay):
    """`?` on the verdict: its keys, and what "Where to look again" is for."""

    TITLE_TEXT = "The verdict"

    def body(self) -> Content:
        width = max(len(key) for key, _ in VERDICT_KEYS)
        rows = [
            Content.assemble((f"{key:>{width}}", "bold"), "   ", what) for key, what in VERDICT_KEYS
        ]
        note = Content.styled(
            "The court has ruled, and what is said in court stays said. When a claim stood, "
            "“Where to look again” names the memories that hold what would have answered it: "
            "replay them from the chapter list, or load a save from before the trial.",
            "italic",
        )
        return Content("\n").join(rows) + Content("\n\n") + note
