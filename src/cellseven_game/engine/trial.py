"""The mock trial: claims, statements, press and present, credibility, and the verdict.

A scene with `trial: ID` hands play to a small machine while the story stays on that
scene. The machine keeps its progress in `state.extra["trial"]` as plain JSON data, and
every step it takes is recorded in `state.steps` like a choice, with a stable id:

    press:CLAIM.STATEMENT    hear more from the witness about one statement
    object:CLAIM.STATEMENT   open the court record against one statement
    present:CLAIM.EVIDENCE   show an item or testimony against that statement
    back:CLAIM               close the court record without showing anything
    rest:CLAIM               let the claim stand and move on

so saves, undo (which replays steps) and `explore` (which keys states by `extra`) need
nothing special. The verdict is data: tiers tried in order, the first whose rule holds wins.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from cellseven_game.engine import conditions
from cellseven_game.engine.errors import Problem
from cellseven_game.engine.model import (
    NOWHERE,
    AddEvidence,
    AddVar,
    Chapter,
    Choice,
    Effect,
    Line,
    Scene,
    SetVar,
    Story,
    Value,
    Where,
)
from cellseven_game.engine.reader import Reader, near_miss, where
from cellseven_game.engine.yamlnodes import Node, ScalarNode

if TYPE_CHECKING:
    from cellseven_game.engine.runtime import Option, Runtime

KEY = "trial"  # the key of the machine's data in state.extra
TRIAL_KEYS = ("title", "judge", "credibility", "penalty", "wrong", "claims", "verdict")
CLAIM_KEYS = ("id", "title", "witness", "lines", "statements", "refuted")
STATEMENT_KEYS = ("id", "text", "hidden", "press", "refuted_by", "wrong")
PRESS_KEYS = ("lines", "do", "unlocks")
OUTCOME_KEYS = ("lines", "do", "scene")
TIER_KEYS = ("id", "title", "ruling", "refuted", "if", "goto", "missed")
# Names a verdict rule may read besides the story's variables.
RULE_NAMES = ("refuted", "credibility", "claims")
MAX_CREDIBILITY = 99


# -- the model --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Press:
    lines: tuple[Line, ...] = ()
    effects: tuple[Effect, ...] = ()
    unlocks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Statement:
    id: str
    text: str
    hidden: bool = False  # shown only once a press unlocks it
    press: Press | None = None
    refuted_by: tuple[str, ...] = ()  # evidence that contradicts it
    refuted_where: tuple[Where, ...] = ()  # where each of those ids was written
    wrong: tuple[Line, ...] = ()  # said when something else is presented against it
    where: Where = NOWHERE


@dataclass(frozen=True, slots=True)
class Outcome:
    """What follows a right presentation."""

    lines: tuple[Line, ...] = ()
    effects: tuple[Effect, ...] = ()
    scene: str | None = None  # a scene of text to go through; it leads back to the trial


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    title: str
    witness: str | None = None
    lines: tuple[Line, ...] = ()
    statements: tuple[Statement, ...] = ()
    refuted: Outcome = Outcome()
    where: Where = NOWHERE

    def statement(self, statement_id: str) -> Statement | None:
        return next((s for s in self.statements if s.id == statement_id), None)

    def unlocked_by(self) -> dict[str, str]:
        """Hidden statement id -> the statement whose press unlocks it."""
        out: dict[str, str] = {}
        for s in self.statements:
            if s.press is not None:
                for target in s.press.unlocks:
                    out.setdefault(target, s.id)
        return out


@dataclass(frozen=True, slots=True)
class Tier:
    id: str
    title: str
    goto: str
    ruling: str = ""
    refuted: tuple[str, ...] | Literal["all"] = ()
    condition: str | None = None
    missed: bool = False  # list what the player missed, and where to find it
    where: Where = NOWHERE


@dataclass(frozen=True, slots=True)
class Trial:
    id: str
    title: str
    credibility: int
    penalty: int = 1
    judge: str | None = None
    wrong: tuple[Line, ...] = ()
    claims: tuple[Claim, ...] = ()
    verdict: tuple[Tier, ...] = ()
    where: Where = NOWHERE

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)

    def tier(self, tier_id: str) -> Tier | None:
        return next((t for t in self.verdict if t.id == tier_id), None)

    def evidence_used(self) -> list[tuple[str, Where, Claim]]:
        return [
            (ident, at, claim)
            for claim in self.claims
            for s in claim.statements
            for ident, at in zip(s.refuted_by, s.refuted_where, strict=True)
        ]


# -- reading ----------------------------------------------------------------------------


class _Refs(Protocol):
    scenes: list[tuple[str, Where, str]]
    characters: list[tuple[str, Where, str]]
    evidence: list[tuple[str, Where, str]]


class Builder(Protocol):
    """The loader's builder, as far as reading trials needs it."""

    @property
    def r(self) -> Reader: ...
    @property
    def refs(self) -> _Refs: ...

    def unique(self, kind: str, key: ScalarNode) -> str | None: ...
    def effects(self, node: Node) -> tuple[Effect, ...]: ...
    def lines(self, f: dict[str, Node], key: str = "lines") -> tuple[Line, ...]: ...
    def named(
        self, f: dict[str, Node], key: str, refs: list[tuple[str, Where, str]], what: str = ""
    ) -> str | None: ...
    def parsed_condition(self, node: Node, own_names: Collection[str] = ()) -> str | None: ...


