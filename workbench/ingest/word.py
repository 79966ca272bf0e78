"""Word (.docx) transcripts: the body's text in reading order, and two-column speaker | text
tables.

The document is read as a stream (lxml's iterparse straight from the zip member), one
top-level block at a time, so that memory stays bounded whatever the file holds; a document
of more than ``MAX_PARAGRAPHS`` paragraphs, or whose body expands beyond ``MAX_PART_BYTES``,
is refused (a small file of millions of empty paragraphs is a zip bomb, not a transcript).

What is text, as Word shows it with all tracked changes accepted: runs anywhere in a
paragraph (hyperlinks, tracked insertions ``w:ins`` and moves ``w:moveTo``, content controls
``w:sdt``, simple and complex fields' results, smart tags, custom XML); text boxes, as
paragraphs after the paragraph that anchors them; table cells, nested tables inside them
row by row. Deleted text (``w:del``, ``w:moveFrom``) and field codes (``w:instrText``) are
not. Footnotes, endnotes, comments, page headers and footers are not part of the spoken
text: they are left out and listed in a warning, as are embedded documents (``w:altChunk``).
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from lxml import etree

from workbench.errors import WorkbenchError
from workbench.ingest.document import RawDocument, left_out_warning
from workbench.ingest.paragraphs import from_paragraphs, table_lines

MAX_PARAGRAPHS = 250_000  # a 1,000-page transcript has about 30,000
MAX_PART_BYTES = 256 << 20  # the body's XML, uncompressed
MAX_NOTES_BYTES = 32 << 20  # footnotes, endnotes or comments, to list what is left out
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_NOTE_PARTS = (("footnotes", "footnote", "footnote"), ("endnotes", "endnote", "endnote"),
               ("comments", "comment", "comment"))
# Page headers and footers: one part each, the whole part one text (Word keeps up to three
# per section, first page, even pages and the rest, often alike).
_PAGE_PARTS = (("header", "page header"), ("footer", "page footer"))
_EVENT_TAGS = ("{*}p", "{*}tbl", "{*}body")
_SKIPPED = {"del", "moveFrom", "instrText", "delText", "delInstrText", "rPr", "pPr",
            "tblPr", "tblGrid", "trPr", "tcPr", "sectPr", "sdtPr", "sdtEndPr"}


class _Refused(Exception):
    """The document breaks a limit; the message says which."""


def read_docx(path: Path, data: bytes) -> RawDocument:
    if not data:
        raise WorkbenchError("the file is empty", path)
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            main = _main_part(package)
            reader = _Body()
            paragraphs = list(reader.paragraphs(package, main))
            notes = _notes(package, main)
    except _Refused as exc:
        raise WorkbenchError(f"is refused: {exc}; nothing was imported", path) from None
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError, zlib.error,
            NotImplementedError, RuntimeError, etree.LxmlError) as exc:
        # NotImplementedError: a compression method zipfile lacks (Deflate64, AES);
        # RuntimeError: an encrypted member, which needs a password.
        raise WorkbenchError(
            f"is not a readable Word document ({type(exc).__name__}: {exc})", path) from None
    document = from_paragraphs(paragraphs, "docx", path, "Word document")
    document.warnings.extend(reader.warnings() + notes)
    return document


def _parser_options() -> dict:
    """Untrusted XML: no entities resolved, no DTD loaded, nothing fetched, and libxml2's
    own limits kept (elements nested at most 256 deep, no text node above 10 MB)."""
    return dict(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def _main_part(package: zipfile.ZipFile) -> str:
    """The document part's name, as the package's relationships give it."""
    try:
        rels = _small_xml(package, "_rels/.rels")
    except KeyError:
        return "word/document.xml"
    for rel in rels.iter(f"{{{_RELS}}}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    raise KeyError("the package names no main document")


def _small_xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    info = package.getinfo(name)
    if info.file_size > MAX_NOTES_BYTES:
        raise _Refused(f"'{name}' would expand to {info.file_size:,} bytes")
    with package.open(info) as handle:
        data = handle.read(MAX_NOTES_BYTES + 1)
    if len(data) > MAX_NOTES_BYTES:
        raise _Refused(f"'{name}' expands beyond {MAX_NOTES_BYTES:,} bytes")
    return etree.fromstring(data, etree.XMLParser(**_parser_options()))


class _Limited:
    """A zip member's stream that stops at ``MAX_PART_BYTES``, whatever its header says."""

    def __init__(self, handle) -> None:
        self.handle, self.read_bytes = handle, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size if size and size > 0 else 1 << 16)
        self.read_bytes += len(chunk)
        if self.read_bytes > MAX_PART_BYTES:
            raise _Refused(f"its text expands beyond {MAX_PART_BYTES >> 20} MB of XML")
        return chunk


