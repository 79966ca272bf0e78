"""Memos on the project, a source, a code, a participant or a coding: raw rows for exchange."""

from __future__ import annotations

from sqlite_utils import Database


def guids(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT guid FROM memos")}


def all_memos(db: Database) -> list[dict]:
    return list(db.query("SELECT * FROM memos ORDER BY id"))


def insert(db: Database, guid: str, kind: str, target: str | None, text: str,
           author: int | None, created_at: str, updated_at: str) -> int:
    return db.execute(
        """INSERT INTO memos (guid, target_kind, target, text, author, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        [guid, kind, target, text, author, created_at, updated_at]).lastrowid
