# ruff: noqa: E501  (the pack is data: its lines are as long as an author writes them)
"""A second pack unlike ours (a heist, Hangul names, CRLF, a very long line) against the
text features: interpolation, conditional lines, nested braces, variations, arithmetic,
literal braces and escapes, checked with playthroughs that assert the exact text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cellseven_game.cli import main
from cellseven_game.engine.compile.loader import check_pack, load_story
from cellseven_game.engine.play.runtime import Runtime

MakePack = Callable[[dict[str, str]], Path]

LONG = "The plan, as 서재희 tells it, goes on and on. " * 120  # one line of ~5,500 characters

HEIST = """\
story:
  title: The Night Vault
  start: vault
  chapters: [vault]
  variables:
    cash: 0
    crew: 3
    alarm: false
    lookout: "nobody"
    tries: 0
characters:
  jae: {name: 서재희}
  min: {name: Min Park}
evidence:
  keycard: {name: a cloned keycard}
chapters:
  vault:
    title: The Vault
    period: "2001"
    start: street
    scenes:
      street:
        text: "{jae.name} counts the crew: {crew}. Split {cash} won {crew} ways and each gets {cash / crew}."
        lines:
          - jae: "{lookout == 'nobody': Nobody is watching the door.|{lookout} is watching the door, {&비가 온다|눈이 온다}.}"
          - min: "I brought {keycard.name}."
            if: has keycard
        choices:
          - label: "Put {min.name} on the door"
            id: door
            goto: street
            do: [{set: {lookout: "=\\"Min\\""}}]
          - label: Take the keycard
            id: card
            goto: street
            do: [{evidence: keycard}]
          - label: Send the driver home
            id: driver
            goto: street
            do: [{add: {crew: -1}}]
          - label: "Go in ({crew} of you)"
            id: in
            goto: lobby
      lobby:
        text: |
          {The lobby is dark.|The lobby again.|The lobby, for the last time.} A sign reads {{NO ENTRY}}.
          {&Tick.|Tock.} {alarm: The alarm is ringing.|All quiet.}
          {Note\\: the guard sleeps at two.|The guard is still asleep.}
        choices:
          - label: Crack the vault (try {tries + 1})
            id: crack
            goto: lobby
            once: false
            if: tries < 2
            do: [{add: {tries: 1}}, {set: {cash: "cash + 1000 * (tries + 1)"}}]
          - label: Trip the alarm
            id: trip
            goto: lobby
            if: not alarm
            do: [{flag: alarm}]
          - label: Leave with {cash} won
            id: leave
            goto: out
      out:
        text: "Each of {crew} takes {cash / crew} won; {cash % crew} won is left for the taxi. {alarm: Sirens follow you.|Nobody follows.}"
        end: away
"""

PLAYTHROUGHS = """\
playthroughs:
  - name: the whole job
    choices: [door, card, in, crack, trip, crack, leave]
    ending: away
    variables: {cash: 5000, tries: 2, lookout: Min}
    shows:
      - "서재희 counts the crew: 3. Split 0 won 3 ways and each gets 0."
      - "서재희: Nobody is watching the door."
      - "Min is watching the door, 비가 온다."
      - "Min is watching the door, 눈이 온다."
      - "Min Park: I brought a cloned keycard."
      - "The lobby is dark. A sign reads {NO ENTRY}. Tick. All quiet. Note: the guard sleeps at two."
      - "The lobby again. A sign reads {NO ENTRY}. Tock. All quiet. The guard is still asleep."
      - "The lobby, for the last time."
      - "Crack the vault (try 2)"
      - "Each of 3 takes 1666.67 won; 2 won is left for the taxi. Sirens follow you."
    hides: ["Crack the vault (try 3)", "Nobody follows.", "{crew}", "\\\\:", "{{"]
  - name: a quiet exit, two of them
    choices: [driver, in, leave]
    ending: away
    shows: ["Go in (2 of you)", "Each of 2 takes 0 won; 0 won is left for the taxi. Nobody follows."]
    hides: ["I brought", "The alarm is ringing."]
"""


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


@pytest.fixture
def heist(make_pack: MakePack) -> Path:
    story = HEIST.replace(
        "        end: away\n",
        f'        lines:\n          - "{LONG}{{alarm: Loud.|Quiet.}}"\n        end: away\n',
    )
    return make_pack({"story.yaml": crlf(story), "playthroughs.yaml": crlf(PLAYTHROUGHS)})


def test_the_heist_validates_strictly_and_its_playthroughs_pass(
    heist: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert b"\r\n" in (heist / "story.yaml").read_bytes()
    assert main(["validate", "--strict", str(heist)]) == 0, capsys.readouterr()
    assert main(["test", str(heist)]) == 0, capsys.readouterr().out
    assert "2 playthroughs, 2 passed, 0 failed" in capsys.readouterr().out


def test_the_long_line_renders_whole(heist: Path) -> None:
    runtime = Runtime(load_story(heist))
    for step in ("in", "trip", "leave"):
        runtime.choose_id(step)
    (line,) = runtime.shown_scene().lines
    assert line.text == LONG + "Loud."


def test_an_error_far_along_a_long_crlf_line_is_located(
    heist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = (heist / "story.yaml").read_text(encoding="utf-8")
    (heist / "story.yaml").write_bytes(
        story.replace("{alarm: Loud.|Quiet.}", "{alarm: Loud.|{nobody.name}}").encode()
    )
    monkeypatch.chdir(heist)
    (problem,) = check_pack(".").errors
    lines = story.replace("\r\n", "\n").split("\n")
    row = next(n for n, text in enumerate(lines, 1) if LONG in text)
    assert (problem.code, problem.line) == ("CS115", row)
    assert problem.col == lines[row - 1].index("{alarm") + len("{alarm: Loud.|{") + 1


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("{{x}} and {{", "{x} and {"),  # literal braces anywhere
        ("{Note\\: wet|dry}", "Note: wet"),  # an escaped colon: a sequence, not a condition
        ("{alarm: a\\|b|c}", "c"),  # an escaped bar inside a branch
        ("back\\slash: C:\\temp", "back\\slash: C:\\temp"),  # outside braces, as written
        ("{crew > 2: {crew}: {&a|b}|few}", "3: a"),  # nesting: a condition, a number, a cycle
    ],
)
def test_braces_escapes_and_nesting(make_pack: MakePack, text: str, shown: str) -> None:
    pack = HEIST.replace(
        'text: "{jae.name} counts the crew: {crew}.',
        f"text: '{text}'\n        # {{jae.name}} counts the crew: {{crew}}.",
    )
    runtime = Runtime(load_story(make_pack({"story.yaml": pack})))
    assert runtime.shown_scene().text == shown


@pytest.mark.parametrize(
    ("text", "col"),
    [
        ("A { on the wall", 3),  # a lone brace: CS115 says write `{{`
        ("The } brace", 5),
        ("{Note: wet|dry}", 2),  # without the escape it is a condition on `Note`
    ],
)
def test_a_brace_that_is_not_a_template_is_a_located_error(
    make_pack: MakePack, monkeypatch: pytest.MonkeyPatch, text: str, col: int
) -> None:
    pack = HEIST.replace(
        'text: "{jae.name} counts the crew: {crew}.',
        f"text: '{text}'\n        # {{jae.name}} counts the crew: {{crew}}.",
    )
    monkeypatch.chdir(make_pack({"story.yaml": pack}))
    problems = check_pack(".").errors
    assert [(p.line, p.col) for p in problems] == [(23, 15 + col)], problems
    assert problems[0].code in ("CS115", "CS102")
