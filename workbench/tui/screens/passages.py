"""Every passage coded with one code; Enter jumps to it in the transcript."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option
from textual.containers import Vertical


class PassagesScreen(ModalScreen[tuple[int, int, int] | None]):
    """Dismisses with (source id, start, end) of the chosen passage."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, title: str, passages: list[dict]) -> None:
        super().__init__()
        self.title_text = title
        self.passages = passages

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog passages"):
            yield Label(f"{self.title_text}: {len(self.passages)} passages — Enter opens one")
            yield OptionList(*(
                Option(f"{p['participant'] or '–':>4}  {p['source_name']}  "
                       f"{' '.join(p['text'].split())[:160]}", id=str(i))
                for i, p in enumerate(self.passages)), id="passages")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        p = self.passages[int(event.option.id)]
        self.dismiss((p["source"], p["start"], p["end"]))
