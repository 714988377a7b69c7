#!/usr/bin/env python3
"""Benchmark pack generator written from the authoring guide alone.

    python tests/benchmarks/outside_a.py STYLE OUTDIR [--scenes N] [--seed S]

STYLE is one of: journal, seasons, cases, market.  Each writes a story pack
(story.yaml plus chapter files) of about N scenes, in a shape and with file
habits a real author might use:

* journal - an explorer's journal: wings of rooms around a hall, pages to
  find, a lantern oil counter, a cellar that can trap the player; files
  nested 3-5 folders deep, prose in literal block scalars (``|``).
* seasons - days and seasons with money and energy; activities gated on
  day numbers and on visits; CRLF line endings, several seasons per file.
* cases   - a chain of detective cases, each gathering evidence and ending
  in a short trial whose verdict decides what follows; long paragraphs
  written on a single line (300+ words), one file per case.
* market  - trading ports in a ring, buying and selling goods with numeric
  conditions and arithmetic; every port in one big file, folded block
  scalars (``>``), CRLF line endings.

Only the standard library and PyYAML are used.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys

import yaml

# ---------------------------------------------------------------------------
# prose
# ---------------------------------------------------------------------------

WORDS = [
    "dust",
    "light",
    "stone",
    "window",
    "corridor",
    "quiet",
    "cold",
    "shadow",
    "paper",
    "ink",
    "candle",
    "rain",
    "wind",
    "door",
    "floor",
    "ceiling",
    "lamp",
    "wall",
    "corner",
    "dark",
    "voice",
    "old",
    "slow",
    "long",
    "narrow",
    "smell",
    "wood",
    "iron",
    "glass",
    "river",
    "bridge",
    "street",
    "harbour",
    "market",
    "autumn",
    "winter",
    "spring",
    "summer",
    "morning",
    "evening",
    "night",
    "silver",
    "brass",
    "copper",
    "faded",
    "broken",
    "careful",
    "heavy",
    "bright",
    "dim",
    "distant",
    "near",
    "hollow",
    "warm",
    "damp",
    "dry",
    "soft",
    "sharp",
    "clock",
    "bell",
    "letter",
    "map",
    "chair",
    "table",
    "shelf",
    "book",
    "rope",
    "ladder",
    "key",
    "lock",
]

NOUNS = [
    "library",
    "gallery",
    "chapel",
    "armoury",
    "nursery",
    "study",
    "conservatory",
    "pantry",
    "ballroom",
    "observatory",
    "workshop",
    "scullery",
    "parlour",
    "solar",
    "vestry",
    "archive",
    "laundry",
    "stable",
    "loft",
    "music_room",
    "map_room",
    "billiard_room",
    "chart_room",
    "boot_room",
    "still_room",
    "smoking_room",
    "trophy_room",
    "sewing_room",
    "print_room",
]


def sentence(rng: random.Random, lo: int = 6, hi: int = 14) -> str:
    n = rng.randint(lo, hi)
    words = [rng.choice(WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "!", ";"]).replace(";", ".")


def paragraph(rng: random.Random, min_words: int) -> str:
    out: list[str] = []
    count = 0
    while count < min_words:
        s = sentence(rng)
        out.append(s)
        count += len(s.split())
    return " ".join(out)


def prose(rng: random.Random, paras: int = 2, words: int = 30) -> str:
    return "\n\n".join(paragraph(rng, words) for _ in range(paras))


def nice(s: str) -> str:
    return s.replace("_", " ")


# ---------------------------------------------------------------------------
# writing files with a habit
# ---------------------------------------------------------------------------


class Habit:
    def __init__(
        self, newline: str = "\n", scalar: str = "plain", width: int = 80, schema: bool = True
    ):
        self.newline = newline  # "\n" or "\r\n"
        self.scalar = scalar  # plain | literal | folded | oneline
        self.width = width
        self.schema = schema


def _dumper_for(habit: Habit):
    class D(yaml.SafeDumper):
        pass

    def rep_str(dumper, data):
        style = None
        if habit.scalar == "literal" and ("\n" in data or len(data) > 70):
            style = "|"
        elif habit.scalar == "folded" and len(data) > 70:
            style = ">"
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    D.add_representer(str, rep_str)
    # never write aliases: the engine refuses them (CS009)
    D.ignore_aliases = lambda self, data: True  # type: ignore[assignment]
    return D


def write_yaml(outdir: str, rel: str, data: dict, habit: Habit) -> None:
    path = os.path.join(outdir, rel)
    os.makedirs(os.path.dirname(path) or outdir, exist_ok=True)
    width = 10**9 if habit.scalar == "oneline" else habit.width
    body = yaml.dump(
        data,
        Dumper=_dumper_for(habit),
        sort_keys=False,
        allow_unicode=True,
        width=width,
        default_flow_style=False,
    )
    head = ""
    if habit.schema:
        depth = rel.replace("\\", "/").count("/")
        head = "# yaml-language-server: $schema=" + "../" * depth + "cellseven.schema.json\n"
    text = head + body
    if habit.newline != "\n":
        text = text.replace("\n", habit.newline)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


# ---------------------------------------------------------------------------
# journal: wings of rooms, pages, lantern oil, a cellar trap
# ---------------------------------------------------------------------------


def gen_journal(n: int, rng: random.Random, outdir: str) -> None:
    habit = Habit(scalar="literal")
    wings = max(2, min(30, n // 12))
    per = max(8, (n - 4) // wings)
    # fixed scenes per wing: hall, kitchen, cellar, cellar_dark, cellar_deep
    rooms_per = max(2, (per - 5) * 2 // 3)
    alcoves = max(0, per - 5 - rooms_per)
    chapters = [f"wing{w:02d}" for w in range(wings)] + ["last_page"]
    total_pages = 0
    story_vars = {"oil": 6, "pages": 0, "fills": 0}
    chapter_files: list[tuple[str, dict]] = []
    floors = ["east", "west", "north", "south"]

    for w in range(wings):
        W = f"w{w:02d}"
        hall, kitchen = f"{W}_hall", f"{W}_kitchen"
        cellar, dark, deep = f"{W}_cellar", f"{W}_cellar_dark", f"{W}_cellar_deep"
        nxt = f"w{w + 1:02d}_hall" if w + 1 < wings else "lp_desk"
        names = rng.sample(NOUNS, k=min(len(NOUNS), rooms_per)) if rooms_per <= len(NOUNS) else None
        scenes: dict = {}
        wing_vars: dict = {}
        hall_choices = []
        for r in range(rooms_per):
            rid = f"{W}_r{r:02d}"
            rname = nice(names[r]) if names else f"{nice(rng.choice(NOUNS))} {r}"
            has_page = rng.random() < 0.45
            sticky = r % 3 != 1
            ch = {"label": f"Enter the {rname}", "goto": rid, "if": "oil > 0"}
            if r % 4 == 0:
                ch["when_false"] = "disable"
            if sticky:
                ch["once"] = False
            hall_choices.append(ch)
            room_choices = []
            text = f"The {rname}. " + prose(rng, 2, 25)
            if has_page:
                pv = f"page_{W}_{r:02d}"
                wing_vars[pv] = False
                total_pages += 1
                text += f"\n\n{{{pv}: An empty niche where the page was.|A loose page is tucked behind the frame.}}"
                room_choices.append(
                    {
                        "label": "Take the loose page",
                        "goto": hall,
                        "if": f"not {pv}",
                        "do": [{"flag": pv}, {"add": {"pages": 1}}],
                    }
                )
            if r < alcoves:
                aid = f"{W}_r{r:02d}_alcove"
                room_choices.append({"label": "Look into the alcove", "goto": aid})
                scenes_alcove = {
                    "text": prose(rng, 1, 30) + "\n\nThe lantern shows {oil} marks of oil.",
                    "next": hall,
                }
            else:
                scenes_alcove = None
            room_choices.append({"label": "Back to the hall", "goto": hall, "once": False})
            scenes[rid] = {
                "place": rname.capitalize(),
                "text": text,
                "do": [{"add": {"oil": -1}}],
                "choices": room_choices,
            }
            if scenes_alcove:
                scenes[f"{W}_r{r:02d}_alcove"] = scenes_alcove
        hall_choices.append({"label": "Find the kitchen", "goto": kitchen, "once": False})
        hall_choices.append({"label": "Go down to the cellar", "goto": cellar, "once": False})
        hall_choices.append(
            {
                "label": "Climb the stairs",
                "goto": nxt,
                "once": False,
                "if": f"oil > 0 or visits {kitchen} > 0",
                "when_false": "disable",
            }
        )
        scenes = {
            hall: {
                "place": f"Wing {w + 1}, the hall",
                "text": (
                    "{first|Again|Once more} the hall of wing "
                    + str(w + 1)
                    + ". "
                    + prose(rng, 1, 20)
                    + "\n\nOil: {oil}. Pages so far: {pages}."
                ),
                "choices": hall_choices,
            },
            **scenes,
        }
        scenes[kitchen] = {
            "text": "A cold kitchen. A can of lamp oil stands by the range.\n\n"
            + prose(rng, 1, 20),
            "choices": [
                {
                    "label": "Fill the lantern",
                    "goto": hall,
                    "do": [{"set": {"oil": 6}}, {"add": {"fills": 1}}],
                },
                {"label": "Leave the oil", "goto": hall, "once": False},
            ],
        }
        cellar_choices = [
            {"label": "Climb back up", "goto": hall, "if": "oil > 0", "once": False},
            {"label": "Feel along the wall", "goto": dark, "if": "oil == 0", "once": False},
        ]
        cp = f"page_{W}_cellar"
        if rng.random() < 0.5:
            wing_vars[cp] = False
            total_pages += 1
            cellar_choices.insert(
                0,
                {
                    "label": "Search the shelves",
                    "goto": hall,
                    "if": "oil > 1",
                    "do": [{"flag": cp}, {"add": {"pages": 1, "oil": -1}}],
                },
            )
        scenes[cellar] = {
            "text": "Steps go down into the cellar. {oil > 0: The lantern holds.|The lantern gutters and dies.}"
            + (f" {{{cp}: The shelves are bare now.}}" if cp in wing_vars else "")
            + "\n\n"
            + prose(rng, 1, 15),
            "choices": cellar_choices,
        }
        scenes[dark] = {
            "text": "Darkness. Your hand finds stone, then more stone.",
            "choices": [{"label": "Keep feeling the wall", "goto": deep, "once": False}],
        }
        scenes[deep] = {
            "text": "{&Water drips.|Something scuttles.|Only your breath.}",
            "next": dark,
        }
        chapter = {
            "title": f"Wing {w + 1}",
            "period": str(1890 + w % 20),
            "place": f"The {floors[w % 4]} wing",
            "start": hall,
            "entry": {"set": {"oil": 6}},
            "scenes": scenes,
        }
        data: dict = {}
        if wing_vars:
            data["variables"] = wing_vars
        data["chapters"] = {f"wing{w:02d}": chapter}
        depth = 3 + w % 3  # 3 to 5 folders deep
        parts = ["wings", floors[w % 4], f"floor{w // 4}", *["rooms", "inner"][: depth - 3]]
        chapter_files.append(("/".join([*parts, f"wing{w:02d}.yaml"]), data))

    t = max(1, total_pages)
    hi, mid = (2 * t + 2) // 3, (t + 2) // 3
    last = {
        "title": "The Last Page",
        "period": "1911",
        "start": "lp_desk",
        "scenes": {
            "lp_desk": {
                "text": "At the top of the house, a desk. You lay out {pages} pages."
                " The lantern was filled {fills} times on the way.",
                "choices": [
                    {"label": "Bind the whole journal", "goto": "lp_whole", "if": f"pages >= {hi}"},
                    {
                        "label": "Bind what you have",
                        "goto": "lp_part",
                        "if": f"pages >= {mid} and pages < {hi}",
                    },
                    {"label": "Burn the scraps", "goto": "lp_burn", "if": f"pages < {mid}"},
                ],
            },
            "lp_whole": {"text": prose(rng, 1, 20), "end": "complete"},
            "lp_part": {"text": prose(rng, 1, 20), "end": "partial"},
            "lp_burn": {"text": prose(rng, 1, 20), "end": "ashes"},
        },
    }
    chapter_files.append(("wings/attic/top/last_page.yaml", {"chapters": {"last_page": last}}))
    story = {
        "story": {
            "title": "The Explorer's Journal",
            "id": "outside-a-journal",
            "start": "wing00",
            "chapters": chapters,
            "variables": story_vars,
        }
    }
    write_yaml(outdir, "story.yaml", story, habit)
    for rel, data in chapter_files:
        write_yaml(outdir, rel, data, habit)


# ---------------------------------------------------------------------------
# seasons: days, money, energy; activities gated by day and visits
# ---------------------------------------------------------------------------

ACTIVITIES = [
    ("mill", "Work at the mill", 4, 2),
    ("fish", "Go fishing", 2, 1),
    ("market", "Sell at the market", 5, 2),
    ("forest", "Gather wood in the forest", 2, 1),
    ("smithy", "Help at the smithy", 6, 3),
    ("school", "Teach at the school", 3, 1),
    ("inn", "Serve at the inn", 3, 2),
    ("orchard", "Pick in the orchard", 3, 1),
    ("dock", "Unload at the dock", 5, 3),
    ("chapel", "Ring the chapel bell", 1, 0),
    ("garden", "Tend the garden", 1, 1),
    ("fair", "Run a stall at the fair", 7, 3),
]
SEASON_NAMES = ["Spring", "Summer", "Autumn", "Winter"]


def gen_seasons(n: int, rng: random.Random, outdir: str) -> None:
    habit = Habit(newline="\r\n", scalar="plain", width=100)
    seasons = max(2, n // 25)
    per = max(8, (n - 5) // seasons)
    acts = max(2, (per - 2) // 2)  # dawn and dusk, then two scenes an activity
    days = 4
    chapters = [f"season{s:03d}" for s in range(seasons)] + ["reckoning"]
    files: dict[str, dict] = {}
    for s in range(seasons):
        S = f"s{s:03d}"
        dawn, dusk = f"{S}_dawn", f"{S}_dusk"
        end_day = (s + 1) * days
        nxt = f"s{s + 1:03d}_dawn" if s + 1 < seasons else "rk_ledger"
        scenes: dict = {}
        dawn_choices = []
        prev_id = None
        for a in range(acts):
            key, label, pay, cost = ACTIVITIES[(a + s) % len(ACTIVITIES)]
            aid = f"{S}_{key}{a:02d}"
            rid = f"{aid}_done"
            conds = [f"energy >= {cost}"] if cost else []
            kind = a % 5
            if kind == 1:
                conds.append(f"day % {2 + a % 3} == {a % 2}")
            elif kind == 2 and prev_id:
                conds.append(f"visited {prev_id}")
            elif kind == 3:
                conds.append(f"visits {aid} < 2")
            elif kind == 4 and prev_id:
                conds.append(f"visits {prev_id} >= 1 and money >= {pay}")
            ch = {"label": f"{label} ({nice(key)} {a})", "goto": aid}
            if a % 6 != 5:  # most activities can be repeated; every sixth is once-only
                ch["once"] = False
            if conds:
                ch["if"] = " and ".join(conds)
            if a % 3 == 0:
                ch["when_false"] = "disable"
            dawn_choices.append(ch)
            scenes[aid] = {
                "text": f"{SEASON_NAMES[s % 4]}, day {{day}}. " + prose(rng, 1, 25),
                "choices": [
                    {
                        "label": "Put your back into it",
                        "goto": rid,
                        "once": False,
                        "do": [{"add": {"money": pay + 1, "energy": -cost}}],
                    },
                    {
                        "label": "Take it easy",
                        "goto": rid,
                        "once": False,
                        "do": [{"add": {"money": max(1, pay // 2)}}],
                    },
                ],
            }
            scenes[rid] = {
                "text": "You count {money} coins. {energy < 2: You are worn out.|You could do more.}",
                "next": dusk,
            }
            prev_id = aid
        dawn_choices.append(
            {
                "label": "Rest for the day",
                "goto": dusk,
                "once": False,
                "do": [{"add": {"energy": 2}}],
            }
        )
        scenes = {
            dawn: {
                "text": (
                    f"{SEASON_NAMES[s % 4]} of year {s // 4 + 1}. Day {{day}}. "
                    "Money {money}, energy {energy}.\n\n" + prose(rng, 1, 20)
                ),
                "choices": dawn_choices,
            },
            **scenes,
        }
        scenes[dusk] = {
            "text": "Evening falls. " + sentence(rng) + " {energy > 4: You feel strong.|You ache.}",
            "choices": [
                {
                    "label": "Sleep",
                    "goto": dawn,
                    "once": False,
                    "if": f"day < {end_day}",
                    "do": [{"add": {"day": 1}}, {"set": {"energy": "(energy + 5) / 2 + 1"}}],
                },
                {
                    "label": "Pay the rent",
                    "goto": nxt,
                    "if": f"day >= {end_day} and money >= {2 + s % 5}",
                    "do": [{"add": {"money": -(2 + s % 5), "day": 1}}, {"set": {"energy": 5}}],
                },
                {
                    "label": "Skip the rent",
                    "goto": nxt,
                    "if": f"day >= {end_day} and money < {2 + s % 5}",
                    "do": [{"add": {"debts": 1, "day": 1}}, {"set": {"energy": 5}}],
                },
            ],
        }
        chap = {
            "title": f"{SEASON_NAMES[s % 4]}, year {s // 4 + 1}",
            "period": str(1950 + s // 4),
            "place": "The village",
            "start": dawn,
            "entry": {"set": {"day": s * days + 1, "money": 10 * s, "energy": 5}},
            "scenes": scenes,
        }
        files.setdefault(f"years/year_{s // 4 + 1:03d}.yaml", {"chapters": {}})["chapters"][
            f"season{s:03d}"
        ] = chap
    total_days = seasons * days
    rich, ok = 3 * total_days, total_days
    files["years/reckoning.yaml"] = {
        "chapters": {
            "reckoning": {
                "title": "The Reckoning",
                "period": str(1950 + seasons // 4 + 1),
                "start": "rk_ledger",
                "scenes": {
                    "rk_ledger": {
                        "text": "The ledger shows {money} coins and {debts} missed rents.",
                        "choices": [
                            {
                                "label": "Buy the farm",
                                "goto": "rk_farm",
                                "if": f"money >= {rich} and debts == 0",
                            },
                            {
                                "label": "Stay on",
                                "goto": "rk_stay",
                                "if": f"money >= {ok} and (money < {rich} or debts > 0)",
                            },
                            {"label": "Move to the city", "goto": "rk_city", "if": f"money < {ok}"},
                        ],
                    },
                    "rk_farm": {"text": prose(rng, 1, 15), "end": "farm"},
                    "rk_stay": {"text": prose(rng, 1, 15), "end": "stay"},
                    "rk_city": {"text": prose(rng, 1, 15), "end": "city"},
                },
            }
        }
    }
    story = {
        "story": {
            "title": "Seasons of the Village",
            "id": "outside-a-seasons",
            "start": "season000",
            "chapters": chapters,
            "variables": {"day": 1, "money": 0, "energy": 5, "debts": 0},
        }
    }
    write_yaml(outdir, "story.yaml", story, habit)
    for rel, data in files.items():
        write_yaml(outdir, rel, data, habit)


# ---------------------------------------------------------------------------
# cases: detective chapters, evidence, characters, trials
# ---------------------------------------------------------------------------

FIRST = [
    "Ada",
    "Bram",
    "Cora",
    "Dov",
    "Esme",
    "Finn",
    "Gale",
    "Hugo",
    "Ines",
    "Jory",
    "Kit",
    "Lena",
    "Milo",
    "Nora",
    "Otto",
    "Pia",
    "Quin",
    "Rhea",
    "Saul",
    "Tova",
]
LAST = [
    "Ash",
    "Birch",
    "Cole",
    "Dale",
    "Frost",
    "Grey",
    "Hale",
    "Ives",
    "Lark",
    "Moss",
    "North",
    "Pike",
    "Reed",
    "Stone",
    "Thorn",
    "Vale",
    "Wren",
]
PLACES = [
    "the warehouse",
    "the pier",
    "the flat",
    "the office",
    "the garage",
    "the hotel",
    "the station",
    "the club",
    "the gallery",
    "the bakery",
    "the laundry",
    "the garden",
]


def gen_cases(n: int, rng: random.Random, outdir: str) -> None:
    habit = Habit(scalar="oneline")
    cases = max(2, min(25, round(n / 40)))
    per = max(10, (n - 3) // cases)
    inv = per - 5  # court, won, partial, lost, office hub
    locs = max(2, inv // 2)
    chapters: list[str] = []
    characters = {"judge": {"name": "Judge Marlow", "role": "presides", "roster": False}}
    for c in range(cases):
        C = f"c{c:02d}"
        chapters += [f"case{c:02d}", f"court{c:02d}"]
        hub = f"{C}_office"
        court, won, part, lost = f"{C}_court", f"{C}_won", f"{C}_partial", f"{C}_lost"
        last = c + 1 == cases
        nxt = f"c{c + 1:02d}_office" if not last else None
        suspect, witness = f"{C}_suspect", f"{C}_witness"
        characters[suspect] = {
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "role": "the suspect",
            "bio": paragraph(rng, 20),
            "facts": {"alibi": sentence(rng), "motive": sentence(rng)},
        }
        characters[witness] = {
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "role": "a witness",
            "bio": paragraph(rng, 15),
        }
        evidence = {}
        scenes: dict = {}
        hub_choices = []
        ev_ids = []
        for l in range(locs):
            lid = f"{C}_loc{l:02d}"
            follow = f"{lid}_more"
            place = PLACES[(l + c) % len(PLACES)]
            ev = f"{C}_ev{l:02d}"
            ev_ids.append(ev)
            evidence[ev] = {
                "name": f"{'Statement' if l % 3 == 2 else 'Item'} {l + 1} from {place}",
                "kind": "testimony" if l % 3 == 2 else "item",
                "description": sentence(rng),
                "found": f"At {place}.",
            }
            hub_choices.append(
                {"label": f"Go to {place} ({l + 1})", "goto": lid, "once": l % 2 == 1}
            )
            text = paragraph(rng, 320 if l % 4 == 0 else 60)  # a long single-line paragraph
            lines = []
            if l % 2 == 0:
                lines.append({suspect: "{has " + ev + ": You again.|I have nothing to say.}"})
            else:
                lines.append({witness: sentence(rng)})
            loc_choices = [
                {
                    "label": "Search carefully",
                    "goto": follow,
                    "do": [{"evidence": ev}, {"add": {"clues": 1}}],
                },
                {"label": "Back to the office", "goto": hub, "once": False},
            ]
            if l == 1:
                loc_choices.insert(
                    1,
                    {
                        "label": "Ask about the alibi",
                        "goto": hub,
                        "do": [{"reveal": f"{suspect}.alibi"}],
                    },
                )
            if l == 2:
                loc_choices.insert(
                    1,
                    {
                        "label": "Ask about the motive",
                        "goto": hub,
                        "if": f"met {suspect}",
                        "do": [{"reveal": f"{suspect}.motive"}],
                    },
                )
            scenes[lid] = {
                "place": place.capitalize(),
                "text": text,
                "lines": lines,
                "choices": loc_choices,
            }
            scenes[follow] = {"text": paragraph(rng, 40), "next": hub}
        hub_choices.append(
            {
                "label": "Take the case to court",
                "goto": court,
                "once": False,
                "if": "clues >= 1",
                "when_false": "disable",
            }
        )
        scenes = {
            hub: {
                "text": f"Case {c + 1}. "
                + paragraph(rng, 300 if c % 3 == 0 else 50)
                + " Clues in hand: {clues}.",
                "do": [{"meet": witness}],
                "choices": hub_choices,
            },
            **scenes,
        }
        case_chap = {
            "title": f"Case {c + 1}",
            "period": str(1960 + c),
            "place": "The city",
            "witness": witness,
            "start": hub,
            "scenes": scenes,
        }
        # court chapter and trial
        claims = []
        for k in range(min(2, len(ev_ids))):
            stmts = [
                {
                    "id": "first",
                    "text": sentence(rng),
                    "press": {"lines": [{suspect: sentence(rng)}], "unlocks": ["second"]},
                },
                {
                    "id": "second",
                    "hidden": True,
                    "text": sentence(rng),
                    "refuted_by": [ev_ids[k]] + ([ev_ids[k + 2]] if k + 2 < len(ev_ids) else []),
                    "wrong": [{"judge": "That does not touch this statement."}],
                },
            ]
            if k == 1:
                stmts[0] = {
                    "id": "first",
                    "text": sentence(rng),
                    "refuted_by": ev_ids[-1],
                    "press": {"lines": [{suspect: sentence(rng)}], "unlocks": ["second"]},
                }
            claims.append(
                {
                    "id": f"claim{k}",
                    "title": sentence(rng, 4, 7),
                    "witness": suspect,
                    "lines": [{suspect: sentence(rng)}],
                    "statements": stmts,
                    "refuted": {"lines": [{"judge": "Noted."}], "do": [{"add": {"won_points": 1}}]},
                    "found": "The claim was answered.",
                    "stood": "The claim stood.",
                }
            )
        trial = {
            "title": f"The People against {characters[suspect]['name']}",
            "judge": "judge",
            "credibility": 3,
            "penalty": 1,
            "wrong": [{"judge": "The court does not see the connection."}],
            "claims": claims,
            "verdict": [
                {
                    "id": "guilty",
                    "title": "Guilty",
                    "refuted": "all",
                    "goto": won,
                    "ruling": "The court is persuaded.",
                },
                {
                    "id": "hung",
                    "title": "Hung jury",
                    "if": "refuted >= 1 or credibility >= 3",
                    "goto": part,
                    "ruling": "The jury cannot agree.",
                },
                {
                    "id": "acquitted",
                    "title": "Acquitted",
                    "goto": lost,
                    "missed": True,
                    "ruling": "The suspect walks free.",
                },
            ],
        }
        court_scenes = {
            court: {"period": str(1960 + c), "text": paragraph(rng, 40), "trial": f"trial{c:02d}"},
            won: {
                "text": paragraph(rng, 30) + " Points scored in court so far: {won_points}.",
                "do": [{"add": {"solved": 1}}],
            },
            part: {"text": paragraph(rng, 30)},
            lost: {"text": paragraph(rng, 30)},
        }
        if last:
            court_scenes[won]["choices"] = [
                {
                    "label": "Retire with honours",
                    "goto": "fin_honour",
                    "if": f"solved * 2 > {cases}",
                },
                {"label": "Walk home", "goto": "fin_quiet", "if": f"solved * 2 <= {cases}"},
            ]
            court_scenes[part]["end"] = "unsettled"
            court_scenes[lost]["end"] = "walked_free"
            court_scenes["fin_honour"] = {"text": paragraph(rng, 30), "end": "honour"}
            court_scenes["fin_quiet"] = {"text": paragraph(rng, 30), "end": "quiet"}
        else:
            for s_id in (won, part, lost):
                court_scenes[s_id]["next"] = nxt
        court_chap = {
            "title": f"Hearing {c + 1}",
            "period": str(1960 + c),
            "place": "The courthouse",
            "start": court,
            "scenes": court_scenes,
        }
        write_yaml(
            outdir,
            f"cases/case{c:02d}.yaml",
            {
                "characters": {k: characters[k] for k in (suspect, witness)},
                "evidence": evidence,
                "chapters": {f"case{c:02d}": case_chap},
            },
            habit,
        )
        write_yaml(
            outdir,
            f"cases/court/court{c:02d}.yaml",
            {
                "chapters": {f"court{c:02d}": court_chap},
                "trials": {f"trial{c:02d}": trial},
            },
            Habit(newline="\r\n", scalar="oneline"),
        )
    write_yaml(outdir, "people.yaml", {"characters": {"judge": characters["judge"]}}, habit)
    story = {
        "story": {
            "title": "Twenty-Five Cases",
            "id": "outside-a-cases",
            "start": "case00",
            "chapters": chapters,
            "variables": {"clues": 0, "solved": 0, "won_points": 0},
        }
    }
    write_yaml(outdir, "story.yaml", story, habit)


# ---------------------------------------------------------------------------
# market: ports in a ring, goods, coins, cargo
# ---------------------------------------------------------------------------

GOODS = ["grain", "spice", "silk", "iron"]
PORT_NAMES = [
    "Amber",
    "Bight",
    "Coral",
    "Dunmore",
    "Estuary",
    "Fennick",
    "Galloway",
    "Harrow",
    "Isle",
    "Jetty",
    "Kestrel",
    "Lowmarsh",
    "Meridian",
    "Northreach",
    "Oyster",
    "Pellmouth",
    "Quayside",
    "Rookhaven",
    "Saltcombe",
    "Tidewater",
    "Umber",
    "Vantry",
    "Westholm",
    "Yarrow",
    "Zephyr",
]


def gen_market(n: int, rng: random.Random, outdir: str) -> None:
    habit = Habit(newline="\r\n", scalar="folded", width=72)
    ports = max(3, n // 25)
    per = max(14, (n - 3) // ports)
    fixed = 5 + 2 * len(GOODS)  # dock, market, tavern, shipyard, sail + buy/sell per good
    events = max(4, per - fixed)
    chapters = [f"port{p:03d}" for p in range(ports)]
    all_chapters: dict = {}
    hold_expr = " + ".join(GOODS)
    for p in range(ports):
        P = f"p{p:03d}"
        name = PORT_NAMES[p % len(PORT_NAMES)] + (
            "" if p < len(PORT_NAMES) else f" {p // len(PORT_NAMES) + 1}"
        )
        dock, market, tavern, yard, sail = (
            f"{P}_{x}" for x in ("dock", "market", "tavern", "yard", "sail")
        )
        nxt = f"p{(p + 1) % ports:03d}_dock"
        prv = f"p{(p - 1) % ports:03d}_dock"
        prices = {g: rng.randint(3, 20) + 4 * i for i, g in enumerate(GOODS)}
        scenes: dict = {}
        mchoices = []
        for g in GOODS:
            buy, sell = f"{P}_buy_{g}", f"{P}_sell_{g}"
            pr = prices[g]
            mchoices.append(
                {
                    "label": f"Buy {g} at {pr}",
                    "goto": buy,
                    "once": False,
                    "if": f"coins >= {pr} and {hold_expr} < hold",
                    "when_false": "disable",
                }
            )
            mchoices.append(
                {"label": f"Sell all {g}", "goto": sell, "once": False, "if": f"{g} > 0"}
            )
            scenes[buy] = {
                "text": f"A sack of {g} is hauled aboard. You have {{{g}}} now and {{coins}} coins.",
                "do": [{"add": {"coins": -pr, g: 1}}],
                "next": market,
            }
            scenes[sell] = {
                "text": f"The {g} goes ashore for {{{g} * {pr}}} coins.",
                "do": [{"set": {"coins": f"coins + {g} * {pr}", g: 0}}],
                "next": market,
            }
        mchoices.append({"label": "Back to the dock", "goto": dock, "once": False})
        scenes = {
            market: {
                "text": f"The market of {name}. "
                + prose(rng, 1, 30)
                + f"\n\nHold: {{{hold_expr}}} of {{hold}}.",
                "choices": mchoices,
            },
            **scenes,
        }
        tchoices = []
        for e in range(events):
            eid = f"{P}_event{e:02d}"
            kind = e % 4
            ch = {
                "label": f"{['Hear a rumour', 'Buy a round', 'Play at dice', 'Hire a hand'][kind]} ({e + 1})",
                "goto": eid,
            }
            if kind == 1:
                ch["if"] = "coins >= 5"
                ev_do = [{"add": {"coins": -5, "renown": 1}}]
            elif kind == 2:
                ch["if"] = "coins >= 10 and renown % 2 == 0"
                ev_do = [{"add": {"coins": rng.choice([-10, 10, 15])}}]
            elif kind == 3:
                ch["if"] = f"(coins - 20) * 2 > hold and crew < {3 + p % 3}"
                ev_do = [{"add": {"coins": -20, "crew": 1}}]
            else:
                ev_do = [{"add": {"renown": 1}}]
            tchoices.append(ch)
            scenes[eid] = {"text": prose(rng, 1, 40), "do": ev_do, "next": tavern}
        tchoices.append({"label": "Leave the tavern", "goto": dock, "once": False})
        scenes[tavern] = {
            "text": "{The tavern is loud.|The tavern again.|The usual corner table.} "
            + prose(rng, 1, 20),
            "choices": tchoices,
        }
        scenes[yard] = {
            "text": "The shipwright eyes your hull. " + prose(rng, 1, 20),
            "choices": [
                {
                    "label": "Widen the hold",
                    "goto": dock,
                    "if": "coins >= 40 + hold * 5 and hold < 20",
                    "do": [{"set": {"coins": "coins - (40 + hold * 5)", "hold": "hold + 2"}}],
                },
                {"label": "Not today", "goto": dock, "once": False},
            ],
        }
        scenes[sail] = {
            "text": "Where to? " + sentence(rng),
            "choices": [
                {
                    "label": "Sail on to the next port",
                    "goto": nxt,
                    "once": False,
                    "do": [{"add": {"voyages": 1}}],
                },
                {
                    "label": "Sail back the way you came",
                    "goto": prv,
                    "once": False,
                    "if": "crew >= 1",
                    "do": [{"add": {"voyages": 1}}],
                },
                {"label": "Stay in port", "goto": dock, "once": False},
            ],
        }
        dock_choices = [
            {"label": "Visit the market", "goto": market, "once": False},
            {"label": "Drink at the tavern", "goto": tavern, "once": False},
            {"label": "See the shipwright", "goto": yard, "once": False},
            {"label": "Cast off", "goto": sail, "once": False},
            {"label": "Retire rich", "goto": "end_rich", "if": "coins >= 400 and renown >= 3"},
            {
                "label": "Sell the ship",
                "goto": "end_broke",
                "if": f"coins < 3 and {hold_expr} == 0",
                "when_false": "hide",
            },
        ]
        if p == 0:
            dock_choices.append(
                {
                    "label": "Settle here for good",
                    "goto": "end_home",
                    "if": "voyages >= " + str(ports) + " and coins >= 100",
                }
            )
        scenes = {
            dock: {
                "text": f"{{first|You tie up at {name}.|{name} again.}} Coins: {{coins}}. "
                + prose(rng, 1, 20),
                "choices": dock_choices,
            },
            **scenes,
        }
        if p == 0:
            scenes["end_rich"] = {"text": prose(rng, 1, 30), "end": "rich"}
            scenes["end_broke"] = {"text": prose(rng, 1, 30), "end": "broke"}
            scenes["end_home"] = {"text": prose(rng, 1, 30), "end": "home"}
        all_chapters[f"port{p:03d}"] = {
            "title": f"The port of {name}",
            "period": str(1700 + p),
            "place": name,
            "start": dock,
            "scenes": scenes,
        }
    data = {
        "story": {
            "title": "The Ring of Ports",
            "id": "outside-a-market",
            "start": "port000",
            "chapters": chapters,
            "variables": {
                "coins": 30,
                "hold": 6,
                "crew": 0,
                "renown": 0,
                "voyages": 0,
                **{g: 0 for g in GOODS},
            },
        },
    }
    write_yaml(outdir, "story.yaml", data, habit)
    write_yaml(outdir, "ports/all_ports.yml", {"chapters": all_chapters}, habit)


# ---------------------------------------------------------------------------

STYLES = {"journal": gen_journal, "seasons": gen_seasons, "cases": gen_cases, "market": gen_market}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("style", choices=sorted(STYLES))
    ap.add_argument("outdir")
    ap.add_argument("--scenes", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if os.path.exists(args.outdir):
        if os.path.isdir(args.outdir) and not os.listdir(args.outdir):
            pass
        elif os.path.isfile(os.path.join(args.outdir, "story.yaml")):
            shutil.rmtree(args.outdir)
        else:
            print(f"refusing to overwrite {args.outdir}: not empty and not a pack", file=sys.stderr)
            return 2
    os.makedirs(args.outdir, exist_ok=True)
    rng = random.Random(f"{args.style}:{args.seed}")
    STYLES[args.style](max(10, args.scenes), rng, args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
