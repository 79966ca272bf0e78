"""Consistent copies of a project file and putting one back.

A copy is made with SQLite's online backup (``Connection.backup``): it reads one consistent
snapshot even while another process writes, and it sees what the write-ahead log holds. A
plain file copy could catch a half-written page or miss the log.

Automatic copies, taken before a destructive operation, go to a ``backups/`` folder beside
the project and are pruned to the newest ``KEEP_AUTOMATIC``; copies the user asks for are
never pruned.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from workbench.errors import WorkbenchError

BACKUP_FOLDER = "backups"
AUTOMATIC = "auto"
KEEP_AUTOMATIC = 10


def backup_folder(project_path: Path) -> Path:
    return project_path.parent / BACKUP_FOLDER


def backup_name(project_path: Path, reason: str | None = None) -> Path:
    """``backups/<project>-<YYYYMMDD-HHMMSS>[-auto-<reason>].sqlite`` beside the project."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")[:-3]
    tail = f"-{AUTOMATIC}-{reason}" if reason else ""
    return backup_folder(project_path) / f"{project_path.stem}-{stamp}{tail}.sqlite"


def write_backup(db: Database, target: Path) -> Path:
    """Copy the open project into ``target`` (which must not exist) in one snapshot."""
    if target.exists():
        raise WorkbenchError("exists already; choose another name for the backup", target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(target)
    except (OSError, sqlite3.Error) as exc:
        raise WorkbenchError(f"cannot be written ({exc})", target) from None
    try:
        db.conn.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    except sqlite3.Error as exc:
        copy.close()
        target.unlink(missing_ok=True)
        raise WorkbenchError(f"the backup could not be written ({exc})", target) from None
    copy.close()
    return target


def automatic_backup(db: Database, project_path: Path, reason: str) -> Path:
    """A copy before a destructive operation; only the newest automatic copies are kept."""
    written = write_backup(db, backup_name(project_path, reason))
    automatic = sorted(backup_folder(project_path).glob(f"{project_path.stem}-*-{AUTOMATIC}-*.sqlite"))
    for old in automatic[:-KEEP_AUTOMATIC]:
        old.unlink(missing_ok=True)
    return written


def restore_into(db: Database, source: Path) -> None:
    """Replace the open project's content with ``source``'s, page by page, in one step."""
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy:
            copy.backup(db.conn)
    except sqlite3.Error as exc:
        raise WorkbenchError(f"could not be restored ({exc}); the project is as it was",
                             source) from None
