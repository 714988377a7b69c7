"""Benchmark pack generator written from the authoring guide alone.

Everything here comes from ``story/README.md`` (and the schema beside it), as an author
outside the project would read them; nothing of the engine was consulted.

    python tests/benchmarks/outside_d.py STYLE OUTDIR [--scenes N] [--seed S]

writes a story pack of about N scenes into OUTDIR (which must be empty or absent), the same
bytes for the same style, N and seed. Standard library and PyYAML only. Styles:

* ``school`` -- a term of weeks: a hub a week with 6-10 activities (sticky and once-only),
  stat and relationship numbers (characters with ``bond``), a decimal, a house name as text
  (set with an ``=`` text expression), exams whose choices read sums of stats, a week counter
  advanced by a weekend scene's ``next``, endings picked by stats at the end of term. One file
  a week under ``weeks/``, each declaring its own flags and keepsakes; every key quoted,
  comments everywhere (the story test too: ``cellseven test`` finds none under a quoted key).
* ``heist`` -- recruiting (crew flags), buying gear with cash, choosing a plan (text), then a
  run of obstacles whose choices need the right gear or crew; an alarm number rising with each
  forced attempt, sticky retry loops, a caught ending past a threshold; ``story.renamed``.
  ``.yml`` files (``story.yaml`` aside) with CRLF line ends and very long unquoted one-line paragraphs (300+ words).
* ``court`` -- investigation hubs (evidence, revealed facts, gated places, a flashback scene
  ``period``) before each of several hearings, each a trial (claims, hidden statements unlocked
  by presses, presses that set flags, a recess scene, wrong lines, verdict tiers reading
  ``refuted``/``credibility``); the verdicts set flags and a standing number, and the last
  trial's tiers pick the ending. Canon beats, chapter ``entry`` states of every kind,
  flow-style mappings. The guide refuses anchors, aliases and merge keys (CS009): plain files.
* ``wander`` -- an open map of 20-200 places on a grid (cycles everywhere, a few tunnels),
  every path both ways; region keys (flags) open the gates between regions, a lantern number
  burns down by a whole or a half per move and is refilled at oil drums, a dark ending, a few
  exits. One chapter and one small file per place in nested ``regions/REGION/row_NN/`` folders,
  one file per character and per find, written by PyYAML with explicit document starts.

Each pack also carries a playthroughs file with a story test its generator can predict.
"""

# ruff: noqa: SIM905

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
from collections import deque
from functools import partial
from pathlib import Path

import yaml

# --------------------------------------------------------------------------- YAML writing

RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""}
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;'!?()-]*[A-Za-z0-9.!?')]\Z")


class Note(str):
    """A comment in a mapping: used as a key, printed as ``# ...`` (empty: a blank line)."""

    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other


def noted(text, d):
    return {Note(text): None, **d}


class Writer:
    """A small block-style YAML writer with an author's habits: quoted keys or not, plain
    prose, flow-style leaves up to a width (nested ones too when ``deep``), comments, line end."""

    def __init__(self, quote_keys=False, flow=72, deep=False, eol="\n"):
        self.quote_keys, self.flow, self.deep, self.eol = quote_keys, flow, deep, eol

    def scalar(self, v, flow=False):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        s = str(v)
        if s.lower() in RESERVED:
            return json.dumps(s)
        if IDENT.match(s) or (not flow and PLAIN.match(s) and ": " not in s and " #" not in s):
            return s
        return json.dumps(s, ensure_ascii=False)

    def key(self, k):
        return json.dumps(str(k)) if self.quote_keys else self.scalar(k, True)

    def inline(self, v, top=False):
        if isinstance(v, dict):
            return "{" + ", ".join(f"{self.key(k)}: {self.inline(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(self.inline(x) for x in v) + "]"
        return self.scalar(v, not top)  # a value in block context may be plain prose

    def leaf(self, v):
        if not isinstance(v, (dict, list)):
            return not (isinstance(v, str) and "\n" in v)
        if not v:
            return True
        if isinstance(v, dict) and any(isinstance(k, Note) for k in v):
            return False
        items = v.values() if isinstance(v, dict) else v
        nested = (self.leaf(x) if self.deep else not isinstance(x, (dict, list)) for x in items)
        return all(nested) and not _has_newline(v) and len(self.inline(v)) <= self.flow

    def block(self, v, ind=0):
        pad, out = " " * ind, []
        if isinstance(v, dict):
            for k, x in v.items():
                if isinstance(k, Note):
                    out += [f"{pad}# {t}" if t else "" for t in (k.split("\n") if k else [""])]
                elif isinstance(x, str) and "\n" in x:
                    out.append(f"{pad}{self.key(k)}: |" + ("" if x.endswith("\n") else "-"))
                    out += [f"{pad}  {t}" if t else "" for t in x.rstrip("\n").split("\n")]
                elif self.leaf(x):
                    out.append(f"{pad}{self.key(k)}: {self.inline(x, True)}")
                else:
                    out += [f"{pad}{self.key(k)}:", *self.block(x, ind + 2)]
            return out
        for x in v:
            if self.leaf(x):
                out.append(f"{pad}- {self.inline(x, True)}")
                continue
            sub = self.block(x, ind + 2)
            i = next(i for i, t in enumerate(sub) if t and not t.lstrip().startswith("#"))
            out += [pad + t.lstrip() if t else t for t in sub[:i]]
            out += [f"{pad}- {sub[i][ind + 2 :]}", *sub[i + 1 :]]
        return out

    def dump(self, obj, head=()):
        text = self.eol.join([*head, *self.block(obj), ""])
        assert yaml.safe_load(text) == _plain(obj), "writer round trip"
        return text


def _has_newline(v):
    if isinstance(v, (dict, list)):
        return any(_has_newline(x) for x in (v.values() if isinstance(v, dict) else v))
    return isinstance(v, str) and "\n" in v


def _plain(v):
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items() if not isinstance(k, Note)}
    return [_plain(x) for x in v] if isinstance(v, list) else v


class NoAlias(yaml.SafeDumper):
    """PyYAML writes ``&id001``/``*id001`` for a shared object; the guide refuses aliases."""

    def ignore_aliases(self, data):
        return True


NoAlias.add_representer(
    str,
    lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None),
)


class Pack:
    def __init__(self):
        self.files = {}

    def put(self, rel, obj, writer=None, *notes):
        schema = "../" * rel.count("/") + "cellseven.schema.json"
        head = [f"# yaml-language-server: $schema={schema}", *(f"# {t}" for t in notes)]
        if writer is None:  # PyYAML's own layout, as a script of an author's would write it
            body = yaml.dump(obj, Dumper=NoAlias, sort_keys=False, allow_unicode=True, width=4096)
            self.files[rel] = "\n".join(head) + "\n---\n" + body
        else:
            self.files[rel] = writer.dump(obj, head)

    def write(self, out):
        out = Path(out)
        if out.exists() and any(out.iterdir()):
            sys.exit(f"outside_d: {out} is not empty; give a new or empty folder")
        for rel, text in sorted(self.files.items()):
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        schema = Path(__file__).resolve().parents[2] / "story" / "cellseven.schema.json"
        if schema.is_file():  # what `cellseven schema > cellseven.schema.json` gives
            shutil.copyfile(schema, out / "cellseven.schema.json")


