"""How a checked story becomes plain values for the story cache, and back.

`marshal` stores only plain values (nothing in it can run code), so every dataclass of the
model is written as a list `[class index, *fields]`. The codec's `shape` (the classes, their
fields, the format and the version) salts the cache key, so a cache written by any other
shape of the model is never read back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cellseven_game import __version__
from cellseven_game.engine.compile.sealed import blake2b
from cellseven_game.engine.core import model, trial_model
from cellseven_game.engine.core.errors import Problem
from cellseven_game.engine.core.frozen import fields, is_frozen

# 4: a `set` of a number to itself plus a constant is built as an `add` (a cache written
# before holds the `set`, which plays alike but proves less: read again)
FORMAT = 4


def _classes() -> list[type[Any]]:
    """Every dataclass a checked story can hold: the story model's and the trials'."""
    found: list[type[Any]] = [Problem]
    for module in (model, trial_model):
        for value in vars(module).values():
            if isinstance(value, type) and is_frozen(value) and value.__module__ == module.__name__:
                found.append(value)
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


_LEAF_TYPES = ("str", "int", "bool", "float", "None", "Value", "Literal", "Severity", "Status")
_SHARED = (model.SetVar, model.AddVar, model.AddEvidence, model.Meet, model.Reveal)


def _is_leaf(annotation: str) -> bool:
    """Whether a field holds only plain values (marshal restores those by itself)."""
    words = annotation.replace("|", " ").replace("[", " ").replace("]", " ").replace(",", " ")
    return all(
        w.startswith(_LEAF_TYPES) or w[0] in "\"'" or w in ("tuple", "...") for w in words.split()
    )


class _Codec:
    """Dataclasses <-> nested lists; a list is always [class index, *fields].

    Decoding is the warm load's whole cost, so it walks only fields that hold objects,
    and builds each distinct effect once (they repeat by the thousand and never change).
    """

    def __init__(self) -> None:
        self.classes: list[type[Any]] = [model.Where, model.Line, *_classes()]
        self.index = {cls: i for i, cls in enumerate(self.classes)}
        self.fields: list[tuple[str, ...]] = []
        self.walk: list[tuple[bool, ...]] = []
        for cls in self.classes:
            if is_frozen(cls):
                every = fields(cls)
                self.fields.append(tuple(f.name for f in every))
                self.walk.append(tuple(not _is_leaf(f.type) for f in every))
            else:  # a NamedTuple of plain values
                self.fields.append(tuple(cls._fields))
                self.walk.append(tuple(False for _ in cls._fields))
        self.shared = {self.index[cls] for cls in _SHARED}
        self.scene_index = self.index[model.Scene]
        # The hand-written decoders below follow this field order; a change must show.
        assert self.fields[self.scene_index] == self.SCENE_FIELDS
        assert self.fields[self.index[model.Choice]] == self.CHOICE_FIELDS
        shape = repr(
            [
                (c.__qualname__, n, w)
                for c, n, w in zip(self.classes, self.fields, self.walk, strict=True)
            ]
        )
        self.shape = blake2b(f"{FORMAT}:{__version__}:{shape}".encode()).hexdigest()

    def encode(self, value: Any) -> Any:
        kind = type(value)
        if kind in (str, int, float, bool) or value is None:
            return value
        index = self.index.get(kind)
        if index is not None:
            if isinstance(value, tuple):  # a NamedTuple of plain values
                return [index, *value]
            encode = self.encode
            return [
                index,
                *[
                    encode(getattr(value, name)) if walk else getattr(value, name)
                    for name, walk in zip(self.fields[index], self.walk[index], strict=True)
                ],
            ]
        if kind is tuple:
            return tuple(self.encode(v) for v in value)
        if kind is dict:
            return {k: self.encode(v) for k, v in value.items()}
        if isinstance(value, Path):
            return str(value)
        raise TypeError(f"cannot cache a {kind.__name__}")

    def decode(self, value: Any, memo: dict[tuple[Any, ...], Any] | None = None) -> Any:
        memo = {} if memo is None else memo
        kind = type(value)
        if kind is list:
            index = value[0]
            if index == self.scene_index:
                return self._scene(value, memo)
            if index in self.shared:
                return self._shared(value, memo)
            walk = self.walk[index]
            args = [self.decode(v, memo) if w else v for v, w in zip(value[1:], walk, strict=True)]
            return self.classes[index](*args)
        if kind is tuple:
            return tuple([self.decode(v, memo) for v in value])
        if kind is dict:
            return {k: self.decode(v, memo) for k, v in value.items()}
        return value

    def _shared(self, value: list[Any], memo: dict[tuple[Any, ...], Any]) -> Any:
        key = tuple(value)
        found = memo.get(key)
        if found is None:
            found = memo[key] = self.classes[value[0]](*value[1:])
        return found

    # Scenes and their choices are nine in ten objects of a story: decoded field by field.
    SCENE_FIELDS = (
        "id", "chapter", "place", "text", "lines", "effects", "choices", "next", "end",
        "beats", "trial", "where", "period",
    )  # fmt: skip
    CHOICE_FIELDS = ("id", "label", "goto", "condition", "when_false", "once", "effects", "where")

    def _scene(self, v: list[Any], memo: dict[tuple[Any, ...], Any]) -> model.Scene:
        shared, choice = self._shared, self._choice
        return model.Scene(
            v[1],
            v[2],
            v[3],
            v[4],
            tuple([model.Line(*line[1:]) for line in v[5]]),
            tuple([shared(e, memo) for e in v[6]]),
            tuple([choice(c, memo) for c in v[7]]),
            v[8],
            v[9],
            v[10],
            v[11],
            model.Where(*v[12][1:]),
            v[13],
        )

    def _choice(self, v: list[Any], memo: dict[tuple[Any, ...], Any]) -> model.Choice:
        shared = self._shared
        return model.Choice(
            v[1],
            v[2],
            v[3],
            v[4],
            v[5],
            v[6],
            tuple([shared(e, memo) for e in v[7]]),
            model.Where(*v[8][1:]),
        )


_codec: _Codec | None = None


def codec() -> _Codec:
    global _codec
    if _codec is None:
        _codec = _Codec()
    return _codec
