"""The format of a trial and of a story test (playthrough), declared once (see spec.py)."""

from __future__ import annotations

from cellseven_game.engine.compile.spec_keys import (
    BOOL,
    CONDITION,
    COUNT,
    EFFECTS,
    ID,
    IDS,
    LINES,
    REFUTED,
    SAYINGS,
    STEPS,
    TEXT,
    VALUES,
    Key,
    Section,
    one,
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
        one("press", PRESS, "what pressing it brings out: `lines`, `do`, `unlocks`"),
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
        one("refuted", OUTCOME, "what follows a right presentation: `lines`, `do`, `scene`"),
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
        Key(
            "shows",
            SAYINGS,
            "words the player must have read on the way, as shown (scene text, lines, choices "
            "taken, the trial and the ruling): what `{...}` and `if:` made of them",
        ),
        Key("hides", SAYINGS, "words the player must not have read on the way (as `shows`)"),
    ),
)
