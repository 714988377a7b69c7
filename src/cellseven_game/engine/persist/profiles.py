"""The player's profile beside the saves: settings (the text speed), the chapters reached
and the content note seen, one small versioned JSON file each per story.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from cellseven_game import paths
from cellseven_game.engine.core.errors import SaveError, UsageError
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist.jsonfile import (
    Fields,
    NewerFormat,
    clean_temps,
    locked,
    read_json,
    write_json,
)
from cellseven_game.engine.persist.player_files import FileNote, refused_note, story_key

PROFILE_FORMAT = "cellseven-profile"
PROFILE_VERSION = 1
PROGRESS_FORMAT = "cellseven-progress"
PROGRESS_VERSION = 1
TEXT_SPEEDS = {"off": 0, "fast": 400, "normal": 160, "slow": 60}  # characters a second
MAX_READ = 100_000  # scenes remembered as read: a bound, so a progress file stays small
T = TypeVar("T")


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
    """What the game remembers across saves: for one story (`story`, its key), the chapters
    reached, the scenes read and whether its content note was seen; and the player's
    settings."""

    unlocked: list[str] = field(default_factory=list)
    content_note_seen: bool = False
    settings: Settings = field(default_factory=Settings)
    read: set[str] = field(default_factory=set)  # scene ids whose text the player has seen
    story: str = ""  # story_key(); "" when no story is loaded (only settings are kept)

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


def progress_file(key: str) -> Path:
    return paths.story_home(key) / "progress.json"


def _settings_from(data: object) -> tuple[Settings, list[str]]:
    """The settings in a profile file, and the chapters an old (shared) profile unlocked."""
    fields = Fields(data, "cellseven profile")
    fields.version(PROFILE_FORMAT, PROFILE_VERSION)
    raw = fields.fields("settings", {})
    settings = Settings()
    speed = raw.data.get("text_speed")
    if isinstance(speed, str) and speed in TEXT_SPEEDS:
        settings.text_speed = speed
    theme = raw.data.get("theme")
    if isinstance(theme, str) and len(theme) <= 100:
        settings.theme = theme
    settings.high_contrast = raw.flag("high_contrast", False)
    settings.skip_read = raw.flag("skip_read", False)
    settings.auto_advance = raw.flag("auto_advance", False)
    return settings, fields.texts("unlocked", [])


def _progress_from(data: object) -> tuple[list[str], bool, set[str]]:
    fields = Fields(data, "cellseven progress file")
    fields.version(PROGRESS_FORMAT, PROGRESS_VERSION)
    read = fields.texts("read", [])
    return (
        fields.texts("unlocked", []),
        fields.flag("content_note_seen", False),
        set(read[:MAX_READ]),
    )


def _read(path: Path, decode: Callable[[object], T]) -> tuple[T | None, FileNote | None]:
    """Decode a file with `decode`: (value, None), or (None, a note) when it cannot be used."""
    if not (path.exists() or path.is_symlink()):
        return None, None
    try:
        return decode(read_json(path)), None
    except SaveError as exc:
        return None, refused_note(path, exc)


def load_profile(story: Story | None = None) -> tuple[Profile, str | None]:
    """The profile for `story` (defaults where there is none) and a line about any file
    that could not be used (a damaged one is moved aside, a newer one left)."""
    home = paths.home()
    clean_temps(home)
    read, note = _read(profile_file(), _settings_from)
    settings, legacy_unlocked = read if read is not None else (Settings(), [])
    notes = [note] if note else []
    profile = Profile(settings=settings)
    if story is not None:
        profile.story = story_key(story)
        progress = progress_file(profile.story)
        clean_temps(progress.parent)
        progress_read, note = _read(progress, _progress_from)
        if progress_read is not None:
            profile.unlocked, profile.content_note_seen, profile.read = progress_read
        elif note is None:  # no progress yet: chapters an old shared profile had unlocked
            profile.unlocked = [c for c in legacy_unlocked if c in story.chapters]
        notes += [note] if note else []
    return profile, "; ".join(str(n) for n in notes) or None


def save_profile(profile: Profile) -> None:
    """Write the settings and the story's progress, each merged with what another window
    may have written meanwhile: chapters unlocked there stay unlocked, the content note
    stays seen, our settings win. A newer cellseven's file is left as it is (NewerFormat)."""
    newer: list[str] = []
    path = profile_file()
    with locked(path.with_name(f"{path.name}.lock")):
        _, note = _read(path, _settings_from)
        if note is not None and not note.moved:
            newer.append(note.message)
        else:
            settings = profile.settings
            data = {
                "format": PROFILE_FORMAT,
                "version": PROFILE_VERSION,
                "settings": {
                    "text_speed": settings.text_speed,
                    "theme": settings.theme,
                    "high_contrast": settings.high_contrast,
                    "skip_read": settings.skip_read,
                    "auto_advance": settings.auto_advance,
                },
            }
            write_json(path, data)
    if profile.story:
        progress = progress_file(profile.story)
        with locked(progress.with_name(f"{progress.name}.lock")):
            other, note = _read(progress, _progress_from)
            if note is not None and not note.moved:
                newer.append(note.message)
            else:
                if other is not None:
                    unlocked, seen, read = other
                    profile.unlocked.extend(c for c in unlocked if c not in profile.unlocked)
                    profile.content_note_seen = profile.content_note_seen or seen
                    room = MAX_READ - len(profile.read)
                    profile.read |= set(sorted(read - profile.read)[: max(room, 0)])
                write_json(
                    progress,
                    {
                        "format": PROGRESS_FORMAT,
                        "version": PROGRESS_VERSION,
                        "unlocked": list(profile.unlocked),
                        "content_note_seen": profile.content_note_seen,
                        "read": sorted(profile.read),
                    },
                )
    if newer:
        raise NewerFormat("; ".join(newer))


def text_speed_override() -> int | None:
    """CELLSEVEN_TEXT_SPEED in characters a second (None when unset); UsageError when it is
    neither a speed's name nor a whole number of ASCII digits (`²` is not one)."""
    override = os.environ.get("CELLSEVEN_TEXT_SPEED", "").strip()
    if not override:
        return None
    if override in TEXT_SPEEDS:
        return TEXT_SPEEDS[override]
    if override.isascii() and override.isdigit() and len(override) <= 6:
        return int(override)
    shown = override if len(override) <= 20 else f"{override[:20]}…"
    raise UsageError(
        f"CELLSEVEN_TEXT_SPEED=`{shown}` is not a speed; use {', '.join(TEXT_SPEEDS)} "
        "or characters a second (0 to 999999)"
    )


def text_speed(profile: Profile) -> int:
    """Characters a second for the typewriter; 0 is off. CELLSEVEN_TEXT_SPEED overrides."""
    try:
        override = text_speed_override()
    except UsageError:  # `play` refused it already; elsewhere keep the player's setting
        override = None
    if override is not None:
        return override
    return TEXT_SPEEDS.get(profile.settings.text_speed, TEXT_SPEEDS["normal"])
