"""Story text as Textual Content: Markdown prose, coloured dialogue, and a typewriter.

Prose is converted to one `Content` (not a Markdown widget) so a scene redraws in a single
frame, and so the typewriter can reveal it by slicing without breaking any styling.
Story text never goes through console markup: `[brackets]` stay as written.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from cellseven_game.engine.core.model import Line, Scene, Story
from cellseven_game.ui.text import plain

NAME_FALLBACK = "bold"
NARRATION = "italic"
TICK = 1 / 30  # typewriter frames a second


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt  # start-up: built when the first prose is shown

    return MarkdownIt("commonmark")


_INLINE_STYLES = {"strong": "bold", "em": "italic", "s": "strike"}


def _inline(children: list[Any], base: str = "") -> list[tuple[str, str]]:
    """Inline Markdown tokens as (text, style) pieces."""
    pieces: list[tuple[str, str]] = []
    styles: list[str] = [base] if base else []
    for token in children:
        kind = token.type
        if kind == "text":
            pieces.append((token.content, " ".join(styles)))
        elif kind == "code_inline":
            pieces.append((token.content, " ".join([*styles, "reverse"])))
        elif kind in ("softbreak",):
            pieces.append((" ", ""))
        elif kind == "hardbreak":
            pieces.append(("\n", ""))
        elif kind.endswith("_open") and kind[:-5] in _INLINE_STYLES:
            styles.append(_INLINE_STYLES[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in _INLINE_STYLES:
            style = _INLINE_STYLES[kind[:-6]]
            if style in styles:
                styles.reverse()
                styles.remove(style)
                styles.reverse()
        elif kind == "link_open":
            styles.append("underline")
        elif kind == "link_close" and "underline" in styles:
            styles.remove("underline")
        elif token.content:
            pieces.append((token.content, " ".join(styles)))
    return pieces


def markdown_content(text: str, base: str = "") -> Content:
    """Markdown as Content: paragraphs, emphasis, headings, lists and quotes."""
    text = text.strip()
    if not text:
        return Content("")
    blocks: list[Content] = []
    prefix: list[str] = []
    heading = ""
    for token in _parser().parse(text):
        kind = token.type
        if kind == "heading_open":
            heading = "bold underline"
        elif kind == "heading_close":
            heading = ""
        elif kind == "bullet_list_open" or kind == "ordered_list_open":
            prefix.append("  ")
        elif kind == "bullet_list_close" or kind == "ordered_list_close":
            prefix.pop()
        elif kind == "blockquote_open":
            prefix.append("▌ ")
        elif kind == "blockquote_close":
            prefix.pop()
        elif kind == "hr":
            blocks.append(Content("────"))
        elif kind == "inline":
            style = " ".join(s for s in (base, heading) if s)
            lead = "".join(prefix)
            if lead.endswith("  ") and token.level > 2:
                lead = lead[:-2] + "• "
            pieces = _inline(token.children or [], style)
            blocks.append(Content.assemble(lead, *(plain(t, s) for t, s in pieces)))
        elif kind in ("fence", "code_block"):
            blocks.append(plain(token.content.rstrip("\n"), "reverse"))
    return Content("\n\n").join(blocks)


def line_content(story: Story, line: Line, colors: bool = True) -> Content:
    """One line of dialogue (the speaker's name in their colour) or of narration."""
    if line.speaker is None:
        return markdown_content(line.text, NARRATION)
    character = story.characters.get(line.speaker)
    name = character.name if character else line.speaker
    style = "bold"
    if colors and character is not None and character.color:
        style = f"bold {character.color}"
    elif not colors:
        style = "bold underline"
    return Content.assemble(plain(name, style), ": ", markdown_content(line.text))


def scene_content(story: Story, scene: Scene, colors: bool = True) -> Content:
    """A scene's prose followed by its lines, one paragraph each."""
    parts: list[Content] = []
    if scene.text.strip():
        parts.append(markdown_content(scene.text))
    parts.extend(line_content(story, line, colors) for line in scene.lines)
    return Content("\n\n").join(parts)


class Prose(Static):
    """Shows Content, optionally revealed a few characters at a time (any key completes it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id, markup=False)
        self._full = Content("")
        self._shown = 0
        self._step = 0
        self._timer: Timer | None = None

    @property
    def shown_text(self) -> str:
        """The plain text on screen now (for tests and screen readers' transcripts)."""
        return self._full[: self._shown].plain

    @property
    def typing(self) -> bool:
        return self._timer is not None

    def show(self, content: Content, speed: int = 0) -> None:
        """Show `content`; with `speed` > 0, reveal it at that many characters a second."""
        self._stop()
        self._full = content
        if speed <= 0 or len(content) == 0:
            self._shown = len(content)
            self.update(content)
            return
        self._step = max(1, round(speed * TICK))
        self._shown = 0
        self.update(Content(""))
        self._timer = self.set_interval(TICK, self._tick)

    def complete(self) -> bool:
        """Show all the text now; True when there was text still to reveal."""
        if self._timer is None:
            return False
        self._stop()
        self._shown = len(self._full)
        self.update(self._full)
        return True

    def _tick(self) -> None:
        self._shown = min(len(self._full), self._shown + self._step)
        self.update(self._full[: self._shown])
        if self._shown >= len(self._full):
            self._stop()

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
