"""`pip install .` in a fresh venv ships the story and a real package: validate and a whole
played story work from another folder; the wheel carries LICENSE, py.typed and one version."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INIT = ROOT / "src" / "cellseven_game" / "__init__.py"


@pytest.mark.slow
def test_installed_wheel_finds_the_bundled_story(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheel_dir), str(ROOT)],
        capture_output=True, text=True,
    )  # fmt: skip
    if build.returncode != 0 and "hatchling" in build.stderr:
        pytest.skip("hatchling is not installed in this environment")
    assert build.returncode == 0, build.stderr
    (wheel,) = wheel_dir.glob("cellseven-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    # --no-deps: the dependencies come from the surrounding environment (no network).
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "CELLSEVEN_HOME": str(tmp_path / "home")}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [str(env_dir / "bin" / "cellseven"), "validate", "--strict"],
        cwd=elsewhere, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Miracle in Cell No. 7" in result.stdout
    assert "canon 5" in result.stdout  # the canon file ships beside the story
    code = "from cellseven_game.paths import bundled_story; print(bundled_story())"
    located = subprocess.run(
        [str(python), "-c", code],
        cwd=elsewhere, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert "site-packages" in located.stdout
    # The README's first command, without a screen: the installed game plays to an ending.
    played = subprocess.run(
        [str(env_dir / "bin" / "cellseven"), "run", "--random", "1"],
        cwd=elsewhere, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert played.returncode == 0, played.stdout + played.stderr
    assert re.search(r"^ending: \S+$", played.stdout, re.M), played.stdout[-2000:]
    # One version everywhere: the source, the wheel's metadata and `--version`.
    version = re.search(r'__version__ = "([^"]+)"', INIT.read_text()).group(1)  # type: ignore[union-attr]
    assert wheel.name.startswith(f"cellseven-{version}-")
    shown = subprocess.run(
        [str(env_dir / "bin" / "cellseven"), "--version"], capture_output=True, text=True, env=env
    )
    assert shown.stdout.strip() == f"cellseven {version}"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(f"cellseven-{version}.dist-info/METADATA").decode()
    assert f"cellseven-{version}.dist-info/licenses/LICENSE" in names
    assert "cellseven_game/py.typed" in names
    assert "cellseven_game/story/story.yaml" in names
    assert f"Version: {version}" in metadata
    for field in (
        "License-Expression: MIT",
        "Author: ",
        "Keywords: ",
        "Classifier: ",
        "Project-URL: ",
    ):
        assert field in metadata, field