# --------------------------------------------------------------------------- story pieces


def ch(label, goto, cond=None, do=None, **kw):
    """A choice; ``cond`` is its ``if:``, ``kw`` its ``id``/``once``/``when_false``."""
    c = {"id": kw.pop("id")} if "id" in kw else {}
    c |= {"label": label, "goto": goto} | ({"if": cond} if cond else {}) | kw
    return c | ({"do": do} if do else {})


def ln(who, what, cond=None):
    return {who: what, "if": cond} if cond else {who: what}


def add(**kv):
    return {"add": kv}


def chapter(title, period, start, scenes, **kw):
    return {"title": title, "period": period, **kw, "start": start, "scenes": scenes}


ADJ = "quiet cold narrow grey bright old wet brass tired heavy pale sharp warm dusty hollow".split()
VERB = "waits leans hums creaks turns settles shines drips rattles sleeps watches sways".split()
PREP = "by under beside behind across near over past against".split()


SENTENCES = (
    "The {adj} {a} {verb} {prep} the {b}.;Somewhere {prep} the {a}, a {adj} {b} {verb}.;"
    "A {a} {verb}, and the {b} {verb} too.;Nobody mentions the {adj} {a}, not even {prep} the {b}."
    ";The {a} is {adj} tonight."
).split(";")
SAYINGS = (
    "I keep thinking about the {a}.;Did you see the {a}? It was {adj}.;Leave the {a} to me.;"
    "Nobody told me about the {a}.;The {a} again. Of course."
).split(";")


def sentence(rng, nouns, templates=SENTENCES):
    a, b = rng.sample(nouns, 2)
    words = {"adj": rng.choice(ADJ), "verb": rng.choice(VERB), "prep": rng.choice(PREP)}
    return rng.choice(templates).format(a=a, b=b, **words)


def para(rng, nouns, k):
    return " ".join(sentence(rng, nouns) for _ in range(k))


def long_para(rng, nouns, words=320):
    out = []
    while sum(len(s.split()) for s in out) < words:
        out.append(sentence(rng, nouns))
    return " ".join(out)


def say(rng, nouns):
    return sentence(rng, nouns, SAYINGS)


def color(rng):
    return "#%06x" % rng.randrange(0x1000000)


def table(text):
    return [tuple(row.split(":")) for row in text.split(";")]


# --------------------------------------------------------------------------- school

STUDENTS = table("ana:Ana;bo:Bo;chen:Chen;dara:Dara;eli:Eli;fen:Fen")
ACTIVITIES = table(  # id, label, the stat it trains ("": a friendship)
    "library:Read in the library:study;lab:Stay late in the lab:study;"
    "tutor:Ask for extra tuition:study;pitch:Train on the pitch:sport;pool:Swim lengths:sport;"
    "art_room:Paint in the art room:art;darkroom:Develop photographs:art;"
    "choir:Sing with the choir:music;band:Rehearse with the band:music;"
    "canteen:Sit with friends at lunch:;roof:Climb onto the roof:;garden:Weed the garden:"
)
SCHOOL_NOUNS = "corridor bell locker window chalk radiator timetable bicycle stairwell".split()
STATS = ["study", "sport", "art", "music"]
SECRETS = ["writes poems", "cannot swim", "is leaving next year", "sleeps in the library"]


