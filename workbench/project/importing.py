"""The import pipeline for transcripts: files and folders → parsed sources (in worker
processes) → who said what, settled with the whole import in view → each file stored in its
own transaction, the whole import one step of the history; the preview of an import, which
writes nothing; and the report of what happened."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from workbench.coding.undo import StepInParts
from workbench.errors import WorkbenchError
from workbench.ingest.batch import ParseOptions, parse_all
from workbench.ingest.interview import settle
from workbench.ingest.speakers import Attribution, SpeakerChoices, SpeakerRow
from workbench.ingest.transcripts import is_transcript, read_transcript
from workbench.records import ImportedSource
from workbench.store import participants as participant_store
from workbench.store import settings
from workbench.store import sources as source_store
from workbench.store.database import wait_for_check
from workbench.text.participants import split_participant_id
from workbench.text.turns import find_turns

Progress = Callable[[int, int, str], None]  # (done, total, current file)
MAPS_SETTING = "speaker_maps"  # JSON: folder → {"speakers": {label: target}, "interviewers": [...]}


@dataclass(frozen=True)
class ImportOptions:
    """What the researcher said about the files of an import."""

    choices: SpeakerChoices = SpeakerChoices()
    language: str | None = None
    date_order: str | None = None  # "dmy" or "mdy", for dates such as 10/06/2024
    save_map: bool = False  # keep --speaker/--interviewer for the files' folders


@dataclass
class ImportReport:
    """What an import did, file by file."""

    imported: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    remapped: list[str] = field(default_factory=list)  # same text, speakers attributed anew
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files of other kinds inside a folder
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # saved speaker maps used or kept

    @property
    def ok(self) -> bool:
        return not self.failed

    def lines(self) -> list[tuple[str, str]]:
        """(kind, text) for each file, in the order a person reads them: imported, replaced,
        re-mapped, unchanged, skipped, note, warning, failed. The CLI and the import screen
        both print these."""
        return ([("imported", p) for p in self.imported]
                + [("replaced", f"{p} (changed since the last import)") for p in self.replaced]
                + [("re-mapped", f"{p} (same text; speakers attributed anew)")
                   for p in self.remapped]
                + [("unchanged", f"{p} (imported before; nothing to do)")
                   for p in self.unchanged]
                + [("skipped", f"{p} (not a transcript)") for p in self.skipped]
                + [("note", n) for n in self.notes]
                + [("warning", f"{p}: {w}") for p, w in self.warnings]
                + [("failed", f"{p}: {m}") for p, m in self.failed])

    def summary(self) -> str:
        new = len(self.imported) + len(self.replaced)
        if new == 0 and not self.remapped and not self.failed and self.unchanged:
            return "Nothing changed: every file was imported before."
        remapped = f"{len(self.remapped)} re-mapped, " if self.remapped else ""
        return (f"{new} imported, {remapped}{len(self.unchanged)} unchanged, "
                f"{len(self.skipped)} skipped, {len(self.failed)} failed.")


@dataclass
class FilePreview:
    """What importing one file would do, as the preview shows it."""

    path: str
    status: str = "new"  # new, imported before, changed since, re-mapped, cannot import
    style: str = ""
    participant: str | None = None
    participant_from: str | None = None
    kind: str = ""
    interviewers: list[str] = field(default_factory=list)
    interviewer_from: str | None = None
    interview_date: str | None = None
    speakers: list[SpeakerRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The file as the preview prints it (the CLI and the import screen): status and
        format, participant and where it was found, the interviewer and why, a row per
        speaker label (turns, words, whom it is taken for, first words), warnings."""
        lines = [f"{self.path}  [{self.status}]" + (f"  {self.style}" if self.style else "")]
        if self.style:
            found = {None: "", "--participant": " (--participant)"}.get(
                self.participant_from, f" (from the {self.participant_from})")
            date = f" · date {self.interview_date}" if self.interview_date else " · no date"
            lines.append(f"  participant  {self.participant or 'none found'}{found} · "
                         f"{self.kind}{date}")
            how = f" ({self.interviewer_from})" if self.interviewer_from else ""
            lines.append(f"  interviewer  {', '.join(self.interviewers) or 'none found'}{how}")
            width = max([len(r.label or "(no label)") for r in self.speakers] + [7])
            lines.append(f"  {'speaker':{width}}  turns  words  taken as        first words")
            lines += [f"  {r.label or '(no label)':{width}}  {r.turns:5}  {r.words:5}  "
                      f"{r.taken_as:14}  {r.first_words}" for r in self.speakers]
        return lines + [f"  warning: {w}" for w in self.warnings]


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


