"""Laying a transcript out as terminal lines: wrapping by cell width, and mapping between
text offsets and (line, column). Pure functions, so that they can be tested without a screen.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from rich.cells import get_character_cell_size


@dataclass(frozen=True)
class Line:
    """One row of the transcript view: a turn's header, or a piece of a turn's text."""

    turn: int  # index into the turns
    start: int  # text offset of the first character shown
    end: int  # text offset after the last character shown
    header: bool = False


def char_width(ch: str) -> int:
    return get_character_cell_size(ch)


def wrap(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Break ``text[start:end]`` into rows of at most ``width`` cells, at spaces where possible.

    Line breaks in the text end a row; an empty line stays an empty row. Spaces at a break
    are not shown at the start of the next row.
    """
    width = max(width, 4)
    rows: list[tuple[int, int]] = []
    paragraph_start = start
    while paragraph_start <= end:
        newline = text.find("\n", paragraph_start, end)
        paragraph_end = end if newline < 0 else newline
        rows.extend(_wrap_paragraph(text, paragraph_start, paragraph_end, width))
        if newline < 0:
            break
        paragraph_start = newline + 1
    return rows


def _wrap_paragraph(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    if start == end:
        return [(start, start)]
    if end - start <= width and text[start:end].isascii():
        return [(start, end)]
    rows = []
    row_start, column, last_space = start, 0, -1
    position = start
    while position < end:
        ch = text[position]
        cells = 1 if ch < "\u0300" else char_width(ch)
        if column + cells > width and position > row_start:
            cut = last_space + 1 if last_space >= row_start else position
            rows.append((row_start, _rstrip(text, row_start, cut)))
            row_start = cut
            while row_start < end and text[row_start] == " ":
                row_start += 1
            column = sum(char_width(c) for c in text[row_start:position])
            last_space = text.rfind(" ", row_start, position)
            continue
        if ch == " ":
            last_space = position
        column += cells
        position += 1
    rows.append((row_start, _rstrip(text, row_start, end)))
    return rows


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] == " ":
        end -= 1
    return end


class Layout:
    """All rows of a transcript at one width, with lookups both ways."""

    def __init__(self, text: str, turns: list[dict], width: int) -> None:
        self.text = text
        self.width = width
        self.lines: list[Line] = []
        self.turn_first_line: list[int] = []
        for index, turn in enumerate(turns):
            self.turn_first_line.append(len(self.lines))
            self.lines.append(Line(index, turn["start"], turn["start"], header=True))
            for row_start, row_end in wrap(text, turn["start"], turn["end"], width):
                self.lines.append(Line(index, row_start, row_end))
        self._body = [i for i, line in enumerate(self.lines) if not line.header]
        self._body_starts = [self.lines[i].start for i in self._body]

    def line_of(self, offset: int) -> int:
        """The row that shows ``offset`` (the row after it when it falls on a break)."""
        if not self._body:
            return 0
        k = max(bisect.bisect_right(self._body_starts, offset) - 1, 0)
        return self._body[k]

    def column_of(self, offset: int) -> int:
        line = self.lines[self.line_of(offset)]
        return sum(char_width(c) for c in self.text[line.start:min(offset, line.end)])

    def offset_at(self, row: int, column: int) -> int:
        """The text offset shown at a screen cell (clamped to the row's text)."""
        row = min(max(row, 0), len(self.lines) - 1)
        line = self.lines[row]
        if line.header:
            return line.start
        used = 0
        for position in range(line.start, line.end):
            used += char_width(self.text[position])
            if used > column:
                return position
        return line.end
