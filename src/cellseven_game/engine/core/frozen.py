"""`@frozen`: `@dataclass(frozen=True, slots=True)` for classes every command builds at start.

`@dataclass(frozen=True)` compiles six methods a class from generated source (`__init__`,
`__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`): 1.5 ms for `Scene` alone,
most of what importing the model costs a cold `validate`. Here only `__init__` is compiled
(a load builds tens of thousands of objects: it must be plain fast code); the others do the
same work from the fields, made once here without compiling anything.

What `@frozen` makes is a real slotted dataclass (`dataclasses` itself reads the fields,
checks the defaults and makes the slots): `dataclasses.fields`, `replace` and `is_dataclass`
work as ever. Assigning or deleting a field raises `dataclasses.FrozenInstanceError`, with
the same words; equality, hashing and repr are those of `@dataclass` (same fields, same
order, same results); pickling and copying work. Not supported, refused when seen: a class
that writes its own `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` or
`__delattr__`, and keyword-only fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

__all__ = ["frozen"]

T = TypeVar("T")

_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
_set = object.__setattr__


def _key(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """The named fields' values as one tuple (what `@dataclass` compares and hashes)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:  # attrgetter of one name gives the value itself, not a 1-tuple
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _init(cls: type[Any], every: tuple[Field[Any], ...]) -> Callable[..., None]:
    """`__init__` as `@dataclass(frozen=True)` writes it: each argument set through
    `object.__setattr__`, a default factory called when its argument is not given, fields
    without `init` set from their default, then `__post_init__`."""
    space: dict[str, Any] = {"__set": _set, "__factory": _HAS_FACTORY}
    params, body = ["self"], []
    for f in every:
        if f.kw_only is True:
            raise TypeError(f"@frozen class {cls.__qualname__}: keyword-only field {f.name}")
        name = f.name
        if f.default_factory is not MISSING:
            space[f"__factory_{name}"] = f.default_factory
            param = f"{name}=__factory"
            value = f"__factory_{name}() if {name} is __factory else {name}"
            if not f.init:
                value = f"__factory_{name}()"
        elif f.default is not MISSING:
            space[f"__default_{name}"] = f.default
            param = f"{name}=__default_{name}"
            value = name if f.init else f"__default_{name}"
        elif f.init:
            param = value = name
        else:
            continue  # no argument, no default: __post_init__ sets it
        if f.init:
            params.append(param)
        body.append(f"    __set(self, {name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__({', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, space)  # our own text, made of the class's field names
    made: Callable[..., None] = space["__init__"]
    return made


class _HasFactory:
    """The default of an argument whose field has a default factory (as in `dataclasses`)."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _HasFactory()


def _methods(cls: type[Any], every: tuple[Field[Any], ...]) -> dict[str, Any]:
    key = _key(tuple(f.name for f in every if f.compare))
    hash_key = _key(tuple(f.name for f in every if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in every if f.repr)
    names = frozenset(f.name for f in every)

    def __eq__(self: object, other: object) -> bool:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    def __hash__(self: object) -> int:
        return hash(hash_key(self))

    def __repr__(self: object) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    def __setattr__(self: object, name: str, value: object) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: object, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    def __getstate__(self: object) -> list[Any]:  # pickling and copy (slots, no __dict__)
        return [getattr(self, f.name) for f in every]

    def __setstate__(self: object, state: list[Any]) -> None:
        for f, value in zip(every, state, strict=True):
            _set(self, f.name, value)

    return {
        "__init__": _init(cls, every),
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__repr__": __repr__,
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
        "__getstate__": __getstate__,
        "__setstate__": __setstate__,
    }


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def frozen(cls: type[T]) -> type[T]:
    """The class as `@dataclass(frozen=True, slots=True)` makes it, built ~5x cheaper."""
    for name in _OWN:
        if name in cls.__dict__:  # `@dataclass` would keep it or refuse: say so, never guess
            raise TypeError(f"@frozen class {cls.__qualname__} defines {name}")
    if not cls.__doc__:  # else `dataclass` writes one from `inspect.signature` (~0.2 ms)
        cls.__doc__ = f"{cls.__name__}({', '.join(cls.__annotations__)})"
    # Fields, defaults checked, slots, __match_args__; no method compiled.
    made: type[Any] = dataclass(init=False, repr=False, eq=False, slots=True)(cls)
    for name, method in _methods(made, fields(made)).items():
        method.__qualname__ = f"{made.__qualname__}.{name}"
        setattr(made, name, method)
    return made
