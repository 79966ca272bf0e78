"""De-identification in the store: the word list and the decisions (both tracked for undo),
what candidates are found in, and the writes of a de-identified copy."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from sqlite_utils import Database

from workbench.stamps import now
from workbench.store.sources import search_index

# -- the word list ---------------------------------------------------------------------------

def terms(db: Database) -> list[dict]:
    return list(db.query("SELECT id, term, replacement, kind, created_at FROM deid_terms "
                         "ORDER BY term"))


def put_term(db: Database, term: str, replacement: str, kind: str) -> None:
    """Add a term, or give one on the list its new replacement and kind."""
    row = db.execute("SELECT id FROM deid_terms WHERE term = ?", [term]).fetchone()
    if row:
        db.execute("UPDATE deid_terms SET replacement = ?, kind = ? WHERE id = ?",
                   [replacement, kind, row[0]])
    else:
        db.execute("INSERT INTO deid_terms (term, replacement, kind, created_at) "
                   "VALUES (?, ?, ?, ?)", [term, replacement, kind, now()])


def remove_term(db: Database, term: str) -> bool:
    return db.execute("DELETE FROM deid_terms WHERE term = ?", [term]).rowcount > 0


# -- decisions -------------------------------------------------------------------------------

def decisions(db: Database) -> list[dict]:
    return list(db.query("SELECT term, source, start, decision, replacement, decided_at "
                         "FROM deid_decisions ORDER BY term, source, start"))


def decide(db: Database, term: str, decision: str, replacement: str | None,
           source: int | None = None, start: int | None = None) -> None:
    """Store a decision on a term (or on one occurrence), in place of any before it."""
    db.execute("DELETE FROM deid_decisions WHERE term = ? AND coalesce(source, 0) = "
               "coalesce(?, 0) AND coalesce(start, -1) = coalesce(?, -1)", [term, source, start])
    db.execute("INSERT INTO deid_decisions (term, source, start, decision, replacement, "
               "decided_at) VALUES (?, ?, ?, ?, ?, ?)",
               [term, source, start, decision, replacement, now()])


def forget_decision(db: Database, term: str) -> int:
    """Drop every decision on a term (and its occurrences): it is pending again."""
    return db.execute("DELETE FROM deid_decisions WHERE term = ?", [term]).rowcount


# -- what candidates are found in ------------------------------------------------------------

def texts_in_order(db: Database) -> list[tuple[int, str]]:
    """(id, text) of every source in interview order."""
    return db.execute("SELECT id, text FROM sources ORDER BY interview_order, id").fetchall()


def source_names(db: Database) -> dict[int, str]:
    return dict(db.execute("SELECT id, name FROM sources").fetchall())


def speaker_labels(db: Database) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT speaker FROM segments WHERE kind = 'turn' AND speaker IS NOT NULL "
        "ORDER BY speaker")]


def other_texts(db: Database) -> list[str]:
    """Source names and the texts of memos and of codings' memos."""
    return [r[0] for r in db.execute(
        "SELECT name FROM sources UNION ALL SELECT text FROM memos "
        "UNION ALL SELECT memo FROM codings WHERE memo IS NOT NULL")]


def fingerprint(db: Database) -> str:
    """A digest of everything candidates are found in (texts by their hashes, names, speaker
    labels, attributes, memos, the word list): equal digests, equal candidates."""
    from hashlib import sha256

    digest = sha256()
    for sql in ("SELECT id, sha256, name, interview_order FROM sources ORDER BY id",
                "SELECT DISTINCT speaker FROM segments WHERE kind = 'turn' ORDER BY speaker",
                "SELECT id, attributes FROM participants ORDER BY id",
                "SELECT id, text FROM memos ORDER BY id",
                "SELECT id, memo FROM codings WHERE memo IS NOT NULL ORDER BY id",
                "SELECT term, replacement, kind FROM deid_terms ORDER BY term",
                "SELECT prefix FROM roles ORDER BY prefix"):
        for row in db.execute(sql):
            digest.update(repr(row).encode("utf-8"))
    return digest.hexdigest()


