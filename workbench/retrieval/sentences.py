"""Sentences that a text search found, narrowed by the scope, in interview order.

How SQLite should reach them depends on how many candidates there are:
- a few: look each one up and sort them;
- many, with coding filters: walk the sources in interview order, and in each the codings
  that qualify and the sentences they overlap (a coded passage has few sentences);
- many, only the first few wanted: walk the sources in interview order and their
  sentences in order (from the segments index) until the limit is reached.
``CROSS JOIN`` keeps SQLite to the order written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.retrieval.conditions import SENTENCE_PARTICIPANT, coding_filters, sentence_filters
from workbench.retrieval.scope import Scope
from workbench.retrieval.sql_parts import Where

MANY = 2000  # candidates above which a walk in interview order beats sorting them

BY_CANDIDATE = "segments g JOIN sources s ON s.id = g.source"
BY_SOURCE = "sources s CROSS JOIN segments g ON g.source = s.id"
# The sentences a coding overlaps: from the one its start lies in, to those before its end.
BY_CODING = """sources s CROSS JOIN codings k ON k.source = s.id
    CROSS JOIN segments g ON g.source = k.source AND g.kind = 'sentence'
        AND g.start < k."end"
        AND g.start >= (SELECT coalesce(max(x.start), 0) FROM segments x
                        WHERE x.source = k.source AND x.kind = 'sentence' AND x.start <= k.start)"""


@dataclass(frozen=True)
class Candidates:
    """Sentence ids as an SQL query (its one column) with its parameters, and optionally a
    condition each sentence must also meet (on ``g`` the sentence and ``s`` its source),
    checked only for the sentences the walk reaches."""

    sql: str
    params: tuple[object, ...] = ()
    check: str | None = None
    check_params: tuple[object, ...] = ()


def matching(index: str, expression: str) -> Candidates:
    """The sentences of an FTS5 index (``segment_fts`` or ``segment_trigram``) that match."""
    return Candidates(f"SELECT rowid FROM {index} WHERE {index} MATCH ?", (expression,))


def listed(ids: list[int]) -> Candidates:
    return Candidates("SELECT value FROM json_each(?)", (json.dumps(ids),))


def sentence_ids(db: Database, candidates: Candidates, scope: Scope,
                 limit: int | None = None) -> list[int]:
    sql, params = _chosen(db, candidates, scope, limit)
    return [row[0] for row in db.execute(sql, params)]


def sentence_rows(db: Database, candidates: Candidates, scope: Scope,
                  limit: int | None = None) -> list[dict]:
    """Rows with ``id``, ``source``, ``start``, ``end``, ``participant`` and ``text``; the
    text is read only for the sentences kept after the limit."""
    sql, params = _chosen(db, candidates, scope, limit)
    return list(db.query(
        f"""WITH chosen AS ({sql})
            SELECT g.id, g.source, g.start, g."end", {SENTENCE_PARTICIPANT} AS participant,
                   substr(s.text, g.start + 1, g."end" - g.start) AS text
            FROM chosen c JOIN segments g ON g.id = c.id JOIN sources s ON s.id = g.source
            ORDER BY c.interview_order, g.start""", params))


def _chosen(db: Database, candidates: Candidates, scope: Scope,
            limit: int | None) -> tuple[str, list[object]]:
    """The query for the ids (with their interview order) of the sentences to return."""
    where = Where()
    joined = BY_CANDIDATE
    if _more_than(db, candidates, MANY):
        if scope.filters_codings:
            joined = BY_CODING
            where.extend(coding_filters(scope))
        elif limit is not None:
            joined = BY_SOURCE
    where.add(f"g.id IN ({candidates.sql})", *candidates.params)
    where.extend(sentence_filters(scope))
    if candidates.check:
        where.add(candidates.check, *candidates.check_params)
    sql = f"""SELECT DISTINCT g.id, s.interview_order, g.start FROM {joined}
              WHERE {where.sql}
              ORDER BY s.interview_order, g.start LIMIT ?"""
    return sql, [*where.params, -1 if limit is None else limit]


def _more_than(db: Database, candidates: Candidates, count: int) -> bool:
    return db.execute(f"SELECT count(*) FROM (SELECT 1 FROM ({candidates.sql}) LIMIT ?)",
                      [*candidates.params, count + 1]).fetchone()[0] > count
