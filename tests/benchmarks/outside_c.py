"""Benchmark pack generator written from the authoring guide alone.

Usage: ``python tests/benchmarks/outside_c.py STYLE OUTDIR [--scenes N] [--seed S]``

Writes a pack of about N scenes into OUTDIR (new or empty), the same bytes for the same
style, size and seed. Fixed content is written as YAML templates, as an author writes it;
a small writer of our own keeps each style's file habits.

* survival: days of a stranded crew; food, water and morale fall each dawn and come back
  through once-only and sticky scavenging; four bad endings when a number runs out, a
  rescue after enough days; numbers compared with each other and with constants, a
  decimal ration, text variables, bonds, facts, evidence as inventory, entry states, a
  renamed scene, a content note, playthroughs. LF, 2-space indent, block scalars, one
  chapter per file in a folder per act, each day's own flag declared beside it.
* roguelike: a camp hub returned to after each run through layered rooms; permanent
  unlocks as flags declared beside each zone, runs counted with ``visits`` (``% 3``),
  sticky and disabled choices, relics as evidence, an ending after enough unlocks.
  CRLF, 4-space indent, single quotes, flow-style lists and mappings.
* mystery: a manor investigation; rooms around a hall, once-only searches granting items
  and testimony, meeting characters and revealing facts; hearings run as trials (presses,
  hidden statements, a recess scene, verdict tiers, ``missed``) whose last ruling decides
  the ending; a canon file. Long one-line paragraphs (200+ words) in double quotes.
* puzzle: locked chambers; dials set to constants, a lever toggled by an expression,
  doors comparing several variables (``a == b``, ``a + b >= c``, ``not lever or x > 2``),
  a text password, every kind of text variation and interpolation. Literal and folded
  block scalars, files five folders deep, a whole-run playthrough.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import sys
import textwrap
from pathlib import Path

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# ---------------------------------------------------------------------------
# Writing YAML with per-style habits


class DQ(str):
    """A double-quoted scalar."""


class Flow(list):
    """A flow sequence (``[a, b]``)."""


class FlowMap(dict):
    """A flow mapping (``{a: 1}``)."""


_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 _.,'!?()-]*$")
_PLAIN_FLOW = re.compile(r"^[A-Za-z][A-Za-z0-9 _.'!?()-]*$")
_YAML11 = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


class Style:
    def __init__(self, indent=2, seq_indent=True, newline="\n", quote='"', **habits):
        self.indent, self.seq_indent, self.newline, self.quote = indent, seq_indent, newline, quote
        self.blocks = habits.get("blocks", False)  # multi-line text as `|` (else escaped)
        self.fold_keys = habits.get("fold_keys", set())  # multi-line text under these as `>`
        self.dq_keys = habits.get("dq_keys", set())  # text under these always "double-quoted"
        self.flow_keys = habits.get("flow_keys", set())  # lists under these in [flow, style]


def _scalar(v, st, flow=False):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    s = str(v)
    if not isinstance(v, DQ):
        if (_PLAIN_FLOW if flow else _PLAIN).match(s) and s.lower() not in _YAML11:
            return s
        if st.quote == "'" and "\n" not in s:
            return "'" + s.replace("'", "''") + "'"
    return json.dumps(s, ensure_ascii=False)


def _flow(v, st):
    if isinstance(v, dict):
        pairs = ", ".join(f"{_scalar(k, st, True)}: {_flow(x, st)}" for k, x in v.items())
        return "{" + pairs + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_flow(x, st) for x in v) + "]"
    return _scalar(v, st, True)


def _value(prefix, v, ind, out, st, key=None):
    if type(v) is str and "\n" in v and (st.blocks or key in st.fold_keys):
        mark = (">" if key in st.fold_keys else "|") + ("" if v.endswith("\n") else "-")
        out.append(f"{prefix} {mark}")
        out.extend(" " * (ind + st.indent) + ln if ln else "" for ln in v.rstrip("\n").split("\n"))
    elif isinstance(v, (Flow, FlowMap)) or ((isinstance(v, list) and key in st.flow_keys) or not v):
        out.append(f"{prefix} {_flow(v, st)}")
    elif isinstance(v, dict):
        out.append(prefix)
        _map(v, ind + st.indent, out, st)
    elif isinstance(v, list):
        out.append(prefix)
        _seq(v, ind + (st.indent if st.seq_indent else 0), out, st)
    else:
        out.append(f"{prefix} {_scalar(DQ(v) if key in st.dq_keys else v, st)}")


def _map(m, ind, out, st):
    for k, v in m.items():
        _value(f"{' ' * ind}{_scalar(k, st)}:", v, ind, out, st, key=k)


def _seq(s, ind, out, st):
    for item in s:
        if isinstance(item, dict) and item and not isinstance(item, FlowMap):
            sub = []
            _map(item, ind + 2, sub, st)
            out.extend([" " * ind + "- " + sub[0][ind + 2 :], *sub[1:]])
        else:
            assert not (isinstance(item, list) and not isinstance(item, Flow)), "nested block list"
            _value(" " * ind + "-", item, ind, out, st)


class Pack:
    def __init__(self, style):
        self.style, self.files = style, {}

    def file(self, rel):
        """The mapping written to ``rel`` (created on first use)."""
        return self.files.setdefault(rel, {})

    def write(self, root: Path):
        scenes = 0
        for rel, data in self.files.items():
            schema = "../" * rel.count("/") + "cellseven.schema.json"
            out = [f"# yaml-language-server: $schema={schema}", ""]
            _map(data, 0, out, self.style)
            text = self.style.newline.join(out) + self.style.newline
            if not isinstance(yaml.load(text, Loader), dict):  # the writer checks itself
                raise AssertionError(f"{rel}: not a YAML mapping")
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(text.encode("utf-8"))
            scenes += sum(len(ch["scenes"]) for ch in data.get("chapters", {}).values())
        return scenes


def T(src, **kw):
    """A YAML template: ``$name`` filled from ``kw`` (pass text through ``q``), then parsed."""
    return yaml.load(string.Template(textwrap.dedent(src)).substitute(kw), Loader)


def q(v):
    """A value as a YAML (JSON) double-quoted scalar or flow collection, for templates."""
    return json.dumps(v, ensure_ascii=False)


def head(title, period, start, scenes, **kw):
    """A chapter: its header keys in the guide's order, then its scenes."""
    kw |= {"title": title, "period": period, "start": start, "scenes": scenes}
    order = ("title", "period", "place", "frame", "witness", "start", "entry", "scenes")
    return {k: kw[k] for k in order if k in kw}


def C(label, goto, cond=None, *, cid=None, sticky=False, disable=False, do=None):
    """A choice."""
    c = {"label": label, "id": cid, "goto": goto, "if": cond}
    c |= {"when_false": "disable" if disable else None, "once": False if sticky else None, "do": do}
    return {k: v for k, v in c.items() if v is not None}


def add(**kw):
    return {"add": kw}


