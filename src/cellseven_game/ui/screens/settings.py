"""Settings: text speed, theme and high contrast; saved in the profile at once."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Label, Select, Switch

from cellseven_game.engine.saves import TEXT_SPEEDS
from cellseven_game.ui.screens.overlay import Panel


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
                    [(name, name) for name in themes],
                    value=self.app.theme if self.app.theme in themes else themes[0],
                    allow_blank=False,
                    id="theme",
                )
            with Horizontal(classes="setting"):
                yield Label("High contrast", classes="setting-label")
                yield Switch(value=settings.high_contrast, id="high-contrast")
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
        profile.settings.high_contrast = event.value
        self.game.apply_settings()
        self.game.save_profile()
        scene = self.game.scene_screen()
        if scene is not None:
            scene.show(typewriter=False)  # redraw names in (or out of) colour