class _TrialReader:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.r = b.r

    def count(self, f: dict[str, Node], key: str, default: int) -> int:
        if key not in f:
            return default
        node = f[key]
        value = self.r.number(node, f"`{key}`")
        if value is None:
            return default
        if not isinstance(value, int) or not 1 <= value <= MAX_CREDIBILITY:
            self.r.report(node, "CS301", f"`{key}` must be a whole number from 1 to 99")
            return default
        return value

    def trial(self, key: ScalarNode, node: Node) -> Trial | None:
        ident = self.b.unique("trial", key)
        m = self.r.mapping(node, f"trial `{key.text}`")
        if ident is None or m is None:
            return None
        what = f"trial `{ident}`"
        f = self.r.fields(m, what, TRIAL_KEYS, ("title", "credibility", "claims", "verdict"))
        claims: list[Claim] = []
        for item in self.r.sequence_at(f, "claims"):
            claim = self.claim(item, {c.id for c in claims})
            if claim is not None:
                claims.append(claim)
        if "claims" in f and not claims and not any(p.severity == "error" for p in self.r.problems):
            self.r.report(f["claims"], "CS302", f"{what} needs at least one claim")
        known = {c.id for c in claims}
        tiers: list[Tier] = []
        for item in self.r.sequence_at(f, "verdict"):
            tier = self.tier(item, known, {t.id for t in tiers})
            if tier is not None:
                tiers.append(tier)
        if tiers:
            last = tiers[-1]
            if last.condition is not None or last.refuted:
                self.r.report(
                    Where(last.where.path, last.where.line, last.where.col),
                    "CS303",
                    f"the last verdict tier `{last.id}` must have no `if` and no `refuted`: "
                    "it is what the court rules when nothing above holds",
                )
        elif "verdict" in f:
            self.r.report(f["verdict"], "CS303", f"{what} needs at least one verdict tier")
        return Trial(
            id=ident,
            title=self.r.text_at(f, "title") or ident,
            credibility=self.count(f, "credibility", 5),
            penalty=self.count(f, "penalty", 1),
            judge=self.b.named(f, "judge", self.b.refs.characters),
            wrong=self.b.lines(f, "wrong"),
            claims=tuple(claims),
            verdict=tuple(tiers),
            where=where(key),
        )

    def item_id(self, f: dict[str, Node], what: str, taken: set[str], node: Node) -> str | None:
        if "id" not in f:
            return None
        ident = self.r.ident(f["id"], f"{what} id")
        if ident is not None and ident in taken:
            self.r.report(f["id"], "CS007", f"{what} `{ident}` is defined twice; rename one")
            return None
        return ident

    def claim(self, node: Node, taken: set[str]) -> Claim | None:
        m = self.r.mapping(node, "a claim")
        if m is None:
            return None
        f = self.r.fields(m, "a claim", CLAIM_KEYS, ("id", "title", "statements"))
        ident = self.item_id(f, "claim", taken, m)
        if ident is None:
            return None
        statements: list[Statement] = []
        for item in self.r.sequence_at(f, "statements"):
            statement = self.statement(item, {s.id for s in statements})
            if statement is not None:
                statements.append(statement)
        ids = [s.id for s in statements]
        for s in statements:
            if s.press is None:
                continue
            for target in s.press.unlocks:
                if target not in ids:
                    self.r.report(
                        s.where,
                        "CS304",
                        f"`unlocks: {target}` names no statement of claim `{ident}`"
                        f"{near_miss(target, ids)}",
                    )
        claim = Claim(
            id=ident,
            title=self.r.text_at(f, "title") or ident,
            witness=self.b.named(f, "witness", self.b.refs.characters),
            lines=self.b.lines(f),
            statements=tuple(statements),
            refuted=self.outcome(f["refuted"]) if "refuted" in f else Outcome(),
            where=where(m),
        )
        unlocked = claim.unlocked_by()
        for s in statements:
            if s.hidden and s.id not in unlocked:
                self.r.report(
                    s.where,
                    "CS304",
                    f"statement `{s.id}` is hidden and no press unlocks it; add "
                    f"`unlocks: [{s.id}]` to another statement's `press`, or drop `hidden`",
                )
        return claim

    def statement(self, node: Node, taken: set[str]) -> Statement | None:
        m = self.r.mapping(node, "a statement")
        if m is None:
            return None
        f = self.r.fields(m, "a statement", STATEMENT_KEYS, ("id", "text"))
        ident = self.item_id(f, "statement", taken, m)
        if ident is None:
            return None
        hidden = self.r.boolean(f["hidden"], "`hidden`") if "hidden" in f else False
        refuted: list[tuple[str, Where]] = []
        if "refuted_by" in f:
            for ev, item in self.r.ident_list(f["refuted_by"], "evidence id"):
                self.b.refs.evidence.append((ev, where(item), "`refuted_by`"))
                refuted.append((ev, where(item)))
        return Statement(
            id=ident,
            text=self.r.text_at(f, "text") or "",
            hidden=hidden is True,
            press=self.press(f["press"]) if "press" in f else None,
            refuted_by=tuple(ev for ev, _ in refuted),
            refuted_where=tuple(at for _, at in refuted),
            wrong=self.b.lines(f, "wrong"),
            where=where(m),
        )

    def press(self, node: Node) -> Press | None:
        m = self.r.mapping(node, "`press`")
        if m is None:
            return None
        f = self.r.fields(m, "`press`", PRESS_KEYS)
        unlocks = (
            tuple(i for i, _ in self.r.ident_list(f["unlocks"], "statement id"))
            if ("unlocks" in f)
            else ()
        )
        return Press(
            lines=self.b.lines(f),
            effects=self.b.effects(f["do"]) if "do" in f else (),
            unlocks=unlocks,
        )

    def outcome(self, node: Node) -> Outcome:
        m = self.r.mapping(node, "`refuted`")
        if m is None:
            return Outcome()
        f = self.r.fields(m, "`refuted`", OUTCOME_KEYS)
        scene = self.b.named(f, "scene", self.b.refs.scenes, "`refuted.scene`")
        return Outcome(
            lines=self.b.lines(f),
            effects=self.b.effects(f["do"]) if "do" in f else (),
            scene=scene,
        )

    def tier(self, node: Node, claims: set[str], taken: set[str]) -> Tier | None:
        m = self.r.mapping(node, "a verdict tier")
        if m is None:
            return None
        f = self.r.fields(m, "a verdict tier", TIER_KEYS, ("id", "title", "goto"))
        ident = self.item_id(f, "verdict tier", taken, m)
        goto = self.b.named(f, "goto", self.b.refs.scenes)
        refuted: tuple[str, ...] | Literal["all"] = ()
        if "refuted" in f:
            node_r = f["refuted"]
            if isinstance(node_r, ScalarNode) and node_r.value == "all":
                refuted = "all"
            else:
                names: list[str] = []
                for claim, item in self.r.ident_list(node_r, "claim id"):
                    if claim not in claims:
                        self.r.report(
                            item,
                            "CS305",
                            f"`refuted` names the unknown claim `{claim}`"
                            f"{near_miss(claim, claims)}; write claim ids, or `all`",
                        )
                    else:
                        names.append(claim)
                refuted = tuple(names)
        condition = self.b.parsed_condition(f["if"], RULE_NAMES) if "if" in f else None
        missed = self.r.boolean(f["missed"], "`missed`") if "missed" in f else False
        if ident is None or goto is None:
            return None
        return Tier(
            id=ident,
            title=self.r.text_at(f, "title") or ident,
            goto=goto,
            ruling=self.r.text_at(f, "ruling") or "",
            refuted=refuted,
            condition=condition,
            missed=missed is True,
            where=where(m),
        )


