"""What the move that leaves the court says is said: a claim's `refuted.lines` before its
`refuted.scene`, and the last answer (right or wrong) before the ruling.

The guide says a refuted claim's lines are said; they were lost whenever the move also left
the trial scene, because only the trial's status (drawn on the trial scene) said them. Each
reader is checked here: `cellseven run`, playthroughs (replay's ReadAlong) and the engine's
one source of them (trial_text.parting_lines). The Textual screen: tests/ui/test_trial_screens.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from guide_examples import trial_example  # tests/ is on sys.path (rootdir conftest)

from cellseven_game import cli
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.play import trial_text
from cellseven_game.engine.play.runtime import Runtime

MakePack = Callable[[dict[str, str]], Path]

TO_HEARING = "ask_for_the_receipt,note_the_weather"
WIN = "press:rode_it.saw_him,object:rode_it.that_one,present:rode_it.receipt"
WRONG = "object:rode_it.saw_him,present:rode_it.rain"
REFUTED = "The judge: The bicycle was in the shop. Noted."
WRONG_SAID = "The judge: That does not answer the witness."

# The guide's trial with a second claim, the first now going through a scene of its own
# (`refuted.scene`) that leads back to the court.
TWO_CLAIMS = [
    (
        '            - judge: "The bicycle was in the shop. Noted."\n',
        '            - judge: "The bicycle was in the shop. Noted."\n'
        "          scene: aside\n"
        "      - id: kept_it\n"
        "        title: He kept it in his yard\n"
        "        witness: neighbour\n"
        "        statements:\n"
        "          - id: dry\n"
        "            text: It stood in his yard all week, dry as a bone.\n"
        "            refuted_by: [rain]\n"
        "        refuted:\n"
        "          lines:\n"
        '            - judge: "It rained all week. The yard was not dry."\n',
    ),
    (
        "      cleared:\n",
        "      aside:\n"
        "        text: The shop's ledger is passed up to the bench.\n"
        "        next: hearing_open\n"
        "      cleared:\n",
    ),
]


def two_claims() -> str:
    text = trial_example()
    for old, new in TWO_CLAIMS:
        assert old in text, old
        text = text.replace(old, new)
    return text


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(argv), out)
    return code, out.getvalue()


def test_run_says_the_last_claims_refuted_lines_before_the_ruling(make_pack: MakePack) -> None:
    pack = make_pack({"story.yaml": trial_example()})
    code, text = run("run", str(pack), "--choices", f"{TO_HEARING},{WIN}")
    assert code == 0, text
    lines = text.splitlines()
    assert lines.count(REFUTED) == 1
    assert lines.index(REFUTED) < lines.index("Verdict: Cleared") < lines.index("ending: cleared")


def test_run_says_the_last_wrong_answer_when_credibility_runs_out(make_pack: MakePack) -> None:
    pack = make_pack({"story.yaml": trial_example()})
    code, text = run("run", str(pack), "--choices", ",".join([TO_HEARING, *[WRONG] * 3]))
    assert code == 0, text
    lines = text.splitlines()
    assert lines.count(WRONG_SAID) == 3  # the last one too, though the court rules at once
    last_wrong = len(lines) - 1 - lines[::-1].index(WRONG_SAID)
    missed = "The weather report does not answer “I saw him ride off on it, Tuesday morning.”"
    assert lines[last_wrong - 1] == missed  # what missed, what was said, what it cost
    assert lines[last_wrong + 1] == "The court's patience wears: credibility -1."
    assert last_wrong < lines.index("Verdict: Not persuaded")
    assert lines[-1] == "ending: doubted"


def test_run_says_refuted_lines_before_the_claims_own_scene(make_pack: MakePack) -> None:
    pack = make_pack({"story.yaml": two_claims()})
    steps = f"{TO_HEARING},{WIN},continue,object:kept_it.dry,present:kept_it.rain"
    code, text = run("run", str(pack), "--choices", steps)
    assert code == 0, text
    lines = text.splitlines()
    assert lines.count(REFUTED) == 1
    assert lines.index(REFUTED) < lines.index("The shop's ledger is passed up to the bench.")
    second = "The judge: It rained all week. The yard was not dry."
    assert lines.count(second) == 1 and lines.index(second) < lines.index("Verdict: Cleared")


def test_parting_lines_only_once_the_court_is_left(make_pack: MakePack) -> None:
    story = load_story(make_pack({"story.yaml": two_claims()}))
    runtime = Runtime(story)
    for step in f"{TO_HEARING},press:rode_it.saw_him,object:rode_it.that_one".split(","):
        runtime.choose_id(step)
        assert trial_text.parting_lines(runtime) == []  # still in court: its status says it
    runtime.choose_id("present:rode_it.receipt")
    assert runtime.state.scene == "aside"
    assert trial_text.parting_lines(runtime) == [REFUTED]
    runtime.choose_id(None)  # back to the court: said once, not again
    assert runtime.state.scene == "hearing_open"
    assert trial_text.parting_lines(runtime) == []
    runtime.choose_id("rest:kept_it")  # a claim let stand says nothing as the court rules
    assert runtime.state.status == "ended"
    assert trial_text.parting_lines(runtime) == []


PLAYTHROUGH = """\
playthroughs:
  - name: both claims answered
    choices: [ask_for_the_receipt, note_the_weather, press:rode_it.saw_him,
      object:rode_it.that_one, present:rode_it.receipt, continue, object:kept_it.dry,
      present:kept_it.rain]
    ending: cleared
    shows: [The bicycle was in the shop. Noted., It rained all week. The yard was not dry.]
"""


@pytest.mark.parametrize("key", ["shows", "hides"])
def test_playthroughs_read_the_refuted_lines(
    make_pack: MakePack, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    written = PLAYTHROUGH.replace("    shows:", f"    {key}:")
    pack = make_pack({"story.yaml": two_claims(), "playthroughs.yaml": written})
    code = cli.main(["test", str(pack)])
    out = capsys.readouterr().out
    if key == "shows":
        assert code == 0, out
        assert "1 passed, 0 failed" in out
    else:  # they are read, so a playthrough that says they are not fails
        assert code == 1, out
        assert "but it was shown: 'The judge: The bicycle was in the shop. Noted.'" in out
