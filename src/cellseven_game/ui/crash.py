"""When the game itself fails (a bug in cellseven): the details go to a file, the terminal
gets one line, and `cellseven play` exits 1. The autosave, written at every scene, stays."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from rich.text import Text

from cellseven_game import paths


def write_crash_log(error: BaseException) -> Path | None:
    """Append the traceback to `crash.log` in the user data folder; None when it cannot."""
    path = paths.home() / "crash.log"
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    text = "".join(traceback.format_exception(error))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="replace") as log:
            log.write(f"--- {stamp}\n{text}\n")
    except OSError:
        return None
    return path


def crash_message(log: Path | None) -> Text:
    where = f"the details are in {log}" if log is not None else "the details could not be kept"
    return Text(
        f"cellseven: the game stopped on an unexpected error (a bug in cellseven); "
        f"your autosave is kept; {where}"
    )
