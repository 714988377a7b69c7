"""`cellseven serve`: the same game in a web browser, through textual-serve.

textual-serve runs `cellseven play` in a fresh process for each browser tab and relays the
terminal over a websocket. `GameServer` is its server with what a game on a player's own
machine needs, since any page open in that player's browser can reach 127.0.0.1:

- every request must name this server in `Host` (a rebound DNS name is refused), and a
  request that carries an `Origin` must come from this server's own page: no other web
  page can open the game's websocket, start a game or type into one;
- at most `max_games` games run at once; one more is told so, in the page, and no process
  is started for it;
- the page is served from `serve_page/` and loads nothing from any other host;
- a malformed websocket message is ignored, never a traceback in the server's console.

textual-serve is imported only when the command runs.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cellseven_game.engine.core.errors import UsageError
from cellseven_game.engine.core.printable import printable

if TYPE_CHECKING:
    from aiohttp import web

PAGE_DIR = Path(__file__).with_name("serve_page")
MAX_GAMES = 4  # each game is a process of ~40 MiB
MAX_MESSAGE = 64 * 1024  # bytes in one websocket message: a key press or a resize is tiny
MAX_SIZE = 500  # columns or rows a browser may ask for
TRY_AGAIN_LATER = 1013  # the websocket close code for "the server is busy"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
ANY_ADDRESS = ("0.0.0.0", "::", "")

log = logging.getLogger("cellseven.serve")


def play_command(story: str | None) -> str:
    """The shell command each browser tab runs: this Python, this cellseven, `play`."""
    parts = [sys.executable, "-m", "cellseven_game", "play"]
    if story:
        parts += ["--story", str(Path(story).resolve())]
    return shlex.join(parts)


def allowed_hosts(host: str, port: int) -> set[str] | None:
    """The `Host` values this server answers to (lowercase), or None when it listens on
    every address (then a request's origin must match its own Host instead)."""
    if host in ANY_ADDRESS:
        return None
    names = set(LOOPBACK) if host in LOOPBACK else {host.lower()}
    bracketed = {f"[{n}]" if ":" in n else n for n in names}
    allowed = {f"{name}:{port}" for name in bracketed}
    if port == 80:
        allowed |= bracketed
    return allowed


def _full_message(limit: int) -> str:
    return (
        f"cellseven: {limit} game{'s' * (limit != 1)} already open here, the most this "
        "server runs. Close one, then press Restart."
    )


def _clamp(value: str | None, default: int) -> int:
    try:
        number = int(value or default)
    except ValueError:
        return default
    return min(max(number, 1), MAX_SIZE)


MAX_LOG_LINE = 500  # characters of one console line; what a client sent can be longer


class _OneLine(logging.Formatter):
    """Log records as one line each: no traceback ever reaches the server's console, and no
    terminal control either (a request line or header a browser, or anyone, sent is logged
    as printable text: it can neither forge a line nor act on the terminal)."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        text = printable(super().format(record))
        return text if len(text) <= MAX_LOG_LINE else text[:MAX_LOG_LINE] + "..."


def _server_class() -> type[Any]:
    """GameServer, built on textual-serve's Server (imported only when serving)."""
    # optional: the `serve` extra (textual-serve, aiohttp) is imported only by this command
    import aiohttp_jinja2
    from aiohttp import WSMsgType, web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class GameServer(Server):
        def __init__(self, command: str, host: str, port: int, max_games: int) -> None:
            super().__init__(
                command, host=host, port=port, title="cellseven", templates_path=PAGE_DIR
            )
            self.max_games = max_games
            self.games = 0
            self.allowed = allowed_hosts(host, port)

        # -- who may ask ---------------------------------------------------------------

        def refusal(self, request: web.Request) -> str | None:
            """Why `request` is refused (a foreign Host or Origin), or None."""
            host = request.headers.get("Host", "").strip().lower()
            if self.allowed is not None and host not in self.allowed:
                return "this server answers only to its own address"
            origin = request.headers.get("Origin")
            if origin is None:
                return None  # not sent by a web page (browsers always send it for these)
            origins = {f"http://{h}" for h in (self.allowed or {host})}
            if origin.strip().lower() not in origins:
                return "pages from other sites may not use this game"
            return None

        async def _make_app(self) -> web.Application:
            app: web.Application = await super()._make_app()

            @web.middleware
            async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
                why = self.refusal(request)
                if why is not None:
                    log.warning("refused %s %s: %s", request.method, request.path, why)
                    return web.Response(status=403, text=f"cellseven: {why}\n")
                response: web.StreamResponse = await handler(request)
                return response

            app.middlewares.append(guard)
            return app

        # -- the page and the games ----------------------------------------------------

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            context = {
                "font_size": _clamp(request.query.get("fontsize"), 16),
                "app_websocket_url": f"ws://{request.host}/ws",
                "config": {"static": {"url": "/static/"}},
                "application": {"name": self.title},
            }
            response: web.StreamResponse = aiohttp_jinja2.render_template(
                "app_index.html", request, context
            )
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
            await websocket.prepare(request)
            if self.games >= self.max_games:
                log.warning("refused a game: %d already open", self.games)
                await websocket.close(
                    code=TRY_AGAIN_LATER, message=_full_message(self.max_games).encode()
                )
                return websocket
            self.games += 1
            service = None
            try:
                service = AppService(
                    self.command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,  # type: ignore[arg-type]
                    download_manager=self.download_manager,
                    debug=self.debug,
                )
                width = _clamp(request.query.get("width"), 80)
                height = _clamp(request.query.get("height"), 24)
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:  # one line, never a traceback
                log.warning("a game ended on an error: %s: %s", type(error).__name__, error)
            finally:
                self.games -= 1
                if service is not None:
                    await service.stop()
            return websocket

        async def _process_messages(
            self, websocket: web.WebSocketResponse, service: AppService
        ) -> None:
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                kind, data = _decode(message.data)
                if kind == "stdin" and isinstance(data, str):
                    await service.send_bytes(data.encode("utf-8", "replace"))
                elif kind == "resize" and isinstance(data, dict):
                    width, height = _size(data.get("width")), _size(data.get("height"))
                    if width and height:
                        await service.set_terminal_size(width, height)
                elif kind == "ping" and isinstance(data, str | int) and len(str(data)) < 100:
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await service.blur()
                elif kind == "focus":
                    await service.focus()

        async def on_startup(self, app: web.Application) -> None:
            sys.stdout.write(
                f"cellseven: serving the game on http://{self.host}:{self.port}/ "
                f"(at most {self.max_games} at once); Ctrl+C stops it\n"
            )
            sys.stdout.flush()

        def initialize_logging(self) -> None:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(_OneLine("cellseven serve: %(message)s"))
            root = logging.getLogger()
            root.handlers[:] = [handler]
            root.setLevel(logging.WARNING)

    return GameServer


def _decode(text: str) -> tuple[str | None, object]:
    """A browser message's (type, data), or (None, None) when it is not one we read."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        return None, None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None, None
    return envelope[0], envelope[1] if len(envelope) > 1 else None


def _size(value: object) -> int:
    """A column or row count from a browser: a whole number from 1 to MAX_SIZE, else 0."""
    return min(value, MAX_SIZE) if type(value) is int and value >= 1 else 0


def serve(host: str, port: int, story: str | None, out: TextIO, max_games: int = MAX_GAMES) -> int:
    if not 0 < port < 65536:
        raise UsageError(f"--port {port} is not a port number; give one from 1 to 65535")
    if not 1 <= max_games <= 64:
        raise UsageError(f"--max-games {max_games}: give a number of games from 1 to 64")
    if story is not None and not (Path(story) / "story.yaml").is_file():
        raise UsageError(f"{story}: no story.yaml there; give the folder of a story pack")
    try:
        server_class = _server_class()
    except ImportError:
        raise UsageError(
            "`cellseven serve` needs textual-serve: pip install 'cellseven[serve]'"
        ) from None
    if host not in LOOPBACK:
        out.write(
            f"cellseven: serving on {host}: anyone who can reach this address can play "
            "(and their keystrokes run the game on this machine)\n"
        )
    server = server_class(play_command(story), host=host, port=port, max_games=max_games)
    try:
        server.serve()
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise UsageError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc}); try another --port"
        ) from None
    return 0
