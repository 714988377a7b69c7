"""The small JSON files the game keeps (saves, the profile): read with bounds, written whole.

Reading trusts nothing in the file. Only a regular file is opened (a FIFO would block
forever, `/dev/zero` never ends), at most MAX_BYTES of it; NaN and Infinity are refused,
integers longer than MAX_DIGITS digits are refused before Python converts them (past
4,300 digits that conversion raises), and nothing nested deeper than MAX_DEPTH is kept.
`Fields` then decodes an object field by field, by type, so nothing downstream ever meets
a value of the wrong kind.

Writing goes to a locked temp file in the same folder, fsynced, then renamed over the old
file (or linked in, when the file must be new), so a crash at any instant leaves the old
file or the new one, whole. A temp file left by a killed writer is unlocked, and
`clean_temps` removes it; a live writer's temp file is locked and left alone.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cellseven_game.engine.core.errors import SaveError

MAX_BYTES = 16 * 1024 * 1024  # a save of 100,000 steps is about 4 MiB
MAX_DEPTH = 32  # the deepest thing cellseven writes today is 6 levels down
MAX_DIGITS = 40  # story numbers are far smaller; this only keeps int() safe
MAX_TEXT = 2000  # characters in one text field of an envelope or profile
TEMP_SUFFIX = ".tmp"


class NewerFormat(SaveError):
    """A file written by a newer cellseven: reported, and left exactly as it is."""

    title = "Made by a newer version"


class _Refused(Exception):
    """Raised from inside the JSON parser's hooks; never leaves this module."""


# -- reading -------------------------------------------------------------------------------


def _refuse_constant(name: str) -> object:
    raise _Refused(f"it holds {name}, which is not a number")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(f"it holds a number of {len(text.lstrip('-'))} digits")
    return int(text)


