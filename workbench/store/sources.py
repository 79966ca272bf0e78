"""Writing imported transcripts (source, turns, sentences, search index) and removing them;
a source's whole image for the history; corrections of speakers and metadata."""

from __future__ import annotations

import json

from sqlite_utils import Database

from workbench.records import ImportedSource, ImportedTurn
from workbench.stamps import now


def find_source(db: Database, name: str) -> dict | None:
    rows = list(db.query("SELECT * FROM sources WHERE name = ?", [name]))
    return rows[0] if rows else None


def attribution_of(row: dict) -> dict:
    """How a source's speakers were attributed (empty for sources imported before m005)."""
    return json.loads(row.get("attribution") or "{}")


def coding_count(db: Database, source_id: int) -> int:
    return db.execute("SELECT count(*) FROM codings WHERE source = ?", [source_id]).fetchone()[0]


def insert_source(db: Database, record: ImportedSource, order: int | None = None) -> int:
    """Write one transcript with its segments and index entries; the caller holds the transaction."""
    if order is None:
        order = _order_by_date(db, record.interview_date)
    cursor = db.execute(
        """INSERT INTO sources (name, path, text, sha256, format, language, participant,
               interview_date, interview_order, word_count, imported_at, attribution)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [record.name, record.path, record.text, record.sha256, record.format, record.language,
         record.participant, record.interview_date, order, record.word_count,
         now(), json.dumps(record.attribution, ensure_ascii=False, sort_keys=True)],
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
            indexed.append((next_id, start, end))
            next_id += 1
    db.conn.executemany(
        """INSERT INTO segments (id, source, kind, parent, turn_number, start, "end", speaker,
               participant, is_interviewer, time_start, time_end)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        segments,
    )
    _index(db, search_index(record.language), text, indexed)
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
    """Remove a source, its segments and its index entries; the caller holds the transaction.

    The source row goes before its segments (they follow by ON DELETE CASCADE), so that the
    history's capture trigger still sees them when it takes the source's image.
    """
    row = db.execute("SELECT text, language, interview_order FROM sources WHERE id = ?",
                     [source_id]).fetchone()
    text, language, place = row
    _index(db, search_index(language), text, db.execute(
        """SELECT id, start, "end" FROM segments WHERE source = ? AND kind = 'sentence'""",
        [source_id]).fetchall(), delete=True)
    db.execute("DELETE FROM sources WHERE id = ?", [source_id])
    db.execute("DELETE FROM segments WHERE source = ?", [source_id])
    # The later interviews move up one: the order stays 1…n (restore_source makes room).
    db.execute("UPDATE sources SET interview_order = interview_order - 1 "
               "WHERE interview_order > ?", [place])


def remove_with_codings(db: Database, source_id: int) -> int:
    """Remove a source with its codings and every memo on it or on them; returns how many
    codings went. The caller holds the transaction."""
    codings = [r[0] for r in db.execute("SELECT id FROM codings WHERE source = ?", [source_id])]
    db.execute("DELETE FROM memos WHERE target_kind = 'source' AND target = ?", [str(source_id)])
    db.conn.executemany("DELETE FROM memos WHERE target_kind = 'coding' AND target = ?",
                        [(str(c),) for c in codings])
    db.execute("DELETE FROM codings WHERE source = ?", [source_id])
    delete_source(db, source_id)
    return len(codings)


def _index(db: Database, index: str, text: str, sentences, delete: bool = False) -> None:
    """Add sentences (id, start, end) to a contentless FTS5 index, or take them out: such an
    index forgets a row only when told the text it was given."""
    command = f"INSERT INTO {index} ({index}, rowid, text) VALUES ('delete', ?, ?)" if delete \
        else f"INSERT INTO {index} (rowid, text) VALUES (?, ?)"
    db.conn.executemany(command, [(seg_id, text[start:end]) for seg_id, start, end in sentences])


SEGMENT_COLUMNS = ("id", "kind", "parent", "turn_number", "start", "end", "speaker",
                   "participant", "is_interviewer", "time_start", "time_end")


def source_image(db: Database, source_id: int) -> dict:
    """Everything of a source as one JSON-ready dict: its row and its segments (the search
    index is rebuilt from the text)."""
    image = get(db, source_id)
    columns = ", ".join(f'"{c}"' for c in SEGMENT_COLUMNS)
    image["segments"] = [list(r) for r in db.execute(
        f"SELECT {columns} FROM segments WHERE source = ? ORDER BY id", [source_id])]
    return image


