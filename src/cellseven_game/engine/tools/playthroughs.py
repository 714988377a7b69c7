"""Story tests: playthroughs written in the pack, run by `cellseven test`.

A pack's `playthroughs:` section (in any file; by custom `playthroughs.yaml`) is a list of
runs: the choices to take, by number or choice id, and where they must lead. The loader
only checks that they name things the story has (as warnings, so a stale test never stops
the game); this module reads them again with their locations, plays them, and measures
what they cover.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from cellseven_game.engine.compile.packfiles import pack_files
from cellseven_game.engine.compile.playthrough_read import (
    CONTINUE,
    SECTION,
    Expect,
    Playthrough,
    _kind,
    check,
    read_section,
)
from cellseven_game.engine.compile.reader import Reader
from cellseven_game.engine.compile.yamlnodes import MapNode, parse, read_text
from cellseven_game.engine.core import diagnostics, links
from cellseven_game.engine.core.diagnostics_play import expected, option, standing
from cellseven_game.engine.core.errors import Problem
from cellseven_game.engine.core.model import Story, Where
from cellseven_game.engine.play import replay, trial
from cellseven_game.engine.play.history import ReadAlong
from cellseven_game.engine.play.runtime import Runtime, State
from cellseven_game.engine.play.state import Origin


@dataclass
class Result:
    playthrough: Playthrough
    state: State
    failure: Problem | None = None  # where and what differed; None when it passed

    @property
    def ok(self) -> bool:
        return self.failure is None


@dataclass
class Suite:
    """Every playthrough of a pack, and the problems met reading them."""

    playthroughs: list[Playthrough] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def load(root: Path) -> Suite:
    """Read every `playthroughs:` section of the pack at `root`, with located problems."""
    r = Reader()
    suite = Suite()
    for path in pack_files(root, r):
        try:
            shown = str(path.relative_to(Path.cwd()))
        except ValueError:
            shown = str(path)
        text = read_text(path, shown, r.problems)
        # Only files that may hold the section are parsed again: its name anywhere (a key
        # may be written quoted, `"playthroughs":`, or in a flow mapping).
        if text is None or SECTION not in text:
            continue
        top = parse(text, shown, r.problems)
        if isinstance(top, MapNode) and SECTION in top.items:
            suite.files.append(shown)
            suite.playthroughs.extend(read_section(r, top.items[SECTION][1]))
    suite.problems = r.problems
    return suite


# -- running ---------------------------------------------------------------------------


def _options_text(runtime: Runtime) -> str:
    shown = []
    for o in runtime.options():
        ident = o.choice.id if o.choice is not None else CONTINUE
        shown.append(option("open" if o.enabled else "closed", number=o.number, choice=ident))
    return "; ".join(shown) or option("none")


def _where_now(runtime: Runtime) -> str:
    state = runtime.state
    return standing(state.status, scene=state.scene, ending=state.ending)


take = replay.take  # one step as a playthrough writes it (also `run --choices`)


def run(story: Story, p: Playthrough) -> Result:
    """Play one playthrough through the one replay; the first difference is its failure,
    located in the file."""
    # The chapter's entry state; `through` plays on past the chapter's edge.
    origin = Origin(chapter=None if p.through else p.chapter, entry=p.chapter)
    read = ReadAlong()
    result = replay.replay(story, origin, [step.value for step in p.steps], watch=read)
    runtime = result.runtime

    def fail(at: Where, form: str, **fields: object) -> Result:
        problem = diagnostics.PLAYTHROUGH_DIFFERS.at(at.path, at.line, at.col, form, **fields)
        return Result(p, runtime.state, problem)

    found = result.divergence
    if found is not None and found.index == 0:  # the chapter is gone (check() says so first)
        return fail(p.chapter_where, "diverged", why=found.why)
    if found is not None:
        step = p.steps[found.index - 1]
        at = {"index": found.index, "pick": step.value}
        if found.reason == "ended":
            return fail(step.where, "nothing_to_choose", **at, now=_where_now(runtime))
        options = _options_text(runtime)
        return fail(step.where, "refused", **at, scene=found.at, said=found.detail, options=options)
    for e in p.expects:
        message = _differs(story, runtime, e, read)
        if message is not None:
            count = len(p.steps)
            return fail(e.where, "one_step" if count == 1 else "", count=count, problem=message)
    return Result(p, runtime.state)


def _differs(
    story: Story, runtime: Runtime, e: Expect, read: ReadAlong | None = None
) -> str | None:
    """What differs from the expectation `e`, worded by the registry (EXPECTED); None: it holds."""
    state = runtime.state
    if e.kind == "reach":
        if state.scene == e.name:
            return None
        passed = e.name in state.trail
        return expected("reach_passed" if passed else "reach", name=e.name, now=_where_now(runtime))
    if e.kind == "ending":
        if state.status in ("ended", "chapter_end") and state.ending == e.name:
            return None
        return expected("ending", name=e.name, now=_where_now(runtime))
    if e.kind == "verdict":
        got = trial.verdict_of(state)
        if got is not None and (got == e.name or got.endswith("/" + e.name)):
            return None
        return expected("verdict" if got else "verdict_none", name=e.name, got=got)
    if e.kind == "variable":
        got_value = state.variables.get(e.name)
        if got_value == e.value and _kind(got_value) == _kind(e.value):
            return None  # 1 and 1.0 are the same number; 1 and true are not the same
        return expected("variable", name=e.name, value=e.value, got=got_value)
    if e.kind == "evidence":
        if e.name in state.evidence:
            return None
        have = ", ".join(state.evidence)
        return expected("evidence" if have else "evidence_none", name=e.name, have=have)
    if e.kind == "met" and e.name not in state.met:
        return expected("met", name=e.name)
    if e.kind in ("shows", "hides") and read is not None:
        found = read.holds(e.name)
        if e.kind == "shows" and found is None:
            return expected("shows", words=e.name)
        if e.kind == "hides" and found is not None:
            return expected("hides", words=e.name, found=found)
    return None


def run_all(story: Story, suite: Suite) -> list[Result]:
    """Run every playthrough; one that names what the story lacks fails unplayed."""
    bad = {(q.path, q.line, q.col): q for q in check(story, suite.playthroughs)}
    results: list[Result] = []
    for p in suite.playthroughs:
        if p.broken is not None:  # a test that cannot say what it checks never passes
            b = p.broken
            failure = Problem(b.path, b.line, b.col, "error", b.code, b.message)
            results.append(Result(p, Runtime(story).state, failure))
            continue
        spots = [p.where, p.chapter_where, *(s.where for s in p.steps)]
        spots.extend(e.where for e in p.expects)
        located = [bad[key] for key in [(w.path, w.line, w.col) for w in spots] if key in bad]
        if located:
            results.append(Result(p, Runtime(story).state, located[0]))
        else:
            results.append(run(story, p))
    return results


# -- coverage ----------------------------------------------------------------------------


class Part(TypedDict):
    """How many of one kind of thing the playthroughs touched."""

    covered: int
    total: int
    percent: float  # 100.0 when there are none to touch


class Coverage(TypedDict):
    """`cellseven test --coverage` (its `--json` prints this as it is)."""

    playthroughs: int
    passed: int
    scenes: Part
    choices: Part
    endings: Part
    verdicts: Part
    scenes_missed: dict[str, list[str]]  # by chapter id, in the story's order
    choices_missed: list[str]  # "scene/choice"
    endings_missed: list[str]
    verdicts_missed: list[str]


def coverage(story: Story, results: list[Result]) -> Coverage:
    """Which scenes, choices, endings and verdict tiers the playthroughs touch."""
    scenes: set[str] = set()
    choices: set[tuple[str, str]] = set()
    endings: set[str] = set()
    verdicts: set[str] = set()
    for result in results:
        state = result.state
        scenes.update(state.trail)
        for scene_id, choice_id in state.steps:
            if choice_id is not None:
                choices.add((scene_id, choice_id))
        if state.status == "ended" and state.ending:
            endings.add(state.ending)
        verdict = trial.verdict_of(state)
        if verdict is not None:
            verdicts.add(verdict)
    all_choices = [(s.id, c.id) for s in story.scenes.values() for c in s.choices]
    all_endings = sorted({s.end for s in story.scenes.values() if s.end})
    all_tiers = links.all_tiers(story)

    def part(done: int, total: int) -> Part:
        percent = 100.0 if total == 0 else round(100.0 * done / total, 1)
        return {"covered": done, "total": total, "percent": percent}

    missed_scenes: dict[str, list[str]] = {}
    for chapter_id in story.chapter_order:
        chapter = story.chapters[chapter_id]
        left = [s for s in chapter.scenes if s not in scenes]
        if left:
            missed_scenes[chapter_id] = left
    missed_choices = [f"{s}/{c}" for s, c in all_choices if (s, c) not in choices]
    return {
        "playthroughs": len(results),
        "passed": sum(r.ok for r in results),
        "scenes": part(len(scenes & set(story.scenes)), len(story.scenes)),
        "choices": part(sum((s, c) in choices for s, c in all_choices), len(all_choices)),
        "endings": part(len(endings & set(all_endings)), len(all_endings)),
        "verdicts": part(len(verdicts & set(all_tiers)), len(all_tiers)),
        "scenes_missed": missed_scenes,
        "choices_missed": missed_choices,
        "endings_missed": [e for e in all_endings if e not in endings],
        "verdicts_missed": [t for t in all_tiers if t not in verdicts],
    }
