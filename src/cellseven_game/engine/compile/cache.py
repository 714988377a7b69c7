"""A validated cache of checked stories, so an unchanged pack loads in a blink.

The cache holds the built story and its warnings, keyed by a hash of every file's path and
content plus the shape of the model classes, and sealed with a digest of its own
bytes. Any difference, a digest that does not match, or any fault in reading the cache
means a full load and check; the cache is never trusted blindly. It
lives in the user cache folder (or $CELLSEVEN_HOME/cache), never inside the pack. It is
`marshal` data: plain values only, nothing in it can run code.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import itertools
import marshal
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cellseven_game.engine.compile.cache_codec import codec
from cellseven_game.engine.compile.packfiles import MAX_FILE_BYTES
from cellseven_game.engine.core import model
from cellseven_game.engine.core.errors import Problem
from cellseven_game.paths import cache_dir

DIGEST_SIZE = 32  # a blake2b digest of everything before it ends the file
MAX_CACHE_BYTES = 1 << 30  # a cache file larger than this is not one we wrote


def read_regular(path: Path | str, limit: int) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes, else None; never blocks.

    Opened without waiting (a FIFO would wait for a writer forever) and checked to be a
    plain file before reading, so a pipe or a device such as /dev/zero is refused at once.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks: list[bytes] = []
        left = info.st_size + 1  # one byte more shows a file that grew while read
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def read_sealed(path: Path) -> bytes | None:
    """The body of a cache file whose closing digest matches it, else None.

    Damaged or altered files are refused here: the key alone does not vouch for the contents.
    """
    data = read_regular(path, MAX_CACHE_BYTES)  # never a FIFO or /dev/zero planted there
    if data is None or len(data) < DIGEST_SIZE:
        return None
    body, digest = data[:-DIGEST_SIZE], data[-DIGEST_SIZE:]
    if hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest() != digest:
        return None
    return body


def write_sealed(path: Path, pieces: Iterable[bytes]) -> None:
    """Write `pieces` and a digest of them to `path` atomically; failing is never an error.

    The file appears whole or not at all (a temporary file replaces it), so a reader never
    sees half of one; a failure leaves no temporary file behind.
    """
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
            for piece in pieces:
                handle.write(piece)
                digest.update(piece)
            handle.write(digest.digest())
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _hash_files(digest: Any, paths: list[Path]) -> None:
    for path in paths:
        data = read_regular(path, MAX_FILE_BYTES)
        name = os.fsencode(path)
        if data is None:
            digest.update(b"%d:%s:unreadable;" % (len(name), name))
            continue
        digest.update(b"%d:%s:%d:" % (len(name), name, len(data)))
        digest.update(data)


def fingerprint(root: Path, files: list[Path], salt: str | None = None) -> str:
    """What the cached story depends on: the content of every file it was built from.

    Sizes and modification times can be put back by hand or by a tool (an edit of the
    same length with its mtime restored); the bytes cannot, so the key hashes what the
    loader will read. Reading and hashing the 7 MB of a 10,000-scene pack costs ~6-10 ms.
    """
    salt = codec().shape if salt is None else salt  # what the cached data was made by
    digest = hashlib.sha256(salt.encode())  # sha256: the CPU's own instructions
    digest.update(str(root.resolve()).encode())
    _hash_files(digest, files)
    return digest.hexdigest()


def with_extra(key: str, extra: list[Path]) -> str:
    """The key extended by files found while loading (the canon file, known only then)."""
    if not extra:
        return key
    digest = hashlib.sha256(key.encode())
    _hash_files(digest, extra)
    return digest.hexdigest()


def cache_file(root: Path) -> Path:
    """Where the story cache of the pack at `root` lives (in the user cache folder)."""
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return cache_dir() / "stories" / f"{name}.marshal"


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
    root: Path, files: list[Path], key: str | None = None
) -> tuple[model.Story, list[Problem]] | None:
    """The cached story and warnings when nothing they depend on has changed, else None.

    `key` is `fingerprint(root, files)` when the caller has taken it already.
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
        stored, extra, story_data, problems, chunks = head
        if key is None:
            key = fingerprint(root, files)
        if stored != with_extra(key, [Path(p) for p in extra]):
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
        return dataclasses.replace(story, root=root), [c.decode(p) for p in problems]
    except Exception:  # any fault in a cache only means: load the pack again
        return None
    finally:
        if enabled:
            gc.freeze()  # a story is long-lived and acyclic: see loader.check_pack
            gc.enable()


def write(root: Path, story: model.Story, problems: list[Problem], key: str) -> None:
    """Store the checked story atomically; failing to cache is never an error.

    `key` is the fingerprint taken BEFORE the pack was read, so a file edited during the
    load leaves a key that no longer matches, never an old story under a new key.
    """
    extra = [str(Path(story.canon.path).resolve())] if story.canon else []
    enabled = gc.isenabled()
    gc.disable()  # encoding builds many small lists: the collector only slows it down
    try:
        c = codec()
        key = with_extra(key, [Path(p) for p in extra])
        scenes = list(story.scenes.values())
        chunks = [scenes[i : i + SCENES_PER_CHUNK] for i in range(0, len(scenes), SCENES_PER_CHUNK)]
        head = c.encode(dataclasses.replace(story, scenes={}))
        record = (key, extra, head, [c.encode(p) for p in problems], len(chunks))
        # encoded a chunk at a time while written, to keep peak memory low
        values = itertools.chain([record], ([c.encode(s) for s in chunk] for chunk in chunks))
        write_sealed(cache_file(root), (piece for v in values for piece in _record(v)))
    except (TypeError, ValueError):
        pass  # a value the codec cannot hold: the story is simply not cached
    finally:
        if enabled:
            gc.enable()
