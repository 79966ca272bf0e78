"""Word-processor transcripts (.docx, .odt) as paragraphs: the document from its paragraphs,
and tables, where a two-column table is a speaker | text transcript.

Each row of such a table becomes a ``Speaker: text`` paragraph (the header row,
``Speaker | Text``, is left out); rows of other tables are kept as tab-separated text so
that nothing in them is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest.document import RawDocument
from workbench.text.normalize import normalise

_TABLE_HEADERS = {"speaker", "name", "who", "text", "transcript", "utterance", "发言人", "内容"}


def table_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    """The paragraphs a table's rows (the text of each cell) read as."""
    for cells in rows:
        texts = [c.strip() for c in cells]
        if len(texts) == 2:
            speaker, said = texts
            if {speaker.lower(), said.lower()} <= _TABLE_HEADERS:
                continue  # the header row
            if speaker and said:
                yield f"{speaker}: {said}"
            elif said or speaker:
                yield said or speaker
        elif any(texts):
            yield "\t".join(t for t in texts if t)


def from_paragraphs(paragraphs: Iterable[str], fmt: str, path: Path, kind: str) -> RawDocument:
    """The document whose paragraphs (in order) these are; an error if it has no text."""
    text = normalise("\n\n".join(p for p in paragraphs if p.strip()))
    if not text.strip():
        raise WorkbenchError(f"the {kind} has no text", path)
    return RawDocument(text=text, format=fmt)
