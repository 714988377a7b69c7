"""The scene graph as text for diagram tools: a Mermaid `flowchart` or a Graphviz `digraph`.

Chapters become subgraphs (Mermaid) or clusters (Graphviz); choices are labelled arrows,
`next` a plain arrow, a trial's verdict tiers and refutation scenes dashed arrows. Endings
have their own shape; scenes the start cannot reach (ignoring conditions) are flagged.
Every label goes through the format's own escaping, so any story text is safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from cellseven_game.engine.compile.graph_checks import graph_reachable
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.core.printable import printable

Format = Literal["mermaid", "dot"]
FORMATS: tuple[Format, ...] = ("mermaid", "dot")
MAX_LABEL = 48  # longer choice labels are cut: the map is for finding your way


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    label: str  # "" for a plain `next`
    kind: Literal["choice", "next", "trial"]


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    chapter: str
    kind: Literal["scene", "ending", "trial", "outside"]
    label: str
    unreachable: bool = False
    start: bool = False


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def _choice_label(label: str, condition: str | None) -> str:
    label = _short(label)
    return f"{label} [if {' '.join(condition.split())}]" if condition else label


def collect(story: Story, chapter: str | None = None) -> tuple[list[Node], list[Edge]]:
    """The nodes and edges to draw: the whole story, or one chapter and where it leads."""
    reachable = graph_reachable(story, [story.first_scene()])
    starts = {c.start for c in story.chapters.values()}
    chapters = [chapter] if chapter is not None else list(story.chapter_order)
    nodes: list[Node] = []
    edges: list[Edge] = []
    inside: set[str] = set()
    for chapter_id in chapters:
        for scene_id in story.chapters[chapter_id].scenes:
            scene = story.scenes[scene_id]
            inside.add(scene_id)
            label = scene_id
            kind: Literal["scene", "ending", "trial"] = "scene"
            if scene.end is not None:
                kind, label = "ending", f"{scene_id} · ending: {scene.end}"
            elif scene.trial is not None:
                kind, label = "trial", f"{scene_id} · trial: {scene.trial}"
            nodes.append(
                Node(
                    scene_id,
                    chapter_id,
                    kind,
                    label,
                    unreachable=scene_id not in reachable,
                    start=scene_id in starts,
                )
            )
            for choice in scene.choices:
                edges.append(
                    Edge(
                        scene_id,
                        choice.goto,
                        _choice_label(choice.label, choice.condition),
                        "choice",
                    )
                )
            if scene.next is not None:
                edges.append(Edge(scene_id, scene.next, "", "next"))
            if scene.trial is not None:
                edges.extend(_trial_edges(story, scene_id, scene.trial))
    for target in dict.fromkeys(e.target for e in edges):
        if target not in inside and target in story.scenes:
            other = story.scenes[target].chapter
            nodes.append(Node(target, other, "outside", f"{target} · in chapter {other}"))
    return nodes, edges


def _trial_edges(story: Story, scene_id: str, trial_id: str) -> list[Edge]:
    found = story.trials.get(trial_id)
    if found is None:
        return []
    out = [
        Edge(scene_id, c.refuted.scene, f"refuted: {_short(c.title)}", "trial")
        for c in found.claims
        if c.refuted.scene is not None
    ]
    out.extend(
        Edge(scene_id, t.goto, f"verdict: {_short(t.title)}", "trial") for t in found.verdict
    )
    return out


# -- Mermaid ---------------------------------------------------------------------------

_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "|": "#124;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "<": "#lt;",
    ">": "#gt;",
    ";": "#59;",
    "`": "#96;",
    "\\": "#92;",  # Mermaid reads a backslash-n as a line break
}
_MERMAID_SPECIAL = re.compile("[" + re.escape("".join(_MERMAID_ENTITIES)) + "]")


def mermaid_text(text: str) -> str:
    """A label safe inside Mermaid's double quotes: specials become entity codes."""
    text = printable(" ".join(text.split()))
    return _MERMAID_SPECIAL.sub(lambda m: _MERMAID_ENTITIES[m.group(0)], text)


def mermaid_id(ident: str) -> str:
    """A node id Mermaid cannot mistake for a keyword (`end`) or an arrow (`a-->b`)."""
    return "s_" + re.sub(r"[^A-Za-z0-9_]", lambda m: f"_{ord(m.group(0)):x}_", ident)


