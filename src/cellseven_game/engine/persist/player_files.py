"""What every file a player makes shares: the story's folder they live in, and a note for
a file that is not used.

Everything a player makes belongs to one story, known by its `id:` (or, without one, its
title: `story_key`), never by where its pack lies. A file that cannot be read is moved
aside and reported in one line (`FileNote`); a newer one is reported and left alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cellseven_game import paths
from cellseven_game.engine.core.errors import SaveError
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist.jsonfile import (
    NewerFormat,
    move_aside,
)

# -- names ---------------------------------------------------------------------------------


def clean_name(name: str) -> str:
    """A typed name as it is kept and compared: NFC (one form for every keyboard), trimmed."""
    return unicodedata.normalize("NFC", name).strip()


def slug(text: str, limit: int = 48) -> str:
    """Letters and digits of any script, lowercased, other runs as `-`: safe as a file name
    on every system (and case-blind ones). Never unique by itself: callers add to it."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text).casefold():
        if unicodedata.category(char)[0] in "LMN":
            out.append(char)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:limit].strip("-")


def story_key(story: Story) -> str:
    """The name of a story's own folder: its identity made safe, and a digest of it.

    The identity is story.yaml's `id:` when the pack has one (a new title keeps the saves;
    two packs with one title and different ids never share), else the title (the same pack
    moved or copied elsewhere keeps its saves; different titles never share). An id and a
    title that read the same are digested apart, so they never share a folder either.

    A pack that gains an `id:` keeps what it made under its title: the first time, if the
    id has no folder yet, the title's folder becomes the id's (one rename)."""
    title = clean_name(story.title)
    by_title = _key(title, title)
    if not story.story_id:
        return by_title
    key = _key(story.story_id, f"id:{story.story_id}")
    _adopt_title_folder(paths.story_home(by_title), paths.story_home(key))
    return key


def _key(shown: str, identity: str) -> str:
    digest = hashlib.blake2b(identity.encode("utf-8"), digest_size=5).hexdigest()
    return f"{slug(shown, 40) or 'story'}-{digest}"


def _adopt_title_folder(old: Path, new: Path) -> None:
    if new.exists() or new.is_symlink() or not old.is_dir() or old.is_symlink():
        return
    # Atomic; if another window was first, or the folder cannot move, the id's starts empty.
    with contextlib.suppress(OSError):
        os.rename(old, new)


@dataclass(frozen=True, slots=True)
class FileNote:
    """One line about a file that was not used: damaged (moved aside) or newer (left)."""

    message: str
    moved: bool = True

    def __str__(self) -> str:
        return self.message


def refused_note(path: Path, exc: SaveError) -> FileNote:
    """A damaged file moved aside, or a newer one left, in one line."""
    if isinstance(exc, NewerFormat):
        return FileNote(f"{path.name}: {exc.message}", moved=False)
    try:
        moved = move_aside(path)
    except OSError:
        return FileNote(f"{path.name}: {exc.message}; it could not be moved aside")
    return FileNote(f"{path.name}: {exc.message}; moved aside to {moved.name}")
