"""What a refused step and a failing playthrough say, line for line (the words live in the
registry: engine/core/diagnostics_play.py; the lines below are what `cellseven test` and
`cellseven run` said before they moved there, and must keep saying).
"""

# ruff: noqa: E501 (the expected lines are kept whole, as the terminal shows them)

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cellseven_game import cli
from cellseven_game.engine.core.diagnostic_examples import story

# A step, then a fork; a choice greyed out, one hidden; a scene that says farewell on the way.
STORY = story(
    """\
      a:
        text: Hello.
        choices:
          - {id: walk, label: Walk, goto: b}
          - {id: shut, label: Shut, goto: b, if: "score > 5", when_false: disable}
          - {id: hidden, label: Hidden, goto: b, if: "score > 5"}
      b:
        text: Hi there, friend.
        do: [evidence: log, {set: {score: 2}}]
        choices:
          - {id: stay, label: Stay, goto: c}
          - {id: go, label: Go, goto: d}
      c: {text: Bye., end: stayed}
      d: {text: Gone., next: e}
      e: {text: Far., lines: [{gu: "Farewell."}], end: gone}
      f: {text: Odd., end: odd}
""",
    head="  variables: {score: 0, name: Gu}\ncharacters:\n  gu: {name: Gu}\n"
    "evidence:\n  log: {name: The log}\n",
)
PLAYTHROUGHS = """\
playthroughs:
  - {name: reach, choices: [walk, stay], reach: d}
  - {name: reach passed, choices: [walk, go, continue], reach: d}
  - {name: ending, choices: [walk, stay], ending: gone}
  - {name: ending mid, choices: [walk], ending: gone}
  - {name: variable, choices: [walk, stay], variables: {score: 3}, ending: stayed}
  - {name: variable text, choices: [walk], variables: {name: Yong}, reach: b}
  - {name: evidence, choices: [1], evidence: [log], ending: stayed}
  - {name: evidence none, choices: [], evidence: [log], reach: a}
  - {name: met, choices: [walk, go, continue], met: [gu], ending: gone}
  - {name: shows, choices: [walk, stay], shows: "Farewell", ending: stayed}
  - {name: hides, choices: [walk, go, continue], hides: "Farewell", ending: gone}
  - {name: too big, choices: [walk, 7], ending: stayed}
  - {name: shut, choices: [2], ending: stayed}
  - {name: hidden id, choices: [hidden], ending: stayed}
  - {name: after end, choices: [walk, stay, 1], ending: stayed}
  - {name: continue none, choices: [continue], ending: stayed}
  - {name: id gone, choices: [walk, walk], ending: stayed}
  - {name: one step, choices: [walk], reach: c}
  - {name: ok, choices: [walk, stay], ending: stayed}
  - {name: met fail, choices: [walk, stay], ending: stayed, met: [gu]}
  - {name: evidence some, choices: [walk], reach: b, evidence: [log, nope]}
"""
# `cellseven test a`, every line but the last (the count)
SAID = [
    "FAIL  reach          a/playthroughs.yaml:2:49: after 2 steps: expected scene `d`, but the story ended at scene `c` (ending `stayed`) [CS403]",
    "FAIL  reach passed   a/playthroughs.yaml:3:64: after 3 steps: expected scene `d`, but the story ended at scene `e` (ending `gone`) (it passed through `d` on the way) [CS403]",
    "FAIL  ending         a/playthroughs.yaml:4:51: after 2 steps: expected ending `gone`, but the story ended at scene `c` (ending `stayed`) [CS403]",
    "FAIL  ending mid     a/playthroughs.yaml:5:49: after 1 step: expected ending `gone`, but the story is at scene `b` [CS403]",
    "FAIL  variable       a/playthroughs.yaml:6:57: after 2 steps: expected `score` to be 3, but it is 2 [CS403]",
    "FAIL  variable text  a/playthroughs.yaml:7:56: after 1 step: expected `name` to be 'Yong', but it is 'Gu' [CS403]",
    "FAIL  evidence       a/playthroughs.yaml:8:61: after 1 step: expected ending `stayed`, but the story is at scene `b` [CS403]",
    "FAIL  evidence none  a/playthroughs.yaml:9:51: after 0 steps: expected `log` in the court record, which holds: nothing [CS403]",
    "ok    met",
    "FAIL  shows          a/playthroughs.yaml:11:49: after 2 steps: expected the player to have read 'Farewell', but nothing shown holds it [CS403]",
    "FAIL  hides          a/playthroughs.yaml:12:57: after 3 steps: expected the player never to read 'Farewell', but it was shown: 'Gu: Farewell.' [CS403]",
    "FAIL  too big        a/playthroughs.yaml:13:37: step 2 (7) at scene `b`: there is no choice 7; choose 1 to 2; the options were: 1 stay; 2 go [CS403]",
    "FAIL  shut           a/playthroughs.yaml:14:28: step 1 (2) at scene `a`: choice 2 is not available now; the options were: 1 walk; 2 shut (not available) [CS403]",
    "FAIL  hidden id      a/playthroughs.yaml:15:33: step 1 (hidden) at scene `a`: no available choice `hidden`; the options were: 1 walk; 2 shut (not available) [CS403]",
    "FAIL  after end      a/playthroughs.yaml:16:45: step 3 (1): nothing to choose: the story ended at scene `c` (ending `stayed`) [CS403]",
    "FAIL  continue none  a/playthroughs.yaml:17:37: step 1 (continue) at scene `a`: there is no Continue here: take one of its choices; the options were: 1 walk; 2 shut (not available) [CS403]",
    "FAIL  id gone        a/playthroughs.yaml:18:37: step 2 (walk) at scene `b`: no available choice `walk`; the options were: 1 stay; 2 go [CS403]",
    "FAIL  one step       a/playthroughs.yaml:19:46: after 1 step: expected scene `c`, but the story is at scene `b` [CS403]",
    "ok    ok",
    "FAIL  met fail       a/playthroughs.yaml:21:67: after 2 steps: expected to have met `gu` [CS403]",
    "FAIL  evidence some  a/playthroughs.yaml:22:70: unknown evidence `nope` [CS402]",
]


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.yaml").write_text(STORY, encoding="utf-8")
    (tmp_path / "a" / "playthroughs.yaml").write_text(PLAYTHROUGHS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return Path("a")


def test_each_failing_playthrough_says_what_it_found(pack: Path) -> None:
    out = io.StringIO()
    assert cli.main(["test", str(pack)], out) == 1
    lines = out.getvalue().splitlines()
    assert lines[:-1] == SAID
    assert lines[-1] == "Example: 21 playthroughs, 2 passed, 19 failed"


@pytest.mark.parametrize(
    ("choices", "said"),
    [
        ("walk,7", "cellseven: error: at scene `b`: there is no choice 7; choose 1 to 2"),
        ("2", "cellseven: error: at scene `a`: choice 2 is not available now"),
        ("walk,x", "cellseven: error: at scene `b`: no available choice `x`"),
        (
            "continue",
            "cellseven: error: at scene `a`: there is no Continue here: take one of its choices",
        ),
    ],
)
def test_run_says_why_a_step_is_refused(
    pack: Path, choices: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["run", str(pack), "--choices", choices], io.StringIO()) == 2
    assert capsys.readouterr().err.splitlines() == [said]
