"""Trial lines change like scene text: `{...}` and `if:` in every line the trial shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from guide_examples import trial_example  # tests/ is on sys.path (rootdir conftest)

from cellseven_game.cli.transcript import Transcript
from cellseven_game.engine.compile.loader import check_pack, load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play import trial, trial_text
from cellseven_game.engine.play.replay import replay
from cellseven_game.engine.play.runtime import Runtime

MakePack = Callable[[dict[str, str]], Path]

# The guide's trial, with every kind of trial line made to depend on what the player did.
CHANGES = [
    (
        "text: I saw him ride off on it, Tuesday morning.",
        'text: "I saw him ride off on it, Tuesday{saw_rain: , in the rain|} morning."',
    ),
    (
        '- neighbour: "Well, I saw a bicycle. I was sure it was that one."',
        '- neighbour: "Well, I saw a bicycle{saw_rain:, through the rain}. {first|Again?}"\n'
        '                - {neighbour: "You noticed the weather too.", if: saw_rain}',
    ),
    (
        '- judge: "The bicycle was in the shop. Noted."',
        '- judge: "{receipt.name}: noted. {has rain: And the rain.|}"',
    ),
    (
        '- judge: "That does not answer the witness."',
        '- judge: "That does not answer {neighbour.name}. {&Once.|Twice.}"',
    ),
    (
        "        refuted: all\n",
        '        refuted: all\n        ruling: "Cleared{saw_rain: , rain and all|}."\n',
    ),
    (
        "        witness: neighbour\n",
        "        witness: neighbour\n        lines:\n"
        '          - {judge: "You noted the rain.", if: saw_rain}\n'
        '          - judge: "Mrs. Han, {saw_rain: wet or not,|} go on."\n',
    ),
]


def pack_text(extra: list[tuple[str, str]] = ()) -> str:  # type: ignore[assignment]
    text = trial_example()
    for old, new in [*CHANGES, *extra]:
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def story(make_pack: MakePack) -> Story:
    return load_story(make_pack({"story.yaml": pack_text()}))


def walk(story: Story, *choices: str | None) -> Runtime:
    runtime = Runtime(story)
    for choice in choices:
        runtime.choose_id(choice)
    return runtime


def said(lines: tuple[object, ...]) -> list[str]:
    return [line.text for line in lines]  # type: ignore[attr-defined]


def test_statements_and_lines_follow_what_the_player_did(story: Story) -> None:
    dry = walk(story, "ask_for_the_receipt", "go_to_the_hearing")
    wet = walk(story, "ask_for_the_receipt", "note_the_weather")
    m_dry, m_wet = trial.machine_for(dry), trial.machine_for(wet)
    assert m_dry is not None and m_wet is not None
    assert [s.text for s in m_dry.visible(dry)] == ["I saw him ride off on it, Tuesday morning."]
    assert [s.text for s in m_wet.visible(wet)] == [
        "I saw him ride off on it, Tuesday, in the rain morning."
    ]
    assert said(m_dry.claim_lines(dry)) == ["Mrs. Han,  go on."]
    assert said(m_wet.claim_lines(wet)) == ["You noted the rain.", "Mrs. Han, wet or not, go on."]
    for runtime in (dry, wet):
        runtime.choose_id("press:rode_it.saw_him")
    assert said(trial.last_event(dry).lines) == ["Well, I saw a bicycle. first"]
    assert said(trial.last_event(wet).lines) == [
        "Well, I saw a bicycle, through the rain. first",
        "You noticed the weather too.",
    ]
    # the transcript (and `run`) say the same
    assert "Mrs. Han: Well, I saw a bicycle, through the rain. first" in trial_text.status_lines(
        wet
    )


def test_a_wrong_answer_cycles_and_the_ruling_counts(story: Story) -> None:
    runtime = walk(story, "ask_for_the_receipt", "note_the_weather", "press:rode_it.saw_him")
    runtime.choose_id("object:rode_it.saw_him")
    runtime.choose_id("present:rode_it.rain")
    first = said(trial.last_event(runtime).lines)
    assert first == ["That does not answer Mrs. Han. Once."]
    assert trial.last_event(runtime).lines == trial.last_event(runtime).lines  # redraws agree
    runtime.choose_id("object:rode_it.saw_him")
    runtime.choose_id("present:rode_it.rain")
    assert said(trial.last_event(runtime).lines) == ["That does not answer Mrs. Han. Twice."]
    runtime.choose_id("object:rode_it.that_one")
    runtime.choose_id("present:rode_it.receipt")
    assert said(trial.last_event(runtime).lines) == ["A repair receipt: noted. And the rain."]
    lines = trial_text.verdict_lines(story, runtime.state)
    assert lines[:2] == ["Verdict: Cleared", "Cleared, rain and all."]
    # replay (undo, load) rebuilds the same state, variations included
    state = runtime.state
    again = replay(story, state.origin, state.steps, state.seed).state
    assert again.variations == runtime.state.variations


def test_a_transcript_of_the_trial_shows_no_braces(story: Story) -> None:
    import io

    out = io.StringIO()
    runtime = walk(story, "ask_for_the_receipt", "note_the_weather")
    Transcript(story, out).scene(runtime)
    runtime.choose_id("press:rode_it.saw_him")
    Transcript(story, out).scene(runtime)
    text = out.getvalue()
    assert "{" not in text and "}" not in text
    assert "Tuesday, in the rain morning" in text


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (
            "text: It was that bicycle; I would know it anywhere.",
            "text: It was {colour} bicycle.",
            "CS102",
        ),
        (
            "text: It was that bicycle; I would know it anywhere.",
            "text: It was {that bicycle.",
            "CS115",
        ),
        (
            "title: Not persuaded\n",
            'title: Not persuaded\n        ruling: "{saw_rain + 1}"\n',
            "CS114",
        ),
        (
            '- judge: "The bicycle was in the shop. Noted."',
            '- {judge: "Noted.", if: rained}',
            "CS102",
        ),
        (
            "title: Not persuaded\n",
            "title: Not persuaded\n        ruling: Sorry, {nobody.name}.\n",
            "CS115",
        ),
    ],
)
def test_a_bad_trial_text_is_a_located_error(
    make_pack: MakePack, monkeypatch: pytest.MonkeyPatch, old: str, new: str, code: str
) -> None:
    source = trial_example()
    assert old in source
    source = source.replace(old, new)
    pack = make_pack({"story.yaml": source})
    monkeypatch.chdir(pack)
    errors = check_pack(".").errors
    assert [p.code for p in errors] == [code]
    wanted = new.rstrip("\n").split("\n")[-1].strip()
    line = next(n for n, text in enumerate(source.splitlines(), 1) if wanted in text)
    assert errors[0].line == line


PLAYTHROUGHS = """\
playthroughs:
  - name: in the rain
    choices: [ask_for_the_receipt, note_the_weather, press:rode_it.saw_him,
      object:rode_it.that_one, present:rode_it.receipt]
    ending: cleared
    shows: ["Tuesday, in the rain morning", "Well, I saw a bicycle, through the rain. first",
      You noticed the weather too., A repair receipt, "Cleared, rain and all."]
    hides: ["Mrs. Han,  go on.", "{"]
  - name: dry
    choices: [ask_for_the_receipt, go_to_the_hearing, press:rode_it.saw_him]
    reach: hearing_open
    shows: "Well, I saw a bicycle. first"
    hides: [You noticed the weather too., in the rain]
"""


def test_playthroughs_check_what_the_trial_said(
    make_pack: MakePack, capsys: pytest.CaptureFixture[str]
) -> None:
    from cellseven_game.cli import main

    pack = make_pack({"story.yaml": pack_text(), "playthroughs.yaml": PLAYTHROUGHS})
    assert main(["test", str(pack)]) == 0, capsys.readouterr().out
    assert "2 passed, 0 failed" in capsys.readouterr().out
    wrong = PLAYTHROUGHS.replace(
        "hides: [You noticed the weather too., in the rain]",
        'hides: [in the rain, "Well, I saw a bicycle. first"]',
    )
    (pack / "playthroughs.yaml").write_text(wrong, encoding="utf-8")
    assert main(["test", str(pack)]) == 1
    out = capsys.readouterr().out
    assert "1 passed, 1 failed" in out
    assert "expected the player never to read 'Well, I saw a bicycle. first'" in out
    assert "but it was shown: 'Mrs. Han: Well, I saw a bicycle. first'" in out
