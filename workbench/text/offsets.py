"""Offsets into a text as written, mapped to offsets into its normalised form.

Another program's positions count in the text as it wrote it (with ``\r\n``, decomposed
accents, a BOM), and not always in code points: some count UTF-16 code units (a character
outside the Basic Multilingual Plane is two) or a ``\r\n`` as one character.
``ForeignPositions`` turns such positions into code-point offsets of the text as written;
``OffsetMap`` then carries each span into the normalised text (NFC, ``\n``, no BOM) so that
it keeps every character it covered.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from workbench.text.normalize import normalise


@dataclass(frozen=True)
class Counting:
    """How a program counts positions in a text."""

    utf16: bool = False  # UTF-16 code units: a character above U+FFFF counts two
    crlf_as_one: bool = False  # a ``\r\n`` line end counts one character

    def describe(self) -> str:
        unit = "UTF-16 code units" if self.utf16 else "Unicode code points"
        lines = "a CRLF line end as one" if self.crlf_as_one else "a CRLF line end as two"
        return f"{unit}, {lines}"


class ForeignPositions:
    """Positions counted one ``Counting``'s way in ``text`` → its code-point offsets.

    A position that falls inside what counts as one unit of the other reading (between the
    two halves of a surrogate pair) moves outward: a start to the character's start, an end
    to its end. ``exact()`` says whether a position falls between two characters.
    """

    def __init__(self, text: str, counting: Counting) -> None:
        self.text = text
        astral = counting.utf16 and any(c > "\uffff" for c in text)
        crlf = counting.crlf_as_one and "\r\n" in text
        self._cumulative: list[int] | None = None
        self.length = len(text)  # the text's length as the program counts it
        if astral or crlf:
            weights = [2 if astral and c > "\uffff" else
                       0 if crlf and c == "\r" and text.startswith("\n", i + 1) else 1
                       for i, c in enumerate(text)]
            self._cumulative = list(accumulate(weights, initial=0))
            self.length = self._cumulative[-1]

    def start(self, position: int) -> int:
        if self._cumulative is None:
            return position
        return bisect_right(self._cumulative, position) - 1

    def end(self, position: int) -> int:
        if self._cumulative is None:
            return position
        return bisect_left(self._cumulative, position)

    def counted(self, index: int) -> int:
        """The other way: a code-point offset as this counting gives it."""
        return index if self._cumulative is None else self._cumulative[index]

    def exact(self, position: int) -> bool:
        if self._cumulative is None:
            return True
        index = bisect_left(self._cumulative, position)
        return index < len(self._cumulative) and self._cumulative[index] == position

@dataclass(frozen=True)
class OffsetMap:
    """Code-point offsets in a text as written → offsets in its normalised form.

    Normalisation replaces short runs (a ``\\r\\n``, a letter and its combining marks) by
    shorter ones; an offset inside such a run moves to the run's start when it starts a
    span and to the run's end when it ends one, so that a span keeps all it covered. With no
    ``boundaries`` the text did not change and offsets stay as they are.
    """

    boundaries: tuple[int, ...] = ()  # original offsets where a run starts, ascending
    starts: tuple[int, ...] = ()  # the normalised offset of each run's start
    ends: tuple[int, ...] = ()  # the normalised offset of each run's end

    def span(self, start: int, end: int) -> tuple[int, int]:
        if not self.boundaries:
            return start, end
        first = bisect_right(self.boundaries, start) - 1
        last = bisect_right(self.boundaries, end - 1) - 1
        return self.starts[first], self.ends[last]


def normalised_with_offsets(original: str) -> tuple[str, OffsetMap | None]:
    """``normalise(original)`` and the offset map into it (None if it cannot be built)."""
    text = normalise(original)
    if text == original:
        return text, OffsetMap()
    boundaries, starts, ends, pieces = [], [], [], []
    position = 0
    for start, piece in _runs(original):
        boundaries.append(start)
        starts.append(position)
        position += len(piece)
        ends.append(position)
        pieces.append(piece)
    if "".join(pieces) != text:
        return text, None
    return text, OffsetMap(tuple(boundaries), tuple(starts), tuple(ends))


def _runs(original: str) -> Iterator[tuple[int, str]]:
    """(start, normalised run) for runs of the text that normalise independently of their
    neighbours: a line ending, or a character with whatever composes with it."""
    i = 0
    if original.startswith("\ufeff"):
        yield 0, ""
        i = 1
    while i < len(original):
        if original[i] == "\r":
            yield i, "\n"
            i += 2 if original.startswith("\r\n", i) else 1
            continue
        run = original[i]
        i += 1
        while i < len(original) and _joins(run, original[i]):
            run += original[i]
            i += 1
        yield i - len(run), unicodedata.normalize("NFC", run)


def _joins(run: str, char: str) -> bool:
    """Whether NFC may combine ``char`` with the run before it (never below U+0300)."""
    if char < "\u0300":
        return False
    nfc = unicodedata.normalize
    return bool(unicodedata.combining(char)) or \
        nfc("NFC", run + char) != nfc("NFC", run) + nfc("NFC", char)
