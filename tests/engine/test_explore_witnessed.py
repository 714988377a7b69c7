"""`explore` proven by playthroughs and the scene graph (witnessed.py): its findings are
those of the walk of every state, on packs of several shapes, and it gives way to that walk
whenever a question is left open."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from benchmarks.packs import hub_pack

from cellseven_game.cli import main
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools import witnessed
from cellseven_game.engine.tools.analysis import explore
from cellseven_game.engine.tools.witnessed import (
    entries_at_most,
    every_play_ends,
    may_stop,
)

FINDINGS = ("reached", "unreached", "endings", "dead_ends", "loops", "complete")
CHAPTER_FINDINGS = ("replayable", "endings", "dead_ends", "loops", "truncated")


def _write(root: Path, chapters: dict[str, tuple[str, list[str]]], variables: str) -> Path:
    """A pack: `chapters` maps each id to its start and its scenes' YAML lines."""
    root.mkdir(parents=True, exist_ok=True)
    order = list(chapters)
    (root / "story.yaml").write_text(
        f"story:\n  title: T\n  start: {order[0]}\n  chapters: [{', '.join(order)}]\n"
        f"  variables: {variables}\n"
    )
    for chapter, (start, lines) in chapters.items():
        head = f"chapters:\n  {chapter}:\n    title: {chapter}\n"
        head += f'    period: "1997"\n    start: {start}\n    scenes:\n'
        (root / f"{chapter}.yaml").write_text(head + "\n".join(lines) + "\n")
    return root


def _findings(report: dict[str, Any]) -> dict[str, Any]:
    out = {key: report[key] for key in FINDINGS}
    out["verdict_endings"] = report["verdict_endings"]
    out["chapters"] = {
        c: {key: info[key] for key in CHAPTER_FINDINGS} for c, info in report["chapters"].items()
    }
    return out


