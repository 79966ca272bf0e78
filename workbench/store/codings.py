"""Queries on codings that the screens, exports and analyses read; the writes live in the
coding operations (``coding/codings.py``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from sqlite_utils import Database


def has_any(db: Database) -> bool:
    return db.execute("SELECT 1 FROM codings LIMIT 1").fetchone() is not None


def spans(db: Database) -> list[tuple[int, int, int, int, int]]:
    """(coding id, source, code, start, end) of every coding, by source and position."""
    return db.execute(
        'SELECT id, source, code, start, "end" FROM codings ORDER BY source, start, id'
    ).fetchall()


def code_spans(db: Database) -> Iterator[tuple[int, int, int, int]]:
    """(source, code, start, end) of every coding, in no particular order, as read."""
    return db.execute('SELECT source, code, start, "end" FROM codings')


def source_spans(db: Database, source_id: int | None = None) -> dict[int, list[tuple[int, int]]]:
    """Per source (or for one): the spans its codings cover."""
    where, params = ("WHERE source = ?", [source_id]) if source_id is not None else ("", [])
    found: dict[int, list[tuple[int, int]]] = {}
    for source, start, end in db.execute(
            f'SELECT source, start, "end" FROM codings {where}', params):
        found.setdefault(source, []).append((start, end))
    return found


def in_source(db: Database, source_id: int) -> list[dict]:
    """The codings of one source with their code's colour, for the transcript view."""
    return list(db.query(
        """SELECT k.id, k.start, k."end", k.code, c.colour FROM codings k
           JOIN codes c ON c.id = k.code WHERE k.source = ? ORDER BY k.start, k.id""",
        [source_id]))


def recent_code_ids(db: Database, coder: str, limit: int = 9) -> list[int]:
    """The codes a coder applied last, most recent first, each once."""
    rows = db.execute(
        """SELECT k.code FROM codings k JOIN coders c ON c.id = k.coder
           WHERE c.name = ? ORDER BY k.id DESC LIMIT 200""", [coder])
    return list(dict.fromkeys(r[0] for r in rows))[:limit]


def saturation_marks(db: Database) -> list[tuple[int, int, str]]:
    """The distinct (source, code, coder name) of the codings."""
    return db.execute(
        """SELECT k.source, k.code, c.name
           FROM (SELECT DISTINCT source, code, coder FROM codings) k
           JOIN coders c ON c.id = k.coder""").fetchall()


def coder_counts(db: Database) -> list[tuple[str, int]]:
    """Who coded, with their number of codings, most first."""
    return db.execute("""SELECT c.name, count(*) FROM codings k JOIN coders c ON c.id = k.coder
                         GROUP BY c.name ORDER BY count(*) DESC, c.name""").fetchall()


def texts(db: Database, coding_ids: Iterable[int]) -> dict[int, str]:
    """The coded text of each coding."""
    return dict(db.execute(
        """SELECT k.id, substr(s.text, k.start + 1, k."end" - k.start)
           FROM codings k JOIN sources s ON s.id = k.source
           WHERE k.id IN (SELECT value FROM json_each(?))""",
        [json.dumps(list(coding_ids))]).fetchall())


def with_participants(db: Database) -> list[dict]:
    """Every coding's code, source and span, with the participant who said it: the speaker
    of the turn it lies in, else the source's participant."""
    return list(db.query(
        """SELECT k.code, k.source, k.start, k."end",
                  coalesce((SELECT g.participant FROM segments g
                            WHERE g.source = k.source AND g.kind = 'turn'
                              AND g.start < k."end" AND k.start < g."end"
                              AND g.participant IS NOT NULL LIMIT 1),
                           s.participant) AS participant
           FROM codings k JOIN sources s ON s.id = k.source"""))


