"""SQL conditions for a Scope, on codings (alias ``k``) and on sentences (alias ``g``)."""

from __future__ import annotations

from workbench.retrieval.scope import Scope
from workbench.retrieval.sql_parts import Where, as_json, in_set

# The participant who said a coded passage: the participant turn it lies in (for a passage
# across turns, the last one it reaches), else the participant of the source.
PASSAGE_PARTICIPANT = """coalesce(
    (SELECT t.participant FROM segments t
     WHERE t.source = k.source AND t.kind = 'turn' AND t.start < k."end" AND t."end" > k.start
       AND t.is_interviewer = 0 AND t.participant IS NOT NULL
     ORDER BY t.start DESC LIMIT 1),
    s.participant)"""

# The participant who said a sentence: its turn's, else the source's unless the interviewer's.
SENTENCE_PARTICIPANT = \
    "coalesce(g.participant, CASE WHEN g.is_interviewer = 0 THEN s.participant END)"


def coding_filters(scope: Scope) -> Where:
    """What a coding ``k`` must satisfy to count: its code, coder, exemplar flag and (with
    ``overlaps``) another coding of the given codes overlapping it."""
    where = Where()
    if scope.terms:
        where.add(in_set("k.code"), as_json(frozenset().union(*scope.terms)))
    if scope.coders is not None:
        where.add(in_set("k.coder"), as_json(scope.coders))
    if scope.exemplars:
        where.add("k.exemplar = 1")
    if scope.overlaps is not None:
        coder = f" AND {in_set('y.coder')}" if scope.coders is not None else ""
        where.add(f"""EXISTS (SELECT 1 FROM codings y
                      WHERE y.source = k.source AND {in_set('y.code')}
                        AND y.start < k."end" AND k.start < y."end" AND y.id <> k.id{coder})""",
                  as_json(scope.overlaps),
                  *([as_json(scope.coders)] if scope.coders is not None else []))
    return where


def all_terms_having(scope: Scope) -> Where:
    """For ``all_codes``: the codings on one span must cover every code or theme named."""
    where = Where()
    if scope.all_terms and len(scope.terms) > 1:
        for term in scope.terms:
            where.add(f"max({in_set('k.code')}) = 1", as_json(term))
    return where


def source_filter(scope: Scope, column: str) -> Where:
    """Only the scope's sources. The unary ``+`` keeps SQLite from reaching the sources
    through this list (in id order, which would mean sorting every hit) when it can walk
    them in interview order instead."""
    where = Where()
    if scope.sources is not None:
        where.add(in_set(f"+{column}"), as_json(scope.sources))
    return where


def sentence_filters(scope: Scope) -> Where:
    """What a sentence ``g`` (of source ``s``) must satisfy, including, when the scope
    filters codings, lying on a passage coded as asked."""
    where = Where()
    where.add("g.kind = 'sentence'")
    if not scope.include_interviewer:
        where.add("g.is_interviewer = 0")
    where.extend(source_filter(scope, "s.id"))
    if scope.participants is not None:
        where.add(in_set(SENTENCE_PARTICIPANT), as_json(scope.participants))
    if scope.filters_codings:
        codings = coding_filters(scope)
        having = all_terms_having(scope)
        group = f' GROUP BY k.start, k."end" HAVING {having.sql}' if having.conditions else ""
        where.add(f"""EXISTS (SELECT 1 FROM codings k
                      WHERE k.source = g.source AND k.start < g."end" AND g.start < k."end"
                        AND {codings.sql}{group})""", *codings.params, *having.params)
    return where
