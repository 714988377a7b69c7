"""Where things live: the bundled story, the user's saves, profile and cache."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# imports inside functions: start-up — importlib.resources (~4 ms) only where the package is
# not plain files; platformdirs (~10 ms with the tempfile, shutil and compression modules it
# brings: 1% of a cold `validate` of 10,000 scenes) only where `_xdg` cannot say.


def bundled_story() -> Path:
    """The story pack shipped with the game (inside the wheel, or beside src/ in a checkout)."""
    packaged = Path(__file__).with_name("story")  # what importlib.resources gives a folder
    if (packaged / "story.yaml").is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "story"
    if (checkout / "story.yaml").is_file():
        return checkout
    from importlib import resources  # start-up: only for a package that is not plain files

    return Path(str(resources.files("cellseven_game"))) / "story"


def home() -> Path:
    """$CELLSEVEN_HOME when set (tests use it), else the user data folder."""
    override = os.environ.get("CELLSEVEN_HOME")
    if override:
        return Path(override)
    plain = _xdg("XDG_DATA_HOME", ".local/share")
    if plain is not None:
        return plain
    import platformdirs

    return Path(platformdirs.user_data_dir("cellseven", appauthor=False))


def cache_dir() -> Path:
    override = os.environ.get("CELLSEVEN_HOME")
    if override:
        return Path(override) / "cache"
    plain = _xdg("XDG_CACHE_HOME", ".cache")
    if plain is not None:
        return plain
    import platformdirs

    return Path(platformdirs.user_cache_dir("cellseven", appauthor=False))


def _xdg(variable: str, under_home: str) -> Path | None:
    """Our folder by the XDG rule on Linux, in its plain case (the variable an absolute path,
    or else an absolute $HOME), as platformdirs gives it (a test compares the two); None
    elsewhere (macOS, Windows, a relative or missing $HOME), where platformdirs decides."""
    if not sys.platform.startswith("linux"):
        return None
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, under_home)
    return Path(base, "cellseven")


def legacy_saves_dir() -> Path:
    """Where saves of every story lived together before they were kept per story."""
    return home() / "saves"


def story_home(key: str) -> Path:
    """One story's own folder (its saves and progress), by the story's key (see saves.py)."""
    return home() / "stories" / key
