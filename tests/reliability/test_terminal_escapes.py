"""No terminal control from a file (or an argument) ever reaches the terminal raw.

A pack fills every string it can with escape sequences — CSI (`ESC [`), OSC (`ESC ]`, window
titles and hyperlinks), C1 controls (U+009B is a one-byte CSI on some terminals), a carriage
return, a backspace, bidirectional overrides and isolates, line and paragraph separators, and
a line break followed by a forged "0 errors, 0 warnings" — in titles, names, labels, prose,
ids, keys, file NAMES, save names and command-line arguments. Every command runs on it in a
real process; its whole output (stdout and stderr) must hold none of those characters, and
no line of it may begin with the forged text.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

# What a hostile string holds, as YAML double-quoted escapes.
YAML_HOSTILE = (
    r"\e[2J\e]0;owned\a\e]8;;http://x.invalid\e\\link\x9b31m\u202eevil\u2066x\u2069"
    r"\u200f\u2028\x08\x7f\r\n0 errors, 0 warnings\e[0m"
)
# The same as Python text, for file names and arguments.
RAW_HOSTILE = "\x1b[31mred\x1b]0;owned\x07\x9b1m\u202eevil\r\n0 errors, 0 warnings"
FORGED = "0 errors, 0 warnings"
BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def raw_controls(text: str) -> list[str]:
    """Characters that act on a terminal: every Cc except line feed and tab, bidi, Zl/Zp."""
    return [
        c
        for c in text
        if (unicodedata.category(c) == "Cc" and c not in "\n\t")
        or ord(c) in BIDI
        or unicodedata.category(c) in ("Zl", "Zp")
    ]


def cellseven(
    *args: str, cwd: Path | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cellseven_game", *args],
        capture_output=True,
        text=True,
        errors="surrogateescape",
        input=stdin,
        timeout=120,
        cwd=cwd,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )


def assert_clean(done: subprocess.CompletedProcess[str], prose: bool = False) -> str:
    """No raw control anywhere; no forged line, except where a story's own prose may break
    lines (a `run` transcript shows scene text and dialogue on the lines their author wrote)."""
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert not raw_controls(output), (sorted(set(raw_controls(output))), output[-2000:])
    for line in output.splitlines() if not prose else done.stderr.splitlines():
        assert not line.lstrip().startswith(FORGED), line
    return output


def hostile_pack(tmp_path: Path) -> Path:
    """The pack `cellseven new` writes, with a hostile string in every text it shows."""
    pack = tmp_path / "pack"
    made = cellseven("new", str(pack))
    assert made.returncode == 0, made.stderr
    h = f'"{YAML_HOSTILE}"'
    edits = {
        "story.yaml": [("title: The Harbour Lantern", f"title: {h}")],
        "characters.yaml": [("name: Sora", f"name: {h}"), ("name: Ilho", f"name: {h}")],
        "evidence.yaml": [("name: The lighthouse logbook", f"name: {h}")],
        "chapters/storm.yaml": [
            ("title: The Storm", f"title: {h}"),
            ('period: "1962"', f"period: {h}"),
            ("place: The quay", f"place: {h}"),
            (
                "label: Follow him up the stairs",
                f"label: {h}\n            id: follow_him_up_the_stairs",
            ),
            ("label: Wait by the harbour wall", f"label: {h}"),
            ('- "The rain drowns out whatever he calls back."', f"- {h}"),
        ],
        "playthroughs.yaml": [
            ("name: let both claims stand", f"name: {h}"),
            ("ending: doubted", "ending: not_this_one"),  # a failing test prints its name
        ],
    }
    for rel, pairs in edits.items():
        path = pack / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (rel, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    # A file whose NAME is hostile (a valid one, so the pack still loads).
    (pack / "chapters" / f"{RAW_HOSTILE.replace('/', '_')}.yaml").write_text(
        "variables:\n  extra_flag: false\n", encoding="utf-8"
    )
    return pack


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return hostile_pack(tmp_path)


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{pack}"],
        ["validate", "{pack}", "--strict"],
        ["chapters", "--story", "{pack}"],
        ["run", "--story", "{pack}", "--choices", "1,1,1"],
        ["run", "--story", "{pack}", "--random", "3"],
        ["run", "--story", "{pack}", "--chapter", "storm", "--choices", "2"],
        ["graph", "{pack}"],
        ["graph", "{pack}", "--format", "dot"],
        ["explore", "{pack}"],
        ["explore", "{pack}", "--coverage"],
        ["test", "{pack}"],
        ["saves", "{pack}"],
        ["saves", "{pack}", "--check"],
    ],
)
def test_every_command_on_a_hostile_pack_prints_no_raw_control(
    pack: Path, home: Path, command: list[str]
) -> None:
    from cellseven_game.engine.compile.loader import load_story
    from cellseven_game.engine.persist import saves as saves_module

    saves = saves_module.saves_dir(load_story(pack))  # the story's own saves
    saves.mkdir(parents=True, exist_ok=True)
    (saves / f"{RAW_HOSTILE.replace('/', '_')}.json").write_text("{not json", encoding="utf-8")
    done = cellseven(*(part.format(pack=pack) for part in command), stdin="1\n1\n1\n")
    output = assert_clean(done, prose=command[0] == "run")
    assert done.returncode in (0, 1), output
    if command[0] in ("chapters", "run", "test"):
        assert "\\x1b" in output, "the hostile text is shown, escaped, not dropped"


def test_a_failing_playthrough_with_a_hostile_name_is_one_line(pack: Path) -> None:
    done = cellseven("test", str(pack))
    output = assert_clean(done)
    assert done.returncode == 1
    (fail,) = [line for line in output.splitlines() if line.startswith("FAIL")]
    assert "playthroughs.yaml:" in fail and "\\n0 errors" in fail


BROKEN_FILES = {
    # an unknown key, a bad id, an unknown reference, a bad type: each echoes what it quotes
    "story.yaml": (
        "story:\n  title: T\n  start: one\n  chapters: [one]\n"
        f'  "{YAML_HOSTILE}": 1\n'
        "chapters:\n  one:\n    title: One\n    period: '1'\n    start: a\n    scenes:\n"
        f'      "{YAML_HOSTILE}": {{text: A, end: done}}\n'
        f'      a: {{text: A, choices: [{{label: Go, goto: "{YAML_HOSTILE}"}}]}}\n'
        f'      b: {{text: B, next: a, do: [{{set: {{"{YAML_HOSTILE}": 1}}}}]}}\n'
    ),
    f"{RAW_HOSTILE.replace('/', '_')}.yaml": "chapters: [unclosed\n",
    "more/\x1b[2J.yaml": "variables:\n  x: {a: 1}\n",
}


def test_validate_of_a_broken_hostile_pack_cannot_forge_its_summary(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    for rel, text in BROKEN_FILES.items():
        (broken / rel).parent.mkdir(parents=True, exist_ok=True)
        (broken / rel).write_text(text, encoding="utf-8")
    os.mkfifo(broken / "\x1b]0;pipe\x07.yaml")  # "not a regular file": its name is quoted
    done = cellseven("validate", str(broken))
    output = assert_clean(done)
    assert done.returncode == 1
    summary = output.strip().splitlines()[-1]
    errors = int(re.search(r"(\d+) errors?", summary).group(1))  # type: ignore[union-attr]
    assert errors >= 4, output
    assert len(re.findall(r"^\S.*: error: .* \[CS\d{3}\]$", output, re.M)) == errors


@pytest.mark.parametrize(
    "args",
    [
        ["validate", f"/nowhere/{RAW_HOSTILE}"],
        ["run", "--story", f"/nowhere/{RAW_HOSTILE}"],
        ["run", "--chapter", RAW_HOSTILE],
        ["graph", "--chapter", RAW_HOSTILE],
        ["run", "--choices", RAW_HOSTILE],
        ["explore", "--max-states", RAW_HOSTILE],
        [RAW_HOSTILE],
    ],
)
def test_a_hostile_argument_is_echoed_escaped(args: list[str]) -> None:
    done = cellseven(*args)
    assert_clean(done)
    assert done.returncode == 2
    assert sum("error" in line for line in done.stderr.splitlines()) == 1, done.stderr


def test_the_helper_escapes_what_it_must_and_keeps_the_rest() -> None:
    from cellseven_game.engine.core.printable import printable

    assert printable("예승 and Yong-gu — ‘ok’ 🎈") == "예승 and Yong-gu — ‘ok’ 🎈"
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert printable("x\ny") == "x\\ny"
    assert printable("x\ny\tz\r", multiline=True) == "x\ny\tz\\r"
    for char in [*map(chr, range(0x20)), "\x7f", "\x85", "\x9b", "\u202e", "\u2066", "\u2028"]:
        assert not raw_controls(printable(f"a{char}b")), repr(char)


def _escaped_set(multiline: bool) -> set[int]:
    """What must be escaped, written out by hand from the module's rule (not its pattern)."""
    codes = {*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0x061C, 0x200E, 0x200F}
    codes |= {*range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0xD800, 0xE000)}
    return codes - {0x0A, 0x09} if multiline else codes


@pytest.mark.parametrize("multiline", [False, True])
def test_every_code_point_is_escaped_exactly_when_it_must_be(multiline: bool) -> None:
    """Every character of the BMP and the astral planes' first and last, alone and inside
    text: changed exactly when it is in the set, whichever way the helper decides (its
    `isprintable` shortcut or its pattern)."""
    from cellseven_game.engine.core.printable import printable

    must = _escaped_set(multiline)
    for code in [*range(0x10000), *range(0x1F000, 0x1F700), *range(0x10FF00, 0x110000)]:
        for text in (f"a{chr(code)}b", f"a{chr(code)}\u00adb"):  # a soft hyphen: Cf, kept
            shown = printable(text, multiline=multiline)
            assert (shown != text) == (code in must), hex(code)
            if code in must:
                assert not raw_controls(shown), hex(code)
