"""Shown when there is no project: create one here, or open the demo."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from workbench.tui.widgets.footer import KeysFooter


class StartScreen(Screen[str | None]):
    """Dismisses with ``new`` or ``demo``."""

    BINDINGS = [Binding("n", "dismiss('new')", "New project here"),
                Binding("d", "dismiss('demo')", "Open the demo"),
                Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "No project in this folder.\n\n"
            "  n  create workbench.sqlite here\n"
            "  d  open the demo study (built from the bundled sample interviews)\n"
            "  q  quit", id="start")
        yield KeysFooter()
