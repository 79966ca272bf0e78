"""How a REFI-QDA project counts its selection positions, and why we think so.

The standard counts Unicode code points and a line end as the characters it is written
with. NVivo (Windows 12.6, Mac 12.7) counts UTF-16 code units instead, so that every
character outside the Basic Multilingual Plane (an emoji, a rare CJK character) before a
selection moves it by one; ATLAS.ti counts a ``\\r\\n`` as one character. The exporting
program, named in ``origin``, decides what it is known for; what it is not known for is
judged by the selections themselves: the reading under which most selections start and end
between words (and inside their text) wins, and where no reading does better, the
standard's. The report says which reading was used and why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import product

from workbench.text.offsets import Counting, ForeignPositions

# What each program is known to do: (pattern on origin, UTF-16 units?, CRLF as one?);
# None where it is not known and the selections decide.
_KNOWN = (
    (re.compile(r"^interview workbench\b.*utf-16", re.I), True, False),
    (re.compile(r"^interview workbench\b", re.I), False, False),
    (re.compile(r"\bnvivo\b", re.I), True, None),
    (re.compile(r"\batlas\.?ti\b", re.I), None, True),
)
STANDARD = Counting()


@dataclass
class PositionReading:
    """The counting chosen for a project, with a sentence for each axis saying why."""

    counting: Counting
    reasons: list[str]


def reading_for(origin: str | None,
                texts: list[tuple[str, list[tuple[int, int]]]]) -> PositionReading:
    """Choose how the positions of ``texts`` ((text as written, [(start, end), …]) per
    source) count, from the program that wrote them and from where they fall."""
    known_utf16, known_crlf = _known(origin)
    options = product((False, True) if known_utf16 is None else (known_utf16,),
                      (False, True) if known_crlf is None else (known_crlf,))
    candidates = [Counting(utf16, crlf) for utf16, crlf in options]
    scores = {c: _score(c, texts) for c in candidates}
    best = max(candidates, key=lambda c: (scores[c], c == _preferred(candidates)))
    total = sum(len(spans) for _, spans in texts)
    program = f"'{origin}'" if origin else "the exporting program (not named)"
    has_astral = any(c > "\uffff" for text, _ in texts for c in text)
    has_crlf = any("\r\n" in text for text, _ in texts)
    reasons = [
        _reason("positions", best, Counting(not best.utf16, best.crlf_as_one), scores, total,
                known_utf16 is not None, program, has_astral,
                "no text has a character outside the Basic Multilingual Plane, so both "
                "units agree"),
        _reason("line ends", best, Counting(best.utf16, not best.crlf_as_one), scores, total,
                known_crlf is not None, program, has_crlf,
                "no text has a CRLF line end, so both ways agree"),
    ]
    return PositionReading(best, reasons)


def _known(origin: str | None) -> tuple[bool | None, bool | None]:
    utf16: bool | None = None
    crlf: bool | None = None
    for pattern, known_utf16, known_crlf in _KNOWN:
        if origin and pattern.search(origin):
            utf16 = known_utf16 if utf16 is None else utf16
            crlf = known_crlf if crlf is None else crlf
    return utf16, crlf


def _preferred(candidates: list[Counting]) -> Counting:
    """Among equally good readings: the standard's way on every axis left open."""
    return min(candidates, key=lambda c: (c.utf16 != STANDARD.utf16) + (c.crlf_as_one !=
                                                                       STANDARD.crlf_as_one))


def _reason(axis: str, chosen: Counting, other: Counting, scores: dict[Counting, int],
            total: int, known: bool, program: str, differs: bool, same: str) -> str:
    what = ("UTF-16 code units" if chosen.utf16 else "Unicode code points") \
        if axis == "positions" else \
        ("a CRLF counts one character" if chosen.crlf_as_one else "a CRLF counts two characters")
    if known:
        return f"{axis}: {what}, as {program} writes them"
    if not differs:
        return f"{axis}: {what} ({same})"
    if other not in scores or scores[chosen] == scores[other]:
        return f"{axis}: {what}, as the standard says (the selections fit either way)"
    ends = 2 * total
    return (f"{axis}: {what}, judged from the selections: read so, {scores[chosen]} of their "
            f"{ends} ends fall between words, inside the text; read the other way, "
            f"{scores[other]}")


def _score(counting: Counting, texts: list[tuple[str, list[tuple[int, int]]]]) -> int:
    """How many selection ends fall between words, inside their text, read this way."""
    score = 0
    for text, spans in texts:
        positions = ForeignPositions(text, counting)
        for start, end in spans:
            if start < 0 or end > positions.length or start >= end:
                continue
            if positions.exact(start):
                first = positions.start(start)
                score += _between_words(text, first) and not text[first].isspace()
            if positions.exact(end):
                score += _between_words(text, positions.end(end))
    return score


def _between_words(text: str, index: int) -> bool:
    """Whether ``index`` is not inside a word (nor inside a ``\\r\\n``)."""
    if index <= 0 or index >= len(text):
        return True
    before, after = text[index - 1], text[index]
    if before == "\r" and after == "\n":
        return False
    return not (_in_word(before) and _in_word(after))


def _in_word(char: str) -> bool:
    """A letter or digit of a script that separates words by spaces."""
    return char.isalnum() and unicodedata.east_asian_width(char) not in ("W", "F")
