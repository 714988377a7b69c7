"""A search for an ending under a ruling (seek.py `ruled`, witnessed.py).

An outside election (`outside_e.py campaign`): weeks of canvassing and adverts, a debate
every third week, and election night deciding the ending on the polls. Won, the debate
adds three points to yours; the rival still keeps the seat if nothing else raised them.
The plays reached the debate won, and then always the victory: from just after the win the
polls were already past the rival's. `explore` gave no report in a minute at 40 scenes
(the walk never ends: canvassing is sticky). A search drawn to that ending under that
ruling, states whose polls moved least against its guard first, finds it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import outside_e
from engine.test_escape_numbers import _story
from started import entered, outside_story

from cellseven_game.engine.core.conditions import and_parts, condition_tree
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.play.trial import verdict_of
from cellseven_game.engine.tools import witnessed
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.seek import _gap, _loss, seek


@pytest.fixture(scope="module")
def election(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return outside_story(tmp_path_factory, outside_e.main, "campaign", "--scenes", "40")


def _endings(story: Story, ruled: str | None, target: str) -> tuple[list[str | None], int]:
    """The rulings the states that reached `target` had, and the states expanded."""
    under: list[str | None] = []

    def met(state: State) -> None:
        if state.scene == target:
            under.append(verdict_of(state))

    sought = seek(story, None, {target}, met, budget=2_000, first=entered(story), ruled=ruled)
    return under, sought.expanded


def test_the_rival_keeps_the_seat_after_a_debate_won(election: Story) -> None:
    under, expanded = _endings(election, "debate_1/won", "cp_end_rival")
    assert "debate_1/won" in under, f"not found in {expanded} states"
    # The plain search stops at the first way there: a debate lost or drawn.
    plain, _ = _endings(election, None, "cp_end_rival")
    assert plain and "debate_1/won" not in plain


def test_a_ruled_search_never_claims_every_scene(election: Story) -> None:
    # (it leaves the states its trial ruled otherwise: it has not met every state)
    sought = seek(
        election,
        None,
        {"cp_end_third"},
        lambda s: None,
        50_000,
        first=entered(election),
        ruled="debate_1/won",
    )
    assert sought.every_scene is None


def test_explore_proves_the_election_of_forty_scenes(election: Story) -> None:
    report = explore(election)
    assert report["complete"] and report["proof"] == "playthroughs"
    assert report["verdict_endings"]["debate_1/won"] == ["rival_holds", "victory"]
    # The independent never wins: her poll rises by 3 a week at most (18 + 9), the
    # rival's falls by 7 at most (34 - 7), and she needs to be ahead of him.
    assert report["unreached"] == ["cp_end_third"]


# A shorter election the walk can finish (5,281 states): two weeks of eight once-only
# visits, each raising your poll by one; won, the debate adds two. Only a campaign of no
# visits at all loses the seat after it.
ELECTION = """\
story:
  title: A short election
  start: weeks
  chapters: [weeks, hall, night]
  variables: {us: 30, rival: 32}
characters:
  judge: {name: The moderator}
  rival_c: {name: The rival}
evidence:
  minutes: {name: The minutes, description: A sum that does not add up.}
chapters:
  weeks:
    title: Weeks
    period: "2004"
    start: hub
    scenes:
      hub:
        text: The first week.
        choices:
          - {label: Visit the mill, goto: visit_hub, do: [{add: {us: 1}}]}
          - {label: Visit the school, goto: visit_hub, do: [{add: {us: 1}}]}
          - {label: Visit the port, goto: visit_hub, do: [{add: {us: 1}}]}
          - {label: Visit the farm, goto: visit_hub, do: [{add: {us: 1}}]}
          - {label: Visit the chapel, goto: visit_hub, do: [{add: {us: 1}}]}
          - {label: Visit the market, goto: visit_hub, do: [{add: {us: 1}}]}
          - {label: Visit the bakery, goto: visit_hub, do: [{add: {us: 1}}]}
          - {label: Visit the library, goto: visit_hub, do: [{add: {us: 1}}]}
          - {label: Read the minutes, goto: read}
          - {label: The next week, goto: hub2}
      visit_hub:
        text: Doors and tea.
        next: hub
      hub2:
        text: The second week.
        choices:
          - {label: Visit the mill, goto: visit_hub2, do: [{add: {us: 1}}]}
          - {label: Visit the school, goto: visit_hub2, do: [{add: {us: 1}}]}
          - {label: Visit the port, goto: visit_hub2, do: [{add: {us: 1}}]}
          - {label: Visit the farm, goto: visit_hub2, do: [{add: {us: 1}}]}
          - {label: Visit the chapel, goto: visit_hub2, do: [{add: {us: 1}}]}
          - {label: Visit the market, goto: visit_hub2, do: [{add: {us: 1}}]}
          - {label: Visit the bakery, goto: visit_hub2, do: [{add: {us: 1}}]}
          - {label: Visit the library, goto: visit_hub2, do: [{add: {us: 1}}]}
          - {label: To the debate, goto: stage}
      visit_hub2:
        text: Doors and tea.
        next: hub2
      read:
        text: The minutes.
        do: [{evidence: minutes}]
        next: hub
  hall:
    title: The debate
    period: "2004"
    start: stage
    scenes:
      stage:
        text: Two lecterns.
        trial: debate
      won:
        text: Applause.
        do: [{add: {us: 2}}]
        next: tally
      lost:
        text: A long drive home.
        next: tally
  night:
    title: Night
    period: "2004"
    start: tally
    scenes:
      tally:
        text: The count.
        choices:
          - {id: won, label: Hear it, goto: win, if: us > rival}
          - {id: lost, label: Hear it, goto: keep, if: us <= rival}
      win:
        text: You won.
        end: victory
      keep:
        text: The rival keeps the seat.
        end: rival_holds