def spread(total, parts):
    """Split ``total`` into ``parts`` near-equal whole numbers."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


# ---------------------------------------------------------------------------
# Prose

_TEMPLATES = [
    "The {a} {n} {v} {p}.",
    "{P}, the {n} {v}.",
    "Someone has left a {a} {n} {p}.",
    "Nobody speaks of the {n}, though it {v} {p}.",
    "It is {a} here, and the {n} {v}.",
    "Beyond the {n2}, a {a} {n} {v}.",
    "For a long while the {n} {v}, and then the {n2} {v2}.",
    "There is a {n} {p}, {a} and patient.",
]
_ARTICLE = re.compile(r"\b([Aa]) ([aeiou])")


class Prose:
    def __init__(self, rng, words):
        self.rng = rng
        self.nouns, self.adjs, self.verbs, self.places = (g.split(", ") for g in words.split(" / "))

    def sentence(self):
        r, p = self.rng, self.rng.choice(self.places)
        n, n2, a = r.choice(self.nouns), r.choice(self.nouns), r.choice(self.adjs)
        v, v2 = r.choice(self.verbs), r.choice(self.verbs)
        s = r.choice(_TEMPLATES).format(n=n, n2=n2, a=a, v=v, v2=v2, p=p, P=p[0].upper() + p[1:])
        return _ARTICLE.sub(r"\1n \2", s)

    def sents(self, k):
        return " ".join(self.sentence() for _ in range(k))

    def words(self, at_least):
        out = []
        while len(" ".join(out).split()) < at_least:
            out.append(self.sentence())
        return " ".join(out)


# ---------------------------------------------------------------------------
# survival

SEA = "gull, tarp, hull, plank, crate, rope, fire, tide, reef, palm, bottle, net, crab, cloud / salt-white, cold, broken, dry, bleached, grey, quiet, swollen / shifts, creaks, glints, rots, waits, sways, settles, drifts / on the sand, above the tideline, under the palms, in the surf, by the fire, on the rocks"
CREW = """
amara: {name: Amara Osei, role: the navigator, color: "#d19a66", bond: trust_amara, facts: {home: "She grew up in Takoradi, above a ropemaker's shop.", fear: She cannot swim.}}
tomas: {name: Tomas Reyes, role: the first mate, color: "#61afef", facts: {debt: He owes the shipowner a year of wages., son: He has a son he has never met.}}
pike: {name: Ellis Pike, role: the cook, color: "#98c379", bond: trust_pike, facts: {recipe: He can make soup from almost nothing., past: He once jumped ship in Lisbon.}}
lena: {name: Lena Brandt, role: a deckhand, color: "#c678dd", facts: {stars: She can read the stars better than the navigator.}}
yusuf: {name: Yusuf Kaya, role: the engineer, color: "#e5c07b", facts: {radio: He built his first radio at twelve., hands: His hands shake when he is hungry.}}
interviewer: {name: The interviewer, roster: false}
"""
SUPPLIES = """
log: {name: "The ship's log", description: 'Water-stained, the last entry unfinished.'}
radio_parts: {name: Radio valves, kind: item, description: Three glass valves wrapped in oilcloth.}
tarp: {name: A green tarp, description: 'Torn at one corner, still waterproof.'}
rope: {name: Forty feet of rope, description: Salt-stiff but sound.}
flare: {name: A flare pistol, description: One cartridge left in the chamber.}
bosun_account: {name: "The bosun's account", kind: testimony, description: He saw the light of a ship on the second night.}
"""
SITE = {  # one scene for each kind of scavenging site
    "food": """
        text: $text
        choices:
          - {label: Gather what you can, id: gather, goto: $camp, do: [{add: {food: $amount}}, {flag: $feast}]}
          - {label: Leave it for tomorrow, goto: $camp}""",
    "water": "{text: '$text {&The water is brackish.|The water is sweet.}', do: [{add: {water: 1}}], next: $camp}",
    "talk": """
        text: $text
        lines: [{$who: $line}, {$who: '{!I never told anyone this.|You know the rest.}'}]
        do: [{reveal: $who.$fact}, {add: {morale: 1}}]
        next: $camp""",
    "item": "{text: '$text Half buried, you find {$eid.name}.', do: [{evidence: $eid}], next: $camp}",
    "deep": """
        text: $text
        choices:
          - {label: Climb down, goto: ${sid}_below, if: has rope or morale >= 3, when_false: disable}
          - {label: Go back to camp, goto: $camp}""",
}
DAY = """
${d}_dawn:
  text: |
    Day {day}. Food {food}, water {water}, morale {morale}.

    {first light|grey light|the same light again}. $p1
  lines: [{tomas: We cannot go on like this., if: morale < 3}, {text: '{leader} counts the cans twice.', if: food < crew}]
  do: [{add: {day: 1, water: -1, morale: -1}}, {set: {food: food - ration}}]
  choices:
    - {label: Give in to hunger, id: starve, goto: end_starved, if: food <= 0}
    - {label: Give in to thirst, id: thirst, goto: end_parched, if: water <= 0}
    - {label: Let them take the boat, id: mutiny, goto: end_mutiny, if: morale <= 0 and food > 0 and water > 0}
    - {label: Start the day, id: start_day, goto: $camp, if: food > 0 and water > 0 and morale > 0}
$camp:
  text: |
    {leader} keeps the tally: food {food}, water {water}, morale {morale}.
    {ration < 1: Everyone is on half rations.}

    $p2 {~The gulls circle.|The tide turns.|Rain threatens.}
  choices:
    - {label: Boil seawater, goto: $camp, if: morale > water and visits $camp < 5, when_false: disable, once: false, do: [{add: {water: 1, morale: -1}}]}
    - {label: Fish from the rocks, goto: $fish, if: food < crew and visits $fish < 2, once: false}
    - {label: Cut the rations, goto: $camp, if: ration >= 1, do: [{set: {ration: 0.5}}, {add: {morale: -1}}]}
    - {label: Share out full rations, goto: $camp, if: ration < 1 and food > crew, do: [{set: {ration: 1.0}}]}
    - {label: Open a tin of peaches for everyone, goto: $camp, if: food > crew, once: false, do: [{add: {food: -1, morale: 1}}]}
    - {label: Build a signal fire on the ridge, goto: $camp, if: not signal_fire and (has tarp or morale >= 3), do: [{flag: signal_fire}, {add: {morale: 1}}]}
    - {label: Help Yusuf with the radio, goto: $camp, if: has radio_parts and not radio_fixed, do: [{flag: radio_fixed}]}
    - {label: Lash a raft together, goto: $camp, if: has tarp and has rope and not raft_built, do: [{flag: raft_built}]}
    - {label: 'Let {tomas.name} lead', goto: $camp, if: leader == "Amara", do: [{set: {leader: Tomas}}]}
    - {label: Sleep, id: sleep, goto: $night}
$fish: {text: $p3, do: [{add: {food: 1}}], next: $camp}
$night:
  text: |
    {$feast: Tonight they eat well.|Tonight nobody talks about food.}

    $p4
  lines: [{amara: I trust you to keep the watch., if: trust_amara >= 2}, {pike: 'There is soup, of a kind.', if: trust_pike > 0 and food >= 2}]
  do: [{set: {last_entry: "= leader + ' kept the watch'"}}]
