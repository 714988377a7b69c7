"""What a trial can tell apart in the evidence held and in its own progress (for `explore`).

A trial reads the items held in one way only: at an objection against a statement, can the
player show something that refutes it (the claim falls), and something that does not (a
penalty)? So, before and during a trial, two sets of items are alike when they answer those
two questions alike for every statement. That is a few bits per statement, and the bits of
a set are the union of its items' bits: holding one more item changes the bits by that
item's own (the key follows every `evidence:` effect, so it is kept at every scene).

Coarser, per claim. Within one claim the player moves freely: pressing a statement costs
nothing, objecting and putting the record away cost nothing, so every statement a press can
bring out is within reach whatever was pressed before. Whichever statement falls, the claim
falls the same way (its `refuted` outcome is the claim's own), and whichever draws a penalty,
the penalty is the same. So when no press of a claim has an effect (a press with effects is
not free: whether it was pressed then matters), a set of items answers the claim by two bits
(something refutes a statement within reach; something does not), and the statements pressed
or objected to inside that claim are not kept at all: from any of them every other is reached
at no cost, and the same rulings follow. A claim with a press that has effects keeps its
bits per statement and its progress whole.

Items named by a condition (`has x`) are kept as they are (liveness names them).
"""

from __future__ import annotations

from collections.abc import Hashable

from cellseven_game.engine.core.model import Story
from cellseven_game.engine.core.trial_model import Claim, Progress


def _within_reach(claim: Claim) -> list[int]:
    """The claim's statements (by index) shown at first or brought out by presses."""
    index = {s.id: n for n, s in enumerate(claim.statements)}
    reach = [n for n, s in enumerate(claim.statements) if not s.hidden]
    todo = list(reach)
    while todo:
        press = claim.statements[todo.pop()].press
        for target in press.unlocks if press is not None else ():
            n = index.get(target)
            if n is not None and n not in reach:
                reach.append(n)
                todo.append(n)
    return sorted(reach)


def free_claim(claim: Claim) -> bool:
    """Whether moving about inside the claim is free: no press has an effect."""
    return all(s.press is None or not s.press.effects for s in claim.statements)


class TrialKey:
    """What the story's trials can tell apart: `evidence(held, progress)` reads the items
    held as bits, `progress(p)` keeps of a trial's progress what can change what follows."""

    def __init__(self, story: Story) -> None:
        self.trials = story.trials
        # Two tables: bits per statement (`strict`, always exact) and bits per claim where
        # moving about the claim is free (`coarse`); and the bits of an item no statement names.
        self.strict: dict[str, int] = {}
        self.coarse: dict[str, int] = {}
        self.strict_other = self.coarse_other = 0
        self.free: set[tuple[str, int]] = set()  # (trial, claim index) moved about freely
        # In those claims, every statement within reach, as `pressed` holds them (sorted).
        self.everything: dict[tuple[str, int], tuple[str, ...]] = {}
        self._shown: dict[tuple[str, int, tuple[str, ...]], frozenset[str]] = {}
        # Each group of statements gives an item two bits: one of them refutes it (the item
        # is among what refutes one), one of them does not (a penalty: the item is missing
        # from what refutes one). An item no statement of the group names has only the
        # second, as every item no statement names has (`*_other`): so an item's bits are
        # those, less the second bits of the groups where every statement names it, plus
        # the first bits of those where one does. Worked out only for the items named (a
        # court of 69 hearings and hundreds of items: 2 s a table, item by group, before).
        refuting: tuple[dict[str, int], dict[str, int]] = ({}, {})  # (strict, coarse)
        in_all: tuple[dict[str, int], dict[str, int]] = ({}, {})
        others = [0, 0]
        bit = 1
        for trial_id, found in sorted(story.trials.items()):
            for number, claim in enumerate(found.claims):
                each = [[n] for n in range(len(claim.statements))]
                free = free_claim(claim)
                if free:
                    self.free.add((trial_id, number))
                    self.everything[trial_id, number] = tuple(
                        sorted(claim.statements[n].id for n in _within_reach(claim))
                    )
                for which, groups in enumerate((each, [_within_reach(claim)] if free else each)):
                    for group in groups:
                        answers = [set(claim.statements[n].refuted_by) for n in group]
                        refutes, misses = bit, bit << 1
                        bit <<= 2
                        if not answers:
                            continue
                        others[which] |= misses
                        for item in set().union(*answers):
                            refuting[which][item] = refuting[which].get(item, 0) | refutes
                        for item in set.intersection(*answers):
                            in_all[which][item] = in_all[which].get(item, 0) | misses
        self.strict_other, self.coarse_other = others
        for table, which in ((self.strict, 0), (self.coarse, 1)):
            for item, refutes in refuting[which].items():
                table[item] = refutes | (others[which] & ~in_all[which].get(item, 0))

    def evidence(self, held: dict[str, None], p: Progress | None, at_trial: bool) -> int:
        """The bits of the items held: per claim, unless the state is inside a claim (at the
        trial's scene, something pressed or an objection open), where per statement."""
        if (
            at_trial
            and p is not None
            and (p.objecting is not None or (p.pressed and (p.trial, p.claim) not in self.free))
        ):
            bits, other = self.strict, self.strict_other
        else:
            bits, other = self.coarse, self.coarse_other
        key = 0
        for item in held:
            key |= bits.get(item, other)
        return key

    def pressed_all(self, p: Progress) -> Progress:
        """`p` with every statement within reach pressed, in a claim moved about freely.

        The player there can press everything at no cost and lose nothing by it (a press
        only brings out more to object to), so a state that has not pressed everything
        can do nothing that the same state having pressed it all cannot; and whatever
        was pressed is forgotten when the claim is left. `explore` keeps that one state
        for all of them (and walks no presses there)."""
        if p.verdict is not None:
            return p
        everything = self.everything.get((p.trial, p.claim))
        if everything is None or p.pressed == everything:
            return p
        return Progress(
            p.trial, p.credibility, p.claim, everything, p.objecting, p.refuted, p.verdict
        )

    def progress(self, p: Progress | None) -> Hashable:
        """In a claim moved about freely, which statements are shown, not which were pressed:
        pressing one that shows nothing new changes nothing that can follow."""
        if p is None or not p.pressed or (p.trial, p.claim) not in self.free:
            return p
        found = self._shown.get((p.trial, p.claim, p.pressed))
        if found is None:
            claim = self.trials[p.trial].claims[p.claim]
            shown: set[str] = set()
            for statement in claim.statements:
                if statement.id in p.pressed and statement.press is not None:
                    shown.update(statement.press.unlocks)
            found = self._shown[(p.trial, p.claim, p.pressed)] = frozenset(shown)
        return (p.trial, p.credibility, p.claim, found, p.objecting, p.refuted)
