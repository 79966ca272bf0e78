"""Quotes: a query box with live results, filters, a preview with context, and keys to jump
to the passage, mark it as an exemplar and copy its citation."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static


from workbench.errors import WorkbenchError
from workbench.project import Project, QuoteHit, cite
from workbench.tui.widgets.footer import KeysFooter

MATCHES = [("exact words", "exact"), ("fuzzy (typos)", "fuzzy"), ("lemma (forms)", "lemma")]
LIMIT = 200


class QuotesScreen(Screen[tuple[int, int, int] | None]):
    """Dismisses with (source id, start, end) when the user jumps to a passage."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back"),
                Binding("ctrl+e", "exemplar", "Exemplar on/off"),
                Binding("ctrl+y", "copy", "Copy citation")]

    def __init__(self, codes: list[dict], roles: list[dict]) -> None:
        super().__init__()
        self.codes = codes
        self.roles = roles
        self.hits: list[QuoteHit] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="q-filters"):
            yield Input(placeholder="words, \"a phrase\", 随访 … (empty: coded passages)",
                        id="q-text")
            yield Select(MATCHES, value="exact", allow_blank=False, id="q-match")
            yield Select([(f"{c['number']} {c['name']}", c["path"]) for c in self.codes],
                         prompt="any code", id="q-code")
            yield Select([(f"{r['prefix']} {r['label']}", r["prefix"]) for r in self.roles],
                         prompt="any role", id="q-role")
            yield Input(placeholder="G3, or years>=10", id="q-who")
            yield Checkbox("exemplars", id="q-exemplars")
        with Horizontal(id="q-body"):
            yield DataTable(id="q-hits", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="q-preview-box"):
                yield Static("", id="q-preview")
        yield Label("", id="q-count")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#q-hits", DataTable)
        # The source last: the preview names it, and a long file name would push the codes
        # and the passage off an 80-column screen.
        table.add_columns("who", "turn", "codes", "passage", "source")
        self.search()
        self.query_one("#q-text", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#q-hits", DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_jump()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.search()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.search()

    def _filters(self) -> dict:
        text = self.query_one("#q-text", Input).value.strip()
        who = self.query_one("#q-who", Input).value.strip()
        code = self.query_one("#q-code", Select)
        role = self.query_one("#q-role", Select)
        filters: dict = {"text": text or None, "match": self.query_one("#q-match", Select).value,
                         "exemplars": self.query_one("#q-exemplars", Checkbox).value,
                         "limit": LIMIT}
        if not code.is_blank():
            filters["codes"] = [code.value]
        if not role.is_blank():
            filters["roles"] = [role.value]
        if who:
            key = "where" if any(op in who for op in "<>=") else "participants"
            filters[key] = [who]
        return filters

    def search(self) -> None:
        self.run_search(self._filters())

    @work(thread=True, exclusive=True, group="quotes")
    def run_search(self, filters: dict) -> None:
        """Exclusive: a newer keystroke cancels the search still running for an older one."""
        try:
            hits = self.app.gateway.run(lambda p: p.quotes(**filters))
        except WorkbenchError as exc:
            self.app.call_from_thread(self.show_problem, str(exc))
            return
        self.app.call_from_thread(self.show, hits)

    def show_problem(self, problem: str) -> None:
        self.query_one("#q-count", Label).update(problem)

    def show(self, hits: list[QuoteHit]) -> None:
        self.hits = hits
        table = self.query_one("#q-hits", DataTable)
        table.clear()
        for index, hit in enumerate(hits):
            codes = ", ".join(path.rsplit("/", 1)[-1] for path in hit.codes)
            table.add_row(hit.participant or "–", str(hit.turn_number), _cut(codes, 30),
                          _cut(" ".join(hit.text.split()), 120), hit.source, key=str(index))
        more = " (the first {LIMIT}; narrow the search)" if len(hits) >= LIMIT else ""
        self.query_one("#q-count", Label).update(
            f"{len(hits)} passages{more.format(LIMIT=LIMIT)} — Enter goes to the passage, "
            "ctrl+e exemplar, ctrl+y copies the citation")
        self._preview()

    def _current(self) -> QuoteHit | None:
        table = self.query_one("#q-hits", DataTable)
        if not self.hits or table.cursor_row is None or table.cursor_row >= len(self.hits):
            return None
        return self.hits[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview()

    def _preview(self) -> None:
        hit = self._current()
        preview = self.query_one("#q-preview", Static)
        if hit is None:
            preview.update("No passage matches.")
            return
        before = hit.context[:hit.start - hit.context_start]
        after = hit.context[hit.end - hit.context_start:]
        body = Text.assemble((before, "dim"), (hit.text, "bold"), (after, "dim"))
        header = Text(f"{hit.participant or '–'} ({hit.role or 'no role'}) · {hit.source} · "
                      f"turn {hit.turn_number} · {hit.start}–{hit.end}\n"
                      f"{', '.join(hit.codes) or 'not coded'}\n\n", style="italic")
        preview.update(header + body)

    def action_jump(self) -> None:
        hit = self._current()
        if hit is not None:
            self.dismiss((hit.source_id, hit.start, hit.end))

    def action_exemplar(self) -> None:
        hit = self._current()
        if hit is None or not hit.coding_ids:
            self.notify("Only a coded passage can be an exemplar", severity="warning")
            return
        self.toggle_exemplar(hit.coding_ids)

    @work(thread=True, group="quotes-exemplar")
    def toggle_exemplar(self, coding_ids: list[int]) -> None:
        """Mark the passage's codings as exemplars, or unmark them if all are: one undo step."""
        def toggle(project: Project) -> bool:
            marked = not all(project.codings.get(i)["exemplar"] for i in coding_ids)
            project.codings.set_exemplars(coding_ids, marked)
            return marked

        marked = self.app.gateway.run(toggle)
        self.app.call_from_thread(self.notify, "Marked as exemplar" if marked
                                  else "No longer an exemplar")

    def action_copy(self) -> None:
        hit = self._current()
        if hit is None:
            return
        citation = cite(hit.text, hit.participant, hit.role)
        self.app.copy_to_clipboard(citation)  # OSC 52: works where the terminal allows it
        fallback = Path("exports") / "citations.txt"
        try:
            fallback.parent.mkdir(exist_ok=True)
            with fallback.open("a", encoding="utf-8") as out:
                out.write(citation + "\n")
        except OSError as exc:
            self.notify(f"Copied to the clipboard; {fallback} could not be written "
                        f"({exc.strerror})", severity="warning")
            return
        self.notify(f"Copied to the clipboard (if the terminal allows) and added to {fallback}")


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
