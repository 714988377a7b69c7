"""What the checks say about a trial, with file, line and column."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from guide_examples import trial_example  # tests/ is on sys.path (rootdir conftest)

from cellseven_game import cli
from cellseven_game.engine.compile import spec
from cellseven_game.engine.compile.loader import check_pack
from cellseven_game.engine.compile.schema import schema
from cellseven_game.engine.core.errors import Problem
from cellseven_game.engine.play import trial

MakePack = Callable[[dict[str, str]], Path]


def problems(make_pack: MakePack, text: str, code: str) -> list[Problem]:
    pack = make_pack({"story.yaml": text})
    return [p for p in check_pack(pack).problems if p.code == code]


def line_of(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """1-based line and column of the nth occurrence of `needle`."""
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def test_the_guide_example_is_clean(make_pack: MakePack) -> None:
    result = check_pack(make_pack({"story.yaml": trial_example()}))
    assert result.problems == []
    assert result.story is not None
    assert isinstance(result.story.trials["bicycle"], trial.Trial)


def test_evidence_no_chapter_grants(make_pack: MakePack) -> None:
    text = trial_example().replace("do: [{evidence: receipt}]", "do: [{flag: saw_rain}]")
    found = problems(make_pack, text, "CS308")
    assert len(found) == 1
    line, col = line_of(text, "receipt]")
    assert (found[0].line, found[0].col) == (line, col)
    assert found[0].path.endswith("story.yaml")
    assert "no scene or choice grants it" in found[0].message
    assert "- evidence: receipt" in found[0].message


def test_evidence_granted_only_after_the_trial(make_pack: MakePack) -> None:
    text = trial_example().replace("do: [{evidence: receipt}]", "do: [{flag: saw_rain}]")
    text = text.replace(
        "      cleared:\n        text: The bicycle goes home.\n",
        "      cleared:\n        text: The bicycle goes home.\n        do: [{evidence: receipt}]\n",
    )
    found = problems(make_pack, text, "CS308")
    assert len(found) == 1
    assert "only chapter `hearing` grants it" in found[0].message


def test_a_press_may_grant_what_the_trial_needs(make_pack: MakePack) -> None:
    text = trial_example().replace("do: [{evidence: receipt}]", "do: [{flag: saw_rain}]")
    text = text.replace(
        "              unlocks: [that_one]",
        "              unlocks: [that_one]\n              do: [{evidence: receipt}]",
    )
    assert problems(make_pack, text, "CS308") == []


def test_a_trial_that_cannot_be_won(make_pack: MakePack) -> None:
    text = trial_example().replace("if: credibility >= 2 or saw_rain", "if: credibility >= 4")
    found = problems(make_pack, text, "CS311")
    assert len(found) == 1
    line, col = line_of(text, "- id: cleared")
    assert (found[0].line, found[0].col) == (line, col + 2)
    assert "cannot be won" in found[0].message


def test_a_claim_that_cannot_be_refuted(make_pack: MakePack) -> None:
    text = trial_example().replace("            refuted_by: [receipt]\n", "")
    found = problems(make_pack, text, "CS309")
    assert len(found) == 1
    assert found[0].line == line_of(text, "- id: rode_it")[0]


def test_a_hidden_statement_nothing_unlocks(make_pack: MakePack) -> None:
    text = trial_example().replace("              unlocks: [that_one]\n", "")
    found = problems(make_pack, text, "CS304")
    assert any("no press unlocks it" in p.message for p in found)
    assert found[0].line == line_of(text, "- id: that_one")[0]


def test_unknown_names_in_a_trial(make_pack: MakePack) -> None:
    text = (
        trial_example()
        .replace("refuted_by: [receipt]", "refuted_by: [reciept]")
        .replace("goto: doubted", "goto: doubtd")
        .replace("refuted: all", "refuted: [rode]")
    )
    pack = make_pack({"story.yaml": text})
    codes = {p.code: p for p in check_pack(pack).errors}
    assert "did you mean `receipt`" in codes["CS104"].message
    assert "did you mean `doubted`" in codes["CS101"].message
    assert "did you mean `rode_it`" in codes["CS305"].message
    assert codes["CS305"].line == line_of(text, "rode]")[0]


def test_the_last_tier_must_be_the_fallback(make_pack: MakePack) -> None:
    text = trial_example().replace(
        "        goto: doubted\n        missed: true",
        "        goto: doubted\n        missed: true\n        if: credibility == 0",
    )
    assert problems(make_pack, text, "CS303")


def test_a_refuted_scene_must_lead_back(make_pack: MakePack) -> None:
    text = trial_example().replace(
        '            - judge: "The bicycle was in the shop. Noted."',
        '            - judge: "The bicycle was in the shop. Noted."\n          scene: doubted',
    )
    assert problems(make_pack, text, "CS310")


def test_wrong_types_are_located(make_pack: MakePack) -> None:
    text = trial_example().replace("credibility: 3", "credibility: lots")
    found = [p for p in check_pack(make_pack({"story.yaml": text})).errors if p.code == "CS004"]
    assert found and found[0].line == line_of(text, "credibility: lots")[0]


def test_validate_prints_path_line_col_and_exits_1(make_pack: MakePack) -> None:
    text = trial_example().replace("do: [{evidence: receipt}]", "do: [{flag: saw_rain}]")
    pack = make_pack({"story.yaml": text})
    out = io.StringIO()
    assert cli.main(["validate", str(pack)], out) == 1
    line, col = line_of(text, "receipt]")
    assert f"story.yaml:{line}:{col}: error: claim `rode_it` needs evidence `receipt`" in (
        out.getvalue()
    )


def test_schema_describes_trials() -> None:
    trials = schema()["properties"]["trials"]["additionalProperties"]
    assert trials["required"] == ["title", "credibility", "claims", "verdict"]
    claim = trials["properties"]["claims"]["items"]
    statement = claim["properties"]["statements"]["items"]
    assert set(statement["properties"]) == set(spec.STATEMENT.names)
    assert set(trials["properties"]) == set(spec.TRIAL.names)
    json.dumps(trials)


@pytest.mark.parametrize("name", trial.RULE_NAMES)
def test_rule_names_are_reserved(make_pack: MakePack, name: str) -> None:
    text = trial_example().replace("    saw_rain: false", f"    saw_rain: false\n    {name}: 0")
    assert problems(make_pack, text, "CS306")


# -- CS311 is sound: every effect counts, and a rule is only refused when no state wins ------


def _with_rule(rule: str, *edits: tuple[str, str]) -> str:
    text = trial_example().replace("if: credibility >= 2 or saw_rain", f"if: {rule}")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


MOOD = ("    saw_rain: false\n", '    saw_rain: false\n    mood: "calm"\n    pressed: false\n')


@pytest.mark.parametrize(
    ("rule", "edits"),
    [
        # a text variable set in an earlier chapter
        (
            'mood == "sure"',
            [
                MOOD,
                (
                    "do: [{evidence: rain}, {flag: saw_rain}]",
                    'do: [{evidence: rain}, {flag: saw_rain}, {set: {mood: "sure"}}]',
                ),
            ],
        ),
        # a flag set by a press in the trial itself
        (
            "pressed",
            [
                MOOD,
                (
                    "              unlocks: [that_one]",
                    "              unlocks: [that_one]\n              do: [{flag: pressed}]",
                ),
            ],
        ),
        # a flag set by a refutation
        (
            'pressed and mood == "calm"',
            [
                MOOD,
                (
                    '            - judge: "The bicycle was in the shop. Noted."',
                    '            - judge: "The bicycle was in the shop. Noted."\n'
                    "          do: [{flag: pressed}]",
                ),
            ],
        ),
        # a flag that must stay unset: the start value is a possible state too
        ("not saw_rain", []),
        # a rule that wants credibility lost
        ("credibility < 3", []),
        # the evidence may be missing
        ("not has rain", []),
    ],
)
def test_cs311_has_no_false_alarm(
    make_pack: MakePack, rule: str, edits: list[tuple[str, str]]
) -> None:
    text = _with_rule(rule, *edits)
    assert problems(make_pack, text, "CS311") == []
    unset = [p for p in problems(make_pack, text, "CS204") if "`pressed`" in p.message]
    assert unset == []  # the press or the refutation sets it


@pytest.mark.parametrize(
    ("rule", "edits"),
    [
        ('mood == "sure"', [MOOD]),  # nothing ever sets it to "sure"
        ("credibility > 3", []),  # the meter holds 3
        ("refuted == 0", []),  # the tier needs every claim refuted
        ("saw_rain and not saw_rain", []),
    ],
)
def test_cs311_still_refuses_what_no_state_wins(
    make_pack: MakePack, rule: str, edits: list[tuple[str, str]]
) -> None:
    assert len(problems(make_pack, _with_rule(rule, *edits), "CS311")) == 1
