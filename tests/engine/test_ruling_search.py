"""The searches for a scene reached only by a trial's ruling (seek.py `_ruling_ways`).

An outside mystery (`outside_c.py mystery`) gathers clues round a manor's hall, then holds a
hearing whose best ruling needs every claim answered. The searches read a ruling's scene as
open from the hearing: no way into it drew them (`_guards` read choices and `next`s only),
and the plan had nothing to gather on the way. 509 plays and the searches reached the
hearing with two of the four clues at most; the walk then ran out of memory (no report in
60 s at 40 scenes, 911 MB; none in 600 s at 200). Now a ruling's scene needs, for each claim
it needs answered, an item that answers it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from benchmarks import outside_c
from started import entered, outside_story

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.state import State
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.seek import _ruling_ways, seek


@pytest.fixture(scope="module")
def mystery(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return outside_story(
        tmp_path_factory, outside_c.main, "mystery", "--scenes", "40", "--seed", "0"
    )


def _clues(story: Story, ruling: str) -> set[str]:
    """One item for each claim the ruling needs answered (this pack: one a claim)."""
    trial = next(iter(story.trials.values()))
    tier = next(t for t in trial.verdict if t.goto == ruling)
    assert tier.refuted == "all"
    return {i for c in trial.claims for s in c.statements for i in s.refuted_by}


@pytest.mark.parametrize("guided", [True, False])
def test_the_search_gathers_what_the_best_ruling_needs(mystery: Story, guided: bool) -> None:
    clues = _clues(mystery, "end_justice")
    assert len(clues) == 4
    reached: list[State] = []

    def met(state: State) -> None:
        if state.scene == "end_justice":
            reached.append(state)

    seek(mystery, None, {"end_justice"}, met, budget=6_000, guided=guided, first=entered(mystery))
    assert reached, "the ruling's scene was not reached"
    assert clues <= set(reached[0].evidence)


def test_explore_proves_the_mystery_without_walking(mystery: Story) -> None:
    report = explore(mystery)
    assert report["complete"] is True
    assert "justice" in report["endings"]
    assert report["unreached"] == []
    assert report["states"] == 0  # proven by playthroughs, not walked


def test_a_rulings_way_needs_an_item_for_each_claim_it_needs(tmp_path: Path) -> None:
    story = load_story(_pack(tmp_path))
    ways = {target: parts for target, parts, _ in _ruling_ways(story, "h")}
    assert ways["end_won"] == [("or", 0, ("has", "cup"), ("has", "note"))]
    assert ways["end_lost"] == []  # (the last ruling: no claim needed)


def test_an_item_the_hearing_gives_itself_needs_no_gathering(tmp_path: Path) -> None:
    # The second claim falls to the letter a press of the first brings out: a play holds it
    # there whatever it gathered, so the ruling asks only for the first claim's item.
    pressed = (
        "          - id: s2\n"
        '            text: "I heard it."\n'
        "            refuted_by: [cup]\n"
        "            press: {do: [{evidence: letter}]}\n"
    )
    ways = _with_letter(tmp_path, pressed)
    assert ways["end_won"] == [("or", 0, ("has", "cup"), ("has", "note"))]


def _pack(tmp_path: Path) -> Path:
    (tmp_path / "story.yaml").write_text(
        """\
story:
  title: A small hearing
  start: day
  chapters: [day, hearing]
chapters:
  day:
    title: Day
    period: "1997"
    start: room
    scenes:
      room:
        text: A room.
        choices:
          - {label: Take the note, goto: room, do: [{evidence: note}]}
          - {label: Take the cup, goto: room, do: [{evidence: cup}]}
          - {label: To court, goto: court}
  hearing:
    title: Hearing
    period: "1997"
    start: court
    scenes:
      court:
        text: The court.
        trial: h
      end_won:
        text: Won.
        end: won
      end_lost:
        text: Lost.
        end: lost
evidence:
  note: {name: the note, description: A note.}
  cup: {name: the cup, description: A cup.}
