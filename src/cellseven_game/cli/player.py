"""The player's commands: `play` (the Textual game), `run` (plain lines), `chapters`,
`serve` (the game in a browser).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from cellseven_game.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    _needs_input,
    current_pack,
    err,
    load,
    story_dir,
)
from cellseven_game.engine.core.failures import UsageError
from cellseven_game.engine.core.printable import printable
from cellseven_game.engine.play.chapters import find_chapter
from cellseven_game.output_encoding import Unshowable, limited

if TYPE_CHECKING:  # the model's dataclasses cost ~10 ms to build; `play` draws first
    import argparse  # (at run time only where a parser is built: not for `cellseven` alone)

    from cellseven_game.engine.play.runtime import Option

# imports inside functions: start-up — `play` draws its first frame before the story
# loads, and `run` never imports Textual; each command imports what it uses.

MAX_RANDOM_STEPS = 100_000  # `run --random` on a story that loops forever stops here


# -- commands ------------------------------------------------------------------------------


def cmd_chapters(args: argparse.Namespace, out: TextIO) -> int:
    story = load(args)
    width = max(len(c) for c in story.chapter_order) if story.chapter_order else 2
    for number, chapter_id in enumerate(story.chapter_order, start=1):
        chapter = story.chapters[chapter_id]
        period, title = printable(chapter.period), printable(chapter.title)
        out.write(f"{number:>2}. {chapter_id:<{width}}  {period:<6} {title}\n")
    return EXIT_OK


def cmd_run(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.cli.transcript import Transcript
    from cellseven_game.engine.play.runtime import ChoiceError, Runtime
    from cellseven_game.engine.tools import playthroughs

    story = load(args)
    seed = args.seed  # 0 unless asked: a transcript reads the same every time
    if args.chapter is not None:
        runtime = Runtime.at_chapter(story, find_chapter(story, args.chapter), seed)
    else:
        runtime = Runtime(story, seed=seed)
    transcript = Transcript(story, out, show_ids=args.ids)
    if args.random is not None or args.choices is not None:
        transcript.scene(runtime)
    if args.random is not None:
        import random

        rng = random.Random(args.random)
        for _ in range(MAX_RANDOM_STEPS):
            if runtime.finished:
                break
            options = [o for o in runtime.options() if o.enabled]
            if not options:
                break
            option = rng.choice(options)
            transcript.chose(option)
            runtime.choose(option.number)
            transcript.scene(runtime)
        else:
            if not runtime.finished:
                err(
                    f"cellseven: stopped after {MAX_RANDOM_STEPS:,} random choices without an "
                    f"ending, at scene `{runtime.state.scene}`; the story may loop forever "
                    "(`cellseven explore` finds loops with no way out)"
                )
                return EXIT_PROBLEMS
        return transcript.finish(runtime)
    if args.choices is None:  # a person at the prompt: the whole game, in plain lines
        from cellseven_game.cli.plain import PlainSession

        _needs_input("`run` reads the choices from it; give --choices 1,2,1 or --random SEED")

        session = PlainSession(story, runtime, out, _read_stdin_line, prompt=_stdin_is_a_terminal())
        return session.play()
    planned = _parse_choices(args.choices)
    while planned and not runtime.finished:
        options = runtime.options()
        if not options:
            break
        step = planned.pop(0)
        chosen = _option_for(options, step)
        try:
            playthroughs.take(runtime, step)
        except ChoiceError as exc:
            raise UsageError(f"at scene `{runtime.state.scene}`: {exc.without_scene()}") from None
        assert chosen is not None
        transcript.chose(chosen)
        transcript.scene(runtime)
    if planned:  # a choice asked for after the end is a mistake, not something to skip
        left = ",".join(str(n) for n in planned)
        raise UsageError(
            f"the story stopped at scene `{runtime.state.scene}`; there is nothing to choose "
            f"for the choices left over: {left}"
        )
    return transcript.finish(runtime)


def _parse_choices(text: str) -> list[int | str]:
    """`--choices 1,ask_the_baker,continue,press:rode_it.saw_him`: what playthroughs take."""
    steps: list[int | str] = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if part.isascii() and part.isdigit() and len(part) <= 6:
            steps.append(int(part))
        elif re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.:-]*", part) and len(part) <= 200:
            steps.append(part)
        else:
            raise UsageError(
                "--choices takes choice numbers, choice ids, `continue` and trial moves "
                f"separated by commas, like 1,ask_the_baker,continue; not {part[:40]!r}"
            )
    return steps


def _option_for(options: Sequence[Option], step: int | str) -> Option | None:
    """The option a step names (for the transcript's `> 2. label` line)."""
    for option in options:
        ident = option.choice.id if option.choice is not None else "continue"
        if step == option.number or step == ident:
            return option
    return None


def _read_stdin_line() -> str:
    """A line from standard input; "" at its end, or when it is closed or unreadable."""
    try:
        return sys.stdin.readline() if sys.stdin is not None else ""
    except (OSError, ValueError):
        return ""
    except UnicodeDecodeError:
        return "\ufffd\n"  # not text: answered as a line that is not a choice


def _stdin_is_a_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):
        return False


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.serve import serve

    given = args.dir or args.story or current_pack()
    story = str(story_dir(args)) if given else None
    code: int = serve(
        host=args.host, port=args.port, story=story, out=out, max_games=args.max_games
    )
    return code


def _needs_a_terminal() -> None:
    """`play` draws on a terminal; without one it would write escape codes forever."""
    if os.environ.get("TEXTUAL_DRIVER"):  # `serve` runs us under its web driver
        return
    try:
        ok = sys.stdin is not None and sys.stdout is not None
        ok = ok and sys.stdin.isatty() and sys.stdout.isatty()
    except (OSError, ValueError):
        ok = False
    if not ok:
        raise UsageError(
            "`play` needs a terminal; for a plain transcript without one, use "
            "`cellseven run` (with --choices 1,2,1 or --random SEED)"
        )
    for stream in (sys.stdout, sys.stderr):  # the game draws boxes and the story's text
        encoding = limited(stream)
        if encoding is not None:
            raise Unshowable(encoding)


def cmd_play(args: argparse.Namespace, out: TextIO) -> int:
    if os.environ.get("CELLSEVEN_TEXT_SPEED", "").strip():  # (saves.py waits until drawn)
        from cellseven_game.engine.persist.profiles import text_speed_override

        text_speed_override()  # a bad CELLSEVEN_TEXT_SPEED is a usage error before drawing
    _needs_a_terminal()
    from cellseven_game.ui.app import run_app

    if getattr(args, "dev", False):  # hot reload: never the cache, which may be stale
        from cellseven_game.engine.compile.loader import load_story

        root = story_dir(args)
        if args.chapter is not None:
            story = load_story(root, use_cache=False)
            return run_app(story, chapter=find_chapter(story, args.chapter), dev_dir=root)
        return run_app(root, dev_dir=root)
    if getattr(args, "chapter", None) is not None:
        story = load(args)
        return run_app(story, chapter=find_chapter(story, args.chapter))
    # The title screen is drawn first; the story loads behind it.
    return run_app(story_dir(args))
