"""A number that falls only by what once-only choices take off is still capped (counters.py).

A pack of 40 scenes whose corridors pay a coin each by a once-only `Pay` (and earn one on
every visit) was walked with its coins exact: a million states, 94 s, the trap check
incomplete. What such a number may lose in one play is bounded, so it is held at its cap
raised by that much: the same pack is walked whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.tools import counters
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.counters import EXACT, falls, number_caps

# Work earns a coin as often as the player likes; a once-only payment of 3 leads to a
# room that is won with 2 coins left. Held at 2 (what `coins >= 2` reads), a player who
# worked five times would pay down to -1 there and never win.
TOLL = """\
story:
  title: Toll
  start: c
  chapters: [c]
  variables: {coins: 0, debt: 0, fee: 0, tip: 0}
chapters:
  c:
    title: C
    period: "1997"
    start: hub
    scenes:
      hub:
        text: The hub.
        choices:
          - {label: Work, goto: hub, once: false, do: [{add: {coins: 1}}]}
          - {label: Pay, goto: paid, do: [{add: {coins: -3}}]}
          - {label: Tip, goto: hub, do: [{add: {tip: -1}}, {add: {tip: -1}}]}
          - {label: Owe, goto: hub, once: false, do: [{add: {debt: -1}}]}
          - {label: Fee, goto: fee_desk, if: tip < 0 and debt < 0 and fee < 0}
      fee_desk:
        text: A desk.
        do: [{add: {fee: -1}}]
        next: hub
      paid:
        text: Paid.
        choices:
          - {label: Win, goto: e_win, if: coins >= 2}
          - {label: Lose, goto: e_lose, if: coins < 2}
      e_win:
        text: Won.
        end: win
      e_lose:
        text: Lost.
        end: lose
"""


def _story(tmp_path: Path) -> Story:
    (tmp_path / "story.yaml").write_text(TOLL, encoding="utf-8")
    return load_story(tmp_path)


def test_what_each_number_may_lose(tmp_path: Path) -> None:
    fell = falls(_story(tmp_path))
    assert fell["coins"] == 3  # a once-only choice's
    assert fell["tip"] == 2  # two effects of one once-only choice
    assert fell["debt"] == EXACT  # a sticky choice's: as often as the player likes
    assert fell["fee"] == EXACT  # a scene's own, at every entry


def test_the_cap_is_raised_by_what_may_be_lost(tmp_path: Path) -> None:
    caps, _ = number_caps(_story(tmp_path))
    assert caps["coins"] == 2 + 3  # `coins >= 2`, and 3 may still be paid
    assert caps["debt"] == EXACT and caps["fee"] == EXACT


def test_a_number_falling_by_once_only_choices_is_walked_whole(tmp_path: Path) -> None:
    report = explore(_story(tmp_path), every_state=True, max_states=20_000)
    assert report["complete"] and report["states"] < 1_000
    assert report["endings"] == ["lose", "win"]


def test_without_the_margin_the_win_is_missed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (What the margin is for: held at the bare 2, five coins worked would be two.) The
    # numbers that may fall without bound are still kept exact.
    def no_margin(story: Story) -> dict[str, float]:
        return {name: (fell if fell == EXACT else 0.0) for name, fell in falls(story).items()}

    monkeypatch.setattr(counters, "falls", no_margin)
    report = explore(_story(tmp_path), every_state=True, max_states=20_000)
    assert report["complete"] and report["endings"] == ["lose"]
