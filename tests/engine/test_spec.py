"""The format's one declaration (`spec`) is what the loader, the schema and the guide say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cellseven_game.engine.compile import spec, spec_guide
from cellseven_game.engine.compile.loader import check_pack
from cellseven_game.engine.compile.schema import schema

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "story" / "README.md"


def test_the_guides_reference_tables_are_generated_from_the_spec() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for name in spec_guide.GUIDE_TABLES:
        assert f"<!-- spec:{name}:start -->" in text, f"story/README.md lost the {name} table"
    assert spec_guide.write_guide(text) == text, (
        "story/README.md's tables are stale: run "
        "`python -m cellseven_game.engine.compile.spec_guide story/README.md`"
    )


def test_every_key_has_a_one_line_meaning_and_a_known_kind() -> None:
    seen: set[str] = set()

    def walk(part: spec.Section) -> None:
        if part.name in seen:
            return
        seen.add(part.name)
        assert len(set(part.names)) == len(part.names), part.name
        for key in part.keys:
            assert key.doc and "\n" not in key.doc, (part.name, key.name)
            assert spec_guide.type_words(key)
            if key.of is not None:
                assert key.shape in ("one", "list", "map")
                walk(key.of)

    walk(spec.FILE)
    walk(spec.CANON_FILE)
    walk(spec.EFFECT)
    assert len(seen) >= 15


@pytest.mark.parametrize(
    ("part", "where"),
    [
        (spec.SCENE, ("chapters", "c", "scenes", "s")),
        (spec.CHOICE, ("chapters", "c", "scenes", "s", "choices", 0)),
        (spec.CHARACTER, ("characters", "p")),
        (spec.TRIAL, ("trials", "t")),
    ],
)
def test_the_loaders_did_you_mean_comes_from_the_spec(
    tmp_path: Path, part: spec.Section, where: tuple[object, ...]
) -> None:
    """A near miss of every declared key is refused with that key suggested (CS003)."""
    import yaml

    for key in part.names:
        if len(key) < 4:
            continue
        data: dict[str, object] = {"story": {"title": "T", "start": "c", "chapters": ["c"]}}
        node: dict[str, object] = data
        for step, nxt in zip(where, [*where[1:], None], strict=True):
            if isinstance(step, int):
                continue
            child: object = [{}] if isinstance(nxt, int) else {}
            node = node.setdefault(step, child)  # type: ignore[assignment]
            if isinstance(node, list):
                node = node[0]
        node[key[:-1] + key[-1].upper() + "x"] = "v"
        (tmp_path / "story.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        messages = [p.message for p in check_pack(tmp_path).problems if p.code == "CS003"]
        assert any(f"did you mean `{key}`" in m for m in messages), (key, messages)


def test_the_schema_names_every_declared_key() -> None:
    props = schema()["properties"]
    assert set(props) == {*spec.SECTIONS, "canon"}
    scene = props["chapters"]["additionalProperties"]["properties"]["scenes"]
    assert set(scene["additionalProperties"]["properties"]) == set(spec.SCENE.names)
    assert re.match(r"^\w", scene["additionalProperties"]["properties"]["next"]["description"])
