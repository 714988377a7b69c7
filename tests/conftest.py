"""Shared fixtures: the worked example of story/README.md and small packs written to tmp."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from guide_examples import worked_example
from hypothesis import settings

# No property test here times its examples (a loaded CI machine makes any one slow, and a
# deadline then fails a test that is right): none has a deadline unless it sets its own
# (test_fuzz does, far above any example, to catch a hang).
settings.register_profile("cellseven", deadline=None)
settings.load_profile("cellseven")


def write_pack(folder: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path -> text) under `folder`; returns the folder."""
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own CELLSEVEN_HOME: saves, profile and cache never touch the user's."""
    folder = tmp_path / "home"
    monkeypatch.setenv("CELLSEVEN_HOME", str(folder))
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


@pytest.fixture(scope="session")
def bundled_explored() -> dict[str, Any]:
    """`explore` of the bundled story, run once for the whole test session (its slowest
    step): uncapped, so its trap check is complete."""
    from cellseven_game.engine.compile.loader import load_story
    from cellseven_game.engine.tools.analysis import explore
    from cellseven_game.paths import bundled_story

    return explore(load_story(bundled_story()))
