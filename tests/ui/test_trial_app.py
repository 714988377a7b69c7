"""The trial screen in the whole game: its rules, every overlay, saves, and no undo in court.

Played through CellsevenApp on the guide's trial pack (tests/guide_examples.py), as a player
would: new game, two choices, and the court opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from guide_examples import trial_example  # tests/ is on sys.path (rootdir conftest)
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from cellseven_game.engine.compile.loader import load_story
from cellseven_game.engine.core.model import Story
from cellseven_game.engine.persist import saves
from cellseven_game.engine.play import trial
from cellseven_game.paths import bundled_story
from cellseven_game.ui.app import CellsevenApp
from cellseven_game.ui.screens.chapters import ChaptersScreen
from cellseven_game.ui.screens.confirm import ConfirmScreen
from cellseven_game.ui.screens.court_panels import CourtRules, CourtSays
from cellseven_game.ui.screens.history import HistoryScreen
from cellseven_game.ui.screens.load import LoadScreen
from cellseven_game.ui.screens.record import RecordScreen
from cellseven_game.ui.screens.roster import RosterScreen
from cellseven_game.ui.screens.save import SaveScreen
from cellseven_game.ui.screens.scene import SceneScreen
from cellseven_game.ui.screens.title import TitleScreen
from cellseven_game.ui.screens.trial import TrialScreen
from cellseven_game.ui.screens.verdict import VerdictScreen

Play = Callable[..., None]


@pytest.fixture
def court(make_pack: Callable[[dict[str, str]], Path]) -> Story:
    return load_story(make_pack({"story.yaml": trial_example()}))


async def into_court(pilot: Pilot[int]) -> None:
    """From the title: a new game, the receipt, the hearing; the rules show first."""
    await pilot.press("n")
    await pilot.pause()
    await pilot.press("1", "2")  # ask for the receipt; go to the hearing
    await pilot.pause()
    assert isinstance(pilot.app.screen, CourtRules), pilot.app.screen
    rules = str(pilot.app.screen.query_one(".panel-text", Static).render())
    assert "no undo inside the trial" in rules
    assert "credibility drops by one point" in rules
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TrialScreen)


def trial_data(app: CellsevenApp) -> dict[str, object]:
    screen = app.scene_screen()
    assert screen is not None
    progress = screen.runtime.state.trial
    assert progress is not None
    return progress.data()


def lines(app: CellsevenApp) -> str:
    return str(app.screen.query_one("#trial-lines", Static).content)


def test_every_overlay_opens_over_the_trial_and_closes_back(court: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await into_court(pilot)
        for key, screen in (
            ("question_mark", CourtRules),
            ("r", RosterScreen),
            ("v", RecordScreen),
            ("h", HistoryScreen),
            ("s", SaveScreen),
            ("l", LoadScreen),
            ("c", ChaptersScreen),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen), (key, app.screen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, TrialScreen), (key, app.screen)
        await pilot.press("escape")  # Escape in the trial itself: back to the title
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)

    play(CellsevenApp(court), body)


def test_q_goes_to_the_title_and_continue_resumes_the_trial_exactly(
    court: Story, play: Play
) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await into_court(pilot)
        await pilot.press("p")  # press: unlocks the hidden statement
        await pilot.press("e", "enter")  # a wrong presentation (the receipt, against the first)
        await pilot.pause()
        before = dict(trial_data(app))
        assert before["credibility"] == 2 and before["pressed"] == ["saw_him"]
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("enter")  # Continue
        await pilot.pause()
        assert isinstance(app.screen, TrialScreen), app.screen  # no rules: not a fresh trial
        assert trial_data(app) == before
        assert "2/3" in str(app.screen.query_one("#trial-meter", Static).content)

    play(CellsevenApp(court), body)


def test_save_in_the_trial_and_load_it_back(court: Story, play: Play, quiet_env: Path) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await into_court(pilot)
        await pilot.press("e", "enter")  # wrong: credibility 3 -> 2
        await pilot.pause()
        saved = dict(trial_data(app))
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one(Input).value = "mid trial"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TrialScreen)
        assert (saves.saves_dir(court) / "mid-trial.json").is_file()
        await pilot.press("p", "e", "enter")  # press, then wrong again: 2 -> 1
        await pilot.pause()
        assert trial_data(app)["credibility"] == 1
        await pilot.press("l")
        await pilot.pause()
        listing = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        app.screen.query_one(OptionList).highlighted = next(
            i for i, s in enumerate(listing) if s.startswith("mid trial")
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TrialScreen), app.screen
        assert trial_data(app) == saved
        assert "2/3" in str(app.screen.query_one("#trial-meter", Static).content)

    play(CellsevenApp(court), body)


def test_no_undo_in_court_nor_from_the_ruling_back_into_it(court: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await into_court(pilot)
        await pilot.press("e", "enter")  # wrong
        await pilot.pause()
        steps = list(trial_data(app).items())
        await pilot.press("u")
        await pilot.pause()
        assert list(trial_data(app).items()) == steps  # nothing taken back
        await pilot.press("p", "down", "e", "enter")  # the right one: the court rules
        await pilot.pause()
        assert isinstance(app.screen, CourtSays)  # the claim's refuted lines first
        await pilot.press("u")  # nor here, between the last answer and the ruling
        await pilot.pause()
        assert isinstance(app.screen, CourtSays)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("enter")
        await pilot.pause()
        scene = app.screen
        assert isinstance(scene, SceneScreen)
        ended = scene.runtime.state.ending
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, SceneScreen)
        assert scene.runtime.state.ending == ended
        assert scene.runtime.state.steps[-1][0] == "hearing_open"

    play(CellsevenApp(court), body)


def test_letting_a_claim_stand_asks_first(court: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await into_court(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep arguing
        await pilot.pause()
        assert isinstance(app.screen, TrialScreen)
        assert trial_data(app)["claim"] == 0
        await pilot.press("n", "y")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)  # the only claim stood: the court rules

    play(CellsevenApp(court), body)


def test_a_hidden_statement_is_signposted_until_pressed(court: Story, play: Play) -> None:
    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await into_court(pilot)
        statements = app.screen.query_one("#trial-statements", OptionList)
        assert "there is more to this" in str(statements.get_option_at_index(0).prompt)
        await pilot.press("p")
        await pilot.pause()
        first = str(statements.get_option_at_index(0).prompt)
        assert "there is more to this" not in first and "(pressed)" in first
        assert statements.option_count == 2

    play(CellsevenApp(court), body)


def test_losing_on_credibility_goes_on_past_the_verdict(court: Story, play: Play) -> None:
    """The losing path to its end: each wrong answer, the last one said as the court rules,
    the verdict, and on to the story's ending."""

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await into_court(pilot)
        for _ in range(3):  # the receipt against "I saw him ride off": it does not answer
            await pilot.press("e", "enter")
            await pilot.pause()
        assert isinstance(app.screen, CourtSays)
        said = str(app.screen.query_one(".panel-text", Static).render())
        assert "The court's patience wears: credibility -1." in said
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("enter")
        await pilot.pause()
        scene = app.screen
        assert isinstance(scene, SceneScreen)
        assert scene.runtime.state.ending == "doubted"

    play(CellsevenApp(court), body)


