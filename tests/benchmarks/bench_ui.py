"""Benchmark the game's screen: startup against a bare Textual app, and a choice's redraw.

    python tests/benchmarks/bench_ui.py [--rounds 15] [--choices 60] [--story DIR]

1. Launch to first frame: `cellseven` and a bare one-line Textual app are started in turn in
   a pseudo-terminal, side by side in one run; each is timed from spawn until its first
   screen's text arrives on the terminal. Prints both medians and the ratio (goal ≤ 1.25).
2. Choice to next scene: the app runs headless; each `1` key is timed from the app receiving
   the key to the first frame that shows the screen as it finally stays (the harness's own
   latency is not counted). Textual often composes one more frame ~20-30 ms later after a
   widget's size changed; it repaints identical cells (checked here, cell by cell, with
   styles), so it is reported beside the figure but not counted as drawing.
   Prints the median and 90th percentile (goal: median ≤ 16 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
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
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare-app-ready")

Bare().run()
"""


def first_frame_seconds(command: list[str], marker: bytes, env: dict[str, str]) -> float:
    """Seconds from spawning `command` in a 100x32 pty until `marker` is drawn."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    elapsed = float("nan")
    try:
        deadline = start + 20
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen += chunk
                if marker in seen:
                    elapsed = time.perf_counter() - start
                    break
            elif process.poll() is not None:
                break
    finally:
        with _quiet():
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with _quiet():
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        os.close(master)
    return elapsed


class _quiet:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is not None and issubclass(exc[0], ProcessLookupError | OSError)  # type: ignore[arg-type]


def bench_startup(rounds: int, story: Path | None, home: Path) -> tuple[float, float]:
    env = {**os.environ, "CELLSEVEN_HOME": str(home), "TERM": "xterm-256color"}
    env.pop("TEXTUAL", None)
    bare_file = home / "bare_app.py"
    bare_file.write_text(BARE_APP, encoding="utf-8")
    script = Path(sys.executable).with_name("cellseven")
    game = [str(script)] if script.exists() else [sys.executable, "-m", "cellseven_game"]
    if story is not None:
        game += ["play", "--story", str(story)]
    bare = [sys.executable, str(bare_file)]
    # Warm the file cache (and the story cache) once before timing.
    first_frame_seconds(bare, b"bare-app-ready", env)
    first_frame_seconds(game, b"New game", env)
    time.sleep(0.5)
    bare_times: list[float] = []
    game_times: list[float] = []
    for _ in range(rounds):
        bare_times.append(first_frame_seconds(bare, b"bare-app-ready", env))
        game_times.append(first_frame_seconds(game, b"New game", env))
    return statistics.median(bare_times), statistics.median(game_times)


def _screen_cells(screen: Any) -> int:
    """A hash of every cell on the screen, text and style."""
    strips = screen._compositor.render_strips()
    return hash(tuple((seg.text, seg.style) for strip in strips for seg in strip))


async def bench_choices(count: int, story_dir: Path | None) -> tuple[list[float], list[float]]:
    from textual import events

    from cellseven_game.engine.loader import load_story
    from cellseven_game.engine.runtime import Runtime
    from cellseven_game.paths import bundled_story
    from cellseven_game.ui.app import CellsevenApp
    from cellseven_game.ui.screens.scene import SceneScreen

    story = load_story(story_dir or bundled_story())
    key_at: list[float] = []
    frames: list[tuple[float, int]] = []

    class Timed(CellsevenApp):
        async def on_event(self, event: events.Event) -> None:
            if isinstance(event, events.Key) and not event.is_forwarded:
                key_at.append(time.perf_counter())
            await super().on_event(event)

        def _display(self, screen: Any, renderable: Any) -> None:
            if renderable is not None:
                now = time.perf_counter()
                frames.append((now, _screen_cells(screen)))
            super()._display(screen, renderable)

    app = Timed(story)
    samples: list[float] = []
    repaints: list[float] = []
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.3)
        app.profile.content_note_seen = True  # type: ignore[union-attr]
        app.play(Runtime(story))
        await pilot.pause(0.3)
        while len(samples) < count:
            scene = app.screen
            assert isinstance(scene, SceneScreen)
            if scene.runtime.finished or not scene.runtime.options():
                scene.set_runtime(Runtime(story))
                await pilot.pause(0.2)
                continue
            frames.clear()
            key_at.clear()
            await pilot.press("1")
            await pilot.pause(0.12)
            after = [(t, cells) for t, cells in frames if key_at and t >= key_at[0]]
            if after:
                final = after[-1][1]
                drawn = next(t for t, cells in after if cells == final)
                samples.append(drawn - key_at[0])
                repaints.append(after[-1][0] - key_at[0])
    return samples, repaints


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--choices", type=int, default=60)
    parser.add_argument("--story", type=Path, help="a story pack (default: the bundled story)")
    args = parser.parse_args()
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    os.environ["CELLSEVEN_TEXT_SPEED"] = "0"
    home = Path(tempfile.mkdtemp(prefix="cellseven-bench-"))
    os.environ["CELLSEVEN_HOME"] = str(home)
    try:
        bare, game = bench_startup(args.rounds, args.story, home)
        print(f"launch to first frame, median of {args.rounds} runs each, side by side:")
        print(f"  bare one-line Textual app  {bare * 1000:7.0f} ms")
        print(f"  cellseven title screen     {game * 1000:7.0f} ms")
        print(f"  ratio                      {game / bare:7.2f}   (goal ≤ 1.25)")
        samples, repaints = asyncio.run(bench_choices(args.choices, args.story))
        samples.sort()
        median = statistics.median(samples) * 1000
        p90 = samples[int(len(samples) * 0.9) - 1] * 1000
        print(f"choice to next scene fully drawn (key to final frame), {len(samples)} choices:")
        print(f"  median {median:.1f} ms, 90th percentile {p90:.1f} ms   (goal: median ≤ 16 ms)")
        late = statistics.median(repaints) * 1000
        print(f"  (Textual's identical follow-up repaint lands at a median {late:.1f} ms)")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
