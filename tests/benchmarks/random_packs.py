"""Random packs for checking `explore` against a plain walk: shapes nobody wrote by hand.

Each seed gives a different graph: chapters of a few scenes, a hub per chapter with sticky
and once-only choices, back edges (loops, some with no way out), flags set and cleared,
counters that only grow (one may start below zero) read alone and in sums, a number that is
only ever set, visit counts, evidence read by `has`, dead ends, a hub (rooms off a
chapter's first scene, entered by sticky or once-only choices behind flags and visit
counts, setting flags and leading back), and sometimes a trial whose rulings lead to
scenes that read the flags again. Every number compared stays below
`BOUND`, so a plain walk that holds counters and visit counts at `BOUND` is exact.

Seeds from `LONG` on make longer stories for the chapter-by-chapter walk: 3 or 4 chapters
and always a trial; chapter n sets its own flag `hN` and grants its own clue, and the
first scene of chapter n + 2 reads the flags of chapters n and n + 1 together. So values
pass untouched through a chapter that does not read them, are read together although set
in different chapters, and the trial weighs clues found in different chapters. Two counters
`p0`, `p1` (each chapter's flag setter adds to one) are read only as `p0 + p1 >= 2`. A
claim's second statement may be hidden until the first is pressed, the press sometimes
with an effect.

    python tests/benchmarks/random_packs.py FOLDER SEED
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

BOUND = 9  # every constant a condition compares with is below this
LONG = 60  # seeds from here on make long stories (see the module's docstring)


def _condition(rng: random.Random, flags: int, scenes: list[str], clues: int) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return f"f{rng.randrange(flags)}"
    if kind == 1:
        return f"not f{rng.randrange(flags)}"
    if kind == 2:
        op = rng.choice((">=", ">", "==", "<", "<=", "!="))
        term = rng.choice(("g0", "g1", f"visits {rng.choice(scenes)}"))
        if rng.random() < 0.3:  # written the other way round: `3 <= g0`
            return f"{rng.randint(0, 4)} {op} {term}"
        return f"{term} {op} {rng.randint(0, 4)}"
    if kind == 3:
        return f"g0 + g1 >= {rng.randint(2, 6)}"
    if kind == 4:
        return f"visits {rng.choice(scenes)} >= {rng.randint(1, 3)}"
    if kind == 5:
        return f"visited {rng.choice(scenes)}"
    if kind == 6:
        return f"{'not ' if rng.random() < 0.3 else ''}has e{rng.randrange(clues)}"
    if kind == 7:
        return f"m == {rng.randrange(3)}"
    a = _condition(rng, flags, scenes, clues)
    b = _condition(rng, flags, scenes, clues)
    return f"({a}) {rng.choice(('and', 'or'))} ({b})"


def _effects(rng: random.Random, flags: int, clues: int) -> list[str]:
    out: list[str] = []
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        kind = rng.randrange(5)
        if kind == 0:
            out.append(f"{{set: {{f{rng.randrange(flags)}: {rng.choice(('true', 'false'))}}}}}")
        elif kind == 1:
            out.append(f"{{add: {{g{rng.randrange(2)}: {rng.randint(1, 2)}}}}}")
        elif kind == 2:
            out.append(f"{{set: {{m: {rng.randrange(3)}}}}}")
        else:
            out.append(f"{{evidence: e{rng.randrange(clues)}}}")
    return out


def _hub_choices(rng: random.Random, rooms: list[str], flags: int, hub: str) -> list[str]:
    """The hub's ways into its rooms: sticky or once-only, some behind flags or visits."""
    lines: list[str] = []
    for room in rooms:
        lines += [f"          - label: Into {room}", f"            goto: {room}"]
        once = rng.choice(("true", "false", "false", None))  # None: the default, once-only
        if once is not None:
            lines.append(f"            once: {once}")
        if rng.random() < 0.5:
            lines.append(f"            if: {_hub_condition(rng, flags, hub)}")
    return lines


