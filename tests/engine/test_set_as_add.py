"""`set: {keys: "keys - 1"}` built as `add: {keys: -1}` (conditions.self_step): it plays
alike, and explore's proofs read a number paid for at each round of a loop as they read an
`add`. house_hubs.py seed 51 pays a candle a round at the radio room's lock with such a
`set`: no report in 60 s (its walk passed a million states); proven at once with it built
as an `add`."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import house_hubs
from test_escape_numbers import _escape

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core import conditions
from cellseven_game.engine.core.condition_types import NUMBER_LIMIT
from cellseven_game.engine.core.model import AddVar, SetVar
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import initial_state
from cellseven_game.engine.tools.analysis import explore

PACK = """\
story:
  title: Sets
  start: one
  chapters: [one]
  variables: {keys: 2, other: 1, big: 999999999999990, name: "Ana", lit: false}
chapters:
  one:
    title: One
    period: "2001"
    start: a
    scenes:
      a:
        text: A.
        do:
          - {set: {keys: "keys - 1"}}
          - {set: {keys: "3 + keys"}}
          - {set: {keys: "=keys + 0.5"}}
          - {set: {keys: "keys * 2"}}
          - {set: {keys: "keys - other"}}
          - {set: {other: "keys - 1"}}
          - {set: {name: "name + 1"}}
          - {set: {big: "big + 100"}}
        next: b
      b:
        text: B.
        end: done
"""


def _pack(tmp_path: Path) -> Path:
    (tmp_path / "story.yaml").write_text(PACK, encoding="utf-8")
    return tmp_path


def test_a_number_set_to_itself_plus_a_constant_is_an_add(tmp_path: Path) -> None:
    story = load_story(_pack(tmp_path))
    effects = story.scenes["a"].effects
    assert effects[:3] == (AddVar("keys", -1), AddVar("keys", 3), AddVar("keys", 0.5))
    # Anything else stays a `set` from its expression: another operation, another
    # variable, a text.
    assert [type(e) for e in effects[3:7]] == [SetVar] * 4
    assert [e.expr for e in effects[3:6]] == ["keys * 2", "keys - other", "keys - 1"]
    assert effects[6] == SetVar("name", "name + 1")  # (text: a literal)
    assert effects[7] == AddVar("big", 100)


def test_it_plays_as_the_set_did(tmp_path: Path) -> None:
    story = load_story(_pack(tmp_path))
    state = initial_state(story)
    Runtime(story, state).enter("a")
    # ((2 - 1 + 3 + 0.5) * 2 - 1) = 8; other = 8 - 1; big held at the limit, as a sum is.
    assert state.variables["keys"] == 8
    assert state.variables["other"] == 7
    assert state.variables["big"] == NUMBER_LIMIT


@pytest.fixture(scope="module")
def house51(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return house_hubs.gen(tmp_path_factory.mktemp("house51"), 51)


def test_the_radio_rooms_lock_drained_round_its_loop(house51: Path) -> None:
    # The radio room: unlock (sticky, a candle, `set: {candles: "candles - 1"}`) and go back
    # out (once-only). Round the lock until the candles are gone, the way out used: a stop.
    # The hub adds a candle at each visit and leads there by a sticky way: never trapped.
    escape = _escape(load_story(house51))
    assert escape.free("radio_room", None, 1_000)
    assert escape.nodes < 200
    assert escape.free("tower_base", None, 1_000)


def test_without_it_the_lock_is_no_loop_to_drain(
    house51: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conditions, "self_step", lambda name, source: None)
    story = load_story(house51)
    assert any(
        isinstance(e, SetVar) and e.expr
        for c in story.scenes["radio_room"].choices
        for e in c.effects
    )
    assert not _escape(story).free("radio_room", None, 1_000)


def test_house_51_proven_by_playthroughs(house51: Path) -> None:
    report = explore(load_story(house51))
    assert report["proof"] == "playthroughs"
    assert report["complete"] and report["trap_check"] == "complete"
    assert report["endings"] == []  # the way out needs a flag the hub clears on entry
    assert report["loops"] == []
    assert report["dead_ends"] == [
        "cliff_steps_window",
        "lamp_room",
        "oil_store_passage",
        "radio_room",
    ]
