"""Every key of the coding screen, in one table: the bindings, the footer and the help
screen are all made from it, so they cannot disagree."""

from __future__ import annotations

from textual.binding import Binding

# (key, action, description, shown in the footer)
MAIN_KEYS: list[tuple[str, str, str, bool]] = [
    ("c", "code", "Code selection", True),
    ("t", "select_turn", "Select turn", True),
    ("s", "select_sentence", "Select sentence", False),
    ("u", "undo", "Undo", True),
    ("U", "redo", "Redo", False),
    ("m", "memo", "Memo", True),
    ("e", "exemplar", "Exemplar on/off", False),
    ("d", "uncode", "Remove coding", False),
    ("right_square_bracket", "next_coded(True)", "Next coded span", False),
    ("left_square_bracket", "next_coded(False)", "Previous coded span", False),
    ("f", "next_uncoded", "Next uncoded turn", False),
    ("g", "goto_turn", "Go to turn N", False),
    ("o", "open_participant", "Open participant", True),
    ("a", "passages", "Passages of code", False),
    ("slash", "filter_sources", "Filter sources", False),
    ("question_mark", "help", "Help", True),
    ("f2", "participants", "Participants", False),
    ("f3", "codebook", "Codebook", False),
    ("f4", "import", "Import", False),
    ("f5", "quotes", "Quotes", False),
    ("f6", "saturation", "Saturation", False),
    ("f7", "export", "Export", False),
    ("q", "quit", "Quit", True),
]

TRANSCRIPT_KEYS: list[tuple[str, str, str]] = [
    ("right / left", "word_forward / word_back", "Next / previous word"),
    ("shift+right / shift+left", "", "Extend the selection by a word"),
    ("down / up", "", "Next / previous sentence"),
    ("shift+down / shift+up", "", "Extend the selection by a sentence"),
    ("n / p", "", "Next / previous turn"),
    ("N / P", "", "Extend the selection to the end of the turn / the previous turn"),
    ("home / end", "", "Start / end of the turn"),
    ("pageup / pagedown", "", "Scroll a page"),
    ("escape", "", "Clear the selection"),
    ("mouse drag", "", "Select with the mouse (shift+click extends)"),
    ("tab", "", "Next pane: sources, transcript, codebook"),
    ("ctrl+p", "", "Command palette: every screen and action by name"),
]


def main_bindings() -> list[Binding]:
    return [Binding(key, action, description, show=shown) for key, action, description, shown
            in MAIN_KEYS]


def display_key(key: str) -> str:
    return {"right_square_bracket": "]", "left_square_bracket": "[", "slash": "/",
            "question_mark": "?"}.get(key, key)
