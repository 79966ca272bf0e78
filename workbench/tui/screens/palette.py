"""The code palette: fuzzy search over code names, paths and definitions; recently used
codes first; digits 1–9 pick the numbered hits; a new name offers to create the code."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

NEW = "new:"


@dataclass
class PaletteChoice:
    code_id: int | None  # None: create ``new_name``
    new_name: str | None = None


class CodePalette(ModalScreen[PaletteChoice | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"),
                Binding("down", "move(1)", show=False), Binding("up", "move(-1)", show=False)]

    def __init__(self, codes: list[dict], recent: list[int], title: str = "Apply code") -> None:
        super().__init__()
        self.codes = [c for c in codes if c["codable"]]
        self.recent = [r for r in recent if any(c["id"] == r for c in self.codes)]
        self.title_text = title
        self.hits: list[int] = []
        self._keys = [f"{c['path']} {c['short_definition'] or ''} {c['definition'] or ''}"
                      for c in self.codes]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog palette"):
            yield Label(f"{self.title_text} — type to search, 1–9 or Enter to choose, Esc to cancel")
            yield Input(placeholder="code name, path or words of its definition", id="query")
            yield OptionList(id="hits")

    def on_mount(self) -> None:
        self._fill("")

    def on_input_changed(self, event: Input.Changed) -> None:
        query = event.value
        if len(query) == 1 and query.isdigit() and query != "0":
            index = int(query) - 1
            if index < len(self.hits):
                self.dismiss(PaletteChoice(self.hits[index]))
                return
        self._fill(query)

    def _fill(self, query: str) -> None:
        by_id = {c["id"]: c for c in self.codes}
        if not query.strip():
            ordered = self.recent + [c["id"] for c in self.codes if c["id"] not in self.recent]
        else:
            score = {i: self._score(query, code, self._keys[i]) for i, code in enumerate(self.codes)}
            for i, code in enumerate(self.codes):
                if code["id"] in self.recent:
                    score[i] += 3  # recently used first among equals
            ranked = sorted(score, key=lambda i: -score[i])
            ordered = [self.codes[i]["id"] for i in ranked if score[i] >= 50]
        self.hits = ordered[:50]
        options = [Option(self._label(by_id[code_id], n), id=str(code_id))
                   for n, code_id in enumerate(self.hits, start=1)]
        exact = any(c["name"].casefold() == query.strip().casefold() for c in self.codes)
        if query.strip() and not exact:
            options.append(Option(f"+ create code '{query.strip()}'…", id=NEW + query.strip()))
        hits = self.query_one("#hits", OptionList)
        hits.clear_options()
        hits.add_options(options)
        if options:
            hits.highlighted = 0

    @staticmethod
    def _score(query: str, code: dict, words: str) -> float:
        """Typed prefixes of the name count most, then the path, then the definitions."""
        name = (0.6 * fuzz.partial_ratio(query, code["name"], processor=default_process)
                + 0.4 * fuzz.WRatio(query, code["name"], processor=default_process))
        path = 0.8 * fuzz.token_set_ratio(query, code["path"], processor=default_process)
        text = 0.6 * fuzz.token_set_ratio(query, words, processor=default_process)
        return max(name, path, text)

    @staticmethod
    def _label(code: dict, number: int) -> str:
        key = f"{number}" if number <= 9 else " "
        return f"{key}  {code['path']}"

    def action_move(self, step: int) -> None:
        hits = self.query_one("#hits", OptionList)
        if hits.option_count:
            hits.highlighted = ((hits.highlighted or 0) + step) % hits.option_count

    def on_input_submitted(self, event: Input.Submitted) -> None:
        hits = self.query_one("#hits", OptionList)
        if hits.highlighted is not None and hits.option_count:
            self._choose(hits.get_option_at_index(hits.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str) -> None:
        if option_id.startswith(NEW):
            self.dismiss(PaletteChoice(None, option_id[len(NEW):]))
        else:
            self.dismiss(PaletteChoice(int(option_id)))
