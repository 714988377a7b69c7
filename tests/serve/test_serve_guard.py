"""`cellseven serve` against other web pages: foreign Origin and Host (DNS rebinding) are
refused, games are capped with a message, malformed messages never print a traceback, and
the page loads nothing from any other host."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

aiohttp = pytest.importorskip("aiohttp", reason="textual-serve (and its aiohttp) not installed")
pytest.importorskip("textual_serve", reason="textual-serve is not installed: pip install .[serve]")


MAX_TWO = ["--max-games", "2"]


@dataclass
class Served:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def console(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def games(self) -> int:
        """Game processes running under the server (its own process group)."""
        count = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            group = int(stat.rsplit(")", 1)[1].split()[2])
            if group == self.process.pid and b"cellseven_game\x00play" in cmdline:
                count += 1
        return count


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(
    tmp_path: Path, until_listening: Callable[[int, subprocess.Popen[bytes]], None]
) -> Iterator[Served]:
    port = _free_port()
    log = tmp_path / "console.txt"
    env = {**os.environ, "CELLSEVEN_HOME": str(tmp_path / "home"), "TEXTUAL_ANIMATIONS": "none"}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "cellseven_game", "serve", "--port", str(port), *MAX_TWO],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        until_listening(port, process)
        yield Served(port, process, log)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


async def _status(url: str, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        return response.status


async def _first_bytes(ws: aiohttp.ClientWebSocketResponse) -> bytes:
    """Wait for the game's first screen bytes (it runs in a process of its own)."""
    while True:
        message = await ws.receive(timeout=30)
        if message.type == aiohttp.WSMsgType.BINARY:
            return bytes(message.data)
        assert message.type == aiohttp.WSMsgType.TEXT, message


def own(port: int, name: str = "127.0.0.1") -> dict[str, str]:
    return {"Origin": f"http://{name}:{port}"}


FOREIGN_ORIGINS = [
    "http://evil.example",
    "http://evil.example:{port}",
    "http://127.0.0.1.evil.example:{port}",
    "http://127.0.0.1:{other}",
    "https://127.0.0.1:{port}",
    "null",
    "file://",
]


@pytest.mark.parametrize("origin", FOREIGN_ORIGINS)
def test_a_page_from_another_origin_cannot_open_a_game(served: Served, origin: str) -> None:
    origin = origin.format(port=served.port, other=served.port + 1)

    async def go() -> None:
        async with aiohttp.ClientSession() as http:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(f"{served.base}/ws", headers={"Origin": origin})
            assert refused.value.status == 403
        assert await _status(f"{served.base}/", {"Origin": origin}) == 403

    asyncio.run(go())
    assert served.games() == 0


FOREIGN_HOSTS = [
    "evil.example:{port}",
    "evil.example",
    "127.0.0.1.nip.io:{port}",
    "localhost.evil.example:{port}",
    "127.0.0.1:{other}",
    "localhost",
    "",
]


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
def test_a_rebound_dns_name_is_refused(served: Served, host: str) -> None:
    host = host.format(port=served.port, other=served.port + 1)
    origin = {"Origin": f"http://{host}"}

    async def go() -> None:
        for path in ("/", "/ws", "/static/js/textual.js"):
            assert await _status(f"{served.base}{path}", {"Host": host}) == 403, path
            assert await _status(f"{served.base}{path}", {"Host": host, **origin}) == 403

    asyncio.run(go())
    assert served.games() == 0


def test_the_page_and_games_open_from_their_own_addresses(served: Served) -> None:
    async def go() -> None:
        for name in ("127.0.0.1", "localhost"):
            host = {"Host": f"{name}:{served.port}"}
            assert await _status(f"{served.base}/", host) == 200
            async with aiohttp.ClientSession() as http:
                headers = {**host, **own(served.port, name)}
                async with http.ws_connect(f"{served.base}/ws", headers=headers) as ws:
                    assert await _first_bytes(ws)

    asyncio.run(go())


def test_games_are_capped_with_a_message(served: Served) -> None:
    async def go() -> tuple[int | None, str]:
        async with aiohttp.ClientSession() as http:
            first = await http.ws_connect(f"{served.base}/ws", headers=own(served.port))
            second = await http.ws_connect(f"{served.base}/ws", headers=own(served.port))
            await _first_bytes(first)
            await _first_bytes(second)
            third = await http.ws_connect(f"{served.base}/ws", headers=own(served.port))
            message = await third.receive(timeout=30)
            assert message.type == aiohttp.WSMsgType.CLOSE
            assert served.games() == 2
            await first.close()
            for _ in range(100):  # the freed place is taken by the next one
                await asyncio.sleep(0.1)
                fourth = await http.ws_connect(f"{served.base}/ws", headers=own(served.port))
                reply = await fourth.receive(timeout=30)
                if reply.type == aiohttp.WSMsgType.BINARY:
                    break
                await fourth.close()
            else:
                pytest.fail("a closed game never freed its place")
            await fourth.close()
            await second.close()
            return third.close_code, str(message.extra)

    code, reason = asyncio.run(go())
    assert code == 1013
    assert "2 games already open" in reason and "Close one" in reason


