"""The import pipeline for transcripts: files and folders → parsed sources (in worker
processes) → each file stored in its own transaction; and the report of what happened."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from workbench.errors import WorkbenchError
from workbench.ingest.batch import ParseOptions, parse_all
from workbench.ingest.transcripts import is_transcript
from workbench.records import ImportedSource
from workbench.store import participants as participant_store
from workbench.store import sources as source_store
from workbench.store.database import write_transaction
from workbench.text.participants import split_participant_id

Progress = Callable[[int, int, str], None]  # (done, total, current file)


@dataclass
class ImportReport:
    """What an import did, file by file."""

    imported: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files of other kinds inside a folder
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def lines(self) -> list[tuple[str, str]]:
        """(kind, text) for each file, in the order a person reads them: imported, replaced,
        unchanged, skipped, warning, failed. The CLI and the import screen both print these."""
        return ([("imported", p) for p in self.imported]
                + [("replaced", f"{p} (changed since the last import)") for p in self.replaced]
                + [("unchanged", f"{p} (imported before; nothing to do)")
                   for p in self.unchanged]
                + [("skipped", f"{p} (not a transcript)") for p in self.skipped]
                + [("warning", f"{p}: {w}") for p, w in self.warnings]
                + [("failed", f"{p}: {m}") for p, m in self.failed])

    def summary(self) -> str:
        new = len(self.imported) + len(self.replaced)
        if new == 0 and not self.failed and self.unchanged:
            return "Nothing changed: every file was imported before."
        return (f"{new} imported, {len(self.unchanged)} unchanged, {len(self.skipped)} skipped, "
                f"{len(self.failed)} failed.")


def transcript_files(paths: Iterable[Path], recursive: bool, report: ImportReport) -> list[Path]:
    """Files named one by one, and the transcripts inside folders (others listed as skipped)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            for child in sorted(path.glob(pattern)):
                if not child.is_file() or child.name.startswith("."):
                    continue
                if is_transcript(child):
                    files.append(child)
                else:
                    report.skipped.append(str(child))
        else:
            files.append(path)
    return files


def import_files(db: Database, files: list[Path], options: ParseOptions,
                 report: ImportReport, progress: Progress | None = None,
                 before_replace: Callable[[], object] | None = None) -> None:
    """Parse the files (in worker processes when there are many) and store each as it comes.

    A file that fails is reported and leaves no trace; the others are imported.
    ``before_replace`` runs before a changed file replaces the source imported before.
    """
    for done, (file, parsed) in enumerate(zip(files, parse_all(files, options))):
        if progress:
            progress(done, len(files), str(file))
        try:
            if isinstance(parsed, str):
                raise WorkbenchError(parsed, file)
            outcome = store_source(db, parsed, before_replace)
        except WorkbenchError as exc:
            report.failed.append((str(file), exc.problem))
            continue
        getattr(report, outcome).append(str(file))
        report.warnings.extend((str(file), w) for w in parsed.warnings)
    if progress:
        progress(len(files), len(files), "")


def ensure_participants(db: Database, ids: Iterable[str]) -> None:
    """Create the participants that do not exist yet (the caller holds the transaction)."""
    for pid in ids:
        role, number = split_participant_id(pid)
        participant_store.ensure_participant(db, pid, role, number)


def store_source(db: Database, record: ImportedSource,
                 before_replace: Callable[[], object] | None = None) -> str:
    """Write one parsed file: ``imported``, ``replaced`` (a changed file without codings) or
    ``unchanged``."""
    existing = source_store.find_source(db, record.name)
    if existing and existing["sha256"] == record.sha256:
        return "unchanged"
    if existing:
        coded = source_store.coding_count(db, existing["id"])
        if coded:
            raise WorkbenchError(
                f"differs from the source '{record.name}' imported before, which has {coded} "
                "codings; rename the file to import it as a new source", record.path)
        if before_replace:
            before_replace()
    try:
        with write_transaction(db):
            ensure_participants(db, sorted(({record.participant} | record.speakers) - {None}))
            order = None
            if existing:
                order = existing["interview_order"]
                source_store.delete_source(db, existing["id"])
            source_store.insert_source(db, record, order)
    except sqlite3.Error as exc:
        raise WorkbenchError(f"could not be stored ({exc})", record.path) from None
    return "replaced" if existing else "imported"
