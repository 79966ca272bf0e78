"""WebVTT and SubRip transcripts, parsed with webvtt-py; cue times are kept for each turn.

Consecutive cues of one speaker are joined into one paragraph, so a turn is what one person
said without interruption. A voice tag (``<v G5>``) or a ``Name:`` prefix in the cue text
names the speaker.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from workbench.errors import WorkbenchError
from workbench.ingest.decode import decode_text
from workbench.ingest.document import Cue, RawDocument
from workbench.text.normalize import normalise

_PREFIX = re.compile(r"^\s*([^:：\n]{1,40})[:：]\s+")
_NOTE = re.compile(r"^NOTE[ \t]*\n?((?:[^\n]+\n?)+)", re.MULTILINE)
_HEADER_LINE = re.compile(r"^[^:：\n]{1,30}[:：][^\n]+$")


def read_subtitles(path: Path, data: bytes) -> RawDocument:
    fmt = path.suffix.lower().lstrip(".")
    text = normalise(decode_text(data, path))
    try:
        captions = webvtt.from_buffer(io.StringIO(text), format=fmt).captions
    except (MalformedFileError, MalformedCaptionError) as exc:
        raise WorkbenchError(f"is not a valid {fmt.upper()} file ({exc})", path) from None
    parts = _note_header(text)
    cues: list[Cue] = []
    offset = sum(map(len, parts))
    previous_speaker: str | None = None
    for caption in captions:
        said = " ".join(line.strip() for line in caption.text.split("\n") if line.strip())
        speaker = caption.voice
        if speaker is None and (match := _PREFIX.match(said)):
            speaker, said = match.group(1).strip(), said[match.end():]
        if not said:
            continue
        if speaker is not None and speaker == previous_speaker and parts:
            piece = " " + said  # the same speaker goes on: one turn
        else:
            piece = ("\n\n" if parts else "") + (f"{speaker}: " if speaker else "") + said
        start = offset + len(piece) - len(said)
        parts.append(piece)
        offset += len(piece)
        cues.append(
            Cue(start, offset, caption.start_time.in_milliseconds() / 1000,
                caption.end_time.in_milliseconds() / 1000)
        )
        previous_speaker = speaker
    if not cues:
        raise WorkbenchError(f"the {fmt.upper()} file has no cues with text", path)
    return RawDocument(text="".join(parts), format=fmt, cues=cues)


def _note_header(text: str) -> list[str]:
    """``Key: value`` lines of NOTE blocks (``NOTE Participant: G5``) become the header."""
    lines = []
    for block in _NOTE.finditer(text):
        for line in block.group(1).split("\n"):
            if _HEADER_LINE.match(line.strip()):
                lines.append(line.strip())
    return ["\n".join(lines)] if lines else []