MALFORMED = [
    "not json",
    "",
    "[]",
    "{}",
    "null",
    '"stdin"',
    "[1, 2]",
    '["stdin"]',
    '["stdin", 5]',
    '["stdin", ["a"]]',
    '["stdin", "\\ud800"]',
    '["resize"]',
    '["resize", {"width": "x", "height": 3}]',
    '["resize", {"width": 1e9, "height": -1}]',
    '["resize", {"width": 99999999999999999999999, "height": 2}]',
    '["resize", {"width": true, "height": true}]',
    '["ping"]',
    '["ping", {"a": 1}]',
    '["nonsense", 1]',
    "[" * 5000 + "]" * 5000,
    '{"a": ' + "9" * 5000 + "}",
]


def test_malformed_messages_are_ignored_without_a_traceback(served: Served) -> None:
    async def go() -> str:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(f"{served.base}/ws", headers=own(served.port))
            await _first_bytes(ws)
            for text in MALFORMED:
                await ws.send_str(text)
            await ws.send_bytes(b"\x00\xff binary")
            await ws.send_str('["ping", "still here"]')
            while True:
                message = await ws.receive(timeout=30)
                assert message.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY)
                if message.type == aiohttp.WSMsgType.TEXT and "pong" in message.data:
                    await ws.close()
                    return str(message.data)
            # an oversized message ends that one game, with one line at most
            return ""

    assert asyncio.run(go()) == '["pong", "still here"]'

    async def oversized() -> None:
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(f"{served.base}/ws", headers=own(served.port))
            await _first_bytes(ws)
            await ws.send_str('["stdin", "' + "x" * 200_000 + '"]')
            while (await ws.receive(timeout=30)).type != aiohttp.WSMsgType.CLOSE:
                pass

    asyncio.run(oversized())
    time.sleep(0.5)
    console = served.console()
    assert "Traceback" not in console and 'File "' not in console, console


def test_the_page_loads_nothing_from_another_host(served: Served) -> None:
    async def go() -> str:
        async with aiohttp.ClientSession() as http, http.get(f"{served.base}/") as response:
            assert response.status == 200
            return await response.text()

    page = asyncio.run(go())
    outside = re.findall(r"(?:https?|wss?)://([^/\"')\s]+)", page)
    assert all(host == f"127.0.0.1:{served.port}" for host in outside), outside
    assert "googleapis" not in page and "@font-face" in page
    assets = re.findall(r"""(?:href|src)=["']([^"']+)["']|url\(["']?([^"')]+)""", page)
    paths = [a or b for a, b in assets]
    assert any(p.endswith(".ttf") for p in paths) and any(p.endswith(".js") for p in paths)

    async def fetch_all() -> list[int]:
        async with aiohttp.ClientSession() as http:
            codes = []
            for path in paths:
                async with http.get(f"{served.base}{path}") as response:
                    codes.append(response.status)
            return codes

    assert asyncio.run(fetch_all()) == [200] * len(paths)


RAW_REQUESTS = [
    b"GET /\x1b[2J\x1b]0;owned\x07 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"\x1b[31mGET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: \x1b[2Jforged\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: \x1b]0;x\x07\r\n\r\n",
    b"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    b"Sec-WebSocket-Key: \x1b[2J\r\nSec-WebSocket-Version: 13\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"X: " + b"\x9b" * 5000 + b"\r\n\r\n",
    b"\x00\xff\xfe garbage \x1b[0m\r\n\r\n",
]


def test_what_a_client_sends_never_reaches_the_console_raw(served: Served) -> None:
    """Malformed requests with terminal controls: the console gets printable lines only."""
    for raw in RAW_REQUESTS:
        with socket.create_connection(("127.0.0.1", served.port), timeout=10) as conn:
            conn.sendall(raw)
            conn.settimeout(5)
            try:
                while conn.recv(65536):
                    pass
            except OSError:
                pass
    time.sleep(0.5)
    console = served.log.read_bytes()
    assert b"\x1b" not in console and b"\x07" not in console and b"\x9b" not in console, console
    assert b"\xc2\x9b" not in console  # the C1 control as UTF-8
    assert b"Traceback" not in console
    assert served.process.poll() is None  # still serving
