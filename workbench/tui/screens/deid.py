"""De-identification review: the candidates with their status and replacement, and the
occurrences of the one under the cursor; accept, reject or edit either from the keyboard."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Label

from workbench.errors import WorkbenchError
from workbench.project import Project, ScanRow
from workbench.tui.screens.prompt import Ask
from workbench.tui.widgets.footer import KeysFooter

HELP = ("De-identification: a accept · r reject · e edit · u undo · p pending only · Tab: term "
        "or occurrence · Esc back")


def _one_line(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


class DeidScreen(Screen[bool]):
    """Dismisses with whether any decision was made."""

    DEFAULT_CSS = """
    DeidScreen #candidates { height: 2fr; }
    DeidScreen #occurrences { height: 1fr; min-height: 4; }
    DeidScreen #occurrences-title { text-style: bold; }
    DeidScreen #deid-status { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "back", "Back"),
                Binding("a", "decide('accept')", "Accept"),
                Binding("r", "decide('reject')", "Reject"),
                Binding("e", "edit", "Edit replacement"),
                Binding("p", "pending", "Pending only"),
                Binding("u", "undo", "Undo"),
                Binding("U", "redo", "Redo", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ScanRow] = []
        self.pending_only = False
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Label(HELP, id="deid-help")
        yield Label("Scanning the transcripts… (a suggestion list: read the result before you "
                    "share it)", id="deid-status")
        yield DataTable(id="candidates", cursor_type="row", zebra_stripes=True)
        yield Label("Occurrences", id="occurrences-title")
        yield DataTable(id="occurrences", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        candidates = self.query_one("#candidates", DataTable)
        candidates.add_columns("Term", "Kind", "Status", "Replacement", "Count", "Context")
        occurrences = self.query_one("#occurrences", DataTable)
        occurrences.add_columns("Source", "At", "Status", "Replacement", "Context")
        self.load()

    @work(thread=True, exclusive=True, group="deid")
    def load(self, change: Callable[[Project], object] | None = None) -> None:
        """Make ``change`` (a decision), if any, and scan again."""
        def read(project: Project):
            summary = change(project) if change is not None else None
            return summary, project.deid_scan(occurrences=True)

        try:
            summary, scan = self.app.gateway.run(read)
        except WorkbenchError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.show, scan.rows, summary)

    def show(self, rows: list[ScanRow], summary: str | None = None) -> None:
        if summary:
            self.changed = True
            self.notify(summary)
        self.rows = rows
        shown = self._shown()
        pending = sum(1 for r in rows if r.status == "pending")
        self.query_one("#deid-status", Label).update(
            f"{len(rows)} candidates: {sum(1 for r in rows if r.status == 'accepted')} "
            f"accepted, {sum(1 for r in rows if r.status == 'rejected')} rejected, "
            f"{pending} pending" + (" — showing pending only" if self.pending_only else "")
            + ". An aid: read the result before you share it.")
        table = self.query_one("#candidates", DataTable)
        row = table.cursor_row
        table.clear()
        for candidate in shown:
            table.add_row(_one_line(candidate.term, 24), candidate.kind, candidate.status,
                          _one_line(candidate.replacement, 18), str(candidate.count),
                          _one_line(candidate.contexts[0] if candidate.contexts
                                    else "(attributes only)", 60), key=candidate.term)
        if shown:
            table.move_cursor(row=min(row, len(shown) - 1))
        if not self.query_one("#occurrences", DataTable).has_focus:
            table.focus()
        self.show_occurrences()

    def _shown(self) -> list[ScanRow]:
        return [r for r in self.rows if not self.pending_only or r.status == "pending"]

    def _candidate(self) -> ScanRow | None:
        table = self.query_one("#candidates", DataTable)
        if table.row_count == 0:
            return None
        term = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if r.term == term), None)

    def show_occurrences(self) -> None:
        candidate = self._candidate()
        table = self.query_one("#occurrences", DataTable)
        row = table.cursor_row
        table.clear()
        if candidate is None:
            return
        self.query_one("#occurrences-title", Label).update(
            f"Occurrences of '{candidate.term}' ({candidate.count})")
        for n, found in enumerate(candidate.occurrences):
            table.add_row(_one_line(found["source"], 24), str(found["start"]), found["status"],
                          _one_line(found["replacement"], 22),
                          _one_line(found["context"], 70), key=str(n))
        if candidate.occurrences:
            table.move_cursor(row=min(row, len(candidate.occurrences) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "candidates":
            self.show_occurrences()

    def _target(self) -> tuple[ScanRow, dict | None] | None:
        """The candidate, and the occurrence when the occurrences table has the focus."""
        candidate = self._candidate()
        if candidate is None:
            return None
        table = self.query_one("#occurrences", DataTable)
        if table.has_focus and table.row_count:
            return candidate, candidate.occurrences[table.cursor_row]
        return candidate, None

    def action_decide(self, decision: str, replacement: str | None = None) -> None:
        target = self._target()
        if target is None:
            return
        candidate, occurrence = target
        source = occurrence["source"] if occurrence else None
        start = occurrence["start"] if occurrence else None
        self.load(lambda p: p.deid_decide(candidate.term, decision, replacement, source, start))

    def action_edit(self) -> None:
        target = self._target()
        if target is None:
            return
        candidate, occurrence = target
        where = f" at {occurrence['start']} of {occurrence['source']}" if occurrence else ""

        def save(answer: str | None) -> None:
            if answer is not None and answer.strip():
                self.action_decide("edit", answer.strip())

        current = occurrence["replacement"] if occurrence else candidate.replacement
        self.app.push_screen(Ask(f"Replace '{candidate.term}'{where} by", value=current), save)

    def action_undo(self) -> None:
        """The last step taken back, whatever it was, as on the coding screen."""
        self.load(lambda p: f"Undone: {p.undo().summary}")

    def action_redo(self) -> None:
        self.load(lambda p: f"Redone: {p.redo().summary}")

    def action_pending(self) -> None:
        self.pending_only = not self.pending_only
        self.show(self.rows)

    def action_back(self) -> None:
        self.dismiss(self.changed)
