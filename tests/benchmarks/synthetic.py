"""A synthetic story pack in the documented format, for benchmarks and scale tests."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = [
    "the",
    "cell",
    "was",
    "quiet",
    "and",
    "the",
    "snow",
    "kept",
    "falling",
    "on",
    "the",
    "market",
    "roofs",
    "while",
    "a",
    "small",
    "girl",
    "counted",
    "coins",
    "by",
    "the",
    "window",
    "and",
    "her",
    "father",
    "laughed",
    "at",
    "nothing",
    "in",
    "particular",
    "again",
]


def _prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_pack(root: Path, scenes: int = 10_000, files: int = 50, seed: int = 7) -> Path:
    """Write `scenes` scenes (~60 words each) over `files` chapter files; returns root."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    per_file = scenes // files
    chapters = [f"ch{n:03d}" for n in range(files)]
    (root / "story.yaml").write_text(
        "story:\n"
        "  title: Synthetic\n"
        f"  start: {chapters[0]}\n"
        f"  chapters: [{', '.join(chapters)}]\n"
        "  variables:\n    trust: 0\n    seen_note: false\n"
        "characters:\n"
        "  a:\n    name: Anna\n    bond: trust\n"
        "  b:\n    name: Bo\n"
        "evidence:\n  note:\n    name: A note\n",
        encoding="utf-8",
    )
    for f, chapter in enumerate(chapters):
        lines = [
            f'chapters:\n  {chapter}:\n    title: Chapter {f}\n    period: "1997"\n'
            f"    start: s{f}_0\n    scenes:\n"
        ]
        for i in range(per_file):
            sid = f"s{f}_{i}"
            last = i == per_file - 1
            if last:
                target = f"s{f + 1}_0" if f + 1 < files else None
            lines.append(f"      {sid}:\n        text: |\n          {_prose(rng, 50)}\n")
            lines.append(
                f'        lines:\n          - a: "{_prose(rng, 6)}"\n'
                f'          - b: "{_prose(rng, 4)}"\n'
            )
            if last and target is None:
                lines.append("        end: finale\n")
            elif last:
                lines.append(f"        next: {target}\n")
            else:
                nxt = f"s{f}_{i + 1}"
                lines.append(
                    "        choices:\n"
                    f"          - label: Go on\n            goto: {nxt}\n"
                    "            do:\n              - add: {trust: 1}\n"
                    f"          - label: Look closer\n            goto: {nxt}\n"
                    "            if: trust > 2 or not seen_note\n            when_false: disable\n"
                    "            do:\n              - flag: seen_note\n"
                    "              - evidence: note\n"
                )
        (root / f"{chapter}.yaml").write_text("".join(lines), encoding="utf-8")
    return root
