"""Repeated phrases in the bundled story, per 10,000 words, against ceilings.

A story editor found the prose leaning on a few words ("Nobody" 73 times, "the way" 37,
"like a" 34), on cut-ins back to the courtroom ("In 2013, ..."), and on the same joke about
Ye-sung (a six-year-old likened to an official). This counts them, so they do not creep back.

It reads what a player reads: every scene's `text`, every line of dialogue or narration, every
choice label and every trial statement, in `story/chapters/*.yaml`. Ids, places and comments
are not prose and are not counted.

    python tests/story/prose_tics.py            # the table, worst first, and where each tic is
    python tests/story/prose_tics.py --ngrams   # also the most repeated 4-word phrases

Exit status 1 when a tic or an unlisted 4-word phrase is over its ceiling (tests/story/
test_prose_tics.py runs the same check). A ceiling is a rate, so the story may grow; when a
new phrase is a deliberate refrain, add it to REFRAINS with the reason.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

CHAPTERS = Path(__file__).resolve().parents[2] / "story" / "chapters"
PER = 10_000  # rates are per this many words


@dataclass(frozen=True)
class Tic:
    name: str
    pattern: str  # a regular expression, matched case-insensitively unless it says (?-i)
    ceiling: float  # the most allowed per 10k words
    why: str


TICS: tuple[Tic, ...] = (
    Tic("nobody", r"\bnobody\b", 8.0, "was 33 per 10k: the narrator's reflex for a silence"),
    Tic(
        "the way",
        r"(?<!all )(?<!on )(?<!by )\bthe way\b(?! (to|home|back|out|in|round|up|down|there)\b)",
        5.0,
        "was 17 per 10k: every gesture compared to another",
    ),
    Tic("like a", r"\blike a\b", 5.0, "was 16 per 10k: a simile in nearly every scene"),
    Tic("as if", r"\bas if\b", 6.0, "the simile's other door, watched so the tic does not move"),
    Tic(
        "cut-in to 2013",
        r"(?-i:\bIn 2013\b)",
        1.0,
        "a 1997 scene interrupted by 'In 2013, ...': frame scenes do that job",
    ),
    Tic(
        "waiting to be asked",
        r"waiting for (someone|somebody|anyone|anybody) to ask|waited [a-z ]*to be asked",
        0.0,
        "three people in the story had waited for someone to ask",
    ),
    Tic(
        "his face does",
        r"\b(his|her) face (does|did|goes|went|gets)\b",
        0.0,
        "a face that 'does three things' tells the player nothing",
    ),
    Tic(
        "the child as an official",
        r"head of state|head teacher|gravity of a judge|judge at a [a-z ]*fair"
        r"|like a (teacher|magistrate|minister|bank manager|clerk|mayor)",
        0.0,
        "Ye-sung likened to an official five times: the joke was spent",
    ),
    Tic("idiot", r"\bidiots?\b", 1.5, "Yong-gu is laughed with, not at"),
    Tic(
        "comic sound",
        r"\b(bonk|bump,? bump|thwack|boing|splat)\b",
        0.0,
        "no comic sound near a child's fatal injury",
    ),
)

# Four-word phrases allowed to repeat: refrains the story means, and names.
REFRAINS: frozenset[str] = frozenset(
    {
        "a little bit done",  # the family's phrase for a promise kept late
        "is a little bit done",
        "late is a little bit",
        "in the name of",  # the Sailor Moon line, sung by father and daughter
        "the name of the",
        "name of the moon",
        "in room no 7",
        "of room no 7",
        "room no 7 has",
        "the men of room",
        "men of room no",
        "nobody in room no",
        "room no 7 is",
        "to room no 7",
        "at the defence table",  # the courtroom's furniture
        "the defence table and",
        "word of a gangster",  # Yang-ho's oath
        "on the day in",  # the confession's police phrase, quoted back
        "the day in question",
    }
)
NGRAM = 4
NGRAM_CEILING = 3.0  # per 10k words: about seven uses in a story of this length
NGRAM_MIN = 3  # a phrase used once or twice is not a habit, however short the story


@dataclass(frozen=True)
class Passage:
    path: Path
    line: int  # where the text itself starts (the line after `text: |` for a block)
    text: str
    literal: bool = False  # a `|` block: its line breaks are the file's

    def line_of(self, offset: int) -> int:
        """The file line of the character at `offset` of the text."""
        return self.line + (self.text.count("\n", 0, offset) if self.literal else 0)


def _scalars(
    node: yaml.Node, key: str | None, in_lines: bool
) -> Iterator[tuple[yaml.ScalarNode, bool]]:
    """Every scalar under `node`, and whether the player reads it: a `text` or `label` value,
    or anything inside a `lines:` list (a plain line, or the words of `- speaker: "..."`)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else None
            yield from _scalars(v, name, in_lines or name == "lines")
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, key, in_lines)
    elif isinstance(node, yaml.ScalarNode):
        yield node, in_lines or key in PROSE_KEYS


