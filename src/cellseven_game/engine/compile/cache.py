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
import marshal
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from cellseven_game import __version__
from cellseven_game.engine.compile.packfiles import MAX_FILE_BYTES
from cellseven_game.engine.core import model, trial_model
from cellseven_game.engine.core.diagnostics import CODES
from cellseven_game.engine.core.errors import Problem
from cellseven_game.paths import cache_dir

FORMAT = 3


def _classes() -> list[type[Any]]:
    """Every dataclass a checked story can hold: the story model's and the trials'."""
    found: list[type[Any]] = [Problem]
    for module in (model, trial_model):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and dataclasses.is_dataclass(value)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


_LEAF_TYPES = ("str", "int", "bool", "float", "None", "Value", "Literal", "Severity", "Status")
_SHARED = (model.SetVar, model.AddVar, model.AddEvidence, model.Meet, model.Reveal)


def _is_leaf(annotation: str) -> bool:
    """Whether a field holds only plain values (marshal restores those by itself)."""
    words = annotation.replace("|", " ").replace("[", " ").replace("]", " ").replace(",", " ")
    return all(
        w.startswith(_LEAF_TYPES) or w[0] in "\"'" or w in ("tuple", "...") for w in words.split()
    )


class _Codec:
    """Dataclasses <-> nested lists; a list is always [class index, *fields].

    Decoding is the warm load's whole cost, so it walks only fields that hold objects,
    and builds each distinct effect once (they repeat by the thousand and never change).
    """

    def __init__(self) -> None:
        self.classes: list[type[Any]] = [model.Where, model.Line, *_classes()]
        self.index = {cls: i for i, cls in enumerate(self.classes)}
        self.fields: list[tuple[str, ...]] = []
        self.walk: list[tuple[bool, ...]] = []
        for cls in self.classes:
            if dataclasses.is_dataclass(cls):
                fields = dataclasses.fields(cls)
                self.fields.append(tuple(f.name for f in fields))
                self.walk.append(tuple(not _is_leaf(str(f.type)) for f in fields))
            else:  # a NamedTuple of plain values
                self.fields.append(tuple(cls._fields))
                self.walk.append(tuple(False for _ in cls._fields))
        self.shared = {self.index[cls] for cls in _SHARED}
        self.scene_index = self.index[model.Scene]
        # The hand-written decoders below follow this field order; a change must show.
        assert self.fields[self.scene_index] == self.SCENE_FIELDS
        assert self.fields[self.index[model.Choice]] == self.CHOICE_FIELDS
        shape = repr(
            [
                (c.__qualname__, n, w)
                for c, n, w in zip(self.classes, self.fields, self.walk, strict=True)
            ]
        )
        self.shape = hashlib.sha256(f"{FORMAT}:{__version__}:{shape}".encode()).hexdigest()

    def encode(self, value: Any) -> Any:
        kind = type(value)
        if kind in (str, int, float, bool) or value is None:
            return value
        index = self.index.get(kind)
        if index is not None:
            if isinstance(value, tuple):  # a NamedTuple of plain values
                return [index, *value]
            encode = self.encode
            return [
                index,
                *[
                    encode(getattr(value, name)) if walk else getattr(value, name)
                    for name, walk in zip(self.fields[index], self.walk[index], strict=True)
                ],
            ]
        if kind is tuple:
            return tuple(self.encode(v) for v in value)
        if kind is dict:
            return {k: self.encode(v) for k, v in value.items()}
        if isinstance(value, Path):
            return str(value)
        raise TypeError(f"cannot cache a {kind.__name__}")

    def decode(self, value: Any, memo: dict[tuple[Any, ...], Any] | None = None) -> Any:
        memo = {} if memo is None else memo
        kind = type(value)
        if kind is list:
            index = value[0]
            if index == self.scene_index:
                return self._scene(value, memo)
            if index in self.shared:
                return self._shared(value, memo)
            walk = self.walk[index]
            args = [self.decode(v, memo) if w else v for v, w in zip(value[1:], walk, strict=True)]
            return self.classes[index](*args)
        if kind is tuple:
            return tuple([self.decode(v, memo) for v in value])
        if kind is dict:
            return {k: self.decode(v, memo) for k, v in value.items()}
        return value

    def _shared(self, value: list[Any], memo: dict[tuple[Any, ...], Any]) -> Any:
        key = tuple(value)
        found = memo.get(key)
        if found is None:
            found = memo[key] = self.classes[value[0]](*value[1:])
        return found

    # Scenes and their choices are nine in ten objects of a story: decoded field by field.
    SCENE_FIELDS = (
        "id", "chapter", "place", "text", "lines", "effects", "choices", "next", "end",
        "beats", "trial", "where", "period",
    )  # fmt: skip
    CHOICE_FIELDS = ("id", "label", "goto", "condition", "when_false", "once", "effects", "where")

    def _scene(self, v: list[Any], memo: dict[tuple[Any, ...], Any]) -> model.Scene:
        shared, choice = self._shared, self._choice
        return model.Scene(
            v[1],
            v[2],
            v[3],
            v[4],
            tuple([model.Line(*line[1:]) for line in v[5]]),
            tuple([shared(e, memo) for e in v[6]]),
            tuple([choice(c, memo) for c in v[7]]),
            v[8],
            v[9],
            v[10],
            v[11],
            model.Where(*v[12][1:]),
            v[13],
        )

    def _choice(self, v: list[Any], memo: dict[tuple[Any, ...], Any]) -> model.Choice:
        shared = self._shared
        return model.Choice(
            v[1],
            v[2],
            v[3],
            v[4],
            v[5],
            v[6],
            tuple([shared(e, memo) for e in v[7]]),
            model.Where(*v[8][1:]),
        )


