"""Pilot tests of the trial screen, its court-record picker, and the verdict screen."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from guide_examples import trial_example  # tests/ is on sys.path (rootdir conftest)
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.play import trial
from cellseven_game.engine.play.runtime import Runtime
from cellseven_game.paths import bundled_story
from cellseven_game.ui.screens.court_panels import CourtRules, CourtSays, EvidencePicker
from cellseven_game.ui.screens.trial import TrialScreen
from cellseven_game.ui.screens.verdict import VerdictHelp, VerdictScreen

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


class Host(App[None]):
    """Stands in for the scene screen: pushes the trial screen, notes when it is dismissed."""

    name_colors = True

    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime
        self.closed = False
        self.autosaves = 0

    def autosave(self, runtime: Runtime) -> None:
        self.autosaves += 1

    def on_mount(self) -> None:
        self.push_screen(TrialScreen(self.runtime), self.trial_closed)

    def trial_closed(self, _: object = None) -> None:
        self.closed = True


def run(
    runtime: Runtime,
    body: Callable[[Host, Pilot[None]], Awaitable[None]],
    size: tuple[int, int] = (100, 32),
) -> Host:
    async def main() -> Host:
        app = Host(runtime)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            if isinstance(app.screen, CourtRules):  # a fresh trial opens on its rules
                await pilot.press("enter")
                await pilot.pause()
            await body(app, pilot)
        return app

    return asyncio.run(main())


def text(app: Host, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def page(app: Host) -> str:
    """Everything the verdict page shows, its claims' marks and titles included."""
    return "\n".join(str(w.content) for w in app.screen.query("#verdict-page Static"))


@pytest.fixture
def small(make_pack: Callable[[dict[str, str]], Path]) -> Story:
    return load_story(make_pack({"story.yaml": trial_example()}))


@pytest.fixture(scope="module")
def bundled() -> Story:
    return load_story(bundled_story())


def at_small_trial(story: Story) -> Runtime:
    runtime = Runtime(story)
    runtime.choose_id("ask_for_the_receipt")
    runtime.choose_id("go_to_the_hearing")
    return runtime


def at_verdict_trial(story: Story) -> Runtime:
    runtime = Runtime.at_chapter(story, "verdict")
    runtime.choose_id("stand_and_open_the_folder")
    return runtime


def test_the_claim_statements_and_meter_are_shown(small: Story) -> None:
    async def body(app: Host, pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, TrialScreen)
        assert "Claim 1 of 1: He rode the bicycle away on Tuesday" in text(app, "#trial-head")
        assert "●●●" in text(app, "#trial-meter") and "3/3" in text(app, "#trial-meter")
        statements = app.screen.query_one("#trial-statements", OptionList)
        assert statements.option_count == 1
        assert statements.border_title == "Mrs. Han"

    run(at_small_trial(small), body)


def test_press_shows_the_answer_and_unlocks_a_statement(small: Story) -> None:
    runtime = at_small_trial(small)

    async def body(app: Host, pilot: Pilot[None]) -> None:
        await pilot.press("p")
        assert "Well, I saw a bicycle" in text(app, "#trial-lines")
        statements = app.screen.query_one("#trial-statements", OptionList)
        assert statements.option_count == 2
        assert "(pressed)" in str(statements.get_option_at_index(0).prompt)
        await pilot.press("p")  # pressed already: nothing more happens
        assert runtime.state.steps[-1] == ("hearing_open", "press:rode_it.saw_him")

    run(runtime, body)


def test_the_picker_lists_the_record_and_escape_costs_nothing(small: Story) -> None:
    runtime = at_small_trial(small)

    async def body(app: Host, pilot: Pilot[None]) -> None:
        await pilot.press("e")
        assert isinstance(app.screen, EvidencePicker)
        picker = app.screen.query_one("#picker-list", OptionList)
        assert [picker.get_option_at_index(i).id for i in range(picker.option_count)] == ["receipt"]
        assert "repair shop" in text(app, "#picker-about")
        await pilot.press("escape")
        assert isinstance(app.screen, TrialScreen)
        assert "3/3" in text(app, "#trial-meter")

    run(runtime, body)
    assert runtime.state.steps[-1] == ("window", "go_to_the_hearing")


def test_a_wrong_presentation_lowers_the_meter(small: Story) -> None:
    runtime = at_small_trial(small)

    async def body(app: Host, pilot: Pilot[None]) -> None:
        await pilot.press("e", "enter")  # the receipt against "I saw him ride off"
        assert isinstance(app.screen, TrialScreen)
        assert "2/3" in text(app, "#trial-meter")
        assert "That does not answer the witness." in text(app, "#trial-lines")
        assert "A repair receipt does not answer" in text(app, "#trial-lines")
        await pilot.press("u")  # no undo in court: the presentation stands
        assert "2/3" in text(app, "#trial-meter")

    run(runtime, body)
    assert runtime.state.steps[-1] == ("hearing_open", "present:rode_it.receipt")


