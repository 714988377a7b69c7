"""The authoring commands draw nothing, so they never import Textual (or textual-serve)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
from cellseven_game import cli
code = cli.main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "textual_serve"))
print(json.dumps({"code": code, "loaded": loaded}))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["new", "fresh"],
        ["graph", "pack"],
        ["graph", "pack", "--format", "dot", "--chapter", "hearing"],
        ["test", "pack"],
        ["explore", "pack", "--coverage"],
    ],
)
def test_authoring_commands_do_not_import_textual(tmp_path: Path, args: list[str]) -> None:
    env = {**os.environ, "CELLSEVEN_HOME": str(tmp_path)}
    run = [sys.executable, "-c", PROBE]
    made = subprocess.run([*run, "new", "pack"], cwd=tmp_path, env=env, capture_output=True)
    assert made.returncode == 0, made.stderr
    done = subprocess.run(
        [*run, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"code": 0, "loaded": []}
