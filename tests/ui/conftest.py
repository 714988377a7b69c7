"""Fixtures for the screen tests: a small two-chapter pack, a clean home, no typewriter."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.ui.app import CellsevenApp

# A frame chapter (2013) and a memory (1997); a walk-on part, a colour, a disabled choice,
# [brackets] in the prose, evidence and testimony, a revealed fact and an ending.
PACK = """
story:
  title: The Paper Crane
  start: court
  chapters: [court, garden]
  content_note: This test story mentions a lost paper crane.
  variables:
    brave: false

characters:
  hana:
    name: Hana
    role: a witness
    bio: Hana folds paper cranes.
    color: "#e06c75"
    facts:
      cranes: She has folded a thousand cranes.
  clerk:
    name: The clerk
    roster: false
  toma:
    name: Toma
    role: a gardener
    bio: Toma keeps the garden.

evidence:
  crane:
    name: A paper crane
    description: Folded from a page of a law book.
    found: Under the bench.
  toma_saw:
    name: Toma's account
    kind: testimony
    description: He saw the wind take it.

chapters:
  court:
    title: The Hearing
    period: "2013"
    place: A small courtroom
    start: court_open
    scenes:
      court_open:
        text: |
          The court is **quiet**. A note on the desk says [do not touch].
        lines:
          - clerk: "All rise."
          - hana: "I remember the garden."
        choices:
          - label: Remember the garden
            goto: garden_gate
            do:
              - flag: brave
          - label: Stay silent
            goto: court_silent
          - label: Show the crane
            goto: court_silent
            if: has crane
            when_false: disable
      court_silent:
        text: Nobody speaks.
        next: garden_gate
  garden:
    title: The Garden
    period: "1997"
    place: A garden by the river
    start: garden_gate
    entry:
      met: [hana]
    scenes:
      garden_gate:
        text: The gate is open.
        lines:
          - toma: "Mind the roses."
        do:
          - evidence: toma_saw
        choices:
          - label: Look under the bench
            goto: garden_bench
            do:
              - evidence: crane
              - reveal: hana.cranes
          - label: Go home
            goto: garden_end
      garden_bench:
        text: A paper crane, a little crushed.
        next: garden_end
      garden_end:
        text: The light goes.
        end: home
"""


@pytest.fixture(autouse=True)
def quiet_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Saves and profile under tmp; no typewriter, no animations, colours on."""
    home = tmp_path / "home"
    monkeypatch.setenv("CELLSEVEN_HOME", str(home))
    monkeypatch.setenv("CELLSEVEN_TEXT_SPEED", "0")
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "story.yaml").write_text(PACK, encoding="utf-8")
    return folder


@pytest.fixture
def story(pack: Path) -> Story:
    return load_story(pack)


Body = Callable[[Pilot[int], CellsevenApp], Awaitable[None]]


def _play(app: CellsevenApp, body: Body, size: tuple[int, int] = (100, 32)) -> None:
    """Run `app` headless and hand it to `body` once the title and story are ready."""

    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            for _ in range(500):  # up to ~10 s on a loaded machine; stops when ready
                if app.story is not None and app.profile is not None:
                    break
                await pilot.pause(0.02)
            await pilot.pause()
            await body(pilot, app)

    asyncio.run(go())


@pytest.fixture
def play() -> Callable[..., None]:
    """play(app, body, size=(100, 32)): run a Pilot session (tests stay synchronous)."""
    return _play
