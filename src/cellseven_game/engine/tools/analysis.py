"""Checks on the whole scene graph, and `explore`'s report (the walk itself: explorer.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cellseven_game.engine.compile.graph_checks import canon_report
from cellseven_game.engine.core import links
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.runtime import Unshown, random_walk
from cellseven_game.engine.play.state import initial_state
from cellseven_game.engine.tools.escape import reading_size
from cellseven_game.engine.tools.explorer import (
    NO_LIMIT,
    Explorer,
    TooManyStates,
    Walk,
    join_findings,
    join_rulings,
)
from cellseven_game.engine.tools.story_walk import walk_chapter, walk_story
from cellseven_game.engine.tools.witnessed import Budget, Witnessed, witness

WORD = re.compile(r"[\w’'-]+")


def scene_words(story: Story) -> dict[str, int]:
    return {
        s.id: len(WORD.findall(s.text)) + sum(len(WORD.findall(line.text)) for line in s.lines)
        for s in story.scenes.values()
    }


def _trial_chapters(story: Story) -> list[str]:
    """Chapters, in story order, with a scene that runs a trial."""
    running = {s.chapter for s in story.scenes.values() if s.trial is not None}
    return [c for c in story.chapter_order if c in running]


def _verdict_endings(ending_verdicts: dict[str, set[str]]) -> dict[str, list[str]]:
    """`trial/tier` -> the endings proven reachable after that ruling."""
    out: dict[str, list[str]] = {}
    for ending, rulings in sorted(ending_verdicts.items()):
        for ruling in rulings:
            if ruling:
                out.setdefault(ruling, []).append(ending)
    return dict(sorted(out.items()))


MAX_STATES = 1_000_000  # per walk; each state kept costs a digest and a few integers
# States the first walk may keep in all before `explore` tries proving instead (about 0.2 s
# of walking): 53 of the first 60 hubs of tests/benchmarks/other_hubs.py have fewer.
QUICK_WALK = 5_000
# ... for a story of at most this many variables; with more, as many fewer as it has more: a
# state's cost grows with its variables (a town of 748 flags spent 2.3 s failing its first
# walk, 20% of its proof, and a chain of 27 cases of 427 flags 0.8 s).
QUICK_VARIABLES = 50
# Values a proof may hold, scene by scene (escape.reading_size), before it is not tried:
# past it, a failed attempt cost more than the walk (realistic-5000: 1.5 million values,
# 12 s and 470 MiB of proof failing before a 42 s, 235 MiB walk). Memory grows with it:
# about 300 bytes a value.
MAX_READING = 1_000_000


def explore(
    story: Story,
    max_states: int = MAX_STATES,
    random_walks: int = 300,
    progress: Callable[[int], None] | None = None,
    every_state: bool = False,
    quick_walk: int = QUICK_WALK,
) -> dict[str, Any]:
    """Walk every reachable state of each chapter (from its entry) and of the whole story,
    unless playthroughs and the scene graph prove every finding (witnessed.py; never with
    `every_state`). The walk is tried first with `quick_walk` states in all: when the
    story has no more, it is walked and nothing needs proving.

    What the report says is proven: endings, verdicts, dead ends and loops were really
    reached. `unreached` and an empty `loops` are proven only when `complete` is true;
    when a walk hit `max_states`, `trap_check` says "incomplete" (loops found so far are
    still real, and so are the scenes no path at all leads out of).
    """
    explorer = Explorer(story)
    explorer.progress = progress  # told the states walked so far, now and then
    walked = proven = None
    race: _Race | None = None
    open_questions: dict[str, list[str]] | None = None
    if not every_state and quick_walk > 0:
        # A failed proof costs as much as a few thousand states walked (a playthrough's
        # questions, seek.py), and most hubs have no more than that: walked, they need none.
        # (Fewer states with many variables: each costs more to settle.)
        scale = QUICK_VARIABLES / max(QUICK_VARIABLES, len(story.variables))
        explorer.allowance = int(quick_walk * scale)
        try:
            # No random playthroughs: they follow only a walk cut short, which is not kept.
            walked = _walked(explorer, max_states, 0)
        except TooManyStates:
            walked = None  # its walks wait in `explorer`, to go on if the proof fails
            race = _Race(explorer, max_states, scale, explorer.allowance, explorer.kept)
        explorer.allowance = NO_LIMIT
        if walked is not None and walked[0].truncated:
            walked = None  # `max_states` below the allowance: proving may still do better
    if walked is None and not every_state:
        try:
            proven = _witnessed(story, explorer, max_states, race)
        except _WalkedFirst as first:
            walked = first.walked
    if proven is not None and proven.whole:
        total, chapters = proven.total, proven.chapters
        # "mixed": the whole story proven, a chapter replayed by name walked (see _witnessed)
        proof = "mixed" if total.states else "playthroughs"
    elif proven is not None:
        # The chapters replayed by name settled as they could, the whole story not: only
        # it (and the chapters left open, walked already) is walked.
        done = (proven.total, proven.chapters)
        # No random playthroughs after this walk: the whole story's own (`proven.found`)
        # searched already for each scene, ending and dead end, and what they showed is
        # joined below when the walk stops short (300 random ones on a market of 40 scenes
        # whose trading never ends: 19 s of a 33 s report).
        total, chapters = _walked(explorer, max_states, 0, done)
        proof = "mixed" if total.plays else "states"
        if total.truncated and proven.found is not None:
            # The walk stopped short: what the whole story's playthroughs showed stands
            # too, and what they left in question is said (see `in_question`).
            open_questions = _still_open(total, proven.found)
    else:
        total, chapters = walked or _walked(explorer, max_states, random_walks)
        proof = "states"
    words = scene_words(story)
    return {
        "title": story.title,
        "scenes": len(story.scenes),
        "reached": len(total.reached & set(story.scenes)),
        "unreached": sorted(set(story.scenes) - total.reached),
        "endings": sorted(total.endings),
        "verdicts": sorted(total.verdicts),
        "verdict_tiers": links.all_tiers(story),
        "verdict_endings": _verdict_endings(total.ending_verdicts),
        "dead_ends": sorted(total.dead_ends),
        "loops": sorted(total.trapped),
        "states": total.states,
        # "states": every state walked; "playthroughs": see witnessed.py; "mixed": both,
        # each chapter's own `proof` saying which
        "proof": proof,
        "playthroughs": total.plays,
        "truncated": total.truncated,
        "complete": not total.truncated,
        "trap_check": "incomplete" if total.truncated else "complete",
        "max_states": max_states,
        "words": sum(words.values()),
        "chapters": chapters,
        "canon": canon_report(story),
        # When a walk stopped short after the proofs: the scenes, dead ends and loops
        # they left in question (not reached, not seen stuck, not seen trapped nor proven
        # free, from the story's start); None when the report is complete or was walked.
        "in_question": open_questions,
    }


def _walked(
    explorer: Explorer,
    max_states: int,
    random_walks: int,
    done: tuple[Walk, dict[str, dict[str, Any]]] | None = None,
) -> tuple[Walk, dict[str, dict[str, Any]]]:
    """Every state of each chapter replayed by name and of the whole story, walked; the
    chapters `done` already (what they found, and their lines) are not walked again."""
    story = explorer.story
    total, chapters = (Walk(), {}) if done is None else done
    walks: list[Walk] = []
    for chapter_id in story.chapter_order:
        if chapter_id in chapters:
            continue
        walk = walk_chapter(explorer, chapter_id, max_states)
        chapters[chapter_id] = _walked_row(walk)
        walks.append(walk)
    for chapter_id in _trial_chapters(story):
        # A trial's chapter played on past its edge: which endings each ruling leads to.
        start = Unshown.at_chapter(story, chapter_id)
        start.state.chapter = None
        walks.append(explorer.walk(start, max_states))
    whole = walk_story(explorer, max_states)
    walks.append(whole)
    for walk in walks:
        _join(total, walk)
    if whole.truncated:
        # Too many states to walk them all: seeded random playthroughs add what they find.
        for seed in range(random_walks):
            runtime = Unshown(story)
            random_walk(runtime, seed)
            total.reached |= set(runtime.state.trail)
            if runtime.state.status == "ended" and runtime.state.ending:
                total.endings.add(runtime.state.ending)
            elif runtime.state.status == "stuck":
                total.dead_ends.add(runtime.state.scene)
    return total, chapters


def _join_shown(total: Walk, found: Witnessed) -> None:
    """What playthroughs showed (every finding real), added to `total`."""
    total.reached |= found.reached
    total.endings |= found.endings
    total.dead_ends |= found.dead_ends
    total.trapped |= found.trapped
    total.verdicts |= found.verdicts
    join_rulings(total.ending_verdicts, found.ending_verdicts)


def _still_open(total: Walk, found: Witnessed) -> dict[str, list[str]]:
    """`found`'s findings added to `total`, and what it left open that the walk did not
    settle either."""
    _join_shown(total, found)
    return {
        "scenes": sorted(found.open_scenes - total.reached),
        "dead_ends": sorted(found.open_dead_ends - total.dead_ends),
        "loops": sorted(found.open_loops - total.trapped),
    }


def _walked_row(walk: Walk) -> dict[str, Any]:
    """A chapter's line of the report, from the walk of its states."""
    return {
        "states": walk.states,
        "playthroughs": 0,
        "proof": "states",
        "replayable": bool(walk.exits or walk.endings),
        "endings": sorted(walk.endings),
        "verdicts": sorted(walk.verdicts),
        "dead_ends": sorted(walk.dead_ends),
        "loops": sorted(walk.trapped),
        "truncated": walk.truncated,
    }


