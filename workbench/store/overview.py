"""Counts for a one-screen summary of a project."""

from __future__ import annotations

from sqlite_utils import Database


def counts(db: Database) -> dict:
    """Sources, words, participants (per role), turns, sentences, codes, codings, languages."""
    row = db.execute(
        """SELECT (SELECT count(*) FROM sources),
                  (SELECT coalesce(sum(word_count), 0) FROM sources),
                  (SELECT count(*) FROM participants),
                  (SELECT count(*) FROM segments WHERE kind = 'turn'),
                  (SELECT count(*) FROM segments WHERE kind = 'sentence'),
                  (SELECT count(*) FROM codes),
                  (SELECT count(*) FROM codings)""").fetchone()
    by_role = dict(db.execute(
        """SELECT r.prefix, count(p.id) FROM roles r LEFT JOIN participants p ON p.role = r.prefix
           GROUP BY r.prefix ORDER BY r.sort_order, r.prefix""").fetchall())
    languages = sorted(r[0] for r in db.execute("SELECT DISTINCT language FROM sources"))
    keys = ("sources", "words", "participants", "turns", "sentences", "codes", "codings")
    return {**dict(zip(keys, row)), "participants_by_role": by_role, "languages": languages}


def is_empty(db: Database) -> bool:
    """No sources and no codes yet."""
    return not db.execute(
        "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM codes)").fetchone()[0]
