"""Turning what a user types into FTS5 query expressions that can never be a syntax error.

Every piece of user text reaches FTS5 as a double-quoted string (an FTS5 "phrase"), with
inner double quotes doubled, so ``AND``, ``NEAR(``, ``*``, ``-x``, ``:`` or brackets are
only ever words or punctuation to the tokenizer, never operators. Pieces that hold no
word characters are dropped: FTS5 would read them as an empty phrase, which matches nothing.
"""

from __future__ import annotations

import re

from workbench.text.normalize import cjk_count

# A quoted phrase (straight or curly quotes) or a run of anything else that is not space.
_PIECE = re.compile(r'"([^"]*)"|“([^”]*)”|(\S+)')
_WORD_CHARACTER = re.compile(r"[^\W_]")
WORD = re.compile(r"[^\W_]+")


def has_cjk(text: str) -> bool:
    return cjk_count(text) > 0


def searchable(piece: str) -> bool:
    """Whether the tokenizer would find at least one word in ``piece``."""
    return _WORD_CHARACTER.search(piece) is not None


def phrases(text: str) -> list[str]:
    """The quoted phrases and the single words of a query, in order, searchable ones only.

    An unbalanced quote is read as a word character-run like any other, so ``"workload``
    is the word ``workload``.
    """
    found = []
    for match in _PIECE.finditer(text):
        piece = next(group for group in match.groups() if group is not None).strip()
        if searchable(piece):
            found.append(piece)
    return found


def quoted(piece: str, prefix: bool = False) -> str:
    """``piece`` as an FTS5 string; with ``prefix``, a prefix query (``"term" *``)."""
    return '"' + piece.replace('"', '""') + '"' + (" *" if prefix else "")


def all_of(expressions: list[str]) -> str:
    return " AND ".join(f"({e})" for e in expressions)


def any_of(expressions: list[str]) -> str:
    return " OR ".join(expressions)