def read(builder: Builder, nodes: Iterable[tuple[str, ScalarNode, Node]]) -> dict[str, Trial]:
    """Build every trial from the raw `trials:` entries the loader collected."""
    reader = _TrialReader(builder)
    out: dict[str, Trial] = {}
    for _, key, node in nodes:
        trial = reader.trial(key, node)
        if trial is not None:
            out[trial.id] = trial
    return out


# -- checks on the whole pack -----------------------------------------------------------


def _granted(scene: Scene) -> Iterable[str]:
    for effect in scene.effects:
        if isinstance(effect, AddEvidence):
            yield effect.evidence
    for choice in scene.choices:
        for effect in choice.effects:
            if isinstance(effect, AddEvidence):
                yield effect.evidence


def granting_chapters(scenes: Mapping[str, Scene], order: Iterable[str]) -> dict[str, list[str]]:
    """Evidence id -> the chapters (in story order) with a scene or choice granting it."""
    rank = {c: i for i, c in enumerate(order)}
    out: dict[str, list[str]] = {}
    for scene in scenes.values():
        for ev in _granted(scene):
            found = out.setdefault(ev, [])
            if scene.chapter not in found:
                found.append(scene.chapter)
    for chapters in out.values():
        chapters.sort(key=lambda c: rank.get(c, len(rank)))
    return out


def _best_variables(
    story_vars: Mapping[str, Value], scenes: Mapping[str, Scene], chapters: Mapping[str, Chapter]
) -> dict[str, Value]:
    """Every variable at the best value the story can give it: flags set, numbers at most."""
    best = dict(story_vars)
    adds: dict[str, float] = {}
    effects: list[Effect] = []
    for scene in scenes.values():
        effects.extend(scene.effects)
        for choice in scene.choices:
            effects.extend(choice.effects)
    for chapter in chapters.values():
        effects.extend(SetVar(n, v) for n, v in chapter.entry.variables)
    for effect in effects:
        if isinstance(effect, SetVar):
            current = best.get(effect.name)
            if isinstance(effect.value, bool):
                best[effect.name] = bool(current) or effect.value
            elif isinstance(effect.value, int | float) and isinstance(current, int | float):
                best[effect.name] = max(current, effect.value)
        elif isinstance(effect, AddVar) and effect.amount > 0:
            adds[effect.name] = adds.get(effect.name, 0) + effect.amount
    for name, amount in adds.items():
        current = best.get(name)
        if isinstance(current, int | float) and not isinstance(current, bool):
            best[name] = current + amount
    return best


