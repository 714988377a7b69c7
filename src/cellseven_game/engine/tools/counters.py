"""How far each number matters to `explore`: above its cap, every value behaves the same.

A number is read safely by a comparison with constants when it appears only in sums of
plain terms compared with a number: `trust >= 3`, `a + b >= 12`, `visits hall > 2`,
`visited hall` (which is `visits hall > 0`). If every term of such a sum only ever grows
(visit counts; variables whose every `add` is a positive constant and that are never
`set`), then once the sum passes the largest constant it is compared with, every
comparison's answer is fixed for good. A term at or above

    cap = need - (the sum of the terms' lowest values, when below 0)

where `need` is the value from which the sum's answer no longer changes (`>= 12`: 12;
`> 12`, `== 12`, `<= 12`: 13; the largest over every comparison the term takes part in)
makes the sum reach `need` whatever the other terms hold, so a term is held at its cap. The
lowest value of a term is its smallest starting value (story or chapter entry); the cap
also holds for a term walked as a difference from 0 (see liveness.Footprint), because it
counts its own lowest value too. A number used any other way (`a - b`, `a * 2`, an effect
computing from it) is kept exactly. A variable no condition reads at all is
left out of states (cap None).

A term may also fall, if only by a bounded amount in one play: by constants taken off by
once-only choices (`Pay a coin`, each taken once at most), whose sum is what it may lose
(`falls`). Then each term's lowest value is counted less what it may lose, and the cap is
raised by what the term itself may lose: a term held at its cap stays at or past `need`
whatever it loses after, and so does the real value, which is never below the one held.
A term that may fall without bound (a scene's `add: {coins: -1}`, a sticky choice's, a
trial's) is kept exactly, as one that is `set`.
"""

from __future__ import annotations

import math
from collections.abc import Container, Iterable, Iterator

from cellseven_game.engine.core import condition_parser, condition_types
from cellseven_game.engine.core.condition_types import NUMBER_LIMIT
from cellseven_game.engine.core.conditions import self_step
from cellseven_game.engine.core.model import AddVar, Effect, SetVar, Story, Value
from cellseven_game.engine.tools.liveness import condition_sources, per_story

EXACT = float("inf")  # the cap of a number whose every value matters
_BEFORE = {"and", "or", "not", "("}
_AFTER = {"and", "or", ")", ""}
_COMPARE = {"==", "!=", "<", "<=", ">", ">="}
_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}

Term = tuple[str, str]  # ("v", variable) or ("s", scene counted by `visits`)


def effects_of(
    story: Story,
    unless: Container[tuple[str, int, int]] = (),
    scenes: Iterable[str] | None = None,
) -> Iterator[Effect]:
    """Every effect the pack can run: scenes', choices', and its trials'; but those placed
    in `unless`, each by its scene, its choice's place (-1: the scene's own) and its own;
    with `scenes`, only those scenes' (and every trial's), read from them (a chapter's few
    scenes, not every scene of the story looked up)."""
    chosen = (
        story.scenes.values()
        if scenes is None
        else [story.scenes[s] for s in scenes if s in story.scenes]
    )
    for scene in chosen:
        if not unless:
            yield from scene.effects
            for choice in scene.choices:
                yield from choice.effects
            continue
        for n, effect in enumerate(scene.effects):
            if (scene.id, -1, n) not in unless:
                yield effect
        for c, choice in enumerate(scene.choices):
            for n, effect in enumerate(choice.effects):
                if (scene.id, c, n) not in unless:
                    yield effect
    yield from _trial_effects(story)


def _trial_effects(story: Story) -> Iterator[Effect]:
    """The effects of the pack's trials: each claim's when refuted, each press's."""
    for found in story.trials.values():
        for claim in found.claims:
            yield from claim.refuted.effects
            for statement in claim.statements:
                if statement.press is not None:
                    yield from statement.press.effects


