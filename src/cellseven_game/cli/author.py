"""The author's commands: `validate`, `explore`, `test`, `graph`, `new`, `schema`,
`explain` and `lsp`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cellseven_game.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    _needs_input,
    load,
    shortened,
    story_dir,
)
from cellseven_game.engine.core.failures import UsageError
from cellseven_game.engine.core.printable import printable
from cellseven_game.engine.play.chapters import find_chapter

if TYPE_CHECKING:  # the model's dataclasses cost ~10 ms to build; `play` draws first
    import argparse  # (at run time only where a parser is built: not for `cellseven` alone)

    from cellseven_game.engine.core.model import Story

# imports inside functions: start-up — each command imports only what it uses (and
# `lsp` needs the optional pygls).


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.engine.compile.summary import summarize  # start-up: only validate needs it

    result = summarize(story_dir(args))  # from a small cache of its own when nothing changed
    for problem in result.problems:
        out.write(f"{problem}\n")
    errors, warnings = len(result.errors), len(result.warnings)
    summary = f"{_counted(errors, 'error')}, {_counted(warnings, 'warning')}"
    if result.title is not None:
        beats = result.canon_beats
        canon_text = f"; canon {result.canon_covered}/{beats}" if beats else ""
        out.write(
            f"{printable(result.title)}: {_counted(result.chapters, 'chapter')}, "
            f"{_counted(result.scenes, 'scene')}; {summary}{canon_text}\n"
        )
    else:
        out.write(f"{printable(story_dir(args))}: {summary}\n")
    failed = errors > 0 or (args.strict and warnings > 0)
    return EXIT_PROBLEMS if failed else EXIT_OK


class _Progress:
    """A long walk's count of states, on one line of the terminal, gone when it is done."""

    def __init__(self) -> None:
        self.said = False

    def say(self, states: int) -> None:
        sys.stderr.write(f"\rexploring: {states:,} states walked so far (Ctrl-C stops)")
        sys.stderr.flush()
        self.said = True

    def clear(self) -> None:
        if self.said:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def cmd_explore(args: argparse.Namespace, out: TextIO) -> int:
    from cellseven_game.engine.compile.loader import load_story
    from cellseven_game.engine.tools.analysis import MAX_STATES, explore

    if args.coverage:
        return _coverage(args, out)
    story = load_story(story_dir(args), use_cache=True)
    shown = _Progress() if sys.stderr.isatty() else None
    try:
        report = explore(
            story,
            max_states=args.max_states or MAX_STATES,
            progress=None if shown is None else shown.say,
            every_state=args.every_state,
        )
    finally:
        if shown is not None:
            shown.clear()
    if args.json:
        import json  # start-up: a warm validate never writes JSON

        out.write(json.dumps(report, indent=2) + "\n")
    else:
        import io  # start-up: (already loaded by Python itself)

        terminal, out = out, io.StringIO()  # the report, then fitted to the terminal's width
        canon = report["canon"]
        out.write(f"{printable(report['title'])}\n")
        out.write(f"  scenes:     {report['scenes']} ({report['reached']} reached)\n")
        capped = f" (capped at {report['max_states']} per walk)" if report["truncated"] else ""
        if report["proof"] == "playthroughs":
            out.write(
                f"  states:     not walked: {_counted(report['playthroughs'], 'playthrough')} "
                "and proofs "
                "from the scene graph settled every scene, dead end and loop with no way out "
                "(--every-state walks them)\n"
            )
        elif report["proof"] == "mixed":
            walked = [c for c, info in report["chapters"].items() if info["proof"] == "states"]
            # Every chapter replayed by name proven: what was walked is the whole story.
            where = (
                f"in {printable(', '.join(walked))} (replayed by name: left open by the proofs)"
                if walked
                else "from the story's start (left open by the proofs)"
            )
            out.write(
                f"  states:     {report['states']}{capped}, walked {where}; "
                f"the rest not walked: {_counted(report['playthroughs'], 'playthrough')} and "
                "proofs from the scene graph settled it\n"
            )
        else:
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
            asked = report.get("in_question")
            if asked:
                # What the proofs could not settle, and the walk did not reach either.
                for key, what in (
                    ("scenes", "reachable"),
                    ("dead_ends", "a dead end"),
                    ("loops", "a trap"),
                ):
                    if asked[key]:
                        names = printable(", ".join(asked[key]))
                        out.write(f"  maybe {what} (left in question by the proofs): {names}\n")
        if canon["beats"]:
            missing = printable(", ".join(canon["missing"])) or "none missing"
            out.write(f"  canon:      {canon['covered']}/{canon['beats']} beats ({missing})\n")
        out.write("  chapters:\n")
        for chapter_id, info in report["chapters"].items():
            mark = "replayable" if info["replayable"] else "NOT replayable"
            if info["truncated"] and not info["replayable"]:
                mark = "replayable not proven (capped: no way to its end found yet)"
            capped = " (capped)" if info["truncated"] else ""
            count = f"{_counted(info['states'], 'state', 7)}{capped}"
            if info.get("proof", report["proof"]) == "playthroughs":
                count = _counted(info["playthroughs"], "playthrough", 7)
            out.write(f"    {chapter_id:<14} {count}  {mark}\n")
        terminal.write(fitted(out.getvalue(), terminal))
    bad = (
        report["unreached"]
        or report["dead_ends"]
        or report["loops"]
        or not all(c["replayable"] for c in report["chapters"].values())
        or set(report["verdict_tiers"]) - set(report["verdicts"])
    )
    return EXIT_PROBLEMS if bad else EXIT_OK


