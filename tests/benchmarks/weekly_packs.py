"""Small weekly packs, to check `explore`'s dead-end reading against its walk.

Each seed gives one to three weeks: a hub where each activity costs a point of energy,
activities whose choices (most once-only, some behind a liking) raise or lower one or two
likings, some entered through a lane first, dates behind a liking, an errand of scenes that
read and change nothing of it, with sometimes a once-only stall whose snack gives energy as
it is entered; then a finale whose endings read the likings. Small enough for the walk to
see every state, so `proof_vs_walk.py` can compare.

    python tests/benchmarks/weekly_packs.py FOLDER FIRST_SEED LAST_SEED
"""

from __future__ import annotations

import random
import sys
from pathlib import Path


def _activity(rng: random.Random, w: int, a: int, friends: list[str]) -> list[str]:
    """An activity's scene (and the lane before it, sometimes)."""
    f, g = rng.choice(friends), rng.choice(friends)

    def once() -> str:
        return "" if rng.random() < 0.7 else ", once: false"

    both = f"{{{f}: 1, {g}: 1}}" if f != g else f"{{{f}: 1}}"
    nice = f"{{{f}: {rng.randint(1, 2)}}}"
    choices = [
        f"          - {{label: Nice, goto: h{w}{once()}, do: [{{add: {nice}}}]}}",
        f"          - {{label: Tease, goto: h{w}{once()}, do: [{{add: {both}}}]}}",
    ]
    if rng.random() < 0.6:
        choices.append(
            f"          - {{label: Quiet, goto: h{w}{once()}, if: {f} > 0,"
            f" do: [{{add: {{{f}: -1}}}}]}}"
        )
    if rng.random() < 0.3:
        choices.append(f"          - {{label: Wander, goto: w{w}e0{once()}}}")
    lines = [f"      w{w}a{a}:", "        text: An activity."]
    if rng.random() < 0.3:
        lines.append(f"        do: [{{meet: c{rng.randrange(2)}}}]")
    if rng.random() < 0.3:
        lines += [f"        next: w{w}a{a}l", f"      w{w}a{a}l:", "        text: A lane."]
    return [*lines, "        choices:", *choices]


def _week(rng: random.Random, w: int, weeks: int, energy: int, friends: list[str]) -> list[str]:
    after = f"h{w + 1}" if w + 1 < weeks else "final"
    acts = rng.randint(2, 4)
    lines = [f"  w{w}:", f"    title: Week {w}", "    period: '2019'", f"    start: h{w}"]
    lines += ["    scenes:", f"      h{w}:", "        text: Hub.", "        choices:"]
    spend = "do: [{add: {energy: -1}}]"
    for a in range(acts):
        lines.append(
            f"          - {{label: Act {a}, goto: w{w}a{a}, once: false, if: energy > 0, {spend}}}"
        )
    for i, f in enumerate(friends):
        if rng.random() < 0.5:
            need = f"{f} >= {rng.randint(1, 3)} and energy > 0"
            lines.append(f"          - {{label: Date {i}, goto: w{w}d{i}, if: {need}, {spend}}}")
    if rng.random() < 0.4:
        sticky = str(rng.random() < 0.5).lower()
        lines.append(f"          - {{label: Errand, goto: w{w}e0, once: {sticky}}}")
    rest = f"do: [{{set: {{energy: {energy}}}}}]"
    lines.append(f"          - {{label: Sleep, goto: {after}, once: false, {rest}}}")
    for a in range(acts):
        lines += _activity(rng, w, a, friends)
    for i, f in enumerate(friends):
        lines += [f"      w{w}d{i}:", "        text: A date.", f"        next: w{w}d{i}b"]
        lines += [f"      w{w}d{i}b:", "        text: Still the date.", "        choices:"]
        lines += [f"          - {{label: Kiss, goto: h{w}, do: [{{add: {{{f}: 2}}}}]}}"]
        lines += [f"          - {{label: Talk, goto: h{w}, once: false}}"]
    lines += [f"      w{w}e0:", "        text: Errand.", "        choices:"]
    lines += [f"          - {{label: Onward, goto: w{w}e1, once: false}}"]
    if rng.random() < 0.5:
        gain = rng.randint(1, 2)
        lines += [
            f"          - {{label: Stall, goto: w{w}sn}}",
            f"      w{w}sn:",
            "        text: Snack.",
        ]
        lines += [f"        do: [{{add: {{energy: {gain}}}}}]", f"        next: w{w}e1"]
    lines += [f"      w{w}e1:", "        text: Errand on."]
    if rng.random() < 0.7:
        lines.append(f"        next: h{w}")
    else:
        lines += ["        choices:", f"          - {{label: Back, goto: h{w}, if: not snack}}"]
    return lines


def pack_text(seed: int) -> str:
    rng = random.Random(seed)
    weeks, energy = rng.randint(1, 3), rng.randint(1, 3)
    friends = [f"aff_{i}" for i in range(rng.randint(1, 3))]
    chapters = ", ".join(f"w{w}" for w in range(weeks))
    likings = ", ".join(f"{f}: 0" for f in friends)
    lines = ["story:", "  title: Weeks", "  start: w0", f"  chapters: [{chapters}, fin]"]
    lines += [f"  variables: {{energy: {energy}, {likings}, snack: false}}", "chapters:"]
    for w in range(weeks):
        lines += _week(rng, w, weeks, energy, friends)
    lines += ["  fin:", "    title: End", "    period: '2019'", "    start: final", "    scenes:"]
    lines += ["      final:", "        text: Final.", "        choices:"]
    for i, f in enumerate(friends):
        lines.append(
            f"          - {{label: With {i}, goto: end{i}, if: {f} >= {rng.randint(1, 4)}}}"
        )
    alone = " and ".join(f"{f} < 2" for f in friends)
    lines.append(f"          - {{label: Alone, goto: alone, if: {alone}}}")
    for i in range(len(friends)):
        lines += [f"      end{i}:", "        text: Together.", f"        end: e{i}"]
    lines += ["      alone:", "        text: Alone.", "        end: alone"]
    lines += ["characters:", "  c0: {name: Cee}", "  c1: {name: Dee}"]
    return "\n".join(lines) + "\n"


def weekly_pack(root: Path, seed: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "story.yaml").write_text(pack_text(seed), encoding="utf-8")
    return root


if __name__ == "__main__":
    folder, first, last = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    for number in range(first, last):
        weekly_pack(folder / f"wk{number}", number)
