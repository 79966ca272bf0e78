"""Words as written: the check that turns the stemmed index's candidates into exact matches.

``segment_fts`` stores porter stems, so ``nurses`` finds ``nurse`` and ``nursing`` too. An
exact query takes the index's candidates and keeps the sentences where each word or
"quoted phrase" occurs as written, case aside: the same words, in the same order, with
nothing but spaces or punctuation between them (as the index splits words), and with their
accents. The check is an SQL function on the sentence's text, so it runs inside the query
that walks the sentences in interview order and stops at the limit: with a limit, only the
candidates before it are read.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from sqlite_utils import Database

from workbench.retrieval.fts_syntax import WORD

FUNCTION = "workbench_as_written"
# The sentence's text, for the aliases of ``sentences.py`` (g: the sentence, s: its source).
SENTENCE_TEXT = 'substr(s.text, g.start + 1, g."end" - g.start)'


@lru_cache(maxsize=256)
def pattern(piece: str) -> re.Pattern[str]:
    """A word or phrase as a pattern: its words in order, anything but letters and digits
    between them, and no letter or digit on either side."""
    words = [re.escape(word) for word in WORD.findall(piece)]
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(words) + r"(?![^\W_])", re.IGNORECASE)


def written_in(text: str, pieces: list[str]) -> bool:
    """Whether every piece occurs in ``text`` as written (case aside)."""
    return all(pattern(piece).search(text) for piece in pieces)


@lru_cache(maxsize=64)
def _pieces(encoded: str) -> tuple[str, ...]:
    return tuple(json.loads(encoded))


def _check(text: str | None, encoded: str) -> int:
    return int(text is not None and written_in(text, list(_pieces(encoded))))


def condition(db: Database, pieces: list[str]) -> tuple[str, tuple[object, ...]]:
    """The SQL condition on a sentence (aliases g and s) and its parameter."""
    db.conn.create_function(FUNCTION, 2, _check, deterministic=True)
    return f"{FUNCTION}({SENTENCE_TEXT}, ?)", (json.dumps(pieces, ensure_ascii=False),)
