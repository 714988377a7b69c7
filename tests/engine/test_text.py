"""Text that changes: interpolation, conditional text and lines, variations kept in State."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from guide_examples import guide_yaml  # tests/ is on sys.path (rootdir conftest)

from cellseven_game.engine.compile.loader import check_pack, load_story
from cellseven_game.engine.core.template import number_text
from cellseven_game.engine.play.replay import undo
from cellseven_game.engine.play.runtime import Runtime

MakePack = Callable[[dict[str, str]], Path]

PACK = guide_yaml("text-example")  # the guide's example: it stays true


def shown(runtime: Runtime) -> tuple[str, list[str]]:
    scene = runtime.shown_scene()
    return scene.text, [line.text for line in scene.lines]


def test_interpolation_conditions_and_variations(make_pack: MakePack) -> None:
    runtime = Runtime(load_story(make_pack({"story.yaml": PACK})))
    text, lines = shown(runtime)
    assert text.startswith("Score 2, ratio 1.5, Mina holds a red glove.\n\nfirst. tick. only once")
    assert "remembers" not in text and "\n\n\n" not in text  # the empty paragraph is gone
    assert lines == ["You never asked."]
    assert [o.label for o in runtime.options()] == ["Ask (2 left)", "Leave"]
    runtime.choose(1)
    text, lines = shown(runtime)
    assert "She remembers you asked." in text
    assert "second. tock. " in text and "only once" not in text
    assert lines == ["You asked!", "A line only when asked."]
    assert runtime.options()[0].label == "Ask (1 left)"
    runtime.choose(1)
    assert "always after. tick." in shown(runtime)[0]
    # rendering again does not move a variation on: only entering the scene does
    assert shown(runtime) == shown(runtime)


def test_variations_survive_save_undo_and_replay(make_pack: MakePack) -> None:
    story = load_story(make_pack({"story.yaml": PACK}))
    runtime = Runtime(story, seed=7)
    for _ in range(4):
        runtime.choose(1)
    seen = shown(runtime)
    restored = Runtime.restore(story, runtime.snapshot())
    assert shown(restored) == seen
    assert restored.state.variations == runtime.state.variations
    runtime.choose(1)
    undo(runtime)
    assert shown(runtime) == seen
    assert runtime.state.seed == 7


def test_the_shuffle_follows_the_games_seed(make_pack: MakePack) -> None:
    story = load_story(make_pack({"story.yaml": PACK}))

    def picks(seed: int) -> list[str]:
        runtime = Runtime(story, seed=seed)
        out = []
        for _ in range(8):
            out.append(shown(runtime)[0][-1])
            runtime.choose(1)
        return out

    assert picks(3) == picks(3)
    assert len({"".join(picks(seed)) for seed in range(6)}) > 1
    assert set("".join(picks(3))) <= set("xyz")


def test_braces_are_literal_when_doubled(make_pack: MakePack) -> None:
    runtime = Runtime(load_story(make_pack({"story.yaml": PACK})))
    runtime.choose(2)
    assert runtime.shown_scene().text == "Done {literally}."


@pytest.mark.parametrize(
    ("text", "code", "col"),
    [
        ('"Hello {nobody}."', "CS102", 23),  # at `nobody`
        ('"Hello {minna.name}."', "CS115", 23),  # at `minna`
        ('"Hello {score + }."', "CS115", 30),  # where the expression ends early
        ('"Hello {score: yes}."', "CS114", 23),  # a number is no condition
        ('"Hello {name"', "CS115", 22),  # the `{` never closed
        ('"Hello } there"', "CS115", 22),
        ('"{score + asked}"', "CS114", 23),  # at the `+`
    ],
)
def test_a_bad_text_is_a_located_error_at_load(
    make_pack: MakePack, monkeypatch: pytest.MonkeyPatch, text: str, code: str, col: int
) -> None:
    pack = make_pack({"story.yaml": PACK.replace("text: Done {{literally}}.", f"text: {text}")})
    monkeypatch.chdir(pack)
    errors = [f"{p.line}:{p.col} {p.code}" for p in check_pack(".").errors]
    assert errors == [f"34:{col} {code}"], errors


@pytest.mark.parametrize(
    ("value", "shown_as"), [(3, "3"), (3.0, "3"), (2.5, "2.5"), (1 / 3, "0.33"), (-0.125, "-0.12")]
)
def test_the_number_format_rule(value: float, shown_as: str) -> None:
    assert number_text(value) == shown_as


def test_history_shows_each_past_scene_as_it_was_read(make_pack: MakePack) -> None:
    from cellseven_game.cli.plain import history_lines
    from cellseven_game.engine.play.history import read_so_far

    story = load_story(make_pack({"story.yaml": PACK}))
    runtime = Runtime(story, seed=5)
    runtime.choose(1)
    runtime.choose(1)
    runtime.choose(2)
    lines = history_lines(story, runtime)
    assert not any("{" in line or "}" in line for line in lines[:-1]), lines
    starts = [line for line in lines if line.startswith("Score ")]
    assert starts == [
        "Score 2, ratio 1.5, Mina holds a red glove.",
        "Score 1, ratio 2.25, Mina holds a red glove.",
        "Score 0, ratio 3, Mina holds a red glove.",
    ]
    assert [line for line in lines if line.startswith("Mina: ")] == [
        "Mina: You never asked.",
        "Mina: You asked!",
        "Mina: You asked!",
    ]
    # each choice as it was labelled when taken, then the literal braces of the end
    assert [line for line in lines if line.startswith("> ")] == [
        "> Ask (2 left)",
        "> Ask (1 left)",
        "> Leave",
    ]
    assert lines[-1] == "Done {literally}."
    sequence = [line.split(".")[0] for line in lines if line.split(".")[0] in SEQUENCE]
    assert sequence == ["first", "second", "always after"]
    # the same walk feeds the terminal game's history screen
    scenes = [past.scene.text for past in read_so_far(runtime) if past.scene is not None]
    assert [text.split("\n")[0] for text in scenes] == [*starts, "Done {literally}."]


SEQUENCE = ("first", "second", "always after")


def test_history_of_steps_that_no_longer_replay_shows_no_template(make_pack: MakePack) -> None:
    from cellseven_game.cli.plain import history_lines

    story = load_story(make_pack({"story.yaml": PACK}))
    runtime = Runtime(story)
    runtime.choose(1)
    runtime.state.steps[0] = ("a", "no_such_choice")  # as after a story change under a save
    lines = history_lines(story, runtime)
    assert not any("{" in line for line in lines), lines
    assert lines.count("Score 1, ratio 2.25, Mina holds a red glove.") == 2


NESTED = """\
story:
  title: Nested
  start: one
  chapters: [one]
  variables:
    asked: false
