"""Benchmark start-up in a real terminal: launch to the title screen drawn, against a bare app.

    python tests/benchmarks/startup.py [--rounds 12] [--repeats 3] [--story DIR]
                                       [--python PATH] [--pycache DIR] [--marker TEXT]

Each process is started in a fresh 100x32 pseudo-terminal and timed from spawn until a text
appears on the terminal (escape sequences stripped from the stream first, so a style change
inside the text does not hide it):

- the bare app: a Textual app with a Static ("bare-app-ready") and a Footer;
- cellseven: `cellseven play` (or `--story DIR`), until the story's title is drawn on the
  title screen (`--marker` to wait for another text, e.g. "New game").

The two are started alternately (bare, game, bare, game, ...), `--rounds` of each per
repeat; each repeat prints both medians and their ratio, and the end prints the range of
the ratios over the repeats (goal ≤ 1.25, issue 15).

Byte-code: PYTHONDONTWRITEBYTECODE=1 on a machine makes an editable install recompile every
module at every launch. Both sides therefore run without it and with PYTHONPYCACHEPREFIX set
to one folder (`--pycache`, default a fresh folder warmed by the first, untimed launches),
like a regular install whose .pyc files exist. `--python` times another interpreter (e.g. a
scratch venv with the wheel installed); it runs both sides, so the bare app uses the same
Textual. `--compare SRC` adds the game from another source folder to the same alternation.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Static


class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Static("bare-app-ready")
        yield Footer()


Bare().run()
"""
BARE_MARKER = "bare-app-ready"
GAME_RUNNER = "from cellseven_game.cli import main; raise SystemExit(main())"
# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST) and two-byte escapes.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


def time_to_text(command: list[str], marker: str, env: dict[str, str], limit: float = 30) -> float:
    """Seconds from spawning `command` in a 100x32 pty until `marker` is drawn (nan if never)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
    wanted = marker.encode()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    raw = b""
    elapsed = float("nan")
    try:
        while time.perf_counter() < start + limit:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                now = time.perf_counter()
                raw += chunk
                if wanted in _ESCAPES.sub(b"", raw):
                    elapsed = now - start
                    break
            elif process.poll() is not None:
                break
    finally:
        _stop(process)
        os.close(master)
    return elapsed


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=5)
            return
        except subprocess.TimeoutExpired:
            continue


def story_title(story: Path | None) -> str:
    """The title the title screen shows (the story's title, read as the game reads it)."""
    from cellseven_game.engine.compile.loader import load_story
    from cellseven_game.paths import bundled_story

    return load_story(story or bundled_story()).title


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rounds", type=int, default=12, help="launches of each per repeat")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--story", type=Path, help="a story pack (default: the bundled story)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter for both")
    parser.add_argument("--pycache", type=Path, help="PYTHONPYCACHEPREFIX for both sides")
    parser.add_argument("--marker", help="the text to wait for (default: the story's title)")
    parser.add_argument(
        "--compare",
        type=Path,
        help="also time the game from this source folder (e.g. an older `git archive`'s src), "
        "in the same alternation",
    )
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="cellseven-startup-"))
    try:
        pycache = args.pycache or scratch / "pycache"
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "CELLSEVEN_HOME": str(scratch / "home"),
            "PYTHONPYCACHEPREFIX": str(pycache),
        }
        # Byte-code is written (to the prefix folder): PYTHONDONTWRITEBYTECODE would leave
        # that folder empty, and every launch would compile every module, the standard
        # library's too (the prefix replaces __pycache__ for reading as well).
        for name in (
            "PYTHONDONTWRITEBYTECODE",
            "TEXTUAL",
            "TEXTUAL_DRIVER",
            "TEXTUAL_DEVTOOLS_PORT",
        ):
            env.pop(name, None)
        bare_file = scratch / "bare_app.py"
        bare_file.write_text(BARE_APP, encoding="utf-8")
        bare = [args.python, str(bare_file)]
        game = [args.python, "-c", GAME_RUNNER, "play"]
        if args.story is not None:
            game += ["--story", str(args.story)]
        marker = args.marker or story_title(args.story)

        runs: dict[str, tuple[list[str], str, dict[str, str]]] = {
            "bare": (bare, BARE_MARKER, env),
            "cellseven": (game, marker, env),
        }
        if args.compare is not None:
            older = {**env, "PYTHONPATH": str(args.compare.resolve())}
            runs[f"cellseven from {args.compare}"] = (game, marker, older)
        # Untimed: fill the byte-code folder, the file cache and the story's cache.
        for _ in range(2):
            for command, text, environ in runs.values():
                time_to_text(command, text, environ)
        print(f"waiting for {marker!r}; {args.rounds} launches of each per repeat, alternating")
        ratios: dict[str, list[float]] = {name: [] for name in runs if name != "bare"}
        for repeat in range(1, args.repeats + 1):
            times: dict[str, list[float]] = {name: [] for name in runs}
            for _ in range(args.rounds):
                for name, (command, text, environ) in runs.items():
                    times[name].append(time_to_text(command, text, environ))
            failed = sum(t != t for series in times.values() for t in series)
            if failed:
                print(
                    f"repeat {repeat}: {failed} launch(es) never drew their text", file=sys.stderr
                )
                return 1
            base = statistics.median(times["bare"])
            shown = []
            for name, series in times.items():
                middle = statistics.median(series)
                if name != "bare":
                    ratios[name].append(middle / base)
                shown.append(
                    f"{name} {middle * 1000:.0f} ms ({min(series) * 1000:.0f}-"
                    f"{max(series) * 1000:.0f})"
                    + (f" = {middle / base:.2f}x" if name != "bare" else "")
                )
            print(f"repeat {repeat}: " + ";  ".join(shown))
        for name, series in ratios.items():
            print(
                f"{name}: ratio to bare over {args.repeats} repeats {min(series):.2f}-"
                f"{max(series):.2f} (median {statistics.median(series):.2f}; goal ≤ 1.25)"
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
