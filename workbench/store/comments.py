"""Review comments on codes (a supervisor's thread per code, apart from analytic memos)."""

from __future__ import annotations

from sqlite_utils import Database


def comments(db: Database, code_id: int | None = None, open_only: bool = False) -> list[dict]:
    """Comments oldest first, each with its code's id; of one code if ``code_id``."""
    where, params = ["1 = 1"], []
    if code_id is not None:
        where.append("code = ?")
        params.append(code_id)
    if open_only:
        where.append("resolved = 0")
    return list(db.query(f"SELECT * FROM code_comments WHERE {' AND '.join(where)} "
                         "ORDER BY created_at, id", params))


def comment(db: Database, comment_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM code_comments WHERE id = ?", [comment_id]))
    return rows[0] if rows else None


def guids(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT guid FROM code_comments")}


def insert(db: Database, row: dict) -> int:
    columns = ", ".join(f'"{k}"' for k in row)
    return db.execute(f"INSERT INTO code_comments ({columns}) VALUES "
                      f"({', '.join('?' for _ in row)})", list(row.values())).lastrowid


def set_resolved(db: Database, comment_id: int, resolved: bool, by: str | None,
                 at: str | None) -> None:
    db.execute("UPDATE code_comments SET resolved = ?, resolved_by = ?, resolved_at = ? "
               "WHERE id = ?", [int(resolved), by, at, comment_id])


def move_to(db: Database, from_codes: list[int], to_code: int) -> None:
    marks = ", ".join("?" for _ in from_codes)
    db.execute(f"UPDATE code_comments SET code = ? WHERE code IN ({marks})",
               [to_code, *from_codes])


def delete_of(db: Database, code_ids: list[int]) -> None:
    marks = ", ".join("?" for _ in code_ids)
    db.execute(f"DELETE FROM code_comments WHERE code IN ({marks})", code_ids)


def set_status(db: Database, code_id: int, status: str) -> None:
    db.execute("UPDATE codes SET review_status = ? WHERE id = ?", [status, code_id])


def open_counts(db: Database) -> dict[int, int]:
    """Unresolved comments per code."""
    return dict(db.execute("SELECT code, count(*) FROM code_comments WHERE resolved = 0 "
                           "GROUP BY code").fetchall())
