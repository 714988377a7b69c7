"""`cellseven run` and `explore` through the mock trial."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from guide_examples import trial_example  # tests/ is on sys.path (rootdir conftest)

from cellseven_game import cli


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(argv), out)
    return code, out.getvalue()


def test_run_chapter_verdict_random_seeds_reach_different_verdicts() -> None:
    verdicts = set()
    for seed in range(1, 13):
        code, text = run("run", "--chapter", "verdict", "--random", str(seed))
        assert code == 0
        assert "== Chapter 12: The Verdict (2013) ==" in text
        assert "Claim 1 of 5:" in text and "Credibility: 5 of 5" in text
        found = re.findall(r"^verdict: (\S+)$", text, re.M)
        assert len(found) == 1, text[-400:]
        last = text.rstrip().splitlines()[-1]
        if found[0] == "retrial/acquitted_reinvestigation":
            assert last == "chapter end: verdict"  # on to the epilogue: the film's ending
        else:
            assert last.startswith("ending: epilogue_"), last  # the ruling's own close
        verdicts.add(found[0])
    assert len(verdicts) >= 2, verdicts


def test_run_prints_the_ruling_and_what_was_missed() -> None:
    # 1: stand and open the folder; then "Let the claim stand" is always the last option
    choices = ["2"]
    code, text = run("run", "--chapter", "verdict", "--choices", "2")
    assert code == 0
    rest = re.compile(r"^\s+(\d+)\. Let the claim stand and move on$", re.M)
    for _ in range(5):
        numbers = rest.findall(text)
        choices.append(numbers[-1])
        code, text = run("run", "--chapter", "verdict", "--choices", ",".join(choices))
    assert "Verdict: The court is not persuaded" in text
    assert text.count("  stood:   ") == 5
    assert "(`market`)" in text and "(`rehearsal`)" in text
    assert "verdict: retrial/not_persuaded" in text


def test_explore_lists_the_verdict_tiers(make_pack: Callable[[dict[str, str]], Path]) -> None:
    pack = make_pack({"story.yaml": trial_example()})
    code, text = run("explore", str(pack))
    assert code == 0
    assert "verdicts:   2/2 tiers reached (bicycle/cleared, bicycle/doubted)" in text


def test_explore_fails_when_a_tier_cannot_be_reached(
    make_pack: Callable[[dict[str, str]], Path],
) -> None:
    # A middle tier that the one above always shadows: it can never be ruled.
    text = (
        trial_example()
        .replace(
            "      - id: doubted\n",
            "      - id: shadowed\n        title: Never\n        refuted: all\n"
            "        goto: doubted\n      - id: doubted\n",
        )
        .replace("if: credibility >= 2 or saw_rain", "if: credibility >= 1")
    )
    pack = make_pack({"story.yaml": text})
    code, out = run("explore", str(pack))
    assert code == 1
    assert "verdicts:   2/3 tiers reached" in out
