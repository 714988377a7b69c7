"""Cache files on disk: where they live, read without blocking, written whole, sealed.

Both caches (the story, cache.py; validate's summary, summary.py) are files of this kind:
their bytes end with a blake2b digest of everything before it, so a damaged or truncated
file is refused before a byte of it is decoded. Kept apart from the story cache so that a
warm `validate` reads its summary without importing the model.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from cellseven_game.paths import cache_dir

try:  # start-up: `hashlib` loads OpenSSL (~3 ms) for digests no cache uses; blake2 is built in
    from _blake2 import blake2b
except ImportError:  # platform: an interpreter built without it
    from hashlib import blake2b

DIGEST_SIZE = 32  # a blake2b digest of everything before it ends the file
MAX_CACHE_BYTES = 1 << 30  # a cache file larger than this is not one we wrote

__all__ = ["DIGEST_SIZE", "MAX_CACHE_BYTES", "blake2b", "cache_file", "read_regular"]


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


def cache_file(root: Path, suffix: str = ".marshal") -> Path:
    """Where a cache of the pack at `root` lives (in the user cache folder, never the pack)."""
    name = blake2b(os.fsencode(root.resolve()), digest_size=12).hexdigest()
    return cache_dir() / "stories" / f"{name}{suffix}"


def read_sealed(path: Path) -> bytes | None:
    """The body of a cache file whose closing digest matches it, else None.

    Damaged or altered files are refused here: the key alone does not vouch for the contents.
    """
    data = read_regular(path, MAX_CACHE_BYTES)  # never a FIFO or /dev/zero planted there
    if data is None or len(data) < DIGEST_SIZE:
        return None
    body, digest = data[:-DIGEST_SIZE], data[-DIGEST_SIZE:]
    if blake2b(body, digest_size=DIGEST_SIZE).digest() != digest:
        return None
    return body


_NEW_FILE = (
    os.O_RDWR
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _new_file(folder: Path) -> tuple[int, str]:
    """A file of a new random name in `folder`, opened for writing by us alone: what
    `tempfile.mkstemp` makes (created, never an existing file or link; mode 0600), without
    importing `tempfile` (~3 ms of a cold validate: random, shutil, bz2, lzma)."""
    for _ in range(100):
        name = os.path.join(folder, f".tmp-{os.urandom(8).hex()}")
        try:
            return os.open(name, _NEW_FILE, 0o600), name
        except FileExistsError:
            continue  # as mkstemp: another name
    raise FileExistsError(f"no free temporary name in {folder}")


def write_sealed(path: Path, pieces: Iterable[bytes]) -> None:
    """Write `pieces` and a digest of them to `path` atomically; failing is never an error.

    The file appears whole or not at all (a temporary file replaces it), so a reader never
    sees half of one; a failure leaves no temporary file behind.
    """
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _new_file(path.parent)
        with os.fdopen(fd, "wb") as handle:
            digest = blake2b(digest_size=DIGEST_SIZE)
            for piece in pieces:
                handle.write(piece)
                digest.update(piece)
            handle.write(digest.digest())
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