def falls(story: Story) -> dict[str, float]:
    """How far each variable an effect changes may fall in one play: the constants taken
    off it by once-only choices (each taken once at most), added up; EXACT when anything
    else may lower it (a scene's effect, a sticky choice's, a trial's, an amount worked out
    from values) or sets it (but to itself plus a constant: `step`)."""
    fall: dict[str, float] = {}

    def note(effect: Effect, once: bool) -> None:
        if not isinstance(effect, SetVar | AddVar):
            return
        amount = step(effect)
        if amount is None:
            fall[effect.name] = EXACT
            return
        drop = -float(amount) if amount < 0 else 0.0
        if drop and not once:
            drop = EXACT
        fall[effect.name] = fall.get(effect.name, 0.0) + drop

    for scene in story.scenes.values():
        for effect in scene.effects:
            note(effect, False)
        for choice in scene.choices:
            for effect in choice.effects:
                note(effect, choice.once)
    for effect in _trial_effects(story):
        note(effect, False)
    return fall


def _sources(story: Story) -> Iterator[tuple[str, bool]]:
    """Every expression of the pack, and whether it is a condition (not an effect's)."""
    for source in condition_sources(story):
        yield source, True
    for effect in effects_of(story):
        expr = getattr(effect, "expr", None)
        if isinstance(expr, str) and step(effect) is None:
            yield expr, False


def step(effect: Effect) -> int | float | None:
    """The constant `effect` adds to its variable: an `add` of a number, or a `set` from the
    variable plus or less one (`set: {favour: "favour - 1"}` plays as `add: {favour: -1}`,
    held within the same limit: condition_ops.bounded); None for any other effect."""
    if isinstance(effect, AddVar):
        return effect.amount if effect.expr is None else None
    if not isinstance(effect, SetVar) or effect.expr is None:
        return None
    return self_step(effect.name, effect.expr)


def comparisons(
    source: str,
) -> tuple[list[tuple[list[Term], float, float]], set[Term], dict[Term, int]]:
    """The `term + term ... OP number` comparisons of `source` (either way round), each with
    the value from which its sum's answer is fixed going up, and the value at and below
    which it is fixed going down; every term `source` reads anywhere but in such a
    comparison (`a + b >= 3 or a * 2 > 5`: `a`), or as a visit count's remainder; and the
    visit counts read as remainders (`visits hall % 2 == 1`: the hall's, by 2), by what
    they are divided by (a count that only grows by one, read so, is known from its
    remainder once past its comparisons: see `fold`)."""
    try:
        tokens = condition_parser._tokenize(source)  # the language's own tokenizer
    except condition_types.ConditionError:
        return [], set(), {}
    texts = [t.text if t.kind != "end" else "" for t in tokens]
    kinds = [t.kind for t in tokens]
    used: set[Term] = set()
    terms_at: dict[int, tuple[Term, int]] = {}  # token index -> (term, index after it)
    i = 0
    while i < len(tokens):
        if kinds[i] == "name" and texts[i] in ("visits", "visited") and kinds[i + 1] == "name":
            term: Term = ("s", texts[i + 1])
            used.add(term)
            terms_at[i] = (term, i + 2)
            i += 2
        elif kinds[i] == "name" and texts[i] in ("has", "met", "knows"):
            i += 4 if texts[i] == "knows" else 2
        elif kinds[i] == "name" and texts[i] not in condition_parser._KEYWORDS:
            used.add(("v", texts[i]))
            terms_at[i] = (("v", texts[i]), i + 1)
            i += 1
        else:
            i += 1
    found: list[tuple[list[Term], float, float]] = []
    covered: set[int] = set()  # token indexes of the terms of the comparisons found
    for start in terms_at:
        before = texts[start - 1] if start > 0 else ""
        mirrored = (
            before in _COMPARE
            and kinds[start - 2] == "number"
            and (start < 3 or texts[start - 3] in _BEFORE)
        )
        if start > 0 and before not in _BEFORE and not mirrored:
            continue
        terms: list[Term] = []
        at: list[int] = []
        i = start
        while i in terms_at:
            at.append(i)
            term, i = terms_at[i]
            terms.append(term)
            if texts[i] != "+":
                break
            i += 1
        if len(set(terms)) != len(terms):
            continue
        if mirrored:  # `3 <= a + b`
            if texts[i] in _AFTER:
                found.append((terms, *_fixed(_FLIP[before], float(texts[start - 2]))))
                covered.update(at)
        elif texts[start] == "visited":  # `visits x > 0`
            if texts[i] in _AFTER:
                found.append((terms, 1.0, 0.0))
                covered.update(at)
        elif texts[i] in _COMPARE and kinds[i + 1] == "number" and texts[i + 2] in _AFTER:
            found.append((terms, *_fixed(texts[i], float(texts[i + 1]))))
            covered.update(at)
    periods: dict[Term, int] = {}
    for i, (term, after) in terms_at.items():
        # `visits hall % 2`, the count alone on the left of `%` (`%` binds as `*` does: not
        # after `*`, `/` or `%`), divided by a whole number.
        if i in covered or term[0] != "s" or texts[i] != "visits" or texts[after] != "%":
            continue
        if i > 0 and texts[i - 1] not in _BEFORE | _COMPARE | {"+", "-"}:
            continue
        if kinds[after + 1] != "number" or not texts[after + 1].isdigit():
            continue
        by = int(texts[after + 1])
        if by > 0:
            periods[term] = math.lcm(periods.get(term, 1), by)
            covered.add(i)
    return found, {term for i, (term, _) in terms_at.items() if i not in covered}, periods


