"""The story as loaded: plain, frozen data. Nothing here changes after loading."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from cellseven_game.engine.core.frozen import field, frozen

if TYPE_CHECKING:  # trial_model builds on this module's types
    from cellseven_game.engine.core.trial_model import Trial

Value = bool | int | float | str


class Where(NamedTuple):
    """Where something was written, for messages (a tuple: cheap to build by the thousand)."""

    path: str
    line: int
    col: int


NOWHERE = Where("", 0, 0)
CONTINUE_STEP = "continue"  # what a playthrough (or `run --choices`) writes for a Continue


@frozen
class SetVar:
    """`set: {name: value}`; with `expr`, the value is computed at play from that expression."""

    name: str
    value: Value
    expr: str | None = None


@frozen
class AddVar:
    """`add: {name: amount}`; with `expr`, the amount is computed at play from that expression."""

    name: str
    amount: int | float
    expr: str | None = None


@frozen
class AddEvidence:
    evidence: str


@frozen
class Meet:
    character: str


@frozen
class Reveal:
    character: str
    fact: str


Effect = SetVar | AddVar | AddEvidence | Meet | Reveal


class Line(NamedTuple):
    """A line of dialogue (speaker is a character id) or of narration (speaker None)."""

    speaker: str | None
    text: str
    condition: str | None = None  # the line is said only when this holds (`if:`)


@frozen
class Choice:
    id: str
    label: str
    goto: str
    condition: str | None = None  # the expression's source; see conditions.py
    when_false: Literal["hide", "disable"] = "hide"
    once: bool = True
    effects: tuple[Effect, ...] = ()
    where: Where = NOWHERE


@frozen
class Scene:
    id: str
    chapter: str
    place: str = ""
    text: str = ""
    lines: tuple[Line, ...] = ()
    effects: tuple[Effect, ...] = ()
    choices: tuple[Choice, ...] = ()
    next: str | None = None
    end: str | None = None
    beats: tuple[str, ...] = ()
    trial: str | None = None
    where: Where = NOWHERE
    period: str = ""  # set when a scene is not in its chapter's year (a memory's frame)


@frozen
class EntryState:
    """What a player carries into a chapter replayed by name."""

    variables: tuple[tuple[str, Value], ...] = ()
    evidence: tuple[str, ...] = ()
    met: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()  # "character.fact"
    visited: tuple[str, ...] = ()


@frozen
class Chapter:
    id: str
    title: str
    period: str
    start: str
    place: str = ""
    frame: str = ""
    witness: str | None = None
    entry: EntryState = EntryState()
    scenes: tuple[str, ...] = ()  # scene ids in the order written
    where: Where = NOWHERE


@frozen
class Character:
    id: str
    name: str
    role: str = ""
    bio: str = ""
    color: str | None = None
    facts: tuple[tuple[str, str], ...] = ()  # (fact id, text), in the order written
    bond: str | None = None
    roster: bool = True
    where: Where = NOWHERE

    def fact(self, fact_id: str) -> str | None:
        return dict(self.facts).get(fact_id)


@frozen
class Evidence:
    id: str
    name: str
    kind: Literal["item", "testimony"] = "item"
    description: str = ""
    found: str = ""
    where: Where = NOWHERE


@frozen
class Beat:
    id: str
    fact: str
    source: str = ""
    chapter: str | None = None
    where: Where = NOWHERE  # the beat's id in the canon file, where CS205 points


@frozen
class Canon:
    path: str
    beats: tuple[Beat, ...] = ()


@frozen
class Story:
    """A whole loaded and checked pack."""

    root: Path
    title: str
    start: str  # chapter id
    chapter_order: tuple[str, ...]
    variables: dict[str, Value]
    chapters: dict[str, Chapter]
    scenes: dict[str, Scene]
    characters: dict[str, Character]
    evidence: dict[str, Evidence]
    trials: dict[str, Trial] = field(default_factory=dict)
    canon: Canon | None = None
    content_note: str = ""
    renamed: dict[str, str] = field(default_factory=dict)
    # The scene graph's hash (see `version`), worked out on first use: `validate` never needs
    # it, and at 10,000 scenes it is 2-3% of a cold load. Not compared: `scenes` decides it.
    graph: str = field(default="", compare=False)
    story_id: str = ""  # story.yaml's `id:`, the identity saves are kept under ("": the title)

    @property
    def version(self) -> str:
        """A short hash of the scene graph: what a save must match to replay exactly."""
        if not self.graph:
            object.__setattr__(self, "graph", graph_version(self.scenes))
        return self.graph

    def first_scene(self) -> str:
        return self.chapters[self.start].start


def graph_version(scenes: dict[str, Scene]) -> str:
    """A short hash of the scene graph: what a save must match to replay exactly.

    The hash of `json.dumps` of the list of every scene's shape, fed 256 scenes at a time
    (the same bytes: json joins a list's items with ", "), so the whole text is never held
    at once (6 MiB of the peak at 10,000 scenes) yet json is called 40 times, not 10,000.
    """
    import hashlib  # start-up: only a command that plays or saves needs the hash
    import json  # start-up: as above

    ordered = sorted(scenes.values(), key=lambda s: s.id)
    digest = hashlib.sha256(b"[")
    for start in range(0, len(ordered), _GRAPH_BATCH):
        shapes = [
            [s.id, s.next, s.end, s.trial, [[c.id, c.goto, c.condition] for c in s.choices]]
            for s in ordered[start : start + _GRAPH_BATCH]
        ]
        text = json.dumps(shapes)[1:-1]  # the items without the list's brackets
        digest.update(((", " if start else "") + text).encode())
    digest.update(b"]")
    return digest.hexdigest()[:12]


_GRAPH_BATCH = 256