class FolderLabels:
    """The speaker labels found in every file of a folder of this import, worked out only
    when a file's interviewer cannot be told otherwise (it reads the folder's files again)."""

    def __init__(self, files: list[Path]) -> None:
        self.by_folder: dict[Path, list[Path]] = {}
        for file in files:
            self.by_folder.setdefault(file.parent, []).append(file)
        self.cache: dict[Path, frozenset[str]] = {}

    def shared(self, file: Path) -> frozenset[str]:
        folder = file.parent
        if len(self.by_folder.get(folder, [])) < 2:
            return frozenset()
        if folder not in self.cache:
            common: set[str] | None = None
            for other in self.by_folder[folder]:
                try:
                    raw = read_transcript(other)
                except WorkbenchError:
                    continue
                layout = raw.layout or find_turns(raw.text)
                labels = {t.speaker.casefold() for t in layout.turns if t.speaker}
                common = labels if common is None else common & labels
            self.cache[folder] = frozenset(common or ())
        return self.cache[folder]


def settle_file(source: ImportedSource, file: Path, prefixes: list[str],
                choices: SpeakerChoices, folders: FolderLabels,
                date_order: str | None) -> Attribution:
    """Attribute a parsed file; the folder's other files are read only if no interviewer
    could be told from the file itself (or only by its questions)."""
    found = settle(source, prefixes, choices, date_order=date_order)
    guessed = found.interviewer_from is None or found.interviewer_from.startswith("guess")
    if guessed and sum(1 for r in found.rows if r.label) > 1:
        shared = folders.shared(file)
        if shared:
            found = settle(source, prefixes, choices, shared, date_order)
    return found


def import_files(db: Database, files: list[Path], prefixes: list[str], options: ImportOptions,
                 report: ImportReport, actor: str, progress: Progress | None = None,
                 before_replace: Callable[[], object] | None = None) -> None:
    """Parse the files (in worker processes when there are many) and store each as it comes,
    each in its own transaction; all of them are one step of the history.

    A file that fails is reported and leaves no trace; the others are imported.
    ``before_replace`` runs before a changed file replaces the source imported before.
    """
    wait_for_check(db)  # before the workers fork, which needs the process to have one thread
    step = StepInParts(db, actor, "import", f"imported {len(files)} files")
    maps = saved_maps(db)
    folders = FolderLabels(files)
    used_maps: set[str] = set()
    parse = ParseOptions(options.language)
    for done, (file, parsed) in enumerate(zip(files, parse_all(files, parse))):
        if progress:
            progress(done, len(files), str(file))
        try:
            if isinstance(parsed, str):
                raise WorkbenchError(parsed, file)
            saved = _saved_choices(maps, file)
            if saved is not None:
                used_maps.add(folder_key(file))
            existing = source_store.find_source(db, parsed.name)
            if before_replace and existing and existing["sha256"] != parsed.sha256:
                before_replace()  # a copy of the project before a text is replaced
            with step.part():
                outcome = store_source(db, parsed, file, prefixes, options, saved, folders)
        except WorkbenchError as exc:
            report.failed.append((str(file), exc.problem))
            continue
        except sqlite3.Error as exc:
            report.failed.append((str(file), f"could not be stored ({exc})"))
            continue
        getattr(report, outcome).append(str(file))
        if outcome != "unchanged":
            report.warnings.extend((str(file), w) for w in parsed.warnings)
    report.notes += [f"used the speaker map saved for {folder}" for folder in sorted(used_maps)]
    if options.save_map and not (options.choices.speakers or options.choices.interviewers):
        report.notes.append("no speaker map saved: --save-map keeps --speaker and "
                            "--interviewer, and neither was given")
    elif options.save_map:
        folders_kept = sorted({folder_key(f) for f in files})
        with step.part():
            save_maps(db, {folder: {"speakers": dict(options.choices.speakers),
                                    "interviewers": list(options.choices.interviewers)}
                           for folder in folders_kept})
        report.notes += [f"saved the speaker map for {folder}" for folder in folders_kept]
    if progress:
        progress(len(files), len(files), "")
    step.finish(f"imported {len(report.imported) + len(report.replaced)} files"
                + (f", re-mapped {len(report.remapped)}" if report.remapped else ""))


def folder_key(file: Path) -> str:
    """A saved speaker map belongs to the folder a file is in, by its absolute path."""
    return str(file.parent.resolve())


def saved_maps(db: Database) -> dict[str, dict]:
    return json.loads(settings.get(db, MAPS_SETTING) or "{}")


