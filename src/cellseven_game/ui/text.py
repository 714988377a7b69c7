"""Text from a story file or from the player, on its way to a widget: never read as markup.

Textual reads `[brackets]` in a plain `str` as markup, and a stray `[/x]` raises. Every
string a pack or a player wrote reaches the screen through `plain` (a widget, an option, a
border title) or `as_markup` (the few Textual APIs that only take markup strings), so it
is shown exactly as written. Control characters are dropped on the way: they belong to
no story and would reach the terminal.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.fuzzy import Matcher

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str, style: str = "") -> Content:
    """`text` as Content shown exactly as written (line breaks and tabs kept), in `style`."""
    text = _CONTROL.sub("", text)
    return Content.styled(text, style) if style else Content(text)


def as_markup(text: str) -> str:
    """`text` as a markup string that reads back as exactly `text` (brackets escaped)."""
    return plain(text).markup


def highlighted(matcher: Matcher, text: str) -> Content:
    """`text` with the letters `matcher`'s query matched highlighted (Matcher.highlight
    would read `text` as markup)."""
    content = plain(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, content.plain)
    if not score:
        return content
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
