"""`@frozen`: the class `@dataclass(frozen=True, slots=True)` makes, made without `dataclasses`.

Every command builds the model's classes at start, and a cold `validate` of a small pack is
mostly start-up: importing `dataclasses` costs ~10 ms (it imports `inspect`, which imports
`ast`, `dis` and `tokenize`), a tenth of reading 1,000 scenes, and `@dataclass` itself
compiles six methods a class from generated source. Here the fields are read from the
class's own annotations, only `__init__` is compiled (a load builds tens of thousands of
objects: it must be plain fast code), and only when the class is first made an instance
of; the other methods do the same work from the fields, made once here without compiling
anything.

What `@frozen` makes behaves as the dataclass would: `dataclasses.fields`, `replace`,
`asdict` and `is_dataclass` work (the dataclass fields are made, and `dataclasses` imported,
only when one of them first asks); assigning or deleting a field raises
`dataclasses.FrozenInstanceError` with the same words; equality, hashing, repr, slots and
`__match_args__` are those of `@dataclass`; pickling and copying work. The engine's own code
asks this module instead (`fields`, `replace`): no import. Not supported, refused when
seen: a class that writes its own `__init__`, `__repr__`, `__eq__`, `__hash__`,
`__setattr__` or `__delattr__`, a base class with fields, keyword-only fields, `ClassVar`
and `InitVar` annotations. tests/engine/test_frozen.py writes each case both ways and
compares them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

__all__ = ["MISSING", "Field", "field", "fields", "frozen", "replace"]

T = TypeVar("T")

_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
_set = object.__setattr__
_FIELDS = "__frozen_fields__"  # where a @frozen class keeps its fields (a tuple of Field)


class _Missing:
    """No default given (as `dataclasses.MISSING`)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    """One field of a @frozen class: what `field(...)` says of it, and its name and annotation
    once the class is made (the annotation as written: the model's modules postpone them)."""

    __slots__ = ("compare", "default", "default_factory", "hash", "init", "name", "repr", "type")

    def __init__(
        self,
        default: Any,
        default_factory: Any,
        init: bool,
        repr: bool,  # the names `dataclasses.field` gives them
        hash: bool | None,
        compare: bool,
    ) -> None:
        self.default, self.default_factory = default, default_factory
        self.init, self.repr, self.hash, self.compare = init, repr, hash, compare
        self.name = ""
        self.type = ""


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] = MISSING,
    init: bool = True,
    repr: bool = True,  # as `dataclasses.field` names them
    hash: bool | None = None,
    compare: bool = True,
) -> Any:
    """A field's options, as `dataclasses.field` takes them (no keyword-only fields)."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare)


def _from_dataclasses(value: Any) -> Field | None:
    """A `dataclasses.field(...)` written in a @frozen class, as our Field (None if `value`
    is none). Only when `dataclasses` is already imported could the value be one."""
    module = sys.modules.get("dataclasses")
    if module is None or not isinstance(value, module.Field):
        return None
    if value.kw_only is True:
        raise TypeError("keyword-only fields are not supported by @frozen")

    def ours(option: Any) -> Any:
        return MISSING if option is module.MISSING else option

    return Field(
        ours(value.default),
        ours(value.default_factory),
        value.init,
        value.repr,
        value.hash,
        value.compare,
    )


def _fields_of(cls: type[Any]) -> tuple[Field, ...]:
    """The class's fields from its own annotations and defaults, checked as `@dataclass`
    checks them (a mutable default, a field without a default after one with)."""
    made: list[Field] = []
    defaulted = ""
    # The class's own annotations, read as `dataclasses` reads them (not with
    # `inspect.get_annotations`: importing `inspect` is most of what this module spares).
    own = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    for name, annotation in own.items():
        text = str(annotation)
        if text.startswith(("ClassVar", "typing.ClassVar", "InitVar", "dataclasses.InitVar")):
            raise TypeError(f"@frozen class {cls.__qualname__}: {name} is a {text}")
        value = cls.__dict__.get(name, MISSING)
        found = value if isinstance(value, Field) else _from_dataclasses(value)
        if found is None:
            found = Field(value, MISSING, True, True, None, True)
        if found.default is not MISSING and type(found.default).__hash__ is None:
            raise ValueError(
                f"mutable default {type(found.default)} for field {name} is not allowed:"
                " use default_factory"
            )
        found.name, found.type = name, text
        if found.init:
            if found.default is not MISSING or found.default_factory is not MISSING:
                defaulted = defaulted or name
            elif defaulted:
                raise TypeError(f"non-default argument {name!r} follows default argument")
        made.append(found)
    return tuple(made)


def fields(cls_or_instance: Any) -> tuple[Field, ...]:
    """A @frozen class's fields, in order (what `dataclasses.fields` gives, without it)."""
    found: tuple[Field, ...] | None = getattr(cls_or_instance, _FIELDS, None)
    if found is None:
        raise TypeError("must be called with a @frozen class or instance")
    return found


