"""Every diagnostic code, once: the registry the engine, the guide, `explain` and the LSP read.

The entries are data, kept in three modules by the stage that reports them (reading files and
values, names and expressions, the story as a whole); this module gathers them under one name
space, so engine code writes `diagnostics.UNKNOWN_KEY` and never a code as text (a test greps
the source for one). `explain(code)` is what `cellseven explain` prints and the editor shows on
hover; `guide_table(group)` is the guide's list of codes (story/README.md, generated).
"""

from __future__ import annotations

from collections.abc import Mapping

from cellseven_game.engine.core import diagnostics_read, diagnostics_refs, diagnostics_story
from cellseven_game.engine.core.diagnostics_details import PARSE, TYPES
from cellseven_game.engine.core.diagnostics_play import DIVERGED, EXPECTED, NOW, OPTIONS, REFUSED
from cellseven_game.engine.core.diagnostics_read import (
    BAD_ID,
    DEFINED_TWICE,
    DUPLICATE_KEY,
    EMPTY_FILE,
    MISSING_KEY,
    NOT_READ,
    NUMBER_OUT_OF_RANGE,
    REFUSED_YAML,
    UNKNOWN_KEY,
    UNREADABLE,
    WRONG_SHAPE,
    YAML_11_VALUE,
    YAML_SYNTAX,
)
from cellseven_game.engine.core.diagnostics_refs import (
    BAD_CONDITION,
    BAD_TEXT_FIELD,
    CHAPTER_NOT_IN_ORDER,
    MIXED_TYPES,
    SAME_CHOICE_ID,
    START_OUTSIDE_CHAPTER,
    UNKNOWN_BEAT,
    UNKNOWN_CHAPTER,
    UNKNOWN_CHARACTER,
    UNKNOWN_EVIDENCE,
    UNKNOWN_FACT,
    UNKNOWN_SCENE,
    UNKNOWN_TRIAL,
    UNKNOWN_VARIABLE,
    WRONG_TYPE,
)
from cellseven_game.engine.core.diagnostics_story import (
    BAD_CREDIBILITY,
    BAD_UNLOCK,
    BEAT_NOT_TOLD,
    CANNOT_BE_WON,
    DEAD_END,
    EVIDENCE_TOO_LATE,
    NEVER_REFUTED,
    NO_CLAIMS,
    NO_FALLBACK_TIER,
    NO_WAY_BACK,
    PLAYTHROUGH_DIFFERS,
    PLAYTHROUGH_NAMES_NOTHING,
    PLAYTHROUGH_SHAPE,
    READ_NEVER_SET,
    RESERVED_VARIABLE,
    SET_NEVER_READ,
    TRIAL_NEVER_RUN,
    UNKNOWN_CLAIM,
    UNREACHABLE,
)
from cellseven_game.engine.core.errors import Diagnostic, Form

# Every code, in code order; the variants are the same codes given as warnings in some cases.
CODES: dict[str, Diagnostic] = {
    d.code: d
    for d in sorted(
        (*diagnostics_read.CODES, *diagnostics_refs.CODES, *diagnostics_story.CODES),
        key=lambda d: d.code,
    )
}
VARIANTS: tuple[Diagnostic, ...] = diagnostics_read.VARIANTS

# The codes whose fields are worded by tables of their own, and which: a condition's detail
# (diagnostics_details), a playthrough's findings and a refused step (diagnostics_play).
_CONDITION = "What a condition or expression says in `{problem}`:"
DETAILS_OF: dict[str, tuple[tuple[str, Mapping[str, Form]], ...]] = {
    "CS106": ((_CONDITION, PARSE),),
    "CS115": ((_CONDITION, PARSE),),
    "CS114": ((_CONDITION, TYPES),),
    "CS403": (
        ("What the playthrough expected and found instead, in `{problem}`:", EXPECTED),
        ("Where the story stands, in `{now}`:", NOW),
        ("Why a step was refused, in `{said}` (`cellseven run` says the same):", REFUSED),
        ("Each option, in `{options}` (joined by `; `):", OPTIONS),
        ("Why recorded steps no longer fit, in `{why}`:", DIVERGED),
    ),
}

# The guide's lists of codes, by the name of their <!-- diagnostics:NAME:start/end --> markers.
GUIDE_GROUPS = {
    "pack": ("CS0", "CS1", "CS2"),
    "trial": ("CS113", "CS3"),
    "playthroughs": ("CS4",),
}


