"""OpenDocument text (.odt) transcripts, read with odfdo: paragraphs and headings in
document order (inside lists and sections too), and two-column speaker | text tables.

odfdo is imported when an .odt is read, so that opening a project does not load it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError
from workbench.ingest.document import RawDocument
from workbench.ingest.paragraphs import from_paragraphs, table_lines

if TYPE_CHECKING:
    from odfdo import Element

_TEXT = {"text:p", "text:h"}
# Kept out of the text: deleted tracked changes, field declarations, forms, page breaks.
_SKIP = {"text:tracked-changes", "text:sequence-decls", "text:variable-decls",
         "text:user-field-decls", "office:forms", "text:soft-page-break",
         "table:table-columns", "table:table-column", "table:table-header-columns"}


def read_odt(path: Path, data: bytes) -> RawDocument:
    from odfdo import Document

    try:
        document = Document(io.BytesIO(data))
        body = document.body
    except Exception as exc:  # odfdo raises zip, XML and its own errors for a broken file
        raise WorkbenchError(
            f"is not a readable OpenDocument text ({type(exc).__name__}: {exc})", path
        ) from None
    return from_paragraphs(_blocks(body), "odt", path, "OpenDocument file")


def _blocks(element: Element) -> Iterator[str]:
    for child in element.children:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag in _TEXT:
            yield child.text_recursive
        elif tag == "table:table":
            yield from table_lines(_cells(row) for row in child.traverse())
        else:
            yield from _blocks(child)


def _cells(row: Element) -> list[str]:
    return ["\n".join(p.text_recursive for p in cell.children if p.tag in _TEXT)
            for cell in row.traverse()]
