"""`cellseven saves`: list and check a story's save slots."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cellseven_game.cli.common import EXIT_OK, EXIT_PROBLEMS, load
from cellseven_game.engine.core.printable import printable

if TYPE_CHECKING:  # the model's dataclasses cost ~10 ms to build; `play` draws first
    import argparse  # (at run time only where a parser is built: not for `cellseven` alone)

    from cellseven_game.engine.core.model import Story

# imports inside functions: start-up — the saves are read only when asked for.


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