def guids(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT guid FROM codings")}


def find_same(db: Database, guid: str, source: int, code: int, start: int, end: int,
              coder: int) -> int | None:
    """The id of a coding with this GUID or this exact span, code and coder."""
    row = db.execute(
        'SELECT id FROM codings WHERE guid = ? OR (source = ? AND code = ? AND start = ? '
        'AND "end" = ? AND coder = ?)', [guid, source, code, start, end, coder]).fetchone()
    return row[0] if row else None


def insert(db: Database, guid: str, source: int, code: int, start: int, end: int, coder: int,
           memo: str | None, created_at: str, exemplar: bool = False) -> int:
    return db.execute(
        """INSERT INTO codings (guid, source, code, start, "end", coder, memo, exemplar,
               created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [guid, source, code, start, end, coder, memo, int(exemplar), created_at]).lastrowid


def for_export(db: Database) -> list[dict]:
    """Every coding with what a REFI-QDA export writes, by position."""
    return list(db.query("""SELECT id, guid, source, code, start, "end", coder, memo, exemplar,
                                   created_at
                            FROM codings ORDER BY start, "end", guid"""))


_QUOTE_CANDIDATES = """
WITH scored AS (
    SELECT k.id, k.source, k.code, k.start, k."end", k.exemplar,
           (1 - k.exemplar) * 2000000
           + (k."end" - k.start NOT BETWEEN :shortest AND :longest) * 1000000
           + min(abs(k."end" - k.start - :target), 999999) AS score
    FROM codings k),
best AS (
    -- an interview's best passage of each code: grouping by (source, code) follows
    -- idx_codings_unique, so no sort; SQLite takes the bare columns from the min() row
    SELECT c.id, c.source, c.code, c.start, c."end", c.exemplar, s.participant,
           min(c.score) AS score
    FROM scored c JOIN sources s ON s.id = c.source
    WHERE s.participant IS NOT NULL
    GROUP BY c.source, c.code
    UNION ALL
    -- a focus group's best passage of each code by each speaker, within one of their turns
    SELECT c.id, c.source, c.code, c.start, c."end", c.exemplar, g.participant,
           min(c.score) AS score
    FROM scored c JOIN sources s ON s.id = c.source AND s.participant IS NULL
    JOIN segments g ON g.source = c.source AND g.kind = 'turn' AND g.start <= c.start
                   AND c."end" <= g."end" AND g.participant IS NOT NULL
    GROUP BY c.source, c.code, g.participant),
placed AS (
    SELECT b.*, p.role,
           row_number() OVER (PARTITION BY b.code, p.role ORDER BY b.score, b.id) AS place
    FROM best b JOIN participants p ON p.id = b.participant)
SELECT c.id, c.code, c.participant, c.role, c.exemplar, c."end" - c.start AS length,
       EXISTS (SELECT 1 FROM segments x WHERE x.source = c.source AND x.kind = 'sentence'
                 AND x.start = c.start)
       AND EXISTS (SELECT 1 FROM segments x WHERE x.source = c.source AND x.kind = 'sentence'
                     AND x.start >= c.start AND x.start < c."end" AND x."end" = c."end")
           AS whole
FROM placed c JOIN sources s ON s.id = c.source
JOIN segments t ON t.id = (SELECT g.id FROM segments g
                           WHERE g.source = c.source AND g.kind = 'turn' AND g.start <= c.start
                           ORDER BY g.start DESC LIMIT 1)
WHERE c.place <= :keep
  -- the whole passage lies in one turn of that participant, not the interviewer's
  AND c."end" <= t."end" AND t.is_interviewer = 0
  AND coalesce(t.participant, s.participant) = c.participant
"""


def quote_candidates(db: Database, shortest: int, longest: int, target: int,
                     keep: int) -> list[tuple[int, int, str, str, int, int, int]]:
    """(coding, code, participant, role, exemplar, length, whole) of the best few passages of
    each code per role: exemplars first, then lengths in [shortest, longest] nearest
    ``target``; at most ``keep`` per code and role, each within one participant turn."""
    return db.execute(_QUOTE_CANDIDATES, {"shortest": shortest, "longest": longest,
                                          "target": target, "keep": keep}).fetchall()


def code_of_each(db: Database) -> dict[int, tuple[str, int]]:
    """Every coding's id → (guid, code id): where each coding sits."""
    return {row[0]: (row[1], row[2]) for row in db.execute("SELECT id, guid, code FROM codings")}
