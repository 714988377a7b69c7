"""Explore-the-house story packs around one central hub, with areas that have a shape.

    python tests/benchmarks/house_hubs.py OUTDIR FIRST LAST   # seeds FIRST..LAST, both in

Written in session twenty-nine by a helper given the pack format (the README, the scaffold)
and one generated corridor hub to learn it from; not asked to read the engine.

Each seed (``random.Random(seed)``) writes a pack of 36 to 42 scenes:

* an intro of 1-3 scenes (a line, sometimes a fork whose two ways set different things);
* one hub with exactly 10 choices into areas (sticky or once-only, several behind a
  condition, some shown disabled) plus one way out;
* 8-10 areas of 1-5 scenes each, each with an internal shape: a linear corridor, a side-hub
  with 2-3 nooks of its own, a room with a "search again"/"wait" loop, a locked inner room a
  counter opens, a fork that merges again, a ring of rooms, a single room; when there are fewer
  than 10 areas, the spare hub choices are back doors into the middle of an area;
* 6 flags set and cleared, 1-2 counters earned and spent, conditions of many forms
  (``a and not b``, ``keys >= 2``, ``visits hall >= 3``, ``favour > 1 or lamp_lit``, ...);
* leaving the hub needs 2-3 flags and/or a counter; then 1-2 scenes and 2-4 endings chosen
  by conditions.

Random conditions can make traps (a room whose only way out has gone) or scenes no state can
reach; that is on purpose. Nothing is copied from the project's own generators.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

# --------------------------------------------------------------------------- themes

THEMES = [
    {
        "title": ["The House on Pine Hill", "Grandmother's House", "The Empty House"],
        "period": "1987",
        "hub": ["hall", "front_hall", "stairwell"],
        "hub_text": "The hall. Doors everywhere, and the stairs going up into the dark.",
        "intro": ["gate", "drive", "porch", "doorstep"],
        "areas": [
            "kitchen",
            "cellar",
            "attic",
            "library",
            "garden",
            "study",
            "nursery",
            "pantry",
            "parlour",
            "bathroom",
            "boxroom",
            "conservatory",
            "scullery",
            "laundry",
            "landing",
            "music_room",
            "gun_room",
            "linen_closet",
        ],
        "flags": [
            "lamp_lit",
            "door_unbarred",
            "dog_fed",
            "clock_wound",
            "letter_read",
            "window_open",
            "fire_lit",
            "map_found",
            "bell_rung",
            "cat_followed",
        ],
        "out": ["back_door", "lane", "orchard_path"],
        "things": [
            "a drawer of string",
            "a cold stove",
            "wallpaper peeling like bark",
            "a rocking chair",
            "a row of jars",
            "a smell of apples",
            "a dusty piano",
            "a cracked mirror",
            "boots by the wall",
            "a sewing box",
        ],
    },
    {
        "title": ["The Lighthouse", "Keeper's Rest", "The Light at Gull Rock"],
        "period": "1962",
        "hub": ["lamp_stair", "keepers_room", "tower_base"],
        "hub_text": (
            "The foot of the tower. The iron stair winds up; passages go off into the rock."
        ),
        "intro": ["jetty", "rocks", "path_up", "tower_door"],
        "areas": [
            "oil_store",
            "lamp_room",
            "gallery",
            "bunk_room",
            "boathouse",
            "signal_hut",
            "cistern",
            "workshop",
            "radio_room",
            "coal_hole",
            "chart_room",
            "galley",
            "foghorn",
            "cliff_steps",
            "log_room",
            "net_loft",
        ],
        "flags": [
            "lens_clean",
            "wick_trimmed",
            "radio_on",
            "log_signed",
            "boat_tied",
            "horn_sounded",
            "shutter_open",
            "oil_poured",
            "gull_fed",
            "chart_marked",
        ],
        "out": ["causeway", "slipway", "cliff_path"],
        "things": [
            "a tin of matches",
            "salt on the glass",
            "a coil of rope",
            "a brass clock",
            "a kettle gone cold",
            "a barometer falling",
            "oilskins on a hook",
            "a logbook",
            "a broken oar",
            "a jar of bolts",
        ],
    },
    {
        "title": ["The Night Station", "Last Train", "Platform Nine"],
        "period": "1974",
        "hub": ["concourse", "booking_hall", "waiting_room"],
        "hub_text": "The concourse. The clock says nearly midnight and nobody is here.",
        "intro": ["forecourt", "taxi_rank", "station_steps", "ticket_gate"],
        "areas": [
            "platform_one",
            "platform_two",
            "signal_box",
            "left_luggage",
            "buffet",
            "lamp_store",
            "parcels_office",
            "footbridge",
            "goods_yard",
            "porters_room",
            "ladies_room",
            "stationmaster",
            "boiler_house",
            "subway",
            "carriage_shed",
            "water_tower",
        ],
        "flags": [
            "ticket_bought",
            "lever_pulled",
            "lamp_swung",
            "trunk_found",
            "porter_woken",
            "clock_stopped",
            "gate_unlocked",
            "tea_drunk",
            "map_read",
            "whistle_blown",
        ],
        "out": ["last_train", "siding", "night_line"],
        "things": [
            "a timetable",
            "a trolley",
            "a luggage label",
            "a tea urn",
            "a bench",
            "pigeons in the roof",
            "a poster for the sea",
            "a guard's flag",
            "a ticket punch",
            "a lost glove",
        ],
    },
    {
        "title": ["The Old School", "After Hours", "The Schoolhouse"],
        "period": "1995",
        "hub": ["corridor", "assembly_hall", "main_stairs"],
        "hub_text": "The long corridor. Lockers, doors with glass panels, a smell of floor polish.",
        "intro": ["playground", "bike_shed", "side_gate", "school_door"],
        "areas": [
            "classroom",
            "gym",
            "art_room",
            "staff_room",
            "science_lab",
            "book_room",
            "caretaker",
            "boiler_room",
            "music_hall",
            "canteen",
            "head_office",
            "changing_room",
            "roof",
            "store_cupboard",
            "sick_bay",
            "computer_room",
        ],
        "flags": [
            "bell_off",
            "register_found",
            "torch_on",
            "note_passed",
            "window_forced",
            "kettle_on",
            "alarm_cut",
            "keys_copied",
            "fish_fed",
            "chalk_message",
        ],
        "out": ["fire_exit", "playing_field", "back_gate"],
        "things": [
            "a globe",
            "a stack of chairs",
            "a smell of bleach",
            "a skipping rope",
            "a lost-property box",
            "a blackboard",
            "a radiator ticking",
            "a jar of pencils",
            "a trophy shelf",
            "a fire blanket",
        ],
    },
]

COUNTERS = ["keys", "coins", "favour", "candles", "tokens"]
SUFFIXES = [
    "nook",
    "back",
    "shelf",
    "stair",
    "door",
    "window",
    "chest",
    "corner",
    "deep",
    "far_end",
    "alcove",
    "cupboard",
    "ledge",
    "loft",
    "passage",
    "inner",
]
ENDINGS = ["free", "rich", "alone", "together", "caught", "lost", "home", "dawn", "quiet", "late"]

GO_ON = [
    "Go on",
    "Keep going",
    "Go further in",
    "Follow the draught",
    "Press on",
    "Walk on",
    "Go deeper",
]
BACK = [
    "Back to the {hub}",
    "Return to the {hub}",
    "Leave the room",
    "Go back out",
    "Retrace your steps",
]
LOOP = [
    "Search again",
    "Wait a little",
    "Look once more",
    "Listen",
    "Sit a while",
    "Try the handle again",
    "Rummage",
]
LOOK = ["Look at {t}", "Examine {t}", "Open {t}", "Touch {t}", "Check behind {t}"]


def words(sid: str) -> str:
    return sid.replace("_", " ")


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


# --------------------------------------------------------------------------- the generator


class Gen:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = rng = random.Random(seed)
        self.theme = rng.choice(THEMES)
        th = self.theme
        self.title = rng.choice(th["title"]) + f" ({seed})"
        self.hub = rng.choice(th["hub"])
        self.flags = rng.sample(th["flags"], 6)
        self.counters = rng.sample(COUNTERS, rng.choice([1, 2, 2]))
        self.scenes: dict[str, dict] = {}
        self.chapter_of: dict[str, str] = {}
        self.area_scenes: list[str] = []
        self.areas: list[tuple[str, list[str]]] = []  # (area id, scenes), first is the entry
        # style of this seed
        self.flow_choices = rng.random() < 0.5
        self.flow_do = rng.random() < 0.5
        self.literal_text = rng.random() < 0.35
        self.p_scene_do = rng.choice([0.25, 0.45, 0.65])  # scene entry effects vs choices
        self.p_disable = rng.choice([0.1, 0.3, 0.5])
        self.p_sticky_back = rng.choice([0.7, 0.85, 0.95])
        self.cond_forms = rng.sample(
            [
                "flag",
                "not_flag",
                "and_not",
                "or",
                "count_ge",
                "count_gt",
                "visits_hub",
                "visits_scene",
                "visited",
                "count_or_flag",
                "paren",
                "not_paren",
                "mod",
                "sum",
            ],
            rng.randint(6, 11),
        )
        self.used_ids: set[str] = set()

    # ..................................................................... helpers

    def new_id(self, base: str) -> str:
        sid = base
        n = 2
        while sid in self.used_ids:
            sid = f"{base}_{n}"
            n += 1
        self.used_ids.add(sid)
        return sid

    def scene(self, sid: str, chapter: str, text: str, **kw) -> dict:
        sc = {"text": text, "do": [], "choices": [], "next": None, "end": None}
        sc.update(kw)
        self.scenes[sid] = sc
        self.chapter_of[sid] = chapter
        return sc

    def choice(
        self,
        sc: dict,
        label: str,
        goto: str,
        cond: str | None = None,
        once: bool | None = None,
        do: list | None = None,
        disable: bool | None = None,
    ) -> dict:
        taken = {slug(c["label"]) for c in sc["choices"]}
        base = label
        n = 2
        while slug(label) in taken or not slug(label):
            label = f"{base} ({n})"
            n += 1
        c = {"label": label, "goto": goto}
        if cond:
            c["if"] = cond
            if disable if disable is not None else self.rng.random() < self.p_disable:
                c["when_false"] = "disable"
        # `once: true` is the default: write it out on some choices only
        if once is not None and (once is False or self.rng.random() < 0.3):
            c["once"] = once
        if do:
            c["do"] = do
        sc["choices"].append(c)
        return c

    def counter(self) -> str:
        return self.rng.choice(self.counters)

    def flag(self) -> str:
        return self.rng.choice(self.flags)

    def thing(self) -> str:
        return self.rng.choice(self.theme["things"])

    # ..................................................................... effects

    def set_flag(self, f: str | None = None, value: bool | None = None) -> dict:
        rng = self.rng
        f = f or self.flag()
        if value is None:
            value = rng.random() < 0.78
        if value and rng.random() < 0.4:
            return {"flag": f}
        return {"set": {f: value}}

    def earn(self, c: str | None = None, n: int | None = None) -> dict:
        c = c or self.counter()
        n = n or self.rng.choice([1, 1, 1, 2])
        return {"add": {c: n}}

    def spend(self, c: str, n: int = 1) -> dict:
        if self.rng.random() < 0.25:
            return {"set": {c: f"{c} - {n}"}}
        return {"add": {c: -n}}

    def rand_effects(self, p: float = 1.0) -> list:
        rng = self.rng
        out: list = []
        if rng.random() > p:
            return out
        r = rng.random()
        if r < 0.5:
            out.append(self.set_flag())
        elif r < 0.8:
            out.append(self.earn())
        else:
            out.append(self.set_flag())
            out.append(self.earn())
        return out

    # ..................................................................... conditions

    def cond(self, here: str | None = None) -> str:
        rng = self.rng
        form = rng.choice(self.cond_forms)
        f, g = rng.sample(self.flags, 2)
        c = self.counter()
        n = rng.randint(1, 3)
        if form == "flag":
            return f
        if form == "not_flag":
            return f"not {f}"
        if form == "and_not":
            return f"{f} and not {g}"
        if form == "or":
            return f"{f} or {g}"
        if form == "count_ge":
            return f"{c} >= {n}"
        if form == "count_gt":
            return f"{c} > {n - 1}" if n > 1 else f"{c} > 0"
        if form == "visits_hub":
            return f"visits {self.hub} >= {rng.randint(2, 4)}"
        if form == "visits_scene":
            pool = [s for s in self.area_scenes if s != here] or [self.hub]
            return f"visits {rng.choice(pool)} {rng.choice(['>=', '>'])} {rng.randint(1, 2)}"
        if form == "visited":
            pool = [s for s in self.area_scenes if s != here] or [self.hub]
            s = rng.choice(pool)
            return f"visited {s}" if rng.random() < 0.6 else f"not visited {s}"
        if form == "count_or_flag":
            return f"{c} > {n - 1} or {f}"
        if form == "paren":
            return f"({f} or {g}) and {c} >= {max(1, n - 1)}"
        if form == "not_paren":
            return f"not ({f} and {g})"
        if form == "mod":
            return f"visits {self.hub} % 2 == {rng.randint(0, 1)}"
        if form == "sum":
            if len(self.counters) == 2:
                a, b = self.counters
                return f"{a} + {b} >= {n + 1}"
            return f"{c} * 2 >= {n + 1}"
        raise AssertionError(form)

    def maybe_cond(self, p: float, here: str | None = None) -> str | None:
        return self.cond(here) if self.rng.random() < p else None

    # ..................................................................... text

    def text(self, sid: str, what: str) -> str:
        rng = self.rng
        parts = [what]
        r = rng.random()
        if r < 0.2:
            f = self.flag()
            parts.append(f"{{{f}: Something has changed since {words(f)}.|Nothing has moved.}}")
        elif r < 0.35:
            parts.append(
                "{It is the first time you have been here.|You have been here before."
                "|You know this place by now.}"
            )
        elif r < 0.45:
            c = self.counter()
            parts.append(f"You have {{{c}}} {c} to your name.")
        elif r < 0.5:
            parts.append(f"You have been here {{visits {sid}}} times.")
        return " ".join(parts)

    # ..................................................................... areas

    def back(self, sc: dict, sid: str, cond_p: float = 0.08) -> None:
        """A way back to the hub: usually sticky, now and then once-only or conditional."""
        rng = self.rng
        once = not (rng.random() < self.p_sticky_back)
        cond = self.maybe_cond(cond_p, sid)
        self.choice(sc, rng.choice(BACK).format(hub=words(self.hub)), self.hub, cond, once=once)

    def leave_scene(self, sc: dict, sid: str, to: str) -> None:
        """End a scene of an area: `next:` to `to`, or a choice back, sometimes both."""
        rng = self.rng
        r = rng.random()
        if r < 0.35 and not sc["choices"]:
            sc["next"] = to
        elif to == self.hub:
            self.back(sc, sid)
            if rng.random() < 0.2:
                sc["next"] = to  # fallback when the way back is gone
        else:
            self.choice(
                sc,
                f"Back to the {words(to)}",
                to,
                None,
                once=not (rng.random() < self.p_sticky_back),
            )

    def add_effects(self, sc: dict, p: float | None = None) -> None:
        eff = self.rand_effects(self.p_scene_do if p is None else p)
        sc["do"] += eff

    def area(self, name: str, size: int) -> list[str]:
        rng = self.rng
        shapes = {
            1: ["single", "loop1", "single_next"],
            2: ["corridor", "loop2", "locked"],
            3: ["corridor", "sidehub", "ring", "locked", "loop2"],
            4: ["sidehub", "corridor", "forkmerge", "ring", "locked"],
            5: ["sidehub", "forkmerge", "corridor", "ring"],
        }[size]
        shape = rng.choice(shapes)
        entry = self.new_id(name)
        ids = [entry] + [self.new_id(f"{name}_{s}") for s in rng.sample(SUFFIXES, size - 1)]
        self.area_scenes += ids
        getattr(self, "shape_" + shape)(name, ids)
        return ids

    def mk(self, sid: str, what: str) -> dict:
        sc = self.scene(sid, "house", self.text(sid, what))
        return sc

    # single room with `next:` back
    def shape_single_next(self, name: str, ids: list[str]) -> None:
        sc = self.mk(ids[0], f"The {words(name)}: {self.thing()}.")
        sc["do"] += self.rand_effects(0.9)
        sc["next"] = self.hub

    # single room, one look and a way back
    def shape_single(self, name: str, ids: list[str]) -> None:
        rng = self.rng
        sid = ids[0]
        sc = self.mk(sid, f"The {words(name)}, with {self.thing()}.")
        self.add_effects(sc)
        t = self.thing()
        self.choice(
            sc,
            rng.choice(LOOK).format(t=t),
            self.hub,
            self.maybe_cond(0.4, sid),
            once=True,
            do=self.rand_effects(1.0),
        )
        self.back(sc, sid)

    # a room that loops on itself: wait / search again
    def shape_loop1(self, name: str, ids: list[str]) -> None:
        sid = ids[0]
        sc = self.mk(sid, f"The {words(name)}. Something might turn up if you are patient.")
        self.add_effects(sc, 0.3)
        self.loop_choice(sc, sid)
        self.back(sc, sid)

    def loop_choice(self, sc: dict, sid: str) -> None:
        rng = self.rng
        label = rng.choice(LOOP)
        r = rng.random()
        if r < 0.35:
            # bounded by visits
            self.choice(
                sc,
                label,
                sid,
                f"visits {sid} < {rng.randint(2, 4)}",
                once=False,
                do=[self.earn()],
                disable=rng.random() < 0.5,
            )
        elif r < 0.55:
            # once-only search that earns
            self.choice(sc, label, sid, None, once=True, do=[self.earn()])
        elif r < 0.75:
            # a wait that may flip a flag
            self.choice(sc, label, sid, self.maybe_cond(0.5, sid), once=False, do=[self.set_flag()])
        else:
            # unbounded sticky earning loop, guarded by a flag the loop clears (or not)
            f = self.flag()
            do = [self.earn()]
            if rng.random() < 0.6:
                do.append({"set": {f: False}})
            self.choice(sc, label, sid, f, once=False, do=do)

    # entry + inner room with a loop
    def shape_loop2(self, name: str, ids: list[str]) -> None:
        rng = self.rng
        a, b = ids[0], ids[1]
        extra = ids[2:]
        sa = self.mk(a, f"The {words(name)}. Further in, the {words(b.split(name + '_')[-1])}.")
        self.add_effects(sa)
        self.choice(sa, rng.choice(GO_ON), b, self.maybe_cond(0.3, a), once=rng.random() < 0.3)
        self.back(sa, a)
        sb = self.mk(b, f"The {words(b)}. {self.thing().capitalize()}.")
        self.add_effects(sb)
        self.loop_choice(sb, b)
        if extra:
            c = extra[0]
            self.choice(
                sb, rng.choice(LOOK).format(t=self.thing()), c, self.maybe_cond(0.5, b), once=True
            )
            sc = self.mk(c, f"Behind it, the {words(c)}.")
            sc["do"] += self.rand_effects(0.9)
            self.leave_scene(sc, c, b)
        self.choice(sb, f"Back to the {words(name)}", a, None, once=False)
        if rng.random() < 0.5:
            self.back(sb, b)

    # straight line of rooms
    def shape_corridor(self, name: str, ids: list[str]) -> None:
        rng = self.rng
        for k, sid in enumerate(ids):
            last = k == len(ids) - 1
            sc = self.mk(
                sid, f"The {words(sid)}." + (" It goes on." if not last else " The end of the way.")
            )
            self.add_effects(sc)
            if not last:
                do = self.rand_effects(1 - self.p_scene_do) if rng.random() < 0.4 else None
                self.choice(
                    sc,
                    rng.choice(GO_ON),
                    ids[k + 1],
                    self.maybe_cond(0.25, sid),
                    once=rng.random() < 0.4,
                    do=do,
                )
                if rng.random() < 0.3:
                    c = self.counter()
                    self.choice(
                        sc,
                        f"Pay your way through with {c}",
                        ids[k + 1],
                        f"{c} >= 1",
                        once=True,
                        do=[self.spend(c)],
                    )
                if k > 0 and rng.random() < 0.3:
                    self.choice(sc, "Turn round", ids[k - 1], None, once=False)
                if rng.random() < 0.5:
                    self.back(sc, sid)
            else:
                if rng.random() < 0.3:
                    self.loop_choice(sc, sid)
                self.leave_scene(sc, sid, self.hub)

    # a little hub of its own: 2-3 nooks that come back to it
    def shape_sidehub(self, name: str, ids: list[str]) -> None:
        rng = self.rng
        entry, nooks = ids[0], ids[1:]
        se = self.mk(entry, f"The {words(name)}. There are corners to look into.")
        self.add_effects(se, 0.4)
        # with 4 nooks (size 5) the last nook is the far end of a 2-scene nook
        chain = None
        if len(nooks) == 4:
            chain = (nooks[2], nooks[3])
            nooks = nooks[:3]
        for nk in nooks:
            sticky = rng.random() < 0.4
            self.choice(
                se,
                f"Look in the {words(nk.split(name + '_')[-1])}",
                nk,
                self.maybe_cond(0.35, entry),
                once=not sticky,
            )
            sn = self.mk(nk, f"The {words(nk)}: {self.thing()}.")
            sn["do"] += self.rand_effects(0.8)
            if chain and nk == chain[0]:
                far = chain[1]
                self.choice(
                    sn, rng.choice(GO_ON), far, self.maybe_cond(0.5, nk), once=rng.random() < 0.5
                )
                sf = self.mk(far, f"The {words(far)}. Nobody has been here for years.")
                sf["do"] += self.rand_effects(0.9)
                self.leave_scene(sf, far, nk if rng.random() < 0.5 else self.hub)
            if rng.random() < 0.25:
                self.loop_choice(sn, nk)
            self.leave_scene(sn, nk, entry if rng.random() < 0.75 else self.hub)
        self.back(se, entry, cond_p=0.05)

    # a locked inner room: a counter (or a flag) opens it
    def shape_locked(self, name: str, ids: list[str]) -> None:
        rng = self.rng
        outer, inner = ids[0], ids[1]
        rest = ids[2:]
        so = self.mk(outer, f"The {words(name)}. A door at the back is locked.")
        self.add_effects(so)
        c = self.counter()
        n = rng.choice([1, 1, 2])
        if rng.random() < 0.7:
            self.choice(
                so,
                f"Unlock it ({n} {c})",
                inner,
                f"{c} >= {n}",
                once=rng.random() < 0.6,
                do=[self.spend(c, n)],
                disable=rng.random() < 0.6,
            )
        else:
            f = self.flag()
            self.choice(
                so, "Force the door", inner, f"{f} and {c} > 0", once=True, do=[{"set": {f: False}}]
            )
        if rng.random() < 0.4:
            self.choice(so, "Knock", outer, None, once=False, do=[self.set_flag()])
        self.back(so, outer)
        si = self.mk(inner, f"Inside the {words(inner)}, {self.thing()}.")
        si["do"] += [self.set_flag(value=True), *self.rand_effects(0.4)]
        if rest:
            r = rest[0]
            self.choice(
                si,
                rng.choice(LOOK).format(t=self.thing()),
                r,
                self.maybe_cond(0.3, inner),
                once=True,
            )
            sr = self.mk(r, f"The {words(r)}, the last of it.")
            sr["do"] += [self.earn()]
            self.leave_scene(sr, r, inner)
            for extra in rest[1:]:  # size 4: one more room off the inner one
                self.choice(
                    si,
                    f"Look into the {words(extra)}",
                    extra,
                    self.maybe_cond(0.4, inner),
                    once=rng.random() < 0.5,
                )
                sx = self.mk(extra, f"The {words(extra)}.")
                self.add_effects(sx, 0.9)
                self.leave_scene(sx, extra, rng.choice([inner, self.hub]))
        self.leave_scene(si, inner, rng.choice([outer, self.hub]))

    # entry -> left or right -> merge (-> beyond) -> hub
    def shape_forkmerge(self, name: str, ids: list[str]) -> None:
        rng = self.rng
        entry, left, right, merge = ids[:4]
        beyond = ids[4] if len(ids) > 4 else None
        se = self.mk(entry, f"The {words(name)}. The way splits in two.")
        self.add_effects(se, 0.3)
        self.choice(
            se,
            f"Take the {words(left.split(name + '_')[-1])}",
            left,
            self.maybe_cond(0.3, entry),
            once=rng.random() < 0.3,
        )
        self.choice(
            se,
            f"Take the {words(right.split(name + '_')[-1])}",
            right,
            self.maybe_cond(0.3, entry),
            once=rng.random() < 0.3,
        )
        if rng.random() < 0.6:
            self.back(se, entry)
        for side in (left, right):
            ss = self.mk(side, f"The {words(side)}. {self.thing().capitalize()}.")
            ss["do"] += self.rand_effects(0.8)
            if rng.random() < 0.5:
                ss["next"] = merge
            else:
                self.choice(
                    ss,
                    rng.choice(GO_ON),
                    merge,
                    self.maybe_cond(0.2, side),
                    once=rng.random() < 0.5,
                )
                if rng.random() < 0.4:
                    self.choice(ss, "Go back to the split", entry, None, once=False)
        sm = self.mk(merge, f"The two ways meet in the {words(merge)}.")
        self.add_effects(sm)
        if beyond:
            self.choice(
                sm, rng.choice(GO_ON), beyond, self.maybe_cond(0.4, merge), once=rng.random() < 0.5
            )
            sb = self.mk(beyond, f"Beyond: the {words(beyond)}.")
            sb["do"] += self.rand_effects(1.0)
            self.leave_scene(sb, beyond, self.hub)
        self.leave_scene(sm, merge, self.hub)

    # rooms in a ring; the way out is from one of them
    def shape_ring(self, name: str, ids: list[str]) -> None:
        rng = self.rng
        n = len(ids)
        exit_at = rng.randrange(n)
        for k, sid in enumerate(ids):
            sc = self.mk(sid, f"The {words(sid)}. A door leads on round.")
            self.add_effects(sc)
            self.choice(
                sc,
                rng.choice(
                    ["Go round", "Through the next door", "Carry on round", "Follow the wall"]
                ),
                ids[(k + 1) % n],
                self.maybe_cond(0.15, sid),
                once=rng.random() < 0.25,
            )
            if k == exit_at or rng.random() < 0.15:
                self.back(sc, sid)

    # ..................................................................... the story

    def build(self) -> None:
        rng = self.rng
        th = self.theme
        total = rng.randint(36, 42)
        n_intro = rng.randint(1, 3)
        n_out = rng.randint(1, 2)
        n_end = rng.randint(2, 4)
        budget = total - n_intro - 1 - n_out - n_end
        n_areas = rng.choice([8, 9, 9, 10, 10])
        while n_areas * 5 < budget:
            n_areas += 1
        n_areas = min(n_areas, 10)
        sizes = [1] * n_areas
        left = budget - n_areas
        while left > 0:
            i = rng.randrange(n_areas)
            if sizes[i] < 5:
                sizes[i] += 1
                left -= 1
        # prefer some spread: a small area or two and a big one
        self.used_ids.add(self.hub)

        # ---- intro
        intro_ids = [self.new_id(x) for x in rng.sample(th["intro"], n_intro)]
        self.intro = intro_ids
        # ---- areas (before the hub so conditions may name their scenes)
        names = rng.sample(th["areas"], n_areas)
        for name, size in zip(names, sizes, strict=False):
            self.areas.append((name, self.area(name, size)))

        for k, sid in enumerate(intro_ids):
            nxt = intro_ids[k + 1] if k + 1 < len(intro_ids) else self.hub
            sc = self.scene(
                sid,
                "arrival",
                f"The {words(sid)}." + (" The house waits." if nxt == self.hub else ""),
            )
            if k == 0:
                sc["do"] += [self.earn(self.counters[0], 1)]
            if rng.random() < 0.45:
                # a fork in the intro: two ways, different effects, same place
                f1, f2 = rng.sample(self.flags, 2)
                self.choice(sc, "Go in boldly", nxt, None, once=True, do=[self.set_flag(f1, True)])
                self.choice(
                    sc,
                    "Go in carefully",
                    nxt,
                    None,
                    once=True,
                    do=[self.set_flag(f2, True), self.earn()],
                )
            else:
                if rng.random() < 0.3:
                    sc["do"] += [self.set_flag(value=True)]
                sc["next"] = nxt

        # ---- hub: 10 choices into areas + the way out
        hub = self.scene(self.hub, "house", th["hub_text"])
        if rng.random() < 0.5:
            hub["text"] += " {You stop to get your bearings.|You are back where you began.|}"
        if rng.random() < 0.35:
            hub["do"].append(self.set_flag(value=False))
        if rng.random() < 0.25:
            hub["do"].append({"add": {self.counters[-1]: 1}})
        entries: list[tuple[str, str]] = [
            (f"Go to the {words(name)}", ids[0]) for name, ids in self.areas
        ]
        # back doors into the middle of bigger areas
        big = [(name, ids) for name, ids in self.areas if len(ids) >= 2]
        rng.shuffle(big)
        i = 0
        while len(entries) < 10:
            name, ids = big[i % len(big)]
            i += 1
            target = rng.choice(ids[1:])
            entries.append((f"Slip into the {words(target)} by the back way", target))
        rng.shuffle(entries)
        n_cond = rng.randint(3, 6)
        cond_at = set(rng.sample(range(10), n_cond))
        for k, (label, target) in enumerate(entries):
            sticky = rng.random() < rng.choice([0.35, 0.5, 0.65])
            cond = self.cond(self.hub) if k in cond_at else None
            self.choice(hub, label, target, cond, once=not sticky)

        # ---- the way out
        out_ids = [self.new_id(x) for x in rng.sample(th["out"], n_out)]
        need = rng.sample(self.flags, rng.choice([2, 2, 3]))
        terms = need[:]
        if rng.random() < 0.3 and len(terms) == 3:
            terms[2] = f"not {terms[2]}"
        if rng.random() < 0.55:
            c = self.counter()
            if len(terms) == 3:
                terms = terms[:2]
            terms.append(f"{c} >= {rng.randint(1, 3)}")
        if rng.random() < 0.2:
            leave_if = f"({' and '.join(terms[:2])}) or " + " and ".join(
                [*terms[2:], f"visits {self.hub} >= 6"]
            )
        else:
            leave_if = " and ".join(terms)
        self.choice(
            hub,
            rng.choice(["Leave", "Go out the way you came", "Leave for good"]),
            out_ids[0],
            leave_if,
            once=rng.random() < 0.5,
            do=[self.set_flag(value=rng.random() < 0.5)] if rng.random() < 0.3 else None,
            disable=rng.random() < 0.6,
        )

        end_names = rng.sample(ENDINGS, n_end)
        end_ids = [self.new_id(f"end_{e}") for e in end_names]
        for k, sid in enumerate(out_ids):
            sc = self.scene(sid, "leaving", f"The {words(sid)}. The house is behind you.")
            if k + 1 < len(out_ids):
                sc["do"] += self.rand_effects(0.7)
                if rng.random() < 0.5:
                    sc["next"] = out_ids[k + 1]
                else:
                    self.choice(sc, "Walk on", out_ids[k + 1], None)
                    self.choice(sc, "Look back once", out_ids[k + 1], None, do=[self.earn()])
                continue
            # the last scene picks the ending
            fallback = rng.random() < 0.85
            style_next = fallback and rng.random() < 0.4
            conds = []
            for j, e in enumerate(end_ids):
                is_last = j == len(end_ids) - 1
                if is_last and fallback and not style_next:
                    cond = None
                else:
                    c = self.counter()
                    r = rng.random()
                    if r < 0.35:
                        cond = f"{c} >= {rng.randint(2, 5)}"
                    elif r < 0.6:
                        f, g = rng.sample(self.flags, 2)
                        cond = f"{f} and not {g}"
                    elif r < 0.8:
                        cond = f"{c} > {rng.randint(0, 2)} or {self.flag()}"
                    else:
                        cond = f"visits {rng.choice(self.area_scenes)} >= {rng.randint(1, 3)}"
                conds.append(cond)
                if is_last and style_next:
                    sc["next"] = e
                else:
                    self.choice(
                        sc,
                        f"Head for {end_names[j]}".replace("_", " "),
                        e,
                        cond,
                        disable=rng.random() < 0.3,
                    )
        for e, sid in zip(end_names, end_ids, strict=False):
            sc = self.scene(sid, "leaving", f"And that was the night. ({e})")
            sc["end"] = e
        self.repair()
        # the order an author would write them in: arrival, hub, areas, the way out, endings
        order = [*self.intro, self.hub, *self.area_scenes, *out_ids, *end_ids]
        assert sorted(order) == sorted(self.scenes), "every scene once"
        self.scenes = {sid: self.scenes[sid] for sid in order}

    # ..................................................................... repair
    def repair(self) -> None:
        """Make every flag and counter both written and read somewhere, like an author would."""
        rng = self.rng
        written_true: set[str] = set()
        read: set[str] = set()
        for sc in self.scenes.values():
            effects = list(sc["do"])
            exprs = re.findall(r"\{([^{}]*)\}", sc["text"])
            for c in sc["choices"]:
                effects += c.get("do", [])
                if c.get("if"):
                    exprs.append(c["if"])
            for e in effects:
                if "flag" in e:
                    written_true.add(e["flag"])
                for k in ("set", "add"):
                    for v, x in e.get(k, {}).items():
                        if x is True or (k == "add" and isinstance(x, int) and x > 0):
                            written_true.add(v)
            for ex in exprs:
                read.update(re.findall(r"[a-z_][a-z0-9_]*", ex.split(":")[0] if ":" in ex else ex))
        for v in self.flags + self.counters:
            is_flag = v in self.flags
            if v not in written_true:
                sid = rng.choice(self.area_scenes)
                self.scenes[sid]["do"].append(
                    self.set_flag(v, True) if is_flag else self.earn(v, 1)
                )
            if v not in read:
                sid = rng.choice(self.area_scenes)
                sc = self.scenes[sid]
                if rng.random() < 0.5 or not sc["choices"]:
                    sc["text"] += (
                        f" {{{v}: You remember the {words(v)}.}}"
                        if is_flag
                        else f" {{{v} > 0: You count your {v}.}}"
                    )
                else:
                    ch = rng.choice(sc["choices"])
                    extra = v if is_flag else f"{v} >= 1"
                    ch["if"] = f"{ch['if']} or {extra}" if ch.get("if") else extra

    # ..................................................................... writing
    def q(self, s) -> str:
        if isinstance(s, bool):
            return "true" if s else "false"
        if isinstance(s, int):
            return str(s)
        if (
            isinstance(s, str)
            and re.fullmatch(r"[a-z][a-z0-9_]*", s)
            and s not in ("true", "false", "yes", "no", "on", "off", "null", "y", "n")
        ):
            return s
        return json.dumps(s, ensure_ascii=False)

    def flow(self, v) -> str:
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}: {self.flow(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(self.flow(x) for x in v) + "]"
        return self.q(v)

    def block_do(self, do: list, ind: str) -> list[str]:
        if self.flow_do:
            return [f"{ind}do: {self.flow(do)}"]
        return [f"{ind}do:"] + [f"{ind}  - {self.flow(e)}" for e in do]

    def scene_lines(self, sid: str, sc: dict) -> list[str]:
        L = [f"      {sid}:"]
        ind = "        "
        if self.literal_text and self.rng.random() < 0.6:
            L.append(f"{ind}text: |")
            L.append(f"{ind}  {sc['text']}")
        else:
            L.append(f"{ind}text: {json.dumps(sc['text'], ensure_ascii=False)}")
        if sc["do"]:
            L += self.block_do(sc["do"], ind)
        if sc["choices"]:
            L.append(f"{ind}choices:")
            for c in sc["choices"]:
                if self.flow_choices:
                    L.append(f"{ind}  - {self.flow(c)}")
                else:
                    first = True
                    for k, v in c.items():
                        pre = f"{ind}  - " if first else f"{ind}    "
                        first = False
                        if k == "do":
                            L += [
                                pre + ln.lstrip() if i == 0 else ln
                                for i, ln in enumerate(self.block_do(v, f"{ind}    "))
                            ]
                        else:
                            L.append(f"{pre}{k}: {self.q(v)}")
        if sc["next"]:
            L.append(f"{ind}next: {sc['next']}")
        if sc["end"]:
            L.append(f"{ind}end: {sc['end']}")
        return L

    def write(self, root: Path) -> None:
        rng = self.rng
        root.mkdir(parents=True, exist_ok=True)
        for old in list(root.glob("*.yaml")) + list(root.glob("chapters/*.yaml")):
            old.unlink()
        split = rng.random() < 0.5  # three chapters in chapters/, or one file
        if split:
            chapters = [
                ("arrival", "Arrival", self.intro[0]),
                ("house", "The House", self.hub),
                (
                    "leaving",
                    "Leaving",
                    next(s for s in self.scenes if self.chapter_of[s] == "leaving"),
                ),
            ]
        else:
            for s in self.chapter_of:
                self.chapter_of[s] = "night"
            chapters = [("night", "The Night", self.intro[0])]
        sv = [
            "story:",
            f"  title: {json.dumps(self.title)}",
            f"  start: {chapters[0][0]}",
            "  chapters: [" + ", ".join(c[0] for c in chapters) + "]",
            "  variables:",
        ]
        sv += [f"    {f}: false" for f in self.flags]
        sv += [f"    {c}: 0" for c in self.counters]
        (root / "story.yaml").write_text("\n".join(sv) + "\n")
        for cid, title, start in chapters:
            L = [
                "chapters:",
                f"  {cid}:",
                f"    title: {title}",
                f'    period: "{self.theme["period"]}"',
                f"    start: {start}",
                "    scenes:",
            ]
            for sid, sc in self.scenes.items():
                if self.chapter_of[sid] == cid:
                    L += self.scene_lines(sid, sc)
            path = root / "chapters" / f"{cid}.yaml" if split else root / f"{cid}.yaml"
            path.parent.mkdir(exist_ok=True)
            path.write_text("\n".join(L) + "\n")


def gen(root: Path, seed: int) -> Path:
    g = Gen(seed)
    g.build()
    g.write(root)
    return root


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    for s in range(int(sys.argv[2]), int(sys.argv[3]) + 1):
        gen(out / str(s), s)
