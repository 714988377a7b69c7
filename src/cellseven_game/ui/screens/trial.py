"""The trial screen: the claim, the witness's statements, press and present, credibility.

Pushed by the scene screen while the runtime stands on a scene with `trial:`. Every action
goes through the runtime (so saves see it); when the story leaves the trial scene, this
screen shows the verdict (if the court has ruled) and then dismisses itself.

The court's rules (`trial_text.rules_lines`) open a fresh trial and are its `?` help. There is no
undo in court: what is said stays said (the scene screen will not step back into it either);
saving and loading work here as everywhere, and the trial resumes exactly where it was saved.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from cellseven_game.engine.core.model import Story
from cellseven_game.engine.core.trial_model import Move
from cellseven_game.engine.play import trial, trial_text
from cellseven_game.engine.play.replay import undo
from cellseven_game.engine.play.runtime import ChoiceError, Runtime
from cellseven_game.engine.play.trial_events import Event, parting_event
from cellseven_game.ui.screens.actions import PlayActions
from cellseven_game.ui.screens.confirm import ConfirmScreen
from cellseven_game.ui.screens.court_panels import CourtRules, CourtSays, EvidencePicker
from cellseven_game.ui.screens.verdict import VerdictScreen
from cellseven_game.ui.text import plain
from cellseven_game.ui.widgets.prose import line_content


def event_parts(story: Story, found: trial.Trial, event: Event, colors: bool) -> list[Content]:
    """What a move said, drawn: trial_text.event_said's parts (the transcript prints the same
    words as lines: trial_text.event_lines), the miss and its cost in red."""
    said = trial_text.event_said(story, found, event)
    parts: list[Content] = []
    if said.missed:
        parts.append(plain(said.missed, "bold red"))
    parts.extend(line_content(story, line, colors) for line in said.lines)
    if said.cost:
        parts.append(plain(said.cost, "red"))
    return parts


class TrialScreen(PlayActions, Screen[None]):
    DEFAULT_CSS = """
    TrialScreen { layout: vertical; }
    TrialScreen #trial-head { height: auto; padding: 0 1; background: $panel; }
    TrialScreen #trial-meter { height: 1; padding: 0 1; }
    TrialScreen #trial-said {
        height: 1fr; padding: 1 2; border: round $primary-darken-2;
    }
    TrialScreen #trial-statements { height: auto; max-height: 12; border: round $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "press", "Press"),
        Binding("e,enter", "present", "Present"),
        Binding("n", "rest", "Let it stand"),
        Binding("v", "record", "Record"),
        Binding("r", "roster", "Roster", show=False),
        Binding("h", "history", "History", show=False),
        Binding("s", "save", "Save"),
        Binding("l", "load", "Load", show=False),
        Binding("c", "chapters", "Chapters", show=False),
        Binding("u", "undo", "Undo", show=False),
        Binding("question_mark", "help", "Rules", key_display="?"),
        Binding("q,escape", "title", "Title"),
    ]

    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime
        self.scene_id = runtime.state.scene
        self.cursor = 0  # the statement stepped to; the screen's own, not the story's
        self.claim_index = -1  # the claim the cursor belongs to: a new claim starts at the top

    # -- drawing -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="trial-head")
        yield Static(id="trial-meter")
        with VerticalScroll(id="trial-said"):
            yield Static(id="trial-lines")
        yield OptionList(id="trial-statements")
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        machine = self.machine
        if machine is not None and machine.at_start(self.runtime):
            self.app.push_screen(CourtRules(machine.trial, self.runtime.shown_scene().text))

    @property
    def machine(self) -> trial.Machine | None:
        if self.runtime.state.scene != self.scene_id or self.runtime.finished:
            return None
        return trial.machine_for(self.runtime)

    def show(self) -> None:
        machine = self.machine
        if machine is None:
            return
        runtime, story = self.runtime, self.runtime.story
        claim = machine.claim(runtime)
        if claim is None:
            return
        claims = machine.trial.claims
        index = claims.index(claim)
        if index != self.claim_index:
            self.claim_index, self.cursor = index, 0
        head = Content.assemble(
            (machine.trial.title, "bold"),
            "\n",
            (f"Claim {index + 1} of {len(claims)}: ", "dim"),
            (claim.title, "bold"),
        )
        self.query_one("#trial-head", Static).update(head)
        left, size = machine.credibility(runtime), machine.trial.credibility
        meter = Content.assemble(
            ("Credibility ", "bold"),
            ("●" * left, "bold green" if left * 2 > size else "bold red"),
            ("○" * (size - left), "dim"),
            f"  {left}/{size}",
        )
        self.query_one("#trial-meter", Static).update(meter)
        colors = bool(getattr(self.app, "name_colors", True))
        event = trial.last_event(runtime)
        parts = event_parts(story, machine.trial, event, colors)
        if event.claim != claim or event.kind in ("none", "right", "rest"):
            parts.extend(line_content(story, line, colors) for line in machine.claim_lines(runtime))
        if not parts:
            parts.append(
                Content.styled("Step through the statements; press one or present.", "dim")
            )
        self.query_one("#trial-lines", Static).update(Content("\n\n").join(parts))
        statements = self.query_one("#trial-statements", OptionList)
        witness = story.characters.get(claim.witness or "")
        statements.border_title = plain(witness.name if witness else "The statements")
        pressed = machine.pressed(runtime)
        shown = machine.visible(runtime)

        def mark(s: trial.Statement) -> Content:
            if s.id in pressed:
                return Content.styled("  (pressed)", "dim")
            if trial_text.has_more(s, pressed):
                return Content.styled(f"  — {trial_text.MORE}", "italic $accent")
            return Content("")

        statements.set_options([Option(plain(f"“{s.text}”") + mark(s), id=s.id) for s in shown])
        self.cursor = min(self.cursor, len(shown) - 1) if shown else 0
        statements.highlighted = self.cursor if shown else None
        statements.focus()

    def statement_id(self) -> str | None:
        statements = self.query_one("#trial-statements", OptionList)
        index = statements.highlighted
        if index is None:
            return None
        return statements.get_option_at_index(index).id

    # -- acting --------------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "trial-statements":
            self.cursor = event.option_index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter on a statement presents against it (the `enter` binding)
        self.action_present()

    def _step(self, *moves: Move) -> None:
        machine = self.machine
        claim = machine.claim(self.runtime) if machine is not None else None
        if machine is not None and claim is not None and machine.objecting(self.runtime):
            # The court record is open (a save from `cellseven run`, an author's undo):
            # put it away first, so press, present and let it stand always work here.
            moves = (Move("back", claim.id), *moves)
        for move in moves:
            try:
                self.runtime.choose_id(str(move))
            except ChoiceError:
                self.app.bell()
                return
            if self.runtime.state.scene != self.scene_id:
                break
        self.game.autosave(self.runtime)  # Continue on the title resumes the trial here
        self.after()

    def action_press(self) -> None:
        machine, statement = self.machine, self.statement_id()
        if machine is None or statement is None:
            return
        claim = machine.claim(self.runtime)
        if claim is None or statement in machine.pressed(self.runtime):
            self.notify("The witness has said all there is about that.", timeout=2)
            return
        self._step(Move("press", claim.id, statement))

    def action_present(self) -> None:
        machine, statement_id = self.machine, self.statement_id()
        if machine is None or statement_id is None:
            return
        claim = machine.claim(self.runtime)
        shown = machine.visible(self.runtime)
        statement = next((s for s in shown if s.id == statement_id), None)
        if claim is None or statement is None:
            return
        if not self.runtime.state.evidence:
            self.notify("The court record is empty: there is nothing to present.", timeout=3)
            return

        def chosen(evidence: str | None) -> None:
            if evidence is not None:
                self._step(
                    Move("object", claim.id, statement_id), Move("present", claim.id, evidence)
                )

        self.app.push_screen(EvidencePicker(self.runtime, statement.text), chosen)

    def action_rest(self) -> None:
        machine = self.machine
        claim = machine.claim(self.runtime) if machine is not None else None
        if claim is None:
            return

        def answered(sure: bool | None) -> None:
            if sure:
                self._step(Move("rest", claim.id))

        question = (
            f"Let “{claim.title}” stand and move on? It cannot be argued again in this trial."
        )
        self.app.push_screen(
            ConfirmScreen("Let it stand?", question, "Let it stand", "Keep arguing"), answered
        )

    def action_undo(self) -> None:
        try:  # refused in court (the engine's rule), except for authors in `play --dev`
            undone = undo(self.runtime, court=bool(getattr(self.app, "dev", False)))
        except ChoiceError as exc:
            self.notify(exc.message, timeout=5)
            return
        if undone:
            self.after()

    def action_help(self) -> None:
        machine = self.machine
        if machine is not None:
            self.app.push_screen(CourtRules(machine.trial))

    def action_title(self) -> None:
        self.game.autosave(self.runtime)
        self.game.back_to_title()

    def after(self) -> None:
        """Redraw, or leave: to the verdict when the court has ruled, else back to the story."""
        if self.runtime.state.scene == self.scene_id and not self.runtime.finished:
            self.show()
            return
        story = self.runtime.story
        found = story.trials.get(story.scenes[self.scene_id].trial or "")
        colors = bool(getattr(self.app, "name_colors", True))
        event = parting_event(self.runtime)
        parts = event_parts(story, found, event, colors) if found is not None else []
        if parts and found is not None:  # said as the court is left: before the story goes on
            self.app.push_screen(CourtSays(parts, found), lambda _: self.leave())
        else:
            self.leave()

    def leave(self) -> None:
        """To the verdict when the court has ruled, else back to the story."""
        if trial_text.current(self.runtime.story, self.runtime.state) is not None:
            self.app.push_screen(VerdictScreen(self.runtime), self._ruled)
        else:
            self.dismiss(None)

    def _ruled(self, _: object = None) -> None:
        # Returns nothing: Textual awaits a callback's result, and awaiting this screen's own
        # dismissal from its message handler (where the callback may run) is an error.
        self.dismiss(None)
