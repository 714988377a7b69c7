"""Load benchmark on packs unlike our story: plain `yaml.load` vs our cold and warm `validate`.

    python tests/benchmarks/bench_load.py [--sizes 1000,5000,10000,20000] [--shapes ...]
                                          [--repeat 5] [--keep DIR] [--compare OLD_SRC]

For every shape and size one pack is generated, then, side by side in one run and each in a
fresh process (so one run's garbage and caches never flatter the next):

- plain: `python -c` that reads every YAML file of the pack and `yaml.load`s it with
  CSafeLoader (the baseline: what any program must pay just to read the files);
- cold: `cellseven validate PACK` with an empty cache folder (full load, checks, cache written);
- warm: `cellseven validate PACK` again, the cache present;
- with `--compare OLD_SRC` (the `src` folder of a `git archive` of an older commit), also a
  cold validate of that code, on PYTHONPATH, in the same turns: its ratio to the plain load.

Figures are CPU seconds (user + system) and peak RSS of the whole child process, start-up
included, taken from `wait4`: the machine is shared by several people, and CPU time is what
a busy neighbour disturbs least. Each is the median of `--repeat` runs; the range is printed
beside it. Runs of the three kinds take turns, so a burst of load hits all of them alike.

`PYTHONDONTWRITEBYTECODE=1` (set on the team's machines) would make every fresh process of an
editable install compile our modules again; the children get a private PYTHONPYCACHEPREFIX
that is filled once before timing starts.

Shapes (the generators are in packs.py, except `dialogue`, below):
- realistic: chapters of 25 scenes with hubs, flags, visit counts; one-line paragraphs; CRLF;
  files four folders deep (packs.realistic_pack);
- chain: one long `next` chain, 20 files (packs.chain_pack);
- fewfiles: realistic's chapters in 53 big files and story.yaml (the hidden pack's shape);
- bigfiles: `realistic` in few large files (eight chapters, 200 scenes, a file: 51 files at
  10,000 scenes), its paragraphs unquoted plain scalars;
- dialogue: many small files (ten scenes each; more past 19,990 scenes, to stay within the
  pack's file limit) six folders deep, block-scalar prose over several lines, dialogue lines
  with speakers and conditions, 40% conditional choices, tabs nowhere, LF endings — the
  opposite habits to `realistic`;
- scenefiles: `dialogue` with a file for every scene, each its own chapter (10,001 files at
  10,000 scenes): what a pack's per-file and per-chapter costs come to.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import packs  # noqa: E402

from cellseven_game.engine.compile.packfiles import MAX_FILES  # noqa: E402

PLAIN = """
import os, sys, yaml
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(files):
        if name.endswith((".yaml", ".yml")):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                yaml.load(handle, Loader=yaml.CSafeLoader)
