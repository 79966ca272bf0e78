"""Roles and participants: the project's ID scheme and the attributes of each person."""

from __future__ import annotations

import json

from sqlite_utils import Database

from workbench.errors import WorkbenchError


def roles(db: Database) -> list[dict]:
    return list(db.query("SELECT prefix, label, sort_order FROM roles ORDER BY sort_order"))


def role_of(db: Database) -> dict[str, str]:
    """Each participant's role prefix."""
    return dict(db.execute("SELECT id, role FROM participants").fetchall())


def role_prefixes(db: Database) -> list[str]:
    return [r["prefix"] for r in roles(db)]


def set_roles(db: Database, scheme: list[tuple[str, str]]) -> None:
    for order, (prefix, label) in enumerate(scheme, start=1):
        db.execute(
            """INSERT INTO roles (prefix, label, sort_order) VALUES (?, ?, ?)
               ON CONFLICT(prefix) DO UPDATE SET label = excluded.label,
                   sort_order = excluded.sort_order""",
            [prefix, label, order],
        )


def set_role_label(db: Database, prefix: str, label: str) -> None:
    db.execute("UPDATE roles SET label = ? WHERE prefix = ?", [label, prefix])


def ensure_participant(db: Database, participant_id: str, role: str, number: int) -> None:
    db.execute(
        "INSERT OR IGNORE INTO participants (id, role, number) VALUES (?, ?, ?)",
        [participant_id, role, number],
    )


def get_participant(db: Database, participant_id: str) -> dict | None:
    rows = list(db.query("SELECT * FROM participants WHERE id = ?", [participant_id]))
    if not rows:
        return None
    row = rows[0]
    row["attributes"] = json.loads(row["attributes"])
    return row


def set_attributes(db: Database, participant_id: str, values: dict[str, object]) -> None:
    """Merge ``values`` into the participant's attributes; a value of None removes the key."""
    current = get_participant(db, participant_id)["attributes"]
    for key, value in values.items():
        if value is None:
            current.pop(key, None)
        else:
            current[key] = value
    try:  # NaN and infinities would make the JSON unreadable to SQLite's json functions
        stored = json.dumps(current, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except ValueError:
        raise WorkbenchError(f"participant {participant_id}: an attribute value is not a "
                             "finite number (nan or inf); write it as text") from None
    db.execute("UPDATE participants SET attributes = ? WHERE id = ?", [stored, participant_id])


def list_participants(db: Database) -> list[dict]:
    rows = list(db.query(
        """SELECT p.id, p.role, r.label AS role_label, p.number, p.attributes,
                  (SELECT count(*) FROM sources s WHERE s.participant = p.id) AS sources,
                  (SELECT count(*) FROM segments g
                     WHERE g.participant = p.id AND g.kind = 'turn') AS turns
           FROM participants p JOIN roles r ON r.prefix = p.role
           ORDER BY r.sort_order, p.number"""
    ))
    for row in rows:
        row["attributes"] = json.loads(row["attributes"])
    return rows
