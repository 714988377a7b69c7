"""The searches through a string of hearings (seek.py, witnessed.py).

An outside mystery (`outside_c.py mystery`) of 1,000 scenes: 31 days of clues round a
manor's hall and five hearings. A hearing not won raises the suspicion that the last one's
best ruling reads, `credibility >= 2 and (suspicion < 2 or won_h1 or ... won_h4)`, and what
wins a hearing is gathered days before it. No report in 60 s, for three reasons:

- the guided search read the rule's `or` as one way, so what every play through it needs
  was what both sides need (the last hearing's clues), and it gathered nothing to win an
  earlier hearing; now each side of an `or` is a way of its own, and a side counting on a
  number to stay under its cap (`suspicion < 2`, raised by each hearing lost) comes last;
- one search for forty scenes gave 2,000 states to each target before putting it off, and
  the hearings' won scenes, near and hard, took them all; now 500;
- a hearing won only by a search was never gone on from: its endings (a flight from the
  manor, days later) were left to plays from the start. A search's state is now kept as a
  play's first state at its scene is.
"""

from __future__ import annotations

import pytest
from benchmarks import outside_c
from started import entered, outside_story

from cellseven_game.engine.core.conditions import condition_tree
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.core.trial_model import Move
from cellseven_game.engine.play.runtime import Unshown
from cellseven_game.engine.play.state import State
from cellseven_game.engine.tools.seek import _held_under_anywhere, _split, children, seek
from cellseven_game.engine.tools.witnessed import Budget, witness


@pytest.fixture(scope="module")
def mystery(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return outside_story(
        tmp_path_factory, outside_c.main, "mystery", "--scenes", "1000", "--seed", "0"
    )


def test_a_guard_splits_into_a_way_for_each_side_of_its_ors() -> None:
    a, b, c, d = (condition_tree(name) for name in ("a", "b", "c", "d"))
    parts = [a, condition_tree("b or c")]
    assert _split(parts) == [[a, b], [a, c]]
    assert _split([condition_tree("a or b"), condition_tree("c or d")]) == [
        [a, c],
        [a, d],
        [b, c],
        [b, d],
    ]
    many = [condition_tree(" or ".join(f"v{n}_{k}" for k in range(3))) for n in range(2)]
    assert _split(many) == [many]  # nine ways, past MAX_WAYS_A_GUARD: read as it is


def test_the_last_rulings_suspicion_is_held_under_its_cap(mystery: Story) -> None:
    assert ("suspicion", -1) in _held_under_anywhere(mystery)
    assert all(name != "credibility" for name, _ in _held_under_anywhere(mystery))


def test_the_guided_search_wins_a_hearing_on_the_way_to_the_truth(mystery: Story) -> None:
    # Before: 30,000 states and no `end_justice` (each play at the last hearing held its
    # clues but had lost every hearing before it).
    reached: list[State] = []

    def met(state: State) -> None:
        if state.scene == "end_justice":
            reached.append(state)

    seek(mystery, None, {"end_justice"}, met, budget=3_000, guided=True, first=entered(mystery))
    assert reached, "the best ending was not reached"
    won = [n for n in range(1, 5) if reached[0].variables.get(f"won_h{n}")]
    assert won or reached[0].variables["suspicion"] < 2


def test_a_search_in_court_shows_one_item_that_answers_and_one_that_does_not(
    mystery: Story,
) -> None:
    # Every item held is offered against the statement objected to; one of each kind does
    # what the rest do (a hearing with 70 items held had 70 children a state).
    found: list[State] = []

    def met(state: State) -> None:
        if state.trial is not None and state.trial.objecting is not None and not found:
            found.append(state)

    seek(mystery, None, {"h1_won"}, met, budget=400, guided=True, first=entered(mystery))
    assert found
    state = found[0]
    offered = [o for o in Unshown(mystery, state)._options() if o.enabled]
    moves = [Move.parse(o.choice.id) if o.choice is not None else None for o in offered]
    presents = [m for m in moves if m is not None and m.kind == "present"]
    kids = list(children(mystery, state))
    assert len(presents) > 2
    assert len(kids) <= len(offered) - len(presents) + 2


def test_the_whole_mystery_is_settled_by_plays_and_searches(mystery: Story) -> None:
    # Before: open, 40 scenes unreached and six rulings unseen, then walked (no report in
    # 60 s; 2 GB).
    found = witness(mystery, None, Budget())
    assert found.settled
    assert not found.open_scenes and not found.open_rulings
    assert "justice" in found.endings