PROSE_KEYS = {"text", "label"}


def passages(folder: Path = CHAPTERS) -> list[Passage]:
    """Every piece of prose a player reads, with the file and line it starts on."""
    found: list[Passage] = []
    for path in sorted(folder.glob("*.yaml")):
        root = yaml.compose(path.read_text(encoding="utf-8"))
        if not isinstance(root, yaml.MappingNode):
            continue
        for k, section in root.value:
            if k.value not in ("chapters", "trials"):
                continue
            for node, prose in _scalars(section, None, False):
                if prose:
                    block = node.style in ("|", ">")
                    line = node.start_mark.line + 1 + (1 if block else 0)
                    found.append(Passage(path, line, node.value, node.style == "|"))
    return found


WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


def words(found: list[Passage]) -> list[str]:
    return [w.lower() for p in found for w in WORD.findall(p.text)]


@dataclass(frozen=True)
class Count:
    name: str
    count: int
    rate: float
    ceiling: float
    where: tuple[str, ...]

    @property
    def over(self) -> bool:
        return self.rate > self.ceiling


def tic_counts(found: list[Passage], total: int) -> list[Count]:
    counts = []
    for tic in TICS:
        rx = re.compile(tic.pattern, re.IGNORECASE)
        where = []
        for p in found:
            for match in rx.finditer(p.text):
                where.append(f"{p.path.name}:{p.line_of(match.start())}")
        counts.append(
            Count(tic.name, len(where), PER * len(where) / total, tic.ceiling, tuple(where))
        )
    return counts


def ngram_counts(found: list[Passage], total: int) -> list[Count]:
    """Four-word phrases repeated more often than NGRAM_CEILING, refrains aside."""
    grams: Counter[str] = Counter()
    for p in found:  # within one passage: a phrase never spans two speeches
        ws = [w.lower() for w in WORD.findall(p.text)]
        grams.update(" ".join(ws[i : i + NGRAM]) for i in range(len(ws) - NGRAM + 1))
    return [
        Count(g, c, PER * c / total, NGRAM_CEILING, ())
        for g, c in grams.most_common()
        if c >= NGRAM_MIN and g not in REFRAINS and PER * c / total > NGRAM_CEILING
    ]


def report(show_ngrams: bool = False, folder: Path = CHAPTERS) -> tuple[list[str], bool]:
    """The table a person reads, and whether every count is under its ceiling."""
    found = passages(folder)
    total = len(words(found))
    lines = [f"{total} words of prose in {folder.name}/ (rates per {PER:,} words)"]
    tics = tic_counts(found, total)
    grams = ngram_counts(found, total)
    for c in sorted(tics, key=lambda c: c.rate - c.ceiling, reverse=True):
        mark = "OVER" if c.over else "ok  "
        lines.append(f"{mark} {c.name:26} {c.count:4}  {c.rate:5.1f} / {c.ceiling:4.1f}")
        if c.over:
            lines.extend(f"       {w}" for w in c.where)
    for c in grams:
        lines.append(f"OVER phrase '{c.name}' {c.count} times, {c.rate:.1f} / {c.ceiling:.1f}")
    if show_ngrams:
        found_grams: Counter[str] = Counter()
        ws = words(found)
        found_grams.update(" ".join(ws[i : i + NGRAM]) for i in range(len(ws) - NGRAM + 1))
        lines.append("most repeated 4-word phrases:")
        lines.extend(f"  {c:3}  {g}" for g, c in found_grams.most_common(25))
    ok = not any(c.over for c in tics) and not grams
    return lines, ok


def main(argv: list[str]) -> int:
    lines, ok = report("--ngrams" in argv)
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
