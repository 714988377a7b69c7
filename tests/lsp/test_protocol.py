"""`cellseven lsp` driven over stdio by a real LSP client (pygls' LanguageClient)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as t
from session import Session, run, uri

pytest.importorskip("pygls")

STORY = """\
# a pack written for these tests: chapters in their own files, the cast apart
story:
  title: The Night Ferry
  start: dock
  chapters: [dock, crossing]
  variables:
    tickets: 0
    seasick: false
"""
CAST = """\
characters:
  pilot:
    name: Captain Seo
    role: the ferry's pilot
    bio: Forty winters on the same crossing.
    facts:
      scar: He lost a finger to a mooring rope.
  boy:
    name: Jun
    role: a stowaway
evidence:
  stub: {name: A torn ticket stub, description: Half of a ticket for the last ferry.}
"""
DOCK = """\
chapters:
  dock:
    title: The Dock
    period: "1989"
    start: pier
    scenes:
      pier:
        place: Pier nine
        text: |
          Fog over the water. A boy waits by the rail.
          The horn sounds twice.
        lines:
          - boy: "Is this the last one?"
        choices:
          - label: Buy a ticket
            goto: gangway
            do:
              - add: {tickets: 1}
              - evidence: stub
          - label: Slip aboard
            goto: gangway
            if: tickets == 0
      gangway:
        text: The gangway shakes underfoot.
        next: deck
"""
CROSSING = """\
chapters:
  crossing:
    title: The Crossing
    period: "1989"
    start: deck
    scenes:
      deck:
        text: Black water on both sides.
        lines:
          - pilot: "Hold on to something."
        do:
          - reveal: pilot.scar
          - flag: seasick
        choices:
          - label: Go below
            goto: hold
            if: has stub and not seasick
          - label: Stay on deck
            goto: hold
      hold:
        text: It smells of diesel and oranges.
        end: arrived
