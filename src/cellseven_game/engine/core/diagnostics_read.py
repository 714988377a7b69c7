"""The diagnostics of reading a pack's files and values: CS001 to CS011.

Data only: each code once, with its severity, title, message template, explanation and a tiny
pack that produces it (`tests/engine/test_diagnostics.py` loads every example). Engine code
names these (`diagnostics.UNKNOWN_KEY`), never the code as text.
"""

from __future__ import annotations

from cellseven_game.engine.core.errors import Diagnostic


def story(scenes: str = "      a: {text: Hello., end: done}\n", head: str = "") -> str:
    """A one-chapter story.yaml around `scenes` (indented six spaces), for the examples."""
    return (
        "story:\n  title: Example\n  start: one\n  chapters: [one]\n"
        + head
        + 'chapters:\n  one:\n    title: One\n    period: "1997"\n    start: a\n    scenes:\n'
        + scenes
    )


YAML_SYNTAX = Diagnostic(
    "CS001",
    "error",
    "YAML syntax",
    "YAML syntax: {problem}{hint}",
    "YAML syntax: the file is not valid YAML (indent with spaces, quote text that contains "
    "`: `, close brackets and quotes)",
    {"story.yaml": story('      a: {text: "Hello, end: done}\n')},
)
UNREADABLE = Diagnostic(
    "CS002",
    "error",
    "a file or folder that cannot be read",
    "{what} cannot be read ({reason}); {fix}",
    "the file or folder cannot be read: not UTF-8, binary, larger than the size limit, "
    "unreadable, a link leading outside the pack, a missing canon file",
    {"story.yaml": story(head="  canon: beats.yaml\n")},
    warning_when="for a folder named like a YAML file, a link to a folder, a pipe",
)
# A folder named like a YAML file (and links to folders, pipes): read around, said once.
NOT_READ = UNREADABLE.as_warning(
    "a folder named like a YAML file; its YAML files are read as part of the pack, but "
    "rename it to avoid confusion",
    {"story.yaml": story(), "old.yaml/notes.yaml": "characters: {}\n"},
)
UNKNOWN_KEY = Diagnostic(
    "CS003",
    "error",
    "unknown key",
    "unknown key `{key}` in {what}{hint}",
    "an unknown key; the message suggests the near miss (`choises` → `choices`) and lists the "
    "allowed keys",
    {"story.yaml": story("      a:\n        text: Hello.\n        end: done\n        nxt: b\n")},
)
WRONG_SHAPE = Diagnostic(
    "CS004",
    "error",
    "a value of the wrong type or shape",
    "{what} must be {expected}, not {found}",
    "a value of the wrong type or shape: a list where a mapping belongs, a line with two "
    "speakers, an effect with two keys, nesting too deep",
    {"story.yaml": story("      a:\n        text: [Hello]\n        end: done\n")},
    warning_when="for an empty file",
)
EMPTY_FILE = WRONG_SHAPE.as_warning(
    "file is empty; give it a section such as `chapters:` or delete it",
    {"story.yaml": story(), "notes.yaml": "# nothing yet\n"},
)
DUPLICATE_KEY = Diagnostic(
    "CS005",
    "error",
    "a key written twice",
    "duplicate key {key!r} (first at line {line}); YAML would silently keep only the last one: "
    "merge or rename them",
    "a key written twice in one mapping; YAML would silently keep only the last one",
    {"story.yaml": story("      a:\n        text: Hello.\n        text: Again.\n        end: x\n")},
)
MISSING_KEY = Diagnostic(
    "CS006",
    "error",
    "a required key is missing",
    "{what} needs `{key}:`",
    "a required key is missing (`title`, `goto`, ...), or the pack has no `story.yaml`",
    {"story.yaml": story().replace("    title: One\n", "")},
)
DEFINED_TWICE = Diagnostic(
    "CS007",
    "error",
    "an id defined twice",
    "{kind} `{ident}` is defined twice (first at {first}); rename one of them",
    "an id defined twice (two scenes, chapters, characters or evidence with the same id, "
    "anywhere in the pack), or listed twice",
    {
        "story.yaml": story().replace("chapters: [one]", "chapters: [one, one]"),
    },
)
YAML_11_VALUE = Diagnostic(
    "CS008",
    "error",
    "YAML read text as something else",
    '{what} `{text}` is read by YAML as {found}, not text; quote it: "{text}"',
    "YAML 1.1 read text as something else: `No` as false, `1.10` as the number 1.1, "
    "`2013-01-23` as a date; quote it",
    {"story.yaml": story().replace("title: One", "title: No")},
)
REFUSED_YAML = Diagnostic(
    "CS009",
    "error",
    "a YAML feature that is refused",
    "YAML tag {tag!r} is not allowed; remove it",
    "YAML features that are refused: aliases (`*name`), merge keys (`<<`) and tags "
    "(`!!python/...`, `!foo`); nothing is ever constructed from a tag",
    {"story.yaml": story().replace("title: One", "title: !shout One")},
)
BAD_ID = Diagnostic(
    "CS010",
    "error",
    "an id with characters an id cannot have",
    "{what} `{text}` is not a valid id; use letters, digits, '_' and '-' only",
    "an id with characters other than letters, digits, `_` and `-`",
    {"story.yaml": story('      a: {text: Hello., next: "the end"}\n')},
)
NUMBER_OUT_OF_RANGE = Diagnostic(
    "CS011",
    "error",
    "a story number out of range",
    "{what} `{shown}` is out of range; story numbers are finite and at most {limit} either way",
    "a story number out of range: larger than 1,000,000,000,000,000 either way, or not finite "
    "(`.inf`, `.nan`); it is reported where it is written, so an `add` can never grow past "
    "what a save can hold",
    {
        "story.yaml": story(
            "      a: {text: Hello., end: done}\n", head="  variables: {score: .inf}\n"
        )
    },
)

CODES = (
    YAML_SYNTAX,
    UNREADABLE,
    UNKNOWN_KEY,
    WRONG_SHAPE,
    DUPLICATE_KEY,
    MISSING_KEY,
    DEFINED_TWICE,
    YAML_11_VALUE,
    REFUSED_YAML,
    BAD_ID,
    NUMBER_OUT_OF_RANGE,
)
VARIANTS = (NOT_READ, EMPTY_FILE)
