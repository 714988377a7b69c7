"""Text from a file, made safe to print on a terminal: the one helper every output uses.

A story file, a file NAME, a save's name or a command-line argument can hold terminal
controls: ESC starts CSI and OSC sequences (move the cursor, retitle the window, rewrite a
line), a carriage return or backspace overwrites what was printed, C1 controls act like ESC on
some terminals, and bidirectional controls reorder a line so it reads other than it is. Any of
them would let a pack forge "0 errors, 0 warnings" on a real terminal. Each such character is
shown instead as a visible escape (`\\x1b`, `\\u202e`), so nothing is hidden and nothing acts.

- `printable(text)` for a value shown inside a line (ids, keys, titles, names, paths,
  messages): line breaks are escaped too, so a value can never start a line of its own.
- `printable(text, multiline=True)` for prose written to be read on several lines (a scene's
  text in a transcript): line breaks stay, everything else is escaped.
- `PrintableStream` wraps an output stream so that whatever reaches it passes the multiline
  rule: a value a command forgot to pass through `printable` still cannot act on the terminal.
"""

from __future__ import annotations

import functools
import re
from typing import TextIO

# C0 and C1 controls and DEL; the line and paragraph separators; the bidirectional marks,
# embeddings, overrides and isolates; lone surrogates (undecodable bytes of a file name).
_OTHER = "\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_NAMES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@functools.cache
def _pattern(multiline: bool) -> re.Pattern[str]:
    """What is escaped: compiled on first need (compiling both cost every command ~3 ms at
    start, and most never need them: see `printable`)."""
    if multiline:  # a tab and a line feed pass
        return re.compile(f"[\x00-\x08\x0b-\x1f{_OTHER}]")
    return re.compile(f"[\x00-\x1f{_OTHER}]")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMES.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: object, multiline: bool = False) -> str:
    """`text` with every terminal control shown as a visible escape (see the module doc)."""
    value = text if isinstance(text, str) else str(text)
    # Every character escaped is one `str.isprintable` refuses (controls, separators,
    # format characters, surrogates), so text it accepts has none: most text, at C speed.
    if value.isprintable() or (
        multiline and value.replace("\n", "").replace("\t", "").isprintable()
    ):
        return value
    pattern = _pattern(multiline)
    return pattern.sub(_shown, value) if pattern.search(value) else value


class PrintableStream:
    """A text stream that escapes terminal controls (line breaks and tabs pass) on write."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text, multiline=True))

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> object:  # isatty, encoding, fileno...
        return getattr(self.stream, name)
