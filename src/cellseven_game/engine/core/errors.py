"""Problems found in a story pack, and the one error type the engine raises."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from cellseven_game.engine.core.failures import (
    CellsevenError,
    ProblemList,
    SaveError,
    StoryError,
    UsageError,
)
from cellseven_game.engine.core.frozen import field, frozen, replace
from cellseven_game.engine.core.printable import printable

# The exceptions and ProblemList live in failures.py (no dataclasses: a command that fails
# or answers from a cache imports them without this module); named here for the callers.
__all__ = [
    "CellsevenError",
    "Diagnostic",
    "Form",
    "Problem",
    "ProblemList",
    "SaveError",
    "Severity",
    "StoryError",
    "UsageError",
]

Severity = Literal["error", "warning"]


@frozen
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


@frozen
class Form:
    """Another wording of a diagnostic's message, for one case of it (a hidden scene, an
    unclosed brace), with a pack that produces it: the tests load it and check the wording."""

    template: str
    example: Mapping[str, str] = field(default_factory=dict)
    # Only when no pack of text files can produce this case (a link loop, a pipe, a file
    # over the size limit): what it takes, said instead of an example.
    needs: str = ""


@frozen
class Diagnostic:
    """One diagnostic, defined once in `engine.core.diagnostics`: what every report shares.

    `template` is the message with `{named}` fields; `forms` are its other wordings by name,
    for the cases one template cannot say well. Call sites give only the entry, a form's
    name and the fields (`message("hidden", scene=…)`): every word of a message lives here.
    `example` is a tiny pack (file name → text) that produces the code: the tests load each
    example and fail when it stops producing it, and `cellseven explain CODE` prints it.
    """

    code: str
    severity: Severity
    title: str
    template: str
    explanation: str
    example: Mapping[str, str] = field(default_factory=dict)
    # When the same code is also given as a warning, in which case (said in the guide).
    warning_when: str = ""
    forms: Mapping[str, Form] = field(default_factory=dict)

    def wording(self, form: str = "") -> str:
        """The template of a form, or the main one for `""`; KeyError names a missing form."""
        return self.forms[form].template if form else self.template

    def message(self, form: str = "", /, **fields: object) -> str:
        """The message: the template (or the named form's) with its fields filled in."""
        return self.wording(form).format(**fields)

    def at(self, path: str, line: int, col: int, form: str = "", /, **fields: object) -> Problem:
        """A located problem of this code, with this severity, worded by `message`."""
        return Problem(path, line, col, self.severity, self.code, self.message(form, **fields))

    def as_warning(
        self, template: str, example: Mapping[str, str], forms: Mapping[str, Form] | None = None
    ) -> Diagnostic:
        """The same code given as a warning (only for a code whose `warning_when` says so)."""
        if not self.warning_when:
            raise ValueError(f"{self.code} is never a warning")
        return replace(
            self, severity="warning", template=template, example=example, forms=forms or {}
        )
