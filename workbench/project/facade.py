"""Project: the one facade that the CLI and the TUI both call.

Every public method is one user action or one thing a screen shows. Methods that change the
project run in one transaction, so a failure leaves the file exactly as it was. The facade
holds no SQL: it delegates to the store, the coding model, retrieval, analysis and the use
cases beside it (importing, corrections, exchange, exporting).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from sqlite_utils import Database

from workbench.analysis.characteristics import CharacteristicsTable, characteristics
from workbench.analysis.codebook_review import Review, review_codebook
from workbench.analysis.quote_check import QuoteCheck
from workbench.analysis.saturation import Settings as SaturationSettings
from workbench.analysis.saturation_report import SaturationReport
from workbench.analysis.spans import span_share
from workbench.coding import undo as undo_steps
from workbench.coding.codebook import Codebook, PlanItem
from workbench.coding.codings import Codings
from workbench.coding.review import CodeReview
from workbench.analysis.codebook_diff import CodebookDiff
from workbench.export.review_document import diff_docx, diff_markdown
from workbench.errors import WorkbenchError, naming, printable_path
from workbench.export.codebook_document import codebook_document, document_docx, document_markdown
from workbench.export.codebook_yaml import codebook_to_yaml
from workbench.export.files import default_output, write_atomic
from workbench.export.table import Table
from workbench.ingest.speakers import INTERVIEWER, SpeakerChoices
from workbench.ingest.codebook_yaml import YamlCodebook, read_codebook_yaml
from workbench.ingest.coding_list import read_coding_list
from workbench.ingest.manuscript import read_manuscript
from workbench.ingest.participant_table import read_participant_table
from workbench.project import agreement as agreement_case
from workbench.project import team as team_case
from workbench.project import consensus as consensus_case
from workbench.project import codebook_changes, corrections, exchange, exporting, importing
from workbench.project import deidentify as deid_cases
from workbench.project.corrections import SourceCorrection
from workbench.project.exporting import ExportOptions
from workbench.project.importing import FilePreview, ImportOptions, ImportReport, Progress
from workbench.project.parts import Parts
from workbench.records import CodedSpan, SourceText
from workbench.refi.qdc import codebook_to_qdc, read_qdc
from workbench.retrieval import QuoteHit, QuoteQuery, find_quotes
from workbench.retrieval.quote_sources import check_manuscript
from workbench.store import changes, overview, settings
from workbench.store import coders as coder_store
from workbench.store import deid as deid_store
from workbench.store import codings as coding_store
from workbench.store import history as history_store
from workbench.store import interview_order
from workbench.store import participants as participant_store
from workbench.store import sources as source_store
from workbench.store.codes import descendants
from workbench.store import backups
from workbench.store.database import open_read_only
from workbench.store.database import (check_project_file, checkpoint, create_database, migrate,
                                      open_database, write_transaction, recheck, stop_check)
from workbench.stamps import now
from workbench.text.participants import parse_participant_id
from workbench.text.turns import INTERVIEWER_LABELS
from workbench.text.values import check_attributes, check_label

DEFAULT_FILENAME = "workbench.sqlite"
DEFAULT_ROLES = "G=General practitioner,N=Community nurse,M=Manager"
UNNAMED_CODER = "unnamed coder"
NO_CODER = ("no coder is named for this project yet: run `workbench coder NAME` once (the name "
            "recorded with your codings, memos and changes, and in the report's COREQ item 24)")


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


def _order_summary(first: list[str], by_date: bool, leave_out: list[str],
                   include: list[str]) -> str:
    parts = (["ordered the interviews by date"] if by_date else
             [f"put {', '.join(first)} first in the interview order"] if first else [])
    if leave_out:
        parts.append(f"left {', '.join(leave_out)} out of saturation")
    if include:
        parts.append(f"counted {', '.join(include)} in saturation again")
    return "; ".join(parts) or "interview order unchanged"


class Project:
    """An open project file."""

    def __init__(self, path: Path, db: Database) -> None:
        self.path = path
        self.db = db
        changes.install_capture(db)
        self.codebook = Codebook(db, self.default_coder)
        self.codings = Codings(db, self.codebook, self.default_coder)
        self.review = CodeReview(db, self.codebook, self.default_coder)

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
            settings.put(db, "name", name or path.stem)
            settings.put(db, "created_at", now())
        return project

    @classmethod
    def open(cls, path: Path) -> "Project":
        path = Path(path)
        return cls(path, open_database(path))

    def close(self) -> None:
        stop_check(self.db)
        self.db.close()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the project file (before it is moved or copied)."""
        checkpoint(self.db)

    def backup(self, target: Path | None = None) -> Path:
        """A consistent copy of the project (SQLite's online backup), by default
        ``backups/<project>-<date-time>.sqlite`` beside it."""
        return backups.write_backup(self.db, Path(target) if target else
                                    backups.backup_name(self.path))

    def restore(self, source: Path) -> Path:
        """Put a backup's content in place of the project's; the current content is kept
        aside as an automatic backup first, whose path is returned."""
        source = Path(source)
        check_project_file(source)
        if source.resolve() == self.path.resolve():
            raise WorkbenchError("is the project itself; name a backup of it", source)
        aside = backups.automatic_backup(self.db, self.path, "before-restore")
        backups.restore_into(self.db, source)
        migrate(self.db, self.path)
        recheck(self.db, self.path)
        return aside

    def _safety_backup(self, reason: str) -> Path:
        """A copy before an operation that deletes what undo may not bring back."""
        return backups.automatic_backup(self.db, self.path, reason)

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- settings ------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        return settings.get(self.db, key, default)

    def set_setting(self, key: str, value: str, summary: str | None = None,
                    actor: str | None = None) -> None:
        """Store a project setting: one step of the history (or part of the caller's)."""
        with undo_steps.recorded(self.db, actor or self.default_coder(), "setting.set",
                                 summary or f"set {key} to {value}"):
            settings.put(self.db, key, value)

    @property
    def name(self) -> str:
        return self.setting("name") or self.path.stem

    def coder_name(self) -> str | None:
        """The coder named for this project (``workbench coder NAME``), if one is."""
        return self.setting("coder")

    def default_coder(self) -> str:
        """The coder recorded with changes. The faces ask for a name before the first
        change (never the OS user's login); a script that writes without one gets
        UNNAMED_CODER, which says so wherever it appears."""
        return self.coder_name() or UNNAMED_CODER

    @staticmethod
    def check_coder_name(name: str) -> None:
        if not name.strip():
            raise WorkbenchError("a coder needs a name")
        if len(name.strip()) > 100 or not name.strip().isprintable():
            raise WorkbenchError("a coder's name is one line of at most 100 characters")

    def set_default_coder(self, name: str) -> None:
        """The coder recorded for changes when none is named; one step of the history."""
        self.check_coder_name(name)
        self.set_setting("coder", name.strip(), f"set the default coder to {name.strip()}",
                         actor=name.strip())

    # -- roles and participants ----------------------------------------------------------

    def roles(self) -> list[dict]:
        return participant_store.roles(self.db)

    def role_prefixes(self) -> list[str]:
        return participant_store.role_prefixes(self.db)

    def set_role_label(self, prefix: str, label: str) -> str:
        """Call a role something else (``G``: "Family doctor") in every table; one history
        step. The prefix stays: it is part of every participant ID of the role."""
        found = {p.casefold(): p for p in self.role_prefixes()}.get(prefix.strip().casefold())
        if found is None:
            raise WorkbenchError(f"no role '{prefix}': the roles are "
                                 + ", ".join(self.role_prefixes()))
        label = check_label(label, f"role {found}")
        with undo_steps.recorded(self.db, self.default_coder(), "role.label",
                                 f"labelled role {found} '{label}'"):
            participant_store.set_role_label(self.db, found, label)
        return found

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
        self.check_attributes(pid, values)
        with undo_steps.recorded(self.db, self.default_coder(), "participant.set",
                                 f"set attributes of {pid} ({', '.join(values)})"):
            self.ensure_participants([pid])
            participant_store.set_attributes(self.db, pid, values)

    check_attributes = staticmethod(check_attributes)

    def import_participants(self, csv_path: Path) -> int:
        """Attributes for many participants from a CSV file; all rows or none."""
        rows = read_participant_table(Path(csv_path), self.role_prefixes())
        with undo_steps.recorded(self.db, self.default_coder(), "participants.import",
                                 f"imported participants from {Path(csv_path).name}"):
            self.ensure_participants([row.id for row in rows])
            for row in rows:
                participant_store.set_attributes(self.db, row.id, row.attributes)
        return len(rows)

    def participant_summary(self, everyone: bool = False) -> CharacteristicsTable:
        """Table 1: the interviewed participants, or with ``everyone`` all of them."""
        return characteristics(self.participants(), self.roles(), everyone)

    def ensure_participants(self, ids: Iterable[str]) -> None:
        """Create the participants that do not exist yet (the caller holds the transaction)."""
        importing.ensure_participants(self.db, ids)

    # -- sources -------------------------------------------------------------------------

    def sources(self) -> list[dict]:
        return source_store.list_sources(self.db)

    def source(self, ref: str | int) -> dict:
        """A source by id, file name, name without extension, or its participant's ID."""
        if isinstance(ref, int):
            row = source_store.get(self.db, ref)
            if row is None:
                raise WorkbenchError(f"no source with id {ref}")
            return row
        rows = source_store.named(self.db, ref)
        if not rows:
            pid = parse_participant_id(ref, self.role_prefixes())
            if pid:
                rows = source_store.of_participant(self.db, pid)
        if not rows:
            raise WorkbenchError(f"no source named '{ref}'; `workbench sources` lists them")
        if len(rows) > 1:
            names = ", ".join(r["name"] for r in rows)
            raise WorkbenchError(f"'{ref}' could mean several sources ({names}); give the file name")
        return rows[0]

    def turns(self, source_id: int) -> list[dict]:
        return source_store.source_turns(self.db, source_id)

    def coverage(self, source_id: int | None = None) -> dict[int, float]:
        """Per source (or for one): the share of its participants' text that carries a coding."""
        turns = source_store.participant_turn_spans(self.db, source_id)
        coded = coding_store.source_spans(self.db, source_id)
        return {source: span_share(spans, coded.get(source, [])) for source, spans in turns.items()}

    def source_text(self, source_id: int) -> SourceText:
        """What the coding screen shows of a source: text, turns, sentences, codings."""
        row = self.source(source_id)
        return SourceText(row["id"], row["name"], row["participant"], row["text"],
                          self.turns(source_id), source_store.sentence_spans(self.db, source_id),
                          self.source_codings(source_id))

    def source_codings(self, source_id: int) -> list[CodedSpan]:
        rows = coding_store.in_source(self.db, source_id)
        if not rows:
            return []
        codes = self.codebook.codes()
        shown = self.codebook.shown_colours(codes)
        names = {c["id"]: c["name"] for c in codes}
        return [CodedSpan(r["id"], r["start"], r["end"], r["code"], shown.get(r["code"], "#888888"),
                          names.get(r["code"], ""))
                for r in rows]

    def import_paths(
        self,
        paths: Iterable[Path],
        recursive: bool = False,
        participant: str | None = None,
        speaker_map: dict[str, str] | None = None,
        language: str | None = None,
        progress: Progress | None = None,
        interviewers: Iterable[str] = (),
        date_order: str | None = None,
        save_map: bool = False,
    ) -> ImportReport:
        """Import transcript files and folders, each file in its own transaction, the whole
        import one step of the history (``undo`` takes it back).

        Files named one by one must be transcripts; inside a folder, other kinds of file are
        skipped and listed. A file that fails is reported and leaves no trace; the others
        are imported. A file imported before with the same text is attributed anew when the
        speaker choices change (``remapped``), keeping its codings.
        """
        report = ImportReport()
        files = importing.transcript_files(paths, recursive, report)
        options = self._import_options(files, participant, speaker_map, interviewers,
                                       language, date_order, save_map)
        importing.import_files(self.db, files, self.role_prefixes(), options, report,
                               self.default_coder(), progress,
                               before_replace=lambda: self._safety_backup("import-replace"))
        return report

    def preview_import(
        self,
        paths: Iterable[Path],
        recursive: bool = False,
        participant: str | None = None,
        speaker_map: dict[str, str] | None = None,
        language: str | None = None,
        interviewers: Iterable[str] = (),
        date_order: str | None = None,
    ) -> tuple[list[FilePreview], ImportReport]:
        """What importing would do, file by file (format, participant and where it was found,
        every speaker label with its turns, words and first words, the interviewer, warnings);
        nothing is written. The report lists the files skipped."""
        report = ImportReport()
        files = importing.transcript_files(paths, recursive, report)
        options = self._import_options(files, participant, speaker_map, interviewers,
                                       language, date_order, False)
        return importing.preview_files(self.db, files, self.role_prefixes(), options), report

    def _import_options(self, files: list[Path], participant: str | None,
                        speaker_map: dict[str, str] | None, interviewers: Iterable[str],
                        language: str | None, date_order: str | None,
                        save_map: bool) -> ImportOptions:
        pid = self.participant_id(participant) if participant else None
        if pid and len(files) > 1:
            raise WorkbenchError("--participant names one person; import their file on its own")
        return ImportOptions(self._choices(pid, speaker_map, interviewers), language,
                             date_order, save_map)

    def _choices(self, participant: str | None, speaker_map: dict[str, str] | None,
                 interviewers: Iterable[str]) -> SpeakerChoices:
        mapped = {name: self._speaker_target(target) for name, target in (speaker_map or {}).items()}
        named = tuple(n.strip() for n in interviewers if n.strip())
        return SpeakerChoices(participant, tuple(mapped.items()), named)

    def _speaker_target(self, target: str) -> str:
        if target.casefold() in INTERVIEWER_LABELS:
            return INTERVIEWER
        return self.participant_id(target)

    def set_source(self, ref: str, participant: str | None = None,
                   speaker_map: dict[str, str] | None = None, interviewers: Iterable[str] = (),
                   date: str | None = None, date_order: str | None = None,
                   name: str | None = None) -> list[str]:
        """Correct an imported source in place: re-map its speakers, set its participant,
        interviewer, date or name. One step of the history; returns what changed."""
        row = self.source(ref)
        pid = self.participant_id(participant) if participant else None
        change = SourceCorrection(self._choices(pid, speaker_map, interviewers), date,
                                  date_order, name.strip() if name else None)
        return corrections.correct_source(self.db, self.default_coder(), row,
                                          self.role_prefixes(), change)

    def delete_source(self, ref: str, force: bool = False) -> tuple[int, Path | None]:
        """Delete a source; refused while it has codings unless ``force``, and then only after
        a backup copy of the project. One step of the history. Returns (codings removed,
        backup)."""
        row = self.source(ref)
        coded = source_store.coding_count(self.db, row["id"])
        backup = None
        if coded:
            if not force:
                raise WorkbenchError(f"'{row['name']}' has {coded} codings; delete it with "
                                     "--force (a backup of the project is made first)")
            backup = self._safety_backup("source-delete")
        return corrections.delete_source(self.db, self.default_coder(), row), backup

    def speaker_maps(self) -> dict[str, dict]:
        """The speaker maps saved for folders (``import --save-map``)."""
        return importing.saved_maps(self.db)

    def forget_speaker_map(self, folder: Path) -> None:
        key = str(Path(folder).resolve())
        if key not in self.speaker_maps():
            raise WorkbenchError(f"no speaker map is saved for {key}")
        with undo_steps.recorded(self.db, self.default_coder(), "speaker-map.forget",
                                 f"forgot the speaker map of {key}"):
            importing.save_maps(self.db, {key: None})

    def import_qdpx(self, path: Path, into_current: bool = False,
                    preview_only: bool = False) -> exchange.QdpxReport:
        """A REFI-QDA project into an empty project, or (``into_current``) into this one;
        with ``preview_only`` nothing is written and the report says what would be."""
        return exchange.import_qdpx(self._parts(), Path(path), into_current, preview_only)

    def interview_order(self) -> list[dict]:
        """Every source in interview order, with its role and left-out flag."""
        return interview_order.ordered_sources(self.db)

    def set_interview_order(self, first: Iterable[str] = (), by_date: bool = False,
                            leave_out: Iterable[str] = (), include: Iterable[str] = ()) -> None:
        """Name sources to put first (or order them by date); leave sources out of saturation
        or count them again. Sources are named as ``source()`` takes them."""
        def names(refs: Iterable[str]) -> list[str]:
            return [self.source(ref)["name"] for ref in refs]

        with undo_steps.recorded(self.db, self.default_coder(), "sources.order",
                                 _order_summary(list(first), by_date, list(leave_out),
                                                list(include))):
            interview_order.update_order(self.db, names(first), by_date, names(leave_out),
                                         names(include))

    # -- codebook ------------------------------------------------------------------------

    def read_codebook_file(self, path: Path) -> YamlCodebook:
        """Parse a codebook file (YAML or REFI-QDA .qdc) into code specs, writing nothing."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            return read_codebook_yaml(path)
        if suffix == ".qdc":
            return read_qdc(path)
        raise WorkbenchError("a codebook is a .yaml/.yml or a REFI-QDA .qdc file", path)

    def preview_codebook(self, path: Path) -> list[PlanItem]:
        with naming(path):
            return self.codebook.plan_import(self.read_codebook_file(path).codes)

    def import_codebook(self, path: Path) -> list[PlanItem]:
        """Add the file's codes, or merge them by path into the codebook there is."""
        book = self.read_codebook_file(path)
        # The codes and the codebook's title are one step (the inner step joins this one).
        with undo_steps.recorded(self.db, self.default_coder(), "codebook.import",
                                 f"imported {printable_path(Path(path).name)}") as step:
            with naming(path):
                plan = self.codebook.import_specs(book.codes, printable_path(Path(path).name))
            for key in ("title", "description", "reference"):
                value = getattr(book, key, None)
                if value and not self.setting(f"codebook_{key}"):
                    settings.put(self.db, f"codebook_{key}", value)
            step["summary"] = (f"imported {printable_path(Path(path).name)}: "
                               f"{sum(p.action == 'add' for p in plan)} codes added, "
                               f"{sum(p.action == 'update' for p in plan)} updated")
        return plan

    def codebook_tree(self, participants: bool = True) -> list[dict]:
        """``Codebook.tree()`` with each code's review comments (``comments``, oldest first)."""
        return self.review.attach(self.codebook.tree(participants))

    def codebook_diff(self, since: str | None = None, other: Path | None = None) -> CodebookDiff:
        """What changed in the codebook since a date (from the history), or between another
        project file, YAML or .qdc codebook (the older side) and this project."""
        if (since is None) == (other is None):
            raise WorkbenchError("compare with a date (--since) or with a file, not both")
        if since is not None:
            return codebook_changes.diff_since(self.db, since)
        other = Path(other)
        if other.suffix.lower() in (".sqlite", ".db", ".sqlite3"):
            if other.exists() and other.resolve() == self.path.resolve():
                raise WorkbenchError("is this project itself; name another project file", other)
            return codebook_changes.diff_project_file(self.db, other)
        if other.suffix.lower() not in (".yaml", ".yml", ".qdc"):
            raise WorkbenchError("compare with a project (.sqlite), a YAML or a .qdc codebook",
                                 other)
        book = self.read_codebook_file(other)
        return codebook_changes.diff_specs(self.db, book.codes, other.name)

    def codebook_diff_document(self, diff: CodebookDiff, fmt: str) -> str | bytes:
        """The diff as ``md`` or ``docx``."""
        if fmt == "md":
            return diff_markdown(diff)
        if fmt == "docx":
            return diff_docx(diff)
        raise WorkbenchError(f"unknown format '{fmt}' for a codebook diff (md, docx)")

    def codebook_yaml(self, with_guids: bool = True) -> str:
        return codebook_to_yaml(self.codebook_tree(), self.setting("codebook_title"),
                                self.setting("codebook_description"),
                                self.setting("codebook_reference"), with_guids)

    def codebook_review(self, since: str | None = None) -> Review:
        changes_since = self.history(since, ("code", "codebook")) if since else []
        return review_codebook(self.codebook.codes(), coding_store.with_participants(self.db),
                               changes_since, since)

    def export_codebook(self, fmt: str) -> str | bytes:
        """The codebook as ``yaml``, REFI-QDA ``qdc``, or a ``md``/``docx`` document."""
        if fmt == "yaml":
            return self.codebook_yaml()
        if fmt == "qdc":
            return codebook_to_qdc(self.codebook_tree(), origin=f"Interview Workbench: {self.name}")
        document = codebook_document(self.codebook.tree(), self.roles(), self.participants(),
                                     self.setting("codebook_title") or f"Codebook: {self.name}",
                                     self.setting("codebook_description"))
        if fmt == "md":
            return document_markdown(document)
        if fmt == "docx":
            return document_docx(document)
        raise WorkbenchError(f"unknown codebook format '{fmt}' (yaml, qdc, md, docx)")

    def delete_code(self, ref: str | int, recode_to: str | int | None = None,
                    force: bool = False) -> int:
        """Delete a code and its sub-codes (see ``Codebook.delete``); with ``force`` and
        codings to lose, an automatic backup is taken first."""
        if force and not recode_to and self.codebook.coded_count(ref):
            self._safety_backup("code-delete")
        return self.codebook.delete(ref, recode_to=recode_to, force=force)

    # -- coding --------------------------------------------------------------------------

    def import_coding_list(self, path: Path, coder: str | None = None) -> int:
        """Codings from a YAML list of quotes (source, code, quote, exemplar, memo)."""
        entries = read_coding_list(Path(path))
        rows = source_store.texts(self.db)
        return self.codings.import_list(entries, {r["name"]: r["id"] for r in rows},
                                        {r["id"]: r["text"] for r in rows},
                                        printable_path(Path(path).name),
                                        coder)

    def recent_codes(self, limit: int = 9) -> list[int]:
        """The codes the default coder applied last, most recent first."""
        return coding_store.recent_code_ids(self.db, self.default_coder(), limit)

    def code_passages(self, code: str | int) -> tuple[str, list[dict]]:
        """Every coding of a code and the codes below it, each with its source's
        participant; and the code's path."""
        found = self.codebook.resolve(code)
        rows = self.codings.list(code_ids=descendants(self.db, found["id"]))
        owners = source_store.interviewees(self.db)
        for row in rows:
            row["participant"] = owners.get(row["source"])
        return found["path"], rows

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
            if not (ref.isascii() and ref.isdigit()):  # "²" is a digit, but no number
                raise WorkbenchError(f"a coding is named by its id (a number such as 12), "
                                     f"not '{ref}'")
            return str(self.codings.get(int(ref))["id"])
        raise WorkbenchError(f"unknown memo target '{kind}'")

    # -- retrieval and analysis ----------------------------------------------------------

    def quotes(self, deidentify: bool = False, **filters) -> list[QuoteHit]:
        """Quotes by code, theme, speaker, source and text (see ``QuoteQuery``); with
        ``deidentify``, from a de-identified copy, checked for anything left."""
        if not deidentify:
            return find_quotes(self.db, self.codebook, QuoteQuery(**filters))
        with deid_cases.DeidentifiedCopy(self.db) as copy:
            with Project.open(copy.path) as other:
                hits = other.quotes(**filters)
            left = [leftover for n, hit in enumerate(hits, start=1)
                    for leftover in deid_cases.check_text(copy.plan, f"{hit.text}\n{hit.context}",
                                                          f"quote {n} ")]
        self._refuse_leftovers(left, "the de-identified quotes")
        return hits

    @staticmethod
    def _refuse_leftovers(left: list, what: str, path: Path | None = None) -> None:
        if left:
            first = left[0]
            raise WorkbenchError(
                f"{what} still hold {len(left)} identifier{'s' if len(left) != 1 else ''} "
                f"(first: '{first.found}' at "
                f"{first.location}); nothing was kept. `workbench deid scan` and the word "
                "list decide what is replaced", path)

    def write_quotes_xlsx(self, target: Path, columns: list[str], rows: list[dict],
                          title: str = "Quotes") -> Path:
        """Quotes (rows as the CLI shows them) as an Excel workbook: one row per quote."""
        if Path(target).suffix.lower() != ".xlsx":
            raise WorkbenchError(f"{printable_path(Path(target))}: an Excel file ends in .xlsx")
        from workbench.export.tables_xlsx import table_xlsx  # openpyxl only when asked for

        table = Table(title, columns, [[row.get(c, "") for c in columns] for row in rows])
        return write_atomic(Path(target), table_xlsx(table), overwrite=True)

    def verify_quotes(self, manuscript: Path) -> list[QuoteCheck]:
        """Every quotation of a manuscript, checked against the transcripts."""
        return check_manuscript(self.db, read_manuscript(Path(manuscript)))

    def saturation(self, level: int = 2, by: str | None = None,
                   settings: SaturationSettings = SaturationSettings()) -> SaturationReport:
        """Code saturation in interview order, overall and per role, theme or coder."""
        return self._parts().saturation(level, by, settings)

    # -- several coders --------------------------------------------------------------------

    def agreement(self, coders: Iterable[str], codes: Iterable[str] = (),
                  sources: Iterable[str] = (), unit: str = "sentence",
                  overlap: float = 0.9) -> agreement_case.Agreement:
        """Intercoder agreement of the named coders per code, per source and overall; codes
        by path or name, sources as ``source()`` takes them."""
        code_ids = [self.codebook.resolve(ref)["id"] for ref in codes]
        source_ids = [self.source(ref)["id"] for ref in sources]
        return agreement_case.agreement(self._parts(), list(coders), code_ids, source_ids, unit,
                                        overlap)

    def consensus_view(self, source_id: int, a: str, b: str) -> consensus_case.ConsensusView:
        """Two coders' codings of one source by sentence, their disagreements (settled or
        not) and their agreement in that source."""
        return consensus_case.view(self._parts(), source_id, a, b)

    def consensus_settle(self, source_id: int, a: str, b: str,
                         item: consensus_case.Disagreement, choice: str) -> None:
        """Take A's, B's, both or neither on one disagreement: one history step."""
        consensus_case.settle(self._parts(), source_id, a, b, item, choice)

    def coders_of(self, source_id: int) -> list[str]:
        """The coders with codings in a source, most codings in the project first."""
        return agreement_case.coders_in(self._parts(), source_id)

    def team_copy(self, coder: str, target: Path, new: bool = False) -> int:
        """A blind copy of the project for one coder (see project/team.py); the number of
        other coders' codings left out of it."""
        target = Path(target)
        base = team_case.copy_base(self.db, target, coder, new)
        backups.write_backup(self.db, target)
        try:
            with Project.open(target) as copy:
                return team_case.prepare_copy(copy.db, base)
        except BaseException:
            target.unlink(missing_ok=True)
            raise

    def team_merge_plan(self, paths: Iterable[Path]) -> team_case.MergePlan:
        """What merging the blind copies would change; a WorkbenchError names a copy that is
        not one of this study, or sources that differ."""
        opened = []
        try:
            for path in paths:
                path = Path(path)
                with naming(path):
                    opened.append((path, open_read_only(path)))
            return team_case.plan_merge(self.db, opened)
        finally:
            for _, db in opened:
                db.close()

    def team_merge(self, plan: team_case.MergePlan) -> None:
        """Apply a merge plan without conflicts as one history step."""
        if plan.conflicts:
            raise WorkbenchError("the merge has conflicts; nothing was merged:\n  "
                                 + "\n  ".join(plan.conflicts))
        if not plan.empty:
            team_case.apply_merge(self.db, plan, self.default_coder(), self.codings.coder_id)

    # -- export --------------------------------------------------------------------------

    def export(self, what: str, fmt: str, options: ExportOptions | None = None) -> str | bytes:
        """A theme table, participant table, matrix, list of codings, the analysis report, or
        the whole project as REFI-QDA (``qdpx``): the file's content."""
        options = options or ExportOptions()
        if options.coder:
            return self._one_coder(options.coder, lambda other: other.export(
                what, fmt, dataclasses.replace(options, coder=None)))
        return exporting.export(self._parts(), what, fmt, options)

    def export_table(self, what: str, options: ExportOptions | None = None) -> Table:
        """The table behind a table export (every kind but the report and the .qdpx)."""
        options = options or ExportOptions()
        if options.coder:
            return self._one_coder(options.coder, lambda other: other.export_table(
                what, dataclasses.replace(options, coder=None)))
        return exporting.build_table(self._parts(), what, options)

    def _one_coder(self, coder: str, work):
        """``work(project)`` on a temporary copy that holds only ``coder``'s codings."""
        import tempfile

        if coder_store.find(self.db, coder) is None:
            known = ", ".join(c["name"] for c in coder_store.all_coders(self.db)) or "none"
            raise WorkbenchError(f"no coder '{coder}' in this project (coders: {known})")
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "one-coder.sqlite"
            base = team_case.copy_base(self.db, target, coder, new=False)
            backups.write_backup(self.db, target)
            with Project.open(target) as copy:
                team_case.prepare_copy(copy.db, base)
                return work(copy)

    def export_path(self, what: str, fmt: str) -> Path:
        """Where an export goes unless told: ``exports/<project>-<what>-<date>.<ext>``."""
        return default_output(self.name, what, fmt)

    def export_to(self, target: Path, what: str, fmt: str, options: ExportOptions | None = None,
                  overwrite: bool = False, deidentify: bool = False) -> Path:
        """Write an export to ``target`` (a temporary name first; never a silent overwrite).
        With ``deidentify`` it is made from a de-identified copy of the project, and the file
        written is checked: if any known term or pattern is left, it is removed again and a
        WorkbenchError says where."""
        target = Path(target)
        if target.exists() and not overwrite:  # say so before the work, not after
            raise WorkbenchError("exists already; choose another name, or overwrite it", target)
        if not deidentify:
            return write_atomic(target, self.export(what, fmt, options), overwrite)
        with deid_cases.DeidentifiedCopy(self.db) as copy:
            with Project.open(copy.path) as other:
                content = other.export(what, fmt, options)
            written = write_atomic(target, content, overwrite)
            left = deid_cases.check_file(copy.plan, written)
            if left:
                written.unlink(missing_ok=True)
            self._refuse_leftovers(left, "the de-identified export", target)
        return written

    def _parts(self) -> Parts:
        return Parts(self.db, self.codebook, self.codings, self.name,
                               self.default_coder, self.setting)

    # -- de-identification ---------------------------------------------------------------

    def deid_terms(self) -> list[dict]:
        """The project's word list: term, replacement, kind."""
        return deid_store.terms(self.db)

    def add_deid_term(self, term: str, replacement: str, kind: str = "other") -> None:
        """Put a term on the word list (or give it a new replacement); one history step."""
        deid_cases.add_term(self.db, self.default_coder(), term, replacement, kind)

    def import_deid_terms(self, path: Path) -> int:
        """Terms from a CSV file (term,replacement[,kind]); all or none; one history step."""
        return deid_cases.import_terms(self.db, self.default_coder(), Path(path))

    def remove_deid_term(self, term: str) -> None:
        deid_cases.remove_term(self.db, self.default_coder(), term)

    def deid_scan(self, occurrences: bool = False) -> deid_cases.Scan:
        """Every candidate for de-identification with its status, counts and contexts."""
        return deid_cases.scan(self.db, occurrences)

    def deid_decide(self, term: str, decision: str, replacement: str | None = None,
                    source: str | None = None, start: int | None = None) -> str:
        """Accept, reject or edit a candidate everywhere, or (``source``, ``start``) at one
        occurrence; one history step. Returns its summary."""
        if (source is None) != (start is None):
            raise WorkbenchError("one occurrence is named by its source and its start together")
        source_id = self.source(source)["id"] if source is not None else None
        return deid_cases.decide(self.db, self.default_coder(), term, decision, replacement,
                                 source_id, start)

    def deid_apply(self, target: Path, overwrite: bool = False) -> deid_cases.ApplyReport:
        """Write a de-identified copy of the project to ``target``; this one is not changed."""
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise WorkbenchError("is the project itself; the de-identified copy is a new file",
                                 target)
        return deid_cases.apply(self.db, target, overwrite)

    def deid_check(self, path: Path) -> list:
        """Every accepted term and pattern left in a written file (.docx, .xlsx, .csv, .md,
        .txt, .html, .qdpx or a project file)."""
        return deid_cases.check_file(deid_cases.plan(self.db), Path(path))

    # -- history -------------------------------------------------------------------------

    def undo(self) -> undo_steps.Step:
        with naming(self.path):
            return undo_steps.undo(self.db)

    def redo(self) -> undo_steps.Step:
        with naming(self.path):
            return undo_steps.redo(self.db)

    def history(self, since: str | None = None, actions: tuple[str, ...] = ()) -> list[dict]:
        return history_store.entries(self.db, since, actions)

    # -- overview ------------------------------------------------------------------------

    def info(self) -> dict:
        """Counts for a one-screen summary of the project."""
        return {"name": self.name, "path": str(self.path), **overview.counts(self.db)}
