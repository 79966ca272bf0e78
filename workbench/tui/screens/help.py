"""Help: every key of the coding screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from workbench.tui.keys import MAIN_KEYS, TRANSCRIPT_KEYS, display_key


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss(None)", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label("Keys — Esc closes", classes="title")
            table = DataTable(show_cursor=False, zebra_stripes=True)
            table.add_column("Key", width=26)  # fixed: automatic widths settle a frame late
            table.add_column("Does", width=60)
            for key, _, description, _ in MAIN_KEYS:
                table.add_row(display_key(key), description)
            for key, _, description in TRANSCRIPT_KEYS:
                table.add_row(key, description)
            yield table
