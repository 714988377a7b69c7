#!/usr/bin/env python3
"""Benchmark story-pack generator for cellseven, written from the authoring guide only.

    python tests/benchmarks/outside_b.py STYLE OUTDIR [--scenes N] [--seed S]

STYLE is one of:

* ``dungeon``   - a roguelike crawl: one floor per chapter (one chapter per file, ``|`` block
                  scalars), each floor a ring-and-chord grid of rooms with 4-6 sticky exits,
                  keys as flags opening doors and stairs, hit points and gold as numbers,
                  once-only treasure rooms, traps, fountains; endings by gold.
* ``romance``   - a dating sim: five characters with bond variables, ~30 weekly chapters
                  (five per file, ``>`` folded scalars, some files CRLF), each week a hub of
                  6-10 sticky activities paid for with energy, once-only dates gated by
                  affection, endings per character plus a lonely ending.
* ``branching`` - a gamebook: a tree that branches and rejoins (diamonds), few variables,
                  many endings, one long paragraph per line, CRLF, one section (chapter with
                  one scene) per file, four folders deep.
* ``hubworld``  - one giant hub of ~40 sticky and once-only choices into 40 quest chains;
                  quests set flags and bump a counter; the final gate wants the counter;
                  several ``visits`` comparisons.  Many chapters per ``.yml`` file, odd spacing
                  and comments, 3-space indents.

Only the standard library and PyYAML are used.  The output is deterministic for a given
(style, scenes, seed).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import sys

import yaml

# --------------------------------------------------------------------------- YAML writing


class _Dumper(yaml.SafeDumper):
    """A safe dumper that never writes anchors/aliases (the engine refuses them)."""

    def ignore_aliases(self, data):
        return True


class Block(str):
    """Text to be written as a literal block scalar (``|``)."""


class Folded(str):
    """Text to be written as a folded block scalar (``>``)."""


class Quoted(str):
    """Text to be written double-quoted."""


def _repr_block(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|")


def _repr_folded(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style=">")


def _repr_quoted(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style='"')


_Dumper.add_representer(Block, _repr_block)
_Dumper.add_representer(Folded, _repr_folded)
_Dumper.add_representer(Quoted, _repr_quoted)


def dump(data, *, indent=2, width=10**9, flow=False):
    return yaml.dump(
        data,
        Dumper=_Dumper,
        default_flow_style=flow,
        sort_keys=False,
        allow_unicode=True,
        indent=indent,
        width=width,
    )


def schema_line(rel_dir):
    """The schema comment, relative to the file's folder within the pack."""
    depth = 0 if rel_dir in ("", ".") else len(rel_dir.replace("\\", "/").split("/"))
    return "# yaml-language-server: $schema=" + "../" * depth + "cellseven.schema.json\n"


def write_text(root, rel, text, *, crlf=False):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path) or root, exist_ok=True)
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def write_yaml(root, rel, data, *, crlf=False, indent=2, comments=(), width=10**9):
    head = schema_line(os.path.dirname(rel))
    for c in comments:
        head += "# " + c + "\n"
    write_text(root, rel, head + dump(data, indent=indent, width=width), crlf=crlf)


def chapters_file(chapters, *, indent=2, comment_for=None, extra=None, oddspace=False):
    """Several chapters in one file, each preceded by a comment line.

    ``chapters`` is a list of (chapter_id, chapter_dict)."""
    out = []
    if extra:
        out.append(dump(extra, indent=indent))
    out.append("chapters:\n")
    for cid, ch in chapters:
        if comment_for:
            out.append(" " * indent + "# " + comment_for(cid) + "\n")
        body = dump({cid: ch}, indent=indent)
        body = "".join(
            " " * indent + line if line.strip() else line for line in body.splitlines(True)
        )
        out.append(body)
        out.append("\n")
    text = "".join(out)
    if oddspace:
        # a habit of lining up the short header keys: `title:    ...`
        text = re.sub(r"(?m)^(\s*)(title|period|place|start):[ ]", r"\1\2:    ", text)
    return text


# --------------------------------------------------------------------------- prose

