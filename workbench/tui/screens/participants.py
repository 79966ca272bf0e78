"""Participants: the table of IDs, roles and attributes; attributes are edited in place."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label

from workbench.errors import WorkbenchError
from workbench.project import Project, parse_attributes
from workbench.tui.screens.prompt import Ask


class ParticipantsScreen(Screen[str | None]):
    """Dismisses with the participant whose transcript to open, if one was chosen."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back"),
                Binding("e", "edit", "Edit attribute")]

    def compose(self) -> ComposeResult:
        yield Label("Participants — e edits an attribute (key=value; key= removes it), "
                    "Enter opens the transcript, Esc goes back")
        yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, group="participants")
    def load(self, change: Callable[[Project], object] | None = None) -> None:
        """Make ``change`` (an attribute saved), if any, and read the table (again)."""
        def read(project: Project) -> list[dict]:
            if change is not None:
                change(project)
            return project.participants()

        try:
            people = self.app.gateway.run(read)
        except WorkbenchError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.show, people)

    def show(self, people: list[dict]) -> None:
        names = list(dict.fromkeys(k for person in people for k in person["attributes"]))
        table = self.query_one("#people", DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_columns("ID", "Role", "Sources", "Turns", *names)
        for person in people:
            table.add_row(person["id"], person["role_label"], str(person["sources"]),
                          str(person["turns"]),
                          *(str(person["attributes"].get(n, "")) for n in names), key=person["id"])
        table.move_cursor(row=row)
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
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error")
                return
            self.load(lambda p: p.set_participant(participant, values))

        self.app.push_screen(Ask(f"Attribute of {participant} (key=value)",
                                 placeholder="age=45"), save)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter (the table's own key) opens the participant's transcript."""
        self.dismiss(event.row_key.value)
