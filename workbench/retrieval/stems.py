"""Porter stems as the search index makes them, and the index's own terms.

``segment_fts`` stores porter stems, and FTS5 stems every query string again. To compare a
user's word with the index's terms, the word is stemmed by the same tokenizer, in a small
private in-memory SQLite database (so the project's connection never holds a write of ours).
The index's terms are read through an ``fts5vocab`` table in the connection's ``temp``
schema, one alphabetical range at a time: reading them all would mean reading the whole index.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from functools import lru_cache

from sqlite_utils import Database

from workbench.retrieval.fts_syntax import quoted

INDEX = "segment_fts"
_TOKENIZE = re.compile(r"tokenize\s*=\s*'((?:[^']|'')*)'", re.IGNORECASE)


def index_tokenizer(db: Database) -> str:
    """The ``tokenize`` option ``segment_fts`` was created with."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [INDEX]).fetchone()
    match = _TOKENIZE.search(row[0]) if row else None
    return match.group(1).replace("''", "'") if match else "unicode61"


class _Stemmer:
    """An in-memory FTS5 table with a given tokenizer, used only to tokenize words."""

    def __init__(self, tokenize: str) -> None:
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        tokenize_sql = "'" + tokenize.replace("'", "''") + "'"
        self.conn.execute(f"CREATE VIRTUAL TABLE words USING fts5(word, tokenize={tokenize_sql})")
        self.conn.execute("CREATE VIRTUAL TABLE tokens USING fts5vocab(words, 'instance')")

    def stems(self, words: list[str]) -> list[str]:
        """The first token of each word ('' for a word with none)."""
        with self.lock:
            self.conn.execute("DELETE FROM words")
            self.conn.executemany("INSERT INTO words (rowid, word) VALUES (?, ?)",
                                  list(enumerate(words)))
            first = dict(self.conn.execute("SELECT doc, term FROM tokens WHERE offset = 0"))
        return [first.get(number, "") for number in range(len(words))]


@lru_cache(maxsize=None)
def _stemmer(tokenize: str) -> _Stemmer:
    return _Stemmer(tokenize)


def stems(db: Database, words: list[str]) -> list[str]:
    return _stemmer(index_tokenizer(db)).stems(words)


def terms_starting(db: Database, prefix: str) -> list[str]:
    """The index's terms that start with ``prefix``."""
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{INDEX}_terms "
               f"USING fts5vocab(main, {INDEX}, 'row')")
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return [row[0] for row in db.execute(
        f"SELECT term FROM temp.{INDEX}_terms WHERE term >= ? AND term < ?", [prefix, after])]


def term_query(db: Database, terms: list[str]) -> list[str]:
    """FTS5 strings that match each index term, although FTS5 stems query strings again.

    A term that stems to itself is matched exactly; one that would stem further
    (``practition`` → ``practit``) is matched as a prefix of its stem, which includes it.
    """
    again = stems(db, terms)
    return [quoted(term, prefix=stem != term) for term, stem in zip(terms, again)]
