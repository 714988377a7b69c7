"""Benchmark story packs for cellseven, written from the authoring guide alone.

This generator was written by an outside author who read only ``story/README.md`` and the JSON
schema beside it: it knows nothing of the engine's code or of the other generators here.

Usage::

    python tests/benchmarks/outside_e.py STYLE OUTDIR [--scenes N] [--seed S]

It writes a pack of about N scenes (default 200) into OUTDIR, which must be empty or absent.
The same arguments always give byte-identical files (a seeded ``random.Random``); only the
standard library and PyYAML are used. Styles:

- ``timeloop``: one day that repeats. A ``wake`` scene, reached by ``next`` from nightfall,
  advances ``loop`` and clears the in-loop order flags; the same places (grouped in districts)
  are re-entered every loop; facts, evidence and insight flags are kept across loops; an
  "ask" choice opens only when a neighbour's routine was learned in an *earlier* loop
  (``loop > learned_N``, variable against variable); the first places of each district must be
  done in order within one loop; a true ending needs two insights, one item and a completed
  in-loop sequence; a give-up ending opens from the third loop. Scales by places (7 scenes
  each). Files: one per district, CRLF line ends, heavy ``#`` comments before every scene.
- ``crafting``: a workshop hub, sticky gathering trips that add materials and spend days
  under a limit, recipes guarded by sums, products, remainders and comparisons of
  materials, crafting that subtracts materials and grants items, customers and two-item
  quests reading ``has``, a reputation number and endings by its thresholds. Scales by
  recipes, customers, regions and materials. Files: a UTF-8 BOM on every file, few huge
  ``.yml`` files, every scene written as one flow-style mapping.
- ``rumours``: a town of many characters with ``bond`` numbers, talk scenes with conditional
  lines, secrets revealed at a bond, gossip needing ``knows`` and ``met`` of someone from the
  other faction, text variables set by choices, once-only and sticky choices mixed, and a
  mayor's decision comparing ``trust_north`` with ``trust_south``. Scales by characters
  (9 scenes each, one chapter each). Files: one tiny file per character seven folders deep,
  every mapping key double-quoted, no schema line.
- ``campaign``: an election over many weeks, a chapter a week with a hub of sticky and
  once-only events, three poll numbers compared with each other and with constants, money
  spent and raised, a debate (a trial with hidden statements, presses, a refutation scene and
  three verdict tiers) every third week whose ruling sets flags and moves polls, and endings
  by who leads on election night. Scales by weeks. Files: a ``---`` marker, one file per
  week in month folders, 200-word one-line paragraphs, literal block texts.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

STYLES = ("timeloop", "crafting", "rumours", "campaign")


# --------------------------------------------------------------------------- YAML writing


class Flow(dict):
    """A mapping written in flow style: ``{a: 1, b: 2}``."""


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # never write anchors or aliases (refused, CS009)
        return True


def _flow_rep(dumper, data):
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


_Dumper.add_representer(Flow, _flow_rep)


def _str_rep(dumper, data):
    style = "|" if "\n" in data and not data.startswith(" ") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_rep)


class _QuotedDumper(_Dumper):
    pass


def _quoted_rep(dumper, data):
    node = dumper.represent_mapping("tag:yaml.org,2002:map", data.items())
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            key.style = '"'
    return node


_QuotedDumper.add_representer(dict, _quoted_rep)


def dump(obj, *, width=100, quoted=False) -> str:
    return yaml.dump(
        obj,
        Dumper=_QuotedDumper if quoted else _Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=width,
        default_flow_style=False,
    )


def indent(text: str, n: int) -> str:
    pad = " " * n
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


class Pack:
    def __init__(self, root: Path, bom=False, crlf=False):
        self.root = root
        self.bom = bom
        self.crlf = crlf
        self.files: dict[str, str] = {}
        self.scenes = 0

    def add(self, rel: str, text: str, schema=True):
        if schema:
            depth = rel.count("/")
            text = f"# yaml-language-server: $schema={'../' * depth}cellseven.schema.json\n" + text
        if rel in self.files:
            raise ValueError(rel)
        self.files[rel] = text

    def write(self):
        for rel in sorted(self.files):
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            text = self.files[rel]
            if self.crlf:
                text = text.replace("\n", "\r\n")
            data = text.encode("utf-8")
            if self.bom:
                data = b"\xef\xbb\xbf" + data
            path.write_bytes(data)


def choice(cid, label, goto, *, cond=None, sticky=False, do=None, disable=False):
    c = {"id": cid, "label": label, "goto": goto}
    if cond:
        c["if"] = cond
        if disable:
            c["when_false"] = "disable"
    if sticky:
        c["once"] = False
    if do:
        c["do"] = do
    return c


# --------------------------------------------------------------------------- word lists

FIRST = [
    "Ada",
    "Bram",
    "Cora",
    "Dario",
    "Elin",
    "Faye",
    "Gil",
    "Hana",
    "Ivo",
    "Juno",
    "Kai",
    "Lena",
    "Milo",
    "Nora",
    "Otto",
    "Pia",
    "Quin",
    "Rosa",
    "Sami",
    "Tova",
    "Ugo",
    "Vera",
    "Wren",
    "Xavi",
    "Yuna",
    "Zeno",
    "Alma",
    "Bento",
    "Cleo",
    "Dov",
    "Edda",
    "Finn",
    "Greta",
    "Hugo",
    "Ines",
    "Jon",
    "Kira",
    "Luca",
    "Mara",
    "Nils",
    "Oona",
    "Per",
    "Rhea",
    "Sven",
    "Tara",
    "Uma",
    "Vik",
    "Wanda",
    "Yara",
    "Zofia",
]
LAST = [
    "Abbot",
    "Birch",
    "Clay",
    "Dunmore",
    "Ember",
    "Fallow",
    "Greer",
    "Holm",
    "Ivers",
    "Jessop",
    "Kettle",
    "Lowe",
    "Marsh",
    "Nettle",
    "Orchard",
    "Pike",
    "Quarry",
    "Reed",
    "Sallow",
    "Thorne",
    "Umber",
    "Vale",
    "Wick",
    "Yardley",
]
ADJ = [
    "quiet",
    "amber",
    "little",
    "old",
    "blue",
    "green",
    "windy",
    "sunny",
    "misty",
    "narrow",
    "broad",
    "hidden",
    "lantern",
    "copper",
    "silver",
    "willow",
    "maple",
    "cedar",
    "harbour",
    "market",
    "river",
    "hill",
    "garden",
    "morning",
]
NOUN = [
    "bakery",
    "clocktower",
    "landing",
    "library",
    "stall",
    "teahouse",
    "laundry",
    "schoolyard",
    "postoffice",
    "bench",
    "bridge",
    "musicshop",
    "busstop",
    "chapelgarden",
    "fishmonger",
    "greenhouse",
    "observatory",
    "pier",
    "kiosk",
    "tailor",
    "ropewalk",
    "mill",
    "orchard",
    "well",
    "fountain",
    "archway",
]
NICE_NOUN = {
    "clocktower": "clock tower",
    "postoffice": "post office",
    "musicshop": "music shop",
    "busstop": "bus stop",
    "chapelgarden": "chapel garden",
}
OBJECTS = [
    "pressed flower",
    "brass key",
    "folded map",
    "ribbon",
    "pocket watch",
    "postcard",
    "glass bead",
    "train ticket",
    "button",
    "paper crane",
    "feather",
    "sea shell",
    "pencil stub",
    "library card",
    "tea tin",
    "marble",
    "thimble",
    "compass",
    "recipe card",
    "photograph",
]


def person(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            return name


def filler(rng: random.Random, words: int) -> str:
    bits = (
        "the light moves slowly across the cobbles",
        "someone is humming an old song",
        "a cat watches from a windowsill",
        "the smell of bread drifts from somewhere",
        "children count steps on the way to school",
        "the wind carries a page of newspaper",
        "a kettle whistles in a kitchen nearby",
        "pigeons settle on the gutter",
        "a bicycle bell rings twice",
        "the shadows of the chimneys shorten",
        "an umbrella is opened and closed again",
        "voices rise and fall behind a door",
        "a dog sleeps in a square of sunlight",
        "chalk marks on the pavement are half washed away",
    )
    out: list[str] = []
    while sum(len(b.split()) for b in out) < words:
        out.append(rng.choice(bits))
    text = ", and ".join(out)
    return text[0].upper() + text[1:] + "."


# --------------------------------------------------------------------------- timeloop


def gen_timeloop(pack: Pack, n: int, rng: random.Random):
    fixed = 6
    places = max(3, round((n - fixed) / 7.15))
    per_district = 6
    districts = [list(range(i, min(i + per_district, places))) for i in range(0, places, 6)]
    district_of = {p: d for d, ps in enumerate(districts) for p in ps}
    chain = {d: ps[:3] for d, ps in enumerate(districts)}
    used: set[str] = set()
    pname = []
    for _ in range(places):
        noun = rng.choice(NOUN)
        while True:
            nm = f"the {rng.choice(ADJ)} {NICE_NOUN.get(noun, noun)}"
            if nm not in used:
                used.add(nm)
                break
            noun = rng.choice(NOUN)
        pname.append(nm)
    cname = [person(rng, set(used)) for _ in range(places)]
    dname = [f"the {w} quarter" for w in rng.sample(ADJ, len(districts))]
    last = places - 1
    mid = places // 2
    chain0 = chain[0]
    true_cond = (
        f"loop >= 2 and insight_0 and insight_{mid} and has tl_ev_{last} "
        f"and seq_0_{len(chain0) - 1}"
    )

    # ---- story.yaml, with the prologue chapter (the loop machinery) and the endings
    seq_flags = [f"seq_{d}_{j}" for d in range(len(districts)) for j in range(len(chain[d]))]
    story = {
        "story": {
            "title": "The Same Tuesday",
            "id": "outside-e-timeloop",
            "start": "loop",
            "chapters": ["loop"] + [f"district_{d}" for d in range(len(districts))],
            "variables": {"loop": 0},
        }
    }
    head = dump(story)
    scenes = {
        "tl_prologue": {
            "text": "The alarm clock says Tuesday. It said Tuesday yesterday, too.",
            "next": "tl_wake",
        },
        "tl_wake": {
            "text": (
                "You wake up again. {loop > 1: The same crack in the ceiling, the same "
                "sparrow.|A sparrow on the sill, a crack in the ceiling.} This is loop {loop}."
            ),
            "do": [{"add": {"loop": 1}}, {"set": {f: False for f in seq_flags}}],
            "next": "tl_square",
        },
        "tl_square": {
            "place": "The town square",
            "text": "The fountain, the clock, the same pigeons. Loop {loop}.",
            "choices": [
                choice(f"go_d{d}", f"Walk to {dname[d]}", f"tl_d{d}_hub", sticky=True)
                for d in range(len(districts))
            ]
            + [
                choice(
                    "set_it_right",
                    "Put the whole day right at last",
                    "tl_true_end",
                    cond=true_cond,
                    disable=True,
                ),
                choice("end_day", "Let the day run out", "tl_nightfall", sticky=True),
                choice(
                    "give_up", "Stop trying and sit by the fountain", "tl_give_up", cond="loop >= 3"
                ),
            ],
        },
        "tl_nightfall": {
            "text": "The street lamps come on one by one, and then the day folds shut.",
            "next": "tl_wake",
        },
        "tl_give_up": {
            "text": "You sit. Tuesday goes on around you, kind and unchanging.",
            "end": "gave_up",
        },
        "tl_true_end": {
            "text": "Everything happens in its order, and at midnight the clock says Wednesday.",
            "end": "wednesday",
        },
    }
    body = [
        "# The loop machinery. `tl_wake` is reached only by `next` (from the prologue and\n",
        "# from nightfall): it advances `loop` and clears every in-loop order flag.\n",
        'chapters:\n  loop:\n    title: The Loop\n    period: "1999"\n    place: A small town\n',
        "    start: tl_prologue\n    scenes:\n",
    ]
    for sid, sc in scenes.items():
        body.append(f"      # scene {sid}: one of the {len(scenes)} fixed scenes\n")
        body.append(indent(dump({sid: sc}), 6))
    pack.scenes += len(scenes)
    pack.add("story.yaml", "# The Same Tuesday: a day that repeats.\n" + head + "".join(body))

    # ---- characters and evidence
    chars = {}
    evid = {}
    for p in range(places):
        chars[f"tl_c{p}"] = {
            "name": cname[p],
            "role": f"keeps {pname[p]}",
            "facts": {
                "routine": f"{cname[p]} opens {pname[p]} at the same minute every day.",
                "secret": f"{cname[p]} is waiting for a letter that never comes on Tuesday.",
            },
        }
        evid[f"tl_ev_{p}"] = {
            "name": f"a {OBJECTS[p % len(OBJECTS)]}",
            "kind": "item",
            "description": f"Found at {pname[p]}. It stays in your pocket across loops.",
            "found": pname[p],
        }
    pack.add(
        "people/cast.yaml",
        "# Everyone you meet, every Tuesday.\n# Each keeper has a routine and a secret.\n"
        + dump({"characters": chars}),
    )
    pack.add(
        "people/pockets.yaml",
        "# What survives the loop: things in your pockets.\n" + dump({"evidence": evid}),
    )

    # ---- one file per district
    for d, ps in enumerate(districts):
        var = {}
        for j in range(len(chain[d])):
            var[f"seq_{d}_{j}"] = False
        for p in ps:
            var[f"learned_{p}"] = 0
            var[f"insight_{p}"] = False
        out = [
            f"# District {d}: {dname[d]}.\n",
            "# Its own variables are declared beside it.\n",
            "# learned_N records the loop in which the keeper's routine was learned;\n",
            "# seq flags are cleared each morning by tl_wake.\n",
            dump({"variables": var}),
            "\n# The district chapter: a small hub and seven scenes per place.\n",
            "chapters:\n",
            f"  district_{d}:\n",
            indent(
                dump(
                    {
                        "title": dname[d].capitalize(),
                        "period": "1999",
                        "place": dname[d],
                        "start": f"tl_d{d}_hub",
                    }
                ),
                4,
            ),
            "    scenes:\n",
        ]
        hub = {
            "text": f"{dname[d].capitalize()}, loop {{loop}}. {filler(rng, 12)}",
            "choices": [
                choice(f"go_p{p}", f"Go to {pname[p]}", f"tl_p{p}", sticky=True) for p in ps
            ]
            + [choice("back", "Back to the square", "tl_square", sticky=True)],
        }
        out.append(f"      # ---- the hub of {dname[d]}: every way out is sticky\n")
        out.append(indent(dump({f"tl_d{d}_hub": hub}), 6))
        pack.scenes += 1
        for p in ps:
            q = (p - 1) % places
            c = f"tl_c{p}"
            ch = [
                choice(
                    "talk",
                    f"Introduce yourself to {cname[p]}",
                    f"tl_p{p}_talk1",
                    cond=f"not knows {c}.routine",
                ),
                choice(
                    "talk_again",
                    f"Chat with {cname[p]} again",
                    f"tl_p{p}_talk2",
                    cond=f"knows {c}.routine",
                    sticky=True,
                ),
                choice("search", f"Look around {pname[p]}", f"tl_p{p}_search"),
                choice(
                    "ask",
                    f"Mention what {cname[q]} told you in an earlier loop",
                    f"tl_p{p}_ask",
                    cond=f"knows tl_c{q}.routine and loop > learned_{q} and not knows {c}.secret",
                    disable=True,
                ),
            ]
            if p in chain[d]:
                j = chain[d].index(p)
                cond = f"not seq_{d}_0" if j == 0 else f"seq_{d}_{j - 1} and not seq_{d}_{j}"
                ch.append(
                    choice(
                        "step",
                        f"Do this morning's errand number {j + 1} here",
                        f"tl_p{p}_seq",
                        cond=cond,
                        sticky=True,
                        disable=True,
                    )
                )
                seq_scene = {
                    "text": f"Errand {j + 1} of {len(chain[d])} in {dname[d]}, done in order.",
                    "do": [{"flag": f"seq_{d}_{j}"}],
                    "next": f"tl_p{p}",
                }
            else:
                ch.append(choice("linger", "Linger a while", f"tl_p{p}_seq", sticky=True))
                seq_scene = {
                    "text": "{&The clock ticks.|A tram passes.|Someone laughs upstairs.}",
                    "next": f"tl_p{p}",
                }
            ch.append(
                choice(
                    "remember",
                    "Put together what you know",
                    f"tl_p{p}_insight",
                    cond=f"has tl_ev_{p} and knows {c}.secret and not insight_{p}",
                )
            )
            ch.append(choice("leave", f"Back to {dname[d]}", f"tl_d{d}_hub", sticky=True))
            place_scenes = {
                f"tl_p{p}": {
                    "place": pname[p].capitalize(),
                    "text": (
                        f"{pname[p].capitalize()}. {{loop > 1: You have stood here before.|"
                        f"You have never been here.}} {{insight_{p}: You know how this "
                        f"keeper's day ends now.}}"
                    ),
                    "lines": [
                        {c: "Good morning. Lovely Tuesday.", "if": f"knows {c}.routine"},
                        {"text": f"{cname[p]} does not look up.", "if": f"not met {c}"},
                    ],
                    "choices": ch,
                },
                f"tl_p{p}_talk1": {
                    "text": f"{cname[p]} tells you about the day, minute by minute.",
                    "lines": [{c: "I open at eight. I always open at eight."}],
                    "do": [{"reveal": f"{c}.routine"}, {"set": {f"learned_{p}": "loop"}}],
                    "next": f"tl_p{p}",
                },
                f"tl_p{p}_talk2": {
                    "text": "{Small talk.|The same small talk.|You finish each other's sentences.}",
                    "next": f"tl_p{p}",
                },
                f"tl_p{p}_search": {
                    "text": f"Under the counter, {evid[f'tl_ev_{p}']['name']}.",
                    "do": [{"evidence": f"tl_ev_{p}"}],
                    "next": f"tl_p{p}",
                },
                f"tl_p{p}_ask": {
                    "text": f"{cname[p]} goes quiet, then tells you what they are waiting for.",
                    "do": [{"reveal": f"{c}.secret"}],
                    "next": f"tl_p{p}",
                },
                f"tl_p{p}_seq": seq_scene,
                f"tl_p{p}_insight": {
                    "text": "It fits. You will not forget it, whatever the clock does.",
                    "do": [{"flag": f"insight_{p}"}],
                    "next": f"tl_p{p}",
                },
            }
            for sid, sc in place_scenes.items():
                out.append(f"      # ---- {sid}: {pname[p]}, kept by {cname[p]}\n")
                if sid.endswith("_ask"):
                    out.append(f"      # opens only once {cname[q]}'s routine is an old memory\n")
                out.append(indent(dump({sid: sc}), 6))
            pack.scenes += len(place_scenes)
        pack.add(f"districts/district_{d:02d}.yaml", "".join(out))

    # ---- playthroughs
    def nav(p):
        return [f"go_d{district_of[p]}", f"go_p{p}"]

    def out_(_p):
        return ["leave", "back"]

    give_up = ["continue", "continue"] + ["end_day", "continue", "continue"] * 2 + ["give_up"]
    first = ["continue", "continue", *nav(0), "talk", "continue", "search", "continue"]
    path = ["continue", "continue"]
    loop1 = sorted({last, (mid - 1) % places})
    for p in loop1:
        path += [*nav(p), "talk", "continue"]
        if p == last:
            path += ["search", "continue"]
        path += out_(p)
    path += ["end_day", "continue", "continue"]
    for p in sorted({0, mid, *chain0}):
        path += nav(p)
        if p in (0, mid):
            path += ["ask", "continue", "search", "continue", "remember", "continue"]
        if p in chain0:
            path += ["step", "continue"]
        path += out_(p)
    path += ["set_it_right"]
    tests = [
        {
            "name": "three mornings, then give up",
            "choices": give_up,
            "ending": "gave_up",
            "variables": {"loop": 3},
        },
        {
            "name": "first keeper, first loop",
            "choices": first,
            "reach": "tl_p0",
            "evidence": ["tl_ev_0"],
            "met": ["tl_c0"],
            "shows": "I always open at eight",
            "variables": {"learned_0": 1},
        },
        {
            "name": "two loops to Wednesday",
            "choices": path,
            "ending": "wednesday",
            "variables": {"loop": 2, "insight_0": True, f"insight_{mid}": True},
        },
    ]
    pack.add(
        "playthroughs.yaml",
        "# Story tests, run by `cellseven test`.\n" + dump({"playthroughs": tests}),
    )


# --------------------------------------------------------------------------- crafting

MATERIALS = [
    "wood",
    "ore",
    "cloth",
    "clay",
    "glass",
    "resin",
    "wool",
    "salt",
    "reed",
    "copper",
    "flax",
    "wax",
]
REGION_WORDS = [
    "birch wood",
    "grey quarry",
    "weavers' hollow",
    "river clay banks",
    "dune glassworks",
    "pine slope",
    "sheep downs",
    "salt flats",
    "reed marsh",
    "old copper hill",
    "flax fields",
    "bee gardens",
    "fern valley",
    "chalk cliffs",
    "cedar ridge",
    "mossy dell",
    "heather moor",
    "willow bend",
]
ITEMS = [
    "stool",
    "lantern",
    "basket",
    "kettle",
    "ladle",
    "bowl",
    "comb",
    "spoon",
    "shelf",
    "rug",
    "vase",
    "candle",
    "jar",
    "brush",
    "broom",
    "cup",
    "frame",
    "clock",
    "chest",
    "box",
    "whistle",
    "bell",
    "tray",
    "mug",
    "pot",
]
ITEM_ADJ = [
    "sturdy",
    "bright",
    "small",
    "painted",
    "woven",
    "glazed",
    "carved",
    "fine",
    "plain",
    "tall",
    "round",
]


def gen_crafting(pack: Pack, n: int, rng: random.Random):
    n_mat = min(len(MATERIALS), 4 + n // 150)
    mats = MATERIALS[:n_mat]
    n_reg = max(2, n // 30)
    limit = 40

    def total(k):
        cust = (2 * k) // 3
        return 6 + 3 * n_reg + 2 * k + 2 * cust + -(-k // 12) + -(-cust // 12)

    k = 2
    while total(k + 1) <= n:
        k += 1
    n_cust = (2 * k) // 3
    regions = []
    for r in range(n_reg):
        base = REGION_WORDS[r % len(REGION_WORDS)]
        regions.append(base if r < len(REGION_WORDS) else f"far {base} {r // len(REGION_WORDS)}")
    reg_mats = [(mats[r % n_mat], mats[(r + 1 + r // n_mat) % n_mat]) for r in range(n_reg)]
    # recipes
    used_names: set[str] = set()
    recipes = []
    for i in range(k):
        while True:
            nm = f"{rng.choice(ITEM_ADJ)} {rng.choice(ITEMS)}"
            if nm not in used_names:
                used_names.add(nm)
                break
            if len(used_names) > 200:
                nm = f"{nm} no. {i}"
                used_names.add(nm)
                break
        a, b, c = rng.sample(mats, 3)
        form = i % 6 if i > 0 else 0
        qa = rng.randint(2, 4)
        if form == 0:
            cond = f"{a} >= {qa} and {b} * 2 >= {c}"
            do = {a: -qa}
        elif form == 1:
            cond = f"{a} + {b} >= {qa + 2} and {a} >= 1 and {b} >= 1"
            do = {a: -1, b: -1}
        elif form == 2:
            cond = f"{a} * {b} >= {qa * 2}"
            do = {a: -1}
        elif form == 3:
            qb = rng.randint(1, 3)
            cond = f"{a} >= {qa} and {b} >= {qb} and {a} - {b} <= 3"
            do = {a: -qa, b: -qb}
        elif form == 4:
            j = rng.randrange(i)
            cond = f"has cr_item_{j} and {a} >= 2"
            do = {a: -2}
        else:
            cond = f"{a} % 2 == 0 and {a} >= 4 and ({b} + {c}) / 2 >= 1"
            do = {a: -4}
        recipes.append({"name": nm, "cond": cond, "do": do})
    # customers: customer i wants recipe i's item; every third also a second item
    customers = []
    used_people: set[str] = set()
    for i in range(n_cust):
        want = [i]
        if i % 3 == 2:
            want.append(rng.randrange(k))
            if want[1] == i:
                want.pop()
        customers.append(
            {
                "name": person(rng, used_people),
                "want": want,
                "rep": 2 + len(want) + rng.randint(0, 1),
            }
        )
    hi, mid = 6, 2

    sc: dict[str, dict] = {}
    shelves = -(-k // 12)
    counters = -(-n_cust // 12)
    sc["cr_intro"] = Flow(
        text="The workshop smells of sawdust and wax. The season has {limit} days.".replace(
            "{limit}", str(limit)
        ),
        next="cr_workshop",
    )
    ws = [
        choice(
            f"travel_{r}",
            f"Travel to the {regions[r]}",
            f"cr_region_{r}",
            cond=f"day < {limit}",
            sticky=True,
            disable=True,
            do=[Flow({"add": Flow({"day": 1})})],
        )
        for r in range(n_reg)
    ]
    ws += [
        choice(f"shelf_{s}", f"Open pattern book {s + 1}", f"cr_shelf_{s}", sticky=True)
        for s in range(shelves)
    ]
    ws += [
        choice(f"counter_{s}", f"Mind order ledger {s + 1}", f"cr_counter_{s}", sticky=True)
        for s in range(counters)
    ]
    ws.append(choice("close_season", "Close the shop for the season", "cr_season_end", sticky=True))
    sc["cr_workshop"] = Flow(
        place="The workshop",
        text="Day {day} of "
        + str(limit)
        + ". Reputation {rep}. Stock: "
        + ", ".join(f"{m} {{{m}}}" for m in mats)
        + ".",
        choices=[Flow(c) for c in ws],
    )
    for r in range(n_reg):
        a, b = reg_mats[r]
        sc[f"cr_region_{r}"] = Flow(
            place=f"The {regions[r]}",
            text=f"The {regions[r]}, day {{day}}. {{~Rain threatens.|The sun is out.|Mist.}}",
            choices=[
                Flow(
                    choice(
                        f"gather_{a}",
                        f"Gather plenty of {a}",
                        f"cr_gather_{r}_{a}",
                        cond=f"day < {limit}",
                        sticky=True,
                    )
                ),
                Flow(
                    choice(
                        f"gather_{b}",
                        f"Gather plenty of {b}",
                        f"cr_gather_{r}_{b}",
                        cond=f"day < {limit}",
                        sticky=True,
                    )
                ),
                Flow(
                    choice(
                        f"pick_{a}",
                        f"Pick up just one {a}",
                        f"cr_region_{r}",
                        cond=f"day < {limit}",
                        sticky=True,
                        do=[Flow(add=Flow({a: 1, "day": 1}))],
                    )
                ),
                Flow(choice("home", "Head home", "cr_workshop", sticky=True)),
            ],
        )
        for m in (a, b):
            sc[f"cr_gather_{r}_{m}"] = Flow(
                text=f"A long day's work: two loads of {m}. You have {{{m}}} now.",
                do=[Flow(add=Flow({m: 2, "day": 1}))],
                next=f"cr_region_{r}",
            )
    for s in range(shelves):
        idx = range(s * 12, min(k, s * 12 + 12))
        sc[f"cr_shelf_{s}"] = Flow(
            text=f"Pattern book {s + 1}, dog-eared.",
            choices=[
                Flow(
                    choice(
                        f"pattern_{i}", f"The {recipes[i]['name']}", f"cr_bench_{i}", sticky=True
                    )
                )
                for i in idx
            ]
            + [Flow(choice("shut", "Shut the book", "cr_workshop", sticky=True))],
        )
        for i in idx:
            rc = recipes[i]
            sc[f"cr_bench_{i}"] = Flow(
                text=f"The {rc['name']}: it needs {rc['cond'].replace(' and ', ', ')}.",
                choices=[
                    Flow(
                        choice(
                            "make",
                            f"Make the {rc['name']}",
                            f"cr_made_{i}",
                            cond=rc["cond"],
                            disable=True,
                        )
                    ),
                    Flow(choice("back", "Back to the book", f"cr_shelf_{s}", sticky=True)),
                ],
            )
            sc[f"cr_made_{i}"] = Flow(
                text=f"The {rc['name']} is finished and set on the shelf.",
                do=[Flow(add=Flow(rc["do"])), Flow(evidence=f"cr_item_{i}")],
                next=f"cr_shelf_{s}",
            )
    for s in range(counters):
        idx = range(s * 12, min(n_cust, s * 12 + 12))
        sc[f"cr_counter_{s}"] = Flow(
            text=f"Order ledger {s + 1}.",
            choices=[
                Flow(
                    choice(f"visit_{i}", f"See {customers[i]['name']}", f"cr_cust_{i}", sticky=True)
                )
                for i in idx
            ]
            + [Flow(choice("close", "Close the ledger", "cr_workshop", sticky=True))],
        )
        for i in idx:
            cu = customers[i]
            want = " and ".join(f"the {recipes[w]['name']}" for w in cu["want"])
            sc[f"cr_cust_{i}"] = Flow(
                text=f"{cu['name']} would like {want}. {{served_{i}: They wave, pleased.}}",
                choices=[
                    Flow(
                        choice(
                            "hand_over",
                            "Hand it over",
                            f"cr_thanks_{i}",
                            cond=" and ".join(f"has cr_item_{w}" for w in cu["want"]),
                        )
                    ),
                    Flow(choice("not_yet", "Not yet", f"cr_counter_{s}", sticky=True)),
                ],
            )
            sc[f"cr_thanks_{i}"] = Flow(
                text=f"{cu['name']} thanks you and tells the whole street.",
                do=[Flow(add=Flow(rep=cu["rep"])), Flow(flag=f"served_{i}")],
                next=f"cr_counter_{s}",
            )
    sc["cr_season_end"] = Flow(
        text="The last day. You sweep up and count the thank-you notes: {rep}.",
        choices=[
            Flow(
                choice(
                    "renowned", "Read the letters of praise", "cr_end_renowned", cond=f"rep >= {hi}"
                )
            ),
            Flow(
                choice(
                    "steady",
                    "Plan a steady next season",
                    "cr_end_steady",
                    cond=f"rep >= {mid} and rep < {hi}",
                )
            ),
            Flow(choice("quiet", "Rest for the winter", "cr_end_quiet", cond=f"rep < {mid}")),
        ],
    )
    sc["cr_end_renowned"] = Flow(
        text="People come from three towns to see your work.", end="renowned"
    )
    sc["cr_end_steady"] = Flow(text="A good season, and a better one ahead.", end="steady")
    sc["cr_end_quiet"] = Flow(text="The shop is quiet; the tools are sharp.", end="quiet")
    pack.scenes += len(sc)

    variables = {m: 0 for m in mats}
    variables.update({"day": 0, "rep": 0})
    story = {
        "story": {
            "title": "The Workshop Season",
            "id": "outside-e-crafting",
            "start": "workshop",
            "chapters": "workshop",
            "variables": variables,
        },
        "characters": {"cr_owner": {"name": "The owner", "role": "you"}},
    }
    pack.add("story.yaml", dump(story))
    content = {
        "variables": {f"served_{i}": False for i in range(n_cust)},
        "evidence": {
            f"cr_item_{i}": Flow(name=f"a {recipes[i]['name']}", description="Crafted here.")
            for i in range(k)
        },
        "chapters": {
            "workshop": {
                "title": "The Workshop",
                "period": "1958",
                "start": "cr_intro",
                "scenes": sc,
            }
        },
    }
    pack.add("book/everything.yml", dump(content, width=100))
    first_region_mat = reg_mats[0][0]
    tests = [
        Flow(
            name="one trip, one gathering",
            choices=["travel_0", f"gather_{first_region_mat}", "continue"],
            reach="cr_region_0",
            variables=Flow({first_region_mat: 2, "day": 2}),
        ),
        Flow(
            name="close at once",
            choices=["continue", "close_season", "quiet"],
            ending="quiet",
            variables=Flow(rep=0),
        ),
    ]
    tests[0]["choices"] = ["continue", *tests[0]["choices"]]
    # recipe 0: a >= qa and b * 2 >= c -- gather a until enough, then make it
    r0 = recipes[0]
    a0 = next(iter(r0["do"]))
    need = -r0["do"][a0]
    reg = next(r for r in range(n_reg) if a0 in reg_mats[r])
    steps = ["continue", f"travel_{reg}"]
    have = 0
    while have < need:
        steps += [f"gather_{a0}", "continue"]
        have += 2
    steps += ["home", "shelf_0", "pattern_0", "make", "continue"]
    tests.append(
        Flow(
            name="make the first pattern",
            choices=steps,
            reach="cr_shelf_0",
            evidence=["cr_item_0"],
            variables=Flow({a0: have - need}),
        )
    )
    pack.add("playthroughs.yml", dump({"playthroughs": tests}))


# --------------------------------------------------------------------------- rumours

STREETS = [
    "Lantern Row",
    "Mill Lane",
    "Baker Street",
    "Rope Walk",
    "Chapel Hill",
    "Weavers Yard",
    "Well Street",
    "Tannery Close",
    "Orchard Way",
    "Ferry Steps",
    "Bell Court",
    "Pond Lane",
]


def gen_rumours(pack: Pack, n: int, rng: random.Random):
    fixed = 6
    per_district = 6
    nc = max(4, round((n - fixed) / 9.17))
    n_dist = -(-nc // per_district)
    n_dist += n_dist % 2  # an even number: north and south alternate
    ppl: list[dict] = []
    used: set[str] = set()
    for i in range(nc):
        d = i % n_dist
        ppl.append(
            {
                "id": f"ru_{i}",
                "name": person(rng, used),
                "district": d,
                "side": "north" if d % 2 == 0 else "south",
            }
        )
    dnames = []
    for d in range(n_dist):
        dnames.append(f"{STREETS[d % len(STREETS)]}{'' if d < len(STREETS) else f' {d}'}")
    story = {
        "story": {
            "title": "What the Town Says",
            "id": "outside-e-rumours",
            "start": "town",
            "chapters": ["town"] + [f"dist_{d}" for d in range(n_dist)] + [p["id"] for p in ppl],
            "variables": {
                "trust_north": 0,
                "trust_south": 0,
                "favourite": "",
                "nickname": "the stranger",
            },
        },
        "characters": {"ru_mayor": {"name": "Mayor Ilse", "role": "the mayor", "roster": False}},
    }
    pack.add("story.yaml", dump(story, quoted=True), schema=False)
    town = {
        "ru_gate": {
            "text": "A town of two halves, north and south of the brook.",
            "choices": [
                choice(
                    "traveller",
                    "Say you are a traveller",
                    "ru_square",
                    do=[{"set": {"nickname": "the traveller"}}],
                ),
                choice(
                    "cousin",
                    "Say you are somebody's cousin",
                    "ru_square",
                    do=[{"set": {"nickname": "the cousin"}}],
                ),
            ],
        },
        "ru_square": {
            "text": 'The square. They call you {nickname} here. {favourite != "": You '
            "still have a favourite street\\: }{favourite}",
            "choices": [
                choice(f"go_d{d}", f"Walk down {dnames[d]}", f"ru_d{d}", sticky=True)
                for d in range(n_dist)
            ]
            + [choice("council", "Attend the council", "ru_council", sticky=True)],
        },
        "ru_council": {
            "text": "The mayor listens to both halves of the town, then decides.",
            "lines": [
                {"ru_mayor": "The north has the town's ear.", "if": "trust_north > trust_south"},
                {"ru_mayor": "The south has the town's ear.", "if": "trust_south > trust_north"},
            ],
            "choices": [
                choice(
                    "north",
                    "Hear the decision for the north",
                    "ru_end_north",
                    cond="trust_north > trust_south",
                ),
                choice(
                    "south",
                    "Hear the decision for the south",
                    "ru_end_south",
                    cond="trust_south > trust_north",
                ),
                choice(
                    "balance",
                    "Hear the decision for both",
                    "ru_end_balance",
                    cond="trust_north == trust_south",
                ),
            ],
        },
        "ru_end_north": {"text": "The new bridge will be built in the north.", "end": "north"},
        "ru_end_south": {"text": "The new bridge will be built in the south.", "end": "south"},
        "ru_end_balance": {"text": "Two small bridges, one for each half.", "end": "balance"},
    }
    pack.scenes += len(town)
    pack.add(
        "town/hall/council/chamber/records/minutes/town.yaml",
        dump(
            {
                "chapters": {
                    "town": {
                        "title": "The Town",
                        "period": "1972",
                        "start": "ru_gate",
                        "scenes": town,
                    }
                }
            },
            quoted=True,
        ),
        schema=False,
    )
    for d in range(n_dist):
        residents = [p for p in ppl if p["district"] == d]
        hub = {
            "text": f"{dnames[d]}. {filler(rng, 10)}",
            "choices": [
                choice(
                    f"visit_{p['id']}",
                    f"Knock at {p['name']}'s door",
                    f"{p['id']}_home",
                    sticky=True,
                )
                for p in residents
            ]
            + [choice("square", "Back to the square", "ru_square", sticky=True)],
        }
        side = "north" if d % 2 == 0 else "south"
        pack.scenes += 1
        pack.add(
            f"town/{side}/district_{d:03d}/street/hub/index/hub.yaml",
            dump(
                {
                    "chapters": {
                        f"dist_{d}": {
                            "title": dnames[d],
                            "period": "1972",
                            "start": f"ru_d{d}",
                            "scenes": {f"ru_d{d}": hub},
                        }
                    }
                },
                quoted=True,
            ),
            schema=False,
        )
    for i, p in enumerate(ppl):
        cid = p["id"]
        other = ppl[(i + 1) % nc] if ppl[(i + 1) % nc]["side"] != p["side"] else None
        if other is None:
            other = next(q for q in ppl[i + 1 :] + ppl[:i] if q["side"] != p["side"])
        mine, theirs = f"trust_{p['side']}", f"trust_{other['side']}"
        bond = f"bond_{i}"
        street = STREETS[rng.randrange(len(STREETS))]
        scenes = {
            f"{cid}_home": {
                "text": f"{{visits {cid}_home > 1: {p['name']} waves you in.|A stranger opens "
                f"the door, {p['name']}.}}",
                "lines": [
                    {cid: "Come in, {nickname}.", "if": f"{bond} >= 1"},
                    {cid: "Yes?", "if": f"{bond} < 1"},
                    {"text": "The kettle is already on.", "if": f"{bond} >= 3"},
                ],
                "choices": [
                    choice("chat", "Chat about the weather", f"{cid}_chat", sticky=True),
                    choice("errand", "Offer to run an errand", f"{cid}_errand"),
                    choice(
                        "secret",
                        "Ask what is really on their mind",
                        f"{cid}_secret",
                        cond=f"{bond} >= 2 and not knows {cid}.secret",
                        disable=True,
                    ),
                    choice(
                        "gossip",
                        f"Pass on what you heard about {other['name']}",
                        f"{cid}_gossip",
                        cond=f"knows {other['id']}.secret and met {other['id']}",
                    ),
                    choice("opinion", "Talk about the streets", f"{cid}_opinion"),
                    choice("rumour", "Listen to the street talk", f"{cid}_rumour", sticky=True),
                    choice("gift", "Leave a jar of plum jam", f"{cid}_gift", cond=f"{bond} >= 1"),
                    choice(
                        "walk",
                        f"Walk over to {other['name']}'s together",
                        f"{cid}_walk",
                        cond=f"met {other['id']} and {bond} >= 1",
                        sticky=True,
                        disable=True,
                    ),
                    choice("leave", "Take your leave", f"ru_d{p['district']}", sticky=True),
                ],
            },
            f"{cid}_chat": {
                "text": "{It might rain.|It might not.|You agree it is weather.}",
                "lines": [{cid: "You are good company, {nickname}.", "if": f"{bond} >= 2"}],
                "do": [{"add": {bond: 1}}],
                "next": f"{cid}_home",
            },
            f"{cid}_errand": {
                "text": f"You carry a parcel across {dnames[p['district']]} for them.",
                "do": [{"add": {bond: 2, mine: 1}}],
                "next": f"{cid}_home",
            },
            f"{cid}_secret": {
                "text": f"{p['name']} lowers their voice.",
                "lines": [{cid: "Between us..."}],
                "do": [{"reveal": f"{cid}.secret"}],
                "next": f"{cid}_home",
            },
            f"{cid}_gossip": {
                "text": f"You tell {p['name']} about {other['name']}. It will be all over "
                f"the {p['side']} by supper.",
                "do": [{"add": {mine: 2, theirs: -1}}],
                "next": f"{cid}_home",
            },
            f"{cid}_opinion": {
                "text": "Which street is the loveliest?",
                "choices": [
                    choice(
                        "this_one",
                        f"Say {street}",
                        f"{cid}_home",
                        do=[{"set": {"favourite": street}}],
                    ),
                    choice(
                        "theirs",
                        f"Say {dnames[p['district']]}",
                        f"{cid}_home",
                        do=[
                            {"set": {"favourite": f'= "{dnames[p["district"]]}"'}},
                            {"add": {bond: 1}},
                        ],
                    ),
                ],
            },
            f"{cid}_gift": {
                "text": "The jam is accepted with a small, pleased nod.",
                "do": [{"add": {bond: 1, mine: 1}}],
                "next": f"{cid}_home",
            },
            f"{cid}_walk": {
                "text": f"{p['name']} walks with you as far as {other['name']}'s gate, "
                "then turns back.",
                "next": f"{other['id']}_home",
            },
            f"{cid}_rumour": {
                "text": f"{{~They say the brook will flood.|They say the baker is retiring.|"
                f'They say the mayor sings.}} {{favourite == "{street}": Someone agrees that '
                f"{street} is lovely.}}",
                "next": f"{cid}_home",
            },
        }
        pack.scenes += len(scenes)
        doc = {
            "variables": {bond: 0},
            "characters": {
                cid: {
                    "name": p["name"],
                    "role": f"lives off {dnames[p['district']]}",
                    "bond": bond,
                    "color": f"#{rng.randrange(0x404040, 0xE0E0E0):06x}",
                    "facts": {"secret": f"{p['name']} has been writing poems for the council."},
                }
            },
            "chapters": {
                cid: {
                    "title": p["name"],
                    "period": "1972",
                    "start": f"{cid}_home",
                    "scenes": scenes,
                }
            },
        }
        side = p["side"]
        pack.add(
            f"town/{side}/district_{p['district']:03d}/street/houses/no_{i:03d}/people/{cid}.yaml",
            dump(doc, quoted=True),
            schema=False,
        )
    north = next(p for p in ppl if p["side"] == "north")
    tests = [
        {
            "name": "first visit, two chats, a secret",
            "choices": [
                "traveller",
                "go_d0",
                f"visit_{north['id']}",
                "chat",
                "continue",
                "chat",
                "continue",
                "secret",
                "continue",
            ],
            "reach": f"{north['id']}_home",
            "variables": {"bond_" + north["id"][3:]: 2, "nickname": "the traveller"},
            "met": [north["id"]],
            "shows": "Between us",
        },
        {
            "name": "straight to the council",
            "choices": ["cousin", "council", "balance"],
            "ending": "balance",
        },
        {
            "name": "an errand in the north",
            "choices": [
                "traveller",
                "go_d0",
                f"visit_{north['id']}",
                "errand",
                "continue",
                "leave",
                "square",
                "council",
                "north",
            ],
            "ending": "north",
            "variables": {"trust_north": 1},
            "shows": "The north has the town's ear",
        },
    ]
    pack.add(
        "town/hall/tests/playthroughs.yaml",
        dump({"playthroughs": tests}, quoted=True),
        schema=False,
    )


# --------------------------------------------------------------------------- campaign


def gen_campaign(pack: Pack, n: int, rng: random.Random):
    fixed = 5

    def total(w):
        return fixed + 8 * w + 5 * (w // 3)

    weeks = 3
    while total(weeks + 1) <= n:
        weeks += 1
    debates = weeks // 3
    cand = {"us": "Marta Sol", "rival": "Henrik Dahl", "third": "Pia Lund"}
    story = {
        "story": {
            "title": "Nine Hundred Doorsteps",
            "id": "outside-e-campaign",
            "start": "launch",
            "chapters": ["launch"]
            + [
                c
                for w in range(1, weeks + 1)
                for c in ([f"week_{w}"] + ([f"debate_{w // 3}"] if w % 3 == 0 else []))
            ]
            + ["election"],
            "variables": {"poll_us": 30, "poll_rival": 34, "poll_third": 18, "money": 5},
        },
        "characters": {
            "cp_moderator": {"name": "The moderator", "roster": False},
            "cp_rival": {"name": cand["rival"], "role": "the incumbent"},
            "cp_third": {"name": cand["third"], "role": "the independent"},
            "cp_aide": {"name": "Jo", "role": "your campaign aide"},
        },
    }
    long_par = filler(rng, 210)
    launch = {
        "launch": {
            "title": "The Launch",
            "period": "2004",
            "start": "cp_launch",
            "scenes": {
                "cp_launch": {
                    "text": f"You announce on the library steps.\n\n{long_par}\n",
                    "next": "cp_w1_hub",
                }
            },
        }
    }
    pack.add("story.yaml", "---\n" + dump(story) + dump({"chapters": launch}, width=10**6))
    pack.scenes += 1

    def after(w):
        if w % 3 == 0:
            return f"cp_d{w // 3}_stage"
        return f"cp_w{w + 1}_hub" if w < weeks else "cp_tally"

    for w in range(1, weeks + 1):
        hub_text = (
            f"Week {w} of {weeks}. Polls: you {{poll_us}}, {cand['rival']} "
            f"{{poll_rival}}, {cand['third']} {{poll_third}}. Money {{money}}."
        )
        if w % 5 == 1:
            hub_text += "\n\n" + filler(rng, 205)
        if w > 3:
            hub_text += f"\n\n{{won_{(w - 1) // 3}: Jo pins the debate headline to the wall.}}"
        sc = {
            f"cp_w{w}_hub": {
                "text": hub_text,
                "choices": [
                    choice("canvass", "Knock on doors", f"cp_w{w}_canvass", sticky=True),
                    choice("fundraise", "Hold a bake sale", f"cp_w{w}_fund"),
                    choice(
                        "advert",
                        "Buy a newspaper advert",
                        f"cp_w{w}_ad",
                        cond="money >= 4",
                        sticky=True,
                        disable=True,
                    ),
                    choice("research", "Read the council minutes", f"cp_w{w}_research"),
                    choice(
                        "townhall",
                        "Speak at the town hall",
                        f"cp_w{w}_townhall",
                        cond="poll_us + 5 >= poll_rival",
                        disable=True,
                    ),
                    choice("praise_third", f"Praise {cand['third']}'s park plan", f"cp_w{w}_third"),
                    choice(
                        "volunteers",
                        "Thank the volunteers",
                        f"cp_w{w}_hub",
                        sticky=True,
                        do=[{"add": {"money": 1}}],
                    ),
                    choice("end_week", "Call it a week", f"cp_w{w}_close", sticky=True),
                ],
            },
            f"cp_w{w}_canvass": {
                "text": "{Doors, dogs, kind words.|More doors.|Your feet know every path.}",
                "do": [{"add": {"poll_us": 1}}],
                "next": f"cp_w{w}_hub",
            },
            f"cp_w{w}_fund": {
                "text": "Lemon cake sells best.",
                "do": [{"add": {"money": 5}}],
                "next": f"cp_w{w}_hub",
            },
            f"cp_w{w}_ad": {
                "text": "Your face, a little too large, on page three.",
                "do": [{"add": {"money": -4, "poll_us": 2}}],
                "next": f"cp_w{w}_hub",
            },
            f"cp_w{w}_research": {
                "text": f"In the minutes of week {w}, a number that does not add up.\n"
                "Jo copies it onto a card.\n",
                "do": [{"evidence": f"cp_file_{w}"}],
                "next": f"cp_w{w}_hub",
            },
            f"cp_w{w}_townhall": {
                "text": "A full hall, and one good question.",
                "do": [{"add": {"poll_us": 1, "poll_rival": -1}}],
                "next": f"cp_w{w}_hub",
            },
            f"cp_w{w}_third": {
                "text": f"{cand['third']} thanks you in the paper.",
                "do": [{"add": {"poll_third": 3, "poll_rival": -1}}],
                "next": f"cp_w{w}_hub",
            },
            f"cp_w{w}_close": {
                "text": f"Week {w} ends with cold tea and a full diary.",
                "next": after(w),
            },
        }
        pack.scenes += len(sc)
        doc = {
            "evidence": {
                f"cp_file_{w}": {
                    "name": f"The week {w} minutes",
                    "kind": "item",
                    "description": f"Council minutes from week {w}, with a sum that does not add up.",
                    "found": f"Week {w}, the council archive.",
                }
            },
            "chapters": {
                f"week_{w}": {
                    "title": f"Week {w}",
                    "period": "2004",
                    "start": f"cp_w{w}_hub",
                    "scenes": sc,
                }
            },
        }
        head = ""
        if w % 3 == 0:
            j = w // 3
            extra = debate_doc(j, w, weeks, cand)
            doc["variables"] = extra["variables"]
            doc["trials"] = extra["trials"]
            doc["chapters"].update(extra["chapters"])
            head = f"# Week {w}, and the debate that closes it.\n"
            pack.scenes += 5
        text = head + dump(doc, width=10**6)
        month = (w - 1) // 4 + 1
        pack.add(f"season/month_{month:02d}/week_{w:03d}.yaml", "---\n" + text)
    tally = {
        "cp_tally": {
            "text": "Election night. The count goes on past midnight.",
            "lines": [
                {"cp_aide": "We are ahead!", "if": "poll_us > poll_rival"},
                {"cp_aide": "It is close.", "if": "poll_us <= poll_rival"},
            ],
            "choices": [
                choice(
                    "victory",
                    "Hear the result",
                    "cp_end_win",
                    cond="poll_us > poll_rival and poll_us > poll_third",
                ),
                choice(
                    "rival",
                    "Hear the result",
                    "cp_end_rival",
                    cond="not (poll_us > poll_rival and poll_us > poll_third) "
                    "and poll_rival >= poll_third",
                ),
                choice(
                    "third",
                    "Hear the result",
                    "cp_end_third",
                    cond="not (poll_us > poll_rival and poll_us > poll_third) "
                    "and poll_third > poll_rival",
                ),
            ],
        },
        "cp_end_win": {"text": "You won. Tomorrow the real work begins.", "end": "victory"},
        "cp_end_rival": {
            "text": f"{cand['rival']} keeps the seat, narrowly.",
            "end": "rival_holds",
        },
        "cp_end_third": {"text": f"{cand['third']} surprises everyone.", "end": "independent"},
    }
    pack.scenes += len(tally)
    flags = "".join(f"{{won_{j}: Debate {j} was yours. }}" for j in range(1, debates + 1))
    tally["cp_tally"]["text"] += " " + flags
    pack.add(
        "season/election.yaml",
        "---\n"
        + dump(
            {
                "chapters": {
                    "election": {
                        "title": "Election Night",
                        "period": "2004",
                        "start": "cp_tally",
                        "scenes": tally,
                    }
                }
            },
            width=10**6,
        ),
    )
    # playthroughs
    rest = []
    for w in range(1, weeks + 1):
        rest += ["end_week", "continue"]
        if w % 3 == 0:
            rest += [f"rest:pay_{w // 3}", f"rest:roads_{w // 3}", "continue"]
    full = ["continue", *rest, "rival"]
    win = [
        "continue",
        "research",
        "continue",
        "end_week",
        "continue",
        "research",
        "continue",
        "end_week",
        "continue",
        "end_week",
        "continue",
        "press:pay_1.budget",
        "object:pay_1.surplus",
        "present:pay_1.cp_file_1",
        "continue",
        "object:roads_1.repaired",
        "present:roads_1.cp_file_2",
    ]
    tests = [
        {
            "name": "the whole season, every claim let stand",
            "choices": full,
            "ending": "rival_holds",
            "variables": {"poll_rival": 34 + debates, "poll_us": 30},
        },
        {
            "name": "the first debate, every claim let stand",
            "choices": [
                "continue",
                "end_week",
                "continue",
                "end_week",
                "continue",
                "end_week",
                "continue",
                "rest:pay_1",
                "rest:roads_1",
            ],
            "verdict": "debate_1/lost",
            "reach": "cp_d1_lost",
        },
        {
            "name": "the first debate, won",
            "choices": win,
            "verdict": "debate_1/won",
            "reach": "cp_d1_won",
            "evidence": ["cp_file_1", "cp_file_2"],
            "shows": "not persuaded by that budget figure",
        },
        {
            "name": "a week of work",
            "choices": [
                "continue",
                "fundraise",
                "continue",
                "advert",
                "continue",
                "volunteers",
                "canvass",
                "continue",
            ],
            "reach": "cp_w1_hub",
            "variables": {"money": 7, "poll_us": 33},
        },
    ]
    pack.add("playthroughs.yaml", "---\n" + dump({"playthroughs": tests}))


def debate_doc(j, w, weeks, cand) -> dict:
    ev_a, ev_b, ev_c = f"cp_file_{w - 2}", f"cp_file_{w - 1}", f"cp_file_{w}"
    follow = f"cp_w{w + 1}_hub" if w < weeks else "cp_tally"
    trial = {
        f"debate_{j}": {
            "title": f"The debate of week {w}",
            "judge": "cp_moderator",
            "credibility": 3,
            "penalty": 1,
            "wrong": [{"cp_moderator": "That does not answer the point. Time is short."}],
            "claims": [
                {
                    "id": f"pay_{j}",
                    "title": "The council budget balanced every year",
                    "witness": "cp_rival",
                    "lines": [{"cp_rival": "Our books are in order."}],
                    "statements": [
                        {
                            "id": "budget",
                            "text": "Every year the budget balanced.",
                            "press": {
                                "lines": [{"cp_rival": "Well, there was a surplus."}],
                                "unlocks": ["surplus"],
                            },
                        },
                        {
                            "id": "surplus",
                            "hidden": True,
                            "text": "There was even a surplus, returned to the town.",
                            "refuted_by": [ev_a, ev_c],
                            "wrong": [{"cp_moderator": "That paper is not about the surplus."}],
                            "found": "The surplus was shown never to have existed.",
                        },
                    ],
                    "refuted": {
                        "lines": [
                            {"cp_moderator": "The audience is not persuaded by that budget figure."}
                        ],
                        "do": [{"add": {"poll_rival": -1}}],
                        "scene": f"cp_d{j}_aside",
                    },
                    "found": "The budget claim was answered.",
                    "stood": "The budget claim stood.",
                },
                {
                    "id": f"roads_{j}",
                    "title": "Every road was repaired",
                    "witness": "cp_rival",
                    "statements": [
                        {
                            "id": "repaired",
                            "text": "We repaired every road in town.",
                            "refuted_by": ev_b,
                        },
                        {"id": "promise", "text": "And we will do it again."},
                    ],
                    "refuted": {"lines": [{"cp_rival": "...most roads, then."}]},
                },
            ],
            "verdict": [
                {
                    "id": "won",
                    "title": "You carry the night",
                    "refuted": "all",
                    "if": "credibility >= 2",
                    "goto": f"cp_d{j}_won",
                    "ruling": "The papers give you the debate.",
                },
                {"id": "split", "title": "A draw", "if": "refuted >= 1", "goto": f"cp_d{j}_split"},
                {
                    "id": "lost",
                    "title": f"{cand['rival']} holds firm",
                    "goto": f"cp_d{j}_lost",
                    "missed": True,
                },
            ],
        }
    }
    scenes = {
        f"cp_d{j}_stage": {
            "place": "The school hall",
            "text": "Two lecterns, one clock.",
            "trial": f"debate_{j}",
        },
        f"cp_d{j}_aside": {
            "text": "Jo gives you a thumbs-up from the wings.",
            "next": f"cp_d{j}_stage",
        },
        f"cp_d{j}_won": {
            "text": "Applause, and tomorrow's headline.",
            "do": [{"add": {"poll_us": 3}}, {"flag": f"won_{j}"}],
            "next": follow,
        },
        f"cp_d{j}_split": {
            "text": "Nobody quite won.",
            "do": [{"add": {"poll_us": 1}}],
            "next": follow,
        },
        f"cp_d{j}_lost": {
            "text": "A long drive home.",
            "do": [{"add": {"poll_rival": 1}}],
            "next": follow,
        },
    }
    doc = {
        "variables": {f"won_{j}": False},
        "trials": trial,
        "chapters": {
            f"debate_{j}": {
                "title": f"Debate {j}",
                "period": "2004",
                "start": f"cp_d{j}_stage",
                "scenes": scenes,
            }
        },
    }
    return doc


# --------------------------------------------------------------------------- main

GENERATORS = {
    "timeloop": (gen_timeloop, {"crlf": True}),
    "crafting": (gen_crafting, {"bom": True}),
    "rumours": (gen_rumours, {}),
    "campaign": (gen_campaign, {}),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("style", choices=STYLES)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--scenes", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.scenes < 20:
        ap.error("--scenes must be at least 20")
    out: Path = args.outdir
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(f"{out}: must be empty or absent", file=sys.stderr)
        return 2
    gen, habits = GENERATORS[args.style]
    pack = Pack(out, **habits)
    gen(pack, args.scenes, random.Random(f"{args.style}:{args.seed}"))
    out.mkdir(parents=True, exist_ok=True)
    pack.write()
    print(f"{args.style}: {pack.scenes} scenes in {len(pack.files)} files, {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
