"""The editor's index of ids agrees with the checker, and the loader reads unsaved texts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cellseven_game.engine.compile.loader import check_pack, read_nodes
from cellseven_game.engine.compile.yamlnodes import parse
from cellseven_game.lsp.context import kind_at
from cellseven_game.lsp.packs import Pack, find_pack
from cellseven_game.paths import bundled_story


def test_index_knows_every_id_the_bundled_story_defines_and_uses() -> None:
    root = bundled_story()
    pack = Pack(root.resolve())
    result = pack.check({})
    story = result.story
    assert story is not None
    defs = pack.definitions()
    for kind, known in [
        ("scene", story.scenes),
        ("chapter", story.chapters),
        ("character", story.characters),
        ("evidence", story.evidence),
        ("variable", story.variables),
        ("trial", story.trials),
    ]:
        assert {ident for k, ident in defs if k == kind} == set(known), kind
    facts = {f"{c.id}.{f}" for c in story.characters.values() for f, _ in c.facts}
    assert {ident for k, ident in defs if k == "fact"} == facts
    # Every use the index found names something defined: no reference is misread.
    uses = [e for e in pack.entries() if not e.defines]
    assert len(uses) > 1000
    assert [e for e in uses if (e.kind, e.ident) not in defs] == []
    # ... and the scenes used by goto/next are all found (the checker's own view).
    gotos = {c.goto for s in story.scenes.values() for c in s.choices}
    gotos |= {s.next for s in story.scenes.values() if s.next}
    assert gotos <= {e.ident for e in uses if e.kind == "scene"}


def test_a_source_reads_an_unsaved_text_instead_of_the_file(
    example_pack: Path, example_text: str
) -> None:
    pack, example = example_pack, example_text
    assert check_pack(pack).problems == []
    unsaved = example.replace("goto: bakery\n", "goto: bakeri\n", 1)

    def source(path: Path, shown: str, problems: list) -> object:
        if path.name == "story.yaml":
            return parse(unsaved, shown, problems)
        return read_nodes(path, shown, problems)

    result = check_pack(pack, source=source)  # type: ignore[arg-type]
    assert [p.code for p in result.problems] == ["CS101"]
    assert result.problems[0].line == unsaved.split("\n").index("            goto: bakeri") + 1
    assert check_pack(pack).problems == []  # the disk was never touched


def test_find_pack_looks_upward_for_story_yaml(tmp_path: Path) -> None:
    (tmp_path / "p" / "a" / "b").mkdir(parents=True)
    (tmp_path / "p" / "story.yaml").write_text("story: {}\n")
    assert find_pack(tmp_path / "p" / "a" / "b" / "x.yaml") == tmp_path / "p"
    assert find_pack(tmp_path / "elsewhere.yaml") is None


def test_completion_kinds_follow_the_key_and_the_condition() -> None:
    cases = {
        "      goto: ba": ("scene", 12),
        "story:\n  start: mo": ("chapter", 9),
        "chapters:\n  one:\n    start: st": ("scene", 11),
        "        lines:\n          - mi": ("character", 12),
        "            if: has ba": ("evidence", 20),
        "            if: courage >= 1 and not ask": ("variable", 37),
        "            if: knows mina.m": ("fact", 22),
        "          - reveal: mina.": ("fact", 20),
        "          - set: {asked_baker: true, cou": ("variable", 37),
        "      entry:\n        evidence: [gl": ("evidence", 19),
        "    verdict:\n      - refuted: [ro": ("claim", 18),
        "          - meet: ": ("character", 18),
        "evidence:": None,
        '          - mina: "I only': None,
        "        text: hello": None,
    }
    for typed, expected in cases.items():
        lines = typed.split("\n")
        assert kind_at(lines, len(lines) - 1, len(lines[-1])) == expected, typed


def test_lsp_without_pygls_says_how_to_install_it() -> None:
    code = (
        "import sys; sys.modules['pygls'] = None\n"
        "from cellseven_game.cli import main\n"
        "sys.exit(main(['lsp']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "pip install 'cellseven[lsp]'" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_expressions_in_effects_are_uses_of_their_variables() -> None:
    from cellseven_game.lsp.index import index_file

    text = (
        "chapters:\n  c:\n    scenes:\n      s:\n        do:\n"
        '          - set: {greeting: "= name + \', hi\'", mood: "calm"}\n'
        '          - add: {score: "bonus * 2"}\n'
    )
    root = parse(text, "x.yaml", [])
    uses = {(e.ident, e.span.line, e.span.col) for e in index_file("x.yaml", text, root).entries}
    row6, row7 = text.split("\n")[5], text.split("\n")[6]
    assert ("name", 6, row6.index("name") + 1) in uses
    assert ("bonus", 7, row7.index("bonus") + 1) in uses
    assert not any(ident == "calm" for ident, _, _ in uses)  # literal text, not a name
