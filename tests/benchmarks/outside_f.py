#!/usr/bin/env python3
"""outside_f.py OUTDIR SEED -- write a ~40-scene cellseven pack: a short opening, a hub of
10 sticky / once-only choices guarded by 6 flags (and visit counts, maybe a counter), rooms of
1-5 scenes that set and clear the flags, and an exit that needs 2-3 flags together.

Written by an outside author (session forty-six) from story/README.md and the schema alone,
to the issue's words "a 40-scene pack with a hub of 10 sticky and once-only choices and 6
flags"; kept as written but for `ruff format` (the same bytes out for every seed). About one
seed in eight leaves a room that can stop a play, one in eight two flags that clear each
other (the way out never opens); CRLF, deep folders, one-line paragraphs vary by seed."""

import os
import random
import re
import sys

import yaml

THEMES = [  # hub id, hub name, title, chapter place
    ("hall", "the great hall", "The House on Vane Street", "An old house"),
    ("square", "the square", "Market Day in Orlov", "A market town"),
    ("deck", "the deck", "The Night Ferry", "A ferry at sea"),
    ("yard", "the station yard", "Last Train to Ostrava", "A border station"),
    ("cloister", "the cloister", "The Winter Abbey", "A mountain abbey"),
    ("lobby", "the lobby", "Hotel Meridian", "A seaside hotel"),
    ("camp", "the camp", "Above the Treeline", "A survey camp"),
    ("courtyard", "the courtyard", "The Clockmaker's Daughter", "A walled town"),
]
ROOMS = [
    "attic",
    "cellar",
    "garden",
    "chapel",
    "kitchen",
    "library",
    "stable",
    "pier",
    "tower",
    "archive",
    "workshop",
    "greenhouse",
    "belfry",
    "boathouse",
    "crypt",
    "pantry",
    "gallery",
    "study",
    "orchard",
    "well",
    "mill",
    "forge",
    "chartroom",
    "infirmary",
    "laundry",
    "bakery",
    "observatory",
    "ballroom",
    "vault",
    "nursery",
    "granary",
    "cistern",
    "signal_box",
    "engine_room",
    "galley",
    "wine_store",
]
FLAGS = [
    "lamp_lit",
    "gate_open",
    "found_map",
    "fed_dog",
    "rang_bell",
    "read_letter",
    "owes_miller",
    "saw_ghost",
    "cut_rope",
    "took_coin",
    "lied_once",
    "learned_code",
    "torn_page",
    "broke_seal",
    "hid_knife",
    "oiled_hinge",
    "wound_clock",
    "signed_book",
    "burned_note",
    "mended_net",
    "lit_stove",
    "found_key",
    "drew_water",
    "kept_promise",
]
COUNTERS = ["coins", "clues", "trust", "candles", "favours"]
PEOPLE = [
    ("mina", "Mina"),
    ("oh", "Mr. Oh"),
    ("ilse", "Ilse"),
    ("tomas", "Tomas"),
    ("keeper", "The keeper"),
    ("vera", "Aunt Vera"),
    ("pavel", "Pavel"),
    ("june", "June"),
]
SMELLS = ["wax", "wet stone", "bread", "lamp oil", "old paper", "salt", "pine resin", "soot"]
SOUNDS = ["a door closing", "water dripping", "someone humming", "a dog barking", "footsteps"]
THINGS = ["curtain", "cobweb", "loose page", "lantern", "chain", "sheet over the mirror"]
SENT = [
    "The {n} smells of {s}.",
    "Dust lies thick on everything in the {n}.",
    "Somewhere in the {n} a clock ticks.",
    "Light comes in sideways through a cracked pane.",
    "Nobody has swept the {n} in years.",
    "You hear {o} from below.",
    "A draught moves the {t}.",
    "It is colder here than it should be.",
    "Your breath shows in the air.",
    "Someone was here before you, and not long ago.",
    "The floorboards of the {n} complain under your weight.",
    "A {t} hangs where you did not expect it.",
    "You count your steps without meaning to.",
    "The walls are covered in pencil marks, dates mostly.",
    "For a moment you are sure you are being watched.",
    "Everything here is just a little too tidy.",
    "The **{n}** is smaller than you remembered.",
    "Rain ticks against the glass.",
]
SAYS = [
    "You should not be here.",
    "I kept it for you, you know.",
    "Mind the third step.",
    "Have you seen my glasses?",
    "It was never about the money.",
    "Come back when it is dark.",
    "Nobody listens to me, so I stopped talking.",
    "Shut the door behind you, please.",
]
ENTER = [
    "Go to the {n}",
    "Visit the {n}",
    "Try the {n}",
    "Look in on the {n}",
    "Head for the {n}",
    "Check the {n}",
    "Slip into the {n}",
    "Walk over to the {n}",
]
INNER = [
    "Look closer",
    "Open the drawer",
    "Search the shelves",
    "Read the note",
    "Listen at the wall",
    "Light a match",
    "Climb higher",
    "Lift the trapdoor",
    "Follow the footprints",
    "Knock twice",
    "Wait a while",
    "Look around",
    "Go deeper",
    "Step inside",
    "Call out",
    "Count the steps",
    "Try the handle",
    "Pull the cord",
    "Peer through the keyhole",
    "Sit down for a moment",
]
BACKS = ["Back", "Return to {h}", "Go back", "Leave", "Back to {h}", "Head back"]
SFX = ["inside", "corner", "shelf", "stair", "door", "niche", "back", "floor", "window", "loft"]
ENDS = ["free", "home", "dawn", "escape", "quiet", "lost", "caught", "alone", "together", "gone"]
SIDE_ENDS = [
    "fell",
    "drowned",
    "asleep",
    "taken",
]  # endings met inside a room, not through the exit
CODA = [
    "By morning the {n} is far behind you.",
    "Nobody ever asks you about that night again.",
    "Years later you still remember the smell of {s}.",
    "You do not look back.",
    "It ends quietly, the way such things do.",
]
IDRE = re.compile(r"^[a-z_][a-z0-9_]*$")


