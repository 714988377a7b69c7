"""`@frozen` makes what `@dataclass(frozen=True, slots=True)` makes: each class is written
twice, once with each, and every way the engine (or pickle, copy, dataclasses) uses one is
compared."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from cellseven_game.engine.core import model, trial_model
from cellseven_game.engine.core.frozen import field as ours_field
from cellseven_game.engine.core.frozen import fields, frozen, is_frozen, replace


def pair(body: dict[str, Any], annotations: dict[str, str], doc: str | None = None) -> list[Any]:
    made = []
    for decorate in (dataclass(frozen=True, slots=True), frozen):
        namespace = {**body, "__annotations__": dict(annotations), "__module__": __name__}
        if doc is not None:
            namespace["__doc__"] = doc
        made.append(decorate(type("Thing", (), namespace)))  # type: ignore[operator]
    return made


FLOAT_NAN = float("nan")


def plain() -> list[Any]:
    return pair({"b": 2, "c": field(default_factory=list)}, {"a": "str", "b": "int", "c": "list"})


def test_construction_defaults_and_factories_alike() -> None:
    for cls in plain():
        assert (cls("x").a, cls("x").b, cls("x").c) == ("x", 2, [])
        assert cls("x").c is not cls("x").c  # a new list each time
        assert cls("x", 3, [1]).c == [1]
        assert cls(a="y", c=[2]).c == [2]
        with pytest.raises(TypeError):
            cls()
        with pytest.raises(TypeError):
            cls("x", 1, [], 4)
    ours, theirs = plain()
    assert ours.__match_args__ == theirs.__match_args__ == ("a", "b", "c")
    assert ours.__slots__ == theirs.__slots__
    assert not hasattr(ours("x"), "__dict__")


@pytest.mark.parametrize("values", [("x",), ("x", 3, [1]), ("", 0, [FLOAT_NAN])])
def test_equality_hash_and_repr_alike(values: tuple[Any, ...]) -> None:
    theirs, ours = pair({"b": 2, "c": ()}, {"a": "str", "b": "int", "c": "tuple"})
    values = values[:2] + tuple(tuple(v) for v in values[2:])
    a, b = theirs(*values), ours(*values)
    assert repr(a) == repr(b).replace(ours.__qualname__, theirs.__qualname__)
    assert hash(a) == hash(b)
    assert (ours(*values) == b) is (theirs(*values) == a) is True
    assert (b == ours("other")) is (a == theirs("other")) is False
    assert b != a  # another class is never equal, as with @dataclass
    assert b.__eq__(a) is NotImplemented


def test_one_field_and_excluded_fields_alike() -> None:
    for cls in pair({}, {"only": "float"}):
        # One field is still compared as a 1-tuple: the same NaN object equals itself.
        assert cls(FLOAT_NAN) == cls(FLOAT_NAN)
        assert hash(cls(1.5)) == hash((1.5,))
    theirs, ours = pair(
        {
            "hidden": field(default=0, repr=False, compare=False),
            "__post_init__": lambda self: object.__setattr__(self, "derived", self.a * 2),
            "derived": field(init=False, default=0, compare=False),
        },
        {"a": "int", "hidden": "int", "derived": "int"},
    )
    for cls in (theirs, ours):
        assert cls(1).derived == 2  # init=False: set by __post_init__
        assert cls(1, hidden=5) == cls(1, hidden=6)
        assert hash(cls(1, hidden=5)) == hash(cls(1, hidden=6)) == hash((1,))
        assert repr(cls(1, 5)).endswith("(a=1, derived=2)")


def test_frozen_alike() -> None:
    for cls in plain():
        thing = cls("x")
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'a'"):
            thing.a = "y"
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'b'"):
            del thing.b
    # Another attribute: refused too (Python 3.11's @dataclass raises TypeError there, its
    # __setattr__ naming the class before slots replaced it; @frozen names the right one).
    thing = plain()[1]("x")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'other'"):
        thing.other = 1


def test_dataclasses_pickle_and_copy_work() -> None:
    for cls in plain():
        globals()["Thing"] = cls  # pickle finds a class by its module and name
        thing = cls("x", 3, [1])
        assert dataclasses.is_dataclass(cls)
        assert [f.name for f in dataclasses.fields(cls)] == ["a", "b", "c"]
        assert dataclasses.replace(thing, b=4) == cls("x", 4, [1])
        assert pickle.loads(pickle.dumps(thing)) == thing
        assert copy.copy(thing) == thing
        assert copy.deepcopy(thing) == thing


def test_what_frozen_cannot_do_is_refused() -> None:
    for own in ("__eq__", "__repr__", "__init__", "__setattr__"):
        with pytest.raises(TypeError, match=own):
            frozen(type("Bad", (), {own: lambda self: None, "__annotations__": {"a": "int"}}))
    with pytest.raises(TypeError, match="keyword-only"):
        frozen(type("Bad", (), {"__annotations__": {"a": "int"}, "a": field(kw_only=True)}))


def test_the_model_classes_are_frozen_dataclasses() -> None:
    classes = [
        v
        for module in (model, trial_model)
        for v in vars(module).values()
        if isinstance(v, type) and dataclasses.is_dataclass(v) and v.__module__ == module.__name__
    ]
    assert model.Scene in classes and trial_model.Progress in classes
    scene = model.Scene("a", "ch", choices=(model.Choice("c", "Go", "b"),))
    assert scene == model.Scene("a", "ch", choices=(model.Choice("c", "Go", "b"),))
    assert hash(scene) == hash(dataclasses.replace(scene))
    assert repr(model.Meet("ana")) == "Meet(character='ana')"
    with pytest.raises(dataclasses.FrozenInstanceError):
        scene.text = "changed"  # type: ignore[misc]
    stories = [model.Story(Path("."), "T", "c", (), {}, {}, {}, {}, {}) for _ in range(2)]
    assert stories[0] == stories[1]
    assert stories[0].trials == {} and stories[0].trials is not stories[1].trials


def test_our_fields_and_replace_agree_with_dataclasses() -> None:
    theirs, ours = plain()
    assert [f.name for f in fields(ours)] == [f.name for f in dataclasses.fields(theirs)]
    assert [f.type for f in fields(ours)] == ["str", "int", "list"]
    assert is_frozen(ours) and is_frozen(ours("x")) and not is_frozen(theirs)
    assert replace(ours("x", 3, [1]), b=4) == ours("x", 4, [1])
    with pytest.raises(TypeError):
        fields(theirs)  # a dataclass is not @frozen: our fields are not there to read
    derived = frozen(
        type(
            "Derived",
            (),
            {
                "__annotations__": {"a": "int", "twice": "int"},
                "__post_init__": lambda self: object.__setattr__(self, "twice", self.a * 2),
                "twice": ours_field(init=False, default=0),
            },
        )
    )
    assert replace(derived(2), a=3).twice == 6
    with pytest.raises(ValueError, match="twice"):
        replace(derived(2), twice=1)  # as dataclasses.replace: an init=False field


def test_what_dataclass_refuses_frozen_refuses() -> None:
    cases: list[tuple[dict[str, Any], dict[str, str]]] = [
        ({"a": []}, {"a": "list"}),  # a mutable default
        ({"a": 1}, {"a": "int", "b": "int"}),  # no default after a default
    ]
    for body, written in cases:
        for decorate in (dataclass(frozen=True, slots=True), frozen):
            namespace = {**body, "__annotations__": dict(written)}
            with pytest.raises((TypeError, ValueError)):
                decorate(type("Bad", (), namespace))  # type: ignore[operator]
    with pytest.raises(TypeError, match="ClassVar"):
        frozen(type("Bad", (), {"__annotations__": {"a": "ClassVar[int]"}}))
    base = frozen(type("Base", (), {"__annotations__": {"a": "int"}}))
    with pytest.raises(TypeError, match="base class"):
        frozen(type("Bad", (base,), {"__annotations__": {"b": "int"}}))


def test_making_and_using_the_model_never_imports_dataclasses() -> None:
    """The point of @frozen: `dataclasses` (and the `inspect` it imports) is imported only
    when something asks what only it knows, here `dataclasses.fields` at the end."""
    probe = (
        "import sys\n"
        "from cellseven_game.engine.core import model, trial_model, errors\n"
        "from cellseven_game.engine.core.frozen import replace\n"
        "scene = model.Scene('a', 'ch', choices=(model.Choice('c', 'Go', 'b'),))\n"
        "again = replace(scene, text='t')\n"
        "print(hash(scene) != 0, again.text, {'dataclasses', 'inspect'} & set(sys.modules))\n"
        "try:\n"
        "    scene.text = 'x'\n"
        "except AttributeError as exc:\n"
        "    print(type(exc).__module__, type(exc).__name__, exc)\n"
        "import dataclasses\n"
        "print([f.name for f in dataclasses.fields(model.Meet)], dataclasses.is_dataclass(scene))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines() == [
        "True t set()",
        "dataclasses FrozenInstanceError cannot assign to field 'text'",
        "['character'] True",
    ]


def test_the_first_instance_behaves_as_every_other() -> None:
    """`__init__` is compiled when the class is first made an instance of (start-up): the
    first call, right or wrong, does what every later one does."""
    for wrong in ((), ("x", 1, [], 4), ("x",)):
        theirs, ours = plain()
        if wrong == ("x",):
            assert ours(*wrong) == ours("x", 2, []) and theirs(*wrong) == theirs("x", 2, [])
            continue
        for cls in (theirs, ours):
            with pytest.raises(TypeError):
                cls(*wrong)
            assert cls("y", 5).b == 5  # and then as ever
    ours = plain()[1]
    first = ours.__init__
    ours("x")
    assert ours.__init__ is not first  # compiled once, then called directly
    assert ours.__init__.__qualname__ == "Thing.__init__"
