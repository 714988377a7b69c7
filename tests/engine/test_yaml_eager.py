"""Composing eagerly (nodes finished as the composer completes them) gives exactly what
composing carefully and walking gives: the same nodes, values and places, the same problems.

The careful path (`parse(..., eager=False)`) is the reference: it composes, then walks every
node and reports tags, duplicate keys, aliases, depth and unreadable values. The eager path
skips the walk and must hand anything unusual back to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cellseven_game.engine.compile import yamlnodes
from cellseven_game.engine.compile.yamlnodes import MAX_DEPTH, MapNode, Node, ScalarNode, SeqNode
from cellseven_game.engine.core.errors import Problem

ROOT = Path(__file__).resolve().parents[2]


def dump(node: Node | None) -> object:
    """Everything a reader can see of a node, its place included."""
    if node is None:
        return None
    place = (node.path, node.line, node.col)
    if isinstance(node, ScalarNode):
        value = node.value
        return ("s", place, node.tag, node.text, node.plain, type(value).__name__, value)
    if isinstance(node, SeqNode):
        return ("l", place, node.tag, [dump(item) for item in node.items])
    assert isinstance(node, MapNode)
    pairs = [(key, dump(k), dump(v)) for key, (k, v) in node.items.items()]
    return ("m", place, node.tag, pairs, sorted(node.refused))


def both(text: str) -> tuple[tuple[object, list[str]], tuple[object, list[str]]]:
    def one(eager: bool) -> tuple[object, list[str]]:
        problems: list[Problem] = []
        root = yamlnodes.parse(text, "f.yaml", problems, eager=eager)
        return dump(root), [str(p) for p in problems]

    return one(True), one(False)


def nested(levels: int, inner: str = "x") -> str:
    """`levels` flow lists around `inner`: `inner` sits at depth `levels`."""
    return "[" * levels + inner + "]" * levels


CASES = {
    "plain": "a: 1\nb: [yes, ~, 1.10, 2013-01-23, '0x1F', 0x1F]\nc: {d: text}\n",
    "tag on a mapping": "a: !!python/object:os.system {x: 1}\n",
    "tag on a list": "a: !!set [1]\n",
    "unknown scalar tag": "a: !foo bar\nb: 1\n",
    "unreadable int": "a: !!int x\n",
    "unreadable key": "!!int x: 1\n",
    "duplicate key": "a: 1\nb: {c: [1, 2]}\na: 2\n",
    "merge key": "a: {<<: {b: 1}}\n",
    "list as key": "? [a]\n: 1\n",
    "mapping as key": "? {a: 1}\n: 1\n",
    "alias": "a: &x [1]\nb: *x\n",
    "alias in flow": "a: [&x 1, *x]\n",
    "anchor, no alias": "a: &x 1\nb: 'this & that'\n",
    "prose with an ampersand": "a: Tom & Jerry\nb: 'R & D'\nc: [x, y]\n",
    "typed keys": "1: a\ntrue: b\n2013-01-23: c\n~: d\n",
    "root scalar": "just text\n",
    "root number": "12\n",
    "root list": "- a\n- 1\n",
    "empty": "",
    "empty collections": "a: {}\nb: []\n",
    "at the limit": f"a: {nested(MAX_DEPTH - 1)}\n",
    "one past": f"a: {nested(MAX_DEPTH)}\n",
    "two past": f"a: {nested(MAX_DEPTH + 1)}\n",
    "empty at the limit": f"a: {nested(MAX_DEPTH, '')}\n",
    "empty one past": f"a: {nested(MAX_DEPTH + 1, '')}\n",
    "syntax error late": "a: 1\nb: [\n",
    "error inside a duplicate": "a: 1\na: !!int x\n",
    "error inside a refused map": "a: !!omap {b: !!int x}\n",
}


@pytest.mark.parametrize("name", CASES)
def test_case_same_both_ways(name: str) -> None:
    eager, careful = both(CASES[name])
    assert eager == careful


def test_deep_nesting_is_refused_at_its_place() -> None:
    # The depth check must not be skipped by the fast path: one level too deep is CS004.
    (_, problems), _ = both(f"a: {nested(MAX_DEPTH)}\n")
    assert any("[CS004]" in p and p.startswith("f.yaml:1:") for p in problems), problems
    (_, fine), _ = both(f"a: {nested(MAX_DEPTH - 1)}\n")
    assert fine == []


def test_well_formed_file_is_not_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    def walked(*_: object) -> bool:
        raise AssertionError("a well-formed file was walked")

    monkeypatch.setattr(yamlnodes._Walk, "visit", walked)
    problems: list[Problem] = []
    root = yamlnodes.parse(CASES["plain"], "f.yaml", problems)
    assert isinstance(root, MapNode) and problems == []
    assert root.items["b"][1].items[0].value is True  # type: ignore[attr-defined]


def test_prose_with_an_ampersand_is_not_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    def walked(*_: object) -> bool:
        raise AssertionError("a file without an anchor was walked")

    monkeypatch.setattr(yamlnodes._Walk, "visit", walked)
    root = yamlnodes.parse(CASES["prose with an ampersand"], "f.yaml", [])
    assert isinstance(root, MapNode) and root.items["a"][1].value == "Tom & Jerry"


def test_an_alias_is_still_refused_at_its_place() -> None:
    (_, problems), _ = both(CASES["alias in flow"])
    assert [p.split(": ")[0] for p in problems] == ["f.yaml:1:11"], problems


def _files() -> list[Path]:
    found = [
        p
        for folder in ("tests", "story")
        for p in sorted((ROOT / folder).rglob("*"))
        if p.suffix in (".yaml", ".yml") and p.is_file()
    ]
    return [p for p in found if p.stat().st_size < 2_000_000]


def test_every_file_of_ours_same_both_ways() -> None:
    files = _files()
    assert len(files) > 80  # the broken, hostile, benchmark and story packs are all here
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        eager, careful = both(text)
        assert eager == careful, path


SCALARS = ["a", "yes", "No", "~", "1.10", "0x1F", "2013-01-23", "''", "'q'", "<<", "1e3"]
TAGS = ["", "", "", "!!str ", "!!int ", "!!bool ", "!!map ", "!!seq ", "!foo ", "!!set "]


def _flow(draw: st.DrawFn, depth: int) -> str:
    tag = draw(st.sampled_from(TAGS))
    kind = draw(st.sampled_from(["s", "s", "l", "m"] if depth < 6 else ["s"]))
    if kind == "s":
        return tag + draw(st.sampled_from(SCALARS))
    items = [_flow(draw, depth + 1) for _ in range(draw(st.integers(0, 3)))]
    if kind == "l":
        return f"{tag}[{', '.join(items)}]"
    keys = draw(st.lists(st.sampled_from(["k", "j", "1", "yes", "<<", "[a]"]), max_size=3))
    pairs = ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=False))
    return f"{tag}{{{pairs}}}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    return f"top: {_flow(draw, 0)}\nother: {_flow(draw, 0)}\n"


@settings(max_examples=300, deadline=None)
@given(documents())
def test_random_documents_same_both_ways(text: str) -> None:
    eager, careful = both(text)
    assert eager == careful, text