def _fixed(op: str, constant: float) -> tuple[float, float]:
    """From which value of the sum up, and at which value and below, `sum OP constant` no
    longer changes (`>= 12`: from 12, at 11 and below; `> 12`: from 13, at 12)."""
    if op in (">", "<="):
        return constant + 1, constant
    if op in (">=", "<"):
        return constant, constant - 1
    return constant + 1, constant - 1  # == and !=


@per_story
def _scan(
    story: Story,
) -> tuple[list[tuple[list[Term], float, float]], set[Term], dict[Term, float], dict[Term, int]]:
    """Every sum compared with a number, the terms kept exactly, each term's cap, and the
    visit counts read as remainders (not kept exactly), by what they are divided by. Worked
    out once a story (asked for by every chapter's readings: a 1,000-scene journal's 33
    wings read it 99 times, 6 ms each); what it gives is only read, never changed."""
    fall = falls(story)
    lowest: dict[Term, float] = {("v", n): _low(v) for n, v in story.variables.items()}
    for chapter in story.chapters.values():
        for name, value in chapter.entry.variables:
            lowest[("v", name)] = min(lowest.get(("v", name), EXACT), _low(value))
    spans: list[tuple[list[Term], float, float]] = []
    exact: set[Term] = set()
    remainders: dict[Term, int] = {}
    for source, is_condition in _sources(story):
        sums, loose, periods = comparisons(source)
        if is_condition:
            spans += sums
            exact |= loose
            for term, by in periods.items():
                remainders[term] = math.lcm(remainders.get(term, 1), by)
        else:  # an effect computes from it: every value matters
            exact |= loose | {term for terms, _, _ in sums for term in terms} | set(periods)
    # A sum with a term that may fall without bound (or is not a number) is not safe for
    # any of its terms.
    for terms, _, _ in spans:
        for kind, name in terms:
            if kind == "v" and (fall.get(name, 0.0) == EXACT or lowest.get(("v", name)) == EXACT):
                exact |= set(terms)
    caps: dict[Term, float] = {}
    for terms, need, _ in spans:
        # The other terms as low as they start, less all they may lose; the term itself as
        # it starts (walked as a difference, see the module), and held at its cap, it may
        # still lose all it may lose and stay at or past `need`.
        lows = {t: min(0.0, lowest.get(t, 0.0) - _fall(fall, t)) for t in terms}
        for term in terms:
            low = sum(lows.values()) - lows[term] + min(0.0, lowest.get(term, 0.0))
            caps[term] = max(caps.get(term, -EXACT), need - low + _fall(fall, term))
    for term in remainders:
        caps.setdefault(term, 0.0)  # (read only as a remainder: from the first visit)
    return spans, exact, caps, {t: by for t, by in remainders.items() if t not in exact}


