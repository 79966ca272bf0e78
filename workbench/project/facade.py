"""Project: the one facade that the CLI and the TUI both call.

Every public method is one user action. Methods that change the project run in one
transaction, so a failure leaves the file exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import getpass
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from workbench.analysis.characteristics import CharacteristicsTable, characteristics
from workbench.analysis.codebook_review import Review, review_codebook
from workbench.analysis.quote_check import QuoteCheck
from workbench.analysis.spans import span_share
from workbench.coding import undo as undo_steps
from workbench.coding.codebook import Codebook, PlanItem
from workbench.coding.codings import Codings
from workbench.export.codebook_document import codebook_document, document_docx, document_markdown
from workbench.export.codebook_yaml import codebook_to_yaml
from workbench.export.formats import ExportOptions, export
from workbench.refi.qdc import codebook_to_qdc
from workbench.ingest.codebook_yaml import read_codebook_yaml
from workbench.ingest.coding_list import read_coding_list
from workbench.refi.qdc import read_qdc
from workbench.errors import WorkbenchError
from workbench.ingest.batch import ParseOptions, parse_all
from workbench.ingest.manuscript import read_manuscript
from workbench.ingest.participant_table import read_participant_table
from workbench.records import ImportedSource
from workbench.ingest.transcripts import is_transcript
from workbench.retrieval import QuoteHit, QuoteQuery, find_quotes
from workbench.retrieval.quote_sources import check_manuscript
from workbench.store import changes
from workbench.store import history as history_store
from workbench.store import participants as participant_store
from workbench.store import sources as source_store
from workbench.store.database import checkpoint, create_database, open_database, write_transaction
from workbench.text.participants import parse_participant_id, split_participant_id
from workbench.text.turns import INTERVIEWER_LABELS

DEFAULT_FILENAME = "workbench.sqlite"
DEFAULT_ROLES = "G=General practitioner,N=Community nurse,M=Manager"


def parse_roles(spec: str) -> list[tuple[str, str]]:
    """``"G=General practitioner,N=Community nurse"`` → [("G", "General practitioner"), …]."""
    scheme = []
    for part in spec.split(","):
        prefix, sep, label = part.partition("=")
        prefix, label = prefix.strip(), label.strip()
        if not sep or not prefix.isalpha() or not prefix.isascii() or len(prefix) > 4 or not label:
            raise WorkbenchError(
                f"role '{part.strip()}' should look like G=General practitioner "
                "(a prefix of 1–4 letters, '=', a label)"
            )
        if prefix.casefold() in {p.casefold() for p, _ in scheme}:
            raise WorkbenchError(f"role prefix '{prefix}' is given twice")
        scheme.append((prefix, label))
    return scheme


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


Progress = Callable[[int, int, str], None]  # (done, total, current file)


class Project:
    """An open project file."""

    def __init__(self, path: Path, db: Database) -> None:
        self.path = path
        self.db = db
        changes.install_capture(db)
        self.codebook = Codebook(db, self.default_coder)
        self.coding = Codings(db, self.codebook, self.default_coder)

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, roles: str = DEFAULT_ROLES, name: str | None = None) -> "Project":
        path = Path(path)
        if path.exists():
            raise WorkbenchError("a file of that name exists already; open it or choose another",
                                 path)
        scheme = parse_roles(roles)
        db = create_database(path)
        project = cls(path, db)
        with write_transaction(db):
            participant_store.set_roles(db, scheme)
            now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            for key, value in {"name": name or path.stem, "created_at": now}.items():
                db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [key, value])
        return project

    @classmethod
    def open(cls, path: Path) -> "Project":
        path = Path(path)
        return cls(path, open_database(path))

    def close(self) -> None:
        self.db.close()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the project file (before it is moved or copied)."""
        checkpoint(self.db)

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- settings ------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    @property
    def name(self) -> str:
        return self.setting("name") or self.path.stem

    def default_coder(self) -> str:
        return self.setting("coder") or getpass.getuser()

    def set_default_coder(self, name: str) -> None:
        """The coder recorded for changes when none is named (default: the OS user)."""
        if not name.strip():
            raise WorkbenchError("a coder needs a name")
        with write_transaction(self.db):
            self.set_setting("coder", name.strip())

    # -- roles and participants ----------------------------------------------------------

    def roles(self) -> list[dict]:
        return participant_store.roles(self.db)

    def role_prefixes(self) -> list[str]:
        return participant_store.role_prefixes(self.db)

    def participants(self) -> list[dict]:
        return participant_store.list_participants(self.db)

    def participant_id(self, value: str) -> str:
        """Check and normalise a participant ID given by the user (``g03`` → ``G3``)."""
        found = parse_participant_id(value, self.role_prefixes())
        if found is None:
            prefixes = ", ".join(self.role_prefixes())
            raise WorkbenchError(
                f"'{value}' is not a participant ID: it should be a role prefix ({prefixes}) "
                "and a number, such as G3"
            )
        return found

    def set_participant(self, participant: str, values: dict[str, object]) -> None:
        """Set (or, with None, remove) attributes of one participant, creating it if new."""
        pid = self.participant_id(participant)
        with write_transaction(self.db):
            self.ensure_participants([pid])
            participant_store.set_attributes(self.db, pid, values)

    def import_participants(self, csv_path: Path) -> int:
        """Attributes for many participants from a CSV file; all rows or none."""
        rows = read_participant_table(Path(csv_path), self.role_prefixes())
        with write_transaction(self.db):
            self.ensure_participants([row.id for row in rows])
            for row in rows:
                participant_store.set_attributes(self.db, row.id, row.attributes)
        return len(rows)

    def participant_summary(self) -> CharacteristicsTable:
        return characteristics(self.participants(), self.roles())

    def ensure_participants(self, ids: Iterable[str]) -> None:
        """Create the participants that do not exist yet (the caller holds the transaction)."""
        for pid in ids:
            role, number = split_participant_id(pid)
            participant_store.ensure_participant(self.db, pid, role, number)

    # -- sources -------------------------------------------------------------------------

    def sources(self) -> list[dict]:
        return source_store.list_sources(self.db)

    def source(self, ref: str) -> dict:
        """A source by file name, by name without extension, or by its participant's ID."""
        rows = list(self.db.query("SELECT * FROM sources WHERE name = ?", [ref]))
        if not rows:
            rows = [r for r in self.db.query("SELECT * FROM sources") if Path(r["name"]).stem == ref]
        if not rows:
            pid = parse_participant_id(ref, self.role_prefixes())
            if pid:
                rows = list(self.db.query("SELECT * FROM sources WHERE participant = ?", [pid]))
        if not rows:
            raise WorkbenchError(f"no source named '{ref}'; `workbench sources` lists them")
        if len(rows) > 1:
            names = ", ".join(r["name"] for r in rows)
            raise WorkbenchError(f"'{ref}' could mean several sources ({names}); give the file name")
        return rows[0]

    def coverage(self, source_id: int | None = None) -> dict[int, float]:
        """Per source (or for one): the share of its participants' text that carries a coding."""
        where, params = ("AND source = ?", [source_id]) if source_id is not None else ("", [])
        turns: dict[int, list[tuple[int, int]]] = {}
        for source, start, end in self.db.execute(
                f"""SELECT source, start, "end" FROM segments
                    WHERE kind = 'turn' AND is_interviewer = 0 {where}""", params):
            turns.setdefault(source, []).append((start, end))
        coded: dict[int, list[tuple[int, int]]] = {}
        for source, start, end in self.db.execute(
                f'SELECT source, start, "end" FROM codings WHERE 1 = 1 {where}', params):
            coded.setdefault(source, []).append((start, end))
        return {source: span_share(spans, coded.get(source, [])) for source, spans in turns.items()}

    def turns(self, source_id: int) -> list[dict]:
        return source_store.source_turns(self.db, source_id)

    def import_paths(
        self,
        paths: Iterable[Path],
        recursive: bool = False,
        participant: str | None = None,
        speaker_map: dict[str, str] | None = None,
        language: str | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import transcript files and folders, each file in its own transaction.

        Files named one by one must be transcripts; inside a folder, other kinds of file are
        skipped and listed. A file that fails is reported and leaves no trace; the others
        are imported.
        """
        report = ImportReport()
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
        pid = self.participant_id(participant) if participant else None
        if pid and len(files) > 1:
            raise WorkbenchError("--participant names one person; import their file on its own")
        mapped = {name: self._speaker_target(target) for name, target in (speaker_map or {}).items()}
        options = ParseOptions(tuple(self.role_prefixes()), pid, tuple(mapped.items()), language)
        for done, (file, parsed) in enumerate(zip(files, parse_all(files, options))):
            if progress:
                progress(done, len(files), str(file))
            try:
                if isinstance(parsed, str):
                    raise WorkbenchError(parsed, file)
                outcome = self._store_source(parsed)
            except WorkbenchError as exc:
                report.failed.append((str(file), exc.problem))
                continue
            getattr(report, outcome).append(str(file))
            report.warnings.extend((str(file), w) for w in parsed.warnings)
        if progress:
            progress(len(files), len(files), "")
        return report

    def _speaker_target(self, target: str) -> str:
        if target.casefold() in INTERVIEWER_LABELS:
            return "Interviewer"
        return self.participant_id(target)

    def _store_source(self, record: ImportedSource) -> str:
        existing = source_store.find_source(self.db, record.name)
        if existing and existing["sha256"] == record.sha256:
            return "unchanged"
        if existing:
            coded = source_store.coding_count(self.db, existing["id"])
            if coded:
                raise WorkbenchError(
                    f"differs from the source '{record.name}' imported before, which has {coded} "
                    "codings; rename the file to import it as a new source", record.path)
        try:
            with write_transaction(self.db):
                self.ensure_participants(
                    sorted(({record.participant} | record.speakers) - {None}))
                order = None
                if existing:
                    order = existing["interview_order"]
                    source_store.delete_source(self.db, existing["id"])
                source_store.insert_source(self.db, record, order)
        except sqlite3.Error as exc:
            raise WorkbenchError(f"could not be stored ({exc})", record.path) from None
        return "replaced" if existing else "imported"

    # -- codebook files and history ------------------------------------------------------

    def read_codebook_file(self, path: Path):
        """Parse a codebook file (YAML or REFI-QDA .qdc) into code specs, writing nothing."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            return read_codebook_yaml(path)
        if suffix == ".qdc":
            return read_qdc(path)
        raise WorkbenchError("a codebook is a .yaml/.yml or a REFI-QDA .qdc file", path)

    def preview_codebook(self, path: Path) -> list[PlanItem]:
        return self.codebook.plan_import(self.read_codebook_file(path).codes)

    def import_codebook(self, path: Path) -> list[PlanItem]:
        """Add the file's codes, or merge them by path into the codebook there is."""
        book = self.read_codebook_file(path)
        plan = self.codebook.import_specs(book.codes, Path(path).name)
        with write_transaction(self.db):
            for key in ("title", "description", "reference"):
                value = getattr(book, key, None)
                if value and not self.setting(f"codebook_{key}"):
                    self.set_setting(f"codebook_{key}", value)
        return plan

    def codebook_yaml(self, with_guids: bool = True) -> str:
        return codebook_to_yaml(self.codebook.tree(), self.setting("codebook_title"),
                                self.setting("codebook_description"),
                                self.setting("codebook_reference"), with_guids)

    def import_coding_list(self, path: Path, coder: str | None = None) -> int:
        """Codings from a YAML list of quotes (source, code, quote, exemplar, memo)."""
        entries = read_coding_list(Path(path))
        rows = list(self.db.query("SELECT id, name, text FROM sources"))
        return self.coding.import_list(entries, {r["name"]: r["id"] for r in rows},
                                       {r["id"]: r["text"] for r in rows}, Path(path).name, coder)

    def codebook_review(self, since: str | None = None) -> Review:
        codes = self.codebook.codes()
        codings = list(self.db.query(
            """SELECT k.code, k.source, k.start, k."end",
                      coalesce((SELECT g.participant FROM segments g
                                WHERE g.source = k.source AND g.kind = 'turn'
                                  AND g.start < k."end" AND k.start < g."end"
                                  AND g.participant IS NOT NULL LIMIT 1),
                               s.participant) AS participant
               FROM codings k JOIN sources s ON s.id = k.source"""))
        changes = self.history(since, ("code", "codebook")) if since else []
        return review_codebook(codes, codings, changes, since)

    def export_codebook(self, fmt: str) -> str | bytes:
        """The codebook as ``yaml``, REFI-QDA ``qdc``, or a ``md``/``docx`` document."""
        if fmt == "yaml":
            return self.codebook_yaml()
        if fmt == "qdc":
            return codebook_to_qdc(self.codebook.tree(), origin=f"Interview Workbench: {self.name}")
        document = codebook_document(self.codebook.tree(), self.roles(), self.participants(),
                                     self.setting("codebook_title") or f"Codebook: {self.name}",
                                     self.setting("codebook_description"))
        if fmt == "md":
            return document_markdown(document)
        if fmt == "docx":
            return document_docx(document)
        raise WorkbenchError(f"unknown codebook format '{fmt}' (yaml, qdc, md, docx)")

    def memo_target(self, kind: str, ref: str) -> str:
        """The stored target of a memo on a source, code, participant or coding."""
        if kind == "source":
            return str(self.source(ref)["id"])
        if kind == "code":
            return str(self.codebook.resolve(ref)["id"])
        if kind == "participant":
            pid = self.participant_id(ref)
            if participant_store.get_participant(self.db, pid) is None:
                raise WorkbenchError(f"no participant {pid}")
            return pid
        if kind == "coding":
            if not ref.isdigit():
                raise WorkbenchError(f"a coding is named by its id, not '{ref}'")
            return str(self.coding.get(int(ref))["id"])
        raise WorkbenchError(f"unknown memo target '{kind}'")

    def quotes(self, **filters) -> list[QuoteHit]:
        """Quotes by code, theme, speaker, source and text (see ``QuoteQuery``)."""
        return find_quotes(self.db, self.codebook, QuoteQuery(**filters))

    def verify_quotes(self, manuscript: Path) -> list[QuoteCheck]:
        """Every quotation of a manuscript, checked against the transcripts."""
        return check_manuscript(self.db, read_manuscript(Path(manuscript)))

    def export(self, what: str, fmt: str, options: ExportOptions | None = None) -> str | bytes:
        """A theme table, participant table, matrix, list of codings, the analysis report, or
        the whole project as REFI-QDA (``qdpx``)."""
        return export(self, what, fmt, options or ExportOptions())

    def undo(self) -> undo_steps.Step:
        return undo_steps.undo(self.db)

    def redo(self) -> undo_steps.Step:
        return undo_steps.redo(self.db)

    def history(self, since: str | None = None, actions: tuple[str, ...] = ()) -> list[dict]:
        return history_store.entries(self.db, since, actions)

    def set_setting(self, key: str, value: str) -> None:
        """Store a project setting (the caller holds the transaction)."""
        self.db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [key, value])

    # -- overview ------------------------------------------------------------------------

    def info(self) -> dict:
        """Counts for a one-screen summary of the project."""
        def count(sql: str, params: list | None = None) -> int:
            return self.db.execute(sql, params or []).fetchone()[0]

        by_role = {
            r["prefix"]: count("SELECT count(*) FROM participants WHERE role = ?", [r["prefix"]])
            for r in self.roles()
        }
        return {
            "name": self.name,
            "path": str(self.path),
            "sources": count("SELECT count(*) FROM sources"),
            "words": count("SELECT coalesce(sum(word_count), 0) FROM sources"),
            "participants": count("SELECT count(*) FROM participants"),
            "participants_by_role": by_role,
            "turns": count("SELECT count(*) FROM segments WHERE kind = 'turn'"),
            "sentences": count("SELECT count(*) FROM segments WHERE kind = 'sentence'"),
            "codes": count("SELECT count(*) FROM codes"),
            "codings": count("SELECT count(*) FROM codings"),
            "languages": sorted(r[0] for r in self.db.execute("SELECT DISTINCT language FROM sources")),
        }
