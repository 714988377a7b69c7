"""Explore keeps only what the future reads, walks chapters on their footprint, and says
what it proved when a cap stops it."""

from __future__ import annotations

import os
import select
import subprocess
import sys
from copy import deepcopy
from pathlib import Path

import pytest
from benchmarks.packs import chain_pack, hub_pack, manor_pack, realistic_pack

from cellseven_game.cli import main
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import State
from cellseven_game.engine.tools.analysis import Explorer, explore
from cellseven_game.engine.tools.explorer import PROGRESS_EVERY
from cellseven_game.engine.tools.liveness import Liveness
from cellseven_game.engine.tools.story_walk import _content, walk_story

TWO_CHAPTERS = """\
story:
  title: Two
  start: one
  chapters: [one, two]
  variables: {early: false, late: false, kindness: 0}
chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
      a:
        text: A.
        choices:
          - {label: Left, goto: b, do: [{set: {early: true}}, {add: {kindness: 1}}]}
          - {label: Right, goto: b, do: [{add: {kindness: 2}}]}
          - {label: Quiet, goto: b}
      b:
        text: B.
        choices:
          - {label: Go, goto: c, if: early}
          - {label: Go anyway, goto: c}
      c:
        text: C.
        next: d
  two:
    title: Two
    period: "1997"
    start: d
    scenes:
      d:
        text: D.
        choices:
          - {label: Kind, goto: warm, if: kindness >= 2}
          - {label: Plain, goto: cold}
          - {label: Note, goto: d, do: [{set: {late: true}}], if: not late}
      warm: {text: W., end: warm}
      cold: {text: C., end: cold}
"""

LOOPS_FOREVER = """\
story:
  title: Round
  start: one
  chapters: [one]
  variables: {n: 0}
chapters:
  one:
    title: One
    period: "1997"
    start: hub
    scenes:
      hub:
        text: Round.
        choices:
          - {label: Again, goto: side, once: false, do: [{add: {n: 1}}]}
          - {label: Odd, goto: side, once: false, if: n - 1 == 3}
      side:
        text: And round.
        next: hub
"""


