"""play --dev in the game: watch the pack, check it when it is saved, show the result.

The checking and the replay onto the new story are the engine's (engine/tools/devreload.py);
this part polls the files, runs the check in a thread, and puts the player back where they
were, or shows the pack's problems over the old story.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cellseven_game.ui.app_base import AppBase

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from cellseven_game.engine.compile.loader import CheckResult

# imports inside functions: start-up — dev mode's modules load only in `play --dev`.


class DevMode(AppBase):
    """Reload the pack as the author saves it (play --dev; mixed into CellsevenApp)."""

    def _dev_watch(self) -> None:
        from cellseven_game.engine.tools.devreload import fingerprint

        self._dev_seen = fingerprint(self.pack_root())
        self.set_interval(0.5, self.dev_poll, name="dev watch")

    def dev_poll(self) -> bool:
        """The timer's tick: when a YAML file of the pack changed, check it in a thread.

        Returns whether a reload was started (for tests)."""
        from cellseven_game.engine.tools.devreload import fingerprint

        now = fingerprint(self.pack_root())
        if now == self._dev_seen:
            return False
        self._dev_seen = now
        self._dev_checks += 1
        number = self._dev_checks
        self.run_worker(
            lambda: self._dev_check(number), thread=True, exit_on_error=False, name="dev reload"
        )
        return True

    def _dev_check(self, number: int) -> None:
        from cellseven_game.engine.tools.devreload import check

        result = check(self.pack_root())  # ~0.1 s for the bundled story: off the UI thread
        self.call_from_thread(self._dev_checked, number, result)

    def _dev_checked(self, number: int, result: CheckResult) -> None:
        if number == self._dev_checks:  # else a newer save is being checked already
            self.dev_apply(result)

    def dev_reload(self) -> None:
        """Reload the pack now, on this thread."""
        from cellseven_game.engine.tools.devreload import check, fingerprint

        self._dev_seen = fingerprint(self.pack_root())
        self._dev_checks += 1
        self.dev_apply(check(self.pack_root()))

    def dev_apply(self, result: CheckResult) -> None:
        """Show a checked pack: its problems over the old story, or the same place on it."""
        from cellseven_game.engine.tools.devreload import settle
        from cellseven_game.ui.screens.dev_problems import DevProblemsScreen

        scene = self.scene_screen()
        try:
            reload = settle(result, scene.runtime if scene is not None else None)
        except Exception as exc:  # a bug in cellseven must not end an author's session
            self.notify(f"{exc!r}", title="Reload failed (a cellseven bug)", severity="error")
            return
        if reload.story is None:
            shown = next((s for s in self.screen_stack if isinstance(s, DevProblemsScreen)), None)
            if shown is not None:
                shown.show_problems(reload.errors)
            else:
                self.push_screen(DevProblemsScreen(reload.errors))
            return
        self.story = reload.story
        self.close_overlays()
        replayed = reload.replayed
        if scene is None or replayed is None:
            self.notify("Reloaded.", timeout=3)
            return
        while self.screen is not scene:
            self.pop_screen()
        scene.reload(replayed.runtime)
        severity: SeverityLevel = "information" if replayed.same_place else "warning"
        self.notify(replayed.notice(), severity=severity, timeout=4 if replayed.same_place else 12)