def is_frozen(value: Any) -> bool:
    """Whether `value` is a @frozen class or an instance of one."""
    return hasattr(value, _FIELDS)


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of a @frozen instance with `changes` (as `dataclasses.replace`)."""
    for f in fields(obj):
        if not f.init:
            if f.name in changes:
                raise ValueError(f"field {f.name} is declared with init=False, it cannot be")
            continue
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    made: T = obj.__class__(**changes)
    return made


class _DataclassFields:
    """`__dataclass_fields__`, made the first time anything asks for it (`dataclasses.fields`,
    `replace`, `is_dataclass`, `asdict`): only then is `dataclasses` imported. A dataclass of
    the same fields is made and its fields are kept on the class in place of this."""

    def __get__(self, obj: object, cls: type[Any]) -> dict[str, Any]:
        import dataclasses  # start-up: see the module's docstring

        def theirs(option: Any) -> Any:
            return dataclasses.MISSING if option is MISSING else option

        namespace: dict[str, Any] = {"__annotations__": {}, "__module__": cls.__module__}
        for f in fields(cls):
            namespace["__annotations__"][f.name] = f.type
            namespace[f.name] = dataclasses.field(
                default=theirs(f.default),
                default_factory=theirs(f.default_factory),
                init=f.init,
                repr=f.repr,
                hash=f.hash,
                compare=f.compare,
            )
        shadow: Any = dataclasses.dataclass(frozen=True)(type(cls.__name__, (), namespace))
        made: dict[str, Any] = shadow.__dataclass_fields__
        cls.__dataclass_fields__ = made
        cls.__dataclass_params__ = shadow.__dataclass_params__
        return made


def _frozen_error(message: str) -> AttributeError:
    """`dataclasses.FrozenInstanceError` (imported only now: a mistake, never the usual way)."""
    import dataclasses  # start-up: see the module's docstring

    return dataclasses.FrozenInstanceError(message)


def _key(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """The named fields' values as one tuple (what `@dataclass` compares and hashes)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:  # attrgetter of one name gives the value itself, not a 1-tuple
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


def _init(cls: type[Any], every: tuple[Field, ...]) -> Callable[..., None]:
    """`__init__` as `@dataclass(frozen=True)` writes it: each argument set through
    `object.__setattr__`, a default factory called when its argument is not given, fields
    without `init` set from their default, then `__post_init__`."""
    space: dict[str, Any] = {"__set": _set, "__factory": _HAS_FACTORY}
    params, body = ["self"], []
    for f in every:
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


def _first_init(cls: type[Any], every: tuple[Field, ...]) -> Callable[..., None]:
    """`__init__` compiled when the class is first made an instance of, not when it is
    defined: compiling costs 50-150 µs a class, and a command makes instances of only some
    of the 30-odd classes (a `validate` of a pack without trials, none of the court's)."""

    def __init__(self: object, *args: Any, **kwargs: Any) -> None:
        made = _init(cls, every)
        made.__qualname__ = f"{cls.__qualname__}.__init__"
        type.__setattr__(cls, "__init__", made)  # every later instance calls it directly
        made(self, *args, **kwargs)

    return __init__


class _HasFactory:
    """The default of an argument whose field has a default factory (as in `dataclasses`)."""

    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _HasFactory()


def _methods(cls: type[Any], every: tuple[Field, ...]) -> dict[str, Any]:
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
            raise _frozen_error(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: object, name: str) -> None:
        if type(self) is cls or name in names:
            raise _frozen_error(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    def __getstate__(self: object) -> list[Any]:  # pickling and copy (slots, no __dict__)
        return [getattr(self, f.name) for f in every]

    def __setstate__(self: object, state: list[Any]) -> None:
        for f, value in zip(every, state, strict=True):
            _set(self, f.name, value)

    return {
        "__init__": _first_init(cls, every),
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
    """The class as `@dataclass(frozen=True, slots=True)` makes it, without `dataclasses`."""
    for name in _OWN:
        if name in cls.__dict__:  # `@dataclass` would keep it or refuse: say so, never guess
            raise TypeError(f"@frozen class {cls.__qualname__} defines {name}")
    if any(hasattr(b, _FIELDS) or hasattr(b, "__dataclass_fields__") for b in cls.__mro__[1:]):
        raise TypeError(f"@frozen class {cls.__qualname__}: a base class has fields")
    every = _fields_of(cls)
    names = tuple(f.name for f in every)
    # The class made again with slots, as `@dataclass(slots=True)` does: the defaults are
    # class attributes no more (the fields' slots replace them).
    namespace = dict(cls.__dict__)
    for name in (*names, "__dict__", "__weakref__"):
        namespace.pop(name, None)
    namespace["__slots__"] = names
    namespace["__match_args__"] = tuple(f.name for f in every if f.init)
    namespace[_FIELDS] = every
    namespace["__dataclass_fields__"] = _DataclassFields()
    if not namespace.get("__doc__"):  # what `@dataclass` writes, less the annotations' types
        namespace["__doc__"] = f"{cls.__name__}({', '.join(names)})"
    made: type[Any] = type(cls)(cls.__name__, cls.__bases__, namespace)  # type: ignore[misc]
    made.__qualname__ = cls.__qualname__
    for name, method in _methods(made, every).items():
        method.__qualname__ = f"{made.__qualname__}.{name}"
        setattr(made, name, method)
    return made