def check(
    trials: Mapping[str, Trial],
    scenes: Mapping[str, Scene],
    chapters: Mapping[str, Chapter],
    order: list[str],
    variables: Mapping[str, Value],
) -> list[Problem]:
    """The checks that need the whole pack: who runs each trial, and can it be won."""
    r = Reader()
    for name in RULE_NAMES:
        if name in variables:
            r.report(
                NOWHERE,
                "CS306",
                f"the story declares a variable `{name}`, a name verdict rules use for the "
                "trial; rename the variable",
            )
    runners: dict[str, list[Scene]] = {}
    for scene in scenes.values():
        if scene.trial is not None:
            runners.setdefault(scene.trial, []).append(scene)
    rank = {c: i for i, c in enumerate(order)}
    granted = granting_chapters(scenes, order)
    for trial in trials.values():
        run_by = runners.get(trial.id, [])
        if not run_by:
            r.report(
                trial.where,
                "CS307",
                f"no scene runs trial `{trial.id}`; give a scene `trial: {trial.id}`",
                "warning",
            )
            continue
        trial_scenes = {s.id for s in run_by}
        first = min(run_by, key=lambda s: rank.get(s.chapter, len(rank)))
        here = rank.get(first.chapter, len(rank))
        pressed_grants = {
            e.evidence
            for c in trial.claims
            for s in c.statements
            if s.press is not None
            for e in s.press.effects
            if isinstance(e, AddEvidence)
        }
        for ev, at, claim in trial.evidence_used():
            before = [c for c in granted.get(ev, []) if rank.get(c, len(rank)) < here]
            if not before and ev not in pressed_grants:
                later = granted.get(ev, [])
                where_else = (
                    f"only chapter `{later[0]}` grants it, which comes after `{first.chapter}`"
                    if later
                    else "no scene or choice grants it"
                )
                r.report(
                    at,
                    "CS308",
                    f"claim `{claim.id}` needs evidence `{ev}`, but no chapter before "
                    f"`{first.chapter}` can grant it ({where_else}); add `- evidence: {ev}` "
                    "to a choice in an earlier chapter",
                )
        for claim in trial.claims:
            if not _refutable(claim):
                r.report(
                    claim.where,
                    "CS309",
                    f"claim `{claim.id}` can never be refuted: no statement a player can see "
                    "has `refuted_by`; add `refuted_by: [EVIDENCE]` to one",
                )
            scene_id = claim.refuted.scene
            if (
                scene_id is not None
                and scene_id in scenes
                and not _leads_back(scenes, scene_id, trial_scenes)
            ):
                r.report(
                    claim.where,
                    "CS310",
                    f"`refuted.scene: {scene_id}` never leads back to the trial; end it "
                    f"with `next: {first.id}`",
                )
        for tier in trial.verdict:
            if tier.goto in trial_scenes:
                r.report(
                    tier.where,
                    "CS310",
                    f"verdict tier `{tier.id}` leads back into the trial scene; "
                    "lead it to the scene after the verdict",
                )
        if trial.verdict and all(_refutable(c) for c in trial.claims):
            top = trial.verdict[0]
            everything = {ev for ev, _, _ in trial.evidence_used()}
            view = _View(
                variables={
                    **_best_variables(variables, scenes, chapters),
                    "refuted": len(trial.claims),
                    "credibility": trial.credibility,
                    "claims": len(trial.claims),
                },
                evidence=everything | set(granted),
            )
            if not conditions.holds(top.condition, view):  # type: ignore[arg-type]
                r.report(
                    top.where,
                    "CS311",
                    f"trial `{trial.id}` cannot be won: its first tier `{top.id}` does not hold "
                    f"even with every claim refuted, full credibility and every flag set "
                    f"(`if: {top.condition}`); loosen the rule",
                )
    return r.problems


def _refutable(claim: Claim) -> bool:
    unlocked = claim.unlocked_by()
    visible = {s.id for s in claim.statements if not s.hidden}
    changed = True
    while changed:  # statements unlocked by presses of statements already visible
        changed = False
        for target, source in unlocked.items():
            if source in visible and target not in visible:
                visible.add(target)
                changed = True
    return any(s.refuted_by for s in claim.statements if s.id in visible)


def _leads_back(scenes: Mapping[str, Scene], start: str, targets: set[str]) -> bool:
    seen: set[str] = set()
    todo = [start]
    while todo:
        scene_id = todo.pop()
        if scene_id in targets:
            return True
        if scene_id in seen or scene_id not in scenes:
            continue
        seen.add(scene_id)
        scene = scenes[scene_id]
        todo.extend(c.goto for c in scene.choices)
        if scene.next is not None:
            todo.append(scene.next)
    return False


# -- playing ----------------------------------------------------------------------------


