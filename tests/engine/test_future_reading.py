"""What future.py reads more closely: a scene's choices after its own effects, and a scene
that may stop only when entered again, where no round of ways leads back to it.

An outside generator's lighthouse cleared `lens_clean` as the player came into its hall,
whose way out needed it; and its net loft, entered from the hall at will, led to a shelf
the player could not leave: read as values any scene may hold and as entries without end,
every state there looked as if it could still finish, and the chapter was walked (591,546
states, a minute). Each reading is checked against the full walk on small packs here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.proof_vs_walk import findings
from test_explore_witnessed import _both, _write

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.play.runtime import Unshown
from cellseven_game.engine.play.state import initial_state
from cellseven_game.engine.tools.future import Future

# A hall whose entry does ENTRY; a sticky round to a side room that lights the lamp, and a
# way out that needs OUT.
HALL = [
    "      a:\n        text: A.\n        do: [ENTRY]\n        choices:",
    "          - {label: Round, goto: b, once: false}",
    "          - {label: Out, goto: z, if: OUT}",
    "      b:\n        text: B.\n        choices:",
    "          - {label: Light, goto: a, once: false, do: [{set: {lamp: true}}, {add: {k: 1}}]}",
    "      z:\n        text: Z.\n        end: z",
]


def _hall(tmp_path: Path, entry: str, out: str) -> tuple[bool, Path]:
    lines = [line.replace("ENTRY", entry).replace("OUT", out) for line in HALL]
    pack = _write(tmp_path, {"one": ("a", lines)}, "{lamp: false, k: 0}")
    story = load_story(pack)
    state = initial_state(story)
    Unshown(story, state).enter(state.scene)  # as witnessed.py asks: the hall entered
    return Future(story, None).trapped(state), pack


@pytest.mark.parametrize(
    ("entry", "out", "trapped"),
    [
        ("{set: {lamp: false}}", "lamp", True),  # put out at every entry: never lit there
        ("{set: {k: 0}}", "lamp", False),  # lit in the side room, still lit in the hall
        ("{set: {lamp: true}}", "not lamp", True),
        ("{set: {k: 0}}, {add: {k: 1}}", "k >= 1", False),  # set, then moved: not held
        ("{set: {k: 0}}", "k >= 1", True),  # the side room adds one, the hall takes it back
        ("{set: {k: 5}}, {set: {k: 0}}", "k >= 5", True),  # the last `set` is what holds
    ],
)
def test_a_hall_reads_its_choices_after_its_own_effects(
    tmp_path: Path, entry: str, out: str, trapped: bool
) -> None:
    found, pack = _hall(tmp_path, entry, out)
    assert found is trapped
    quick, full = _both(pack)
    assert findings(quick) == findings(full)
    assert bool(full["loops"]) is trapped  # the walk agrees there is a loop with no way out


# A hub with a sticky door into a room whose one once-only way leads to a shelf; the shelf
# loops on itself, and BACK leads back to the hub or not.
LOFT = [
    "      hub:\n        text: Hub.\n        choices:",
    "          - {label: Loft, goto: loft, once: false}",
    "          - {label: Wait, goto: hub, once: false}",
    "      loft:\n        text: Loft.\n        choices:",
    "          - {label: Go on, goto: shelf}",
    "      shelf:\n        text: Shelf.\n        choices:",
    "          - {label: Rummage, goto: shelf, once: false}",
    "BACK",
    "      z:\n        text: Z.\n        end: z",
]


@pytest.mark.parametrize(
    ("back", "trapped"),
    [
        ("", True),  # the loft is entered once at most: it never stops the play
        ("          - {label: Back, goto: hub, once: false}", False),  # again: stuck there
        ("          - {label: Back, goto: hub, if: k > 0, once: false}", True),  # never open
    ],
)
def test_a_room_no_round_leads_back_to_is_entered_once(
    tmp_path: Path, back: str, trapped: bool
) -> None:
    lines = [line.replace("BACK", back) for line in LOFT if line != "BACK" or back]
    pack = _write(tmp_path, {"one": ("hub", lines)}, "{k: 0}")
    story = load_story(pack)
    state = initial_state(story)
    Unshown(story, state).enter(state.scene)
    assert Future(story, None).trapped(state) is trapped
    quick, full = _both(pack)
    assert findings(quick) == findings(full)
    # The walk: trapped at the hub and the shelf where the loft cannot stop the play
    # (entered again through Back, it can: a dead end, and no loop without a way out).
    assert ("hub" in full["loops"]) is trapped and ("shelf" in full["loops"]) is trapped
    assert ("loft" in full["dead_ends"]) is not trapped
