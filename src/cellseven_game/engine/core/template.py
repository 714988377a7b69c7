"""Text that changes: interpolation, inline conditions and variations in prose, lines, labels.

    {score}            a variable (or any expression: {score * 2}); numbers shown by one rule
    {mina.name}        a character's name; {glove.name} an evidence item's name
    {asked: text}      shown only when the condition holds; {asked: this|that} chooses
    {a|b|c}            a sequence: a on the first showing, b on the second, then c for good
    {&a|b|c}           a cycle;   {~a|b|c} a shuffle;   {!a|b|c} once each, then nothing
    {{ and }}          a literal brace
    \\: \\| \\\\         inside braces: a plain colon, bar or backslash ({Note\\: wet|dry})

Templates are parsed once (cached) and checked by the loader; a variation's state (how often
it was shown, which alternative) lives in `State.variations` under a key naming its place, so
it is saved, undone and replayed with everything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Protocol

from cellseven_game.engine.core.condition_types import ConditionError, StoryState
from cellseven_game.engine.core.conditions import compiled, holds, references
from cellseven_game.engine.core.errors import CellsevenError
from cellseven_game.engine.core.frozen import frozen
from cellseven_game.engine.core.model import Line, Story, Value

VARY = {"&": "cycle", "~": "shuffle", "!": "once"}
NAME_REF = re.compile(r"^\s*([A-Za-z0-9_][A-Za-z0-9_-]*)\.name\s*$")
MAX_PARTS = 400
ESCAPED = (":", "|", "\\")  # inside `{...}`, a backslash makes these plain text


class TemplateError(ConditionError):
    """A template that does not parse: `form` names the wording of CS115 in the registry;
    `column` is 0-based offset + 1 within the text."""

    def __init__(self, form: str, column: int, **fields: object) -> None:
        # imports inside functions: start-up — the registry is read only when a text is wrong.
        from cellseven_game.engine.core import diagnostics

        CellsevenError.__init__(self, diagnostics.BAD_TEXT_FIELD.message(form, **fields))
        self.column = column
        self.form = form
        self.fields = fields


@frozen
class Part:
    """One piece: kind is lit, expr, name, if or vary."""

    kind: str
    text: str = ""  # literal text, an expression's or condition's source, or an id
    then: tuple[tuple[Part, ...], ...] = ()  # if: (then, else); vary: the alternatives
    mode: str = ""  # vary: sequence, cycle, shuffle or once
    site: int = 0  # vary: its number within the text, for its key
    offset: int = 0  # where it starts in the text (0-based)


Template = tuple[Part, ...]


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.sites = 0
        self.count = 0

    def fail(self, form: str, pos: int | None = None) -> TemplateError:
        return TemplateError(form, (self.pos if pos is None else pos) + 1)

    def parts(self, stops: str) -> Template:
        """Text up to one of `stops` (at this level) or the end."""
        out: list[Part] = []
        buf: list[str] = []
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in stops:
                break
            if ch == "{" and text.startswith("{{", self.pos):
                buf.append("{")
                self.pos += 2
            elif ch == "}" and text.startswith("}}", self.pos) and "}" not in stops:
                buf.append("}")
                self.pos += 2
            elif ch == "{":
                if buf:
                    out.append(Part("lit", "".join(buf)))
                    buf = []
                out.append(self.brace())
            elif ch == "}":
                raise self.fail("lone_close")
            elif ch == "\\" and stops and text[self.pos + 1 : self.pos + 2] in ESCAPED:
                buf.append(text[self.pos + 1])  # inside braces, `\:` and `\|` are plain
                self.pos += 2
            else:
                buf.append(ch)
                self.pos += 1
        if buf:
            out.append(Part("lit", "".join(buf)))
        return tuple(out)

    def brace(self) -> Part:
        start = self.pos
        self.count += 1
        if self.count > MAX_PARTS:
            raise self.fail("too_many")
        self.pos += 1  # the '{'
        text = self.text
        mark = text[self.pos : self.pos + 1]
        if mark in VARY:
            self.pos += 1
            return self.variation(VARY[mark], start)
        # Find, at this level, a ':' (a condition), a '|' (a sequence) or the closing '}'.
        depth, i = 0, self.pos
        while i < len(text):
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and c in ":|":
                break
            elif c == "\\" and text[i + 1 : i + 2] in ESCAPED:
                i += 1  # an escaped `:` or `|` decides nothing
            i += 1
        if i >= len(text):
            raise self.fail("unclosed", start)
        head = text[self.pos : i]
        if text[i] == "|":
            return self.variation("sequence", start)
        if text[i] == ":":
            condition = head
            self.pos = i + 1
            while self.pos < len(text) and text[self.pos] == " ":
                self.pos += 1  # `{asked: You asked}`: the space after the colon is layout
            then = self.parts("|}")
            other: Template = ()
            if self.pos < len(text) and text[self.pos] == "|":
                self.pos += 1
                other = self.parts("|}")
            self.close(start)
            return Part("if", condition.strip(), (then, other), offset=start + 1)
        self.pos = i + 1
        if not head.strip():
            raise self.fail("empty", start)
        name = NAME_REF.match(head)
        if name is not None:
            return Part("name", name.group(1), offset=start + 1)
        return Part("expr", head.strip(), offset=start + 1 + (len(head) - len(head.lstrip())))

    def variation(self, mode: str, start: int) -> Part:
        alternatives = [self.parts("|}")]
        while self.pos < len(self.text) and self.text[self.pos] == "|":
            self.pos += 1
            alternatives.append(self.parts("|}"))
        self.close(start)
        site = self.sites
        self.sites += 1
        return Part("vary", mode=mode, then=tuple(alternatives), site=site, offset=start)

    def close(self, start: int) -> None:
        if self.pos >= len(self.text) or self.text[self.pos] != "}":
            raise self.fail("unclosed_part", start)
        self.pos += 1


@lru_cache(maxsize=65536)
def parse_template(text: str) -> Template:
    """The parts of a text; TemplateError with the column of the fault."""
    if "{" not in text and "}" not in text:
        return (Part("lit", text),)
    parser = _Parser(text)
    return parser.parts("")


def is_plain(text: str) -> bool:
    return "{" not in text and "}" not in text


def walk(parts: Template) -> Iterator[Part]:
    """Every part, nested ones too (for the loader's checks)."""
    for part in parts:
        yield part
        for inner in part.then:
            yield from walk(inner)


def sources(parts: Template) -> Iterator[tuple[Part, str]]:
    """Each expression (`expr`) and condition (`if`) with its source, for the checks."""
    for part in walk(parts):
        if part.kind in ("expr", "if"):
            yield part, part.text


def check_expression(source: str) -> None:
    references(source)


def number_text(value: int | float) -> str:
    """The number format rule: whole numbers plainly, others to at most two decimals."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def value_text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    return value


def fresh_seed() -> int:
    """A new game's seed: shuffles differ from game to game, and a save keeps its own."""
    import random  # start-up: ~1 ms (hashlib's sha512, bisect), and only play shuffles

    return random.SystemRandom().randrange(2**62)


class Variations:
    """Where a variation's state is read and written: `State.variations`."""

    def __init__(self, store: dict[str, list[int]], prefix: str, seed: int, advance: bool) -> None:
        self.store = store
        self.prefix = prefix
        self.seed = seed
        self.advance = advance

    def pick(self, part: Part) -> int | None:
        """Which alternative to show now (None: nothing, a once-only variation used up)."""
        key = f"{self.prefix}#{part.site}"
        n = len(part.then)
        found = self.store.get(key)
        if not self.advance:
            if found is None:  # not shown yet: what its first showing will show
                return self._index(part.mode, n, key, 1)
            return found[1] if found[1] >= 0 else None
        count = (found[0] if found else 0) + 1
        index = self._index(part.mode, n, key, count)
        self.store[key] = [count, index]
        return index if index >= 0 else None

    def _index(self, mode: str, n: int, key: str, count: int) -> int:
        """The alternative shown the `count`-th time (-1: nothing, a once-only one used up)."""
        if mode == "sequence":
            return min(count - 1, n - 1)
        if mode == "cycle":
            return (count - 1) % n
        if mode == "once":
            return count - 1 if count <= n else -1
        # shuffle: the game's seed, the place and the count decide, so replays agree
        import random  # start-up: see fresh_seed

        return random.Random(f"{self.seed}/{key}/{count}").randrange(n)


def render(
    parts: Template,
    state: StoryState,
    name_of: Callable[[str], str],
    variations: Variations | None = None,
) -> str:
    out: list[str] = []
    for part in parts:
        kind = part.kind
        if kind == "lit":
            out.append(part.text)
        elif kind == "expr":
            try:
                out.append(value_text(compiled(part.text)(state)))
            except (TypeError, KeyError, ArithmeticError):
                out.append("")  # checked at load; a hand-made state shows nothing
        elif kind == "name":
            out.append(name_of(part.text))
        elif kind == "if":
            branch = part.then[0] if holds(part.text, state) else part.then[1]
            out.append(render(branch, state, name_of, variations))
        elif kind == "vary":
            index = variations.pick(part) if variations is not None else 0
            if index is not None:
                out.append(render(part.then[index], state, name_of, variations))
    return "".join(out)


_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def tidy(text: str) -> str:
    """A paragraph whose every word was conditional leaves no empty gap behind."""
    return _BLANKS.sub("\n\n", text).strip("\n")


class PlayState(StoryState, Protocol):
    """What showing a text reads: a condition's state, plus the variations' and the seed."""

    @property
    def variations(self) -> dict[str, list[int]]: ...
    @property
    def seed(self) -> int: ...


def shown_text(story: Story, state: PlayState, text: str, key: str, advance: bool = False) -> str:
    """`text` as the player sees it in `state`; `key` names its place for variations.

    With `advance`, each variation in it moves on (done once, when the text is first shown);
    without, it shows what it showed last (or what its first showing will show).
    """
    if is_plain(text):
        return text

    def name_of(ident: str) -> str:
        found = story.characters.get(ident) or story.evidence.get(ident)
        return found.name if found is not None else ident

    variations = Variations(state.variations, key, state.seed, advance)
    return render(parse_template(text), state, name_of, variations)


def shown_lines(
    story: Story, state: PlayState, lines: Iterable[Line], key: str, advance: bool = False
) -> tuple[Line, ...]:
    """The lines said in `state`: those whose `if` fails gone, each text shown; `key/lineN`."""
    out: list[Line] = []
    for number, line in enumerate(lines):
        if line.condition is not None and not holds(line.condition, state):
            continue
        said = shown_text(story, state, line.text, f"{key}/line{number}", advance)
        if said.strip():
            out.append(Line(line.speaker, said))
    return tuple(out)