@dataclass
class _View:
    """What a verdict rule reads: the story state plus the trial's own numbers."""

    variables: dict[str, Value]
    evidence: set[str] | Mapping[str, object] = field(default_factory=set)
    met: set[str] | Mapping[str, object] = field(default_factory=set)
    facts: set[str] | Mapping[str, object] = field(default_factory=set)
    visits: Mapping[str, int] = field(default_factory=dict)


def fresh(trial: Trial) -> dict[str, Any]:
    """The machine's data at the start of a trial."""
    return {
        "id": trial.id,
        "claim": 0,
        "credibility": trial.credibility,
        "pressed": [],
        "objecting": None,
        "refuted": [],
        "verdict": None,
    }


@dataclass(frozen=True, slots=True)
class Event:
    """What the last step did, for screens and transcripts."""

    kind: Literal["press", "right", "wrong", "rest", "object", "back", "none"]
    claim: Claim | None = None
    statement: Statement | None = None
    evidence: str | None = None
    lines: tuple[Line, ...] = ()


class Machine:
    """The trial run by the runtime's current scene."""

    def __init__(self, trial: Trial, scene_id: str) -> None:
        self.trial = trial
        self.scene_id = scene_id

    # -- reading the state --

    def data(self, runtime: Runtime) -> dict[str, Any]:
        data = runtime.state.extra.get(KEY)
        if not self.well_formed(data):
            data = fresh(self.trial)  # a damaged or foreign save: start the trial again
            runtime.state.extra[KEY] = data
        assert isinstance(data, dict)
        return data

    def well_formed(self, data: object) -> bool:
        """Whether saved trial data has the shape this machine writes (saves are untrusted)."""
        if not isinstance(data, dict) or data.get("id") != self.trial.id:
            return False
        claim, credibility = data.get("claim"), data.get("credibility")

        def strings(value: object) -> bool:
            return isinstance(value, list) and all(isinstance(v, str) for v in value)

        return (
            type(claim) is int
            and 0 <= claim <= len(self.trial.claims)
            and type(credibility) is int
            and 0 <= credibility <= self.trial.credibility
            and strings(data.get("pressed"))
            and strings(data.get("refuted"))
            and (data.get("objecting") is None or isinstance(data.get("objecting"), str))
            and (data.get("verdict") is None or isinstance(data.get("verdict"), str))
        )

    def claim(self, runtime: Runtime) -> Claim | None:
        index = self.data(runtime)["claim"]
        claims = self.trial.claims
        return claims[index] if isinstance(index, int) and 0 <= index < len(claims) else None

    def visible(self, runtime: Runtime) -> list[Statement]:
        """The current claim's statements the player can see, in order."""
        claim = self.claim(runtime)
        if claim is None:
            return []
        pressed = set(self.data(runtime)["pressed"])
        opened: set[str] = set()
        for s in claim.statements:
            if s.id in pressed and s.press is not None:
                opened.update(s.press.unlocks)
        return [s for s in claim.statements if not s.hidden or s.id in opened]

    def pressed(self, runtime: Runtime) -> set[str]:
        return set(self.data(runtime)["pressed"])

    def objecting(self, runtime: Runtime) -> Statement | None:
        target = self.data(runtime)["objecting"]
        claim = self.claim(runtime)
        return claim.statement(target) if claim is not None and isinstance(target, str) else None

    def credibility(self, runtime: Runtime) -> int:
        value = self.data(runtime)["credibility"]
        return value if isinstance(value, int) else 0

    # -- the runtime's hooks --

    def begin(self, runtime: Runtime) -> None:
        """Entering the trial scene: start, resume after a scene of text, or rule."""
        data = runtime.state.extra.get(KEY)
        if not self.well_formed(data) or not isinstance(data, dict) or data.get("verdict"):
            runtime.state.extra[KEY] = fresh(self.trial)
        elif self.claim(runtime) is None or self.credibility(runtime) <= 0:
            self.rule(runtime)

    def options(self, runtime: Runtime) -> list[Option]:
        from cellseven_game.engine.runtime import Option

        claim = self.claim(runtime)
        if claim is None:
            return []
        labels: list[tuple[str, str]] = []
        target = self.objecting(runtime)
        if target is not None:
            for ev in runtime.state.evidence:
                found = runtime.story.evidence.get(ev)
                labels.append(
                    (f"present:{claim.id}.{ev}", f"Present: {found.name if found else ev}")
                )
            labels.append((f"back:{claim.id}", "Put the court record away"))
        else:
            pressed = self.pressed(runtime)
            shown = self.visible(runtime)
            for s in shown:
                if s.id not in pressed:
                    labels.append((f"press:{claim.id}.{s.id}", f"Press: “{s.text}”"))
            for s in shown:
                labels.append(
                    (f"object:{claim.id}.{s.id}", f"Present evidence against: “{s.text}”")
                )
            labels.append((f"rest:{claim.id}", "Let the claim stand and move on"))
        return [
            Option(n, label, Choice(id=step, label=label, goto=self.scene_id, once=False))
            for n, (step, label) in enumerate(labels, start=1)
        ]

    def take(self, runtime: Runtime, option: Option) -> None:
        assert option.choice is not None
        step = option.choice.id
        runtime.state.steps.append((self.scene_id, step))
        kind, _, rest = step.partition(":")
        data = self.data(runtime)
        claim = self.claim(runtime)
        assert claim is not None
        if kind == "press":
            statement = claim.statement(rest.partition(".")[2])
            assert statement is not None
            data["pressed"] = sorted({*data["pressed"], statement.id})  # one order, one state
            if statement.press is not None:
                runtime.apply(statement.press.effects)
        elif kind == "object":
            data["objecting"] = rest.partition(".")[2]
        elif kind == "back":
            data["objecting"] = None
        elif kind == "present":
            statement = self.objecting(runtime)
            evidence = rest.partition(".")[2]
            data["objecting"] = None
            if statement is not None and evidence in statement.refuted_by:
                data["refuted"] = [*data["refuted"], claim.id]
                runtime.apply(claim.refuted.effects)
                self.advance(runtime)
                if claim.refuted.scene is not None:
                    runtime.go(claim.refuted.scene)
                    return
            else:
                data["credibility"] = max(0, self.credibility(runtime) - self.trial.penalty)
        elif kind == "rest":
            self.advance(runtime)
        if self.claim(runtime) is None or self.credibility(runtime) <= 0:
            self.rule(runtime)

    def advance(self, runtime: Runtime) -> None:
        data = self.data(runtime)
        data["claim"] = data["claim"] + 1
        data["pressed"] = []
        data["objecting"] = None

    def rule(self, runtime: Runtime) -> None:
        """The court rules now: pick the tier and leave the trial scene for its scene."""
        tier = decide(self.trial, runtime)
        data = self.data(runtime)
        # Keep only what the verdict and its summary need, so later states stay few.
        runtime.state.extra[KEY] = {
            "id": self.trial.id,
            "refuted": list(data["refuted"]),
            "credibility": self.credibility(runtime),
            "verdict": tier.id,
        }
        runtime.go(tier.goto)


