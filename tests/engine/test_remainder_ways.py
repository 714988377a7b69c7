"""A strategy out of a scene whose one way that may be open is on a visit count's
remainder (escape.py `_search`): no knowledge can be cut on `visits hall % 2 == 1`, but
either it is shut, and the play stops there (a dead end finishes), or it is open, and the
play goes on with all that is known. The roof of house_hubs.py seed 9 (a globe's way,
once-only, and a way out on odd visits to the hall) was left in question, and the story
walked past a million states; now it is proven free."""

from __future__ import annotations

from pathlib import Path

from engine.test_escape_numbers import _escape, _story
from engine.test_visit_bounds import HEAD, _agrees_with_the_walk

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
