"""Where the tests of `explore`'s searches start: a story's first state, its scene entered
(as seek.py's searches and witnessed.py's plays start), and an outside generator's pack."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play.runtime import Unshown
from cellseven_game.engine.play.state import State, initial_state


def entered(story: Story) -> State:
    """The story's first state, at its first scene entered."""
    first = initial_state(story)
    Unshown(story, first).enter(first.scene)
    return first


def outside_story(
    factory: pytest.TempPathFactory, make: Callable[[list[str]], object], *args: str
) -> Story:
    """The pack an outside generator's `main` makes with `args` (its style, then options),
    loaded."""
    target = factory.mktemp(args[0]) / "pack"
    make([args[0], str(target), *args[1:]])
    return load_story(target)