def _pack(tmp_path: Path, text: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_flag_no_later_condition_reads_is_dropped(tmp_path: Path) -> None:
    story = load_story(_pack(tmp_path, TWO_CHAPTERS))
    live = Liveness(story)
    assert "early" in live.at("a").variables and "early" in live.at("b").variables
    # After b nothing reads `early`: c and the second chapter do not keep it.
    assert "early" not in live.at("c").variables
    assert "early" not in live.at("d").variables
    assert "kindness" in live.at("d").variables
    # Once-only choices matter only where their scene can be entered again.
    assert live.at("d").taken == ("d/kind", "d/note", "d/plain")
    assert live.at("a").taken == ()


def test_states_that_differ_only_in_what_is_never_read_again_are_one(tmp_path: Path) -> None:
    story = load_story(_pack(tmp_path, TWO_CHAPTERS))
    explorer = Explorer(story)
    one, two = Runtime(story), Runtime(story)
    one.choose_id("left")  # early, kindness 1
    two.choose_id("right")  # kindness 2
    one.choose_id("go_anyway")
    two.choose_id("go_anyway")
    assert one.state.scene == two.state.scene == "c"
    # At c only kindness can still matter, and it differs: two states.
    assert explorer.key(one.state) != explorer.key(two.state)
    three = Runtime(story)
    three.choose_id("left")
    three.choose_id("go")  # early taken a different way: the same state at c as `one`
    assert explorer.key(three.state) == explorer.key(one.state)


def test_a_states_key_leaves_the_state_as_it_was(tmp_path: Path) -> None:
    """`key` settles a copy sharing the state's dicts: none of them may change."""
    story = load_story(_pack(tmp_path, TWO_CHAPTERS))
    explorer = Explorer(story)
    play = Runtime(story)
    play.choose_id("left")
    play.choose_id("go_anyway")
    state = play.state
    # At c, `early` is never read again, and there are visits, steps and a trail to strip.
    assert "early" in state.variables and state.visits and state.steps and state.trail
    held = {name: value for name, value in vars(state).items()}
    copies = {name: deepcopy(value) for name, value in held.items()}
    digest = explorer.key(state)
    for name, value in vars(state).items():
        assert value is held[name], name
        assert value == copies[name], name
    # And a copy settled in place gives the same digest.
    assert explorer.settle(Explorer.clone(state)) == digest


def _same_findings(story_dir: Path) -> None:
    story = load_story(story_dir)
    explorer = Explorer(story)
    plain = explorer.walk(Runtime(story), 2_000_000)
    split = walk_story(explorer, 2_000_000)
    assert not plain.truncated and not split.truncated
    for name in ("reached", "endings", "verdicts", "dead_ends", "trapped"):
        assert getattr(split, name) == getattr(plain, name), name


def test_walking_chapters_apart_finds_what_the_plain_walk_finds(tmp_path: Path) -> None:
    _same_findings(_pack(tmp_path / "two", TWO_CHAPTERS))
    _same_findings(realistic_pack(tmp_path / "real", scenes=75))


def test_the_bundled_verdict_chapter_alone_agrees_both_ways() -> None:
    from cellseven_game.paths import bundled_story

    story = load_story(bundled_story())
    explorer = Explorer(story)
    walk = explorer.walk(Runtime.at_chapter(story, "epilogue"), 100_000)
    assert not walk.truncated and walk.endings


def test_a_long_chain_is_walked_whole(tmp_path: Path) -> None:
    story = load_story(chain_pack(tmp_path, scenes=2_000, files=4))
    report = explore(story)
    assert report["complete"] and report["reached"] == 2_000
    assert report["endings"] == ["last"]


def test_a_capped_walk_says_the_trap_check_is_incomplete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = hub_pack(tmp_path / "hub")  # playthroughs prove it (witnessed.py): walk it all
    report = explore(load_story(pack), max_states=500, random_walks=5, every_state=True)
    assert report["truncated"] and not report["complete"]
    assert report["trap_check"] == "incomplete"
    assert main(["explore", str(pack), "--max-states", "500", "--every-state"]) in (0, 1)
    out = capsys.readouterr().out
    assert "trap check incomplete" in out
    assert "loops with no way out: none\n" not in out


def test_a_capped_report_claims_only_what_it_proved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = manor_pack(tmp_path / "manor")
    # 60 states: short of the first way out of the manor (found from about 150 on).
    report = explore(load_story(pack), max_states=60, random_walks=2, every_state=True)
    manor, road = report["chapters"]["manor"], report["chapters"]["road"]
    assert manor["truncated"] and not manor["replayable"]
    assert not road["truncated"] and road["replayable"]
    assert main(["explore", str(pack), "--max-states", "60", "--every-state"]) == 1
    out = capsys.readouterr().out
    # Not finding the way to a chapter's end within the cap proves nothing either way.
    assert "NOT replayable" not in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("    ")}
    assert "(capped)" in lines["manor"] and "replayable not proven" in lines["manor"]
    assert "(capped)" not in lines["road"] and lines["road"].endswith("  replayable")
    for unproven in ("unreached:", "dead ends:  none", "loops with no way out: none\n"):
        assert unproven not in out
    assert "not reached in the states walked:" in out and "trap check incomplete" in out


def test_a_pack_that_loops_forever_has_its_loop_reported_even_when_capped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = _pack(tmp_path, LOOPS_FOREVER)
    # `n` is used in arithmetic, so every round is a new state: the walk never ends...
    report = explore(load_story(pack), max_states=300, random_walks=3, every_state=True)
    assert report["truncated"]
    # ...yet no path at all leads out of the hub, and that is proven.
    assert set(report["loops"]) >= {"hub", "side"}
    assert main(["explore", str(pack), "--max-states", "300", "--every-state"]) == 1
    assert "loops with no way out: hub, side" in capsys.readouterr().out


def test_a_finite_loop_is_found_by_the_full_walk(tmp_path: Path) -> None:
    text = LOOPS_FOREVER.replace("do: [{add: {n: 1}}]", "do: []")
    story = load_story(_pack(tmp_path, text))
    report = explore(story, every_state=True)
    assert report["complete"] and report["loops"] == ["hub", "side"]
    # Playthroughs and future.py prove the same loops without the walk.
    quick = explore(story, quick_walk=0)
    assert quick["proof"] == "playthroughs" and quick["complete"]
    assert quick["loops"] == ["hub", "side"] and quick["unreached"] == report["unreached"]


