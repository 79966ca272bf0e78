"""Finding known terms in a text, the same way everywhere (scan, apply, check).

A term is matched word by word: each word as written in the term, or in capitals, or in
any case when the term writes it in small letters ("Wang" finds "Wang" and "WANG", not
"wang"); between the words the same separator, full stops and runs of spaces aside ("Dr.
Wang" finds "Dr Wang"). A term written in Chinese characters is found as it is written,
anywhere (Chinese has no spaces between words). Where terms overlap, the longest wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Words of letters and digits; Chinese characters are words of their own, so that a number
# written against them ("电话13812345678找") is a word too.
WORD = re.compile(r"[^\W_\u3400-\u9fff]+(?:['’][^\W_\u3400-\u9fff]+)*|[\u3400-\u9fff]+")
_SPACES = re.compile(r"\s+")
HAN = re.compile(r"[\u3400-\u9fff]")


def _gap(text: str) -> str:
    return _SPACES.sub(" ", text.replace(".", " ")).strip() or (" " if text else "")


def _word_fits(written: str, term_word: str) -> bool:
    return (written == term_word or term_word.islower() or
            (written.isupper() and written.casefold() == term_word.casefold()))


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    term: str


class TermMatcher:
    """The terms to find; :meth:`find` gives their non-overlapping occurrences in a text."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.by_first: dict[str, list[tuple[str, list[str], list[str]]]] = {}
        self.han: list[str] = []
        for term in dict.fromkeys(t.strip() for t in terms):
            if not term:
                continue
            if HAN.search(term):
                self.han.append(term)
                continue
            words = [m.group() for m in WORD.finditer(term)]
            if not words:
                continue
            spans = [m.span() for m in WORD.finditer(term)]
            gaps = [_gap(term[a[1]:b[0]]) for a, b in zip(spans, spans[1:])]
            self.by_first.setdefault(words[0].casefold(), []).append((term, words, gaps))
        for options in self.by_first.values():
            options.sort(key=lambda option: -len(option[1]))
        self.han.sort(key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.by_first or self.han)

    def find(self, text: str, tokens: set[str] | None = None) -> list[Found]:
        """The occurrences in ``text``; ``tokens`` are its distinct words (``words(text)``)
        when the caller has them already."""
        found: list[Found] = []
        if self.by_first:
            if tokens is None:
                tokens = words(text)
            by_first = self.by_first
            # Each form of a first word the text has, found at C speed with str.find.
            for form in tokens:
                options = by_first.get(form.casefold())
                if options is None:
                    continue
                at = text.find(form)
                while at >= 0:
                    if _alone(text, at, at + len(form)):
                        for term, term_words, gaps in options:
                            hit = _match_at(text, at, term_words, gaps)
                            if hit is not None:
                                found.append(Found(at, hit, term))
                                break
                    at = text.find(form, at + 1)
        if self.han and HAN.search(text):
            for term in self.han:
                at = text.find(term)
                while at >= 0:
                    found.append(Found(at, at + len(term), term))
                    at = text.find(term, at + 1)
        return without_overlaps(found)


def words(text: str) -> set[str]:
    """The distinct words of a text, as written."""
    return set(WORD.findall(text))


# A letter or digit that is not a Chinese character: what a word may not touch.
_EDGE = re.compile(r"[^\W_\u3400-\u9fff]")
_APOSTROPHES = "'’"


def _alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a whole word there, not part of a longer one."""
    if start and (_EDGE.match(text, start - 1) or (
            text[start - 1] in _APOSTROPHES and start > 1 and _EDGE.match(text, start - 2))):
        return False
    if end < len(text) and (_EDGE.match(text, end) or (
            text[end] in _APOSTROPHES and _EDGE.match(text, end + 1))):
        return False
    return True


def _match_at(text: str, start: int, term_words: list[str], gaps: list[str]) -> int | None:
    """Where the term ends if it starts at ``start``, else None."""
    previous = None
    count = 0
    for written in WORD.finditer(text, start):
        if count == len(term_words):
            break
        if not _word_fits(written.group(), term_words[count]):
            return None
        if count and _gap(text[previous.end():written.start()]) != gaps[count - 1]:
            return None
        previous = written
        count += 1
    if count < len(term_words):
        return None
    return previous.end()


def without_overlaps(found: list[Found]) -> list[Found]:
    """Leftmost first, the longest of those starting together; overlapping later ones go."""
    kept: list[Found] = []
    end = -1
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if item.start >= end:
            kept.append(item)
            end = item.end
    return kept
