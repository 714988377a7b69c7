"""Every reduction `explore` makes is checked against a plain walk on packs nobody wrote.

The plain walk here shares nothing with explorer.py but the runtime: it keys each state by
everything in it (every variable, visit count, item, once-only choice, the trial's data),
holding numbers only at `BOUND`, above every constant the random packs compare with, so it
is exact. Live-variable stripping, capped counters, chapters walked on their footprint and
joined back, digests: whatever `explore` does must find the same scenes, endings, rulings,
dead ends and loops.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # not on Windows: each worker walks for itself there
    fcntl = None  # type: ignore[assignment]

import pytest
from benchmarks.random_packs import BOUND, LONG, counter_pack_text, random_pack

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import AddEvidence, Story
from cellseven_game.engine.play import trial
from cellseven_game.engine.play.runtime import Option, Runtime, State
from cellseven_game.engine.tools import boxes, story_traps, story_walk
from cellseven_game.engine.tools.explorer import Explorer, Walk
from cellseven_game.engine.tools.liveness import condition_sources
from cellseven_game.engine.tools.story_walk import walk_story

LONG_SEEDS = range(LONG, LONG + 20)  # 3 or 4 chapters, values read chapters later
# Long packs whose plain walk (every number exact, a hub and a trial across four chapters)
# runs for minutes and takes gigabytes: left out of the comparison, not of the other tests.
HEAVY = {64, 69}
SEEDS = [seed for seed in [*range(60), *LONG_SEEDS] if seed not in HEAVY]


def _hold(state: State, counted: set[str]) -> tuple[Any, ...]:
    """Hold counters and visits at BOUND (no condition tells bigger apart), visits only of
    the scenes some condition names (`counted`: nothing else reads them); the full key."""
    for name, value in state.variables.items():
        if type(value) in (int, float) and value > BOUND:  # type: ignore[operator]
            state.variables[name] = BOUND
    state.visits = {n: min(c, BOUND) for n, c in state.visits.items() if n in counted}
    state.steps, state.trail, state.variations = [], [], {}
    return (
        state.scene,
        state.status,
        state.ending,
        tuple(sorted(state.variables.items())),
        tuple(sorted(state.visits.items())),
        tuple(sorted(state.evidence)),
        tuple(sorted(state.met)),
        tuple(sorted(state.facts)),
        tuple(sorted(state.taken)),
        state.trial,
    )


SAMPLE = 20_000  # states the plain walk keeps whole, for checks on explore's keys


def _named_scenes(source: str) -> set[str]:
    """Scenes a condition counts (`visits x`, `visited x`), read off its words."""
    words = source.replace("(", " ").replace(")", " ").split()
    return {b for a, b in itertools.pairwise(words) if a in ("visits", "visited")}


# Every field of State, as _copy copies it: a field added to State fails here, not silently.
_FIELDS = {"scene", "variables", "visits", "evidence", "met", "facts", "taken", "steps"}
_FIELDS |= {"trail", "status", "ending", "chapter", "trial", "variations", "seed", "origin"}
assert {f.name for f in dataclasses.fields(State)} == _FIELDS, "teach _copy the new field"


def _copy(state: State) -> State:
    """A state no later step can change through the original: every mutable part copied
    (what `copy.deepcopy` would do, at a fraction of the cost; the rest is immutable)."""
    return State(
        scene=state.scene,
        variables=dict(state.variables),
        visits=dict(state.visits),
        evidence=dict(state.evidence),
        met=dict(state.met),
        facts=dict(state.facts),
        taken=set(state.taken),
        steps=list(state.steps),
        trail=list(state.trail),
        status=state.status,
        ending=state.ending,
        chapter=state.chapter,
        trial=state.trial,
        variations={key: list(value) for key, value in state.variations.items()},
        seed=state.seed,
        origin=state.origin,
    )


def plain_walk(story: Story) -> dict[str, Any]:
    """Breadth-first over whole states from the story's start, and what they show."""
    found: dict[str, Any] = {
        "reached": set(),
        "endings": set(),
        "verdicts": set(),
        "dead_ends": set(),
        "ending_verdicts": {},
        "held": set(),
        "sample": [],  # the first states walked, kept whole (the others are dropped)
    }
    start = Runtime(story).state
    found["reached"] |= set(start.trail)
    counted = {n for source in condition_sources(story) for n in _named_scenes(source)}
    keys = {_hold(start, counted): 0}
    # A state is dropped once walked (the big packs hold a million): its scene stays.
    states: list[State | None] = [start]
    scenes, edges, stops = [start.scene], [list[int]()], [False]
    index = 0
    while index < len(states):
        state = states[index]
        assert state is not None
        states[index] = None
        found["held"].add((state.scene, frozenset(state.taken)))
        if index < SAMPLE:
            found["sample"].append(state)
        verdict = trial.verdict_of(state)
        if verdict is not None:
            found["verdicts"].add(verdict)
        if state.status == "ended" and state.ending:
            found["endings"].add(state.ending)
            found["ending_verdicts"].setdefault(state.ending, set()).add(verdict or "")
        if state.status != "playing":
            stops[index] = True
            if state.status == "stuck":
                found["dead_ends"].add(state.scene)
            index += 1
            continue
        options = [o for o in Runtime(story, _copy(state)).options() if o.enabled]
        if not options:
            found["dead_ends"].add(state.scene)
            stops[index] = True
        for option in options:
            runtime = Runtime(story, _copy(state))
            runtime._take(option)
            nxt = runtime.state
            found["reached"] |= {nxt.scene, *nxt.trail}
            key = _hold(nxt, counted)
            if key not in keys:
                keys[key] = len(states)
                states.append(nxt)
                scenes.append(nxt.scene)
                edges.append([])
                stops.append(False)
            edges[index].append(keys[key])
        index += 1
    # Loops with no way out: playing states from which no stop can be reached.
    back: list[list[int]] = [[] for _ in states]
    for source, targets in enumerate(edges):
        for target in targets:
            back[target].append(source)
    ok = list(stops)
    todo = [i for i, stop in enumerate(stops) if stop]
    while todo:
        for j in back[todo.pop()]:
            if not ok[j]:
                ok[j] = True
                todo.append(j)
    found["trapped"] = {scenes[i] for i in range(len(states)) if not ok[i]}
    found["states"] = len(states)
    return found