def test_a_long_walk_says_how_far_it_has_got(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = _pack(tmp_path, LOOPS_FOREVER)  # a new state every round: as long as the cap
    told: list[int] = []
    report = explore(
        load_story(pack), max_states=40_000, random_walks=1, progress=told.append, every_state=True
    )
    assert len(told) >= 2 and told == sorted(set(told))
    assert all(n % PROGRESS_EVERY == 0 for n in told) and told[-1] <= report["states"]
    # The CLI shows it only on a terminal: piped, its output is the report alone.
    assert main(["explore", str(pack), "--max-states", "40000", "--every-state"]) == 1
    captured = capsys.readouterr()
    assert "exploring:" not in captured.err + captured.out


EXPLORE = [sys.executable, "-m", "cellseven_game", "explore"]


def test_on_a_terminal_the_count_shows_then_goes(tmp_path: Path) -> None:
    pty = pytest.importorskip("pty")  # POSIX only
    pack = _pack(tmp_path, LOOPS_FOREVER)
    leader, follower = pty.openpty()
    done = subprocess.run(
        [*EXPLORE, str(pack), "--max-states", "40000", "--every-state"],
        stdout=subprocess.PIPE,
        stderr=follower,
        check=False,
        timeout=300,
    )
    os.close(follower)
    said = b""
    while select.select([leader], [], [], 0.2)[0]:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        said += chunk
    os.close(leader)
    assert done.returncode == 1
    assert b"exploring: 16,384 states walked so far" in said
    assert said.endswith(b"\r\x1b[K")  # the line is cleared before the report is read
    assert b"exploring" not in done.stdout


def test_the_harbour_hub_is_proven_not_walked() -> None:
    """tests/benchmarks/harbour: eleven ways off a square, coins earned and spent, a storm
    set and cleared. Its walk kept a million states and more (capped, 76 s) and its proof
    failed; now the square is proven free and nothing is walked."""
    story = load_story(Path(__file__).resolve().parents[1] / "benchmarks" / "harbour")
    report = explore(story)
    assert report["complete"] and report["states"] == 0 and not report["truncated"]
    assert report["unreached"] == [] and report["dead_ends"] == ["deck"]
    # Back from the pier's end with its rope hauled up, the lantern lit and no storm: the
    # jump is shut and both ways back to the square are used up.
    assert report["loops"] == ["pier", "pier_b"]
    assert report["endings"] == ["home", "keeper", "plain", "safe", "stayed", "storm"]


def test_a_hub_written_by_hand_is_proven_whole() -> None:
    """tests/benchmarks/plaza: rooms that go back by `next` or a sticky way, three of them
    once-only from the hub, so a flag the way out needs can be lost for good."""
    story = load_story(Path(__file__).resolve().parents[1] / "benchmarks" / "plaza")
    report = explore(story)
    assert report["complete"] and report["unreached"] == [] and report["dead_ends"] == []
    assert report["endings"] == ["home", "onward", "sea"]
    # Leaving the library (once-only) before asking around loses `map`: the plaza and the
    # rooms still open loop for ever; the way out (`road`) and the endings never do.
    assert "plaza" in report["loops"] and "library" in report["loops"]
    assert not {"road", "home", "sea", "onward"} & set(report["loops"])


def test_a_way_out_is_kept_as_a_digest_that_tells_minus_one_from_minus_two() -> None:
    # story_walk keeps each way out's content as a 64-bit digest, not as values; CPython
    # hashes -1 as it hashes -2, so a number at -1 is named apart (a debt of one coin and
    # one of two joined as one way out would merge two different states).
    def state(coins: int, scene: str = "dock") -> State:
        return State(scene=scene, variables={"coins": coins, "crew": 0})

    assert isinstance(_content(state(5)), int)
    assert _content(state(5)) == _content(state(5))
    assert _content(state(-1)) != _content(state(-2))
    assert _content(state(5)) != _content(state(6)) != _content(state(6, "sail"))
