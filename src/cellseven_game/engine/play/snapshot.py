"""A `State` as versioned JSON data, and back: every field checked before it is trusted.

Version 2 records where play began (`origin`); a version 1 save (cellseven 0.1) began at
the start of the story, or of the chapter it replays by name, and is read as such.
"""

from __future__ import annotations

from collections.abc import Mapping

from cellseven_game.engine.core.errors import SaveError
from cellseven_game.engine.core.model import Story, Value
from cellseven_game.engine.core.trial_model import progress_from
from cellseven_game.engine.play.state import Kept, Origin, State, Step

SAVE_FORMAT = "cellseven-state"
SAVE_VERSION = 2
READS = (1, SAVE_VERSION)  # the versions this cellseven reads


def snapshot(story: Story, s: State) -> dict[str, object]:
    """The whole state as versioned, JSON-ready data."""
    return {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "story_title": story.title,
        "story_version": story.version,
        "chapter": s.chapter,
        "scene": s.scene,
        "variables": dict(s.variables),
        "visits": dict(s.visits),
        "evidence": list(s.evidence),
        "met": list(s.met),
        "facts": list(s.facts),
        "taken": sorted(s.taken),
        "steps": [[scene, choice] for scene, choice in s.steps],
        "trail": list(s.trail),
        "status": s.status,
        "ending": s.ending,
        "extra": {} if s.trial is None else {"trial": s.trial.data()},
        "variations": {key: list(value) for key, value in s.variations.items()},
        "seed": s.seed,
        "origin": _origin_data(s.origin),
    }


def _origin_data(origin: Origin) -> dict[str, object]:
    kept = origin.kept
    return {
        "scene": origin.scene,
        "chapter": origin.chapter,
        "entry": origin.entry,
        "kept": None
        if kept is None
        else {
            "variables": dict(kept.variables),
            "evidence": list(kept.evidence),
            "met": list(kept.met),
            "facts": list(kept.facts),
            "visits": dict(kept.visits),
            "taken": list(kept.taken),
            "trail": list(kept.trail),
        },
    }


def _expect(cond: bool, what: str) -> None:
    if not cond:
        raise SaveError(f"this save is damaged: {what}")


def _strings(value: object, what: str) -> list[str]:
    _expect(isinstance(value, list) and all(isinstance(v, str) for v in value), f"bad {what}")
    assert isinstance(value, list)
    return value


def _variables(value: object) -> dict[str, Value]:
    _expect(isinstance(value, dict), "bad variables")
    assert isinstance(value, dict)
    for name, found in value.items():
        _expect(
            isinstance(name, str) and isinstance(found, bool | int | float | str), "bad variable"
        )
    return dict(value)


def _visits(value: object) -> dict[str, int]:
    _expect(isinstance(value, dict), "bad visits")
    assert isinstance(value, dict)
    for name, count in value.items():
        _expect(isinstance(name, str) and type(count) is int and count >= 0, "bad visit count")
    return dict(value)


def _optional_text(value: object, what: str) -> str | None:
    _expect(value is None or isinstance(value, str), f"bad {what}")
    assert value is None or isinstance(value, str)
    return value


def version_of(data: Mapping[str, object]) -> int:
    """The snapshot's format version, refused when this cellseven cannot read it."""
    _expect(data.get("format") == SAVE_FORMAT, "it is not a cellseven save")
    version = data.get("version")
    if version not in READS or type(version) is not int:
        raise SaveError(
            f"this save has format version {version!r}; this cellseven reads version "
            f"{SAVE_VERSION} (and older)"
        )
    return version