"""
NIGHT_LAST = """
choices:
  - {label: Fire the last flare, id: rescue, goto: end_rescued, if: signal_fire or radio_fixed or has flare}
  - {label: Push the raft out, id: raft, goto: end_drowned, if: raft_built}
  - {label: Keep waiting, id: keep_waiting, goto: end_forgotten}"""
NIGHT_RAFT = """
choices:
  - {label: Push the raft out tonight, goto: end_drowned, if: raft_built and morale < water}
  - {label: Sleep on the sand, id: sleep_on, goto: $nxt}"""
SITES = "reef wreck cave palms lagoon ridge tidepool dunes mangrove spring cove bluff shoal inlet"


def survival(rng, n):
    pack, pr = Pack(Style(indent=2, seq_indent=True, blocks=True)), Prose(rng, SEA)
    days = max(3, (n - 10) // 8)
    rescue, people, supplies = max(2, days * 2 // 3), T(CREW), T(SUPPLIES)
    everyone = [c for c in people if c != "interviewer"]
    for cid in everyone:
        people[cid]["bio"] = pr.sents(2)
    pack.file("crew.yaml").update(characters=people, evidence=supplies)
    pack.file("story.yaml")["story"] = T(
        """
        {title: Forty Days of Salt, id: outside-c-survival, start: prologue, chapters: $chapters,
         content_note: 'Hunger, thirst and death at sea.', renamed: {beach: wreck},
         variables: {food: 3, water: 3, morale: 6, day: 0, crew: 6, ration: 1.0, leader: Amara, last_entry: "", signal_fire: false, radio_fixed: false, raft_built: false, trust_amara: 0, trust_pike: 0}}
        """,
        chapters=q(["prologue", *(f"day_{k:02d}" for k in range(1, days + 1)), "aftermath"]),
    )
    scenes = T(
        """
        wreck:
          period: "2003"
          text: |
            **Amara** sets down her cup.

            $p1
          lines: [{interviewer: Start with the morning you came ashore.}, {amara: Six of us came ashore.}]
          do: [{meet: $crew}]
          choices:
            - {label: Count the supplies, goto: tally}
            - {label: Climb to the ridge first, goto: ridge_first, do: [{add: {morale: 1, trust_amara: 1}}]}
        ridge_first: {text: $p2, next: tally}
        tally:
          text: |
            Food {food}, water {water}. The bosun did not wake. Pike shares out the biscuits.
          do: [{add: {crew: -1, trust_pike: 1}}, {evidence: log}]
          next: d01_dawn
        """,
        p1=pr.sents(3), p2=q(pr.sents(3)), crew=q(everyone),
    )  # fmt: skip
    frame = {"frame": "Amara, in 2003", "witness": "amara"}
    prologue = head("The Wreck", "1983", "wreck", scenes, place="An island without a name", **frame)
    pack.file("act_0/prologue.yaml")["chapters"] = {"prologue": prologue}
    due_day = {s: 1 + i * days // (len(supplies) - 1) for i, s in enumerate(list(supplies)[1:])}
    budget, places_all = spread(n - 10 - 4 * days, days), SITES.split()
    granted, talk_i, used_facts = ["log"], 0, set()
    for k in range(1, days + 1):
        d, nxt = f"d{k:02d}", f"d{k + 1:02d}_dawn"
        camp, night, fish, feast = f"{d}_camp", f"{d}_night", f"{d}_fish", f"{d}_feast"
        sc = T(
            DAY, d=d, camp=camp, fish=fish, night=night, feast=feast,
            p1=pr.sents(2), p2=pr.sents(2), p3=q(pr.sents(2)), p4=pr.sents(2),
        )  # fmt: skip
        if k >= rescue:
            cond = f"day >= {rescue} and (signal_fire or radio_fixed) and food > 0 and water > 0"
            sc[f"{d}_dawn"]["choices"].insert(3, C("Wave", "end_rescued", cond, cid="wave"))
        # scavenging sites: a food site every day, supplies when due, then whatever fits
        kinds, due = ["food"], [s for s, day in due_day.items() if day == k]
        kinds += ["item"] * len(due)
        while sum(2 if x == "deep" else 1 for x in kinds) < budget[k - 1]:
            kinds.append(rng.choice(["water", "talk", "deep", "food", "water", "talk"]))
        if sum(2 if x == "deep" else 1 for x in kinds) > budget[k - 1] and kinds[-1] == "deep":
            kinds[-1] = "water"
        places, site_choices = rng.sample(places_all, min(len(places_all), len(kinds))), []
        for i, kind in enumerate(kinds):
            place, who = places[i % len(places)], everyone[talk_i % len(everyone)]
            sid = f"{d}_{place}" + (f"_{i}" if i >= len(places) else "")
            fact = next((f for f in people[who]["facts"] if (who, f) not in used_facts), "")
            if kind == "talk":
                talk_i, fact = talk_i + 1, fact or next(iter(people[who]["facts"]))
                used_facts.add((who, fact))
            eid = due.pop(0) if kind == "item" else ""
            granted += [eid] if eid else []
            sc[sid] = T(
                SITE[kind], text=pr.sents(rng.randint(2, 4)), camp=camp, amount=rng.randint(1, 3),
                feast=feast, who=who, line=q(pr.sentence()), fact=fact, eid=eid, sid=sid,
            )  # fmt: skip
            if kind == "talk" and who in ("amara", "pike"):
                sc[sid]["do"].append(add(**{f"trust_{who}": 1}))
            label = f"Search the {place}" + (f" again ({i + 1})" if i >= len(places) else "")
            label = {"talk": f"Sit with {{{who}.name}} at the {place}"}.get(kind, label)
            label = {"water": f"Walk to the {place} for water"}.get(kind, label)
            water = f"visits {sid} < 3 and morale > 1" if kind == "water" else None
            site_choices.append(C(label, sid, water, sticky=kind == "water"))
            if kind == "deep":
                below = {"text": pr.sents(3), "do": [add(food=2, water=1, morale=-1)], "next": camp}
                sc[f"{sid}_below"] = below
        wanted = [True] * 5 + [k > days // 3, k >= due_day["radio_parts"], k >= due_day["rope"]]
        camp_choices = zip(sc[camp]["choices"], [*wanted, k == 2, True], strict=True)
        sc[camp]["choices"] = site_choices + [c for c, w in camp_choices if w]
        sc[night] = sc.pop(night)  # the night last in the file, after the sites
        tail = NIGHT_LAST if k == days else NIGHT_RAFT if k % 3 == 0 else "{next: $nxt}"
        sc[night] |= T(tail, nxt=nxt)
        entry = {"set": {"day": k - 1, "food": 4, "water": 4, "morale": 5, "crew": 5}}
        entry |= {"met": everyone, "evidence": [g for g in granted if due_day.get(g, 0) < k]}
        ch = head(f"Day {k}", "1983", f"{d}_dawn", sc, place="The island", entry=entry)
        f = pack.file(f"act_{1 + (k - 1) // 4}/day_{k:02d}.yaml")
        f.update(variables={feast: False}, chapters={f"day_{k:02d}": ch})
    scenes = T(
        """
        end_starved: {text: 'The last entry reads {last_entry}. The food ran out on day {day}.', end: starved}
        end_parched: {text: 'On day {day} the last canteen was dry.', end: parched}
        end_mutiny: {text: 'They took the boat while {leader} slept.', end: mutiny}
        end_drowned: {text: The raft turned over beyond the reef., end: drowned}
        end_rescued: {text: 'A launch comes through the surf on day {day}.', next: rescued_after}
        rescued_after:
          period: "2003"
          text: She turns {log.name} over in her hands.
          lines: [{amara: '{crew} of us came home.'}, {interviewer: And the log?}]
          end: rescued
        end_forgotten: {text: 'No ship came. The log stops on day {day}.', end: forgotten}
        """
    )
    aftermath = head("Aftermath", "1983", "end_rescued", scenes, place="The island", **frame)
    pack.file("epilogue/aftermath.yaml")["chapters"] = {"aftermath": aftermath}
    steps, food, ending = ["count_the_supplies", "continue"], 3, "forgotten"
    for k in range(1, days + 1):
        food -= 1
        if food <= 0:
            steps, ending = [*steps, "starve"], "starved"
            break
        last = "keep_waiting" if k == days else ("sleep_on" if k % 3 == 0 else "continue")
        steps += ["start_day", "sleep", last]
    pack.file("playthroughs.yaml")["playthroughs"] = T(
        """
        - {name: day 1 replayed to its edge, chapter: day_01, choices: [start_day, sleep, continue], ending: day_01, variables: {day: 1}}
        - {name: sleeping every day until it ends, choices: $steps, ending: $ending}
        """,
        steps=q(steps), ending=ending,
    )  # fmt: skip
    return pack


# ---------------------------------------------------------------------------
# roguelike

DEEP = "torch, bone, door, skull, pillar, altar, chain, idol, cobweb, brazier, rat, coin / damp, ancient, cracked, black, hollow, sunken, rusted / flickers, drips, groans, stirs, crumbles, hums, waits / in the dark, behind the door, under the arch, along the wall, in a niche, past the pit"
ZONES = "crypt mines fen hollow spire vault warren barrow chasm grotto forge ossuary marsh catacomb sanctum orchard bastion rookery abyss cistern"
RELICS = """
lantern: {name: A hooded lantern, description: It never quite goes out.}
bone_key: {name: The bone key, description: "Opens the wardens' doors, or so they say."}
rabbit_foot: {name: "A rabbit's foot", description: Lucky for somebody.}
ember_heart: {name: An ember heart, description: Warm to the touch.}
map_scrap: {name: A scrap of map, description: Shows the first passages of a zone.}
"""
CAMP = """
arrival: {text: $p1, lines: [{keeper: Sit. Everyone goes down. Few come up.}], next: camp}
camp:
  text: '{The fire is new.|The fire is low.|The fire knows you now.} Runs so far {runs}, sigils {unlocked} of $need. You are a {class_name}. {visits camp % 3 == 0: The trader''s cart creaks in.}'
  lines:
    - keeper: '{&Rest.|Eat something.|Sharpen that blade.}'
    - {keeper: I knew you would come back., if: keeper_bond >= 2}
  do: [{set: {hp: max_hp}}]
  choices:
    - {label: Visit the trader, goto: merchant, if: visits camp % 3 == 0 and gold >= 3, once: false}
    - {label: Sit with the keeper, goto: keeper_talk, if: visits keeper_talk < 3, once: false}
    - {label: Kneel at the shrine, goto: shrine, if: curse > 0, once: false}
    - {label: Call yourself a pilgrim, goto: camp, if: class_name == "wanderer", do: [{set: {class_name: "= 'pilgrim'"}}]}
    - {label: Open the sealed gate, goto: gate, if: unlocked >= $need, when_false: disable, once: false}
    - {label: Lay down your blade, goto: end_retired, if: visits camp > 9 and unlocked < $need}
