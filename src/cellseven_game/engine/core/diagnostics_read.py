"""The diagnostics of reading a pack's files and values: CS001 to CS011.

Data only: each code once, with its severity, title, message template, explanation and a tiny
pack that produces it (`tests/engine/test_diagnostics.py` loads every example). Engine code
names these (`diagnostics.UNKNOWN_KEY`), never the code as text.
"""

from __future__ import annotations

from cellseven_game.engine.core.diagnostic_examples import court, story
from cellseven_game.engine.core.errors import Diagnostic, Form

YAML_SYNTAX = Diagnostic(
    "CS001",
    "error",
    "YAML syntax",
    "YAML syntax: {problem}{hint}",
    "YAML syntax: the file is not valid YAML (indent with spaces, quote text that contains "
    "`: `, close brackets and quotes)",
    {"story.yaml": story('      a: {text: "Hello, end: done}\n')},
    forms={
        "character": Form(
            "the character U+{char:04X} is not allowed in YAML text; remove it",
            {"story.yaml": story("      a: {text: Hello.\x07, end: done}\n")},
        ),
        "unexpected": Form(
            "unexpected YAML node",
            needs="a YAML node that is neither text, a list nor a mapping (PyYAML makes none)",
        ),
    },
)
UNREADABLE = Diagnostic(
    "CS002",
    "error",
    "a file or folder that cannot be read",
    "canon file `{name}` not found (looked for {looked})",
    "the file or folder cannot be read: not UTF-8, binary, larger than the size limit, "
    "unreadable, a link leading outside the pack, a missing canon file",
    {"story.yaml": story(head="  canon: beats.yaml\n")},
    warning_when="for a folder named like a YAML file, a link to a folder, a pipe",
    forms={
        "canon_not_file": Form(
            "canon file `{name}` is not a plain file (looked for {looked})",
            {"story.yaml": story(head="  canon: beats\n"), "beats/x.yaml": "characters: {}\n"},
        ),
        "canon_unopenable": Form(
            "canon file `{name}` cannot be opened; check the path",
            needs="a canon path that cannot be resolved (a NUL in it, a loop of links)",
        ),
        "canon_outside": Form(
            "canon file `{name}` is outside the pack, so it was not read; move it into "
            "the pack's folder and name it from there (`canon: canon.yaml`)",
            {"story.yaml": story(head="  canon: ../beats.yaml\n")},
        ),
        "too_large": Form(
            "file is {mib:.1f} MiB, more than the {limit} MiB a story file may be; "
            "split it into several files",
            needs="a story file over the size limit (8 MiB)",
        ),
        "file_access": Form(
            "cannot read this file ({reason}); check its permissions",
            needs="a file the user may not read",
        ),
        "utf16": Form("file is UTF-16 text; save it as UTF-8", needs="a file saved as UTF-16"),
        "binary": Form(
            "this is a binary file, not YAML text; remove it from the pack or rename it",
            {"story.yaml": story(), "logo.yaml": "PNG\0\0"},
        ),
        "not_utf8": Form(
            "file is not UTF-8 text; save it as UTF-8",
            needs="a file in another encoding (Latin-1, say)",
        ),
        "folder_access": Form(
            "cannot read this folder ({reason}); check it", needs="a folder the user may not read"
        ),
        "folders_too_deep": Form(
            "folders nested more than {limit} deep are not read; move their files up",
            {"story.yaml": story(), "a/" * 33 + "deep.yaml": "characters: {}\n"},
        ),
        "link_loop": Form(
            "this link leads nowhere (a loop of links) and was not read; "
            "remove it or copy the file into the pack",
            needs="a link to itself",
        ),
        "link_outside": Form(
            "this link leads outside the pack and was not read; "
            "copy the file into the pack instead",
            needs="a link to a file outside the pack",
        ),
        "too_many_files": Form(
            "{count:,} YAML files; a pack may hold at most {limit:,}: put several chapters "
            "in a file",
            needs="more than 50,000 YAML files in one pack (a test lowers the limit)",
        ),
        "too_many_values": Form(
            "file holds more than {limit:,} values (this is the next one); "
            "split it into several files",
            {"story.yaml": story(), "big.yaml": "x: [" + "0," * 200_001 + "]\n"},
        ),
        "folder_gone": Form(
            "{problem}", needs="the pack's folder removed or replaced while `play --dev` runs"
        ),
    },
)
# A folder named like a YAML file (and links to folders, pipes): read around, said once.
NOT_READ = UNREADABLE.as_warning(
    "a folder named like a YAML file; its YAML files are read as part of the pack, but "
    "rename it to avoid confusion",
    {"story.yaml": story(), "old.yaml/notes.yaml": "characters: {}\n"},
    {
        "folder_link": Form(
            "a link to a folder; links to folders are not followed, so nothing in it was "
            "read; copy its files into the pack instead",
            needs="a link to a folder inside the pack",
        ),
        "not_regular": Form(
            "not a regular file (a pipe, a device or a broken link), so it was "
            "not read; replace it with a plain file or remove it",
            needs="a pipe or a device named like a YAML file",
        ),
    },
)
UNKNOWN_KEY = Diagnostic(
    "CS003",
    "error",
    "unknown key",
    "unknown key `{key}` in {what}{hint}",
    "an unknown key; the message suggests the near miss (`choises` → `choices`) and lists the "
    "allowed keys",
    {"story.yaml": story("      a:\n        text: Hello.\n        end: done\n        nxt: b\n")},
    forms={
        "story_elsewhere": Form(
            "`story:` belongs in the pack's top-level story.yaml; move it there",
            {"story.yaml": story(), "more/story.yaml": "story:\n  title: Again\n"},
        )
    },
)
WRONG_SHAPE = Diagnostic(
    "CS004",
    "error",
    "a value of the wrong type or shape",
    "{what} must be text, not {found}",
    "a value of the wrong type or shape: a list where a mapping belongs, a line with two "
    "speakers, an effect with two keys, nesting too deep",
    {"story.yaml": story("      a:\n        text: [Hello]\n        end: done\n")},
    warning_when="for an empty file",
    forms={
        "mapping": Form(
            "{what} must be a mapping of `key: value`, not {found}",
            {"story.yaml": story("      a: {text: Hello., end: done, do: [evidence]}\n")},
        ),
        "list": Form(
            "{what} must be a list (lines starting with '- '), not {found}",
            {"story.yaml": story("      a: {text: Hello., end: done, lines: Hi.}\n")},
        ),
        "flag": Form(
            "{what} must be true or false, not {found}",
            {
                "story.yaml": story(
                    "      a:\n        text: Hi.\n        choices:\n"
                    "          - {label: Go, goto: a, once: maybe}\n"
                )
            },
        ),
        "value": Form(
            "{what} must be a number, true/false or text, not {found}",
            {"story.yaml": story(head="  variables: {score: [1]}\n")},
        ),
        "number": Form(
            "{what} must be a number, not {found}",
            {
                "story.yaml": story(
                    "      a: {text: Hi., end: x, do: [add: {n: true}]}\n", "  variables: {n: 0}\n"
                )
            },
        ),
        "top_level_list": Form(
            "the top level of a story file must be a mapping of sections ({sections}), not a list",
            {"story.yaml": story(), "list.yaml": "- a\n- b\n"},
        ),
        "top_level_text": Form(
            "the top level of a story file must be a mapping of sections ({sections}), not text",
            {"story.yaml": story(), "text.yaml": "just some words\n"},
        ),
        "colour": Form(
            'colour `{color}` must be written "#rrggbb"',
            {"story.yaml": story() + "characters:\n  gu: {name: Gu, color: red}\n"},
        ),
        "evidence_kind": Form(
            "`kind` must be `item` or `testimony`, not `{kind}`",
            {"story.yaml": story() + "evidence:\n  log: {name: The log, kind: thing}\n"},
        ),
        "effect_keys": Form(
            "an effect is one `key: value`; put each on its own '- ' line",
            {
                "story.yaml": story(
                    "      a: {text: Hi., end: x, do: [{add: {n: 1}, set: {n: 2}}]}\n"
                )
            },
        ),
        "line_keys": Form(
            'a line is one `speaker: "what they say"`; split it into several lines',
            {"story.yaml": story('      a: {text: Hi., end: x, lines: [{a: "Hi.", b: "Yo."}]}\n')},
        ),
        "when_false": Form(
            "`when_false` must be `hide` or `disable`, not `{value}`",
            {
                "story.yaml": story(
                    "      a:\n        text: Hello.\n        choices:\n"
                    "          - {label: Go, goto: a, when_false: grey}\n"
                )
            },
        ),
        "fact_ref": Form(
            "`{text}` must name a fact as `character.fact`",
            {"story.yaml": story("      a: {text: Hi., end: x, do: [reveal: lost_son]}\n")},
        ),
        "too_deep": Form(
            "nested more than {limit} levels deep; flatten it",
            {"story.yaml": story(), "deep.yaml": "chapters: " + "[" * 70 + "]" * 70 + "\n"},
        ),
        "unreadable_value": Form(
            "cannot read the value {text!r}; quote it",
            {"story.yaml": story().replace("title: One", "title: !!int one")},
        ),
        "key_not_text": Form(
            "a key must be plain text, not a list or mapping",
            {"story.yaml": story(), "keys.yaml": "? [a, b]\n: c\n"},
        ),
        "empty_text": Form(
            "{what} is empty; write some text",
            {"story.yaml": story("      a:\n        text:\n        end: done\n")},
        ),
    },
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
    forms={
        "no_story_file": Form(
            "a pack needs a story.yaml with a `story:` section; `cellseven new DIR` makes one",
            {"chapters.yaml": "chapters:\n" + story().split("chapters:\n", 1)[1]},
        ),
        "no_story_section": Form(
            "story.yaml needs a `story:` section",
            {"story.yaml": "chapters:\n" + story().split("chapters:\n", 1)[1]},
        ),
    },
)
DEFINED_TWICE = Diagnostic(
    "CS007",
    "error",
    "an id defined twice",
    "{kind} `{ident}` is defined twice (first at {path}:{line}); rename one of them",
    "an id defined twice (two scenes, chapters, characters or evidence with the same id, "
    "anywhere in the pack), or listed twice",
    {
        "story.yaml": story() + "characters:\n  gu: {name: Gu}\n",
        "more.yaml": "characters:\n  gu: {name: Yong-gu}\n",
    },
    forms={
        "listed": Form(
            "chapter `{ident}` is listed twice; keep one",
            {"story.yaml": story().replace("chapters: [one]", "chapters: [one, one]")},
        ),
        "beat_listed": Form(
            "beat `{ident}` is listed twice; rename one",
            {
                "story.yaml": story(
                    "      a: {text: Hi., end: x, beats: [b]}\n", "  canon: c.yaml\n"
                ),
                "c.yaml": "canon:\n  beats:\n    - {id: b, fact: B.}\n    - {id: b, fact: B.}\n",
            },
        ),
        "trial_item": Form(
            "{kind} `{ident}` is defined twice; rename one",
            court(
                "refuted_by: [log]}\n",
                "refuted_by: [log]}\n          - {id: black, text: Black again.}\n",
            ),
        ),
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
    forms={
        "alias": Form(
            "aliases (*name) are not allowed; write the value out",
            {
                "story.yaml": story()
                .replace("Example", "&t Example")
                .replace("title: One", "title: *t")
            },
        ),
        "merge": Form(
            "merge keys (<<) are not allowed; write it out",
            {
                "story.yaml": story(),
                "base.yaml": "characters:\n  a: &a {name: A}\n  b: {<<: *a, name: B}\n",
            },
        ),
    },
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
    "{what} `{shown}` is out of range; story numbers are finite and at most {limit:,} either way",
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
