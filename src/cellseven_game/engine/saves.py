"""Save slots, the autosave and the player's profile, as small versioned JSON files.

Every write goes to a temp file with a unique name in the same folder, is fsynced, then
renamed over the old file (and the folder fsynced), so a crash at any instant leaves the
old file or the new one, whole. A file that cannot be read is moved aside to
`NAME.damaged` (never deleted, never overwritten) and reported in one line.

Two game windows at once: each write is whole, so a slot written by both holds the last
one written (last writer wins). The profile is merged under a lock file: chapters
unlocked in either window stay unlocked, and the settings are the last ones saved.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cellseven_game import paths
from cellseven_game.engine.errors import SaveError
from cellseven_game.engine.model import Story
from cellseven_game.engine.runtime import Runtime

if TYPE_CHECKING:
    from cellseven_game.engine.migrate import Outcome

SAVE_FORMAT = "cellseven-save"
SAVE_VERSION = 1
PROFILE_FORMAT = "cellseven-profile"
PROFILE_VERSION = 1
AUTOSAVE = "autosave"
MAX_READ = 100_000  # scenes remembered as read: a bound, so a profile stays small
TEXT_SPEEDS = {"off": 0, "fast": 400, "normal": 160, "slow": 60}  # characters a second


# -- files ---------------------------------------------------------------------------------


def write_json_atomic(path: Path, data: object) -> None:
    """Write `data` as JSON so that `path` always holds either the old file or the new one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SaveError(f"cannot write in {path.parent}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, ensure_ascii=False)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise SaveError(f"cannot write {path}: {exc.strerror or exc}") from None
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX only; best effort elsewhere)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            if target.exists():
                continue
            os.replace(path, target)
            return target
        os.unlink(path)
        return target


_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


def _read_json(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SaveError("it is not text") from None
    except OSError as exc:
        raise SaveError(f"it cannot be read ({exc.strerror or exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SaveError(f"it is not valid JSON (line {exc.lineno})") from None


def _damaged(path: Path, exc: SaveError) -> SaveError:
    """Move `path` aside and say so in one line."""
    try:
        moved = move_aside(path)
    except OSError:
        return SaveError(f"{path.name}: {exc.message}; it could not be moved aside")
    return SaveError(f"{path.name}: {exc.message}; moved aside to {moved.name}")


# -- saves ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SaveInfo:
    """What the load screen and `Continue` need to know about one save, without the state."""

    slot: str
    path: Path
    saved_at: float  # seconds since the epoch
    chapter: str
    scene: str
    story_title: str
    story_version: str

    @property
    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))

    def matches(self, story: Story) -> bool:
        """Whether the save was made on this version of the story's scene graph."""
        return self.story_version == story.version


def slot_file(slot: str) -> Path:
    """The file of a slot: its name lowercased, anything but letters and digits as `-`."""
    stem = re.sub(r"[^a-z0-9]+", "-", slot.strip().lower()).strip("-")[:60] or "slot"
    return paths.saves_dir() / f"{stem}.json"


def save(runtime: Runtime, slot: str = AUTOSAVE, now: float | None = None) -> SaveInfo:
    """Write the runtime's whole state to a slot (the autosave by default)."""
    slot = slot.strip() or AUTOSAVE
    path = slot_file(slot)
    info = SaveInfo(
        slot=slot,
        path=path,
        saved_at=time.time() if now is None else now,
        chapter=runtime.scene.chapter,
        scene=runtime.state.scene,
        story_title=runtime.story.title,
        story_version=runtime.story.version,
    )
    envelope = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "slot": info.slot,
        "saved_at": info.saved_at,
        "chapter": info.chapter,
        "scene": info.scene,
        "story_title": info.story_title,
        "story_version": info.story_version,
        "state": runtime.snapshot(),
    }
    write_json_atomic(path, envelope)
    return info


