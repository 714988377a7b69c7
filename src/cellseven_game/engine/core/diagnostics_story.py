"""The diagnostics of the story as a whole, its trials and its tests: CS2xx, CS3xx, CS4xx.

Data only; see diagnostics_read.
"""

from __future__ import annotations

from cellseven_game.engine.core.diagnostic_examples import COURT, court, plays, story
from cellseven_game.engine.core.errors import Diagnostic, Form

DEAD_END = Diagnostic(
    "CS201",
    "warning",
    "a dead end",
    "scene `{scene}` is a dead end: give it `choices`, `next` or `end`",
    "a dead end: a scene with no `choices`, `next`, `end` or `trial`",
    {"story.yaml": story("      a: {text: Hello.}\n")},
)
UNREACHABLE = Diagnostic(
    "CS202",
    "warning",
    "a scene nothing leads to",
    "scene `{scene}` cannot be reached from the story's start; lead a `goto` or `next` to it, "
    "or remove it",
    "a scene that cannot be reached from the story's start",
    {"story.yaml": story("      a: {text: Hello., end: done}\n      b: {text: Bye., end: x}\n")},
)
SET_NEVER_READ = Diagnostic(
    "CS203",
    "warning",
    "a variable set but never read",
    "variable `{name}` is set here but never read; use it in a condition or text, or remove it",
    "a variable set but never read, at the first place it is set",
    {
        "story.yaml": story(
            "      a: {text: Hello., end: done, do: [add: {score: 1}]}\n",
            head="  variables: {score: 0}\n",
        )
    },
)
READ_NEVER_SET = Diagnostic(
    "CS204",
    "warning",
    "a variable read but never set",
    "variable `{name}` is read here but never set, so it always holds its starting value "
    "{start}; set it somewhere or write {start} instead",
    "a variable read but never set: it always holds its starting value; at the first place it "
    "is read",
    {
        "story.yaml": story(
            '      a: {text: "Score {score}.", end: done}\n', head="  variables: {score: 0}\n"
        )
    },
)
BEAT_NOT_TOLD = Diagnostic(
    "CS205",
    "warning",
    "a canon beat no scene tells",
    "canon beat `{beat}` is covered by no scene; add `beats: [{beat}]` to the scene that tells it",
    "a canon beat that no scene covers",
    {
        "story.yaml": story(head="  canon: canon.yaml\n"),
        "canon.yaml": "canon:\n  beats:\n    - {id: storm, fact: A storm comes in.}\n",
    },
)
BAD_CREDIBILITY = Diagnostic(
    "CS301",
    "error",
    "credibility or penalty out of range",
    "`{key}` must be a whole number from 1 to 99",
    "`credibility` or `penalty` is not a whole number from 1 to 99",
    court("credibility: 3", "credibility: 0"),
)
NO_CLAIMS = Diagnostic(
    "CS302",
    "error",
    "a trial with no claims",
    "{what} needs at least one claim",
    "a trial with no claims",
    {
        "story.yaml": COURT.split("    claims:")[0]
        + "    claims: []\n    verdict:\n      - {id: lose, title: Not proven, goto: lost}\n"
    },
)
NO_FALLBACK_TIER = Diagnostic(
    "CS303",
    "error",
    "no tier the court falls back on",
    "the last verdict tier `{tier}` must have no `if` and no `refuted`: it is what the court "
    "rules when nothing above holds",
    "no verdict tiers, or the last tier has `if`/`refuted` (there must be a tier the court "
    "falls back on)",
    court("title: Not proven, goto", "title: Not proven, refuted: [dark], goto"),
    forms={
        "no_tiers": Form(
            "{what} needs at least one verdict tier",
            {"story.yaml": COURT.split("    verdict:")[0] + "    verdict: []\n"},
        )
    },
)
BAD_UNLOCK = Diagnostic(
    "CS304",
    "error",
    "a statement no press can unlock",
    "`unlocks: {target}` names no statement of claim `{claim}`{hint}",
    "`unlocks` names no statement of the claim, or a `hidden` statement that no press unlocks",
    court("text: It was black.,", "text: It was black., press: {unlocks: [blak]},"),
    forms={
        "hidden": Form(
            "statement `{statement}` is hidden and no press unlocks it; add "
            "`unlocks: [{statement}]` to another statement's `press`, or drop `hidden`",
            court("text: It was black.,", "text: It was black., hidden: true,"),
        )
    },
)
UNKNOWN_CLAIM = Diagnostic(
    "CS305",
    "error",
    "a tier that names an unknown claim",
    "`refuted` names the unknown claim `{claim}`{hint}; write claim ids, or `all`",
    "a tier's `refuted` names an unknown claim",
    court("refuted: all", "refuted: [drak]"),
)
RESERVED_VARIABLE = Diagnostic(
    "CS306",
    "error",
    "a variable with a name verdict rules reserve",
    "the story declares a variable `{name}`, a name verdict rules use for the trial; rename "
    "the variable",
    "the story declares a variable named `refuted`, `credibility` or `claims`, which verdict "
    "rules reserve",
    court("chapters: [one, two]\n", "chapters: [one, two]\n  variables: {credibility: 3}\n"),
)
TRIAL_NEVER_RUN = Diagnostic(
    "CS307",
    "warning",
    "a trial no scene runs",
    "no scene runs trial `{trial}`; give a scene `trial: {trial}`",
    "no scene runs the trial",
    court("trial: t}", "choices: [{label: Win, goto: won}, {label: Lose, goto: lost}]}"),
)
EVIDENCE_TOO_LATE = Diagnostic(
    "CS308",
    "error",
    "evidence the trial needs comes too late",
    "claim `{claim}` needs evidence `{evidence}`, but no chapter before `{chapter}` can grant "
    "it ({where}); add `- evidence: {evidence}` to a choice in an earlier chapter",
    "the trial needs evidence (`refuted_by`) that no chapter before the trial's chapter can "
    "grant: add `- evidence: ID` to a scene or choice of an earlier chapter (a chapter's "
    "`entry` does not count: it is only a shortcut for replays)",
    court("do: [evidence: log], ", ""),
)
NEVER_REFUTED = Diagnostic(
    "CS309",
    "error",
    "a claim that can never be refuted",
    "claim `{claim}` can never be refuted: no statement a player can see has `refuted_by`; add "
    "`refuted_by: [EVIDENCE]` to one",
    "a claim can never be refuted: no statement a player can see or unlock has `refuted_by`",
    court(", refuted_by: [log]}", "}"),
)
NO_WAY_BACK = Diagnostic(
    "CS310",
    "error",
    "a trial detour with no way back",
    "`refuted.scene: {scene}` never leads back to the trial; end it with `next: {trial_scene}`",
    "a `refuted.scene` that never leads back to the trial scene, or a tier whose `goto` is the "
    "trial scene",
    court("        witness: gu\n", "        witness: gu\n        refuted: {scene: won}\n"),
    forms={
        "tier": Form(
            "verdict tier `{tier}` leads back into the trial scene; "
            "lead it to the scene after the verdict",
            court("title: Not proven, goto: lost}", "title: Not proven, goto: court}"),
        )
    },
)
CANNOT_BE_WON = Diagnostic(
    "CS311",
    "error",
    "a trial that cannot be won",
    "trial `{trial}` cannot be won: its first tier `{tier}` holds for no state the story can "
    "bring to the trial (every number of claims refuted, credibility left, and value each "
    "variable can take was tried) (`if: {condition}`); loosen the rule",
    "the trial cannot be won: its first tier does not hold even with every claim refuted, full "
    "credibility and every flag the story can set",
    court("refuted: all,", "refuted: all, if: credibility > 5,"),
)
# The start of a playthrough of the trial example, which ends at `won`.
_PT = "playthroughs:\n  - name: go\n    reach: won\n"

