"""A list of rows of fixed-width cells under a header, with a cursor, rendering only the rows
on screen (Textual's line API).

A DataTable measures and renders every cell through Rich; with a few hundred rows that was
most of the time the consensus screen took to open. Here a row costs nothing until it is
scrolled into view.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


class RowList(ScrollView, can_focus=True):
    """Rows of cells in columns of the given widths (the last one takes what is left).
    Posts ``Highlighted`` when the user moves the cursor (keys or mouse)."""

    DEFAULT_CSS = """
    RowList { background: $surface; overflow-x: hidden; }
    RowList > .rowlist--header { text-style: bold; background: $panel; }
    RowList > .rowlist--even { background: $surface-lighten-1; }
    RowList > .rowlist--cursor { background: $block-cursor-background;
                                 color: $block-cursor-foreground; }
    """
    COMPONENT_CLASSES = {"rowlist--header", "rowlist--even", "rowlist--cursor"}
    BINDINGS = [
        Binding("down", "step(1)", "Down", show=False),
        Binding("up", "step(-1)", "Up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "edge(False)", "First row", show=False),
        Binding("end", "edge(True)", "Last row", show=False),
    ]

    class Highlighted(Message):
        def __init__(self, row_list: "RowList", row: int) -> None:
            super().__init__()
            self.row_list, self.row = row_list, row

    def __init__(self, columns: list[tuple[str, int]], **kwargs) -> None:
        """``columns``: (header, width) pairs."""
        super().__init__(**kwargs)
        self.columns = columns
        self.rows: list[tuple[str, ...]] = []
        self.cursor = 0

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, rows: list[tuple[str, ...]], cursor: int = 0) -> None:
        self.rows = rows
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.move_cursor(cursor)
        self.refresh()

    def move_cursor(self, row: int) -> None:
        """The cursor on ``row``, scrolled into view; no message (the caller knows)."""
        self.cursor = max(0, min(row, len(self.rows) - 1))
        visible = max(1, self.size.height - 1)  # below the header
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)
        self.refresh()

    def _user_move(self, row: int) -> None:
        if not self.rows:
            return
        self.move_cursor(row)
        self.post_message(self.Highlighted(self, self.cursor))

    def action_step(self, step: int) -> None:
        self._user_move(self.cursor + step)

    def action_page(self, step: int) -> None:
        self._user_move(self.cursor + step * max(1, self.size.height - 2))

    def action_edge(self, end: bool) -> None:
        self._user_move(len(self.rows) - 1 if end else 0)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self._user_move(event.y - 1 + self.scroll_offset.y)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._line(tuple(h for h, _ in self.columns),
                              self.get_component_rich_style("rowlist--header"), width)
        row = y - 1 + self.scroll_offset.y
        if row >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        style = (self.get_component_rich_style("rowlist--cursor") if row == self.cursor
                 else self.get_component_rich_style("rowlist--even") if row % 2
                 else self.rich_style)
        return self._line(self.rows[row], style, width)

    def _line(self, cells: tuple[str, ...], style: Style, width: int) -> Strip:
        text = " ".join(cell[:size].ljust(size) for cell, (_, size)
                        in zip(cells[:-1], self.columns[:-1]))
        text = f" {text} {cells[-1] if cells else ''}"
        return Strip([Segment(text, style)]).crop_extend(0, width, style)