"""

SPEAKERS = ("ana", "bo", "cy", "dee")


def dialogue_pack(root: Path, scenes: int = 10_000, seed: int = 11, per_file: int = 10) -> Path:
    """Many small files deep in folders; block-scalar prose; dialogue; conditional choices.

    A chapter a file, `per_file` scenes each (`scenefiles`: one), more when that would pass
    the pack's file limit with story.yaml. Every size is exact."""
    rng = random.Random(seed)
    per_file = max(per_file, -(-scenes // (MAX_FILES - 1)))
    files = max(1, -(-scenes // per_file))
    sizes = [per_file] * (files - 1) + [scenes - per_file * (files - 1)]
    chapters = [f"ch{n:04d}" for n in range(files)]
    lines = [
        "story:",
        "  title: Dialogue",
        f"  start: {chapters[0]}",
        "  chapters:",
        *[f"    - {c}" for c in chapters],
        "  variables:",
        "    met_ana: false",
        "    met_bo: false",
        "    mood: 0",
        '    name: "nobody"',
        "characters:",
    ]
    for s in SPEAKERS:
        lines += [f"  {s}:", f"    name: {s.capitalize()}", "    bond: mood"]
    packs._write(root / "story.yaml", lines, crlf=False)
    words = packs.WORDS
    for n, chapter in enumerate(chapters):
        out = [
            "chapters:",
            f"  {chapter}:",
            f"    title: Room {n}",
            "    period: '1997'",
            f"    start: {chapter}_0",
            "    scenes:",
        ]
        for i in range(sizes[n]):
            sid = f"{chapter}_{i}"
            out += [f"      {sid}:", "        text: |"]
            for _ in range(rng.randint(2, 6)):
                out.append("          " + " ".join(rng.choice(words) for _ in range(12)))
            out.append("        lines:")
            for k in range(rng.randint(1, 4)):
                speaker = rng.choice(SPEAKERS)
                said = " ".join(rng.choice(words) for _ in range(rng.randint(4, 18)))
                if k == 2:
                    out += [f"          - {speaker}: {said}", "            if: met_ana"]
                else:
                    out.append(f"          - {speaker}: '{said}'")
            if i + 1 < sizes[n]:
                target = f"{chapter}_{i + 1}"
            elif n + 1 < files:
                target = f"{chapters[n + 1]}_0"
            else:
                out.append("        end: done")
                continue
            out += [
                "        do:",
                "          - add: {mood: 1}",
                "        choices:",
                "          - label: Listen",
                f"            goto: {target}",
                "            do: [{set: {met_ana: true}}]",
                "          - label: Ask about the letter",
                f"            goto: {target}",
                "            if: met_ana and mood > 2",
                "            when_false: disable",
                "          - label: Leave",
                f"            goto: {target}",
                "            if: not met_bo",
            ]
        depth = "/".join(f"p{(n >> k) % 4}" for k in range(6))
        packs._write(root / depth / f"{chapter}.yaml", out, crlf=False)
    return root


def few_files_pack(root: Path, scenes: int = 10_000, files: int = 53) -> Path:
    """`realistic`'s chapters gathered into `files` big files (plus story.yaml): the shape of
    the independent 10,000-scene pack of issue 15 (54 files), where the per-file costs of a
    warm load (the walk, a stat a file) are small and its fixed costs show."""
    packs.realistic_pack(root, scenes)
    chapters = sorted(p for p in root.rglob("*.yaml") if p.name != "story.yaml")
    head = b"chapters:\r\n"
    files = min(files, len(chapters))  # 40 chapters at 1,000 scenes
    for n in range(files):
        body = [head]
        for path in chapters[n::files]:
            data = path.read_bytes()
            assert data.startswith(head), path  # one `chapters:` mapping a file
            body.append(data[len(head) :])
        folder = root / f"part{n % 4}"
        folder.mkdir(exist_ok=True)
        (folder / f"p{n:02d}.yaml").write_bytes(b"".join(body))
    for path in chapters:
        path.unlink()
    for folder in sorted({p.parent for p in chapters}, key=lambda p: -len(p.parts)):
        while folder != root and not any(folder.iterdir()):
            folder.rmdir()  # the emptied folders go too
            folder = folder.parent
    return root


SHAPES = {
    "realistic": lambda root, n: packs.realistic_pack(root, n),
    "chain": lambda root, n: packs.chain_pack(root, n),
    # Like the independent 10,000-scene pack the issue was measured on: few large files
    # (7-8 chapters, ~190 scenes, each), paragraphs on one line and unquoted.
    "bigfiles": lambda root, n: packs.realistic_pack(root, n, per_file=8, quoted=False),
    "dialogue": dialogue_pack,
    "fewfiles": few_files_pack,
    # An author's habit the others miss: a file for every scene (each its own chapter), so
    # a pack of 10,000 scenes is 10,001 files six folders deep.
    "scenefiles": lambda root, n: dialogue_pack(root, n, per_file=1),
}


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds and peak RSS (MiB) of one fresh child process."""
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read() if child.stderr else b""
    if child.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed ({child.returncode}): {err.decode()[-400:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _pack_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*.y*ml")]
    return len(files), sum(p.stat().st_size for p in files)


def measure(
    pack: Path, repeat: int, env: dict[str, str], old: dict[str, str] | None = None
) -> dict[str, list[tuple[float, float]]]:
    cellseven = [sys.executable, "-c", "from cellseven_game.cli import main; main()"]
    plain = [sys.executable, "-c", PLAIN, str(pack)]
    validate = [*cellseven, "validate", str(pack)]
    cache = Path(env["XDG_CACHE_HOME"])
    runs: dict[str, list[tuple[float, float]]] = {"plain": [], "cold": [], "warm": [], "old": []}
    for _ in range(repeat):
        runs["plain"].append(_run(plain, env))
        shutil.rmtree(cache, ignore_errors=True)
        runs["cold"].append(_run(validate, env))
        runs["warm"].append(_run(validate, env))
        if old is not None:  # the code compared with, cold too
            shutil.rmtree(cache, ignore_errors=True)
            runs["old"].append(_run(validate, old))
    return runs


def _fmt(values: list[float], unit: str, scale: float = 1.0) -> str:
    mid = statistics.median(values) * scale
    return f"{mid:7.0f} {unit} ({min(values) * scale:.0f}–{max(values) * scale:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000,10000,20000")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate the packs here and keep them")
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="OLD_SRC",
        help="also time a cold validate of the code in this src folder (a `git archive` of "
        "an older commit), on PYTHONPATH, in the same turns",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    base = args.keep or work
    env = dict(os.environ)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    # The user's own folders moved, not CELLSEVEN_HOME: a command finds them as it does for
    # a player (by the XDG rule; platformdirs where that does not say).
    env.pop("CELLSEVEN_HOME", None)
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env["XDG_DATA_HOME"] = str(work / "data")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    old = None
    if args.compare:
        old = dict(env, PYTHONPATH=str(args.compare.resolve()))
        old["PYTHONPYCACHEPREFIX"] = str(work / "pycache-old")
    try:
        # Fill the byte-code cache once, so no timed run compiles anything.
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import yaml, cellseven_game.cli, cellseven_game.engine.compile.loader",
            ],
            env=env,
            check=True,
        )
        if old is not None:
            subprocess.run(
                [sys.executable, "-c", "import cellseven_game.engine.compile.loader"],
                env=old,
                check=True,
            )
        print(
            "shape       scenes  files    MB | plain (CPU)       cold (CPU)        ratio "
            "| warm (CPU)      | peak RSS cold / warm / plain"
        )
        for shape in args.shapes.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                pack = base / f"{shape}-{size}"
                if not (pack / "story.yaml").exists():
                    SHAPES[shape](pack, size)
                files, size_bytes = _pack_size(pack)
                _run(
                    [
                        sys.executable,
                        "-c",
                        "from cellseven_game.cli import main; main()",
                        "validate",
                        str(pack),
                    ],
                    env,
                )  # warm the byte code and the page cache
                runs = measure(pack, args.repeat, env, old)
                cpu = {k: [c for c, _ in v] for k, v in runs.items()}
                rss = {k: [m for _, m in v] for k, v in runs.items()}
                ratios = [c / p for c, p in zip(cpu["cold"], cpu["plain"], strict=True)]
                print(
                    f"{shape:<10} {size:>6} {files:>6} {size_bytes / 1e6:5.1f} | "
                    f"{_fmt(cpu['plain'], 'ms', 1000)} {_fmt(cpu['cold'], 'ms', 1000)} "
                    f"{statistics.median(ratios):4.2f}× ({min(ratios):.2f}–{max(ratios):.2f}) | "
                    f"{_fmt(cpu['warm'], 'ms', 1000)} | "
                    f"{statistics.median(rss['cold']):.0f} / {statistics.median(rss['warm']):.0f} "
                    f"/ {statistics.median(rss['plain']):.0f} MiB",
                    flush=True,
                )
                if old is not None:
                    was = [c / p for c, p in zip(cpu["old"], cpu["plain"], strict=True)]
                    print(
                        f"{'  old code':<31} | {'':17} {_fmt(cpu['old'], 'ms', 1000)} "
                        f"{statistics.median(was):4.2f}× ({min(was):.2f}–{max(was):.2f}) | "
                        f"{'':15} | {statistics.median(rss['old']):.0f} MiB cold",
                        flush=True,
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