PlainWalks = Callable[[int], tuple[Story, dict[str, Any]]]


@pytest.fixture(scope="session")
def plain_walks(tmp_path_factory: pytest.TempPathFactory) -> PlainWalks:
    """Each random pack's story and plain walk, by seed, walked once for the whole run.

    Two tests read the same 60 packs' plain walks (the suite's slowest work), and under
    `pytest -n 2` they may run on different workers: the walks are kept in a folder both
    workers share, behind a lock per seed, so whichever asks first walks and the other reads.
    """
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "plain-walks"
    shared.mkdir(exist_ok=True)
    kept: dict[int, tuple[Story, dict[str, Any]]] = {}

    def of(seed: int) -> tuple[Story, dict[str, Any]]:
        if seed not in kept:
            story = load_story(random_pack(tmp_path_factory.mktemp(f"pack{seed}"), seed))
            path = shared / f"{seed}.pickle"
            with _locked(shared / f"{seed}.lock"):
                if not path.exists():
                    part = path.with_suffix(".part")
                    part.write_bytes(pickle.dumps(plain_walk(story)))
                    part.replace(path)
                plain = pickle.loads(path.read_bytes())
            kept[seed] = (story, plain)
        return kept[seed]

    return of


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` between processes (none where there is no fcntl)."""
    with path.open("a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _findings(walk: Walk) -> dict[str, Any]:
    return {
        "reached": walk.reached,
        "endings": walk.endings,
        "verdicts": walk.verdicts,
        "dead_ends": walk.dead_ends,
        "trapped": walk.trapped,
        "ending_verdicts": walk.ending_verdicts,
    }


class _Taken(dict[int, Walk]):
    """The walks given before (the chapters'), noting which of them were asked for again."""

    def __init__(self, given: dict[int, Walk]) -> None:
        super().__init__(given)
        self.given = {id(walk) for walk in given.values()}
        self.taken: set[int] = set()

    def get(self, key: int, default: Any = None) -> Any:
        found = super().get(key, default)
        if found is not None and id(found) in self.given:
            self.taken.add(id(found))
        return found


@pytest.mark.parametrize("seed", SEEDS)
def test_explore_finds_what_the_plain_walk_finds(plain_walks: PlainWalks, seed: int) -> None:
    story, plain = plain_walks(seed)
    explorer = Explorer(story)
    walks = [explorer.walk(Runtime(story), 1_000_000), walk_story(explorer, 1_000_000)]
    # As `explore` does it: each chapter replayed by name first, the whole-story walk then
    # taking those chapter walks whose first state a player arrives in.
    again = Explorer(story)
    for chapter in story.chapter_order:
        assert not story_walk.walk_chapter(again, chapter, 1_000_000).truncated
    walks.append(walk_story(again, 1_000_000))
    for walk in walks:
        assert not walk.truncated
        found = _findings(walk)
        for name, value in found.items():
            assert value == plain[name], (seed, name)


def test_the_random_packs_have_what_they_are_for(plain_walks: PlainWalks) -> None:
    """The generator really makes loops with no way out, dead ends, rulings and big walks."""
    totals = {"trapped": 0, "dead_ends": 0, "verdicts": 0, "chapters": 0, "hubs": 0, "cut": 0}
    totals["chapter walks taken again"] = totals["loops passed through"] = 0
    totals |= {"items alike in court": 0, "presses alike": 0}
    biggest = 0
    for seed in range(LONG):
        story, plain = plain_walks(seed)
        totals["chapters"] += len(story.chapter_order) > 1
        # A hub: a scene with both sticky and once-only ways into rooms that lead back.
        totals["hubs"] += any(
            {c.once for c in scene.choices if "_r" in c.goto} == {True, False}
            for scene in story.scenes.values()
        )
        # Once-only choices taken really cut a state's future short somewhere.
        explorer = Explorer(story)
        totals["cut"] += any(
            explorer.cutoff.at(scene, set(taken), {}) != explorer.live.at(scene)
            for scene, taken in plain["held"]
        )
        # The trial's key (trial_key.py) really makes one state of states that hold items
        # refuting different statements, and of states that pressed different statements.
        merged = _merged_by_key(explorer, plain["sample"])
        totals["items alike in court"] += any(
            len({_answers(story, s.evidence) for s in group}) > 1 for group in merged
        )
        totals["presses alike"] += any(
            len({s.trial.pressed for s in group if s.trial is not None}) > 1 for group in merged
        )
        for name in ("trapped", "dead_ends", "verdicts"):
            totals[name] += bool(plain[name])
        # States with one way on are not kept (the walk goes through them), and some of
        # them loop forever: found only through the edges that passed them.
        graph = explorer.walk(Runtime(story), 1_000_000).graph
        assert graph is not None
        passed = {n for scenes in graph.through.values() for n in scenes} - set(graph.scene_of)
        passed_ids = {explorer.scene_ids[n] for n in passed}
        totals["loops passed through"] += bool(passed_ids & plain["trapped"])
        # The whole-story walk really takes chapter walks as they are: a later chapter's
        # too, not only the first's.
        for chapter in story.chapter_order:
            story_walk.walk_chapter(explorer, chapter, 1_000_000)
        explorer.walked = _Taken(explorer.walked)
        walk_story(explorer, 1_000_000)
        reused = explorer.walked.taken
        totals["chapter walks taken again"] += len(reused) > 1
        biggest = max(biggest, plain["states"])
    assert all(count >= 3 for count in totals.values()), totals
    assert biggest > 200


@pytest.mark.parametrize("seed", range(24))
def test_counters_kept_as_sets_find_what_the_plain_walk_finds(tmp_path: Path, seed: int) -> None:
    """Packs shaped like the bundled story (counters added chapter after chapter, read
    chapters later, a loop entered only when they are low): the whole-story walk, which
    moves the counters as sets (boxes.py), against the plain walk."""
    (tmp_path / "story.yaml").write_text(counter_pack_text(seed), encoding="utf-8")
    story = load_story(tmp_path)
    plain = plain_walk(story)
    again = Explorer(story)
    for chapter in story.chapter_order:
        story_walk.walk_chapter(again, chapter, 1_000_000)
    for walk in (walk_story(Explorer(story), 1_000_000), walk_story(again, 1_000_000)):
        assert not walk.truncated
        for name, value in _findings(walk).items():
            assert value == plain[name], (seed, name)


def test_the_counters_really_move_as_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The packs exercise boxes.py: sets of counter values moved by ways out that add, a
    chapter reading a counter walked at several values, and players counted one by one
    (story_traps.py) where some loop forever."""
    seen = _spy_on_boxes(monkeypatch)
    totals = dict.fromkeys(seen, 0)
    for seed in range(24):
        (tmp_path / "story.yaml").write_text(counter_pack_text(seed), encoding="utf-8")
        walk_story(Explorer(load_story(tmp_path)), 1_000_000)
        for name, count in seen.items():
            totals[name] += bool(count)
            seen[name] = 0
    assert all(count >= 3 for count in totals.values()), totals


def _spy_on_boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts, per walk of the whole story, that counters really moved as sets (boxes.py):
    several values moved by a way out that adds; a chapter reading a counter walked at
    several of its values; and players counted one by one where some loop forever."""
    seen = {"counters moved as sets": 0, "counters read one value at a time": 0}
    seen["trapped players among counted sets"] = 0
    move, combos = boxes.Box.move, boxes.Box.combos
    arrivals = story_traps.trapped_arrivals

    def spy_move(box: boxes.Box, mask: int, ops: Any) -> int:
        if mask.bit_count() > 1 and any(not put and amount for _, put, amount in ops):
            seen["counters moved as sets"] += 1
        return move(box, mask, ops)

    def spy_combos(box: boxes.Box, mask: int, axes: tuple[int, ...]) -> Any:
        found = list(combos(box, mask, axes))
        seen["counters read one value at a time"] += bool(axes) and len(found) > 1
        return iter(found)

    def spy_arrivals(ends: bytearray, leads_to: list[list[int]]) -> bytearray:
        ok = arrivals(ends, leads_to)
        seen["trapped players among counted sets"] += not all(ok)
        return ok

    monkeypatch.setattr(boxes.Box, "move", spy_move)
    monkeypatch.setattr(boxes.Box, "combos", spy_combos)
    monkeypatch.setattr(story_traps, "trapped_arrivals", spy_arrivals)
    return seen


def _merged_by_key(explorer: Explorer, states: list[State]) -> list[list[State]]:
    """The plain walk's states that `explore` keys as one, in groups of two or more."""
    groups: dict[int, list[State]] = {}
    for state in states:
        groups.setdefault(explorer.key(state), []).append(state)
    return [group for group in groups.values() if len(group) > 1]


def _answers(story: Story, held: dict[str, None]) -> frozenset[frozenset[str]]:
    """What the items held refute, item by item (items alike here were alike before)."""
    return frozenset(
        frozenset(
            f"{claim.id}.{statement.id}"
            for found in story.trials.values()
            for claim in found.claims
            for statement in claim.statements
            if item in statement.refuted_by
        )
        for item in held
    )


def test_the_sums_read_together_are_kept_as_one(tmp_path: Path) -> None:
    """`p0 + p1 >= 2` is all the long packs read of p0 and p1: explore keeps only the sum."""
    merged = 0
    for seed in LONG_SEEDS:
        story = load_story(random_pack(tmp_path / str(seed), seed))
        explorer = Explorer(story)
        assert (("p0", "p1"), 2) in explorer.sums, seed
        state = Runtime(story).state
        state.scene = f"c{len(story.chapter_order) - 2}_s0"  # reads p0 + p1 (the last chapter)
        keys = []
        for p0, p1 in ((1, 0), (0, 1), (0, 0), (2, 1), (1, 2)):
            state.variables.update(p0=p0, p1=p1)
            keys.append(explorer.key(state))
        assert keys[0] == keys[1] != keys[2], seed
        assert keys[3] == keys[4] != keys[0], seed
        merged += 1
    assert merged == len(LONG_SEEDS)


def test_the_long_packs_carry_values_across_chapters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The long packs really pass a flag through a chapter that does not read it (the part
    of a state split off and joined back), read it two chapters later, and reach rulings
    with clues found in different chapters."""
    seen = {"passed through c1": 0, "read in c2": 0}
    real = story_walk.split

    def split(explorer: Explorer, s: State, chapter: str, *parts: Any) -> tuple[State, State]:
        inner, outer = real(explorer, s, chapter, *parts)
        if chapter == "c1" and outer.variables.get("h0") is True:
            seen["passed through c1"] += 1
        if chapter == "c2" and inner.variables.get("h0") is True:
            seen["read in c2"] += 1
        return inner, outer

    monkeypatch.setattr(story_walk, "split", split)
    # The court's chapter walked in two parts (story_walk.story_parts): the trial apart
    # from the scenes after it, in several packs.
    # By id, each story held here: a story freed once walked could lend its id to the next.
    cut: dict[int, Story] = {}
    real_walk = Explorer._walk

    def walk(explorer: Explorer, first: State, top: int, part: str | None, *of: Any) -> Walk:
        if part is not None and part.endswith(("#trial", "#after")):
            cut[id(explorer.story)] = explorer.story
        return real_walk(explorer, first, top, part, *of)

    monkeypatch.setattr(Explorer, "_walk", walk)
    real_presents = trial.one_present_each
    dropped = 0

    def one_present_each(runtime: Runtime, options: list[Option]) -> list[Option]:
        nonlocal dropped
        kept = real_presents(runtime, options)
        dropped += len(options) - len(kept)
        return kept

    monkeypatch.setattr(trial, "one_present_each", one_present_each)
    won = 0
    for seed in LONG_SEEDS:
        story = load_story(random_pack(tmp_path / str(seed), seed))
        walk = walk_story(Explorer(story), 1_000_000)
        won += "t/won" in walk.verdicts
        granting = {
            scene.chapter
            for scene in story.scenes.values()
            for choice in scene.choices
            if any(isinstance(effect, AddEvidence) for effect in choice.effects)
        }
        assert len(granting) >= 3, seed  # clues are found in every chapter
    assert min(seen.values()) >= 3, seen
    assert len(cut) >= 3
    assert won >= 3
    assert dropped > 0  # presents alike in outcome were really left out (and nothing differs)


def test_the_court_is_walked_without_objections_and_with_everything_pressed(
    plain_walks: PlainWalks, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In court, `explore` keeps no state with the court record open (its presents are ways
    on of the state objected from), and in a claim where pressing is free only the state
    having pressed everything within reach (trial_key.pressed_all); the plain walk keeps
    all of those states, and test_explore_finds_what_the_plain_walk_finds shows the same
    findings. Claims whose presses have effects are walked press by press."""
    kept: list[State] = []
    real_settle = Explorer.settle

    def settle(explorer: Explorer, s: State) -> int:
        digest = real_settle(explorer, s)
        kept.append(explorer.clone(s))
        return digest

    monkeypatch.setattr(Explorer, "settle", settle)
    totals = {"objecting (plain)": 0, "partly pressed (plain)": 0, "pressed all": 0}
    totals |= {"pressed one by one": 0, "objecting": 0, "partly pressed": 0}
    for seed in range(LONG):
        story, plain = plain_walks(seed)
        explorer = Explorer(story)
        kept.clear()
        explorer.walk(Runtime(story), 1_000_000)
        everything = explorer.trial_key.everything
        for where, states in (("", kept), (" (plain)", plain["sample"])):
            court = [
                s.trial
                for s in states
                if s.trial is not None
                and s.trial.verdict is None
                and story.scenes[s.scene].trial is not None
            ]
            totals[f"objecting{where}"] += sum(p.objecting is not None for p in court)
            totals[f"partly pressed{where}"] += sum(
                (p.trial, p.claim) in everything and p.pressed != everything[p.trial, p.claim]
                for p in court
            )
            if not where:
                totals["pressed all"] += sum(
                    p.pressed == everything.get((p.trial, p.claim)) for p in court
                )
                totals["pressed one by one"] += sum(
                    bool(p.pressed) and (p.trial, p.claim) not in everything for p in court
                )
    assert totals["objecting"] == totals["partly pressed"] == 0, totals
    assert all(
        n >= 3 for name, n in totals.items() if name not in ("objecting", "partly pressed")
    ), totals
