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
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbench.fields import check_name
from workbench.errors import WorkbenchError
from workbench.ingest.decode import decode_text
from workbench.ingest.document import RawDocument
from workbench.ingest.interview import build_source
from workbench.text.values import typed_value
from workbench.records import CodeSpec, ImportedSource
from workbench.refi.archive import QdpxArchive
from workbench.refi.qde_parse import (OTHER_SOURCES, QdeProject, RefiCase, RefiText,
                                                parse_qde)
from workbench.ingest.word import read_docx
from workbench.text.normalize import normalise
from workbench.stamps import new_guid
from workbench.text.offsets import OffsetMap, normalised_with_offsets
from workbench.text.dates import date_in_text
from workbench.text.participants import parse_participant_id, split_participant_id

INTERVIEW_DATE = "Interview date"  # the source variable that carries an interview's date
_DATE_VARIABLES = {"interview date", "interview_date", "date"}
_PARTICIPANT_VARIABLES = {"participant", "participant id", "participant_id"}
_LEFT_OUT_WHY = {
    "PictureSource": "picture source", "PDFSource": "PDF source", "AudioSource": "audio source",
    "VideoSource": "video source", "Set": "set", "Graph": "graph",
    "Link": "link that does not tie a note to what it is about",
}


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


@dataclass
class QdpxSource:
    guid: str  # the archive's, or a new one when it has none
    record: ImportedSource
    codings: list[QdpxCoding]
    notes: list[str]


@dataclass
class QdpxMemo:
    """A note and what it is on: a target kind and the REFI GUID of the target (a
    participant's ID for a participant; None for the project)."""

    guid: str
    target_kind: str
    target: str | None
    text: str
    author: str | None
    created: str | None
    updated: str | None


