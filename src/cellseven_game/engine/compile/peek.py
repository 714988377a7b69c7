"""The story's title, read from story.yaml alone, for the game's first frame.

The title screen is drawn before the pack loads (loading waits until it is on screen). So
that the first frame already names the story, its title is read here from the events of
story.yaml, stopping as soon as `story: title:` has been read. This is a hint, never
the story: the full load replaces it a moment later (and refuses a broken pack as usual),
so anything unexpected here simply gives None and the title appears with the load.
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_BYTES = 1024 * 1024  # a larger story.yaml waits for the load
MAX_EVENTS = 4096  # `story:` far down a long file: not worth reading for a hint


def story_title(root: Path) -> str | None:
    """`story: title:` of root/story.yaml when it is a plain text near the top, else None."""
    try:
        path = root / "story.yaml"
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        simple = _simple_title(text)
        return simple if simple is not None else _title(text)
    except Exception:  # a hint only: the load reports whatever is wrong with the file
        return None


_STORY = re.compile(r"^story:[ \t]*(?:#.*)?\r?$", re.MULTILINE)
_KEY = re.compile(r"( +)title:[ \t]+(.*?)(?:[ \t]+#.*)?[ \t]*")
_PLAIN = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s](?:[^#:]|:(?! )|(?<! )#)*")


def _simple_title(text: str) -> str | None:
    """The title when it is written the plain way (`story:` at the left, `title:` one level
    in, a plain or quoted one-line value): found without importing a YAML parser (~10 ms of
    the first frame). None for any other way of writing it; the parser reads those."""
    found = _STORY.search(text)
    if found is None:
        return None
    indent = 0
    for line in text[found.end() :].splitlines()[1:]:
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(stripped)
        if depth == 0 or (indent and depth < indent):
            return None  # the end of `story:` (or a tab, a flow mapping...): not simple
        indent = indent or depth
        match = _KEY.fullmatch(line) if depth == indent else None
        if match is None:
            continue
        value = match[2]
        if _PLAIN.fullmatch(value):
            return value
        if (
            len(value) > 2
            and value[0] == value[-1] == "'"
            and "'" not in value[1:-1].replace("''", "")
        ):
            return value[1:-1].replace("''", "'")
        if len(value) > 2 and value[0] == value[-1] == '"' and not {'"', "\\"} & set(value[1:-1]):
            return value[1:-1]
        return None
    return None


def _title(text: str) -> str | None:
    import yaml  # start-up: ~10 ms of the first frame, and the plain way needs no parser

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # One frame per open collection: (the keys leading to it, the key awaiting its value).
    stack: list[tuple[tuple[str, ...], list[str | None]] | None] = []  # None: a sequence
    for count, event in enumerate(yaml.parse(text, Loader=loader)):
        if count > MAX_EVENTS:
            return None
        top = stack[-1] if stack else None
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            path: tuple[str, ...] = ("-",) if stack else ()  # "-": inside a sequence
            if top is not None:
                path = (*top[0], top[1][0] or "")
                top[1][0] = None
            is_map = isinstance(event, yaml.MappingStartEvent)
            stack.append((path, [None]) if is_map else None)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
        elif isinstance(event, yaml.ScalarEvent | yaml.AliasEvent) and top is not None:
            pending = top[1]
            if pending[0] is None and isinstance(event, yaml.ScalarEvent):
                pending[0] = event.value  # a key
                continue
            if top[0] == ("story",) and pending[0] == "title":
                value = getattr(event, "value", None)
                return value if isinstance(value, str) and value.strip() else None
            pending[0] = None
    return None
