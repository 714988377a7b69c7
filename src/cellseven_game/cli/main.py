"""The `cellseven` command line. Only `play` (and `serve`) import Textual.

Exit codes: 0 ok, 1 story problems found, 2 usage or input errors.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, TextIO, cast

from cellseven_game import __version__
from cellseven_game.engine.core.errors import CellsevenError, StoryError, UsageError
from cellseven_game.engine.core.printable import PrintableStream, printable
from cellseven_game.engine.play.chapters import find_chapter
from cellseven_game.output_encoding import EncodingGuard, Unshowable, fitted, limited

if TYPE_CHECKING:  # the model's dataclasses cost ~10 ms to build; `play` draws first
    import argparse  # (at run time only where a parser is built: not for `cellseven` alone)

    from _typeshed import SupportsWrite

    from cellseven_game.engine.core.model import Story
    from cellseven_game.engine.play.runtime import Option

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
MAX_RANDOM_STEPS = 100_000  # `run --random` on a story that loops forever stops here


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


# -- commands ------------------------------------------------------------------------------


def cmd_chapters(args: argparse.Namespace, out: TextIO) -> int:
    story = load(args)
    width = max(len(c) for c in story.chapter_order) if story.chapter_order else 2
    for number, chapter_id in enumerate(story.chapter_order, start=1):
        chapter = story.chapters[chapter_id]
        period, title = printable(chapter.period), printable(chapter.title)
        out.write(f"{number:>2}. {chapter_id:<{width}}  {period:<6} {title}\n")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.engine.compile.summary import summarize  # start-up: only validate needs it

    result = summarize(story_dir(args))  # from a small cache of its own when nothing changed
    for problem in result.problems:
        out.write(f"{problem}\n")
    errors, warnings = len(result.errors), len(result.warnings)
    summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if result.title is not None:
        beats = result.canon_beats
        canon_text = f"; canon {result.canon_covered}/{beats}" if beats else ""
        out.write(
            f"{printable(result.title)}: {result.chapters} chapters, "
            f"{result.scenes} scenes; {summary}{canon_text}\n"
        )
    else:
        out.write(f"{printable(story_dir(args))}: {summary}\n")
    failed = errors > 0 or (args.strict and warnings > 0)
    return EXIT_PROBLEMS if failed else EXIT_OK


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
            raise UsageError(f"at scene `{runtime.state.scene}`: {exc}") from None
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


def cmd_explore(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.engine.compile.loader import load_story
    from cellseven_game.engine.tools.analysis import MAX_STATES, explore

    if args.coverage:
        return _coverage(args, out)
    story = load_story(story_dir(args), use_cache=True)
    report = explore(story, max_states=args.max_states or MAX_STATES)
    if args.json:
        out.write(json.dumps(report, indent=2) + "\n")
    else:
        canon = report["canon"]
        out.write(f"{printable(report['title'])}\n")
        out.write(f"  scenes:     {report['scenes']} ({report['reached']} reached)\n")
        capped = f" (capped at {report['max_states']} per walk)" if report["truncated"] else ""
        out.write(f"  states:     {report['states']}{capped}\n")
        out.write(f"  words:      {report['words']}\n")
        out.write(f"  endings:    {printable(', '.join(report['endings'])) or 'none'}\n")
        if report["verdict_tiers"]:
            out.write(
                f"  verdicts:   {len(report['verdicts'])}/{len(report['verdict_tiers'])} tiers "
                f"reached ({printable(', '.join(report['verdicts'])) or 'none'})\n"
            )
            for ruling, endings in report["verdict_endings"].items():
                out.write(f"    {ruling} -> {', '.join(endings)}\n")
        found = ", ".join(report["loops"])
        if report["complete"]:
            out.write(f"  unreached:  {', '.join(report['unreached']) or 'none'}\n")
            out.write(f"  dead ends:  {', '.join(report['dead_ends']) or 'none'}\n")
            out.write(f"  loops with no way out: {found or 'none'}\n")
        else:
            # Capped: what was not walked is not proven either way; say so.
            unreached = ", ".join(report["unreached"]) or "none"
            out.write(f"  not reached in the states walked: {unreached}\n")
            out.write(f"  dead ends found: {', '.join(report['dead_ends']) or 'none'}\n")
            out.write(f"  loops with no way out: {found or 'none found'}")
            out.write(" (trap check incomplete: raise --max-states to prove the rest)\n")
        if canon["beats"]:
            missing = printable(", ".join(canon["missing"])) or "none missing"
            out.write(f"  canon:      {canon['covered']}/{canon['beats']} beats ({missing})\n")
        out.write("  chapters:\n")
        for chapter_id, info in report["chapters"].items():
            mark = "replayable" if info["replayable"] else "NOT replayable"
            out.write(f"    {chapter_id:<14} {info['states']:>7} states  {mark}\n")
    bad = (
        report["unreached"]
        or report["dead_ends"]
        or report["loops"]
        or not all(c["replayable"] for c in report["chapters"].values())
        or set(report["verdict_tiers"]) - set(report["verdicts"])
    )
    return EXIT_PROBLEMS if bad else EXIT_OK


def _run_playthroughs(args: argparse.Namespace, out: TextIO) -> tuple[Story, list[Any], int]:
    """Load the pack and run its playthroughs; print what cannot even be read."""
    from cellseven_game.engine.tools import playthroughs

    story = load(args)
    suite = playthroughs.load(story_dir(args))
    for problem in suite.problems:
        out.write(f"{problem}\n")
    if not suite.files:
        out.write(
            f"{printable(story_dir(args))}: no playthroughs; add a `playthroughs:` section "
            "(see `cellseven new` or the authoring guide)\n"
        )
    return story, playthroughs.run_all(story, suite), len(suite.problems)


def cmd_test(args: argparse.Namespace, out: TextIO) -> int:
    story, results, unreadable = _run_playthroughs(args, out)
    names = [printable(r.playthrough.name) for r in results]
    width = max((len(name) for name in names), default=0)
    for r, name in zip(results, names, strict=True):
        if r.ok:
            out.write(f"ok    {name}\n")
        else:
            failure = r.failure
            located = str(failure).removesuffix(f" [{failure.code}]").replace(": error:", ":", 1)
            out.write(f"FAIL  {name:<{width}}  {located}\n")
    failed = sum(not r.ok for r in results)
    out.write(
        f"{printable(story.title)}: {len(results)} playthrough{'s' * (len(results) != 1)}, "
        f"{len(results) - failed} passed, {failed} failed\n"
    )
    return EXIT_PROBLEMS if failed or unreadable or not results else EXIT_OK


def _coverage(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.engine.tools import playthroughs

    story, results, unreadable = _run_playthroughs(args, out)
    report = playthroughs.coverage(story, results)
    if args.json:
        out.write(json.dumps(report, indent=2) + "\n")
    else:
        out.write(
            f"{printable(story.title)}: coverage by {report['playthroughs']} playthroughs "
            f"({report['passed']} passed)\n"
        )
        for part in ("scenes", "choices", "endings", "verdicts"):
            got = report[part]
            if got["total"]:
                share = f"{got['covered']:>4}/{got['total']:<4} {got['percent']:5.1f}%"
                out.write(f"  {part + ':':<10} {share}\n")
        if report["scenes_missed"]:
            out.write("  scenes never entered:\n")
            for chapter_id, scenes in report["scenes_missed"].items():
                out.write(f"    {chapter_id}: {printable(', '.join(scenes))}\n")
        if report["choices_missed"]:
            out.write("  choices never taken (scene/choice):\n")
            for item in report["choices_missed"]:
                out.write(f"    {printable(item)}\n")
        for part in ("endings", "verdicts"):
            if report[f"{part}_missed"]:
                missed = printable(", ".join(report[f"{part}_missed"]))
                out.write(f"  {part} never reached: {missed}\n")
    below = args.fail_under is not None and report["scenes"]["percent"] < args.fail_under
    failed = unreadable or report["passed"] < report["playthroughs"] or below
    return EXIT_PROBLEMS if failed else EXIT_OK


def cmd_graph(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.engine.tools import graph

    story = load(args)
    chapter = find_chapter(story, args.chapter) if args.chapter is not None else None
    out.write(graph.render(story, args.format, chapter))
    return EXIT_OK


def cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game import scaffold

    target = Path(args.target)
    written = scaffold.create(target)
    target_shown = printable(target)
    out.write(f"made a new story pack in {target_shown}/ ({len(written)} files):\n")
    for rel in written:
        out.write(f"  {rel}\n")
    out.write(
        "next: edit story.yaml and chapters/, then\n"
        f"  cellseven validate {target_shown} --strict\n"
        f"  cellseven run --story {target_shown}\n"
        f"  cellseven test {target_shown}\n"
        f"  cellseven graph {target_shown}\n"
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.serve import serve

    given = args.dir or args.story or current_pack()
    story = str(story_dir(args)) if given else None
    code: int = serve(
        host=args.host, port=args.port, story=story, out=out, max_games=args.max_games
    )
    return code


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.engine.compile.schema import pack_schema, schema

    if args.story:  # the pack's ids as enums: a story with errors raises StoryError (exit 1)
        from cellseven_game.engine.compile.loader import load_story

        out.write(json.dumps(pack_schema(load_story(Path(args.story))), indent=2) + "\n")
        return EXIT_OK
    out.write(json.dumps(schema(), indent=2) + "\n")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.engine.core import diagnostics  # start-up: only this command reads it

    text = diagnostics.explain(args.code)
    if text is None:
        first, last = next(iter(diagnostics.CODES)), list(diagnostics.CODES)[-1]
        raise UsageError(
            f"no diagnostic has the code `{shortened(args.code)}`; the codes run from {first} "
            f"to {last}, as `cellseven validate` prints them (`[CS003]`)"
        )
    out.write(text)
    return EXIT_OK


def cmd_lsp(args: argparse.Namespace, out: TextIO) -> int:
    try:
        import pygls  # noqa: F401  (the one optional dependency of this command)
    except ImportError:
        raise UsageError(
            "the language server needs pygls; install it with: pip install 'cellseven[lsp]'"
        ) from None
    from cellseven_game.lsp.server import run

    _needs_input("the language server talks with the editor over it (the editor starts it)")
    run()
    return EXIT_OK


def cmd_saves(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.engine.persist import saves

    story = load(args)
    if args.check:
        return _check_saves(story, out)
    found, notes = saves.list_saves(story)
    if found:
        rows = [["SLOT", "CHAPTER", "SCENE", "SAVED", "STORY", ""]]
        for info in found:
            match = "current" if info.matches(story) else "changed since: replays on load"
            fields = (info.label, info.chapter, info.scene, info.when, info.story_version)
            rows.append([*(printable(field) for field in fields), match])
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            padded = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            out.write(("  ".join(padded) + "  " + row[5]).rstrip() + "\n")
    damaged = [note for note in notes if note.moved]
    for note in notes:
        out.write(f"{'damaged' if note.moved else 'newer'}: {printable(str(note))}\n")
    out.write(
        f"{len(found)} save{'s' * (len(found) != 1)}, {len(damaged)} damaged, "
        f"in {printable(str(saves.saves_dir(story)))}\n"
    )
    return EXIT_PROBLEMS if damaged else EXIT_OK


def _check_saves(story: Story, out: TextIO) -> int:
    """Which saves an edit of the story would break, and why."""
    from cellseven_game.engine.persist import saves

    checked, notes = saves.check_saves(story)
    width = max((len(printable(info.label)) for info, _ in checked), default=0)
    broken = 0
    for info, outcome in checked:
        if outcome.kind == "same":
            verdict, why = "ok    ", "made on this version of the story"
        elif outcome.kind == "replayed":
            steps = len(outcome.runtime.state.steps)
            verdict, why = "ok    ", f"the story changed; its {steps} step(s) replay on it"
        else:
            broken += 1
            state = outcome.runtime.state
            where = f"scene `{state.scene}`"
            if outcome.kind == "chapter":
                where = f"the start of chapter `{outcome.runtime.scene.chapter}`"
            verdict, why = "BREAKS", f"{outcome.reason}; it would resume at {where}"
        out.write(f"{verdict} {printable(info.label):<{width}}  {printable(why)}\n")
    damaged = [note for note in notes if note.moved]
    for note in notes:
        out.write(f"{'damaged' if note.moved else 'newer  '} {printable(str(note))}\n")
    out.write(
        f"{printable(story.title)}: {len(checked)} save{'s' * (len(checked) != 1)} checked, "
        f"{broken} would break, {len(damaged)} damaged\n"
    )
    return EXIT_PROBLEMS if broken or damaged else EXIT_OK


def _needs_a_terminal() -> None:
    """`play` draws on a terminal; without one it would write escape codes forever."""
    import os

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
        from cellseven_game.engine.persist.saves import text_speed_override

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