class F(dict):
    pass  # a mapping written in flow style


class FL(list):
    pass  # a list written in flow style


def main(outdir, seed):
    R = random.Random(seed * 7919 + 46)
    hub, hubname, title, place = R.choice(THEMES)
    qs = R.choice(["plain", "plain", "double", "single", "mixed"])
    para = R.choice(["short", "short", "long", "multi"])
    flowfx, flowch = R.random() < 0.5, R.random() < 0.25
    mode = "ok" if R.random() < 0.75 else R.choice(["stuck", "loop"])
    flags = R.sample(FLAGS, 6)
    ctr = R.choice(COUNTERS) if R.random() < 0.5 else None
    cast = R.sample(PEOPLE, R.choice([1, 2, 2, 3]))
    numid = R.random() < 0.3
    n_exit = 2 if R.random() < 0.25 else 1
    nrooms = 10 - n_exit
    req = R.sample(flags, R.choice([2, 2, 3]))
    if os.environ.get("FLAG_HUBS_DEBUG"):
        print(f"mode={mode} req={req}", file=sys.stderr)

    def prose(noun, k=None):
        def sents(k):
            return " ".join(
                t.format(n=noun, s=R.choice(SMELLS), o=R.choice(SOUNDS), t=R.choice(THINGS))
                for t in R.sample(SENT, k)
            )

        if para == "multi" and R.random() < 0.6:
            return "\n\n".join(sents(R.randint(1, 3)) for _ in range(R.randint(2, 3))) + "\n"
        return sents(k or (R.randint(5, 9) if para == "long" else R.randint(1, 3)))

    def coda(noun):  # the last words of an ending
        return (
            R.choice(CODA).format(n=noun, s=R.choice(SMELLS))
            + " "
            + prose(noun, R.randint(1, 2)).strip()
        )

    def fx(*effects):  # a list of effects, in flow style for some authors
        M = F if flowfx else dict
        out = [M({k: M(v) if isinstance(v, dict) else v for k, v in e.items()}) for e in effects]
        return FL(out) if flowfx else out

    def setf(f):
        return {"flag": f} if R.random() < 0.45 else {"set": {f: True}}

    def choice(label, goto, cond=None, wf=None, sticky=False, do=None):
        c = {"label": label, "goto": goto}
        if cond:
            c["if"] = cond
            if wf or R.random() < 0.3:
                c["when_false"] = wf or R.choice(["hide", "disable"])
        if sticky or R.random() < 0.1:
            c["once"] = not sticky
        if do:
            c["do"] = fx(*do)
        return F(c) if flowch and not do else c

    def lines(k=1):
        out = []
        for _ in range(k):
            cid, _n = R.choice(cast)
            ln = {cid: R.choice(SAYS), **({"if": R.choice(flags)} if R.random() < 0.2 else {})}
            out.append(
                ln if R.random() < 0.85 else R.choice(["The wind rises.", "Nobody answers."])
            )
        return out

    scenes = {}  # id -> dict, in writing order
    # ---- rooms: sizes, flags set / cleared, counters, conditions
    n_open = R.randint(1, 3)
    n_end = R.choice([1, 1, 2, 2, 3])
    elsewhere = R.random() < 0.3
    total = R.randint(37, 43)
    rest = total - n_open - 1 - (1 + (n_end if n_end > 1 or R.random() < 0.5 else 0)) - (n_exit - 1)
    sizes = [1] * nrooms
    while sum(sizes) < min(rest, 5 * nrooms):
        i = R.randrange(nrooms)
        if sizes[i] < 5:
            sizes[i] += 1
    nouns = R.sample(ROOMS, nrooms)
    rooms = [
        dict(
            i=i,
            noun=n.replace("_", " "),
            id=(f"r{i + 1}_{n}" if numid else n),
            size=sizes[i],
            sets=[],
            clears=[],
            add=False,
            sticky=R.random() < 0.5,
            cond=None,
            kind="normal",
            pin=[],
        )
        for i, n in enumerate(nouns)
    ]
    never_set = R.choice([f for f in flags if f not in req]) if R.random() < 0.1 else None
    for f in [f for f in flags if f != never_set]:
        for _ in range(1 if f in req or R.random() < 0.7 else 2):
            R.choice(rooms)["sets"].append(f)
    if mode == "loop":  # two required flags that clear each other: the exit never opens
        a, b = req[0], req[1]
        for rm in rooms:
            rm["sets"] = [f for f in rm["sets"] if f not in (a, b)]
        ra, rb = R.sample(rooms, 2)
        ra["sets"].append(a)
        ra["clears"].append(b)
        rb["sets"].append(b)
        rb["clears"].append(a)
        ra["sticky"] = rb["sticky"] = True
    others = [f for f in flags if f not in req]
    for rm in rooms:
        f = R.choice(others)
        if R.random() < 0.3 and f not in rm["sets"]:
            rm["clears"].append(f)
        rm["add"] = bool(ctr) and R.random() < 0.4
    if mode == "stuck":
        R.choice([r for r in rooms if r["size"] >= 2] or rooms)["kind"] = "stuck"
    cands = [r for r in rooms if r["size"] >= 2 and not r["sets"] and r["kind"] == "normal"]
    if elsewhere and cands:  # an ending met inside a room
        R.choice(cands)["kind"] = "ending"
    if mode == "ok" and sum(r["sticky"] for r in rooms) < 3:
        for r in R.sample(rooms, 3):
            r["sticky"] = True
    cleared = {f for r in rooms for f in r["clears"]}
    R.shuffle(rooms)  # the order in which rooms open up
    safe_flags, safe_scenes, ctr_cap = [], [], 0
    for pos, rm in enumerate(rooms):
        critical = any(f in req for f in rm["sets"])
        mono = True
        if pos >= 1 and R.random() < 0.5:
            mono = critical or R.random() < 0.4  # monotone: once true, stays true
            if mono:
                opts = ["hubv"] + ["f"] * 2 * bool(safe_flags) + ["and"] * (len(safe_flags) >= 2)
                opts += ["visited"] * bool(safe_scenes) + ["ctr"] * (ctr_cap >= 1)
            else:
                opts = ["not", "andnot", "or", "orand", "hubv", "visits"]
            k = R.choice(opts)
            fs, sf = R.sample(flags, 3), R.sample(safe_flags, min(2, len(safe_flags)))
            rm["cond"] = {
                "hubv": f"visits {hub} > {R.randint(1, 3)}",
                "f": (sf or fs)[0],
                "and": " and ".join(sf),
                "visited": f"visited {R.choice(safe_scenes or [hub])}",
                "ctr": f"{ctr} >= {R.randint(1, min(ctr_cap, 3)) if ctr_cap else 1}",
                "not": f"not {fs[0]}",
                "andnot": f"{fs[0]} and not {fs[1]}",
                "or": f"{fs[0]} or {fs[1]}",
                "orand": f"({fs[0]} or {fs[1]}) and not {fs[2]}",
                "visits": f"visits {R.choice(rooms[:pos])['id']} >= 2",
            }[k]
        if mono and rm["kind"] == "normal":  # a room every play can enter: build on it
            rm["pin"] = [
                f for f in rm["sets"] if f not in cleared
            ]  # others' conditions lean on these
            safe_flags += [f for f in rm["pin"] if f not in safe_flags]
            safe_scenes.append(rm["id"])
            ctr_cap += (99 if rm["sticky"] else 1) if rm["add"] else 0

    # ---- opening
    oids = R.sample(
        ["arrival", "prologue", "the_road", "the_gate", "first_light", "the_letter"], n_open
    )
    for j, sid in enumerate(oids):
        nxt = oids[j + 1] if j + 1 < n_open else hub
        sc = {"text": prose(place.lower().split()[-1], R.randint(2, 4))}
        if j == 0 and R.random() < 0.5:
            sc["place"] = place
        if R.random() < 0.5:
            sc["lines"] = lines(R.randint(1, 2))
        if j == 0 and R.random() < 0.6:
            sc["do"] = fx({"meet": cast[0][0]})
        l1, l2 = R.sample(INNER, 2)
        if R.random() < 0.5:  # a first small choice that already sets a flag
            sc["choices"] = [
                choice(l1, nxt, do=[setf(R.choice(others if mode == "loop" else flags))]),
                choice(l2, nxt),
            ]
        else:
            sc["next"] = nxt
        scenes[sid] = sc

    # ---- hub
    H = hubname.capitalize()
    hsc = {
        "text": R.choice(
            [
                f"You are back in {hubname}.",
                f"{{You come into {hubname} for the first time.|{H} again.|{H}, once more.}}",
            ]
        )
        + " "
        + prose(hub, R.randint(1, 2)).strip()
        + (f" You have {{{ctr}}} {ctr} so far." if ctr else "")
    }
    if R.random() < 0.4:
        hsc["lines"] = [{"text": "The shadows have grown long.", "if": f"visits {hub} > 3"}]
    scenes[hub] = hsc
    backs_all = [b.format(h=hubname) for b in BACKS]

    def room_scenes(rm):
        base, size = rm["id"], rm["size"]
        ids = [base] + [f"{base}_{s}" for s in R.sample(SFX, size - 1)]
        rsc = {s: {"text": prose(rm["noun"])} for s in ids}
        if R.random() < 0.4:
            rsc[base]["lines"] = lines(R.randint(1, 2))
        if R.random() < 0.2 and size > 1:
            rsc[ids[-1]]["text"] += f" {{{R.choice(flags)}: You think of what you found earlier.}}"
        sure, used = [ids[0]], {}

        def labels(s, k):  # choice labels not yet used in scene s
            got = R.sample([l for l in INNER if l not in used.setdefault(s, set())], k)
            used[s].update(got)
            return got

        def back(s, always=False):
            if not always and R.random() < 0.3:
                rsc[s]["next"] = hub
            else:
                rsc[s].setdefault("choices", []).append(
                    choice(R.choice(backs_all), hub, sticky=True)
                )

        def chain(seq, end_hub=True):
            for a, b in zip(seq, seq[1:]):  # mostly Continue, sometimes a sticky choice
                if R.random() < 0.7:
                    rsc[a]["next"] = b
                else:
                    rsc[a]["choices"] = [choice(labels(a, 1)[0], b, sticky=True)]
            if end_hub:
                back(seq[-1])

        shape = "one" if size == 1 else R.choice(["chain", "loop"] + ["branch"] * (size >= 3))
        if rm["kind"] == "stuck":  # only once-only ways out: a second entry finds nothing to do
            tg = ids[1:] or [base, base]
            rsc[base]["choices"] = [choice(l, t) for l, t in zip(labels(base, len(tg)), tg)]
            for t in ids[1:]:
                rsc[t]["next"] = base
            sure = ids
        elif rm["kind"] == "ending":  # a way in that ends the story
            rsc[base]["choices"] = [choice(labels(base, 1)[0], ids[1])]
            back(base, always=True)
            chain(ids[1:], end_hub=False)
            rsc[ids[-1]].update(text=coda(rm["noun"]), end=R.choice(SIDE_ENDS))
        elif shape == "one":
            if R.random() < 0.5:
                rsc[base]["choices"] = [choice(labels(base, 1)[0], base)]
            back(base, always="choices" in rsc[base])
        elif shape == "chain":
            chain(ids)
            sure = ids
        elif shape == "loop":
            rsc[base]["choices"] = [choice(labels(base, 1)[0], ids[1], sticky=True)]
            for a, b in zip(ids[1:], ids[2:]):
                rsc[a]["next"] = b
            rsc[ids[-1]]["next"] = base
            if size >= 3 and R.random() < 0.5:  # a once-only shortcut after a second look
                rsc[base]["choices"].append(
                    choice(
                        labels(base, 1)[0],
                        ids[-1],
                        f"visits {base} > 1",
                        R.choice(["disable", None]),
                    )
                )
            back(base, always=True)
            sure = ids[:2]
        else:  # branch: a once-only deeper way, a conditional one, a sticky way back
            cut = R.randint(2, size - 1)
            a_seq, b_seq = ids[1:cut], ids[cut:]
            cond = R.choice(
                [
                    f"{R.choice(flags)}",
                    f"not {R.choice(flags)}",
                    f"visits {base} > 1",
                    f"{R.choice(flags)} or visits {hub} > 2",
                ]
            )
            la, lb = labels(base, 2)
            rsc[base]["choices"] = [
                choice(la, a_seq[0]),
                choice(lb, b_seq[0], cond, R.choice(["disable", "hide", None])),
            ]
            back(base, always=True)
            chain(a_seq)
            chain(b_seq)
            sure = [base] + a_seq
        # effects: required flags somewhere a first visit surely passes, others anywhere
        for f in rm["sets"]:
            s = R.choice(sure if f in req or f in rm["pin"] else ids)
            rsc[s].setdefault("do", []).append(setf(f))
        for f in rm["clears"]:  # a required flag is cleared on the way in (the loop bug)
            rsc[base if f in req else R.choice(ids)].setdefault("do", []).append(
                {"set": {f: False}}
            )
        if rm["add"]:
            rsc[base].setdefault("do", []).insert(0, {"add": {ctr: 1}})
        if size > 1 and rm["kind"] == "normal" and R.random() < 0.3:  # a deeper conditional choice
            s = R.choice(ids)
            if "next" in rsc[s]:
                rsc[s]["choices"] = rsc[s].get("choices", []) + [
                    choice("Move on", rsc[s].pop("next"), sticky=True)
                ]
            rsc[s].setdefault("choices", []).append(
                choice(
                    labels(s, 1)[0],
                    R.choice(ids),
                    R.choice(
                        [
                            f"not {R.choice(flags)}",
                            f"visits {s} >= 2",
                            f"{R.choice(flags)} and {R.choice(flags)}",
                        ]
                    ),
                    "disable",
                )
            )
        for s in ids:
            if "do" in rsc[s]:
                rsc[s]["do"] = fx(*rsc[s]["do"])
            if not any(k in rsc[s] for k in ("choices", "next", "end")):
                rsc[s]["next"] = hub
        return rsc

    hub_choices = [
        choice(R.choice(ENTER).format(n=rm["noun"]), rm["id"], rm["cond"], sticky=rm["sticky"])
        for rm in rooms
    ]
    # ---- exits and endings
    ex = R.choice(["the_boat", "departure", "the_far_door", "the_bridge", "the_crossing"])
    need = " and ".join(req)
    hub_choices.append(
        choice(
            R.choice(
                ["Leave for good", "Open the last door", "Make for the way out", "Go, at last"]
            ),
            ex,
            need,
            R.choice(["disable", "hide", None]),
            sticky=R.random() < 0.5,
        )
    )
    endings = R.sample(ENDS, n_end + n_exit)
    exsc = {
        "text": prose("way out", R.randint(2, 4)),
        **({"period": str(R.randint(2005, 2020))} if R.random() < 0.3 else {}),
    }
    scenes_tail = {ex: exsc}
    if n_end == 1 and R.random() < 0.5:
        exsc["end"] = endings[0]
    elif n_end == 1:
        exsc["next"] = f"end_{endings[0]}"
        scenes_tail[f"end_{endings[0]}"] = {"text": coda(hub), "end": endings[0]}
    else:
        exsc["choices"] = []
        lbls = R.sample(
            [
                "Take the boat",
                "Walk out into the snow",
                "Wait for the others",
                "Burn the letter",
                "Say goodbye",
                "Do not look back",
            ],
            n_end,
        )
        for j, e in enumerate(endings[:n_end]):
            cond = (
                None
                if j == n_end - 1
                else R.choice(
                    [
                        R.choice(flags),
                        f"not {R.choice(flags)}",
                        f"{R.choice(flags)} and {R.choice(flags)}",
                    ]
                )
            )
            exsc["choices"].append(choice(lbls[j], f"end_{e}", cond))
            scenes_tail[f"end_{e}"] = {"text": coda(hub), "end": e}
    if n_exit == 2:
        e = endings[-1]
        c2 = f"{R.choice(others)} and {req[0]}" if not ctr else f"{ctr} >= {R.randint(2, 4)}"
        c2 = f"{req[1]} and {req[0]}" if mode == "loop" else c2
        hub_choices.append(choice("Take the other way", f"end_{e}", c2, sticky=True))
        scenes_tail[f"end_{e}"] = {"text": coda(hub), "end": e}
    if R.random() < 0.6:  # some authors list the rooms as they thought of them, the exit in between
        R.shuffle(hub_choices)
    hsc["choices"] = hub_choices
    if R.random() < 0.15:
        hsc["next"] = oids[-1] if n_open > 1 else hub  # the author's fallback when the hub runs dry
    for rm in sorted(rooms, key=lambda r: r["i"]):
        scenes.update(room_scenes(rm))
    scenes.update(scenes_tail)

    # ---- chapters and files
    variables = {**{f: False for f in flags}, **({ctr: 0} if ctr else {})}
    ids = list(scenes)
    two = R.random() < 0.35
    c1, c2 = R.sample(
        ["part_one", "first_night", "the_search", "homecoming", "nightfall", "memory", "book_one"],
        2,
    )
    year = str(R.choice([1961, 1978, 1989, 1997, 2003, 2011]))
    cut = R.choice([n_open, ids.index(ex)]) if two else None  # opening | rest, or story | exit
    splits = [(c1, ids)] if cut is None else [(c1, ids[:cut]), (c2, ids[cut:])]
    chapters = {}
    for n, (cid, sids) in enumerate(splits):
        ch = {
            "title": cid.replace("_", " ").title(),
            "period": year,
            **({"place": place} if R.random() < 0.6 else {}),
            **({"witness": cast[0][0]} if R.random() < 0.3 else {}),
            "start": sids[0],
        }
        if n == 1 and R.random() < 0.7:
            ch["entry"] = (
                {"set": {f: True for f in req}} if sids[0] == ex else {"met": [cast[0][0]]}
            )
        ch["scenes"] = {s: scenes[s] for s in sids}
        chapters[cid] = ch
    story = {
        "title": title,
        **(
            {"id": re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")} if R.random() < 0.4 else {}
        ),
        "start": c1,
    }
    story["chapters"] = list(chapters) if len(chapters) > 1 or R.random() < 0.6 else c1
    chars = {
        cid: {
            "name": name,
            **(
                {"role": R.choice(["a neighbour", "the caretaker", "an old friend"])}
                if R.random() < 0.6
                else {}
            ),
        }
        for cid, name in cast
    }
    if vars_in_story := R.random() < 0.6:  # or declared beside the chapter, in its own file
        story["variables"] = variables
    files = {"story.yaml": {"story": story}}
    (files["story.yaml"] if R.random() < 0.5 else files.setdefault("characters.yaml", {}))[
        "characters"
    ] = chars
    folder = R.choice(["chapters/", "chapters/", "", "parts/act1/", "scenes/"])
    ext = ".yml" if R.random() < 0.2 else ".yaml"
    for group in (
        [{k: v} for k, v in chapters.items()]
        if len(chapters) == 2 and R.random() < 0.6
        else [chapters]
    ):
        files[f"{folder}{next(iter(group))}{ext}"] = {
            "chapters": group
        }  # one file a chapter, or one for both
    if not vars_in_story:
        first_ch = next(k for k in files if k != "story.yaml" and k != "characters.yaml")
        files[first_ch] = {"variables": variables, **files[first_ch]}
    write(outdir, files, R, qs, para)


def write(outdir, files, R, qs, para):
    class D(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True

    if R.random() < 0.5:  # indent block sequences under their key
        D.increase_indentation = lambda self, flow=False, indentless=False: (
            yaml.SafeDumper.increase_indentation(self, flow, False)
        )

    def rep_str(d, s):
        style = (
            "|"
            if "\n" in s
            else None
            if IDRE.match(s)
            else {
                "plain": None,
                "double": '"',
                "single": "'",
                "mixed": R.choice([None, None, '"', "'"]),
            }[qs]
        )
        return d.represent_scalar("tag:yaml.org,2002:str", s, style=style)

    D.add_representer(str, rep_str)
    D.add_representer(
        F, lambda d, m: d.represent_mapping("tag:yaml.org,2002:map", m, flow_style=True)
    )
    D.add_representer(
        FL, lambda d, l: d.represent_sequence("tag:yaml.org,2002:seq", l, flow_style=True)
    )
    opts = dict(
        sort_keys=False,
        default_flow_style=R.choice([False, False, None]),
        allow_unicode=True,
        width=100000 if para == "long" else R.choice([72, 80, 100, 120]),
        indent=R.choice([2, 2, 4]),
    )
    crlf, schema = R.random() < 0.25, R.random() < 0.7
    for rel, doc in files.items():
        path = os.path.join(outdir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        body = yaml.dump(doc, Dumper=D, **opts)
        if schema:
            body = (
                f"# yaml-language-server: $schema={'../' * rel.count('/')}cellseven.schema.json\n"
                + body
            )
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(body.replace("\n", "\r\n") if crlf else body)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: flag_hubs.py OUTDIR SEED")
    main(sys.argv[1], int(sys.argv[2]))
