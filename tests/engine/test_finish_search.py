"""A chapter replayed by name whose way out no play found: a breadth-first search for one
(seek.seek_finish, asked by witnessed.py once every scene is reached and every dead end seen).

House seed 14's house is left only with the letter read, the clock wound and a key, in an
order each step of which shuts the way back from the one before. Its plays reach every room;
the searches drawn to the way out chase the guard's parts in the wrong order. Before this
search the chapter was walked whole: 257,088 states, 20 s.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import corridor_hubs, house_hubs
from engine.test_visit_bounds import _agrees_with_the_walk

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.runtime import Unshown
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.tools import witnessed
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.seek import seek_finish

# The study is left through its door only with the lamp lit and the key found, the key only
# in the dark (the cupboard shuts once the lamp is lit), and each room's way back shut once
# the other's errand is done: the cupboard first, then the desk, then out.
STUDY = """\
story:
  title: The study
  start: arrive
  chapters: [arrive, study, after]
  variables: {key: false, lamp: false}
chapters:
  arrive:
    title: Arriving
    period: "1997"
    start: step
    scenes:
      step:
        text: The step.
        next: hall
  study:
    title: The study
    period: "1997"
    start: hall
    scenes:
      hall:
        text: The hall.
        choices:
          - {label: The cupboard, goto: cupboard, if: not lamp, once: false}
          - {label: The desk, goto: desk, once: false}
          - {label: Out, goto: yard, if: "key and lamp", once: false}
      cupboard:
        text: The cupboard.
        do: [{flag: key}]
        choices:
          - {label: Back, goto: hall, once: false}
      desk:
        text: The desk.
        do: [{flag: lamp}]
        choices:
          - {label: Back, goto: hall, if: "key or not lamp", once: false}
          - {label: Sit, goto: desk, once: false}
  after:
    title: After
    period: "1997"
    start: yard
    scenes:
      yard:
        text: The yard.
        end: out
"""


def _first(story: Story, chapter: str) -> State:
    first = initial_state(story, chapter)
    Unshown(story, first).enter(first.scene)
    return first


def test_breadth_first_finds_the_way_out(tmp_path: Path) -> None:
    (tmp_path / "story.yaml").write_text(STUDY, encoding="utf-8")
    story = load_story(tmp_path)
    finished: list[State] = []
    spent = seek_finish(story, _first(story, "study"), finished.append, 1_000)
    left = [s for s in finished if s.status == "chapter_end"]
    assert spent < 1_000 and left
    # A real play's: the key found before the lamp was lit.
    assert left[0].variables == {"key": True, "lamp": True} and left[0].scene == "hall"


def test_a_chapter_with_no_way_out_is_searched_to_its_end(tmp_path: Path) -> None:
    # The cupboard shut from the start: no key, and the door never opens.
    shut = STUDY.replace("if: not lamp, once: false}", "if: lamp and not lamp, once: false}")
    (tmp_path / "story.yaml").write_text(shut, encoding="utf-8")
    story = load_story(tmp_path)
    finished: list[State] = []
    spent = seek_finish(story, _first(story, "study"), finished.append, 1_000)
    assert 0 < spent < 1_000  # every state expanded, each once
    assert not any(s.status in ("chapter_end", "ended") for s in finished)


def test_house_seed_14_is_left_without_walking_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = load_story(house_hubs.gen(tmp_path / "14", 14))
    found = witnessed.witness(story, "house")
    assert found.settled and found.chapter_ends == {"house"}
    report = explore(story)
    assert report["chapters"]["house"]["proof"] == "playthroughs"
    assert report["chapters"]["house"]["replayable"]
    # Without the search, the way out is the only question left open (and the chapter
    # is walked whole).
    monkeypatch.setattr(witnessed, "seek_finish", lambda *_: 0)
    found = witnessed.witness(story, "house")
    assert not found.settled
    assert not (found.open_scenes or found.open_dead_ends or found.open_loops)
    assert not found.chapter_ends


def test_where_no_play_can_finish_every_scene_entered_is_a_loop_with_no_way_out(
    tmp_path: Path,
) -> None:
    # Corridor seed 51: its road out needs three flags no play holds together, and no room
    # is a dead end. Its gate and porch, entered once at the start, were never asked about:
    # left in question, the hub was walked (33,588 states).
    story = load_story(corridor_hubs.gen(tmp_path / "51", 51))
    found = witnessed.witness(story, None)
    assert found.settled and not found.endings and not found.dead_ends
    assert {"gate", "porch", "hub"} <= found.trapped
    assert "road" not in found.reached
    report = _agrees_with_the_walk(story)
    assert report["proof"] == "playthroughs" and "gate" in report["loops"]


def test_a_dead_end_left_keeps_the_scenes_in_question(tmp_path: Path) -> None:
    # The study whose door never opens, but whose desk can be sat at only once: a play that
    # has sat there and lit the lamp stops at the desk, and every play can. No loop with no
    # way out (read as one where nothing finishes, the hall and the desk would be).
    shut = STUDY.replace("if: not lamp, once: false}", "if: lamp and not lamp, once: false}")
    shut = shut.replace(
        "{label: Sit, goto: desk, once: false}", "{label: Sit, goto: desk, once: true}"
    )
    (tmp_path / "story.yaml").write_text(shut, encoding="utf-8")
    story = load_story(tmp_path)
    report = _agrees_with_the_walk(story)
    assert report["dead_ends"] == ["desk"] and report["loops"] == []
