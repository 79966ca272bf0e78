"""Every passage coded with one code (or the codes below it); Enter jumps to it in the
transcript."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class PassagesScreen(ModalScreen[tuple[int, int, int] | None]):
    """Dismisses with (source id, start, end) of the chosen passage."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, code_id: int) -> None:
        super().__init__()
        self.code_id = code_id
        self.passages: list[dict] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog passages"):
            yield Label("Reading the passages …", id="passages-title")
            yield OptionList(id="passages")

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, group="passages")
    def load(self) -> None:
        title, rows = self.app.gateway.run(lambda p: p.code_passages(self.code_id))
        self.app.call_from_thread(self.show, title, rows)

    def show(self, title: str, passages: list[dict]) -> None:
        self.passages = passages
        self.query_one("#passages-title", Label).update(
            f"{title}: {len(passages)} passages — Enter opens one")
        options = self.query_one("#passages", OptionList)
        options.add_options(
            Option(f"{p['participant'] or '–':>4}  {p['source_name']}  "
                   f"{' '.join(p['text'].split())[:160]}", id=str(i))
            for i, p in enumerate(passages))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        p = self.passages[int(event.option.id)]
        self.dismiss((p["source"], p["start"], p["end"]))