_WORDS = [
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "with",
    "under",
    "over",
    "beyond",
    "toward",
    "stone",
    "lantern",
    "river",
    "old",
    "quiet",
    "cold",
    "warm",
    "shadow",
    "light",
    "door",
    "wall",
    "floor",
    "stair",
    "corridor",
    "window",
    "garden",
    "road",
    "hill",
    "forest",
    "field",
    "tower",
    "bell",
    "voice",
    "hand",
    "eye",
    "heart",
    "rain",
    "wind",
    "snow",
    "dust",
    "ash",
    "iron",
    "silver",
    "brass",
    "copper",
    "glass",
    "wood",
    "moss",
    "candle",
    "letter",
    "map",
    "coin",
    "blade",
    "rope",
    "chain",
    "hook",
    "crown",
    "ring",
    "key",
    "cup",
    "bowl",
    "bread",
    "salt",
    "smoke",
    "mist",
    "fog",
    "dawn",
    "dusk",
    "night",
    "morning",
    "evening",
    "slow",
    "sudden",
    "distant",
    "near",
    "faint",
    "bright",
    "dark",
    "heavy",
    "thin",
    "broken",
    "hollow",
    "patient",
    "careful",
    "restless",
    "tired",
    "hungry",
    "eager",
    "gentle",
    "walks",
    "waits",
    "turns",
    "listens",
    "watches",
    "remembers",
    "forgets",
    "carries",
    "drops",
    "opens",
    "closes",
    "climbs",
    "falls",
    "rises",
    "breathes",
    "whispers",
    "answers",
    "calls",
    "laughs",
    "hesitates",
    "counts",
    "hides",
    "finds",
    "loses",
    "somewhere",
    "nowhere",
    "always",
    "never",
    "again",
    "almost",
    "perhaps",
    "still",
    "only",
    "once",
    "twice",
]


