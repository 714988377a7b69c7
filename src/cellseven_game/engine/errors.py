"""Problems found in a story pack, and the one error type the engine raises."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cellseven_game.engine.printable import printable

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem: `path:line:col: severity: message [code]`."""

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        """One line, whatever the path or message quote: nothing in it reaches a terminal raw."""
        path = printable(self.path)
        where = path if self.line <= 0 else f"{path}:{self.line}:{self.col}"
        return f"{where}: {self.severity}: {printable(self.message)} [{self.code}]"


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
