"""`explore` proven by playthroughs and the scene graph (witnessed.py): its findings are
those of the walk of every state, on packs of several shapes, and it gives way to that walk
whenever a question is left open."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from benchmarks import other_hubs
from benchmarks.packs import (
    cases_pack,
    hub_pack,
    manor_pack,
    realistic_pack,
    town_pack,
    yard_pack,
)
from benchmarks.proof_vs_walk import findings as _findings

from cellseven_game.cli import main
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.tools import analysis, witnessed
from cellseven_game.engine.tools import escape as escape_module
from cellseven_game.engine.tools import seek as seek_module
from cellseven_game.engine.tools.analysis import QUICK_WALK, explore
from cellseven_game.engine.tools.escape import MAX_NODES, Counting, Escape, reading_size
from cellseven_game.engine.tools.future import Future
from cellseven_game.engine.tools.graph_bounds import (
    entries_at_most,
    every_play_ends,
    may_loop,
    may_stop,
    surely_finish,
)


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


def _escape(story: Story, chapter: str | None = None) -> tuple[State, Escape]:
    """The whole story's start (or a chapter's), and escape.py reading it from there."""
    first = initial_state(story, chapter)
    future = Future(story, chapter)
    future.reachable(first)
    return first, Escape(story, chapter, future, first)


def _both(pack: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    story = load_story(pack)
    # quick_walk=0: proven whenever it can be, though these packs are small enough to walk.
    return explore(story, quick_walk=0), explore(story, every_state=True)


CONDITIONS = [
    None,
    None,
    "f0",
    "not f1",
    "k >= 2",
    "f2 or k >= 1",
    "visits s{n} >= 2",
    "visited s{n} and not f0",
    "k > 0 and f2",
    "not (f1 and f2)",
]
EFFECTS = [
    None,
    "{set: {f0: true}}",
    "{set: {f1: true}}",
    "{set: {f2: true}}",
    "{set: {f0: false}}",
    "{add: {k: 1}}",
]


# `rich` packs also read a text, two numbers against each other and in a sum, evidence and a
# person met (Bob speaks in scene 3), and set a number from an expression.
RICH_CONDITIONS = [
    'mood == "calm"',
    'mood != "cross"',
    "k > j",
    "k + j >= 3",
    'not (mood == "calm") or f0',
    "k <= 1",
    "j == 0",
    "has ring",
    "met bob",
]
RICH_EFFECTS = [
    '{set: {mood: "cross"}}',
    '{set: {mood: "calm"}}',
    "{add: {j: 2}}",
    '{set: {j: "k + 1"}}',
    "{add: {k: -1}}",
    "{evidence: ring}",
]


def _random_pack(root: Path, seed: int, sticky_loops: bool = False, rich: bool = False) -> Path:
    """Two chapters of random scenes with flags, a counter, visits and several ends, whose
    loops all take a once-only choice (a sticky choice or a `next` only leads on), unless
    `sticky_loops`: then a sticky choice may lead back too, and plays may loop forever."""
    rng = random.Random(seed)
    conditions = CONDITIONS + RICH_CONDITIONS if rich else CONDITIONS
    effects = EFFECTS + RICH_EFFECTS if rich else EFFECTS
    count = rng.randint(6, 14)
    half = count // 2
    chapters: dict[str, tuple[str, list[str]]] = {"one": ("s0", []), "two": (f"s{half}", [])}
    for n in range(count):
        lines = chapters["one" if n < half else "two"][1]
        lines.append(f"      s{n}:\n        text: Scene {n}.")
        if rich and n == 3:
            lines.append("        lines:\n          - bob: Hello.")
        if n == count - 1 or (n > 1 and rng.random() < 0.15):
            lines.append(f"        end: e{n % 3}")
            continue
        if rng.random() < 0.2:
            lines.append(f"        next: s{rng.randint(n + 1, count - 1)}")
        lines.append("        choices:")
        for c in range(rng.randint(1, 3)):
            # The first choice leads on, unconditionally: most scenes are then reached.
            target = rng.randint(n + 1, count - 1) if c == 0 else rng.randint(0, count - 1)
            sticky = (target > n or sticky_loops) and rng.random() < (0.8 if c == 0 else 0.3)
            choice = f"          - {{label: C{c}, goto: s{target}, once: {str(not sticky).lower()}"
            condition = rng.choice(conditions)
            if c == 0 and not (sticky_loops and rng.random() < 0.5):
                condition = None  # (with sticky loops, a conditional way on may trap a play)
            if condition is not None:
                choice += f", if: {condition.format(n=rng.randint(0, count - 1))}"
            effect = rng.choice(effects)
            if effect is not None:
                choice += f", do: [{effect}]"
            lines.append(choice + "}")
    if not rich:
        return _write(root, chapters, "{f0: false, f1: false, f2: false, k: 0}")
    pack = _write(root, chapters, '{f0: false, f1: false, f2: false, k: 0, j: 0, mood: "calm"}')
    with (pack / "story.yaml").open("a") as story:
        story.write("evidence:\n  ring:\n    name: A ring\ncharacters:\n  bob:\n    name: Bob\n")
    return pack


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


def test_random_packs_that_may_loop_forever_get_the_findings_of_the_full_walk(
    tmp_path: Path,
) -> None:
    proven = 0
    for seed in range(400):
        pack = _random_pack(tmp_path / str(seed), seed, sticky_loops=True)
        quick, full = _both(pack)
        assert _findings(quick) == _findings(full), seed
        proven += quick["proof"] == "playthroughs"
    # Many are proven without the walk: escape.py proves most loops have a way out. (Before
    # it, 12 of these 400 were.)
    assert proven >= 60, proven


def test_random_packs_reading_texts_sums_evidence_and_people_get_the_findings_of_the_walk(
    tmp_path: Path,
) -> None:
    proven = compared = 0
    for seed in range(80):
        pack = _random_pack(tmp_path / str(seed), seed, sticky_loops=True, rich=True)
        quick, full = _both(pack)
        if full["truncated"]:
            # `j = k + 1` can make the walk endless; what the playthroughs prove stands.
            assert quick["proof"] == "states" or not quick["truncated"]
            continue
        compared += 1
        assert _findings(quick) == _findings(full), seed
        proven += quick["proof"] == "playthroughs"
    assert compared >= 60 and proven >= 20, (compared, proven)


@pytest.mark.parametrize("rooms", [5, 6, 7])
def test_hubs_that_loop_forever_get_the_findings_of_the_full_walk(
    tmp_path: Path, rooms: int
) -> None:
    quick, full = _both(hub_pack(tmp_path, rooms=rooms, crlf=False, sticky_back=True))
    assert _findings(quick) == _findings(full)
    # Loops with no way out proven by future.py, not only their absence.
    assert quick["proof"] == "playthroughs" and "hub" in quick["loops"]


@pytest.mark.parametrize("rooms", [4, 6, 7])
def test_hub_packs_get_the_findings_of_the_full_walk(tmp_path: Path, rooms: int) -> None:
    quick, full = _both(hub_pack(tmp_path, rooms=rooms, crlf=False))
    assert _findings(quick) == _findings(full)
    # Under six rooms a flag is never set, so the gate is never reached: future.py proves
    # that, reading `Leave`'s condition with the flags the rooms can set.
    assert quick["proof"] == "playthroughs"
    assert ("gate" in quick["unreached"]) is (rooms < 6)


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


def test_a_sticky_loop_with_a_way_out_always_open_is_proven_without_the_walk(
    tmp_path: Path,
) -> None:
    # `Out` is once-only, but once taken the play never comes back to `a`: it is open at
    # every visit, so no state at `a` or `b` loops forever (graph_bounds.surely_finish).
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
    report = explore(story, quick_walk=0)
    assert report["proof"] == "playthroughs" and report["loops"] == []
    assert surely_finish(story, {"a", "b", "z"}, None, ()) == {"a", "b", "z"}
    walked = explore(story, every_state=True)
    assert (walked["proof"], walked["loops"], walked["endings"]) == (
        "states",
        [],
        report["endings"],
    )
    round_once = [lines[0], "          - {label: Round, goto: b}", *lines[2:]]
    assert every_play_ends(load_story(_write(tmp_path / "once", {"one": ("a", round_once)}, "{}")))


def test_a_condition_that_holds_wherever_it_is_read_rules_out_a_dead_end(
    tmp_path: Path,
) -> None:
    # `b`'s only choice has a condition, which the scene graph alone cannot read; every way
    # into `b` sets the flag, which escape.py reads (each scene with its own values).
    lines = [
        "      a:\n        text: A.\n        choices:",
        "          - {label: Walk on, goto: b, do: [{set: {f0: true}}]}",
        "      b:\n        text: B.\n        choices:",
        "          - {label: End, goto: z, if: f0}",
        "      z:\n        text: Z.\n        end: z",
    ]
    pack = _write(tmp_path / "one", {"one": ("a", lines)}, "{f0: false}")
    quick, full = _both(pack)
    assert quick["proof"] == "playthroughs" and quick["dead_ends"] == []
    assert _findings(quick) == _findings(full)


def test_a_scene_that_may_stop_only_as_two_flags_are_read_together(tmp_path: Path) -> None:
    # Both ways into `b` set one flag of two, so `f0 or f1` always holds there: only the
    # pair read together shows it (each flag alone may be either). It was walked; the
    # chapter is now read forward way by way (Escape.no_dead_end_in), each flag exact.
    lines = [
        "      a:\n        text: A.\n        choices:",
        "          - {label: Left, goto: b, do: [{set: {f0: true}}, {set: {f1: false}}]}",
        "          - {label: Right, goto: b, do: [{set: {f0: false}}, {set: {f1: true}}]}",
        "      b:\n        text: B.\n        choices:",
        "          - {label: End, goto: z, if: f0 or f1}",
        "      z:\n        text: Z.\n        end: z",
    ]
    pack = _write(tmp_path / "two", {"one": ("a", lines)}, "{f0: false, f1: false}")
    quick, full = _both(pack)
    assert quick["proof"] == "playthroughs" and quick["dead_ends"] == []
    assert _findings(quick) == _findings(full)
    # With no states left for that reading (nor the one with numbers and visit counts,
    # which also shows where a play may stop, nor each way in read apart, which now shows
    # it first: `_open_coming_in`), the walk answers, and finds the same.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(witnessed, "DEAD_END_STATES_ALL", -1)
        patch.setattr(Counting, "go", lambda *_: None)
        patch.setattr(Escape, "_open_coming_in", lambda *_: False)
        spent, _ = _both(pack)
        assert spent["proof"] == "states" and _findings(spent) == _findings(full)
        assert spent["in_question"] is None  # (the walk was complete)
        # A walk stopped short says what the proofs left in question, and keeps what
        # their playthroughs showed (both endings reached, though the walk stopped first).
        # No random playthroughs after the proofs: the story's own searched already
        # (the market of 40 ports spent 19 s of 33 on them).
        patch.setattr(analysis, "random_walk", _no_random_walk)
        short = explore(load_story(pack), quick_walk=0, max_states=1)
    assert short["trap_check"] == "incomplete"
    assert short["in_question"] == {"scenes": [], "dead_ends": ["b"], "loops": []}
    assert short["endings"] == full["endings"] and short["unreached"] == []


def _no_random_walk(*_: object) -> None:
    raise AssertionError("a random playthrough after the proofs")


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


@pytest.mark.parametrize(
    ("condition", "may", "stops"),
    [
        ("visits hub >= 3", False, False),  # open at the third visit, the first that may stop
        ("3 <= visits hub", False, False),
        ("visits hub > 2 or flag", False, False),
        ("visited hub", False, False),
        ("visits hub >= 4", True, True),  # shut until the fourth: the third finds nothing
        ("visits hub > 2 and flag", True, True),  # the flag is never set
        # Not read this way, so left to the proofs (each open at the third visit): another
        # scene's visits, and a `not` (read no further than `and`, `or`, comparisons).
        ("visits hall >= 2", True, False),
        ("not visits hub < 3", True, False),
    ],
)
def test_a_hub_with_a_way_that_opens_with_its_visits_never_stops(
    tmp_path: Path, condition: str, may: bool, stops: bool
) -> None:
    # Two once-only rooms, so a stop needs a third visit; a sticky way that opens with the
    # hub's visits is open by then (corridor_hubs.py seeds 18 and 53: walked for want of
    # this, a million states).
    lines = [
        "      hub:\n        text: Hub.\n        choices:",
        "          - {label: One, goto: hall}",
        "          - {label: Two, goto: hall}",
        f"          - {{label: Late, goto: hall, once: false, if: {condition}}}",
        "      hall:\n        text: Hall.\n        next: hub",
    ]
    story = load_story(_write(tmp_path, {"one": ("hub", lines)}, "{flag: false}"))
    assert may_stop(story.scenes["hub"], float("inf"), ()) == may
    assert may_stop(story.scenes["hub"], 2, ()) is False  # too few visits to stop at all
    quick, full = _both(tmp_path)
    assert ("hub" in full["dead_ends"]) == stops
    assert _findings(quick) == _findings(full)


def test_playthroughs_stop_at_their_budget_of_choices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long chain to a scene that may stop (its only choice has a condition that holds,
    # as only the visit to a scene on the way shows: no proof reads visit counts along a
    # way but Escape.no_dead_end_in, held here to one state at each of its readings, and
    # Escape.counting, held to none): every playthrough is 300 choices long and none
    # settles that scene, so they stop at the budget and the walk answers. The next start
    # still makes its own few plays (witnessed.START_ALLOWANCE, or a chapter's allowance
    # for each scene), and no more.
    monkeypatch.setattr(witnessed, "DEAD_END_STATES", 1)
    monkeypatch.setattr(witnessed, "DEAD_END_STATES_LONG", 1)
    monkeypatch.setattr(Counting, "go", lambda *_: None)
    lines = [
        "      s:\n        text: S.\n        choices:",
        "          - {label: L, goto: s0, do: [{set: {f0: true}}, {set: {f1: false}}]}",
        "          - {label: R, goto: s0, do: [{set: {f0: false}}, {set: {f1: true}}]}",
    ]
    lines += [f"      s{n}:\n        text: S{n}.\n        next: s{n + 1}" for n in range(300)]
    lines += [
        "      s300:\n        text: Last.\n        choices:",
        "          - {label: End, goto: z, if: visited s150}",
        "      z:\n        text: Z.\n        end: z",
    ]
    pack = _write(tmp_path, {"one": ("s", lines)}, "{f0: false, f1: false}")
    story = load_story(pack)
    budget = witnessed.Budget(3_000)  # shared by every start of one explore
    found = witnessed.witness(story, None, budget)
    assert not found.settled and found.plays == 10 and budget.left <= 0
    monkeypatch.setattr(witnessed, "CHAPTER_CHOICES_A_SCENE", 0)
    again = witnessed.witness(story, "one", budget)
    assert again.plays == witnessed.START_ALLOWANCE // 300 and budget.left == 0
    monkeypatch.setattr(witnessed, "CHAPTER_CHOICES_A_SCENE", 20)  # 303 scenes: 6,060
    again = witnessed.witness(story, "one", budget)
    assert again.plays == 21 and budget.left == 0
    quick, full = _both(pack)
    assert quick["proof"] == "states" and _findings(quick) == _findings(full)


ROUND = [
    "      a:\n        text: A.\n        choices:",
    "          - {label: Round, goto: b, once: false}",
    "          - {label: Out, goto: z, if: OUT}",
    "      b:\n        text: B.\n        choices:",
    "          - {label: Back, goto: a, once: false}",
    "          - {label: Change, goto: a, do: [CHANGE]}",
    "      z:\n        text: Z.\n        end: z",
]


def _trapped(tmp_path: Path, out: str, change: str, variables: str, taken: bool = False) -> bool:
    """Whether future.py proves the state at `a` trapped, in a loop a <-> b whose way out
    needs `out` and whose once-only `Change` does `change`."""
    lines = [line.replace("OUT", out).replace("CHANGE", change) for line in ROUND]
    story = load_story(_write(tmp_path, {"one": ("a", lines)}, variables))
    state = initial_state(story)
    if taken:
        state.taken.add("b/" + story.scenes["b"].choices[1].id)
    return Future(story, None).trapped(state)


@pytest.mark.parametrize(
    ("out", "change", "variables", "taken", "trapped"),
    [
        ("f0", "{set: {f0: true}}", "{f0: false}", False, False),  # Change opens the way out
        ("f0", "{set: {f0: true}}", "{f0: false}", True, True),  # ...but it was taken
        ("f0", "{set: {f0: false}}", "{f0: false}", False, True),  # nothing sets it
        ("not f0", "{set: {f0: false}}", "{f0: true}", False, False),
        ("k >= 3", "{add: {k: 1}}", "{k: 1}", False, False),  # once, but it may grow...
        ("k >= 3", "{add: {k: -1}}", "{k: 1}", False, True),  # ...it only shrinks
        ("k + 1 >= 3 and f0", "{add: {k: 5}}", "{k: 0, f0: false}", False, True),
        ("visits b >= 4", "{add: {k: 1}}", "{k: 0}", False, False),  # visits grow
        ("visited z", "{add: {k: 1}}", "{k: 0}", False, True),  # z only after the way out
        ('mood == "calm"', '{set: {mood: "calm"}}', '{mood: "tense"}', False, False),
        ('mood == "calm"', '{set: {mood: "angry"}}', '{mood: "tense"}', False, True),
    ],
)
def test_what_future_proves_about_a_loop(
    tmp_path: Path, out: str, change: str, variables: str, taken: bool, trapped: bool
) -> None:
    assert _trapped(tmp_path, out, change, variables, taken) is trapped


def test_a_way_out_of_the_chapter_or_a_possible_dead_end_is_not_a_trap(tmp_path: Path) -> None:
    lines = [line.replace("OUT", "f0").replace("CHANGE", "{set: {f0: false}}") for line in ROUND]
    lines[2] = "          - {label: Out, goto: y, if: f0}"  # y is not in the chapter
    lines.append(
        "      c:\n        text: C.\n        choices:\n          - {label: Onward, goto: a}"
    )
    two = ["      y:\n        text: Y.\n        end: y"]
    story = load_story(_write(tmp_path, {"one": ("a", lines), "two": ("y", two)}, "{f0: false}"))
    state = initial_state(story, "one")
    assert Future(story, None).trapped(state)  # the whole story: y is never reached
    # Replayed by name, a way out of the chapter ends the replay: not proven trapped then.
    lines[2] = "          - {label: Out, goto: y}"
    story = load_story(_write(tmp_path, {"one": ("a", lines), "two": ("y", two)}, "{f0: false}"))
    assert not Future(story, "one").trapped(initial_state(story, "one"))
    # A reachable scene whose only choice is once-only and sticky-entered may stop: a way out.
    assert not Future(story, None).trapped(initial_state(story))


def test_where_a_play_may_loop_forever(tmp_path: Path) -> None:
    lines = [line.replace("OUT", "f0").replace("CHANGE", "{set: {f0: true}}") for line in ROUND]
    lines.append(
        "      c:\n        text: C.\n        choices:\n          - {label: Onward, goto: a}"
    )
    lines.append(
        "      d:\n        text: D.\n        choices:\n          - {label: Onward, goto: z}"
    )
    story = load_story(_write(tmp_path, {"one": ("a", lines)}, "{f0: false}"))
    # a and b loop; c leads into the loop; d leads only to the end; z is an end.
    assert may_loop(story, set(story.scenes)) == {"a", "b", "c"}


@pytest.mark.parametrize("case", ["cx1", "cx2", "cx3"])
def test_an_outside_review_s_counterexamples_get_the_findings_of_the_full_walk(case: str) -> None:
    # cx1, cx3: a scene's speakers are met on entering it; cx2: the visit under way may
    # still take a once-only choice of its scene (found by a reviewer's generator).
    quick, full = _both(Path(__file__).parent / "witness_cases" / case)
    assert _findings(quick) == _findings(full)


def test_a_hub_left_by_sticky_ways_with_an_exit_behind_flags_is_proven_free(
    tmp_path: Path,
) -> None:
    # Every room sets its flag and goes back by `next`, the hub's exit needs all three flags
    # and two visits: plays go round forever if they like, yet none is ever trapped.
    # escape.py proves it for every state at once, splitting the flags it does not know.
    lines = ["      hub:\n        text: Hub.\n        choices:"]
    for n in range(3):
        lines.append(f"          - {{label: Room {n}, goto: r{n}, once: false}}")
    lines.append("          - {label: Out, goto: gate, if: f0 and f1 and f2 and visits hub >= 2}")
    for n in range(3):
        lines.append(f"      r{n}:\n        text: R.\n        do: [{{set: {{f{n}: true}}}}]")
        lines.append("        next: hub")
    lines.append("      gate:\n        text: G.\n        end: out")
    pack = _write(
        tmp_path / "sticky_hub", {"one": ("hub", lines)}, "{f0: false, f1: false, f2: false}"
    )
    story = load_story(pack)
    assert not every_play_ends(story)
    quick, full = _both(pack)
    assert _findings(quick) == _findings(full)
    assert quick["proof"] == "playthroughs" and quick["loops"] == []
    first, escape = _escape(story)
    assert escape.ask({"hub", "r0", "r1", "r2"}, first, {"gate"}) == {"hub", "r0", "r1", "r2"}
    # With a flag that a room clears again, a play can be trapped: nothing is proven free.
    lines[-3] = "      r2:\n        text: R.\n        do: [{set: {f2: true}}, {set: {f0: false}}]"
    trapped_pack = _write(
        tmp_path / "clears", {"one": ("hub", lines)}, "{f0: false, f1: false, f2: false}"
    )
    quick, full = _both(trapped_pack)
    assert _findings(quick) == _findings(full)


def test_a_scene_proven_for_more_states_is_proven_for_fewer_without_a_search() -> None:
    # The harbour's square, with its coins and six flags read as anything: its strategy
    # comes back to the square many times knowing more (the storm down, two coins). Each
    # was a search of its own, and 400,000 steps did not prove the square; a knowledge
    # inside one already proven there is now that proof.
    story = load_story(Path(__file__).resolve().parents[1] / "benchmarks" / "harbour")
    first, escape = _escape(story)
    Runtime(story, first).enter(first.scene)
    assert escape.ask({"square"}, first, set(), steps=100_000, budget=100_000) == {"square"}
    wide = escape._at("square")
    narrow = wide.with_value("storm", frozenset({False})).with_value("coins", (2.0, 2.0))
    assert ("square", narrow) not in escape.proven
    escape.nodes, escape.limit = 0, 10
    assert escape._finishes("square", narrow, 1) and escape.nodes == 0
    # Never the other way round: a proof for the plays that hold the ticket is none for
    # those that may not.
    assert escape._within(narrow, wide)
    assert not escape._within(wide, wide.with_value("ticket", frozenset({True})))


def test_the_manor_is_proven_by_playthroughs_with_its_loops_and_their_ways_out(
    tmp_path: Path,
) -> None:
    # The manor's hall traps a play once the lamp is lost; its kitchen never does. Before
    # escape.py the manor was always walked (25,659 states).
    quick, full = _both(manor_pack(tmp_path / "manor"))
    assert _findings(quick) == _findings(full)
    assert quick["proof"] == "playthroughs"
    assert "cellar_door" in quick["loops"] and "kitchen_door" not in quick["loops"]


def test_hubs_of_another_hand_get_the_findings_of_the_full_walk(tmp_path: Path) -> None:
    # tests/benchmarks/other_hubs.py: rooms back by `next` or a sticky `Return`, flags set
    # and cleared, an exit behind three flags; written apart from packs.py for this check.
    proven = 0
    for seed in range(24):
        quick, full = _both(other_hubs.gen(tmp_path / str(seed), seed, rooms=6))
        assert not full["truncated"]
        assert _findings(quick) == _findings(full), seed
        proven += quick["proof"] == "playthroughs"
    assert proven >= 8, proven  # 13 of these 24 when written


@pytest.mark.parametrize("allowed", [25, 40, 300, 2_000, QUICK_WALK])
def test_the_first_quick_walk_stopped_anywhere_changes_no_finding(
    tmp_path: Path, allowed: int
) -> None:
    """explore walks first within `quick_walk` states. Stopped there (in a chapter's walk or
    the whole story's), it tries the proof, and the walk it falls back to keeps the chapters
    walked whole: the report is the full walk's, to the number of states."""
    packs = [
        realistic_pack(tmp_path / "realistic", scenes=75),  # three chapters
        manor_pack(tmp_path / "manor"),
        other_hubs.gen(tmp_path / "hub", 0),  # its proof fails: walked
        # Two chapters: the whole story's walk, cut off at 25 states, had walked a part the
        # walk after it found already walked (its states were once left uncounted).
        _random_pack(tmp_path / "rich", 44, rich=True),
    ]
    for pack in packs:
        story = load_story(pack)
        full = explore(story, every_state=True)
        report = explore(story, quick_walk=allowed)
        if report["proof"] == "states":
            assert report == full, (pack, allowed)
        else:
            assert _findings(report) == _findings(full), (pack, allowed)
            # Proven only when the quick walk fell short. It counts what it holds: the
            # states and ways out the chapters' walks keep (`kept`, each way out a state
            # too) and the whole story's states beside them.
            walker = analysis.Explorer(story)
            analysis._walked(walker, analysis.MAX_STATES, 0)
            assert walker.kept + full["states"] > allowed


def test_a_pack_with_few_states_is_walked_not_proven(tmp_path: Path) -> None:
    story = load_story(other_hubs.gen(tmp_path / "hub", 1))  # 114 states, provable
    assert explore(story, quick_walk=0)["proof"] == "playthroughs"
    report = explore(story)
    assert report["proof"] == "states" and report["playthroughs"] == 0
    assert report == explore(story, every_state=True)


def test_a_story_too_large_to_read_scene_by_scene_is_walked_without_a_proof(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = load_story(manor_pack(tmp_path / "manor"))
    assert explore(story, quick_walk=0)["proof"] == "playthroughs"
    size = reading_size(story)  # the manor's flags, live at most of its 40 scenes
    assert 40 < size < 40 * len(story.variables)
    monkeypatch.setattr(analysis, "MAX_READING", size - 1)
    report = explore(story, quick_walk=0)
    assert report["proof"] == "states" and report["playthroughs"] == 0


def test_a_scene_two_flags_together_keep_shut_is_proven_unreached(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The yard's chapel is open with `bell and not coal`, its tower with `not rain`: `coal`
    is cleared only at the well, which sets `rain`, and `rain` is cleared only past the
    forge, which needs `coal`. Read flag by flag, the tower could open; read together, it
    never does (Escape.reached_apart)."""
    pack = yard_pack(tmp_path / "yard")
    quick, full = _both(pack)
    assert full["unreached"] == ["chapel_c"] and full["states"] > 30_000
    assert quick["proof"] == "playthroughs" and _findings(quick) == _findings(full)
    assert main(["explore", str(pack)]) == 1  # dead ends (the loft, the cellar)
    out = capsys.readouterr().out
    assert "  unreached:  chapel_c\n" in out
    assert "\n    after                1 playthrough  replayable\n" in out  # one, not "1 ...s"


def test_flags_read_apart_still_reach_what_a_play_can(tmp_path: Path) -> None:
    # `b` is reached only with `x` set and `y` cleared after it, in that order.
    lines = [
        "      a:\n        text: A.\n        choices:",
        "          - {label: Set x, goto: a, once: false, do: [{set: {x: true}}]}",
        "          - {label: Clear y, goto: a, once: false, if: x, do: [{set: {y: false}}]}",
        "          - {label: Set y, goto: a, once: false, do: [{set: {y: true, x: false}}]}",
        "          - {label: Go on, goto: b, if: x and not y}",
        "      b:\n        text: B.\n        end: b",
    ]
    variables = "{x: false, y: true}"
    story = load_story(_write(tmp_path / "apart", {"one": ("a", lines)}, variables))
    first, escape = _escape(story)
    assert escape.reached_apart(first) == {"a", "b"}
    quick, full = _both(tmp_path / "apart")
    assert full["unreached"] == [] and _findings(quick) == _findings(full)


@pytest.mark.parametrize("locks", [0, 20])
def test_the_first_scene_s_own_effects_count_in_the_proof(tmp_path: Path, locks: int) -> None:
    """The start sets `f` on entering; its way on needs `f` (and, behind a long chain, that
    `h` was not set by going round). Read from before the start's effects, the way looked
    shut: `b` was proven unreached, and the ending behind it lost (found by review)."""
    first = "lock0" if locks else "b"
    lines = [
        "      a:\n        text: A.\n        do: [{set: {f: true}}]\n        choices:",
        f"          - {{label: Go, goto: {first}, if: 'f and not h'}}",
        "          - {label: Loop, goto: c, do: [{set: {h: true}}]}",
        "          - {label: Quit, goto: z}",
        "      c:\n        text: C.\n        next: a",
        "      b:\n        text: B.\n        end: win",
        "      z:\n        text: Z.\n        end: lose",
    ]
    for i in range(locks):
        after = f"lock{i + 1}" if i < locks - 1 else "b"
        lines += [
            f"      lock{i}:\n        text: L.\n        choices:",
            f"          - {{label: Right, goto: {after}}}",
            "          - {label: Wrong, goto: z}",
        ]
    quick, full = _both(_write(tmp_path / "start", {"one": ("a", lines)}, "{f: false, h: false}"))
    assert full["unreached"] == [] and full["endings"] == ["lose", "win"]
    assert _findings(quick) == _findings(full)


def _town_and_districts(root: Path, districts: int) -> Path:
    """A town chapter that only sends the play to its districts (a replay of it leaves at
    once, so its ending behind both keys is never reached there) and districts with a hub
    each, whose key opens the town's way out."""
    keys = " and ".join(f"k{d}" for d in range(districts))
    town = [
        "      square:",
        "        text: The square.",
        "        choices:",
        *[f"          - {{label: D{d}, goto: d{d}_hub, once: false}}" for d in range(districts)],
        f"          - {{label: Leave, goto: leave, if: {keys}}}",
        "          - {label: Give up, goto: giveup, if: visits square >= 4}",
        "      leave: {text: Out., end: free}",
        "      giveup: {text: Home., end: gaveup}",
    ]
    chapters: dict[str, tuple[str, list[str]]] = {"town": ("square", town)}
    for d in range(districts):
        lines = [
            f"      d{d}_hub:",
            "        text: A hub.",
            "        choices:",
            *[f"          - {{label: R{r}, goto: d{d}_r{r}}}" for r in range(4)],
            f"          - {{label: Key, goto: d{d}_key, if: visited d{d}_r0 and visited d{d}_r2}}",
            "          - {label: Back, goto: square, once: false}",
            *[f"      d{d}_r{r}: {{text: A room., next: d{d}_hub}}" for r in range(4)],
            f"      d{d}_key: {{text: A key., do: [{{set: {{k{d}: true}}}}], next: square}}",
        ]
        chapters[f"dist{d}"] = (f"d{d}_hub", lines)
    variables = "{" + ", ".join(f"k{d}: false" for d in range(districts)) + "}"
    return _write(root, chapters, variables)


def _no_search_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """seek.py's searches made to say nothing of the scenes out of reach (the town's replay
    is settled by one that meets all its few states: here it must be left open), nor
    door_reach.py's (which proves them from the town's doors), nor escape.py's reading
    with visit counts (which reads the key's visits along the way)."""
    real = witnessed.seek

    def seek(*args: Any, **kwargs: Any) -> seek_module.Sought:
        return seek_module.Sought(real(*args, **kwargs).expanded)

    monkeypatch.setattr(witnessed, "seek", seek)
    monkeypatch.setattr(witnessed, "out_of_reach", lambda *args: (set(), 0))
    monkeypatch.setattr(Counting, "go", lambda *_: None)


def test_a_chapter_the_proof_leaves_open_is_walked_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole story and two districts proven; the town, whose replay the proof does not
    settle, walked alone from its entry (a few states), not the whole story with it; the
    findings are those of the walk of every state, the report says which was which."""
    story = load_story(_town_and_districts(tmp_path / "p", 2))
    full = explore(story, every_state=True)
    proven = explore(story, quick_walk=0)
    assert _findings(proven) == _findings(full) and proven["proof"] == "playthroughs"
    _no_search_ends(monkeypatch)
    quick = explore(story, quick_walk=0)
    assert _findings(quick) == _findings(full)
    assert quick["proof"] == "mixed"
    assert quick["chapters"]["town"]["proof"] == "states"
    assert 1 <= quick["chapters"]["town"]["states"] == quick["states"] < 10
    assert {quick["chapters"][c]["proof"] for c in ("dist0", "dist1")} == {"playthroughs"}
    assert quick["playthroughs"] > 0 and quick["unreached"] == []
    assert full["states"] > 20 * quick["states"]


def test_the_cli_says_the_whole_story_was_walked_when_no_chapter_was(
    capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every chapter proven, the whole story walked: the line named no chapter ("walked in
    # (replayed by name...)", on an outside generator's 1,000-scene dungeon).
    real = analysis.explore

    def whole_story_walked(story: Story, **options: Any) -> dict[str, Any]:
        report = real(story, **options)
        report["proof"], report["states"] = "mixed", 1234
        return report

    monkeypatch.setattr(analysis, "explore", whole_story_walked)
    harbour = Path(__file__).resolve().parents[1] / "benchmarks" / "harbour"
    main(["explore", str(harbour)])
    out = capsys.readouterr().out
    assert "states:     1234, walked from the story's start (left open by the proofs);" in out
    assert "walked in  (" not in out


def test_the_cli_says_which_chapter_was_walked(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three districts: 45,090 states walked whole (4.5 s), past the first quick walk."""
    pack = _town_and_districts(tmp_path / "p", 3)
    _no_search_ends(monkeypatch)
    assert main(["explore", str(pack)]) == 0
    out = capsys.readouterr().out
    assert "walked in town (replayed by name: left open by the proofs)" in out
    lines = {line.split()[0]: line for line in out.splitlines()[-4:]}
    assert lines["town"].split()[1:] == ["1", "state", "replayable"]
    assert lines["dist0"].split()[2:] == ["playthroughs", "replayable"]


def _journal(root: Path, rooms: int) -> Path:
    """A hall of rooms each with a page (a clue) and a bed to look under with the lantern's
    oil; a kitchen refills it; the cellar traps a play that goes down without propping its
    door (`Wait`, its only way then, is sticky), and kicking the brick away traps one that
    did; the study upstairs ends it, in one of three ways by the clues found. (An outside
    generator's shape: walked, 10 rooms capped at a million states.)"""
    every_clue = " and ".join(f"c{r}" for r in range(rooms))
    hall = [
        "      hall:",
        "        text: A hall.",
        "        choices:",
        *[
            f"          - {{label: R{r}, goto: r{r}"
            + (", once: false" if r % 2 else "")
            + (", if: oil > 0, do: [{add: {oil: -1}}]" if r % 3 == 1 else "")
            + "}"
            for r in range(rooms)
        ],
        "          - {label: Kitchen, goto: kitchen, if: oil < 3, once: false}",
        "          - {label: Prop the door, goto: prop, if: not propped}",
        "          - {label: Cellar, goto: cellar, once: false}",
        "          - {label: Upstairs, goto: study, if: c0 or c1}",
        "      kitchen: {text: Oil., do: [{set: {oil: 3}}], next: hall}",
        "      prop: {text: Propped., do: [{set: {propped: true}}], next: hall}",
        "      cellar:",
        "        text: Dark.",
        "        choices:",
        "          - {label: Kick the brick, goto: cellar, if: propped,"
        " do: [{set: {propped: false}}]}",
        "          - {label: Climb, goto: hall, if: propped, once: false}",
        "          - {label: Wait, goto: cellar, if: not propped, once: false}",
        "      study:",
        "        text: Pages.",
        "        choices:",
        f"          - {{label: All, goto: e_all, if: {every_clue}}}",
        "          - {label: Most, goto: e_most, if: c0 and c1 and c2}",
        "          - {label: Burn, goto: e_burn}",
        "      e_all: {text: All., end: all}",
        "      e_most: {text: Most., end: most}",
        "      e_burn: {text: Ash., end: burn}",
    ]
    for r in range(rooms):
        hall += [
            f"      r{r}:",
            "        text: A room.",
            "        choices:",
            f"          - {{label: Page, goto: r{r}_page, do: [{{set: {{c{r}: true}}}}]}}",
            f"          - {{label: Bed, goto: r{r}_bed, if: oil > 0}}",
            "          - {label: Back, goto: hall, once: false}",
            f"      r{r}_page: {{text: A page., next: r{r}}}",
            f"      r{r}_bed: {{text: Dust., next: r{r}}}",
        ]
    variables = "{oil: 3, propped: false, " + ", ".join(f"c{r}: false" for r in range(rooms)) + "}"
    return _write(root, {"house": ("hall", hall)}, variables)


def test_a_cellar_trap_kept_by_two_ways_read_together_and_its_hall_proven_free(
    tmp_path: Path,
) -> None:
    """The cellar's `Climb` and `Wait` read `propped` and `not propped`: together one is
    always open, so no play stops there (escape.never_stops reads them case by case), and
    a play that waits there without the brick is trapped (future.py sees `Wait` always open
    too). The hall needs a strategy of a dozen steps (a clue, oil from the kitchen): the
    few scenes left after the plays share a question's whole allowance. `Most`, behind
    three clues at once, is found by seek.py (drawn by the guard's parts, not by the
    study's nearness). The findings are those of the walk of every state."""
    story = load_story(_journal(tmp_path / "p", 4))
    quick, full = explore(story, quick_walk=0), explore(story, every_state=True)
    assert _findings(quick) == _findings(full)
    assert quick["proof"] == "playthroughs"
    assert quick["loops"] == ["cellar"] and quick["dead_ends"] == []
    assert quick["endings"] == ["all", "burn", "most"]


def _roads(root: Path, episodes: int) -> Path:
    """Episodes in a row, each taking one of two roads that sets a flag of its own; the last
    scene's `Kind` ending needs both roads of episode 1 taken (never: they are two ways of
    one choice), `Brave` needs the second road of episodes 0 and 2 (a play can)."""
    lines: list[str] = []
    every_road = " and ".join(f"(e{e}_a or e{e}_b)" for e in range(episodes))  # reads all
    for e in range(episodes):
        after = f"ep{e + 1}" if e < episodes - 1 else "last"
        lines += [
            f"      ep{e}:\n        text: A fork.\n        choices:",
            f"          - {{label: Left, goto: ep{e}_a}}",
            f"          - {{label: Right, goto: ep{e}_b}}",
            f"      ep{e}_a: {{text: Left., do: [{{set: {{e{e}_a: true}}}}], next: {after}}}",
            f"      ep{e}_b: {{text: Right., do: [{{set: {{e{e}_b: true}}}}], next: {after}}}",
        ]
    lines += [
        "      last:\n        text: The end of the road.\n        choices:",
        "          - {label: Kind, goto: kind, if: e1_a and e1_b}",
        "          - {label: Brave, goto: brave, if: e0_b and e2_b}",
        "          - {label: Walk, goto: walk}",
        f"          - {{label: Remember, goto: walk, if: {every_road}}}",
        "      kind: {text: Kind., end: kind}",
        "      brave: {text: Brave., end: brave}",
        "      walk: {text: Walk., end: walk}",
    ]
    flags = ", ".join(f"e{e}_{side}: false" for e in range(episodes) for side in "ab")
    return _write(root, {"roads": ("ep0", lines)}, "{" + flags + "}")


def test_flags_a_guard_reads_are_kept_apart_when_all_of_them_are_too_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every flag is read at the last scene, so all are live from the start: kept apart all
    at once they are 2**10 sets of values at the last scene alone, past a limit of 500 (a
    long story's are past MAX_APART). Only those the unreached ending's guard reads, kept
    apart, show it never reached."""
    story = load_story(_roads(tmp_path / "p", 10))
    first, escape = _escape(story)
    assert escape.reached_apart(first, limit=500) is None
    assert escape.guards_read({"kind"}) == {"e1_a", "e1_b"}
    reached = escape.reached_apart(first, limit=500, focus=frozenset({"e1_a", "e1_b"}))
    assert reached is not None and "kind" not in reached and "brave" in reached
    monkeypatch.setattr(escape_module, "MAX_APART", 500)
    quick, full = _both(tmp_path / "p")
    assert full["unreached"] == ["kind"] and full["endings"] == ["brave", "walk"]
    assert quick["proof"] == "playthroughs" and _findings(quick) == _findings(full)


def test_a_hub_left_once_a_number_is_raised_by_going_round_is_proven_free(
    tmp_path: Path,
) -> None:
    """The ship leaves with no debt and three coins; the docks earn one a round (below
    eight), a loan brings five and a debt of six, repaying needs the coins. No split of
    `coins` ends the proof (each round leaves it unknown again): going round the docks
    until it is high enough is one step of the strategy (escape._pumped). A day that can
    never come (`day < 4 and day >= 4`) is read as never, its scene unreached."""
    lines = [
        "      stall:\n        text: The stall.\n        choices:",
        "          - {label: Work, goto: docks, once: false, if: coins < 8}",
        "          - {label: Borrow, goto: loan, if: debt == 0}",
        "          - {label: Repay, goto: repay, once: false, if: debt > 0 and coins >= debt}",
        "          - {label: Board, goto: sail, once: false, if: debt == 0 and coins >= 3,"
        " do: [{add: {coins: -3}}]}",
        "          - {label: Never, goto: never, if: day < 4 and day >= 4}",
        "          - {label: Sleep, goto: night, once: false}",
        "      docks: {text: Work., do: [{add: {coins: 1}}], next: stall}",
        "      loan: {text: A loan., do: [{add: {coins: 5, debt: 6}}], next: stall}",
        "      repay: {text: Paid., do: [{set: {coins: coins - debt}}, {set: {debt: 0}}],"
        " next: stall}",
        "      night: {text: Night., do: [{add: {day: 1}}], next: stall}",
        "      never: {text: Never., end: never}",
        "      sail: {text: Away., end: away}",
    ]
    variables = "{coins: 0, debt: 0, day: 1}"
    pack = _write(tmp_path / "p", {"port": ("stall", lines)}, variables)
    story = load_story(pack)
    first = initial_state(story, None)
    future = Future(story, None)
    future.reachable(first)
    assert "never" not in future.reach
    escape = Escape(story, None, future, first)
    assert escape.free("stall", None, 2_000)
    quick, full = _both(pack)
    assert quick["proof"] == "playthroughs" and _findings(quick) == _findings(full)
    assert quick["unreached"] == ["never"] and quick["loops"] == [] and quick["endings"] == ["away"]


def test_a_loop_that_takes_back_part_of_its_gain_is_no_pump(tmp_path: Path) -> None:
    """Round the loop `x` goes down one, then up three: the net gain is two, but within
    a round it passes below where it started, where a way of the loop may be shut. The
    whole-round step is no proof then (escape._pumped); the same loop gaining at every
    step is one, leaving `x` at 9 or more."""

    def pumped(first_step: int, root: Path) -> Any:
        lines = [
            "      hub:\n        text: Hub.\n        choices:",
            "          - {label: Down, goto: dip, once: false}",
            "          - {label: Out, goto: out, if: x >= 9}",
            f"      dip: {{text: Dip., do: [{{add: {{x: {first_step}}}}}], next: climb}}",
            "      climb: {text: Climb., do: [{add: {x: 3}}], next: hub}",
            "      out: {text: Out., end: out}",
        ]
        story = load_story(_write(root, {"one": ("hub", lines)}, "{x: 0}"))
        escape = _escape(story)[1]
        (loop,) = escape._pump_loops("hub")
        return escape._pumped(escape._at("hub"), loop, ("var", "x"), (True, 9.0))

    assert pumped(-1, tmp_path / "dip") is None
    rising = pumped(1, tmp_path / "rise")
    assert rising is not None and rising.value("x")[0] == 9.0


def test_a_square_left_once_it_has_been_stood_in_often_enough_is_proven_free(
    tmp_path: Path,
) -> None:
    """The only way out of the square opens at the fortieth visit (the gate behind a key
    is never opened): going round the square and a street forty times is beyond any depth
    a strategy is searched to, but it is one step of one (escape._pumped, on the square's
    own visits). With the way out at the street's fortieth visit and the street shut after
    ten, every play ends up going round the bench forever: no proof."""

    def free(leave: str, street: str, root: Path) -> bool:
        lines = [
            "      square:\n        text: The square.\n        choices:",
            f"          - {{label: Walk, goto: street, once: false{street}}}",
            "          - {label: Sit, goto: bench, once: false}",
            "          - {label: Gate, goto: gate, if: key}",
            f"          - {{label: Leave, goto: gone, if: visits {leave} >= 40}}",
            "      street: {text: A street., next: square}",
            "      bench: {text: A bench., next: square}",
            "      gate: {text: Gate., end: gate}",
            "      gone: {text: Gone., end: gone}",
        ]
        story = load_story(_write(root, {"town": ("square", lines)}, "{key: false}"))
        escape = _escape(story)[1]
        return escape.free("square", None, 2_000) and escape.free("street", None, 2_000)

    assert free("square", "", tmp_path / "open")
    assert not free("street", ", if: visits street < 10", tmp_path / "shut")


def test_a_town_whose_districts_open_one_after_another_is_proven_by_playthroughs(
    tmp_path: Path,
) -> None:
    """Twenty-four districts, each opened by the last one's key (behind two rooms'
    flags): random play seldom gets past the first few, and a walk of every state is
    millions. The search for the scenes not reached goes to the shallowest first, the
    district whose key is next (seek.levels), from the states the plays left there; the
    square's way out at its 24th visit is proven by going round (escape._pumped)."""
    story = load_story(town_pack(tmp_path / "town", 99))
    first = initial_state(story, None)
    deep = seek_module.levels(story, None, first)
    # Two guards a district: its attic's (two flags), then the next district's (the key).
    assert [deep[f"h{d}"] for d in (0, 1, 2, 23)] == [0, 2, 4, 46]
    assert deep["t0"] == 1 and deep["gate"] == 48 and deep["gone"] == 0
    report = explore(story)
    assert report["proof"] in ("playthroughs", "mixed") and report["unreached"] == []
    assert report["endings"] == ["free", "gaveup"] and report["loops"] == []
    assert report["dead_ends"] == [] and not report["truncated"]


def test_a_legend_eight_cases_solved_in_a_row_is_found_by_the_guided_search(
    tmp_path: Path,
) -> None:
    """The legend needs the last eight cases solved right, each in a hub of places. By the
    plain distance the search wanders each hub; guided by what every play must make on
    the way (the right clue, each case solved), and no longer drawn by the legend once a
    case is closed wrong, it goes through them in a few hundred states."""
    story = load_story(cases_pack(tmp_path / "cases", 240))
    first = initial_state(story, None)
    plan = seek_module.relaxed(story, None, first)
    needed = plan.landmarks(("s", "legend"))
    made = {plan.facts[n] for n in range(len(plan.facts)) if needed >> n & 1}
    assert {("v", f"solved{c}", True) for c in range(9, 17)} <= made
    assert ("v", "solved8", True) not in made and ("s", "w16") not in made

    def reached(guided: bool) -> tuple[bool, int]:
        found: list[str] = []
        expanded = seek_module.seek(
            story, None, {"legend"}, lambda s: found.extend(s.trail), guided=guided
        ).expanded
        return "legend" in found, expanded

    assert reached(False) == (False, seek_module.SEEK_STATES)
    found, expanded = reached(True)
    assert found and expanded < 1_000
    report = explore(story)
    assert report["proof"] == "playthroughs" and report["unreached"] == []
    assert report["endings"] == ["home", "legend"] and not report["truncated"]


def test_a_question_about_many_scenes_has_an_allowance_for_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However small the allowance of one question (escape.MAX_NODES), each scene asked
    about brings its own (NODES_A_SCENE): a long story's proofs are not starved."""
    story = load_story(town_pack(tmp_path / "town", 99))
    first, escape = _escape(story)
    scenes = set(story.scenes) - {"gate", "gone"}
    monkeypatch.setattr(escape_module, "MAX_NODES", 1)
    assert escape.ask(scenes, first, set()) == scenes
    monkeypatch.setattr(escape_module, "NODES_A_SCENE", 0)
    assert len(_escape(story)[1].ask(scenes, first, set())) <= 1


def _wing(chapter: str, rooms: int, up: str) -> tuple[str, list[str]]:
    """A wing of clue rooms off a hall, written apart from the outside `journal` generator
    to its description: every third room may be entered once, the odd ones burn a lantern's
    oil (refilled in the kitchen), each room's page gives its clue, the stairs up need the
    first three clues, and a cellar keeps the player waiting unless its door is propped."""
    hall = f"{chapter}_hall"
    clues = [f"{chapter}_c{r}" for r in range(rooms)]
    lines = [f"      {hall}:\n        text: The hall.\n        choices:"]
    for r in range(rooms):
        room = f"{chapter}_r{r}"
        guard = ", if: oil > 0, do: [{add: {oil: -1}}]" if r % 2 else ""
        lines.append(f"          - {{label: Room {r}, goto: {room}, once: {r % 3 == 0}{guard}}}")
    lines += [
        f"          - {{label: Refill, goto: {chapter}_kitchen, once: false, if: oil < 3}}",
        f"          - {{label: Prop the door, goto: {chapter}_prop, if: not propped}}",
        f"          - {{label: Down, goto: {chapter}_cellar, once: false}}",
        f"          - {{label: Up, goto: {up}, if: {' and '.join(clues[:3])}}}",
        f"      {chapter}_kitchen:\n        text: K.\n        do: [{{set: {{oil: 3}}}}]\n"
        f"        next: {hall}",
        f"      {chapter}_prop:\n        text: P.\n        do: [{{set: {{propped: true}}}}]\n"
        f"        next: {hall}",
        f"      {chapter}_cellar:\n        text: C.\n        choices:",
        f"          - {{label: Kick, goto: {chapter}_cellar, if: propped,"
        " do: [{set: {propped: false}}]}",
        f"          - {{label: Climb, goto: {hall}, once: false, if: propped}}",
        f"          - {{label: Wait, goto: {chapter}_cellar, once: false, if: not propped}}",
    ]
    for r in range(rooms):
        room = f"{chapter}_r{r}"
        lines += [
            f"      {room}:\n        text: R.\n        choices:",
            f"          - {{label: Page, goto: {room}_page, do: [{{set: {{{clues[r]}: true}}}}]}}",
            f"          - {{label: Bed, goto: {room}_bed, if: oil > 0}}",
            f"          - {{label: Back, goto: {hall}, once: false}}",
            f"      {room}_page:\n        text: P.\n        next: {room}",
            f"      {room}_bed:\n        text: B.\n        next: {room}",
        ]
    return hall, lines


def _wings(root: Path, rooms: tuple[int, ...] = (4, 3)) -> Path:
    """A chapter a wing, each of `rooms` rooms, the last wing's stairs to the study (an end)."""
    names = [chr(ord("a") + n) for n in range(len(rooms))]
    chapters: dict[str, tuple[str, list[str]]] = {}
    for n, (name, count) in enumerate(zip(names, rooms, strict=True)):
        up = f"{names[n + 1]}_hall" if n + 1 < len(names) else "study"
        chapters[name] = _wing(name, count, up)
    chapters[names[-1]][1].append("      study:\n        text: S.\n        end: read")
    flags = ", ".join(
        f"{w}_c{r}: false" for w, n in zip(names, rooms, strict=True) for r in range(n)
    )
    return _write(root, chapters, f"{{oil: 3, propped: false, {flags}}}")


def test_a_hub_left_without_its_clue_is_seen_trapped_and_a_room_with_it_proven_free(
    tmp_path: Path,
) -> None:
    # The room entered once and left without its page: the stairs never open, and only a
    # cellar is left, whose two sticky ways (`propped`, `not propped`) never both shut.
    # future.py and escape.py once read that cellar as a place a play may stop.
    story = load_story(_wings(tmp_path / "wings"))
    state = initial_state(story, "a")
    runtime = Runtime(story, state)
    runtime.enter(state.scene)
    for label in ("Room 0", "Back"):
        runtime._take(next(o for o in runtime._options() if o.choice and o.choice.label == label))
    assert state.scene == "a_hall"
    future = Future(story, "a")
    assert future.trapped(state)
    first, escape = _escape(story, "a")
    assert escape.trapped(state)
    assert not future.trapped(first)
    # Every state at the first room can still find the three clues (its page read now, or
    # read before): a strategy goes round the hall for them.
    assert escape.ask({"a_r0", "a_r0_page", "a_r0_bed"}, first, set(), 5_000) == {
        "a_r0",
        "a_r0_page",
        "a_r0_bed",
    }


def test_wings_of_clue_rooms_are_proven_with_the_findings_of_the_full_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = _wings(tmp_path / "one", (4,))
    quick, full = _both(pack)
    assert _findings(quick) == _findings(full) and not full["truncated"]
    assert quick["proof"] == "playthroughs" and quick["unreached"] == []
    assert {"a_hall", "a_cellar", "a_r1"} <= set(quick["loops"])
    assert not {"a_r0", "a_r0_page", "a_r0_bed"} & set(quick["loops"])
    # Two wings: each chapter is proven, and the whole story (a strategy from the first
    # room of the first wing stops at the second wing's door, see the test below).
    two = _wings(tmp_path / "two", (3, 3))
    quick, full = _both(two)
    assert _findings(quick) == _findings(full) and quick["proof"] == "playthroughs"
    assert [row["proof"] for row in quick["chapters"].values()] == ["playthroughs"] * 2
    # Whenever the whole story is left open, it is walked alone: the chapters, settled,
    # are not walked again. (A story of one chapter asks it once, as the whole story:
    # left open, both are walked.)
    real = analysis.witness

    def whole_open(story: Story, chapter: str | None, *args: Any, **kwargs: Any) -> Any:
        found = real(story, chapter, *args, **kwargs)
        found.settled = found.settled and chapter is not None
        return found

    monkeypatch.setattr(analysis, "witness", whole_open)
    quick, alone = explore(load_story(two), quick_walk=0), explore(load_story(pack), quick_walk=0)
    monkeypatch.undo()
    full = explore(load_story(two), every_state=True)
    assert _findings(quick) == _findings(full) and quick["proof"] == "mixed"
    assert [row["proof"] for row in quick["chapters"].values()] == ["playthroughs"] * 2
    assert alone["proof"] == "states" and alone["chapters"]["a"]["proof"] == "states"


def test_a_room_s_proof_stops_at_the_next_wing_s_door_proven_for_all_who_come_in(
    tmp_path: Path,
) -> None:
    story = load_story(_wings(tmp_path / "wings", (3, 3, 3)))
    # In the whole story, a strategy from the first wing's first room must go on through
    # every wing after it, the lantern's oil and the propped door carried: not found.
    first, escape = _escape(story)
    assert escape.ask({"a_r0"}, first, set(), 5_000) == set()
    # The doors, the last first, each proven for every state coming up the stairs: then
    # the room's strategy stops at the next door (a few hundred steps for all three).
    first, escape = _escape(story)
    assert escape.prove_doors({"b_hall", "c_hall"}) == {"b_hall", "c_hall"}
    rooms = {"a_r0", "a_r0_page", "a_r0_bed"}
    assert escape.ask(rooms, first, set(), 1_000) == rooms
    assert MAX_NODES - escape.budget < 1_000
    # A door proven is no free scene: a state back in the second hall from its first room
    # without the page is trapped there, and the door's proof does not stand for it.
    state = initial_state(story)
    runtime = Runtime(story, state)
    runtime.enter(state.scene)

    def take(*labels: str | None) -> None:  # None: Continue
        for label in labels:
            runtime._take(
                next(o for o in runtime._options() if (o.choice and o.choice.label) == label)
            )

    for room in ("Room 0", "Room 2", "Room 1"):
        take(room, "Page", None, "Back")
    take("Up")
    assert state.scene == "b_hall"
    assert escape._through_door("b_hall", escape._exact(state))  # just come up the stairs
    take("Room 0", "Back")
    assert state.scene == "b_hall" and escape.trapped(state)
    assert not escape._through_door("b_hall", escape._exact(state))
    # Nor when the marks behind the door are said unused, the one taken aside.
    behind = escape.doors["b_hall"].behind
    came_back = replace(escape._exact(state), exact=False, behind=behind)
    assert "b_hall/room_0" in behind & came_back.taken
    assert not escape._through_door("b_hall", came_back)


def test_a_scene_the_days_run_out_before_is_proven_out_of_reach_by_a_search_that_ends(
    tmp_path: Path,
) -> None:
    # The shop opens after three days at work, but the season ends after two: no play
    # gets there, and only reading every state shows it. The search for it runs out of
    # states before its allowance: every scene it did not enter is out of reach.
    lines = [
        "      morning:\n        text: Day {day}.\n        choices:",
        "          - {label: Work, goto: work, once: false, if: day < 3}",
        "          - {label: Rest, goto: evening, once: false, if: day < 3}",
        "          - {label: Shop, goto: shop, if: visits work >= 3 and day < 3}",
        "          - {label: Leave, goto: gone, if: day >= 3}",
        "      work:\n        text: W.\n        next: evening",
        "      evening:\n        text: E.\n        do: [{add: {day: 1}}]\n        next: morning",
        "      shop:\n        text: S.\n        next: evening",
        "      gone:\n        text: G.\n        end: gone",
    ]
    pack = _write(tmp_path / "days", {"one": ("morning", lines)}, "{day: 1}")
    story = load_story(pack)
    found = witnessed.witness(story, None)
    assert found.settled and "shop" not in found.reached
    quick, full = _both(pack)
    assert _findings(quick) == _findings(full) and quick["unreached"] == ["shop"]
    assert quick["proof"] == "playthroughs"
    searched = seek_module.seek(story, None, {"shop"}, lambda state: None)
    assert searched.every_scene == {"morning", "work", "evening", "gone"}
    assert seek_module.seek(story, None, {"shop"}, lambda state: None, budget=2).every_scene is None


def test_a_next_beside_an_open_choice_is_no_way_out(tmp_path: Path) -> None:
    # The `next` of a scene with choices is taken only when none of them is open: here
    # `Again` always is, so the end is never reached and the scene loops with no way out.
    # graph_bounds and escape.py once counted that `next` as a way out open at every visit.
    lines = [
        "      a:\n        text: A.\n        next: z\n        choices:",
        "          - {label: Again, goto: a, once: false}",
        "      z:\n        text: Z.\n        end: z",
    ]
    pack = _write(tmp_path / "p", {"one": ("a", lines)}, "{}")
    story = load_story(pack)
    assert surely_finish(story, {"a", "z"}, None, ()) == {"z"}
    assert not _escape(story)[1].free("a")
    quick, full = _both(pack)
    assert _findings(quick) == _findings(full)
    assert quick["loops"] == ["a"] and quick["unreached"] == ["z"]


def test_a_chapter_whose_start_is_trapped_is_proven_not_replayable(tmp_path: Path) -> None:
    # Replayed by name, the cellar's way up needs a key only the attic gives: no play from
    # its first scene ever leaves, and none arrives there to be asked. Once walked (an
    # outside reviewer's pack of this kind, its count never capped: a million states).
    cellar = [
        "      porch:\n        text: P.\n        next: cellar",
        "      cellar:\n        text: C.\n        choices:",
        "          - {label: Round, goto: cellar, once: false, do: [{add: {n: 1}}]}",
        "          - {label: Up, goto: attic, once: false, if: key}",
    ]
    attic = [
        "      attic:\n        text: A.\n        do: [{set: {key: true}}]\n        choices:",
        "          - {label: Down, goto: cellar, once: false, if: n > 2}",
        "          - {label: Leave, goto: out, once: false}",
        "      out:\n        text: O.\n        end: out",
    ]
    pack = _write(
        tmp_path / "cellar",
        {"attic": ("attic", attic), "cellar": ("porch", cellar)},
        "{key: false, n: 0}",
    )
    report, full = _both(pack)
    assert _findings(report) == _findings(full)
    row = report["chapters"]["cellar"]
    assert row["proof"] == "playthroughs" and not row["replayable"]
    assert {"porch", "cellar"} <= set(row["loops"]) and not report["truncated"]
    # The whole story (the attic first, the key given) can end.
    assert report["endings"] == ["out"]


@pytest.mark.parametrize("grow", ['"m + 1"', '"m * 2"'])
def test_a_number_set_from_itself_in_a_loop_is_read_to_an_end(tmp_path: Path, grow: str) -> None:
    """future.py joined each new value of `m` with the last and read every scene again: a
    reviewer's 11-scene pack ran for ever (`m + 1` grows by one a round). Past a few rounds,
    the end that moves is open; the shop then opens with `m` large enough."""
    lines = [
        "      a:\n        text: A.\n        choices:",
        f"          - {{label: Grow, goto: a, once: false, do: [{{set: {{m: {grow}}}}}]}}",
        "          - {label: Shop, goto: shop, if: m >= 1000}",
        "          - {label: Leave, goto: out}",
        "      shop:\n        text: Shop.\n        end: rich",
        "      out:\n        text: Out.\n        end: plain",
    ]
    story = load_story(_write(tmp_path / "p", {"one": ("a", lines)}, "{m: 1}"))
    first = initial_state(story, None)
    future = Future(story, None)
    assert {"a", "shop", "out"} <= future.reachable(first)
    value = future.values["m"]
    assert isinstance(value, tuple) and value[1] == float("inf")


def test_a_story_of_one_chapter_is_asked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its replay begins as the story does: one question, asked as the whole story, whose
    # findings are the chapter's line too. A replay whose entry sets a flag is its own.
    pack = _wings(tmp_path / "one", (4,))
    asked: list[tuple[str | None, str | None]] = []
    real = analysis.witness

    def counted(story: Story, chapter: str | None, *args: Any, **kwargs: Any) -> Any:
        asked.append((chapter, kwargs.get("entry")))
        return real(story, chapter, *args, **kwargs)

    monkeypatch.setattr(analysis, "witness", counted)
    quick = explore(load_story(pack), quick_walk=0)
    assert asked == [(None, None)]
    line = quick["chapters"]["a"]
    assert line["proof"] == "playthroughs" and line["playthroughs"] == quick["playthroughs"]
    assert line["loops"] == quick["loops"] and line["replayable"]
    full = explore(load_story(pack), every_state=True)
    assert _findings(quick) == _findings(full)
    chapter = pack / "a.yaml"
    text = chapter.read_text(encoding="utf-8")
    assert text.count("    start: a_hall\n") == 1
    chapter.write_text(
        text.replace("    start: a_hall\n", "    start: a_hall\n    entry: {visited: [a_hall]}\n"),
        encoding="utf-8",
    )
    asked.clear()
    explore(load_story(pack), quick_walk=0)
    assert asked[:2] == [("a", None), (None, None)]


@pytest.mark.parametrize(
    ("once_only", "sticky", "may"),
    [
        ("not flag", "flag", False),  # one of the two open while Left is unused
        ("not flag or other", "flag", False),
        ("flag", "flag", True),  # both shut while the flag is false
        ("not flag and other", "flag", True),
        # Not read this way (numbers), so left to the proofs.
        ("coins < 1", "coins >= 1", True),
    ],
)
def test_a_once_only_way_the_sticky_ones_make_up_for_must_be_used_before_a_stop(
    tmp_path: Path, once_only: str, sticky: str, may: bool
) -> None:
    # While Left is unused, its guard or the sticky Right's holds: a stop needs it used, as
    # One, so a third visit, where `visits hub >= 3` is open (corridor_hubs.py seed 33's hub:
    # left in question, and the pack walked, 322,939 states).
    lines = [
        "      hub:\n        text: Hub.\n        choices:",
        "          - {label: One, goto: hall}",
        f"          - {{label: Left, goto: hall, if: {once_only}}}",
        f"          - {{label: Right, goto: hall, once: false, if: {sticky}}}",
        "          - {label: Late, goto: hall, once: false, if: visits hub >= 3}",
        "      hall:\n        text: Hall.\n        choices:",
        "          - {label: Back, goto: hub, once: false}",
        "          - {label: Flip, goto: hub, once: false, do: [{set: {flag: true}}]}",
    ]
    variables = "{flag: false, other: false, coins: 0}"
    story = load_story(_write(tmp_path, {"one": ("hub", lines)}, variables))
    assert may_stop(story.scenes["hub"], float("inf"), ()) == may
    quick, full = _both(tmp_path)
    assert _findings(quick) == _findings(full)


def test_a_once_only_way_opened_by_the_visits_a_stop_needs_needs_one_more(
    tmp_path: Path,
) -> None:
    # One and Two: a stop needs a third visit; Late opens there, so it must be used before
    # too: a fourth, where the sticky Later opens (corridor_hubs.py seed 37's hub).
    lines = [
        "      hub:\n        text: Hub.\n        choices:",
        "          - {label: One, goto: hall}",
        "          - {label: Two, goto: hall}",
        "          - {label: Late, goto: hall, if: visits hub >= 3}",
        "          - {label: Later, goto: hall, once: false, if: visits hub >= 4}",
        "      hall:\n        text: Hall.\n        next: hub",
    ]
    story = load_story(_write(tmp_path, {"one": ("hub", lines)}, "{flag: false}"))
    assert may_stop(story.scenes["hub"], float("inf"), ()) is False
    assert may_stop(story.scenes["hub"], 3, ()) is False
    # Late used before the reading: its visits are not counted, so three more may stop.
    late = "hub/" + story.scenes["hub"].choices[2].id
    assert may_stop(story.scenes["hub"], float("inf"), (late,)) is True
    quick, full = _both(tmp_path)
    assert _findings(quick) == _findings(full)
