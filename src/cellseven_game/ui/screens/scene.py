"""The scene screen: header, prose and dialogue, numbered choices. Updated in place.

Trials: when the scene holds a trial and `cellseven_game.ui.screens.trial` exists, this
screen pushes `TrialScreen(runtime)` from it; when that screen is dismissed, the scene
screen shows wherever the runtime has got to. Without that module, the trial's options
(which `runtime.options()` already delegates to) are shown here like any others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from cellseven_game.engine.play.chapters import scene_is_memory, scene_period
from cellseven_game.engine.play.replay import undo
from cellseven_game.engine.play.runtime import ChoiceError, Runtime
from cellseven_game.engine.tools.devreload import jump
from cellseven_game.ui.screens.actions import PlayActions
from cellseven_game.ui.screens.jump import JumpScreen
from cellseven_game.ui.text import plain
from cellseven_game.ui.widgets.header import SceneHeader, header_content
from cellseven_game.ui.widgets.prose import Prose, scene_content

if TYPE_CHECKING:
    pass

# Skip and auto-advance pacing: a skipped page flashes by; an auto-advanced one waits for
# the typewriter, a breath, and reading at about 240 words a minute.
SKIP_PAUSE = 0.05
READ_PAUSE = 1.5
WORDS_PER_SECOND = 4.0

CONTINUE_STORY = "ui:continue"
TO_CHAPTERS = "ui:chapters"
TO_TITLE = "ui:title"


def _trial_screen_type() -> Callable[[Runtime], Screen[Any]] | None:
    """The trial screen class, when that module has been written (issue 4)."""
    try:
        module = importlib.import_module("cellseven_game.ui.screens.trial")
    except ImportError:
        return None
    screen: Callable[[Runtime], Screen[Any]] | None = getattr(module, "TrialScreen", None)
    return screen


class SceneScreen(PlayActions, Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose(1)", "Choose", key_display="1-9"),
        *(Binding(str(n), f"choose({n})", show=False) for n in range(2, 10)),
        Binding("r", "roster", "Roster"),
        Binding("e", "record", "Record"),
        Binding("h", "history", "History"),
        Binding("u", "undo", "Undo"),
        Binding("s", "save", "Save"),
        Binding("l", "load", "Load"),
        Binding("c", "chapters", "Chapters"),
        Binding("o", "settings", "Settings", show=False),
        Binding("g", "jump", "Jump"),  # play --dev only (see check_action)
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "title", "Title"),
        Binding("pagedown,space", "page(1)", "Scroll down", show=False),
        Binding("pageup", "page(-1)", "Scroll up", show=False),
    ]

    def __init__(self, runtime: Runtime) -> None:
        super().__init__()
        self.runtime = runtime
        self._trial_open = False
        self._trial_key: tuple[str, int] | None = None
        self._advance_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield SceneHeader(id="scene-header")
        with VerticalScroll(id="page"):
            yield Prose(id="prose")
        yield OptionList(id="choices")
        yield Footer()

    def on_mount(self) -> None:
        self.show()

    def set_runtime(self, runtime: Runtime) -> None:
        self.runtime = runtime
        # A trial screen above this one was closed to get here (a load, a chapter): a trial
        # in the new runtime opens its own.
        self._trial_open, self._trial_key = False, None
        if self.is_mounted:  # not yet composed: on_mount draws the runtime set here
            self.show()

    def reload(self, runtime: Runtime) -> None:
        """The same place on an edited story (play --dev): redraw without the typewriter."""
        self.runtime = runtime
        self._trial_open, self._trial_key = False, None  # its screen was closed for the reload
        self.show(typewriter=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "jump":
            return self.game.dev  # hidden from the footer outside dev mode
        return True

    # -- drawing -------------------------------------------------------------------------

    def show(self, typewriter: bool = True) -> None:
        """Draw the runtime's current scene, updating the widgets in place."""
        runtime, story = self.runtime, self.runtime.story
        scene = runtime.scene
        memory = scene_is_memory(story, scene)
        self.set_class(memory, "-memory")
        self.set_class(not memory, "-frame")
        header = self.query_one(SceneHeader)
        header.show(story, scene)
        if self.game.dev:  # where the author is: the scene id and where it is written
            where = f"{scene.where.path}:{scene.where.line}" if scene.where.line else ""
            header.update(
                Content.assemble(
                    header_content(story, scene), "\n", plain(f"{scene.id}  {where}", "dim")
                )
            )
        page = self.query_one("#page", VerticalScroll)
        period = scene_period(story, scene)
        page.border_title = plain(f"memory · {period}" if memory else period)
        status = runtime.state.status
        colors = self.game.name_colors
        if status == "playing":
            content = scene_content(story, runtime.shown_scene(), colors)
            options = [
                Option(  # Content, not markup: a label is the author's text
                    plain(f"{o.number}. {o.label}" + ("" if o.enabled else "  (closed)")),
                    id=str(o.number),
                    disabled=not o.enabled,
                )
                for o in runtime.options()
            ]
        else:
            content, options = self._ending(colors)
        self.query_one(Prose).show(content, self.game.text_speed() if typewriter else 0)
        choices = self.query_one("#choices", OptionList)
        choices.set_options(options)
        choices.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)
        choices.focus()
        page.scroll_home(animate=False)
        self.game.reached(scene.chapter)
        self.call_after_refresh(self.game.autosave, runtime)
        self._maybe_trial()
        self._plan_advance(content)

    # -- skip and auto-advance (settings; see engine/saves.Settings) ----------------------

    def _lone_continue(self) -> bool:
        """Nothing to decide here: the scene offers only "Continue" to its `next`."""
        runtime = self.runtime
        if runtime.state.status != "playing" or runtime.scene.trial is not None:
            return False
        options = runtime.options()
        return len(options) == 1 and options[0].choice is None and options[0].enabled

    def _plan_advance(self, content: Content) -> None:
        """Skip a lone Continue over text already read, or go on after a reading pause.
        Both stop at the first unread text (skip) and at every real choice (both)."""
        self._cancel_advance()
        profile = self.game.profile
        if profile is None or self.game.dev:
            return
        scene_id = self.runtime.state.scene
        already_read = scene_id in profile.read
        if profile.mark_read(scene_id):
            self.game.save_profile_soon()
        if not self._lone_continue():
            return
        settings = profile.settings
        key = (scene_id, len(self.runtime.state.steps))
        if settings.skip_read and already_read:
            self._advance_timer = self.set_timer(SKIP_PAUSE, lambda: self._advance(key))
        elif settings.auto_advance:
            words = len(content.plain.split())
            typing = len(content.plain) / speed if (speed := self.game.text_speed()) else 0.0
            delay = typing + READ_PAUSE + words / WORDS_PER_SECOND
            self._advance_timer = self.set_timer(delay, lambda: self._advance(key))

    def _advance(self, key: tuple[str, int]) -> None:
        self._advance_timer = None
        state = self.runtime.state
        # Only from where it was planned, and only while this screen is the one on top.
        here = (state.scene, len(state.steps)) == key and self.app.screen is self
        if here and self._lone_continue():
            self._pick("1")

    def _cancel_advance(self) -> None:
        timer, self._advance_timer = self._advance_timer, None
        if timer is not None:
            timer.stop()

    def on_screen_suspend(self) -> None:
        self._cancel_advance()  # an overlay opened: the player is reading something else

    def _ending(self, colors: bool) -> tuple[Content, list[Option]]:
        """What the player sees when the story, or a replayed chapter, has ended."""
        runtime, story = self.runtime, self.runtime.story
        status = runtime.state.status
        text = scene_content(story, runtime.shown_scene(), colors)
        if status == "chapter_end":
            chapter = story.chapters[runtime.scene.chapter]
            note = plain(f"End of the chapter “{chapter.title}”.", "bold")
            items = [(CONTINUE_STORY, "Continue the story")] if self._next_chapter() else []
            items.append((TO_CHAPTERS, "Back to the chapters"))
        elif status == "ended":
            note = Content.styled("The end.", "bold")
            items = [(TO_TITLE, "Back to the title"), (TO_CHAPTERS, "Chapters")]
        else:
            note = Content.styled("The story stops here: this scene leads nowhere yet.", "bold")
            items = [(TO_TITLE, "Back to the title")]
        options = [Option(f"{n}. {label}", id=key) for n, (key, label) in enumerate(items, 1)]
        if status == "chapter_end":
            # The replay stopped at the edge: the scene shown is the one just left.
            return note, options
        return Content("\n\n").join([text, note]), options

    def _next_chapter(self) -> str | None:
        """Where the story goes after a replayed chapter's edge."""
        runtime, story = self.runtime, self.runtime.story
        if runtime.state.steps:
            scene_id, choice_id = runtime.state.steps[-1]
            scene = story.scenes[scene_id]
            target = scene.next
            for choice in scene.choices:
                if choice.id == choice_id:
                    target = choice.goto
            if target is not None and target in story.scenes:
                return story.scenes[target].chapter
        order = story.chapter_order
        current = runtime.scene.chapter
        if current in order and order.index(current) + 1 < len(order):
            return order[order.index(current) + 1]
        return None

    def _maybe_trial(self) -> None:
        runtime = self.runtime
        if runtime.finished or runtime.scene.trial is None or self._trial_open:
            return
        # Once per arrival: a trial screen closed without moving on leaves its options here.
        key = (runtime.state.scene, len(runtime.state.steps))
        screen_type = _trial_screen_type()
        if screen_type is None or key == self._trial_key:
            return
        self._trial_key = key
        self._trial_open = True
        self.app.push_screen(screen_type(runtime), self._trial_closed)

    def _trial_closed(self, _: object = None) -> None:
        self._trial_open = False
        self.show()

    # -- input ---------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        self._cancel_advance()  # the player has taken over this scene
        # Any key finishes the typewriter first, and does nothing else.
        if self.query_one(Prose).complete():
            event.stop()
            event.prevent_default()

    def on_click(self) -> None:
        self._cancel_advance()
        self.query_one(Prose).complete()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.query_one(Prose).complete():
            return
        self._pick(event.option.id or "")

    def action_choose(self, number: int) -> None:
        options = self.query_one("#choices", OptionList).options
        if not 1 <= number <= len(options):
            self.app.bell()
            return
        option = options[number - 1]
        if option.disabled:
            self.notify("That choice is not open to you now.", timeout=2)
            return
        self._pick(option.id or "")

    def _pick(self, option_id: str) -> None:
        if option_id == CONTINUE_STORY:
            chapter = self._next_chapter()
            if chapter is not None:
                seed = self.runtime.state.seed  # the same game goes on: its shuffles too
                self.set_runtime(Runtime.at_chapter(self.runtime.story, chapter, seed))
        elif option_id == TO_CHAPTERS:
            self.game.show_chapters()
        elif option_id == TO_TITLE:
            self.game.back_to_title()
        elif option_id.isdigit():
            try:
                self.runtime.choose(int(option_id))
            except ChoiceError as exc:
                self.notify(exc.message, severity="warning")
                return
            except Exception as exc:  # a story error at run time: never a crash
                self.game.story_failed(exc)
                return
            self.show()

    def action_page(self, direction: int) -> None:
        page = self.query_one("#page", VerticalScroll)
        if direction > 0:
            page.scroll_page_down()
        else:
            page.scroll_page_up()

    def action_undo(self) -> None:
        try:
            # Replays from the state's origin (a jump, a chapter start after a changed story,
            # or the start). No undo back into the court, except for authors (`play --dev`).
            undone = undo(self.runtime, court=self.game.dev)
        except ChoiceError as exc:
            self.notify(exc.message, timeout=5)
            return
        if undone == 0:
            self.notify("Nothing to undo: this is where you began.", timeout=2)
            return
        self.show(typewriter=False)

    def action_jump(self) -> None:
        self.app.push_screen(JumpScreen(self.runtime.story, self.runtime.state.scene), self._jump)

    def _jump(self, scene_id: str | None) -> None:
        if scene_id is not None and scene_id in self.runtime.story.scenes:
            self.set_runtime(jump(self.runtime.story, scene_id))

    def action_help(self) -> None:
        self.game.show_help()

    def action_settings(self) -> None:
        self.game.show_settings()

    def action_title(self) -> None:
        self.game.back_to_title()
