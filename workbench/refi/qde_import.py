"""A REFI-QDA project (.qdpx) → the records a workbench import writes, with what was left out.

Everything is read and checked in memory; nothing here knows the project being imported
into beyond its role prefixes. Each text source becomes an ImportedSource like any
transcript (turns, participants and sentences found by ``build_source``), its selections
become codings in code-point offsets of the normalised text, cases become participants,
users coders, notes memos. Where a part of the file cannot be used without getting data
wrong (a selection outside its text, a case that is not a participant) it is left out and
said so; the rest is imported.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.fields import check_name
from workbench.ingest.decode import decode_text
from workbench.ingest.document import RawDocument
from workbench.ingest.interview import build_source
from workbench.ingest.word import read_docx
from workbench.records import CodeSpec, ImportedSource
from workbench.refi.archive import QdpxArchive
from workbench.refi.ledger import Ledger, plural
from workbench.refi.positions import reading_for
from workbench.refi.qde_notes import MemoBuilder, Passage, QdpxMemo, Remark, gather_targets
from workbench.refi.qde_parse import QdeProject, RefiText, parse_qde
from workbench.refi.qde_people import People, place_by_sources, read_cases
from workbench.refi.workbench_extras import MEMBER, Extras, fits, read_extras
from workbench.stamps import new_guid
from workbench.text.dates import date_in_text
from workbench.text.normalize import word_count
from workbench.text.offsets import Counting, ForeignPositions, OffsetMap, normalised_with_offsets
from workbench.text.participants import split_participant_id

INTERVIEW_DATE = "Interview date"  # the source variable that carries an interview's date
_DATE_VARIABLES = {"interview date", "interview_date", "date"}
_LEFT_OUT_KIND = {
    "PictureSource": "picture source", "PDFSource": "PDF source", "AudioSource": "audio source",
    "VideoSource": "video source", "Set": "set", "Graph": "graph", "Link": "link",
}
_LEFT_OUT_WHY = {"Set": "a workbench project has no place for them",
                 "Graph": "a workbench project has no place for them",
                 "Link": "they do not tie a note to what it is about"}


@dataclass
class QdpxCoding:
    guid: str
    code: str  # the REFI code GUID
    start: int  # code-point offsets into the normalised text, end exclusive
    end: int
    user: str | None
    created: str | None
    memo: str | None
    notes: list[str] = field(default_factory=list)
    exemplar: bool = False


@dataclass
class QdpxSource:
    guid: str  # the archive's, or a new one when it has none
    record: ImportedSource
    codings: list[QdpxCoding]
    notes: list[str]
    left_out: bool = False  # of saturation (kept by our own exports)


@dataclass
class QdpxContent:
    name: str  # the project's name in the archive
    origin: str | None  # the program that wrote it
    users: dict[str, str]  # guid → coder name
    codes: list[CodeSpec]
    participants: dict[str, dict[str, object]]  # ID → attributes
    new_roles: list[tuple[str, str]]  # (prefix, label) of roles the project lacks
    case_guids: dict[str, str]  # participant ID → case GUID
    variable_guids: dict[tuple[str, str], str]  # ("variable" or "source variable", name) → GUID
    sources: list[QdpxSource]
    memos: list[QdpxMemo]
    positions: list[str]  # how positions were counted, and why
    ledger: Ledger


def read_qdpx(path: Path, prefixes: list[str]) -> QdpxContent:
    """Read, check and convert a whole .qdpx; raises WorkbenchError when it must be refused."""
    with QdpxArchive(path) as archive:
        qde = parse_qde(archive.project_xml(), Path(path))
        return _Converter(archive, qde, prefixes).content()


class _Converter:
    def __init__(self, archive: QdpxArchive, qde: QdeProject, prefixes: list[str]) -> None:
        self.archive = archive
        self.qde = qde
        self.prefixes = list(prefixes)
        self.ledger = Ledger()
        self.users = {g: name or f"user {g[:8]}" for g, name in qde.users.items()}
        self.coding_guids: set[str] = set()
        self.source_guids: set[str] = set()
        self.passages: dict[str, Passage] = {}  # selection GUID → passage
        self.uncoded_notes: dict[str, list[str]] = {}  # selection without codings → notes
        self.remarks: list[Remark] = []
        self.extras = self._extras()

    def content(self) -> QdpxContent:
        qde, ledger = self.qde, self.ledger
        if qde.schema_problem:
            ledger.note(f"project.qde differs from Project.xsd (first: {qde.schema_problem});"
                        " it was read leniently")
        people = read_cases(qde, self.prefixes, ledger)
        codes, code_guids = self._codes()
        entries = [(entry, self._plain_text(entry)) for entry in self._unique_names(qde.sources)]
        reading = reading_for(qde.origin, [
            (found[0], [(s.start, s.end) for s in entry.selections
                        if s.start is not None and s.end is not None])
            for entry, found in entries if isinstance(found, tuple)])
        sources = [s for entry, found in entries
                   if (s := self._source(entry, found, people, code_guids, reading.counting))]
        place_by_sources(people, {s.guid: s.record.participant for s in sources},
                         {s.guid: s.record.name for s in sources}, self.prefixes, ledger)
        new_roles = self._new_roles(people, sources)
        variables = {("variable", name): g for g, (name, _) in qde.variables.items()
                     if any(v == g for case in qde.cases for v, _, _ in case.values)}
        variables.update({("source variable", name): g for g, (name, _) in qde.variables.items()
                          if name.casefold() in _DATE_VARIABLES})
        for kind, count in sorted(qde.left_out.items()):
            codings = qde.left_out_codings.get(kind, 0)
            why = _LEFT_OUT_WHY.get(kind, "a workbench project has only text sources")
            ledger.leave(f"{plural(count, _LEFT_OUT_KIND[kind])}"
                         + (f" with their {plural(codings, 'coding')}" if codings else "")
                         + f": {why}", **{_LEFT_OUT_KIND[kind].replace(" ", "_"): count},
                         coding=codings)
        targets = gather_targets(qde, sources, code_guids, people.case_guids, self.passages,
                                 self.uncoded_notes)
        memos = MemoBuilder(qde, targets, ledger, self._plain_text, self._user).memos(
            self.remarks)
        return QdpxContent(
            name=qde.name, origin=qde.origin, users=self.users, codes=codes,
            participants=people.participants, new_roles=new_roles,
            case_guids=people.case_guids, variable_guids=variables, sources=sources,
            memos=memos, positions=reading.reasons, ledger=ledger)

    def _extras(self) -> Extras | None:
        """What our own export kept beside project.qde, if this is one of ours."""
        if not (self.qde.origin or "").lower().startswith("interview workbench"):
            return None
        data = self.archive.beside_project(MEMBER)
        if data is None:
            return None
        try:
            return read_extras(data)
        except ValueError as exc:
            self.ledger.note(f"{MEMBER} could not be used ({exc}); speaker turns are found "
                             "in the texts again")
            return None

    def _new_roles(self, people: People, sources: list[QdpxSource]) -> list[tuple[str, str]]:
        """Roles the project lacks: those of case IDs, and those our own export names."""
        labels = dict(self.extras.roles) if self.extras else {}
        prefixes = list(people.new_roles)
        for source in sources:
            for pid in source.record.speakers | {source.record.participant} - {None}:
                prefix = split_participant_id(pid)[0]
                if prefix not in self.prefixes and prefix not in prefixes:
                    prefixes.append(prefix)
        return [(p, labels.get(p, p)) for p in prefixes]

    # -- users and codes -----------------------------------------------------------------

    def _user(self, guid: str | None) -> str | None:
        if guid and guid not in self.users:
            self.users[guid] = f"user {guid[:8]}"
            self.ledger.note(f"user {guid} is not among the project's users; "
                             f"its work is credited to a coder named '{self.users[guid]}'")
        return guid

    def _codes(self) -> tuple[list[CodeSpec], set[str]]:
        """The codebook with usable names and unique GUIDs; a code that carries codings is
        made codable even if the file says otherwise."""
        coded = {c.code for s in self.qde.sources for sel in s.selections for c in sel.codings}
        seen: set[str] = set()

        def fix(spec: CodeSpec, siblings: set[str], where: str) -> CodeSpec:
            name = " ".join(spec.name.split()) or "(unnamed)"
            if name.casefold() in siblings:
                number = 2
                while f"{name} ({number})".casefold() in siblings:
                    number += 1
                self.ledger.note(f"code '{name}' {where} occurs twice; the second is called "
                                 f"'{name} ({number})'")
                name = f"{name} ({number})"
            check_name(name)
            siblings.add(name.casefold())
            guid = spec.guid
            if guid is None or guid in seen:
                self.ledger.note(f"code '{name}' {where} has a missing or repeated GUID; "
                                 "codings cannot refer to it")
                guid = new_guid()
            seen.add(guid)
            codable = spec.codable
            if not codable and guid in coded:
                codable = True
                self.ledger.note(f"code '{name}' {where} is marked not codable but carries "
                                 "codings; it is imported as a code")
            inner: set[str] = set()
            children = [fix(c, inner, f"under '{name}'") for c in spec.children]
            return dataclasses.replace(spec, name=name, guid=guid, codable=codable,
                                       children=children)

        top: set[str] = set()
        codes = [fix(c, top, "at the top level") for c in self.qde.codes]
        return codes, seen

    # -- sources and codings -------------------------------------------------------------

    def _unique_names(self, entries: list[RefiText]) -> Iterator[RefiText]:
        seen: set[str] = set()
        for entry in entries:
            name = entry.name or (Path(entry.plain_path or "").name or f"source {entry.guid}")
            if name in seen:
                stem, suffix = Path(name).stem, Path(name).suffix
                number = 2
                while f"{stem} ({number}){suffix}" in seen:
                    number += 1
                self.ledger.note(f"two sources are named '{name}'; the second is called "
                                 f"'{stem} ({number}){suffix}'")
                name = f"{stem} ({number}){suffix}"
            seen.add(name)
            yield dataclasses.replace(entry, name=name)

    def _source(self, entry: RefiText, found: tuple[str, str] | str, people: People,
                code_guids: set[str], counting: Counting) -> QdpxSource | None:
        guid = entry.guid or new_guid()
        if guid in self.source_guids:
            self.ledger.note(f"source '{entry.name}' has the GUID of another source ({guid}); "
                             "it gets a new one, and what refers to that GUID goes to the "
                             "first")
            guid = new_guid()
        self.source_guids.add(guid)
        codings: list[QdpxCoding] = []
        lost = sum(len(s.codings) for s in entry.selections) + entry.whole_codings
        with_codings = f" with its {plural(lost, 'coding')}" if lost else ""
        if isinstance(found, tuple):
            original, member = found
            text, offsets = normalised_with_offsets(original)
            raw = RawDocument(text=text, format="txt")
            if not text.strip():
                self.ledger.leave(f"source '{entry.name}'{with_codings}: its text is empty",
                                  source=1, coding=lost)
                return None
            codings = self._codings(entry, guid, original, counting, offsets, code_guids, text)
        else:
            raw = self._rich_text(entry)
            if raw is None or not raw.text.strip():
                self.ledger.leave(f"source '{entry.name}'{with_codings}: "
                                  + (found if raw is None else "its text is empty"),
                                  source=1, coding=lost)
                return None
            member = entry.rich_path or ""
            self.ledger.note(f"source '{entry.name}' was read from its rich text: {found}")
            if entry.selections:
                self.ledger.leave(
                    f"{plural(len(entry.selections), 'selection')} in '{entry.name}'"
                    f"{' with ' + plural(lost, 'coding') if lost else ''}: the archive has only "
                    "its rich text, and positions count in the plain text",
                    coding=lost - entry.whole_codings)
        if entry.whole_codings:
            self.ledger.leave(f"{plural(entry.whole_codings, 'coding')} of the whole of "
                              f"'{entry.name}': only codings of selections are imported",
                              coding=entry.whole_codings)
        names = people.by_source.get(entry.guid)
        participant = next(iter(names)) if names and len(names) == 1 else None
        record = self._record(entry, raw, participant)
        record = dataclasses.replace(
            record, name=entry.name, path=f"{self.archive.path.name}:{member or 'project.qde'}",
            interview_date=self._interview_date(entry) or record.interview_date)
        kept = self.extras.sources.get(guid) if self.extras else None
        return QdpxSource(guid, record, codings, entry.notes, bool(kept and kept.left_out))

    def _record(self, entry: RefiText, raw: RawDocument,
                participant: str | None) -> ImportedSource:
        """The source with its turns: as our own export kept them when they fit the text,
        else found in the text as for any transcript."""
        kept = self.extras.sources.get(entry.guid) if self.extras and entry.guid else None
        sha256 = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
        if kept is not None and kept.sha256 == sha256 and fits(kept, raw.text):
            return ImportedSource(
                name=entry.name, path="", text=raw.text, sha256=sha256, format=kept.format,
                language=kept.language, participant=kept.participant,
                interview_date=None, word_count=word_count(raw.text), turns=kept.turns,
                speakers={t.participant for t in kept.turns if t.participant})
        if kept is not None:
            self.ledger.note(f"source '{entry.name}': the speaker turns kept in {MEMBER} do "
                             "not fit its text; they were found in the text again")
        return build_source(Path(entry.name), raw, self.prefixes, participant=participant)

    def _plain_text(self, entry: RefiText) -> tuple[str, str] | str:
        """The plain text positions count in, with the archive member it came from; or why
        there is none."""
        if entry.inline is not None:
            return entry.inline, ""
        if not entry.plain_path:
            return "it has no plain text (neither PlainTextContent nor plainTextPath)"
        found = self._member(entry.plain_path)
        if isinstance(found, str):
            return found
        member, data = found
        try:
            return decode_text(data, Path(member)), member
        except WorkbenchError as exc:
            return f"its plain text {member} {exc.problem}"

    def _rich_text(self, entry: RefiText) -> RawDocument | None:
        """A source with a .docx and no plain text is read with the workbench's Word reader."""
        if not entry.rich_path or not entry.rich_path.lower().endswith(".docx"):
            return None
        found = self._member(entry.rich_path)
        if isinstance(found, str):
            return None
        member, data = found
        try:
            return read_docx(Path(member), data)
        except WorkbenchError as exc:
            self.ledger.note(f"source '{entry.name}': its rich text {member} {exc.problem}")
            return None

    def _member(self, reference: str) -> tuple[str, bytes] | str:
        scheme, sep, rest = reference.partition("://")
        if sep and scheme.lower() != "internal":
            return f"its file '{reference}' is outside the archive (only files inside it are read)"
        name = rest if sep else reference
        return self.archive.source_file(name) or \
            f"its file '{name}' is not in the archive's sources folder"

    def _interview_date(self, entry: RefiText) -> str | None:
        date = None
        others = 0
        for variable, _, text in entry.values:
            name = self.qde.variables.get(variable, ("", ""))[0]
            if name.casefold() in _DATE_VARIABLES and date_in_text(text):
                date = date_in_text(text)
            else:
                others += 1
        if others:
            self.ledger.leave(f"{plural(others, 'variable value')} of source '{entry.name}':"
                              " only the interview date of a source is kept",
                              variable_value=others)
        return date

    def _codings(self, entry: RefiText, source_guid: str, original: str, counting: Counting,
                 offsets: OffsetMap | None, code_guids: set[str], text: str) -> list[QdpxCoding]:
        """The selections' codings in code points of the normalised text; selections with
        no coding are kept as passages for the notes and descriptions on them."""
        positions = ForeignPositions(original, counting)
        exemplars = self.extras.exemplars if self.extras else set()
        codings: list[QdpxCoding] = []
        for sel in entry.selections:
            where = f"selection {sel.start}–{sel.end} in '{entry.name}'"
            lost = {"coding": len(sel.codings)} if sel.codings else {"selection": 1}
            if sel.start is None or sel.end is None or sel.start >= sel.end:
                self.ledger.leave(f"{where}: not a span (positions missing, or the end is not "
                                  "after the start)", **lost)
                continue
            if sel.start < 0 or sel.end > positions.length:
                self.ledger.leave(f"{where}: outside its text ({positions.length} characters "
                                  "as the positions count)", **lost)
                continue
            if offsets is None:
                self.ledger.leave(f"{where}: the text changes in normalisation in a way its "
                                  "positions cannot follow", **lost)
                continue
            start, end = offsets.span(positions.start(sel.start), positions.end(sel.end))
            if start == end:
                self.ledger.leave(f"{where}: covers only what normalisation removes", **lost)
                continue
            passage = Passage(source_guid, start, end, text[start:end])
            if sel.guid:
                self.passages[sel.guid] = passage
            if not sel.codings:
                if sel.guid and sel.notes:
                    self.uncoded_notes[sel.guid] = sel.notes
                if sel.description:
                    self.remarks.append(Remark(sel.guid, passage, sel.description,
                                               self._user(sel.user), sel.created))
                continue
            for coding in sel.codings:
                if coding.code not in code_guids:
                    self.ledger.leave(f"{where}: a coding refers to a code that is not in "
                                      "the codebook", coding=1)
                    continue
                guid = coding.guid if coding.guid and coding.guid not in self.coding_guids \
                    else new_guid()
                self.coding_guids.add(guid)
                codings.append(QdpxCoding(
                    guid, coding.code, start, end, self._user(coding.user or sel.user),
                    coding.created or sel.created, sel.description, sel.notes + coding.notes,
                    guid in exemplars))
        return codings
