"""A code's review comments: read the thread, write a comment, resolve or reopen one."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


@dataclass
class CommentAction:
    kind: str  # "add" or "toggle"
    text: str = ""  # the new comment's text
    comment: int = 0  # the comment to resolve or reopen
    resolve: bool = True


def comment_line(comment: dict) -> str:
    state = "resolved" if comment["resolved"] else "open"
    return f"{state} · {comment['author']}, {comment['created_at'][:10]}: {comment['text']}"


class CommentsScreen(ModalScreen[CommentAction | None]):
    """The thread of one code. Enter on a comment resolves it (or reopens it); typing in the
    line below and Enter adds one; Escape closes."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, path: str, comments: list[dict]) -> None:
        super().__init__()
        self.path, self.comments = path, comments

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog comments"):
            yield Label(f"Review comments on {self.path}", classes="title")
            yield Label("Enter on a comment resolves or reopens it · type below and Enter "
                        "to add one · Esc closes", classes="hint")
            if self.comments:
                yield OptionList(*(Option(comment_line(c), id=str(c["id"]))
                                   for c in self.comments), id="thread")
            else:
                yield Label("No comments yet.", id="thread-empty")
            yield Input(placeholder="A new comment …", id="new-comment")

    def on_mount(self) -> None:
        self.query_one("#new-comment", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = next(c for c in self.comments if str(c["id"]) == event.option.id)
        self.dismiss(CommentAction("toggle", comment=chosen["id"],
                                   resolve=not chosen["resolved"]))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(CommentAction("add", text=event.value))