trials:
  debate:
    title: The debate
    judge: judge
    credibility: 2
    claims:
      - id: books
        title: The books balanced
        witness: rival_c
        statements:
          - {id: balanced, text: Every year it balanced., refuted_by: [minutes]}
    verdict:
      - {id: won, title: Won, refuted: all, goto: won}
      - {id: lost, title: Lost, goto: lost}
"""


def test_the_proof_finds_what_the_walk_finds(tmp_path: Path) -> None:
    story = _story(tmp_path, ELECTION)
    walked = explore(story, every_state=True)
    assert walked["complete"] and walked["proof"] == "states"
    assert walked["verdict_endings"]["debate/won"] == ["rival_holds", "victory"]
    proven = explore(story, quick_walk=0)
    assert proven["proof"] == "playthroughs"
    assert proven["verdict_endings"] == walked["verdict_endings"]
    assert proven["endings"] == walked["endings"]


def test_the_search_is_what_finds_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the search, the plays alone leave the ruling's ending in question.
    story = _story(tmp_path, ELECTION)
    found = witnessed.witness(story, None)
    assert found.settled
    monkeypatch.setattr(witnessed, "RULED_STATES", 0)
    monkeypatch.setattr(witnessed, "RULED_STATES_A_SCENE", 0)
    unfound = witnessed.witness(story, None)
    assert not unfound.settled and unfound.open_rulings == {"debate/won"}


def _first(story: Story, **values: int) -> State:
    state = initial_state(story)
    state.variables.update(values)
    return state


@pytest.mark.parametrize(
    ("condition", "values", "gap"),
    [
        ("rival > us", {"us": 27, "rival": 30}, 0),
        ("us > rival", {"us": 27, "rival": 30}, 4),
        ("us >= rival", {"us": 27, "rival": 30}, 3),
        ("not (us > rival and us > 20)", {"us": 31, "rival": 30}, 1),
        ("not (us > rival or us > 20)", {"us": 31, "rival": 30}, 12),
        ("us <= 25", {"us": 27, "rival": 30}, 2),
    ],
)
def test_gap(tmp_path: Path, condition: str, values: dict[str, int], gap: int) -> None:
    story = _story(tmp_path, ELECTION)
    assert _gap(condition_tree(condition), _first(story, **values)) == gap


def test_loss(tmp_path: Path) -> None:
    story = _story(tmp_path, ELECTION)
    first = _first(story, us=30, rival=32)
    parts = and_parts(condition_tree("not (us > rival) and rival >= 31"))
    # Two visits: your poll two nearer the rival's (holding still); the rival's own bound
    # untouched.
    later = _first(story, us=32, rival=32)
    assert [_loss(part, later, first) for part in parts] == [2, 0]
    # Moved the other way: no loss.
    assert [_loss(part, _first(story, us=29, rival=33), first) for part in parts] == [0, 0]


def test_an_ending_no_play_reaches_under_a_ruling_is_left_to_the_walk(tmp_path: Path) -> None:
    # Won, the debate takes ten points off the rival, so the seat is never his after it;
    # lost, it takes five off yours, and it may be. The search for his ending under the
    # won debate finds nothing (it never claims to have met every state), and the walk,
    # which settles it, agrees.
    text = ELECTION.replace("do: [{add: {us: 2}}]", "do: [{add: {rival: -10}}]").replace(
        "        text: A long drive home.\n",
        "        text: A long drive home.\n        do: [{add: {us: -5}}]\n",
    )
    text = text.replace("if: us > rival}", "if: us > rival - 3}")
    text = text.replace("if: us <= rival}", "if: us <= rival - 3}")
    story = _story(tmp_path, text)
    walked = explore(story, every_state=True)
    assert walked["verdict_endings"] == {
        "debate/lost": ["rival_holds", "victory"],
        "debate/won": ["victory"],
    }
    proven = explore(story, quick_walk=0)
    assert proven["complete"] and proven["proof"] in ("mixed", "states")
    assert proven["verdict_endings"] == walked["verdict_endings"]
