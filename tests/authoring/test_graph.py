"""`cellseven graph`: Mermaid and Graphviz maps, their escaping, endings and unreachable scenes."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from cellseven_game.cli import main
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools import graph

NASTY = 'Say "hi" | [now] {{x}} <b> ; #1 `t` \\n end'  # {{x}}: a brace, not a variable
PACK = {
    "story.yaml": f"""
story:
  title: 'A "quoted" | title'
  start: c-1
  chapters: [c-1, two]
  variables: {{brave: false}}
chapters:
  c-1:
    title: 'One "[a]" | end'
    period: "1997"
    start: end
    scenes:
      end:
        text: hi
        choices:
          - label: '{NASTY}'
            goto: a-b
          - label: Be brave
            goto: lone
            if: not brave
            do: [{{flag: brave}}]
      a-b:
        text: x
        next: far
      lone:
        text: y
        end: done
      orphan:
        text: z
        end: lost
  two:
    title: Two
    period: "1997"
    start: far
    scenes:
      far:
        text: f
        end: far_end
""",
}


@pytest.fixture
def story(make_pack: Callable[[dict[str, str]], Path]):  # type: ignore[no-untyped-def]
    return load_story(make_pack(PACK))


def test_mermaid_has_chapters_arrows_endings_and_flags(story) -> None:  # type: ignore[no-untyped-def]
    text = graph.mermaid(story)
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    assert sum(line.strip().startswith("subgraph ") for line in lines) == 2
    assert sum(line.strip() == "end" for line in lines) == 2  # only subgraph closers
    assert '  story_start(("start")) --> s_end' in lines
    assert '    s_lone(["lone · ending: done"])' in lines  # endings: a stadium shape
    assert "  s_a_2d_b --> s_far" in lines  # `next`: a plain arrow
    assert any(
        line.startswith('  s_end -->|"Be brave #91;if not brave#93;"| s_lone') for line in lines
    )
    unreachable = next(
        line for line in lines if line.startswith("  class ") and "unreachable" in line
    )
    assert unreachable.split()[1] == "s_orphan"
    assert "classDef unreachable" in text and "classDef ending" in text


def test_mermaid_labels_are_escaped(story) -> None:  # type: ignore[no-untyped-def]
    text = graph.mermaid(story)
    labels = re.findall(r'\|"(.*?)"\|', text) + re.findall(r'\["(.*?)"\]', text)
    assert labels
    for label in labels:
        bare = re.sub(r"#\w+;", "", label)  # entity codes are the escaping itself
        assert not set(bare) & set('"|[]{}<>;`\\#'), label
    edge = next(label for label in re.findall(r'\|"(.*?)"\|', text) if label.startswith("Say"))
    assert edge.startswith(
        "Say #quot;hi#quot; #124; #91;now#93; #123;#123;x#125;#125; #lt;b#gt; #59; #35;1"
    )
    assert "s_end[" in text and " end[" not in text  # a scene named `end` gets a safe id


def test_dot_has_clusters_shapes_escaping_and_flags(story) -> None:  # type: ignore[no-untyped-def]
    text = graph.dot(story)
    assert text.startswith("digraph cellseven {") and text.rstrip().endswith("}")
    assert text.count("subgraph cluster_") == 2
    assert 'label="A \\"quoted\\" | title";' in text
    assert '"lone" [label="lone · ending: done", shape=doubleoctagon' in text
    orphan = next(line for line in text.splitlines() if line.strip().startswith('"orphan" ['))
    assert "dashed" in orphan and "unreachable" in orphan
    assert '"a-b" -> "far";' in text
    assert '"end" -> "a-b" [label="Say \\"hi\\" | [now] {{x}} <b> ; #1 `t` \\\\n end"];' in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
def test_graphviz_accepts_the_dot_output(story) -> None:  # type: ignore[no-untyped-def]
    done = subprocess.run(
        ["dot", "-Tsvg"], input=graph.dot(story), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "<svg" in done.stdout and "Say &quot;hi&quot;" in done.stdout


def test_one_chapter_shows_where_it_leads_outside(story) -> None:  # type: ignore[no-untyped-def]
    text = graph.mermaid(story, "c-1")
    assert text.count("subgraph ") == 1
    assert 's_far>"far · in chapter two"]' in text
    assert "story_start" not in text
    dot_text = graph.dot(story, "two")
    assert dot_text.count("subgraph cluster_") == 1 and '"end"' not in dot_text


def test_a_trial_draws_its_verdicts_as_dashed_arrows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert main(["graph", str(tmp_path / "p"), "--chapter", "hearing"]) == 0
    out = capsys.readouterr().out
    assert '    s_hearing_open{{"hearing_open · trial: lantern"}}' in out.splitlines()
    assert '  s_hearing_open -.->|"verdict: Not proven"| s_doubted' in out.splitlines()
    assert main(["graph", str(tmp_path / "p"), "--format", "dot"]) == 0
    out = capsys.readouterr().out
    assert (
        '"hearing_open" -> "cleared" [label="verdict: The keeper is cleared", style=dashed];' in out
    )


def test_graph_cli_refuses_an_unknown_chapter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--chapter", "no-such-chapter"]) == 2
    assert "no chapter" in capsys.readouterr().err


README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_map_is_the_current_graph(capsys: pytest.CaptureFixture[str]) -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## A chapter's map", 1)
    assert len(section) == 2, "README.md lost its section `## A chapter's map`"
    found = re.search(r"```mermaid\n(.*?)```", section[1], re.S)
    assert found, "the README's map is not a ```mermaid block"
    chapter = re.search(r"cellseven graph --chapter ([\w-]+)", section[1])
    assert chapter, "the README's map does not say how it was made"
    assert main(["graph", "--chapter", chapter.group(1)]) == 0
    assert found.group(1) == capsys.readouterr().out, (
        f"README.md's map is stale: run `cellseven graph --chapter {chapter.group(1)}`"
    )
