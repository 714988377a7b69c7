"""`cellseven schema --story DIR`: the schema with the pack's ids, checked by a real validator."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.compile.schema import SCHEMA_FILE, pack_schema, schema
from cellseven_game.engine.tools.devreload import check
from cellseven_game.paths import bundled_story


def _without_ids(node: Any) -> Any:
    """The schema with what pack_schema adds taken out again."""
    if isinstance(node, dict):
        return {
            k: _without_ids(v)
            for k, v in node.items()
            if k not in ("enum", "propertyNames", "pattern")
            or (k == "enum" and v in (["hide", "disable"], ["item", "testimony"]))
        }
    if isinstance(node, list):
        return [_without_ids(v) for v in node]
    return node


def _errors(validator: jsonschema.Draft202012Validator, text: str) -> list[str]:
    return [
        "/".join(str(p) for p in e.absolute_path)
        for e in validator.iter_errors(yaml.safe_load(text))
    ]


def test_the_pack_schema_only_adds_ids_to_the_base() -> None:
    story = load_story(bundled_story())
    extended = pack_schema(story)
    base = schema()
    assert extended != base
    extended["title"] = base["title"]
    assert _without_ids(extended) == _without_ids(base)


def test_every_bundled_file_passes_and_a_typo_fails_where_it_is() -> None:
    story = load_story(bundled_story())
    validator = jsonschema.Draft202012Validator(pack_schema(story))
    files = sorted(bundled_story().rglob("*.yaml"))
    assert len(files) > 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        if "canon:" in text.split("\n", 3)[0]:
            continue
        assert _errors(validator, text) == [], path
    some_scene = sorted(story.scenes)[0]
    typo = f"""\
chapters:
  extra:
    title: Extra
    period: "2013"
    start: {some_scene}
    scenes:
      one:
        lines:
          - nobody_at_all: "Hello."
        choices:
          - label: Go
            goto: no_such_scene
            do:
              - meet: nobody_either
"""
    assert sorted(_errors(validator, typo)) == [
        "chapters/extra/scenes/one/choices/0/do/0/meet",
        "chapters/extra/scenes/one/choices/0/goto",
        "chapters/extra/scenes/one/lines/0",
    ]
    # The base schema, without the pack's ids, accepts the same file.
    assert _errors(jsonschema.Draft202012Validator(schema()), typo) == []


def test_the_command_prints_it_and_refuses_a_broken_pack(
    tmp_path: Path, example_pack: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cellseven_game", "schema", "--story", str(example_pack)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    goto = printed["properties"]["chapters"]["additionalProperties"]["properties"]["scenes"][
        "additionalProperties"
    ]["properties"]["choices"]["items"]["properties"]["goto"]
    assert goto["enum"] == ["bakery", "found", "home", "quiet", "snow", "street", "told"]
    story = example_pack / "story.yaml"
    story.write_text(story.read_text().replace("goto: bakery", "goto: bakeri", 1))
    done = subprocess.run(
        [sys.executable, "-m", "cellseven_game", "schema", "--story", str(example_pack)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert "[CS101]" in done.stderr and "Traceback" not in done.stderr


def test_dev_reload_keeps_the_packs_own_schema_file_current(example_pack: Path) -> None:
    target = example_pack / SCHEMA_FILE
    target.write_text(json.dumps(schema()))
    story = example_pack / "story.yaml"
    story.write_text(
        story.read_text()
        .replace("  found:\n", "  found_it:\n")
        .replace("goto: found\n", "goto: found_it\n")
    )
    assert check(example_pack).story is not None  # what play --dev runs on each save
    written = json.loads(target.read_text())
    scenes = written["properties"]["chapters"]["additionalProperties"]["properties"]["start"]
    assert "found_it" in scenes["enum"] and "found" not in scenes["enum"]
    # A file of the author's own under that name is never replaced.
    target.write_text('{"mine": true}')
    check(example_pack)
    assert target.read_text() == '{"mine": true}'
