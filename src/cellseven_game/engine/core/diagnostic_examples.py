"""The tiny packs the registry's examples are built from: a one-chapter story, and a
two-chapter story with a trial. Each example changes one thing in one of them."""

from __future__ import annotations


def story(scenes: str = "      a: {text: Hello., end: done}\n", head: str = "") -> str:
    """A one-chapter story.yaml around `scenes` (indented six spaces), for the examples."""
    return (
        "story:\n  title: Example\n  start: one\n  chapters: [one]\n"
        + head
        + 'chapters:\n  one:\n    title: One\n    period: "1997"\n    start: a\n    scenes:\n'
        + scenes
    )


# A two-chapter story whose second chapter holds a trial the first one arms the player for;
# each trial example changes one thing in it.
COURT = """\
story:
  title: Example
  start: one
  chapters: [one, two]
characters:
  gu: {name: Gu}
evidence:
  log: {name: The log}
chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
      a: {text: The log., do: [evidence: log], next: court}
  two:
    title: Two
    period: "1998"
    start: court
    scenes:
      court: {text: The court sits., trial: t}
      won: {text: Cleared., end: won}
      lost: {text: Not proven., end: lost}
trials:
  t:
    title: The hearing
    credibility: 3
    claims:
      - id: dark
        title: The lamp was dark
        witness: gu
        statements:
          - {id: black, text: It was black., refuted_by: [log]}
    verdict:
      - {id: win, title: Cleared, refuted: all, goto: won}
      - {id: lose, title: Not proven, goto: lost}
"""


def court(old: str, new: str) -> dict[str, str]:
    """The trial example with one edit (which must apply)."""
    if old not in COURT:
        raise ValueError(old)
    return {"story.yaml": COURT.replace(old, new)}


def plays(steps: str, story_text: str = "") -> dict[str, str]:
    """The one-chapter story (or `story_text`) with one playthrough, `go`, of these keys."""
    pack = {"story.yaml": story_text or story()}
    pack["playthroughs.yaml"] = "playthroughs:\n  - name: go\n" + steps
    return pack