keeper_talk: {text: $p2, lines: [{keeper: $p3}], do: [{add: {keeper_bond: 1}}, {reveal: keeper.origin}], next: camp}
merchant:
  lines: [{merchant: 'Gold for heart, gold for luck.'}]
  text: You have {gold} gold and {hp} of {max_hp} heart.
  choices:
    - {label: Buy a stronger heart, goto: camp, if: gold >= 3, once: false, do: [{add: {gold: -3, max_hp: 1}}]}
    - {label: Buy a charm, goto: camp, if: gold >= 5 and luck < 1, once: false, do: [{add: {gold: -5}}, {set: {luck: luck + 0.25}}]}
    - {label: Leave, goto: camp, once: false}
shrine:
  text: The curse sits on you {curse} deep.
  choices:
    - {label: Cleanse the curse, goto: camp, if: gold >= curse * 2, once: false, do: [{set: {gold: gold - curse * 2, curse: 0}}]}
    - {label: Embrace the curse, goto: end_cursed, if: curse >= 3 and curse > unlocked}
    - {label: Leave, goto: camp, once: false}
gate:
  text: $p4
  lines: [{keeper: Go on. Do not look back.}]
  choices: [{label: Step through, goto: end_ascended}, {label: Not yet, goto: camp, once: false}]
end_ascended: {text: 'Light, at last, from above. {runs} runs.', end: ascended}
end_retired: {text: You hang the blade above the fire and tend it for the next one., end: retired}
end_cursed: {text: The ash takes you gladly., end: cursed}
"""
ROOM = """
text: 'Heart {hp}. {~a ghoul|a rat swarm|a shade|a bone knight} blocks the way. $p1'
choices:
  - {label: Sneak past, goto: $ahead, if: luck >= 0.5 or visits $rid % 3 == 0 or has lantern, once: false}
  - {label: Collapse, goto: ${nm}_death, if: hp <= 1, once: false}
  - {label: Flee to camp, goto: camp, once: false}
"""
WARDEN = """
${nm}_boss:
  text: 'The warden of the $nm rises. $p1'
  lines: [{ghost: 'It killed me too. You are on run {runs}.', if: runs > 3}]
  choices:
    - {label: Strike, goto: ${nm}_sigil, if: hp >= 2 or has bone_key, when_false: disable, once: false}
    - {label: Trade blows, goto: ${nm}_boss, if: hp > 1, once: false, do: [{add: {hp: -1, gold: 2}}]}
    - {label: Collapse, goto: ${nm}_death, if: hp < 2, once: false}
    - {label: Flee to camp, goto: camp, once: false}
${nm}_sigil:
  text: '{sigil_$nm: The niche is empty.|The sigil of the $nm glows.}'
  choices:
    - {label: Claim the sigil, goto: camp, if: not sigil_$nm, do: [{flag: sigil_$nm}, {add: {unlocked: 1}}]}
    - {label: Mark a shortcut, goto: camp, if: not shortcut_$nm, do: [{flag: shortcut_$nm}]}
    - {label: Return to camp, goto: camp, once: false}
