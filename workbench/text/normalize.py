"""The one normalisation every stored text goes through, so that offsets mean the same everywhere."""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d+(?:[.,]\d+)*")


def normalise(text: str) -> str:
    """Strip a leading BOM, turn every line ending into ``\\n`` and compose to Unicode NFC.

    Offsets everywhere in the project are code-point offsets into the result.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def cjk_count(text: str) -> int:
    """Number of Chinese characters (CJK unified ideographs) in ``text``."""
    return len(_CJK.findall(text))


def detect_language(text: str) -> str:
    """``zh`` when Chinese characters make up a fair share of the letters, else ``en``."""
    cjk = cjk_count(text)
    if cjk == 0:
        return "en"
    letters = len(_WORD.findall(_CJK.sub(" ", text)))
    return "zh" if cjk >= letters else "en"


def word_count(text: str) -> int:
    """Words as a word processor counts them (runs of non-space characters), except that
    each Chinese character counts as one word."""
    cjk = cjk_count(text)
    if cjk:
        text = _CJK.sub(" ", text)
    return cjk + space_words(text)


def space_words(text: str) -> int:
    """Runs of non-space characters, counted a piece at a time: ``len(text.split())``
    without a list of every word of a long text."""
    if len(text) <= _PIECE:
        return len(text.split())
    return sum(len(piece.split()) for piece in pieces_at_spaces(text))


_PIECE = 1 << 20  # characters: a long text is counted and tokenized a piece at a time
_NEXT_WORD = re.compile(r"\s(?=\S)")


def pieces_at_spaces(text: str, size: int = _PIECE):
    """``text`` in pieces of about ``size`` characters, each cut after white space and
    before a word (so that no word is split and no piece starts with white space, except
    the first); a text without such a place stays whole."""
    start = 0
    while len(text) - start > size:
        cut = _NEXT_WORD.search(text, start + size)
        if cut is None:
            break
        yield text[start:cut.end()]
        start = cut.end()
    yield text[start:]
