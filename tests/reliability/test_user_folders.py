"""Our save and cache folders by the XDG rule (paths._xdg, which spares a command the ~10 ms
of importing platformdirs) are the folders platformdirs gives, in every environment tried;
where the rule does not speak (a relative or missing $HOME), platformdirs still decides."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from cellseven_game import paths

ENVIRONMENTS = [
    {"HOME": "/home/ana"},
    {"HOME": "/home/ana/", "XDG_CACHE_HOME": "/var/cache/ana", "XDG_DATA_HOME": "/srv/ana"},
    {"HOME": "/home/ana", "XDG_CACHE_HOME": "relative/cache", "XDG_DATA_HOME": ""},
    {"HOME": "/home/a b", "XDG_DATA_HOME": "/data with space/x/"},
    {"HOME": "relative", "XDG_CACHE_HOME": "/abs/cache"},
    {"HOME": "relative"},
    {},
]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_folders_are_those_platformdirs_gives(
    environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "CELLSEVEN_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    try:
        expected_cache = Path(platformdirs.user_cache_dir("cellseven", appauthor=False))
        expected_home = Path(platformdirs.user_data_dir("cellseven", appauthor=False))
    except RuntimeError:  # platformdirs could not find a home: neither may we differ
        return
    assert paths.cache_dir() == expected_cache
    assert paths.home() == expected_home


def test_cellseven_home_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CELLSEVEN_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", "/elsewhere")
    assert paths.home() == tmp_path
    assert paths.cache_dir() == tmp_path / "cache"
