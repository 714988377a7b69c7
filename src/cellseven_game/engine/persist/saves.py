"""Save slots and the autosave, as small versioned JSON files.

Everything a player makes belongs to one story, known by its `id:` (or, without one, its
title: `story_key` in player_files.py), never by where its pack lies: `stories/KEY/saves/*.json`
and `stories/KEY/progress.json` (chapters reached, the content note seen; profiles.py) under
the user data folder. Only the settings (`profile.json`) are the player's own, shared by
every story.

A save is its file. The name the player typed is kept inside it and shown, but it never
identifies the save: a copied or renamed file is a save of its own, listed and loadable. A
new name gets a new file (its name made safe for any file system; `-2`, `-3`… when that is
taken, whatever the script), so no name ever lands on another's file; `save` overwrites
only a save that already has exactly that name (the game asks first).

Files are read and written by `jsonfile`: bounded, typed, atomic. A file that cannot be
read is moved aside to `NAME.damaged` (never deleted, never overwritten) and reported in
one line; a file made by a newer cellseven is reported and left alone.

Two game windows at once: each write is whole, so a slot written by both holds the last
one written (last writer wins). Progress and settings are merged under a lock file:
chapters unlocked in either window stay unlocked, and the settings are the last ones saved.
"""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cellseven_game import paths
from cellseven_game.engine.core.errors import SaveError
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist.jsonfile import (
    Fields,
    NewerFormat,
    clean_temps,
    read_json,
    write_json,
)
from cellseven_game.engine.persist.migrate import check, migrate
from cellseven_game.engine.persist.player_files import (
    FileNote,
    clean_name,
    refused_note,
    slug,
    story_key,
)
from cellseven_game.engine.play.runtime import Runtime

if TYPE_CHECKING:
    from cellseven_game.engine.persist.migrate import Outcome


SAVE_FORMAT = "cellseven-save"
SAVE_VERSION = 1
AUTOSAVE = "autosave"
AUTOSAVE_FILE = f"{AUTOSAVE}.json"
MAX_NAME = 120  # characters in a save's name
LATEST_TIME = 32_503_680_000.0  # the year 3000: a later `saved_at` is damage, not a date
_DEVICE_NAMES = {"con", "prn", "aux", "nul"} | {
    f"{d}{n}" for d in ("com", "lpt") for n in "123456789"
}


def saves_dir(story: Story) -> Path:
    return paths.story_home(story_key(story)) / "saves"


def _stems(name: str) -> list[str]:
    """File names to try, in order, for a new save called `name`."""
    stem = slug(name) or "save"
    if stem == AUTOSAVE or stem in _DEVICE_NAMES:
        stem = f"save-{stem}"
    return [stem] + [f"{stem}-{n}" for n in range(2, 10_000)]


# -- one save ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SaveInfo:
    """What the load screen and `Continue` need to know about one save, without the state."""

    slot: str  # the name the player gave it (the autosave's is "autosave")
    path: Path  # what identifies the save
    saved_at: float  # seconds since the epoch
    chapter: str
    scene: str
    story_title: str
    story_version: str
    shown: str = ""  # the name to show, when `slot` alone is ambiguous (copies of a file)

    @property
    def is_autosave(self) -> bool:
        return self.path.name == AUTOSAVE_FILE

    @property
    def label(self) -> str:
        return self.shown or self.slot

    @property
    def when(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))

    def matches(self, story: Story) -> bool:
        """Whether the save was made on this version of the story's scene graph."""
        return self.story_version == story.version


def _envelope(path: Path) -> tuple[SaveInfo, object]:
    """The save's info and its state data; SaveError when the file is not a save we read."""
    fields = Fields(read_json(path), "cellseven save")
    fields.version(SAVE_FORMAT, SAVE_VERSION)
    slot = fields.text("slot")
    if len(slot) > MAX_NAME:
        raise SaveError("its name is too long")
    info = SaveInfo(
        slot=AUTOSAVE if path.name == AUTOSAVE_FILE else slot,
        path=path,
        saved_at=fields.number("saved_at", 0.0, LATEST_TIME),
        chapter=fields.text("chapter"),
        scene=fields.text("scene"),
        story_title=fields.text("story_title"),
        story_version=fields.text("story_version"),
    )
    return info, fields.data.get("state")


def read_save(path: Path) -> tuple[SaveInfo, object]:
    """A save file's info and state data, without moving anything; SaveError when damaged."""
    return _envelope(path)


# -- the saves of a story ------------------------------------------------------------------


def list_saves(story: Story) -> tuple[list[SaveInfo], list[FileNote]]:
    """The story's readable saves, newest first, and a line for each file not used."""
    folder = saves_dir(story)
    _adopt_legacy(story, folder)
    if not folder.is_dir():
        return [], []
    clean_temps(folder)
    found: list[SaveInfo] = []
    notes: list[FileNote] = []
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            found.append(_envelope(path)[0])
        except SaveError as exc:
            notes.append(refused_note(path, exc))
    found.sort(key=lambda info: (info.saved_at, info.path.name), reverse=True)
    return _disambiguate(found), notes


def _disambiguate(found: list[SaveInfo]) -> list[SaveInfo]:
    """Saves sharing a name (a copied file) are shown with their file names."""
    counts: dict[str, int] = {}
    for info in found:
        counts[info.slot.casefold()] = counts.get(info.slot.casefold(), 0) + 1
    return [
        dataclasses.replace(info, shown=f"{info.slot} ({info.path.name})")
        if counts[info.slot.casefold()] > 1 and not info.is_autosave
        else info
        for info in found
    ]


