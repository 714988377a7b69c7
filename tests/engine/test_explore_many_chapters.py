"""`explore` on a story of many chapters: each chapter replayed by name is read on its own
scenes, not the whole story's (a story of 1,000 one-scene chapters took 12.6 s and 2,000
took 53.7 s: every chapter's proof read every scene), and the first state the plays meet at
each scene is kept without a copy of every visit and mark before it (a play through 3,000
scenes kept 4.5 million visit counts and as many marks).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.bench_load import dialogue_pack
from benchmarks.packs import hub_pack

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.state import State, initial_state
from cellseven_game.engine.tools import analysis, escape, first_states, graph_bounds
from cellseven_game.engine.tools.explorer import Explorer
from cellseven_game.engine.tools.number_budget import number_budget

BUNDLED = Path(__file__).resolve().parents[2] / "story"


def _chapters_pack(tmp_path: Path, scenes: int) -> Story:
    """A scene a chapter, a file each: three choices a scene, one needing a flag."""
    return load_story(dialogue_pack(tmp_path / "pack", scenes, per_file=1))


def test_each_chapter_reads_the_marks_of_its_own_scenes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted, not timed: the scenes whose once-only marks are worked out grow with the
    story, not as its square (before: every scene for every chapter, a million here)."""
    story = _chapters_pack(tmp_path, 1_000)
    read: list[str] = []
    real = escape.MarksMade._read

    def counting(self: escape.MarksMade, scene_id: str) -> None:
        read.append(scene_id)
        real(self, scene_id)

    monkeypatch.setattr(escape.MarksMade, "_read", counting)
    report = analysis.explore(story)
    assert report["reached"] == 1_000 and report["proof"] == "playthroughs"
    assert len(read) <= 3 * 1_000


def _sample_chapters(story: Story) -> list[str]:
    return [c for c in story.chapter_order if story.chapters[c].start in story.scenes]


@pytest.mark.parametrize("pack", ["bundled", "hub"])
def test_a_chapters_own_bounds_are_never_above_the_whole_graphs(tmp_path: Path, pack: str) -> None:
    """A replayed chapter stops at its edge: read on its own scenes, a scene is entered no
    more often than the whole graph says, and a number moves no further."""
    story = load_story(BUNDLED if pack == "bundled" else hub_pack(tmp_path / "hub"))
    for chapter in _sample_chapters(story):
        first = initial_state(story, chapter)
        whole = graph_bounds.entries_along(story, first.scene, first.taken)
        own = graph_bounds.entries_along(story, first.scene, first.taken, chapter)
        assert set(own) == {s for s, sc in story.scenes.items() if sc.chapter == chapter}
        assert all(own[s] <= whole[s] for s in own), chapter
        assert own[first.scene] >= 1
        wide = number_budget(story, first.variables, whole, first.scene)
        narrow = number_budget(story, first.variables, own, first.scene, chapter)
        for name, (low, high) in narrow.items():
            assert wide[name][0] <= low and high <= wide[name][1], (chapter, name)


def _same(a: State, b: State) -> None:
    assert a.scene == b.scene
    assert list(a.visits.items()) == list(b.visits.items())  # the same order too
    assert a.taken == b.taken
    assert (a.variables, a.evidence, a.met, a.facts) == (b.variables, b.evidence, b.met, b.facts)
    assert (a.status, a.ending, a.chapter, a.trial) == (b.status, b.ending, b.chapter, b.trial)


@pytest.mark.parametrize("pack", ["bundled", "hub", "chapters"])
def test_a_first_state_kept_is_the_copy_it_stands_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pack: str
) -> None:
    """Every first state the plays keep, made when asked for, is the copy of the play's
    state that `explore` kept before (visits in the same order, the same marks)."""
    if pack == "bundled":
        story = load_story(BUNDLED)
    elif pack == "hub":
        story = load_story(hub_pack(tmp_path / "hub", sticky_back=True))
    else:
        story = _chapters_pack(tmp_path, 1_000)  # (fewer are walked, not played)
    copies: list[tuple[first_states.FirstStates, str, State]] = []
    real = first_states.FirstStates.keep

    def keep(self: first_states.FirstStates, state: State, begun: first_states.Begun) -> None:
        copies.append((self, state.scene, Explorer.clone(state)))
        real(self, state, begun)

    monkeypatch.setattr(first_states.FirstStates, "keep", keep)
    assert analysis.explore(story)["proof"] == "playthroughs"
    assert len(copies) > 20
    for kept, scene_id, copy in copies:
        made = kept.get(scene_id)
        assert made is not None
        _same(made, copy)
    if pack != "chapters":
        # (the chapters' plays take no once-only way; the whole story, which did, needs no
        # play now: its chapters replayed by name show all of it)
        assert any(copy.taken for _, _, copy in copies)
    # and `values()` gives the same states, in the order they were met
    kept = copies[-1][0]
    mine = [(s, c) for k, s, c in copies if k is kept]
    assert [m.scene for m in kept.values()] == [s for s, _ in mine]