def origin_from(data: Mapping[str, object]) -> Origin:
    """Where the saved play began (its shape checked; the story may no longer have it)."""
    chapter = _optional_text(data.get("chapter"), "chapter")
    if version_of(data) == 1:  # 0.1 began at the story's start, or the chapter replayed
        return Origin(chapter=chapter, entry=chapter)
    raw = data.get("origin")
    _expect(isinstance(raw, dict), "bad origin")
    assert isinstance(raw, dict)
    kept_raw = raw.get("kept")
    kept = None
    if kept_raw is not None:
        _expect(isinstance(kept_raw, dict), "bad origin")
        assert isinstance(kept_raw, dict)
        kept = Kept(
            variables=tuple(_variables(kept_raw.get("variables")).items()),
            evidence=tuple(_strings(kept_raw.get("evidence"), "origin evidence")),
            met=tuple(_strings(kept_raw.get("met"), "origin met")),
            facts=tuple(_strings(kept_raw.get("facts"), "origin facts")),
            visits=tuple(_visits(kept_raw.get("visits")).items()),
            taken=tuple(_strings(kept_raw.get("taken"), "origin taken")),
            trail=tuple(_strings(kept_raw.get("trail"), "origin trail")),
        )
    return Origin(
        scene=_optional_text(raw.get("scene"), "origin scene"),
        chapter=_optional_text(raw.get("chapter"), "origin chapter"),
        entry=_optional_text(raw.get("entry"), "origin entry"),
        kept=kept,
    )


def steps_from(data: Mapping[str, object]) -> list[Step]:
    steps_raw = data.get("steps")
    _expect(isinstance(steps_raw, list), "bad steps")
    assert isinstance(steps_raw, list)
    steps: list[Step] = []
    for step in steps_raw:
        _expect(
            isinstance(step, list)
            and len(step) == 2
            and isinstance(step[0], str)
            and (step[1] is None or isinstance(step[1], str)),
            "bad step",
        )
        steps.append((step[0], step[1]))
    return steps


def state_from_snapshot(story: Story, data: object) -> State:
    """Check every field of a snapshot against `story` before trusting it."""
    _expect(isinstance(data, dict), "it is not a JSON object")
    assert isinstance(data, dict)
    origin = origin_from(data)
    scene = data.get("scene")
    _expect(isinstance(scene, str), "no scene")
    assert isinstance(scene, str)
    if scene not in story.scenes:
        raise SaveError(f"this save is at scene `{scene}`, which the story no longer has")
    gone = origin.problem(story)
    if gone is not None:
        raise SaveError(f"this save began where the story no longer goes: {gone}")
    variables = _variables(data.get("variables"))
    chapter = data.get("chapter")
    _expect(
        chapter is None or (isinstance(chapter, str) and chapter in story.chapters), "bad chapter"
    )
    status = data.get("status")
    _expect(status in ("playing", "ended", "chapter_end", "stuck"), "bad status")
    ending = _optional_text(data.get("ending"), "ending")
    extra = data.get("extra", {})
    _expect(isinstance(extra, dict), "bad extra")
    assert isinstance(extra, dict)
    # Read once, here: trial data this story's trial could not have written is dropped.
    progress = progress_from(story.trials, extra.get("trial"))
    variations = data.get("variations", {})
    _expect(
        isinstance(variations, dict)
        and all(
            isinstance(k, str)
            and isinstance(v, list)
            and len(v) == 2
            and all(type(n) is int and -1 <= n < 1_000_000_000 for n in v)
            for k, v in variations.items()
        ),
        "bad variations",
    )
    seed = data.get("seed", 0)
    _expect(type(seed) is int and 0 <= seed < 2**63, "bad seed")
    merged = dict(story.variables)
    merged.update(variables)
    return State(
        scene=scene,
        variables=merged,
        visits=_visits(data.get("visits")),
        evidence=dict.fromkeys(_strings(data.get("evidence"), "evidence")),
        met=dict.fromkeys(_strings(data.get("met"), "met")),
        facts=dict.fromkeys(_strings(data.get("facts"), "facts")),
        taken=set(_strings(data.get("taken"), "taken")),
        steps=steps_from(data),
        trail=_strings(data.get("trail"), "trail"),
        status=status,  # type: ignore[arg-type]
        ending=ending,
        chapter=chapter,
        trial=progress,
        variations={k: list(v) for k, v in variations.items()},
        seed=seed,
        origin=origin,
    )