def school(rng, n, pack):
    w = Writer(quote_keys=True, flow=60)
    weeks = max(2, round((n - 6) / 12))
    kids = [k for k, _ in rng.sample(STUDENTS, 4)]
    bonds = [f"bond_{k}" for k in kids]
    variables = noted("the clock of the term", {"week": 1, "energy": 3})
    variables |= noted("what the term trains", {**dict.fromkeys(STATS, 0), "focus": 0.5})
    variables |= noted("friendships, shown in the roster", dict.fromkeys(bonds, 0))
    variables |= noted("a house, its motto, exam marks", {"house": "", "motto": ""})
    variables["exam_points"] = 0
    people = {}
    for (kid, name), bond in zip(STUDENTS, [f"bond_{k}" for k, _ in STUDENTS], strict=True):
        if kid in kids:
            facts = {"secret": f"{name} {rng.choice(SECRETS)}.", "home": f"{name} lives far off."}
            people[kid] = {"name": name, "role": "a pupil", "color": color(rng), "bond": bond}
            people[kid]["facts"] = facts
    people["park"] = {"name": "Ms. Park", "role": "form tutor", "color": color(rng)}
    people["head"] = {"name": "The headmaster", "roster": False}
    order = [f"week_{i:02d}" for i in range(1, weeks + 1)] + ["term_end"]
    story = {"title": "A Term at Hillside", "id": "outside-d-school", "start": "week_01"}
    story |= noted("one chapter a week, then the last day", {"chapters": order})
    story |= {"variables": variables, "content_note": "Exams, and a little homesickness."}
    top = noted("The term and its numbers. Weeks live in weeks/, one file each.", {"story": story})
    top |= noted("Everyone the player can befriend.", {"characters": people})
    pack.put("story.yaml", top, w)
    notes_found, prev_acts, gain, revealed, raised = [], set(), 0, set(), set()
    for wk in range(1, weeks + 1):
        p, exam = f"w{wk:02d}_", wk % 3 == 0 or wk == weeks
        hub, lent, lender = f"{p}hub", f"{p}lent", None
        acts = rng.sample(ACTIVITIES, rng.randint(6, 10))
        scenes, choices = {}, []
        if wk == 1:
            for house in ("Heron", "Otter"):
                do = [{"set": {"house": house, "motto": "= house + ' for ever'"}}]
                choices.append(ch(f"Join {house} house", f"{p}assembly", 'house == ""', do))
            scenes[f"{p}assembly"] = {
                "text": "{house} it is. The prefects chant the motto, {motto}.",
                "lines": [ln("head", "Welcome, all of you. Work hard.")],
                "next": hub,
            }
        for act, label, stat in acts:
            sid, kid = f"{p}{act}", rng.choice(kids)
            scene = {"text": para(rng, SCHOOL_NOUNS, rng.randint(2, 4))}
            if stat and rng.random() < 0.6:  # sticky: as often as energy allows
                label += " ({energy} energy left)"
                choice = ch(label, sid, "energy > 0", [add(energy=-1)], once=False)
                choice = noted(f"{act}: sticky, costs energy", choice | {"when_false": "disable"})
                scene["text"] += "\n\n{It is your first time here.|Again.|You know it by heart.}"
                scene["do"], gain = [add(**{stat: 1})], gain + 3
            else:
                r, cond = rng.randrange(6), None
                if r == 0 and kid in raised:  # some other activity befriends them
                    cond = f"bond_{kid} >= {rng.randint(1, 1 + wk // 3)}"
                elif r == 1 and act in prev_acts:
                    cond = f"visits w{wk - 1:02d}_{act} > 0 or met {kid}"
                elif r == 2 and notes_found:
                    cond = f"has {rng.choice(notes_found)}"
                elif r == 3 and f"{kid}.secret" in revealed:  # told in an earlier week
                    cond = f"knows {kid}.secret and not {lent}"
                elif r == 4:
                    a, b = rng.sample(STATS, 2)
                    cond = f"({a} + {b} >= {wk}) or {bonds[0]} > 1"
                elif r == 5 and wk > 2:
                    cond = f'house == "{rng.choice(["Heron", "Otter"])}" and week >= {wk}'
                choice = noted(f"{act}: once a week", ch(label, sid, cond))
                if cond and r in (2, 5):
                    choice["when_false"] = "disable" if r == 2 else "hide"
                scene["do"] = [add(**{stat or "focus": 2 if stat else 0.5, f"bond_{kid}": 1})]
                gain += 2
                raised.add(kid)
                if lender is None:
                    lender = kid
                    scene["do"].append({"flag": lent})
                elif rng.random() < 0.4:
                    fact = f"{kid}.{rng.choice(['secret', 'home'])}"
                    scene["do"].append({"reveal": fact})
                    revealed.add(fact)
            scene["lines"] = [ln(kid, say(rng, SCHOOL_NOUNS))]
            if rng.random() < 0.5:
                scene["lines"].append(ln(kid, "You came back.", f"visits {sid} > 1"))
            if rng.random() < 0.3:
                scene["lines"].append(ln("text", "Ms. Park nods at you.", f"bond_{kid} >= 2"))
            scenes[sid] = scene | {"next": hub}
            choices.append(choice)
        prev_acts = {a for a, _, _ in acts}
        if lender is None:  # every week someone lends a book
            lender = kids[0]
            scenes[f"{p}{acts[0][0]}"].setdefault("do", []).append({"flag": lent})
        give = [add(**{f"bond_{lender}": 1})]
        choices.append(ch("Return the borrowed book", f"{p}return", lent, give))
        scenes[f"{p}return"] = {"text": "You hand the book back, a little creased."}
        scenes[f"{p}return"] |= {"lines": [ln(lender, "You actually read it?")], "next": hub}
        if wk % 2 == 0:
            notes_found.append(f"note_w{wk:02d}")
            scenes[f"{p}return"]["do"] = [{"evidence": notes_found[-1]}]
        choices.append(ch("Let the week end", f"{p}exam" if exam else f"{p}weekend", id="end_week"))
        text = f"Week {{week}} of {weeks}. {para(rng, SCHOOL_NOUNS, 2)}\n\n"
        text += '{house == "": You belong to no house yet.|Your scarf is {house} colours.}\n\n'
        text += "{&Rain on the windows.|Sun on the quad.|Wind in the flagpole.}"
        warn = ln("park", "Energy is not infinite, you know.", "energy <= 0")
        hub_scene = {"place": "The quad", "text": text, "lines": [warn], "choices": choices}
        scenes = {hub: hub_scene} | scenes
        if exam:
            t = max(1, wk // 2 + 1)
            good, poor = f"{p}exam_good", f"{p}exam_poor"
            ace = ch("Answer every question", good, f"study + focus * 2 >= {t}", id="ace")
            sketch_if = f"(art + music) + study >= {t + 1} and not energy < 1"
            scenes[f"{p}exam"] = {
                "place": "The exam hall",
                "text": f"The {rng.choice(['maths', 'history', 'french'])} paper lands face down.",
                "choices": [
                    ace | {"when_false": "disable", "do": [add(exam_points=2)]},
                    ch("Draw the answers", good, sketch_if, [add(exam_points=1)], id="sketch"),
                    ch("Guess and hope", poor, id="guess"),
                ],
            }
            scenes[good] = {"text": "The pen runs ahead of you.", "next": f"{p}weekend"}
            scenes[poor] = {"text": "You watch the clock more than the paper."}
            scenes[poor] |= {"lines": [ln("park", "There will be other papers.")]}
            scenes[poor]["next"] = f"{p}weekend"
        pals = [kids[(wk - 1) % 4], kids[(wk + 1) % 4]]  # a Saturday with two of them
        raised.update(pals)
        weekend = {"text": "Saturday. " + para(rng, SCHOOL_NOUNS, 1)}
        weekend["lines"] = [ln(pals[0], "Same time next week?")]
        weekend["do"] = [add(week=1, **{f"bond_{k}": 1 for k in pals}), {"set": {"energy": 3}}]
        scenes[f"{p}weekend"] = noted("the week counter moves here, on the way out", weekend)
        scenes[f"{p}weekend"]["next"] = f"w{wk + 1:02d}_hub" if wk < weeks else "term_end"
        doc = noted(f"Week {wk}: {len(acts)} activities{', an exam' if exam else ''}.", {})
        doc["variables"] = noted("set when a book is lent this week", {lent: False})
        if wk % 2 == 0:
            found = {"description": "Folded four times, in pencil.", "found": "In a book."}
            doc["evidence"] = {notes_found[-1]: {"name": f"A note from week {wk}", **found}}
        entry = {"set": {"week": wk, "energy": 3, "study": wk, "focus": 0.5 * wk}, "met": kids[:2]}
        week = chapter(f"Week {wk}", "1998", hub, scenes, place="Hillside", witness=kids[0])
        doc["chapters"] = {f"week_{wk:02d}": week | {"entry": entry}}
        pack.put(f"weeks/week_{wk:02d}.yaml", doc, w, f"Week {wk} of {weeks}.")
    g = max(2, gain // (len(STATS) * 3))  # endings read what the term built
    a, b, c = kids[:3]
    ends = [
        ("scholar", "Accept the scholarship", f"study + exam_points >= {g} and study >= sport"),
        ("captain", "Captain the team", f"sport * 2 + {bonds[1]} >= {g}"),
        ("artist", "Hang your work", f"(art + music) >= {g} and not (study > art + music)"),
        ("friends", "Go away with friends", f"{' + '.join(bonds)} >= {g} or knows {a}.secret"),
        ("ordinary", "Go home for the holidays", None),
    ]
    choices = [ch(lab, f"end_{e}", cond, id=e if cond else "go_home") for e, lab, cond in ends]
    text = "The last day. Study {study}, sport {sport}, art {art}, music {music}."
    choices = [x | ({"when_false": "disable"} if "if" in x else {}) for x in choices]
    scenes = {"term_end": {"place": "The gates", "text": text, "choices": choices}}
    told = f"knows {b}.home" if f"{b}.home" in revealed else f"met {b}"
    scenes["term_end"]["lines"] = [ln(c, "Write to me?", f"bond_{c} >= 2 and {told}")]
    scenes |= {f"end_{e}": {"text": para(rng, SCHOOL_NOUNS, 2), "end": e} for e, _, _ in ends}
    last = chapter("The Last Day", "1998", "term_end", scenes)
    last["entry"] = {"set": dict.fromkeys(STATS, weeks)}
    pack.put("weeks/term_end.yaml", {"chapters": {"term_end": last}}, w, "The numbers decide.")
    steps = []
    for wk in range(1, weeks + 1):
        exam = wk % 3 == 0 or wk == weeks
        steps += ["end_week", *(["guess", "continue"] if exam else []), "continue"]
    test = {"name": "a term of doing nothing", "choices": [*steps, "go_home"], "ending": "ordinary"}
    test["variables"] = {"week": weeks + 1, "exam_points": 0}
    pack.put("playthroughs.yaml", {"playthroughs": [test]}, w)


# --------------------------------------------------------------------------- heist

CREW = table(  # id, name, role
    "vex:Vex:safecracker;moth:Moth:hacker;dune:Dune:driver;pike:Pike:muscle;"
    "lark:Lark:insider;quill:Quill:forger;soot:Soot:climber;nim:Nim:lookout"
)
GEAR = table(  # id, what, price
    "drill:a diamond drill:400;keycard:a cloned keycard:300;thermite:thermite:500;"
    "rope:climbing rope:100;jammer:a signal jammer:350;mask:latex masks:150;"
    "cutter:a glass cutter:120;van:a clean van:450"
)
OBSTACLES = table(  # what, the gear that beats it, the crew who beats it
    "a steel door:drill:vex;a camera loop:jammer:moth;a bored guard:mask:pike;"
    "a laser grid:rope:soot;a glass wall:cutter:soot;a keypad:keycard:quill;"
    "a lift shaft:rope:soot;the vault door:thermite:vex;a loading bay:van:dune;a patrol:jammer:nim"
)
HEIST_NOUNS = "vault crate ledger alley van siren keycard ventilator stairwell loading-dock".split()
TELLS = ["hums when nervous", "never sits with their back to a door", "owes the wrong people"]


def heist(rng, n, pack):
    w, long = Writer(flow=90, eol="\r\n"), partial(long_para, rng, HEIST_NOUNS)
    crew = rng.sample(CREW, rng.randint(6, 8))
    gear = rng.sample(GEAR, rng.randint(5, 8))
    have_crew, have_gear = sorted(c for c, _, _ in crew), sorted(g for g, _, _ in gear)
    k = max(3, (n - 17 - len(crew) - len(gear)) // 3)  # obstacles, three scenes each
    limit, cash = 4 + k // 4, 900 + 50 * rng.randint(0, 10)
    floors = [f"floor_{f:02d}" for f in range(1, (k + 4) // 5 + 1)]
    variables = {"cash": cash, "alarm": 0, "loot": 0, "plan": "", "trust": 1.0, "cased": 0}
    story = {"title": "The Glasshouse Job", "id": "outside-d-heist", "start": "recruit"}
    story |= {"chapters": ["recruit", "gear", "plan", *floors, "getaway"], "variables": variables}
    pack.put("story.yaml", {"story": story | {"renamed": {"old_safehouse": "safehouse"}}}, w)
    scenes, choices = {}, []
    for cid, name, role in crew:
        fee = 50 * rng.randint(3, 8)
        do = [{"flag": f"crew_{cid}"}, add(cash=-fee)]
        hire = ch(f"Hire {name}, the {role}, for {fee}", f"hire_{cid}", f"cash >= {fee}", do)
        choices.append(hire | {"when_false": "disable"})
        lines = [ln(cid, say(rng, HEIST_NOUNS)), ln(cid, "I want a bigger cut.", "cash < 200")]
        scenes[f"hire_{cid}"] = {"text": long(120), "lines": lines, "next": "bar"}
        scenes[f"hire_{cid}"]["do"] = [{"reveal": f"{cid}.tell"}]
    card = ch("Run a card game for quick cash", "card_game", None, [add(cash=150, trust=-0.25)])
    choices += [card | {"once": False}, ch("Head to the fence", "shop", id="to_shop")]
    scenes = {"bar": {"place": "The Anchor bar", "text": long(), "choices": choices}} | scenes
    scenes["card_game"] = {"text": "{You win.|You win again.|They are watching.} " + long(80)}
    scenes["card_game"]["next"] = "bar"
    people = {
        cid: {"name": name, "role": role, "color": color(rng)}
        | {"facts": {"tell": f"{name} {rng.choice(TELLS)}."}}
        for cid, name, role in crew
    }
    people["fence"] = {"name": "Old Marguerite", "role": "the fence", "roster": False}
    doc = {"characters": people, "variables": {f"crew_{c}": False for c in have_crew}}
    doc["chapters"] = {"recruit": chapter("The Crew", "2019", "bar", scenes, place="The docks")}
    pack.put("crew.yml", doc, w)
    scenes, choices = {}, []
    for gid, what, price in gear:
        price = int(price)
        do = [{"flag": f"gear_{gid}"}, add(cash=-price)]
        choices.append(ch(f"Buy {what} ({price})", f"bought_{gid}", f"cash >= {price}", do))
        choices[-1]["when_false"] = "disable"
        lines = [ln("fence", f"Mind {what}. Cash {{cash}} left.")]
        scenes[f"bought_{gid}"] = {"text": long(60), "lines": lines, "next": "shop"}
    choices.append(ch("Ask about the building", "fence_talk"))
    choices.append(ch("Go to the safehouse", "safehouse", id="to_safehouse"))
    scenes = {"shop": {"text": long(), "choices": choices}} | scenes
    rota = ln("fence", "The guards change at two. Everyone knows that.")
    scenes["fence_talk"] = {"text": long(100), "lines": [rota], "do": [{"evidence": "guard_rota"}]}
    scenes["fence_talk"]["next"] = "shop"
    evidence = {
        "blueprints": {"name": "The blueprints", "description": "Every duct, every door."},
        "guard_rota": {"name": "The guard rota", "kind": "testimony", "found": "The fence."},
    }
    doc = {"variables": {f"gear_{g}": False for g in have_gear}, "evidence": evidence}
    doc["chapters"] = {"gear": chapter("The Shop", "2019", "shop", scenes)}
    pack.put("shop.yml", doc, w)
    role = {r: c for c, _, r in reversed(crew)}
    c = lambda r: role.get(r, crew[0][0])  # noqa: E731
    g = lambda x: x if x in have_gear else gear[0][0]  # noqa: E731
    plans = [
        ("quiet", f"crew_{c('hacker')} and (gear_{g('keycard')} or gear_{g('jammer')})"),
        ("loud", f"gear_{g('thermite')} or crew_{c('muscle')}"),
        ("inside", f"crew_{c('insider')} and cased >= 2"),
        ("improvised", None),
    ]
    choices = [ch("Case the building again", "casing", None, [add(cased=1)], once=False)]
    for plan, cond in plans:
        choices.append(ch(f"Go with the {plan} plan", "plan_set", cond, [{"set": {"plan": plan}}]))
    choices.append(ch("Call it off", "walked_away", id="call_it_off"))
    packed = " ".join(f"{{gear_{gid}: {what.capitalize()} is packed.}}" for gid, what, _ in gear)
    scenes = {
        "safehouse": {"text": long(), "choices": choices},
        "casing": {"text": "Night {cased} of watching. " + long(90)},
        "plan_set": {"text": "The plan is {plan}. " + packed},
        "walked_away": {"text": long(120), "end": "walked_away"},
    }
    scenes["casing"] |= {"do": [{"evidence": "blueprints"}], "next": "safehouse"}
    scenes["plan_set"]["lines"] = [ln(cid, "I am in.", f"crew_{cid}") for cid, _, _ in crew]
    scenes["plan_set"]["next"] = "ob_001"
    plan = chapter("The Plan", "2019", "safehouse", scenes)
    pack.put("plan.yml", {"chapters": {"plan": plan}}, w)
    for fl, f0 in enumerate(range(0, k, 5), 1):
        scenes = {}
        for i in range(f0 + 1, min(k, f0 + 5) + 1):
            what, gid, cid = rng.choice(OBSTACLES)  # a missing specialist: someone else's job
            gid = gid if gid in have_gear else rng.choice(have_gear)
            cid = cid if cid in have_crew else rng.choice(have_crew)
            ob, after = f"ob_{i:03d}", (f"ob_{i + 1:03d}" if i < k else "getaway")
            clear = f"{ob}_clear"
            opts = [ch(f"Use the {gid}", clear, f"gear_{gid} or crew_{cid}", when_false="disable")]
            opts.append(ch("Do it together", clear, f"gear_{gid} and crew_{cid}", [add(loot=1)]))
            if rng.random() < 0.5:
                opts.append(ch("Blow through", clear, 'plan == "loud"', [add(alarm=2)]))
            if rng.random() < 0.4:
                cond = rng.choice(['has blueprints and not plan == "loud"', "has guard_rota"])
                opts.append(ch("Follow the blueprints or the rota", clear, cond))
            opts.append(ch("Force it", f"{ob}_noise", None, [add(alarm=1)], id="force", once=False))
            amber = ln("text", "The alarm light glows amber.", f"alarm >= {limit - 1}")
            lines = [ln(cid, say(rng, HEIST_NOUNS), f"crew_{cid}"), amber]
            scenes[ob] = {"text": f"Obstacle {i} of {k}, {what}. " + long()}
            scenes[ob] |= {"lines": lines, "choices": opts}
            noise = "{Something clangs.|It clangs again.|Louder.} The alarm is at {alarm}. "
            scenes[f"{ob}_noise"] = {"text": noise + long(60)}
            scenes[f"{ob}_noise"]["choices"] = [
                ch("Sirens. Run.", "caught", f"alarm >= {limit}", id="run"),
                ch("Try again", ob, f"alarm < {limit}", id="retry", once=False),
                ch("Push through", clear, f"alarm < {limit} and visits {ob}_noise >= 2", id="push"),
            ]
            scenes[clear] = {"text": long(70), "do": [add(loot=1)], "next": after}
        entry = {"set": {"plan": "improvised", "alarm": 0}, "evidence": ["blueprints"]}
        floor = chapter(f"Floor {fl}", "2019", f"ob_{f0 + 1:03d}", scenes, place="The Glasshouse")
        floor["entry"] = entry
        pack.put(f"job/floor_{fl:02d}.yml", {"chapters": {f"floor_{fl:02d}": floor}}, w)
    insider = c("insider")
    ends = [
        ("clean", "Slip away clean", f"alarm <= {limit // 2} and loot >= {k // 2}"),
        ("betrayed", "Wait for the insider", f"crew_{insider} and trust < 1"),
        ("hunted", "Take the loot and scatter", "loot > 0"),
        ("scattered", "Drive off with nothing", None),
    ]
    choices = [ch(label, e, cond) for e, label, cond in ends]
    scenes = {"getaway": {"text": "Loot {loot}, alarm {alarm}. " + long(), "choices": choices}}
    scenes |= {e: {"text": long(100), "end": e} for e, _, _ in ends}
    scenes["caught"] = {"text": long(150), "end": "caught"}
    getaway = chapter("The Getaway", "2019", "getaway", scenes)
    pack.put("job/getaway.yml", {"chapters": {"getaway": getaway}}, w)
    cold = {"name": "cold feet", "choices": ["to_shop", "to_safehouse", "call_it_off"]}
    replay = {"name": "the bar, replayed", "chapter": "recruit", "choices": ["to_shop"]}
    tests = [
        cold | {"ending": "walked_away", "variables": {"cash": cash}},
        replay | {"ending": "recruit"},
    ]
    pack.put("playthroughs.yml", {"playthroughs": tests}, w)


# --------------------------------------------------------------------------- court

WITNESSES = table(
    "holt:Agnes Holt;varga:Ivan Varga;osei:Kofi Osei;lind:Marta Lind;brook:Sam Brook;"
    "tan:Wendy Tan;ruiz:Paolo Ruiz;adair:Fiona Adair"
)
PLACES = "flat pawnshop station clinic harbour archive depot laundrette rooftop cafe".split()
EXHIBITS = "receipt ticket photo letter key logbook tape glove phone ledger".split()
CLAIMS = table(
    "seen:The accused was seen at the scene;motive:The accused needed the money;"
    "weapon:The weapon belonged to the accused;time:It happened at nine;"
    "lied:The accused lied to the police;alone:The accused was alone that night"
)
COURT_NOUNS = "courtroom docket gallery bench window corridor file clock stairs rain".split()


def court(rng, n, pack):
    w, rounds = Writer(flow=150, deep=True), max(2, round(n / 15))
    people = dict(rng.sample(WITNESSES, 6))
    wid = list(people)
    noor = {"name": "Noor Haddad", "role": "the accused", "bio": "A night-shift cook."}
    cast = {"judge": {"name": "Judge Marlow", "roster": False}, "noor": noor}
    cast["kade"] = {"name": "Prosecutor Kade", "role": "the prosecution", "color": color(rng)}
    noor["facts"] = {"alibi": "She was on the last bus."}
    for pid, name in people.items():
        facts = {"seen": f"{name} saw more than they said.", "owes": f"{name} owes Kade."}
        cast[pid] = {"name": name, "role": "a witness", "facts": facts}
    pack.put("people.yaml", {"characters": cast}, w, "Everyone in the case.")
    evidence, order, runs = {}, [], []
    beats = [{"id": "arrest", "fact": "Noor is arrested after the fire.", "source": "the file"}]
    for r in range(1, rounds + 1):
        final, iv, hr = r == rounds, f"inv{r}_", f"hear{r}_"
        places = rng.sample(PLACES, rng.randint(4, 7))
        claims = rng.sample(CLAIMS, rng.randint(3, 4) if final else rng.randint(2, 3))
        kinds = rng.sample(EXHIBITS, len(claims) + 1)
        keys = [f"r{r}_{kinds[j]}{j}" for j in range(len(claims))]
        found_in = {e: rng.randrange(len(places)) for e in [*keys, f"r{r}_{kinds[-1]}_x"]}
        for e, kind in zip(found_in, kinds, strict=True):
            evidence[e] = {"name": f"The {kind} ({r})", "kind": rng.choice(["item", "testimony"])}
            evidence[e] |= {"description": para(rng, COURT_NOUNS, 1), "found": "In the inquiry."}
        scenes, hub_choices = {}, []
        if r == 1:
            scenes["inv1_arrest"] = {"period": "2011", "text": "The night of the fire."}
            scenes["inv1_arrest"] |= {"beats": "arrest", "next": f"{iv}hub"}
            scenes["inv1_arrest"]["lines"] = [ln("noor", "I was on the bus. Ask anyone.")]
        for pi, place in enumerate(places):
            sid, who = f"{iv}{place}", rng.choice(wid)
            gated, cond = [e for e in keys if found_in[e] < pi], None
            if pi >= 2 and gated and rng.random() < 0.5:
                cond = f"has {gated[0]} or visits {iv}hub >= 3"
            elif pi >= 2 and r > 1 and rng.random() < 0.5:
                cond = f"won_{r - 1} or standing >= 1"
                cond = f"({cond}) and not has {keys[0]}" if rng.random() < 0.3 else cond
            hub_choices.append(ch(f"Visit the {place}", sid, cond, once=False))
            if cond and "won" in cond:
                hub_choices[-1]["when_false"] = "disable"
            scene = {"text": para(rng, COURT_NOUNS, 3)}
            again = ln(who, "You again.", f"visits {sid} > 1")
            scene["lines"] = [ln(who, say(rng, COURT_NOUNS)), again]
            if rng.random() < 0.3:
                scene |= {"period": "1999", "text": "An old memory. " + scene["text"]}
            sub = []
            for e in (e for e, at in found_in.items() if at == pi):
                if rng.random() < 0.5:
                    scene.setdefault("do", []).append({"evidence": e})
                    continue
                thing = e.split("_")[1].rstrip("0123456789")
                sub.append(ch(f"Search for the {thing}", f"{sid}_{thing}", None, [{"evidence": e}]))
                scenes[f"{sid}_{thing}"] = {"text": f"Found: {{{e}.name}}.", "next": sid}
            if rng.random() < 0.5:
                ask = ch(f"Ask {people[who]} what they saw", sid, f"not knows {who}.seen")
                sub.append(ask | {"do": [{"reveal": f"{who}.seen"}]})
            if sub:
                back = ch("Back to the office", f"{iv}hub", id="back", once=False)
                scene["choices"] = [*sub, back]
            else:
                scene["next"] = f"{iv}hub"
            scenes[sid] = scene
        hub_choices.append(ch("Review the case file", f"{iv}file", once=False))
        hub_choices.append(ch("Go to court", f"{hr}open", id="go_to_court"))
        text = f"Part {r}. " + para(rng, COURT_NOUNS, 2)
        if r > 1:
            text += f"\n\n{{won_{r - 1}: The papers call it a win.|The papers are unkind.}}"
            text += " Noor seems {client_mood}."
        hub = {"place": "The office", "text": text, "beats": f"discovery_{r}"}
        hub["choices"] = hub_choices
        listing = "\n\n".join(f"{{has {e}: - {{{e}.name}}}}" for e in keys[:2])
        listing = f"The file so far, stamped {{{{sealed}}}}.\n\n{listing}\n\nStanding {{standing}}."
        scenes[f"{iv}file"] = {"text": listing}
        mood = ln("text", "Noor's mood is good.", 'client_mood == "hopeful"')
        scenes[f"{iv}file"] |= {"lines": [mood], "next": f"{iv}hub"}
        scenes = {f"{iv}hub": hub} | dict(sorted(scenes.items()))
        for beat, fact in ((f"discovery_{r}", f"Inquiry {r}."), (f"hearing_{r}", f"Hearing {r}.")):
            beats.append({"id": beat, "fact": fact, "source": "the case file"})
        start = "inv1_arrest" if r == 1 else f"{iv}hub"
        inv = chapter(f"Investigation {r}", "2012", start, scenes, place="Around the city")
        if r > 1:
            inv["entry"] = {"set": {"standing": r - 1}, "met": ["noor"], "facts": ["noor.alibi"]}
            inv["entry"]["visited"] = [f"hear{r - 1}_open"]
        notes = f"Part {r}: looking for what the court will need."
        pack.put(f"case/part_{r:02d}/investigation.yaml", {"chapters": {f"inv_{r}": inv}}, w, notes)
        claim_list, steps = [], ["go_to_court"]
        for j, ((cid, title), key) in enumerate(zip(claims, keys, strict=True)):
            who = rng.choice(wid)
            earlier = [e for e in evidence if not e.startswith(f"r{r}_") and not e.endswith("_x")]
            also = [rng.choice(earlier)] if earlier and rng.random() < 0.3 else []
            s1 = {"id": "first", "text": say(rng, COURT_NOUNS)}
            s1["press"] = {"lines": [ln(who, "I am sure of it.")]}
            s1["wrong"] = [ln(who, "That has nothing to do with me.")]
            weak = {"id": "weak", "text": f"{title}, I tell you.", "refuted_by": [key, *also]}
            weak["found"] = f"The {kinds[j]} says otherwise."
            if rng.random() < 0.5:  # the weak point only shows once pressed
                weak["hidden"], s1["press"]["unlocks"] = True, ["weak"]
            if j == 0:
                s1["press"]["do"] = [{"flag": f"pressed_{r}"}, {"reveal": f"{who}.owes"}]
            aside = {"id": "aside", "text": f"{{pressed_{r}: I said what I said.|Nothing to add.}}"}
            claim = {"id": cid, "title": title, "witness": who}
            claim["lines"] = [ln("kade", f"The prosecution calls {people[who]}.")]
            claim["statements"] = [s1, weak, aside]
            claim["refuted"] = {"lines": [ln("judge", "So noted.")], "do": [add(standing=1)]}
            if j == 0:
                claim["refuted"]["scene"] = f"{hr}recess"
            claim["found"], claim["stood"] = f"That {title} fell.", f"That {title} stood."
            claim_list.append(claim)
            steps.append(f"rest:{cid}")
        runs.append(steps)
        opening = {"text": f"Hearing {r}. " + para(rng, COURT_NOUNS, 2), "beats": f"hearing_{r}"}
        opening |= {"lines": [ln("judge", "Be seated.")], "trial": f"trial_{r}"}
        recess = {
            "text": "A short recess. {!The gallery murmurs.}",
            "lines": [ln("noor", "Is it?")],
        }
        scenes = {f"{hr}open": opening, f"{hr}recess": recess | {"next": f"{hr}open"}}
        if not final:
            tiers = [
                {"id": "won", "title": "Won", "refuted": "all", "if": "credibility >= 2"},
                {"id": "partial", "title": "Partly", "if": f"refuted >= 1 or pressed_{r}"},
                {"id": "lost", "title": "Lost", "missed": True},
            ]
            for t in tiers:
                t["goto"] = f"{hr}{t['id']}"
            after = f"inv{r + 1}_hub"
            won = [{"flag": f"won_{r}"}, add(standing=2), {"set": {"client_mood": "hopeful"}}]
            partial_ = [{"set": {"client_mood": "tired"}}]
            lost = [{"set": {"standing": "standing - 1", "client_mood": "grim"}}]
            for t, do in (("won", won), ("partial", partial_), ("lost", lost)):
                text = f"{t.title()}. " + para(rng, COURT_NOUNS, 1)
                scenes[f"{hr}{t}"] = {"text": text, "do": do, "next": after}
        else:
            prior = " or ".join(f"won_{q}" for q in range(max(1, r - 2), r))
            tiers = [
                {"id": "cleared", "title": "Cleared", "refuted": "all", "ruling": "Not guilty."}
                | {"if": f"({prior}) and credibility >= 1"},
                {"id": "acquitted", "title": "Acquitted", "refuted": [claims[0][0], claims[1][0]]},
                {"id": "reduced", "title": "Reduced"}
                | {"if": f"refuted >= 1 and standing >= 1 or pressed_{r}"},
                {"id": "convicted", "title": "Convicted", "missed": True},
            ]
            for t in tiers:
                t["goto"] = f"end_{t['id']}"
                words = ln("noor", "{standing >= 3: We did it.|So that is that.}")
                scenes[t["goto"]] = {"text": para(rng, COURT_NOUNS, 2), "lines": [words]}
                scenes[t["goto"]]["end"] = t["id"]
        cred = rng.randint(3, 5)
        trial = {"title": f"The People against Noor Haddad, hearing {r}", "judge": "judge"}
        trial |= {"credibility": cred, "penalty": rng.choice([1, 1, 2]) if cred > 3 else 1}
        trial["wrong"] = [ln("judge", "That does not answer the witness.")]
        trial |= {"claims": claim_list, "verdict": tiers}
        hear = chapter(f"Hearing {r}", "2013", f"{hr}open", scenes, place="Court Four")
        hear |= {"frame": "Noor in the dock", "witness": "noor"}
        hear["entry"] = {"evidence": keys, "met": ["noor", "kade"], "set": {"standing": r - 1}}
        flags = {f"pressed_{r}": False} | ({} if final else {f"won_{r}": False})
        doc = {"variables": flags, "chapters": {f"hear_{r}": hear}, "trials": {f"trial_{r}": trial}}
        pack.put(f"case/part_{r:02d}/hearing.yaml", doc, w, f"Hearing {r}{' (the last)' * final}.")
        order += [f"inv_{r}", f"hear_{r}"]
    pack.put("record.yaml", {"evidence": evidence}, w, "The court record.")
    pack.put("canon.yaml", {"canon": {"beats": beats}}, w)
    story = {"title": "The Fire on Harrow Street", "id": "outside-d-court", "start": "inv_1"}
    story |= {"chapters": order, "canon": "canon.yaml"}
    story["variables"] = {"standing": 0, "client_mood": "wary"}
    pack.put("story.yaml", {"story": story}, w)
    whole = ["continue"]  # the arrest, then straight to court each time, letting all stand
    for steps in runs:
        whole += [*steps, "continue"]
    one = {"name": "straight to court every time", "choices": whole[:-1], "ending": "convicted"}
    two = {"name": "the first hearing, let stand", "chapter": "hear_1", "choices": runs[0][1:]}
    tests = [one | {"verdict": f"trial_{rounds}/convicted"}, two | {"verdict": "lost"}]
    tests[1]["reach"] = "hear1_lost"
    pack.put("playthroughs.yaml", {"playthroughs": tests}, w)


# --------------------------------------------------------------------------- wander

REGIONS = [("moor", 1), ("fen", 1.5), ("wood", 1), ("crag", 1.5), ("dune", 1), ("vale", 1)]
FEATURES = "Cairn Well Stile Barrow Ford Oak Ruin Cross Pool Bridge Hut Stone Shrine".split()
DETAILS = "carved post;dry well;heap of stones;torn flag;old boot;sheep skull;cart".split(";")
WANDER_NOUNS = "path heather mist stone wind lantern hill reed bank fence moss".split()
EXITS = table(  # ending, label, condition
    "north_road:Take the north road:;ferry:Hail the ferry:knows hermit.way;"
    "old_mine:Climb down the old mine:has old_map and lantern >= 2;"
    "sea_stairs:Walk down the sea stairs:steps >= 10 or met ferrywoman"
)
DIRS = {(0, -1): "North", (0, 1): "South", (1, 0): "East", (-1, 0): "West"}
LANTERN = 12


def wander(rng, n, pack):
    count = max(20, min(200, n // 2))
    nreg, side = min(len(REGIONS), 3 + count // 60), math.ceil(math.sqrt(count * 1.6))
    start = (side // 2, side // 2)
    cells, grown = {start}, [start]
    while len(cells) < count:  # grow a blob: neighbours touch, so the map has cycles
        x, y = rng.choice(grown)
        dx, dy = rng.choice(list(DIRS))
        if 0 <= x + dx < side and 0 <= y + dy < side and (x + dx, y + dy) not in cells:
            cells.add((x + dx, y + dy))
            grown.append((x + dx, y + dy))
    dist, queue = {start: 0}, deque([start])
    while queue:
        x, y = queue.popleft()
        for c in ((x + dx, y + dy) for dx, dy in DIRS):
            if c in cells and c not in dist:
                dist[c] = dist[(x, y)] + 1
                queue.append(c)
    ordered = sorted(cells, key=lambda c: (dist[c], c))
    region = {c: i * nreg // count for i, c in enumerate(ordered)}  # nearer the start: earlier
    pid = {c: f"{REGIONS[region[c]][0]}_{c[0]:02d}_{c[1]:02d}" for c in cells}
    name = {c: f"{rng.choice(FEATURES)} of the {REGIONS[region[c]][0].title()}" for c in cells}
    links = {c: [] for c in cells}  # (target, label, gate condition or None)
    for x, y in ordered:
        for (dx, dy), word in DIRS.items():
            t = (x + dx, y + dy)
            if t in cells:
                hi = max(region[(x, y)], region[t])
                gate = f"key_{hi}" if region[(x, y)] != region[t] else None
                links[(x, y)].append((t, f"{word} to the {name[t]}", gate))
    by_region = [[c for c in ordered if region[c] == r] for r in range(nreg)]
    for _ in range(1 + count // 50):  # tunnels inside one region, opened by the old map
        r = rng.randrange(nreg)
        a, b = rng.sample(by_region[r], 2)
        if all(t != b for t, _, _ in links[a]):
            links[a].append((b, f"Through the tunnel to the {name[b]}", "has old_map"))
            links[b].append((a, f"Through the tunnel to the {name[a]}", "has old_map"))
    key_at = {rng.choice(by_region[r - 1]): r for r in range(1, nreg)}  # before its gates
    refill = {start}
    for c in sorted(cells, key=lambda c: rng.random()):  # every place within 3 moves of oil
        if not any(abs(c[0] - o[0]) + abs(c[1] - o[1]) <= 3 for o in refill):
            refill.add(c)
    edge = [c for c in ordered if any((c[0] + dx, c[1] + dy) not in cells for dx, dy in DIRS)]
    exits = {}
    picks = [by_region[-1], by_region[0], by_region[nreg // 2], edge]
    for ex, pick in zip(EXITS, picks, strict=True):
        spots = [c for c in pick if c != start and c not in exits]
        exits[rng.choice([c for c in spots if c in edge] or spots)] = ex
    extra = max(0, n - count - len(exits) - nreg - 1)
    shuffled = sorted(cells, key=lambda c: rng.random())
    details = {c: extra // count + (i < extra % count) for i, c in enumerate(shuffled)}
    hermit_at = rng.choice([c for c in by_region[0] if details[c] > 0] or by_region[0])
    map_at, ferry_at, order = rng.choice(by_region[0]), rng.choice(ordered), []
    for c in ordered:
        p, (reg, _) = pid[c], REGIONS[region[c]]
        text = f"{name[c]}. {para(rng, WANDER_NOUNS, 2)}\n\nYour lantern holds {{lantern}}."
        text += " The {region} is all around. {~A curlew calls.|Rain begins.|The mist thins.}"
        text += f"\n\n{{visits {p} > 1: You have been here before.}}"
        choices, scenes, own = [], {}, {}
        for t, label, gate in links[c]:
            do = [add(lantern=-REGIONS[region[t]][1], steps=1)]
            if region[t] != region[c]:
                do.append({"set": {"region": REGIONS[region[t]][0]}})
            cond = "lantern > 0" + (f" and {gate}" if gate else "")
            choices.append(ch(label, pid[t], cond, do, id=f"to_{pid[t]}", when_false="disable"))
            choices[-1]["once"] = False
        if c in refill:
            text += " An oil drum stands here."
            fill = [{"set": {"lantern": LANTERN}}]
            choices.append(ch("Fill the lantern", p, f"lantern < {LANTERN}", fill, once=False))
        if c in key_at:
            metal = rng.choice(["rusted", "iron", "bone", "brass"])
            scenes[f"{p}_key"] = {"text": f"A {metal} key, tied with red thread.", "next": p}
            scenes[f"{p}_key"]["do"] = [{"flag": f"key_{key_at[c]}"}]
            choices.append(ch("Pick up the key", f"{p}_key"))
        for d in range(details[c]):
            thing, sid = DETAILS[(d + len(p)) % len(DETAILS)], f"{p}_d{d + 1}"
            scene = {"text": f"The {thing}. " + para(rng, WANDER_NOUNS, 1), "next": p}
            if d == 0:
                own[f"seen_{p}"] = False
                scene["do"] = [{"flag": f"seen_{p}"}]
                text += f"\n\n{{seen_{p}: You know this place's secret now.}}"
            if c == hermit_at and d == 0:
                scene["lines"] = [ln("hermit", "Follow the water, not the wind.")]
                scene["do"].append({"reveal": "hermit.way"})
            choices.append(ch(f"Look at the {thing}", sid, once=d % 2 == 0))
            scenes[sid] = scene
        if c == map_at:
            choices.append(ch("Dig under the loose stone", p, None, [{"evidence": "old_map"}]))
        if c == ferry_at:
            choices.append(ch("Wave at the figure on the water", p, None, [{"meet": "ferrywoman"}]))
        if c in exits:
            ending, label, cond = exits[c]
            choices.append(ch(label, f"{p}_exit", cond))
            scenes[f"{p}_exit"] = {"text": "You leave it all behind. " + para(rng, WANDER_NOUNS, 2)}
            scenes[f"{p}_exit"]["end"] = ending
        choices.append(ch("Sit down in the dark", "lost_in_dark", "lantern <= 0", id="sit_down"))
        if c == start:
            dark = "The wick gutters out. " + para(rng, WANDER_NOUNS, 1)
            scenes["lost_in_dark"] = {"text": dark, "end": "lost"}
        scenes = {p: {"place": name[c], "text": text, "choices": choices}} | scenes
        keys = {f"key_{r}": True for r in range(1, region[c] + 1)}
        entry = {"set": {"lantern": LANTERN, "region": reg, **keys}}
        doc = {"chapters": {f"c_{p}": chapter(name[c], "1889", p, scenes, place=reg.title())}}
        doc["chapters"][f"c_{p}"]["entry"] = entry
        doc = ({"variables": own} if own else {}) | doc
        pack.put(f"regions/{reg}/row_{c[1]:02d}/{p}.yaml", doc)
        order.append(f"c_{p}")
    variables = {"lantern": LANTERN, "steps": 0, "region": REGIONS[0][0]}
    variables |= {f"key_{r}": False for r in range(1, nreg)}
    story = {"title": "The Lantern Moor", "id": "outside-d-wander", "start": f"c_{pid[start]}"}
    pack.put("story.yaml", {"story": story | {"chapters": order, "variables": variables}})
    hermit = {"name": "The hermit", "facts": {"way": "The ferry comes when the water is still."}}
    pack.put("folk/hermit.yaml", {"characters": {"hermit": hermit}})
    pack.put("folk/ferrywoman.yaml", {"characters": {"ferrywoman": {"name": "The ferrywoman"}}})
    old_map = {"name": "An old map", "description": "The tunnels, in ink.", "found": name[map_at]}
    pack.put("finds/old_map.yaml", {"evidence": {"old_map": old_map}})
    t = next(t for t, _, gate in links[start] if gate is None)
    spent = REGIONS[region[t]][1] + REGIONS[region[start]][1]
    test = {"name": "there and back", "choices": [f"to_{pid[t]}", f"to_{pid[start]}"]}
    test |= {"reach": pid[start], "variables": {"lantern": LANTERN - spent, "steps": 2}}
    pack.put("playthroughs.yaml", {"playthroughs": [test]})


# --------------------------------------------------------------------------- main

STYLES = {"school": school, "heist": heist, "court": court, "wander": wander}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("style", choices=sorted(STYLES))
    ap.add_argument("outdir")
    ap.add_argument("--scenes", type=int, default=200, help="about how many scenes (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    pack, rng = Pack(), random.Random(f"outside_d:{args.style}:{args.seed}")
    STYLES[args.style](rng, max(10, args.scenes), pack)
    pack.write(args.outdir)


if __name__ == "__main__":
    main()
