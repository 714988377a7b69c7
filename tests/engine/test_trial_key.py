"""trial_key.py's tables of evidence bits, against what they stand for, read plainly.

An item held answers each group of statements (one statement; or, in a claim moved about
freely, every statement within reach) two ways: one of the group's statements is refuted by
it, and one is not (a penalty). The key of what is held is those answers for every group, as
bits. The tables are built only from the items some statement names (built item by group
they took 2 s a table on an outside court of 69 hearings); this reads the answers one item
and one statement at a time and compares, on courts written by others.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from benchmarks import outside_a, outside_d

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.tools.trial_key import TrialKey, _within_reach, free_claim

STORY = Path(__file__).resolve().parents[2] / "story"


def _answers(story: Story, held: set[str], strict: bool) -> int:
    """The bits of `held`, from every group's statements one at a time (the groups in the
    order TrialKey lays them out: each claim's strict groups, then its coarse ones)."""
    key, bit = 0, 1
    for _, found in sorted(story.trials.items()):
        for claim in found.claims:
            each = [[n] for n in range(len(claim.statements))]
            coarse = [_within_reach(claim)] if free_claim(claim) else each
            for groups, wanted in ((each, strict), (coarse, not strict)):
                for group in groups:
                    answers = [set(claim.statements[n].refuted_by) for n in group]
                    if wanted and any(item in a for item in held for a in answers):
                        key |= bit
                    if wanted and any(item not in a for item in held for a in answers):
                        key |= bit << 1
                    bit <<= 2
    return key


def _key(table: dict[str, int], other: int, held: set[str]) -> int:
    key = 0
    for item in held:
        key |= table.get(item, other)
    return key


def _court(tmp_path: Path, style: str) -> Path:
    target = tmp_path / style
    if style == "court":
        outside_d.main(["court", str(target), "--scenes", "120", "--seed", "3"])
    else:
        outside_a.main(["cases", str(target), "--scenes", "120", "--seed", "3"])
    return target


@pytest.mark.parametrize("style", ["bundled", "court", "cases"])
def test_the_tables_give_each_set_of_items_its_answers(tmp_path: Path, style: str) -> None:
    story = load_story(STORY if style == "bundled" else _court(tmp_path, style))
    assert story.trials
    tables = TrialKey(story)
    named = sorted(
        {
            item
            for t in story.trials.values()
            for c in t.claims
            for s in c.statements
            for item in s.refuted_by
        }
    )
    items = [*named, *sorted(set(story.evidence) - set(named)), "never_named_anywhere"]
    rng = random.Random(style)
    samples = [set(), {items[-1]}, set(named), set(items)]
    samples += [set(rng.sample(items, rng.randint(1, min(6, len(items))))) for _ in range(300)]
    told_apart = set()
    for held in samples:
        strict = _key(tables.strict, tables.strict_other, held)
        coarse = _key(tables.coarse, tables.coarse_other, held)
        assert strict == _answers(story, held, strict=True), sorted(held)
        assert coarse == _answers(story, held, strict=False), sorted(held)
        told_apart.add(strict)
    assert len(told_apart) > 10  # (the samples do differ in their answers)
