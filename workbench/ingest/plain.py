"""Plain-text and Markdown transcripts.

Markdown keeps character references as text (``we&#39;re``, ``&quot;``, ``&amp;``); they
are decoded as any Markdown reader shows them. Plain text is taken as written.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from workbench.ingest.decode import decode_text
from workbench.ingest.document import RawDocument
from workbench.text.normalize import normalise

# CommonMark's entity and numeric character references: the semicolon is required.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def read_plain(path: Path, data: bytes) -> RawDocument:
    notes: list[str] = []
    text = normalise(decode_text(data, path, notes))
    if path.suffix.lower() in {".md", ".markdown"}:
        return RawDocument(text=normalise(decode_references(text)), format="md", warnings=notes)
    return RawDocument(text=text, format="txt", warnings=notes)


def decode_references(text: str) -> str:
    """``we&#39;re`` → ``we're``; an unknown name (``&nosuch;``) stays as written."""
    return _REFERENCE.sub(lambda m: html.unescape(m.group()), text)
