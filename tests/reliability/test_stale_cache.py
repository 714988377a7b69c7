"""A stale story cache is never trusted, and no file planted as the cache can hang a load.

The cache key stamps every file the story was built from (engine/compile/stamp.py: the change
time, which no tool can put back, and the bytes of a file changed moments before), so edits
that keep a file's size and modification time (put back by hand, by `touch -r`, by a tool
that restores times) are still seen, by `validate` and by `run` alike. (These tests edit
files just written, which the key checks by content; test_cache_stamps.py proves the stat
path on its own.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cellseven_game.engine.compile import cache, sealed
from cellseven_game.engine.compile.loader import check_pack

GOOD = """story:
  title: Same Size
  start: one
  chapters: [one]
  canon: canon.yaml
chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
      a:
        text: The first room.
        choices:
          - {label: Go on, goto: b}
      b: {text: The second room., end: done}
"""
CANON = "canon:\n  beats:\n    - {id: first, fact: A fact.}\n"


def _pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack"
    (pack / "more" / "deeper").mkdir(parents=True)
    (pack / "story.yaml").write_text(GOOD, encoding="utf-8")
    (pack / "canon.yaml").write_text(CANON, encoding="utf-8")
    (pack / "more" / "deeper" / "vars.yaml").write_text("variables:\n  hope: 1\n")
    return pack


def _edit_keeping_size_and_times(path: Path, old: str, new: str) -> None:
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cellseven_game", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )


@pytest.mark.parametrize(
    ("rel", "old", "new", "code"),
    [
        ("story.yaml", "goto: b", "goto: x", "CS101"),  # a broken reference
        ("story.yaml", "start: a", "start: q", "CS101"),
        ("more/deeper/vars.yaml", "hope: 1", "hope: [", "CS001"),  # no longer YAML
    ],
)
def test_validate_sees_an_edit_of_the_same_size_with_the_mtime_put_back(
    tmp_path: Path, rel: str, old: str, new: str, code: str
) -> None:
    pack = _pack(tmp_path)
    warm = _cli("validate", str(pack))
    assert warm.returncode == 0, warm.stdout + warm.stderr
    assert list((Path(os.environ["CELLSEVEN_HOME"]) / "cache").rglob("*.marshal"))
    _edit_keeping_size_and_times(pack / rel, old, new)
    again = _cli("validate", str(pack))
    assert again.returncode == 1, again.stdout
    assert f"[{code}]" in again.stdout
    assert f"{rel}:" in again.stdout.replace(str(pack) + os.sep, "")


def test_run_plays_the_edited_story_not_the_cached_one(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    first = _cli("run", "--story", str(pack), "--choices", "1")
    assert first.returncode == 0 and "The second room." in first.stdout
    _edit_keeping_size_and_times(pack / "story.yaml", "The second room.", "The fourth hall.")
    second = _cli("run", "--story", str(pack), "--choices", "1")
    assert second.returncode == 0, second.stderr
    assert "The fourth hall." in second.stdout and "The second room." not in second.stdout


def test_an_edit_of_the_canon_file_of_the_same_size_is_seen(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    assert check_pack(pack, use_cache=True).story is not None
    _edit_keeping_size_and_times(pack / "canon.yaml", "id: first", "id: fir$t")
    result = check_pack(pack, use_cache=True)
    assert any(p.path.endswith("canon.yaml") and p.code == "CS010" for p in result.problems)


def test_the_key_is_taken_before_the_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file edited after the loader read it but before the cache is written is seen next time."""
    pack = _pack(tmp_path)
    story_file = pack / "story.yaml"
    real = cache.write
    calls: list[str] = []

    def edit_then_write(*args: object) -> None:
        calls.append("write")
        _edit_keeping_size_and_times(story_file, "The first room.", "The other room.")
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "write", edit_then_write)
    first = check_pack(pack, use_cache=True).story
    assert first is not None and first.scenes["a"].text == "The first room." and calls
    monkeypatch.setattr(cache, "write", real)
    story = check_pack(pack, use_cache=True).story
    assert story is not None and story.scenes["a"].text == "The other room."


