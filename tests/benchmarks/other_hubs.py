"""Hubs written apart from packs.py, to check `explore`'s proofs against its walk.

Rooms are entered by sticky or once-only ways (some behind a flag, a counter or the hub's
visits); each sets or clears a flag on entering and comes back by `next`, by a sticky
`Return`, or after going deeper; the exit needs three flags; a counter decides the ending.
Flags cleared again make some plays loop with no way out.

    python tests/benchmarks/other_hubs.py FOLDER SEED
"""

from __future__ import annotations

import random
import sys
from pathlib import Path


def gen(root: Path, seed: int, rooms: int = 10, flags: int = 6) -> Path:
    rng = random.Random(seed)
    fl = [f"f{i}" for i in range(flags)]
    root.mkdir(parents=True, exist_ok=True)
    (root / "story.yaml").write_text(
        "story:\n  title: Gen\n  start: c\n  chapters: [c]\n  variables:\n"
        + "".join(f"    {f}: false\n" for f in fl)
        + "    n: 0\n"
    )
    L = [
        "chapters:",
        "  c:",
        "    title: C",
        '    period: "1997"',
        "    start: hub",
        "    scenes:",
        "      hub:",
        "        text: The hub.",
        "        choices:",
    ]
    for r in range(rooms):
        sticky = rng.random() < 0.5
        cond = rng.choice(
            [
                None,
                None,
                f"{rng.choice(fl)}",
                f"not {rng.choice(fl)}",
                "n >= 2",
                f"visits hub >= {rng.randint(2, 5)}",
            ]
        )
        L.append(f"          - label: Room {r}")
        L.append(f"            goto: r{r}")
        L.append(f"            once: {'false' if sticky else 'true'}")
        if cond:
            L.append(f"            if: {cond}")
    need = rng.sample(fl, 3)
    L += [
        "          - label: Leave",
        "            goto: exit",
        "            if: " + " and ".join(need),
    ]
    for r in range(rooms):
        L += [f"      r{r}:", f"        text: Room {r}."]
        eff = [f"{{set: {{{rng.choice(fl)}: {rng.choice(['true', 'true', 'false'])}}}}}"]
        if rng.random() < 0.4:
            eff.append("{add: {n: 1}}")
        L.append("        do: [" + ", ".join(eff) + "]")
        style = rng.choice(["next", "sticky", "deeper"])
        if style == "next":
            L.append("        next: hub")
        elif style == "sticky":
            L += [
                "        choices:",
                "          - label: Return",
                "            goto: hub",
                "            once: false",
                "          - label: Look",
                f"            goto: r{r}",
                f"            if: not {rng.choice(fl)}",
                "            do: [{add: {n: 1}}]",
            ]
        else:
            L += [
                "        choices:",
                "          - label: Go deeper",
                f"            goto: r{r}b",
                "          - label: Return",
                "            goto: hub",
                "            once: false",
                f"      r{r}b:",
                f"        text: Deeper {r}.",
                f"        do: [{{set: {{{rng.choice(fl)}: true}}}}]",
                "        next: hub",
            ]
    L += [
        "      exit:",
        "        text: Out.",
        "        choices:",
        "          - {label: Home, goto: e_home, if: n >= 3}",
        "          - {label: Away, goto: e_away}",
        "      e_home:",
        "        text: Home.",
        "        end: home",
        "      e_away:",
        "        text: Away.",
        "        end: away",
    ]
    (root / "c.yaml").write_text("\n".join(L) + "\n")
    return root


if __name__ == "__main__":
    gen(Path(sys.argv[1]), int(sys.argv[2]))
