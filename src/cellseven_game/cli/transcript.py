"""The plain-text transcript of `cellseven run`: screen-reader friendly, one idea a line."""

from __future__ import annotations

import re
from typing import TextIO

from cellseven_game.engine.core.model import Story
from cellseven_game.engine.core.printable import printable
from cellseven_game.engine.play import trial, trial_text
from cellseven_game.engine.play.runtime import Option, Runtime

# Emphasis may run across a line break inside a paragraph (a YAML block wraps where it likes),
# never across a blank line: `**Jang\nMin-hwan**` is one name, read without its marks.
_EMPHASIS = re.compile(
    r"(\*\*|\*|(?<!\w)__|(?<!\w)_)(?=\S)((?:(?!\n[ \t]*\n).)+?)(?<=\S)\1(?!\w)", re.DOTALL
)
_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)


def plain_text(markdown: str) -> str:
    """Prose without Markdown's emphasis marks, which a screen reader would spell out."""
    return _EMPHASIS.sub(r"\2", _HEADING.sub("", markdown))


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[str]:
    """Prose as whole paragraphs: a YAML block's line breaks inside a paragraph are only
    where the author's editor wrapped, so a sentence must never be split there."""
    return [" ".join(block.split()) for block in _PARAGRAPH_BREAK.split(text) if block.strip()]


def read_aloud(text: str) -> list[str]:
    """A text as it is read out: whole paragraphs, no Markdown marks, nothing that acts."""
    return [printable(p) for p in paragraphs(plain_text(text))]


class Transcript:
    def __init__(self, story: Story, out: TextIO, show_ids: bool = False) -> None:
        self.story = story
        self.out = out
        self.show_ids = show_ids  # `run --ids`: what a playthrough or --choices names it by
        self.chapter: str | None = None
        self.last_scene: str | None = None  # a trial scene prints its prose once, then its state
        self.statements: dict[str, int] = {}  # the trial statements last read, by text

    def write(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def scene(self, runtime: Runtime) -> None:
        state = runtime.state
        parting = trial_text.parting_lines(runtime)  # a move that left the court: said first
        if parting:
            self.write()
        for said in parting:
            self.write(printable(said))
        if state.status == "chapter_end":
            return
        scene = runtime.shown_scene()
        previous, self.last_scene = self.last_scene, state.scene
        if previous is not None and self.story.scenes[previous].trial is not None:
            for said in (
                trial_text.verdict_lines(self.story, state) if previous != state.scene else ()
            ):
                self.write(printable(said))
        if scene.trial is not None and previous == state.scene:
            self.write()
            for said in trial_text.status_lines(runtime):
                self.write(printable(said))
            self.options(runtime)
            return
        if scene.chapter != self.chapter:
            self.chapter = scene.chapter
            chapter = self.story.chapters[scene.chapter]
            number = self.story.chapter_order.index(chapter.id) + 1
            title, period = printable(chapter.title), printable(chapter.period)
            self.write(f"== Chapter {number}: {title} ({period}) ==")
        place = scene.place or self.story.chapters[scene.chapter].place
        self.write()
        if place:
            self.write(f"[{printable(place)}]")
        for paragraph in read_aloud(scene.text):  # a paragraph a line
            self.write(paragraph)
        for line in scene.lines:
            said = " ".join(read_aloud(line.text))
            if line.speaker is None:
                self.write(said)
            else:
                self.write(f"{printable(self.story.characters[line.speaker].name)}: {said}")
        if scene.trial is not None:
            machine = trial.machine_for(runtime)
            if machine is not None and machine.at_start(runtime):
                self.write("Rules of the court:")  # as the trial screen opens on them
                for rule in trial_text.rules_lines(machine.trial):
                    self.write(f"  - {rule}")
            for said in trial_text.status_lines(runtime):
                self.write(printable(said))
        self.options(runtime)

    def options(self, runtime: Runtime) -> None:
        # In court the statements were just read, numbered: a choice names one by its number
        # instead of reading it out again (a screen reader would say each one three times).
        self.statements = trial_text.statement_numbers(runtime)
        for option in runtime.options():
            suffix = "" if option.enabled else " (closed)"
            if self.show_ids:
                ident = option.choice.id if option.choice is not None else "continue"
                suffix += f"  [{printable(ident)}]"
            self.write(f"  {option.number}. {self.label(option)}{suffix}")

    def label(self, option: Option) -> str:
        label = option.label
        for text, number in self.statements.items():
            label = label.replace(f"“{text}”", f"statement {number}")
        return printable(label)

    def chose(self, option: Option) -> None:
        self.write(f"> {option.number}. {self.label(option)}")

    def finish(self, runtime: Runtime) -> int:
        state = runtime.state
        self.write()
        verdict = trial.verdict_of(state)
        if verdict is not None:
            self.write(f"verdict: {printable(verdict)}")
        if state.status == "ended":
            self.write(f"ending: {printable(state.ending)}")
        elif state.status == "chapter_end":
            self.write(f"chapter end: {printable(state.ending)}")
        elif state.status == "stuck":
            self.write(f"dead end: {printable(state.scene)}")
            return 1
        else:
            self.write(f"stopped: {printable(state.scene)}")
        return 0
