"""The YAML examples of the authoring guide (story/README.md), for tests to build packs from.

A module of its own, not conftest: tests/ui has a conftest too, so `from conftest import`
finds whichever was imported first.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "story" / "README.md"


def guide_yaml(marker: str) -> str:
    """The YAML block of story/README.md between <!-- MARKER:start --> and <!-- MARKER:end -->."""
    block = re.compile(
        rf"<!-- {marker}:start -->\s*```yaml\n(.*?)```\s*<!-- {marker}:end -->", re.S
    )
    match = block.search(GUIDE.read_text(encoding="utf-8"))
    assert match, f"story/README.md lost its <!-- {marker}:start/end --> markers"
    return match.group(1)


def worked_example() -> str:
    """The YAML of the authoring guide's worked example."""
    return guide_yaml("example")


def trial_example() -> str:
    """The YAML of the authoring guide's mock-trial example."""
    return guide_yaml("trial-example")
