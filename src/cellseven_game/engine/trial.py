"""The mock trial: a sub-machine run by scenes that name a `trial`.

Until a pack declares trials there is no machine, and such scenes play as ordinary scenes.
"""

from __future__ import annotations

from typing import Any


def machine_for(runtime: Any) -> Any:
    """The trial machine for the runtime's current scene, or None."""
    return None


def targets(story: Any, trial_id: str) -> list[str]:
    """Scenes a trial can lead to (its verdict tiers' scenes)."""
    return []


def variables_read(story: Any) -> set[str]:
    """Variables the trials' verdict rules read."""
    return set()


def schema() -> dict[str, Any]:
    """The JSON Schema of one trial."""
    return {"type": "object"}
