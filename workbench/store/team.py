"""Blind copies and their merge, at the level of rows: a copy pruned to one coder's codings,
the rows a merge reads from a copy, and the rows it writes."""

from __future__ import annotations

import hashlib
import json

from sqlite_utils import Database

from workbench.store.codes import CODE_FIELDS

MERGED_FIELDS = (*CODE_FIELDS, "parent")


def prune_to_coder(db: Database, coder_id: int) -> int:
    """Remove every other coder's codings (and the memos on them) and the whole history, so
    that nothing in the copy shows or brings back what the others coded; the count removed."""
    others = [row[0] for row in db.execute("SELECT id FROM codings WHERE coder != ?", [coder_id])]
    db.execute("DELETE FROM memos WHERE target_kind = 'coding' AND target IN "
               "(SELECT CAST(value AS TEXT) FROM json_each(?))", [json.dumps(others)])
    db.execute("DELETE FROM codings WHERE coder != ?", [coder_id])
    db.execute("DELETE FROM history_parts")
    db.execute("DELETE FROM history")
    return len(others)


def vacuum(db: Database) -> None:
    db.execute("VACUUM")


def source_hashes(db: Database) -> dict[str, tuple[int, str]]:
    """The SHA-256 of each source's text → (id, name)."""
    return {hashlib.sha256(text.encode("utf-8")).hexdigest(): (sid, name)
            for sid, name, text in db.execute("SELECT id, name, text FROM sources")}


def codes_by_guid(db: Database) -> dict[str, dict]:
    """Every code by GUID with its fields, its parent as a GUID and its id."""
    rows = list(db.query("SELECT * FROM codes"))
    guid_of = {r["id"]: r["guid"] for r in rows}
    found = {}
    for row in rows:
        fields = {f: row[f] for f in CODE_FIELDS}
        fields["parent"] = guid_of.get(row["parent"])
        fields["id"] = row["id"]
        fields["sort_order"] = row["sort_order"]
        found[row["guid"]] = fields
    return found


def codings_with_keys(db: Database) -> list[dict]:
    """Every coding with its id, its coder's name, its code's GUID and its source's id."""
    return list(db.query(
        'SELECT codings.id, codings.guid, codings.source, codes.guid AS code_guid, '
        'codings.start, codings."end", coders.name AS coder, codings.memo, codings.exemplar, '
        "codings.created_at FROM codings JOIN codes ON codes.id = codings.code "
        "JOIN coders ON coders.id = codings.coder"))


def memos_with_authors(db: Database) -> list[dict]:
    """Every memo (not the memo column of codings) with its author's name."""
    return list(db.query(
        "SELECT memos.guid, memos.target_kind, memos.target, memos.text, "
        "coders.name AS author, memos.created_at, memos.updated_at "
        "FROM memos LEFT JOIN coders ON coders.id = memos.author ORDER BY memos.id"))


def participant_ids(db: Database) -> set[str]:
    return {row[0] for row in db.execute("SELECT id FROM participants")}


def coding_ids(db: Database, guids: list[str]) -> dict[str, int]:
    return dict(db.execute("SELECT guid, id FROM codings WHERE guid IN "
                           "(SELECT value FROM json_each(?))", [json.dumps(guids)]).fetchall())


def set_coding_memo(db: Database, guid: str, memo: str) -> None:
    db.execute("UPDATE codings SET memo = ? WHERE guid = ?", [memo, guid])


def insert_code(db: Database, guid: str, fields: dict, parent_id: int | None,
                created_at: str) -> int:
    order = db.execute("SELECT coalesce(max(sort_order), 0) + 1 FROM codes WHERE "
                       "coalesce(parent, 0) = coalesce(?, 0)", [parent_id]).fetchone()[0]
    columns = ["guid", "parent", *CODE_FIELDS, "sort_order", "created_at"]
    values = [guid, parent_id, *(fields[f] for f in CODE_FIELDS), order, created_at]
    marks = ", ".join("?" for _ in columns)
    return db.execute(f"INSERT INTO codes ({', '.join(columns)}) VALUES ({marks})",
                      values).lastrowid


def update_code(db: Database, code_id: int, values: dict) -> None:
    """``values`` of CODE_FIELDS and ``parent`` (an id)."""
    for column in values:
        if column not in MERGED_FIELDS:
            raise ValueError(column)
    assignments = ", ".join(f"{c} = ?" for c in values)
    db.execute(f"UPDATE codes SET {assignments} WHERE id = ?", [*values.values(), code_id])


def insert_coding(db: Database, guid: str, source: int, code: int, start: int, end: int,
                  coder: int, memo: str | None, exemplar: int, created_at: str) -> None:
    db.execute('INSERT INTO codings (guid, source, code, start, "end", coder, memo, exemplar, '
               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [guid, source, code, start, end, coder, memo, exemplar, created_at])


def delete_codings(db: Database, guids: list[str]) -> None:
    db.execute("DELETE FROM codings WHERE guid IN (SELECT value FROM json_each(?))",
               [json.dumps(guids)])


def coding_guids(db: Database) -> set[str]:
    return {row[0] for row in db.execute("SELECT guid FROM codings")}
