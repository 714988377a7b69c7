"""What a condition, an expression or a `{...}` says when it does not parse or mixes types.

Data only: each wording once, with a pack that shows it. They are not codes of their own: a
detail is the `{problem}` of the code its place reports (CS106 for `if:` and `set`, CS115
inside a text, CS114 "typecheck" for a mix of types). The condition modules raise
`ConditionError(DETAIL, column, **fields)` and never write these words themselves.
"""

from __future__ import annotations

from cellseven_game.engine.core.diagnostic_examples import story
from cellseven_game.engine.core.errors import Form


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted string (what `json.dumps` writes for these printable
    examples; `json` itself is not imported by every command for it)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def when(condition: str, variables: str = "score: 0, name: Gu") -> dict[str, str]:
    """A story with one choice shown `if: condition` (quoted as written)."""
    return {
        "story.yaml": story(
            "      a:\n        text: Hello.\n        choices:\n"
            f"          - {{label: Go, goto: b, if: {_quoted(condition)}}}\n"
            "      b: {text: Bye., end: done}\n",
            head=f"  variables: {{{variables}}}\n",
        )
    }


# A condition that does not parse (CS106; CS115 inside a text).
PARSE = {
    "unexpected_char": Form("unexpected character {char!r}", when("score > 1 ~ 2")),
    "unexpected_equals": Form(
        "unexpected character {char!r}; compare with '=='", when("score = 1")
    ),
    "unexpected_logic": Form(
        "unexpected character {char!r}; write 'and', 'or', 'not'", when("score > 1 && true")
    ),
    "unexpected_quote": Form(
        "unexpected character {char!r}; close the string with the same quote",
        when('name == "Gu'),
    ),
    "too_deep": Form("condition nested too deeply, found {found}", when("(" * 70 + "true")),
    "expected_end": Form(
        "expected 'and', 'or' or the end of the condition, found {found}", when("true true")
    ),
    "expected_close": Form("expected ')', found {found}", when("(score > 1")),
    "expected_operand": Form(
        "expected a value, a variable or 'has'/'met'/'knows'/'visited'/'visits', found {found}",
        when("score >"),
    ),
    "expected_evidence": Form("expected an evidence id after 'has', found {found}", when("has")),
    "expected_met": Form("expected a character id after 'met', found {found}", when("met")),
    "expected_knows": Form("expected a character id after 'knows', found {found}", when("knows")),
    "expected_dot": Form(
        "expected '.' and a fact id, as in 'knows warden.lost_son', found {found}",
        when("knows gu"),
    ),
    "expected_fact": Form("expected a fact id after '.', found {found}", when("knows gu.")),
    "expected_visited": Form("expected a scene id after 'visited', found {found}", when("visited")),
    "expected_visits": Form(
        "expected a scene id after 'visits', found {found}", when("visits > 1")
    ),
    "expected_value": Form("expected a value, found {found}", when("score > and")),
    "not_text": Form(
        "a condition must be text", needs="a condition that is not text (the reader refuses it)"
    ),
    "too_long": Form(
        "condition is {length} characters long, more than {limit}; split the test into flags",
        when(" or ".join(["score > 1"] * 150)),
    ),
    "empty": Form("empty condition; write one or remove 'if'", when(" ")),
}

# An expression that mixes types (CS114 "typecheck").
TYPES = {
    "needs": Form(
        "`{op}` needs {kind}, not {found}",
        when("score and true"),
    ),
    "plus": Form(
        "`+` adds two numbers or joins two texts, not {left} and {right}",
        when("score + name > 1"),
    ),
    "like_with_like": Form(
        "`{op}` compares like with like, not {left} with {right}", when("score == name")
    ),
    "numbers": Form(
        "`{op}` compares numbers, not {found}; compare text and true/false with `==` or `!=`",
        when("name > 1"),
    ),
    "wrong_type": Form(
        "this is {found}, but {want} is needed here",
        needs="conditions.typecheck with a type wanted (the loader asks for none)",
    ),
    "wrong_type_number": Form(
        "this is {found}, but {want} is needed here; compare it, as in `... > 0`",
        needs="conditions.typecheck with a type wanted (the loader asks for none)",
    ),
    "wrong_type_text": Form(
        'this is {found}, but {want} is needed here; compare it, as in `... == "word"`',
        needs="conditions.typecheck with a type wanted (the loader asks for none)",
    ),
}

DETAILS = {**PARSE, **TYPES}