def fitted(text: str, stream: TextIO) -> str:
    """`text` as a terminal `stream` shows it best: each line longer than the terminal is
    wide wrapped at spaces, what follows its label (`  dead ends:  `) lined up under the
    label's end (a hub's 34 loops on one line, cut mid-word by the terminal). Unchanged
    when `stream` is no terminal: a file or a pipe keeps one line for each finding."""
    if not stream.isatty():
        return text
    import shutil  # start-up: only a report on a terminal needs the width
    import textwrap

    width = max(40, shutil.get_terminal_size().columns)
    lines: list[str] = []
    for line in text.splitlines():
        if len(line) <= width:
            lines.append(line)
            continue
        label = len(line) - len(line.lstrip()) + 4
        head = line.find(":  ")
        if head < 0 and ": " in line:
            head = line.find(": ")
        if 0 <= head < width // 2:
            label = head + 2 + len(line[head + 2 :]) - len(line[head + 2 :].lstrip())
        lines.extend(
            textwrap.wrap(
                line,
                width,
                subsequent_indent=" " * label,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines) + "\n"


def _counted(number: int, word: str, width: int = 0) -> str:
    """`1 state`, `2 states`: the number right-aligned in `width`."""
    return f"{number:>{width}} {word}{'' if number == 1 else 's'}"


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
            # the code stays on the line, so `cellseven explain` can say more about it
            located = str(r.failure).replace(": error:", ":", 1)
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
        import json  # start-up: see cmd_explore

        out.write(json.dumps(report, indent=2) + "\n")
    else:
        out.write(
            f"{printable(story.title)}: coverage by {report['playthroughs']} playthroughs "
            f"({report['passed']} passed)\n"
        )
        parts = zip(
            ("scenes", "choices", "endings", "verdicts"),
            (report["scenes"], report["choices"], report["endings"], report["verdicts"]),
            strict=True,
        )
        for part, got in parts:
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
        for part, never in (
            ("endings", report["endings_missed"]),
            ("verdicts", report["verdicts_missed"]),
        ):
            if never:
                out.write(f"  {part} never reached: {printable(', '.join(never))}\n")
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


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    import json  # start-up: see cmd_explore

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
