"""The bundled story's prose stays under the repeated-phrase ceilings of prose_tics.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from prose_tics import CHAPTERS, passages, report, tic_counts, words

TOOL = Path(__file__).with_name("prose_tics.py")


def test_story_is_under_every_ceiling() -> None:
    lines, ok = report()
    assert ok, "\n".join(line for line in lines if "OVER" in line or line.startswith(" "))


def test_the_tool_exits_0_on_the_story() -> None:
    done = subprocess.run([sys.executable, str(TOOL)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert "words of prose in chapters/" in done.stdout


def test_reads_what_a_player_reads() -> None:
    found = passages()
    assert {p.path.name for p in found} == {p.name for p in CHAPTERS.glob("*.yaml")}
    assert len(words(found)) > 15_000
    texts = {p.text for p in found}
    # a choice label and a spoken line are counted, as well as scene prose
    kinds = {
        "label": any(p.text.startswith("Go straight to the defence table") for p in found),
        "spoken": any(p.text.startswith("Understood, Your Honour.") for p in found),
    }
    assert all(kinds.values()), kinds
    # ids and places are not prose
    assert "prologue_open" not in texts
    assert not any(p.text.startswith("The Judicial Training Institute") for p in found)


def _pack(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "chapters"
    folder.mkdir()
    (folder / "one.yaml").write_text(body, encoding="utf-8")
    return folder


TICCY = """\
chapters:
  one:
    title: One
    period: "1997"
    start: a
    scenes:
      a:
        text: |
          Nobody moves. Nobody speaks, the way nobody ever does, like a stone.
        lines:
          - "In 2013, the old man says nobody was waiting for someone to ask."
          - yonggu: "The brick came. Bonk."
        choices:
          - label: Nobody answers
            goto: a
"""


def test_a_ticcy_chapter_fails_and_says_where(tmp_path: Path) -> None:
    folder = _pack(tmp_path, TICCY)
    lines, ok = report(folder=folder)
    assert not ok
    over = {line.split()[1] for line in lines if line.startswith("OVER")}
    assert {"nobody", "cut-in", "waiting", "comic"} <= over
    assert "       one.yaml:9" in lines  # the line of the word in the scene's text block
    assert "       one.yaml:11" in lines  # of the line of narration
    assert "       one.yaml:14" in lines  # and of the choice label


def test_counts_are_per_passage_and_case_blind(tmp_path: Path) -> None:
    folder = _pack(tmp_path, TICCY)
    found = passages(folder)
    counts = {c.name: c.count for c in tic_counts(found, len(words(found)))}
    assert counts["nobody"] == 5
    assert counts["cut-in to 2013"] == 1
    assert counts["comic sound"] == 1
    assert counts["idiot"] == 0


def test_a_clean_chapter_passes(tmp_path: Path) -> None:
    clean = TICCY.replace(
        """          Nobody moves. Nobody speaks, the way nobody ever does, like a stone.""",
        """          The lane is still. The old wall drips. A radio plays two streets off.""",
    )
    clean = clean.replace(
        '"In 2013, the old man says nobody was waiting for someone to ask."',
        '"The old man pulls his coat closer and counts the stalls."',
    )
    clean = clean.replace("The brick came. Bonk.", "The brick fell. She did not get up.")
    clean = clean.replace("label: Nobody answers", "label: Walk on to the corner")
    lines, ok = report(folder=_pack(tmp_path, clean))
    assert ok, lines
