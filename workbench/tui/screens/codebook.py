"""The codebook screen: edit fields, add, rename, move, merge and delete codes, set a code's
review status and read, write and resolve its review comments, with the coding model's
operations (each one undoable)."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Tree

from workbench.errors import WorkbenchError
from workbench.project import CODE_FIELDS as EDITABLE, REVIEW_STATUSES, Project
from workbench.tui.screens.comments import CommentAction, CommentsScreen
from workbench.tui.screens.prompt import Ask, Choose
from workbench.tui.widgets.codebook import CodebookTree, DefinitionPanel
from workbench.tui.widgets.footer import KeysFooter

FIELD_LABELS = {"short_definition": "Short definition", "definition": "Definition",
                "inclusion": "When to use", "exclusion": "When not to use",
                "example": "Example", "colour": "Colour (#RRGGBB)", "origin": "Origin",
                "codable": "Codable (yes/no)"}


class CodebookScreen(Screen[bool]):
    """Dismisses with True when the codebook was changed."""

    BINDINGS = [Binding("escape", "close", "Back"),
                Binding("a", "add", "Add"), Binding("r", "rename", "Rename"),
                Binding("e", "edit", "Edit field"), Binding("m", "move", "Move"),
                Binding("M", "merge", "Merge into"), Binding("x", "delete", "Delete"),
                Binding("s", "status", "Status"), Binding("c", "comments", "Comments"),
                Binding("u", "undo", "Undo")]

    def __init__(self) -> None:
        super().__init__()
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Label("Codebook — a add · r rename · e edit a field · m move · M merge · "
                    "x delete · s status · c comments · u undo · Esc back")
        with Horizontal():
            yield CodebookTree("Codebook", id="book")
            with VerticalScroll(id="book-detail"):
                yield DefinitionPanel(id="book-definition")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._do(None, "")
        self.query_one("#book", CodebookTree).focus()

    @work(thread=True, group="codebook-edit")
    def _do(self, edit: Callable[[Project], object] | None, done: str) -> None:
        """Make ``edit`` (one undoable step), if any, and read the tree (again)."""
        def run(project: Project) -> list[dict]:
            if edit is not None:
                edit(project)
            return project.codebook_tree()

        try:
            tree = self.app.gateway.run(run)
        except WorkbenchError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error",
                                      title="Not changed")
            return
        self.app.call_from_thread(self.show, tree, done)

    def show(self, tree: list[dict], done: str) -> None:
        """The tree after ``done`` (what was changed; empty when only read)."""
        if done:
            self.changed = True
            self.notify(done)
        self.query_one("#book", CodebookTree).fill(tree, review=True)
        self.query_one("#book-definition", DefinitionPanel).show_code(self._selected(),
                                                                      review=True)

    def _selected(self) -> dict | None:
        return self.query_one("#book", CodebookTree).highlighted_code

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        self.query_one("#book-definition", DefinitionPanel).show_code(
            self.query_one("#book", CodebookTree).codes.get(event.node.data), review=True)

    def action_close(self) -> None:
        self.dismiss(self.changed)

    def action_add(self) -> None:
        parent = self._selected()
        where = f"under {parent['path']}" if parent else "as a new theme"

        def done(name: str | None) -> None:
            if name:
                self._do(lambda p: p.codebook.add(name, parent["id"] if parent else None),
                         f"Added '{name}' {where}")

        self.app.push_screen(Ask(f"Name of the new code {where}"), done)

    def action_rename(self) -> None:
        code = self._selected()
        if code:
            self.app.push_screen(Ask(f"New name for {code['path']}", code["name"]),
                                 lambda name: name and self._do(
                                     lambda p: p.codebook.rename(code["id"], name), "Renamed"))

    def action_edit(self) -> None:
        code = self._selected()
        if not code:
            return

        def chosen(field: str | None) -> None:
            if not field:
                return
            current = code[field]
            if field == "codable":
                current = "yes" if current else "no"

            def save(value: str | None) -> None:
                if value is None:
                    return
                new = value.strip().lower() in ("yes", "y", "true", "1") if field == "codable" \
                    else value
                self._do(lambda p: p.codebook.edit(code["id"], **{field: new}),
                         f"{FIELD_LABELS[field]} saved")

            self.app.push_screen(Ask(f"{FIELD_LABELS[field]} of {code['path']}",
                                     "" if current is None else str(current)), save)

        self.app.push_screen(Choose("Which field?", [(f, FIELD_LABELS[f]) for f in EDITABLE]),
                             chosen)

    def _pick_code(self, question: str, exclude: int, then, top: bool = False) -> None:
        options = self.query_one("#book", CodebookTree).choices(
            top="(top level: a theme)" if top else None, exclude=exclude)
        self.app.push_screen(Choose(question, options), then)

    def action_move(self) -> None:
        code = self._selected()
        if code:
            self._pick_code(f"Move {code['path']} under …", code["id"],
                            lambda target: target and self._do(
                                lambda p: p.codebook.move(
                                    code["id"], None if target == "top" else int(target)),
                                "Moved"), top=True)

    def action_merge(self) -> None:
        code = self._selected()
        if code:
            self._pick_code(f"Merge {code['path']} into …", code["id"],
                            lambda target: target and self._do(
                                lambda p: p.codebook.merge(code["id"], int(target)), "Merged"))

    def action_delete(self) -> None:
        code = self._selected()
        if not code:
            return
        choices = [("delete", f"Delete {code['path']} (refused if it has codings)"),
                   ("recode", "Move its codings to another code, then delete it"),
                   ("force", "Delete it with all its codings")]

        def chosen(how: str | None) -> None:
            if how == "delete":
                self._do(lambda p: p.codebook.delete(code["id"]), "Deleted")
            elif how == "force":
                self._do(lambda p: p.delete_code(code["id"], force=True),
                         "Deleted with its codings")
            elif how == "recode":
                self._pick_code("Move the codings to …", code["id"],
                                lambda target: target and self._do(
                                    lambda p: p.codebook.delete(code["id"],
                                                                recode_to=int(target)),
                                    "Codings moved and code deleted"))

        self.app.push_screen(Choose(f"Delete {code['path']}?", choices), chosen)

    def action_status(self) -> None:
        code = self._selected()
        if not code:
            return
        options = [(s, f"{s}{'  (now)' if s == code['review_status'] else ''}")
                   for s in REVIEW_STATUSES]

        def chosen(status: str | None) -> None:
            if status:
                self._do(lambda p: p.review.set_status(code["id"], status),
                         f"{code['name']}: {status}")

        self.app.push_screen(Choose(f"Review status of {code['path']}", options), chosen)

    def action_comments(self) -> None:
        code = self._selected()
        if not code:
            return

        def chosen(action: CommentAction | None) -> None:
            if action is None:
                return
            if action.kind == "add":
                self._do(lambda p: p.review.add_comment(code["id"], action.text),
                         "Comment added")
            else:
                self._do(lambda p: p.review.resolve(action.comment, action.resolve),
                         "Comment resolved" if action.resolve else "Comment reopened")

        self.app.push_screen(CommentsScreen(code["path"], code.get("comments", [])), chosen)

    def action_undo(self) -> None:
        self._do(lambda p: p.undo(), "Undone")