def _hub_condition(rng: random.Random, flags: int, hub: str) -> str:
    """Flags the rooms set, and the hub's own visit count (kept small: the plain walk of
    the equivalence test holds every number exactly and must stay quick)."""
    kind = rng.randrange(4)
    if kind == 0:
        return f"f{rng.randrange(flags)}"
    if kind == 1:
        return f"not f{rng.randrange(flags)}"
    if kind == 2:
        return f"visits {hub} {rng.choice(('>=', '<', '>'))} {rng.randint(1, 3)}"
    return f"f{rng.randrange(flags)} or visited {hub}"


def _rooms(rng: random.Random, rooms: list[str], hub: str, flags: int, clues: int) -> list[str]:
    """Rooms that set flags (on entering or by a choice) and lead back to the hub."""
    lines: list[str] = []
    for room in rooms:
        lines += [f"      {room}:", f"        text: Room {room}."]
        if rng.random() < 0.5:
            lines.append(f"        do: [{{set: {{f{rng.randrange(flags)}: true}}}}]")
        if rng.random() < 0.3:
            lines.append(f"        next: {hub}")
            continue
        effects = [f"{{set: {{f{rng.randrange(flags)}: {rng.choice(('true', 'false'))}}}}}"]
        if rng.random() < 0.3:
            effects.append(f"{{evidence: e{rng.randrange(clues)}}}")
        lines += ["        choices:", "          - label: Look", f"            goto: {hub}"]
        lines.append(f"            do: [{', '.join(effects)}]")
        lines += ["          - label: Back", f"            goto: {hub}"]
        if rng.random() < 0.6:
            lines.append("            once: false")
    return lines


