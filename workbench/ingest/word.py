"""Word (.docx) transcripts: paragraphs in order, and two-column speaker | text tables."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from workbench.errors import WorkbenchError
from workbench.ingest.document import RawDocument
from workbench.ingest.paragraphs import from_paragraphs, table_lines


def read_docx(path: Path, data: bytes) -> RawDocument:
    if not data:
        raise WorkbenchError("the file is empty", path)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise WorkbenchError(f"is not a readable Word document ({exc})", path) from None
    except Exception as exc:  # python-docx raises several lxml and package errors
        raise WorkbenchError(
            f"is not a readable Word document ({type(exc).__name__}: {exc})", path
        ) from None
    return from_paragraphs(_blocks(document), "docx", path, "Word document")


def _blocks(document: Document):
    """Yield the body's paragraphs and table rows in document order, as text."""
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield from _table_rows(block)


def _table_rows(table: Table):
    """A two-column table is a speaker | text transcript; other tables are read row by row."""
    return table_lines([c.text for c in _unique_cells(row.cells)] for row in table.rows)


def _unique_cells(cells):
    """Merged cells repeat in python-docx's row view; keep each once."""
    seen: list = []
    for cell in cells:
        if not any(cell._tc is s._tc for s in seen):
            seen.append(cell)
    return seen
