"""A scene that may stop read from each way in apart (escape.py `_open_coming_in`).

An outside generator's study had one door, `coins + keys >= 3`, and two ways on: deeper
while `keys > 1`, or paying a coin. No play stops there; but what is known at the study,
each number read alone, allows one key and no coin, and the house was walked whole (its
proof failed for 17 s first). Read from the door, where its condition held and still
holds (nothing on the way changes what it reads), a term of the sum it bounds is cut: at
one key or fewer, two coins at least.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.proof_vs_walk import findings
from test_explore_witnessed import _both, _escape, _write

from cellseven_game.engine.compile.loader import load_story

STUDY = [
    "      hall:\n        text: Hall.\n        choices:",
    "          - {label: Coin, goto: hall, once: false, do: [{add: {coins: 1}}]}",
    "          - {label: Key, goto: hall, once: false, do: [{add: {keys: 1}}]}",
    "          - {label: Study, goto: study, if: DOOR, do: [WAY]}",
    "      study:\n        text: Study.\n        choices:",
    "          - {label: Deeper, goto: z, once: false, if: keys > 1}",
    "          - {label: Pay, goto: z, if: coins >= 1, do: [{add: {coins: -1}}]}",
    "      z:\n        text: Z.\n        end: z",
]


@pytest.mark.parametrize(
    ("door", "way", "stops"),
    [
        ("coins + keys >= 3", "", False),  # one key or none: two coins at least
        ("keys + coins > 2", "", False),
        ("coins + keys >= 2", "", False),  # one key or none: a coin at least
        ("coins + keys >= 1", "", True),  # one key, no coin: stuck
        ("coins >= 0", "", True),
        ("coins + keys >= 3", "{add: {coins: -5}}", True),  # the way spends what it read
        ("coins + keys >= 3", "{add: {keys: -3}}", True),
    ],
)
def test_a_door_s_condition_holds_beyond_it(
    tmp_path: Path, door: str, way: str, stops: bool
) -> None:
    lines = [
        line.replace("DOOR", door).replace(", do: [WAY]", f", do: [{way}]" if way else "")
        for line in STUDY
    ]
    pack = _write(tmp_path, {"one": ("hall", lines)}, "{coins: 0, keys: 0}")
    story = load_story(pack)
    _, escape = _escape(story)
    assert escape.never_stops("study") is not stops
    quick, full = _both(pack)
    assert findings(quick) == findings(full)
    assert ("study" in full["dead_ends"]) is stops  # the walk agrees


# A room entered once from the hall (a once-only door), then again only from its own far
# end, which FAR; the way back out needs the flag.
ROOM = [
    "      hall:\n        text: Hall.\n        choices:",
    "          - {label: Wait, goto: hall, once: false}",
    "          - {label: Room, goto: room}",
    "          - {label: Leave, goto: z, once: false, if: out}",
    "      room:\n        text: Room.\n        choices:",
    "          - {label: Far end, goto: far}",
    "          - {label: Out, goto: hall, once: false, if: lit}",
    "      far:\n        text: Far.\n        do: [FAR]\n        choices:",
    "          - {label: Back to the split, goto: room, once: false}",
    "      z:\n        text: Z.\n        end: z",
]


@pytest.mark.parametrize(
    ("far", "stops"),
    [
        ("{set: {lit: true}}", False),  # first from the hall (the far end unused), then lit
        ("{set: {out: true}}", True),  # back from the far end, it is used and nothing lit
    ],
)
def test_the_only_way_in_from_before_is_the_first_visit(
    tmp_path: Path, far: str, stops: bool
) -> None:
    lines = [line.replace("FAR", far) for line in ROOM]
    pack = _write(tmp_path, {"one": ("hall", lines)}, "{lit: false, out: false}")
    _, escape = _escape(load_story(pack))
    assert escape.never_stops("room") is not stops
    quick, full = _both(pack)
    assert findings(quick) == findings(full)
    assert ("room" in full["dead_ends"]) is stops
