"""Hot reload for `cellseven play --dev`: watch a pack, reload it, put the author back.

Three small jobs, none of which knows about screens:

- `fingerprint` stats the pack's YAML files (size and mtime) so a timer can tell, cheaply,
  when something was saved, added or removed;
- `check` reloads the pack without the cache; it never raises for anything in the files;
  when it loads, the pack's `cellseven.schema.json` (if it has one) gets its new ids;
- `carry_over` re-plays the steps taken so far on the new story as far as they still fit,
  and says where and why they stopped fitting.

A dev session may also jump straight to a scene (`jump`). Its steps then start at that
scene, not at a chapter's start: the state's origin says so, and its undo and every reload
re-play from there (replay.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cellseven_game.engine.compile.loader import CheckResult, check_pack
from cellseven_game.engine.compile.packfiles import MAX_FOLDER_DEPTH
from cellseven_game.engine.compile.schema import refresh_pack_schema
from cellseven_game.engine.core import diagnostics
from cellseven_game.engine.core.errors import CellsevenError, Problem
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.replay import Divergence, replay, start
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.engine.play.state import Origin

Fingerprint = dict[str, tuple[int, int]]


# -- watching ------------------------------------------------------------------------------


def fingerprint(root: Path) -> Fingerprint:
    """Size and mtime of every YAML file under `root` (skipping the folders the loader skips).

    A few dozen stat calls: cheap enough to run twice a second.
    """
    found: Fingerprint = {}
    folders = [(str(root), 0)]
    while folders:
        folder, depth = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # a folder removed mid-walk, or unreadable: the reload reports it
        for entry in entries:
            try:
                # Links to folders are never followed (the loader does not read them either):
                # a link round a loop would be walked forever, twice a second.
                if entry.is_dir(follow_symlinks=False):
                    if (
                        not entry.name.startswith(".")
                        and entry.name != "__pycache__"
                        and depth < MAX_FOLDER_DEPTH
                    ):
                        folders.append((entry.path, depth + 1))
                elif entry.name.endswith((".yaml", ".yml")):
                    stat = entry.stat()
                    found[entry.path] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                found[entry.path] = (-1, -1)  # a dangling link: still a change when it comes
    return found


def check(root: Path) -> CheckResult:
    """The pack as it is on disk now, never from the cache; problems instead of raising."""
    try:
        result = check_pack(root, use_cache=False)
    except CellsevenError as exc:  # the folder itself was removed or replaced
        return CheckResult(
            None, [diagnostics.UNREADABLE.at(str(root), 0, 0, "folder_gone", problem=exc.message)]
        )
    if result.story is not None:  # the pack's own schema file keeps up with its ids
        refresh_pack_schema(result.story)
    return result


# -- re-playing ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Replayed:
    """The runtime on the new story, how many steps fitted, and what changed."""

    runtime: Runtime
    taken: int
    divergence: Divergence | None = None
    moved_from: str | None = None  # every step fitted, but they now lead elsewhere

    @property
    def same_place(self) -> bool:
        return self.divergence is None and self.moved_from is None

    def notice(self) -> str:
        """One line for the author."""
        if self.divergence is not None:
            if self.divergence.index == 0:
                return f"Reloaded: {self.divergence}"
            return f"Reloaded: your choices diverge at {self.divergence}; stopped there"
        if self.moved_from is not None:
            return (
                f"Reloaded: your choices now lead to `{self.runtime.state.scene}` "
                f"(was `{self.moved_from}`)"
            )
        return "Reloaded: same place"


def jump(story: Story, scene_id: str) -> Runtime:
    """A fresh state of the scene's chapter (its entry), entering `scene_id` directly: the
    state's origin, so undo and reloads re-play from there."""
    chapter = story.scenes[scene_id].chapter
    return start(story, Origin(scene=scene_id, chapter=chapter, entry=chapter))


def carry_over(story: Story, old: Runtime) -> Replayed:
    """Re-play `old`'s steps on the edited `story`, as far as they fit."""
    state = old.state
    result = replay(story, state.origin, list(state.steps), state.seed)
    if result.divergence is None:
        was = story.renamed.get(state.scene, state.scene)
        if result.state.scene != was:
            return Replayed(result.runtime, result.taken, None, was)
    return Replayed(result.runtime, result.taken, result.divergence)


@dataclass(frozen=True, slots=True)
class Reload:
    """A reload: the new story and where the author now stands, or the problems."""

    story: Story | None  # None: the pack has errors; keep playing the old story
    problems: list[Problem]
    replayed: Replayed | None  # None when there was no runtime to carry over

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def reload_pack(root: Path, old: Runtime | None) -> Reload:
    """Check the pack and, when it loads, carry `old` over onto it."""
    return settle(check(root), old)


def settle(result: CheckResult, old: Runtime | None) -> Reload:
    """The second half of `reload_pack`, for a check made elsewhere (a worker thread)."""
    if result.story is None:
        return Reload(None, result.problems, None)
    replayed = carry_over(result.story, old) if old is not None else None
    return Reload(result.story, result.problems, replayed)
