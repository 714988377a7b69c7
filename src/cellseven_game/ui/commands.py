"""The command palette's chapter provider: open a chapter you have reached by its name.

Chapters not reached yet are neither listed nor opened here (engine.chapters.open_in_game,
the same rule as the chapters screen): the palette must not spoil the story."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cellseven_game.engine.core.failures import UsageError
from cellseven_game.engine.play.chapters import find_chapter, open_in_game
from cellseven_game.ui.text import highlighted, plain

if TYPE_CHECKING:
    from cellseven_game.ui.app import CellsevenApp


class ChapterCommands(Provider):
    """Lists chapters by title; an exact id, title or unique prefix ranks first."""

    def _entries(self) -> list[tuple[str, str, str]]:
        """(chapter id, its text as written, its help as markup) for each chapter."""
        game: CellsevenApp = self.app  # type: ignore[assignment]
        story, profile = game.story, game.profile
        if story is None or profile is None:
            return []
        entries = []
        for number, chapter_id in enumerate(story.chapter_order, start=1):
            chapter = story.chapters.get(chapter_id)
            if chapter is not None and open_in_game(chapter_id, profile.unlocked):
                text = f"Chapter {number}: {chapter.title} ({chapter.period})"
                entries.append((chapter_id, text, "Replay this chapter from its start"))
        return entries

    def _open(self, chapter_id: str) -> None:
        game: CellsevenApp = self.app  # type: ignore[assignment]
        if game.profile is not None and open_in_game(chapter_id, game.profile.unlocked):
            game.open_chapter(chapter_id)

    async def discover(self) -> Hits:
        for chapter_id, text, help_text in self._entries():
            yield DiscoveryHit(plain(text), partial(self._open, chapter_id), text, help_text)

    async def search(self, query: str) -> Hits:
        game: CellsevenApp = self.app  # type: ignore[assignment]
        exact = None
        if game.story is not None:
            try:
                exact = find_chapter(game.story, query.removeprefix("chapter").strip())
            except UsageError:
                exact = None
        matcher = self.matcher(query)
        for chapter_id, text, help_text in self._entries():
            score = 1.0 if chapter_id == exact else matcher.match(f"{text} {chapter_id}")
            if score > 0:
                shown = highlighted(matcher, text)  # not matcher.highlight: that reads markup
                yield Hit(score, shown, partial(self._open, chapter_id), text, help_text)
