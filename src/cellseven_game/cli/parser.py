"""The `cellseven` command's parser: its commands, their options, and the checks of values.

Imported only when a command line is parsed: `cellseven` alone (or `cellseven play`) starts
the game without building it (see main._just_play); argparse and this parser cost ~15 ms,
a tenth of the way to the game's first frame.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from typing import TYPE_CHECKING

from cellseven_game import __version__
from cellseven_game.cli.common import EXIT_USAGE, err, shortened
from cellseven_game.output_encoding import fitted

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


def _percent(text: str) -> float:
    """--fail-under: a finite number from 0 to 100 (not nan or inf, which compare false)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= 100):
        raise argparse.ArgumentTypeError(f"not a percentage from 0 to 100: `{shortened(text)}`")
    return value


def _seed(text: str) -> int:
    """A game seed: a whole number a save can keep (0 to 2**62 - 1)."""
    value = int(text) if text.strip().isdecimal() and len(text.strip()) <= 19 else -1
    if not 0 <= value < 2**62:
        raise argparse.ArgumentTypeError(
            f"not a seed: `{shortened(text)}`; write a whole number from 0 to {2**62 - 1}"
        )
    return value


def _host(text: str) -> str:
    """--host: an address a socket can take (a name of at most 253 characters, labels of 63)."""
    name = text.removeprefix("[").removesuffix("]")
    labels = name.split(".")
    if (
        not name
        or len(name) > 253
        or not re.fullmatch(r"[A-Za-z0-9.:%_-]+", name)
        or any(len(label) > 63 for label in labels)
    ):
        raise argparse.ArgumentTypeError(
            f"not an address to listen on: `{shortened(text)}`; give one such as 127.0.0.1"
        )
    return name


def build_parser() -> argparse.ArgumentParser:
    """The `cellseven` command's parser: every command, its options and their checks."""

    class _Parser(argparse.ArgumentParser):
        def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
            # --help, --version, usage: shown whole or not at all
            super()._print_message(fitted(message, file or sys.stderr), file)

        def error(self, message: str) -> None:  # type: ignore[override]
            self.print_usage(sys.stderr)
            err(f"cellseven: error: {message}")
            raise SystemExit(EXIT_USAGE)

    parser = _Parser(
        prog="cellseven",
        description="Miracle in Cell No. 7, a terminal story game, and its YAML story engine.",
        epilog="`cellseven COMMAND --help` shows a command's options; no command starts the game.",
    )
    parser.add_argument("--version", action="version", version=f"cellseven {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, help_text: str, pack_arg: bool = False) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--story", metavar="DIR", help="the story pack folder (the same as DIR)")
        if pack_arg:
            p.add_argument(
                "dir",
                nargs="?",
                metavar="DIR",
                help="the story pack folder, as --story (default: the pack holding the "
                "current folder, else the bundled story)",
            )
        return p

    p = add("play", "play in the terminal (the default command)", pack_arg=True)
    p.add_argument(
        "--chapter",
        metavar="NAME",
        help="start at any chapter, reached or not: its title (with or without "
        "'the'), its number, its id, or a unique prefix",
    )
    p.add_argument(
        "--dev",
        action="store_true",
        help="for authors: reload the pack when a file is saved, back to the same place; "
        "g jumps to a scene",
    )
    add("chapters", "list the chapters in story order", pack_arg=True)
    p = add("validate", "check a story pack and report every problem", pack_arg=True)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p = add("run", "play without a screen, writing a plain transcript", pack_arg=True)
    p.add_argument(
        "--chapter",
        metavar="NAME",
        help="replay any one chapter: its title, number, id or a unique prefix",
    )
    p.add_argument(
        "--choices",
        metavar="1,ID,continue",
        help="the steps to take: option numbers, choice ids, `continue`, trial moves "
        "(press:CLAIM.STATEMENT ...), as a playthrough writes them",
    )
    p.add_argument(
        "--ids",
        action="store_true",
        help="show each option's id (a choice id or trial move) for playthroughs and --choices",
    )
    p.add_argument("--random", metavar="SEED", type=int, help="take random choices (reproducible)")
    p.add_argument(
        "--seed",
        metavar="N",
        type=_seed,
        default=0,
        help="the game's seed, which decides the story's shuffled text (default 0: the same "
        "every run; the terminal game draws a new one for each new game)",
    )
    p = add("explore", "walk every reachable state and report what it finds", pack_arg=True)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--max-states",
        type=int,
        default=None,
        help="stop a walk after this many states (default: a million); the report then "
        "says what is not proven",
    )
    p.add_argument(
        "--every-state",
        action="store_true",
        help="walk every state even when playthroughs prove the findings (to count states)",
    )
    p.add_argument(
        "--coverage",
        action="store_true",
        help="instead: which scenes and choices the pack's playthroughs never touch",
    )
    p.add_argument(
        "--fail-under",
        type=_percent,
        metavar="PCT",
        help="with --coverage: exit 1 when fewer than PCT%% of the scenes are covered",
    )
    add(
        "schema",
        "print the JSON Schema of story files; with --story DIR, with that pack's ids as enums",
    )
    p = sub.add_parser(
        "explain",
        help="explain a diagnostic code: what it means and an example that produces it",
        description="explain a diagnostic code (`CS003`): what it means, its message and a "
        "tiny pack that produces it",
    )
    p.add_argument("code", metavar="CODE", help="a code such as CS003, as `validate` prints it")
    p = add("graph", "print the scene graph as a Mermaid or Graphviz diagram", pack_arg=True)
    p.add_argument("--format", choices=("mermaid", "dot"), default="mermaid", help="diagram kind")
    p.add_argument("--chapter", metavar="NAME", help="only this chapter: its title, number or id")
    p = sub.add_parser(
        "new",
        help="make a small, valid story pack to start from",
        description="make a small, valid story pack to start from",
    )
    p.add_argument("target", metavar="DIR", help="a new (or empty) folder")
    add("test", "run the pack's playthroughs (story tests)", pack_arg=True)
    p = add("saves", "list the save slots and report damaged ones", pack_arg=True)
    p.add_argument(
        "--check",
        action="store_true",
        help="instead: which saves an edit of the story (DIR) would break, and why",
    )
    sub.add_parser(
        "lsp",
        help="the language server for editors: diagnostics, completion, go to definition",
        description="serve the Language Server Protocol over stdin/stdout for an editor "
        "(needs `pip install 'cellseven[lsp]'`); the pack is found from each open file",
    )
    p = add("serve", "serve the game to a web browser (needs textual-serve)", pack_arg=True)
    p.add_argument(
        "--host", type=_host, default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument(
        "--max-games", type=int, default=4, help="games played at once, at most (default 4)"
    )
    return parser
