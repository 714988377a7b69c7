"""Hot reload's engine half: the steps taken so far re-played on an edited pack."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.replay import undo
from cellseven_game.engine.play.runtime import Runtime, random_walk
from cellseven_game.engine.tools import devreload
from cellseven_game.paths import bundled_story

PACK = """
story:
  title: Ice Market
  start: home
  chapters: [home, market]
  variables:
    cold: 0

chapters:
  home:
    title: Home
    period: "1997"
    start: home_door
    scenes:
      home_door:
        text: The door sticks in winter.
        choices:
          - label: Go to the market
            goto: market_gate
          - label: Stay in
            goto: home_stay
      home_stay:
        text: The kettle sings.
        end: stayed
  market:
    title: The Market
    period: "1997"
    start: market_gate
    scenes:
      market_gate:
        text: Stalls under a grey sky.
        next: market_ice
      market_ice:
        text: The ice is thin by the fish stall.
        choices:
          - label: Run
            goto: market_end
            do:
              - add: {cold: 1}
          - label: Walk
            goto: market_end
      market_end:
        text: The lamps come on.
        end: home_late
"""


def write(folder: Path, text: str = PACK) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "story.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return write(tmp_path / "pack")


def played(pack: Path, *choices: str | None) -> Runtime:
    runtime = Runtime(load_story(pack))
    for choice in choices:
        runtime.choose_id(choice)
    return runtime


def test_same_place_after_a_prose_edit(pack: Path) -> None:
    old = played(pack, "go_to_the_market", None)
    assert old.state.scene == "market_ice"
    write(pack, PACK.replace("The ice is thin", "The ice is very thin"))
    reload = devreload.reload_pack(pack, old)
    assert reload.story is not None and reload.replayed is not None
    replayed = reload.replayed
    assert replayed.same_place and replayed.taken == 2
    assert replayed.notice() == "Reloaded: same place"
    assert replayed.runtime.story is reload.story
    assert "very thin" in replayed.runtime.scene.text
    assert replayed.runtime.state.steps == old.state.steps


def test_divergence_is_reported_when_a_choice_is_removed(pack: Path) -> None:
    old = played(pack, "go_to_the_market", None, "run")
    assert old.state.status == "ended"
    edited = PACK.replace("          - label: Run\n            goto: market_end\n", "").replace(
        "            do:\n              - add: {cold: 1}\n", ""
    )
    write(pack, edited)
    reload = devreload.reload_pack(pack, old)
    assert reload.replayed is not None
    replayed = reload.replayed
    assert replayed.divergence is not None
    found = replayed.divergence
    assert (found.index, found.at, found.why) == (3, "market_ice", "no choice `run`")
    assert replayed.notice() == (
        "Reloaded: your choices diverge at step 3 (scene market_ice: no choice `run`); "
        "stopped there"
    )
    # Stopped where it diverged, with the steps that still fitted taken.
    assert replayed.runtime.state.scene == "market_ice"
    assert replayed.runtime.state.status == "playing"
    assert replayed.taken == 2 and len(replayed.runtime.state.steps) == 2


def test_an_error_file_keeps_the_old_story(pack: Path) -> None:
    old = played(pack, "go_to_the_market")
    before = old.snapshot()
    (pack / "story.yaml").write_text(PACK.replace("goto: market_end", "goto: market_nd"))
    reload = devreload.reload_pack(pack, old)
    assert reload.story is None and reload.replayed is None
    assert reload.errors, "a broken pack reports its errors"
    first = reload.errors[0]
    assert first.path.endswith("story.yaml") and first.line > 0 and first.col > 0
    assert "market_nd" in first.message
    assert old.snapshot() == before, "the old runtime is left as it was"


def test_the_last_step_leading_elsewhere_is_said(pack: Path) -> None:
    old = played(pack, "stay_in")
    edited = PACK.replace("goto: home_stay", "goto: market_gate")
    reload = devreload.reload_pack(write(pack, edited), old)
    assert reload.replayed is not None
    assert reload.replayed.moved_from == "home_stay"
    assert (
        reload.replayed.notice()
        == "Reloaded: your choices now lead to `market_gate` (was `home_stay`)"
    )


def test_a_scene_that_is_gone_and_a_renamed_one(pack: Path) -> None:
    old = played(pack, "go_to_the_market", None, "walk")
    renamed = PACK.replace("market_ice", "market_frost")
    reload = devreload.reload_pack(write(pack, renamed), old)
    assert reload.replayed is not None
    found = reload.replayed.divergence
    assert found is not None
    assert (found.index, found.at, found.why) == (
        3,
        "market_frost",
        "your step was taken in `market_ice`, which is gone",
    )
    assert reload.replayed.runtime.state.scene == "market_frost"
    # With `renamed:` the old steps follow the moved scene to the same place.
    followed = renamed.replace(
        "  start: home\n", "  start: home\n  renamed: {market_ice: market_frost}\n"
    )
    reload = devreload.reload_pack(write(pack, followed), old)
    assert reload.replayed is not None
    assert reload.replayed.same_place, reload.replayed.notice()
    assert reload.replayed.runtime.state.scene == "market_end"
    # Renamed while standing in it: still the same place.
    write(pack, PACK)
    standing = played(pack, "go_to_the_market", None)
    reload = devreload.reload_pack(write(pack, followed), standing)
    assert reload.replayed is not None and reload.replayed.same_place


def test_a_replayed_chapter_that_is_gone_starts_the_story_over(pack: Path) -> None:
    story = load_story(pack)
    old = Runtime.at_chapter(story, "market")
    old.choose_id(None)
    edited = PACK.replace("chapters: [home, market]", "chapters: [home, bazaar]").replace(
        "  market:\n    title", "  bazaar:\n    title"
    )
    reload = devreload.reload_pack(write(pack, edited), old)
    assert reload.replayed is not None and reload.replayed.divergence is not None
    assert reload.replayed.divergence.index == 0
    assert "chapter `market` is gone" in reload.replayed.notice()
    assert reload.replayed.runtime.state.scene == "home_door"


def test_jump_then_undo_and_reload_begin_at_the_jumped_scene(pack: Path) -> None:
    story = load_story(pack)
    runtime = devreload.jump(story, "market_ice")
    assert runtime.state.scene == "market_ice" and runtime.state.chapter == "market"
    assert runtime.state.trail == ["market_ice"]
    runtime.choose_id("run")
    assert runtime.state.variables["cold"] == 1
    assert undo(runtime) == 1
    assert runtime.state.scene == "market_ice" and runtime.state.variables["cold"] == 0
    assert undo(runtime) == 0
    runtime.choose_id("walk")
    write(pack, PACK.replace("The lamps come on.", "The lamps flicker on."))
    reload = devreload.reload_pack(pack, runtime)
    assert reload.replayed is not None and reload.replayed.same_place
    assert reload.replayed.runtime.state.origin.scene == "market_ice"
    assert reload.replayed.runtime.state.status == "ended"
    # The scene jumped to is deleted: back at its chapter's start, and said so.
    gone = PACK.replace("next: market_ice", "next: market_end")
    gone = gone.replace(gone[gone.index("      market_ice:") : gone.index("      market_end:")], "")
    reload = devreload.reload_pack(write(pack, gone), runtime)
    assert reload.replayed is not None and reload.replayed.divergence is not None
    assert "`market_ice`, where you jumped to, is gone" in reload.replayed.notice()
    assert reload.replayed.runtime.state.scene == "market_gate"


def test_fingerprint_sees_edits_new_and_removed_files(pack: Path) -> None:
    first = devreload.fingerprint(pack)
    assert list(first) == [str(pack / "story.yaml")]
    assert devreload.fingerprint(pack) == first, "nothing changed, nothing seen"
    (pack / "notes.txt").write_text("not part of the pack")
    (pack / ".hidden").mkdir()
    (pack / ".hidden" / "x.yaml").write_text("a: 1")
    assert devreload.fingerprint(pack) == first, "only the YAML the loader reads"
    (pack / "story.yaml").write_text(PACK + "\n")
    second = devreload.fingerprint(pack)
    assert second != first
    (pack / "chapters").mkdir()
    (pack / "chapters" / "more.yml").write_text("characters: {}\n")
    third = devreload.fingerprint(pack)
    assert set(third) == {str(pack / "story.yaml"), str(pack / "chapters" / "more.yml")}
    (pack / "chapters" / "more.yml").unlink()
    assert devreload.fingerprint(pack) == second


def test_a_removed_pack_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    reload = devreload.reload_pack(tmp_path / "nowhere", None)
    assert reload.story is None and reload.errors
    assert devreload.fingerprint(tmp_path / "nowhere") == {}


@functools.cache
def _bundled() -> Story:
    return load_story(bundled_story(), use_cache=True)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**16), steps=st.integers(0, 60), chapter=st.integers(0, 20))
def test_an_unchanged_story_always_reloads_to_the_same_state(
    seed: int, steps: int, chapter: int
) -> None:
    story = _bundled()
    order = story.chapter_order
    runtime = Runtime.at_chapter(story, order[chapter]) if chapter < len(order) else Runtime(story)
    random_walk(runtime, seed, max_steps=steps)
    replayed = devreload.carry_over(story, runtime)
    assert replayed.same_place, replayed.notice()
    assert replayed.runtime.snapshot() == runtime.snapshot()