def test_the_bundled_trial_lost_on_credibility_goes_on_past_the_verdict(play: Play) -> None:
    """Played as in a terminal (`play --chapter verdict`): five wrong answers, the last said as
    the court rules, the verdict, then Enter. That Enter crashed the game (the trial screen's
    dismissal was awaited from its own message handler)."""
    story = load_story(bundled_story())

    async def body(pilot: Pilot[int], app: CellsevenApp) -> None:
        await pilot.press("enter")  # the content note
        await pilot.pause()
        await pilot.press("2", "2")  # the typewriter, then "Stand, and open the folder"
        await pilot.pause()
        assert isinstance(app.screen, CourtRules)
        await pilot.press("escape")
        await pilot.pause()
        for _ in range(5):  # the ice on the pavement against the shop: it does not answer
            await pilot.press("enter", "down", "down", "down", "enter")
            await pilot.pause()
        assert isinstance(app.screen, CourtSays)
        said = str(app.screen.query_one(".panel-text", Static).render())
        assert "Ice on the market pavement does not answer" in said
        assert "The court's patience wears: credibility -1." in said
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        scene = app.screen
        assert isinstance(scene, SceneScreen)
        assert trial.verdict_of(scene.runtime.state) == "retrial/heard_enough"

    play(CellsevenApp(story, chapter="verdict"), body)
