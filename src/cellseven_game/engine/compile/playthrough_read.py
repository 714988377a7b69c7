"""Reading a pack's `playthroughs:` section and checking what it names (as warnings: a
stale test never stops the game). Running them is tools/playthroughs.
"""

from __future__ import annotations

from cellseven_game.engine.compile import spec
from cellseven_game.engine.compile.reader import Reader, near_miss, where
from cellseven_game.engine.compile.yamlnodes import Node, ScalarNode, SeqNode
from cellseven_game.engine.core import diagnostics, links
from cellseven_game.engine.core.errors import Problem
from cellseven_game.engine.core.frozen import frozen
from cellseven_game.engine.core.model import CONTINUE_STEP, NOWHERE, Story, Value, Where
from cellseven_game.engine.core.trial_model import Move

SECTION = "playthroughs"
CONTINUE = CONTINUE_STEP  # the step that takes a scene's Continue (its `next`)


@frozen
class Step:
    value: int | str  # an option number, a choice id, a trial move, or `continue`
    where: Where


@frozen
class Expect:
    """One thing the end state must hold: `kind` is reach, ending, verdict, variable, ..."""

    kind: str
    name: str
    value: Value
    where: Where


@frozen
class Playthrough:
    name: str
    steps: tuple[Step, ...]
    expects: tuple[Expect, ...]
    chapter: str | None = None
    chapter_where: Where = NOWHERE
    where: Where = NOWHERE
    through: bool = False  # play on past the chapter's edge into the rest of the story
    # The first mistake in how it is written (no `reach`/`ending`, a malformed step, an
    # unknown key): such a playthrough is never run, and always fails.
    broken: Problem | None = None


# -- reading ---------------------------------------------------------------------------


def read_section(r: Reader, node: Node) -> list[Playthrough]:
    """The playthroughs of one `playthroughs:` section; mistakes go to `r`."""
    out: list[Playthrough] = []
    for item in r.sequence(node, f"`{SECTION}`"):
        before = len(r.problems)
        m = r.mapping(item, "a playthrough")
        if m is None:
            continue
        f = r.section(m, "a playthrough", spec.PLAYTHROUGH)
        name = r.text(f["name"], "`name`") if "name" in f else None
        if name is None:
            continue
        chapter = r.ident(f["chapter"], "`chapter`") if "chapter" in f else None
        through = r.boolean(f["through"], "`through`") if "through" in f else False
        steps: list[Step] = []
        for step_node in r.sequence_at(f, "choices"):
            step = _step(r, step_node)
            if step is not None:
                steps.append(step)
        expects: list[Expect] = []
        for kind in ("reach", "ending", "verdict"):
            if kind in f:
                text = r.text(f[kind], f"`{kind}`")
                if text is not None:
                    expects.append(Expect(kind, text, text, where(f[kind])))
        if not any(e.kind in ("reach", "ending") for e in expects) and not any(
            k in m.refused for k in ("reach", "ending")
        ):
            r.say(m, diagnostics.PLAYTHROUGH_SHAPE, name=name)
        for key, value_node in r.items_at(f, "variables"):
            value = r.value(value_node, f"the expected value of `{key.text}`")
            if value is not None:
                expects.append(Expect("variable", str(key.value), value, where(key)))
        for kind in ("evidence", "met"):
            if kind in f:
                for ident, at in r.ident_list(f[kind], f"`{kind}`"):
                    expects.append(Expect(kind, ident, ident, where(at)))
        for kind in ("shows", "hides"):
            expects.extend(_sayings(r, f, kind))
        out.append(
            Playthrough(
                name=name,
                steps=tuple(steps),
                expects=tuple(expects),
                chapter=chapter,
                chapter_where=where(f["chapter"]) if "chapter" in f else where(m),
                where=where(m),
                through=through is True,
                broken=next(iter(r.problems[before:]), None),
            )
        )
    return out


def _sayings(r: Reader, f: dict[str, Node], kind: str) -> list[Expect]:
    """`shows:`/`hides:`: one text or a list; an empty one would assert nothing (CS401)."""
    if kind not in f:
        return []
    node = f[kind]
    items = r.sequence(node, f"`{kind}`") if isinstance(node, SeqNode) else [node]
    if isinstance(node, SeqNode) and not items:
        # `shows: []` would pass whatever the player reads: refused like an empty text.
        r.say(node, diagnostics.PLAYTHROUGH_SHAPE, "empty_saying", kind=kind)
    out: list[Expect] = []
    for item in items:
        text = r.text(item, f"`{kind}`")
        if text is None:
            continue
        if not text.strip():
            r.say(item, diagnostics.PLAYTHROUGH_SHAPE, "empty_saying", kind=kind)
            continue
        out.append(Expect(kind, text.strip(), text.strip(), where(item)))
    return out


def _step(r: Reader, node: Node) -> Step | None:
    if isinstance(node, ScalarNode):
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return Step(value, where(node))
        if isinstance(value, str) and value.strip():
            return Step(value.strip(), where(node))
    r.say(node, diagnostics.PLAYTHROUGH_SHAPE, "step", cont=CONTINUE)
    return None


# -- checking what they name -----------------------------------------------------------


def _known_steps(story: Story) -> set[str]:
    ids = {c.id for s in story.scenes.values() for c in s.choices}
    ids.add(CONTINUE)
    return ids


