"""The codebook tree with counts, and the panel with the selected code's definition and rules."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static, Tree


class CodebookTree(Tree[int]):
    """Codes as a tree; node data is the code id. Labels: number, colour dot, name, count."""

    def fill(self, tree: list[dict], expand: bool = True) -> None:
        selected = self.cursor_node.data if self.cursor_node else None
        self.clear()
        self.root.expand()

        def add(parent, nodes: list[dict]) -> None:
            for node in nodes:
                label = Text.assemble((f"{node['number']} ", "dim"),
                                      ("● ", node["colour"] or "grey50"),
                                      node["name"],
                                      (f" {node['codings_total']}", "dim"))
                if node["children"]:
                    branch = parent.add(label, data=node["id"], expand=expand)
                    add(branch, node["children"])
                else:
                    parent.add_leaf(label, data=node["id"])

        add(self.root, tree)
        if selected is not None:
            self.select_code(selected)

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
        if node is not None:
            self.move_cursor(node)


class DefinitionPanel(Static):
    """Name, path, short and full definition, when (not) to use, example, usage."""

    def show_code(self, code: dict | None, usage: str = "") -> None:
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
        self.update(Text("\n\n").join(parts))