def restore_source(db: Database, image: dict) -> None:
    """Put back a source from :func:`source_image` (or the history's capture of a deleted
    one, which has the same shape), with its ids, segments and search index."""
    row = {k: v for k, v in image.items() if k != "segments"}
    segments = image["segments"]
    if isinstance(segments, str):
        segments = json.loads(segments)
    columns = ", ".join(f'"{c}"' for c in row)
    # Back in its place: the later interviews move down one (the inverse of delete_source).
    db.execute("UPDATE sources SET interview_order = interview_order + 1 "
               "WHERE interview_order >= ?", [row["interview_order"]])
    db.execute(f"INSERT INTO sources ({columns}) VALUES ({', '.join('?' for _ in row)})",
               list(row.values()))
    marks = ", ".join("?" for _ in SEGMENT_COLUMNS)
    names = ", ".join(f'"{c}"' for c in SEGMENT_COLUMNS)
    db.conn.executemany(f"INSERT INTO segments (source, {names}) VALUES (?, {marks})",
                        [[row["id"], *segment] for segment in segments])
    kind, start, end = (SEGMENT_COLUMNS.index(c) for c in ("kind", "start", "end"))
    _index(db, search_index(row["language"]), row["text"],
           [(s[0], s[start], s[end]) for s in segments if s[kind] == "sentence"])


def update_source(db: Database, source_id: int, **values: object) -> None:
    """Set metadata columns of a source (name, participant, interview_date, attribution)."""
    if "attribution" in values:
        values["attribution"] = json.dumps(values["attribution"], ensure_ascii=False,
                                           sort_keys=True)
    assignments = ", ".join(f'"{c}" = ?' for c in values)
    db.execute(f"UPDATE sources SET {assignments} WHERE id = ?", [*values.values(), source_id])


def set_turn_speakers(db: Database, source_id: int,
                      by_label: dict[str | None, tuple[str | None, bool]]) -> int:
    """Attribute every turn and sentence of a source again, by its speaker label (casefolded;
    None for turns without one); returns how many segments changed."""
    updates = []
    for seg_id, speaker, participant, interviewer in db.execute(
            "SELECT id, speaker, participant, is_interviewer FROM segments WHERE source = ?",
            [source_id]):
        target = by_label.get(speaker.casefold() if speaker else None)
        if target is not None and (participant, bool(interviewer)) != target:
            updates.append((target[0], int(target[1]), seg_id))
    db.conn.executemany("UPDATE segments SET participant = ?, is_interviewer = ? WHERE id = ?",
                        updates)
    return len(updates)


def turn_attribution(db: Database, source_id: int) -> dict[str | None, tuple[str | None, bool]]:
    """How the turns of a source are attributed now: casefolded label → (participant,
    interviewer)."""
    return {(speaker.casefold() if speaker else None): (participant, bool(interviewer))
            for speaker, participant, interviewer in db.execute(
                "SELECT DISTINCT speaker, participant, is_interviewer FROM segments "
                "WHERE source = ? AND kind = 'turn'", [source_id])}


def turns_of(db: Database, source_id: int) -> list[dict]:
    """Speaker and span of every turn, for attributing them again."""
    return list(db.query("""SELECT speaker, start, "end" FROM segments
                            WHERE source = ? AND kind = 'turn' ORDER BY start""", [source_id]))


def search_index(language: str) -> str:
    """The FTS5 table that holds a source's sentences."""
    return "segment_trigram" if language == "zh" else "segment_fts"


def list_sources(db: Database) -> list[dict]:
    return list(db.query(
        """SELECT s.id, s.name, s.participant, p.role,
                  CASE WHEN s.participant IS NOT NULL THEN 'interview'
                       WHEN (SELECT count(DISTINCT g.participant) FROM segments g
                             WHERE g.source = s.id AND g.kind = 'turn') > 1 THEN 'focus group'
                       ELSE 'unassigned' END AS kind,
                  s.language, s.format, s.word_count AS words,
                  s.interview_date, s.interview_order, s.left_out,
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
    return list(db.query("""SELECT id, name, text, imported_at, interview_date, participant,
                                   sha256, format, language, left_out
                            FROM sources ORDER BY interview_order, id"""))


def turns_for_export(db: Database) -> dict[int, list[ImportedTurn]]:
    """Every source's turns with their sentences, as the import wrote them; by source id."""
    turns: dict[int, list[ImportedTurn]] = {}
    by_id: dict[int, ImportedTurn] = {}
    for row in db.query("""SELECT id, source, start, "end", speaker, participant, is_interviewer,
                                  time_start, time_end
                           FROM segments WHERE kind = 'turn' ORDER BY source, start, id"""):
        turn = ImportedTurn(row["start"], row["end"], row["speaker"], row["participant"],
                            bool(row["is_interviewer"]), [], row["time_start"], row["time_end"])
        turns.setdefault(row["source"], []).append(turn)
        by_id[row["id"]] = turn
    for parent, start, end in db.execute("""SELECT parent, start, "end" FROM segments
                                            WHERE kind = 'sentence' ORDER BY parent, start, id"""):
        by_id[parent].sentences.append((start, end))
    return turns
