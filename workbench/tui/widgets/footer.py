"""The key footer of every screen, drawn with the screen's keys in its first frame.

Textual's own Footer composes empty and fills itself after the first refresh, and rebuilds
all its keys each time the screen's bindings are refreshed (on every focus change: four
times while a screen opens). This one composes its keys at once and rebuilds only when the
keys shown (key, description, enabled) are not those already on screen.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._bindings_ready = True  # Footer's flag: compose the keys in the first frame
        self._shown: tuple | None = None
        self._pending = False

    def _keys(self) -> tuple:
        return tuple((binding.key, binding.description, enabled)
                     for _, binding, enabled, _ in self.screen.active_bindings.values()
                     if binding.show)

    def compose(self):
        self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._pending = False
        if self.is_attached and self._keys() != self._shown:  # the screen may be gone
            await self.recompose()
