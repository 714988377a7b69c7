"""A validated cache of checked stories, so an unchanged pack loads in a blink.

The cache holds the built story and its warnings, keyed by the stamps of every file it was
built from (stamp.py: each file's identity, size and change times, and the content of any
file changed moments before) plus the shape of the model classes, and sealed with a digest
of its own bytes (sealed.py). Any difference, a digest that does not match, or any fault
in reading the cache means a full load and check; the cache is never trusted blindly. It
lives in the user cache folder (or $CELLSEVEN_HOME/cache), never inside the pack. It is
`marshal` data: plain values only, nothing in it can run code.
"""

from __future__ import annotations

import gc
import itertools
import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cellseven_game.engine.compile import stamp
from cellseven_game.engine.compile.cache_codec import codec
from cellseven_game.engine.compile.sealed import cache_file, read_sealed, write_sealed
from cellseven_game.engine.core import model
from cellseven_game.engine.core.errors import Problem
from cellseven_game.engine.core.frozen import replace


def key(root: Path, files: list[Path], stamped: list[stamp.Stamp] | None = None) -> stamp.Key:
    """What the cached story depends on: every file it was built from (stamp.py), and the
    shape of the model classes the cache was written for (`stamped`: see stamp.take)."""
    return stamp.take(root, files, codec().shape, stamped)


SCENES_PER_CHUNK = 500  # written and read a chunk at a time, to keep peak memory low


def _records(data: bytes) -> Iterator[Any]:
    """The records of a cache file: each an 8-byte length, then that many bytes of marshal.

    (`marshal.load` from a file reads in tiny pieces and is several times slower.)
    """
    view, at = memoryview(data), 0
    while at < len(view):
        size = int.from_bytes(view[at : at + 8], "little")
        yield marshal.loads(view[at + 8 : at + 8 + size])
        at += 8 + size


def _record(value: Any) -> tuple[bytes, bytes]:
    """One record of a cache file: its length in 8 bytes, then its marshal bytes."""
    data = marshal.dumps(value)
    return len(data).to_bytes(8, "little"), data


def read(
    root: Path, files: list[Path], taken: stamp.Key | None = None
) -> tuple[model.Story, list[Problem]] | None:
    """The cached story and warnings when nothing they depend on has changed, else None.

    `taken` is `key(root, files)` when the caller has taken it already.
    """
    path = cache_file(root)
    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of small objects: the collector only slows it down
    try:
        body = read_sealed(path)
        if body is None:
            return None
        records = _records(body)
        head = next(records)
        if not (isinstance(head, tuple) and len(head) == 5):
            return None
        stored, (extra, extra_stamps), story_data, problems, chunks = head
        if not stamp.holds(stored, key(root, files) if taken is None else taken, files):
            return None
        if not stamp.unchanged(extra_stamps, [Path(p) for p in extra]):
            return None
        c = codec()
        story = c.decode(story_data)
        if not isinstance(story, model.Story) or story.scenes:
            return None
        memo: dict[tuple[Any, ...], Any] = {}
        for _ in range(chunks):
            for scene_data in next(records):
                scene = c.decode(scene_data, memo)
                story.scenes[scene.id] = scene  # the frozen story's own dict, still empty
        if next(records, None) is not None:
            return None
        return replace(story, root=root), [c.decode(p) for p in problems]
    except Exception:  # any fault in a cache only means: load the pack again
        return None
    finally:
        if enabled:
            gc.freeze()  # a story is long-lived and acyclic: see loader.check_pack
            gc.enable()


def write(root: Path, story: model.Story, problems: list[Problem], taken: stamp.Key) -> None:
    """Store the checked story atomically; failing to cache is never an error.

    `taken` is the key taken BEFORE the pack was read, so a file edited during the load
    leaves a key that no longer matches, never an old story under a new key. The canon
    file, found only while loading, is stamped now.
    """
    extra = [str(Path(story.canon.path).resolve())] if story.canon else []
    enabled = gc.isenabled()
    gc.disable()  # encoding builds many small lists: the collector only slows it down
    try:
        c = codec()
        extra_stamps = stamp.stamps(extra)
        scenes = list(story.scenes.values())
        chunks = [scenes[i : i + SCENES_PER_CHUNK] for i in range(0, len(scenes), SCENES_PER_CHUNK)]
        _ = story.version  # worked out now, so a warm load never has to
        head = c.encode(replace(story, scenes={}))
        record = (taken, (extra, extra_stamps), head, [c.encode(p) for p in problems], len(chunks))
        # encoded a chunk at a time while written, to keep peak memory low
        values = itertools.chain([record], ([c.encode(s) for s in chunk] for chunk in chunks))
        write_sealed(cache_file(root), (piece for v in values for piece in _record(v)))
    except (TypeError, ValueError):
        pass  # a value the codec cannot hold: the story is simply not cached
    finally:
        if enabled:
            gc.enable()
