"""Hubs of 40 scenes whose rooms are corridors, written apart from other_hubs.py.

A yard's hub of 10 ways (sticky or once-only, some behind a flag, coins, trust or the
hub's visits) leads into corridors of 2 to 4 scenes; going on is once-only or sticky at
random, a once-only `Pay` takes a coin, a once-only `Linger` earns one; scenes set or clear
six flags and earn coins and trust; leaving needs three flags, and the road's endings read
coins and trust. Session twenty-six found a third of the first 60 seeds beyond 30 s of
`explore` (seed 0: a million states; seed 3: still a million once coins were capped).

    python tests/benchmarks/corridor_hubs.py FOLDER FIRST LAST
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

EARN = "do: [{add: {coins: 1}}]"
PAY = "do: [{add: {coins: -1}}]"


def gen(root: Path, seed: int, rooms: int = 10, flags: int = 6) -> Path:
    rng = random.Random(seed)
    fl = [f"flag_{i}" for i in range(flags)]
    root.mkdir(parents=True, exist_ok=True)
    (root / "story.yaml").write_text(
        "story:\n  title: Wide\n  start: yard\n  chapters: [yard]\n  variables:\n"
        + "".join(f"    {f}: false\n" for f in fl)
        + "    coins: 0\n    trust: 0\n"
    )
    S: dict[str, list[str]] = {}
    order: list[str] = []

    def scene(sid: str, lines: list[str]) -> None:
        S[sid] = lines
        order.append(sid)

    hub_choices: list[str] = []
    # intro chain
    scene("gate", ["        text: A gate in the rain.", "        next: porch"])
    scene(
        "porch", ["        text: A porch.", "        do: [{add: {trust: 1}}]", "        next: hub"]
    )
    budget = 40 - 2 - 4  # hub + outro(1) + 3 endings
    lens = [2] * rooms
    extra = min(budget - 1 - sum(lens), sum(4 - n for n in lens))
    while extra > 0:
        i = rng.randrange(rooms)
        if lens[i] < 4:
            lens[i] += 1
            extra -= 1
    for r in range(rooms):
        sticky = rng.random() < 0.5
        cond = rng.choice(
            [
                None,
                None,
                rng.choice(fl),
                f"not {rng.choice(fl)}",
                "coins >= 2",
                f"visits hub >= {rng.randint(2, 4)}",
                f"trust > {rng.randint(1, 3)}",
            ]
        )
        c = [
            f"          - label: Room {r}",
            f"            goto: room{r}_0",
            f"            once: {'false' if sticky else 'true'}",
        ]
        if cond:
            c.append(f"            if: {cond}")
        hub_choices += c
        for k in range(lens[r]):
            sid = f"room{r}_{k}"
            L = [f"        text: Room {r}, part {k}."]
            eff = []
            if rng.random() < 0.6:
                eff.append(
                    f"{{set: {{{rng.choice(fl)}: {rng.choice(['true', 'true', 'false'])}}}}}"
                )
            if rng.random() < 0.3:
                eff.append("{add: {coins: 1}}")
            if rng.random() < 0.15:
                eff.append("{add: {trust: 1}}")
            if eff:
                L.append("        do: [" + ", ".join(eff) + "]")
            last = k == lens[r] - 1
            after = f"room{r}_{k + 1}"
            if last:
                if rng.random() < 0.5:
                    L.append("        next: hub")
                else:
                    L += [
                        "        choices:",
                        "          - {label: Back, goto: hub, once: false}",
                        f"          - {{label: Linger, goto: {sid}, "
                        f"if: not {rng.choice(fl)}, {EARN}}}",
                    ]
            else:
                L += [
                    "        choices:",
                    f"          - {{label: Onward, goto: {after}, "
                    f"once: {rng.choice(['true', 'false'])}}}",
                ]
                if rng.random() < 0.6:
                    L.append("          - {label: Back, goto: hub, once: false}")
                if rng.random() < 0.3:
                    L.append(f"          - {{label: Pay, goto: {after}, if: coins >= 1, {PAY}}}")
            scene(sid, L)
    need = rng.sample(fl, 3)
    hub_choices += [
        "          - label: Leave",
        "            goto: road",
        "            if: " + " and ".join(need),
    ]
    scene("hub", ["        text: The hub.", "        choices:", *hub_choices])
    scene(
        "road",
        [
            "        text: The road.",
            "        choices:",
            "          - {label: Rich, goto: e_rich, if: coins >= 4}",
            "          - {label: Friend, goto: e_friend, if: trust >= 3}",
            "          - {label: Alone, goto: e_alone}",
        ],
    )
    for e in ("rich", "friend", "alone"):
        scene(f"e_{e}", [f"        text: The end, {e}.", f"        end: {e}"])
    L = [
        "chapters:",
        "  yard:",
        "    title: Yard",
        '    period: "1997"',
        "    start: gate",
        "    scenes:",
    ]
    for sid in order:
        L.append(f"      {sid}:")
        L += S[sid]
    (root / "yard.yaml").write_text("\n".join(L) + "\n")
    return root


if __name__ == "__main__":
    for s in range(int(sys.argv[2]), int(sys.argv[3])):
        gen(Path(sys.argv[1]) / str(s), s)