${nm}_death: {text: '{Darkness.|Darkness again.|You know this darkness.}', do: [{add: {curse: 1}}], next: camp}
"""


def roguelike(rng, n):
    flow = {"do", "chapters", "visited", "met"}
    pack, pr = Pack(Style(indent=4, newline="\r\n", quote="'", flow_keys=flow)), Prose(rng, DEEP)
    zones = ZONES.split()[: max(3, min(20, round((n - 10) / 45)))]
    need, relics = max(2, (len(zones) * 2 + 2) // 3), list(T(RELICS))
    story = pack.file("story.yaml")
    story["story"] = T(
        """
        {title: Ashen Descent, id: outside-c-roguelike, start: camp, chapters: $chapters,
         variables: {hp: 6, max_hp: 6, gold: 0, runs: 0, curse: 0, unlocked: 0, luck: 0.25, class_name: wanderer, keeper_bond: 0}}
        """,
        chapters=q(["camp", *zones]),
    )
    story["characters"] = T(
        """
        keeper: {name: The Keeper, role: tends the fire, color: "#e06c75", bond: keeper_bond, facts: {origin: 'She was the first to go down, and the first to come back.'}}
        merchant: {name: Oss the trader, roster: false}
        ghost: {name: A ghost, role: a former delver}
        """
    )
    pack.file("items.yaml")["evidence"] = T(RELICS)
    scenes = T(
        CAMP, need=need, p1=q("You come to the rim with nothing but a blade. " + pr.sents(2)),
        p2=q(pr.sents(2)), p3=q(pr.sentence()), p4=q(pr.sents(2)),
    )  # fmt: skip
    hub = [
        C(f"Descend into the {nm}", f"{nm}_entry", f"unlocked >= {(z + 1) // 2}" if z else None,
          sticky=True, disable=z > 0, do=[add(runs=1)])
        for z, nm in enumerate(zones)
    ]  # fmt: skip
    hub += [C(f"Take the shortcut to the {nm}", f"{nm}_boss", f"shortcut_{nm}", sticky=True) for nm in zones]  # fmt: skip
    scenes["camp"]["choices"][:0] = hub
    camp = head("The Camp", "412", "arrival", scenes, place="The camp at the rim")
    pack.file("camp.yaml")["chapters"] = {"camp": camp}
    relic_i, per_zone = 0, spread(n - 10, len(zones))
    for z, nm in enumerate(zones):
        layers = max(2, min(5, per_zone[z] // 8))
        width = max(1, min(7, round((per_zone[z] - 4) / (1.5 * layers))))
        text = f"The way into the {nm}. {pr.sentence()} {{visits {nm}_entry > 1: Again.}}"
        doors = [C(f"Door {w + 1}", f"{nm}_0_{w}", sticky=True) for w in range(width)]
        doors.append(C("Turn back", "camp", sticky=True))
        s = {f"{nm}_entry": {"text": text, "choices": doors}}
        for lv in range(layers):
            for w in range(width):
                rid, last = f"{nm}_{lv}_{w}", lv == layers - 1
                ahead = [f"{nm}_{lv + 1}_{w}", f"{nm}_{lv + 1}_{(w + 1) % width}"]
                ahead = [f"{nm}_boss"] if last else list(dict.fromkeys(ahead))
                s[rid] = T(ROOM, p1=pr.sentence(), ahead=ahead[0], rid=rid, nm=nm)
                labels = ["Face the warden"] if last else ["Fight left", "Fight right"]
                fight = None if last else [add(hp=-1, gold=1)]
                pairs = zip(labels, ahead, strict=False)
                fights = [C(a, t, "hp > 1", sticky=True, disable=True, do=fight) for a, t in pairs]
                s[rid]["choices"][:0] = fights
                if (lv + w) % 2:
                    continue
                s[rid]["choices"].insert(-2, C("Search the corners", f"{rid}_loot"))
                loot = s[f"{rid}_loot"] = {"text": pr.sentence(), "next": rid}
                if relic_i < len(relics) and w == 0:
                    rel, relic_i = relics[relic_i], relic_i + 1
                    loot["text"] += f" You find {{{rel}.name}}."
                    loot["do"] = [{"evidence": rel}]
                    if rel == "rabbit_foot":
                        loot["do"].append({"set": {"luck": "luck + 0.25"}})
                else:
                    loot["do"] = [add(gold=rng.randint(1, 3)) if rng.random() < 0.5 else add(hp=1)]
        s |= T(WARDEN, nm=nm, p1=pr.sentence())
        entry = {"set": FlowMap(hp=6, runs=1), "visited": ["camp"]}
        zc = head(f"The {nm.capitalize()}", "412", f"{nm}_entry", s, place=f"The {nm}", entry=entry)
        flags = FlowMap({f"sigil_{nm}": False, f"shortcut_{nm}": False})
        pack.file(f"runs/{nm}.yaml").update(variables=flags, chapters={nm: zc})
    # three deaths at the first warden (each fight costs a heart, then trade blows down to one)
    layers = max(2, min(5, per_zone[0] // 8))
    death = [f"descend_into_the_{zones[0]}", "door_1", *["fight_left"] * (layers - 1)]
    death += ["face_the_warden", *["trade_blows"] * (6 - layers), "collapse", "continue"]
    story["playthroughs"] = T(
        """
        - {name: 'a first run, abandoned', choices: [continue, descend_into_the_$nm, door_1, flee_to_camp],
           reach: camp, variables: {runs: 1}}
        - {name: three deaths and the curse, choices: $cursed, ending: cursed, variables: {curse: 3, runs: 3}}
        """,
        nm=zones[0], cursed=q(["continue", *death * 3, "kneel_at_the_shrine", "embrace_the_curse"]),
    )  # fmt: skip
    return pack


# ---------------------------------------------------------------------------
# mystery

MANOR = "clock, portrait, curtain, staircase, decanter, fireplace, rug, window, banister, door / dusty, silent, heavy, faded, cold, locked, polished, shadowed / ticks, waits, hangs crooked, leans in the draught, gathers dust, catches the light / by the hearth, near the window, at the foot of the stairs, behind the curtains"
SUSPECTS = """
hale: {name: Mr. Hale, role: the butler, facts: {alibi: He was polishing silver until midnight., debt: He owes the bookmaker in the village.}}
widow: {name: Mrs. Dunmore, role: the widow, facts: {will: She knew the will had been changed., letter: She burned a letter on the night.}}
cook: {name: Mrs. Pratt, role: the cook, facts: {knife: A carving knife went missing in March., son: Her son works the boats at Harwich.}}
nephew: {name: Julian Ashby, role: the nephew, facts: {debts: "He has sold his mother's pearls.", car: "His car was heard at one o'clock."}}
doctor: {name: Dr. Verity, role: the family doctor, facts: {dose: He prescribed the sleeping draught., past: 'He was struck off once, in Leeds.'}}
gardener: {name: Old Sam, role: the gardener, facts: {boots: He saw muddy boots by the boathouse., dog: His dog barked at two.}}
maid: {name: Nell, role: the housemaid, facts: {keys: She keeps a copy of the study key., sweetheart: She meets the chauffeur after dark.}}
colonel: {name: Colonel Frayne, role: a house guest, facts: {pistol: His service pistol is not in its case., india: He knew the victim in Simla.}}
"""
CLAIMS = "The accused was in the {room} at {hour}|The {obj} belonged to the accused|Nobody else could have entered the {room}|The accused lied about the {obj}|The victim was alive at {hour}"
STATEMENTS = "I saw someone by the {room} door at {hour}.|The {obj} never left my sight that evening.|I locked the {room} myself at {hour}, and kept the key.|Nobody came down the back stairs after {hour}.|I would have heard the {obj} fall, and I heard nothing.|I went to bed at {hour} and slept until the bell.|The {obj} was in its place when I dusted at {hour}."
HOURS = "eleven|midnight|one o'clock|half past two|ten"
ROOMS = "library study kitchen conservatory cellar gallery chapel nursery attic billiard_room boathouse stables ballroom smoking_room pantry music_room greenhouse servants_hall gun_room map_room laundry"
OBJECTS = "ledger boot glove cufflink candle bottle letter photograph key ribbon button ticket pipe handkerchief locket watch inkwell needle diary receipt"
DARK = {"cellar", "attic", "boathouse", "chapel"}
HALL = """
${c}_hall:
  beats: arrival_$c
  text: $p1
  lines: [{inspector: '{Where first?|Where now?|Again?}'}]
  choices:
    - {label: Refill the lamp, goto: ${c}_hall, if: lamp_oil < 1, once: false, do: [{set: {lamp_oil: 2.0}}]}
    - {label: Leave the manor tonight, goto: end_fled, if: nerve <= 0 or visits ${c}_hall > 6}
    - {label: $move, id: move_on, goto: $nxt}
"""
CLAIM = """
id: $cl
title: $title
witness: $wit
lines: [{$wit: I will tell the court what I saw.}]
statements:
  - {id: s1, text: $s1, wrong: [{judge: That is beside this statement.}]}
  - {id: s2, text: $s2}
refuted:
  lines: [{judge: 'The court notes {$ev.name}.'}]
  do: [{add: {suspicion: -1}}, {set: {inspector_mood: pleased}}]