def _cache_path(pack: Path, summary: bool = False) -> Path:
    check_pack(pack, use_cache=True)
    stories = Path(os.environ["CELLSEVEN_HOME"]) / "cache" / "stories"
    if summary:
        assert _cli("validate", str(pack)).returncode == 0
        (path,) = stories.glob("*.summary.marshal")
        return path
    (path,) = (p for p in stories.glob("*.marshal") if not p.name.endswith(".summary.marshal"))
    return path


@pytest.mark.parametrize("summary", [False, True], ids=["story", "summary"])
@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "dev_urandom", "folder", "huge_sparse"])
def test_a_fifo_or_device_as_the_cache_file_never_hangs(
    tmp_path: Path, kind: str, summary: bool
) -> None:
    pack = _pack(tmp_path)
    path = _cache_path(pack, summary)
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "huge_sparse":
        with path.open("wb") as handle:
            handle.truncate(sealed.MAX_CACHE_BYTES + 1)
    else:
        path.symlink_to("/dev/zero" if kind == "dev_zero" else "/dev/urandom")
    for command in (["validate", str(pack)], ["run", "--story", str(pack), "--choices", "1"]):
        done = _cli(*command)  # the timeout above fails the test instead of hanging it
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Traceback" not in done.stderr


def test_read_regular_refuses_what_is_not_a_plain_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert sealed.read_regular(fifo, 100) is None
    assert sealed.read_regular("/dev/zero", 100) is None
    assert sealed.read_regular(tmp_path, 100) is None
    assert sealed.read_regular(tmp_path / "missing", 100) is None
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    assert sealed.read_regular(big, 100) is None
    assert sealed.read_regular(big, 101) == b"x" * 101


def test_a_warm_validate_reads_only_its_summary_and_still_sees_edits(tmp_path: Path) -> None:
    """`validate` caches its problems and counts apart from the story; an unchanged pack is
    answered without the loader, and an edit of the same size and mtime is still seen."""
    pack = _pack(tmp_path)
    (pack / "more" / "warn.yaml").write_text("variables:\n  unused_one: 2\n")
    first = _cli("validate", str(pack))
    probe = (
        "import sys; from cellseven_game.cli import main; code = main(['validate', sys.argv[1]]);"
        "print('loader' if 'cellseven_game.engine.compile.loader' in sys.modules else 'no loader')"
    )
    warm = subprocess.run(
        [sys.executable, "-c", probe, str(pack)], capture_output=True, text=True, timeout=60
    )
    assert warm.stdout.splitlines()[:-1] == first.stdout.splitlines()  # same report, same order
    assert warm.stdout.splitlines()[-1] == "no loader"
    assert "warning" in first.stdout  # the warnings come back from the summary too
    _edit_keeping_size_and_times(pack / "canon.yaml", "id: first", "id: fir$t")
    again = _cli("validate", str(pack))
    assert again.returncode == 1 and "[CS010]" in again.stdout


def test_a_damaged_summary_is_not_trusted(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    path = _cache_path(pack, summary=True)
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))
    done = _cli("validate", str(pack))
    assert done.returncode == 0 and "Same Size: 1 chapter, 2 scenes" in done.stdout


def test_a_sealed_file_is_written_whole_through_a_private_temporary(tmp_path: Path) -> None:
    target = tmp_path / "stories" / "x.marshal"
    sealed.write_sealed(target, [b"abc", b"def"])
    assert sealed.read_sealed(target) == b"abcdef"
    assert target.stat().st_mode & 0o777 == 0o600  # as tempfile.mkstemp made it
    assert os.listdir(target.parent) == ["x.marshal"]

    def failing() -> Iterator[bytes]:
        yield b"half"
        raise ValueError("the encoder gave up")

    sealed.write_sealed(target, failing())  # never an error, and nothing left behind
    assert sealed.read_sealed(target) == b"abcdef"
    assert os.listdir(target.parent) == ["x.marshal"]
