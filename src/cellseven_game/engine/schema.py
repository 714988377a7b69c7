"""The JSON Schema of story files, for editors (yaml-language-server) and `cellseven schema`.

It mirrors the loader's key lists, so the two cannot drift apart without a test noticing.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from cellseven_game.engine import loader

if TYPE_CHECKING:
    from cellseven_game.engine.model import Story

ID_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9_-]*$"
FACT_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9_-]*[.][A-Za-z0-9_][A-Za-z0-9_-]*$"  # character.fact


def _obj(props: dict[str, Any], required: tuple[str, ...] = (), doc: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    if doc:
        out["description"] = doc
    return out


# The loader reads a whole number where it wants text (`period: 1997`) or an id (`goto: 12`).
TEXT: dict[str, Any] = {"type": ["string", "integer"]}
ID: dict[str, Any] = {
    "anyOf": [{"type": "string", "pattern": ID_PATTERN}, {"type": "integer", "minimum": 0}]
}


def _ids(doc: str) -> dict[str, Any]:
    return {"description": doc, "anyOf": [ID, {"type": "array", "items": ID}]}


def _facts(doc: str) -> dict[str, Any]:
    one = {"type": "string", "pattern": FACT_PATTERN}
    return {"description": doc, "anyOf": [one, {"type": "array", "items": one}]}


def _text(doc: str) -> dict[str, Any]:
    return {**TEXT, "description": doc}


def _id(doc: str) -> dict[str, Any]:
    return {**ID, "description": doc}


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
        "reveal": _facts("facts revealed, as character.fact"),
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
            {**TEXT, "description": "a line of narration"},
            {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": TEXT,
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
        "facts": {
            "type": "array",
            "items": {"type": "string", "pattern": FACT_PATTERN},
            "description": "facts already known, as character.fact",
        },
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
        "facts": {"type": "object", "additionalProperties": TEXT},
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
        "chapters": _ids("the chapters in story order"),
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
    beat = _obj(
        {
            "id": _id("the beat's id, named by scenes' `beats`"),
            "fact": _text("what happens, in one line"),
            "source": _text("which source document tells it"),
            "chapter": _text("the chapter that tells it"),
        },
        ("id", "fact"),
    )
    sections["canon"] = _obj(
        {
            "beats": {"type": "array", "items": beat, "description": "the plot beats"},
            "characters": {"description": "notes on the people of the source; not read"},
        },
        ("beats",),
        "a canon file: the plot beats the story must cover (alone in its file)",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cellseven.invalid/story.schema.json",
        "title": "cellseven story file",
        "type": "object",
        "properties": sections,
        "additionalProperties": False,
        # A canon file holds `canon:` and nothing else; a story file never holds it.
        "anyOf": [{"not": {"required": ["canon"]}}, {"maxProperties": 1}],
    }


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


def pack_schema(story: Story) -> dict[str, Any]:
    """The schema with this pack's ids as enums, so an editor completes and checks them.

    Built from `schema()`: only the places that name an id are replaced.
    """
    from cellseven_game.engine.trial_model import Trial

    scenes, chapters = sorted(story.scenes), list(story.chapter_order)
    characters, evidence = sorted(story.characters), sorted(story.evidence)
    variables = sorted(story.variables)
    facts = sorted(f"{c.id}.{fact}" for c in story.characters.values() for fact, _ in c.facts)
    trials = [t for t in story.trials.values() if isinstance(t, Trial)]
    claims = sorted({claim.id for trial in trials for claim in trial.claims})

    def only(props: dict[str, Any], key: str, ids: list[str]) -> None:
        if ids and key in props:
            props[key] = _only(props[key], ids)

    def names(props: dict[str, Any], key: str, ids: list[str]) -> None:
        """A mapping keyed by ids (`set: {var: ...}`, a line's speaker)."""
        if ids and key in props:
            props[key] = {**props[key], "propertyNames": {"enum": ids}}

    out = schema()
    out["title"] = f"cellseven story file: {story.title}"
    sections = out["properties"]
    story_props = sections["story"]["properties"]
    only(story_props, "start", chapters)
    only(story_props, "chapters", chapters)
    if scenes:
        story_props["renamed"] = {
            **story_props["renamed"],
            "additionalProperties": {"type": "string", "enum": scenes},
        }
    chapter = sections["chapters"]["additionalProperties"]["properties"]
    only(chapter, "start", scenes)
    only(chapter, "witness", characters)
    entry = chapter["entry"]["properties"]
    for key, ids in (("evidence", evidence), ("met", characters), ("facts", facts)):
        only(entry, key, ids)
    only(entry, "visited", scenes)
    names(entry, "set", variables)
    scene = chapter["scenes"]["additionalProperties"]["properties"]
    only(scene, "next", scenes)
    only(scene, "trial", sorted(story.trials))
    if characters:
        narration, spoken = scene["lines"]["items"]["oneOf"]
        spoken = {**spoken, "propertyNames": {"enum": characters}}
        scene["lines"] = {**scene["lines"], "items": {"oneOf": [narration, spoken]}}
    choice = scene["choices"]["items"]["properties"]
    only(choice, "goto", scenes)
    effect = choice["do"]["items"]["properties"]  # one object: scenes' `do` share it
    for key, ids in (("evidence", evidence), ("meet", characters), ("reveal", facts)):
        only(effect, key, ids)
    only(effect, "flag", variables)
    names(effect, "set", variables)
    names(effect, "add", variables)
    only(sections["characters"]["additionalProperties"]["properties"], "bond", variables)
    trial = sections["trials"]["additionalProperties"]["properties"]
    only(trial, "judge", characters)
    claim = trial["claims"]["items"]["properties"]
    only(claim, "witness", characters)
    only(claim["refuted"]["properties"], "scene", scenes)
    only(claim["statements"]["items"]["properties"], "refuted_by", evidence)
    tier = trial["verdict"]["items"]["properties"]
    only(tier, "goto", scenes)
    only(tier, "refuted", claims)
    run = sections["playthroughs"]["items"]["properties"]
    for key, ids in (("chapter", chapters), ("reach", scenes), ("evidence", evidence)):
        only(run, key, ids)
    only(run, "met", characters)
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
