"""The visit counts a settled state keeps (explorer.py `settle`): those both held and read,
found from the fewer of the two, hashed in no set order."""

from __future__ import annotations

from pathlib import Path

from engine.test_escape_numbers import _story
from started import entered

from cellseven_game.engine.tools.explorer import Explorer

ROUNDS = """\
story:
  title: Rounds
  start: yard
  chapters: [yard]
chapters:
  yard:
    title: The yard
    period: "1997"
    start: gate
    scenes:
      gate:
        text: The gate.
        choices:
          - {label: Round the well, goto: well, once: false}
          - {label: Round the barn, goto: barn, once: false}
          - {label: Round the shed, goto: shed, once: false}
          - {label: Leave, goto: out, if: "visits well > 2 and visits barn > 1"}
      well: {text: The well., next: gate}
      barn: {text: The barn., next: gate}
      shed: {text: The shed., next: gate}
      out: {text: Out., end: out}
"""


def test_a_state_is_kept_by_the_counts_it_holds_whatever_their_order(tmp_path: Path) -> None:
    story = _story(tmp_path, ROUNDS)
    explorer = Explorer(story)
    first = entered(story)
    one, two, more = (Explorer.clone(first) for _ in range(3))
    one.visits.update({"well": 2, "barn": 1, "shed": 5})
    two.visits.update({"shed": 1, "barn": 1, "well": 2})  # (the shed is read nowhere)
    more.visits.update({"barn": 1, "well": 3})
    assert explorer.key(one) == explorer.key(two)
    assert explorer.key(one) != explorer.key(more)
    settled = Explorer.clone(one)
    explorer.settle(settled)
    assert settled.visits == {"well": 2, "barn": 1}
