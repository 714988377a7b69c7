"""Both caches (validate's summary, the story) are keyed by the stamps of the pack's files
(engine/compile/stamp.py): one `stat` per file, plus the content of files changed moments
before. Each change a pack can go through must miss the cache; an unchanged pack must hit it.

Most tests set RACY_NS to 0, so that no file counts as just changed and the key is made of
the stat fields alone: they prove the stat path, not the digest that racy files also get.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cellseven_game
from cellseven_game.engine.compile import loader, stamp, summary
from cellseven_game.engine.compile.summary import summarize

STORY = """story:
  title: Stamped
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
        beats: [first]
        text: The first room.
        choices:
          - {label: Go on, goto: b, if: hope > 0, do: [{add: {hope: 1}}]}
      b: {text: The second room., end: done}
"""
CANON = "canon:\n  beats:\n    - {id: first, fact: A fact.}\n"
VARS = "variables:\n  hope: 1\n"
UNDECLARED, TWICE = "CS102", "CS007"


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CELLSEVEN_HOME", str(tmp_path / "home"))
    root = tmp_path / "pack"
    (root / "more").mkdir(parents=True)
    (root / "story.yaml").write_text(STORY, encoding="utf-8")
    (root / "canon.yaml").write_text(CANON, encoding="utf-8")
    (root / "more" / "vars.yaml").write_text(VARS, encoding="utf-8")
    time.sleep(0.05)  # past the clock tick of the writes: a later edit gets a new ctime
    return root


@pytest.fixture
def no_racy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stamp, "RACY_NS", 0)


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The packs fully loaded (a cache miss), in order."""
    seen: list[Path] = []
    real = loader.check_pack

    def counting(root: Path | str, *args: object, **kwargs: object) -> loader.CheckResult:
        seen.append(Path(root))
        return real(root, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "check_pack", counting)
    return seen


def _edit_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    assert len(old) == len(new)
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _codes(pack: Path) -> set[str]:
    return {p.code for p in summarize(pack).problems}


@pytest.mark.usefixtures("no_racy")
def test_an_unchanged_pack_is_answered_from_the_summary(pack: Path, loads: list[Path]) -> None:
    first = summarize(pack)
    again = summarize(pack)
    assert len(loads) == 1  # the second answer came from the cache
    assert (again.title, again.scenes, again.canon_beats) == (first.title, 2, 1)


@pytest.mark.usefixtures("no_racy")
@pytest.mark.parametrize(
    ("rel", "old", "new", "code"),
    [
        ("story.yaml", "goto: b", "goto: x", "CS101"),
        ("more/vars.yaml", "hope: 1", "hope: [", "CS001"),
        ("canon.yaml", "id: first", "id: fir$t", "CS010"),  # found only while loading
    ],
)
def test_an_edit_of_the_same_size_with_the_mtime_put_back_is_seen(
    pack: Path, loads: list[Path], rel: str, old: str, new: str, code: str
) -> None:
    assert _codes(pack) == set()
    _edit_keeping_size_and_mtime(pack / rel, old, new)
    assert code in _codes(pack)
    assert len(loads) == 2


@pytest.mark.usefixtures("no_racy")
def test_an_added_file_is_seen(pack: Path, loads: list[Path]) -> None:
    assert _codes(pack) == set()
    (pack / "more" / "extra.yaml").write_text("variables:\n  hope: 2\n", encoding="utf-8")
    assert _codes(pack) == {TWICE}  # `hope` is now declared twice
    assert len(loads) == 2


@pytest.mark.usefixtures("no_racy")
def test_a_removed_file_is_seen(pack: Path, loads: list[Path]) -> None:
    assert _codes(pack) == set()
    (pack / "more" / "vars.yaml").unlink()
    assert _codes(pack) == {UNDECLARED}  # `hope` is no longer declared
    assert len(loads) == 2


@pytest.mark.usefixtures("no_racy")
def test_a_renamed_file_is_seen(pack: Path, loads: list[Path]) -> None:
    assert _codes(pack) == set()
    (pack / "more" / "vars.yaml").rename(pack / "more" / "vars.txt")  # no longer a story file
    assert _codes(pack) == {UNDECLARED}
    assert len(loads) == 2


