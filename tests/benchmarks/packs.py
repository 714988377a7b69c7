"""Benchmark packs unlike our own story, in the documented format.

Our story (and `synthetic.py`) is tidy: short wrapped paragraphs, LF files, one folder, few
conditions. Packs written by others are not, so these generators make what broke us:

- `hub_pack`: ~40 scenes around a hub of sticky and once-only choices, six flags, a visit
  count and a counter; the way out needs all the flags.
- `realistic_pack`: N scenes in chapters that each have a hub with sticky and once-only
  choices, flags, visit counts, evidence and counters read in later chapters; paragraphs
  on one long line; CRLF line endings; files several folders deep.
- `manor_pack`: a second hub of another hand: 40 scenes, two chapters, no counter; flags set
  on entering rooms and cleared again, read by the hall's choices; once-only choices that
  unlock others; a way out by visit count; wrapped block paragraphs, LF, flags declared
  beside their chapter.
- `yard_pack`: a third hub, of a third hand: the hub's sticky and once-only ways mixed
  otherwise (conditions on flags, a coin counter, a `visited` room, one disabled when
  false), rooms one to three scenes deep whose own choices are sticky, once-only by
  default, or lead into another room; flags set and cleared; a dead end and two
  endings inside the rooms; CRLF, plain paragraphs of ~300 words on one line, deep folders.
- `chain_pack`: N scenes in one line (`next` to `next`), for linear scaling.

    python tests/benchmarks/packs.py hub|manor|yard|realistic|chain FOLDER [--scenes N] [--rooms N]
                                                [--sticky-back]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = [
    *("rain", "gate", "kettle", "lantern", "ferry", "orchard", "letter", "harbour", "ledger"),
    *("quilt", "stair", "whistle", "copper", "meadow", "signal", "parcel", "thimble", "hinge"),
    *("ember", "tram", "violin", "cellar"),
]


def _line(rng: random.Random, words: int) -> str:
    """One paragraph written on a single long line (no wrapping), quoted for YAML."""
    text = " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."
    return '"' + text + '"'


def _write(path: Path, lines: list[str], crlf: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines) + "\n"
    path.write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8"))


def _story_file(
    root: Path, title: str, chapters: list[str], variables: dict[str, str], crlf: bool
) -> None:
    lines = [
        "story:",
        f"  title: {title}",
        f"  start: {chapters[0]}",
        f"  chapters: [{', '.join(chapters)}]",
        "  variables:",
    ]
    lines += [f"    {name}: {value}" for name, value in variables.items()]
    lines += ["characters:", "  guide:", "    name: The Guide", "    bond: trust"]
    lines += ["evidence:"]
    lines += [f"  clue{n}:\n    name: Clue {n}" for n in range(8)]
    _write(root / "story.yaml", lines, crlf)


def hub_pack(
    root: Path, seed: int = 3, crlf: bool = True, rooms: int = 10, sticky_back: bool = False
) -> Path:
    """40 scenes: a hub of 10 choices (sticky and once-only), 6 flags, visits, a counter.

    `rooms` makes the hub smaller or larger (each room three scenes, its choices once-only
    by default): how `explore`'s exact state space grows with the rooms of such a hub.
    `sticky_back` makes each room's first `Back` sticky: plays can then go round forever,
    and do where a once-only room was left without its flag.
    """
    rng = random.Random(seed)
    flags = [f"flag{n}" for n in range(6)]
    variables = {name: "false" for name in flags} | {"trust": "0"}
    _story_file(root, "Hub", ["hub"], variables, crlf)
    lines = ["chapters:", "  hub:", "    title: The Hub", '    period: "1997"', "    start: hub"]
    lines += ["    scenes:", "      hub:", f"        text: {_line(rng, 120)}", "        choices:"]
    for n in range(rooms):
        sticky = n % 2 == 0
        lines += [
            f"          - label: Room {n}",
            f"            goto: room{n}",
            f"            once: {'false' if sticky else 'true'}",
        ]
        if n >= 6:
            lines.append(f"            if: {flags[n - 6]} or visits hub > {n - 4}")
    lines += [
        "          - label: Leave",
        "            goto: gate",
        "            if: " + " and ".join(flags) + " and trust >= 3",
    ]
    scenes = 1
    for n in range(rooms):
        lines += [f"      room{n}:", f"        text: {_line(rng, 200)}", "        choices:"]
        lines += [
            "          - label: Look around",
            f"            goto: room{n}_b",
            "            do:",
            f"              - set: {{{flags[n % 6]}: true}}",
            "              - add: {trust: 1}",
            "          - label: Back",
            "            goto: hub",
        ]
        if sticky_back:
            lines.append("            once: false")
        lines += [f"      room{n}_b:", f"        text: {_line(rng, 80)}", "        choices:"]
        lines += [
            "          - label: Take the clue",
            f"            goto: room{n}_c",
            f"            do: [{{evidence: clue{n % 8}}}]",
            "          - label: Back",
            "            goto: hub",
        ]
        lines += [f"      room{n}_c:", f"        text: {_line(rng, 60)}", "        next: hub"]
        scenes += 3
    lines += ["      gate:", f"        text: {_line(rng, 90)}", "        choices:"]
    for n in range(4):
        cond = "has clue0 and has clue1" if n == 0 else f"visits hub >= {n + 2}"
        lines += [f"          - label: Ending {n}", f"            goto: end{n}"]
        lines.append(f"            if: {cond}")
    lines += ["          - label: Plain way out", "            goto: end_plain"]
    for n in range(4):
        lines += [f"      end{n}:", f"        text: {_line(rng, 40)}", f"        end: end{n}"]
    lines += ["      end_plain:", f"        text: {_line(rng, 40)}", "        end: plain"]
    _write(root / "a" / "b" / "c" / "hub.yaml", lines, crlf)
    return root


# The manor's wings: (name, how the hall offers it, its condition, what entering sets,
# what going deeper does, what turning back does). "once" marks a once-only hall choice.
WINGS = [
    ("library", "sticky", None, "map", "{set: {dust: true}}", None),
    ("kitchen", "once", None, "lamp", None, "{set: {letter: true}}"),
    ("cellar", "sticky", "lamp", "dust", "{evidence: ring}", "{set: {lamp: false}}"),
    ("porter", "once", None, None, "{set: {key: true}}", None),
    ("tower", "sticky", "key and not dust", "bell", "{evidence: seal}", None),
    ("garden", "once", "visits hall >= 2", None, "{set: {dust: false}}", "{set: {map: false}}"),
    ("chapel", "sticky", "map or letter", "letter", None, "{set: {bell: false}}"),
    ("attic", "once", "key", "dust", "{evidence: seal}", None),
    ("study", "sticky", "visited kitchen_door", "map", "{set: {key: false}}", None),
    ("belfry", "once", "not bell", "bell", None, None),
]


def _block(rng: random.Random, words: int, indent: str) -> list[str]:
    """A paragraph as a wrapped block scalar (`|`), eight words a line."""
    said = [rng.choice(WORDS) for _ in range(words)]
    rows = [" ".join(said[i : i + 8]) for i in range(0, words, 8)]
    return [f"{indent}text: |"] + [f"{indent}  {row}" for row in rows]


def manor_pack(root: Path, seed: int = 11) -> Path:
    """40 scenes in two chapters: a hall of 10 choices, 6 flags, no counter (see module)."""
    rng = random.Random(seed)
    flags = ["lamp", "key", "map", "dust", "letter", "bell"]
    story = ["story:", "  title: Manor", "  start: manor", "  chapters: [manor, road]"]
    story += ["characters:", "  porter:", "    name: The Porter", "evidence:"]
    story += ["  seal:", "    name: A wax seal", "  ring:", "    name: An iron ring"]
    _write(root / "story.yaml", story, crlf=False)
    hall = ["variables:"] + [f"  {flag}: false" for flag in flags]  # declared beside
    hall += ["chapters:", "  manor:", "    title: The Manor", '    period: "1997"']
    hall += ["    start: arrival", "    scenes:", "      arrival:", *_block(rng, 20, "        ")]
    hall += ["        lines:", "          - porter: Mind the stairs.", "        next: hall"]
    hall += ["      hall:", *_block(rng, 40, "        ")]
    hall += ["        choices:"]
    for name, kind, condition, _, _, _ in WINGS:
        hall += [f"          - label: The {name}", f"            goto: {name}_door"]
        hall.append("            once: false" if kind == "sticky" else "            once: true")
        if condition:
            hall.append(f"            if: {condition}")
    hall += ["          - label: Leave the manor", "            goto: gate"]
    hall += ["            if: visits hall >= 4 and lamp and (map or has seal)"]
    for name, _, _, sets, deeper, back in WINGS:
        lines = [f"      {name}_door:", *_block(rng, 24, "        ")]
        if sets:
            lines.append(f"        do: [{{set: {{{sets}: true}}}}]")
        lines += ["        choices:", "          - label: Go in", f"            goto: {name}_in"]
        if deeper:
            lines.append(f"            do: [{deeper}]")
        lines += [
            "          - label: Turn back",
            "            goto: hall",
            "            once: false",
        ]
        if back:
            lines.append(f"            do: [{back}]")
        lines += [f"      {name}_in:", *_block(rng, 32, "        "), f"        next: {name}_out"]
        lines += [f"      {name}_out:", *_block(rng, 16, "        "), "        next: hall"]
        hall += lines
    _write(root / "house" / "manor.yaml", hall, crlf=False)
    road = ["chapters:", "  road:", "    title: The Road", '    period: "1997"', "    start: gate"]
    road += ["    scenes:", "      gate:", *_block(rng, 30, "        "), "        choices:"]
    ways = [
        ("home", "has seal and has ring"),
        ("bells", "bell and visits hall >= 6"),
        ("letters", "letter and not dust"),
        ("plain", None),
    ]
    for end, condition in ways:
        road += [f"          - label: Towards {end}", f"            goto: end_{end}"]
        if condition:
            road.append(f"            if: {condition}")
    road += [
        "          - label: Wait a while",
        "            goto: bench",
        "            once: false",
    ]
    road += ["          - label: Walk the lane", "            goto: lane"]
    road += ["      bench:", *_block(rng, 12, "        "), "        next: gate"]
    road += ["      lane:", *_block(rng, 12, "        "), "        choices:"]
    road += [
        "          - label: Back to the gate",
        "            goto: gate",
        "            if: lamp",
    ]
    road += ["          - label: Lose the way", "            goto: end_lost"]
    road += ["      end_lost:", *_block(rng, 12, "        "), "        end: lost"]
    for end, _ in ways:
        road += [f"      end_{end}:", *_block(rng, 20, "        "), f"        end: {end}"]
    _write(root / "house" / "grounds" / "road.yaml", road, crlf=False)
    return root


# The yard's rooms: (name, the yard's way in as "sticky"/"once" and its condition, the room's
# scenes as (id, effects on entry, [(label, goto, once, condition, effects)]) or a `next`).
YARD = {
    "shed": ("sticky", None),
    "well": ("once", None),
    "forge": ("sticky", "coal"),
    "loft": ("sticky", "visited forge_in"),
    "stable": ("once", "not rain"),
    "mill": ("sticky!", "coins >= 2"),  # "!": shown disabled when false
    "pond": ("once", None),
    "orchard": ("sticky", "rain or visits yard >= 3"),
    "chapel": ("once", "bell and not coal"),
    "cellar": ("sticky", "lamp"),
}
# Each room scene: (id, its effects on entry, its `next` or its choices as
# (label, goto, once: "true"/"false"/"default", condition, effects)).
Way = tuple[str, str, str, str | None, str | None]
ROOMS: list[tuple[str, str | None, list[Way] | str]] = []


def _room(scene: str, entry: str | None, ways: str | list[Way]) -> None:
    ROOMS.append((scene, entry, ways))


_room("shed", None, [("Rummage", "shed_b", "false", None, "{set: {lamp: true}}")])
_room("shed_b", None, [("Pocket a coin", "yard", "true", None, "{add: {coins: 1}}")])
_room("well", "{set: {rain: true}}", [("Draw water", "well_b", "true", None, None)])
_room("well_b", "{set: {coal: false}}", [("Lower the bucket", "well_c", "false", "rain", None)])
_room("well_c", None, "well_b")
_room("forge", None, [("Work the bellows", "forge_in", "true", None, "{add: {coins: 1}}")])
_room("forge_in", "{set: {bell: true}}", "forge_out")
_room("forge_out", "{set: {rain: false}}", "yard")
_room("loft", None, [("Climb", "loft_b", "default", None, "{set: {seal: true}}")])
_room("loft_b", None, [("Jump to the pond", "pond", "default", "rain", None)])
_room("loft_c", None, "loft_b")
_room("stable", "{set: {mud: true}}", [("Groom", "stable_b", "default", None, "{add: {coins: 1}}")])
_room("stable_b", None, "yard")
_room("mill", "{set: {coal: true}}", [("Grind", "mill_b", "true", None, None)])
_room("mill_b", None, [("Sift", "mill_c", "default", None, "{set: {mud: false}}")])
_room("mill_c", None, "yard")
_room("pond", None, [("Wade in", "pond_b", "false", None, "{set: {lamp: false}}")])
_room("pond_b", "{set: {mud: true}}", [("Let go", "end_pond", "default", "mud and not lamp", None)])
_room("orchard", None, [("Pick", "orchard_b", "true", None, "{add: {coins: 1}}")])
_room("orchard_b", None, [("Climb a tree", "orchard_c", "false", "coins >= 1", None)])
_room("orchard_c", None, "orchard_b")
_room("chapel", None, [("Ring the bell", "chapel_b", "default", None, "{set: {bell: false}}")])
_room("chapel_b", None, [("Climb the tower", "chapel_c", "default", "not rain", None)])
_room("chapel_c", "{set: {bell: true}}", "yard")
_room("cellar", None, [("Descend", "cellar_b", "false", None, "{set: {lamp: false}}")])
_room("cellar_b", None, [("Further down", "cellar_c", "default", None, None)])
_room("cellar_c", "{set: {seal: false}}", "cellar_b")
# More ways: (scene, label, goto, once, condition, effects), after the first of each scene.
for _scene, *_way in [
    ("shed", "Back", "yard", "false", None, None),
    ("shed_b", "Leave it", "yard", "false", None, None),
    ("well", "Back", "yard", "default", None, None),
    ("well_b", "Up", "yard", "default", None, None),
    ("forge", "Back", "yard", "false", None, None),
    ("loft", "Back", "yard", "default", None, None),
    ("loft_b", "Down the ladder", "yard", "false", None, None),
    ("loft_b", "Search the hay", "loft_c", "true", None, "{evidence: clue2}"),
    ("stable", "Back", "yard", "false", None, None),
    ("mill", "Back", "yard", "false", None, None),
    ("mill_b", "Out", "yard", "false", None, None),
    ("pond", "Back", "yard", "false", None, None),
    ("pond_b", "Climb out", "yard", "default", None, None),
    ("orchard", "Rest a while", "orchard", "false", None, None),
    ("orchard", "Back", "yard", "false", None, None),
    ("orchard_b", "Down", "yard", "false", None, None),
    ("chapel", "Kneel", "end_quiet", "default", "seal", None),
    ("chapel", "Back", "yard", "default", None, None),
    ("chapel_b", "Out", "yard", "false", None, None),
    ("cellar", "Back", "yard", "false", None, None),
    ("cellar_b", "Up the steps", "yard", "false", "lamp or coins >= 3", None),
]:
    _ways = next(ways for scene, _, ways in ROOMS if scene == _scene)
    assert isinstance(_ways, list)
    _ways.append(tuple(_way))  # type: ignore[arg-type]


def _plain(rng: random.Random, words: int) -> str:
    """A paragraph as a plain (unquoted) scalar on one long line."""
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def yard_pack(root: Path, seed: int = 23) -> Path:
    """~40 scenes: a yard of 10 ways (sticky and once-only mixed), 6 flags, a counter."""
    rng = random.Random(seed)
    flags = ["coal", "rain", "bell", "lamp", "mud", "seal"]
    _story_file(
        root,
        "Yard",
        ["yard", "after"],
        {f: "false" for f in flags} | {"coins": "0", "trust": "0"},
        True,
    )
    lines = ["chapters:", "  yard:", "    title: The Yard", '    period: "1997"', "    start: yard"]
    lines += ["    scenes:", "      yard:", f"        text: {_plain(rng, 300)}", "        choices:"]
    for name, (kind, condition) in YARD.items():
        lines += [f"          - label: To the {name}", f"            goto: {name}"]
        if kind.startswith("sticky"):
            lines.append("            once: false")
        if condition:
            lines.append(f"            if: {condition}")
        if kind.endswith("!"):
            lines.append("            when_false: disable")
    lines += [
        "          - label: Out through the gate",
        "            goto: gate",
        "            once: false",
    ]
    lines += ["            if: visits yard >= 4 and (lamp or coins >= 3)"]
    for scene_id, entry, ways in ROOMS:
        lines += [f"      {scene_id}:", f"        text: {_plain(rng, rng.randint(120, 400))}"]
        if entry:
            lines.append(f"        do: [{entry}]")
        if isinstance(ways, str):
            lines.append(f"        next: {ways}")
            continue
        lines.append("        choices:")
        for label, goto, once, condition, effects in ways:
            lines += [f"          - label: {label}", f"            goto: {goto}"]
            if once != "default":
                lines.append(f"            once: {once}")
            if condition:
                lines.append(f"            if: {condition}")
            if effects:
                lines.append(f"            do: [{effects}]")
    for end in ("pond", "quiet"):
        lines += [f"      end_{end}:", f"        text: {_plain(rng, 60)}", f"        end: {end}"]
    _write(root / "w" / "x" / "y" / "z" / "yard.yaml", lines, crlf=True)
    after = ["chapters:", "  after:", "    title: After", '    period: "1997"', "    start: gate"]
    after += ["    scenes:", "      gate:", f"        text: {_plain(rng, 200)}", "        choices:"]
    ends = [("home", "seal and bell"), ("road", "visits yard >= 6"), ("muddy", "mud and not rain")]
    for end, condition in [*ends, ("plain", None)]:
        after += [f"          - label: Towards {end}", f"            goto: end_{end}"]
        if condition:
            after.append(f"            if: {condition}")
    for end, _ in [*ends, ("plain", None)]:
        after += [f"      end_{end}:", f"        text: {_plain(rng, 50)}", f"        end: {end}"]
    _write(root / "w" / "after.yaml", after, crlf=True)
    return root


def realistic_pack(
    root: Path,
    scenes: int = 1_000,
    seed: int = 5,
    crlf: bool = True,
    per_file: int = 1,
    quoted: bool = True,
) -> Path:
    """`scenes` scenes in chapters of ~25: hubs, flags, visit counts, counters, evidence.

    `per_file` chapters are written to each file; `quoted=False` writes the one-line
    paragraphs as plain scalars (YAML then decides each one's type, as for `true`).
    """
    rng = random.Random(seed)
    text = _line if quoted else (lambda rng, words: _line(rng, words)[1:-1])
    grouped: list[str] = []
    per = 25
    count = max(1, scenes // per)
    chapters = [f"c{n:03d}" for n in range(count)]
    variables = {f"f{n}_{k}": "false" for n in range(count) for k in range(3)}
    variables |= {"trust": "0", "courage": "0"}
    _story_file(root, "Realistic", chapters, variables, crlf)
    for n, chapter in enumerate(chapters):
        nxt = f"{chapters[n + 1]}_s0" if n + 1 < count else None
        own = [f"f{n}_{k}" for k in range(3)]
        lines = ["chapters:", f"  {chapter}:", f"    title: Part {n}", '    period: "1997"']
        lines += [f"    start: {chapter}_s0", "    scenes:"]
        # s0: the chapter's hub; s1..s6 rooms off it; s7..s24 a branching road out.
        lines += [f"      {chapter}_s0:", f"        text: {text(rng, 150)}", "        choices:"]
        for r in range(1, 7):
            lines += [
                f"          - label: Room {r}",
                f"            goto: {chapter}_s{r}",
                f"            once: {'false' if r % 2 else 'true'}",
            ]
            if r > 4:
                lines.append(f"            if: {own[r % 3]} or visits {chapter}_s0 >= 3")
        lines += [
            "          - label: Go on",
            f"            goto: {chapter}_s7",
            f"            if: {own[0]} or {own[1]}",
        ]
        for r in range(1, 7):
            effects = [f"{{set: {{{own[r % 3]}: true}}}}", "{add: {trust: 1}}"]
            if r == 3:
                effects.append(f"{{evidence: clue{n % 8}}}")
            lines += [
                f"      {chapter}_s{r}:",
                f"        text: {text(rng, 90)}",
                f"        do: [{effects[0]}]",
                "        choices:",
                "          - label: Back to the hub",
                f"            goto: {chapter}_s0",
                "            once: false",
                "            do: [" + ", ".join(effects[1:]) + "]",
            ]
        road = list(range(7, per))
        for i, r in enumerate(road):
            sid = f"{chapter}_s{r}"
            last = i == len(road) - 1
            lines += [f"      {sid}:", f"        text: {text(rng, rng.randint(40, 260))}"]
            if last:
                if nxt is None:
                    lines.append("        end: finale")
                else:
                    lines.append(f"        next: {nxt}")
                continue
            a = f"{chapter}_s{road[i + 1]}"
            b = f"{chapter}_s{road[min(i + 2, len(road) - 1)]}"
            lines += ["        choices:", "          - label: Straight on"]
            lines.append(f"            goto: {a}")
            lines += [
                "          - label: The side way",
                f"            goto: {b}",
                f"            if: {own[i % 3]} or courage > {i % 4}",
                "            when_false: disable",
                "            do: [{add: {courage: 1}}]",
            ]
            if n > 0 and i % 6 == 0:
                prev = f"f{n - 1}_{i % 3}"
                lines += [
                    "          - label: Remember",
                    f"            goto: {a}",
                    f"            if: {prev} and not {own[2]}",
                ]
        grouped += lines if not grouped else lines[1:]  # one `chapters:` a file
        if (n + 1) % per_file == 0 or n + 1 == count:
            depth = "/".join(f"d{n % 3}_{k}" for k in range(4))
            _write(root / depth / f"{chapter}.yaml", grouped, crlf)
            grouped = []
    return root


def chain_pack(root: Path, scenes: int = 10_000, files: int = 20, crlf: bool = False) -> Path:
    """`scenes` scenes in one line: each scene's `next` is the one after."""
    rng = random.Random(1)
    per = scenes // files
    chapters = [f"k{n:03d}" for n in range(files)]
    _story_file(root, "Chain", chapters, {"trust": "0"}, crlf)
    for f, chapter in enumerate(chapters):
        lines = ["chapters:", f"  {chapter}:", f"    title: Link {f}", '    period: "1997"']
        lines += [f"    start: {chapter}_0", "    scenes:"]
        for i in range(per):
            lines += [f"      {chapter}_{i}:", f"        text: {_line(rng, 30)}"]
            if i + 1 < per:
                lines.append(f"        next: {chapter}_{i + 1}")
            elif f + 1 < files:
                lines.append(f"        next: {chapters[f + 1]}_0")
            else:
                lines.append("        end: last")
        _write(root / chapter / "scenes.yaml", lines, crlf)
    return root


def town_pack(root: Path, scenes: int = 1_000, seed: int = 5) -> Path:
    """A town's square and its districts (a chapter each, in folders two deep, CRLF): each
    district is open once the last one's key is found, behind a left and a right room's
    flags (the left room sticky, the right once-only); the gate needs the last key, and
    a player may give up after enough visits to the square. Every scene can be reached,
    and every play can end: a hub of hubs, one loop of the whole story."""
    rng = random.Random(seed)
    count = max(1, (scenes - 3) // 4)
    chapters = ["town"] + [f"d{d}" for d in range(count)]
    flags = {f"{f}{d}": "false" for d in range(count) for f in "abk"}
    _story_file(root, "Town", chapters, flags | {"trust": "0"}, True)
    lines = [
        "chapters:",
        "  town:",
        "    title: The Town",
        '    period: "1997"',
        "    start: square",
    ]
    lines += [
        "    scenes:",
        "      square:",
        f"        text: {_line(rng, 120)}",
        "        choices:",
    ]
    for d in range(count):
        guard = f", if: k{d - 1}" if d else ""
        lines.append(f"          - {{label: District {d}, goto: h{d}, once: false{guard}}}")
    lines.append(f"          - {{label: The gate, goto: gate, if: k{count - 1}}}")
    lines.append(f"          - {{label: Give up, goto: gone, if: visits square >= {count}}}")
    lines += [f"      gate: {{text: {_line(rng, 40)}, end: free}}"]
    lines += [f"      gone: {{text: {_line(rng, 40)}, end: gaveup}}"]
    _write(root / "town.yaml", lines, crlf=True)
    for d in range(count):
        a, b, k = f"a{d}", f"b{d}", f"k{d}"
        lines = ["chapters:", f"  d{d}:", f"    title: District {d}", '    period: "1997"']
        lines += [f"    start: h{d}", "    scenes:", f"      h{d}:"]
        lines += [f"        text: {_line(rng, rng.randint(60, 400))}", "        choices:"]
        lines += [
            f"          - {{label: Left, goto: l{d}, once: false}}",
            f"          - {{label: Right, goto: r{d}}}",
            f"          - {{label: The attic, goto: t{d}, if: {a} and {b}}}",
            "          - {label: The square, goto: square, once: false}",
            f"      l{d}:",
            f"        text: {_line(rng, 80)}",
            "        choices:",
            f"          - {{label: Look, goto: h{d}, do: [{{set: {{{a}: true}}}}]}}",
            f"          - {{label: Leave, goto: h{d}, once: false}}",
            f"      r{d}: {{text: {_line(rng, 80)}, do: [{{set: {{{b}: true}}}}], next: h{d}}}",
            f"      t{d}: {{text: {_line(rng, 80)}, do: [{{set: {{{k}: true}}}}], next: h{d}}}",
        ]
        _write(root / f"d{d // 10}" / f"d{d}" / "district.yaml", lines, crlf=True)
    return root


def cases_pack(root: Path, scenes: int = 1_000, seed: int = 7, needed: int = 8) -> Path:
    """Cases solved one after another, a chapter each (one long line of text a scene):
    an office and four places, each place searched once for its clue and visited again
    and again; an accusation once two clues are found (or the file read and the last
    place searched), the right name only with the case's own clue, the wrong one always.
    Either way the next case begins. The last case ends in a legend only when the last
    `needed` cases were all solved right: one sequence through `needed` hubs, each with
    thousands of states."""
    rng = random.Random(seed)
    count = max(needed, scenes // 14)
    chapters = [f"case{c}" for c in range(count)]
    flags = {f"{f}{c}": "false" for c in range(count) for f in ("solved", "file")}
    flags |= {f"e{c}_{p}": "false" for c in range(count) for p in range(4)}
    _story_file(root, "Cases", chapters, flags | {"trust": "0"}, False)
    for c in range(count):
        key = rng.randrange(4)  # the place whose clue names the right person
        after = f"office{c + 1}" if c + 1 < count else f"last{c}"
        lines = ["chapters:", f"  case{c}:", f"    title: Case {c}", '    period: "1997"']
        lines += [f"    start: office{c}", "    scenes:", f"      office{c}:"]
        lines += [f"        text: {_line(rng, rng.randint(150, 600))}", "        choices:"]
        for p in range(4):
            guard = f", if: e{c}_{p - 1} or file{c}" if p >= 2 else ""
            lines.append(f"          - {{label: Place {p}, goto: p{c}_{p}, once: false{guard}}}")
        lines += [
            f"          - {{label: The file, goto: f{c}, do: [{{set: {{file{c}: true}}}}]}}",
            f"          - {{label: Sleep, goto: office{c}, once: false,"
            f" if: visits office{c} >= 4}}",
            f"          - label: Accuse\n            goto: a{c}\n            once: false\n"
            f"            if: (e{c}_0 and e{c}_1) or (file{c} and e{c}_3)",
            f"      f{c}: {{text: {_line(rng, 60)}, next: office{c}}}",
            f"      a{c}:",
            f"        text: {_line(rng, 60)}",
            "        choices:",
            f"          - {{label: Name the first, goto: w{c}}}",
            f"          - {{label: Name the second, goto: r{c}, if: e{c}_{key}}}",
            f"          - {{label: Not yet, goto: office{c}, once: false}}",
            f"      r{c}: {{text: {_line(rng, 40)}, next: {after},"
            f" do: [{{set: {{solved{c}: true}}}}]}}",
            f"      w{c}: {{text: {_line(rng, 40)}, next: {after}}}",
        ]
        for p in range(4):
            lines += [
                f"      p{c}_{p}:",
                f"        text: {_line(rng, rng.randint(80, 300))}",
                "        choices:",
                f"          - {{label: Search, goto: s{c}_{p}, do: [{{set: {{e{c}_{p}: true}}}}]}}",
                f"          - {{label: Outside, goto: y{c}_{p}, once: false}}",
                f"          - {{label: Back, goto: office{c}, once: false}}",
                f"      s{c}_{p}: {{text: {_line(rng, 40)}, next: p{c}_{p}}}",
                f"      y{c}_{p}: {{text: {_line(rng, 40)}, next: p{c}_{p}}}",
            ]
        if c + 1 == count:
            last = " and ".join(f"solved{k}" for k in range(count - needed, count))
            lines += [
                f"      last{c}:",
                f"        text: {_line(rng, 60)}",
                "        choices:",
                f"          - {{label: A legend, goto: legend, if: {last}}}",
                "          - {label: Home, goto: home}",
                f"      legend: {{text: {_line(rng, 40)}, end: legend}}",
                f"      home: {{text: {_line(rng, 40)}, end: home}}",
            ]
        _write(root / "chapters" / f"case{c}.yaml", lines, crlf=False)
    return root


def main() -> None:
    parser = argparse.ArgumentParser()
    kinds = ("hub", "manor", "yard", "realistic", "chain", "town", "cases")
    parser.add_argument("kind", choices=kinds)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--scenes", type=int, default=1_000)
    parser.add_argument("--rooms", type=int, default=10, help="rooms of the `hub` pack")
    parser.add_argument(
        "--sticky-back", action="store_true", help="the `hub` pack's rooms go back by a sticky way"
    )
    args = parser.parse_args()
    if args.kind == "hub":
        hub_pack(args.folder, rooms=args.rooms, sticky_back=args.sticky_back)
    elif args.kind == "manor":
        manor_pack(args.folder)
    elif args.kind == "yard":
        yard_pack(args.folder)
    elif args.kind == "realistic":
        realistic_pack(args.folder, args.scenes)
    elif args.kind == "town":
        town_pack(args.folder, args.scenes)
    elif args.kind == "cases":
        cases_pack(args.folder, args.scenes)
    else:
        chain_pack(args.folder, args.scenes)


if __name__ == "__main__":
    main()
