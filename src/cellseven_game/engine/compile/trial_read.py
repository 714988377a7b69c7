"""Reading `trials:` sections into the trial model (their keys are declared in `spec`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Literal, Protocol

from cellseven_game.engine.compile import spec
from cellseven_game.engine.compile.reader import Located, Reader, near_miss, where
from cellseven_game.engine.compile.yamlnodes import Node, ScalarNode
from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.model import Effect, Line, Where
from cellseven_game.engine.core.trial_model import (
    MAX_CREDIBILITY,
    RULE_NAMES,
    Claim,
    Outcome,
    Press,
    Statement,
    Tier,
    Trial,
)


class _Refs(Protocol):
    scenes: list[tuple[str, Located, str]]
    characters: list[tuple[str, Located, str]]
    evidence: list[tuple[str, Located, str]]


class Builder(Protocol):
    """The loader's builder, as far as reading trials needs it."""

    @property
    def r(self) -> Reader: ...
    @property
    def refs(self) -> _Refs: ...

    def unique(self, kind: str, key: ScalarNode) -> str | None: ...
    def effects(self, node: Node) -> tuple[Effect, ...]: ...
    def lines(self, f: dict[str, Node], key: str = "lines") -> tuple[Line, ...]: ...
    def text_of(self, f: dict[str, Node], key: str) -> str | None: ...
    def named(
        self, f: dict[str, Node], key: str, refs: list[tuple[str, Located, str]], what: str = ""
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
            self.r.say(node, diagnostics.BAD_CREDIBILITY, key=key)
            return default
        return value

    def trial(self, key: ScalarNode, node: Node) -> Trial | None:
        ident = self.b.unique("trial", key)
        m = self.r.mapping(node, f"trial `{key.text}`")
        if ident is None or m is None:
            return None
        what = f"trial `{ident}`"
        f = self.r.section(m, what, spec.TRIAL)
        claims: list[Claim] = []
        for item in self.r.sequence_at(f, "claims"):
            claim = self.claim(item, {c.id for c in claims})
            if claim is not None:
                claims.append(claim)
        if "claims" in f and not claims and not any(p.severity == "error" for p in self.r.problems):
            self.r.say(f["claims"], diagnostics.NO_CLAIMS, what=what)
        known = {c.id for c in claims}
        tiers: list[Tier] = []
        for item in self.r.sequence_at(f, "verdict"):
            tier = self.tier(item, known, {t.id for t in tiers})
            if tier is not None:
                tiers.append(tier)
        if tiers:
            last = tiers[-1]
            if last.condition is not None or last.refuted:
                self.r.say(last.where, diagnostics.NO_FALLBACK_TIER, tier=last.id)
        elif "verdict" in f:
            self.r.say(f["verdict"], diagnostics.NO_FALLBACK_TIER, "no_tiers", what=what)
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

    def item_id(self, f: dict[str, Node], what: str, taken: set[str]) -> str | None:
        if "id" not in f:
            return None
        ident = self.r.ident(f["id"], f"{what} id")
        if ident is not None and ident in taken:
            self.r.say(f["id"], diagnostics.DEFINED_TWICE, "trial_item", kind=what, ident=ident)
            return None
        return ident

    def claim(self, node: Node, taken: set[str]) -> Claim | None:
        m = self.r.mapping(node, "a claim")
        if m is None:
            return None
        f = self.r.section(m, "a claim", spec.CLAIM)
        ident = self.item_id(f, "claim", taken)
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
                    self.r.say(
                        s.where,
                        diagnostics.BAD_UNLOCK,
                        target=target,
                        claim=ident,
                        hint=near_miss(target, ids),
                    )
        claim = Claim(
            id=ident,
            title=self.r.text_at(f, "title") or ident,
            witness=self.b.named(f, "witness", self.b.refs.characters),
            lines=self.b.lines(f),
            statements=tuple(statements),
            refuted=self.outcome(f["refuted"]) if "refuted" in f else Outcome(),
            found=self.b.text_of(f, "found") or "",
            stood=self.b.text_of(f, "stood") or "",
            where=where(m),
        )
        unlocked = claim.unlocked_by()
        for s in statements:
            if s.hidden and s.id not in unlocked:
                self.r.say(s.where, diagnostics.BAD_UNLOCK, "hidden", statement=s.id)
        return claim

    def statement(self, node: Node, taken: set[str]) -> Statement | None:
        m = self.r.mapping(node, "a statement")
        if m is None:
            return None
        f = self.r.section(m, "a statement", spec.STATEMENT)
        ident = self.item_id(f, "statement", taken)
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
            text=self.b.text_of(f, "text") or "",
            hidden=hidden is True,
            press=self.press(f["press"]) if "press" in f else None,
            refuted_by=tuple(ev for ev, _ in refuted),
            refuted_where=tuple(at for _, at in refuted),
            wrong=self.b.lines(f, "wrong"),
            found=self.b.text_of(f, "found") or "",
            where=where(m),
        )

    def press(self, node: Node) -> Press | None:
        m = self.r.mapping(node, "`press`")
        if m is None:
            return None
        f = self.r.section(m, "`press`", spec.PRESS)
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
        f = self.r.section(m, "`refuted`", spec.OUTCOME)
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
        f = self.r.section(m, "a verdict tier", spec.TIER)
        ident = self.item_id(f, "verdict tier", taken)
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
                        self.r.say(
                            item,
                            diagnostics.UNKNOWN_CLAIM,
                            claim=claim,
                            hint=near_miss(claim, claims),
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
            ruling=self.b.text_of(f, "ruling") or "",
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
