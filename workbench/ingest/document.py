"""What every transcript reader returns: normalised text and, for subtitles, the cue times."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cue:
    """A subtitle cue: a span of the document text with its time in seconds."""

    start: int
    end: int
    time_start: float
    time_end: float


@dataclass
class RawDocument:
    """A transcript as read from a file, before turns and participants are found.

    ``text`` is already normalised (see :func:`workbench.text.normalize.normalise`). Readers
    render speaker tables and subtitle voices as ``Speaker: text`` paragraphs, so that one
    turn finder serves every format.
    """

    text: str
    format: str
    cues: list[Cue] = field(default_factory=list)
