"""Saves survive kills and two windows: every file is always whole, the old or the new.

A writer process saves in a loop and is killed (SIGKILL) at random moments; after each
kill every slot file must parse and hold one of the saves written, never a mix. Two writer
processes (and a reader) share the same slots: nothing is ever damaged, and the profile
keeps the chapters both unlocked.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist import profiles, saves
from cellseven_game.engine.play.runtime import Runtime

ROUNDS = int(os.environ.get("CELLSEVEN_KILL_ROUNDS", "50"))

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")

PACK = """
story:
  title: Kill Test
  start: one
  chapters: [one]
  variables:
    n: 0
chapters:
  one:
    title: One
    period: "2013"
    start: room
    scenes:
      room:
        text: A room.
        choices:
          - label: Wait
            goto: room
            once: false
            do:
              - add: {n: 1}
"""

# Saves A (fresh) on even numbers and B (after 40 waits: a longer file) on odd ones, with
# the number as the time saved, so the test can tell which write a file holds.
WRITER = """
import sys
from cellseven_game.engine.persist import saves
from cellseven_game.engine.persist import player_files
from cellseven_game.engine.persist import profiles
from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.play.runtime import Runtime

pack, slots, start = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
count = int(sys.argv[4]) if len(sys.argv) > 4 else 10**9
story = load_story(pack)
a, b = Runtime(story), Runtime(story)
for _ in range(40):
    b.choose(1)
profile = profiles.Profile(story=player_files.story_key(story))
print("go", flush=True)
for n in range(start, start + count):
    for slot in slots:
        saves.save(a if n % 2 == 0 else b, slot, now=float(n))
    if len(sys.argv) > 5:
        profile.unlock(f"{sys.argv[5]}-{n}")
        profiles.save_profile(profile)
print("done", flush=True)
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "story.yaml").write_text(PACK, encoding="utf-8")
    return folder


def writer(home: Path, pack: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "CELLSEVEN_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(pack), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def expected_states(story: Story) -> tuple[dict[str, object], dict[str, object]]:
    a, b = Runtime(story), Runtime(story)
    for _ in range(40):
        b.choose(1)
    return a.snapshot(), b.snapshot()


def whole(path: Path, story: Story, slot: str) -> int:
    """The number of the write `path` holds; fails unless it is exactly one whole save."""
    data = json.loads(path.read_text(encoding="utf-8"))
    n = data["saved_at"]
    assert n == int(n)
    a, b = expected_states(story)
    assert data["state"] == (a if int(n) % 2 == 0 else b)
    assert data["slot"] == slot and data["story_version"] == story.version
    return int(n)


def test_a_writer_killed_at_random_moments_leaves_every_save_whole(home: Path, pack: Path) -> None:
    story = load_story(pack)
    rng = random.Random(7)
    slots = ["autosave", "slot-1"]
    last = {slot: -1 for slot in slots}
    mid_write = 0
    for round_number in range(ROUNDS):
        start = max(last.values()) + 1
        order = slots if round_number % 2 == 0 else slots[::-1]  # each slot goes first too
        process = writer(home, pack, ",".join(order), str(start))
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "go", process.stderr
        time.sleep(rng.uniform(0, 0.06))  # a save takes ~20 ms, fsyncs included
        folder = saves.saves_dir(story)
        temps_before = set(folder.glob(".*.tmp")) if folder.is_dir() else set()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()
        assert process.stderr is not None
        process.stderr.close()
        assert process.returncode == -signal.SIGKILL, f"round {round_number}: it had ended"
        mid_write += len(set(folder.glob(".*.tmp")) - temps_before) if folder.is_dir() else 0
        for slot in slots:
            path = folder / f"{slot}.json"
            if not path.exists():
                assert last[slot] == -1  # killed before its first save finished
                continue
            n = whole(path, story, slot)
            assert n >= last[slot], f"round {round_number}: {slot} went back in time"
            last[slot] = n
        found, notes = saves.list_saves(story)
        assert notes == [] and {info.slot for info in found} <= set(slots)
        assert not list(folder.glob(".*.tmp")), "a killed writer's temp file was left"
        for info in found:
            saves.load(story, info.slot)
    assert not list(saves.saves_dir(story).glob("*.damaged"))
    assert min(last.values()) > 0, "the writer never got to save"
    print(f"\n{ROUNDS} kills survived, {mid_write} of them in the middle of a write")


def test_two_windows_writing_the_same_and_their_own_slots(home: Path, pack: Path) -> None:
    story = load_story(pack)
    count = 150
    first = writer(home, pack, "shared,mine-1", "0", str(count), "w1")
    second = writer(home, pack, "shared,mine-2", "1", str(count), "w2")
    reads = 0
    seen_notes: list[str] = []
    while first.poll() is None or second.poll() is None:
        # A third window listing the saves meanwhile never sees a damaged file.
        _, notes = saves.list_saves(story)
        seen_notes += notes
        _, note = profiles.load_profile(story)
        assert note is None
        reads += 1
    for process in (first, second):
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert out.split() == ["go", "done"]
    assert seen_notes == []
    folder = saves.saves_dir(story)
    assert sorted(p.name for p in folder.iterdir()) == ["mine-1.json", "mine-2.json", "shared.json"]
    assert whole(folder / "mine-1.json", story, "mine-1") == count - 1
    assert whole(folder / "mine-2.json", story, "mine-2") == count
    assert whole(folder / "shared.json", story, "shared") in (count - 1, count)
    profile, note = profiles.load_profile(story)
    assert note is None
    expected = {f"w1-{n}" for n in range(count)} | {f"w2-{n}" for n in range(1, count + 1)}
    assert set(profile.unlocked) == expected  # merged: nothing either window unlocked is lost
    assert not list(home.glob("*.damaged"))
    print(f"\n2 writers x {count} rounds x 3 files, {reads} reads by a third window, 0 damaged")
