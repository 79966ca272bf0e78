"""Replacing spans of a text, and the map of positions in the old text to the new.

A position before, between or after the replaced spans moves by what the spans before it
added or took away. A position inside a replaced span moves to the start of its
replacement when it starts something (a coding, a turn, a sentence) and to the end when it
ends something, so that a coding that began or ended in the middle of a name covers the
whole pseudonym: never half a name.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True)
class Replacement:
    start: int
    end: int
    text: str


class OffsetMap:
    """Old positions → new, from the (sorted, non-overlapping) replacements of one text."""

    def __init__(self, replacements: list[Replacement]) -> None:
        self.starts = [r.start for r in replacements]
        self.ends = [r.end for r in replacements]
        self.new_starts: list[int] = []
        self.new_ends: list[int] = []
        shift = 0
        for r in replacements:
            self.new_starts.append(r.start + shift)
            shift += len(r.text) - (r.end - r.start)
            self.new_ends.append(r.end + shift)
        self.shifts = [e - o for e, o in zip(self.new_ends, self.ends)]

    def _before(self, position: int) -> tuple[int, int]:
        """(index of the last span ending at or before ``position``, its shift)."""
        i = bisect.bisect_right(self.ends, position) - 1
        return i, (self.shifts[i] if i >= 0 else 0)

    def start(self, position: int) -> int:
        i, shift = self._before(position)
        j = i + 1  # the span that may hold the position
        if j < len(self.starts) and self.starts[j] < position:
            return self.new_starts[j]
        return position + shift

    def end(self, position: int) -> int:
        i, shift = self._before(position)
        j = i + 1
        if j < len(self.starts) and self.starts[j] < position:
            return self.new_ends[j]
        return position + shift

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.start(start), self.end(end)

    def widened(self, start: int, end: int) -> tuple[int, int]:
        """The old span grown to the whole of every replaced span it cuts through."""
        i = bisect.bisect_right(self.ends, start)
        if i < len(self.starts) and self.starts[i] < start:
            start = self.starts[i]
        j = bisect.bisect_left(self.starts, end) - 1
        if j >= 0 and self.ends[j] > end:
            end = self.ends[j]
        return start, end


def apply(text: str, replacements: list[Replacement]) -> str:
    """The text with the replacements made (sorted, non-overlapping)."""
    pieces: list[str] = []
    at = 0
    for r in replacements:
        pieces.append(text[at:r.start])
        pieces.append(r.text)
        at = r.end
    pieces.append(text[at:])
    return "".join(pieces)
