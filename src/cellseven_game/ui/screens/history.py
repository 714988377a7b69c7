"""The history (`h`): everything read so far and every choice taken, scrollable."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content

from cellseven_game.engine.play.history import read_so_far
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.ui.screens.overlay import RuntimeOverlay
from cellseven_game.ui.text import plain
from cellseven_game.ui.widgets.prose import scene_content


def history_content(runtime: Runtime, colors: bool = True) -> Content:
    """Everything read so far, as it was read (engine.history walks it for both views)."""
    blocks: list[Content] = []
    for past in read_so_far(runtime):
        if past.chapter is not None:
            blocks.append(plain(f"— {past.chapter.title} ({past.chapter.period}) —", "bold"))
        elif past.scene is not None:
            blocks.append(scene_content(runtime.story, past.scene, colors))
        else:
            blocks.append(plain(f"› {past.label}", "bold italic"))
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
