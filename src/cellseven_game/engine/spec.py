"""The story format, declared once: every section, its keys, their kinds, and what they mean.

The loader takes its allowed and required keys (and so its "did you mean") from here, the
JSON Schema (`cellseven schema`) is built from here, and so are the reference tables of the
authoring guide (story/README.md; a test keeps them current). The loader still does the
reading itself: what a key's value must be is declared here as a `kind`, which says both how
the schema checks it and how the guide names it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of value. The loader accepts a whole number where it wants text (`period: 1997`)
# or an id (`goto: 12`), so the schema does too.
TEXT = "text"  # a string, or a whole number kept as written
ID = "id"  # one id: letters, digits, '_' and '-'
IDS = "ids"  # one id or a list of ids
FACT = "fact"  # `character.fact`, one or a list
FACT_LIST = "fact list"  # a list of `character.fact`
BOOL = "bool"
COUNT = "count"  # a whole number from 1 to 99
VALUES = "values"  # mapping name -> a number, true/false or text
AMOUNTS = "amounts"  # mapping name -> a number, or an expression (text)
TEXTS = "texts"  # mapping id -> text
RENAMES = "renames"  # mapping old id -> new id
CONDITION = "condition"
LINES = "lines"
EFFECTS = "effects"
END = "end"  # an ending id, or true (the scene's own id)
REFUTED = "refuted"  # `all` or claim ids
STEPS = "steps"  # playthrough steps: numbers and texts
COLOR = "color"
ANY = "any"  # not read by the engine


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    kind: str  # one of the kinds above, or "one of: a|b"; for nested keys see `of`
    doc: str  # what it means, in one line (the guide's "meaning" column)
    required: bool = False
    refers: str = ""  # what an id names: "scene", "chapter", "character", ...
    of: Section | None = None  # a nested section: its mapping, list or id -> mapping
    shape: str = ""  # for `of`: "one" (a mapping), "list" (a list of them), "map" (id -> one)


@dataclass(frozen=True, slots=True)
class Section:
    name: str  # as the guide and the schema name it
    doc: str
    keys: tuple[Key, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys if k.required)

    def key(self, name: str) -> Key:
        return next(k for k in self.keys if k.name == name)


def _one(name: str, of: Section, doc: str) -> Key:
    return Key(name, "mapping", doc, of=of, shape="one")


EFFECT = Section(
    "an effect",
    "one `key: value`, applied in order",
    (
        Key(
            "set",
            VALUES,
            "set variables; a value of the wrong type for the variable is `CS107`. For a number or "
            'flag variable, text is an expression (`set: {score: "score * 2 + bonus"}`); for a '
            "text variable, text is itself unless it starts with `=` "
            "(`set: {greeting: \"= name + ', hello'\"}`)",
            refers="variable",
        ),
        Key(
            "add",
            AMOUNTS,
            "add to number variables (negative to subtract); the amount may be an expression too "
            '(`add: {score: "bonus * 2"}`)',
            refers="variable",
        ),
        Key("flag", IDS, "set a true/false variable to `true`", refers="variable"),
        Key("evidence", IDS, "add an item or testimony to the court record", refers="evidence"),
        Key("meet", IDS, "the character appears in the roster", refers="character"),
        Key("reveal", FACT, "reveal one of a character's facts (and meet them)", refers="fact"),
    ),
)

ENTRY = Section(
    "entry",
    "the state a player has on arriving when the chapter is replayed by name",
    (
        Key("set", VALUES, "variables and their values", refers="variable"),
        Key("evidence", IDS, "evidence already in the court record", refers="evidence"),
        Key("met", IDS, "characters already met", refers="character"),
        Key("facts", FACT_LIST, "facts already known, as `character.fact`", refers="fact"),
        Key("visited", IDS, "scenes counted as visited", refers="scene"),
    ),
)

CHOICE = Section(
    "a choice",
    "one option the player may take",
    (
        Key("label", TEXT, "what the player reads", required=True),
        Key("goto", ID, "where it leads", required=True, refers="scene"),
        Key(
            "id",
            ID,
            "a stable id for saves and tests; by default the label, lowercased, with runs of "
            "other characters turned to `_`",
        ),
        Key("if", CONDITION, "the choice is available only when this holds"),
        Key(
            "when_false",
            "one of: hide|disable",
            "what the player sees when the condition fails (default `hide`)",
        ),
        Key(
            "once",
            BOOL,
            "once-only choices (the default) vanish after being taken; `once: false` keeps it "
            "(sticky)",
        ),
        Key("do", EFFECTS, "applied when the choice is taken, before the next scene is entered"),
    ),
)

SCENE = Section(
    "a scene",
    "one screen of the story",
    (
        Key("place", TEXT, "shown in the header; the chapter's place when absent"),
        Key(
            "period",
            TEXT,
            "the scene's year when it is not the chapter's: a memory's frame scenes, back on "
            'the stand, say `period: "2013"` and look like the frame story',
        ),
        Key("text", TEXT, "the prose (Markdown), shown first"),
        Key(
            "lines",
            LINES,
            'dialogue after the prose: `- character_id: "what they say"`, or a plain string '
            "for a line of narration",
        ),
        Key("do", EFFECTS, "applied every time the scene is entered"),
        Key("choices", "list", "the options", of=CHOICE, shape="list"),
        Key(
            "next",
            ID,
            "where Continue leads when there are no choices (or none available)",
            refers="scene",
        ),
        Key("end", END, "this scene ends the story; `ending: ID` is printed", refers="ending"),
        Key("beats", IDS, "the canon beats this scene covers", refers="canon beat"),
        Key(
            "trial",
            ID,
            "this scene runs a trial; its verdict decides where the story goes",
            refers="trial",
        ),
    ),
)

CHAPTER = Section(
    "a chapter",
    "what players replay by name",
    (
        Key("title", TEXT, "the chapter's title", required=True),
        Key(
            "period",
            TEXT,
            'the year of the memory, e.g. `"1997"` or `"2013"` (quote it)',
            required=True,
        ),
        Key("place", TEXT, "where the chapter happens"),
        Key(
            "frame",
            TEXT,
            "the frame moment it hangs from (e.g. the witness on the stand in 2013)",
        ),
        Key("witness", ID, "whose memory it is", refers="character"),
        Key(
            "start",
            ID,
            "the chapter's first scene (must belong to the chapter)",
            required=True,
            refers="scene",
        ),
        Key(
            "entry",
            "mapping",
            "the state a player has on arriving when the chapter is replayed by name: `set` "
            "(variables), `evidence` (ids), `met` (character ids), `facts` (`character.fact`), "
            "`visited` (scene ids)",
            of=ENTRY,
            shape="one",
        ),
        Key("scenes", "mapping", "the chapter's scenes", required=True, of=SCENE, shape="map"),
    ),
)

STORY = Section(
    "story",
    "the story itself; in the pack's top-level story.yaml only",
    (
        Key("title", TEXT, "shown on the title screen", required=True),
        Key("start", ID, "where a new game begins", required=True, refers="chapter"),
        Key(
            "chapters",
            IDS,
            "story order: the chapter list and `cellseven chapters` follow it; every chapter "
            "must be listed once",
            required=True,
            refers="chapter",
        ),
        Key(
            "variables",
            VALUES,
            "every variable the story uses, with its starting value (a number, `true`/`false`, "
            "or text). Flags are variables whose value is `true`/`false`",
        ),
        Key("canon", TEXT, "the path of a canon file (below), relative to this pack folder"),
        Key("content_note", TEXT, "shown once before a first new game"),
        Key("renamed", RENAMES, "lets old saves follow a moved scene", refers="scene"),
    ),
)

CHARACTER = Section(
    "a character",
    "one person of the roster",
    (
        Key("name", TEXT, "the name shown", required=True),
        Key("role", TEXT, "who they are, in a few words"),
        Key("bio", TEXT, "a short biography"),
        Key("color", COLOR, "the colour of their name in dialogue"),
        Key("facts", TEXTS, "one-line texts revealed during play, by fact id"),
        Key(
            "bond",
            ID,
            "a number variable the roster shows as this character's bond with the player",
            refers="variable",
        ),
        Key(
            "roster",
            BOOL,
            "`false` keeps a walk-on part, a judge or a passer-by, out of the roster",
        ),
    ),
)

EVIDENCE = Section(
    "an evidence item",
    "an item or testimony for the court record",
    (
        Key("name", TEXT, "the name shown in the court record", required=True),
        Key("kind", "one of: item|testimony", "`item` (the default) or `testimony`"),
        Key("description", TEXT, "what it is"),
        Key("found", TEXT, "where it is found, in words"),
    ),
)

PRESS = Section(
    "a press",
    "what pressing a statement brings out",
    (
        Key("lines", LINES, "what the witness says more"),
        Key("do", EFFECTS, "effects: add evidence, reveal a fact, set a flag"),
        Key("unlocks", IDS, "hidden statements of the claim it reveals", refers="statement"),
    ),
)

OUTCOME = Section(
    "a refutation",
    "what follows a right presentation",
    (
        Key("lines", LINES, "said when the claim is refuted"),
        Key("do", EFFECTS, "effects applied"),
        Key(
            "scene",
            ID,
            "a scene the story goes through (it must lead back to the trial scene with `next`)",
            refers="scene",
        ),
    ),
)

STATEMENT = Section(
    "a statement",
    "one statement of a witness",
    (
        Key("id", ID, "the statement's id", required=True),
        Key("text", TEXT, "what the witness says", required=True),
        Key("hidden", BOOL, "shown only once a press unlocks it"),
        _one("press", PRESS, "what pressing it brings out: `lines`, `do`, `unlocks`"),
        Key(
            "refuted_by",
            IDS,
            "evidence that answers it; several when more than one honestly does",
            refers="evidence",
        ),
        Key(
            "wrong",
            LINES,
            "said when something else is presented: say *why* it does not answer",
        ),
        Key(
            "found",
            TEXT,
            "what the ruling says when this statement was the one answered; it wins over the "
            "claim's `found`",
        ),
    ),
)

CLAIM = Section(
    "a claim",
    "one claim of the prosecution",
    (
        Key("id", ID, "the claim's id", required=True),
        Key("title", TEXT, "the claim, in one line", required=True),
        Key("witness", ID, "who makes it", refers="character"),
        Key("lines", LINES, "said when the claim is opened"),
        Key(
            "statements",
            "list",
            "the witness's statements",
            required=True,
            of=STATEMENT,
            shape="list",
        ),
        _one("refuted", OUTCOME, "what follows a right presentation: `lines`, `do`, `scene`"),
        Key("found", TEXT, "the ruling's sentence when the claim was answered"),
        Key("stood", TEXT, "the ruling's sentence when the claim was let stand"),
    ),
)

TIER = Section(
    "a verdict tier",
    "a verdict tier; the first that holds wins, the last must hold always",
    (
        Key("id", ID, "the tier's id", required=True),
        Key("title", TEXT, "the tier's name", required=True),
        Key("ruling", TEXT, "the judge's words, shown on the verdict screen"),
        Key("refuted", REFUTED, "claim ids that must all be refuted, or `all`", refers="claim"),
        Key(
            "if",
            CONDITION,
            "a condition; may also read `refuted`, `credibility`, `claims` and the story's "
            "variables",
        ),
        Key("goto", ID, "where the story goes", required=True, refers="scene"),
        Key("missed", BOOL, "list, for each claim that stood, what would have answered it"),
    ),
)

TRIAL = Section(
    "a trial",
    "a mock trial: claims to refute and the verdict's tiers",
    (
        Key("title", TEXT, "the trial's name", required=True),
        Key(
            "credibility",
            COUNT,
            "the size of the credibility meter; it starts full",
            required=True,
        ),
        Key("penalty", COUNT, "credibility lost for each wrong presentation (default 1)"),
        Key("judge", ID, "who presides", refers="character"),
        Key("wrong", LINES, "said when a presentation does not answer the statement"),
        Key(
            "claims",
            "list",
            "the claims, in the order they are heard",
            required=True,
            of=CLAIM,
            shape="list",
        ),
        Key(
            "verdict", "list", "the verdict tiers, best first", required=True, of=TIER, shape="list"
        ),
    ),
)

PLAYTHROUGH = Section(
    "a playthrough",
    "a story test: a run of choices and where it must lead",
    (
        Key("name", TEXT, "shown by `cellseven test`", required=True),
        Key(
            "chapter",
            ID,
            "replay this chapter from its start and `entry` state; without it, the whole story "
            "from the beginning",
            refers="chapter",
        ),
        Key(
            "through",
            BOOL,
            "with `chapter`: play on past the chapter's end into the rest of the story (a trial's "
            "chapter played on into the ending its verdict leads to); default `false`",
        ),
        Key("choices", STEPS, "the steps, in order (below)"),
        Key(
            "reach",
            ID,
            "the scene the run must be at after its last step (in a chapter replay: a scene of "
            "that chapter)",
            refers="scene",
        ),
        Key(
            "ending",
            TEXT,
            "the story must have ended there (a scene's `end:`); a chapter replay that leaves "
            "its chapter ends with the chapter's id",
        ),
        Key("verdict", TEXT, "the tier the court ruled, `trial/tier` or `tier`"),
        Key(
            "variables",
            VALUES,
            "variables and the values they must hold at the end",
            refers="variable",
        ),
        Key(
            "evidence",
            IDS,
            "evidence that must be in the court record at the end",
            refers="evidence",
        ),
        Key("met", IDS, "characters who must have been met", refers="character"),
    ),
)

BEAT = Section(
    "a canon beat",
    "one thing that happens in the source",
    (
        Key("id", ID, "the beat's id, named by scenes' `beats`", required=True),
        Key("fact", TEXT, "what happens, in one line", required=True),
        Key("source", TEXT, "which source document tells it"),
        Key("chapter", TEXT, "the chapter that tells it"),
    ),
)

CANON = Section(
    "canon",
    "a canon file: the plot beats the story must cover (alone in its file)",
    (
        Key("beats", "list", "the plot beats", required=True, of=BEAT, shape="list"),
        Key("characters", ANY, "notes on the people of the source; not read"),
    ),
)

FILE = Section(
    "a story file",
    "a file of a pack: a mapping of sections",
    (
        _one("story", STORY, "title, first chapter, chapter order, variables, canon file"),
        Key("characters", "mapping", "the roster", of=CHARACTER, shape="map"),
        Key(
            "evidence",
            "mapping",
            "items and testimonies for the court record",
            of=EVIDENCE,
            shape="map",
        ),
        Key("chapters", "mapping", "chapters, each with its scenes", of=CHAPTER, shape="map"),
        Key("variables", VALUES, "more variables with their starting values"),
        Key(
            "trials",
            "mapping",
            "the mock trial: claims, statements, verdict tiers",
            of=TRIAL,
            shape="map",
        ),
        Key("playthroughs", "list", "story tests", of=PLAYTHROUGH, shape="list"),
    ),
)

CANON_FILE = Section(
    "a canon file",
    "the plot beats a story must cover",
    (_one("canon", CANON, "the beats, and notes on the source's people"),),
)

SECTIONS = FILE.names  # the top-level sections of a story file


# -- the guide's reference tables ---------------------------------------------------------

_WORDS = {
    TEXT: "text",
    CONDITION: "condition",
    FACT: "`character.fact`, or a list",
    FACT_LIST: "list of `character.fact`",
    BOOL: "`true`/`false`",
    COUNT: "whole number 1–99",
    VALUES: "mapping variable → value",
    AMOUNTS: "mapping variable → number (or an expression)",
    TEXTS: "mapping fact id → text",
    RENAMES: "mapping old scene id → new scene id",
    LINES: "lines",
    EFFECTS: "list of effects",
    END: "ending id, or `true`",
    REFUTED: "`all`, or claim ids",
    STEPS: "list of steps",
    COLOR: '`"#rrggbb"`',
    ANY: "anything",
}


def type_words(key: Key) -> str:
    """How the guide names a key's kind of value: `scene id, required`, ..."""
    if key.of is not None:
        plural = {"a choice": "choices", "a claim": "claims", "a verdict tier": "tiers"}
        words = {
            "one": "mapping",
            "list": f"list of {plural.get(key.of.name, key.of.name.split()[-1] + 's')}",
            "map": f"mapping id → {key.of.name.split()[-1]}",
        }[key.shape]
    elif key.kind.startswith("one of: "):
        words = " or ".join(f"`{v}`" for v in key.kind.removeprefix("one of: ").split("|"))
    elif key.kind == ID:
        words = f"{key.refers} id" if key.refers else "id"
    elif key.kind == IDS:
        words = f"{key.refers} id, or a list" if key.refers else "id, or a list"
    else:
        words = _WORDS[key.kind]
    return f"{words}, required" if key.required else words


