"""Row-level change capture for undo and redo.

Temporary triggers copy every insert, update and delete on the tracked tables into
``temp.captured_changes`` as JSON row images. An operation takes the captured list and
stores it in its history entry; undo replays the list backwards with the before-images,
redo forwards with the after-images. Because every operation is captured the same way,
merge, split, auto-code, imports and the rest need no undo code of their own.

Sources are captured whole, so that a 2,000-interview import does not double the file: an
inserted source is recorded by id and name only (its text is in the sources table), a
deleted one with its whole image, text and segments (it is in the tables no longer). Undo
and redo swap the two forms as they remove and restore a source, so a source's text is
always stored once, in the tables or in the history. Segments are never captured on their
own except when a correction re-attributes them (an update of speaker columns); the search
index is rebuilt from the text. The interview order is kept dense (1…n): a source inserted
at a place moves the later ones down one, a source removed moves them up, so removing and
restoring a source are each other's inverse and need no capture; a reorder by the user is
captured by :func:`capture_update` as (id, order) pairs.
"""

from __future__ import annotations

import json

from sqlite_utils import Database

from workbench.errors import WorkbenchError
from workbench.store import sources as source_store

TRACKED = ("codes", "codings", "memos", "coders", "participants", "roles", "settings",
           "code_comments", "deid_terms", "deid_decisions")
KEYS = {"participants": "id", "roles": "prefix", "settings": "key"}  # else "id"
# Columns of a source whose change is a correction worth undoing (never its text).
SOURCE_METADATA = ("name", "path", "sha256", "participant", "interview_date", "left_out",
                   "attribution", "format", "language", "word_count")
SEGMENT_ATTRIBUTION = ("speaker", "participant", "is_interviewer")


def install_capture(db: Database) -> None:
    """Create the capture table and triggers for this connection (they live in ``temp``)."""
    db.execute(
        """CREATE TEMP TABLE IF NOT EXISTS captured_changes (
               seq INTEGER PRIMARY KEY, tbl TEXT, op TEXT, old TEXT, new TEXT)"""
    )
    for table in TRACKED:
        columns = [c.name for c in db[table].columns]
        for op, old, new in (("insert", "NULL", _image("NEW", columns)),
                             ("update", _image("OLD", columns), _image("NEW", columns)),
                             ("delete", _image("OLD", columns), "NULL")):
            _trigger(db, f"capture_{table}_{op}", f"AFTER {op.upper()} ON main.{table}",
                     table, op, old, new)
    source_columns = [c.name for c in db["sources"].columns]
    segments = ("(SELECT json_group_array(json_array("
                + ", ".join(f'g."{c}"' for c in source_store.SEGMENT_COLUMNS)
                + ")) FROM (SELECT * FROM main.segments g0 WHERE g0.source = OLD.id "
                  "ORDER BY g0.id) g)")
    whole = _image("OLD", source_columns, extra=f"'segments', json({segments})")
    _trigger(db, "capture_sources_insert", "AFTER INSERT ON main.sources", "sources", "insert",
             "NULL", "json_object('id', NEW.id, 'name', NEW.name)")
    _trigger(db, "capture_sources_delete", "BEFORE DELETE ON main.sources", "sources",
             "delete", whole, "NULL")
    metadata = ["id", *SOURCE_METADATA]
    _trigger(db, "capture_sources_update",
             f"AFTER UPDATE OF {', '.join(SOURCE_METADATA)} ON main.sources", "sources",
             "update", _image("OLD", metadata), _image("NEW", metadata))
    attribution = ["id", *SEGMENT_ATTRIBUTION]
    _trigger(db, "capture_segments_update",
             f"AFTER UPDATE OF {', '.join(SEGMENT_ATTRIBUTION)} ON main.segments", "segments",
             "update", _image("OLD", attribution), _image("NEW", attribution))


def _image(alias: str, columns: list[str], extra: str = "") -> str:
    pairs = [f"'{c}', {alias}.\"{c}\"" for c in columns] + ([extra] if extra else [])
    return "json_object(" + ", ".join(pairs) + ")"


def _trigger(db: Database, name: str, when: str, table: str, op: str, old: str, new: str) -> None:
    # An update that writes the values a row has already is no change.
    changed = f"WHEN {old} IS NOT {new}" if op == "update" else ""
    db.execute(
        f"""CREATE TEMP TRIGGER IF NOT EXISTS {name} {when} {changed}
            BEGIN
                INSERT INTO captured_changes (tbl, op, old, new)
                VALUES ('{table}', '{op}', {old}, {new});
            END"""
    )


