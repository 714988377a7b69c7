"""The court record (`e`): evidence gathered and testimonies heard, in the order found."""

from __future__ import annotations

from textual.content import Content

from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.ui.screens.overlay import RuntimeOverlay
from cellseven_game.ui.text import plain
from cellseven_game.ui.widgets.prose import markdown_content


def record_content(runtime: Runtime) -> Content:
    story, state = runtime.story, runtime.state
    sections: list[Content] = []
    for kind, heading in (("item", "Evidence"), ("testimony", "Testimony")):
        entries: list[Content] = []
        for evidence_id in state.evidence:
            evidence = story.evidence.get(evidence_id)
            if evidence is None or evidence.kind != kind:
                continue
            lines = [plain(evidence.name, "bold")]
            if evidence.description:
                lines.append(markdown_content(evidence.description))
            if evidence.found:
                lines.append(plain(f"found: {evidence.found}", "dim italic"))
            entries.append(Content("\n").join(lines))
        body = (
            Content("\n\n").join(entries)
            if entries
            else Content.styled("nothing yet", "dim italic")
        )
        sections.append(Content.assemble((heading, "bold underline"), "\n\n", body))
    return Content("\n\n\n").join(sections)


class RecordScreen(RuntimeOverlay):
    TITLE_TEXT = "Court record"

    def body(self) -> Content:
        return record_content(self.runtime)