characters:
  mina:
    name: Mina
chapters:
  one:
    title: One
    period: "1997"
    start: hub
    scenes:
      hub:
        text: "{asked: {first|second|third}|Not yet.} Plain {asked: yes|no}."
        lines:
          - mina: "{asked: {~a|b|c}|quiet}"
        choices:
          - label: "Ask {asked: {again|once more}|now}"
            goto: hub
            once: false
            do: [{flag: asked}]
"""


def test_a_variation_inside_conditional_text_moves_on_each_entry(make_pack: MakePack) -> None:
    # Entering a scene renders only texts that hold a variation (scene_plan); one nested in
    # a `{cond: ...}` branch counts, and moves on only when its branch is shown.
    runtime = Runtime(load_story(make_pack({"story.yaml": NESTED})))
    assert shown(runtime)[0] == "Not yet. Plain no."
    assert runtime.state.variations == {}
    runtime.choose(1)
    assert shown(runtime)[0] == "first Plain yes."
    assert runtime.options()[0].label == "Ask again"
    runtime.choose(1)
    assert shown(runtime)[0] == "second Plain yes."
    assert runtime.options()[0].label == "Ask once more"
    # the text's, the line's and the label's variations: each shown on both entries since
    assert len(runtime.state.variations) == 3
    assert all(count == 2 for count, _ in runtime.state.variations.values())
