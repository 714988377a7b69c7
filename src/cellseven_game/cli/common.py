"""What every command shares: exit codes, one-line errors, finding the pack, loading it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cellseven_game.engine.core.failures import UsageError
from cellseven_game.engine.core.printable import printable
from cellseven_game.output_encoding import fitted

if TYPE_CHECKING:  # the model's dataclasses cost ~10 ms to build; `play` draws first
    import argparse  # (at run time only where a parser is built: not for `cellseven` alone)

    from cellseven_game.engine.core.model import Story

# imports inside functions: start-up — only the commands that read a story load the
# loader.


EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def err(text: str) -> None:
    """One line to stderr; what it quotes (a path, a name typed) never reaches it raw, and
    a character stderr's encoding cannot show stops the command (Unshowable), not garbled."""
    line = fitted(printable(text) + "\n", sys.stderr)
    try:
        if sys.stderr is not None:
            sys.stderr.write(line)
            sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed or full too: nothing left to tell
        pass


def shortened(text: str, limit: int = 40) -> str:
    """What a person typed, cut to `limit` characters for an error message."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def story_dir(args: argparse.Namespace) -> Path:
    """The pack a command works on: `DIR` or `--story DIR` (the same thing), else the pack
    holding the current folder (the nearest folder up with a story.yaml), else the film."""
    given, story = getattr(args, "dir", None), getattr(args, "story", None)
    if given and story and Path(given).resolve() != Path(story).resolve():
        raise UsageError(f"two packs given ({given} and --story {story}); give one")
    if given or story:
        return Path(str(given or story))
    here = current_pack()
    if here is not None:
        return here
    from cellseven_game.paths import bundled_story

    return bundled_story()


def current_pack() -> Path | None:
    """The pack the current folder is in, if any: `cellseven test` inside a pack tests it."""
    try:
        folder = Path.cwd()
    except OSError:  # the working folder was deleted
        return None
    for candidate in (folder, *folder.parents):
        if (candidate / "story.yaml").is_file():
            return candidate if candidate != folder else Path(".")
    return None


def load(args: argparse.Namespace) -> Story:
    from cellseven_game.engine.compile.loader import load_story

    return load_story(story_dir(args), use_cache=True)


def _needs_input(why: str) -> None:
    """A command that reads standard input refuses at once when it is closed (`<&-`): there
    is nothing to wait for, and no answer would ever come."""
    closed = sys.stdin is None
    if not closed:
        try:
            os.fstat(sys.stdin.fileno())
        except (OSError, ValueError, AttributeError):
            closed = True
    if closed:
        raise UsageError(f"standard input is closed; {why}")
