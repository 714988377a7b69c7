"""The verdict screen: the court's ruling, each claim and what answered it, then on.

Shown by the trial screen once the court has ruled; Enter (or Escape) dismisses it and the
story goes on from the tier's scene towards the epilogue.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from cellseven_game.engine.play import trial, trial_text
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.ui.text import plain


def verdict_content(runtime: Runtime) -> Content:
    """The ruling, the claim-by-claim summary and, when the tier asks, what was missed."""
    story, state = runtime.story, runtime.state
    found = trial_text.current(story, state)
    if found is None:
        return Content.styled("The court has not ruled.", "dim")
    _, tier = found
    parts = [plain(tier.title, "bold")]
    ruling = trial.ruling_text(story, state, found)
    if ruling:
        parts.append(plain(ruling))
    findings = trial_text.findings(story, state)
    if findings:
        parts.append(Content(" ").join(plain(sentence) for sentence in findings))
    rows: list[Content] = []
    for result in trial_text.summary(story, state):
        if result.refuted:
            evidence = story.evidence.get(result.evidence or "")
            by = f" — answered by {evidence.name}" if evidence else ""
            rows.append(
                Content.assemble(("✓ refuted  ", "bold green"), plain(result.claim.title + by))
            )
        else:
            rows.append(Content.assemble(("✗ stood    ", "bold red"), plain(result.claim.title)))
    parts.append(Content("\n").join(rows))
    if tier.missed:
        missed = trial_text.missed_lines(story, state)
        if missed:
            heading = Content.styled("Where to look again", "bold underline")
            parts.append(Content("\n\n").join([heading, *(plain(m) for m in missed)]))
            parts.append(
                Content.styled(
                    "Replay those memories from the chapter list, then come back to the court.",
                    "italic",
                )
            )
    return Content("\n\n").join(parts)


class VerdictScreen(Screen[None]):
    DEFAULT_CSS = """
    VerdictScreen #verdict-page { padding: 1 2; border: round $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "done", "Continue"),
        Binding("escape", "done", "Continue", show=False),
    ]

    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="verdict-page") as page:
            page.border_title = "The verdict"
            yield Static(verdict_content(self.runtime), id="verdict-text", markup=False)
        yield Footer()

    def action_done(self) -> None:
        self.dismiss(None)
