"""The story format, declared once: every section, its keys, their kinds, and what they mean.

The loader takes its allowed and required keys (and so its "did you mean") from here, the
JSON Schema (`cellseven schema`) is built from here, and so are the reference tables of the
authoring guide (story/README.md; a test keeps them current). The loader still does the
reading itself: what a key's value must be is declared here as a `kind`, which says both how
the schema checks it and how the guide names it.
"""

from __future__ import annotations

from cellseven_game.engine.compile.spec_keys import (
    AMOUNTS,
    ANY,
    BOOL,
    COLOR,
    CONDITION,
    COUNT,
    EFFECTS,
    END,
    FACT,
    FACT_LIST,
    ID,
    IDS,
    LINES,
    REFUTED,
    RENAMES,
    SAYINGS,
    STEPS,
    TEXT,
    TEXTS,
    VALUES,
    Key,
    Section,
    one,
)
from cellseven_game.engine.compile.spec_trial import (
    CLAIM,
    OUTCOME,
    PLAYTHROUGH,
    PRESS,
    STATEMENT,
    TIER,
    TRIAL,
)

# The kinds, Key and Section are spec_keys'; the trial's sections spec_trial's: all are read
# as `spec.NAME`.
__all__ = [
    "AMOUNTS",
    "ANY",
    "BOOL",
    "CLAIM",
    "COLOR",
    "CONDITION",
    "COUNT",
    "EFFECTS",
    "END",
    "FACT",
    "FACT_LIST",
    "ID",
    "IDS",
    "LINES",
    "OUTCOME",
    "PLAYTHROUGH",
    "PRESS",
    "REFUTED",
    "RENAMES",
    "SAYINGS",
    "STATEMENT",
    "STEPS",
    "TEXT",
    "TEXTS",
    "TIER",
    "TRIAL",
    "VALUES",
    "Key",
    "Section",
]

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
        Key(
            "id",
            ID,
            "the story's identity, set once and never changed: saves, chapters reached and the "
            "content note are kept under it, so a new title keeps them (letters, digits, '_' "
            "and '-'; `cellseven new` makes one). Without it the title is the identity",
        ),
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
        one("story", STORY, "title, first chapter, chapter order, variables, canon file"),
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
    (one("canon", CANON, "the beats, and notes on the source's people"),),
)

SECTIONS = FILE.names  # the top-level sections of a story file