PLAYTHROUGH_SHAPE = Diagnostic(
    "CS401",
    "error",
    "a playthrough of the wrong shape",
    "playthrough {name!r} needs `reach: SCENE` or `ending: ID`: where its choices must lead",
    "a playthrough of the wrong shape: no `reach` or `ending`, a step that is neither a "
    "number nor text, or an empty `shows`/`hides` (an unknown key is `CS003`, as everywhere)",
    {
        "story.yaml": story(),
        "playthroughs.yaml": "playthroughs:\n  - name: to the end\n    choices: [continue]\n",
    },
    warning_when="when the game or `validate` reads the pack",
    forms={
        "empty_saying": Form(
            "`{kind}` needs the words to look for, not an empty text or list",
            plays('    ending: done\n    shows: ""\n'),
        ),
        "step": Form(
            "a step is a choice number (1, 2, ...), a choice id, a trial move such as "
            "`press:CLAIM.STATEMENT`, or `{cont}`",
            plays("    choices: [0]\n    ending: done\n"),
        ),
    },
)
PLAYTHROUGH_NAMES_NOTHING = Diagnostic(
    "CS402",
    "error",
    "a playthrough names something the story lacks",
    "no choice has the id `{ident}`{hint}; write a choice id, a number, or `continue`",
    "a playthrough names something the story lacks (with the near miss), or a `reach` scene "
    "outside its replayed chapter",
    {
        "story.yaml": story(),
        "playthroughs.yaml": "playthroughs:\n  - name: go on\n    choices: [go_on]\n"
        "    ending: done\n",
    },
    warning_when="when the game or `validate` reads the pack",
    forms={
        "chapter": Form(
            "playthrough {name!r} names the unknown chapter `{chapter}`{hint}",
            plays("    chapter: two\n    ending: done\n"),
        ),
        "move_claim": Form(
            "trial move `{move}` names no claim `{claim}`{hint}",
            {**court("", ""), "playthroughs.yaml": _PT + "    choices: [press:drak.black]\n"},
        ),
        "move_statement": Form(
            "trial move `{move}`: claim `{claim}` has no statement `{statement}`{hint}",
            {**court("", ""), "playthroughs.yaml": _PT + "    choices: [press:dark.blak]\n"},
        ),
        "move_evidence": Form(
            "trial move `{move}` presents unknown evidence `{evidence}`",
            {**court("", ""), "playthroughs.yaml": _PT + "    choices: [present:dark.lamp]\n"},
        ),
        "scene": Form(
            "unknown scene `{scene}`{hint}",
            plays("    reach: b\n"),
        ),
        "scene_outside": Form(
            "scene `{scene}` is in chapter `{chapter}`; a replay of `{replayed}` stops at its "
            "chapter's edge, so it can never reach it",
            {**court("", ""), "playthroughs.yaml": _PT.replace("won", "a") + "    chapter: two\n"},
        ),
        "ending": Form(
            "no scene ends with `{ending}` and no chapter has that id{hint}",
            plays("    ending: dome\n"),
        ),
        "tier": Form(
            "unknown verdict tier `{tier}` (the tiers: {tiers})",
            {**court("", ""), "playthroughs.yaml": _PT + "    verdict: wim\n"},
        ),
        "tier_no_trial": Form(
            "unknown verdict tier `{tier}` (the tiers: none: the story has no trial)",
            plays("    ending: done\n    verdict: win\n"),
        ),
        "variable": Form(
            "unknown variable `{name}`{hint}",
            plays("    ending: done\n    variables: {score: 1}\n"),
        ),
        "variable_kind": Form(
            "`{name}` holds {kind}, so expect {kind}, not {value!r}",
            plays(
                "    ending: done\n    variables: {score: yes}\n",
                story(head="  variables: {score: 0}\n"),
            ),
        ),
        "evidence": Form(
            "unknown evidence `{ident}`{hint}",
            plays("    ending: done\n    evidence: [log]\n"),
        ),
        "met": Form(
            "unknown character `{ident}`{hint}",
            plays("    ending: done\n    met: [gu]\n"),
        ),
    },
)
PLAYTHROUGH_DIFFERS = Diagnostic(
    "CS403",
    "error",
    "a playthrough that ran and differed",
    "after {count} steps: {problem}",
    "a playthrough that ran and differed (`cellseven test` only): the step or expectation, located",
    plays(
        "    choices: [1, 1]\n    ending: gone\n",
        story(
            "      a: {text: Hello., choices: [{label: Walk, goto: b}]}\n"
            "      b: {text: Hi., choices: [{label: Stay, goto: c}, {label: Go, goto: d}]}\n"
            "      c: {text: Bye., end: stayed}\n      d: {text: Bye., end: gone}\n"
        ),
    ),
    forms={
        "one_step": Form(
            "after 1 step: {problem}",
            plays(
                "    choices: [1]\n    ending: gone\n",
                story(
                    "      a: {text: Hello., choices: [{label: Stay, goto: b}, "
                    "{label: Go, goto: c}]}\n"
                    "      b: {text: Bye., end: stayed}\n      c: {text: Bye., end: gone}\n"
                ),
            ),
        ),
        "nothing_to_choose": Form(
            "step {index} ({pick}): nothing to choose: {now}",
            {
                "story.yaml": story(),
                "playthroughs.yaml": "playthroughs:\n  - name: stay\n    choices: [1]\n"
                "    ending: done\n",
            },
        ),
        "diverged": Form(
            "{why}",
            needs="a playthrough whose chapter is gone (`cellseven test` reports CS402 first)",
        ),
        "refused": Form(
            "step {index} ({pick}) at scene `{scene}`: {said}; the options were: {options}",
            {
                "story.yaml": story(
                    "      a: {text: Hello., choices: [{label: Stay, goto: b}]}\n"
                    "      b: {text: Bye., end: stayed}\n"
                ),
                "playthroughs.yaml": "playthroughs:\n  - name: stay\n    choices: [2]\n"
                "    ending: stayed\n",
            },
        ),
    },
)

CODES = (
    DEAD_END,
    UNREACHABLE,
    SET_NEVER_READ,
    READ_NEVER_SET,
    BEAT_NOT_TOLD,
    BAD_CREDIBILITY,
    NO_CLAIMS,
    NO_FALLBACK_TIER,
    BAD_UNLOCK,
    UNKNOWN_CLAIM,
    RESERVED_VARIABLE,
    TRIAL_NEVER_RUN,
    EVIDENCE_TOO_LATE,
    NEVER_REFUTED,
    NO_WAY_BACK,
    CANNOT_BE_WON,
    PLAYTHROUGH_SHAPE,
    PLAYTHROUGH_NAMES_NOTHING,
    PLAYTHROUGH_DIFFERS,
)
