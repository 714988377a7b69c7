"""The history (`h`): everything read so far and every choice taken, scrollable."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content

from cellseven_game.engine.runtime import Runtime
from cellseven_game.ui.screens.overlay import RuntimeOverlay
from cellseven_game.ui.text import plain
from cellseven_game.ui.widgets.prose import scene_content


def history_content(runtime: Runtime, colors: bool = True) -> Content:
    story, state = runtime.story, runtime.state
    steps = list(state.steps)
    blocks: list[Content] = []
    chapter = None
    for scene_id in state.trail:
        scene = story.scenes.get(scene_id)
        if scene is None:
            continue
        if scene.chapter != chapter:
            chapter = scene.chapter
            found = story.chapters[chapter]
            blocks.append(plain(f"— {found.title} ({found.period}) —", "bold"))
        blocks.append(scene_content(story, scene, colors))
        if steps and steps[0][0] == scene_id:
            _, choice_id = steps.pop(0)
            label = next((c.label for c in scene.choices if c.id == choice_id), "Continue")
            blocks.append(plain(f"› {label}", "bold italic"))
    return Content("\n\n").join(blocks)


class HistoryScreen(RuntimeOverlay):
    TITLE_TEXT = "History"

    def __init__(self, runtime: Runtime, colors: bool = True) -> None:
        super().__init__(runtime)
        self.use_colors = colors

    def body(self) -> Content:
        return history_content(self.runtime, self.use_colors)

    def on_mount(self) -> None:
        # Open at the latest text, like a chat log; scroll up to read back.
        self.query_one(VerticalScroll).scroll_end(animate=False)
