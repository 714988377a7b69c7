"""The roster (`r`): characters met so far, with what the player has learned of them."""

from __future__ import annotations

from textual.content import Content

from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.ui.screens.overlay import RuntimeOverlay
from cellseven_game.ui.text import plain
from cellseven_game.ui.widgets.prose import markdown_content


def bond_line(bond: object) -> str:
    """The bond counter in words: what it is and how it grows, not a bare number."""
    return (
        f"closeness {bond}: it grows each time you choose to stand by each other, "
        "and it colours how the story ends"
    )


def roster_content(runtime: Runtime, colors: bool = True) -> Content:
    story, state = runtime.story, runtime.state
    blocks: list[Content] = []
    for character_id in state.met:
        character = story.characters.get(character_id)
        if character is None or not character.roster:
            continue  # walk-on parts stay out, and unmet characters never appear
        style = f"bold {character.color}" if colors and character.color else "bold"
        head = plain(character.name, style)
        if character.role:
            head = Content.assemble(head, ", ", plain(character.role, "italic"))
        lines = [head]
        if character.bio:
            lines.append(markdown_content(character.bio))
        for fact_id, text in character.facts:
            if f"{character.id}.{fact_id}" in state.facts:
                lines.append(Content.assemble("  • ", markdown_content(text)))
        if character.bond is not None:
            bond = state.variables.get(character.bond, 0)
            lines.append(Content.styled(f"  {bond_line(bond)}", "dim"))
        blocks.append(Content("\n").join(lines))
    if not blocks:
        return Content.styled("You have not met anyone yet.", "italic")
    return Content("\n\n").join(blocks)


class RosterScreen(RuntimeOverlay):
    TITLE_TEXT = "Roster"

    def body(self) -> Content:
        return roster_content(self.runtime, getattr(self.app, "name_colors", True))