def _finite_float(text: str) -> float:
    if len(text) > MAX_TEXT:
        raise _Refused("it holds a number too long to read")
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"it holds {text[:20]}, which is too large a number")
    return value


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; SaveError for anything else."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SaveError(f"it cannot be read ({exc.strerror or exc})") from None
    # Checked before the descriptor becomes a file object: os.fdopen itself refuses a
    # folder with IsADirectoryError (a folder named like a save crashed the listing).
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        os.close(fd)
        raise SaveError(f"it cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a pipe" if stat.S_ISFIFO(mode) else "a device or folder"
        raise SaveError(f"it is {kind}, not a file")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise SaveError(f"it cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise SaveError(f"it is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return data


def read_json(path: Path) -> object:
    """The JSON value in `path`, checked for size, depth, numbers and text; else SaveError."""
    try:
        text = read_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError("it is not text") from None
    try:
        value = json.loads(
            text,
            parse_int=_bounded_int,
            parse_float=_finite_float,
            parse_constant=_refuse_constant,
        )
    except _Refused as exc:
        raise SaveError(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise SaveError(f"it is not valid JSON (line {exc.lineno})") from None
    except RecursionError:
        raise SaveError(f"it is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError:  # anything else int() or float() refuses
        raise SaveError("it holds a number that cannot be read") from None
    if _depth(value) > MAX_DEPTH:
        raise SaveError(f"it is nested more than {MAX_DEPTH} levels deep")
    return value


def _depth(value: object) -> int:
    """How deeply lists and objects nest in `value` (without recursion). Text that holds a
    lone surrogate (`"\\ud800"` is valid JSON) is refused here: it could never be written
    back as UTF-8, so the next autosave or profile write would fail."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _whole_text(item)
        elif isinstance(item, dict):
            for key in item:
                _whole_text(key)
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _whole_text(text: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise SaveError("it holds text with a lone surrogate (not a character)") from None


def _printable(text: str) -> bool:
    return not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text)


class Fields:
    """Typed access to one JSON object: each getter returns its type or raises SaveError."""

    def __init__(self, data: object, what: str) -> None:
        if not isinstance(data, dict):
            raise SaveError(f"it is not a {what}")
        self.data: dict[str, Any] = data
        self.what = what

    def version(self, format_name: str, newest: int) -> int:
        """Check the format name and version: NewerFormat for a version above `newest`."""
        if self.data.get("format") != format_name:
            raise SaveError(f"it is not a {self.what}")
        version = self.data.get("version")
        if type(version) is not int or version < 1:
            raise SaveError(f"its format version {version!r} is not a version number")
        if version > newest:
            raise NewerFormat(
                f"it was made by a newer version of cellseven (format {version}; this one "
                f"reads up to {newest}); it is left as it is"
            )
        return version

    def _bad(self, key: str, kind: str) -> SaveError:
        return SaveError(f"its `{key}` is missing or not {kind}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or len(value) > MAX_TEXT or not _printable(value):
            raise self._bad(key, "a line of text")
        return value

    def flag(self, key: str, default: bool | None = None) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self._bad(key, "true or false")
        return value

    def number(self, key: str, low: float, high: float) -> float:
        value = self.data.get(key)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self._bad(key, "a number")
        if not low <= value <= high:
            raise SaveError(f"its `{key}` ({value:.6g}) is out of range")
        return float(value)

    def texts(self, key: str, default: list[str] | None = None) -> list[str]:
        value = self.data.get(key, default)
        if not isinstance(value, list) or not all(
            isinstance(v, str) and len(v) <= MAX_TEXT and _printable(v) for v in value
        ):
            raise self._bad(key, "a list of names")
        return list(value)

    def fields(self, key: str, default: dict[str, Any] | None = None) -> Fields:
        value = self.data.get(key, default)
        if not isinstance(value, dict):
            raise self._bad(key, "an object")
        return Fields(value, f"{self.what}'s {key}")


# -- writing -------------------------------------------------------------------------------


def write_json(path: Path, data: object, *, new: bool = False) -> None:
    """Write `data` so that `path` always holds either the old file or the new one.

    With `new`, `path` must not exist yet: FileExistsError when it does (another window
    took the name first), and nothing is written.
    """
    text = json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    for attempt in range(3):
        try:
            _write_once(path, text.encode("utf-8"), new)
            return
        except FileNotFoundError:
            # Our temp file was removed between its creation and its lock (clean_temps,
            # in another window): write again.
            if attempt == 2:
                raise SaveError(f"cannot write {path}: its temp file kept vanishing") from None


def _write_once(path: Path, data: bytes, new: bool) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise SaveError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            _lock(handle.fileno(), wait=True)  # a live writer's temp file is never cleaned
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if new:
                os.link(temp, path)  # fails when the name was taken meanwhile
                os.unlink(temp)
            else:
                os.replace(temp, path)
    except FileExistsError:
        _discard(temp)
        raise
    except FileNotFoundError:
        _discard(temp)
        raise
    except OSError as exc:
        _discard(temp)
        raise SaveError(f"cannot write {path}: {exc.strerror or exc}") from None
    _sync_folder(path.parent)


def _discard(temp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; best effort elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _lock(fd: int, wait: bool) -> bool:
    """An exclusive lock on an open file; False when `wait` is off and it is held."""
    try:
        import fcntl  # platform: POSIX only
    except ImportError:  # Windows: no locks; clean_temps goes by age instead
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


STALE_UNLOCKED = 3600.0  # seconds: where locks do not exist, a temp file this old is dead


def clean_temps(folder: Path) -> int:
    """Remove the temp files killed writers left in `folder`; returns how many."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
            continue
        with contextlib.suppress(OSError):
            if not entry.is_file(follow_symlinks=False):
                continue
            fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                try:
                    import fcntl  # noqa: F401 - platform: POSIX only
                except ImportError:
                    dead = time.time() - os.fstat(fd).st_mtime > STALE_UNLOCKED
                else:
                    dead = _lock(fd, wait=False)  # a live writer holds its lock
                if dead:
                    os.unlink(entry.path)
                    removed += 1
            finally:
                os.close(fd)
    return removed


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the lock file `path` between processes (POSIX)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0), 0o600)
    except OSError:
        yield
        return
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            _lock(fd, wait=True)
        yield
    finally:
        os.close(fd)  # closing releases the lock


# -- damaged files -------------------------------------------------------------------------


def move_aside(path: Path) -> Path:
    """Rename a damaged file to `NAME.damaged` (or `NAME.N.damaged`), keeping older ones.

    A hard link fails when the target exists, so a copy moved aside by another window at
    the same moment is never overwritten; where links are not supported, a checked rename.
    """
    number = 0
    while True:
        name = f"{path.name}.damaged" if number == 0 else f"{path.name}.{number}.damaged"
        target = path.with_name(name)
        number += 1
        try:
            os.link(path, target, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            if target.exists() or target.is_symlink():
                continue
            os.replace(path, target)
            return target
        os.unlink(path)
        return target


_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}
