"""Help: every key of the coding screen, read from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

# What is not a binding of the coding screen or the transcript.
GESTURES = [("mouse drag", "Select with the mouse (shift+click extends)"),
            ("tab", "Next pane: sources, transcript, codebook"),
            ("ctrl+p", "Command palette: every screen and action by name")]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss(None)", "Close")]

    def __init__(self, bindings: Iterable[BindingType]) -> None:
        super().__init__()
        self.bindings = list(Binding.make_bindings(bindings))

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label("Keys — Esc closes", classes="title")
            table = DataTable(show_cursor=False, zebra_stripes=True)
            table.add_column("Key", width=26)  # fixed: automatic widths settle a frame late
            table.add_column("Does", width=60)
            for binding in self.bindings:
                table.add_row(self.app.get_key_display(binding),
                              binding.tooltip or binding.description)
            for gesture, description in GESTURES:
                table.add_row(gesture, description)
            yield table
