"""Engine benchmark: side-by-side figures from one run (the machine is shared and noisy).

    python tests/benchmarks/bench_engine.py [--scenes 10000] [--repeat 3]

Every figure is the median of several runs, each in a fresh process, so one measurement's
garbage and caches never flatter the next. Ratios compare against the plain
`yaml.load(CSafeLoader)` of the same files, taken in the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_pack  # noqa: E402

PLAIN = """
import glob, time, yaml
t = time.perf_counter()
for name in sorted(glob.glob({pack!r} + "/*.yaml")):
    with open(name, encoding="utf-8") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
print(time.perf_counter() - t)
"""

OURS = """
import time, resource
from cellseven_game.engine.compile.loader import check_pack
t = time.perf_counter()
result = check_pack({pack!r}, use_cache=True)
elapsed = time.perf_counter() - t
assert result.story is not None and not result.errors, result.problems[:3]
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

CHECK_ONLY = """
import time
from cellseven_game.engine.compile.loader import check_pack
t = time.perf_counter()
result = check_pack({pack!r}, use_cache=False)
print(time.perf_counter() - t)
"""

BASELINE = """
import resource
from cellseven_game.engine.compile import loader, cache
from cellseven_game.engine.play import runtime
print(0.0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

EXPLORE = """
import time
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.tools.analysis import explore
story = load_story({pack!r})
t = time.perf_counter()
report = explore(story)
print(time.perf_counter() - t, report["states"])
"""

STEPS = """
import random, statistics, time
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.play.runtime import Runtime
story = load_story({pack!r}, use_cache=True)
rng = random.Random(1)
times = []
for game in range(5):
    runtime = Runtime(story)
    clock = time.perf_counter
    while not runtime.finished:
        t = clock()
        options = [o for o in runtime.options() if o.enabled]
        runtime.choose(rng.choice(options).number)
        times.append(clock() - t)
print(statistics.median(times), len(times))
"""


def run(code: str, env: dict[str, str]) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    return [float(x) for x in out.split()]


def median_of(code: str, env: dict[str, str], repeat: int) -> list[float]:
    runs = [run(code, env) for _ in range(repeat)]
    return [statistics.median(column) for column in zip(*runs, strict=True)]


def main() -> None:
    import os

    parser = argparse.ArgumentParser()
    parser.add_argument("--scenes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cellseven-bench-"))
    big = write_pack(work / "big", scenes=args.scenes, files=50)
    small = write_pack(work / "small", scenes=1_000, files=10)
    env = dict(os.environ)

    plain = median_of(PLAIN.format(pack=str(big)), env, args.repeat)[0]
    check_only = median_of(CHECK_ONLY.format(pack=str(big)), env, args.repeat)[0]
    cold_runs, warm_runs = [], []
    for n in range(args.repeat):
        env["CELLSEVEN_HOME"] = str(work / f"home{n}")  # an empty cache each time
        cold_runs.append(run(OURS.format(pack=str(big)), env))
        warm_runs.append(run(OURS.format(pack=str(big)), env))
    cold = statistics.median(r[0] for r in cold_runs)
    cold_rss = statistics.median(r[1] for r in cold_runs) / 1024
    warm = statistics.median(r[0] for r in warm_runs)
    base_rss = median_of(BASELINE, env, args.repeat)[1] / 1024
    explore_s, states = median_of(EXPLORE.format(pack=str(small)), env, args.repeat)
    step, _steps = median_of(STEPS.format(pack=str(big)), env, args.repeat)

    rows = [
        ("plain yaml.load(CSafeLoader), 10k scenes", f"{plain * 1000:8.0f} ms", "1.00x"),
        (
            "our first load + all checks",
            f"{check_only * 1000:8.0f} ms",
            f"{check_only / plain:.2f}x",
        ),
        ("  the same, writing the cache too", f"{cold * 1000:8.0f} ms", f"{cold / plain:.2f}x"),
        ("our warm load (validated cache)", f"{warm * 1000:8.0f} ms", f"{warm / plain:.2f}x"),
        ("explore, 1k-scene pack", f"{explore_s * 1000:8.0f} ms", f"{int(states)} states"),
        ("runtime step (options+choose+effects)", f"{step * 1e6:8.1f} µs", f"{1 / step:,.0f}/s"),
        ("peak RSS, first load (import baseline)", f"{cold_rss:8.1f} MiB", f"({base_rss:.1f} MiB)"),
    ]
    print(f"synthetic pack: {args.scenes} scenes in 50 files; median of {args.repeat} runs")
    for name, value, ratio in rows:
        print(f"  {name:<44} {value}  {ratio}")
    print(
        json.dumps(
            {
                "plain_s": plain,
                "cold_s": cold,
                "warm_s": warm,
                "explore_s": explore_s,
                "step_us": step * 1e6,
                "rss_mib": cold_rss,
                "rss_base_mib": base_rss,
            }
        )
    )


if __name__ == "__main__":
    main()
