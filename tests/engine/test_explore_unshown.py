"""`explore` never renders a text: its playthroughs, searches and walks run `Unshown`.

Labels with values in them (`Ask ({score} left)`) and varying texts were rendered at every
step of every playthrough, 7-10% of proving an outside romance or dungeon, though no
condition reads a label or a variation. Here rendering fails outright while a pack of such
texts is explored, proven and walked; the player's own runtime still renders them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.play import render, runtime
from cellseven_game.engine.play.runtime import Runtime, Unshown
from cellseven_game.engine.tools.analysis import explore

PACK = """\
story:
  title: Asking
  start: c
  chapters: [c]
  variables: {score: 3, asked: false}
chapters:
  c:
    title: C
    period: "1997"
    start: a
    scenes:
      a:
        text: "Score {score}. {first|second|always after}. {~x|y|z}"
        choices:
          - label: "Ask ({score} left)"
            goto: a
            once: false
            if: score > 0
            do: [{set: {asked: true}}, {add: {score: -1}}]
          - {label: "Leave {first|again}", goto: b, if: asked, when_false: disable}
      b:
        text: "Done {asked: having asked}."
        end: done
"""


def _pack(tmp_path: Path) -> Path:
    (tmp_path / "story.yaml").write_text(PACK, encoding="utf-8")
    return tmp_path


def test_explore_renders_no_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = load_story(_pack(tmp_path))

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("a text was rendered")

    for module in (runtime, render):
        monkeypatch.setattr(module, "render_text", refuse)
        monkeypatch.setattr(module, "shown_scene", refuse)
    for kind in ({}, {"every_state": True}, {"quick_walk": 0}):
        report = explore(story, **kind)  # type: ignore[arg-type]
        assert report["endings"] == ["done"] and report["unreached"] == []
        assert report["dead_ends"] == [] and report["loops"] == []


def test_unshown_options_keep_labels_as_written(tmp_path: Path) -> None:
    story = load_story(_pack(tmp_path))
    seen, played = Runtime(story), Unshown(story)
    assert [o.label for o in seen.options()] == ["Ask (3 left)", "Leave first"]
    assert [o.label for o in played.options()] == ["Ask ({score} left)", "Leave {first|again}"]
    assert played.state.variables == seen.state.variables
