"""Every YAML file the project ships or makes validates against the published JSON Schema.

The schema is what editors (yaml-language-server) check files with, so a file `validate`
accepts must show no error there, and a file `validate` rejects for an unknown key or a value
of the wrong shape should be red there too. Checked with a real validator (`jsonschema`) on
the bundled story, the canon, the `cellseven new` scaffold, the guide's examples, the valid
packs under tests/, and on hundreds of one-edit mutations of the guide's examples, each also
run through the loader: the two must agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from benchmarks.packs import chain_pack, hub_pack, realistic_pack
from benchmarks.random_packs import random_pack
from conftest import write_pack
from guide_examples import guide_yaml

from cellseven_game.engine.compile.loader import check_pack
from cellseven_game.engine.compile.schema import schema
from cellseven_game.scaffold import create

ROOT = Path(__file__).resolve().parents[2]
VALID_TEST_PACKS = ("broken/warnings", "broken/canon_missing")
SHAPE_CODES = {"CS003", "CS004"}  # an unknown key, a value of the wrong type or shape
UNREAD_CODES = {"CS001", "CS002", "CS009"}  # not read as YAML data: syntax, bytes, aliases
EXAMPLES = ("example", "trial-example", "playthroughs-example", "text-example")


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    published = json.loads((ROOT / "story" / "cellseven.schema.json").read_text(encoding="utf-8"))
    assert published == schema(), "run `cellseven schema > story/cellseven.schema.json`"
    cls = jsonschema.validators.validator_for(published)
    cls.check_schema(published)
    return cls(published)


def as_json(text: str) -> Any:
    """The YAML as an editor hands it to the schema: plain JSON values, keys as text."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def errors(validator: jsonschema.protocols.Validator, data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(data)]


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


def test_the_bundled_story_and_its_canon(validator: jsonschema.protocols.Validator) -> None:
    files = list(yaml_files(ROOT / "story"))  # the canon is inside the pack: story/canon.yaml
    assert ROOT / "story" / "canon.yaml" in files
    assert len(files) >= 15
    for path in files:
        assert errors(validator, as_json(path.read_text(encoding="utf-8"))) == [], path


def test_the_new_scaffold(validator: jsonschema.protocols.Validator, tmp_path: Path) -> None:
    create(tmp_path / "pack")
    files = yaml_files(tmp_path / "pack")
    assert len(files) >= 6
    for path in files:
        assert errors(validator, as_json(path.read_text(encoding="utf-8"))) == [], path.name


@pytest.mark.parametrize("marker", EXAMPLES)
def test_the_guides_examples(validator: jsonschema.protocols.Validator, marker: str) -> None:
    assert errors(validator, as_json(guide_yaml(marker))) == []


@pytest.mark.parametrize("pack", VALID_TEST_PACKS)
def test_the_valid_packs_under_tests(validator: jsonschema.protocols.Validator, pack: str) -> None:
    folder = ROOT / "tests" / pack
    assert check_pack(folder).errors == []
    for path in yaml_files(folder):
        assert errors(validator, as_json(path.read_text(encoding="utf-8"))) == [], path


@pytest.mark.parametrize(
    "make",
    [
        lambda root: hub_pack(root),
        lambda root: realistic_pack(root, scenes=60),  # CRLF, long lines, deep folders
        lambda root: chain_pack(root, scenes=40, files=4),
        *(lambda root, seed=seed: random_pack(root, seed) for seed in range(4)),
        lambda root: ROOT / "tests" / "benchmarks" / "harbour",  # written by hand
        lambda root: ROOT / "tests" / "benchmarks" / "plaza",  # written by hand
    ],
    ids=["hub", "realistic", "chain", *(f"random{seed}" for seed in range(4)), "harbour", "plaza"],
)
def test_the_generated_benchmark_packs(
    validator: jsonschema.protocols.Validator, make: Any, tmp_path: Path
) -> None:
    """The packs our benchmarks and equivalence tests generate are packs an author could
    open in an editor: they load, and the schema sees no error in any of their files."""
    folder = make(tmp_path / "pack")
    assert check_pack(folder).errors == []
    files = yaml_files(folder)
    assert files
    for path in files:
        assert errors(validator, as_json(path.read_text(encoding="utf-8"))) == [], path