def _envelope(path: Path) -> tuple[SaveInfo, object]:
    """The save's info and its state data; SaveError when the file is not a save we read."""
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError("it is not a cellseven save")
    if data.get("version") != SAVE_VERSION:
        raise SaveError(
            f"it has save format version {data.get('version')!r}; "
            f"this cellseven reads version {SAVE_VERSION}"
        )
    text_keys = ("slot", "chapter", "scene", "story_title", "story_version")
    if not all(isinstance(data.get(key), str) for key in text_keys):
        raise SaveError("its slot, chapter, scene or story fields are missing")
    saved_at = data.get("saved_at")
    if not isinstance(saved_at, int | float) or isinstance(saved_at, bool):
        raise SaveError("its time is missing")
    info = SaveInfo(
        slot=data["slot"],
        path=path,
        saved_at=float(saved_at),
        chapter=data["chapter"],
        scene=data["scene"],
        story_title=data["story_title"],
        story_version=data["story_version"],
    )
    return info, data.get("state")


def list_saves() -> tuple[list[SaveInfo], list[str]]:
    """Every readable save, newest first, and one line for each damaged one (moved aside)."""
    folder = paths.saves_dir()
    if not folder.is_dir():
        return [], []
    found: list[SaveInfo] = []
    notes: list[str] = []
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            found.append(_envelope(path)[0])
        except SaveError as exc:
            notes.append(_damaged(path, exc).message)
    found.sort(key=lambda info: info.saved_at, reverse=True)
    return found, notes


def latest() -> tuple[SaveInfo | None, list[str]]:
    """The newest save (what `Continue` resumes), and notes about damaged files."""
    found, notes = list_saves()
    return (found[0] if found else None), notes


def check_saves(story: Story) -> tuple[list[tuple[SaveInfo, Outcome]], list[str]]:
    """What loading each save onto `story` would give (nothing is written), newest first,
    and one line for each damaged save (moved aside, as loading it would)."""
    from cellseven_game.engine.migrate import check

    found, notes = list_saves()
    checked: list[tuple[SaveInfo, Outcome]] = []
    for info in found:
        try:
            _, state = _envelope(info.path)
            checked.append((info, check(story, state, info.chapter)))
        except SaveError as exc:
            notes.append(_damaged(info.path, exc).message)
    return checked, notes


def read_save(path: Path) -> tuple[SaveInfo, object]:
    """A save file's info and state data, without moving anything; SaveError when damaged."""
    return _envelope(path)


def resume(story: Story, slot: str) -> Outcome:
    """Load a slot onto the story as it is now (see migrate.py): the runtime, and a note
    when the story has changed under the save. A damaged file is moved aside (SaveError)."""
    from cellseven_game.engine.migrate import migrate

    path = slot_file(slot)
    if not path.is_file():
        raise SaveError(f"there is no save named {slot!r}")
    try:
        info, state = _envelope(path)
        return migrate(story, state, info.chapter)
    except SaveError as exc:
        raise _damaged(path, exc) from None


def load(story: Story, slot: str) -> Runtime:
    """The runtime saved in a slot, brought onto the current story when it has changed."""
    return resume(story, slot).runtime


# -- the profile ---------------------------------------------------------------------------


@dataclass(slots=True)
class Settings:
    text_speed: str = "normal"  # a key of TEXT_SPEEDS
    theme: str = ""  # a Textual theme name; "" keeps Textual's default
    high_contrast: bool = False
    skip_read: bool = False  # pass over text already read, up to the first unread or choice
    auto_advance: bool = False  # a lone Continue goes on by itself after a reading pause


@dataclass(slots=True)
class Profile:
    """What the game remembers across saves: chapters reached, the content note, settings."""

    unlocked: list[str] = field(default_factory=list)
    content_note_seen: bool = False
    settings: Settings = field(default_factory=Settings)
    read: set[str] = field(default_factory=set)  # scene ids whose text the player has seen

    def mark_read(self, scene: str) -> bool:
        """Remember a scene as read; True when it was new (and the profile should be written)."""
        if scene in self.read or len(self.read) >= MAX_READ:
            return False
        self.read.add(scene)
        return True

    def unlock(self, chapter: str) -> bool:
        """Unlock a chapter; True when it was new (and the profile should be written)."""
        if chapter in self.unlocked:
            return False
        self.unlocked.append(chapter)
        return True


