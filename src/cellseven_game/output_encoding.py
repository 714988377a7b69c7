"""Output to a terminal that cannot show every character (an ASCII or Latin-1 locale).

Left alone, Python stops with a UnicodeEncodeError traceback in the middle of a line on
standard output, and prints `\\u2014` for the same character on standard error: garbled
text either way. Instead, each write to a stream whose encoding cannot hold all of Unicode
is tried in that encoding first. Punctuation has a plain form (`“”` as `"`, `…` as `...`,
`—` as `--`, `·` as `-`, `→` as `->`, the trial's `●○` as `*o`), so our own messages and a
story's dashes read the same in ASCII; any other character that cannot be shown (a letter:
Hangul, or `é` in ASCII) stops the command with
`Unshowable`, which `cli.main` turns into one ASCII line on stderr and exit 2. Nothing of
that write reaches the terminal, and a report (every command but `run`, which talks with
the player as it goes) is held whole until the command ends, so the terminal shows either
the whole report or none of it. With a UTF-8 locale nothing here does any work.
"""

from __future__ import annotations

import codecs
from typing import TextIO

# The plain forms of punctuation (never of letters, whose loss would change the text).
_PLAIN = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2026": "...", "\u2014": "--",
    "\u2013": "-", "\u2012": "-", "\u2212": "-", "\u00b7": "-", "\u2022": "*",
    "\u2192": "->", "\u2190": "<-", "\u25cf": "*", "\u25cb": "o", "\u00d7": "x",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
}  # fmt: skip
_HANDLER = "cellseven.plain-punctuation"


def _plain_punctuation(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    chars = exc.object[exc.start : exc.end]
    if not all(char in _PLAIN for char in chars):
        raise exc
    return "".join(_PLAIN[char] for char in chars), exc.end


codecs.register_error(_HANDLER, _plain_punctuation)

# Encodings that hold every character (a lone surrogate aside, which `printable` escapes).
_WHOLE = {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
_WHOLE |= {"utf-8-sig", "gb18030"}


class Unshowable(Exception):
    """A character the output's encoding cannot hold: the command stops (exit 2)."""

    def __init__(self, encoding: str, char: str | None = None) -> None:
        super().__init__(encoding, char)
        self.encoding, self.char = encoding, char

    def line(self) -> str:
        """The one line for stderr, itself ASCII so that any terminal shows it."""
        name = self.encoding.encode("ascii", "replace").decode("ascii")
        what = "the game" if self.char is None else f"the text to print (U+{ord(self.char):04X})"
        return (
            f"cellseven: error: this terminal's encoding ({name}) cannot show {what}; "
            "use a UTF-8 locale, e.g. LANG=C.UTF-8"
        )


def limited(stream: object) -> str | None:
    """The encoding of `stream` when it cannot hold every character; None otherwise
    (UTF-8, or not a byte stream at all, such as an io.StringIO)."""
    encoding = getattr(stream, "encoding", None)
    if not isinstance(encoding, str) or not encoding:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:  # an encoding Python does not know: nothing can be checked
        return None
    return None if name in _WHOLE else name


def fitted(text: str, stream: object) -> str:
    """`text` as `stream`'s encoding can show it (punctuation in its plain form); raise
    Unshowable if it holds any other character that encoding cannot hold."""
    encoding = limited(stream)
    if encoding is None:
        return text
    try:
        return text.encode(encoding, _HANDLER).decode(encoding)
    except UnicodeEncodeError as exc:
        raise Unshowable(encoding, exc.object[exc.start]) from None


class EncodingGuard:
    """A text stream that checks each write against its target's encoding (see the module
    doc); with `hold`, writes to a limited target are kept until `release()`."""

    def __init__(self, stream: TextIO, hold: bool = False) -> None:
        self.stream = stream
        self.held: list[str] | None = [] if hold and limited(stream) else None

    def write(self, text: str) -> int:
        text = fitted(text, self.stream)
        if self.held is not None:
            self.held.append(text)
            return len(text)
        return self.stream.write(text)

    def release(self) -> None:
        """Write what was held (every piece already checked), then flush."""
        if self.held:
            self.stream.write("".join(self.held))
        self.held = [] if self.held is not None else None
        self.stream.flush()

    def flush(self) -> None:
        if self.held is None:
            self.stream.flush()

    def __getattr__(self, name: str) -> object:  # isatty, encoding, fileno...
        return getattr(self.stream, name)
