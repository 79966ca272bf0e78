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


# Text that is in a document but not in what was said: notes, comments, page headers and
# footers. Readers leave it out and list it with ``left_out_warning``.
ASIDE_PLURALS = {"footnote": "footnotes", "endnote": "endnotes", "comment": "comments",
                 "page header": "page headers", "page footer": "page footers"}
_QUOTED = 5  # asides quoted in the warning; the rest are counted


def left_out_warning(asides: list[tuple[str, str]]) -> list[str]:
    """One warning for ``(kind, text)`` asides left out of the transcript, or none."""
    if not asides:
        return []
    counts = {}
    for kind, _ in asides:
        counts[kind] = counts.get(kind, 0) + 1
    counted = ", ".join(f"{n} {kind if n == 1 else ASIDE_PLURALS[kind]}"
                        for kind, n in counts.items())
    quoted = "; ".join(f"{kind} '{_short(text)}'" for kind, text in asides[:_QUOTED])
    more = f"; and {len(asides) - _QUOTED} more" if len(asides) > _QUOTED else ""
    return [f"{counted} left out (notes, comments, page headers and footers are not part of "
            f"the transcript's text): {quoted}{more}"]


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
