"""The scene header: chapter, period and place, and whether this is a memory."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from cellseven_game.engine.core.model import Scene, Story
from cellseven_game.engine.play.chapters import chapter_number, scene_is_memory, scene_period
from cellseven_game.ui.text import plain


def header_content(story: Story, scene: Scene) -> Content:
    chapter = story.chapters[scene.chapter]
    number = chapter_number(story, chapter.id)
    marker = "◆ memory" if scene_is_memory(story, scene) else "■ now"
    place = scene.place or chapter.place
    title = f"{number}. {chapter.title}" if number else chapter.title
    period = scene_period(story, scene)
    top = Content.assemble(plain(title, "bold"), "  ·  ", plain(period, "italic"), "  ", marker)
    if not place:
        return top
    return Content.assemble(top, "\n", plain(place, "dim italic"))


class SceneHeader(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def show(self, story: Story, scene: Scene) -> None:
        self.update(header_content(story, scene))
