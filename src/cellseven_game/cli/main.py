"""The `cellseven` command line: the parser, and `main`, which runs a command with tolerant
streams and one-line errors. The commands live by audience in `player`, `author` and
`saves`; only `play` (and `serve`) import Textual.

Exit codes: 0 ok, 1 story problems found, 2 usage or input errors.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, TextIO, cast

from cellseven_game import __version__
from cellseven_game.cli.author import (
    cmd_explain,
    cmd_explore,
    cmd_graph,
    cmd_lsp,
    cmd_new,
    cmd_schema,
    cmd_test,
    cmd_validate,
)
from cellseven_game.cli.common import EXIT_PROBLEMS, EXIT_USAGE, err, shortened
from cellseven_game.cli.player import cmd_chapters, cmd_play, cmd_run, cmd_serve
from cellseven_game.cli.saves import cmd_saves
from cellseven_game.engine.core.errors import CellsevenError, StoryError
from cellseven_game.engine.core.printable import PrintableStream
from cellseven_game.output_encoding import EncodingGuard, Unshowable, fitted, limited

if TYPE_CHECKING:  # the model's dataclasses cost ~10 ms to build; `play` draws first
    import argparse  # (at run time only where a parser is built: not for `cellseven` alone)

    from _typeshed import SupportsWrite


# -- parser --------------------------------------------------------------------------------

COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "play": cmd_play,
    "chapters": cmd_chapters,
    "validate": cmd_validate,
    "run": cmd_run,
    "explore": cmd_explore,
    "schema": cmd_schema,
    "explain": cmd_explain,
    "graph": cmd_graph,
    "new": cmd_new,
    "test": cmd_test,
    "serve": cmd_serve,
    "saves": cmd_saves,
    "lsp": cmd_lsp,
}


def _percent(text: str) -> float:
    """--fail-under: a finite number from 0 to 100 (not nan or inf, which compare false)."""
    import argparse  # start-up: see build_parser

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 <= value <= 100):
        raise argparse.ArgumentTypeError(f"not a percentage from 0 to 100: `{shortened(text)}`")
    return value


def _seed(text: str) -> int:
    """A game seed: a whole number a save can keep (0 to 2**62 - 1)."""
    import argparse  # start-up: see build_parser

    value = int(text) if text.strip().isdecimal() and len(text.strip()) <= 19 else -1
    if not 0 <= value < 2**62:
        raise argparse.ArgumentTypeError(
            f"not a seed: `{shortened(text)}`; write a whole number from 0 to {2**62 - 1}"
        )
    return value


def _host(text: str) -> str:
    """--host: an address a socket can take (a name of at most 253 characters, labels of 63)."""
    import argparse  # start-up: see build_parser

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
    import argparse  # start-up: `cellseven` alone never builds a parser (see _just_play)

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


def _drop_stdout() -> None:
    """After the output failed, send what is still buffered nowhere, so exit stays quiet."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _os_error(exc: OSError) -> str:
    what = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EPIPE, errno.EIO) and exc.filename is None:
        return f"cannot write the output ({what})"
    if exc.filename is not None:
        return f"{what}: {shortened(os.fsdecode(exc.filename), 120)}"
    return what


def _just_play(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """What the parser makes of `cellseven` or `cellseven play` alone, without building it:
    argparse and our parser cost ~15 ms, a tenth of the way to the game's first frame.
    (tests/cli/test_cli_startup.py holds this to what the parser gives.)"""
    words = list(sys.argv[1:] if argv is None else argv)
    if words not in ([], ["play"]):
        return None
    if not words:
        return cast("argparse.Namespace", SimpleNamespace(command=None))
    plain = SimpleNamespace(command="play", story=None, dir=None, chapter=None, dev=False)
    return cast("argparse.Namespace", plain)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run one command. Every failure is one line on stderr and an exit code, never a
    traceback: 1 for story problems, 2 for usage, input and environment (a closed or full
    output, a deleted working folder, a name too long for the file system, a terminal whose
    encoding cannot show the text)."""
    try:
        return _main(argv, out)
    except Unshowable as exc:
        return _unshowable(exc, out)
    except UnicodeEncodeError as exc:  # a write that went round the guard
        terminal = {limited(sys.stdout), limited(sys.stderr)} - {None}
        if limited(exc) in terminal:  # `exc.encoding`, by its codec's name
            return _unshowable(Unshowable(exc.encoding, exc.object[exc.start]), out)
        err(f"cellseven: error: a name or text cannot be written in {exc.encoding} ({exc.reason})")
        return EXIT_USAGE


def _unshowable(exc: Unshowable, out: TextIO | None) -> int:
    if out is None:
        _drop_stdout()  # nothing half-written stays buffered for exit to print
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(exc.line() + "\n")
        sys.stderr.flush()
    return EXIT_USAGE


def _release(guard: EncodingGuard) -> None:
    """A held report reaches the output before the error lines that follow it."""
    with contextlib.suppress(OSError, ValueError):
        guard.release()


def _main(argv: Sequence[str] | None, out: TextIO | None) -> int:
    target = out or sys.stdout
    if target is None:
        err("cellseven: error: there is no output to write to (standard output is closed)")
        return EXIT_USAGE
    # Whatever a command writes passes two guards: no terminal control reaches the screen,
    # and no character the terminal's encoding cannot show (a report is held whole for it).
    guard = EncodingGuard(target)
    try:
        args = _just_play(argv)  # `cellseven` alone: the game starts without a parser
        if args is None:
            args = build_parser().parse_args(argv)
        command = args.command or "play"
        if args.command is None:
            args.story, args.chapter, args.dir = None, None, None
        guard = EncodingGuard(target, hold=command not in ("run", "play", "serve", "lsp"))
        guarded = cast(TextIO, PrintableStream(cast(TextIO, guard)))
        code = COMMANDS[command](args, guarded)
        guard.release()
        return code
    except StoryError as exc:
        _release(guard)
        for problem in exc.problems:
            err(str(problem))
        err(f"cellseven: {exc.message}; run `cellseven validate` for details")
        return EXIT_PROBLEMS
    except CellsevenError as exc:
        _release(guard)
        err(f"cellseven: error: {exc.message}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err("cellseven: interrupted")
        return 130
    except BrokenPipeError:
        _drop_stdout()
        err("cellseven: error: the output was closed before everything was written")
        return EXIT_USAGE
    except OSError as exc:
        if out is None:
            _drop_stdout()
        err(f"cellseven: error: {_os_error(exc)}")
        return EXIT_USAGE
    except RecursionError:
        err("cellseven: error: folders or data nested too deep to follow")
        return EXIT_USAGE
