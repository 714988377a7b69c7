"""Benchmark the runtime step on generated packs unlike our story (goal ≤ 7 µs, issue 15).

    python tests/benchmarks/step.py [--games 40] [--runs 5] [--scenes 1000] [--compare SRC]

A step is what a player's move costs the engine: read the options, pick an enabled one at
random, `choose` it (its effects, the next scene's entry, its options for the dead-end check).
Packs from `packs.py`: `realistic` (chapters of hubs with sticky and once-only choices, flags,
visit counts, counters, evidence, conditions reading earlier chapters) and `hub` (one hub of
ten choices behind six flags and a counter).

Each run is a fresh process that loads the pack (from the cache) and plays `--games` random
games, timing only the steps in CPU time (`time.process_time`: this machine is shared). Runs
alternate with `--compare SRC` (another source folder, e.g. an older `git archive`'s src,
put first on PYTHONPATH), so both are measured side by side. Prints each run's µs per step,
the median and the range.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Played in a fresh process; prints µs per step.
PLAY = """
import random, sys, time
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.play.runtime import Runtime

story = load_story(sys.argv[1], use_cache=True)
games, seed = int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
steps = 0
spent = 0.0
for game in range(games):
    runtime = Runtime(story)
    start = time.process_time()
    for _ in range(2000):  # a hub's sticky choices can go round for long: stop there
        if runtime.finished:
            break
        options = [o for o in runtime.options() if o.enabled]
        runtime.choose(rng.choice(options).number)
        steps += 1
    spent += time.process_time() - start
print(f"{spent / steps * 1e6:.3f} {steps}")
"""


def run_once(pack: Path, games: int, seed: int, env: dict[str, str]) -> tuple[float, int]:
    done = subprocess.run(
        [sys.executable, "-c", PLAY, str(pack), str(games), str(seed)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    micro, steps = done.stdout.split()
    return float(micro), int(steps)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--games", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per side")
    parser.add_argument("--scenes", type=int, default=1_000, help="scenes of the realistic pack")
    parser.add_argument("--kind", choices=("realistic", "hub", "both"), default="both")
    parser.add_argument("--compare", type=Path, help="another source folder to time alongside")
    args = parser.parse_args()

    sys.path.insert(0, str(HERE))
    import packs

    scratch = Path(tempfile.mkdtemp(prefix="cellseven-step-"))
    try:
        env = {**os.environ, "CELLSEVEN_HOME": str(scratch / "home")}
        sides = {"now": env}
        if args.compare is not None:
            sides[f"from {args.compare}"] = {**env, "PYTHONPATH": str(args.compare.resolve())}
        kinds = ["realistic", "hub"] if args.kind == "both" else [args.kind]
        for kind in kinds:
            pack = scratch / kind
            if kind == "realistic":
                packs.realistic_pack(pack, args.scenes)
            else:
                packs.hub_pack(pack)
            for side_env in sides.values():  # untimed: writes the caches
                run_once(pack, 1, 0, side_env)
            results: dict[str, list[float]] = {name: [] for name in sides}
            counts: dict[str, int] = {}
            for run in range(args.runs):
                for name, side_env in sides.items():
                    micro, steps = run_once(pack, args.games, run, side_env)
                    results[name].append(micro)
                    counts[name] = counts.get(name, 0) + steps
            print(f"{kind} pack, {args.games} random games a run, {args.runs} runs each:")
            for name, series in results.items():
                shown = " ".join(f"{m:.2f}" for m in series)
                print(
                    f"  {name}: median {statistics.median(series):.2f} µs/step "
                    f"(range {min(series):.2f}-{max(series):.2f}; runs {shown}; "
                    f"{counts[name] // args.runs} steps a run)"
                )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
