"""The validated story cache: the same story as a full load, used only while nothing changed."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from cellseven_game.engine.compile import cache_codec, loader
from cellseven_game.engine.compile.loader import check_pack
from cellseven_game.engine.core import model

ROOT = Path(__file__).resolve().parents[2]


def bundled_copy(tmp_path: Path) -> Path:
    """The bundled story (its canon file inside it), copied so the test may edit it."""
    shutil.copytree(ROOT / "story", tmp_path / "work" / "story")
    return tmp_path / "work" / "story"


def no_full_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: object) -> None:
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(loader._Builder, "build", refuse)


def touch(path: Path, text: str) -> None:
    """Write `text` and move the modification time on, as an editor saving would."""
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_warm_load_is_the_same_story_and_warnings(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = bundled_copy(tmp_path)
    cold = check_pack(pack, use_cache=True)
    assert cold.story is not None
    assert list((home / "cache" / "stories").glob("*.marshal")), "the first load writes it"
    no_full_load(monkeypatch)
    warm = check_pack(pack, use_cache=True)
    assert warm.story == cold.story  # every scene, choice, effect, trial, canon beat
    assert warm.problems == cold.problems


def test_the_graph_version_is_worked_out_once_and_cached(
    example_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = check_pack(example_pack).story  # no cache: nothing has asked for the version
    assert fresh is not None and fresh.graph == ""
    version = fresh.version
    assert len(version) == 12 and fresh.graph == version
    assert version == model.graph_version(fresh.scenes)
    check_pack(example_pack, use_cache=True)  # writes the cache
    calls: list[int] = []
    real = model.graph_version
    monkeypatch.setattr(model, "graph_version", lambda s: calls.append(1) or real(s))
    warm = check_pack(example_pack, use_cache=True).story
    assert warm is not None and warm.version == version
    assert calls == [], "a warm load reads the version from the cache"


def test_the_cache_lives_outside_the_pack(example_pack: Path) -> None:
    before = sorted(p.name for p in example_pack.rglob("*"))
    check_pack(example_pack, use_cache=True)
    assert sorted(p.name for p in example_pack.rglob("*")) == before


def test_an_edited_file_is_read_again(example_pack: Path) -> None:
    story_file = example_pack / "story.yaml"
    first = check_pack(example_pack, use_cache=True).story
    assert first is not None and first.title == "The Lost Glove"
    touch(story_file, story_file.read_text(encoding="utf-8").replace("Lost Glove", "Found Hat"))
    second = check_pack(example_pack, use_cache=True).story
    assert second is not None and second.title == "The Found Hat"


def test_a_new_file_is_read_again(example_pack: Path) -> None:
    check_pack(example_pack, use_cache=True)
    (example_pack / "more.yaml").write_text("variables:\n  extra: 1\n", encoding="utf-8")
    story = check_pack(example_pack, use_cache=True).story
    assert story is not None and story.variables["extra"] == 1


def test_an_edited_canon_file_is_read_again(tmp_path: Path) -> None:
    pack = bundled_copy(tmp_path)
    check_pack(pack, use_cache=True)
    canon = tmp_path / "work" / "story" / "canon.yaml"
    text = canon.read_text(encoding="utf-8")
    touch(
        canon,
        text.replace("  beats:\n", "  beats:\n    - id: new_beat\n      fact: A new one.\n", 1),
    )
    result = check_pack(pack, use_cache=True)
    assert any("new_beat" in p.message and p.code == "CS205" for p in result.problems)


@pytest.mark.parametrize("damage", ["random", "truncated", "empty", "other_key"])
def test_a_damaged_cache_means_a_full_load(example_pack: Path, damage: str) -> None:
    good = check_pack(example_pack, use_cache=True).story
    (path,) = (Path(os.environ["CELLSEVEN_HOME"]) / "cache" / "stories").glob("*.marshal")
    data = path.read_bytes()
    damaged = {
        "random": os.urandom(len(data)),
        "truncated": data[: len(data) // 2],
        "empty": b"",
        "other_key": data.replace(b"Lost Glove", b"Lost Shoes"),  # same length, wrong story
    }[damage]
    path.write_bytes(damaged)
    again = check_pack(example_pack, use_cache=True).story
    assert again == good


def test_a_pack_with_errors_is_never_cached(example_pack: Path) -> None:
    story_file = example_pack / "story.yaml"
    story_file.write_text(
        story_file.read_text(encoding="utf-8").replace("goto: found", "goto: lost"),
        encoding="utf-8",
    )
    for _ in range(2):
        result = check_pack(example_pack, use_cache=True)
        assert result.story is None
        assert any(p.code == "CS101" for p in result.errors)
    assert not list((Path(os.environ["CELLSEVEN_HOME"]) / "cache").rglob("*.marshal"))


def test_codec_round_trips_every_model_class() -> None:
    codec = cache_codec.codec()
    story = check_pack(ROOT / "story").story
    assert story is not None
    decoded = codec.decode(codec.encode(story))
    assert decoded.root == str(story.root)  # a path is cached as text; `read` puts it back
    assert dataclasses.replace(decoded, root=story.root) == story
