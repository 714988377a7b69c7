"""What the serve tests share: waiting for a `cellseven serve` they started to take connections."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable

import pytest


def wait_until_listening(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    """Return once the server accepts a connection; fail the test if it exits or never does."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`cellseven serve` did not listen on port {port}")
            time.sleep(0.2)


@pytest.fixture
def until_listening() -> Callable[[int, subprocess.Popen[bytes]], None]:
    """`wait_until_listening`, for the fixtures that start a server."""
    return wait_until_listening