_codec: _Codec | None = None


def codec() -> _Codec:
    global _codec
    if _codec is None:
        _codec = _Codec()
    return _codec


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


def _cache_file(root: Path) -> Path:
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


def _write_record(handle: BinaryIO, value: Any, digest: Any) -> None:
    data = marshal.dumps(value)
    for piece in (len(data).to_bytes(8, "little"), data):
        handle.write(piece)
        digest.update(piece)


def read(
    root: Path, files: list[Path], key: str | None = None
) -> tuple[model.Story, list[Problem]] | None:
    """The cached story and warnings when nothing they depend on has changed, else None.

    `key` is `fingerprint(root, files)` when the caller has taken it already.
    """
    path = _cache_file(root)
    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of small objects: the collector only slows it down
    try:
        data = read_regular(path, MAX_CACHE_BYTES)  # never a FIFO or /dev/zero planted there
        if data is None or len(data) < DIGEST_SIZE:
            return None
        body, digest = data[:-DIGEST_SIZE], data[-DIGEST_SIZE:]
        if hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest() != digest:
            return None  # damaged or altered: the key alone does not vouch for the contents
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
    path = _cache_file(root)
    extra = [str(Path(story.canon.path).resolve())] if story.canon else []
    tmp = ""
    enabled = gc.isenabled()
    gc.disable()  # encoding builds many small lists: the collector only slows it down
    try:
        c = codec()
        key = with_extra(key, [Path(p) for p in extra])
        scenes = list(story.scenes.values())
        chunks = [scenes[i : i + SCENES_PER_CHUNK] for i in range(0, len(scenes), SCENES_PER_CHUNK)]
        head = c.encode(dataclasses.replace(story, scenes={}))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
            record = (key, extra, head, [c.encode(p) for p in problems], len(chunks))
            _write_record(handle, record, digest)
            for chunk in chunks:
                _write_record(handle, [c.encode(scene) for scene in chunk], digest)
            handle.write(digest.digest())
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    finally:
        if enabled:
            gc.enable()


# -- the summary: what `validate` prints, cached apart from the story ---------------------------
#
# `validate` needs only the problems and a few counts. Decoding the whole story for them cost
# more than everything else a warm `validate` does, so they are kept in a small file of their
# own, under a key of their own, checked exactly like the story's.

# Rows written from problems the loader made (codes from the registry), restored as they were.
_restored = Problem
SUMMARY_SALT = f"summary:{FORMAT}:{__version__}"
Summary = tuple[list[Problem], str, int, int, int, int]  # problems, title, chapters, scenes,
# canon beats, canon beats covered


def summary_key(root: Path, files: list[Path]) -> str:
    return fingerprint(root, files, SUMMARY_SALT)


def _summary_file(root: Path) -> Path:
    return _cache_file(root).with_suffix(".summary.marshal")


def read_summary(root: Path, key: str) -> Summary | None:
    """The cached summary when nothing it depends on has changed, else None."""
    try:
        data = read_regular(_summary_file(root), MAX_CACHE_BYTES)
        if data is None or len(data) < DIGEST_SIZE:
            return None
        body, digest = data[:-DIGEST_SIZE], data[-DIGEST_SIZE:]
        if hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest() != digest:
            return None
        stored, extra, problems, title, chapters, scenes, beats, covered = marshal.loads(body)
        if stored != with_extra(key, [Path(p) for p in extra]):
            return None
        found = [_restored(*row) for row in problems]
        if any(p.code not in CODES for p in found):
            return None  # a code the registry no longer has: written by another version
        counts = (chapters, scenes, beats, covered)
        if not isinstance(title, str) or not all(type(n) is int for n in counts):
            return None
        return found, title, chapters, scenes, beats, covered
    except Exception:  # any fault in a cache only means: load the pack again
        return None


def write_summary(root: Path, key: str, extra: list[Path], summary: Summary) -> None:
    """Store the summary atomically; `key` taken before the pack was read (see `write`)."""
    problems, title, chapters, scenes, beats, covered = summary
    path = _summary_file(root)
    tmp = ""
    try:
        rows = [(p.path, p.line, p.col, p.severity, p.code, p.message) for p in problems]
        names = [str(p.resolve()) for p in extra]
        record = (with_extra(key, extra), names, rows, title, chapters, scenes, beats, covered)
        body = marshal.dumps(record)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(body + hashlib.blake2b(body, digest_size=DIGEST_SIZE).digest())
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
