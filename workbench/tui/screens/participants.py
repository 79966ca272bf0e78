"""Participants: the table of IDs, roles and attributes; attributes are edited in place."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from workbench.errors import WorkbenchError
from workbench.project import parse_attributes
from workbench.tui.screens.prompt import Ask


class ParticipantsScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"),
                Binding("e", "edit", "Edit attribute"),
                Binding("enter", "open", "Open transcript")]

    def compose(self) -> ComposeResult:
        yield Label("Participants — e edits an attribute (key=value; key= removes it), "
                    "Enter opens the transcript, Esc goes back")
        yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        people = self.app.gateway.run(lambda p: p.participants())
        names = list(dict.fromkeys(k for person in people for k in person["attributes"]))
        table = self.query_one("#people", DataTable)
        table.clear(columns=True)
        table.add_columns("ID", "Role", "Sources", "Turns", *names)
        for person in people:
            table.add_row(person["id"], person["role_label"], str(person["sources"]),
                          str(person["turns"]),
                          *(str(person["attributes"].get(n, "")) for n in names), key=person["id"])
        table.focus()

    def _current(self) -> str | None:
        table = self.query_one("#people", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_edit(self) -> None:
        participant = self._current()
        if participant is None:
            return

        def save(answer: str | None) -> None:
            if not answer:
                return
            try:
                values = parse_attributes([answer])
                self.app.gateway.run(lambda p: p.set_participant(participant, values))
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error")
                return
            self.reload()

        self.app.push_screen(Ask(f"Attribute of {participant} (key=value)",
                                 placeholder="age=45"), save)

    def action_open(self) -> None:
        participant = self._current()
        if participant:
            self.app.pop_screen()
            self.app.open_participant(participant)
