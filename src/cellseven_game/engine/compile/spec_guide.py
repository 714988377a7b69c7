"""The authoring guide's generated tables: the format's reference (from spec) and the lists of
diagnostic codes (from the registry), written between their markers in story/README.md.

    python -m cellseven_game.engine.compile.spec_guide story/README.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from cellseven_game.engine.compile.spec import (
    AMOUNTS,
    ANY,
    BOOL,
    CHAPTER,
    CHARACTER,
    CHOICE,
    CLAIM,
    COLOR,
    CONDITION,
    COUNT,
    EFFECT,
    EFFECTS,
    END,
    EVIDENCE,
    FACT,
    FACT_LIST,
    ID,
    IDS,
    LINES,
    PLAYTHROUGH,
    REFUTED,
    RENAMES,
    SAYINGS,
    SCENE,
    STATEMENT,
    STEPS,
    STORY,
    TEXT,
    TEXTS,
    TIER,
    TRIAL,
    VALUES,
    Key,
    Section,
)
from cellseven_game.engine.core import diagnostics

_WORDS = {
    TEXT: "text",
    CONDITION: "condition",
    FACT: "`character.fact`, or a list",
    FACT_LIST: "list of `character.fact`",
    BOOL: "`true`/`false`",
    COUNT: "whole number 1–99",
    VALUES: "mapping variable → value",
    AMOUNTS: "mapping variable → number (or an expression)",
    TEXTS: "mapping fact id → text",
    RENAMES: "mapping old scene id → new scene id",
    LINES: "lines",
    EFFECTS: "list of effects",
    END: "ending id, or `true`",
    REFUTED: "`all`, or claim ids",
    STEPS: "list of steps",
    SAYINGS: "text, or a list of texts",
    COLOR: '`"#rrggbb"`',
    ANY: "anything",
}


def type_words(key: Key) -> str:
    """How the guide names a key's kind of value: `scene id, required`, ..."""
    if key.of is not None:
        plural = {"a choice": "choices", "a claim": "claims", "a verdict tier": "tiers"}
        words = {
            "one": "mapping",
            "list": f"list of {plural.get(key.of.name, key.of.name.split()[-1] + 's')}",
            "map": f"mapping id → {key.of.name.split()[-1]}",
        }[key.shape]
    elif key.kind.startswith("one of: "):
        words = " or ".join(f"`{v}`" for v in key.kind.removeprefix("one of: ").split("|"))
    elif key.kind == ID:
        words = f"{key.refers} id" if key.refers else "id"
    elif key.kind == IDS:
        words = f"{key.refers} id, or a list" if key.refers else "id, or a list"
    else:
        words = _WORDS[key.kind]
    return f"{words}, required" if key.required else words


def guide_table(part: Section) -> str:
    """The Markdown reference table of one section, as story/README.md shows it."""
    rows = ["| key | type | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{k.name}` | {type_words(k)} | {k.doc} |" for k in part.keys]
    return "\n".join(rows) + "\n"


# The tables of story/README.md, by the name of their <!-- spec:NAME:start/end --> markers.
GUIDE_TABLES = {
    "story": STORY,
    "chapter": CHAPTER,
    "scene": SCENE,
    "choice": CHOICE,
    "effect": EFFECT,
    "character": CHARACTER,
    "evidence": EVIDENCE,
    "trial": TRIAL,
    "claim": CLAIM,
    "statement": STATEMENT,
    "tier": TIER,
    "playthrough": PLAYTHROUGH,
}


def write_guide(text: str) -> str:
    """The guide with every generated table between its markers brought up to date: the
    format's reference tables (`spec:NAME`) and the lists of diagnostic codes
    (`diagnostics:NAME`, from the registry)."""
    tables = {f"spec:{name}": guide_table(part) for name, part in GUIDE_TABLES.items()}
    tables |= {
        f"diagnostics:{name}": diagnostics.guide_table(name) for name in diagnostics.GUIDE_GROUPS
    }
    for name, table in tables.items():
        start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
        block = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
        whole = start + table + end
        text = block.sub(lambda _: whole, text)  # noqa: B023 - used at once, in this turn
    return text


if __name__ == "__main__":  # python -m cellseven_game.engine.compile.spec_guide story/README.md
    guide = Path(sys.argv[1])
    guide.write_text(write_guide(guide.read_text(encoding="utf-8")), encoding="utf-8")
