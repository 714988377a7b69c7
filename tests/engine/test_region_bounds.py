"""region_bounds.py: numbers kept exactly for the whole story, held at a bound where a
scene's future moves them only one way (a walk of a small loop was endless before)."""

from __future__ import annotations

from pathlib import Path

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.counters import EXACT, number_caps
from cellseven_game.engine.tools.explorer import Explorer
from cellseven_game.engine.tools.region_bounds import region_bounds

# `n` falls by 2 at each round of the cellar's loop, whose way out reads `n < 0`, and
# rises by 1 at each round of the yard's, whose gate reads `n >= 2`: it moves both ways,
# so counters.py keeps it exactly. The attic's loop raises `k`, read there only as
# `k != 2`; the hall reads `k * 2`, which keeps it exactly too.
PACK = """\
story:
  title: Bounds
  start: one
  chapters: [one]
  variables: {n: 1, k: 0}
chapters:
  one:
    title: One
    period: '1997'
    start: hall
    scenes:
      hall:
        text: Hall.
        choices:
          - {label: Cellar, goto: cellar}
          - {label: Yard, goto: yard}
          - {label: Attic, goto: attic}
          - {label: Study, goto: done, if: k * 2 > 9}
      cellar:
        text: Cellar.
        choices:
          - {label: Round, goto: dark, once: false}
          - {label: Out, goto: done, if: n < 0}
      dark:
        text: Dark.
        do: [{add: {n: -2}}]
        next: cellar
      yard:
        text: Yard.
        choices:
          - {label: Loft, goto: loft, once: false}
          - {label: Gate, goto: done, if: n >= 2}
      loft:
        text: Loft.
        do: [{add: {n: 1}}]
        next: yard
      attic:
        text: Attic.
        choices:
          - {label: Again, goto: attic_b, once: false}
          - {label: Down, goto: done, if: k != 2}
      attic_b:
        text: Again.
        do: [{add: {k: 1}}]
        next: attic
      done:
        text: Done.
        end: done
"""


def _pack(root: Path, text: str = PACK) -> Path:
    root.mkdir()
    (root / "story.yaml").write_text(text, encoding="utf-8")
    return root


def test_a_loop_that_only_lowers_a_number_holds_it_below_what_is_read(tmp_path: Path) -> None:
    story = load_story(_pack(tmp_path / "p"))
    caps, _ = number_caps(story)
    assert caps["n"] == EXACT and caps["k"] == EXACT
    bounds = region_bounds(story, ["n", "k"])
    assert bounds["cellar"] == (("n", False, ((-1, ()),)),)  # held at -1 going down
    assert bounds["dark"] == bounds["cellar"]
    assert bounds["yard"] == (("n", True, ((2, ()),)),)  # held at 2 going up
    assert bounds["attic"] == (("k", True, ((3, ()),)),)
    # The hall's future moves `n` both ways and reads `k * 2`: nothing held there.
    assert "hall" not in bounds
    # A sum whose other term holds still there: held at 2 less what `k` holds.
    summed = load_story(_pack(tmp_path / "q", PACK.replace("if: n >= 2", "if: n + k >= 2")))
    assert region_bounds(summed, ["n", "k"])["yard"] == (("n", True, ((2, ("k",)),)),)
    # Not when the other term moves there too, nor with a term not kept exactly.
    both = PACK.replace("if: n >= 2", "if: n + k >= 2").replace(
        "do: [{add: {n: 1}}]", "do: [{add: {n: 1}}, {add: {k: -1}}]"
    )
    assert "yard" not in region_bounds(load_story(_pack(tmp_path / "b", both)), ["n", "k"])
    assert "yard" not in region_bounds(summed, ["n"])
    # One way's effects together: down 1 then up 2 is up.
    net = PACK.replace("do: [{add: {n: 1}}]", "do: [{add: {n: -1}}, {add: {n: 2}}]")
    assert region_bounds(load_story(_pack(tmp_path / "u", net)), ["n"])["yard"] == (
        ("n", True, ((2, ()),)),
    )
    # A number set is no bound.
    reset = PACK.replace("do: [{add: {n: -2}}]", "do: [{add: {n: -2}}, {set: {k: 0}}]")
    assert region_bounds(load_story(_pack(tmp_path / "r", reset)), ["n"])["cellar"] == (
        ("n", False, ((-1, ()),)),
    )
    set_here = PACK.replace("do: [{add: {n: -2}}]", "do: [{set: {n: -2}}]")
    assert "cellar" not in region_bounds(load_story(_pack(tmp_path / "s", set_here)), ["n"])
    # But a number set to itself less a constant moves as an `add` does (counters.step).
    stepped = PACK.replace("do: [{add: {n: -2}}]", 'do: [{set: {n: "n - 2"}}]')
    assert region_bounds(load_story(_pack(tmp_path / "t", stepped)), ["n"]) == region_bounds(
        story, ["n"]
    )


def test_such_loops_are_walked_to_their_end(tmp_path: Path) -> None:
    # Before: the cellar's states went on without end (n = 1, -1, -3, ...) and the
    # yard's (n = 2, 3, 4, ...), capped, and the trap check incomplete.
    report = explore(load_story(_pack(tmp_path / "p")), every_state=True, max_states=20_000)
    assert not report["truncated"] and report["complete"]
    assert report["states"] < 100
    assert report["endings"] == ["done"] and report["unreached"] == []
    assert report["loops"] == [] and report["dead_ends"] == []


def test_a_sum_with_a_term_that_holds_still_is_walked_to_its_end(tmp_path: Path) -> None:
    # The yard's gate reads `n + k >= 2`; `k` never moves past the hall. Each visit to the
    # loft raises `n`: held at 2 less `k` once the gate is open for good.
    text = PACK.replace("if: n >= 2", "if: n + k >= 2")
    report = explore(load_story(_pack(tmp_path / "p", text)), every_state=True, max_states=20_000)
    assert not report["truncated"] and report["complete"] and report["states"] < 100
    assert report["loops"] == [] and report["dead_ends"] == []


def test_no_bound_where_a_walk_holds_a_number_or_a_term_of_its_sum_as_a_difference(
    tmp_path: Path,
) -> None:
    text = PACK.replace("if: n >= 2", "if: n + k >= 2")
    explorer = Explorer(load_story(_pack(tmp_path / "p", text)))
    assert explorer.bounds["yard"] == (("n", True, ((2, ("k",)),)),)
    explorer.walked_as_differences(["yard", "cellar"], frozenset({"k"}))
    assert explorer.bounds["yard"] == () and explorer.bounds["cellar"]
    explorer.walked_as_differences(["cellar"], frozenset({"n"}))
    assert explorer.bounds["cellar"] == ()
