"""`explore` on a chain of hearings, each after a case of rooms to search: what a ruling
carries on (escape.py reads the values at the trial through it), every ruling a play
makes on the way (not only the last), a hearing with nothing to show, the evidence that
can be held at a trial, and a dead end read with the visits its choices count."""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.proof_vs_walk import findings as _findings

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.links import rulings_possible
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import initial_state
from cellseven_game.engine.tools.analysis import _join_shown, explore
from cellseven_game.engine.tools.escape import Escape
from cellseven_game.engine.tools.explorer import Walk
from cellseven_game.engine.tools.future import Future
from cellseven_game.engine.tools.graph_bounds import evidence_before
from cellseven_game.engine.tools.witnessed import Budget, _answer, _play, witness

CASE = """\
  case{i}:
    title: Case {i}
    period: '1997'
    start: c{i}_office
    scenes:
      c{i}_office:
        text: The office of case {i}.
        choices:
          - {{label: Search the desk, goto: c{i}_desk}}
          - {{label: Search the yard, goto: c{i}_yard}}
          - {{label: To court, goto: c{i}_court, once: false}}
      c{i}_desk:
        text: A letter in the desk.
        do: [{{evidence: e{i}}}]
        next: c{i}_office
      c{i}_yard:
        text: Nothing in the yard.
        next: c{i}_office
  court{i}:
    title: Hearing {i}
    period: '1997'
    start: c{i}_court
    scenes:
      c{i}_court:
        text: The court sits.
        trial: t{i}
      c{i}_won:
        text: Won.
        do: [{{add: {{won: 1}}}}]
        next: {after}
      c{i}_hung:
        text: The jury cannot agree.
        next: {after}
      c{i}_lost:
        text: Lost.
        next: {after}
"""

TRIAL = """\
  t{i}:
    title: Hearing {i}
    judge: judge
    credibility: 2
    penalty: 1
    claims:
      - id: k
        title: The claim
        witness: judge
        statements:
          - {{id: first, text: A first word., press: {{unlocks: [second]}}}}
          - {{id: second, hidden: true, text: A second word., refuted_by: [e{i}]}}
    verdict:
      - {{id: won, title: Won, refuted: all, goto: c{i}_won}}
      - {{id: hung, title: Hung, if: refuted >= 1 or credibility >= 2, goto: c{i}_hung}}
      - {{id: lost, title: Lost, goto: c{i}_lost}}
"""

END = """\
  finale:
    title: Finale
    period: '1997'
    start: fin
    scenes:
      fin:
        text: The last day.
        choices:
          - {{label: Honours, goto: fin_honour, if: won >= {honour}}}
          - {{label: Home, goto: fin_quiet, if: won < {honour}}}
      fin_honour:
        text: Honours.
        end: honour
      fin_quiet:
        text: Home.
        end: quiet
"""


def _hearings(root: Path, cases: int, honour: int) -> Path:
    """A pack of `cases` cases, each a hearing after it that the case's letter wins (its
    statement brought out by pressing the first), every ruling going on to the next case;
    honours at the end for `honour` hearings won."""
    chapters = []
    for i in range(cases):
        after = f"c{i + 1}_office" if i + 1 < cases else "fin"
        chapters.append(CASE.format(i=i, after=after))
    order = [c for i in range(cases) for c in (f"case{i}", f"court{i}")] + ["finale"]
    evidence = "".join(
        f"  e{i}: {{name: Letter {i}, description: A letter.}}\n" for i in range(cases)
    )
    root.mkdir(parents=True)
    (root / "story.yaml").write_text(
        "story:\n  title: Hearings\n  start: case0\n"
        f"  chapters: [{', '.join(order)}]\n"
        "  variables:\n    won: 0\n"
        "characters:\n  judge: {name: Judge}\n"
        f"evidence:\n{evidence}"
        "chapters:\n"
        + "".join(chapters)
        + END.format(honour=honour)
        + "trials:\n"
        + "".join(TRIAL.format(i=i) for i in range(cases)),
        encoding="utf-8",
    )
    return root


def _escape_from(story: Story, entry: str) -> Escape:
    first = initial_state(story, entry, seed=0)
    first.chapter = None  # played on past the chapter's edge, as `explore` does
    Runtime(story, first).enter(first.scene)
    future = Future(story, None)
    future.reachable(first)
    return Escape(story, None, future, first)


def test_a_count_of_hearings_won_is_carried_past_each_ruling(tmp_path: Path) -> None:
    story = load_story(_hearings(tmp_path / "pack", 3, honour=3))
    # From the second hearing's entry nothing is held: it is never won, so at most the
    # third is, and honours (three won) are out of reach from there.
    escape = _escape_from(story, "court1")
    won = escape.at_scene["fin"][escape.layout.where["won"]]
    assert won == (0.0, 1.0)
    found = witness(story, None, Budget(), entry="court1")
    assert found.settled
    assert "fin_honour" not in found.reached and "c1_won" not in found.reached


def test_the_hearings_are_proven_with_the_findings_of_the_walk(tmp_path: Path) -> None:
    story = load_story(_hearings(tmp_path / "pack", 3, honour=2))
    walked = explore(story, every_state=True)
    report = explore(story, quick_walk=0)
    assert _findings(report) == _findings(walked)
    assert report["proof"] == "playthroughs" and report["states"] == 0
    assert report["endings"] == ["honour", "quiet"]
    assert "t0/won" in report["verdicts"] and "t2/lost" in report["verdicts"]


