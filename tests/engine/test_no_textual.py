"""The engine and the screenless commands never import Textual (it costs ~0.3 s to start)."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import cellseven_game.engine

# Every module of the engine, in every sub-package.
ENGINE_MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(cellseven_game.engine.__path__, "cellseven_game.engine.")
    if not m.ispkg
)

# Runs a command in-process the way the console script does, then reports what got imported.
PROBE = """
import json, sys
from cellseven_game import cli
code = cli.main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
print(json.dumps({"code": code, "textual": loaded}))
"""


def run_python(code: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CELLSEVEN_HOME": str(cwd or Path.cwd())}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_engine_modules_are_found() -> None:
    assert {"cellseven_game.engine.compile.loader", "cellseven_game.engine.play.runtime"} <= set(
        ENGINE_MODULES
    )


def test_importing_the_engine_and_cli_does_not_import_textual() -> None:
    imports = "; ".join(f"import {m}" for m in [*ENGINE_MODULES, "cellseven_game.cli.main"])
    code = f"{imports}; import sys; print([m for m in sys.modules if m.split('.')[0] == 'textual'])"
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_probe_sees_textual_when_it_is_imported() -> None:
    # Guard against a probe that could never fail.
    done = run_python("import textual, sys; print('textual' in sys.modules)")
    assert done.stdout.strip() == "True"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "."],
        ["run", "--story", ".", "--choices", "1,1,1,1,1"],
        ["run", "--story", ".", "--random", "3"],
        ["explore", ".", "--json"],
        ["chapters", "--story", "."],
        ["schema"],
    ],
)
def test_screenless_commands_do_not_import_textual(example_pack: Path, args: list[str]) -> None:
    done = run_python(PROBE, *args, cwd=example_pack)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    assert report["textual"] == []
