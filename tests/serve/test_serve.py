"""`cellseven serve` in a real headless Chromium: the page connects and shows the title screen.

textual-serve's page draws the terminal on a canvas (xterm.js), so the DOM never holds the
game's text. The test therefore drives Chromium over its DevTools protocol: before the page
loads, it records what the page's own websocket receives; then it waits (in real time, since
the game starts in a process of its own) until the page has drawn its first bytes and those
bytes hold the title screen's text. A screenshot is kept in the test's tmp folder.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

aiohttp = pytest.importorskip("aiohttp", reason="textual-serve (and its aiohttp) not installed")
pytest.importorskip("textual_serve", reason="textual-serve is not installed: pip install .[serve]")

TITLE = "Miracle in Cell No. 7"
TAGLINE = "New game"  # the menu; the tagline under the title changes once the story loads
DEADLINE = 60.0  # seconds for the whole page check; the game starts in about two
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")

# Run in the page before its scripts: keep a copy of every websocket message it receives.
RECORDER = """
window.__received = [];
const Original = window.WebSocket;
window.WebSocket = class extends Original {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      const data = event.data;
      if (typeof data === "string") window.__received.push(data);
      else if (data instanceof ArrayBuffer) window.__received.push(new TextDecoder().decode(data));
    });
  }
};
"""


def _chromium() -> str:
    """The Chromium binary; installed with apt when missing and possible, else a skip."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("no chromium, and cannot install it here (needs root and apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "install", "-y", "-q", "chromium"], ["apt-get", "update", "-q"]):
        subprocess.run(command, env=env, capture_output=True, timeout=900, check=False)
        if shutil.which("chromium"):
            break
    else:
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "chromium"],
            env=env,
            capture_output=True,
            timeout=900,
            check=False,
        )
    found = shutil.which("chromium")
    if not found:
        pytest.skip("chromium is missing and `apt-get install -y chromium` did not install it")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process we started, and the processes it started (its own session)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def server(
    tmp_path: Path, until_listening: Callable[[int, subprocess.Popen[bytes]], None]
) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "CELLSEVEN_HOME": str(tmp_path / "home"), "TEXTUAL_ANIMATIONS": "none"}
    process = subprocess.Popen(
        [sys.executable, "-m", "cellseven_game", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        until_listening(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        _stop(process)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[str]:
    """A headless Chromium that may reach only this machine; yields its DevTools URL."""
    process = subprocess.Popen(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            # The page asks for a web font: every name but loopback fails to resolve.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--window-size=1100,760",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + 30
        url = None
        while url is None and time.monotonic() < deadline and process.poll() is None:
            line = process.stderr.readline().decode(errors="replace")
            found = re.search(r"DevTools listening on (ws://\S+)", line)
            url = found.group(1) if found else None
        if url is None:
            pytest.fail("headless chromium did not start its DevTools endpoint")
        yield url
    finally:
        _stop(process)


class DevTools:
    """The few DevTools protocol calls the test needs, over one websocket."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, session: str | None = None, **params: Any) -> Any:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        await self.ws.send_str(json.dumps(message))
        while True:
            reply = json.loads((await self.ws.receive(timeout=30)).data)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return reply.get("result", {})


async def _look(devtools_url: str, page_url: str, shot: Path) -> dict[str, Any]:
    async with aiohttp.ClientSession() as http, http.ws_connect(devtools_url, max_msg_size=0) as ws:
        cdp = DevTools(ws)
        target = (await cdp.call("Target.createTarget", url="about:blank"))["targetId"]
        session = (await cdp.call("Target.attachToTarget", targetId=target, flatten=True))[
            "sessionId"
        ]
        await cdp.call("Page.enable", session)
        await cdp.call("Page.addScriptToEvaluateOnNewDocument", session, source=RECORDER)
        await cdp.call("Page.navigate", session, url=page_url)
        probe = (
            "JSON.stringify({drawn: document.body.classList.contains('-first-byte'),"
            " canvas: document.querySelectorAll('.textual-terminal canvas').length,"
            " received: (window.__received || []).join('')})"
        )
        seen: dict[str, Any] = {}
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            result = await cdp.call("Runtime.evaluate", session, expression=probe)
            seen = json.loads(result["result"].get("value") or "{}")
            text = ANSI.sub("", seen.get("received", ""))
            if seen.get("drawn") and TITLE in text and TAGLINE in text:
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(1)  # let the canvas catch up before the picture
        picture = await cdp.call("Page.captureScreenshot", session, format="png")
        shot.write_bytes(base64.b64decode(picture["data"]))
        seen["text"] = ANSI.sub("", seen.get("received", ""))
        return seen


def test_the_browser_shows_the_title_screen(server: str, browser: str, tmp_path: Path) -> None:
    shot = tmp_path / "title.png"
    seen = asyncio.run(_look(browser, server, shot))
    assert seen.get("drawn"), "the page never drew the game's first bytes"
    assert seen.get("canvas", 0) >= 1, "the terminal was not drawn on a canvas"
    assert TITLE in seen["text"], seen["text"][-2000:]
    assert TAGLINE in seen["text"]
    assert shot.stat().st_size > 5000, "the screenshot is empty"


def test_serve_refuses_a_bad_port(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cellseven_game", "serve", "--port", "70000"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "not a port number" in done.stderr


def test_serve_reports_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "cellseven_game", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_served_command_is_play_with_the_story(tmp_path: Path) -> None:
    from cellseven_game.serve import play_command

    assert play_command(None).endswith("-m cellseven_game play")
    command = play_command(str(tmp_path / "my pack"))
    assert "play --story" in command
    assert f"'{tmp_path / 'my pack'}'" in command  # quoted: a space cannot split it