def attribute_values(db: Database) -> list[tuple[str, object]]:
    found = []
    for (attributes,) in db.execute("SELECT attributes FROM participants ORDER BY id"):
        found.extend(json.loads(attributes or "{}").items())
    return found


# -- writing the de-identified copy ----------------------------------------------------------

def copy_to(db: Database, target: str) -> None:
    """A compact copy of the whole project file (the original is only read)."""
    db.execute("VACUUM INTO ?", [target])


def close_copy(db: Database) -> None:
    """Fold the copy's write-ahead log into it and truncate the log."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def rewrite_copy(db: Database, rewrite: Callable[[int, str], tuple[str, Callable, Callable]],
                 fix_text: Callable[[str], str]) -> tuple[int, int]:
    """The whole rewrite of a de-identified copy (see the two functions below); the number
    of codings and of segments after it. The caller holds the transaction."""
    # Freed pages are zeroed, so that no old text stays behind in the file.
    db.execute("PRAGMA secure_delete = ON")
    codings: dict[int, list[tuple]] = {}
    for row in db.execute('SELECT source, id, start, "end", memo FROM codings'):
        codings.setdefault(row[0], []).append(row[1:])
    # Codings move one by one: while they do, one may take the old place of another.
    db.execute("DROP INDEX IF EXISTS idx_codings_unique")
    rewrite_sources(db, rewrite, fix_text, codings)
    rewrite_other_texts(db, fix_text)
    db.execute('CREATE UNIQUE INDEX idx_codings_unique ON codings(source, code, start, "end", '
               "coder)")
    # A contentless index keeps a deleted row's words until its segments are merged.
    for index in ("segment_fts", "segment_trigram"):
        db.execute(f"INSERT INTO {index} ({index}) VALUES ('optimize')")
    return (db.execute("SELECT count(*) FROM codings").fetchone()[0],
            db.execute("SELECT count(*) FROM segments").fetchone()[0])


def rewrite_sources(db: Database, rewrite: Callable[[int, str], tuple[str, Callable, Callable]],
                    fix_text: Callable[[str], str], codings: dict[int, list[tuple]]) -> None:
    """Give every source its new text and move its segments and codings with it; its
    exact interview date goes (its place in the interview order stays). A source whose
    text does not change keeps its positions and its index entries.

    ``rewrite(id, text)`` gives (new text, start map, end map); ``fix_text`` de-identifies a
    short string (names, speaker labels, memos). The caller holds the transaction.
    """
    from hashlib import sha256

    rows = db.execute("SELECT id, text, name, attribution, language FROM sources").fetchall()
    for source, text, name, attribution, language in rows:
        new_text, start_of, end_of = rewrite(source, text)
        if new_text == text:
            fixed = fix_text(name), _json_strings(attribution, fix_text)
            db.execute("UPDATE sources SET name = ?, path = NULL, interview_date = NULL, "
                       "attribution = ? WHERE id = ?", [*fixed, source])
            db.conn.executemany("UPDATE segments SET speaker = ? WHERE source = ? AND speaker = ?",
                                [(fix_text(speaker), source, speaker) for (speaker,) in db.execute(
                                    "SELECT DISTINCT speaker FROM segments WHERE source = ? "
                                    "AND speaker IS NOT NULL", [source]).fetchall()
                                 if fix_text(speaker) != speaker])
            db.conn.executemany("UPDATE codings SET memo = ? WHERE id = ?", [
                (fix_text(memo), i) for i, _, _, memo in codings.get(source, [])
                if memo and fix_text(memo) != memo])
            continue
        db.execute("UPDATE sources SET text = ?, sha256 = ?, name = ?, path = NULL, "
                   "interview_date = NULL, attribution = ? WHERE id = ?",
                   [new_text, sha256(new_text.encode("utf-8")).hexdigest(), fix_text(name),
                    _json_strings(attribution, fix_text), source])
        segments = db.execute('SELECT id, start, "end", speaker, kind FROM segments '
                              "WHERE source = ?", [source]).fetchall()
        speakers = {speaker: fix_text(speaker) for speaker in {seg[3] for seg in segments}
                    if speaker}
        moved = [(start_of(s), end_of(e), speakers.get(speaker, speaker), i)
                 for i, s, e, speaker, _ in segments]
        db.conn.executemany('UPDATE segments SET start = ?, "end" = ?, speaker = ? WHERE id = ?',
                            moved)
        # Only the sentences whose words changed are indexed again (a contentless index
        # forgets a row when given the text it was given).
        index = search_index(language)
        changed = [(i, text[s:e], new_text[ns:ne])
                   for (ns, ne, _, i), (_, s, e, _, kind) in zip(moved, segments)
                   if kind == "sentence" and text[s:e] != new_text[ns:ne]]
        db.conn.executemany(f"INSERT INTO {index} ({index}, rowid, text) VALUES ('delete', ?, ?)",
                            [(i, old) for i, old, _ in changed])
        db.conn.executemany(f"INSERT INTO {index} (rowid, text) VALUES (?, ?)",
                            [(i, new) for i, _, new in changed])
        db.conn.executemany('UPDATE codings SET start = ?, "end" = ?, memo = ? WHERE id = ?',
                            [(start_of(s), end_of(e), fix_text(m) if m else m, i)
                             for i, s, e, m in codings.get(source, [])])


def rewrite_other_texts(db: Database, fix_text: Callable[[str], str]) -> None:
    """Memos, review comments, attribute values, code fields and settings de-identified;
    the history and the de-identification tables (which hold the identifiers) emptied."""
    db.conn.executemany("UPDATE memos SET text = ? WHERE id = ?",
                        [(fix_text(t), i) for i, t in db.execute("SELECT id, text FROM memos")])
    db.conn.executemany("UPDATE code_comments SET text = ? WHERE id = ?",
                        [(fix_text(t), i)
                         for i, t in db.execute("SELECT id, text FROM code_comments")])
    db.conn.executemany("UPDATE participants SET attributes = ? WHERE id = ?",
                        [(_json_strings(a, fix_text), i)
                         for i, a in db.execute("SELECT id, attributes FROM participants")])
    fields = ("name", "short_definition", "definition", "inclusion", "exclusion", "example")
    columns = ", ".join(fields)
    updates = []
    for row in db.execute(f"SELECT id, {columns} FROM codes"):
        updates.append([fix_text(v) if v else v for v in row[1:]] + [row[0]])
    db.conn.executemany(f"UPDATE codes SET {', '.join(f + ' = ?' for f in fields)} WHERE id = ?",
                        updates)
    db.conn.executemany("UPDATE settings SET value = ? WHERE key = ?",
                        [(_json_strings(v, fix_text) if v else v, k)
                         for k, v in db.execute("SELECT key, value FROM settings")])
    for table in ("history_parts", "history", "deid_decisions", "deid_terms"):
        db.execute(f"DELETE FROM {table}")


def _json_strings(value: str | None, fix_text: Callable[[str], str]) -> str | None:
    """Every string inside a JSON value (keys too) de-identified; a plain string as text."""
    if value is None:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return fix_text(value)
    return json.dumps(_walk(data, fix_text), ensure_ascii=False, sort_keys=True) \
        if isinstance(data, (dict, list)) else fix_text(value)


def _walk(data, fix_text):
    if isinstance(data, str):
        return fix_text(data)
    if isinstance(data, list):
        return [_walk(v, fix_text) for v in data]
    if isinstance(data, dict):
        return {fix_text(k): _walk(v, fix_text) for k, v in data.items()}
    return data


# Columns that hold no words of anyone: identifiers, hashes, times, kinds.
_NOT_TEXT = ("guid", "sha256", "format", "language", "kind", "state", "decision", "op")


def table_texts(db: Database) -> Iterator[tuple[str, str]]:
    """(table.column, value) of every distinct text value of every table but the search
    indexes (and columns of identifiers, hashes and times): what the check of a
    de-identified copy reads."""
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'segment_%' "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlite_%'")]
    for table in tables:
        for column in [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]:
            if column in _NOT_TEXT or column.endswith("_at") or column == "at":
                continue
            for (value,) in db.execute(f'SELECT DISTINCT "{column}" FROM "{table}" '
                                       f'WHERE typeof("{column}") = \'text\''):
                yield f"{table}.{column}", value
