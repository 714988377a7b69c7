"""Explore merges states that differ only where no condition can tell them apart."""

from __future__ import annotations

from pathlib import Path

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.play.runtime import Runtime, random_walk
from cellseven_game.engine.tools.analysis import Explorer, explore
from cellseven_game.engine.tools.counters import EXACT

LOOP = """\
story:
  title: Loop
  start: one
  chapters: [one]
  variables:
    trust: 0
    shown: 0
    mixed: 0
characters:
  a: {name: A, bond: shown}
chapters:
  one:
    title: One
    period: "1997"
    start: hub
    scenes:
      hub:
        text: Round and round.
        choices:
          - label: Again
            once: false
            goto: hub
            do:
              - add: {trust: 1, shown: 1, mixed: 1}
          - label: Leave
            goto: out
            if: trust >= 3
          - label: Odd exit
            goto: odd
            if: mixed - 2 == 5
      out:
        text: Out.
        end: out
      odd:
        text: Odd.
        end: odd
"""


def test_growing_counters_are_capped_and_unread_ones_dropped(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(LOOP, encoding="utf-8")
    story = load_story(tmp_path)
    explorer = Explorer(story)
    # trust only grows and is compared with `>= 3`: from 3 on it no longer matters.
    assert explorer.caps["trust"] == 3
    # shown is read by nobody (only the roster shows it): it never splits states.
    assert explorer.caps["shown"] is None
    # mixed takes part in arithmetic: its exact value matters, so it is never capped.
    assert explorer.caps["mixed"] == EXACT


def test_a_number_read_outside_a_comparison_too_is_exact(tmp_path: Path) -> None:
    """`a + b >= 1` alone would cap `a` at 1; `a * 10 > 50` in the same condition reads more."""
    text = LOOP.replace("if: mixed - 2 == 5", "if: trust + shown >= 1 and trust * 10 > 50")
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    explorer = Explorer(load_story(tmp_path))
    assert explorer.caps["trust"] == EXACT
    assert explorer.sums == []  # trust is not read only as the sum with shown
    report = explore(load_story(tmp_path), max_states=10_000)
    assert "odd" in report["endings"]  # reached only with trust at 6 or more


def test_merging_keeps_every_ending_reachable(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(LOOP, encoding="utf-8")
    story = load_story(tmp_path)
    report = explore(story, max_states=5_000)
    # The odd exit needs mixed == 7 exactly: only an uncapped `mixed` finds it.
    assert report["endings"] == ["odd", "out"]
    assert report["unreached"] == []


def test_capped_walk_agrees_with_random_play(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(LOOP, encoding="utf-8")
    story = load_story(tmp_path)
    report = explore(story, max_states=5_000)
    for seed in range(30):
        runtime = Runtime(story)
        random_walk(runtime, seed, max_steps=200)
        if runtime.state.ending is not None:
            assert runtime.state.ending in report["endings"]