def capture_update(db: Database, table: str, pairs: list[tuple[dict, dict]]) -> None:
    """Capture updates made where a trigger would capture too much (the interview order,
    which inserting and removing sources shift): (before, after) images with the key."""
    db.conn.executemany(
        "INSERT INTO temp.captured_changes (tbl, op, old, new) VALUES (?, 'update', ?, ?)",
        [(table, json.dumps(old), json.dumps(new)) for old, new in pairs if old != new])


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


def revert(db: Database, groups: list[list[dict]]) -> set[int]:
    """Undo the changes of ``groups`` (a step's parts, oldest first): newest first, each row
    back to its before-image. Returns the groups whose images changed form (sources)."""
    return _replay(db, groups, undoing=True)


def reapply(db: Database, groups: list[list[dict]]) -> set[int]:
    """Redo the changes of ``groups``: oldest first, each row to its after-image."""
    return _replay(db, groups, undoing=False)


def _replay(db: Database, groups: list[list[dict]], undoing: bool) -> set[int]:
    # An insert undone is a delete, a delete undone an insert; an update takes the image of
    # the side it goes back (or forward) to.
    removing_op = "insert" if undoing else "delete"
    side = "old" if undoing else "new"
    order = reversed if undoing else (lambda items: items)
    changed = set()
    for number in order(range(len(groups))):
        for change in order(groups[number]):
            table, op = change["table"], change["op"]
            if table == "sources" and op != "update":
                _swap_source(db, change, "new" if op == "insert" else "old",
                             remove=op == removing_op)
                changed.add(number)
            elif op == "update":
                _update(db, table, change[side])
            elif op == removing_op:
                _delete(db, table, change["new" if op == "insert" else "old"])
            else:
                _insert(db, table, change["old" if op == "delete" else "new"])
    clear(db)
    return changed


def compact(changes: list[dict]) -> bool:
    """Drop the whole images of sources that were inserted (an entry that can never be
    redone needs them no longer); whether anything was dropped."""
    dropped = False
    for change in changes:
        image = change["new"] if change["op"] == "insert" else None
        if change["table"] == "sources" and image and "text" in image:
            change["new"] = {"id": image["id"], "name": image["name"]}
            dropped = True
    return dropped


def _swap_source(db: Database, change: dict, side: str, remove: bool) -> None:
    """Remove a source (keeping its whole image in the change) or restore it from there
    (keeping only its id and name)."""
    image = change[side]
    if remove:
        if source_store.get(db, image["id"]) is None:
            raise WorkbenchError(f"the source '{image['name']}' is no longer in the project")
        change[side] = source_store.source_image(db, image["id"])
        source_store.delete_source(db, image["id"])
    else:
        if "text" not in image:
            raise WorkbenchError(f"the history no longer holds the text of '{image['name']}'")
        if source_store.find_source(db, image["name"]) is not None:
            raise WorkbenchError(f"a source named '{image['name']}' is in the project again; "
                                 "rename or delete it first")
        source_store.restore_source(db, image)
        change[side] = {"id": image["id"], "name": image["name"]}


def _insert(db: Database, table: str, row: dict) -> None:
    if table == "codings":
        _check_source(db, row)
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))


def _check_source(db: Database, coding: dict) -> None:
    """A coding is put back only on the source it was made on: its offsets mean nothing on
    another text. Source ids are never reused, so a replaced source has another id."""
    if db.execute("SELECT 1 FROM sources WHERE id = ?", [coding["source"]]).fetchone() is None:
        raise WorkbenchError(
            f"a coding of source {coding['source']} cannot be put back: that source was "
            "replaced or deleted since")


def _update(db: Database, table: str, row: dict) -> None:
    key = KEYS.get(table, "id")
    assignments = ", ".join(f'"{c}" = ?' for c in row if c != key)
    values = [v for c, v in row.items() if c != key]
    db.execute(f"UPDATE {table} SET {assignments} WHERE \"{key}\" = ?", values + [row[key]])


def _delete(db: Database, table: str, row: dict) -> None:
    key = KEYS.get(table, "id")
    db.execute(f"DELETE FROM {table} WHERE \"{key}\" = ?", [row[key]])
