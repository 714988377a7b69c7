"""What play says when a step is refused, and what a playthrough found instead of what it
expected: the words of a `ChoiceError`, and of CS403's `{said}`, `{now}`, `{options}`,
`{problem}` and `{why}`; and why recorded steps no longer fit a changed story.

Data only, like diagnostics_details: each wording once, with a playthrough that shows it
inside CS403 (the tests run each through `cellseven test`), or what it takes where no
playthrough can. They are not codes of their own. The runtime raises
`ChoiceError(REFUSAL, **fields)`: a player reads those words from `cellseven run`, an author
inside CS403 "refused". tools/playthroughs words where the story stands (`standing`), its
options (`option`) and what differed (`expected`) from here.
"""

from __future__ import annotations

from collections.abc import Mapping

from cellseven_game.engine.core.diagnostic_examples import COURT, plays, story
from cellseven_game.engine.core.errors import Form

# A step, then a fork (one way ends at once, the other says farewell first): the playthroughs
# below take a step or three into it.
_FORK = story(
    "      a:\n        text: Hello.\n        choices:\n"
    "          - {id: walk, label: Walk, goto: b}\n"
    "          - {id: shut, label: Shut, goto: b, if: score > 5, when_false: disable}\n"
    "      b:\n        text: Hi.\n        do: [{set: {score: 2}}]\n        choices:\n"
    "          - {id: stay, label: Stay, goto: c}\n"
    "          - {id: go, label: Go, goto: d}\n"
    "      c: {text: Bye., end: stayed}\n"
    "      d: {text: Gone., lines: [{gu: Farewell.}], do: [evidence: log], next: e}\n"
    "      e: {text: Far., end: gone}\n",
    head="  variables: {score: 0}\ncharacters:\n  gu: {name: Gu}\n"
    "evidence:\n  log: {name: The log}\n  map: {name: The map}\n",
)


def _fork(steps: str) -> dict[str, str]:
    return plays(steps, _FORK)


def _court(steps: str) -> dict[str, str]:
    """The registry's trial story, played into its court."""
    return {"story.yaml": COURT, "playthroughs.yaml": "playthroughs:\n  - name: go\n" + steps}


# Why the runtime refused a step (a `ChoiceError`).
REFUSED = {
    "ended": Form(
        "the story has ended here; there is nothing to choose",
        needs="a choice asked of a story that has ended (every caller checks first)",
    ),
    "not_available": Form(
        "choice {number} is not available now",
        _fork("    choices: [2]\n    ending: stayed\n"),
    ),
    "no_such_number": Form(
        "there is no choice {number}; choose 1 to {count}",
        _fork("    choices: [1, 7]\n    ending: stayed\n"),
    ),
    "no_such_id": Form(
        "no available choice `{choice}` in scene `{scene}`",
        needs="`cellseven run --choices` with a choice id that is not open here (a "
        "playthrough names the scene itself: no_such_id_here)",
    ),
    "no_such_id_here": Form(
        "no available choice `{choice}`",
        _fork("    choices: [walk, walk]\n    ending: stayed\n"),
    ),
    "no_continue": Form(
        "there is no Continue at scene `{scene}`: take one of its choices",
        needs="`cellseven run --choices continue` at a scene that has choices and no `next` "
        "(a playthrough names the scene itself: no_continue_here)",
    ),
    "no_continue_here": Form(
        "there is no Continue here: take one of its choices",
        _fork("    choices: [continue]\n    ending: stayed\n"),
    ),
    "undo_in_court": Form(
        "No undo in court: what was said there stays said. Load a save to argue it again.",
        needs="undo after a step taken in court (the game's `u`, `undo` in `cellseven run`)",
    ),
    "undo_diverged": Form(
        "undo cannot replay the steps: {divergence}",
        needs="an undo whose steps no longer replay (they were taken on this very story)",
    ),
}

# Where the story stands when a playthrough's expectation is checked (CS403's `{now}`).
NOW = {
    "ended": Form(
        "the story ended at scene `{scene}` (ending `{ending}`)",
        _fork("    choices: [1, stay, 1]\n    ending: stayed\n"),
    ),
    "chapter_end": Form(
        "the chapter replay ended at scene `{scene}` (`chapter end: {ending}`)",
        needs="a playthrough of one chapter (`chapter:`) that ends at its edge",
    ),
    "stuck": Form(
        "the story is stuck at scene `{scene}`",
        needs="a scene with no way on that is not an ending (CS2xx reports it first)",
    ),
    "playing": Form(
        "the story is at scene `{scene}`", _fork("    choices: [walk]\n    ending: stayed\n")
    ),
}

# One option as a refused step lists them (CS403 "refused" `{options}`, joined by "; ").
OPTIONS = {
    "open": Form("{number} {choice}", _fork("    choices: [walk, walk]\n    ending: stayed\n")),
    "closed": Form(
        "{number} {choice} (not available)", _fork("    choices: [2]\n    ending: stayed\n")
    ),
    "none": Form("none", needs="a refused step in a scene with no options at all"),
}

