"""What a cached answer about a pack depends on: every file it read, as the disk stamps it.

A file's stamp is its device, inode, size, modification time and change time. The change
time (st_ctime on POSIX) is set by the system to "now" whenever the file's content or
metadata changes, and no tool can put it back: `touch -r`, `os.utime` and an editor that
restores the modification time all set it. So any edit, replacement, rename, addition or
removal changes the stamps, and an unchanged pack is known in one `stat` per file instead
of reading and hashing every byte (~10 ms for the 8 MB of a 10,000-scene pack).

Two cases also hash the bytes:
- a "racy" file, changed less than RACY_NS before its stamp was taken: a second change in
  the same clock tick could keep every number, so its stamp holds a digest of its content,
  and checking that stamp hashes the file again (git's index does the same);
- a system where st_ctime is not the change time (Windows: the creation time): every file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cellseven_game.engine.compile.packfiles import MAX_FILE_BYTES
from cellseven_game.engine.compile.sealed import blake2b, read_regular

RACY_NS = 2_000_000_000  # a change this recent may be followed by another within its tick
TRUST_CTIME = os.name == "posix"  # elsewhere st_ctime may be the creation time
_STAT_FIELDS = 6  # name, device, inode, size, mtime, ctime; then a digest when racy

Stamp = tuple[Any, ...]


def _stat(path: Path | str) -> Stamp:
    name = os.fsencode(path)
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # gone, or unreadable: the load will say so
        return (name,)
    return (name, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _digest(path: Path | str, limit: int) -> bytes | None:
    data = read_regular(path, limit)
    return None if data is None else blake2b(data, digest_size=16).digest()


def stamps(paths: Sequence[Path | str], limit: int = MAX_FILE_BYTES) -> list[Stamp]:
    """The stamps of `paths` now (`limit`: the largest file read, as the loader reads)."""
    now = time.time_ns()
    found = []
    for path in paths:
        stamp = _stat(path)
        racy = len(stamp) > 1 and now - max(stamp[4], stamp[5]) < RACY_NS
        if racy or not TRUST_CTIME:
            stamp += (_digest(path, limit),)
        found.append(stamp)
    return found


def same(
    stored: object, now: list[Stamp], paths: Sequence[Path | str], limit: int = MAX_FILE_BYTES
) -> bool:
    """Whether the files stamped `stored` are still those stamped `now` (both by `stamps`).

    A stored stamp holding a digest (the file was racy then) is checked against the file's
    content, whatever its stat says now.
    """
    if not isinstance(stored, list) or len(stored) != len(now):
        return False
    for old, new, path in zip(stored, now, paths, strict=True):
        if not isinstance(old, tuple) or len(old) < _STAT_FIELDS:
            return False  # a file that could not be stamped is never trusted
        if old[:_STAT_FIELDS] != new[:_STAT_FIELDS]:
            return False
        if len(old) > _STAT_FIELDS:
            digest = new[_STAT_FIELDS] if len(new) > _STAT_FIELDS else _digest(path, limit)
            if digest != old[_STAT_FIELDS]:
                return False
        elif not TRUST_CTIME:
            return False
    return True


def unchanged(stored: object, paths: Sequence[Path | str], limit: int = MAX_FILE_BYTES) -> bool:
    """Whether `paths` are still the files `stored` (taken by `stamps`) describes."""
    return same(stored, stamps(paths, limit), paths, limit)


Key = tuple[str, bytes, list[Stamp]]


def take(root: Path, files: Sequence[Path], salt: str, stamped: list[Stamp] | None = None) -> Key:
    """The key of a cached answer about the pack at `root`, made of `files`; `salt` names
    what made the answer (the engine's version and the cache's format). Taken BEFORE the
    pack is read, so a file edited during the load leaves a key that no longer matches.
    `stamped`: the files' stamps taken for another key just before (not read again)."""
    return (salt, os.fsencode(root.resolve()), stamps(files) if stamped is None else stamped)


def holds(stored: object, key: Key, files: Sequence[Path]) -> bool:
    """Whether a key stored with a cached answer is still `key`, taken now of `files`."""
    return (
        isinstance(stored, tuple)
        and len(stored) == 3
        and stored[:2] == key[:2]
        and same(stored[2], key[2], files)
    )
