"""The history table: every codebook and coding change, who made it and when, for undo and review.

``state`` of an entry: ``applied``; ``undone`` (can be redone); ``superseded`` (undone,
then a newer change was made, so it can no longer be redone; kept for the record).
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from workbench.stamps import now

APPLIED, UNDONE, SUPERSEDED = "applied", "undone", "superseded"


def record(db: Database, actor: str, action: str, summary: str, changes: list[dict],
           details: dict | None = None) -> int:
    """Add an entry; a new change ends every chance to redo what was undone before it."""
    db.execute("UPDATE history SET state = ? WHERE state = ?", [SUPERSEDED, UNDONE])
    payload = json.dumps({"changes": changes, **(details or {})}, ensure_ascii=False)
    cursor = db.execute(
        "INSERT INTO history (at, actor, action, summary, payload) VALUES (?, ?, ?, ?, ?)",
        [now(), actor, action, summary, payload],
    )
    return cursor.lastrowid


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
