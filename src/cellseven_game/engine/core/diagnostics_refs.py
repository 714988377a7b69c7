"""The diagnostics of names and expressions: CS101 to CS115 (data only; see diagnostics_read)."""

from __future__ import annotations

from cellseven_game.engine.core.diagnostic_examples import story
from cellseven_game.engine.core.errors import Diagnostic, Form

UNKNOWN_SCENE = Diagnostic(
    "CS101",
    "error",
    "an unknown scene",
    "{what} names the unknown scene `{ident}`{hint}",
    "`goto`, `next`, a chapter's `start` or `renamed` names an unknown scene",
    {"story.yaml": story("      a: {text: Hello., next: b}\n")},
)
UNKNOWN_VARIABLE = Diagnostic(
    "CS102",
    "error",
    "an undeclared variable",
    "unknown variable `{name}`{hint}; declare it under `variables:`",
    "a variable that is not declared under `variables:`",
    {"story.yaml": story("      a: {text: Hello., end: done, do: [add: {score: 1}]}\n")},
)
UNKNOWN_CHARACTER = Diagnostic(
    "CS103",
    "error",
    "an unknown character",
    "{what} names the unknown character `{ident}`{hint}",
    "an unknown character (a speaker, `meet`, `witness`, `met` in a condition)",
    {"story.yaml": story('      a: {text: Hello., end: done, lines: [nobody: "Hi."]}\n')},
    forms={
        "fact_owner": Form(
            "unknown character `{ident}`{hint}",
            {"story.yaml": story("      a: {text: Hello., end: done, do: [reveal: ana.age]}\n")},
        )
    },
)
UNKNOWN_EVIDENCE = Diagnostic(
    "CS104",
    "error",
    "unknown evidence",
    "{what} names the unknown evidence `{ident}`{hint}",
    "unknown evidence (`evidence:` effect, `has` in a condition, an entry state)",
    {"story.yaml": story("      a: {text: Hello., end: done, do: [evidence: letter]}\n")},
)
UNKNOWN_CHAPTER = Diagnostic(
    "CS105",
    "error",
    "an unknown chapter",
    "{what} names the unknown chapter `{ident}`{hint}",
    "an unknown chapter (`story.start`, the chapter order)",
    {"story.yaml": story().replace("start: one", "start: two")},
)
BAD_CONDITION = Diagnostic(
    "CS106",
    "error",
    "a condition that does not parse",
    "condition does not parse: {problem}",
    "a condition that does not parse; the column points at the fault",
    {
        "story.yaml": story(
            "      a:\n        text: Hello.\n        choices:\n"
            "          - {label: Go, goto: b, if: score >}\n      b: {text: Bye., end: done}\n",
            head="  variables: {score: 0}\n",
        )
    },
    forms={
        "always_same": Form(
            "a condition of plain true/false is always the same; remove `if`",
            {
                "story.yaml": story(
                    "      a:\n        text: Hello.\n        choices:\n"
                    "          - {label: Go, goto: b, if: true}\n      b: {text: Bye., end: done}\n"
                )
            },
        ),
        "expression": Form(
            "expression does not parse: {problem}",
            {
                "story.yaml": story(
                    '      a: {text: Hello., end: done, do: [set: {score: "score +"}]}\n',
                    head="  variables: {score: 0}\n",
                )
            },
        ),
    },
)
WRONG_TYPE = Diagnostic(
    "CS107",
    "error",
    "a value of the wrong type for its variable",
    "`{name}` is declared as {declared} but set to {found} here",
    "a value of the wrong type for its variable (`set` text into a number, `add` to a flag, a "
    "`bond` that is not a number)",
    {
        "story.yaml": story(
            "      a: {text: Hello., end: done, do: [set: {name: 3}]}\n",
            head="  variables: {name: Gu}\n",
        )
    },
    forms={
        "add": Form(
            "`add` needs a number variable; `{name}` is {declared}",
            {
                "story.yaml": story(
                    "      a: {text: Hello., end: done, do: [add: {brave: 1}]}\n",
                    head="  variables: {brave: false}\n",
                )
            },
        ),
        "bond": Form(
            "`bond: {bond}` must be a number variable",
            {
                "story.yaml": story(
                    '      a: {text: "Hi {brave}.", end: done}\n',
                    head="  variables: {brave: false}\n",
                )
                + "characters:\n  gu: {name: Gu, bond: brave}\n"
            },
        ),
        "expression": Form(
            "this expression gives {found}, but `{name}` is {declared}",
            {
                "story.yaml": story(
                    '      a: {text: Hello., end: done, do: [set: {score: "score > 1"}]}\n',
                    head="  variables: {score: 0}\n",
                )
            },
        ),
    },
)
UNKNOWN_FACT = Diagnostic(
    "CS108",
    "error",
    "a character has no such fact",
    "character `{character}` has no fact `{fact}`{hint}",
    "a character has no such fact (`reveal`, `knows`, an entry state)",
    {
        "story.yaml": story("      a: {text: Hello., end: done, do: [reveal: ana.secret]}\n")
        + "characters:\n  ana: {name: Ana, facts: {age: She is nine.}}\n"
    },
)
CHAPTER_NOT_IN_ORDER = Diagnostic(
    "CS109",
    "error",
    "a chapter missing from the story's order",
    "chapter `{ident}` is not in `story.chapters`; add it in story order",
    "a chapter that is not in `story.chapters`",
    {
        "story.yaml": story("      a: {text: Hello., next: b}\n")
        + '  two:\n    title: Two\n    period: "1998"\n    start: b\n    scenes:\n'
        + "      b: {text: Bye., end: done}\n"
    },
)
UNKNOWN_BEAT = Diagnostic(
    "CS110",
    "error",
    "an unknown canon beat",
    "unknown canon beat `{beat}`{hint}",
    "an unknown canon beat, or scenes name beats while the story names no canon file",
    {
        "story.yaml": story(
            "      a: {text: Hello., end: done, beats: [strom]}\n", "  canon: c.yaml\n"
        ),
        "c.yaml": "canon:\n  beats:\n    - {id: storm, fact: A storm comes in.}\n",
    },
    forms={
        "no_canon": Form(
            "scenes name canon beats but `story.canon` names no canon file",
            {"story.yaml": story("      a: {text: Hello., end: done, beats: [storm]}\n")},
        )
    },
)
SAME_CHOICE_ID = Diagnostic(
    "CS111",
    "error",
    "two choices with one id",
    "two choices in scene `{scene}` have the id `{ident}`; give one an `id:` of its own",
    "two choices of one scene with the same id; give one an `id:`",
    {
        "story.yaml": story(
            "      a:\n        text: Hello.\n        choices:\n"
            "          - {label: Go, goto: b}\n          - {label: Go, goto: b}\n"
            "      b: {text: Bye., end: done}\n"
        )
    },
)
START_OUTSIDE_CHAPTER = Diagnostic(
    "CS112",
    "error",
    "a chapter that starts outside itself",
    "`start: {start}` is not a scene of chapter `{chapter}`{hint}",
    "a chapter's `start` is not one of its own scenes",
    {
        "story.yaml": story("      a: {text: Hello., next: b}\n").replace(
            "chapters: [one]", "chapters: [one, two]"
        )
        + '  two:\n    title: Two\n    period: "1998"\n    start: a\n    scenes:\n'
        + "      b: {text: Bye., end: done}\n"
    },
)
UNKNOWN_TRIAL = Diagnostic(
    "CS113",
    "error",
    "an unknown trial",
    "unknown trial `{ident}`{hint}",
    "a scene names an unknown trial",
    {"story.yaml": story("      a: {text: Hello., trial: hearing}\n")},
)
MIXED_TYPES = Diagnostic(
    "CS114",
    "error",
    "an expression that mixes types",
    "a condition must be true or false, but this is {found}; compare it, as in `{source} > 0`",
    'an expression that mixes types (`score > "x"`, `name + 1`, `not score`), or a condition '
    "that is not true/false (`if: score`); the column points at the operator",
    {
        "story.yaml": story(
            "      a:\n        text: Hello.\n        choices:\n"
            "          - {label: Go, goto: b, if: score}\n      b: {text: Bye., end: done}\n",
            head="  variables: {score: 0}\n",
        )
    },
    forms={
        "text": Form(
            "a condition must be true or false, but this is {found}; compare it, as in "
            '`{source} == "word"`',
            {
                "story.yaml": story(
                    "      a:\n        text: Hello.\n        choices:\n"
                    "          - {label: Go, goto: b, if: name}\n"
                    "      b: {text: Bye., end: done}\n",
                    head="  variables: {name: Gu}\n",
                )
            },
        ),
        "other": Form(
            "a condition must be true or false, but this is {found}",
            needs="a condition of a type other than a number or text (there is none today)",
        ),
        "in_text": Form(
            "`{{{source}: ...}}` needs a true/false condition, but this is {found}",
            {
                "story.yaml": story(
                    '      a: {text: "Hi{score: there}.", end: done}\n',
                    head="  variables: {score: 0}\n",
                )
            },
        ),
        "typecheck": Form(
            "{problem}",
            {
                "story.yaml": story(
                    '      a: {text: Hello., end: done, do: [set: {score: "score + name"}]}\n',
                    head="  variables: {score: 0, name: Gu}\n",
                )
            },
        ),
    },
)
BAD_TEXT_FIELD = Diagnostic(
    "CS115",
    "error",
    "a `{...}` in a text that does not parse",
    "`{{{text}}}` does not parse: {problem}",
    "a `{...}` in a text, line or label that does not parse (an unclosed `{`, a lone `}`: write "
    "`{{`/`}}` for a brace), or `{ID.name}` naming no character or evidence",
    {
        "story.yaml": story(
            '      a: {text: "Hello {score +}.", end: done}\n', head="  variables: {score: 0}\n"
        )
    },
    forms={
        "no_name": Form(
            "`{{{ident}.name}}` names no character or evidence{hint}",
            {"story.yaml": story('      a: {text: "Hello {nobody.name}.", end: done}\n')},
        ),
        "lone_close": Form(
            "a '}}' with no '{{' before it; write '}}}}' for a brace",
            {"story.yaml": story('      a: {text: "Hello }.", end: done}\n')},
        ),
        "too_many": Form(
            "too many `{{...}}` in one text",
            {
                "story.yaml": story(
                    '      a: {text: "' + "{score}" * 401 + '", end: done}\n',
                    head="  variables: {score: 0}\n",
                )
            },
        ),
        "unclosed": Form(
            "a '{{' that is never closed; close it with '}}' or write '{{{{'",
            {"story.yaml": story('      a: {text: "Hello {score", end: done}\n')},
        ),
        "empty": Form(
            "empty `{{}}`; write a variable, `id.name` or a condition",
            {"story.yaml": story('      a: {text: "Hello {}.", end: done}\n')},
        ),
        "unclosed_part": Form(
            "a '{{' that is never closed; close it with '}}'",
            {
                "story.yaml": story(
                    '      a: {text: "Hello {score > 1: friend", end: done}\n',
                    head="  variables: {score: 0}\n",
                )
            },
        ),
    },
)

CODES = (
    UNKNOWN_SCENE,
    UNKNOWN_VARIABLE,
    UNKNOWN_CHARACTER,
    UNKNOWN_EVIDENCE,
    UNKNOWN_CHAPTER,
    BAD_CONDITION,
    WRONG_TYPE,
    UNKNOWN_FACT,
    CHAPTER_NOT_IN_ORDER,
    UNKNOWN_BEAT,
    SAME_CHOICE_ID,
    START_OUTSIDE_CHAPTER,
    UNKNOWN_TRIAL,
    MIXED_TYPES,
    BAD_TEXT_FIELD,
)