trials:
  h:
    title: The hearing
    credibility: 3
    claims:
      - id: c1
        title: The claim
        statements:
          - {id: s1, text: "I saw it.", refuted_by: [note]}
          - {id: s2, text: "I heard it.", refuted_by: [cup]}
    verdict:
      - {id: won, title: Won, refuted: all, goto: end_won}
      - {id: lost, title: Lost, goto: end_lost}
""",
        encoding="utf-8",
    )
    return tmp_path


def test_a_rule_counting_the_claims_answered_gathers_for_every_claim(tmp_path: Path) -> None:
    # An outside mystery's `persuaded`: `refuted: [claim1]` and `refuted >= claims - 1`, so
    # more than the first claim's item is needed; the guided search reached its scene in
    # 1,039 states, none in 20,000 when it gathered for the first claim alone.
    ways = _with_letter(
        tmp_path,
        '          - {id: s2, text: "I heard it.", refuted_by: [cup]}\n',
        *_won_when("refuted >= claims - 1"),
    )
    assert ways["end_won"] == [("or", 0, ("has", "cup"), ("has", "note")), ("has", "letter")]


def _won_when(rule: str) -> tuple[tuple[str, str], ...]:
    """`_with_letter`'s replacements for a `won` ruling needing the first claim answered
    and `rule`, the letter given in the room."""
    return (
        (
            "      - {id: won, title: Won, refuted: all, goto: end_won}\n",
            "      - id: won\n"
            "        title: Won\n"
            "        refuted: [c1]\n"
            f'        if: "{rule}"\n'
            "        goto: end_won\n",
        ),
        (
            "          - {label: Take the cup, goto: room, do: [{evidence: cup}]}\n",
            "          - {label: Take the cup, goto: room, do: [{evidence: cup}]}\n"
            "          - {label: Take the letter, goto: room, do: [{evidence: letter}]}\n",
        ),
    )


_SECOND_CLAIM = (
    "      - id: c2\n"
    "        title: The second claim\n"
    "        statements:\n"
    '          - {id: s3, text: "I wrote nothing.", refuted_by: [letter]}\n'
)
_CUP = "  cup: {name: the cup, description: A cup.}\n"


def _with_letter(tmp_path: Path, s2: str, *more: tuple[str, str]) -> dict[str, Any]:
    """The small hearing with a second claim that the letter answers, the first claim's
    second statement written as `s2`, and `more` replacements; its trial's ways on."""
    text = (_pack(tmp_path) / "story.yaml").read_text(encoding="utf-8")
    text = text.replace(
        '          - {id: s2, text: "I heard it.", refuted_by: [cup]}\n', s2 + _SECOND_CLAIM
    )
    text = text.replace(_CUP, _CUP + "  letter: {name: the letter, description: A letter.}\n")
    for old, new in more:
        text = text.replace(old, new)
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    story = load_story(tmp_path)
    assert len(story.trials["h"].claims) == 2
    return {target: parts for target, parts, _ in _ruling_ways(story, "h")}


def test_a_rule_reading_the_play_is_a_part_of_the_rulings_way(tmp_path: Path) -> None:
    # An outside mystery's last hearing: `credibility >= 2 and (suspicion < 2 or won_h1)`.
    # What it reads of the play is a part of the way in, as a choice's guard is; what it
    # reads of the trial's own numbers is the trial's to meet.
    ways = _with_letter(
        tmp_path,
        '          - {id: s2, text: "I heard it.", refuted_by: [cup]}\n',
        *_won_when("credibility >= 2 and (suspicion < 2 or won_before)"),
        (
            "chapters: [day, hearing]\n",
            "chapters: [day, hearing]\n  variables: {suspicion: 0, won_before: false}\n",
        ),
    )
    won = ways["end_won"]
    assert won[0] == ("or", 0, ("has", "cup"), ("has", "note"))
    assert [part[0] for part in won[1:]] == ["or"]  # the play's part, not `credibility`
    assert "suspicion" in repr(won[1]) and "won_before" in repr(won[1])