def _trial_move_problem(
    story: Story, move: str, parsed: Move
) -> tuple[str, dict[str, object]] | None:
    """What is wrong with a trial move such as `press:claim.statement` (the CS402 form and
    its fields), or None."""
    kind, claim_id, detail = parsed.kind, parsed.claim, parsed.target
    claims = {c.id: c for t in story.trials.values() for c in t.claims}
    if claim_id not in claims:
        return "move_claim", {"move": move, "claim": claim_id, "hint": near_miss(claim_id, claims)}
    claim = claims[claim_id]
    if kind in ("press", "object"):
        statements = [s.id for s in claim.statements]
        if detail not in statements:
            hint = near_miss(detail, statements)
            return "move_statement", {
                "move": move,
                "claim": claim_id,
                "statement": detail,
                "hint": hint,
            }
    elif kind == "present" and detail not in story.evidence:
        return "move_evidence", {"move": move, "evidence": detail}
    return None


def check(story: Story, playthroughs: list[Playthrough]) -> list[Problem]:
    """Playthroughs that name chapters, scenes, choices or evidence the story lacks."""
    r = Reader()
    steps = _known_steps(story)
    tiers = links.all_tiers(story)
    for p in playthroughs:
        if p.chapter is not None and p.chapter not in story.chapters:
            hint = near_miss(p.chapter, story.chapters)
            r.say(
                p.chapter_where,
                diagnostics.PLAYTHROUGH_NAMES_NOTHING,
                "chapter",
                name=p.name,
                chapter=p.chapter,
                hint=hint,
            )
        for step in p.steps:
            value = step.value
            if isinstance(value, int) or value in steps:
                continue
            move = Move.parse(value)
            if move is not None:
                problem = _trial_move_problem(story, value, move)
                if problem is not None:
                    r.say(
                        step.where, diagnostics.PLAYTHROUGH_NAMES_NOTHING, problem[0], **problem[1]
                    )
                continue
            r.say(
                step.where,
                diagnostics.PLAYTHROUGH_NAMES_NOTHING,
                ident=value,
                hint=near_miss(value, steps),
            )
        for e in p.expects:
            _check_expect(r, story, p, e, tiers)
    return r.problems


def _check_expect(r: Reader, story: Story, p: Playthrough, e: Expect, tiers: list[str]) -> None:
    if e.kind == "reach":
        if e.name not in story.scenes:
            r.say(
                e.where,
                diagnostics.PLAYTHROUGH_NAMES_NOTHING,
                "scene",
                scene=e.name,
                hint=near_miss(e.name, story.scenes),
            )
        elif (
            p.chapter in story.chapters
            and not p.through
            and story.scenes[e.name].chapter != p.chapter
        ):
            chapter = story.scenes[e.name].chapter
            r.say(
                e.where,
                diagnostics.PLAYTHROUGH_NAMES_NOTHING,
                "scene_outside",
                scene=e.name,
                chapter=chapter,
                replayed=p.chapter,
            )
    elif e.kind == "ending":
        endings = {s.end for s in story.scenes.values() if s.end} | set(story.chapters)
        if e.name not in endings:
            r.say(
                e.where,
                diagnostics.PLAYTHROUGH_NAMES_NOTHING,
                "ending",
                ending=e.name,
                hint=near_miss(e.name, endings),
            )
    elif e.kind == "verdict":
        if e.name not in tiers and not any(t.endswith("/" + e.name) for t in tiers):
            form = "tier" if tiers else "tier_no_trial"
            r.say(
                e.where,
                diagnostics.PLAYTHROUGH_NAMES_NOTHING,
                form,
                tier=e.name,
                tiers=", ".join(tiers),
            )
    elif e.kind == "variable":
        declared = story.variables.get(e.name)
        if declared is None:
            r.say(
                e.where,
                diagnostics.PLAYTHROUGH_NAMES_NOTHING,
                "variable",
                name=e.name,
                hint=near_miss(e.name, story.variables),
            )
        elif _kind(declared) != _kind(e.value):
            kind = _kind(declared)
            r.say(
                e.where,
                diagnostics.PLAYTHROUGH_NAMES_NOTHING,
                "variable_kind",
                name=e.name,
                kind=kind,
                value=e.value,
            )
    elif e.kind == "evidence" and e.name not in story.evidence:
        r.say(
            e.where,
            diagnostics.PLAYTHROUGH_NAMES_NOTHING,
            "evidence",
            ident=e.name,
            hint=near_miss(e.name, story.evidence),
        )
    elif e.kind == "met" and e.name not in story.characters:
        hint = near_miss(e.name, story.characters)
        r.say(e.where, diagnostics.PLAYTHROUGH_NAMES_NOTHING, "met", ident=e.name, hint=hint)


def _kind(value: Value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    return "text"


def check_section(story: Story, nodes: list[Node]) -> list[Problem]:
    """For the loader: every problem of the pack's playthroughs, as warnings.

    A stale story test must not stop the game from loading; `validate --strict` and
    `cellseven test` still fail on it.
    """
    r = Reader()
    found: list[Playthrough] = []
    for node in nodes:
        found.extend(read_section(r, node))
    problems = [*r.problems, *check(story, found)]
    return [
        Problem(p.path, p.line, p.col, "warning", p.code, p.message)
        for p in problems
        if p.severity == "error"
    ] + [p for p in problems if p.severity == "warning"]