def profile_file() -> Path:
    return paths.home() / "profile.json"


def _profile_from(data: object) -> Profile:
    if not isinstance(data, dict) or data.get("format") != PROFILE_FORMAT:
        raise SaveError("it is not a cellseven profile")
    if data.get("version") != PROFILE_VERSION:
        raise SaveError(f"it has profile version {data.get('version')!r}")
    unlocked = data.get("unlocked", [])
    seen = data.get("content_note_seen", False)
    raw: Any = data.get("settings", {})
    if not (isinstance(unlocked, list) and all(isinstance(c, str) for c in unlocked)):
        raise SaveError("its list of unlocked chapters is not a list of names")
    if not isinstance(seen, bool) or not isinstance(raw, dict):
        raise SaveError("its settings are not in the expected shape")
    settings = Settings()
    speed, theme, contrast = raw.get("text_speed"), raw.get("theme"), raw.get("high_contrast")
    for name in ("skip_read", "auto_advance"):
        if isinstance(raw.get(name), bool):
            setattr(settings, name, raw[name])
    read = data.get("read", [])
    if not (isinstance(read, list) and all(isinstance(r, str) for r in read)):
        raise SaveError("its list of scenes read is not a list of names")
    if speed in TEXT_SPEEDS:
        settings.text_speed = speed
    if isinstance(theme, str):
        settings.theme = theme
    if isinstance(contrast, bool):
        settings.high_contrast = contrast
    return Profile(
        unlocked=list(unlocked),
        content_note_seen=seen,
        settings=settings,
        read=set(read[:MAX_READ]),
    )


def load_profile() -> tuple[Profile, str | None]:
    """The profile (defaults when there is none) and a note when a damaged one was moved aside."""
    path = profile_file()
    if not path.is_file():
        return Profile(), None
    try:
        return _profile_from(_read_json(path)), None
    except SaveError as exc:
        return Profile(), _damaged(path, exc).message


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` between processes (POSIX; elsewhere none)."""
    try:
        import fcntl
    except ImportError:  # Windows: writes stay whole; the profile is last-writer-wins
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def save_profile(profile: Profile) -> None:
    """Write the profile, merged with one another window may have written meanwhile:
    chapters unlocked there stay unlocked, the content note stays seen, our settings win."""
    path = profile_file()
    with _locked(path.with_name(f"{path.name}.lock")):
        if path.is_file():
            try:
                other = _profile_from(_read_json(path))
            except SaveError as exc:
                _damaged(path, exc)  # moved aside, never overwritten
            else:
                profile.unlocked.extend(c for c in other.unlocked if c not in profile.unlocked)
                profile.content_note_seen = profile.content_note_seen or other.content_note_seen
                profile.read |= set(list(other.read - profile.read)[: MAX_READ - len(profile.read)])
        settings = profile.settings
        write_json_atomic(
            path,
            {
                "format": PROFILE_FORMAT,
                "version": PROFILE_VERSION,
                "unlocked": list(profile.unlocked),
                "content_note_seen": profile.content_note_seen,
                "settings": {
                    "text_speed": settings.text_speed,
                    "theme": settings.theme,
                    "high_contrast": settings.high_contrast,
                    "skip_read": settings.skip_read,
                    "auto_advance": settings.auto_advance,
                },
                "read": sorted(profile.read),
            },
        )


def text_speed(profile: Profile) -> int:
    """Characters a second for the typewriter; 0 is off. CELLSEVEN_TEXT_SPEED overrides."""
    override = os.environ.get("CELLSEVEN_TEXT_SPEED", "").strip()
    if override:
        if override.isdigit():
            return int(override)
        if override in TEXT_SPEEDS:
            return TEXT_SPEEDS[override]
    return TEXT_SPEEDS.get(profile.settings.text_speed, TEXT_SPEEDS["normal"])
