"""The transcript is read aloud by screen readers: no Markdown marks in it."""

from __future__ import annotations

import pytest

from cellseven_game.cli.transcript import plain_text


@pytest.mark.parametrize(
    ("markdown", "spoken"),
    [
        ("**Jang Min-hwan**, retired.", "Jang Min-hwan, retired."),
        ("a *thin* grey man", "a thin grey man"),
        ("_quiet_ and __loud__", "quiet and loud"),
        ("## A heading\nthen text", "A heading\nthen text"),
        ("snake_case_id and 2 * 3 * 4 stay", "snake_case_id and 2 * 3 * 4 stay"),
        # a bold name wrapped across two lines of a YAML block
        ("alone, **Jang\nMin-hwan** sits", "alone, Jang\nMin-hwan sits"),
        ("**Kang\nMan-beom** with his eyes", "Kang\nMan-beom with his eyes"),
        # but never across a paragraph break: the marks stay where they cannot pair
        ("a **loose\n\nstar** here", "a **loose\n\nstar** here"),
    ],
)
def test_plain_text_drops_emphasis_marks(markdown: str, spoken: str) -> None:
    assert plain_text(markdown) == spoken