def _join(total: Walk, walk: Walk) -> None:
    """What `walk` found, and its states, added to `total`."""
    total.states += walk.states
    join_findings(total, walk)


@dataclass
class _Proven:
    """What the proofs found (and the walks of the chapters they left open), each
    chapter's line, and whether the whole story was settled too."""

    total: Walk
    chapters: dict[str, dict[str, Any]]
    whole: bool
    found: Witnessed | None = None  # the whole story's playthroughs, when not settled


class _WalkedFirst(Exception):
    """The walk `_Race` went on with was done before the proof (the proof is dropped)."""

    def __init__(self, walked: tuple[Walk, dict[str, dict[str, Any]]]) -> None:
        super().__init__()
        self.walked = walked


@dataclass
class _Race:
    """Before a long proof, as many states walked: the quick walk goes on from where it
    stopped, by the steps the proof is likely to spend (escape.likely_spent; fewer states
    with many variables, as the quick walk's), and ends the proof when it is done first. A
    hub whose rooms no proof frees (once-only rooms entered early, flags set in one order)
    spent 1.4-2.6 s failing its proofs of 17 rooms, where its walk was done in 7,000-12,000
    states (0.5-0.9 s). When the walk is not done, the long proofs cost about twice what
    they did, no more: the walk is never done over, and goes on from there if they fail."""

    explorer: Explorer
    max_states: int
    scale: float
    allowance: int  # the states the walks may keep in all, the race's share included
    kept: int = 0  # the states of the explorer's walks done when the race last went on
    cut: bool = False  # the walk stopped at `max_states`: it proves nothing, not raced

    def __call__(self, steps: int) -> None:
        explorer = self.explorer
        if self.cut:
            return
        # The walks the proofs finished since (a chapter replayed by name, its proof
        # failed) are added: they took none of the race's share.
        self.allowance += explorer.kept - self.kept + int(steps * self.scale)
        explorer.allowance = self.allowance
        try:
            walked = _walked(explorer, self.max_states, 0)
        except TooManyStates:
            return  # not done: the proof goes on
        finally:
            explorer.allowance = NO_LIMIT
            self.kept = explorer.kept
        if not walked[0].truncated:
            raise _WalkedFirst(walked)
        self.cut = True