def sentence(rng, lo=6, hi=14):
    n = rng.randint(lo, hi)
    words = [rng.choice(_WORDS) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", ".", ".", "!", "?"])


def paragraph(rng, words_lo, words_hi):
    target = rng.randint(words_lo, words_hi)
    out, count = [], 0
    while count < target:
        s = sentence(rng)
        out.append(s)
        count += len(s.split())
    return " ".join(out)


def short(rng, n=2):
    return " ".join(sentence(rng) for _ in range(n))


# --------------------------------------------------------------------------- dungeon


def gen_dungeon(root, n, rng):
    floors = max(1, n // 25)
    treasures_per_floor = 2
    reserve = 5  # exit hall + 4 endings
    per_floor = max(6, (n - reserve) // floors)
    rooms = max(4, per_floor - treasures_per_floor)
    width = max(2, math.ceil(math.sqrt(rooms)))

    variables = {"hp": 10, "gold": 0, "max_hp": 10}
    story_vars = dict(variables)
    chapter_ids = [f"floor_{f:02d}" for f in range(1, floors + 1)] + ["surface"]
    total_gold = 0

    for f in range(1, floors + 1):
        fid = f"f{f:02d}"
        key = f"{fid}_key"
        floor_vars = {key: False}
        rid = lambda i, fid=fid: f"{fid}_r{i:02d}"  # noqa: E731
        # exits: ring (+1/-1, never locked) and chords (+w/-w), plus a few random chords
        adj = {i: {} for i in range(rooms)}

        def link(a, b, label_ab, label_ba, locked=False):
            if a == b or b in adj[a] or a in adj[b]:
                return
            if len(adj[a]) >= 6 or len(adj[b]) >= 6:
                return
            adj[a][b] = (label_ab, locked)
            adj[b][a] = (label_ba, locked)

        for i in range(rooms):
            link(i, (i + 1) % rooms, "Go east", "Go west")
        for i in range(rooms):
            link(i, (i + width) % rooms, "Go south", "Go north", locked=rng.random() < 0.12)
        for _ in range(rooms // 3):
            a, b = rng.randrange(rooms), rng.randrange(rooms)
            link(
                a,
                b,
                "Squeeze through a crack",
                "Crawl back through the crack",
                locked=rng.random() < 0.3,
            )

        key_room = rng.randrange(1, rooms) if rooms > 1 else 0
        stairs_room = (key_room + rooms // 2) % rooms if rooms > 2 else rooms - 1
        fountain = rng.randrange(rooms)
        traps = set(rng.sample(range(1, rooms), min(rooms - 1, max(1, rooms // 8))))
        traps.discard(key_room)
        traps.discard(stairs_room)
        fights = set(rng.sample(range(rooms), max(1, rooms // 4)))
        treasure_hosts = rng.sample(range(rooms), min(rooms, treasures_per_floor))

        scenes = {}
        for i in range(rooms):
            txt = paragraph(rng, 30, 70) + "\n\nYou have {hp} hit points and {gold} gold.\n"
            if i in traps:
                txt = "A dart hisses from the wall. {&Ouch.|It stings.|Again!}\n\n" + txt
            sc = {"place": f"Floor {f}, room {i}", "text": Block(txt)}
            if i in traps:
                sc["do"] = [{"add": {"hp": -1}}]
            choices = []
            for j, (label, locked) in sorted(adj[i].items()):
                c = {"label": label, "id": f"to_{j:02d}", "goto": rid(j), "once": False}
                cond = []
                if locked:
                    cond.append(key)
                if i in traps:
                    cond.append("hp > 0")
                if cond:
                    c["if"] = " and ".join(cond)
                    if locked:
                        c["when_false"] = "disable"
                choices.append(c)
            if i == key_room:
                choices.append(
                    {"label": "Take the iron key", "goto": rid(i), "do": [{"flag": key}]}
                )
            if i in fights:
                loot = rng.randint(2, 9)
                total_gold += loot
                choices.append(
                    {
                        "label": rng.choice(
                            [
                                "Fight the rat",
                                "Fight the goblin",
                                "Fight the skeleton",
                                "Fight the slime",
                            ]
                        ),
                        "id": "fight",
                        "goto": rid(i),
                        "if": "hp > 2",
                        "do": [{"add": {"hp": -2, "gold": loot}}],
                    }
                )
            if i == fountain:
                choices.append(
                    {
                        "label": "Drink from the fountain",
                        "goto": rid(i),
                        "once": False,
                        "if": "hp < max_hp",
                        "do": [{"add": {"hp": 1}}],
                    }
                )
            for t, host in enumerate(treasure_hosts):
                if host == i:
                    c = {
                        "label": "Pry open the hidden vault" if t else "Open the chest alcove",
                        "id": f"treasure_{t}",
                        "goto": f"{fid}_t{t}",
                    }
                    if t:
                        c["if"] = key
                        c["when_false"] = "disable"
                    choices.append(c)
            if i == stairs_room:
                nxt = f"f{f + 1:02d}_r00" if f < floors else "exit_hall"
                choices.append(
                    {
                        "label": "Descend the stairs" if f < floors else "Climb to the light",
                        "id": "stairs",
                        "goto": nxt,
                        "if": key,
                        "when_false": "disable",
                    }
                )
            if i in traps:
                choices.append({"label": "Collapse", "goto": "dead", "if": "hp <= 0"})
            sc["choices"] = choices
            scenes[rid(i)] = sc
        for t, host in enumerate(treasure_hosts):
            g = rng.randint(5, 20)
            total_gold += g
            scenes[f"{fid}_t{t}"] = {
                "text": Block(short(rng, 3) + f"\n\nYou scoop up {g} gold.\n"),
                "do": [{"add": {"gold": g}}],
                "next": rid(host),
            }
        entry_set = {"hp": 10, "gold": 5 * (f - 1)}
        chapter = {
            "title": f"Floor {f}",
            "period": "1987",
            "place": f"The {rng.choice(['damp', 'burning', 'silent', 'flooded', 'bone'])} halls",
            "start": rid(0),
            "entry": {"set": entry_set},
            "scenes": scenes,
        }
        write_yaml(
            root,
            f"floors/floor_{f:02d}.yaml",
            {"variables": floor_vars, "chapters": {f"floor_{f:02d}": chapter}},
            comments=[
                f"Floor {f}: {rooms} rooms, key in room {key_room}, stairs in room {stairs_room}"
            ],
        )

    rich = max(1, int(total_gold * 0.6))
    modest = max(1, int(total_gold * 0.3))
    surface = {
        "title": "The Surface",
        "period": "1987",
        "start": "exit_hall",
        "entry": {"set": {"gold": modest}},
        "scenes": {
            "exit_hall": {
                "text": Block("Daylight. You count your gold: {gold}.\n"),
                "choices": [
                    {"label": "Buy the castle", "goto": "end_rich", "if": f"gold >= {rich}"},
                    {
                        "label": "Buy a farm",
                        "goto": "end_modest",
                        "if": f"gold >= {modest} and gold < {rich}",
                    },
                    {"label": "Walk home poor", "goto": "end_poor", "if": f"gold < {modest}"},
                ],
            },
            "end_rich": {"text": Block("You are rich beyond counting.\n"), "end": "rich"},
            "end_modest": {"text": Block("A farm, a cow, a quiet life.\n"), "end": "modest"},
            "end_poor": {"text": Block("You walk home with empty pockets.\n"), "end": "poor"},
            "dead": {"text": Block("The dungeon keeps you.\n"), "end": "dead"},
        },
    }
    write_yaml(root, "floors/surface.yaml", {"chapters": {"surface": surface}})
    write_yaml(
        root,
        "story.yaml",
        {
            "story": {
                "title": "The Deep Stair",
                "id": "outside-b-dungeon",
                "start": "floor_01",
                "chapters": chapter_ids,
                "variables": story_vars,
            }
        },
    )


# --------------------------------------------------------------------------- romance

_CAST = [
    ("aiko", "Aiko", "the librarian", "#e06c75"),
    ("bram", "Bram", "the baker's son", "#98c379"),
    ("cleo", "Cleo", "the violinist", "#61afef"),
    ("dev", "Dev", "the lifeguard", "#c678dd"),
    ("esme", "Esme", "the painter", "#d19a66"),
]
_ACTIVITIES = [
    "Study at the library",
    "Help at the bakery",
    "Go to the concert hall",
    "Swim at the pool",
    "Paint by the river",
    "Walk in the park",
    "Work a shift at the cafe",
    "Visit the arcade",
    "Read on the roof",
    "Join the night market",
]


def gen_romance(root, n, rng):
    weeks = min(30, max(2, n // 12))
    reserve = 1 + len(_CAST) + 1  # finale + endings + lonely
    per_week = max(8, (n - reserve) // weeks)
    cast = _CAST
    variables = {f"aff_{c}": 0 for c, *_ in cast}
    variables["energy"] = 3
    variables["week"] = 1
    characters = {}
    for c, name, role, color in cast:
        characters[c] = {
            "name": name,
            "role": role,
            "color": color,
            "bio": Folded(paragraph(rng, 20, 40) + "\n"),
            "bond": f"aff_{c}",
            "facts": {f"secret{k}": sentence(rng) for k in range(1, 4)},
        }
    chapter_ids = [f"week_{w:02d}" for w in range(1, weeks + 1)] + ["finale"]
    chapters = []
    final_thr = max(2, weeks // 2)
    for w in range(1, weeks + 1):
        wid = f"w{w:02d}"
        hub = f"{wid}_hub"
        acts = min(10, max(6, (per_week - 1) // 3))
        dates = len(cast) if per_week - 1 - acts >= len(cast) else max(1, per_week - 1 - acts)
        extra = max(0, per_week - 1 - acts - dates)
        scenes = {}
        hub_choices = []
        # activity scenes
        act_len = [1] * acts
        date_len = [1] * dates
        for _ in range(extra):
            if rng.random() < 0.5:
                act_len[rng.randrange(acts)] += 1
            else:
                date_len[rng.randrange(dates)] += 1
        for a in range(acts):
            who = cast[(a + w) % len(cast)]
            other = cast[(a + 2 * w + 1) % len(cast)]
            label = _ACTIVITIES[a % len(_ACTIVITIES)]
            first = f"{wid}_act{a}"
            hub_choices.append(
                {
                    "label": label + " ({energy} energy left)",
                    "id": f"act{a}",
                    "goto": first,
                    "once": False,
                    "if": "energy > 0",
                    "when_false": "disable",
                    "do": [{"add": {"energy": -1}}],
                }
            )
            for k in range(act_len[a]):
                sid = f"{wid}_act{a}" + (f"_{k}" if k else "")
                sc = {
                    "text": Folded(paragraph(rng, 25, 60) + "\n"),
                    "lines": [{who[0]: sentence(rng)}, sentence(rng)],
                }
                if w == 1 and a < len(cast):
                    sc["do"] = [{"meet": who[0]}]
                if k + 1 < act_len[a]:
                    sc["next"] = f"{wid}_act{a}_{k + 1}"
                else:
                    sc["choices"] = [
                        {
                            "label": f"Compliment {who[1]}",
                            "goto": hub,
                            "do": [{"add": {f"aff_{who[0]}": 2}}],
                        },
                        {
                            "label": f"Tease {who[1]}",
                            "goto": hub,
                            "do": [{"add": {f"aff_{who[0]}": 1, f"aff_{other[0]}": 1}}],
                        },
                        {
                            "label": "Keep to yourself",
                            "goto": hub,
                            "do": [{"add": {f"aff_{who[0]}": -1}}],
                            "if": f"aff_{who[0]} > 0",
                        },
                    ]
                    if rng.random() < 0.3:
                        sc["choices"][0]["once"] = False
                scenes[sid] = sc
        for d in range(dates):
            who = cast[d]
            thr = max(1, (w * 2) // 3 + d % 2)
            first = f"{wid}_date_{who[0]}"
            hub_choices.append(
                {
                    "label": f"Ask {who[1]} out",
                    "id": f"date_{who[0]}",
                    "goto": first,
                    "if": f"aff_{who[0]} >= {thr} and energy > 0",
                    "when_false": "disable",
                    "do": [{"add": {"energy": -1}}],
                }
            )
            for k in range(date_len[d]):
                sid = first + (f"_{k}" if k else "")
                sc = {
                    "text": Folded(paragraph(rng, 30, 80) + "\n"),
                    "lines": [
                        {who[0]: sentence(rng)},
                        {"text": f"{who[1]} smiles.", "if": f"aff_{who[0]} > {thr + 2}"},
                    ],
                }
                if k == 0:
                    sc["do"] = [
                        {"reveal": f"{who[0]}.secret{1 + (w % 3)}"},
                        {"add": {f"aff_{who[0]}": 1}},
                    ]
                sc["next"] = f"{first}_{k + 1}" if k + 1 < date_len[d] else hub
                scenes[sid] = sc
        nxt = f"w{w + 1:02d}_hub" if w < weeks else "finale_hub"
        hub_choices.append(
            {
                "label": "End the week",
                "goto": nxt,
                "once": False,
                "do": [{"set": {"energy": 3}}, {"add": {"week": 1}}],
            }
        )
        scenes = {
            hub: {
                "text": Folded(
                    "Week {week}. {first|The term is new.|Days blur together.} "
                    + short(rng, 2)
                    + "\n"
                ),
                "choices": hub_choices,
            },
            **scenes,
        }
        entry = {
            "set": {"energy": 3, "week": w, **{f"aff_{c}": (w * 2) // 3 for c, *_ in cast}},
            "met": [c for c, *_ in cast],
        }
        chapters.append(
            (
                f"week_{w:02d}",
                {
                    "title": f"Week {w}",
                    "period": "2019",
                    "place": "Harbour High",
                    "start": hub,
                    "entry": entry,
                    "scenes": scenes,
                },
            )
        )
    fin_scenes = {
        "finale_hub": {
            "text": Folded("The spring dance. Who will you look for?\n"),
            "choices": [
                {"label": f"Find {name}", "goto": f"end_{c}", "if": f"aff_{c} >= {final_thr}"}
                for c, name, *_ in cast
            ]
            + [{"label": "Leave early", "goto": "end_lonely"}],
        }
    }
    for c, name, *_ in cast:
        fin_scenes[f"end_{c}"] = {
            "text": Folded(paragraph(rng, 30, 60) + "\n"),
            "lines": [{c: "I hoped it would be you."}],
            "end": c,
        }
    fin_scenes["end_lonely"] = {
        "text": Folded("You walk home alone under the streetlights.\n"),
        "end": "lonely",
    }
    chapters.append(
        (
            "finale",
            {
                "title": "The Dance",
                "period": "2019",
                "start": "finale_hub",
                "entry": {"set": {f"aff_{c}": final_thr for c, *_ in cast}},
                "scenes": fin_scenes,
            },
        )
    )
    for t in range(0, len(chapters), 5):
        group = chapters[t : t + 5]
        term = t // 5 + 1
        text = (
            schema_line("weeks")
            + "# Term %d\n\n" % term
            + chapters_file(group, indent=4, comment_for=lambda cid: f"---- {cid} ----")
        )
        write_text(root, f"weeks/term_{term:02d}.yaml", text, crlf=(term % 2 == 1))
    write_yaml(root, "characters.yaml", {"characters": characters}, indent=4)
    write_yaml(
        root,
        "story.yaml",
        {
            "story": {
                "title": "Harbour Hearts",
                "id": "outside-b-romance",
                "start": "week_01",
                "chapters": chapter_ids,
                "variables": variables,
            }
        },
        indent=4,
    )


# --------------------------------------------------------------------------- branching


def gen_branching(root, n, rng):
    n = max(n, 6)
    end_target = max(3, n // 15)
    nodes = {}  # idx -> dict(kind, out=[(label, target, cond, effects)])
    order = []

    def new():
        i = len(order) + 1
        order.append(i)
        nodes[i] = {"out": [], "end": None}
        return i

    start = new()
    frontier = [start]
    endings = 0
    while frontier and len(order) < n - 1:
        i = frontier.pop(0)
        r = rng.random()
        room = n - len(order)
        if endings < end_target and len(frontier) > 2 and r < 0.12:
            nodes[i]["end"] = True
            endings += 1
            continue
        if r < 0.40 and room > 4:
            # diamond: two paths that meet again
            a, b, j = new(), new(), new()
            nodes[i]["out"] += [("a", a), ("b", b)]
            nodes[a]["out"].append(("n", j))
            nodes[b]["out"].append(("n", j))
            frontier.append(j)
        elif r < 0.75 and room > 3:
            kids = [new() for _ in range(rng.choice([2, 2, 3]))]
            nodes[i]["out"] += [("k", k) for k in kids]
            frontier.extend(kids)
        else:
            k = new()
            nodes[i]["out"].append(("n", k))
            frontier.append(k)
        # occasionally rejoin a later open section (keeps edges going forward: acyclic)
        if len(frontier) > 3 and rng.random() < 0.2:
            t = rng.choice(frontier[1:])
            if all(t != x for _, x in nodes[i]["out"]):
                nodes[i]["out"].append(("r", t))
    for i in frontier:
        nodes[i]["end"] = True
    verbs = [
        "Turn left",
        "Turn right",
        "Climb the ridge",
        "Follow the stream",
        "Open the door",
        "Hide in the reeds",
        "Speak to the stranger",
        "Draw your sword",
        "Run",
        "Wait for nightfall",
        "Cross the bridge",
        "Enter the cave",
        "Light the lamp",
    ]
    chapter_ids = []
    for i in order:
        sid, cid = f"s{i:04d}", f"sec{i:04d}"
        chapter_ids.append(cid)
        nd = nodes[i]
        paras = [paragraph(rng, 200, 400)]
        if rng.random() < 0.3:
            paras.append(paragraph(rng, 200, 300))
        if i % 7 == 0:
            paras.append("{has_lamp: Your lamp gutters.|It is very dark.} Courage: {courage}.")
        text = "\n\n".join(paras)
        sc = {"text": Quoted(text) if len(paras) > 1 else text}
        if nd["end"]:
            sc["end"] = f"ending_{i:04d}"
        elif len(nd["out"]) == 1 and rng.random() < 0.5:
            sc["next"] = f"s{nd['out'][0][1]:04d}"
        else:
            used = set()
            choices = []
            for k, (kind, t) in enumerate(nd["out"]):
                label = rng.choice(verbs)
                while label in used:
                    label = (
                        rng.choice(verbs)
                        + " "
                        + rng.choice(["again", "quickly", "slowly", "carefully", "at once"])
                    )
                used.add(label)
                c = {"label": f"{label} (turn to {t})", "goto": f"s{t:04d}"}
                if kind == "a":
                    c["do"] = [{"add": {"courage": 1}}]
                elif kind == "b" and i % 3 == 0:
                    c["do"] = [{"flag": "has_lamp"}]
                if k > 0 and kind == "k" and i % 5 == 0:
                    c["if"] = "courage >= 2" if i % 2 else "has_lamp"
                    c["when_false"] = "disable"
                if kind == "r" and i % 4 == 0:
                    c["if"] = "not knows_secret"
                choices.append(c)
            if i % 11 == 0:
                choices[0].setdefault("do", []).append({"flag": "knows_secret"})
            sc["choices"] = choices
        chapter = {"title": f"Section {i}", "period": "1923", "start": sid, "scenes": {sid: sc}}
        part = "part_%d" % ((i - 1) // 250 + 1)
        book = "book_%02d" % ((i - 1) // 50 + 1)
        leaf = "leaf_%03d" % ((i - 1) // 10 + 1)
        rel = f"sections/{part}/{book}/{leaf}/s{i:04d}.yaml"
        write_yaml(root, rel, {"chapters": {cid: chapter}}, crlf=True)
    write_yaml(
        root,
        "story.yaml",
        {
            "story": {
                "title": "The Forest of Turning Pages",
                "id": "outside-b-gamebook",
                "start": "sec0001",
                "chapters": chapter_ids,
                "variables": {"courage": 0, "has_lamp": False, "knows_secret": False},
            },
        },
        crlf=True,
        comments=["A gamebook: one section per file."],
    )


# --------------------------------------------------------------------------- hubworld


def gen_hubworld(root, n, rng):
    quests = min(40, max(2, n // 25))
    overhead = 8
    qlen = max(4, (n - overhead) // quests)
    threshold = max(1, (quests * 3) // 4)
    variables = {"quests_done": 0, "renown": 0}
    hub = "plaza"
    hub_choices = []
    chapter_ids = ["plaza_ch"]
    qchapters = []
    for q in range(1, quests + 1):
        qid = f"q{q:02d}"
        done = f"{qid}_done"
        sticky = q % 3 != 0
        c = {
            "label": f"Quest {q}: the {rng.choice(['lost', 'stolen', 'cursed', 'singing'])} "
            f"{rng.choice(['goat', 'bell', 'lantern', 'crown', 'well', 'ledger'])}",
            "id": f"quest_{q}",
            "goto": f"{qid}_1",
        }
        if sticky:
            c["once"] = False
            c["if"] = f"not {done}"
        hub_choices.append(c)
        scenes = {}
        for j in range(1, qlen + 1):
            sid = f"{qid}_{j}"
            sc = {"text": Quoted(short(rng, rng.randint(2, 4)))}
            if j == qlen:
                sc["choices"] = [
                    {
                        "label": "Claim the reward",
                        "goto": hub,
                        "do": [{"flag": done}, {"add": {"quests_done": 1, "renown": 2}}],
                    }
                ]
            elif j % 5 == 0:
                sc["choices"] = [
                    {"label": "Take the high road", "goto": f"{qid}_{j + 1}"},
                    {
                        "label": "Take the low road",
                        "goto": f"{qid}_{j + 1}",
                        "do": [{"add": {"renown": 1}}],
                    },
                ]
                if sticky:
                    sc["choices"].append(
                        {"label": "Return to the plaza", "goto": hub, "once": False}
                    )
            elif j % 7 == 3 and j > 1:
                sc["choices"] = [
                    {
                        "label": "Look around again",
                        "goto": f"{qid}_{j - 1}",
                        "once": False,
                        "if": f"visits {sid} < 2",
                    },
                    {"label": "Press on", "goto": f"{qid}_{j + 1}"},
                ]
            else:
                sc["next"] = f"{qid}_{j + 1}"
            scenes[sid] = sc
        qchapters.append(
            (
                f"quest_{q:02d}",
                {
                    "title": f"Quest {q}",
                    "period": "1350",
                    "place": rng.choice(
                        [
                            "the marsh",
                            "the old mill",
                            "the north gate",
                            "the catacombs",
                            "the orchard",
                        ]
                    ),
                    "start": f"{qid}_1",
                    "entry": {"set": {"quests_done": (q - 1) * threshold // max(1, quests)}},
                    "scenes": scenes,
                },
                done,
            )
        )
        chapter_ids.append(f"quest_{q:02d}")
    hub_choices += [
        {
            "label": "Chat with the fountain keeper",
            "goto": "keeper",
            "once": False,
            "if": "visits plaza >= 2 and visits keeper < 3",
        },
        {"label": "Read the notice board", "goto": "board", "once": False},
        {
            "label": "Climb the tower of trials",
            "goto": "tower_gate",
            "if": f"quests_done >= {threshold}",
            "when_false": "disable",
        },
        {
            "label": "Retire from adventuring",
            "goto": "end_retire",
            "if": "(visits plaza) > 5 or renown > 20",
        },
    ]
    plaza = {
        "title": "The Plaza",
        "period": "1350",
        "place": "Market plaza",
        "start": hub,
        "scenes": {
            hub: {
                "text": Quoted(
                    "The plaza bustles. Quests done: {quests_done}. Renown: {renown}. "
                    "{first|You are new here.|The stalls know you now.}"
                ),
                "lines": [
                    {"text": "A child points at you and whispers.", "if": "visits plaza > 3"},
                    {"keeper": "Welcome back, hero.", "if": "visits keeper >= 2"},
                ],
                "choices": hub_choices,
            },
            "keeper": {
                "text": Quoted(short(rng, 2)),
                "lines": [{"keeper": sentence(rng)}],
                "next": hub,
            },
            "board": {
                "text": Quoted(
                    "Notices flap in the wind. {renown > 10: One of them has your face on it.}"
                ),
                "next": hub,
            },
            "tower_gate": {
                "text": Quoted(short(rng, 3)),
                "choices": [
                    {
                        "label": "Face the champion",
                        "goto": "end_legend",
                        "if": f"quests_done >= {quests}",
                    },
                    {"label": "Take the crown", "goto": "end_hero"},
                ],
            },
            "end_legend": {"text": Quoted("Every quest done. They sing of you."), "end": "legend"},
            "end_hero": {"text": Quoted("A hero, if not a legend."), "end": "hero"},
            "end_retire": {"text": Quoted("You open a tavern."), "end": "retired"},
        },
    }
    per_file = 8
    for t in range(0, len(qchapters), per_file):
        group = qchapters[t : t + per_file]
        region = t // per_file + 1
        extra = {"variables": {done: False for _, _, done in group}}
        text = (
            schema_line("regions") + f"#  region {region}  --  quests {t + 1}..{t + len(group)}\n"
        )
        text += "\n# flags for this region's quests\n"
        text += chapters_file(
            [(cid, ch) for cid, ch, _ in group],
            indent=3,
            extra=extra,
            comment_for=lambda cid: f"=== {cid} ===",
            oddspace=True,
        )
        write_text(root, f"regions/region_{region:02d}.yml", text)
    story = {
        "story": {
            "title": "Hundred Errands",
            "id": "outside-b-hubworld",
            "start": "plaza_ch",
            "chapters": chapter_ids,
            "variables": variables,
        },
        "characters": {
            "keeper": {"name": "The fountain keeper", "role": "an old man", "roster": False}
        },
        "chapters": {"plaza_ch": plaza},
    }
    text = schema_line("") + "#  Hundred Errands  :  a hub and its quests\n\n"
    body = dump(story, indent=3)
    body = re.sub(r"(?m)^(\s*)(title|period|place|start):[ ]", r"\1\2:      ", body)
    write_text(root, "story.yaml", text + body)


# --------------------------------------------------------------------------- main

STYLES = {
    "dungeon": gen_dungeon,
    "romance": gen_romance,
    "branching": gen_branching,
    "hubworld": gen_hubworld,
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("style", choices=sorted(STYLES))
    ap.add_argument("outdir")
    ap.add_argument("--scenes", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if os.path.isdir(args.outdir) and os.listdir(args.outdir):
        if not os.path.exists(os.path.join(args.outdir, "story.yaml")):
            sys.exit(f"{args.outdir}: not empty and not a story pack; refusing to overwrite")
        shutil.rmtree(args.outdir)
    os.makedirs(args.outdir, exist_ok=True)
    rng = random.Random(f"{args.style}:{args.seed}:{args.scenes}")
    STYLES[args.style](args.outdir, max(10, args.scenes), rng)
    count = 0
    for dirpath, _, files in os.walk(args.outdir):
        for fn in files:
            if fn.endswith((".yaml", ".yml")):
                with open(os.path.join(dirpath, fn), encoding="utf-8") as fh:
                    data = yaml.safe_load(fh) or {}
                for ch in (data.get("chapters") or {}).values():
                    count += len(ch.get("scenes") or {})
    print(f"{args.style}: wrote {count} scenes to {args.outdir}")


if __name__ == "__main__":
    main()