"""


def write(root: Path) -> Path:
    pack = root / "ferry"
    (pack / "chapters").mkdir(parents=True)
    (pack / "story.yaml").write_text(STORY)
    (pack / "cast.yaml").write_text(CAST)
    (pack / "chapters" / "dock.yaml").write_text(DOCK)
    (pack / "chapters" / "crossing.yaml").write_text(CROSSING)
    return pack


def test_diagnostics_from_the_unsaved_buffer_located_then_cleared(tmp_path: Path) -> None:
    pack = write(tmp_path)
    path = pack / "chapters" / "dock.yaml"

    async def go() -> None:
        async with Session(tmp_path) as s:
            doc = s.open(path)
            assert await s.wait_for(doc, lambda d: d == []) == []
            broken = DOCK.replace("next: deck", "next: dekc")  # never saved to disk
            s.change(doc, broken)
            found = await s.wait_for(doc, lambda d: bool(d))
            (diag,) = found
            assert diag.code == "CS101"
            assert diag.severity == t.DiagnosticSeverity.Error
            assert "`dekc`" in diag.message and "did you mean `deck`" in diag.message
            line = broken.split("\n").index("        next: dekc")
            assert diag.range == t.Range(t.Position(line, 14), t.Position(line, 18))
            s.change(doc, DOCK)
            assert await s.wait_for(doc, lambda d: d == []) == []

    run(go())
    assert "dekc" not in path.read_text()


def test_diagnostics_match_validate_words_in_other_files(tmp_path: Path) -> None:
    """An edit in one file (a character removed) is reported where the uses are."""
    from cellseven_game.engine.compile.loader import check_pack

    pack = write(tmp_path)
    cast = pack / "cast.yaml"
    without_boy = CAST.replace("  boy:\n    name: Jun\n    role: a stowaway\n", "")

    async def go() -> list[t.Diagnostic]:
        async with Session(tmp_path) as s:
            doc = s.open(cast)
            await s.wait_for(doc, lambda d: d == [])
            s.change(doc, without_boy)
            dock = uri(pack / "chapters" / "dock.yaml")
            return await s.wait_for(dock, lambda d: bool(d))

    found = run(go())
    cast.write_text(without_boy)
    expected = [p for p in check_pack(pack).problems if p.path.endswith("dock.yaml")]
    assert [(d.code, d.message, d.range.start.line + 1) for d in found] == [
        (p.code, p.message, p.line) for p in expected
    ]
    assert found[0].code == "CS103"


def test_completion_at_a_goto_and_a_speaker(tmp_path: Path) -> None:
    pack = write(tmp_path)
    path = pack / "chapters" / "crossing.yaml"

    async def go() -> tuple[t.CompletionList, t.CompletionList, t.CompletionList]:
        async with Session(tmp_path) as s:
            typing = CROSSING.replace(
                "            goto: hold\n            if:", "            goto: ga\n            if:"
            )
            doc = s.open(path, typing)
            line = typing.split("\n").index("            goto: ga")
            scenes = await s.client.text_document_completion_async(
                t.CompletionParams(**s.at(doc, line, 20))
            )
            speaker = typing.split("\n").index('          - pilot: "Hold on to something."')
            people = await s.client.text_document_completion_async(
                t.CompletionParams(**s.at(doc, speaker, 12))
            )
            after = typing.split("\n").index("        text: It smells of diesel and oranges.")
            typing = typing.replace("        end: arrived", "        next: ")
            s.change(doc, typing)
            every = await s.client.text_document_completion_async(
                t.CompletionParams(**s.at(doc, after + 1, 14))
            )
            assert sorted(i.label for i in every.items) == ["deck", "gangway", "hold", "pier"]
            cond = typing.split("\n").index("            if: has stub and not seasick")
            evidence = await s.client.text_document_completion_async(
                t.CompletionParams(**s.at(doc, cond, 24))
            )
            return scenes, people, evidence

    scenes, people, evidence = run(go())
    assert isinstance(scenes, t.CompletionList)
    (item,) = scenes.items  # only the scenes that start with what is typed
    assert item.label == "gangway"
    assert item.detail == "The gangway shakes underfoot."
    assert item.text_edit.range.start.character == 18  # replaces the typed `ga`
    assert {item.label: item.detail for item in people.items} == {
        "pilot": "Captain Seo (the ferry's pilot)",
        "boy": "Jun (a stowaway)",
    }
    assert [item.label for item in evidence.items] == ["stub"]


def test_definition_references_and_hover_across_files(tmp_path: Path) -> None:
    pack = write(tmp_path)
    dock, crossing = pack / "chapters" / "dock.yaml", pack / "chapters" / "crossing.yaml"

    async def go() -> tuple[object, ...]:
        async with Session(tmp_path) as s:
            doc = s.open(dock)
            line = DOCK.split("\n").index("        next: deck")
            where = await s.client.text_document_definition_async(
                t.DefinitionParams(**s.at(doc, line, 15))
            )
            refs = await s.client.text_document_references_async(
                t.ReferenceParams(
                    context=t.ReferenceContext(include_declaration=True), **s.at(doc, line, 15)
                )
            )
            speaker = DOCK.split("\n").index('          - boy: "Is this the last one?"')
            who = await s.client.text_document_definition_async(
                t.DefinitionParams(**s.at(doc, speaker, 12))
            )
            hover = await s.client.text_document_hover_async(
                t.HoverParams(**s.at(doc, speaker, 12))
            )
            symbols = await s.client.text_document_document_symbol_async(
                t.DocumentSymbolParams(t.TextDocumentIdentifier(doc))
            )
            return where, refs, who, hover, symbols

    where, refs, who, hover, symbols = run(go())
    deck_line = CROSSING.split("\n").index("      deck:")
    assert [(loc.uri, loc.range.start.line, loc.range.start.character) for loc in where] == [
        (uri(crossing), deck_line, 6)
    ]
    assert sorted((loc.uri.rsplit("/", 1)[1], loc.range.start.line) for loc in refs) == [
        ("crossing.yaml", CROSSING.split("\n").index("    start: deck")),
        ("crossing.yaml", deck_line),
        ("dock.yaml", DOCK.split("\n").index("        next: deck")),
    ]
    assert [(loc.uri.rsplit("/", 1)[1], loc.range.start.line) for loc in who] == [("cast.yaml", 7)]
    assert "Jun" in hover.contents.value and "a stowaway" in hover.contents.value
    assert [(s.name, [c.name for c in s.children]) for s in symbols] == [
        ("dock", ["pier", "gangway"])
    ]


def test_rename_a_scene_in_every_file_and_in_renamed(tmp_path: Path) -> None:
    pack = write(tmp_path)
    crossing = pack / "chapters" / "crossing.yaml"

    async def go() -> t.WorkspaceEdit:
        async with Session(tmp_path) as s:
            doc = s.open(crossing)
            line = CROSSING.split("\n").index("      deck:")
            edit = await s.client.text_document_rename_async(
                t.RenameParams(new_name="upper_deck", **s.at(doc, line, 8))
            )
            assert edit is not None
            return edit

    edit = run(go())
    assert edit.changes is not None
    by_file = {key.rsplit("/", 1)[1]: edits for key, edits in edit.changes.items()}
    assert set(by_file) == {"crossing.yaml", "dock.yaml", "story.yaml"}
    # Apply the edits and check the pack: the same story, with the scene renamed.
    for key, edits in edit.changes.items():
        path = next(p for p in pack.rglob("*.yaml") if uri(p) == key)
        rows = path.read_text().split("\n")
        for e in sorted(
            edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
        ):
            row = rows[e.range.start.line]
            rows[e.range.start.line] = (
                row[: e.range.start.character] + e.new_text + row[e.range.end.character :]
            )
        path.write_text("\n".join(rows).replace("\r", ""))
    from cellseven_game.engine.compile.loader import load_story

    story = load_story(pack)
    assert "upper_deck" in story.scenes and "deck" not in story.scenes
    assert story.renamed == {"deck": "upper_deck"}
    assert story.scenes["gangway"].next == "upper_deck"


def test_hover_on_a_problem_explains_its_code_from_the_registry(tmp_path: Path) -> None:
    """The hover over a diagnostic gives the registry's title, explanation and example."""
    pack = write(tmp_path)
    path = pack / "chapters" / "dock.yaml"
    broken = DOCK.replace("        next: deck", "        nxet: deck")
    line = broken.split("\n").index("        nxet: deck")

    async def go() -> tuple[list[t.Diagnostic], t.Hover | None]:
        async with Session(tmp_path) as s:
            doc = s.open(path)
            await s.wait_for(doc, lambda d: d == [])
            s.change(doc, broken)
            found = await s.wait_for(doc, lambda d: bool(d))
            hover = await s.client.text_document_hover_async(t.HoverParams(**s.at(doc, line, 9)))
            return found, hover

    found, hover = run(go())
    assert [d.code for d in found] == ["CS003"]
    assert hover is not None
    shown = hover.contents.value
    assert shown.startswith("**CS003** (error): unknown key `nxet`")
    assert "CS003: unknown key (error)" in shown  # the registry's title...
    assert "lists the allowed keys" in shown  # ...its explanation...
    assert "        nxt: b" in shown  # ...and its example, as a Markdown code block


def test_a_control_character_in_the_pack_never_reaches_the_editor_raw(tmp_path: Path) -> None:
    """Neovim and others show diagnostics on a terminal: ESC, BEL and C1 arrive escaped."""
    pack = write(tmp_path)
    path = pack / "chapters" / "dock.yaml"

    async def go() -> str:
        async with Session(tmp_path) as s:
            doc = s.open(path)
            await s.wait_for(doc, lambda d: d == [])
            s.change(doc, DOCK.replace("next: deck", 'next: "de\\e]2;x\\ack\\x9b2J"'))
            found = await s.wait_for(doc, lambda d: bool(d))
            return " ".join(d.message for d in found)

    message = run(go())
    assert "\x1b" not in message and "\x07" not in message and "\x9b" not in message, message
    assert "\\x1b" in message  # shown, not dropped
