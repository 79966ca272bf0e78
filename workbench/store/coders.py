"""Coders: everyone who codes, by name, with a GUID for REFI-QDA exchange."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.stamps import new_guid


def all_coders(db: Database) -> list[dict]:
    return list(db.query("SELECT id, name, guid FROM coders ORDER BY name"))


def find(db: Database, name: str) -> int | None:
    row = db.execute("SELECT id FROM coders WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def add(db: Database, name: str, guid: str | None = None) -> int:
    return db.execute("INSERT INTO coders (name, guid) VALUES (?, ?)",
                      [name, guid or new_guid()]).lastrowid
