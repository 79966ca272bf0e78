"""What every transcript reader returns: normalised text and, for subtitles, the cue times."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.text.turns import Layout


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
    render speaker tables and subtitle voices as ``Speaker: text`` paragraphs. A reader that
    knows the turns from the file's structure (subtitle cues) gives them as ``layout``;
    otherwise the turn finder reads them from the text. A reader never drops text without
    a word: what it leaves out it says in ``warnings``.
    """

    text: str
    format: str
    cues: list[Cue] = field(default_factory=list)
    layout: Layout | None = None
    # What the reader could not take in or had to guess (left-out text, an encoding),
    # shown as warnings in the import report.
    warnings: list[str] = field(default_factory=list)