def test_the_right_presentation_leads_to_the_verdict_then_back(small: Story) -> None:
    runtime = at_small_trial(small)

    async def body(app: Host, pilot: Pilot[None]) -> None:
        await pilot.press("p", "down", "e", "enter")
        # The last claim falls: its `refuted.lines` are said before the ruling.
        assert isinstance(app.screen, CourtSays)
        assert "The bicycle was in the shop. Noted." in text(app, ".panel-text")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        shown = page(app)
        assert "Cleared" in shown
        assert "refuted" in shown and "A repair receipt" in shown
        assert not app.closed
        await pilot.press("enter")
        await pilot.pause()
        assert app.closed
        assert not isinstance(app.screen, TrialScreen | VerdictScreen)

    run(runtime, body)
    assert runtime.state.ending == "cleared"


def test_bundled_not_persuaded_says_where_to_look(bundled: Story) -> None:
    runtime = at_verdict_trial(bundled)

    async def body(app: Host, pilot: Pilot[None]) -> None:
        assert "Claim 1 of 5" in text(app, "#trial-head")
        for _ in range(5):
            await pilot.press("n", "y")  # let it stand, and confirm
        assert isinstance(app.screen, VerdictScreen)
        shown = page(app)
        assert "The court is not persuaded" in shown
        assert shown.count("✗ stood") == 5
        # At 60 columns a claim's title wraps: its lines stay in their own column, clear
        # of the marks (the title's widget starts after the mark's and is taller than one).
        marks = list(app.screen.query(".claim-mark"))
        titles = list(app.screen.query(".claim-title"))
        assert len(marks) == len(titles) == 5
        for mark, title in zip(marks, titles, strict=True):
            assert title.region.x == mark.region.right
            assert mark.region.y == title.region.y
        assert any(title.region.height > 1 for title in titles)
        assert "Where to look again" in shown
        assert "The Market" in shown or "`market`" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert app.closed

    run(runtime, body, size=(60, 20))
    assert trial.verdict_of(runtime.state) == "retrial/not_persuaded"
    assert runtime.state.scene == "verdict_unpersuaded"


def test_losing_on_credibility_says_the_last_wrong_answer_first(small: Story) -> None:
    runtime = at_small_trial(small)

    async def body(app: Host, pilot: Pilot[None]) -> None:
        for _ in range(2):
            await pilot.press("e", "enter")  # the receipt against "I saw him ride off"
            await pilot.pause()
        assert isinstance(app.screen, TrialScreen) and "1/3" in text(app, "#trial-meter")
        await pilot.press("e", "enter")  # credibility spent: the court rules at once
        await pilot.pause()
        assert isinstance(app.screen, CourtSays)
        said = text(app, ".panel-text")
        assert "That does not answer the witness." in said
        assert "A repair receipt does not answer" in said and "credibility -1" in said
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        assert "Not persuaded" in text(app, "#verdict-text")

    run(runtime, body)
    assert trial.verdict_of(runtime.state) == "bicycle/doubted"


def test_bundled_refutation_with_a_scene_dismisses_the_trial(bundled: Story) -> None:
    runtime = at_verdict_trial(bundled)
    runtime.choose_id("rest:motive")
    runtime.choose_id("rest:lured")

    async def body(app: Host, pilot: Pilot[None]) -> None:
        await pilot.press("down", "p")  # press "He had his hands on her"
        statements = app.screen.query_one("#trial-statements", OptionList)
        ids = [statements.get_option_at_index(i).id for i in range(statements.option_count)]
        assert ids == ["saw_face", "hands", "moving", "blood"]
        await pilot.press("down", "e")
        picker = app.screen.query_one("#picker-list", OptionList)
        records = [picker.get_option_at_index(i).id for i in range(picker.option_count)]
        for _ in range(records.index("cpr_explained")):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        # The claim's `refuted.lines` are said before its `refuted.scene`.
        assert isinstance(app.screen, CourtSays)
        assert "what she did not" in text(app, ".panel-text")
        assert not app.closed
        await pilot.press("enter")
        await pilot.pause()
        assert app.closed  # the story went on to the scene of the refutation

    run(runtime, body)
    assert runtime.state.scene == "verdict_hands"
    assert runtime.state.trial is not None and runtime.state.trial.refuted == ("assault",)


