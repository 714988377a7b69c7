"""The `cellseven` command line, by audience: `main` parses and dispatches; the player's,
the author's and the saves' commands live in modules of their own. Only the commands that
draw import Textual."""

from cellseven_game.cli.common import EXIT_PROBLEMS, EXIT_USAGE
from cellseven_game.cli.main import build_parser, main

__all__ = ["EXIT_PROBLEMS", "EXIT_USAGE", "build_parser", "main"]
