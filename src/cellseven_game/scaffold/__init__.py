"""`cellseven new`: copy the starter pack kept beside this module into a new folder.

The pack's files are package data (they ship in the wheel); the schema file is written
from the running cellseven, so it always matches the loader.
"""

from __future__ import annotations

import json
import re
import secrets
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from cellseven_game.engine.compile.schema import schema
from cellseven_game.engine.core.errors import UsageError

SCHEMA_FILE = "cellseven.schema.json"


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    out: list[tuple[str, Traversable]] = []
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.is_dir():
            if not item.name.startswith(("_", ".")):
                out.extend(_files(item, f"{prefix}{item.name}/"))
        elif item.name.endswith(".yaml"):
            out.append((prefix + item.name, item))
    return out


_ID_LINE = re.compile(r"^(  id: )[A-Za-z0-9_-]+", re.MULTILINE)


def new_id(target: Path) -> str:
    """A new pack's story id: its folder's name made an id, and 8 random hex digits, so two
    new packs (even in folders of one name) never share saves."""
    name = re.sub(r"[^A-Za-z0-9_]+", "-", target.resolve().name).strip("-_")[:40].strip("-")
    return f"{name.lower() or 'story'}-{secrets.token_hex(4)}"


def create(target: Path) -> list[str]:
    """Write the starter pack into `target` (new or empty); the paths written, relative."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file; give the name of a new folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(
            f"{target} is not empty; `cellseven new` writes only into a new or empty folder, "
            "so nothing of yours is overwritten"
        )

    try:
        target.mkdir(parents=True, exist_ok=True)
        written: list[str] = []
        for rel, source in _files(resources.files(__name__)):
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            text = source.read_text(encoding="utf-8")
            if rel == "story.yaml":
                text = _ID_LINE.sub(rf"\g<1>{new_id(target)}", text, count=1)
            path.write_text(text, encoding="utf-8")
            written.append(rel)
        (target / SCHEMA_FILE).write_text(json.dumps(schema(), indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the new pack in {target}: {exc.strerror or exc}") from None
    return [*written, SCHEMA_FILE]
