"""Row-level change capture for undo and redo.

Temporary triggers copy every insert, update and delete on the tracked tables into
``temp.captured_changes`` as JSON row images. An operation takes the captured list and
stores it in its history entry; undo replays the list backwards with the before-images,
redo forwards with the after-images. Because every operation is captured the same way,
merge, split, auto-code and the rest need no undo code of their own.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

TRACKED = ("codes", "codings", "memos", "coders")


def install_capture(db: Database) -> None:
    """Create the capture table and triggers for this connection (they live in ``temp``)."""
    db.execute(
        """CREATE TEMP TABLE IF NOT EXISTS captured_changes (
               seq INTEGER PRIMARY KEY, tbl TEXT, op TEXT, old TEXT, new TEXT)"""
    )
    for table in TRACKED:
        columns = [c.name for c in db[table].columns]

        def image(alias: str) -> str:
            return "json_object(" + ", ".join(f"'{c}', {alias}.\"{c}\"" for c in columns) + ")"

        for op, old, new in (("insert", "NULL", image("NEW")),
                             ("update", image("OLD"), image("NEW")),
                             ("delete", image("OLD"), "NULL")):
            db.execute(
                f"""CREATE TEMP TRIGGER IF NOT EXISTS capture_{table}_{op}
                    AFTER {op.upper()} ON main.{table}
                    BEGIN
                        INSERT INTO captured_changes (tbl, op, old, new)
                        VALUES ('{table}', '{op}', {old}, {new});
                    END"""
            )


def clear(db: Database) -> None:
    db.execute("DELETE FROM temp.captured_changes")


def take(db: Database) -> list[dict]:
    """The changes captured since the last clear, oldest first; clears the capture."""
    changes = [
        {"table": tbl, "op": op, "old": json.loads(old) if old else None,
         "new": json.loads(new) if new else None}
        for tbl, op, old, new in db.execute(
            "SELECT tbl, op, old, new FROM temp.captured_changes ORDER BY seq")
    ]
    clear(db)
    return changes


def revert(db: Database, changes: list[dict]) -> None:
    """Undo ``changes``: newest first, each row back to its before-image."""
    for change in reversed(changes):
        table, op = change["table"], change["op"]
        if op == "insert":
            _delete(db, table, change["new"]["id"])
        elif op == "delete":
            _insert(db, table, change["old"])
        else:
            _update(db, table, change["old"])
    clear(db)


def reapply(db: Database, changes: list[dict]) -> None:
    """Redo ``changes``: oldest first, each row to its after-image."""
    for change in changes:
        table, op = change["table"], change["op"]
        if op == "insert":
            _insert(db, table, change["new"])
        elif op == "delete":
            _delete(db, table, change["old"]["id"])
        else:
            _update(db, table, change["new"])
    clear(db)


def _insert(db: Database, table: str, row: dict) -> None:
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


def _update(db: Database, table: str, row: dict) -> None:
    assignments = ", ".join(f'"{c}" = ?' for c in row if c != "id")
    values = [v for c, v in row.items() if c != "id"]
    db.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", values + [row["id"]])


def _delete(db: Database, table: str, row_id: int) -> None:
    db.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
