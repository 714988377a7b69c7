"""What playing a scene needs, worked out once per scene: a step reads it instead of the model.

A step used to work out from the scene, at every entry and every look at the options, which
lines name a speaker, whether any text needs rendering, each once-only choice's key and its
condition (a cache lookup by source, then the evaluator). On entry, only a text holding a
variation is rendered (to move it on): other `{...}` only read the state. A `Plan` holds
these, with each choice's condition compiled to a checker. It is made the first time a runtime
enters or reads the scene — at play, never at load, so loading and validating keep no
evaluators — and shared by every runtime playing that scene object (the story is never changed
after loading).
"""

from __future__ import annotations

from collections.abc import Callable

from cellseven_game.engine.core import template
from cellseven_game.engine.core.condition_types import StoryState
from cellseven_game.engine.core.conditions import checker
from cellseven_game.engine.core.model import Choice, Scene
from cellseven_game.engine.play.state import Option

Check = Callable[[StoryState], bool]
# One choice as played: the choice, its key among the state's `taken` when once-only (else
# None), its condition's checker (None: always available), whether its label is plain text,
# and the options showing it: number n enabled/disabled at 2n-1 / 2n-2, made when first
# needed (an Option is frozen, and building one costs a fifth of a step).
Played = tuple[Choice, str | None, Check | None, bool, list[Option | None]]

_LIMIT = 1 << 17  # plans kept (scenes played) before starting afresh


class Plan:
    """One scene, ready to play."""

    __slots__ = ("choices", "labels", "scene", "speakers", "varies")

    def __init__(self, scene: Scene) -> None:
        self.scene = scene  # held, so the id this plan is filed under is not reused
        # Everyone who speaks a line, first time first: entering the scene meets them.
        self.speakers = tuple(
            dict.fromkeys(line.speaker for line in scene.lines if line.speaker is not None)
        )
        # Whether the scene's text or a line holds a variation: entering the scene moves those
        # on (by rendering it). Other `{...}` only read the state: rendering it then is waste.
        self.varies = _varies(scene.text) or any(_varies(line.text) for line in scene.lines)
        choices: list[Played] = []
        labels: list[tuple[str, str]] = []
        for position, choice in enumerate(scene.choices):
            key = f"{scene.id}/{choice.id}"
            plain = template.is_plain(choice.label)
            if _varies(choice.label):
                labels.append((choice.label, key))
            check = checker(choice.condition) if choice.condition is not None else None
            made: list[Option | None] = [None] * (2 * (position + 1))
            choices.append((choice, key if choice.once else None, check, plain, made))
        self.choices = tuple(choices)
        self.labels = tuple(labels)  # labels with variations, rendered on entry to move them on


def _varies(text: str) -> bool:
    """Whether `text` holds a variation (`{a|b}`, `{~a|b}`...), nested ones too."""
    if template.is_plain(text):
        return False
    return any(part.kind == "vary" for part in template.walk(template.parse_template(text)))


_plans: dict[int, Plan] = {}


def plan_of(scene: Scene) -> Plan:
    """The plan of this scene object (made now if it is played for the first time)."""
    plan = _plans.get(id(scene))
    if plan is None or plan.scene is not scene:
        if len(_plans) >= _LIMIT:
            _plans.clear()
        plan = _plans[id(scene)] = Plan(scene)
    return plan
