"""A ruling whose rule never holds from where a play begins (witnessed.py `_rulings_needed`,
future.py `may_rule`).

An outside court (`outside_d.py court`): the last hearing clears the accused only when an
earlier hearing was won, `(won_1 or won_2) and credibility >= 1`. Replayed by name, the last
hearing's chapter begins with neither won, and nothing in it wins them: no play can be
cleared there. That ruling was looked for all the same, 253 plays, then the chapter was
walked (at 1,000 scenes: 252 plays and a walk for the 67th hearing).
"""

from __future__ import annotations

import pytest
from benchmarks import outside_d
from started import outside_story

from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.runtime import Unshown
from cellseven_game.engine.play.state import initial_state
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.future import Future
from cellseven_game.engine.tools.witnessed import witness


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return outside_story(tmp_path_factory, outside_d.main, "court", "--scenes", "40")


def test_a_ruling_no_play_of_the_replay_can_make_is_not_looked_for(
    court: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = witness(court, "hear_3")
    assert found.settled
    assert found.verdicts == {"trial_3/acquitted", "trial_3/convicted", "trial_3/reduced"}
    # Read as a ruling that may be made, it is left in question (and the chapter walked).
    monkeypatch.setattr(Future, "may_rule", lambda *_: True)
    found = witness(court, "hear_3")
    assert not found.settled and found.open_rulings == {"trial_3/cleared"}


def test_the_same_ruling_is_made_in_the_whole_story(court: Story) -> None:
    # From the story's start the earlier hearings can be won: the ruling is looked for, and
    # seen, as the walk sees it.
    report = explore(court)
    assert report["complete"] and "trial_3/cleared" in report["verdicts"]
    assert "trial_3/cleared" not in report["chapters"]["hear_3"]["verdicts"]
    walked = explore(court, every_state=True)
    assert walked["verdicts"] == report["verdicts"]
    assert walked["chapters"]["hear_3"]["verdicts"] == report["chapters"]["hear_3"]["verdicts"]


def test_only_a_reading_to_the_end_from_that_start_rules_out(court: Story) -> None:
    first = initial_state(court, "hear_3")
    Unshown(court, first).enter(first.scene)
    rule = next(t.condition for t in court.trials["trial_3"].verdict if t.id == "cleared")
    assert rule is not None
    future = Future(court, "hear_3")
    future.reachable(first)
    assert not future.may_rule(first, rule)
    assert future.may_rule(initial_state(court, "hear_3"), rule)  # (another start)
    future.trapped(first)  # (a reading that may stop early: its values are not all)
    assert future.may_rule(first, rule)
