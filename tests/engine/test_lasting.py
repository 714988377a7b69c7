"""graph_bounds.lasting: a once-only way that no play comes back from to its scene, so it is
open at every visit; and the walk counts the ways out it keeps (explorer.py)."""

from __future__ import annotations

from pathlib import Path

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.explorer import Explorer
from cellseven_game.engine.tools.graph_bounds import lasting
from cellseven_game.engine.tools.story_walk import walk_chapter

QUESTS = """\
story:
  title: Errands
  start: hub_ch
  chapters: [hub_ch, once_q, flag_q, back_q]
  variables: {b_done: false, c_done: false}
chapters:
  hub_ch:
    title: Hub
    period: "1997"
    start: hub
    scenes:
      hub:
        text: The square.
        choices:
          - {label: Quest A, goto: a1}
          - {label: Quest B, goto: b1, once: false, if: not b_done}
          - {label: Quest C, goto: c1, once: false, if: not c_done}
          - {label: Home, goto: home, once: false}
      home:
        text: Home.
        end: home
  once_q:
    title: A
    period: "1997"
    start: a1
    scenes:
      a1:
        text: A room.
        choices:
          - {label: Look again, goto: a1, once: false, if: visits a1 < 2}
          - {label: Press on, goto: a2}
      a2:
        text: The reward.
        next: hub
  flag_q:
    title: B
    period: "1997"
    start: b1
    scenes:
      b1:
        text: B room.
        choices:
          - {label: Look again, goto: b1, once: false, if: visits b1 < 2}
          - {label: Press on, goto: b2}
      b2:
        text: B reward.
        choices:
          - {label: Claim it, goto: hub, do: [{set: {b_done: true}}]}
  back_q:
    title: C
    period: "1997"
    start: c1
    scenes:
      c1:
        text: C room.
        choices:
          - {label: Look again, goto: c1, once: false, if: visits c1 < 2}
          - {label: Press on, goto: c2}
      c2:
        text: C fork.
        choices:
          - {label: Claim it, goto: hub, do: [{set: {c_done: true}}]}
          - {label: Go back to the square, goto: hub, once: false}
"""


def test_a_way_no_play_comes_back_from_is_open_at_every_visit(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(QUESTS, encoding="utf-8")
    story = load_story(tmp_path)
    found = lasting(story)
    # A: offered once from the square (a replay of the quest starts at a1 and stops at
    # the square). B: its only way back sets b_done, and the square offers B only while
    # not b_done.
    assert "a1/press_on" in found and "b1/press_on" in found
    # C: the way back to the square keeps c_done unset, and C is offered again.
    assert "c1/press_on" not in found
    report = explore(story)
    assert report["complete"] and report["dead_ends"] == ["c1"]


def test_a_flag_unset_again_somewhere_proves_nothing(tmp_path: Path) -> None:
    unset = QUESTS.replace(
        "- {label: Home, goto: home, once: false}",
        "- {label: Home, goto: home, once: false}\n"
        "          - {label: Forget, goto: hub, once: false, do: [{set: {b_done: false}}]}",
    )
    (tmp_path / "story.yaml").write_text(unset, encoding="utf-8")
    story = load_story(tmp_path)
    assert "b1/press_on" not in lasting(story)
    report = explore(story)
    assert report["complete"] and report["dead_ends"] == ["b1", "c1"]


DOORS = """\
story:
  title: Doors
  start: one
  chapters: [one, two]
  variables: {n: 0}
chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
      a:
        text: A.
        choices:
          - {label: More, goto: a, once: false, if: n < 4, do: [{add: {n: 1}}]}
DOOR_CHOICES
  two:
    title: Two
    period: "1997"
    start: z
    scenes:
      z:
        text: "{n}"
        choices:
          - {label: End, goto: z_end, if: n > 0}
          - {label: Stop, goto: z_end}
      z_end:
        text: End.
        end: done
"""


def test_a_walk_counts_the_ways_out_it_keeps(tmp_path: Path) -> None:
    """Five states, each with twelve ways out, each setting its own flag the next chapter
    reads: sixty ways out kept. A cap of 30 cuts the walk short (it once counted states
    only: a hub of forty quests kept 560,000 ways out, 8 GB, under its cap)."""
    doors = "\n".join(
        f"          - {{label: Door {k}, goto: z, do: [{{set: {{d{k}: true}}}}]}}"
        for k in range(12)
    )
    text = DOORS.replace("DOOR_CHOICES", doors).replace(
        "{n: 0}", "{n: 0, " + ", ".join(f"d{k}: false" for k in range(12)) + "}"
    )
    text = text.replace(
        "if: n > 0}", "if: n > 0 and " + " and ".join(f"not d{k}" for k in range(12)) + "}"
    )
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    story = load_story(tmp_path)
    whole = walk_chapter(Explorer(story), "one", 1_000)
    assert whole.states == 5 and len(whole.exits) == 60 and not whole.truncated
    explorer = Explorer(story)
    cut = walk_chapter(explorer, "one", 30)
    assert cut.truncated and cut.states + len(cut.exits) <= 30
    assert explorer.kept == cut.states + len(cut.exits)