@dataclass
class QdpxContent:
    name: str  # the project's name in the archive
    origin: str | None  # the program that wrote it
    users: dict[str, str]  # guid → coder name
    codes: list[CodeSpec]
    participants: dict[str, dict[str, object]]  # ID → attributes
    new_roles: list[str]  # prefixes of case IDs the project has no role for
    case_guids: dict[str, str]  # participant ID → case GUID
    variable_guids: dict[tuple[str, str], str]  # ("variable" or "source variable", name) → GUID
    sources: list[QdpxSource]
    memos: list[QdpxMemo]
    left_out: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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
        self.left_out: list[str] = []
        self.notes: list[str] = []
        self.users = {g: name or f"user {g[:8]}" for g, name in qde.users.items()}
        self.coding_guids: set[str] = set()

    def content(self) -> QdpxContent:
        qde = self.qde
        if qde.schema_problem:
            self.notes.append(f"project.qde differs from Project.xsd (first: {qde.schema_problem});"
                              " it was read leniently")
        participants, case_guids, source_people, new_roles = self._participants()
        codes, code_guids = self._codes()
        sources = [s for entry in self._unique_names(qde.sources)
                   if (s := self._source(entry, source_people.get(entry.guid), code_guids))]
        variables = {("variable", name): g for g, (name, _) in qde.variables.items()
                     if any(v == g for case in qde.cases for v, _, _ in case.values)}
        variables.update({("source variable", name): g for g, (name, _) in qde.variables.items()
                          if name.casefold() in _DATE_VARIABLES})
        for kind, count in sorted(qde.left_out.items()):
            why = "has only text sources" if kind in OTHER_SOURCES else "has no place for them"
            self.left_out.append(f"{_plural(count, _LEFT_OUT_WHY[kind])}: "
                                 f"a workbench project {why}")
        return QdpxContent(
            name=qde.name, origin=qde.origin, users=self.users, codes=codes,
            participants=participants, new_roles=new_roles, case_guids=case_guids,
            variable_guids=variables, sources=sources,
            memos=self._memos(sources, case_guids, code_guids),
            left_out=self.left_out, notes=self.notes)

    # -- users, codes, participants ------------------------------------------------------

    def _user(self, guid: str | None) -> str | None:
        if guid and guid not in self.users:
            self.users[guid] = f"user {guid[:8]}"
            self.notes.append(f"user {guid} is not among the project's users; "
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
                self.notes.append(f"code '{name}' {where} occurs twice; the second is called "
                                  f"'{name} ({number})'")
                name = f"{name} ({number})"
            check_name(name)
            siblings.add(name.casefold())
            guid = spec.guid
            if guid is None or guid in seen:
                self.notes.append(f"code '{name}' {where} has a missing or repeated GUID; "
                                  "codings cannot refer to it")
                guid = new_guid()
            seen.add(guid)
            codable = spec.codable
            if not codable and guid in coded:
                codable = True
                self.notes.append(f"code '{name}' {where} is marked not codable but carries "
                                  "codings; it is imported as a code")
            inner: set[str] = set()
            children = [fix(c, inner, f"under '{name}'") for c in spec.children]
            return dataclasses.replace(spec, name=name, guid=guid, codable=codable,
                                       children=children)

        top: set[str] = set()
        codes = [fix(c, top, "at the top level") for c in self.qde.codes]
        return codes, seen

    def _participants(self) -> tuple[dict[str, dict[str, object]], dict[str, str],
                                     dict[str, set[str]], list[str]]:
        """Cases that are participants: their attributes, their GUIDs, the sources each
        case refers to, and role prefixes that had to be added."""
        people: dict[str, dict[str, object]] = {}
        guids: dict[str, str] = {}
        by_source: dict[str, set[str]] = defaultdict(set)
        new_roles: list[str] = []
        for case in self.qde.cases:
            values = self._case_values(case)
            pid = self._case_id(case, values, new_roles)
            if pid is None:
                self.left_out.append(
                    f"case '{case.name}': not a participant ID ({', '.join(self.prefixes)} and a "
                    f"number, such as {self.prefixes[0] if self.prefixes else 'G'}3)"
                    + (f"; its {_plural(len(values), 'variable value')} too" if values else ""))
                continue
            people.setdefault(pid, {}).update(
                {k: v for k, v in values.items() if k.casefold() not in _PARTICIPANT_VARIABLES})
            if case.guid:
                guids.setdefault(pid, case.guid)
            for source in case.sources:
                by_source[source].add(pid)
        return people, guids, by_source, new_roles

    def _case_id(self, case: RefiCase, values: dict[str, object],
                 new_roles: list[str]) -> str | None:
        named = [case.name] + [str(v) for k, v in values.items()
                               if k.casefold() in _PARTICIPANT_VARIABLES]
        for candidate in named:
            if pid := parse_participant_id(candidate, self.prefixes):
                return pid
        try:
            prefix, number = split_participant_id(case.name.strip())
        except ValueError:
            return None
        prefix = prefix.upper()
        self.prefixes.append(prefix)
        new_roles.append(prefix)
        self.notes.append(f"case '{case.name}': the project has no role '{prefix}'; role "
                          f"'{prefix}' is added (rename its label later)")
        return f"{prefix}{number}"

    def _case_values(self, case: RefiCase) -> dict[str, object]:
        values: dict[str, object] = {}
        for variable, kind, text in case.values:
            name = self.qde.variables.get(variable, ("", ""))[0]
            if not name:
                self.left_out.append(f"case '{case.name}': a value of an undeclared variable")
                continue
            values[name] = _typed(kind, text)
        return values

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
                self.notes.append(f"two sources are named '{name}'; the second is called "
                                  f"'{stem} ({number}){suffix}'")
                name = f"{stem} ({number}){suffix}"
            seen.add(name)
            yield dataclasses.replace(entry, name=name)

    def _source(self, entry: RefiText, people: set[str] | None,
                code_guids: set[str]) -> QdpxSource | None:
        found = self._plain_text(entry)
        codings: list[QdpxCoding] = []
        if isinstance(found, tuple):
            original, member = found
            text, offsets = normalised_with_offsets(original)
            raw = RawDocument(text=text, format="txt")
            codings = self._codings(entry, len(original), offsets, code_guids)
        else:
            raw = self._rich_text(entry)
            if raw is None:
                self.left_out.append(f"source '{entry.name}': {found}")
                return None
            member = entry.rich_path or ""
            self.notes.append(f"source '{entry.name}' was read from its rich text: {found}")
            if entry.selections:
                self.left_out.append(
                    f"{_plural(len(entry.selections), 'selection')} in '{entry.name}': the archive "
                    "has only its rich text, and positions count in the plain text")
        if not raw.text.strip():
            self.left_out.append(f"source '{entry.name}': its text is empty")
            return None
        if entry.whole_codings:
            self.left_out.append(f"{_plural(entry.whole_codings, 'coding')} of the whole of "
                                 f"'{entry.name}': only codings of selections are imported")
        participant = next(iter(people)) if people and len(people) == 1 else None
        record = build_source(Path(entry.name), raw, self.prefixes, participant=participant)
        record = dataclasses.replace(
            record, name=entry.name, path=f"{self.archive.path.name}:{member or 'project.qde'}",
            interview_date=self._interview_date(entry) or record.interview_date)
        return QdpxSource(entry.guid or new_guid(), record, codings, entry.notes)

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
            self.notes.append(f"source '{entry.name}': its rich text {member} {exc.problem}")
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
            self.left_out.append(f"{_plural(others, 'variable value')} of source '{entry.name}':"
                                 " only the interview date of a source is kept")
        return date

    def _codings(self, entry: RefiText, length: int, offsets: OffsetMap | None,
                 code_guids: set[str]) -> list[QdpxCoding]:
        codings: list[QdpxCoding] = []
        for sel in entry.selections:
            where = f"selection {sel.start}–{sel.end} in '{entry.name}'"
            if sel.start is None or sel.end is None or sel.start >= sel.end:
                self.left_out.append(f"{where}: not a span (positions missing, or the end is not "
                                     "after the start)")
                continue
            if sel.start < 0 or sel.end > length:
                self.left_out.append(f"{where}: outside its text ({length} characters)")
                continue
            if offsets is None:
                self.left_out.append(f"{where}: the text changes in normalisation in a way its "
                                     "positions cannot follow")
                continue
            start, end = offsets.span(sel.start, sel.end)
            if start == end:
                self.left_out.append(f"{where}: covers only what normalisation removes")
                continue
            for coding in sel.codings:
                if coding.code not in code_guids:
                    self.left_out.append(f"{where}: a coding refers to a code that is not in "
                                         "the codebook")
                    continue
                guid = coding.guid if coding.guid and coding.guid not in self.coding_guids \
                    else new_guid()
                self.coding_guids.add(guid)
                codings.append(QdpxCoding(
                    guid, coding.code, start, end, self._user(coding.user or sel.user),
                    coding.created or sel.created, sel.description, sel.notes + coding.notes))
        return codings

    # -- notes ---------------------------------------------------------------------------

    def _memos(self, sources: list[QdpxSource], case_guids: dict[str, str],
               code_guids: set[str]) -> list[QdpxMemo]:
        """Each note becomes a memo on whatever refers to it (on the project when nothing
        does); a note referred to from several places becomes one memo on each."""
        targets: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for source in sources:
            for note in source.notes:
                targets[note].append(("source", source.guid))
            for coding in source.codings:
                for note in coding.notes:
                    targets[note].append(("coding", coding.guid))
        for code, notes in self.qde.code_notes.items():
            for note in notes if code in code_guids else []:
                targets[note].append(("code", code))
        for note in self.qde.project_notes:
            targets[note].append(("project", None))
        objects = {s.guid: ("source", s.guid) for s in sources}
        objects.update({g: ("code", g) for g in code_guids})
        objects.update({g: ("participant", pid) for pid, g in case_guids.items()})
        objects.update({c.guid: ("coding", c.guid) for s in sources for c in s.codings})
        for note, target in self.qde.note_links:
            targets[note].append(objects.get(target, ("project", None)))
        memos = []
        description = normalise(self.qde.description or "").strip()
        if description:  # named by its text, so that importing it again adds it once
            memos.append(QdpxMemo(str(uuid.uuid5(uuid.NAMESPACE_URL, f"qdpx:{description}")),
                                  "project", None, description, None, None, None))
        for note in self.qde.notes:
            text = self._plain_text(note)
            if isinstance(text, str) or not text[0].strip():
                self.left_out.append(f"note '{note.name or note.guid}': "
                                     f"{text if isinstance(text, str) else 'it is empty'}")
                continue
            for number, (kind, target) in enumerate(dict.fromkeys(
                    targets.get(note.guid) or [("project", None)])):
                memos.append(QdpxMemo(_memo_guid(note.guid, number, kind, target), kind, target,
                                      normalise(text[0]).strip(),
                                      self._user(note.user), note.created,
                                      note.modified or note.created))
        return memos


def _memo_guid(note: str | None, number: int, kind: str, target: str | None) -> str:
    """The note's own GUID for its first memo; one derived from it for each further one."""
    if note is None:
        return new_guid()
    if number == 0:
        return note
    return str(uuid.uuid5(uuid.UUID(note), f"{kind}:{target}"))


def _typed(kind: str | None, text: str) -> object:
    """A REFI-QDA variable value as the participant attribute it becomes."""
    try:
        if kind == "Integer":
            return int(text)
        if kind == "Float":
            return float(text)
    except ValueError:
        return text
    if kind == "Boolean":
        return text.strip().lower() in ("true", "1")
    return typed_value(text) if kind == "Text" else text


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