def lookup(code: str) -> Diagnostic | None:
    """The registry's entry for a code (any case, `cs3` → nothing), or None."""
    return CODES.get(code.strip().upper())


def severity_words(d: Diagnostic) -> str:
    return f"{d.severity} (a warning {d.warning_when})" if d.warning_when else d.severity


def explain(code: str) -> str | None:
    """A code's title, explanation and example, as `cellseven explain` prints it (Markdown)."""
    d = lookup(code)
    if d is None:
        return None
    parts = [f"{d.code}: {d.title} ({severity_words(d)})", "", d.explanation + ".", ""]
    parts.append(f"The message reads: {shown(d.template)}")
    parts += _forms(d)
    for heading, details in DETAILS_OF.get(d.code, ()):
        parts += ["", heading]
        parts += [f"- {name}: {shown(detail.template)}" for name, detail in details.items()]
    for variant in (v for v in VARIANTS if v.code == d.code):
        parts += ["", f"As a warning ({d.warning_when}) it reads: {shown(variant.template)}"]
        parts += _forms(variant)
    for name, text in d.example.items():
        parts += ["", f"For example, this `{name}`:", ""]
        parts += [f"    {line}" if line else "" for line in text.splitlines()]
    return "\n".join(parts) + "\n"


def shown(template: str) -> str:
    """A template as a person reads it: its fields as `{name}`, its braces single."""
    import string  # start-up: its Template compiles a pattern; only `explain` and the guide

    return "".join(
        text + ("" if field is None else f"{{{field}}}")
        for text, field, _, _ in string.Formatter().parse(template)
    )


def _forms(d: Diagnostic) -> list[str]:
    """The other wordings of a code's message, one line each, for `explain`."""
    if not d.forms:
        return []
    return ["", "Other forms of the message, by case:"] + [
        f"- {name}: {shown(form.template)}" for name, form in d.forms.items()
    ]


def guide_table(group: str) -> str:
    """The Markdown list of one group of codes, as story/README.md shows it."""
    rows = ["| code | severity | meaning |", "| --- | --- | --- |"]
    rows += [
        f"| `{d.code}` | {severity_words(d)} | {d.explanation} |"
        for d in CODES.values()
        if d.code.startswith(GUIDE_GROUPS[group])
    ]
    return "\n".join(rows) + "\n"


__all__ = [
    "BAD_CONDITION",
    "BAD_CREDIBILITY",
    "BAD_ID",
    "BAD_TEXT_FIELD",
    "BAD_UNLOCK",
    "BEAT_NOT_TOLD",
    "CANNOT_BE_WON",
    "CHAPTER_NOT_IN_ORDER",
    "DEAD_END",
    "DEFINED_TWICE",
    "DUPLICATE_KEY",
    "EMPTY_FILE",
    "EVIDENCE_TOO_LATE",
    "MISSING_KEY",
    "MIXED_TYPES",
    "NEVER_REFUTED",
    "NOT_READ",
    "NO_CLAIMS",
    "NO_FALLBACK_TIER",
    "NO_WAY_BACK",
    "NUMBER_OUT_OF_RANGE",
    "PLAYTHROUGH_DIFFERS",
    "PLAYTHROUGH_NAMES_NOTHING",
    "PLAYTHROUGH_SHAPE",
    "READ_NEVER_SET",
    "REFUSED_YAML",
    "RESERVED_VARIABLE",
    "SAME_CHOICE_ID",
    "SET_NEVER_READ",
    "START_OUTSIDE_CHAPTER",
    "TRIAL_NEVER_RUN",
    "UNKNOWN_BEAT",
    "UNKNOWN_CHAPTER",
    "UNKNOWN_CHARACTER",
    "UNKNOWN_CLAIM",
    "UNKNOWN_EVIDENCE",
    "UNKNOWN_FACT",
    "UNKNOWN_KEY",
    "UNKNOWN_SCENE",
    "UNKNOWN_TRIAL",
    "UNKNOWN_VARIABLE",
    "UNREACHABLE",
    "UNREADABLE",
    "WRONG_SHAPE",
    "WRONG_TYPE",
    "YAML_11_VALUE",
    "YAML_SYNTAX",
]
