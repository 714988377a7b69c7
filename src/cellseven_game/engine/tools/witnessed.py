"""`explore` without walking every state, where playthroughs and the scene graph prove it all.

A hub whose rooms keep their own once-only choices has a state space that is the product of
its rooms (about ×4.6 a room for `packs.py hub`): millions of states for ten rooms, though
every finding is plain after a few hundred playthroughs. This module proves the findings
instead of walking the states, when it can:

- **Unreached scenes.** A scene a playthrough entered is reached; a scene no path of the
  scene graph leads to is not, nor one future.py or escape.py finds behind a condition
  that can never hold (escape.py also reads the flags' values together, once the
  playthroughs stall: `Escape.reached_apart`). Any other scene leaves the question open.
- **Dead ends.** A playthrough that stopped somewhere found one. A scene cannot be one when
  it ends the story, has a `next`, or has a sticky choice with no condition; nor when it
  cannot be entered often enough (graph_bounds.may_stop); nor when its chapter, read
  forward from what comes in with the scene's own once-only marks exact, never stops there
  (Escape.no_dead_end_in: three points of energy for three once-only choices). Any other
  scene not found stuck leaves the question open.
- **Loops with no way out.** A once-only choice is taken at most once in a play, so only a
  loop of `next` and sticky ways can go round forever: from a scene that leads to no such
  loop every play ends (graph_bounds.may_loop). At any other scene a loop must be found: a
  playthrough stops now and then to ask future.py whether its state can still end, stop or
  leave; when it cannot, that state and every one after it loop forever, and the scenes
  the playthrough then goes through are loops with no way out. A scene that could loop but
  was never seen to leaves the question open.
- **Endings and chapter ends** are those of the scenes reached.
- **Rulings.** A trial is not reasoned about: future.py and escape.py take it as a scene
  that may finish a play and may lead to any of its rulings' scenes with anything it may
  change. Every ruling of a trial the plays reach must be seen, and with each ending the
  scene graph leads to from its scene (without another trial on the way; with no ruling,
  each ending a path from the start reaches so): the ending under each ruling as the
  walk reports it (`verdict_endings`). One not seen leaves the question open.

Each chapter replayed by name, and the whole story from its start, is settled this way or
not at all: while a question is open after the playthroughs, `explore` walks every state as
before. What is reported is what is proven either way. (`explore` asks here only once its
first, quick walk has not finished: see analysis.QUICK_WALK; and before each long proof
that walk goes on by as many states, and ends the proofs if it is done first: `race`.)
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum

from cellseven_game.engine.core.links import rulings_possible, successors
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.core.trial_model import Move
from cellseven_game.engine.play.runtime import Option, Runtime, Unshown
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.play.trial import verdict_of
from cellseven_game.engine.tools.before_loops import states_before_loops
from cellseven_game.engine.tools.climb import (
    CLIMB_STATES,
    CLIMB_STATES_A_SCENE,
    climb,
    numbered_ways,
)
from cellseven_game.engine.tools.door_reach import out_of_reach
from cellseven_game.engine.tools.escape import (
    MAX_COUNTING,
    MAX_NODES,
    MAX_NODES_A_SCENE,
    MOST_PAYING,
    Counting,
    Escape,
)
from cellseven_game.engine.tools.explorer import Explorer, Walk, join_rulings
from cellseven_game.engine.tools.first_states import Begun, FirstStates
from cellseven_game.engine.tools.future import Future
from cellseven_game.engine.tools.graph_bounds import (
    entries_at_most,
    evidence_before,
    may_loop,
    may_stop,
    reachable,
    surely_finish,
    ways_in,
)
from cellseven_game.engine.tools.seek import (
    SEEK_STATES,
    Sought,
    capped_numbers,
    seek,
    seek_finish,
    seek_into,
    seek_stuck,
)
from cellseven_game.engine.tools.trap_closure import closed_trap

# How often a play in court makes the move that answers a claim, when it holds what does
# (`_answer`; the other moves are drawn as anywhere else).
ANSWER_HALF, ANSWER_ALWAYS = 0.5, 1.0
MAX_PLAYS = 4_000  # playthroughs from one start before its questions are left open
PATIENCE = 250  # playthroughs with nothing new found before giving up early
MAX_STEPS = 10_000  # choices in one playthrough (every play ends: a bound, not a cut)
# Choices in all the playthroughs of one `explore` (every start): past this, the walk of
# the states is left to answer (a story whose questions stay open must not cost more here
# than there). Asking future.py counts as one choice a scene it may read.
STEP_BUDGET = 300_000
START_ALLOWANCE = 3_000  # choices each start may make, however little is left of it
# ... and each chapter replayed by name, for each scene in its reach: a chapter of the 27
# cases of the outside `case` pack spends 20,000-35,000 choices on its 37 scenes, a wing of
# the outside `journal` 40,000-60,000 on its 34 (its questions about loops count), where
# their walks are 170,000 states to over a million.
CHAPTER_CHOICES_A_SCENE = 2_000
# Where a play can loop forever, a playthrough is cut at this many choices a scene in reach
# (and first at a random point of it, to ask whether its state is trapped).
STEPS_A_SCENE = 4
ONWARDS_STATES = 2_000  # states looked at on from each state proven trapped, at most
ASKS = 10  # states of one playthrough asked whether they are trapped
EARLY_ASKS = 5  # ... at its first arrivals at scenes that could loop, then ever more spaced
CLOSER_ASKS = 60  # of them asked of escape.py too, at most, from one start
WORN_FOR = 6  # scenes that could loop left at most, for seek.py to look near them
SEEK_ASKS = 200  # states met by seek.py asked whether they are trapped, at most
FEW_STATES = 2_000  # a guided search's states, to the few scenes still in question
RULED_STATES = 2_000  # a search's states to an ending under a ruling (seek.py `ruled`), and
RULED_STATES_A_SCENE = 4  # as many a scene in reach, if more (an election of 100 weeks: 2,500)
RULED_SEARCHES = 5  # ... and as many states as this many such searches in all
RULED_AFTER = 60  # playthroughs in a row with nothing new before the rest are searched for
SHARE_AT_MOST = 5_000  # escape.py's steps for one of the few scenes left after the plays
# ... and for a hub still in question when asked again (the scene in question with the most
# ways in, at least HUB_WAYS_IN), before the rest
HUB_STEPS = 30_000
HUB_WAYS_IN = 6
# ... or for each loop asked again once the chapters' doors are proven, all of them sharing
# this many (a room's proof that stops at the next wing's door: 5,500 steps)
PAST_DOORS_STEPS = 300_000
# States a dead end still in question is read in, at most, through its chapter (see
# Escape.no_dead_end_in): a week of ten activities on three points of energy, 1,000-1,600.
DEAD_END_STATES = 5_000
# ... and once the searches for a stop have failed too, each of the few left (GUIDED_FIRST)
DEAD_END_STATES_LONG = 60_000
# ... and all of one start's, at most (the romance's whole story: 30 weeks, 271,000; about
# 20 s at this many)
DEAD_END_STATES_ALL = 1_000_000
DOOR_STATES_ALL = 200_000  # states the searches from chapters' doors expand, at most
FIRST_PROOF_STEPS = 100  # escape.py's steps a scene before the playthroughs
# ... given up when so many, the nearest to a finish first, are not proven: in a chapter
# where a play can be trapped almost anywhere the plays show it sooner (a wing of the outside
# journal: none of its 25-34 scenes proven in 100 steps, a third of its replay's time), while
# a hub's first proofs come within the first 16 (oh4's, the 10th to the 13th).
FIRST_GIVE_UP = 16
LONG_STORY = 200  # scenes in reach past which they are MAX_NODES_A_SCENE
SEEK_AFTER = 50  # playthroughs in a row with nothing new before seek.py is asked
GUIDED_FIRST = 8  # targets left at most for seek.py's guided search to go first ...
GUIDED_FIRST_STATES = 1_000  # ... with this many states (its own search, last, has more)
STUCK_STATES = 2_000  # states of the search for a stop at the dead ends in question (few)
# ... then of a search for them breadth first (house_hubs.py seed 41's ledge: 1,291, where
# the search drawn to it spent 300,000 and the walk ran past a minute)
STUCK_BREADTH = 5_000
STUCK_BREADTH_SHORT = 20_000  # ... in a short story (corridor_hubs.py seed 63: 7,375)
# ... then, in a story of at most SHORT_STORY scenes in reach (where the search reads every
# guard on the way, seek.NEARNESS_SCENES), the walk raced first: a hub's room whose stop
# needs the one room that reopens it and every coin spent, 55,000 (corridor_hubs.py seed
# 35: walked before, past a million states)
STUCK_STATES_SHORT = 60_000
# ... the first of them before the walk is raced: house seed 36's goods yard loft is found
# stuck in 7,141 (1.2 s), where the race before them walked 2.8 s for nothing
STUCK_BEFORE_RACE = 10_000
SHORT_STORY = 64
SHORT_COUNTING = MAX_COUNTING // 4  # a short story's reading before its searches, at most
# States of a breadth-first search for a way out of a replayed chapter, when its plays and
# searches have reached every scene and seen every dead end but none finished (seek_finish)
FINISH_STATES = 60_000
# States of the search for a trap at the few scenes still in question that avoids them
# until it comes to them last (seek.seek_into)
INTO_STATES = 20_000
# ... and the work its questions may cost (the scenes their readings look at, as a play's
# asking counts them): house seed 22's net loft was found in 36,830; corridor seed 33's six
# rooms, none trapped that way, spent 235,524 (6.4 s) before the walk
INTO_WORK = 60_000
# ... before escape.py is asked again, at length, about the loops left: the playthroughs
# find the loops they can in a few (the 27 chapters of the outside `case` pack: found in
# 2-5 plays, and then 50 plays more, 20,000 choices, before the proof that took 0.03 s).
ASK_AGAIN_AFTER = 10
# ... and at length, with every other question settled, after this many: a scene a play can
# really be trapped at has no strategy for escape.py to find, and more plays trap one there
# sooner (the once-only rooms of the outside journal's wings: 20,000 steps a wing, failing).
LAST_AFTER = 40
# Choices a playthrough goes round scenes it has entered, at a scene seen to loop, before it
# is asked whether it is trapped there too (then after twice as many, and so on).
STALE_STEPS = 32
# States walked on from a play's state to prove it trapped (trap_closure.py), at most; one
# already trapped in a hub's room has a few hundred left (house_hubs.py seed 4: 46-372) ...
CLOSURE_STATES = 500
# ... and for all of one start's, at most
CLOSURE_STATES_ALL = 20_000


@dataclass
class Witnessed:
    """What the playthroughs from one start showed, and whether that proves all of it."""

    plays: int = 0
    reached: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    chapter_ends: set[str] = field(default_factory=set)
    dead_ends: set[str] = field(default_factory=set)
    trapped: set[str] = field(default_factory=set)  # scenes of states proven to loop forever
    # The scenes this start's own plays and searches entered (`reached` also holds those
    # other starts have shown).
    entered: set[str] = field(default_factory=set)
    settled: bool = False
    # The first state a playthrough reached at each scene: seek.py starts from them too.
    firsts: FirstStates = field(default_factory=FirstStates)
    verdicts: set[str] = field(default_factory=set)  # "trial/tier" rulings the plays ended with
    # each ending -> the rulings it was reached with ("": none), as the walk reports them
    ending_verdicts: dict[str, set[str]] = field(default_factory=dict)
    # What is still in question when not settled: scenes maybe reachable but not reached,
    # maybe dead ends not seen stuck, maybe trapped neither seen nor proven free, and the
    # rulings (or endings under a ruling) that may happen and were not seen.
    open_scenes: set[str] = field(default_factory=set)
    open_dead_ends: set[str] = field(default_factory=set)
    open_loops: set[str] = field(default_factory=set)
    open_rulings: set[str] = field(default_factory=set)


@dataclass
class Budget:
    """Choices the playthroughs may still make (see STEP_BUDGET), shared by every start."""

    left: int = STEP_BUDGET


def witness(
    story: Story,
    chapter: str | None,
    budget: Budget | None = None,
    shown: Walk | None = None,
    entry: str | None = None,
    race: Callable[[int], None] | None = None,
) -> Witnessed:
    """Seeded playthroughs of the whole story (`chapter` None) or of one chapter replayed by
    name, until they prove every finding (see the docstring), stop finding anything or have
    spent `budget`. What other starts have `shown` (scenes reached, dead ends, loops,
    rulings and the endings after them) is
    reported with this start's findings, so it needs no proof from here. With `entry` (and
    `chapter` None): from that chapter's entry state, played on past its edge as the whole
    story is (a trial's chapter: what each ruling leads to, as `explore`'s walk reads it).
    `race` is told the steps a long proof is likely to spend, before it spends them:
    it may walk as many states instead, and end the search by raising once the walk is done."""
    budget = budget or Budget()

    def start_state(seed: int = 0) -> State:
        state = initial_state(story, chapter or entry, seed=seed)
        if entry is not None:
            state.chapter = None  # not stopped at the chapter's edge
        return state

    first = start_state()
    # Entered, as a play enters it: the first scene's own effects and speakers count (read
    # from before them, escape.py would miss what they open; future.py only joins them).
    Unshown(story, first).enter(first.scene)
    taken = set(first.taken)
    start = first.scene
    future = Future(story, chapter)
    # Scenes some play may enter: a path of the graph leads there, and neither future.py
    # nor escape.py (each scene with its own values) finds a condition on the way that can
    # never hold.
    scope = reachable(story, start, chapter) & future.reachable(first)
    escape = Escape(story, chapter, future, first)
    scope &= escape.at_scene.keys()
    short = len(scope) <= SHORT_STORY
    entries = entries_at_most(story, start, taken, scope)
    kept = future.lasting
    may_stick = {s for s in scope if may_stop(story.scenes[s], entries[s], taken, kept)}
    # A replayed chapter that can end or leave must be seen to (else it is not replayable):
    # not one escape.py reads never doing so (its way out needs a map the hall's own entry
    # puts away: walked to a million states, looking for a way out).
    may_finish = (
        chapter is not None
        and escape.leaves
        and any(
            story.scenes[s].end is not None
            or any(story.scenes[t].chapter != chapter for t in successors(story, s))
            for s in scope
        )
    )
    looping = may_loop(story, scope)
    # A scene that could loop but can always still finish is never trapped: not asked about.
    may_trap = looping - surely_finish(story, scope, chapter, taken) if looping else set()
    # Nor is one escape.py proves free (asked below, briefly before the playthroughs and
    # at length once they stall: a scene they see trapped needs no proof).
    # A way open at every visit, with each scene's own values: no dead end there.
    may_stick = {s for s in may_stick if not escape.never_stops(s)}
    limit = STEPS_A_SCENE * len(scope) + 20 if looping else MAX_STEPS
    found = Witnessed()
    if shown is not None:
        found.reached |= shown.reached
        found.dead_ends |= shown.dead_ends
        found.trapped |= shown.trapped
        found.verdicts |= shown.verdicts
        join_rulings(found.ending_verdicts, shown.ending_verdicts)
    quiet = 0
    rest = sought = stuck_sought = worn = asked_again = asked_last = counted = False
    ruled_first = ruled_sought = False

    needed = _rulings_needed(story, chapter, start, first, future) if story.trials else []

    def _rulings_unseen() -> list[tuple[str, str | None]]:
        """The rulings, or endings under a ruling, that may happen and were not seen: each
        with the scene the ruling leads to (None: no ruling, or the ruling itself unseen)."""
        unseen: list[tuple[str, str | None]] = []
        for trial_scene, verdict, ending_scene, after in needed:
            if trial_scene is not None and trial_scene not in scope:
                continue
            if verdict and verdict not in found.verdicts:
                unseen.append((verdict, None))
            elif ending_scene is not None and ending_scene in scope:
                ending = story.scenes[ending_scene].end or ""
                if verdict not in found.ending_verdicts.get(ending, ()):
                    unseen.append((verdict, after))
        return unseen

    def _endings_unseen() -> dict[str, dict[str, str | None]]:
        """Each ruling -> the ending scenes still to be seen under it -> its scene."""
        unseen: dict[str, dict[str, str | None]] = {}
        for trial_scene, verdict, ending_scene, after in needed:
            if ending_scene is None or not verdict or ending_scene not in scope:
                continue
            if trial_scene is not None and trial_scene not in scope:
                continue
            ending = story.scenes[ending_scene].end or ""
            if verdict not in found.ending_verdicts.get(ending, ()):
                unseen.setdefault(verdict, {})[ending_scene] = after
        return unseen

    ruled_spent = [0]  # states the searches below have expanded

    def _seek_ruled(first_only: bool) -> int:
        """A search (seek.py `ruled`) to each ending still unseen under a ruling, within
        RULED_SEARCHES searches' states in all; the states expanded. `first_only`: only
        the endings no play from here has entered, after the ruling's own scene (an
        ending that is that scene is seen with the ruling, which the searches for the
        scenes look for, from the plays' states: an outside mystery's fifth hearing,
        missed by this search in 4,000 states from the start, found by them in 363)."""
        met = _Met(found, loops).met
        most = max(RULED_STATES, RULED_STATES_A_SCENE * len(scope))
        began = ruled_spent[0]
        starts = list(found.firsts.values())
        # (each ending its own search: one drawn to the nearest ending first, then
        # re-ranked for the next, went on from where the first had led it)
        asked = [
            (verdict, ending)
            for verdict, endings in sorted(_endings_unseen().items())
            for ending, after in sorted(endings.items())
            if not (first_only and (ending in found.entered or ending == after))
        ]
        for verdict, ending in asked:
            if ruled_spent[0] >= RULED_SEARCHES * most:
                break
            if ending not in _endings_unseen().get(verdict, ()):
                continue  # (seen by a search for another)
            sought_out = seek(
                story, chapter, {ending}, met, most, starts=starts, first=first, ruled=verdict
            )
            ruled_spent[0] += sought_out.expanded
        return ruled_spent[0] - began

    def _rulings_seen() -> bool:
        return not needed or not _rulings_unseen()

    def _after_ruling() -> State | None:
        """A copy of the first state a play had after a ruling with an ending not yet seen
        under it (a rare ruling's plays rarely go on to each of its endings)."""
        for verdict, after in _rulings_unseen():
            held = found.firsts.get(after) if after is not None else None
            if held is not None and verdict_of(held) == verdict:
                return Explorer.clone(held)
        return None

    def _rest() -> bool:
        """Whether every question but the loops' is settled."""
        return (
            found.reached >= scope
            and found.dead_ends >= may_stick
            and bool(found.endings or found.chapter_ends or not may_finish)
            and _rulings_seen()
        )

    # Where a replayed chapter finishes: its endings, and the scenes of other chapters its
    # ways lead to (a play that takes one stops at the edge, at the scene it left from).
    finishes = (
        {s for s in scope if story.scenes[s].end is not None}
        | {t for s in scope for t in successors(story, s) if story.scenes[t].chapter != chapter}
        if may_finish
        else set()
    )

    def _unfinished() -> set[str]:
        """The finishes, while no play has been seen to finish the chapter."""
        return set() if found.endings or found.chapter_ends or not may_finish else finishes

    # The size of `scope` when last read for a scene a play may finish at, and whether one was.
    finishing: list[int | bool] = [-1, True]

    def _nothing_finishes() -> bool:
        """Whether no play from this start can ever finish: no ending or trial in reach, no
        way out of a replayed chapter, and no dead end (each proven: `scope` and `may_stick`
        hold only what a play may do). Then every state a play reaches loops for good."""
        if may_stick or found.endings or found.chapter_ends:
            return False
        if finishing[0] != len(scope):  # (read again only when `scope` has shrunk)
            finishing[:] = [len(scope), any(_finishes_at(s) for s in scope)]
        return not finishing[1]

    def _finishes_at(scene_id: str) -> bool:
        scene = story.scenes[scene_id]
        if scene.end is not None or scene.trial is not None:
            return True
        return chapter is not None and any(
            story.scenes[t].chapter != chapter for t in successors(story, scene_id)
        )

    def _open_questions() -> set[str]:
        """The scenes not yet reached, the dead ends not yet seen, and where the chapter
        finishes while no play has."""
        return (scope - found.reached) | (may_stick - found.dead_ends) | _unfinished()

    def _unsettled() -> bool:
        """Whether a scene is still unreached or a dead end in question."""
        return not found.reached >= scope or bool(may_stick - found.dead_ends)

    def _no_dead_ends(most: int) -> int:
        """The dead ends still in question read through their chapters (see
        Escape.no_dead_end_in), `most` states each, DEAD_END_STATES_ALL in all; those
        proven never to stop are no longer in question. The states read."""
        nonlocal may_stick
        began = escape.work
        asked: dict[str, set[str]] = {}
        for scene_id in may_stick - found.dead_ends:
            asked.setdefault(story.scenes[scene_id].chapter, set()).add(scene_id)
        for chapter_id, scenes in sorted(asked.items()):
            if escape.work - began > DEAD_END_STATES_ALL:
                break  # (the rest left to the searches, and failing them the walk)
            may_stick -= escape.no_dead_end_in(chapter_id, scenes, most)
        return escape.work - began

    paused: list[Counting] = []

    def _read_counting(allowance: int = MAX_COUNTING) -> tuple[int, bool]:
        """Scenes still unreached and dead ends in question read with the numbers and visit
        counts too, each fare paid or not (a last train whose `next` needs fewer coins than
        every way there leaves), which also shows where a play may stop (a subway door whose
        way on needs two rounds of the hall, come to only with coins found on two rounds):
        what it settles is taken out of the questions. Its cost, as a question's, and
        whether it finished within `allowance` (if not, it is paused, and the next call
        reads on, MAX_COUNTING in all). Asked after the searches in a long story: where
        they find what is open, it costs more than they do (the outside seasons of 888
        scenes: 2 s, unfinished); in a short one a quarter first, the rest after the first
        search: house_hubs.py seed 35's last train is shut out in 24,000 steps, 1 s, where
        the searches take 2 s and settle nothing; an outside dungeon of 40 scenes is
        settled by its first search in 0.5 s, where the reading would spend all 40,000,
        2 s, and not finish."""
        began = escape.work
        asked = may_stick - found.dead_ends
        # (a reading paused asked its questions before: no fewer than now)
        counting = paused.pop() if paused else escape.counting(first, asked=asked)
        reading = counting.go(min(allowance, MAX_COUNTING - counting.allowance))
        if reading is None and counting.allowance < MAX_COUNTING:
            paused.append(counting)
            return escape.work - began, False
        if reading is not None and escape.budget_within(reading[0]):
            # Read again once, with what the scenes shut out would add or take off the
            # numbers no longer counted (number_budget.py).
            reading = escape.reached_counting(first, asked=asked) or reading
        if reading is not None:
            scope.intersection_update(reading[0])
            may_stick.intersection_update(reading[1])
            loops.open.intersection_update(reading[0])
        asked = may_stick - found.dead_ends
        if escape.remainders and escape.remainder_guards(scope - found.reached | asked):
            # Then with each remainder of a visit count kept apart, where a way into or
            # out of a scene in question reads one: a boxroom entered on even visits to
            # the hall, whose stair needs an odd one. (Not first: twice the reading, past
            # its allowance in house_hubs.py seed 35, where its last train is shut out
            # without them; nor where no such way is near: seed 1, 1.5 s for nothing.)
            reading = escape.reached_counting(first, asked=asked, remainders=True)
            if reading is not None:
                scope.intersection_update(reading[0])
                may_stick.intersection_update(reading[1])
                loops.open.intersection_update(reading[0])
        return escape.work - began, True

    taken_so_far: dict[tuple[str, str | None], int] = {}

    def _narrow(sought_out: Sought) -> None:
        """A search that met every state it could reach shows every scene a play can enter:
        the others are out of reach, and so are their questions (a season's last activity,
        open only after enough days on the one before, when the days run out first)."""
        if sought_out.every_scene is not None:
            scope.intersection_update(sought_out.every_scene | found.reached)
            may_stick.intersection_update(scope)
            loops.open.intersection_update(scope)

    loops = _Loops(future, may_trap, found, taken_so_far, limit, escape)
    loops.open -= found.trapped
    if first.scene in loops.open and (future.trapped(first) or escape.trapped(first)):
        # The start itself: no play arrives there to be asked (a chapter replayed by name
        # whose way on needs a key only other chapters give: 251 plays, then a walk capped
        # at a million states for a counter that grows at each round). No play finishes.
        loops._onwards(first)
        may_finish = False
    # The scenes before every loop: each state there known, each asked about apart (the
    # rocks below a lighthouse, come to four ways, one of which may leave no way out).
    escape.only_states = states_before_loops(story, first)
    for scene_id, states in escape.only_states.items():
        for state in states if scene_id in loops.open else ():
            if state is not first and (future.trapped(state) or escape.trapped(state)):
                loops._onwards(state)
    # Every start may spend a little, whatever the others spent: a chapter replayed by
    # name is most often settled in a few plays, where walking it may take thousands of
    # states (a district of a town whose whole story spent the budget).
    own = START_ALLOWANCE if chapter is None else CHAPTER_CHOICES_A_SCENE * len(scope)
    allowance = max(budget.left, START_ALLOWANCE, own)
    loops.allowance = allowance
    # Scenes escape.py proves never trapped need no questions from the playthroughs (a
    # question may read the whole story; a proof most often takes a few dozen steps).
    # A scene's full allowance in a long story: a question a playthrough asks instead
    # reads about every scene in reach (and a proof there may go a long way round).
    first_steps = FIRST_PROOF_STEPS if len(scope) < LONG_STORY else MAX_NODES_A_SCENE
    loops.open -= escape.ask(
        loops.open, first, scope - may_trap, first_steps, give_up=FIRST_GIVE_UP
    )
    if (
        chapter is None
        and loops.open
        and escape.prove_doors(_doors(story, scope & may_trap), first_steps)
    ):
        # Then the chapters' doors, and the loops again: a proof from a room may stop at
        # the next door instead of going through every chapter after it.
        loops.open -= escape.ask(loops.open, first, set(), SHARE_AT_MOST, PAST_DOORS_STEPS)
    loops.opening = _opening(story, first.scene)
    steps = 0
    # What other starts have shown and the proofs above may settle it all before any play
    # (a hearing's chapter played on past its edge, every scene after it reached, every
    # ruling seen by the whole story: one play to the last hearing each, a third of the
    # proof of 67 hearings).
    rest = _rest()
    while (
        not (rest and not loops.open)
        and found.plays < MAX_PLAYS
        and quiet < PATIENCE
        and steps + loops.steps < allowance
    ):
        # Every other play, once the others are settled enough to have seen a ruling,
        # goes on from just after it when an ending under it is still to be seen.
        after = _after_ruling() if needed and found.plays % 2 else None
        state = after or start_state(found.plays)
        before = len(state.trail)
        runtime = Unshown(story, state)
        if after is None:
            runtime.enter(state.scene)
        rng = random.Random(found.plays)
        found.plays += 1
        size = _size(found)
        # One play in four answers every claim it can (an ending for three hearings won
        # of five: seldom seen when each move in court is answered at even odds).
        answering = ANSWER_ALWAYS if found.plays % 4 == 0 else ANSWER_HALF
        ask = None
        if may_trap:
            loops.rng, loops.asked, loops.arrived, loops.stale = rng, 0, 0, 0
            loops.entered = set(state.trail)
            loops.last = None
            ask = loops.ask if loops.open or found.trapped else None
        steps += _play(
            runtime, rng, taken_so_far, limit, ask, found.firsts, found.verdicts, answering
        )
        _record(found, state, state.trail[before:])
        if ask is not None and state.status == "playing":
            loops.close()
        if state.status != "playing":
            loops.finished()
        quiet = 0 if _size(found) > size else quiet + 1
        rest = _rest()
        if quiet >= ASK_AGAIN_AFTER and not asked_again and loops.open:
            # Asked again: the playthroughs have found the loops they can (each a scene
            # escape.py need not try), and a scene the first asking had no budget left for.
            asked_again = True
            hub = _hub(loops.open, escape.ways_in)
            # (the hub raced as any scene is: the walk raced 30,000 states more for it cost
            # house seed 6 a second, and a pack the walk finishes soon has had its quick
            # walk already, analysis.QUICK_WALK)
            raced = _RaceOnce(race, escape)
            if hub is not None:
                # The hub first, at length: every room's strategy may stop there once it
                # is proven (house_hubs.py seed 18's tower base: 19,000 steps, then its 34
                # rooms in 1-10 each, where each of them failed in a thousand).
                # (twice its steps: the shorter rounds `ask` tries first spend from it)
                loops.open -= escape.ask(
                    {hub}, first, set(), HUB_STEPS, 2 * HUB_STEPS, before_full=raced
                )
            # Each with a scene's own allowance (a thousand steps: a wing's room proven in
            # 164); those that need more (a hub's proof: thousands) get it when asked last.
            loops.open -= escape.ask(loops.open, first, set(), MAX_NODES_A_SCENE, before_full=raced)
        few = 0 < len(loops.open) <= WORN_FOR
        if rest and few and not asked_last and quiet >= LAST_AFTER:
            # Only a few loops left, every other question settled: asked again with up to
            # SHARE_AT_MOST steps each, if they had less (a room of a hub whose proof goes
            # round the hub for the three clues its stairs need: a few thousand steps).
            asked_last = True
            share = min(SHARE_AT_MOST, MAX_NODES // max(1, len(loops.open)))
            raced = _RaceOnce(race, escape)
            loops.open -= escape.ask(loops.open, first, set(), share, before_full=raced)
        if quiet >= SEEK_AFTER and not sought and may_stick - found.dead_ends:
            # Dead ends still in question: each read forward through its chapter from what
            # comes in, with only what tells a stop there apart (a week's activity of three
            # once-only choices, entered at most three times on three points of energy).
            steps += _no_dead_ends(DEAD_END_STATES)
            rest = _rest()
        if quiet >= SEEK_AFTER and not sought and not found.reached >= scope:
            # Scenes still unreached: read again with the flags' values kept apart, which
            # shuts out a scene only two flags together keep shut (its cost, as a question's).
            began = escape.work
            closer = escape.reached_apart(first)
            if closer is not None:
                scope &= closer
            if not found.reached >= scope:
                # Then with only the flags the guards of the scenes still unreached read
                # kept apart: two branches' flags that a guard needs together, say.
                focus = escape.guards_read(scope - found.reached)
                closer = escape.reached_apart(first, focus=focus) if focus else None
                if closer is not None:
                    scope &= closer
            if not found.reached >= scope:
                # Then with the once-only ways between where those guards' flags are set
                # and the guards kept, each taken or not: a log signed only in a room's
                # last corner, which leads back to the room's door, its one way in used
                # (house_hubs.py seed 53: its way out, walked in 43 s, shut in 0.1 s).
                ways = escape.once_after_setting(scope - found.reached)[:MOST_PAYING]
                closer = None
                if ways:
                    closer = escape.reached_apart(first, focus=focus or None, ways=ways)
                if closer is not None:
                    scope &= closer
            steps += escape.work - began
            if not found.reached >= scope:
                # Then chapter by chapter from the states coming in at its doors (the
                # whole story's seasons, money carried from one to the next), reading
                # only what the ways to the scenes still unreached need.
                gone, spent = out_of_reach(
                    story,
                    escape,
                    first,
                    scope - found.reached,
                    DOOR_STATES_ALL,
                    chapter is not None,
                )
                scope -= gone
                may_stick -= gone
                loops.open -= gone
                steps += spent
            rest = _rest()
        if quiet >= SEEK_AFTER and not sought and not counted and short and _unsettled():
            # (in a short story at once: cheaper there than the searches)
            spent, counted = _read_counting(SHORT_COUNTING)
            steps += spent
            rest = _rest()
        if quiet >= SEEK_AFTER and not ruled_first and not _rulings_seen():
            # An ending no play has reached, under a ruling: searched for before the
            # scenes are (the independent's, of an election of 100 weeks, behind one poll
            # passing another: 18 s of climbs and searches for it as a scene, then found
            # under the first ruling in 2,454 states). Others wait for the plays (below).
            ruled_first = True
            steps += _seek_ruled(True)
            rest = _rest()
        if quiet >= SEEK_AFTER and not sought:
            # The playthroughs have stopped finding: search for the scenes not reached and
            # the dead ends not seen (a state at a scene that could loop is asked about as
            # it is met). The scenes that could loop are no targets: in a hub most are.
            sought = True
            # Every scene this start has not entered is a target, even those other starts
            # have shown: each a step on the way to the scenes still unreached (the gate
            # of a town behind its 249 districts, not found by distance alone).
            places = (scope - found.entered) | (may_stick - found.dead_ends) | _unfinished()
            starts = list(found.firsts.values())
            met = _Met(found, loops).met
            # From the plays' states; from the start alone (the states the plays left may
            # all be past where a sequence of events must begin: a once-only way taken);
            # guided by what must be made on the way (see seek.py). Guided first, briefly,
            # when only a few targets are left (the legend at the end of 27 cases: found in
            # 95 states, where the others spend 6,000 each); at length only last (it would
            # wander a town of open districts).
            # And when the scenes still in question are few but the stepping stones many,
            # guided to those few alone, from the start (the two endings at the top of 32
            # wings of clue rooms: found in 1,000 states, missed among 844 stones).
            # First, the scenes still unreached behind a number to build up (coins over
            # forty seasons: climb.py), each in turn, unless a climb before reached it.
            spends = bool(capped_numbers(story))  # (see the searches below)
            climbing = max(CLIMB_STATES, CLIMB_STATES_A_SCENE * len(scope))
            for target in sorted(scope - found.reached):
                if climbing <= 0:
                    break
                if target not in found.reached and numbered_ways(story, target, first):
                    spent, there = climb(story, chapter, target, met, first, climbing)
                    steps += spent
                    climbing -= spent
                    if there is not None:
                        starts.append(there)
            rest = _rest()
            places = (scope - found.entered) | (may_stick - found.dead_ends) | _unfinished()
            searches = [
                (False, starts, False, SEEK_STATES),
                (False, None, False, SEEK_STATES),
                (False, starts, True, SEEK_STATES),
            ]
            if spends:
                # Guided from the start alone last, where a play spends what it cannot get
                # back: the plays' states deep in a heist had forced their way, and drew
                # the search on from there (buying every tool first passes 323 obstacles:
                # 4,433 states). (Not elsewhere: a walked corridor hub spent 9 s more.)
                searches.append((False, None, True, SEEK_STATES))
            if len(places) <= GUIDED_FIRST:
                searches.insert(0, (False, starts, True, GUIDED_FIRST_STATES))
            elif len(_open_questions()) <= GUIDED_FIRST:
                # (after the plain search from the plays' states: in a town of 249 open
                # districts a guided state costs 20 ms, and the plain search finds its gate)
                searches.insert(1, (True, None, True, FEW_STATES))
            for few, again, guided, most in searches:
                if rest or not places or places <= _unfinished():
                    break  # (only a way out left to find: breadth first, below)
                targets = _open_questions() if few else places
                sought_out = seek(
                    story,
                    chapter,
                    targets,
                    met,
                    budget=most,
                    starts=again,
                    guided=guided,
                    first=first,
                )
                steps += sought_out.expanded
                _narrow(sought_out)
                if paused and not found.reached >= scope:
                    # (a short story's reading, to its end now, while a scene is unreached:
                    # only dead ends left, the brief search for them comes first, below)
                    spent, counted = _read_counting()
                    steps += spent
                rest = _rest()
                places = (scope - found.entered) | (may_stick - found.dead_ends) | _unfinished()
            if _unfinished() and not _open_questions() - finishes:
                # Every scene reached and every dead end seen, but no play has finished:
                # breadth first from the start, a walk that stops at the first way out (the
                # searches drawn to it chase its guard's parts, whatever order they need).
                steps += seek_finish(story, first, _Met(found, loops).met, FINISH_STATES)
                rest = _rest()
        stuck_left = may_stick - found.dead_ends
        few_stuck = sought and not stuck_sought and 0 < len(stuck_left) <= GUIDED_FIRST
        if sought and not counted and _unsettled() and not (paused and few_stuck):
            counted = True
            steps += _read_counting()[0]
            rest = _rest()
        stuck_left = may_stick - found.dead_ends
        if sought and not stuck_sought and 0 < len(stuck_left) <= GUIDED_FIRST:
            # A few dead ends still in question after the searches, which enter a scene
            # but do not look for a stop there: a search for one (a corridor's room come
            # back to with its once-only way used and no coin left for the other). From
            # the start alone: with the plays' states too, those ranked nearest drew it
            # astray (corridor_hubs.py seed 11: 2,000 states without the stop; 268 with).
            stuck_sought = True
            met = _Met(found, loops).met
            steps += seek_stuck(story, chapter, stuck_left, met, [first], STUCK_STATES)
            stuck_left = may_stick - found.dead_ends
            if stuck_left:
                # Then breadth first: a stop may need a thing done the search drawn to it
                # passes by (a lock paid for that leaves too few keys to go on).
                most = STUCK_BREADTH_SHORT if short else STUCK_BREADTH
                steps += seek_finish(story, first, met, most, stops=set(stuck_left))
                stuck_left = may_stick - found.dead_ends
            if stuck_left:
                # Then each read again through its chapter, at length: a hub that stops only
                # with every room shut is read in 8,500-48,000 states (corridor_hubs.py
                # seeds 71, 76 and 37), past the first reading's share.
                steps += _no_dead_ends(DEAD_END_STATES_LONG)
                stuck_left = may_stick - found.dead_ends
            if stuck_left and not counted:
                # A short story's reading, paused for that search (which most often finds
                # them at once: corridor_hubs.py seeds 11 and 38 in 268 and 323 states,
                # 0.05 s, where the reading spends its 40,000, 1.4 s, and does not finish).
                counted = True
                steps += _read_counting()[0]
                stuck_left = may_stick - found.dead_ends
            if stuck_left and len(scope) <= SHORT_STORY:
                # Then at length, in a short story, the walk raced once the search has spent
                # STUCK_BEFORE_RACE (done first, as it may be in so short a story, it ends
                # the proofs).
                pause = None
                if race is not None:
                    pause = (STUCK_BEFORE_RACE, lambda: race(STUCK_STATES_SHORT))
                steps += seek_stuck(
                    story, chapter, stuck_left, met, [first], STUCK_STATES_SHORT, pause
                )
            rest = _rest()
        if sought and not ruled_sought and quiet >= RULED_AFTER and not _rulings_seen():
            # Endings still not seen under a ruling once the plays have long stopped
            # finding anything: a search to each (a debate won, then the seat lost on the
            # polls: only a campaign that canvassed least; no play from just after the
            # win, nor 261 from the start, ever did).
            ruled_sought = True
            steps += _seek_ruled(False)
            rest = _rest()
        if rest and sought and loops.open and not worn and quiet >= 2 * SEEK_AFTER:
            # Only loops are left, a few: look for plays worn out near them (see seek.py).
            worn = True
            if len(loops.open) <= WORN_FOR:
                met = _Met(found, loops).met
                sought_out = seek(story, chapter, set(loops.open), met, worn=True, first=first)
                steps += sought_out.expanded
                _narrow(sought_out)
                rest = _rest()
            if rest and 0 < len(loops.open) <= WORN_FOR:
                # Then the states that come to them last, once the rest is used up (a net
                # loft entered once only: a play that enters it early leaves no trap there).
                allowance = loops.allowance
                loops.allowance = min(allowance, loops.steps + INTO_WORK)
                steps += seek_into(story, loops.open, first, loops.proven, INTO_STATES)
                loops.allowance = allowance
                rest = _rest()
        if loops.open & found.entered and _nothing_finishes():
            # Every scene this start's plays entered is then a loop with no way out (a hub
            # whose road out needs three flags no play can hold together, and no room a dead
            # end: its gate and porch, each entered once at the start, never asked about).
            trapped = loops.open & found.entered
            found.trapped |= trapped
            loops.open -= trapped
        if rest and not loops.open:
            found.settled = True
            break
    if rest and not loops.open:
        found.settled = True
    else:
        found.open_scenes = scope - found.reached
        found.open_dead_ends = may_stick - found.dead_ends
        found.open_loops = set(loops.open)
        found.open_rulings = {verdict or "(none)" for verdict, _ in _rulings_unseen()}
    budget.left = max(0, budget.left - steps - loops.steps)
    return found


class _RaceOnce:
    """The walk raced once, when the first ask has come to its round with all its steps
    (`Escape.ask`'s `before_full`): where the shorter rounds prove every scene, a race
    before them walked for nothing (house_hubs.py seeds 6 and 39, corridor seed 20:
    0.8-1.4 s before asks that then took 0.2 s). Raced by the steps the scenes still
    unproven then are likely to spend, not those the asks were likely to spend before
    their shorter rounds: house seed 14's 34 rooms in question were raced by 20,000 steps,
    then 25 of the 31 asked after its hub were proven in the shorter rounds; the walk ran
    1.5 s and lost where the asks took 0.1 s. Raced now by 6,000: the six left."""

    def __init__(self, race: Callable[[int], None] | None, escape: Escape) -> None:
        self.race = race
        self.escape = escape

    def __call__(self, unproven: set[str], steps: int) -> None:
        race, self.race = self.race, None
        if race is not None:
            race(self.escape.likely_spent(unproven, steps))


class Asked(Enum):
    """A playthrough's question answered: ask again later, ask no more, or end the play
    (its state is trapped: every choice from here goes round and round)."""

    AGAIN = "again"
    ENOUGH = "enough"
    TRAPPED = "trapped"


class _Loops:
    """Asks future.py, at each scene a playthrough arrives at that is not yet seen to loop,
    whether its state is trapped (at most ASKS times a playthrough, ever more spaced); and,
    at a scene seen to loop, once the play has long entered nothing new (`_still_trapped`)."""

    def __init__(
        self,
        future: Future,
        may_trap: set[str],
        found: Witnessed,
        counts: dict[tuple[str, str | None], int],
        limit: int,
        escape: Escape | None = None,
    ) -> None:
        self.future, self.found, self.counts, self.limit = future, found, counts, limit
        self.escape = escape
        self.allowance = STEP_BUDGET  # steps this may spend (set to the budget left)
        self.explorer: Explorer | None = None  # keys the states on from a trapped one
        self.closer_asks = 0  # questions put to escape.py
        self.open = set(may_trap)  # scenes that could loop, not yet seen to
        self.rng = random.Random(0)
        self.asked = 0  # in the playthrough under way
        self.arrived = 0  # at scenes that could loop, in the playthrough under way
        self.entered: set[str] = set()  # scenes the playthrough under way has entered
        self.stale = 0  # its choices since it last entered a scene new to it
        self.steps = 0  # choices made on from trapped states, and the cost of asking
        # The last state of the playthrough under way at a scene still in question (a
        # copy): walked on from once it is over, if it did not finish (`close`).
        self.last: State | None = None
        self.closing = CLOSURE_STATES_ALL  # states trap_closure.py may still walk
        # The start and the scenes every play goes through first (`_opening`), one state each
        self.opening: set[str] = set()

    def ask(self, state: State) -> Asked:
        """Whether to go on asking in this playthrough, or to end it. A trapped state is
        proven so, and so is every state after it: several playthroughs go on from it
        (finding one costs more than going on from it), and the scenes they go through are
        loops. A play at a scene already seen to loop is asked too (future.py alone): one
        trapped there would go round to its last choice, thousands of them (a cellar whose
        door shuts behind the player, in every play that goes down unprepared)."""
        if state.scene in self.entered:
            self.stale += 1
        else:
            self.entered.add(state.scene)
            self.stale = 0
        if state.scene not in self.open:
            return self._still_trapped(state) if state.scene in self.found.trapped else Asked.AGAIN
        if self.steps >= self.allowance:
            return Asked.ENOUGH  # the budget is spent: the walk will answer
        # Asked at the first arrivals, then the 8th, 16th, 32nd...: a play is trapped late,
        # once its ways out are used up, as often as early.
        self.arrived += 1
        self.last = Explorer.clone(state)
        if self.arrived > EARLY_ASKS and self.arrived & (self.arrived - 1):
            return Asked.AGAIN
        self.asked += 1
        # Each scene a reading looks at is counted as a choice of the budget (a reading of a
        # large story can look at every scene many times over).
        with self._counted():
            # future.py first (cheap); escape.py reads each scene's own values (closer).
            if not self.future.trapped(state):
                if self.escape is None or self.closer_asks >= CLOSER_ASKS:
                    return Asked.AGAIN if self.asked < ASKS else Asked.ENOUGH
                self.closer_asks += 1
                if not self.escape.trapped(state):
                    return Asked.AGAIN if self.asked < ASKS else Asked.ENOUGH
        self._onwards(state)
        return Asked.TRAPPED  # everything after this state loops: the play ends here

    def proven(self, state: State) -> bool:
        """Whether `state` is proven trapped, asked of future.py and escape.py at once (then
        so is every state after it, and the scenes its move went through: `_onwards`), and
        failing them, walked on from (`closed`)."""
        if self.steps >= self.allowance:
            return False
        with self._counted():
            trapped = self.future.trapped(state) or (
                self.escape is not None and self.escape.trapped(state)
            )
        if trapped:
            self.found.trapped.update(state.trail)
            self._onwards(state)
            return True
        return self.closed(state)

    def closed(self, state: State) -> bool:
        """Whether every state on from `state` is walked (trap_closure.py, while the states
        allowed for it last) and none finishes: then all of them are trapped, and their
        scenes are loops."""
        if self.closing <= 0 or self.steps >= self.allowance:
            return False
        if self.explorer is None:
            self.explorer = Explorer(self.future.story)
        closure = closed_trap(self.future.story, state, CLOSURE_STATES, self.explorer)
        self.steps += closure.spent
        self.closing -= closure.spent
        if closure.finishes:
            self.finished()
        scenes = closure.trapped
        if scenes is None:
            return False
        self.found.trapped |= scenes
        self.found.reached |= scenes
        self.found.entered |= scenes
        self.open -= scenes
        return True

    def finished(self) -> None:
        """A play or a search from this start finished (an ending, a stop, the chapter's
        edge): so can the start, and the scenes it must go through first, each held by no
        other state (a gate and a porch before the hub of corridor_hubs.py seed 12, walked
        for want of this: 188,723 states; seed 63's, whose only finish is a stop that no
        play met and a search found)."""
        self.open -= self.opening

    def close(self) -> None:
        """After a playthrough that did not finish (trapped, or cut short): its last state at
        a scene still in question, walked on from (`closed`). The plays' own questions are
        asked of the first arrivals at a room, while its way out is still open; this play
        came back and did not get out."""
        if self.last is not None and self.last.scene in self.open:
            self.closed(self.last)

    def _still_trapped(self, state: State) -> Asked:
        """At a scene already seen to loop: whether this play is trapped there too, asked of
        future.py once it has gone STALE_STEPS choices, then 2, 4, 8... times as many,
        without entering a scene new to it (a play going on through a long story is asked
        nothing: a question there may read the whole story)."""
        stale = self.stale
        if stale < STALE_STEPS or stale & (stale - 1) or self.steps >= self.allowance:
            return Asked.AGAIN
        with self._counted():
            trapped = self.future.trapped(state)
        return Asked.TRAPPED if trapped else Asked.AGAIN

    @contextmanager
    def _counted(self) -> Iterator[None]:
        """The scenes the readings look at inside, counted as steps of the budget."""
        work = self._work()
        try:
            yield
        finally:
            self.steps += self._work() - work

    def _work(self) -> int:
        return self.future.work + (0 if self.escape is None else self.escape.work)

    def _onwards(self, state: State) -> None:
        """Every state after a trapped one is trapped: those within ONWARDS_STATES of it,
        breadth first, each kept once (by explore's key), and their scenes are loops."""
        found = self.found
        found.trapped.add(state.scene)
        story = self.future.story
        if self.explorer is None:
            self.explorer = Explorer(story)
        key: Callable[[State], Hashable] = self.explorer.key
        if self.escape is not None and self.escape.chapter is not None:
            # A chapter replayed by name: told apart only by what its own conditions read
            # (explore's key keeps what the chapters after it read: a wing's seven other
            # pages, 128 states where one shows as much). Every state on is trapped all the
            # same; one not looked at only leaves its scenes for other plays to show.
            names = self.escape.layout.names

            def key(s: State) -> Hashable:
                return (s.scene, frozenset(s.taken), tuple(map(s.variables.get, names)))

        seen = {key(state)}
        todo = deque([state])
        while todo and len(seen) < ONWARDS_STATES:
            if self.open <= found.trapped:
                break  # every scene still in question seen trapped: nothing more to learn
            here = todo.popleft()
            for option in Unshown(story, here)._options():
                if not option.enabled:
                    continue
                child = Explorer.clone(here)
                Unshown(story, child)._take(option)
                self.steps += 1
                found.trapped.update(child.trail)
                found.reached.update(child.trail)
                found.entered.update(child.trail)
                found_key = key(child)
                if child.status == "playing" and found_key not in seen:
                    seen.add(found_key)
                    todo.append(child)
        self.open -= found.trapped


def _hub(scenes: set[str], ways_in: dict[str, list[str | None]]) -> str | None:
    """The scene of `scenes` with the most ways in, when it has HUB_WAYS_IN or more."""
    most = max(scenes, key=lambda s: (len(ways_in[s]), s), default=None)
    return most if most is not None and len(ways_in[most]) >= HUB_WAYS_IN else None


def _opening(story: Story, start: str) -> set[str]:
    """The start and the scenes after it that a play enters one way only: each by the `next`
    of the one before, the only way into it; none when a way leads back to the start. Each
    holds one state in a play, the one every play from the start comes through."""
    into = ways_in(story)
    if into.get(start):
        return set()
    found = {start}
    scene = story.scenes[start]
    while (
        scene.next is not None
        and not scene.choices
        and scene.trial is None
        and scene.end is None
        and len(into.get(scene.next, ())) == 1
        and scene.next not in found
    ):
        found.add(scene.next)
        scene = story.scenes[scene.next]
    return found


def _record(found: Witnessed, state: State, entered: list[str]) -> None:
    """What a play (or a state of seek.py's) shows: the scenes it `entered`, how it ended."""
    found.reached.update(entered)
    found.entered.update(entered)
    verdict = verdict_of(state)
    if verdict is not None:
        found.verdicts.add(verdict)
    if state.status == "ended" and state.ending:
        found.endings.add(state.ending)
        found.ending_verdicts.setdefault(state.ending, set()).add(verdict or "")
    elif state.status == "chapter_end" and state.ending:
        found.chapter_ends.add(state.ending)
    elif state.status == "stuck":
        found.dead_ends.add(state.scene)


class _Met:
    """What seek.py's states show, gathered as a playthrough's are (a search state at a
    scene that could loop is asked about, SEEK_ASKS times at most)."""

    def __init__(self, found: Witnessed, loops: _Loops) -> None:
        self.found, self.loops, self.asks = found, loops, 0

    def met(self, state: State) -> None:
        _record(self.found, state, state.trail)
        if state.status != "playing":
            self.loops.finished()  # (every search here goes on from this start's states)
        if state.status == "playing" and state.scene not in self.found.firsts:
            # Kept as a play's first state there is: a ruling only a search won goes on
            # from it to the endings under it (a hearing won, then a flight from the
            # manor: never seen in 400 plays, one in four of them from just after it).
            self.found.firsts.keep(state, Begun(state))
        if state.status == "playing" and state.scene in self.loops.open and self.asks < SEEK_ASKS:
            self.asks += 1
            self.loops.asked = self.loops.arrived = 0
            self.loops.ask(state)


def _play(
    runtime: Runtime,
    rng: random.Random,
    counts: dict[tuple[str, str | None], int],
    most: int,
    ask: Callable[[State], Asked] | None = None,
    firsts: FirstStates | None = None,
    verdicts: set[str] | None = None,
    answering: float = 0.5,
) -> int:
    """A seeded playthrough on to its end, or for `most` choices. Half the picks are the
    option taken least often so far by all of them (ties drawn at random), so rare ways get
    tried: uniform picks alone seldom gather what a late ending asks for. Returns the
    choices it made. `ask` is told each state arrived at while it answers AGAIN, and the
    play ends where it answers TRAPPED; `firsts` gains a copy of the first state at each
    scene none of its states was at; `verdicts` each ruling made on the way (a play through
    five hearings ends holding the last one's only)."""
    state = runtime.state
    begun = Begun(state) if firsts is not None else None
    for step in range(most):
        if (
            firsts is not None
            and begun is not None
            and state.scene not in firsts
            and state.status == "playing"
        ):
            firsts.keep(state, begun)
        options = [o for o in runtime._options() if o.enabled]
        if not options:
            return step
        keys = [(state.scene, None if o.choice is None else o.choice.id) for o in options]
        answer = None
        if state.trial is not None and state.trial.verdict is None and rng.random() < answering:
            answer = _answer(runtime.story, state, options)
        if answer is not None:
            pick = answer
        elif rng.random() < 0.5:
            pick = min(range(len(options)), key=lambda n: (counts.get(keys[n], 0), rng.random()))
        else:
            pick = rng.randrange(len(options))
        counts[keys[pick]] = counts.get(keys[pick], 0) + 1
        if begun is not None:
            begun.take(runtime, options[pick])
        else:
            runtime._take(options[pick])
        if verdicts is not None and state.trial is not None and state.trial.verdict is not None:
            verdicts.add(f"{state.trial.trial}/{state.trial.verdict}")
        if ask is not None and state.status == "playing":
            asked = ask(state)
            if asked is Asked.TRAPPED:
                return step + 1
            if asked is Asked.ENOUGH:
                ask = None
    return most


def _rulings_needed(
    story: Story, chapter: str | None, start: str, first: State, future: Future
) -> list[tuple[str | None, str, str | None, str | None]]:
    """What the plays must show of the trials: (trial scene, ruling, None, None) for each
    ruling of each trial scene, and (trial scene, ruling, ending scene, the ruling's scene)
    for each ending its scene leads to in the graph with no other trial on the way;
    (None, "", ending scene, None) for each ending the start leads to so, before any
    ruling. A trial scene no play reaches asks nothing (its scene is a question of its
    own); nor does a ruling that needs a claim answered that no evidence a play can hold
    answers (future.py's reading from `first`: a chapter replayed with none of it)."""
    scenes = story.scenes

    def endings_from(first: str) -> list[str]:
        seen, todo, found = {first}, [first], []
        while todo:
            scene_id = todo.pop()
            scene = scenes[scene_id]
            if scene.end is not None:
                found.append(scene_id)
            if scene.trial is not None:
                continue  # its own ruling follows
            for target in successors(story, scene_id):
                if target not in seen and (chapter is None or scenes[target].chapter == chapter):
                    seen.add(target)
                    todo.append(target)
        return found

    held = set(first.evidence) | {name for kind, name in future.added if kind == "has"}
    can_hold = held.__contains__
    needed: list[tuple[str | None, str, str | None, str | None]] = [
        (None, "", ending, None) for ending in endings_from(start)
    ]
    for scene_id, scene in scenes.items():
        if scene.trial is None or (chapter is not None and scene.chapter != chapter):
            continue
        # (what may be held there: given on some way from the start to it, or held at it)
        before = evidence_before(story, start, scene_id)
        there = {e for e in story.evidence if e in first.evidence or (e in before and can_hold(e))}
        last = story.trials[scene.trial].verdict[-1]
        for tier in rulings_possible(story, scene.trial, there.__contains__):
            if tier is not last and tier.condition and not future.may_rule(first, tier.condition):
                # Its rule never holds in a play from `first` (a last hearing replayed by
                # name, cleared only when an earlier hearing was won: not in its replay,
                # where 252 plays looked for it and the chapter was walked).
                continue
            verdict = f"{scene.trial}/{tier.id}"
            needed.append((scene_id, verdict, None, None))
            if tier.goto in scenes and (chapter is None or scenes[tier.goto].chapter == chapter):
                needed.extend(
                    (scene_id, verdict, end, tier.goto) for end in endings_from(tier.goto)
                )
    return needed


def _answer(story: Story, state: State, options: list[Option]) -> int | None:
    """In court, the move that answers a claim, if the play holds what answers it: present
    what refutes the statement the court record is open against, or open it against one
    that something held refutes, or press one that brings out another. (Random moves there
    mostly show the wrong thing and lose credibility: a ruling that needs every claim
    answered is seldom seen.)"""
    progress = state.trial
    trial = story.trials.get(progress.trial) if progress is not None else None
    if progress is None or trial is None:
        return None
    held = state.evidence.keys() | state.facts.keys()
    opening = pressing = None
    for number, option in enumerate(options):
        move = Move.parse(option.choice.id) if option.choice is not None else None
        claim = trial.claim(move.claim) if move is not None else None
        if move is None or claim is None:
            continue
        if move.kind == "present" and progress.objecting is not None:
            statement = claim.statement(progress.objecting)
            if statement is not None and move.target in statement.refuted_by:
                return number
        elif move.kind == "object" and opening is None:
            statement = claim.statement(move.target)
            if statement is not None and held.intersection(statement.refuted_by):
                opening = number
        elif move.kind == "press" and pressing is None:
            # (pressing costs nothing, and may bring out a statement held back till then)
            statement = claim.statement(move.target)
            if statement is not None and statement.press is not None and statement.press.unlocks:
                pressing = number
    return opening if opening is not None else pressing


def _doors(story: Story, scenes: set[str]) -> set[str]:
    """The scenes of `scenes` a way from another chapter leads to (escape.prove_doors)."""
    scenes_of = story.scenes
    return {
        target
        for scene_id, scene in scenes_of.items()
        for target in successors(story, scene_id)
        if target in scenes and scenes_of[target].chapter != scene.chapter
    }


def _size(found: Witnessed) -> int:
    """How much a start has found (the scenes its own plays entered: those other starts
    showed count once entered here, or the plays would seem to find nothing from the
    first, and the search would start from states not yet far into the story)."""
    return (
        len(found.entered)
        + len(found.endings)
        + len(found.chapter_ends)
        + len(found.dead_ends)
        + len(found.trapped)
    )