class _Body:
    """The body's paragraphs as text, block by block, and what was left out of them."""

    def __init__(self) -> None:
        self.count = 0  # paragraphs seen, empty ones included
        self.deleted = 0  # tracked deletions and moved-away text left out
        self.chunks = 0  # embedded documents left out

    def paragraphs(self, package: zipfile.ZipFile, part: str) -> Iterator[str]:
        """The body's paragraphs, each top-level block read when it ends and then dropped.

        Events come for paragraphs, tables and the body only (lxml filters them); a block
        of another kind is read when the next such element after it ends."""
        with package.open(part) as handle:
            events = etree.iterparse(_Limited(handle), events=("end",), tag=_EVENT_TAGS,
                                     **_parser_options())
            body = None
            for _, element in events:
                name = _local(element.tag)
                if name == "p":
                    self.count += 1
                    if self.count > MAX_PARAGRAPHS:
                        raise _Refused(f"it holds more than {MAX_PARAGRAPHS:,} paragraphs, "
                                       "more than any transcript")
                elif name == "body":
                    body = element
                    for block in list(body):  # what is left: blocks after the last event
                        yield from self.block(block)
                    body.clear()
                    continue
                parent = element.getparent()
                if parent is None or _local(parent.tag) != "body":
                    continue
                while element.getprevious() is not None:  # blocks of other kinds before it
                    yield from self.block(parent[0])
                    del parent[0]
                if len(element) or element.text:
                    yield from self.block(element)
                element.clear()
                del parent[0]
        if body is None:
            raise KeyError(f"'{part}' has no <w:body>")

    def block(self, element: etree._Element) -> Iterator[str]:
        """The paragraphs of one block: a paragraph (then its text boxes), a table's rows, or
        the blocks inside a content control, custom XML or tracked change."""
        name = _local(element.tag)
        if name == "p":
            boxes: list[etree._Element] = []
            yield self.text(element, boxes)
            for box in boxes:
                for inner in box:
                    yield from self.block(inner)
        elif name == "tbl":
            yield from table_lines(self.rows(element))
        elif name == "altChunk":
            self.chunks += 1
        elif name == "AlternateContent":
            choices = [c for c in element if isinstance(c.tag, str)]
            if choices:  # the first choice only: the others show the same content
                yield from self.block(choices[0])
        elif name in ("del", "moveFrom"):
            self.deleted += 1
        elif name not in _SKIPPED:
            for child in _content(element):
                yield from self.block(child)

    def block_texts(self, element: etree._Element) -> Iterator[str]:
        """The non-empty paragraphs inside ``element`` (a footnote, a comment)."""
        for child in _content(element):
            for text in self.block(child):
                if text.strip():
                    yield text

    def rows(self, table: etree._Element) -> Iterator[list[str]]:
        """Each row's cell texts; a vertically merged cell repeats the text above it."""
        above: dict[int, str] = {}
        for row in _descendants(table, "tr", "tbl"):
            properties = row.find(f"{{{_ns(row)}}}trPr")
            if properties is not None and any(_local(c.tag) == "del" for c in properties):
                self.deleted += 1
                continue
            texts, column = [], 0
            for cell in _descendants(row, "tc", "tbl"):
                span = _span(cell)
                if _continues(cell):
                    texts.append(above.get(column, ""))
                else:
                    lines = []
                    for child in _content(cell):
                        lines.extend(self.block(child))
                    texts.append("\n".join(line for line in lines if line.strip()))
                    above[column] = texts[-1]
                column += span
            yield texts

    def text(self, paragraph: etree._Element, boxes: list[etree._Element]) -> str:
        """A paragraph's text as Word shows it, its text boxes collected into ``boxes``."""
        parts: list[str] = []
        self._runs(paragraph, parts, boxes)
        return "".join(parts)

    def _runs(self, element: etree._Element, parts: list[str],
              boxes: list[etree._Element]) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue  # a comment or processing instruction
            name = _local(child.tag)
            if name == "t":
                parts.append(child.text or "")
            elif name in ("del", "moveFrom"):
                self.deleted += 1
            elif name in _SKIPPED:
                continue
            elif name in ("tab", "ptab"):
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "txbxContent":
                boxes.append(child)
            elif name == "AlternateContent":
                choices = [c for c in child if isinstance(c.tag, str)]
                if choices:  # the first choice only: the others show the same content
                    self._runs(choices[0], parts, boxes)
            else:
                self._runs(child, parts, boxes)

    def warnings(self) -> list[str]:
        found = []
        if self.deleted:
            found.append(f"{self.deleted} tracked deletion{'s' if self.deleted != 1 else ''} "
                         "left out: the text is read with every tracked change accepted")
        if self.chunks:
            found.append(f"{self.chunks} embedded document{'s' if self.chunks != 1 else ''} "
                         "(altChunk) left out: save the document in Word to merge them in")
        return found


