"""Project settings: name, creation time, default coder, codebook title, kept GUIDs."""

from __future__ import annotations

from sqlite_utils import Database


def get(db: Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def put(db: Database, key: str, value: str) -> None:
    """Store a setting (the caller holds the transaction)."""
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])
