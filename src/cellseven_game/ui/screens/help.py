"""The help screen (`?`): every key, and what the game saves where."""

from __future__ import annotations

from textual.content import Content

from cellseven_game.ui.screens.overlay import Overlay

KEYS = (
    ("1–9", "choose"),
    ("Enter", "continue / confirm the highlighted choice"),
    ("Space / PgUp", "scroll the text down / up"),
    ("r", "roster: the people you have met"),
    ("e", "court record: evidence and testimony"),
    ("h", "history: everything read so far"),
    ("u", "undo the last step (again and again)"),
    ("s / l", "save to a slot / load a save"),
    ("c", "chapters"),
    ("o", "settings: text speed, theme, high contrast, skip read text, auto-advance"),
    ("Ctrl+P", "command palette: open a chapter by name"),
    ("g", "play --dev only: jump to a scene by id"),
    ("?", "this help"),
    ("Escape", "close an overlay"),
    ("q", "back to the title; on the title, quit"),
    ("n", "on the title: a new game"),
)


def help_content() -> Content:
    width = max(len(key) for key, _ in KEYS)
    rows = [Content.assemble((f"{key:>{width}}", "bold"), "   ", what) for key, what in KEYS]
    notes = Content.styled(
        "Any key shows the rest of the text at once. The game saves itself at every scene; "
        "Continue on the title screen resumes the newest save. The mouse works too.",
        "italic",
    )
    plain = Content.styled(
        "With a screen reader, or in any plain terminal: `cellseven run` plays the same story "
        "as plain text, a paragraph a line, and keeps the same saves.",
        "italic",
    )
    return Content("\n").join(rows) + Content("\n\n") + notes + Content("\n\n") + plain


class HelpScreen(Overlay):
    TITLE_TEXT = "Help"

    def body(self) -> Content:
        return help_content()