# What a playthrough expected and what it found instead (CS403's `{problem}`).
EXPECTED = {
    "reach": Form(
        "expected scene `{name}`, but {now}",
        _fork("    choices: [walk, stay]\n    reach: d\n"),
    ),
    "reach_passed": Form(
        "expected scene `{name}`, but {now} (it passed through `{name}` on the way)",
        _fork("    choices: [walk, go, continue]\n    reach: d\n"),
    ),
    "ending": Form(
        "expected ending `{name}`, but {now}",
        _fork("    choices: [walk, stay]\n    ending: gone\n"),
    ),
    "verdict": Form(
        "expected verdict `{name}`, but the court ruled {got}",
        _court("    choices: [1, rest:dark]\n    ending: lost\n    verdict: win\n"),
    ),
    "verdict_none": Form(
        "expected verdict `{name}`, but the court ruled nothing yet",
        _court("    choices: [1]\n    reach: court\n    verdict: win\n"),
    ),
    "variable": Form(
        "expected `{name}` to be {value!r}, but it is {got!r}",
        _fork("    choices: [walk, stay]\n    ending: stayed\n    variables: {score: 3}\n"),
    ),
    "evidence": Form(
        "expected `{name}` in the court record, which holds: {have}",
        _fork("    choices: [walk, go]\n    reach: d\n    evidence: [map]\n"),
    ),
    "evidence_none": Form(
        "expected `{name}` in the court record, which holds: nothing",
        _fork("    choices: []\n    reach: a\n    evidence: [log]\n"),
    ),
    "met": Form(
        "expected to have met `{name}`",
        _fork("    choices: [walk, stay]\n    ending: stayed\n    met: [gu]\n"),
    ),
    "shows": Form(
        "expected the player to have read {words!r}, but nothing shown holds it",
        _fork("    choices: [walk, stay]\n    ending: stayed\n    shows: Farewell\n"),
    ),
    "hides": Form(
        "expected the player never to read {words!r}, but it was shown: {found!r}",
        _fork("    choices: [walk, go, continue]\n    ending: gone\n    hides: Farewell\n"),
    ),
}

# Why recorded steps no longer fit the story (replay.Divergence.why): for an author, inside
# CS403 "diverged", a `play --dev` reload and an undo that cannot replay.
_REPLAYED = "recorded steps replayed on a changed story (a save, `play --dev`)"
DIVERGED = {
    "chapter_gone": Form(
        "chapter `{chapter}` is gone",
        needs="a playthrough or save whose chapter is gone (`cellseven test` reports CS402 first)",
    ),
    "jump_gone": Form(
        "scene `{scene}`, where you jumped to, is gone",
        needs="a `play --dev` jump to a scene the story then lost",
    ),
    "scene_gone": Form("your step was taken in `{scene}`, which is gone", needs=_REPLAYED),
    "elsewhere": Form("your step was taken in `{scene}`", needs=_REPLAYED),
    "ended": Form("the story ends here now", needs=_REPLAYED),
    "no_continue": Form("no Continue (its `next` is gone)", needs=_REPLAYED),
    "gone": Form("no choice `{choice}`", needs=_REPLAYED),
    "closed": Form("choice `{choice}` is not open now", needs=_REPLAYED),
    "closed_trial": Form("the trial step `{choice}` is not open now", needs=_REPLAYED),
    "at_step": Form("step {index} (scene {at}: {why})", needs=_REPLAYED),
}

# What changed, for a player loading a save onto a changed story (Divergence.for_player).
_LOADED = "a save loaded onto a story changed since (migrate.py)"
LOADED = {
    "scene_gone": Form("scene `{scene}` is gone, at step {index}", needs=_LOADED),
    "elsewhere": Form(
        "replay diverges at step {index}: it reaches `{at}`, the save went through `{scene}`",
        needs=_LOADED,
    ),
    "ended": Form("replay diverges at step {index}: the story ends there", needs=_LOADED),
    "no_continue": Form(
        "replay diverges at step {index}: Continue in scene `{scene}` is not open", needs=_LOADED
    ),
    "gone": Form("choice `{choice}` in scene `{scene}` is gone", needs=_LOADED),
    "closed": Form(
        "replay diverges at step {index}: choice `{choice}` in scene `{scene}` is not open",
        needs=_LOADED,
    ),
    "closed_continue": Form(
        "replay diverges at step {index}: Continue in scene `{scene}` is not open", needs=_LOADED
    ),
}

# Every wording above, by table: what `cellseven explain CS403` lists, and the tests run.
TABLES: dict[str, Mapping[str, Form]] = {
    "REFUSED": REFUSED,
    "NOW": NOW,
    "OPTIONS": OPTIONS,
    "EXPECTED": EXPECTED,
    "DIVERGED": DIVERGED,
    "LOADED": LOADED,
}


def expected(name: str, /, **fields: object) -> str:
    """What a playthrough expected and found instead, worded by EXPECTED[name]."""
    return EXPECTED[name].template.format(**fields)


def standing(name: str, /, **fields: object) -> str:
    """Where the story stands (its status: playing, ended, …), worded by NOW[name]."""
    return NOW[name].template.format(**fields)


def option(name: str, /, **fields: object) -> str:
    """One option of a refused step's list, worded by OPTIONS[name]."""
    return OPTIONS[name].template.format(**fields)


def diverged(name: str, /, **fields: object) -> str:
    """Why recorded steps no longer fit, worded by DIVERGED[name]."""
    return DIVERGED[name].template.format(**fields)


def loaded(name: str, /, **fields: object) -> str:
    """What changed under a save, for the player, worded by LOADED[name]."""
    return LOADED[name].template.format(**fields)