def _fall(fall: dict[str, float], term: Term) -> float:
    """What a term may lose in one play (a visit count loses nothing)."""
    return fall.get(term[1], 0.0) if term[0] == "v" else 0.0


def number_caps(story: Story) -> tuple[dict[str, float | None], dict[str, float]]:
    """Caps of variables (None: never read) and of visit counts (see the module; a count
    also read as a remainder is kept exactly here: `visit_folds`)."""
    _, exact, caps, remainders = _scan(story)
    variables: dict[str, float | None] = {}
    for name in story.variables:
        term = ("v", name)
        variables[name] = EXACT if term in exact else _whole(caps[term]) if term in caps else None
    visits = {name: float(math.ceil(cap)) for (kind, name), cap in caps.items() if kind == "s"}
    visits.update({name: EXACT for kind, name in exact | set(remainders) if kind == "s"})
    return variables, visits


def visit_folds(story: Story) -> dict[str, tuple[float, int]]:
    """The scenes whose visit count some condition reads as a remainder (`visits hall % 2
    == 1`), and nothing computes from: its cap (where its comparisons are all answered for
    good) and by what it is divided (the least common multiple, when by several). A count
    is kept as `fold` keeps it with them."""
    _, _, caps, remainders = _scan(story)
    return {
        name: (float(math.ceil(caps[(kind, name)])), by)
        for (kind, name), by in remainders.items()
        if kind == "s"
    }


def fold(count: int, cap: float, period: int) -> int:
    """A visit count as a walk keeps it: past `cap` no comparison tells two counts apart,
    so it is held there; when it is also read as a remainder by `period`, it keeps that
    remainder (it only ever grows by one, so two counts kept alike stay alike)."""
    if count <= cap:
        return count
    if not period:
        return int(cap)
    held = int(cap)
    return count if count < held + period else held + (count - held) % period


def compared_up_to(story: Story) -> dict[str, float]:
    """Each variable some condition compares with a number: the value from which the answer
    of every such comparison it takes part in is fixed going up (the largest `need`). Past
    it a number's values can be read as one range (escape.py's dead-end reading of a key
    that is found in a loop and spent by a sticky way: kept exactly for a walk, it would be
    read at every value)."""
    out: dict[str, float] = {}
    for source, is_condition in _sources(story):
        if not is_condition:
            continue
        for terms, need, _ in comparisons(source)[0]:
            for kind, name in terms:
                if kind == "v":
                    out[name] = max(out.get(name, -EXACT), need)
    return out


def sum_groups(story: Story) -> list[tuple[tuple[str, ...], float]]:
    """Variables only ever read together, as one sum: each group and the cap of its sum.

    When every comparison that reads any of `a`, `b` reads `a + b` (and nothing else reads
    them, and they only grow, by constants), no condition can tell (a=3, b=1) from (a=4,
    b=0): `explore` keeps the sum, held at the terms' cap, in the first of them it holds.
    """
    spans, exact, caps, _ = _scan(story)
    fall = falls(story)
    sets: dict[Term, set[frozenset[Term]]] = {}
    for terms, _, _ in spans:
        for term in terms:
            sets.setdefault(term, set()).add(frozenset(terms))
    out: dict[frozenset[Term], float] = {}
    for found in sets.values():
        group = next(iter(found))
        if (
            len(found) == 1
            and len(group) > 1
            and all(kind == "v" and name in story.variables for kind, name in group)
            and not any(fall.get(name, 0.0) for _, name in group)  # (only ever growing)
            and not group & exact
            and all(sets[term] == found for term in group)
            and caps[next(iter(group))] <= NUMBER_LIMIT
        ):
            out[group] = caps[next(iter(group))]
    return sorted((tuple(sorted(name for _, name in group)), cap) for group, cap in out.items())


def _whole(cap: float) -> float:
    """A cap as the number a story would hold there (3, not 3.0, for whole numbers)."""
    return int(cap) if cap != EXACT and cap.is_integer() else cap


def _low(value: Value) -> float:
    """A starting value's lowest worth as a term (not a number: it is never capped)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return EXACT
    return float(value)
