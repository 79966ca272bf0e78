"""Opening and creating project files: the marker, pragmas, migrations with a backup first."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from workbench.errors import WorkbenchError
from workbench.store.backups import write_backup
from workbench.store.schema import MIGRATION_SET, migrations

APPLICATION_ID = 0x49574231  # "IWB1", written into the SQLite header of every project file
SQLITE_MAGIC = b"SQLite format 3\x00"


def create_database(path: Path) -> Database:
    """Create a new, empty project file (the caller has checked that none exists)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path)
    except (OSError, sqlite3.Error) as exc:
        raise WorkbenchError(f"cannot create the project file ({exc})", path) from None
    db = _configure(Database(conn))
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(db)
    return db


def open_database(path: Path) -> Database:
    """Open an existing project, applying pending migrations after taking a backup copy."""
    if not path.exists():
        raise WorkbenchError(
            "no project here; create one with `workbench init` or name one with -p", path
        )
    _check_header(path)
    try:
        # The TUI uses the connection from worker threads, one at a time, under a lock.
        conn = sqlite3.connect(path, check_same_thread=False)
        _check_application_id(conn, path)
    except sqlite3.DatabaseError as exc:
        raise WorkbenchError(f"is not a workbench project ({exc})", path) from None
    db = _configure(Database(conn))
    migrate(db, path)
    return db


def migrate(db: Database, path: Path) -> None:
    """Apply pending migrations, after a copy of the file as it was."""
    pending = migrations.pending(db)
    if pending:
        _backup(db, path, pending[0].name)
        migrations.apply(db)


def check_project_file(path: Path) -> None:
    """Check, without changing it, that a file is a whole workbench project: the marker,
    and SQLite's integrity check. Raises a WorkbenchError saying what is wrong."""
    if not path.exists():
        raise WorkbenchError("no such file", path)
    _check_header(path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise WorkbenchError(f"cannot be opened ({exc})", path) from None
    try:
        _check_application_id(conn, path)
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise WorkbenchError(f"is damaged ({exc})", path) from None
    finally:
        conn.close()
    if problems != ["ok"]:
        raise WorkbenchError(f"is damaged: {'; '.join(problems[:3])}", path)
    if not {"sources", "codes", "codings", "history"} <= tables:
        raise WorkbenchError("is not a workbench project (tables are missing)", path)


def open_read_only(path: Path) -> Database:
    """Another project, checked and opened read-only (never migrated): to compare with."""
    check_project_file(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return Database(conn)


def _check_header(path: Path) -> None:
    if path.is_dir():
        raise WorkbenchError("is a folder, not a project file", path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise WorkbenchError(f"cannot be read ({exc.strerror})", path) from None
    if magic != SQLITE_MAGIC:
        raise WorkbenchError("is not a workbench project (not an SQLite database)", path)


def _check_application_id(conn: sqlite3.Connection, path: Path) -> None:
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        conn.close()
        raise WorkbenchError("is not a workbench project (an SQLite database of another program)",
                             path)


def _configure(db: Database) -> Database:
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 5000")
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -65536")  # 64 MiB: index pages stay in memory on import
    return db


def _backup(db: Database, path: Path, before: str) -> Path:
    """Copy the whole project aside (``<name>.bak-<time>-before-<migration>``) before a
    migration changes it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return write_backup(db, path.with_name(f"{path.name}.bak-{stamp}-before-{before}"))


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One user action, one transaction: everything or nothing reaches the file.

    ``BEGIN IMMEDIATE`` takes the write lock at once, so that a reader-turned-writer never
    fails half-way; nested calls become savepoints.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    else:
        db.conn.execute("COMMIT")


def checkpoint(db: Database) -> None:
    """Fold the write-ahead log into the main file and empty it."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def applied_migrations(db: Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


__all__ = ["MIGRATION_SET", "create_database", "open_database", "write_transaction",
           "applied_migrations", "check_project_file", "migrate"]
