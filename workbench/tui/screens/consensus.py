"""The consensus screen: two coders' codings of the open source side by side, sentence by
sentence (each coder's stripe in its own margin column), their disagreements listed and
walked with n/p, and a, b, t (both) or x (neither) written as the consensus coder's codings,
each choice one undo step (u). The agreement table of the source stays on screen."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from workbench.errors import WorkbenchError
from workbench.tui.widgets.footer import KeysFooter
from workbench.tui.widgets.rowlist import RowList

CONTEXT = 2  # sentences shown before and after the disagreement
WORDS = {"a": "A", "b": "B", "both": "both", "neither": "neither"}
# The code last: it takes what the pane leaves, so that A, B and taken show at 80 columns.
COLUMNS = [("#", 3), ("sentence", 8), ("A", 1), ("B", 1), ("taken", 7), ("code", 0)]


class ConsensusScreen(Screen[bool]):
    BINDINGS = [Binding("escape", "close", "Back"),
                Binding("n", "move(1)", "Next"),
                Binding("p", "move(-1)", "Previous"),
                Binding("a", "take('a')", "Take A's"),
                Binding("b", "take('b')", "Take B's"),
                Binding("t", "take('both')", "Both"),
                Binding("x", "take('neither')", "Neither"),
                Binding("u", "undo", "Undo")]

    def __init__(self, source_id: int, coder_a: str, coder_b: str, view=None) -> None:
        """``view``: the screen's data read already (in the worker that opens it)."""
        super().__init__()
        self.source_id, self.coder_a, self.coder_b = source_id, coder_a, coder_b
        self._first = view
        self.view = None
        self.index = 0
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Static("Loading…", id="cons-title")
        with Horizontal(id="cons-body"):
            with Vertical(id="cons-left"):
                yield RowList(COLUMNS, id="cons-list")
            with VerticalScroll(id="cons-right"):
                yield Static("", id="cons-text")
        yield Static("", id="cons-table")
        yield KeysFooter()

    def on_mount(self) -> None:
        if self._first is not None:
            self.show(self._first)
        else:
            self.load()

    @work(thread=True, exclusive=True, group="consensus")
    def load(self) -> None:
        try:
            view = self.app.gateway.run(
                lambda p: p.consensus_view(self.source_id, self.coder_a, self.coder_b))
        except WorkbenchError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.show, view)

    def show(self, view) -> None:
        self.view = view
        a, b = view.coders
        self.query_one("#cons-title", Static).update(
            f"Consensus · {escape(view.source_name)} · A = {escape(a)}, B = {escape(b)} · "
            f"{len(view.disagreements)} disagreements, {view.settled} settled")
        self.index = min(self.index, max(0, len(view.disagreements) - 1))
        self.query_one("#cons-list", RowList).set_rows(
            [(str(number), str(item.sentence + 1), "█" if item.by_a else "·",
              "█" if item.by_b else "·", WORDS.get(item.choice, ""), item.code_path.split("/")[-1])
             for number, item in enumerate(view.disagreements, start=1)], cursor=self.index)
        self.show_text()
        self.show_table()

    def show_table(self) -> None:
        view = self.view
        lines = [f"settled {view.settled} of {len(view.disagreements)}"
                 + ("; with the consensus: " + ", ".join(
                     f"{escape(name)} κ {kappa}" for name, kappa in view.versus.items())
                    if view.versus else ""),
                 "[b]Agreement in this source (sentences)[/b]   code · units · % · κ · α"]
        rows = sorted(view.table, key=lambda row: row["scope"] != "overall")
        for row in rows:
            name = row["code"].split("/")[-1] if row["code"] else "overall"
            lines.append(f"{escape(name[:38]):<38} {row['units']:>5} {row['agreement %']:>6} "
                         f"{row['kappa']:>9} {row['alpha']:>9}")
        self.query_one("#cons-table", Static).update("\n".join(lines))

    def show_text(self) -> None:
        view = self.view
        if not view.disagreements:
            self.query_one("#cons-text", Static).update("No disagreements in this source.")
            return
        item = view.disagreements[self.index]
        a, b = view.coders
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=1)
        grid.add_column(width=1)
        grid.add_column(ratio=1)
        grid.add_row("A", "B", Text.from_markup(f"[b]{escape(item.code_path)}[/b]"))
        first = max(0, item.sentence - CONTEXT)
        for index in range(first, min(len(view.sentences), item.sentence + CONTEXT + 1)):
            start, end = view.sentences[index]
            marks = []
            for coder, colour in ((a, "dodger_blue1"), (b, "dark_orange")):
                codes = view.marks[coder].get(index, set())
                marks.append(f"[{colour}]█[/]" if item.code in codes
                             else "[grey50]│[/]" if codes else " ")
            text = escape(view.text[start:end].replace("\n", " "))
            if index == item.sentence:
                text = f"[reverse]{text}[/reverse]"
            grid.add_row(Text.from_markup(marks[0]), Text.from_markup(marks[1]),
                         Text.from_markup(text))
        self.query_one("#cons-text", Static).update(grid)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        if self.view and 0 <= event.row < len(self.view.disagreements):
            self.index = event.row
            self.show_text()

    def action_move(self, step: int) -> None:
        if not self.view or not self.view.disagreements:
            return
        self.index = (self.index + step) % len(self.view.disagreements)
        self.query_one("#cons-list", RowList).move_cursor(self.index)
        self.show_text()

    def action_take(self, choice: str) -> None:
        if not self.view or not self.view.disagreements:
            return
        self.settle(self.view.disagreements[self.index], choice)

    @work(thread=True, exclusive=True, group="consensus")
    def settle(self, item, choice: str) -> None:
        try:
            view = self.app.gateway.run(lambda p: (
                p.consensus_settle(self.source_id, self.coder_a, self.coder_b, item, choice),
                p.consensus_view(self.source_id, self.coder_a, self.coder_b))[1])
        except WorkbenchError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.changed = True
        self.app.call_from_thread(self._settled, view)

    def _settled(self, view) -> None:
        if self.index + 1 < len(view.disagreements):
            self.index += 1
        self.show(view)

    @work(thread=True, exclusive=True, group="consensus")
    def action_undo(self) -> None:
        try:
            view = self.app.gateway.run(lambda p: (
                p.undo(), p.consensus_view(self.source_id, self.coder_a, self.coder_b))[1])
        except WorkbenchError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.changed = True
        self.app.call_from_thread(self.show, view)

    def action_close(self) -> None:
        self.dismiss(self.changed)