def _rule_view(trial: Trial, runtime: Runtime, refuted: list[str], credibility: int) -> _View:
    state = runtime.state
    variables: dict[str, Value] = dict(state.variables)
    variables.update(refuted=len(refuted), credibility=credibility, claims=len(trial.claims))
    return _View(variables, state.evidence, state.met, state.facts, state.visits)


def tier_holds(trial: Trial, tier: Tier, refuted: list[str], view: _View) -> bool:
    needed = [c.id for c in trial.claims] if tier.refuted == "all" else list(tier.refuted)
    if not all(c in refuted for c in needed):
        return False
    return conditions.holds(tier.condition, view)  # type: ignore[arg-type]


def decide(trial: Trial, runtime: Runtime) -> Tier:
    """The first tier whose rule holds now (the last tier always does)."""
    data = runtime.state.extra.get(KEY) or {}
    refuted = _refuted(data)
    credibility = data.get("credibility", 0)
    view = _rule_view(trial, runtime, refuted, credibility if isinstance(credibility, int) else 0)
    for tier in trial.verdict:
        if tier_holds(trial, tier, refuted, view):
            return tier
    return trial.verdict[-1]


# -- what the engine asks of this module --------------------------------------------------


def machine_for(runtime: Runtime) -> Machine | None:
    """The trial machine for the runtime's current scene, or None."""
    trial_id = runtime.scene.trial
    trials = runtime.story.trials
    found = trials.get(trial_id) if trial_id is not None else None
    return Machine(found, runtime.state.scene) if isinstance(found, Trial) else None


def targets(story: Story, trial_id: str) -> list[str]:
    """Scenes a trial can lead to: its tiers' scenes and the scenes after refutations."""
    found = story.trials.get(trial_id)
    if not isinstance(found, Trial):
        return []
    out = [t.goto for t in found.verdict]
    out.extend(c.refuted.scene for c in found.claims if c.refuted.scene is not None)
    return out


def variables_read(story: Story) -> set[str]:
    """Variables the trials' verdict rules read."""
    out: set[str] = set()
    for found in story.trials.values():
        if isinstance(found, Trial):
            for tier in found.verdict:
                if tier.condition is not None:
                    out |= conditions.parse(tier.condition)[1].variables - set(RULE_NAMES)
    return out


def all_tiers(story: Story) -> list[str]:
    """Every verdict tier of every trial, as `trial_id/tier_id`."""
    return [
        f"{t.id}/{tier.id}"
        for t in story.trials.values()
        if isinstance(t, Trial)
        for tier in t.verdict
    ]


def _id(data: object) -> str:
    """The trial id of saved trial data ('' when there is none or it is damaged)."""
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, str) else ""


def _refuted(data: object) -> list[str]:
    """The refuted claim ids of saved trial data, ignoring anything damaged."""
    found = data.get("refuted") if isinstance(data, dict) else None
    return [c for c in found if isinstance(c, str)] if isinstance(found, list) else []


def verdict_of(state: Any) -> str | None:
    """The verdict tier a state's trial reached, if any (`trial_id/tier_id`)."""
    extra = getattr(state, "extra", None)
    data = extra.get(KEY) if isinstance(extra, dict) else None
    if isinstance(data, dict) and isinstance(data.get("verdict"), str):
        return f"{data.get('id')}/{data['verdict']}"
    return None