found: The witness was answered.
stood: The claim stood.
"""
HIDDEN = """
- press: {lines: [{$wit: Well. There is one more thing.}], unlocks: [s3], do: [{meet: $wit}]}
- {id: s3, hidden: true, text: $s3, refuted_by: $ev, found: The hidden detail undid it.}
"""
VERDICT_LAST = """
- {id: justice, title: The truth, ruling: The court names the killer., refuted: all, if: credibility >= 2 and (suspicion < 2 or $earlier), goto: end_justice}
- {id: doubt, title: Open verdict, if: refuted >= claims - 1, goto: end_doubt}
- {id: wrongful, title: The wrong man, ruling: 'The court is satisfied, and wrong.', goto: end_wrongful, missed: true}
"""
VERDICT = """
- {id: persuaded, title: Persuaded, refuted: [claim1], if: refuted >= claims - 1 and credibility > 1, goto: ${hid}_won}
- {id: adjourned, title: Adjourned, goto: ${hid}_adjourned, missed: true}
"""
AFTER_HEARING = """
${hid}_recess: {period: "1919", text: $p1, next: ${hid}_open}
${hid}_won: {text: 'The household files out, quieter.', do: [{flag: won_$hid}, {set: {inspector_mood: pleased}}], next: $back}
${hid}_adjourned: {text: Adjourned. Nobody is satisfied., do: [{add: {suspicion: 2}}, {set: {inspector_mood: grim}}], next: $back}
"""


def mystery(rng, n):
    pack, pr = Pack(Style(indent=2, seq_indent=False, dq_keys={"text", "title"})), Prose(rng, MANOR)
    rooms_all, objects, notes = ROOMS.split(), OBJECTS.split(), "The inspector's notes, 1952"

    def said(pool):
        room, obj, hour = rng.choice(rooms_all), rng.choice(objects), rng.choice(HOURS.split("|"))
        return rng.choice(pool.split("|")).format(room=room.replace("_", " "), obj=obj, hour=hour)

    def beat(bid, fact):
        beats.append({"id": bid, "fact": fact, "source": "the notes"})

    inv = max(1, round((n - 12) / 32))
    hearings = 1 if inv < 4 else min(5, inv // 3)
    groups, people = spread(inv, hearings), T(SUSPECTS)
    who_ids = list(people)
    for p in people.values():
        p["bio"] = pr.sents(2)
    people["inspector"] = {"name": "Inspector Lowe", "role": "the police", "color": "#56b6c2"}
    people["judge"] = {"name": "The coroner", "roster": False}
    pack.file("cast/people.yaml")["characters"] = people
    evidence = pack.file("cast/evidence.yaml")["evidence"] = {}
    chapters, beats = ["prologue"], []
    beat("arrival", "The inspector arrives at Ashby Hall.")
    drive = T(
        """
        {period: "1952", beats: arrival, text: $p1, lines: [{inspector: I have told this story only once before.}],
         do: [{set: {nerve: 3, inspector_mood: wary}}], next: c01_hall}
        """,
        p1=q(pr.words(60)),
    )
    at = {"place": "Ashby Hall", "frame": notes, "witness": "inspector"}
    prologue = head("Arrival", "1931", "drive", {"drive": drive}, **at)
    pack.file("manor/prologue.yaml")["chapters"] = {"prologue": prologue}
    budget = spread(n - 6 - 4 * hearings, inv)
    ci, pool, known, tests = 0, [], [], []
    for h in range(1, hearings + 1):
        for _ in range(groups[h - 1]):
            ci += 1
            c = f"c{ci:02d}"
            nxt = f"c{ci + 1:02d}_hall" if ci < sum(groups[:h]) else f"h{h}_open"
            rooms_n = max(2, min(8, (budget[ci - 1] - 1) // 4))
            per_room = spread(budget[ci - 1] - 1 - rooms_n, rooms_n)
            rooms = rng.sample(rooms_all, rooms_n)
            hall_text = 'The hall again. {inspector_mood == "grim": The inspector says nothing.|The inspector hums.} '
            hall_text += f"{{visits {c}_hall > 1: The clock has moved on.}} " + pr.sents(3)
            move = "Call the household to the hearing" if nxt.endswith("open") else "Sleep on it"
            sc = T(HALL, c=c, nxt=nxt, move=move, p1=q(hall_text))
            go = [C(f"Go to the {r.replace('_', ' ')}", f"{c}_{r}", sticky=True) for r in rooms]
            sc[f"{c}_hall"]["choices"][:0] = go
            beat(f"arrival_{c}", f"Day {ci} of the investigation begins in the hall.")
            entry = {"set": {"nerve": 3}, "evidence": [*pool], "facts": [*dict.fromkeys(known)]}
            for ri, r in enumerate(rooms):
                rid, who = f"{c}_{r}", rng.choice(who_ids)
                tail = f" {{met {who}: {{{who}.name}} is still here.|The room is empty.}}"
                room_choices = []
                sc[rid] = {"text": pr.words(rng.randint(200, 260)) + tail, "choices": room_choices}
                for k in range(per_room[ri]):
                    obj, sid, roll = rng.choice(objects), f"{rid}_{k + 1}", rng.random()
                    scene = sc[sid] = {"text": pr.words(rng.randint(40, 90)), "next": rid, "do": []}
                    if k == 0:
                        heard = {"inspector": "Write that down.", "if": f"met {who} and nerve > 1"}
                        scene["lines"] = [{who: pr.sentence()}, heard]
                    if roll < 0.6:
                        eid, kind = f"{sid}_{obj}", "testimony" if roll < 0.15 else "item"
                        name = f"The {obj}" if kind == "item" else f"An account of the {obj}"
                        where = f"In the {r.replace('_', ' ')}, day {ci}."
                        evidence[eid] = {"name": name, "kind": kind, "description": pr.sentence()}
                        evidence[eid]["found"] = where
                        scene["do"].append({"evidence": eid})
                        scene["text"] += f" You note {{{eid}.name}} in your book."
                        pool.append(eid)
                    elif roll < 0.85:
                        sus = rng.choice(who_ids)
                        known.append(f"{sus}.{rng.choice(list(people[sus]['facts']))}")
                        scene["do"].append({"reveal": known[-1]})
                    else:
                        scene["do"].append({"meet": who})
                    if r in DARK:
                        scene["do"].append(add(lamp_oil=-0.25, nerve=-1))
                    cond, pick = None, rng.random()
                    if k > 0 and pick < 0.25:
                        cond = f"visits {rid} > 1 or visited {rid}_{k}"
                    elif r in DARK and pick < 0.6:
                        alt = f" or has {pool[0]}" if pool else ""
                        cond = f"lamp_oil > 0.5 and (nerve > 0{alt})"
                    elif pick < 0.4 and known:
                        cond = f"knows {known[-1]} or met {who}"
                    label = f"{'Search' if k == 0 else 'Look at'} the {obj}"
                    grey = bool(cond and "visits" not in cond)
                    room_choices.append(C(label, sid, cond, cid=f"search_{k + 1}", disable=grey))
                room_choices.append(C("Back to the hall", f"{c}_hall", cid="back", sticky=True))
            chapters.append(f"day_{ci:02d}")
            at = {"place": "Ashby Hall", "witness": "inspector", "entry": entry}
            ch = head(f"Day {ci}", "1931", f"{c}_hall", sc, **at)
            pack.file(f"manor/day_{ci:02d}.yaml")["chapters"] = {f"day_{ci:02d}": ch}
        final, hid = h == hearings, f"h{h}"
        while len(pool) < 2:  # a tiny pack: make sure the court has something to hear
            eid = f"{hid}_note_{len(pool)}"
            evidence[eid] = {"name": f"A note, {len(pool) + 1}", "description": pr.sentence()}
            pool.append(eid)
            sc[f"{c}_hall"]["choices"][0]["do"] = [{"evidence": eid}]
        claims, steps = [], []
        for i, ev in enumerate(rng.sample(pool, min(len(pool), rng.randint(2, 4)))):
            wit, cl = rng.choice(who_ids), f"claim{i + 1}"
            said3 = [q(said(STATEMENTS)) for _ in range(3)]
            claim = T(CLAIM, cl=cl, wit=wit, ev=ev, title=q(said(CLAIMS)), s1=said3[0], s2=said3[1])
            sts = claim["statements"]
            if rng.random() < 0.5:  # the weak point is hidden: press the first statement
                press, hidden = T(HIDDEN, wit=wit, ev=ev, s3=said3[2])
                sts[0] |= press
                sts.append(hidden)
                steps += [f"press:{cl}.s1", f"object:{cl}.s3"]
            else:
                sts[1]["refuted_by"] = Flow([ev])
                sts[1]["press"] = {"lines": [{wit: "{!I have said all I know.|Nothing more.}"}]}
                steps.append(f"object:{cl}.s2")
            steps.append(f"present:{cl}.{ev}")
            if i == 0 and not final:
                claim["refuted"]["scene"] = f"{hid}_recess"
            claims.append(claim)
        earlier = " or ".join(f"won_h{j}" for j in range(1, h)) or "nerve > 0"
        verdict = T(VERDICT_LAST if final else VERDICT, earlier=earlier, hid=hid)
        trial = T(
            """
            {title: Hearing $h, judge: judge, credibility: $cred, penalty: $pen,
             wrong: [{judge: That does not answer the witness.}]}
            """,
            h=h, cred=rng.randint(3, 5), pen=rng.choice([1, 1, 2]),
        )  # fmt: skip
        trial |= {"claims": claims, "verdict": verdict}
        beat(f"hearing_{h}", f"Hearing {h} sits in the library.")
        opening = {"beats": f"hearing_{h}", "text": "The coroner sits. " + pr.sents(2)}
        opening["trial"] = hid
        sc, f = {f"{hid}_open": opening}, pack.file(f"hearings/hearing_{h}.yaml")
        if not final:
            p1 = q("A memory of the war, for a moment. " + pr.sents(2))
            sc |= T(AFTER_HEARING, hid=hid, back=f"c{ci + 1:02d}_hall", p1=p1)
            f["variables"] = {f"won_{hid}": False}
        else:
            tests = T(
                """
                - {name: 'the last hearing, every claim answered', chapter: hearing_$h, through: true,
                   choices: $steps, ending: justice, verdict: $hid/justice}
                """,
                h=h, hid=hid, steps=q(steps),
            )  # fmt: skip
        won = {f"won_h{j}": True for j in range(1, h)}
        at = {"place": "The library", "frame": notes, "witness": "inspector"}
        at["entry"] = {"set": {"suspicion": 0} | won, "evidence": [*pool]}
        hearing = head(f"Hearing {h}", "1931", f"{hid}_open", sc, **at)
        f.update(chapters={f"hearing_{h}": hearing}, trials={hid: trial})
        chapters.append(f"hearing_{h}")
    scenes = T(
        """
        end_justice: {text: $p1, lines: [{inspector: It was the only time I was sure.}], end: justice}
        end_doubt: {text: $p2, end: doubt}
        end_wrongful: {text: $p3, end: wrongful}
        end_fled: {text: $p4, end: fled}
        """,
        p1=q(pr.words(40)), p2=q("An open verdict. " + pr.sents(2)),
        p3=q("They hanged the wrong man in the spring. " + pr.sentence()),
        p4=q("You leave before dawn with the lamp at {lamp_oil}. " + pr.sentence()),
    )  # fmt: skip
    epilogue = head("Afterwards", "1952", "end_justice", scenes, frame=notes, witness="inspector")
    pack.file("hearings/epilogue.yaml")["chapters"] = {"epilogue": epilogue}
    pack.file("canon.yaml")["canon"] = {"beats": beats}
    pack.file("story.yaml")["story"] = T(
        """
        {title: The Ashby Hall Affair, id: outside-c-mystery, start: prologue, chapters: $chapters, canon: canon.yaml,
         variables: {suspicion: 0, nerve: 3, lamp_oil: 2.0, inspector_mood: wary}}
        """,
        chapters=q([*chapters, "epilogue"]),
    )
    pack.file("playthroughs.yaml")["playthroughs"] = tests
    return pack


# ---------------------------------------------------------------------------
# puzzle

GEARS = "gear, cog, piston, valve, spring, dial, lever, pipe, rivet, gauge, chain, pendulum / brass, oiled, humming, cold, green-tarnished, precise, ticking / turns, clicks, hisses, waits, shudders, ticks, settles / in the wall, under the floor, behind the grille, overhead"
WORDS = ["ember", "tallow", "copper", "quartz", "hollow", "cinder", "marrow", "lantern"]
CHAMBER = """
${c}_gate:
  text: |
    Chamber $k. The pressure gauge reads {pressure}.

    {!The door seals behind you.|The door seals again.}
  lines: [{warden: '{~Proceed.|Continue.|Do not dawdle.}'}, {warden: You rattle my doors too often., if: attempts > 2}]
  do: [{set: $zero}, {set: {pressure: pressure + 0.5}}]
  next: ${c}_room
