"""Shared fixtures: the worked example of story/README.md and small packs written to tmp."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "story" / "README.md"
_EXAMPLE = re.compile(r"<!-- example:start -->\s*```yaml\n(.*?)```\s*<!-- example:end -->", re.S)


def worked_example() -> str:
    """The YAML of the authoring guide's worked example."""
    match = _EXAMPLE.search(GUIDE.read_text(encoding="utf-8"))
    assert match, "story/README.md lost its <!-- example:start/end --> markers"
    return match.group(1)


def write_pack(folder: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> text) under `folder`; returns the folder."""
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def example_text() -> str:
    return worked_example()


@pytest.fixture
def example_pack(tmp_path: Path, example_text: str) -> Path:
    """A pack folder holding only the worked example as story.yaml."""
    return write_pack(tmp_path / "example", {"story.yaml": example_text})


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """A factory: make_pack({"story.yaml": "..."}) writes a pack and returns its folder."""
    count = 0

    def make(files: dict[str, str]) -> Path:
        nonlocal count
        count += 1
        return write_pack(tmp_path / f"pack{count}", files)

    return make
