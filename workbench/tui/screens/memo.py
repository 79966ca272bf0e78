"""Writing a memo on a coding, the source, the participant or a code."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioButton, RadioSet, TextArea


@dataclass
class MemoRequest:
    kind: str  # coding, source, participant, code
    target: str
    text: str


class MemoScreen(ModalScreen[MemoRequest | None]):
    """``targets``: (kind, target id, label) for each thing a memo can be written on."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"),
                Binding("ctrl+s", "save", "Save")]

    def __init__(self, targets: list[tuple[str, str, str]], text: str = "") -> None:
        super().__init__()
        self.targets = targets
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog memo"):
            yield Label("Memo — ctrl+s saves, Esc cancels")
            with RadioSet(id="target"):
                for index, (_, _, label) in enumerate(self.targets):
                    yield RadioButton(label, value=index == 0)
            yield TextArea(self.text, id="memo-text")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#memo-text", TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        index = self.query_one("#target", RadioSet).pressed_index
        kind, target, _ = self.targets[max(index, 0)]
        self.dismiss(MemoRequest(kind, target, self.query_one("#memo-text", TextArea).text))