${c}_room:
  text: |
    The dials read $shows. Together they make {$total}.

    {$lv: The lever is down.|The lever is up.} {&The gears tick.|The gears tock.}

    {has $eid: You have the inscription by heart.}
  choices:
    - {label: Pull the lever, id: lever, goto: ${c}_room, once: false, do: [{set: {$lv: not $lv}}]}
    - {label: Read the inscription, id: read, goto: ${c}_note}
    - {label: Try the door, id: door, goto: ${c}_open, if: $cond, when_false: disable, once: false}
    - {label: Rattle the door, id: rattle, goto: ${c}_room, if: $notcond, once: false, do: [{add: {attempts: 1}}]}
    - {label: Smash the mechanism, goto: end_trapped, if: attempts >= 3 and gears < attempts}
${c}_note:
  text: |
    {$eid.name}, in a neat hand. Braces are written {{ and }} here.

    $p1
  lines: [{automaton: '{knows automaton.maker: My maker liked riddles.|Tick.}'}, {automaton: You are quicker than most., if: rapport >= 3 and attempts < rapport}]
  do: [{evidence: $eid}, {add: {gears: 1, rapport: 1}}]
  next: ${c}_room
${c}_open:
  text: |
    The door swings open.
  do: [{add: {gears: 1}}]
  next: $nxt
"""
EXIT = """
exit_hall:
  text: |
    Daylight. You carry {gears} brass gears.
  choices:
    - {label: Walk out, id: walk_out, goto: end_escaped}
    - {label: Go back for the rest of the gears, goto: end_greedy, if: gears >= $chambers and not (rapport > gears)}
