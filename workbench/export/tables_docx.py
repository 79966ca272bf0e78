"""Any ``Table`` as a Word table in the style of a journal: a rule above and below, a rule
under the header (repeated on every page), hairlines between rows, themes in bold on a light
shade, nested theme cells merged, numbers right-aligned.

Only elements of the WordprocessingML schema, inserted in the order it prescribes, so that
Word and LibreOffice open the file without offering to repair it.
"""

from __future__ import annotations

import io
import re

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Inches, Pt
from docx.table import _Cell

from workbench.errors import WorkbenchError
from workbench.export.table import Cell, Table

WORD_MAX_COLUMNS = 63
BODY_FONT = "Calibri"  # narrower than the template's Cambria, so more fits in a column
HEADING_FILL = "F2F2F2"
HAIRLINE = "BFBFBF"
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Successors of the elements added here, in the schema's order (CT_TblPr, CT_TcPr, CT_TrPr).
_AFTER_TBL_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                      "w:tblDescription", "w:tblPrChange")
_AFTER_TC_BORDERS = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                     "w:vAlign", "w:hideMark", "w:headers", "w:cellIns", "w:cellDel",
                     "w:cellMerge", "w:tcPrChange")
_AFTER_TC_SHADE = _AFTER_TC_BORDERS[1:]
_AFTER_TBL_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")


def new_document(title: str, landscape: bool = False) -> Document:
    """An empty document: 2.5 cm margins, 10 pt Calibri, portrait or landscape."""
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = ""
    document.core_properties.last_modified_by = ""
    body = document.styles["Normal"].font
    body.name, body.size = BODY_FONT, Pt(10)
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    return document


def to_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def table_docx(table: Table, landscape: bool = False) -> bytes:
    """A document holding the one table, its title above and its notes below."""
    document = new_document(table.title, landscape)
    add_table(document, table)
    return to_bytes(document)


def add_table(document: Document, table: Table, label: str = "Table 1") -> None:
    if len(table.columns) > WORD_MAX_COLUMNS:
        raise WorkbenchError(f"a Word table holds at most {WORD_MAX_COLUMNS} columns and this "
                             f"one has {len(table.columns)}; export it as xlsx or csv")
    caption = document.add_paragraph()
    caption.add_run(f"{label}. ").bold = True
    caption.add_run(clean(table.title))
    caption.paragraph_format.keep_with_next = True
    grid = document.add_table(rows=len(table.rows) + 1, cols=len(table.columns))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _set_rules(grid)
    widths = _widths(document, table)
    for column, width in zip(grid.columns, widths):
        column.width = width
    header = grid.rows[0]
    _repeat_as_header(header)
    for cell, name, width in zip(header.cells, table.columns, widths):
        cell.width = width
        _write(cell, name, bold=True)
        _border(cell, "bottom", "8", "000000")
    for index, (values, row) in enumerate(zip(table.rows, grid.rows[1:])):
        heading = index in table.headings
        for column, (cell, value, width) in enumerate(zip(row.cells, values, widths)):
            cell.width = width
            _write(cell, value, bold=heading and column < table.labels)
            if heading:
                _shade(cell, HEADING_FILL)
    for column, first, last in table.merged_runs():
        grid.cell(first + 1, column).merge(grid.cell(last + 1, column))
    for note in table.notes:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(clean(note))
        run.font.size = Pt(8)
        run.italic = True


def clean(text: str) -> str:
    """Without the control characters that XML cannot hold."""
    return _NOT_XML.sub("", text)


def _widths(document: Document, table: Table) -> list[Emu]:
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    weights = table.widths or [1.0] * len(table.columns)
    return [Emu(int(usable * weight / sum(weights))) for weight in weights]


def _write(cell: _Cell, value: Cell, bold: bool) -> None:
    """Each line of the value as a paragraph of the cell; numbers right-aligned. A blank
    cell stays empty, so that merging it into the cell above adds nothing there."""
    if value == "":
        return
    number = isinstance(value, (int, float))
    lines = clean(str(value)).split("\n")
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(3 if index < len(lines) - 1 else 0)
        if number:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(line)
        run.font.size = Pt(9)
        run.bold = bold or None


def _rule(tag: str, size: str, colour: str) -> OxmlElement:
    element = OxmlElement(f"w:{tag}")
    if size == "0":
        element.set(qn("w:val"), "nil")
        return element
    element.set(qn("w:val"), "single")
    element.set(qn("w:sz"), size)  # eighths of a point
    element.set(qn("w:space"), "0")
    element.set(qn("w:color"), colour)
    return element


def _set_rules(grid) -> None:
    """Rules of a journal table: heavy above and below, hairlines between rows, no verticals."""
    borders = OxmlElement("w:tblBorders")
    for tag, size, colour in (("top", "12", "000000"), ("left", "0", ""),
                              ("bottom", "12", "000000"), ("right", "0", ""),
                              ("insideH", "4", HAIRLINE), ("insideV", "0", "")):
        borders.append(_rule(tag, size, colour))
    grid._tbl.tblPr.insert_element_before(borders, *_AFTER_TBL_BORDERS)


def _border(cell: _Cell, side: str, size: str, colour: str) -> None:
    borders = OxmlElement("w:tcBorders")
    borders.append(_rule(side, size, colour))
    cell._tc.get_or_add_tcPr().insert_element_before(borders, *_AFTER_TC_BORDERS)


def _shade(cell: _Cell, fill: str) -> None:
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shade, *_AFTER_TC_SHADE)


def _repeat_as_header(row) -> None:
    row._tr.get_or_add_trPr().insert_element_before(OxmlElement("w:tblHeader"),
                                                    *_AFTER_TBL_HEADER)
