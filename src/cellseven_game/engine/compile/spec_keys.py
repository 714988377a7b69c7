"""The words the format is declared in: kinds of value, a key, a section (see spec.py)."""

from __future__ import annotations

from cellseven_game.engine.core.frozen import field, frozen

# Kinds of value. The loader accepts a whole number where it wants text (`period: 1997`)
# or an id (`goto: 12`), so the schema does too.
TEXT = "text"  # a string, or a whole number kept as written
ID = "id"  # one id: letters, digits, '_' and '-'
IDS = "ids"  # one id or a list of ids
FACT = "fact"  # `character.fact`, one or a list
FACT_LIST = "fact list"  # a list of `character.fact`
BOOL = "bool"
COUNT = "count"  # a whole number from 1 to 99
VALUES = "values"  # mapping name -> a number, true/false or text
AMOUNTS = "amounts"  # mapping name -> a number, or an expression (text)
TEXTS = "texts"  # mapping id -> text
RENAMES = "renames"  # mapping old id -> new id
CONDITION = "condition"
LINES = "lines"
EFFECTS = "effects"
END = "end"  # an ending id, or true (the scene's own id)
REFUTED = "refuted"  # `all` or claim ids
STEPS = "steps"  # playthrough steps: numbers and texts
SAYINGS = "sayings"  # one text or a list of texts
COLOR = "color"
ANY = "any"  # not read by the engine


@frozen
class Key:
    name: str
    kind: str  # one of the kinds above, or "one of: a|b"; for nested keys see `of`
    doc: str  # what it means, in one line (the guide's "meaning" column)
    required: bool = False
    refers: str = ""  # what an id names: "scene", "chapter", "character", ...
    of: Section | None = None  # a nested section: its mapping, list or id -> mapping
    shape: str = ""  # for `of`: "one" (a mapping), "list" (a list of them), "map" (id -> one)


@frozen
class Section:
    name: str  # as the guide and the schema name it
    doc: str
    keys: tuple[Key, ...]
    # Derived from `keys` once: the loader asks for them for every mapping it reads.
    names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    required: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # The same as sets: a mapping whose keys are all allowed and hold every required one is
    # told apart by two set comparisons (nothing to report: see Reader.section).
    allowed: frozenset[str] = field(init=False, repr=False, compare=False)
    needed: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(k.name for k in self.keys))
        object.__setattr__(self, "allowed", frozenset(self.names))
        object.__setattr__(self, "needed", frozenset(k.name for k in self.keys if k.required))
        object.__setattr__(self, "required", tuple(k.name for k in self.keys if k.required))

    def key(self, name: str) -> Key:
        return next(k for k in self.keys if k.name == name)


def one(name: str, of: Section, doc: str) -> Key:
    return Key(name, "mapping", doc, of=of, shape="one")
