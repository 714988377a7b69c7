"""Settings: text speed, theme, high contrast, skip read text and auto-advance; saved in the
profile at once. Open from the title or, in a game, with `o`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Label, Select, Static, Switch

from cellseven_game.engine.persist.profiles import TEXT_SPEEDS
from cellseven_game.ui.screens.overlay import Panel

SWITCHES = {"skip-read": "skip_read", "auto-advance": "auto_advance"}


def theme_label(name: str) -> str:
    """A theme's name as a person reads it: "textual-dark" is "Textual dark"."""
    return name.replace("-", " ").replace("_", " ").capitalize()


class SettingsScreen(Panel):
    def compose(self) -> ComposeResult:
        profile = self.game.profile
        assert profile is not None
        settings = profile.settings
        themes = sorted(self.app.available_themes)
        with Vertical(classes="panel", id="settings-panel") as panel:
            panel.border_title = "Settings"
            with Horizontal(classes="setting"):
                yield Label("Text speed", classes="setting-label")
                yield Select(
                    [(name, name) for name in TEXT_SPEEDS],
                    value=settings.text_speed,
                    allow_blank=False,
                    id="text-speed",
                )
            with Horizontal(classes="setting"):
                yield Label("Theme", classes="setting-label")
                yield Select(
                    [(theme_label(name), name) for name in themes],
                    value=self.app.theme if self.app.theme in themes else themes[0],
                    allow_blank=False,
                    id="theme",
                )
            with Horizontal(classes="setting"):
                yield Label("High contrast", classes="setting-label")
                yield Switch(value=settings.high_contrast, id="high-contrast")
            with Horizontal(classes="setting"):
                yield Label("Skip read text", classes="setting-label")
                yield Switch(value=settings.skip_read, id="skip-read")
            with Horizontal(classes="setting"):
                yield Label("Auto-advance", classes="setting-label")
                yield Switch(value=settings.auto_advance, id="auto-advance")
            yield Static(
                "Skip passes over pages you have read and stops at the first new one and at "
                "every choice. Auto-advance turns a page with only Continue after a pause to "
                "read it. Any key takes over.",
                classes="panel-hint",
                markup=False,
            )
        yield Footer()

    def on_select_changed(self, event: Select.Changed) -> None:
        profile = self.game.profile
        if profile is None or not isinstance(event.value, str):
            return
        if event.select.id == "text-speed":
            profile.settings.text_speed = event.value
        elif event.select.id == "theme":
            profile.settings.theme = event.value
        self.game.apply_settings()
        self.game.save_profile()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        profile = self.game.profile
        if profile is None:
            return
        if event.switch.id in SWITCHES:
            setattr(profile.settings, SWITCHES[event.switch.id], event.value)
            self.game.save_profile()
            return
        profile.settings.high_contrast = event.value
        self.game.apply_settings()
        self.game.save_profile()
        scene = self.game.scene_screen()
        if scene is not None:
            scene.show(typewriter=False)  # redraw names in (or out of) colour
