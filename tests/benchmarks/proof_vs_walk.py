"""Check `explore`'s proof against the full walk, pack by pack (soundness, not speed).

    python tests/benchmarks/proof_vs_walk.py PACK [PACK ...] [--max-states 200000]

For each pack: `explore` with every state walked (up to `--max-states`), then `explore` proving
all it can (`quick_walk=0`: no first walk to answer a small pack). Prints one line a pack:
`agree` (with the proof's kind and both times), `DIFFER` (each finding that differs, then
exit status 1), or `too big` when the walk stopped at its cap and proves nothing to compare
with. The suite explores the bundled story once, by proof; this is how its findings, and any
outside pack's, are checked against the walk (the bundled story: agree, 166,362 states).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools.analysis import explore

# What both reports must say alike (the kind of proof and the counts of work may differ).
FINDINGS = ("reached", "unreached", "endings", "verdicts", "verdict_endings", "dead_ends")
FINDINGS += ("loops", "complete")
CHAPTER_FINDINGS = ("replayable", "endings", "verdicts", "dead_ends", "loops", "truncated")


def findings(report: dict[str, Any]) -> dict[str, Any]:
    out = {key: report[key] for key in FINDINGS}
    out["chapters"] = {
        chapter: {key: line[key] for key in CHAPTER_FINDINGS}
        for chapter, line in report["chapters"].items()
    }
    return out


def differences(proof: Any, walk: Any, where: str = "") -> list[str]:
    if isinstance(proof, dict) and isinstance(walk, dict):
        out: list[str] = []
        for key in sorted(set(proof) | set(walk), key=str):
            if proof.get(key) != walk.get(key):
                out += differences(proof.get(key), walk.get(key), f"{where}.{key}")
        return out
    return [f"{where}: proof {proof!r}, walk {walk!r}"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("packs", nargs="+", type=Path)
    parser.add_argument("--max-states", type=int, default=200_000)
    args = parser.parse_args()
    differ = False
    for pack in args.packs:
        story = load_story(pack)
        began = time.process_time()
        walk = explore(story, every_state=True, max_states=args.max_states)
        walked = time.process_time() - began
        if walk["truncated"]:
            print(f"{pack}: too big ({walk['states']:,} states walked)")
            continue
        began = time.process_time()
        proof = explore(story, quick_walk=0)
        proved = time.process_time() - began
        found = differences(findings(proof), findings(walk))
        if found:
            differ = True
            print(f"{pack}: DIFFER")
            for line in found:
                print(f"  {line}")
        else:
            print(
                f"{pack}: agree ({proof['proof']}, {proved:.2f} s; "
                f"walk {walk['states']:,} states, {walked:.2f} s)"
            )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