def test_every_pack_under_tests_that_loads_is_listed() -> None:
    """A new valid pack under tests/ joins the list above, so the schema sees it too."""
    loads = []
    for kind in ("broken", "hostile"):
        for folder in sorted((ROOT / "tests" / kind).iterdir()):
            if folder.is_dir() and not check_pack(folder).errors:
                loads.append(f"{kind}/{folder.name}")
    assert sorted(loads) == sorted(VALID_TEST_PACKS)


def test_files_validate_rejects_for_shape_are_rejected_by_the_schema(
    validator: jsonschema.protocols.Validator,
) -> None:
    checked = 0
    for kind in ("broken", "hostile"):
        for folder in sorted((ROOT / "tests" / kind).iterdir()):
            if not folder.is_dir():
                continue
            problems = check_pack(folder).errors
            for path in yaml_files(folder):
                shown = [p for p in problems if Path(p.path).resolve() == path.resolve()]
                if not any(p.code in SHAPE_CODES for p in shown):
                    continue
                if any(p.code in UNREAD_CODES or "nest" in p.message for p in shown):
                    continue  # not YAML an editor reads as data (aliases, bombs, syntax)
                try:
                    data = as_json(path.read_text(encoding="utf-8"))
                except (yaml.YAMLError, UnicodeDecodeError, ValueError):
                    continue  # not YAML an editor can read: reported as such, not by the schema
                if any("belongs in the pack's top-level story.yaml" in p.message for p in shown):
                    continue  # where a file sits is not something a schema can see
                assert errors(validator, data), f"{path}: {[str(p) for p in shown]}"
                checked += 1
    assert checked >= 3


# -- mutations: one edit of a valid example, through the loader and the schema ----------


def _paths(data: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield at
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*at, index))


def _replaced(data: Any, at: tuple[Any, ...], new: Any) -> Any:
    if not at:
        return new
    copy = json.loads(json.dumps(data))
    parent = copy
    for step in at[:-1]:
        parent = parent[step]
    parent[at[-1]] = new
    return copy


def _with_key(data: Any, at: tuple[Any, ...]) -> Any:
    copy = json.loads(json.dumps(data))
    target = copy
    for step in at:
        target = target[step]
    target["zz_not_a_key"] = "x"
    return copy


def mutations(data: Any) -> Iterator[tuple[str, Any]]:
    for at in _paths(data):
        target = data
        for step in at:
            target = target[step]
        if isinstance(target, dict) and at:
            yield f"{at} + unknown key", _with_key(data, at)
        if not at or (len(at) == 1 and at[0] == "story"):
            continue
        for label, new in (
            ("a mapping", {"k": "v"}),
            ("a list", ["a", "b"]),
            ("a number", 7),
            ("a fraction", 2.5),
            ("a flag", True),
            ("text", "some words"),
            ("text that reads as an expression", "1"),
            ("nothing", None),
        ):
            yield f"{at} = {label}", _replaced(data, at, new)


@pytest.mark.parametrize("marker", ("example", "trial-example"))
def test_one_edit_mutations_loader_and_schema_agree(
    validator: jsonschema.protocols.Validator, tmp_path: Path, marker: str
) -> None:
    """What the loader accepts, the schema accepts; a shape error it rejects, so does the schema."""
    base = as_json(guide_yaml(marker))
    false_errors: list[str] = []
    missed: list[str] = []
    count = 0
    for i, (label, data) in enumerate(mutations(base)):
        folder = write_pack(
            tmp_path / f"m{i}",
            {"story.yaml": yaml.safe_dump(data, sort_keys=False, allow_unicode=True)},
        )
        problems = check_pack(folder).errors
        found = errors(validator, data)
        count += 1
        if not problems and found:
            false_errors.append(f"{label}: {found[:2]}")
        if any(p.code in SHAPE_CODES for p in problems) and not found:
            missed.append(f"{label}: {[str(p) for p in problems][:2]}")
    assert count > 300
    assert false_errors == []
    assert missed == []
