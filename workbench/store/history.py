"""The history table: every change to the project, who made it and when, for undo and review.

``state`` of an entry: ``applied``; ``undone`` (can be redone); ``superseded`` (undone,
then a newer change was made, so it can no longer be redone; kept for the record, without
the texts of sources it can no longer put back).

An entry's row changes are in its payload, or, for a step made of several transactions
(an import, one file per transaction), in ``history_parts``, one row per transaction.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from workbench.stamps import now
from workbench.store.changes import compact

APPLIED, UNDONE, SUPERSEDED = "applied", "undone", "superseded"


def record(db: Database, actor: str, action: str, summary: str, changes: list[dict],
           details: dict | None = None) -> int:
    """Add an entry; a new change ends every chance to redo what was undone before it."""
    supersede(db)
    payload = json.dumps({"changes": changes, **(details or {})}, ensure_ascii=False)
    cursor = db.execute(
        "INSERT INTO history (at, actor, action, summary, payload) VALUES (?, ?, ?, ?, ?)",
        [now(), actor, action, summary, payload],
    )
    return cursor.lastrowid


def supersede(db: Database) -> None:
    """Mark the undone entries superseded, dropping the source texts they held for a redo."""
    for entry_id, in db.execute("SELECT id FROM history WHERE state = ?", [UNDONE]).fetchall():
        groups = change_groups(db, entry_id)
        save_groups(db, entry_id, groups, {n for n, g in enumerate(groups) if compact(g)})
    db.execute("UPDATE history SET state = ? WHERE state = ?", [SUPERSEDED, UNDONE])


def open_entry(db: Database, actor: str, action: str, summary: str) -> int:
    """An entry whose changes come in parts (see :func:`add_part`)."""
    supersede(db)
    cursor = db.execute(
        "INSERT INTO history (at, actor, action, summary, payload) VALUES (?, ?, ?, ?, ?)",
        [now(), actor, action, summary, json.dumps({"changes": [], "parts": True})])
    return cursor.lastrowid


def add_part(db: Database, entry_id: int, changes: list[dict]) -> None:
    db.execute("""INSERT INTO history_parts (entry, part, changes)
                  VALUES (?, (SELECT coalesce(max(part), 0) + 1 FROM history_parts
                              WHERE entry = ?), ?)""",
               [entry_id, entry_id, json.dumps(changes, ensure_ascii=False)])


def set_summary(db: Database, entry_id: int, summary: str) -> None:
    db.execute("UPDATE history SET summary = ? WHERE id = ?", [summary, entry_id])


def change_groups(db: Database, entry_id: int) -> list[list[dict]]:
    """An entry's changes, as one group per transaction, oldest first."""
    payload = json.loads(db.execute("SELECT payload FROM history WHERE id = ?",
                                    [entry_id]).fetchone()[0])
    if not payload.get("parts"):
        return [payload.get("changes", [])]
    return [json.loads(changes) for changes, in db.execute(
        "SELECT changes FROM history_parts WHERE entry = ? ORDER BY part", [entry_id])]


def save_groups(db: Database, entry_id: int, groups: list[list[dict]], which: set[int]) -> None:
    """Write back the groups numbered in ``which`` (their source images changed form)."""
    if not which:
        return
    payload = json.loads(db.execute("SELECT payload FROM history WHERE id = ?",
                                    [entry_id]).fetchone()[0])
    if not payload.get("parts"):
        payload["changes"] = groups[0]
        db.execute("UPDATE history SET payload = ? WHERE id = ?",
                   [json.dumps(payload, ensure_ascii=False), entry_id])
        return
    parts = [part for part, in db.execute(
        "SELECT part FROM history_parts WHERE entry = ? ORDER BY part", [entry_id])]
    db.conn.executemany("UPDATE history_parts SET changes = ? WHERE entry = ? AND part = ?",
                        [(json.dumps(groups[n], ensure_ascii=False), entry_id, parts[n])
                         for n in sorted(which)])


def last_applied(db: Database) -> dict | None:
    rows = list(db.query(
        "SELECT * FROM history WHERE state = ? ORDER BY id DESC LIMIT 1", [APPLIED]))
    return _decoded(rows)


def first_undone(db: Database) -> dict | None:
    rows = list(db.query(
        "SELECT * FROM history WHERE state = ? ORDER BY id ASC LIMIT 1", [UNDONE]))
    return _decoded(rows)


def set_state(db: Database, entry_id: int, state: int) -> None:
    db.execute("UPDATE history SET state = ? WHERE id = ?", [state, entry_id])


def entries(db: Database, since: str | None = None, actions: tuple[str, ...] = ()) -> list[dict]:
    """History entries, oldest first, without their row images."""
    where, params = ["1 = 1"], []
    if since:
        where.append("at >= ?")
        params.append(since)
    if actions:
        where.append("(" + " OR ".join("action LIKE ?" for _ in actions) + ")")
        params += [f"{a}%" for a in actions]
    return list(db.query(
        f"SELECT id, at, actor, action, summary, state FROM history WHERE {' AND '.join(where)} "
        "ORDER BY id", params))


def _decoded(rows: list[dict]) -> dict | None:
    if not rows:
        return None
    row = rows[0]
    row["payload"] = json.loads(row["payload"])
    return row


def applied_since(db: Database, since: str) -> list[dict]:
    """The applied entries from ``since`` on, newest first, each with its payload's details
    (without the changes) and its change groups: what a codebook as of ``since`` is rebuilt
    from."""
    found = []
    for row in db.query("SELECT id, at, action, payload FROM history WHERE state = ? AND at >= ? "
                        "ORDER BY id DESC", [APPLIED, since]):
        payload = json.loads(row["payload"])
        details = {k: v for k, v in payload.items() if k not in ("changes", "parts")}
        found.append({"id": row["id"], "at": row["at"], "action": row["action"],
                      "details": details, "groups": change_groups(db, row["id"])})
    return found

