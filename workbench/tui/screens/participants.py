"""The case sheet: participants × attributes as a grid; the cell at the cursor is edited in
place (a Role cell relabels the role), a new attribute column is added and filled cell by
cell, each edit one history step."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Label

from workbench.errors import WorkbenchError
from workbench.project import Project, attribute_change
from workbench.tui.screens.prompt import Ask
from workbench.tui.widgets.footer import KeysFooter

FIXED = {"id": "ID", "role": "Role", "sources": "Sources", "turns": "Turns"}
ATTRIBUTE = "attr:"  # column keys of attributes, apart from the fixed columns' keys


def _cell(value: object) -> str | Text:
    """Numbers right-aligned, as in a spreadsheet."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Text(str(value), justify="right")
    return "" if value is None else str(value)


class ParticipantsScreen(Screen[str | None]):
    """Dismisses with the participant whose transcript to open, if one was chosen."""

    BINDINGS = [Binding("escape", "back", "Back"),
                Binding("e", "edit", "Edit cell"),
                Binding("a", "add_column", "Add attribute"),
                Binding("u", "undo", "Undo")]

    def __init__(self) -> None:
        super().__init__()
        self.people: dict[str, dict] = {}
        self.added: list[str] = []  # attribute columns added here that have no value yet
        self.order: list[str] = []  # the attribute columns as shown, so that none moves
        self.filling = False  # after a new column: Enter on a cell moves on to the next
        self.undone = False  # an undo here may take back a coding: the coding screen reloads

    def compose(self) -> ComposeResult:
        yield Label("Case sheet — e edits the cell, a adds an attribute; Enter opens the "
                    "transcript")
        yield DataTable(id="people", cursor_type="cell", zebra_stripes=True, fixed_columns=1)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, group="participants")
    def load(self, change: Callable[[Project], object] | None = None,
             done: Callable[[object], str] | None = None) -> None:
        """Make ``change`` (a cell saved, an undo), if any, and read the sheet (again);
        ``done`` says what the change did."""
        result = None

        def read(project: Project) -> list[dict]:
            nonlocal result
            if change is not None:
                result = change(project)
            return project.participants()

        try:
            people = self.app.gateway.run(read)
        except WorkbenchError as exc:
            self.filling = False
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.show, people, done(result) if done else None)

    def show(self, people: list[dict], message: str | None = None) -> None:
        """Fill the grid, the cursor kept on the same participant and column."""
        table = self.query_one("#people", DataTable)
        here = self._here()
        stored = list(dict.fromkeys(k for person in people for k in person["attributes"]))
        present = set(stored) | set(self.added)
        names = list(dict.fromkeys([name for name in self.order if name in present]
                                   + stored + self.added))
        self.order = names
        self.people = {person["id"]: person for person in people}
        table.clear(columns=True)
        for key, label in FIXED.items():
            table.add_column(label, key=key)
        for name in names:
            table.add_column(name, key=ATTRIBUTE + name)
        for person in people:
            table.add_row(person["id"], person["role_label"], _cell(person["sources"]),
                          _cell(person["turns"]),
                          *(_cell(person["attributes"].get(n)) for n in names),
                          key=person["id"])
        if here is None:  # first time: on the first attribute, ready to edit
            table.move_cursor(row=0, column=len(FIXED) if names else 0)
        else:
            self._move_to(*here)
        table.focus()
        if message:
            self.notify(message)
        if self.filling:
            self._fill_next()

    def _here(self) -> tuple[str, str] | None:
        """The participant and column key at the cursor."""
        table = self.query_one("#people", DataTable)
        if table.row_count == 0 or not table.columns:
            return None
        keys = table.coordinate_to_cell_key(table.cursor_coordinate)
        return keys.row_key.value, keys.column_key.value

    def _move_to(self, participant: str, column: str) -> None:
        table = self.query_one("#people", DataTable)
        row = (table.get_row_index(participant) if participant in self.people
               else min(table.cursor_row, table.row_count - 1))
        col = (table.get_column_index(column) if column in table.columns
               else min(table.cursor_column, len(table.columns) - 1))
        table.move_cursor(row=row, column=col)

    def action_edit(self) -> None:
        here = self._here()
        if here is None:
            return
        participant, column = here
        if column == "role":
            self._ask_role(self.people[participant])
            return
        if not column.startswith(ATTRIBUTE):
            self.notify(f"{FIXED[column]} is not edited here: the Role and attribute columns "
                        "are (a adds an attribute)", severity="warning")
            return
        self._ask(participant, column.removeprefix(ATTRIBUTE))

    def _ask(self, participant: str, name: str) -> None:
        value = self.people[participant]["attributes"].get(name)

        def save(answer: str | None) -> None:
            if answer is None:  # Esc: nothing changed, and no more cells to fill
                self.filling = False
                return
            change = attribute_change(name, answer)
            if value is None and change[name] is None and not self.filling:
                return  # an empty cell left empty
            self.load(lambda p: p.set_participant(participant, change))

        self.app.push_screen(Ask(f"{name} of {participant} (empty removes it; Esc cancels)",
                                 "" if value is None else str(value)), save)

    def _ask_role(self, person: dict) -> None:
        """The role's label, for all its participants; the prefix is part of their IDs."""
        prefix, label = person["role"], person["role_label"]
        count = sum(1 for p in self.people.values() if p["role"] == prefix)

        def save(answer: str | None) -> None:
            if answer is not None and answer.strip() != label:
                self.load(lambda p: p.set_role_label(prefix, answer))

        self.app.push_screen(Ask(f"Label of role {prefix}, for all {count} of its participants "
                                 f"(the ID prefix {prefix} stays)", label), save)

    def _fill_next(self) -> None:
        """After a cell of a new column: the cell below, until the last row or Esc."""
        table = self.query_one("#people", DataTable)
        if table.cursor_row + 1 >= table.row_count:
            self.filling = False
            return
        table.move_cursor(row=table.cursor_row + 1)
        self.action_edit()

    def action_add_column(self) -> None:
        if not self.people:
            return

        def add(answer: str | None) -> None:
            name = (answer or "").strip()
            if not name:
                return
            table = self.query_one("#people", DataTable)
            participant = table.coordinate_to_cell_key(Coordinate(0, 0)).row_key.value
            try:  # checked as a value would be, before the column appears
                Project.check_attributes(participant, {name: None})
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error")
                return
            if ATTRIBUTE + name not in table.columns:
                self.added.append(name)
                table.add_column(name, key=ATTRIBUTE + name)
            table.move_cursor(row=0, column=table.get_column_index(ATTRIBUTE + name))
            self.filling = True
            self.action_edit()

        self.app.push_screen(Ask("Name of the new attribute (then its value for each "
                                 "participant; Esc stops)", placeholder="clinic"), add)

    def action_undo(self) -> None:
        self.undone = True
        self.load(lambda p: p.undo(), lambda step: f"Undone: {step.summary}")

    def action_back(self) -> None:
        if self.undone:
            self.app.coding_screen.after_change()
        self.dismiss(None)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        """Enter (the table's own key) opens the participant's transcript."""
        self.dismiss(event.cell_key.row_key.value)
