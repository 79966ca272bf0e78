"""The codebook tree with counts, and the panel with the selected code's definition and rules."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import Static, Tree


class CodebookTree(Tree[int]):
    """Codes as a tree; node data is the code id. Labels: number, colour dot, name; the count
    at the pane's right edge.

    Keeps the codes it shows (every field of ``Codebook.tree``), so that the screens read a
    code's definition, name and path from here rather than from the database."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.guide_depth = 2  # narrow guides: the names get the room
        self.codes: dict[int, dict] = {}  # in tree order
        self.marked: frozenset[int] = frozenset()  # the codes at the transcript's cursor
        self._code_nodes: dict[int, object] = {}
        self._review = False

    def fill(self, tree: list[dict], expand: bool = True, review: bool = False) -> None:
        """``review``: each label also shows the code's review status and open comments."""
        selected = self.cursor_node.data if self.cursor_node else None
        self.codes = {node["id"]: node for node in _flatten(tree)}
        self._review = review
        self._code_nodes = {}
        self.clear()
        self.root.expand()

        def add(parent, nodes: list[dict]) -> None:
            for node in nodes:
                label = self._label(node)
                if node["children"]:
                    branch = parent.add(label, data=node["id"], expand=expand)
                    add(branch, node["children"])
                else:
                    branch = parent.add_leaf(label, data=node["id"])
                self._code_nodes[node["id"]] = branch

        add(self.root, tree)
        if selected is not None:
            self.select_code(selected)

    def _label(self, node: dict) -> Text:
        """Number, colour dot, name, count; a code at the transcript's cursor is marked with
        ``▶`` and bold (not by colour alone)."""
        here = node["id"] in self.marked
        return Text.assemble(("▶" if here else " ", "bold"), (f"{node['number']} ", "dim"),
                             ("● ", node.get("shown_colour") or node["colour"] or "grey50"),
                             review_marks(node) if self._review else "",
                             (node["name"], "bold underline" if here else ""))

    def render_label(self, node, base_style, style) -> Text:
        """The label, and the code's count at the right edge: a name too long for the pane
        is cut with "…" rather than the count pushed out of sight."""
        text = super().render_label(node, base_style, style)
        code = self.codes.get(node.data)
        if code is None:
            return text
        count = f" {code['codings_total']}"
        # The vertical scrollbar's room is kept whether it shows or not: it comes and goes
        # with the tree's length, and lines drawn before it came would keep the wider cut.
        room = (self.size.width - self.styles.scrollbar_size_vertical
                - _depth(node) * self.guide_depth - len(count))
        if room < 8:  # no room to speak of: as it is, the pane scrolls sideways
            return Text.assemble(text, (count, "dim"))
        if text.cell_len > room:
            text.truncate(room - 1)
            text.append("…")
        text.pad_right(room - text.cell_len)
        return Text.assemble(text, (count, "dim"))

    def mark(self, code_ids: Iterable[int]) -> None:
        """Mark the codes that the passage at the transcript's cursor carries."""
        marked = frozenset(code_ids)
        if marked == self.marked:
            return
        changed = marked ^ self.marked
        self.marked = marked
        for code_id in changed:
            node = self._code_nodes.get(code_id)
            if node is not None and code_id in self.codes:
                node.set_label(self._label(self.codes[code_id]))

    def select_code(self, code_id: int) -> None:
        def find(node):
            if node.data == code_id:
                return node
            for child in node.children:
                found = find(child)
                if found:
                    return found
            return None

        node = find(self.root)
        if node is not None:  # after a fill its line is known only once the tree is drawn
            self.call_after_refresh(self.move_cursor, node)

    @property
    def highlighted_code(self) -> dict | None:
        node = self.cursor_node
        return None if node is None or node.data is None else self.codes.get(node.data)

    def name_of(self, code_id: int) -> str:
        code = self.codes.get(code_id)
        return code["name"] if code else "?"

    def choices(self, top: str | None = None, exclude: int | None = None
                ) -> list[tuple[str, str]]:
        """Options for a ``Choose`` of a code: (id, "number path"); first ``top`` (id
        ``top``) for the top level, if given; without the code ``exclude``."""
        options = [("top", top)] if top else []
        return options + [(str(c["id"]), f"{c['number']} {c['path']}")
                          for c in self.codes.values() if c["id"] != exclude]


STATUS_STYLES = {"draft": "dim", "proposed": "yellow", "approved": "green",
                 "disputed": "bold red"}


def review_marks(node: dict) -> Text:
    """``approved ✎2 `` before a code's name: its review status (padded, so that the names
    line up among siblings) and its open review comments."""
    status = node.get("review_status") or "draft"
    marks = Text.assemble((f"{status:<8} ", STATUS_STYLES.get(status, "")))
    if node.get("open_comments"):
        marks.append(f"✎{node['open_comments']} ", style="bold")
    return marks


def _flatten(tree: list[dict]) -> Iterable[dict]:
    for node in tree:
        yield node
        yield from _flatten(node["children"])


class DefinitionPanel(Static):
    """Name, path, short and full definition, when (not) to use, example, usage."""

    def show_code(self, code: dict | None, usage: str = "", review: bool = False) -> None:
        if code is None:
            self.update("Select a code to see its definition.")
            return
        parts = [Text(code["path"], style="bold")]
        for label, key in (("", "short_definition"), ("Definition", "definition"),
                           ("When to use", "inclusion"), ("When not to use", "exclusion"),
                           ("Example", "example")):
            if code.get(key):
                parts.append(Text.assemble((f"{label}: " if label else "", "bold"), code[key]))
        if usage:
            parts.append(Text(usage, style="dim"))
        if review:
            status = code.get("review_status") or "draft"
            parts.append(Text.assemble(("Review status: ", "bold"),
                                       (status, STATUS_STYLES.get(status, ""))))
            thread = code.get("comments") or []
            lines = [Text("Review comments (c):", style="bold")] + [
                Text(f"{'✓' if c['resolved'] else '•'} {c['author']}, {c['created_at'][:10]}: "
                     f"{c['text']}", style="dim" if c["resolved"] else "")
                for c in thread] if thread else [Text("No review comments (c writes one).",
                                                      style="dim")]
            parts.append(Text("\n").join(lines))
        self.update(Text("\n\n").join(parts))


def _depth(node) -> int:
    """How many levels below the (hidden) root a node is: its indentation in guides."""
    depth = 0
    while node.parent is not None:
        depth, node = depth + 1, node.parent
    return depth
