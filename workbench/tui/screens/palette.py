"""The code palette: fuzzy search over code names, paths and definitions; recently used
codes first; digits 1–9 pick the numbered hits; a new name offers to create the code.

What Enter takes is never a surprise: a name typed exactly as a code's wins; codes whose
name or path the query starts a word of ("staff", "environment/sta") come next, as the
user is still typing; a query that is neither puts "+ create" first (a new name typed out
in full), and Enter on a merely similar code then asks before applying it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from workbench.tui.screens.prompt import Choose

NEW = "new:"


@dataclass
class PaletteChoice:
    code_id: int | None  # None: create ``new_name``
    new_name: str | None = None


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def exact_match(query: str, code: dict) -> bool:
    """The query is the code's name or path, case and spacing aside."""
    typed = _folded(query)
    return bool(typed) and typed in (_folded(code["name"]), _folded(code["path"]))


def partial_match(query: str, code: dict) -> bool:
    """The query starts a word of the code's name or path: the user is typing that code."""
    typed = _folded(query)
    if not typed:
        return False
    for text in (_folded(code["name"]), _folded(code["path"])):
        for found in re.finditer(re.escape(typed), text):
            start = found.start()
            if start == 0 or not text[start - 1].isalnum():
                return True
    return False


class CodePalette(ModalScreen[PaletteChoice | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"),
                Binding("down", "move(1)", show=False), Binding("up", "move(-1)", show=False)]

    def __init__(self, codes: list[dict], recent: list[int], title: str = "Apply code") -> None:
        super().__init__()
        self.codes = [c for c in codes if c["codable"]]
        self.recent = [r for r in recent if any(c["id"] == r for c in self.codes)]
        self.title_text = title
        self.hits: list[int] = []
        self.query_text = ""
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
        self.query_text = query.strip()
        by_id = {c["id"]: c for c in self.codes}
        if not self.query_text:
            ordered = self.recent + [c["id"] for c in self.codes if c["id"] not in self.recent]
        else:
            score = {i: self._score(query, code, self._keys[i]) for i, code in enumerate(self.codes)}
            for i, code in enumerate(self.codes):
                if code["id"] in self.recent:
                    score[i] += 3  # recently used first among equals
                if exact_match(query, code):
                    score[i] += 1000  # the name typed as it is wins
                elif partial_match(query, code):
                    score[i] += 500  # then the codes the user is typing
            ranked = sorted(score, key=lambda i: -score[i])
            ordered = [self.codes[i]["id"] for i in ranked if score[i] >= 50]
        self.hits = ordered[:50]
        options = [Option(self._label(by_id[code_id], n), id=str(code_id))
                   for n, code_id in enumerate(self.hits, start=1)]
        if self.query_text and not any(exact_match(query, c) for c in self.codes):
            create = Option(f"+ create code '{self.query_text}'…", id=NEW + self.query_text)
            typing = sum(1 for code_id in self.hits if partial_match(query, by_id[code_id]))
            # After the codes being typed, before the merely similar ones.
            options.insert(typing, create)
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
            return
        code = next(c for c in self.codes if c["id"] == int(option_id))
        typed = self.query_text
        if not typed or exact_match(typed, code) or partial_match(typed, code):
            self.dismiss(PaletteChoice(code["id"]))
            return

        # A name typed out in full that is only similar to this code: ask.
        def answer(choice: str | None) -> None:
            if choice == "apply":
                self.dismiss(PaletteChoice(code["id"]))
            elif choice == "create":
                self.dismiss(PaletteChoice(None, typed))

        self.app.push_screen(Choose(f"'{typed}' is not the name of a code.", [
            ("apply", f"Apply the similar code {code['path']}"),
            ("create", f"Create a new code '{typed}'"),
            ("back", "Back to the palette")]), answer)