def guide_table(part: Section) -> str:
    """The Markdown reference table of one section, as story/README.md shows it."""
    rows = ["| key | type | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{k.name}` | {type_words(k)} | {k.doc} |" for k in part.keys]
    return "\n".join(rows) + "\n"


# The tables of story/README.md, by the name of their <!-- spec:NAME:start/end --> markers.
GUIDE_TABLES = {
    "story": STORY,
    "chapter": CHAPTER,
    "scene": SCENE,
    "choice": CHOICE,
    "effect": EFFECT,
    "character": CHARACTER,
    "evidence": EVIDENCE,
    "trial": TRIAL,
    "claim": CLAIM,
    "statement": STATEMENT,
    "tier": TIER,
    "playthrough": PLAYTHROUGH,
}


def write_guide(text: str) -> str:
    """The guide with every generated table between its markers brought up to date: the
    format's reference tables (`spec:NAME`) and the lists of diagnostic codes
    (`diagnostics:NAME`, from the registry)."""
    import re  # only the guide writer and its test need it

    from cellseven_game.engine import diagnostics

    tables = {f"spec:{name}": guide_table(part) for name, part in GUIDE_TABLES.items()}
    tables |= {
        f"diagnostics:{name}": diagnostics.guide_table(name) for name in diagnostics.GUIDE_GROUPS
    }
    for name, table in tables.items():
        start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
        block = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
        whole = start + table + end
        text = block.sub(lambda _: whole, text)  # noqa: B023 - used at once, in this turn
    return text


if __name__ == "__main__":  # python -m cellseven_game.engine.spec story/README.md
    import sys
    from pathlib import Path

    guide = Path(sys.argv[1])
    guide.write_text(write_guide(guide.read_text(encoding="utf-8")), encoding="utf-8")
