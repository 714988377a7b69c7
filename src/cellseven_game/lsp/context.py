"""Which kind of id belongs at the cursor, read from the text as typed.

While an author types, the file is often not valid YAML, so this reads the line and the lines
above it (their indentation says which key holds the cursor) rather than parsed nodes.
"""

from __future__ import annotations

import re

# The value of these keys is an id of this kind, wherever they appear.
VALUE_KINDS = {
    "goto": "scene",
    "next": "scene",
    "reach": "scene",
    "scene": "scene",
    "visited": "scene",
    "meet": "character",
    "met": "character",
    "witness": "character",
    "judge": "character",
    "reveal": "fact",
    "facts": "fact",
    "evidence": "evidence",
    "refuted_by": "evidence",
    "flag": "variable",
    "bond": "variable",
    "trial": "trial",
    "refuted": "claim",
    "chapter": "chapter",
}
# Keys whose list items are lines of dialogue: a speaker is a character.
SPEAKER_LISTS = ("lines", "wrong")
# Condition keywords and the kind of the name after them; any other name is a variable.
AFTER_WORD = {"has": "evidence", "met": "character", "knows": "fact", "visited": "scene"}
AFTER_WORD["visits"] = "scene"

_KEY_VALUE = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?:\{\s*)?(?P<key>[A-Za-z_]+):\s*(?P<rest>.*)$")
_IN_FLOW = re.compile(r"^\[?(?:[^\[\],]*,\s*)*[\"']?(?P<word>[A-Za-z0-9_.-]*)$")
_SET = re.compile(r"\b(?:set|add):\s*\{(?:[^{}]*,)?\s*(?P<word>[A-Za-z0-9_]*)$")
_ITEM = re.compile(r"^(?P<indent>\s*)-\s+[\"']?(?P<word>[A-Za-z0-9_.-]*)$")
_WORD_END = re.compile(r"[A-Za-z0-9_.-]*$")


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" "))


def _parent_key(lines: list[str], line: int, indent: int) -> tuple[str, int] | None:
    """The nearest key above `line` written with less indentation, and its indentation."""
    for row in reversed(lines[:line]):
        stripped = row.strip()
        if not stripped or stripped.startswith("#"):
            continue
        at = _indent(row)
        if at < indent:
            match = _KEY_VALUE.match(row)
            return (match["key"], at) if match else None
    return None


def _section(lines: list[str], line: int) -> str:
    """The top-level section (`story`, `chapters`, ...) the line sits in."""
    for row in reversed(lines[: line + 1]):
        if row[:1].isalpha():
            return row.split(":", 1)[0]
    return ""


def kind_at(lines: list[str], line: int, col: int) -> tuple[str, int] | None:
    """The kind of id to complete at 0-based (line, col) and where the typed part starts."""
    if not 0 <= line < len(lines):
        return None
    before = lines[line][:col]
    start = col - len(_WORD_END.search(before)[0])  # type: ignore[index]
    match = _SET.search(before)
    if match:
        return "variable", col - len(match["word"])
    match = _KEY_VALUE.match(before)
    if match:
        key, rest = match["key"], match["rest"]
        if key == "if":
            return _in_condition(rest, col)
        if key in ("set", "add"):
            return None  # a `{` opens the variables: handled above
        kind = VALUE_KINDS.get(key)
        if key == "start":
            kind = "chapter" if _section(lines, line) == "story" else "scene"
        if key == "chapters" and _section(lines, line) == "story":
            kind = "chapter"
        if key == "evidence" and not match["indent"] and not before.lstrip().startswith("-"):
            kind = None  # the top-level `evidence:` section itself
        if kind is None or _IN_FLOW.match(rest) is None:
            return None
        return kind, start
    match = _ITEM.match(before)
    if match:
        parent = _parent_key(lines, line, len(match["indent"]) + 1)
        if parent is None:
            return None
        key = parent[0]
        if key in SPEAKER_LISTS:
            return "character", start
        if key == "chapters" and _section(lines, line) == "story":
            return "chapter", start
        kind = VALUE_KINDS.get(key)
        return (kind, start) if kind else None
    return None


def _in_condition(rest: str, col: int) -> tuple[str, int] | None:
    text = rest.lstrip("\"'")
    words = re.findall(r"[A-Za-z0-9_.]+|[^\sA-Za-z0-9_.]", text)
    typed = words[-1] if words and _WORD_END.fullmatch(words[-1]) and not text.endswith(" ") else ""
    if typed and text.endswith(typed):
        earlier = words[:-1]
    else:
        typed, earlier = "", words
    previous = earlier[-1] if earlier else ""
    kind = AFTER_WORD.get(previous, "variable")
    return kind, col - len(typed)
