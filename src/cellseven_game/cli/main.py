"""The `cellseven` command line: `main`, which runs a command with tolerant streams and
one-line errors. The parser lives in `parser` (built only when a command line needs one), the
commands by audience in `player`, `author` and `saves`; only `play` (and `serve`) import
Textual.

Exit codes: 0 ok, 1 story problems found, 2 usage or input errors.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, TextIO, cast

from cellseven_game.cli.common import EXIT_PROBLEMS, EXIT_USAGE, err, shortened
from cellseven_game.engine.core.failures import CellsevenError, StoryError
from cellseven_game.engine.core.printable import PrintableStream
from cellseven_game.output_encoding import EncodingGuard, Unshowable, limited

if TYPE_CHECKING:  # the model's dataclasses cost ~10 ms to build; `play` draws first
    import argparse  # (at run time only where a parser is built: not for `cellseven` alone)


# -- commands ------------------------------------------------------------------------------

Command = Callable[["argparse.Namespace", TextIO], int]

# Which module of the command line holds each command (`cmd_NAME`): imported only when that
# command runs, so that `validate` does not pay for the player's modules nor `play` for the
# author's.
COMMANDS: dict[str, str] = {
    "play": "player",
    "chapters": "player",
    "validate": "author",
    "run": "player",
    "explore": "author",
    "schema": "author",
    "explain": "author",
    "graph": "author",
    "new": "author",
    "test": "author",
    "serve": "player",
    "saves": "saves",
    "lsp": "author",
}


def command(name: str) -> Command:
    """The function that runs command `name` (its module imported now: see COMMANDS)."""
    if COMMANDS[name] == "player":
        from cellseven_game.cli import player as module  # start-up: one command's module
    elif COMMANDS[name] == "author":
        from cellseven_game.cli import author as module  # type: ignore[no-redef]  # start-up
    else:
        from cellseven_game.cli import saves as module  # type: ignore[no-redef]  # start-up
    found: Command = getattr(module, f"cmd_{name}")
    return found


def build_parser() -> argparse.ArgumentParser:
    """The parser (cli/parser.py), built only when a command line needs one."""
    from cellseven_game.cli.parser import build_parser  # start-up: see _just_play

    return build_parser()


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


def _just_validate(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """What the parser makes of `cellseven validate [--strict] [DIR]`, without building it:
    a warm `validate` answers in a few tens of ms, and argparse with our parser is ~10 of
    them. Anything else (an option, two folders, `--story`) goes to the parser.
    (tests/cli/test_cli_startup.py holds this to what the parser gives.)"""
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] != ["validate"]:
        return None
    rest = [w for w in words[1:] if w != "--strict"]
    if len(rest) > 1 or any(not w or w.startswith("-") for w in rest):
        return None
    found = SimpleNamespace(
        command="validate",
        story=None,
        dir=rest[0] if rest else None,
        strict=len(rest) < len(words) - 1,
    )
    return cast("argparse.Namespace", found)


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
            args = _just_validate(argv)
        if args is None:
            args = build_parser().parse_args(argv)
        name = args.command or "play"
        if args.command is None:
            args.story, args.chapter, args.dir = None, None, None
        guard = EncodingGuard(target, hold=name not in ("run", "play", "serve", "lsp"))
        guarded = cast(TextIO, PrintableStream(cast(TextIO, guard)))
        code = command(name)(args, guarded)
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
    except MemoryError:
        # (a walk of every state, `explore --every-state` or a story no proof settles, on
        # a machine with little memory: 3 GB were not enough for an outside mystery's)
        err(
            "cellseven: error: out of memory; for `explore`, a lower --max-states walks "
            "fewer states"
        )
        return EXIT_USAGE