def mermaid(story: Story, chapter: str | None = None) -> str:
    nodes, edges = collect(story, chapter)
    out = ["flowchart TD"]
    by_chapter: dict[str, list[Node]] = {}
    for node in nodes:
        if node.kind != "outside":
            by_chapter.setdefault(node.chapter, []).append(node)
    shapes = {
        "scene": ('["', '"]'),
        "ending": ('(["', '"])'),
        "trial": ('{{"', '"}}'),
        "outside": ('>"', '"]'),
    }
    if chapter is None:
        out.append('  story_start(("start")) --> ' + mermaid_id(story.first_scene()))
    for chapter_id, members in by_chapter.items():
        title = story.chapters[chapter_id].title
        out.append(
            f'  subgraph ch_{mermaid_id(chapter_id)}["{mermaid_text(title)} ({chapter_id})"]'
        )
        for node in members:
            left, right = shapes[node.kind]
            out.append(f"    {mermaid_id(node.id)}{left}{mermaid_text(node.label)}{right}")
        out.append("  end")
    for node in nodes:
        if node.kind == "outside":
            left, right = shapes[node.kind]
            out.append(f"  {mermaid_id(node.id)}{left}{mermaid_text(node.label)}{right}")
    arrows = {"choice": "-->", "next": "-->", "trial": "-.->"}
    for e in edges:
        label = f'|"{mermaid_text(e.label)}"|' if e.label else ""
        out.append(f"  {mermaid_id(e.source)} {arrows[e.kind]}{label} {mermaid_id(e.target)}")
    classes = {
        "ending": "fill:#e8f5e9,stroke:#2e7d32,stroke-width:2px",
        "trial": "fill:#fff8e1,stroke:#f9a825",
        "outside": "fill:#f5f5f5,stroke:#9e9e9e,color:#616161",
        "unreachable": "fill:#ffebee,stroke:#c62828,stroke-dasharray:5 5",
        "start": "stroke-width:3px",
    }
    for name, style in classes.items():
        ids = [
            mermaid_id(n.id)
            for n in nodes
            if (n.kind == name)
            or (name == "unreachable" and n.unreachable)
            or (name == "start" and n.start and n.kind != "outside")
        ]
        if ids:
            out.append(f"  classDef {name} {style}")
            out.append(f"  class {','.join(ids)} {name}")
    return "\n".join(out) + "\n"


# -- Graphviz ----------------------------------------------------------------------------


def dot_text(text: str) -> str:
    """A string safe inside Graphviz double quotes."""
    text = printable(" ".join(text.split()))
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(story: Story, chapter: str | None = None) -> str:
    nodes, edges = collect(story, chapter)
    out = [
        "digraph cellseven {",
        f"  label={dot_text(story.title)};",
        "  labelloc=t;",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    shapes = {
        "scene": 'shape=box, style="rounded,filled"',
        "ending": 'shape=doubleoctagon, style=filled, fillcolor="#e8f5e9", color="#2e7d32"',
        "trial": 'shape=hexagon, style=filled, fillcolor="#fff8e1", color="#f9a825"',
        "outside": 'shape=cds, style="filled", fillcolor="#f5f5f5", fontcolor="#616161"',
    }

    def node_line(node: Node) -> str:
        attrs = [f"label={dot_text(node.label)}", shapes[node.kind]]
        if node.unreachable:
            attrs.append('style="dashed,filled", fillcolor="#ffebee", color="#c62828"')
            attrs.append('tooltip="unreachable from the story\'s start"')
        if node.start and node.kind != "outside":
            attrs.append("penwidth=3")
        return f"{dot_text(node.id)} [{', '.join(attrs)}];"

    if chapter is None:
        out.append('  story_start [label="start", shape=circle];')
        out.append(f"  story_start -> {dot_text(story.first_scene())};")
    seen: list[str] = []
    for node in nodes:
        if node.kind != "outside" and node.chapter not in seen:
            seen.append(node.chapter)
    for index, chapter_id in enumerate(seen):
        title = f"{story.chapters[chapter_id].title} ({chapter_id})"
        out.append(f"  subgraph cluster_{index} {{")
        out.append(f"    label={dot_text(title)};")
        out.extend(
            f"    {node_line(n)}" for n in nodes if n.chapter == chapter_id and n.kind != "outside"
        )
        out.append("  }")
    out.extend(f"  {node_line(n)}" for n in nodes if n.kind == "outside")
    for e in edges:
        attrs = []
        if e.label:
            attrs.append(f"label={dot_text(e.label)}")
        if e.kind == "trial":
            attrs.append("style=dashed")
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        out.append(f"  {dot_text(e.source)} -> {dot_text(e.target)}{suffix};")
    out.append("}")
    return "\n".join(out) + "\n"


def render(story: Story, fmt: Format, chapter: str | None = None) -> str:
    return mermaid(story, chapter) if fmt == "mermaid" else dot(story, chapter)
