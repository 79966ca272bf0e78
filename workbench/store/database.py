"""Opening and creating project files: the marker, pragmas, migrations with a backup first."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
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


CORE_TABLES = {"settings", "sources", "codes", "codings", "history"}
WAY_OUT = ("`workbench restore BACKUP` puts a backup in its place (`workbench backup` copies "
           "what can still be read first)")


def open_database(path: Path) -> Database:
    """Open an existing project, applying pending migrations after taking a backup copy.

    Nothing is written to a file before it is known to be a project of this version (a
    forged marker, or a project of a newer version, leaves the file as it was), and
    SQLite's ``quick_check`` runs in the background from the open: a write waits until it
    has passed, and a damaged project takes none."""
    if not path.exists():
        raise WorkbenchError(
            "no project here; create one with `workbench init` or name one with -p", path
        )
    _check_header(path)
    _check_writable(path)
    _inspect(path)
    try:
        # The TUI uses the connection from worker threads, one at a time, under a lock.
        conn = sqlite3.connect(path, check_same_thread=False)
        db = _configure(Database(conn))
    except sqlite3.DatabaseError as exc:
        raise WorkbenchError(database_problem(exc), path) from None
    if migrations.pending(db):
        IntegrityCheck(path).wait()  # a damaged file is never migrated
        migrate(db, path)
    else:
        db.integrity_check = IntegrityCheck(path)  # type: ignore[attr-defined]
    return db


def migrate(db: Database, path: Path) -> None:
    """Apply pending migrations, after a copy of the file as it was."""
    pending = migrations.pending(db)
    if pending:
        _backup(db, path, pending[0].name)
        migrations.apply(db)


def recheck(db: Database, path: Path) -> None:
    """Check the file again (after a restore put other content in it)."""
    stop_check(db)
    db.integrity_check = IntegrityCheck(path)  # type: ignore[attr-defined]


def wait_for_check(db: Database, refuse: bool = True) -> None:
    """Return when the integrity check of the open has passed (at once if it has); raise, for
    as long as the project is open, if it found damage (unless ``refuse`` is False: a
    caller that only needs the check's thread to have ended, to fork worker processes)."""
    check = getattr(db, "integrity_check", None)
    if check is None:
        return
    try:
        check.wait()
    except WorkbenchError:
        if refuse:
            raise
        return
    db.integrity_check = None  # type: ignore[attr-defined]


def stop_check(db: Database) -> None:
    """End a check still running (the project is being closed)."""
    check = getattr(db, "integrity_check", None)
    if check is not None:
        check.stop()
        db.integrity_check = None  # type: ignore[attr-defined]


class IntegrityCheck:
    """SQLite's ``PRAGMA quick_check`` on its own read-only connection, in a thread: about a
    second at 2,000 interviews, so that opening a project never waits for it; a write does
    (``wait``), and is refused when the check found damage."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        try:
            self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                         check_same_thread=False)
        except sqlite3.Error as exc:
            self.problem = database_problem(exc)
        self._thread = threading.Thread(target=self._run, name="quick_check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if self._conn is not None:
                found = [row[0] for row in self._conn.execute("PRAGMA quick_check(3)")]
                if found != ["ok"]:
                    self.problem = "; ".join(found)
        except sqlite3.DatabaseError as exc:
            self.problem = str(exc)
        finally:
            with self._lock:
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None

    def wait(self) -> None:
        """Return when the check has passed; raise a WorkbenchError if it failed."""
        self._thread.join()
        if self.problem is not None:
            raise WorkbenchError(f"is damaged ({self.problem}); nothing was written to it. "
                                 + WAY_OUT, self.path)

    def stop(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.interrupt()
        self._thread.join()


def database_problem(exc: sqlite3.Error) -> str:
    """What an SQLite error means for the user, for a message about the project file."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_FULL"):
        return "the disk is full; free some space and try again (nothing half-done was kept)"
    if name.startswith("SQLITE_READONLY"):
        return ("cannot be written (the file or its folder is read-only); copy it to a "
                "folder you can write to, or change the permissions")
    if name.startswith("SQLITE_CANTOPEN"):
        return "cannot be opened (check that its folder exists and can be written to)"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return f"is damaged ({exc}). " + WAY_OUT
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "is busy: another program is writing to it; try again when it has finished"
    if name.startswith("SQLITE_IOERR"):
        return f"could not be read or written ({exc}); check the disk"
    return f"could not be used ({exc})"


def _check_writable(path: Path) -> None:
    """The file and its folder must be writable: SQLite keeps its write-ahead log beside it."""
    if not os.access(path, os.W_OK):
        raise WorkbenchError("cannot be written (the file is read-only); copy it to a "
                             "folder you can write to, or change its permissions", path)
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise WorkbenchError(f"cannot be written: its folder {path.parent} is read-only "
                             "(SQLite writes its journal beside the project); copy it to a "
                             "folder you can write to", path)


def _inspect(path: Path) -> None:
    """Read-only: the marker, the tables of a project, and no migration this version does
    not know. Raises a WorkbenchError before anything is written to a file that fails.
    (A connection that only reads: unlike a read-only one, it removes the write-ahead log
    files it opened when it closes.)"""
    try:
        conn = sqlite3.connect(path)
    except sqlite3.Error as exc:
        raise WorkbenchError(database_problem(exc), path) from None
    try:
        _check_application_id(conn, path)
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        applied = [row[0] for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            [MIGRATION_SET])] if "_sqlite_migrations" in tables else []
    except sqlite3.DatabaseError as exc:
        raise WorkbenchError(database_problem(exc), path) from None
    finally:
        conn.close()
    if not applied or not CORE_TABLES <= tables:
        raise WorkbenchError("carries the workbench marker but not a workbench project's "
                             "tables (a file made by another program, or one whose creation "
                             "was cut short); it was left as it is", path)
    known = {m.name for m in migrations._migrations}
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise WorkbenchError(f"was written by a newer version of Interview Workbench (it has "
                             f"the schema change {unknown[0]}, which this version does not "
                             "know); update Interview Workbench to open it. The file was "
                             "left as it is", path)


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
    wait_for_check(db)
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
           "applied_migrations", "check_project_file", "migrate", "recheck", "stop_check",
           "wait_for_check",
           "database_problem"]
