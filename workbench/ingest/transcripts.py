"""Which reader handles which file, and the one entry point that reads a transcript."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.ingest.files import read_input
from workbench.ingest.document import RawDocument
from workbench.ingest.opendocument import read_odt
from workbench.ingest.plain import read_plain
from workbench.ingest.subtitles import read_subtitles
from workbench.ingest.word import read_docx

READERS: dict[str, Callable[[Path, bytes], RawDocument]] = {
    ".txt": read_plain,
    ".md": read_plain,
    ".markdown": read_plain,
    ".docx": read_docx,
    ".odt": read_odt,
    ".vtt": read_subtitles,
    ".srt": read_subtitles,
}


def is_transcript(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read_transcript(path: Path) -> RawDocument:
    """Read one transcript file, or raise a WorkbenchError naming the file and the problem."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise WorkbenchError(
            f"unknown kind of file '{path.suffix or '(no extension)'}'; transcripts can be {known}",
            path,
        )
    data = read_input(path)
    if not data.strip():
        raise WorkbenchError("the file is empty", path)
    return reader(path, data)
