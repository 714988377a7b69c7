"""The errors the engine raises on purpose, and what a list of problems is split into.

Apart from errors.py (Problem, Diagnostic: dataclasses) because importing `dataclasses`
costs ~10 ms: the command line catches these, and a warm `validate` of a clean pack needs
nothing else from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cellseven_game.engine.core.errors import Problem


class ProblemList:
    """What a check found, split by severity (mixed into a result that has `problems`)."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class CellsevenError(Exception):
    """Base of every error the engine raises on purpose; `title` is for people."""

    title = "cellseven error"

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = problems or []

    def __str__(self) -> str:
        return self.message


class StoryError(CellsevenError):
    """The story pack has errors: the problems say where and how to fix them."""

    title = "The story has errors"


class UsageError(CellsevenError):
    """Something the user asked for does not exist or cannot be done (exit 2)."""

    title = "Cannot do that"


class SaveError(CellsevenError):
    """A save file is missing, damaged, or from an unknown version."""

    title = "Save problem"
