"""Text as the player sees it in a state: `{...}` filled in, variations moved on.

Kept apart from the runtime so that screens, transcripts and replays share one renderer.
"""

from __future__ import annotations

import dataclasses

from cellseven_game.engine import template
from cellseven_game.engine.conditions import holds
from cellseven_game.engine.model import Line, Scene, Story
from cellseven_game.engine.state import State


def render_text(story: Story, state: State, text: str, key: str, advance: bool = False) -> str:
    """`text` with its `{...}` filled from `state`; `key` names its place for variations."""

    def name_of(ident: str) -> str:
        found = story.characters.get(ident) or story.evidence.get(ident)
        return found.name if found is not None else ident

    variations = template.Variations(state.variations, key, state.seed, advance)
    parts = template.parse_template(text)
    return template.render(parts, state, name_of, variations)  # type: ignore[arg-type]


def shown_scene(story: Story, state: State, scene: Scene, advance: bool = False) -> Scene:
    """The scene as the player sees it in `state`: text rendered, lines whose `if` fails gone.

    With `advance`, each variation shown moves on (done once, on entering the scene).
    """
    if template.is_plain(scene.text) and all(
        line.condition is None and template.is_plain(line.text) for line in scene.lines
    ):
        return scene
    text = template.tidy(render_text(story, state, scene.text, scene.id, advance))
    lines: list[Line] = []
    for number, line in enumerate(scene.lines):
        if line.condition is not None and not holds(line.condition, state):  # type: ignore[arg-type]
            continue
        said = render_text(story, state, line.text, f"{scene.id}/line{number}", advance)
        if said.strip():
            lines.append(Line(line.speaker, said))
    return dataclasses.replace(scene, text=text, lines=tuple(lines))
