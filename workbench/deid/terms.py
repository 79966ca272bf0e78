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
from functools import lru_cache
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
        self.first_words = frozenset(self.by_first)
        for options in self.by_first.values():
            options.sort(key=lambda option: -len(option[1]))
        self.han.sort(key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.by_first or self.han)

    def find(self, text: str) -> list[Found]:
        found: list[Found] = []
        if self.by_first:
            # Which first words the text has at all (at C speed), then only where they are.
            present = self.first_words & set(WORD.findall(text.casefold()))
            if present:
                for m in _first_words(frozenset(present)).finditer(text):
                    start = m.start()
                    options = self.by_first.get(m.group().casefold())
                    if options is None:
                        continue
                    for term, term_words, gaps in options:
                        hit = _match_at(text, start, term_words, gaps)
                        if hit is not None:
                            found.append(Found(start, hit, term))
                            break
        if self.han and HAN.search(text):
            for term in self.han:
                at = text.find(term)
                while at >= 0:
                    found.append(Found(at, at + len(term), term))
                    at = text.find(term, at + 1)
        return without_overlaps(found)


# A letter or digit that is not a Chinese character: what a word may not touch.
_EDGE = "[^\\W_\\u3400-\\u9fff]"


@lru_cache(maxsize=4096)
def _first_words(words: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(f"(?<!{_EDGE}['’])(?<!{_EDGE})(?:{alternatives})(?!{_EDGE}|['’]{_EDGE})",
                      re.IGNORECASE)


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
