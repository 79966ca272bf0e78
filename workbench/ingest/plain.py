"""Plain-text and Markdown transcripts."""

from __future__ import annotations

from pathlib import Path

from workbench.ingest.decode import decode_text
from workbench.ingest.document import RawDocument
from workbench.text.normalize import normalise


def read_plain(path: Path, data: bytes) -> RawDocument:
    fmt = "md" if path.suffix.lower() in {".md", ".markdown"} else "txt"
    return RawDocument(text=normalise(decode_text(data, path)), format=fmt)
