"""`cellseven serve`: the same game in a web browser, through textual-serve.

textual-serve runs `cellseven play` in a fresh process for each browser tab and relays the
terminal over a websocket. It is imported here only, when the command runs.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TextIO

from cellseven_game.engine.errors import UsageError


def play_command(story: str | None) -> str:
    """The shell command each browser tab runs: this Python, this cellseven, `play`."""
    parts = [sys.executable, "-m", "cellseven_game", "play"]
    if story:
        parts += ["--story", str(Path(story).resolve())]
    return shlex.join(parts)


def serve(host: str, port: int, story: str | None, out: TextIO) -> int:
    if not 0 < port < 65536:
        raise UsageError(f"--port {port} is not a port number; give one from 1 to 65535")
    if story is not None and not (Path(story) / "story.yaml").is_file():
        raise UsageError(f"{story}: no story.yaml there; give the folder of a story pack")
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError(
            "`cellseven serve` needs textual-serve: pip install 'cellseven[serve]'"
        ) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        out.write(
            f"cellseven: serving on {host}: anyone who can reach this address can play "
            "(and their keystrokes run the game on this machine)\n"
        )
    server = Server(play_command(story), host=host, port=port, title="cellseven")
    try:
        server.serve()
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise UsageError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); try another --port"
        ) from None
    return 0
