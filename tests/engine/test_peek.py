"""The title read from story.yaml alone for the first frame: never a title the file does not
hold (the real parser is the judge), and None rather than a guess."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cellseven_game.engine.compile.peek import _simple_title, _title, story_title

CASES = [
    "story:\n  title: Miracle in Cell No. 7\n",
    'story:\r\n  start: a\r\n  title: "Quoted: yes"\r\n',
    "story:\n    title: 'it''s'\n",
    "story:\n  chapters:\n    - a\n  title: After a list # a comment\n",
    "story:  # the story\n  title: A#B\n",
    "story:\n  title: |\n    A block\n",
    "story: {title: Flow, start: a}\n",
    "story:\n  sub:\n    title: nested\n  title: Top\n",
    "other:\n  title: not this one\nstory:\n  start: x\n",
    "story:\n  title: [a, list]\n",
    'story:\n  title: "an escape \\\\ here"\n',
    'story:\n  title: "a #b" # c\n',
    "chapters:\n  a:\n    title: A chapter\nstory:\n  start: a\n  title: Late\n",
    "- story\n- title\n",
    "story:\n- title: in a list\n",
    "\ufeffstory:\n  title: After a BOM\n",
    "story:\n  title: \n",
    "story:\n  title: ''\n",
]


def real_title(text: str) -> object:
    data = yaml.safe_load(text.removeprefix("\ufeff"))
    story = data.get("story") if isinstance(data, dict) else None
    return story.get("title") if isinstance(story, dict) else None


@pytest.mark.parametrize("text", CASES)
def test_the_hint_is_the_title_or_nothing(text: str) -> None:
    expected = real_title(text)
    simple = _simple_title(text.removeprefix("\ufeff"))
    assert simple is None or simple == expected
    full = _title(text.removeprefix("\ufeff"))
    if isinstance(expected, str) and expected.strip():
        assert full == expected
    else:
        assert full is None


def test_the_plain_way_needs_no_parser() -> None:
    assert _simple_title(CASES[0]) == "Miracle in Cell No. 7"
    assert _simple_title(CASES[1]) == "Quoted: yes"
    assert _simple_title(CASES[3]) == "After a list"


def test_story_title_reads_the_pack_and_never_raises(tmp_path: Path) -> None:
    assert story_title(tmp_path) is None  # no story.yaml
    (tmp_path / "story.yaml").write_bytes(b"story:\n  title: [unclosed\n")
    assert story_title(tmp_path) is None
    (tmp_path / "story.yaml").write_bytes(b"\xff\xfe not UTF-8")
    assert story_title(tmp_path) is None
    (tmp_path / "story.yaml").write_text("story:\n  title: |\n    Folded\n", encoding="utf-8")
    assert story_title(tmp_path) == "Folded\n"


def test_the_bundled_story_is_read_the_plain_way() -> None:
    from cellseven_game.engine.compile.loader import load_story
    from cellseven_game.paths import bundled_story

    text = (bundled_story() / "story.yaml").read_text(encoding="utf-8")
    assert _simple_title(text) == load_story(bundled_story()).title
