"""Queries on the codebook tree and on codings; the writes live in the coding operations."""

from __future__ import annotations

from sqlite_utils import Database

CODE_FIELDS = ("name", "short_definition", "definition", "inclusion", "exclusion", "example",
               "colour", "codable", "origin")


def all_codes(db: Database) -> list[dict]:
    """Every code, parents before children, siblings in their order."""
    rows = list(db.query("SELECT * FROM codes ORDER BY sort_order, id"))
    by_parent: dict[int | None, list[dict]] = {}
    for row in rows:
        by_parent.setdefault(row["parent"], []).append(row)
    ordered: list[dict] = []

    def walk(parent: int | None, prefix: str, depth: int, path: str) -> None:
        for number, row in enumerate(by_parent.get(parent, []), start=1):
            row["number"] = f"{prefix}{number}"
            row["level"] = depth
            row["path"] = f"{path}/{row['name']}" if path else row["name"]
            ordered.append(row)
            walk(row["id"], f"{row['number']}.", depth + 1, row["path"])

    walk(None, "", 1, "")
    return ordered


def code_row(db: Database, code_id: int) -> dict:
    return next(db.query("SELECT * FROM codes WHERE id = ?", [code_id]))


def children(db: Database, code_id: int | None) -> list[dict]:
    if code_id is None:
        return list(db.query("SELECT * FROM codes WHERE parent IS NULL ORDER BY sort_order, id"))
    return list(db.query("SELECT * FROM codes WHERE parent = ? ORDER BY sort_order, id", [code_id]))


def descendants(db: Database, code_id: int) -> list[int]:
    """The ids of a code and everything below it."""
    return [r[0] for r in db.execute(
        """WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL
               SELECT c.id FROM codes c JOIN sub ON c.parent = sub.id)
           SELECT id FROM sub""", [code_id])]


def next_order(db: Database, parent: int | None) -> int:
    return db.execute(
        "SELECT coalesce(max(sort_order), 0) + 1 FROM codes WHERE parent IS ?", [parent]
    ).fetchone()[0]


def counts(db: Database) -> dict[int, int]:
    """Codings per code (its own, not its descendants')."""
    return dict(db.execute("SELECT code, count(*) FROM codings GROUP BY code").fetchall())


def coding_rows(db: Database, code_ids: list[int]) -> list[dict]:
    marks = ", ".join("?" for _ in code_ids)
    return list(db.query(f"SELECT * FROM codings WHERE code IN ({marks})", code_ids))


def code_rows(db: Database) -> dict[int, dict]:
    """Every code's row as stored, by id (any schema version: a project compared with)."""
    return {row["id"]: dict(row) for row in db.query("SELECT * FROM codes")}
