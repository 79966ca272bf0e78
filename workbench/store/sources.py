"""Writing imported transcripts (source, turns, sentences, search index) and removing them."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.records import ImportedSource
from workbench.stamps import now


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
         now()],
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


def named(db: Database, ref: str) -> list[dict]:
    """Sources whose file name, or file name without its extension, is ``ref``."""
    rows = list(db.query("SELECT * FROM sources WHERE name = ?", [ref]))
    if rows:
        return rows
    return [row for row in db.query("SELECT * FROM sources")
            if row["name"].rsplit(".", 1)[0] == ref]


def of_participant(db: Database, participant: str) -> list[dict]:
    return list(db.query("SELECT * FROM sources WHERE participant = ?", [participant]))


def get(db: Database, source_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM sources WHERE id = ?", [source_id]))
    return rows[0] if rows else None


def sentence_spans(db: Database, source_id: int) -> list[tuple[int, int]]:
    return db.execute("""SELECT start, "end" FROM segments WHERE source = ? AND kind = 'sentence'
                         ORDER BY start""", [source_id]).fetchall()


def participant_turn_spans(db: Database, source_id: int | None = None
                           ) -> dict[int, list[tuple[int, int]]]:
    """Per source (or for one): the spans of the turns that are not the interviewer's."""
    where, params = ("AND source = ?", [source_id]) if source_id is not None else ("", [])
    found: dict[int, list[tuple[int, int]]] = {}
    for source, start, end in db.execute(
            f"""SELECT source, start, "end" FROM segments
                WHERE kind = 'turn' AND is_interviewer = 0 {where}""", params):
        found.setdefault(source, []).append((start, end))
    return found


def interviewees(db: Database) -> dict[int, str | None]:
    """Each source's participant (None for a focus group)."""
    return dict(db.execute("SELECT id, participant FROM sources").fetchall())


def speaking_turns(db: Database) -> list[tuple[int, int, int, str]]:
    """(source, start, end, participant) of every turn a participant speaks — the turn's own
    participant, else the source's — by source and position; never the interviewer's."""
    return db.execute(
        """SELECT g.source, g.start, g."end", coalesce(g.participant, s.participant)
           FROM segments g JOIN sources s ON s.id = g.source
           WHERE g.kind = 'turn' AND g.is_interviewer = 0
             AND coalesce(g.participant, s.participant) IS NOT NULL
           ORDER BY g.source, g.start""").fetchall()


def texts(db: Database) -> list[dict]:
    """Id, name and text of every source."""
    return list(db.query("SELECT id, name, text FROM sources"))


def identities(db: Database) -> list[dict]:
    """Id, name and text hash of every source: what an exchange matches on."""
    return list(db.query("SELECT id, name, sha256 FROM sources"))


def for_export(db: Database) -> list[dict]:
    """What a REFI-QDA export writes of each source, in interview order."""
    return list(db.query("""SELECT id, name, text, imported_at, interview_date, participant
                            FROM sources ORDER BY interview_order, id"""))
