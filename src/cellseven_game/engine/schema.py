"""The JSON Schema of story files, for editors (yaml-language-server) and `cellseven schema`.

It mirrors the loader's key lists, so the two cannot drift apart without a test noticing.
"""

from __future__ import annotations

from typing import Any

from cellseven_game.engine import loader

ID_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9_-]*$"


def _obj(props: dict[str, Any], required: tuple[str, ...] = (), doc: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    if doc:
        out["description"] = doc
    return out


def _ids(doc: str) -> dict[str, Any]:
    one = {"type": "string", "pattern": ID_PATTERN}
    return {"description": doc, "oneOf": [one, {"type": "array", "items": one}]}


def _text(doc: str) -> dict[str, Any]:
    return {"type": "string", "description": doc}


def _id(doc: str) -> dict[str, Any]:
    return {"type": "string", "pattern": ID_PATTERN, "description": doc}


VALUE = {"type": ["number", "boolean", "string"]}


def schema() -> dict[str, Any]:
    effect_props = {
        "set": {
            "type": "object",
            "additionalProperties": VALUE,
            "description": "set variables: a value, or an expression in text (see the guide)",
        },
        "add": {
            "type": "object",
            "additionalProperties": {"type": ["number", "string"]},
            "description": "add to number variables: a number, or an expression in text",
        },
        "flag": _ids("set true/false variables to true"),
        "evidence": _ids("add items or testimonies to the court record"),
        "meet": _ids("characters who appear in the roster"),
        "reveal": _ids("facts revealed, as character.fact"),
    }
    effect = {**_obj(effect_props), "minProperties": 1, "maxProperties": 1}
    effects = {"type": "array", "items": effect, "description": "effects, applied in order"}
    choice_props = {
        "label": _text("what the player reads"),
        "goto": _id("the scene it leads to"),
        "id": _id("a stable id for saves and tests (default: the label as a slug)"),
        "if": _text("a condition; the choice is available only when it holds"),
        "when_false": {"enum": ["hide", "disable"], "description": "when the condition fails"},
        "once": {"type": "boolean", "description": "once-only (default true) or sticky"},
        "do": effects,
    }
    line = {
        "oneOf": [
            {"type": "string", "description": "a line of narration"},
            {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": {"type": "string"},
                "description": "character_id: what they say",
            },
        ]
    }
    scene_props = {
        "place": _text("shown in the header"),
        "period": _text('the year, when not the chapter\'s: "2013" for a frame scene in a memory'),
        "text": _text("the prose (Markdown)"),
        "lines": {"type": "array", "items": line, "description": "dialogue after the prose"},
        "do": effects,
        "choices": {"type": "array", "items": _obj(choice_props, ("label", "goto"))},
        "next": _id("where Continue leads"),
        "end": {"oneOf": [_id("the ending id"), {"const": True}]},
        "beats": _ids("canon beats this scene covers"),
        "trial": _id("the trial this scene runs"),
    }
    entry_props = {
        "set": {"type": "object", "additionalProperties": VALUE},
        "evidence": _ids("evidence carried in"),
        "met": _ids("characters already met"),
        "facts": _ids("facts already known, as character.fact"),
        "visited": _ids("scenes counted as visited"),
    }
    chapter_props = {
        "title": _text("the chapter's title"),
        "period": _text('the year of the memory, quoted: "1997"'),
        "place": _text("where it happens"),
        "frame": _text("the frame moment it hangs from"),
        "witness": _id("whose memory it is"),
        "start": _id("the first scene"),
        "entry": _obj(entry_props, doc="the state on arriving when replayed by name"),
        "scenes": {"type": "object", "additionalProperties": _obj(scene_props)},
    }
    character_props = {
        "name": _text("the name shown"),
        "role": _text("who they are, in a few words"),
        "bio": _text("a short biography"),
        "color": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
        "facts": {"type": "object", "additionalProperties": {"type": "string"}},
        "bond": _id("a number variable shown as this character's bond"),
        "roster": {"type": "boolean", "description": "false keeps a walk-on part out"},
    }
    evidence_props = {
        "name": _text("the name shown in the court record"),
        "kind": {"enum": ["item", "testimony"]},
        "description": _text("what it is"),
        "found": _text("where it is found"),
    }
    variables = {"type": "object", "additionalProperties": VALUE}
    story_props = {
        "title": _text("the story's title"),
        "start": _id("the first chapter"),
        "chapters": {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}},
        "variables": variables,
        "canon": _text("path of a canon file, relative to the pack"),
        "content_note": _text("shown before a first new game"),
        "renamed": {"type": "object", "additionalProperties": {"type": "string"}},
    }
    from cellseven_game.engine import playthroughs, trial_read

    sections: dict[str, Any] = {
        "story": _obj(story_props, ("title", "start", "chapters")),
        "characters": {"type": "object", "additionalProperties": _obj(character_props, ("name",))},
        "evidence": {"type": "object", "additionalProperties": _obj(evidence_props, ("name",))},
        "chapters": {
            "type": "object",
            "additionalProperties": _obj(chapter_props, ("title", "period", "start", "scenes")),
        },
        "variables": variables,
        "trials": {"type": "object", "additionalProperties": trial_read.schema()},
        "playthroughs": playthroughs.schema(),
    }
    assert set(sections) == set(loader.SECTIONS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cellseven.invalid/story.schema.json",
        "title": "cellseven story file",
        "type": "object",
        "properties": sections,
        "additionalProperties": False,
    }