def _content(element: etree._Element) -> Iterator[etree._Element]:
    """Children, with a content control's properties left aside for its content."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if _local(child.tag) == "sdtContent":
            yield from _content(child)
        else:
            yield child


def _descendants(element: etree._Element, name: str, stop: str) -> Iterator[etree._Element]:
    """The ``name`` elements under ``element`` (through content controls and tracked
    changes), not looking into ``stop`` elements (nested tables)."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        local = _local(child.tag)
        if local == name:
            yield child
        elif local != stop and local not in _SKIPPED:
            yield from _descendants(child, name, stop)


def _span(cell: etree._Element) -> int:
    ns = _ns(cell)
    span = cell.find(f"{{{ns}}}tcPr/{{{ns}}}gridSpan")
    try:
        return max(int(span.get(f"{{{ns}}}val", "1")), 1) if span is not None else 1
    except ValueError:
        return 1


def _continues(cell: etree._Element) -> bool:
    """A cell that continues a vertical merge from the row above."""
    ns = _ns(cell)
    merge = cell.find(f"{{{ns}}}tcPr/{{{ns}}}vMerge")
    return merge is not None and merge.get(f"{{{ns}}}val", "continue") == "continue"


def _notes(package: zipfile.ZipFile, main: str) -> list[str]:
    """A warning listing the footnotes, endnotes, comments, page headers and footers left
    out, with their text."""
    targets = _related_parts(package, main)
    found: list[tuple[str, str]] = []
    for kind, element, aside in _NOTE_PARTS:
        for root in _part_roots(package, targets.get(kind, [])):
            for note in root:
                if not isinstance(note.tag, str) or _local(note.tag) != element:
                    continue
                if note.get(f"{{{_ns(note)}}}type") not in (None, "normal"):
                    continue  # the separator lines Word keeps among the footnotes
                if text := _joined(note):
                    found.append((aside, text))
    for kind, aside in _PAGE_PARTS:
        texts: list[str] = []
        for root in _part_roots(package, targets.get(kind, [])):
            if (text := _joined(root)) and text not in texts:
                texts.append(text)
        found += [(aside, text) for text in texts]
    return left_out_warning(found)


def _related_parts(package: zipfile.ZipFile, main: str) -> dict[str, list[str]]:
    """The parts the main document refers to, by relationship type (its last word)."""
    folder = posixpath.dirname(main)
    rels_name = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
    try:
        rels = _small_xml(package, rels_name)
    except KeyError:
        return {}
    targets: dict[str, list[str]] = {}
    for rel in rels.iter(f"{{{_RELS}}}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External" and target:
            path = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            targets.setdefault(kind, []).append(path)
    return targets


def _part_roots(package: zipfile.ZipFile, names: list[str]) -> Iterator[etree._Element]:
    for name in names:
        try:
            yield _small_xml(package, name)
        except KeyError:
            continue  # a relationship to a part the package lacks


def _joined(element: etree._Element) -> str:
    return " ".join(" ".join(t.split()) for t in _Body().block_texts(element))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(element: etree._Element) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