def save_maps(db: Database, maps: dict[str, dict | None]) -> None:
    """Keep (or, with None, forget) the speaker maps of folders; the caller holds the
    transaction."""
    kept = saved_maps(db)
    for folder, entry in maps.items():
        if entry is None:
            kept.pop(folder, None)
        else:
            kept[folder] = entry
    settings.put(db, MAPS_SETTING, json.dumps(kept, ensure_ascii=False, sort_keys=True))


def _saved_choices(maps: dict[str, dict], file: Path) -> SpeakerChoices | None:
    entry = maps.get(folder_key(file))
    if entry is None:
        return None
    return SpeakerChoices(speakers=tuple(entry.get("speakers", {}).items()),
                          interviewers=tuple(entry.get("interviewers", ())))


def ensure_participants(db: Database, ids: Iterable[str]) -> None:
    """Create the participants that do not exist yet (the caller holds the transaction)."""
    for pid in ids:
        role, number = split_participant_id(pid)
        participant_store.ensure_participant(db, pid, role, number)


def store_source(db: Database, record: ImportedSource, file: Path, prefixes: list[str],
                 options: ImportOptions, saved: SpeakerChoices | None,
                 folders: FolderLabels) -> str:
    """Settle and write one parsed file (the caller holds the transaction): ``imported``,
    ``replaced`` (a changed file without codings), ``remapped`` (the same text, attributed
    anew because the choices changed) or ``unchanged``. What the researcher chose for this
    source before (``sources set``, an earlier import) holds unless chosen anew."""
    existing = source_store.find_source(db, record.name)
    earlier = SpeakerChoices.from_dict(
        source_store.attribution_of(existing).get("choices")) if existing else SpeakerChoices()
    choices = options.choices.over(saved.over(earlier) if saved else earlier)
    settle_file(record, file, prefixes, choices, folders, options.date_order)
    if existing and existing["sha256"] == record.sha256:
        before = source_store.turn_attribution(db, existing["id"])
        after = {(t.speaker.casefold() if t.speaker else None): (t.participant, t.is_interviewer)
                 for t in record.turns}
        dated = record.interview_date if not existing["interview_date"] else None
        if before == after and existing["participant"] == record.participant and not dated:
            return "unchanged"
        ensure_participants(db, sorted(({record.participant} | record.speakers) - {None}))
        source_store.set_turn_speakers(db, existing["id"], after)
        source_store.update_source(db, existing["id"], participant=record.participant,
                                   attribution=record.attribution,
                                   interview_date=existing["interview_date"] or dated)
        return "remapped"
    if existing:
        coded = source_store.coding_count(db, existing["id"])
        if coded:
            raise WorkbenchError(
                f"differs from the source '{record.name}' imported before, which has {coded} "
                "codings; rename the file to import it as a new source", record.path)
    ensure_participants(db, sorted(({record.participant} | record.speakers) - {None}))
    order = None
    if existing:
        order = existing["interview_order"]
        source_store.delete_source(db, existing["id"])
    source_store.insert_source(db, record, order)
    return "replaced" if existing else "imported"


def preview_files(db: Database, files: list[Path], prefixes: list[str],
                  options: ImportOptions) -> list[FilePreview]:
    """What importing ``files`` would do, file by file; nothing is written."""
    maps = saved_maps(db)
    folders = FolderLabels(files)
    previews = []
    wait_for_check(db, refuse=False)  # a preview writes nothing: only the thread must end
    for file, parsed in zip(files, parse_all(files, ParseOptions(options.language, False))):
        shown = FilePreview(str(file))
        previews.append(shown)
        if isinstance(parsed, str):
            shown.status, shown.warnings = "cannot import", [parsed]
            continue
        existing = source_store.find_source(db, parsed.name)
        earlier = SpeakerChoices.from_dict(
            source_store.attribution_of(existing).get("choices")) if existing else SpeakerChoices()
        saved = _saved_choices(maps, file)
        choices = options.choices.over(saved.over(earlier) if saved else earlier)
        found = settle_file(parsed, file, prefixes, choices, folders, options.date_order)
        if existing:
            shown.status = ("imported before" if existing["sha256"] == parsed.sha256
                            else "changed since")
        shown.style, shown.kind = parsed.style, found.kind
        shown.participant, shown.participant_from = found.participant, found.participant_from
        shown.interviewers, shown.interviewer_from = found.interviewers, found.interviewer_from
        shown.interview_date, shown.speakers = parsed.interview_date, found.rows
        shown.warnings = parsed.warnings
    return previews
