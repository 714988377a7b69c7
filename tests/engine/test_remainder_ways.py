"""Strategies out of a scene that stops once its ways shut (escape.py `_search`). One
whose one way that may be open is on a visit count's remainder: no knowledge can be cut
on `visits hall % 2 == 1`, but either it is shut, and the play stops there (a dead end
finishes), or it is open, and the play goes on with all that is known. The roof of
house_hubs.py seed 9 (a globe's way, once-only, and a way out on odd visits to the hall)
was left in question, and the story walked past a million states; now it is proven free.
And one whose ways need a number that a loop back to it lowers at every round: round it
until they shut."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine.test_escape_numbers import _escape, _story
from engine.test_visit_bounds import HEAD, _agrees_with_the_walk

from cellseven_game.engine.core.conditions import condition_tree
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.tools.escape import Escape

ROOF = (
    HEAD
    + """\
          - {label: The roof, goto: roof, once: false}
          - {label: Wait, goto: hall, once: false}
          - {label: Leave, goto: out, if: visited roof}
      roof:
        text: The roof.
        choices:
          - {label: A globe, goto: hall}
          - {label: Back out, goto: hall, if: visits hall % 2 == 1, once: false}
      out:
        text: Out.
        end: out
"""
)

# A second way that may be open, up to an attic no play leaves: a play at the roof with the
# globe used and the hall's count even is taken up there for good.
ATTIC = ROOF.replace(
    "          - {label: A globe, goto: hall}\n",
    "          - {label: A globe, goto: hall}\n"
    "          - {label: Up, goto: attic, if: visits hall % 2 == 0, once: false}\n",
).replace(
    "      out:\n",
    "      attic:\n        text: The attic.\n        choices:\n"
    "          - {label: Round, goto: attic, once: false}\n      out:\n",
)


def test_the_roof_s_one_way_on_a_remainder_is_shut_or_open(tmp_path: Path) -> None:
    story = _story(tmp_path, ROOF)
    escape = _escape(story)
    escape.budget = 10_000
    assert escape._proof("roof", escape._at("roof"), 1_000)
    report = _agrees_with_the_walk(story)
    assert report["loops"] == [] and report["dead_ends"] == ["roof"]


def test_not_when_another_way_may_be_open(tmp_path: Path) -> None:
    story = _story(tmp_path, ATTIC)
    escape = _escape(story)
    escape.budget = 10_000
    assert not escape._proof("roof", escape._at("roof"), 1_000)
    report = _agrees_with_the_walk(story)
    assert report["loops"] == ["attic", "roof"]


# A lock whose key is spent at each round of the loft's loop back to it, its other way
# once-only: once the keys are gone and that way used, the lock is a dead end.
LOCK = (
    HEAD
    + """\
          - {label: The lock, goto: lock, once: false}
          - {label: Leave, goto: out, if: visited loft}
      lock:
        text: The lock.
        choices:
          - {label: Unlock, goto: loft, if: keys >= 1, once: false, do: [{add: {keys: -1}}]}
          - {label: Back, goto: hall}
      loft:
        text: The loft.
        choices:
          - {label: Down, goto: lock, once: false}
      out:
        text: Out.
        end: out
"""
).replace("  chapters: [yard]\n", "  chapters: [yard]\n  variables: {keys: 2}\n")


def test_a_loop_that_spends_the_key_its_lock_needs_ends_at_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """escape.py `_drains`: round the loft's loop until the keys are gone (house_hubs.py
    seed 33's signal hut, seed 5's stationmaster)."""
    story = _story(tmp_path, LOCK)
    escape = _escape(story)
    escape.budget = 10_000
    assert escape._drains([condition_tree("keys >= 1")], escape._at("lock")) == [
        (("var", "keys"), (False, 0.0))
    ]
    # (`keys > 1` shuts at one key, a whole number: not at the nearest value below 1)
    assert escape._drains([condition_tree("keys > 1")], escape._at("lock")) == [
        (("var", "keys"), (False, 1.0))
    ]
    assert escape._proof("lock", escape._at("lock"), 1_000)
    report = _agrees_with_the_walk(story)
    assert report["loops"] == [] and report["dead_ends"] == ["lock"]
    # A key found at each visit to the hall: as many as a play likes, which no splitting
    # of what is known at the lock comes to the end of. Round the loop it is.
    endless = LOCK.replace("The hall.\n", "The hall.\n        do: [{add: {keys: 1}}]\n", 1)
    assert _proof_at_lock(_story(tmp_path, endless))
    monkeypatch.setattr(Escape, "_drains", lambda self, shut, known: [])
    assert not _proof_at_lock(_story(tmp_path, endless))


def _proof_at_lock(story: Story) -> bool:
    escape = _escape(story)
    escape.budget = 10_000
    return escape._proof("lock", escape._at("lock"), 1_000)
