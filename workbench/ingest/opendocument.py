"""OpenDocument text (.odt) transcripts, read with odfdo: paragraphs and headings in
document order (inside lists and sections too), and two-column speaker | text tables.

Footnotes, endnotes and comments sit inside the paragraph they belong to, and page headers
and footers in the styles part: none of them is what was said, so they are taken out of the
paragraph's text and listed in a warning.

odfdo is imported when an .odt is read, so that opening a project does not load it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError
from workbench.ingest.document import RawDocument, left_out_warning
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
    asides: list[tuple[str, str]] = []
    result = from_paragraphs(list(_blocks(body, asides)), "odt", path, "OpenDocument file")
    result.warnings += left_out_warning(asides + _page_texts(document))
    return result


def _blocks(element: Element, asides: list[tuple[str, str]]) -> Iterator[str]:
    for child in element.children:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag in _TEXT:
            yield _spoken(child, asides)
        elif tag == "table:table":
            yield from table_lines(_cells(row, asides) for row in child.traverse())
        else:
            yield from _blocks(child, asides)


def _cells(row: Element, asides: list[tuple[str, str]]) -> list[str]:
    return ["\n".join(_spoken(p, asides) for p in cell.children if p.tag in _TEXT)
            for cell in row.traverse()]


def _spoken(paragraph: Element, asides: list[tuple[str, str]]) -> str:
    """The paragraph's text without its notes and comments, which go to ``asides``."""
    inside = paragraph.get_elements("descendant::text:note|descendant::office:annotation")
    if not inside:
        return paragraph.text_recursive
    paragraph = paragraph.clone
    for element in paragraph.get_elements("descendant::text:note|descendant::office:annotation"):
        if element.tag == "text:note":
            kind = "endnote" if element.get_attribute("text:note-class") == "endnote" \
                else "footnote"
            body = element.get_element("text:note-body")
            text = _joined(body) if body is not None else ""
        else:
            kind, text = "comment", _joined(element)
        if text:
            asides.append((kind, text))
        element.delete()
    return paragraph.text_recursive


def _page_texts(document) -> list[tuple[str, str]]:
    """The page headers and footers of the master pages, each text once."""
    found: list[tuple[str, str]] = []
    styles = document.get_part("styles")
    for tag, kind in (("header", "page header"), ("footer", "page footer")):
        for element in styles.get_elements(f"//style:{tag}|//style:{tag}-left|//style:{tag}-first"):
            text = _joined(element)
            if text and (kind, text) not in found:
                found.append((kind, text))
    return found


def _joined(element: Element) -> str:
    """The paragraphs inside ``element`` as one line (a comment's author and date are not)."""
    return " ".join(" ".join(p.text_recursive.split())
                    for p in element.get_elements("descendant::text:p|descendant::text:h"))