@pytest.mark.usefixtures("no_racy")
def test_another_engine_version_is_not_trusted(
    pack: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    summarize(pack)
    monkeypatch.setattr(cellseven_game, "__version__", "99.0.0")
    summarize(pack)
    assert len(loads) == 2
    summarize(pack)
    assert len(loads) == 2  # written again by this version, then trusted


@pytest.mark.usefixtures("no_racy")
def test_the_story_cache_sees_an_edit_of_the_same_size_with_the_mtime_put_back(
    pack: Path,
) -> None:
    story = loader.check_pack(pack, use_cache=True).story
    assert story is not None and story.scenes["b"].text == "The second room."
    _edit_keeping_size_and_mtime(pack / "story.yaml", "The second room.", "The fourth hall.")
    story = loader.check_pack(pack, use_cache=True).story
    assert story is not None and story.scenes["b"].text == "The fourth hall."


def test_a_just_changed_file_is_checked_by_its_content(
    pack: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two edits in one clock tick can leave every stat field as it was: a file changed
    moments before its stamp was taken is stamped with its content too."""
    real = stamp._stat
    frozen: dict[bytes, stamp.Stamp] = {}

    def same_numbers(path: Path | str) -> stamp.Stamp:  # what a second edit in one tick keeps
        found = real(path)
        return frozen.setdefault(found[0], found)

    monkeypatch.setattr(stamp, "_stat", same_numbers)
    monkeypatch.setattr(stamp, "RACY_NS", 10**18)  # every file counts as just changed
    assert _codes(pack) == set()
    (pack / "story.yaml").write_text(STORY.replace("goto: b", "goto: x"), encoding="utf-8")
    assert "CS101" in _codes(pack)
    assert len(loads) == 2


def test_without_the_digest_of_a_racy_file_the_same_edit_would_be_missed(
    pack: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control of the test above: with the stat fields alone, the edit is not seen, so
    it is the digest that sees it there."""
    real = stamp._stat
    frozen: dict[bytes, stamp.Stamp] = {}

    def same_numbers(path: Path | str) -> stamp.Stamp:
        found = real(path)
        return frozen.setdefault(found[0], found)

    monkeypatch.setattr(stamp, "_stat", same_numbers)
    monkeypatch.setattr(stamp, "RACY_NS", 0)
    assert _codes(pack) == set()
    (pack / "story.yaml").write_text(STORY.replace("goto: b", "goto: x"), encoding="utf-8")
    assert _codes(pack) == set()  # stale: the stat path trusted the numbers
    assert len(loads) == 1


def test_where_ctime_is_not_the_change_time_every_file_is_hashed(
    pack: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stamp, "TRUST_CTIME", False)
    monkeypatch.setattr(stamp, "RACY_NS", 0)
    assert all(len(s) == 7 for s in stamp.stamps([pack / "story.yaml", pack / "canon.yaml"]))
    assert _codes(pack) == set()
    assert _codes(pack) == set()
    assert len(loads) == 1  # hashed, and still trusted when the bytes are the same


def test_a_summary_of_another_format_is_not_trusted(
    pack: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    summarize(pack)
    monkeypatch.setattr(summary, "SUMMARY_FORMAT", summary.SUMMARY_FORMAT + 1)
    summarize(pack)
    assert len(loads) == 2


def _validate_loads(pack: Path, home: str, heavy: list[str]) -> str:
    """`validate PACK` in a fresh process: its exit code and which of `heavy` it imported."""
    probe = (
        "import sys; from cellseven_game.cli import main; code = main(['validate', sys.argv[1]])\n"
        f"heavy = {heavy!r}\n"
        "print(code, [m for m in heavy if m in sys.modules])"
    )
    env = dict(os.environ, CELLSEVEN_HOME=str(pack.parent / home))
    done = subprocess.run(
        [sys.executable, "-c", probe, str(pack)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    return done.stdout.splitlines()[-1] if done.stdout else done.stderr


def test_a_warm_validate_of_a_clean_pack_imports_no_model_parser_or_dataclasses(
    pack: Path,
) -> None:
    """What a warm `validate` costs is mostly imports: it answers from the summary with the
    walk, one stat a file and the record, and none of these."""
    heavy = ["cellseven_game.engine.compile.loader", "cellseven_game.engine.core.model"]
    heavy += ["cellseven_game.engine.core.diagnostics", "dataclasses", "argparse", "yaml"]
    for expected in ("0 ['cellseven_game.engine.compile.loader'", "0 []"):
        assert _validate_loads(pack, "home", heavy).startswith(expected)


def test_a_cold_validate_imports_neither_dataclasses_nor_inspect(pack: Path) -> None:
    """A cold `validate` of a small pack is mostly start-up: the model's classes are made
    by @frozen, without `dataclasses` (and the `inspect` it imports, ~10 ms)."""
    heavy = ["cellseven_game.engine.compile.loader", "dataclasses", "inspect"]
    found = _validate_loads(pack, "cold", heavy)
    assert found == "0 ['cellseven_game.engine.compile.loader']"


def _count_listings(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    listed: list[Path] = []
    real = loader.pack_files

    def counting(root: Path, reader: object) -> list[Path]:
        listed.append(root)
        return real(root, reader)  # type: ignore[arg-type]

    # summary and loader each hold the name: both are counted
    monkeypatch.setattr(loader, "pack_files", counting)
    monkeypatch.setattr(summary, "pack_files", counting)
    return listed


def test_a_cold_validate_lists_the_pack_once(pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listed = _count_listings(monkeypatch)
    found = summarize(pack)
    assert (found.title, found.scenes) == ("Stamped", 2)
    assert listed == [pack]  # the cache key, the story cache and the load share one listing


def test_a_listing_with_problems_is_listed_again_by_the_load(
    pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A folder named like a YAML file is reported by the listing: the load lists the pack
    # itself, so the problem reaches the report once, at its place.
    (pack / "odd.yaml").mkdir()
    listed = _count_listings(monkeypatch)
    found = summarize(pack)
    assert len(listed) > 1
    assert [p.path.endswith("odd.yaml") for p in found.problems] == [True]


def test_a_cold_validate_imports_neither_openssl_nor_json(pack: Path) -> None:
    """A first `validate` reads, checks and summarises the pack: its digests are blake2
    (built in), so OpenSSL's `_hashlib` is not loaded (~3 ms), nor `json` (~1.5 ms)."""
    heavy = ["cellseven_game.engine.compile.loader", "_hashlib", "hashlib", "json"]
    loaded = _validate_loads(pack, "cold-home", heavy)
    assert loaded == "0 ['cellseven_game.engine.compile.loader']"