def latest(story: Story) -> tuple[SaveInfo | None, list[FileNote]]:
    """The newest save (what `Continue` resumes), and notes about files not used."""
    found, notes = list_saves(story)
    return (found[0] if found else None), notes


def find(story: Story, name: str) -> SaveInfo | None:
    """The save with exactly this name (the autosave for "autosave"), newest first."""
    name = clean_name(name)
    found, _ = list_saves(story)
    if name.casefold() == AUTOSAVE:
        return next((info for info in found if info.is_autosave), None)
    return next((i for i in found if not i.is_autosave and clean_name(i.slot) == name), None)


def save(
    runtime: Runtime,
    slot: str = AUTOSAVE,
    now: float | None = None,
    *,
    path: Path | None = None,
    new: bool = False,
) -> SaveInfo:
    """Write the runtime's whole state: to `path` when given (a save chosen to overwrite),
    else to the autosave, to the save already named `slot`, or to a new file. With `new`,
    a save already named `slot` is never overwritten (SaveError)."""
    name = clean_name(slot) or AUTOSAVE
    if len(name) > MAX_NAME:
        raise SaveError(f"a save's name has at most {MAX_NAME} characters")
    story = runtime.story
    folder = saves_dir(story)
    if path is None and name.casefold() == AUTOSAVE:
        name, path = AUTOSAVE, folder / AUTOSAVE_FILE
    elif path is None:
        existing = find(story, name)
        if existing is not None and new:
            raise SaveError(f"there is already a save named “{name}”; choose another name")
        path = existing.path if existing is not None else None
    info = SaveInfo(
        slot=name,
        path=path or folder / AUTOSAVE_FILE,  # a new file's path is set once it is claimed
        saved_at=time.time() if now is None else now,
        chapter=runtime.scene.chapter,
        scene=runtime.state.scene,
        story_title=story.title,
        story_version=story.version,
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
    if path is not None:
        _never_over_newer(path)
        write_json(path, envelope)
        return info
    for stem in _stems(name):  # a new name: the first free file, claimed atomically
        target = folder / f"{stem}.json"
        try:
            if target.exists() or target.is_symlink():
                raise FileExistsError
            write_json(target, envelope, new=True)
        except FileExistsError:  # taken: by this very name (another window), or another
            taken = find(story, name)
            if taken is None or taken.path != target:
                continue
            if new:
                raise SaveError(
                    f"there is already a save named “{name}”; choose another name"
                ) from None
            write_json(target, envelope)
        return dataclasses.replace(info, path=target)
    raise SaveError(f"there are too many saves named like {name!r}")


def _never_over_newer(path: Path) -> None:
    """A newer cellseven's file is never overwritten (it may hold what this one cannot)."""
    if path.exists():
        try:
            _envelope(path)
        except NewerFormat as exc:
            raise NewerFormat(f"{path.name}: {exc.message}, not overwritten") from None
        except SaveError:
            pass  # damaged: replacing it loses nothing readable


def check_saves(story: Story) -> tuple[list[tuple[SaveInfo, Outcome]], list[FileNote]]:
    """What loading each save onto `story` would give (nothing is written), newest first,
    and a line for each file not used (damaged ones moved aside, as loading would)."""
    found, notes = list_saves(story)
    checked: list[tuple[SaveInfo, Outcome]] = []
    for info in found:
        try:
            _, state = _envelope(info.path)
            checked.append((info, check(story, state, info.chapter)))
        except SaveError as exc:
            notes.append(refused_note(info.path, exc))
    return checked, notes


def resume(story: Story, slot: str | SaveInfo | Path) -> Outcome:
    """Load a save onto the story as it is now (see migrate.py): the runtime, and a note
    when the story has changed under the save. A damaged file is moved aside (SaveError)."""
    if isinstance(slot, str):
        info = find(story, slot)
        if info is None:
            raise SaveError(f"there is no save named {slot!r}")
        path = info.path
    else:
        path = slot.path if isinstance(slot, SaveInfo) else slot
    if not (path.exists() or path.is_symlink()):
        raise SaveError(f"the save {path.name} is gone")
    try:
        saved, state = _envelope(path)
        return migrate(story, state, saved.chapter)
    except SaveError as exc:
        if isinstance(exc, NewerFormat):
            raise NewerFormat(f"{path.name}: {exc.message}") from None
        raise SaveError(refused_note(path, exc).message) from None


def load(story: Story, slot: str | SaveInfo | Path) -> Runtime:
    """The runtime saved in a slot, brought onto the current story when it has changed."""
    return resume(story, slot).runtime


def _adopt_legacy(story: Story, folder: Path) -> None:
    """Saves from before saves were kept per story (one folder for all) move to their own
    story's folder, matched by the title they recorded; others stay where they are."""
    legacy = paths.legacy_saves_dir()
    try:
        candidates = sorted(p for p in legacy.glob("*.json") if not p.name.startswith("."))
    except OSError:
        return
    for path in candidates:
        try:
            info, _ = _envelope(path)
        except SaveError:
            continue  # not readable here: left for the version that wrote it
        if info.story_title != story.title:
            continue
        stems = [path.stem] if info.is_autosave else [path.stem, *_stems(info.slot)]
        for stem in stems:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                os.link(path, folder / f"{stem}.json")
            except FileExistsError:
                continue
            except OSError:
                return
            os.unlink(path)
            break