def _witnessed(
    story: Story, explorer: Explorer, max_states: int, race: _Race | None = None
) -> _Proven | None:
    """The same findings proven by playthroughs and the scene graph (see witnessed.py), and
    whether the whole story is settled (when not, what the chapters found stands, and only
    the whole story is left to walk); None when not tried. A chapter replayed by name whose
    questions stay open is walked alone, from its entry, and its line says so (`proof`)."""
    size = reading_size(story)
    if size > MAX_READING:
        return None
    total = Walk()
    chapters: dict[str, dict[str, Any]] = {}
    # One budget for all the chapters (a question left open anywhere costs once), and one
    # for the whole story, asked last: the chapters' spending must not starve it.
    chapters_budget, story_budget = Budget(), Budget()
    # The chapters replayed by name first, the whole story last: what they show is
    # reported anyway (a scene reached, a dead end, a loop), so the whole story need not
    # show it again. A scene a replay enters at once (the hall of a wing that opens only
    # once three clues of the wing before are found) would need a search through every
    # chapter before it.
    # Then, as the walk does, each trial's chapter from its entry played on past its edge
    # (which endings each ruling leads to from there): after the whole story, the last
    # hearing first, so that a ruling and the ending after it that a start before showed
    # need not be shown again (the fifth hearing's ruling, played to from the second's
    # entry through three cases, found in 59 plays alone, missed in 259 after the others).
    # A story of one chapter that its replay begins as the story does asks the same
    # questions twice: asked once, as the whole story (a hub of 40 scenes: 1.7 s each).
    alike = _replayed_alike(story)
    starts: list[tuple[str | None, str | None]] = [
        (c, None) for c in story.chapter_order if c != alike
    ]
    starts.append((None, None))
    starts += [(None, c) for c in reversed(_trial_chapters(story))]
    for chapter_id, entry in starts:
        budget = story_budget if chapter_id is None and entry is None else chapters_budget
        # (A chapter's line is its own findings: only the whole story is spared them.)
        shown = None if chapter_id else total
        found = witness(story, chapter_id, budget, shown=shown, entry=entry, race=race)
        if not found.settled:
            if entry is not None:
                start = Unshown.at_chapter(story, entry)
                start.state.chapter = None
                _join(total, explorer.walk(start, max_states))
                continue
            if chapter_id is None:
                return _Proven(total, chapters, whole=False, found=found)
            # Its own states only (a replay ends where it leaves the chapter): most often
            # a few, where the proof of the whole story spared walking the rest.
            walk = walk_chapter(explorer, chapter_id, max_states)
            chapters[chapter_id] = _walked_row(walk)
            _join(total, walk)
            continue
        total.plays += found.plays
        _join_shown(total, found)
        if chapter_id is not None:
            chapters[chapter_id] = _proven_row(found)
        elif entry is None and alike is not None:
            chapters[alike] = _proven_row(found)
    return _Proven(total, chapters, whole=True)


def _proven_row(found: Witnessed) -> dict[str, Any]:
    """A chapter's line of the report, from the playthroughs that proved its findings."""
    return {
        "states": 0,
        "playthroughs": found.plays,
        "proof": "playthroughs",
        "replayable": bool(found.chapter_ends or found.endings),
        "endings": sorted(found.endings),
        "verdicts": sorted(found.verdicts),
        "dead_ends": sorted(found.dead_ends),
        "loops": sorted(found.trapped),
        "truncated": False,
    }


def _replayed_alike(story: Story) -> str | None:
    """The story's only chapter, when replaying it by name begins where and as the story
    does (its entry sets nothing the story's start does not): then its replay and the
    whole story are one question. Else None."""
    if len(story.chapter_order) != 1:
        return None
    chapter = story.chapter_order[0]
    replay, whole = initial_state(story, chapter), initial_state(story)
    same = (
        replay.scene == whole.scene
        and replay.variables == whole.variables
        and replay.visits == whole.visits
        and list(replay.evidence) == list(whole.evidence)
        and list(replay.met) == list(whole.met)
        and list(replay.facts) == list(whole.facts)
        and replay.taken == whole.taken
        and replay.trial == whole.trial
    )
    return chapter if same else None
