"""Coded passages: one row per coded span that the scope admits, in interview order.

Codings that share one exact span make one passage. A span counts when one of its codings
satisfies the coding filters (any code or theme named), or with ``all_codes`` when its
codings cover every code or theme named; the speaker filter applies to each coding's passage.

The codings are read source by source in interview order (``CROSS JOIN`` keeps SQLite to
that order, along the sources' order index and the codings' source index), so only one
source's codings are ever sorted, and reading stops as soon as ``limit`` spans are found.
"""

from __future__ import annotations

import json
from contextlib import closing
from itertools import groupby

from sqlite_utils import Database

from workbench.retrieval.conditions import PASSAGE_PARTICIPANT, coding_filters, source_filter
from workbench.retrieval.scope import Scope
from workbench.retrieval.sql_parts import as_json, in_set

Span = tuple[int, int, int]  # source, start, end


def coded_passages(db: Database, scope: Scope, limit: int | None = None) -> list[dict]:
    """Rows with ``source``, ``start``, ``end``, ``participant`` and ``text``."""
    spans = coded_spans(db, scope, limit)
    return list(db.query(
        f"""WITH k AS (SELECT json_extract(value, '$[0]') AS source,
                              json_extract(value, '$[1]') AS start,
                              json_extract(value, '$[2]') AS "end", key AS position
                       FROM json_each(?))
            SELECT k.source, k.start, k."end", {PASSAGE_PARTICIPANT} AS participant,
                   substr(s.text, k.start + 1, k."end" - k.start) AS text
            FROM k JOIN sources s ON s.id = k.source
            ORDER BY k.position""", [json.dumps(spans)]))


def coded_spans(db: Database, scope: Scope, limit: int | None = None) -> list[Span]:
    where = coding_filters(scope)
    where.extend(source_filter(scope, "s.id"))
    if scope.participants is not None:
        where.add(in_set(PASSAGE_PARTICIPANT), as_json(scope.participants))
    rows = db.execute(  # a cursor: reading stops at the limit
        f"""SELECT k.source, k.start, k."end", k.code
            FROM sources s CROSS JOIN codings k ON k.source = s.id
            WHERE {where.sql}
            ORDER BY s.interview_order, k.start, k."end\"""", where.params)
    spans: list[Span] = []
    with closing(rows):
        for span, codings in groupby(rows, key=lambda row: row[:3]):
            if limit is not None and len(spans) >= limit:
                break
            if _covers_all(scope, {row[3] for row in codings}):
                spans.append(span)
    return spans


def _covers_all(scope: Scope, codes: set[int]) -> bool:
    """With ``all_codes``, whether a span's matching codings cover every term."""
    return not scope.all_terms or all(codes & term for term in scope.terms)
