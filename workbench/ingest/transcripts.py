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

# The longest transcript taken in, in characters: some 2.5 million words, a hundred times
# the longest interview. Beyond it an import would take minutes and gigabytes; a file that
# long is a corpus or a mistake, and is refused at once with the way out.
MAX_TEXT_CHARS = 16_000_000
MAX_FILE_BYTES = 4 * MAX_TEXT_CHARS  # UTF-32 at most; compressed formats are far below

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
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_input says why the file cannot be read
    if size > MAX_FILE_BYTES:
        raise _too_long(path, f"the file is {size / 1e6:,.0f} MB")
    data = read_input(path)
    if not data.strip():
        raise WorkbenchError("the file is empty", path)
    document = reader(path, data)
    if len(document.text) > MAX_TEXT_CHARS:
        raise _too_long(path, f"its text is {len(document.text):,} characters")
    return document


def _too_long(path: Path, what: str) -> WorkbenchError:
    return WorkbenchError(
        f"is refused: {what}, more than the {MAX_TEXT_CHARS:,} characters (some 2.5 million "
        "words) a transcript may have; split it into several files and import those", path)