def test_each_claim_starts_at_its_first_statement(bundled: Story) -> None:
    runtime = at_verdict_trial(bundled)

    async def body(app: Host, pilot: Pilot[None]) -> None:
        statements = app.screen.query_one("#trial-statements", OptionList)
        await pilot.press("down", "down")
        assert statements.highlighted == 2
        await pilot.press("n", "y")
        await pilot.pause()
        assert "Claim 2 of 5" in text(app, "#trial-head")
        assert app.screen.query_one("#trial-statements", OptionList).highlighted == 0

    run(runtime, body)


def test_a_wrong_exhibit_says_why_it_does_not_answer(bundled: Story) -> None:
    runtime = at_verdict_trial(bundled)

    async def body(app: Host, pilot: Pilot[None]) -> None:
        await pilot.press("e", "down", "enter")  # the savings jar against the scene in a shop
        await pilot.pause()
        said = text(app, "#trial-lines")
        second = list(runtime.state.evidence)[1]
        assert second == "bag_saved_money"
        assert f"{bundled.evidence[second].name} does not answer" in said
        assert "at that counter" in said  # the statement's own reason

    run(runtime, body)


def test_an_open_court_record_never_traps_the_screen(small: Story) -> None:
    # The stuck trial: a state between "object" and "present" (a save from `cellseven run`,
    # an author's undo of one step) once made press, let it stand and present do nothing.
    runtime = at_small_trial(small)
    runtime.choose_id("object:rode_it.saw_him")

    async def body(app: Host, pilot: Pilot[None]) -> None:
        await pilot.press("p")  # press the highlighted statement
        await pilot.pause()
        assert runtime.state.steps[-2:] == [
            ("hearing_open", "back:rode_it"),
            ("hearing_open", "press:rode_it.saw_him"),
        ]
        await pilot.press("e", "enter")  # and presenting works as always
        await pilot.pause()
        assert runtime.state.steps[-1] == ("hearing_open", "present:rode_it.receipt")

    run(runtime, body)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (100, 32)])
def test_the_picker_fits_a_small_terminal(bundled: Story, size: tuple[int, int]) -> None:
    """The whole court record (14 items in the last claim's hearing) with the description of
    the one highlighted: the description stays inside the box, and the last item can be
    reached (at 60×20 both were cut off: the list was as tall as at 100×32)."""
    runtime = at_verdict_trial(bundled)
    against = "The day before, he made a scene in a shop and frightened the girl and her father."

    class Picking(App[None]):
        def on_mount(self) -> None:
            self.push_screen(EvidencePicker(runtime, against))

    async def main() -> None:
        app = Picking()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.screen
            box = screen.query_one("#picker").content_region
            for part in ("#picker-against", "#picker-list", "#picker-about"):
                region = screen.query_one(part).region
                assert box.contains_region(region), (part, region, box)
            assert str(screen.query_one("#picker-about", Static).content).strip()
            listed = screen.query_one("#picker-list", OptionList)
            assert listed.option_count == len(runtime.state.evidence) >= 12
            await pilot.press("end")  # the list, inside the box, scrolls to its last item
            await pilot.pause()
            assert listed.highlighted == listed.option_count - 1
            assert listed.scroll_y == listed.max_scroll_y

    asyncio.run(main())


def test_the_verdict_has_help_on_question_mark(small: Story) -> None:
    runtime = at_small_trial(small)

    async def body(app: Host, pilot: Pilot[None]) -> None:
        await pilot.press("n", "y")  # the only claim stands: the court rules
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, VerdictHelp)
        shown = str(app.screen.query_one(".panel-text", Static).render())
        assert "go on: the story continues from the court's ruling" in shown
        await pilot.press("escape")  # closes the help, not the verdict
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen) and not app.closed
        await pilot.press("escape")
        await pilot.pause()
        assert app.closed

    run(runtime, body)


def test_the_rules_on_question_mark_over_the_picker_and_the_parting_words(small: Story) -> None:
    runtime = at_small_trial(small)

    async def body(app: Host, pilot: Pilot[None]) -> None:
        await pilot.press("e")  # the court record opens over the statements
        await pilot.pause()
        assert isinstance(app.screen, EvidencePicker)
        for over in (EvidencePicker, CourtSays):
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, CourtRules)
            await pilot.press("escape")  # closes the rules only
            await pilot.pause()
            assert isinstance(app.screen, over)
            if over is EvidencePicker:  # present the receipt: wrong until pressed; twice more
                await pilot.press("enter", "e", "enter", "e", "enter")
                await pilot.pause()

    run(runtime, body)
    assert trial.verdict_of(runtime.state) == "bicycle/doubted"
