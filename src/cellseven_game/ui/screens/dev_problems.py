"""Dev mode's problems overlay: what stopped the last reload, each with its file and line.

The game keeps playing the last version of the pack that loaded. The overlay updates in
place on the next broken save and closes by itself when a save loads again.
"""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.widgets import Static

from cellseven_game.engine.core.errors import Problem
from cellseven_game.ui.screens.overlay import Overlay
from cellseven_game.ui.text import plain


def problems_content(problems: list[Problem]) -> Content:
    count = len(problems)
    head = Content.styled(
        f"{count} problem{'s' * (count != 1)} in the pack. You are still playing the last "
        "version that loaded; fix the file and save, and it reloads by itself.",
        "italic",
    )
    rows = [head]
    for problem in problems:
        where = (
            problem.path if problem.line <= 0 else f"{problem.path}:{problem.line}:{problem.col}"
        )
        style = "bold red" if problem.severity == "error" else "bold yellow"
        rows.append(
            Content.assemble(
                plain(where, "bold"),
                "\n  ",
                (problem.severity, style),
                plain(f": {problem.message} [{problem.code}]"),
            )
        )
    return Content("\n\n").join(rows)


class DevProblemsScreen(Overlay):
    TITLE_TEXT = "Not reloaded"
    DEFAULT_CSS: ClassVar[str] = """
    DevProblemsScreen .panel {
        height: 90%;
        border: round $error;
    }
    """

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def body(self) -> Content:
        return problems_content(self.problems)

    def show_problems(self, problems: list[Problem]) -> None:
        """Show the problems of a newer save in place."""
        self.problems = problems
        self.query_one(".panel-text", Static).update(self.body())