def random_pack_text(seed: int) -> str:
    """The story.yaml of pack number `seed`."""
    rng = random.Random(seed)
    long = seed >= LONG
    flags, clues = rng.randint(2, 5), rng.randint(2, 4)
    chapters = [f"c{n}" for n in range(rng.randint(3, 4) if long else rng.randint(1, 3))]
    clues = max(clues, len(chapters)) if long else clues
    scenes = {c: [f"{c}_s{k}" for k in range(rng.randint(3, 7))] for c in chapters}
    # Most packs have a hub in one chapter: rooms off its first scene that lead back to it
    # (one only: hubs multiply the plain walk's states).
    hub = rng.choice(chapters)
    rooms = {
        c: [f"{c}_r{k}" for k in range(rng.choice((0, 2, 3)) if c == hub else 0)] for c in chapters
    }
    everything = [s for c in chapters for s in scenes[c]]
    trial = long or rng.random() < 0.5
    g1 = rng.choice((0, 0, -2))
    lines = ["story:", f"  title: Random {seed}", f"  start: {chapters[0]}"]
    order = chapters + (["court"] if trial else [])
    lines += [f"  chapters: [{', '.join(order)}]", "  variables:"]
    lines += [f"    f{n}: false" for n in range(flags)]
    lines += [f"    h{n}: false" for n in range(len(chapters) if long else 0)]
    lines += ["    g0: 0", f"    g1: {g1}", "    m: 0"]
    lines += ["    p0: 0", "    p1: 0"] if long else []
    lines += ["characters:", "  judge: {name: Judge}"]
    lines += ["evidence:"] + [f"  e{n}: {{name: Clue {n}}}" for n in range(clues)]
    lines += ["chapters:"]
    granted: set[str] = set()
    for n, chapter in enumerate(chapters):
        own = scenes[chapter]
        after = scenes[chapters[n + 1]][0] if n + 1 < len(chapters) else None
        if after is None and trial:
            after = "court_open"
        lines += [f"  {chapter}:", f"    title: Part {n}", '    period: "1997"']
        lines += [f"    start: {own[0]}", "    scenes:"]
        setter = rng.randrange(len(own) - 1) if long else -1  # the scene setting hN
        for k, scene in enumerate(own):
            lines += [f"      {scene}:", f"        text: Scene {scene}."]
            last = k == len(own) - 1
            if last and after is None:
                lines.append(f"        end: end_{rng.randrange(2)}")
                continue
            if last and rng.random() < 0.5:
                lines.append(f"        next: {after}")
                continue
            if rng.random() < 0.15 and k > 0:
                lines.append(f"        next: {rng.choice(own)}")
                continue
            targets = own[k + 1 :] + ([after] if after else [f"{own[0]}_end"])
            lines.append("        choices:")
            count = rng.randint(1, 5 if k == 0 else 3)
            if k == 0:
                lines += _hub_choices(rng, rooms[chapter], flags, scene)
            for c in range(count):
                back = rng.random() < 0.35
                goto = rng.choice(own[: k + 1] if back else targets)
                lines += [f"          - label: Go {c}", f"            goto: {goto}"]
                sticky = False
                if rng.random() < 0.4:
                    sticky = rng.random() >= 0.5
                    lines.append(f"            once: {'false' if sticky else 'true'}")
                if long and n >= 2 and k == 0 and c == 0:
                    # Two chapters back and one back, read together; and a sum of two
                    # counters read only together (each chapter adds to one of them).
                    joint = rng.choice(("and", "or"))
                    lines.append(f"            if: (h{n - 2} {joint} not h{n - 1}) or p0 + p1 >= 2")
                elif rng.random() < 0.5:
                    lines.append(f"            if: {_condition(rng, flags, everything, clues)}")
                    if rng.random() < 0.3:
                        lines.append("            when_false: disable")
                effects = _effects(rng, flags, clues)
                if k == 0 and c == 0 and n == 0:
                    effects.append("{evidence: e0}")
                if k == setter and c == count - 1:
                    effects += [f"{{set: {{h{n}: true}}}}", f"{{evidence: e{n % clues}}}"]
                    if not sticky:  # once only: the plain walk stays small
                        effects.append(f"{{add: {{p{n % 2}: 1}}}}")
                granted |= {e[11:-1] for e in effects if e.startswith("{evidence:")}
                if effects:
                    lines.append(f"            do: [{', '.join(effects)}]")
        if after is None:
            lines += [f"      {own[0]}_end:", "        text: The end.", "        end: plain"]
        lines += _rooms(rng, rooms[chapter], own[0], flags, clues)
    if trial:
        lines += ["  court:", "    title: Court", '    period: "2013"', "    start: court_open"]
        lines += ["    scenes:", "      court_open:", "        text: Court.", "        trial: t"]
        for tier in ("won", "lost"):
            lines += [f"      after_{tier}:", "        text: After.", "        choices:"]
            lines += ["          - label: Glad", f"            goto: fin_{tier}_a"]
            lines.append(f"            if: {_condition(rng, flags, everything, clues)}")
            lines += ["          - label: Plain", f"            goto: fin_{tier}_b"]
            for end in "ab":
                lines += [f"      fin_{tier}_{end}:", "        text: Fin.", f"        end: {end}"]
        held = sorted(granted)
        lines += ["trials:", "  t:", "    title: The hearing", "    judge: judge"]
        lines += [f"    credibility: {rng.randint(1, 3)}", "    claims:"]
        # Its own draws: the packs above stay as they were.
        extra = random.Random(seed * 7919 + 1)
        for c in range(2):
            lines += [f"      - id: k{c}", f"        title: Claim {c}", "        witness: judge"]
            lines += ["        statements:"]
            # Sometimes the second statement is hidden until the first is pressed, and
            # sometimes that press has an effect (moving about the claim is not free then).
            hidden = extra.random() < 0.5
            for s in range(2):
                answers = sorted({rng.choice(held) for _ in range(rng.randint(1 - s, 2))})
                lines += [f"          - id: st{c}_{s}", "            text: A statement."]
                if answers:
                    lines.append(f"            refuted_by: [{', '.join(answers)}]")
                if hidden and s == 0:
                    lines += ["            press:", f"              unlocks: [st{c}_1]"]
                    if extra.random() < 0.4:
                        lines.append("              do: [{add: {g0: 1}}]")
                elif hidden:
                    lines.append("            hidden: true")
            lines += ["        refuted:", f"          do: [{{add: {{g0: {rng.randint(0, 2)}}}}}]"]
        lines += ["    verdict:", "      - id: won", "        title: Won", "        refuted: all"]
        lines += [f"        if: credibility >= 1 or f{rng.randrange(flags)}"]
        lines += ["        goto: after_won", "      - id: lost", "        title: Lost"]
        lines += ["        goto: after_lost"]
    return "\n".join(lines) + "\n"