# -- for screens and transcripts ----------------------------------------------------------


def last_event(runtime: Runtime) -> Event:
    """What the last recorded trial step did (derived from the steps, never stored)."""
    steps = runtime.state.steps
    data = runtime.state.extra.get(KEY)
    if not steps or not isinstance(data, dict):
        return Event("none")
    scene_id, step = steps[-1]
    trial = runtime.story.trials.get(runtime.story.scenes[scene_id].trial or "")
    if not isinstance(trial, Trial) or step is None or ":" not in step:
        return Event("none")
    kind, _, rest = step.partition(":")
    claim_id, _, item = rest.partition(".")
    claim = trial.claim(claim_id)
    if claim is None:
        return Event("none")
    if kind == "press":
        s = claim.statement(item)
        lines = s.press.lines if s is not None and s.press is not None else ()
        if not lines and claim.witness:
            lines = (Line(claim.witness, "I have told the court what I know."),)
        return Event("press", claim, s, None, lines)
    if kind == "present":
        against = _objected_before(steps, claim_id)
        s = claim.statement(against) if against else None
        if claim.id in _refuted(data) and _refuting_step(steps, claim.id) == step:
            return Event("right", claim, s, item, claim.refuted.lines)
        lines = (s.wrong if s is not None and s.wrong else ()) or trial.wrong
        return Event("wrong", claim, s, item, lines)
    if kind == "object":
        return Event("object", claim, claim.statement(item))
    if kind in ("back", "rest"):
        return Event(kind, claim)  # type: ignore[arg-type]
    return Event("none")


def _objected_before(steps: list[tuple[str, str | None]], claim_id: str) -> str | None:
    for _, step in reversed(steps[:-1]):
        if step is not None and step.startswith(f"object:{claim_id}."):
            return step.partition(".")[2]
    return None


def _refuting_step(steps: list[tuple[str, str | None]], claim_id: str) -> str | None:
    """The last `present` step against a claim: for a refuted claim, the one that did it."""
    for _, step in reversed(steps):
        if step is not None and step.startswith(f"present:{claim_id}."):
            return step
    return None


@dataclass(frozen=True, slots=True)
class ClaimResult:
    claim: Claim
    refuted: bool
    evidence: str | None  # what refuted it, when known
    answers: tuple[tuple[str, bool, tuple[str, ...]], ...]  # evidence, held, chapters granting it


def summary(story: Story, state: Any) -> list[ClaimResult]:
    """Each claim of the state's trial: refuted (and by what) or stood, and what answers it."""
    data = state.extra.get(KEY) if isinstance(state.extra, dict) else None
    trial = story.trials.get(_id(data))
    if not isinstance(trial, Trial) or not isinstance(data, dict):
        return []
    granted = granting_chapters(story.scenes, story.chapter_order)
    out: list[ClaimResult] = []
    for claim in trial.claims:
        refuted = claim.id in _refuted(data)
        step = _refuting_step(list(state.steps), claim.id) if refuted else None
        evidence = step.partition(".")[2] if step else None
        answers: list[tuple[str, bool, tuple[str, ...]]] = []
        for s in claim.statements:
            for ev in s.refuted_by:
                if ev not in [a[0] for a in answers]:
                    answers.append((ev, ev in state.evidence, tuple(granted.get(ev, []))))
        out.append(ClaimResult(claim, refuted, evidence, tuple(answers)))
    return out


def current(story: Story, state: Any) -> tuple[Trial, Tier] | None:
    """The trial and the tier the court ruled, once it has ruled."""
    data = state.extra.get(KEY) if isinstance(state.extra, dict) else None
    if not isinstance(data, dict):
        return None
    trial = story.trials.get(_id(data))
    if not isinstance(trial, Trial) or not isinstance(data.get("verdict"), str):
        return None
    tier = trial.tier(data["verdict"])
    return (trial, tier) if tier is not None else None


def missed_lines(story: Story, state: Any) -> list[str]:
    """For each claim that stood: what would have answered it, and which memory holds it."""
    out: list[str] = []
    found = current(story, state)
    for result in summary(story, state):
        if result.refuted:
            continue
        parts = []
        for ev, held, chapters in result.answers:
            name = story.evidence[ev].name if ev in story.evidence else ev
            titles = " or ".join(
                f"“{story.chapters[c].title}” (`{c}`)" for c in chapters if c in story.chapters
            )
            if held:
                source = f", from the memory {titles}" if titles else ""
                parts.append(f"{name} (in your court record{source})")
            elif titles:
                parts.append(f"{name} (not found yet: it is in the memory {titles})")
            else:
                parts.append(name)
        hidden = found is not None and any(
            s.hidden and s.refuted_by for s in result.claim.statements
        )
        press = " Some of it shows only after you press the witness." if hidden else ""
        out.append(
            f"“{result.claim.title}” stood. What answers it: " + "; ".join(parts) + "." + press
        )
    return out


