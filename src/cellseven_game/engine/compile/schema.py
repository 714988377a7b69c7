"""The JSON Schema of story files, for editors (yaml-language-server) and `cellseven schema`.

Built from the format's one declaration (`spec`): the loader takes its keys from the same
place, and a test checks that the two accept and refuse the same files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cellseven_game.engine.compile import spec
from cellseven_game.engine.core.trial_model import MAX_CREDIBILITY

if TYPE_CHECKING:
    from cellseven_game.engine.core.model import Story

ID_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9_-]*$"
FACT_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9_-]*[.][A-Za-z0-9_][A-Za-z0-9_-]*$"  # character.fact

# The loader reads a whole number where it wants text (`period: 1997`) or an id (`goto: 12`).
TEXT: dict[str, Any] = {"type": ["string", "integer"]}
ID: dict[str, Any] = {
    "anyOf": [{"type": "string", "pattern": ID_PATTERN}, {"type": "integer", "minimum": 0}]
}
VALUE: dict[str, Any] = {"type": ["number", "boolean", "string"]}
FACT: dict[str, Any] = {"type": "string", "pattern": FACT_PATTERN}


def _one_or_list(one: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [one, {"type": "array", "items": one}]}


Ids = Mapping[str, list[str]]  # what a key refers to ("scene", ...) -> the pack's ids of it


def _line(speakers: list[str]) -> dict[str, Any]:
    names = {"enum": speakers} if speakers else {"pattern": ID_PATTERN}
    return {
        "oneOf": [
            {**TEXT, "description": "a line of narration"},
            {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "propertyNames": names,
                "additionalProperties": TEXT,
                "description": "character_id: what they say",
            },
            {
                "type": "object",
                "required": ["if"],
                "minProperties": 2,
                "maxProperties": 2,
                "properties": {"if": TEXT},
                "propertyNames": {"anyOf": [{"enum": ["if", "text"]}, names]},
                "additionalProperties": TEXT,
                "description": "a line said only when `if` holds: `character_id: what they "
                "say` (or `text:` for narration) and `if: condition`",
            },
        ]
    }


def _kind(kind: str, ids: Ids) -> dict[str, Any]:
    """The schema of one kind of value (see spec)."""
    if kind.startswith("one of: "):
        return {"enum": kind.removeprefix("one of: ").split("|")}
    if kind == spec.EFFECTS:
        return {"type": "array", "items": section(spec.EFFECT, ids, effect=True)}
    if kind == spec.LINES:
        return {"type": "array", "items": _line(ids.get("character", []))}
    simple: dict[str, dict[str, Any]] = {
        spec.TEXT: TEXT,
        spec.CONDITION: TEXT,
        spec.ID: ID,
        spec.IDS: _one_or_list(ID),
        spec.SAYINGS: _one_or_list(TEXT),
        spec.FACT: _one_or_list(FACT),
        spec.FACT_LIST: {"type": "array", "items": FACT},
        spec.BOOL: {"type": "boolean"},
        spec.COUNT: {"type": "integer", "minimum": 1, "maximum": MAX_CREDIBILITY},
        spec.VALUES: {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": VALUE,
        },
        spec.AMOUNTS: {"type": "object", "additionalProperties": {"type": ["number", "string"]}},
        spec.TEXTS: {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": TEXT,
        },
        spec.RENAMES: {"type": "object", "additionalProperties": ID},
        spec.END: {"anyOf": [ID, {"const": True}]},
        spec.REFUTED: {"anyOf": [{"const": "all"}, _one_or_list(ID)]},
        spec.STEPS: {
            "type": "array",
            "items": {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "string"}]},
        },
        spec.COLOR: {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
        spec.ANY: {},
    }
    return dict(simple[kind])


def _only(node: dict[str, Any], ids: list[str]) -> dict[str, Any]:
    """A copy of an id (or ids) schema that accepts only `ids`; the base is never changed."""
    for choice in ("oneOf", "anyOf"):
        if choice in node:
            parts = node[choice]
            if any(p.get("type") == "array" or "anyOf" in p or "oneOf" in p for p in parts):
                return {**node, choice: [_only(part, ids) for part in parts]}
            return {**node, "enum": ids}  # one id, written as text or a whole number
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        return {**node, "items": _only(node["items"], ids)}
    if node.get("type") == "string" and "pattern" in node:
        # The ids replace the pattern: a fact is `character.fact`, which no id pattern allows.
        return {**{k: v for k, v in node.items() if k != "pattern"}, "enum": ids}
    return node


def _key(key: spec.Key, ids: Ids) -> dict[str, Any]:
    if key.of is not None:
        one = section(key.of, ids)
        if key.shape == "list":
            out: dict[str, Any] = {"type": "array", "items": one}
        elif key.shape == "map":
            out = {
                "type": "object",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": one,
            }
        else:
            out = one
    else:
        out = _kind(key.kind, ids)
        known = ids.get(key.refers, [])
        if known and key.kind in (spec.VALUES, spec.AMOUNTS):
            out["propertyNames"] = {"enum": known}  # `set: {variable: ...}`
        elif known and key.kind == spec.RENAMES:
            out["additionalProperties"] = _only(ID, known)
        elif known:
            out = _only(out, known)
    return {**out, "description": key.doc}


def section(part: spec.Section, ids: Ids, effect: bool = False) -> dict[str, Any]:
    """The schema of one mapping of the format: its keys, none other, the required ones."""
    out: dict[str, Any] = {
        "type": "object",
        "description": part.doc,
        "properties": {key.name: _key(key, ids) for key in part.keys},
        "additionalProperties": False,
    }
    if part.required:
        out["required"] = list(part.required)
    if effect:
        out["minProperties"] = out["maxProperties"] = 1
    return out


def schema(ids: Ids | None = None) -> dict[str, Any]:
    """The schema of every story file; with `ids`, the keys that name one accept only those."""
    ids = ids or {}
    story_file = section(spec.FILE, ids)
    canon_file = section(spec.CANON_FILE, ids)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cellseven.invalid/story.schema.json",
        "title": "cellseven story file",
        "type": "object",
        # A canon file holds `canon:` and nothing else; a story file never holds it.
        "properties": {**story_file["properties"], **canon_file["properties"]},
        "additionalProperties": False,
        "anyOf": [{"not": {"required": ["canon"]}}, {"maxProperties": 1}],
    }


def pack_schema(story: Story) -> dict[str, Any]:
    """The schema with this pack's ids as enums, so an editor completes and checks them.

    The keys that name an id say what they name in `spec` (`refers`); those get the ids.
    """
    trials = list(story.trials.values())
    facts = [f"{c.id}.{fact}" for c in story.characters.values() for fact, _ in c.facts]
    ids = {
        "scene": sorted(story.scenes),
        "chapter": list(story.chapter_order),
        "character": sorted(story.characters),
        "evidence": sorted(story.evidence),
        "variable": sorted(story.variables),
        "fact": sorted(facts),
        "trial": sorted(story.trials),
        "claim": sorted({c.id for t in trials for c in t.claims}),
    }
    out = schema(ids)
    out["title"] = f"cellseven story file: {story.title}"
    return out


SCHEMA_FILE = "cellseven.schema.json"  # what `cellseven new` writes and its files point at


def refresh_pack_schema(story: Story) -> bool:
    """Rewrite the pack's own schema file with its ids, when it has one of ours.

    `play --dev` calls this on every reload that loads, so an editor's yaml-language-server
    completes the ids written a moment ago. Only a file that already holds a cellseven
    schema is replaced (atomically); returns whether it was.
    """
    path = story.root / SCHEMA_FILE
    try:
        if not path.is_file() or path.stat().st_size > 16 * 1024 * 1024:
            return False
        if json.loads(path.read_text(encoding="utf-8")).get("$id") != schema()["$id"]:
            return False
        text = json.dumps(pack_schema(story), indent=2) + "\n"
        temp = path.with_name(f".{SCHEMA_FILE}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except (OSError, ValueError, AttributeError):
        return False  # an unreadable or foreign file: left as it is
    return True
