"""Any ``Table`` as an Excel workbook: the header and the rows cell for cell on the first sheet
(numbers as numbers, no merged cells, so that it sorts and filters), the title and the notes
on a second. Written row by row (openpyxl's write-only mode), so a table of every coding
does not have to fit in memory as cell objects."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from workbench.export.table import Cell, Table

EXCEL_MAX_TEXT = 32_767
CHARACTERS_PER_WEIGHT = 16  # a column of relative width 1 is this many characters wide
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def table_xlsx(table: Table) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_NOT_IN_SHEET_NAMES.sub(" ", table.title)[:31])
    for index, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header_fill = PatternFill("solid", fgColor="F2F2F2")
    sheet.append([_cell(sheet, name, bold, wrap, header_fill) for name in table.columns])
    cut = 0
    for index, row in enumerate(table.rows):
        heading = index in table.headings
        cells = []
        for column, value in enumerate(row):
            if isinstance(value, str) and len(value) > EXCEL_MAX_TEXT:
                value = value[:EXCEL_MAX_TEXT - 1] + "…"
                cut += 1
            font = bold if heading and column < table.labels else None
            cells.append(_cell(sheet, value, font, wrap))
        sheet.append(cells)
    notes = book.create_sheet("Notes")
    notes.append([table.title])
    for note in table.notes:
        notes.append([note])
    if cut:
        notes.append([f"{cut} cells held more than Excel's {EXCEL_MAX_TEXT:,} characters and "
                      "end in …; the CSV export holds them whole."])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value: Cell, font: Font | None, alignment: Alignment,
          fill: PatternFill | None = None) -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a text that starts with "=" is text, never a live formula
    cell.alignment = alignment
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    return cell


def _widths(table: Table) -> list[float]:
    """From the table's relative widths, else from the longest line in each column."""
    if table.widths:
        return [weight * CHARACTERS_PER_WEIGHT for weight in table.widths]
    longest = [len(name) for name in table.columns]
    for row in table.rows:
        for index, value in enumerate(row):
            line = max(str(value).split("\n"), key=len)
            longest[index] = max(longest[index], len(line))
    return [min(max(length + 2, 6), 60) for length in longest]
