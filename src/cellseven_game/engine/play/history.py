"""What the player has read so far, as they read it: the one walk both history views use.

A scene's text can change with the state (`{...}`, `if:` lines, variations), so a past scene
must be shown as it was when the player was there, not as its template would read now. The
steps recorded in `State` replay exactly (that is how undo works), so the walk replays them
and takes each scene as shown on arrival and each choice as it was labelled when taken.

A state whose steps do not replay to its own trail (a save resumed after the story changed)
falls back to each scene as it reads in the current state: never a raw template.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from cellseven_game.engine.core.errors import CellsevenError
from cellseven_game.engine.core.model import Chapter, Scene
from cellseven_game.engine.play import trial_text
from cellseven_game.engine.play.replay import start
from cellseven_game.engine.play.runtime import CONTINUE, Runtime, shown_scene


@dataclass(frozen=True, slots=True)
class Past:
    """One thing read: a chapter begun, a scene as shown then, or a choice as labelled then."""

    kind: Literal["chapter", "scene", "choice"]
    chapter: Chapter | None = None
    scene: Scene | None = None
    label: str = ""


def read_so_far(runtime: Runtime) -> Iterator[Past]:
    """Everything read in `runtime`'s game, oldest first."""
    story, state = runtime.story, runtime.state
    seen = _replayed(runtime)
    if seen is None:
        seen = [
            (shown_scene(story, state, story.scenes[s]), [])
            for s in state.trail
            if s in story.scenes
        ]
    chapter = None
    for scene, labels in seen:
        if scene.chapter != chapter:
            chapter = scene.chapter
            yield Past("chapter", chapter=story.chapters[chapter])
        yield Past("scene", scene=scene)
        for label in labels:
            yield Past("choice", label=label)


def _replayed(runtime: Runtime) -> list[tuple[Scene, list[str]]] | None:
    """Each scene entered, as shown on arrival, with the labels of the choices taken there."""
    story, state = runtime.story, runtime.state
    if state.origin.problem(story) is not None:
        return None  # where this play began is gone from the story
    try:
        again = start(story, state.origin, state.seed)  # where this play began (replay.py)
        seen: list[tuple[Scene, list[str]]] = [(again.shown_scene(), [])]
        for scene_id, step in state.steps:
            if again.state.scene != scene_id:
                return None
            label = next(
                (
                    o.label
                    for o in again.options()
                    if (o.choice.id if o.choice is not None else None) == step
                ),
                "Continue",
            )
            seen[-1][1].append(label)
            entered = len(again.state.trail)
            again.choose_id(step)
            if len(again.state.trail) > entered:
                seen.append((again.shown_scene(), []))
    except CellsevenError:
        return None
    return seen if [s.id for s, _ in seen] == state.trail else None


class ReadAlong:
    """What the player reads during a playthrough, as shown: each scene on arrival, each
    choice taken as labelled, the trial after each move, the ruling (`shows`/`hides`).
    It follows a replay (replay.Watch)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.entered = 0

    def arrive(self, runtime: Runtime) -> None:
        """After a step (or at the start): what is on the screen now."""
        state = runtime.state
        self.texts.extend(trial_text.parting_lines(runtime))  # said as the court was left
        if len(state.trail) > self.entered:
            self.entered = len(state.trail)
            scene = runtime.shown_scene()
            self.texts.append(scene.text)
            for line in scene.lines:  # as the transcript reads them: `Name: what they say`
                speaker = runtime.story.characters.get(line.speaker or "")
                self.texts.append(f"{speaker.name}: {line.text}" if speaker else line.text)
        self.texts.extend(trial_text.status_lines(runtime))
        self.texts.extend(trial_text.verdict_lines(runtime.story, state))

    def choose(self, runtime: Runtime, value: int | str) -> None:
        """Before a step: the label of the option it takes."""
        for option in runtime.options():
            ident = option.choice.id if option.choice is not None else CONTINUE
            if option.number == value or ident == value:
                self.texts.append(option.label)
                return

    def holds(self, words: str) -> str | None:
        """The first text read that holds `words` (spacing aside), or None."""
        wanted = " ".join(words.split())
        return next((t for t in map(" ".join, map(str.split, self.texts)) if wanted in t), None)