end_escaped: {text: The vault closes behind you., end: escaped}
end_greedy: {text: The doors do not open twice., end: greedy}
end_trapped: {text: 'The mechanism seizes, and so does every door.', end: trapped}
end_waited: {text: You wait. Tock waits with you., end: waited}
"""


def _door(rng, k, dials, sol, lever):
    """A door condition that holds for the solution and not at the reset state."""
    lv, (x, y) = f"lever_{k:03d}", rng.sample(dials, 2)
    sx, sy, dx, dy = sol[x], sol[y], f"dial_{x}", f"dial_{y}"
    atoms = [
        f"{dx} == {dy}" if sx == sy else (f"{dx} > {dy}" if sx > sy else f"{dx} < {dy}"),
        f"{dx} + {dy} >= {sx + sy}",
        f"{dx} * {dy} == {sx * sy}",
        f"{dx} - {dy} == {sx - sy}",
        f"{dx} % 2 == {sx % 2}",
        f"(not {lv} or {dx} > {sx - 1})",
        f"({lv} or {dy} == {sy})" if lever else f"(not {lv} or {dx} + {dy} > {sx + sy + 5})",
    ]
    if len(dials) > 2:
        z = next(d for d in dials if d not in (x, y))
        atoms.append(f"{dx} + {dy} >= dial_{z}" if sx + sy >= sol[z] else f"dial_{z} > {dx}")
    cond = " and ".join(rng.sample(atoms, rng.randint(2, 3)) + ([lv] if lever else []))

    def holds(values, down):  # the same words read by Python: our own expression, no input
        return eval(cond.replace(lv, "LV"), {}, {f"dial_{d}": values[d] for d in dials} | {"LV": down})  # fmt: skip

    assert holds(sol, lever), cond
    return cond + (f" and {dx} == {sx}" if holds(dict.fromkeys(dials, 0), False) else "")


def puzzle(rng, n):
    style = Style(indent=2, seq_indent=False, blocks=True, fold_keys={"description"})
    pack, pr, chambers = Pack(style), Prose(rng, GEARS), max(2, round((n - 6) / 7))
    story = pack.file("story.yaml")
    story["story"] = T(
        """
        {title: The Clockwork Vault, id: outside-c-puzzle, start: chamber_001, chapters: $chapters,
         variables: {dial_a: 0, dial_b: 0, dial_c: 0, dial_d: 0, pressure: 1.5, password: "", gears: 0, attempts: 0, rapport: 0}}
        """,
        chapters=q([f"chamber_{k:03d}" for k in range(1, chambers + 1)] + ["exit"]),
    )
    cast = pack.file("vault/cast.yaml")
    cast["characters"] = T(
        """
        warden: {name: "The Warden's voice", role: a voice in the pipes, color: "#c678dd", roster: false}
        automaton: {name: Tock, role: an automaton, bond: rapport,
                    facts: {maker: "Tock was built by the vault's architect.", count: Tock has counted every visitor.}}
        """
    )
    cast["evidence"], whole = {}, ["continue"]
    for k in range(1, chambers + 1):
        c, lv, eid = f"c{k:03d}", f"lever_{k:03d}", f"clue_{k:03d}"
        dials = "abcd"[: rng.choice([2, 3, 3, 4])]
        sol = {d: rng.randint(1, 4) for d in dials}
        if rng.random() < 0.35:  # twin dials: doors of the `a == b` kind
            sol[dials[1]] = sol[dials[0]]
        lever, pw = rng.random() < 0.4, (WORDS[k % len(WORDS)] if k % 4 == 0 else None)
        cond = _door(rng, k, dials, sol, lever)
        cond = f'password == "{pw}" and ({cond})' if pw else cond
        scratched = "Scratched into the brass, above the door:\n" + cond.replace('"', "'") + "\n"
        cast["evidence"][eid] = {"name": f"Inscription {k}", "description": scratched}
        sc = T(
            CHAMBER, k=k, c=c, lv=lv, eid=eid, cond=q(cond), notcond=q(f"not ({cond})"), p1=pr.sents(2),
            total=" + ".join(f"dial_{d}" for d in dials), zero=q({f"dial_{d}": 0 for d in dials}),
            shows=", ".join(f"{d.upper()} {{dial_{d}}}" for d in dials),
            nxt=f"c{k + 1:03d}_gate" if k < chambers else "exit_hall",
        )  # fmt: skip
        room = f"{c}_room"
        turn = [C(f"Turn dial {d.upper()}", f"{c}_dial_{d}", cid=f"turn_{d}", sticky=True) for d in dials]  # fmt: skip
        sc[room]["choices"][:0] = turn
        if k % 3 == 0:
            wait = f"visits {room} > 8 or pressure >= 20"
            sc[room]["choices"].append(C("Sit down and wait", "end_waited", wait, sticky=True))
        if pw:
            sc[f"{c}_note"]["do"].append({"set": {"password": pw}})
            sc[f"{c}_open"]["text"] += "The password was {password}.\n"
        if k % 5 == 2:
            sc[f"{c}_note"]["do"].append({"reveal": f"automaton.{'maker' if k % 2 else 'count'}"})
        for d in dials:
            sets = [C(f"Set it to {v}", room, cid=f"set_{v}", sticky=True, do=[{"set": {f"dial_{d}": v}}]) for v in range(5)]  # fmt: skip
            text = f"Dial {d.upper()} clicks under your fingers.\nIt reads {{dial_{d}}}.\n"
            sc[f"{c}_dial_{d}"] = {"text": text, "choices": sets}
        steps = (["read", "continue"] if pw else []) + [f"turn_{d} set_{sol[d]}" for d in dials]
        steps = " ".join([*steps, *["lever"] * lever, "door", "continue"]).split()
        whole += [*steps, "continue"]
        if k == 1:
            first = {"name": "chamber 1", "chapter": "chamber_001", "choices": ["continue", *steps]}
            first["ending"] = "chamber_001"
        entry = {"set": {"attempts": 0}, "evidence": Flow(f"clue_{j:03d}" for j in range(1, k))}
        ch = head(f"Chamber {k}", "1889", f"{c}_gate", sc, place=f"Chamber {k}", entry=entry)
        w, level = ["north", "east", "south", "west"][(k - 1) // 64 % 4], (k - 1) // 16 % 4 + 1
        where = f"vault/wing_{w}/level_{level}/hall_{(k - 1) // 4 % 4 + 1}/alcove_{(k - 1) % 4 + 1}"
        f = pack.file(f"{where}/chamber_{k:03d}.yaml")
        f.update(variables={lv: False}, chapters={f"chamber_{k:03d}": ch})
    at = {"place": "Outside", "entry": {"set": {"gears": chambers}}}
    out = head("The Way Out", "1889", "exit_hall", T(EXIT, chambers=chambers), **at)
    pack.file("vault/wing_north/level_1/hall_1/alcove_1/exit.yaml")["chapters"] = {"exit": out}
    whole[-1] = "walk_out"  # after the last door, the exit hall's own choice
    whole_run = {"name": "the whole vault", "choices": whole, "ending": "escaped"}
    story["playthroughs"] = [first, whole_run]
    return pack


STYLES = {"survival": survival, "roguelike": roguelike, "mystery": mystery, "puzzle": puzzle}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("style", choices=sorted(STYLES))
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--scenes", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.outdir.exists() and any(args.outdir.iterdir()):
        sys.exit(f"{args.outdir}: not empty; give a new or empty folder")
    pack = STYLES[args.style](random.Random(f"{args.style}:{args.seed}"), max(20, args.scenes))
    count = pack.write(args.outdir)
    print(f"{args.style}: {count} scenes in {len(pack.files)} files, {args.outdir}")


if __name__ == "__main__":
    main()
