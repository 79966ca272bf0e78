"""Writing and reading memos: the dialog on the coding, the transcript, the participant, a
code or the project (it shows the memo there is and edits it), and the memo browser."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (Button, DataTable, Input, Label, RadioButton, RadioSet, Select,
                             Static, TextArea)

from workbench.errors import WorkbenchError
from workbench.project import MEMO_TARGETS
from workbench.tui.widgets.footer import KeysFooter


@dataclass
class MemoTarget:
    kind: str  # project, source, participant, code, coding
    target: str | None
    label: str  # "the transcript G1.txt"
    existing: dict | None = None  # the memo there is (as Codings.memo_list gives it)


@dataclass
class MemoRequest:
    kind: str
    target: str | None
    text: str
    memo_id: str | None = None  # the memo edited; None: a new one
    label: str = ""


class MemoScreen(ModalScreen[MemoRequest | None]):
    """One memo per target: choosing a target shows its memo (edited in place) or an empty
    page for a new one. Tab moves between the targets, the text and the buttons."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"),
                Binding("ctrl+s", "save", "Save", priority=True)]

    def __init__(self, targets: list[MemoTarget]) -> None:
        super().__init__()
        self.targets = targets
        self.drafts = [t.existing["text"] if t.existing else "" for t in targets]
        self.current = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog memo"):
            yield Label("Memo — Tab moves, ctrl+s saves, Esc cancels")
            with RadioSet(id="target"):
                for index, target in enumerate(self.targets):
                    mark = " (has a memo)" if target.existing else ""
                    yield RadioButton(f"{target.label}{mark}", value=index == 0)
            yield Label(self._state(0), id="memo-state")
            yield TextArea(self.drafts[0], id="memo-text", tab_behavior="focus")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one("#memo-text", TextArea)
        area.move_cursor(area.document.end)  # typing adds to the memo there is
        area.focus()

    def _state(self, index: int) -> str:
        found = self.targets[index].existing
        if found is None:
            return f"New memo on {self.targets[index].label}"
        return f"Memo {found['id']} by {found['author'] or '-'}, {found['at'][:16]} — edit it here"

    @on(RadioSet.Changed, "#target")
    def _target_changed(self, event: RadioSet.Changed) -> None:
        area = self.query_one("#memo-text", TextArea)
        self.drafts[self.current] = area.text
        self.current = max(event.radio_set.pressed_index, 0)
        area.load_text(self.drafts[self.current])
        area.move_cursor(area.document.end)
        self.query_one("#memo-state", Label).update(self._state(self.current))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        target = self.targets[self.current]
        text = self.query_one("#memo-text", TextArea).text
        if not text.strip():
            self.notify("The memo is empty: write something, or Esc to cancel",
                        severity="warning")
            return
        self.dismiss(MemoRequest(target.kind, target.target, text,
                                 target.existing["id"] if target.existing else None,
                                 target.label))


def save_memo(project, request: MemoRequest) -> None:
    """Store what the dialog asked for: one step of the history (for a worker)."""
    if request.memo_id is not None:
        project.codings.edit_memo(request.memo_id, request.text)
    elif request.kind == "coding":
        project.codings.set_memo(int(request.target), request.text)
    else:
        project.codings.add_memo(request.kind, request.target, request.text)


ALL = "all"


class MemosScreen(Screen[bool]):
    """Every memo, filtered by what it is on and by words of its text or subject; Enter
    edits the highlighted one. Dismisses with whether anything changed."""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Label("Memos — type to filter, Tab to the list, Enter edits, Esc goes back")
        with Horizontal(id="memo-filters"):
            yield Select([("every target", ALL)] + [(kind, kind) for kind in MEMO_TARGETS],
                         value=ALL, allow_blank=False, id="memo-kind")
            yield Input(placeholder="words in the memo or what it is on", id="memo-filter")
        yield DataTable(id="memo-rows", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="memo-view"):
            yield Static("", id="memo-full")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#memo-rows", DataTable)
        table.add_columns("ID", "By", "Memo", "On")  # "On" last: cut first at 80 columns
        self.load()

    @work(thread=True, exclusive=True, group="memos")
    def load(self) -> None:
        kind = self.query_one("#memo-kind", Select).value
        words = self.query_one("#memo-filter", Input).value
        try:
            rows = self.app.gateway.run(lambda p: p.codings.memo_list(
                None if kind == ALL else kind, None, words))
        except WorkbenchError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.show_rows, rows)

    def show_rows(self, rows: list[dict]) -> None:
        self.rows = rows
        table = self.query_one("#memo-rows", DataTable)
        table.clear()
        for row in rows:
            first = row["text"].splitlines()[0] if row["text"] else ""
            table.add_row(row["id"], _short(row["author"] or "", 12), _short(first, 36),
                          _short(row["about"], 28), key=row["id"])
        self._show_full()

    @on(Input.Changed, "#memo-filter")
    @on(Select.Changed, "#memo-kind")
    def _filter(self) -> None:
        self.load()

    @on(Input.Submitted, "#memo-filter")
    def _to_list(self) -> None:
        self.query_one("#memo-rows", DataTable).focus()

    @on(DataTable.RowHighlighted, "#memo-rows")
    def _show_full(self) -> None:
        row = self._current()
        full = self.query_one("#memo-full", Static)
        if row is None:
            full.update("No memo matches." if self.query_one("#memo-filter", Input).value
                        or self.query_one("#memo-kind", Select).value != ALL
                        else "No memos yet: m on the coding screen writes one.")
            return
        full.update(f"Memo {row['id']} on {row['about']}\nby {row['author'] or '-'}, "
                    f"{row['at'][:16]}\n\n{row['text']}")

    def _current(self) -> dict | None:
        table = self.query_one("#memo-rows", DataTable)
        if not self.rows or table.cursor_row is None or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowSelected, "#memo-rows")
    def action_edit(self) -> None:
        row = self._current()
        if row is None:
            return
        target = MemoTarget(row["kind"], row["target"], row["about"], row)
        self.app.push_screen(MemoScreen([target]), self._save)

    def _save(self, request: MemoRequest | None) -> None:
        if request is not None:
            self.write(request)

    @work(thread=True, group="memo-write")
    def write(self, request: MemoRequest) -> None:
        try:
            self.app.gateway.run(lambda p: save_memo(p, request))
        except WorkbenchError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.changed = True
        self.app.call_from_thread(self.notify, f"Memo saved on {request.label}")
        self.load()

    def action_back(self) -> None:
        self.dismiss(self.changed)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