def verdict_lines(story: Story, state: Any) -> list[str]:
    """The ruling and a claim-by-claim summary, as plain lines."""
    found = current(story, state)
    if found is None:
        return []
    _, tier = found
    out = [f"Verdict: {tier.title}"]
    if tier.ruling:
        out.append(tier.ruling.strip())
    for result in summary(story, state):
        if result.refuted:
            by = story.evidence[result.evidence].name if result.evidence in story.evidence else ""
            out.append(f"  refuted: {result.claim.title}" + (f" (by {by})" if by else ""))
        else:
            out.append(f"  stood:   {result.claim.title}")
    if tier.missed:
        out.extend(missed_lines(story, state))
    return out


def status_lines(runtime: Runtime) -> list[str]:
    """The trial as text: the last response, the claim, its statements and the meter."""
    machine = machine_for(runtime)
    if machine is None:
        return []
    story = runtime.story
    out: list[str] = []

    def said(lines: Iterable[Line]) -> None:
        for line in lines:
            name = story.characters[line.speaker].name if line.speaker in story.characters else ""
            out.append(f"{name}: {line.text}" if name else line.text)

    event = last_event(runtime)
    if event.kind in ("press", "right", "wrong"):
        said(event.lines)
        if event.kind == "wrong":
            out.append(f"(That did not hold. Credibility -{machine.trial.penalty}.)")
    claim = machine.claim(runtime)
    if claim is None:
        return out
    index = machine.trial.claims.index(claim) + 1
    meter = meter_text(machine.credibility(runtime), machine.trial.credibility)
    out.append(f"Claim {index} of {len(machine.trial.claims)}: {claim.title}")
    out.append(f"Credibility {meter}")
    if event.kind not in ("press", "object", "back", "wrong") or event.claim != claim:
        said(claim.lines)
    witness = story.characters[claim.witness].name if claim.witness in story.characters else ""
    pressed = machine.pressed(runtime)
    for n, s in enumerate(machine.visible(runtime), start=1):
        mark = " (pressed)" if s.id in pressed else ""
        out.append(f"  {witness + ' ' if witness else ''}[{n}] “{s.text}”{mark}")
    target = machine.objecting(runtime)
    if target is not None:
        out.append(f"Against “{target.text}”, present:")
    return out


def meter_text(left: int, size: int) -> str:
    return "●" * max(0, left) + "○" * max(0, size - left) + f" {left}/{size}"


# -- the JSON Schema --------------------------------------------------------------------


def schema() -> dict[str, Any]:
    """The JSON Schema of one trial."""
    ident = {"type": "string", "pattern": "^[A-Za-z0-9_][A-Za-z0-9_-]*$"}
    ids = {"oneOf": [ident, {"type": "array", "items": ident}]}
    line = {
        "oneOf": [
            {"type": "string"},
            {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": {"type": "string"},
            },
        ]
    }
    lines = {"type": "array", "items": line}
    effects = {"type": "array", "items": {"type": "object"}, "description": "effects, as in `do`"}

    def obj(props: dict[str, Any], required: tuple[str, ...], doc: str) -> dict[str, Any]:
        return {
            "type": "object",
            "description": doc,
            "properties": props,
            "required": list(required),
            "additionalProperties": False,
        }

    press = obj(
        {"lines": lines, "do": effects, "unlocks": {**ids, "description": "hidden statements"}},
        (),
        "what pressing this statement brings out",
    )
    statement = obj(
        {
            "id": ident,
            "text": {"type": "string", "description": "what the witness says"},
            "hidden": {"type": "boolean", "description": "shown only once a press unlocks it"},
            "press": press,
            "refuted_by": {**ids, "description": "evidence that contradicts it"},
            "wrong": lines,
        },
        ("id", "text"),
        "one statement of a witness",
    )
    claim = obj(
        {
            "id": ident,
            "title": {"type": "string", "description": "the claim, in one line"},
            "witness": ident,
            "lines": lines,
            "statements": {"type": "array", "items": statement},
            "refuted": obj(
                {"lines": lines, "do": effects, "scene": ident},
                (),
                "what follows a right presentation",
            ),
        },
        ("id", "title", "statements"),
        "one claim of the prosecution",
    )
    tier = obj(
        {
            "id": ident,
            "title": {"type": "string"},
            "ruling": {"type": "string", "description": "the judge's words"},
            "refuted": {"oneOf": [{"const": "all"}, ids], "description": "claims refuted"},
            "if": {
                "type": "string",
                "description": "a condition; may read refuted, "
                "credibility, claims and the story's variables",
            },
            "goto": ident,
            "missed": {"type": "boolean", "description": "list what the player missed"},
        },
        ("id", "title", "goto"),
        "a verdict tier; the first that holds wins, the last must hold always",
    )
    return obj(
        {
            "title": {"type": "string"},
            "judge": ident,
            "credibility": {"type": "integer", "minimum": 1, "maximum": MAX_CREDIBILITY},
            "penalty": {"type": "integer", "minimum": 1, "maximum": MAX_CREDIBILITY},
            "wrong": lines,
            "claims": {"type": "array", "items": claim, "minItems": 1},
            "verdict": {"type": "array", "items": tier, "minItems": 1},
        },
        ("title", "credibility", "claims", "verdict"),
        "a mock trial: claims to refute and the verdict's tiers",
    )
