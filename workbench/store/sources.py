"""Writing imported transcripts (source, turns, sentences, search index) and removing them."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from workbench.records import ImportedSource


def find_source(db: Database, name: str) -> dict | None:
    rows = list(db.query("SELECT * FROM sources WHERE name = ?", [name]))
    return rows[0] if rows else None


def coding_count(db: Database, source_id: int) -> int:
    return db.execute("SELECT count(*) FROM codings WHERE source = ?", [source_id]).fetchone()[0]


def insert_source(db: Database, record: ImportedSource, order: int | None = None) -> int:
    """Write one transcript with its segments and index entries; the caller holds the transaction."""
    if order is None:
        order = _order_by_date(db, record.interview_date)
    cursor = db.execute(
        """INSERT INTO sources (name, path, text, sha256, format, language, participant,
               interview_date, interview_order, word_count, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [record.name, record.path, record.text, record.sha256, record.format, record.language,
         record.participant, record.interview_date, order, record.word_count,
         dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")],
    )
    source_id = cursor.lastrowid
    next_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM segments").fetchone()[0]
    segments = []
    indexed = []
    text = record.text
    for number, turn in enumerate(record.turns, start=1):
        turn_id = next_id
        next_id += 1
        segments.append((turn_id, source_id, "turn", None, number, turn.start, turn.end,
                         turn.speaker, turn.participant, int(turn.is_interviewer),
                         turn.time_start, turn.time_end))
        for start, end in turn.sentences:
            segments.append((next_id, source_id, "sentence", turn_id, number, start, end,
                             turn.speaker, turn.participant, int(turn.is_interviewer),
                             None, None))
            indexed.append((next_id, text[start:end]))
            next_id += 1
    db.conn.executemany(
        """INSERT INTO segments (id, source, kind, parent, turn_number, start, "end", speaker,
               participant, is_interviewer, time_start, time_end)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        segments,
    )
    db.conn.executemany(
        f"INSERT INTO {search_index(record.language)} (rowid, text) VALUES (?, ?)", indexed
    )
    return source_id


def _order_by_date(db: Database, date: str | None) -> int:
    """Interviews are counted in the order they were held: a dated interview goes before the
    first one held later (which move down one place); an undated one goes last."""
    if date:
        later = db.execute("SELECT min(interview_order) FROM sources WHERE interview_date > ?",
                           [date]).fetchone()[0]
        if later is not None:
            db.execute("UPDATE sources SET interview_order = interview_order + 1 "
                       "WHERE interview_order >= ?", [later])
            return later
    return db.execute("SELECT coalesce(max(interview_order), 0) + 1 FROM sources").fetchone()[0]


def delete_source(db: Database, source_id: int) -> None:
    """Remove a source, its segments and its index entries; the caller holds the transaction."""
    row = db.execute("SELECT text, language FROM sources WHERE id = ?", [source_id]).fetchone()
    text, language = row
    index = search_index(language)
    # Contentless FTS5 tables forget rows only when told the text they were given.
    db.conn.executemany(
        f"INSERT INTO {index} ({index}, rowid, text) VALUES ('delete', ?, ?)",
        [(seg_id, text[start:end]) for seg_id, start, end in db.execute(
            """SELECT id, start, "end" FROM segments WHERE source = ? AND kind = 'sentence'""",
            [source_id])],
    )
    db.execute("DELETE FROM segments WHERE source = ? AND kind = 'sentence'", [source_id])
    db.execute("DELETE FROM segments WHERE source = ?", [source_id])
    db.execute("DELETE FROM sources WHERE id = ?", [source_id])


def search_index(language: str) -> str:
    """The FTS5 table that holds a source's sentences."""
    return "segment_trigram" if language == "zh" else "segment_fts"


def list_sources(db: Database) -> list[dict]:
    return list(db.query(
        """SELECT s.id, s.name, s.participant, p.role, s.language, s.format, s.word_count AS words,
                  s.interview_date, s.interview_order,
                  (SELECT count(*) FROM segments g WHERE g.source = s.id AND g.kind = 'turn') AS turns,
                  (SELECT count(*) FROM codings c WHERE c.source = s.id) AS codings
           FROM sources s LEFT JOIN participants p ON p.id = s.participant
           ORDER BY s.interview_order"""
    ))


def source_turns(db: Database, source_id: int) -> list[dict]:
    return list(db.query(
        """SELECT id, turn_number, start, "end", speaker, participant, is_interviewer,
                  time_start, time_end
           FROM segments WHERE source = ? AND kind = 'turn' ORDER BY start""",
        [source_id],
    ))
