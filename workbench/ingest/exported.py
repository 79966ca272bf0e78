"""The text of a written file, place by place, for the de-identification check: a Word
document's paragraphs and table cells, a workbook's cells, a CSV file's cells, a text or
Markdown file's lines. (A .qdpx archive is opened by the REFI-QDA reader.)"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest.decode import decode_text
from workbench.ingest.files import read_input
from workbench.text.normalize import normalise

CHECKED_SUFFIXES = (".docx", ".xlsx", ".csv", ".md", ".markdown", ".txt", ".html", ".qdpx")
Pieces = list[tuple[str, str]]


def read_pieces(path: Path) -> Pieces:
    """(location, text) of every place in the file that holds text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in CHECKED_SUFFIXES or suffix == ".qdpx":
        raise WorkbenchError(f"the check reads {', '.join(CHECKED_SUFFIXES)} files", path)
    data = read_input(path)
    if suffix == ".docx":
        return _docx(path, data)
    if suffix == ".xlsx":
        return _xlsx(path, data)
    if not data.strip():
        return []
    text = normalise(decode_text(data, path))
    if suffix == ".csv":
        return [(f"row {r}, column {c}", cell)
                for r, row in enumerate(csv.reader(io.StringIO(text)), start=1)
                for c, cell in enumerate(row, start=1) if cell]
    return text_lines(text)


def text_lines(text: str, prefix: str = "") -> Pieces:
    return [(f"{prefix}line {n}", line) for n, line in enumerate(text.split("\n"), start=1)
            if line.strip()]


def _docx(path: Path, data: bytes) -> Pieces:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise WorkbenchError(f"is not a readable Word document ({exc})", path) from None
    pieces: Pieces = [(f"paragraph {n}", p.text)
                      for n, p in enumerate(document.paragraphs, start=1) if p.text.strip()]
    for t, table in enumerate(document.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            seen = set()
            for c, cell in enumerate(row.cells, start=1):
                if id(cell._tc) in seen:  # a merged cell appears once per column it spans
                    continue
                seen.add(id(cell._tc))
                if cell.text.strip():
                    pieces.append((f"table {t}, row {r}, cell {c}", cell.text))
    for s, section in enumerate(document.sections, start=1):
        for part, name in ((section.header, "header"), (section.footer, "footer")):
            for n, p in enumerate(part.paragraphs, start=1):
                if p.text.strip():
                    pieces.append((f"section {s} {name}, paragraph {n}", p.text))
    return pieces


def _xlsx(path: Path, data: bytes) -> Pieces:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise WorkbenchError(f"is not a readable Excel workbook ({exc})", path) from None
    pieces: Pieces = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip():
                    pieces.append((f"{sheet.title}!{cell.coordinate}", cell.value))
    book.close()
    return pieces