def _both(pack: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    story = load_story(pack)
    return explore(story), explore(story, every_state=True)


CONDITIONS = [None, None, "f0", "not f1", "k >= 2", "f2 or k >= 1", "visits s{n} >= 2"]
EFFECTS = [None, "{set: {f0: true}}", "{set: {f1: true}}", "{set: {f2: true}}", "{add: {k: 1}}"]


def _random_pack(root: Path, seed: int) -> Path:
    """Two chapters of random scenes whose loops all take a once-only choice (a sticky
    choice or a `next` only leads on), with flags, a counter, visits and several ends."""
    rng = random.Random(seed)
    count = rng.randint(6, 14)
    half = count // 2
    chapters: dict[str, tuple[str, list[str]]] = {"one": ("s0", []), "two": (f"s{half}", [])}
    for n in range(count):
        lines = chapters["one" if n < half else "two"][1]
        lines.append(f"      s{n}:\n        text: Scene {n}.")
        if n == count - 1 or (n > 1 and rng.random() < 0.15):
            lines.append(f"        end: e{n % 3}")
            continue
        if rng.random() < 0.2:
            lines.append(f"        next: s{rng.randint(n + 1, count - 1)}")
        lines.append("        choices:")
        for c in range(rng.randint(1, 3)):
            # The first choice leads on, unconditionally: most scenes are then reached.
            target = rng.randint(n + 1, count - 1) if c == 0 else rng.randint(0, count - 1)
            sticky = target > n and rng.random() < (0.8 if c == 0 else 0.3)
            choice = f"          - {{label: C{c}, goto: s{target}, once: {str(not sticky).lower()}"
            condition = None if c == 0 else rng.choice(CONDITIONS)
            if condition is not None:
                choice += f", if: {condition.format(n=rng.randint(0, count - 1))}"
            effect = rng.choice(EFFECTS)
            if effect is not None:
                choice += f", do: [{effect}]"
            lines.append(choice + "}")
    return _write(root, chapters, "{f0: false, f1: false, f2: false, k: 0}")


def test_random_packs_get_the_findings_of_the_full_walk(tmp_path: Path) -> None:
    proven = 0
    for seed in range(120):
        pack = _random_pack(tmp_path / str(seed), seed)
        assert every_play_ends(load_story(pack))
        quick, full = _both(pack)
        assert full["proof"] == "states"
        assert _findings(quick) == _findings(full), seed
        proven += quick["proof"] == "playthroughs"
    # Most of them are proven without the walk: the comparison is not of the walk to itself.
    assert proven >= 10


@pytest.mark.parametrize("rooms", [4, 6, 7])
def test_hub_packs_get_the_findings_of_the_full_walk(tmp_path: Path, rooms: int) -> None:
    quick, full = _both(hub_pack(tmp_path, rooms=rooms, crlf=False))
    assert _findings(quick) == _findings(full)
    # Under six rooms a flag is never set, so the gate is never reached: only the walk
    # proves that, and it is the walk that answers.
    assert quick["proof"] == ("states" if rooms < 6 else "playthroughs")


def test_the_ten_room_hub_is_proven_without_its_millions_of_states(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = hub_pack(tmp_path)
    report = explore(load_story(pack))
    assert report["proof"] == "playthroughs" and report["complete"]
    assert report["unreached"] == [] and report["loops"] == []
    assert report["dead_ends"] == ["room0", "room2", "room4", "room6", "room8"]
    assert report["endings"] == ["end0", "end1", "end2", "end3", "plain"]
    assert main(["explore", str(pack)]) == 1  # dead ends are problems
    out = capsys.readouterr().out
    assert "states:     not walked:" in out and "loops with no way out: none\n" in out
    assert "capped" not in out and "trap check incomplete" not in out


def test_a_sticky_loop_leaves_it_to_the_walk(tmp_path: Path) -> None:
    lines = [
        "      a:\n        text: A.\n        choices:",
        "          - {label: Round, goto: b, once: false}",
        "          - {label: Out, goto: z}",
        "      b:\n        text: B.\n        next: a",
        "      z:\n        text: Z.\n        end: z",
    ]
    pack = _write(tmp_path / "sticky", {"one": ("a", lines)}, "{}")
    story = load_story(pack)
    assert not every_play_ends(story)
    assert explore(story)["proof"] == "states"
    round_once = [lines[0], "          - {label: Round, goto: b}", *lines[2:]]
    assert every_play_ends(load_story(_write(tmp_path / "once", {"one": ("a", round_once)}, "{}")))


def test_a_scene_that_may_stop_but_was_never_seen_to_is_walked(tmp_path: Path) -> None:
    # `b`'s only choice has a condition that always holds, which no reading of the
    # scene graph can tell: only the walk proves it is never a dead end.
    lines = [
        "      a:\n        text: A.\n        choices:",
        "          - {label: Walk on, goto: b, do: [{set: {f0: true}}]}",
        "      b:\n        text: B.\n        choices:",
        "          - {label: End, goto: z, if: f0}",
        "      z:\n        text: Z.\n        end: z",
    ]
    pack = _write(tmp_path, {"one": ("a", lines)}, "{f0: false}")
    quick, full = _both(pack)
    assert quick["proof"] == "states" and quick["dead_ends"] == []
    assert _findings(quick) == _findings(full)


def test_how_often_a_scene_can_be_entered_and_whether_it_can_stop(tmp_path: Path) -> None:
    lines = [
        "      a:\n        text: A.\n        choices:",
        "          - {label: Once, goto: b}",
        "          - {label: Again, goto: b}",
        "          - {label: Sticky, goto: c, once: false}",
        "      b:\n        text: B.\n        choices:",
        "          - {label: One, goto: a}",
        "          - {label: Two, goto: a}",
        "      c:\n        text: C.\n        choices:",
        "          - {label: Back, goto: a}",
    ]
    story = load_story(_write(tmp_path, {"one": ("a", lines)}, "{}"))
    bound = entries_at_most(story, "a", ())
    assert bound["b"] == 2 and bound["a"] == 1 + 3 and bound["c"] == float("inf")
    # b offers two once-only choices always: stopping there needs three entries.
    assert not may_stop(story.scenes["b"], bound["b"], ())
    assert may_stop(story.scenes["b"], 3, ())
    # One of them already taken (a chapter replayed with it held): two entries do.
    assert may_stop(story.scenes["b"], 2, ("b/" + story.scenes["b"].choices[0].id,))
    assert may_stop(story.scenes["c"], bound["c"], ())
    assert not may_stop(story.scenes["a"], bound["a"], ())  # a sticky choice, no condition


def test_playthroughs_stop_at_their_budget_of_choices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long chain to a scene that may stop (its only choice has a condition): every
    # playthrough is 300 choices long and none settles that scene, so they stop at the
    # budget and the walk answers.
    lines = [f"      s{n}:\n        text: S{n}.\n        next: s{n + 1}" for n in range(300)]
    lines += [
        "      s300:\n        text: Last.\n        choices:",
        "          - {label: End, goto: z, if: f0 or not f0}",
        "      z:\n        text: Z.\n        end: z",
    ]
    pack = _write(tmp_path, {"one": ("s0", lines)}, "{f0: false}")
    monkeypatch.setattr(witnessed, "STEP_BUDGET", 3_000)
    story = load_story(pack)
    found = witnessed.witness(story, None)
    assert not found.settled and found.plays == 10
    quick, full = _both(pack)
    assert quick["proof"] == "states" and _findings(quick) == _findings(full)
