"""`cellseven run` played by a person: the whole game as plain lines, for screen readers.

The transcript (cli/transcript.py) says what happens; this module is the player's side of it:
a prompt that never ends the game on a typo, and typed commands for everything the
terminal game offers — save, load, undo, the court record, the roster, the history, help.
Saves are the terminal game's own (engine.saves), so a game saved here continues there.
No Textual: this must work in any terminal, a pipe, or a screen reader's console.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from cellseven_game.cli.transcript import Transcript, read_aloud
from cellseven_game.engine.core.failures import SaveError
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.core.printable import printable
from cellseven_game.engine.persist import saves
from cellseven_game.engine.play import trial_text
from cellseven_game.engine.play.history import read_so_far
from cellseven_game.engine.play.replay import UndoRefused, undo
from cellseven_game.engine.play.runtime import ChoiceError, Option, Runtime

HELP = """\
Type the number of a choice and press Enter. Enter alone takes the only choice there is.
Commands:
  where          where you are, and the choices again
  record         the court record: evidence and testimony found so far
  roster         the people you have met, and what you know of them
  history        what you have read, newest last (history 50 for more lines)
  save NAME      save the game under a name (the same saves as the terminal game)
  load           list the saves; load NAME loads one
  undo           take back the last step (not in court: what is said there stands)
  help           this list
  quit           stop; the game is saved automatically, so you can continue later"""

HISTORY_LINES = 20  # what `history` reads back by default: about a screen's worth


class PlainSession:
    """One interactive game of `cellseven run`, driven by lines of input."""

    def __init__(
        self,
        story: Story,
        runtime: Runtime,
        out: TextIO,
        read_line: Callable[[], str],
        prompt: bool = True,
    ) -> None:
        self.story = story
        self.runtime = runtime
        self.out = out
        self.read_line = read_line  # "" at end of input, like TextIO.readline
        self.prompt = prompt  # "choose> " only for a person at a terminal, not a script
        self.transcript = Transcript(story, out)

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    # -- the loop ------------------------------------------------------------------------

    def play(self) -> int:
        note = self.story.content_note.strip()
        if note:
            self.say("Before you begin: " + " ".join(printable(note).split()))
            self.say()
        self.say("Type help at any prompt for the commands.")
        self.transcript.scene(self.runtime)
        while not self.runtime.finished:
            options = self.runtime.options()
            if not options:
                break
            if self.prompt:
                self.out.write("choose> ")
                self.out.flush()
            line = self.read_line()
            if not line:  # end of input: stop where we are (the autosave keeps it)
                if self.prompt:
                    self.say()
                break
            if not self.handle(line.strip(), options):
                break
        self.autosave()
        return self.transcript.finish(self.runtime)

    def handle(self, line: str, options: list[Option]) -> bool:
        """Act on one line of input; False to stop the game."""
        enabled = [o for o in options if o.enabled]
        word, _, argument = line.partition(" ")
        command = word.lower()
        if line == "":
            if len(enabled) == 1:
                return self.choose(enabled[0])
            self.say(self.what_is_valid(enabled))
        elif line.isdecimal() and len(line) <= 4:
            chosen = next((o for o in options if o.number == int(line)), None)
            if chosen is None or not chosen.enabled:
                why = "is closed" if chosen is not None else "is not one of the choices"
                self.say(f"{int(line)} {why}. {self.what_is_valid(enabled)}")
            else:
                return self.choose(chosen)
        elif command in ("q", "quit", "exit", "stop"):
            return False
        elif command in ("h", "help", "?", "commands"):
            self.say(HELP)
        elif command in ("where", "look", "again"):
            self.where()
        elif command in ("record", "evidence", "e"):
            self.record()
        elif command in ("roster", "people", "r"):
            self.roster()
        elif command == "history":
            self.history(argument)
        elif command == "save":
            self.save(argument.strip())
        elif command == "load":
            self.load(argument.strip())
        elif command in ("undo", "u", "back"):
            self.undo()
        else:
            shown = printable(line[:40])
            self.say(f"“{shown}” is not a choice or a command. {self.what_is_valid(enabled)}")
        return True

    @staticmethod
    def what_is_valid(enabled: list[Option]) -> str:
        numbers = [str(o.number) for o in enabled]
        if len(numbers) == 1:
            return f"Type {numbers[0]} or press Enter to go on, or help for the commands."
        listed = ", ".join(numbers[:-1]) + f" or {numbers[-1]}" if numbers else "nothing"
        return f"Type {listed}, or help for the commands."

    def choose(self, option: Option) -> bool:
        try:
            self.runtime.choose(option.number)
        except ChoiceError as exc:
            self.say(f"That did not work: {printable(exc.message)}")
            return True
        self.transcript.chose(option)
        self.transcript.scene(self.runtime)
        self.autosave()
        return True

    # -- commands ------------------------------------------------------------------------

    def where(self) -> None:
        runtime = self.runtime
        scene = runtime.scene
        chapter = self.story.chapters[scene.chapter]
        place = scene.place or chapter.place
        number = self.story.chapter_order.index(chapter.id) + 1
        where = f"Chapter {number}, {printable(chapter.title)} ({printable(chapter.period)})"
        self.say(where + (f"; {printable(place)}." if place else "."))
        if scene.trial is not None:
            for said in trial_text.status_lines(runtime):
                self.say(printable(said))
        self.transcript.options(runtime)

    def record(self) -> None:
        state = self.runtime.state
        for kind, heading in (("item", "Evidence"), ("testimony", "Testimony")):
            found = [self.story.evidence[e] for e in state.evidence if e in self.story.evidence]
            entries = [e for e in found if e.kind == kind]
            self.say(f"{heading}: {len(entries) or 'none yet'}.")
            for n, entry in enumerate(entries, 1):
                text = f"{n}. {printable(entry.name)}."
                if entry.description:
                    text += " " + " ".join(read_aloud(entry.description))
                self.say(text)

    def roster(self) -> None:
        state, shown = self.runtime.state, 0
        for character_id in state.met:
            character = self.story.characters.get(character_id)
            if character is None or not character.roster:
                continue
            shown += 1
            text = printable(character.name)
            if character.role:
                text += f", {printable(character.role)}"
            self.say(text + ".")
            if character.bio:
                self.say("  " + " ".join(read_aloud(character.bio)))
            for fact_id, fact in character.facts:
                if f"{character.id}.{fact_id}" in state.facts:
                    self.say("  " + " ".join(read_aloud(fact)))
        if not shown:
            self.say("You have not met anyone yet.")

    def history(self, argument: str) -> None:
        count = int(argument) if argument.strip().isdecimal() and len(argument) <= 6 else 0
        lines = history_lines(self.story, self.runtime)
        for line in lines[-(count or HISTORY_LINES) :]:
            self.say(line)

    def save(self, name: str) -> None:
        if not name:
            self.say("Give the save a name: save NAME, for example save before the trial.")
            return
        try:
            info = saves.save(self.runtime, name, new=True)  # never over another save
        except SaveError as exc:
            self.say(f"Not saved: {printable(exc.message)}")
            return
        self.say(f"Saved as {printable(info.slot)}.")

    def load(self, name: str) -> None:
        found, notes = saves.list_saves(self.story)
        for note in notes:
            self.say(printable(note))
        if not name:
            if not found:
                self.say("There are no saves yet.")
            for info in found:
                chapter = self.story.chapters.get(info.chapter)
                where = printable(chapter.title if chapter else info.chapter)
                self.say(f"  {printable(info.label)}: {where}, {info.when}")
            if found:
                self.say("Type load and a name to load it.")
            return
        wanted = next((i for i in found if i.label == name), None) or next(
            (i for i in found if i.label.casefold() == name.casefold()), None
        )
        if wanted is None:
            self.say(f"There is no save called {printable(name)}; type load to list them.")
            return
        try:
            outcome = saves.resume(self.story, wanted)
        except SaveError as exc:
            self.say(f"Not loaded: {printable(exc.message)}")
            return
        self.runtime = outcome.runtime
        self.say(f"Loaded {printable(wanted.label)}.")
        if outcome.note:
            self.say(printable(outcome.note))
        self.transcript = Transcript(self.story, self.out)
        self.transcript.scene(self.runtime)

    def undo(self) -> None:
        try:
            undone = undo(self.runtime)
        except UndoRefused:
            self.say("In court there is no undo: what has been said stands.")
            return
        except ChoiceError as exc:
            self.say(printable(exc.message))
            return
        if undone == 0:
            self.say("Nothing to undo: this is where you began.")
            return
        self.say("Undone.")
        self.transcript = Transcript(self.story, self.out)
        self.transcript.scene(self.runtime)

    def autosave(self) -> None:
        try:
            saves.save(self.runtime)
        except SaveError as exc:
            self.say(f"Autosave failed: {printable(exc.message)}")


def history_lines(story: Story, runtime: Runtime) -> list[str]:
    """Everything read so far, as it was read, a paragraph a line, with each choice taken."""
    lines: list[str] = []
    for past in read_so_far(runtime):
        if past.chapter is not None:
            lines.append(f"== {printable(past.chapter.title)} ==")
        elif past.scene is not None:
            lines.extend(read_aloud(past.scene.text))
            for said in past.scene.lines:
                text = " ".join(read_aloud(said.text))
                speaker = story.characters.get(said.speaker or "")
                lines.append(f"{printable(speaker.name)}: {text}" if speaker else text)
        else:
            lines.append(f"> {printable(past.label)}")
    return lines