def test_a_hearing_played_past_its_edge_with_everything_shown_needs_no_play(
    tmp_path: Path,
) -> None:
    # `explore` asks each hearing's chapter from its entry after the whole story: every
    # scene after it reached, every ruling seen, its loops proven free from there. Nothing
    # is left for a play to show (each went to the last hearing: a third of the proof of a
    # court of 67 hearings).
    story = load_story(_hearings(tmp_path / "pack", 3, honour=2))
    whole = witness(story, None, Budget())
    assert whole.settled and whole.plays > 0
    shown = Walk()
    _join_shown(shown, whole)
    for entry in ("court2", "court1", "court0"):
        found = witness(story, None, Budget(), shown=shown, entry=entry)
        assert found.settled and found.plays == 0
    # Shown nothing, the same start plays.
    found = witness(story, None, Budget(), entry="court1")
    assert found.settled and found.plays > 0


def test_every_ruling_on_the_way_is_recorded(tmp_path: Path) -> None:
    story = load_story(_hearings(tmp_path / "pack", 3, honour=3))
    runtime = Runtime(story, initial_state(story, None, seed=0))
    runtime.enter(runtime.state.scene)
    verdicts: set[str] = set()
    _play(runtime, random.Random(0), {}, 500, None, None, verdicts, 1.0)
    assert runtime.state.status == "ended"
    # One ruling for each of the three hearings, though the play ends holding the last.
    assert sorted(v.split("/")[0] for v in verdicts) == ["t0", "t1", "t2"]


def test_a_hearing_with_nothing_to_show_is_ruled_by_its_first_rule_that_holds(
    tmp_path: Path,
) -> None:
    story = load_story(_hearings(tmp_path / "pack", 1, honour=1))
    nothing = [t.id for t in rulings_possible(story, "t0", lambda item: False)]
    # No claim answered, credibility as it began (2): `hung` holds, `lost` never comes.
    assert nothing == ["hung"]
    held = [t.id for t in rulings_possible(story, "t0", lambda item: item == "e0")]
    assert held == ["won", "hung", "lost"]


def test_the_evidence_held_at_a_hearing_is_what_the_ways_to_it_give(tmp_path: Path) -> None:
    story = load_story(_hearings(tmp_path / "pack", 3, honour=3))
    assert evidence_before(story, "c0_office", "c1_court") == {"e0", "e1"}
    assert evidence_before(story, "c1_court", "c1_court") == frozenset()
    assert evidence_before(story, "c1_court", "c2_court") == {"e2"}


def test_pressing_brings_out_the_statement_to_answer(tmp_path: Path) -> None:
    story = load_story(_hearings(tmp_path / "pack", 1, honour=1))
    runtime = Runtime(story, initial_state(story, "court0", seed=0))
    runtime.enter(runtime.state.scene)
    runtime.state.evidence["e0"] = 1
    options = [o for o in runtime._options() if o.enabled]
    pick = _answer(story, runtime.state, options)
    assert pick is not None
    picked = options[pick].choice
    assert picked is not None and picked.id.startswith("press")


GIFTS = """\
story:
  title: Gifts
  start: day
  chapters: [day, after]
chapters:
  day:
    title: The day
    period: '1997'
    start: cell
    scenes:
      cell:
        text: The cell.
        choices:
          - {label: The bag, goto: bag}
          - {label: The song, goto: song}
      bag:
        text: The bag.
        choices:
          - {label: Now the song, goto: song, if: not visited song}
          - {label: Candles, goto: wish, if: visited song}
      song:
        text: The song.
        choices:
          - {label: Now the bag, goto: bag, if: not visited bag}
          - {label: Candles, goto: wish, if: visited bag}
      wish:
        text: The wish.
        next: out
  after:
    title: After
    period: '1997'
    start: out
    scenes:
      out:
        text: Out.
        end: done
"""


def test_a_dead_end_is_read_with_the_visits_its_choices_count(tmp_path: Path) -> None:
    root = tmp_path / "gifts"
    root.mkdir()
    (root / "story.yaml").write_text(GIFTS, encoding="utf-8")
    story = load_story(root)
    first = initial_state(story, None, seed=0)
    Runtime(story, first).enter(first.scene)
    future = Future(story, None)
    future.reachable(first)
    escape = Escape(story, None, future, first)
    # Each choice once-only: only the visits tell that one of the two is always left.
    assert not escape.never_stops("bag")
    assert escape.no_dead_end_in("day", {"bag", "song"}, 1_000) == {"bag", "song"}
    report = explore(story, quick_walk=0)
    assert report["dead_ends"] == [] and report["proof"] == "playthroughs"


SUNG_BEFORE = """\
story:
  title: Sung before
  start: pre
  chapters: [pre, day]
chapters:
  pre:
    title: Pre
    period: '1997'
    start: p
    entry: {visited: [song]}
    scenes:
      p: {text: Before., next: door}
  day:
    title: Day
    period: '1997'
    start: door
    scenes:
      door: {text: The door., next: x}
      song: {text: The song (sung only before this day)., next: x}
      x:
        text: The last room.
        choices:
          - {label: Out, goto: out, if: not visited song}
      out: {text: Out., end: done}
"""


def test_a_dead_end_read_at_a_door_counts_the_visits_the_start_had(tmp_path: Path) -> None:
    # Replayed from `pre`'s entry (which counts `song` visited) and played on: at `day`'s
    # door the song has been sung once already, so `x` is a dead end.
    root = tmp_path / "sung"
    root.mkdir()
    (root / "story.yaml").write_text(SUNG_BEFORE, encoding="utf-8")
    story = load_story(root)
    escape = _escape_from(story, "pre")
    assert escape.no_dead_end_in("day", {"x"}, 1_000) == set()
    # From the story's own start nothing was sung: `x` is proven never a dead end.
    first = initial_state(story, None, seed=0)
    Runtime(story, first).enter(first.scene)
    future = Future(story, None)
    future.reachable(first)
    assert Escape(story, None, future, first).no_dead_end_in("day", {"x"}, 1_000) == {"x"}
