"""Hot reload for `cellseven play --dev`: watch a pack, reload it, put the author back.

Three small jobs, none of which knows about screens:

- `fingerprint` stats the pack's YAML files (size and mtime) so a timer can tell, cheaply,
  when something was saved, added or removed;
- `check` reloads the pack without the cache; it never raises for anything in the files;
  when it loads, the pack's `cellseven.schema.json` (if it has one) gets its new ids;
- `carry_over` re-plays the steps taken so far on the new story as far as they still fit,
  and says where and why they stopped fitting.

A dev session may also jump straight to a scene (`jump`). Its steps then start at that
scene, not at a chapter's start, so `DevRuntime` remembers where it began: its undo and
every reload re-play from there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from cellseven_game.engine import diagnostics
from cellseven_game.engine.errors import CellsevenError, Problem
from cellseven_game.engine.loader import MAX_FOLDER_DEPTH, CheckResult, check_pack
from cellseven_game.engine.model import Story
from cellseven_game.engine.runtime import ChoiceError, Runtime, State, initial_state

Steps = list[tuple[str, str | None]]
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
        return CheckResult(None, [diagnostics.UNREADABLE.at(str(root), 0, 0, exc.message)])
    if result.story is not None:  # the pack's own schema file keeps up with its ids
        from cellseven_game.engine.schema import refresh_pack_schema

        refresh_pack_schema(result.story)
    return result


# -- re-playing ----------------------------------------------------------------------------


class DevRuntime(Runtime):
    """A runtime that may begin at any scene (`origin`), not only at a chapter's start."""

    def __init__(self, story: Story, state: State | None = None, origin: str | None = None):
        super().__init__(story, state)
        self.origin = origin

    def undo(self, steps: int = 1) -> int:
        recorded = self.state.steps
        count = min(steps, len(recorded))
        if count == 0:
            return 0
        fresh = start(self.story, self.state.chapter, self.origin).runtime
        self.state = _take(fresh, recorded[: len(recorded) - count]).runtime.state
        return count


@dataclass(frozen=True, slots=True)
class Divergence:
    """Where the recorded steps stopped fitting the edited story (step counts from 1)."""

    step: int
    scene: str
    why: str  # e.g. "no choice `run`"

    def __str__(self) -> str:
        if self.step == 0:
            return self.why
        return f"step {self.step} (scene {self.scene}: {self.why})"


@dataclass(frozen=True, slots=True)
class Replayed:
    """The runtime on the new story, how many steps fitted, and what changed."""

    runtime: DevRuntime
    taken: int
    divergence: Divergence | None = None
    moved_from: str | None = None  # every step fitted, but they now lead elsewhere

    @property
    def same_place(self) -> bool:
        return self.divergence is None and self.moved_from is None

    def notice(self) -> str:
        """One line for the author."""
        if self.divergence is not None:
            if self.divergence.step == 0:
                return f"Reloaded: {self.divergence}"
            return f"Reloaded: your choices diverge at {self.divergence}; stopped there"
        if self.moved_from is not None:
            return (
                f"Reloaded: your choices now lead to `{self.runtime.state.scene}` "
                f"(was `{self.moved_from}`)"
            )
        return "Reloaded: same place"


def start(story: Story, chapter: str | None, origin: str | None = None) -> Replayed:
    """A fresh runtime where a session began: at `origin` (a jump), the chapter's start, or
    the story's start; the divergence says when that place is gone from the story."""
    if chapter is not None and chapter not in story.chapters:
        why = f"chapter `{chapter}` is gone, so you are back at the story's start"
        return Replayed(DevRuntime(story), 0, Divergence(0, story.first_scene(), why))
    gone: Divergence | None = None
    if origin is not None:
        origin = story.renamed.get(origin, origin)
        if origin in story.scenes:
            return Replayed(jump(story, origin), 0)
        gone = Divergence(0, origin, f"scene `{origin}`, where you jumped to, is gone")
    if chapter is not None:
        runtime = cast(DevRuntime, DevRuntime.at_chapter(story, chapter))  # built by `cls`
        return Replayed(runtime, 0, gone)
    return Replayed(DevRuntime(story), 0, gone)


def jump(story: Story, scene_id: str) -> DevRuntime:
    """A fresh state of the scene's chapter (its entry), entering `scene_id` directly."""
    scene = story.scenes[scene_id]
    state = initial_state(story, scene.chapter)
    state.scene = ""
    runtime = DevRuntime(story, state, origin=scene_id)
    runtime.go(scene_id)
    return runtime


def carry_over(story: Story, old: Runtime) -> Replayed:
    """Re-play `old`'s steps on the edited `story`, as far as they fit."""
    origin = old.origin if isinstance(old, DevRuntime) else None
    began = start(story, old.state.chapter, origin)
    if began.divergence is not None:
        return began
    replayed = _take(began.runtime, list(old.state.steps))
    if replayed.divergence is None:
        was = story.renamed.get(old.state.scene, old.state.scene)
        if replayed.runtime.state.scene != was:
            return Replayed(replayed.runtime, replayed.taken, None, was)
    return replayed


def _take(runtime: DevRuntime, steps: Steps) -> Replayed:
    story = runtime.story
    for number, (recorded, choice) in enumerate(steps, start=1):
        scene = story.renamed.get(recorded, recorded)
        here = runtime.state.scene

        def stop(why: str, number: int = number, here: str = here) -> Replayed:
            return Replayed(runtime, number - 1, Divergence(number, here, why))

        if runtime.finished:
            return stop("the story ends here now")
        if here != scene:
            gone = "" if scene in story.scenes else ", which is gone"
            return stop(f"your step was taken in `{scene}`{gone}")
        trial = runtime.scene.trial is not None
        if choice is None:
            if not any(o.choice is None for o in runtime.options()):
                return stop("no Continue (its `next` is gone)")
        elif not trial and all(c.id != choice for c in runtime.scene.choices):
            return stop(f"no choice `{choice}`")
        try:
            runtime.choose_id(choice)
        except ChoiceError:
            what = f"the trial step `{choice}`" if trial else f"choice `{choice}`"
            return stop(f"{what} is not open now")
    return Replayed(runtime, len(steps))


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