def counter_pack_text(seed: int) -> str:
    """A story shaped like the bundled one: chapters whose choices add to counters (`b`;
    `q0`, `q1` read only as a sum) and set flags, the counters read chapters later (a
    middle chapter reads `b` at a value, the last decides the ending by them) and a loop
    with no way out entered only when they are low. Scenes that add on entering, too."""
    rng = random.Random(seed * 104729 + 3)
    count = rng.randint(3, 5)
    chapters = [f"k{n}" for n in range(count)]
    reader = rng.randrange(1, count - 1)  # the middle chapter that reads `b`
    lines = ["story:", f"  title: Counters {seed}", "  start: k0"]
    lines += [f"  chapters: [{', '.join(chapters)}, kx]", "  variables:"]
    lines += ["    b: 0", "    q0: 0", "    q1: 0", "    x: false", "    y: false"]
    lines += ["chapters:"]
    for n, chapter in enumerate(chapters):
        lines += [f"  {chapter}:", f"    title: Part {n}", '    period: "1997"']
        lines += [f"    start: {chapter}_s0", "    scenes:", f"      {chapter}_s0:"]
        lines += [f"        text: Scene {chapter}_s0."]
        if n and rng.random() < 0.4:
            lines.append(f"        do: [{{add: {{{rng.choice(('b', 'q0', 'q1'))}: 1}}}}]")
        if n == count - 1:
            lines += ["        choices:"]
            lines += ["          - label: High", "            goto: k_high"]
            lines += [f"            if: b >= {rng.randint(2, 5)}"]
            lines += ["          - label: Sum", "            goto: k_sum"]
            lines += [f"            if: q0 + q1 >= {rng.randint(2, 6)}"]
            if rng.random() < 0.5:
                lines += ["            do: [{add: {b: 1}}]"]
            lines += ["          - label: Low", "            goto: kx_s0"]
            lines += [f"            if: b < {rng.randint(2, 4)} {rng.choice(('and', 'or'))} not x"]
            lines += ["      k_high:", "        text: High.", "        end: high"]
            lines += ["      k_sum:", "        text: Sum.", "        end: sum"]
            # A chapter that goes round for ever: those who arrive there never end.
            lines += ["  kx:", "    title: Round", '    period: "1997"', "    start: kx_s0"]
            lines += ["    scenes:", "      kx_s0:", "        text: Round.", "        choices:"]
            lines += ["          - label: Again", "            goto: kx_s1"]
            lines += ["            once: false"]
            lines += ["      kx_s1:", "        text: And round.", "        next: kx_s0"]
            continue
        after = f"{chapters[n + 1]}_s0"
        lines += ["        choices:"]
        for k in range(rng.randint(2, 3)):
            effects = [
                f"{{add: {{{name}: {rng.randint(0, 2)}}}}}"
                for name in ("b", "q0", "q1")
                if rng.random() < 0.6
            ]
            if rng.random() < 0.3:
                effects.append(f"{{set: {{{rng.choice(('x', 'y'))}: true}}}}")
            target = f"{chapter}_s1" if k == 0 and n == reader else after
            lines += [f"          - label: Go {k}", f"            goto: {target}"]
            if k == 2:
                lines += ["            if: not y"]
            if effects:
                lines.append(f"            do: [{', '.join(effects)}]")
        if n == reader:
            lines += [f"      {chapter}_s1:", f"        text: Scene {chapter}_s1."]
            lines += ["        choices:"]
            lines += ["          - label: Strong", f"            goto: {after}"]
            lines += [f"            if: b >= {rng.randint(1, 3)}"]
            lines += ["            do: [{set: {x: true}}]"]
            lines += ["          - label: Onward", f"            goto: {after}"]
    return "\n".join(lines) + "\n"


def random_pack(root: Path, seed: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "story.yaml").write_text(random_pack_text(seed), encoding="utf-8")
    return root


if __name__ == "__main__":
    random_pack(Path(sys.argv[1]), int(sys.argv[2]))
