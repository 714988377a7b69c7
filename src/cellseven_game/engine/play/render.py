"""Text as the player sees it in a state: `{...}` filled in, variations moved on.

Kept apart from the runtime so that screens, transcripts and replays share one renderer.
"""

from __future__ import annotations

import dataclasses

from cellseven_game.engine.core import template
from cellseven_game.engine.core.model import Scene, Story
from cellseven_game.engine.play.state import State


def render_text(story: Story, state: State, text: str, key: str, advance: bool = False) -> str:
    """`text` with its `{...}` filled from `state`; `key` names its place for variations."""
    return template.shown_text(story, state, text, key, advance)


def shown_scene(story: Story, state: State, scene: Scene, advance: bool = False) -> Scene:
    """The scene as the player sees it in `state`: text rendered, lines whose `if` fails gone.

    With `advance`, each variation shown moves on (done once, on entering the scene).
    """
    if template.is_plain(scene.text) and all(
        line.condition is None and template.is_plain(line.text) for line in scene.lines
    ):
        return scene
    text = template.tidy(render_text(story, state, scene.text, scene.id, advance))
    lines = template.shown_lines(story, state, scene.lines, scene.id, advance)
    return dataclasses.replace(scene, text=text, lines=lines)
