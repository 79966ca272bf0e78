"""Exchanging a whole project with other QDA programs as a REFI-QDA archive (.qdpx).

Import reads and checks the whole archive in memory (``refi/qde_import``), plans it
against the project (which sources it has already, which codes match by path or GUID, which
coders and participants are new) and then writes everything in one transaction: an error
anywhere leaves the project as it was. Inside that transaction the codebook, coders, codings
and memos are one history step, so one undo takes them back; the sources and participants
stay, as the history does not track them.

Export writes the project with stable GUIDs. Codes, codings, coders and memos have their
own; sources, participants (cases) and attributes (variables) do not, so theirs are the ones
they were imported with (kept in the ``refi_guids`` setting) or else derived with uuid5 from
a namespace of the project's creation time and name and the object's name. Exporting the
same project twice gives the same GUIDs, and so does exporting a project imported from an
export.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from workbench.coding.codebook import PlanItem
from workbench.coding.review import CodeReview
from workbench.coding.undo import recorded
from workbench.errors import WorkbenchError, naming
from workbench.project.importing import ensure_participants
from workbench.project.parts import Parts
from workbench.records import CodeSpec
from workbench.refi.ledger import lost_summary
from workbench.refi.qde_import import INTERVIEW_DATE, QdpxContent, QdpxSource, read_qdpx
from workbench.refi.qde_write import (ExportCase, ExportCoding, ExportNote, ExportProject,
                                      ExportSource, qdpx_archive)
from workbench.refi.workbench_extras import Extras, KeptSource
from workbench.store import codings as coding_store
from workbench.store import coders as coder_store
from workbench.store import memos as memo_store
from workbench.store import interview_order, overview, settings
from workbench.store import participants as participant_store
from workbench.store import sources as source_store
from workbench.stamps import now

GUIDS_SETTING = "refi_guids"
ORIGIN = "Interview Workbench"
_DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


@dataclass
class QdpxReport:
    """What an import of a .qdpx did (or, as a preview, would do), and what it left out."""

    path: str
    name: str  # the project's name in the archive
    origin: str | None
    preview: bool
    sources: list[str] = field(default_factory=list)  # new sources
    matched_sources: list[str] = field(default_factory=list)  # already in the project
    participants: list[str] = field(default_factory=list)  # new participants
    updated_participants: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # role prefixes added
    codes: list[PlanItem] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)  # new coders
    codings: int = 0
    codings_present: int = 0  # in the archive and already in the project
    memos: int = 0
    positions: list[str] = field(default_factory=list)  # how positions counted, and why
    left_out: list[str] = field(default_factory=list)
    lost: Counter[str] = field(default_factory=Counter)  # what was left out, by kind
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as text lines, for the command line and the import screen."""
        origin = f", from {self.origin}" if self.origin else ""
        head = "Preview of the import of" if self.preview else "Imported"
        lines = [f"{head} {Path(self.path).name} (project '{self.name}'{origin}):"]

        def row(label: str, text: str) -> None:
            lines.append(f"  {label:<13} {text}")

        row("sources", _listed(len(self.sources), "new", self.sources))
        if self.matched_sources:
            row("", _listed(len(self.matched_sources), "already in the project (codings go "
                                                       "there)", self.matched_sources))
        updated = self.updated_participants
        row("participants", _listed(len(self.participants), "new", self.participants)
            + (f"; {_listed(len(updated), 'with attributes updated', updated)}" if updated else ""))
        if self.roles:
            row("roles", _listed(len(self.roles), "new", self.roles))
        row("codes", f"{sum(p.action == 'add' for p in self.codes)} added, "
                     f"{sum(p.action == 'update' for p in self.codes)} updated")
        row("coders", _listed(len(self.coders), "new", self.coders))
        present = f" ({self.codings_present} were there already)" if self.codings_present else ""
        row("codings", f"{self.codings}{present}")
        row("memos", str(self.memos))
        for reason in self.positions:
            label, _, text = reason.partition(": ")
            row(label, text)
        lost = lost_summary(self.lost)
        for title, items in ((f"Left out ({lost})" if lost else "Left out", self.left_out),
                             ("Notes", self.notes)):
            if items:
                lines.append(f"{title}:")
                lines += [f"  - {item}" for item in items]
        return lines


def import_qdpx(project: Parts, path: Path, into_current: bool = False,
                preview_only: bool = False) -> QdpxReport:
    """Import a .qdpx into an empty project, or (``into_current``) into this one.

    With ``preview_only`` nothing is written and the report says what would be.
    """
    path = Path(path)
    if not into_current and not overview.is_empty(project.db):
        raise WorkbenchError(
            "the project has sources or codes already; import the archive into it with "
            "--into-current (see the preview first), or create a new project for it", path)
    with naming(path):
        content = read_qdpx(path, participant_store.role_prefixes(project.db))
        plan = _Plan(project, content, path, preview_only)
        if not preview_only:
            try:
                _write(project, plan, into_new=not into_current)
            except sqlite3.Error as exc:
                raise WorkbenchError(f"could not be stored ({exc}); nothing was imported",
                                     path) from None
    return plan.report


def export_qdpx(project: Parts, for_nvivo: bool = False) -> bytes:
    """The whole project as a .qdpx archive; ``for_nvivo`` counts positions in UTF-16 code
    units, as NVivo reads them."""
    return qdpx_archive(_export(project, for_nvivo))


# -- planning ---------------------------------------------------------------------------------

class _Plan:
    """The archive's content matched against the project, and the report of it."""

    def __init__(self, project: Parts, content: QdpxContent, path: Path,
                 preview: bool) -> None:
        self.content = content
        ledger = content.ledger
        self.report = QdpxReport(str(path), content.name, content.origin, preview,
                                 positions=list(content.positions),
                                 left_out=list(ledger.left_out), lost=Counter(ledger.lost),
                                 notes=list(ledger.notes),
                                 roles=[prefix for prefix, _ in content.new_roles])
        self.sources: list[tuple[QdpxSource, int | None]] = []  # (source, id if there already)
        by_name = {r["name"]: r for r in source_store.identities(project.db)}
        by_text = {r["sha256"]: r for r in by_name.values()}
        for source in content.sources:
            record = source.record
            same = by_name.get(record.name)
            if same and same["sha256"] != record.sha256:
                self.report.left_out.append(
                    f"source '{record.name}' with its {len(source.codings)} codings: the project "
                    "has a different text of that name (rename one of them to import it)")
                self.report.lost.update({"source": 1, "coding": len(source.codings)})
                continue
            same = same or by_text.get(record.sha256)
            if same:
                self.report.matched_sources.append(record.name)
                if same["name"] != record.name:
                    self.report.notes.append(f"source '{record.name}' has the text of "
                                             f"'{same['name']}' in the project; it is used instead")
            else:
                self.report.sources.append(record.name)
            self.sources.append((source, same["id"] if same else None))
        self.report.codes = project.codebook.plan_import(content.codes)
        coders = {r["guid"].lower(): r["name"] for r in coder_store.all_coders(project.db)}
        self.report.coders = sorted({name for guid, name in content.users.items()
                                     if guid not in coders and name not in coders.values()})
        existing = {p["id"]: p["attributes"]
                    for p in participant_store.list_participants(project.db)}
        speakers = {pid for s, _ in self.sources
                    for pid in s.record.speakers | {s.record.participant} if pid}
        self.report.participants = sorted((set(content.participants) | speakers) - set(existing))
        self.report.updated_participants = sorted(
            pid for pid, values in content.participants.items()
            if pid in existing and any(existing[pid].get(k) != v for k, v in values.items()))
        # By GUID only: a coding of a new code cannot be matched by its span before it exists.
        known = coding_store.guids(project.db)
        planned = [c.guid for s, _ in self.sources for c in s.codings]
        self.report.codings_present = sum(guid in known for guid in planned)
        self.report.codings = len(planned) - self.report.codings_present
        known = memo_store.guids(project.db)
        self.report.memos = sum(m.guid not in known for m in content.memos)


# -- writing ----------------------------------------------------------------------------------

def _write(project: Parts, plan: _Plan, into_new: bool) -> None:
    """Everything of the archive in one transaction and one history step (sources too)."""
    db = project.db
    content, report = plan.content, plan.report
    with recorded(db, project.default_coder(), "refi.import",
                  f"imported {Path(report.path).name}") as info:
        if content.new_roles:
            roles = [(r["prefix"], r["label"]) for r in participant_store.roles(db)]
            participant_store.set_roles(db, roles + content.new_roles)
        new_people = set(report.participants)
        ensure_participants(db, sorted(set(content.participants) | new_people))
        for pid, values in content.participants.items():
            participant_store.set_attributes(db, pid, values)
        # In a new project the archive's order is the interview order; else by date or last.
        source_ids = [existing or source_store.insert_source(
                          db, source.record, position if into_new else None)
                      for position, (source, existing) in enumerate(plan.sources, start=1)]
        interview_order.set_left_out(db, [s.record.name for s, existing in plan.sources
                                          if s.left_out and existing is None], True)
        _keep_guids(project, plan, new_people, into_new)
        if content.codes:
            project.codebook.import_specs(content.codes, Path(report.path).name)
        code_ids = _code_ids(project, content.codes)
        coders = _coder_ids(project, content.users)
        coding_ids = _write_codings(project, plan, source_ids, code_ids, coders)
        targets = {"source": {s.guid: i for (s, _), i in zip(plan.sources, source_ids)},
                   "code": code_ids, "coding": coding_ids}
        report.memos = _write_memos(project, plan, targets, coders)
        info["summary"] += f": {report.codings} codings, {report.memos} memos"


def _write_codings(project: Parts, plan: _Plan, source_ids: list[int],
                   code_ids: dict[str, int], coders: dict[str, int]) -> dict[str, int]:
    """Insert the codings; returns the id of each archive coding's row (new or present)."""
    db = project.db
    ids: dict[str, int] = {}
    added = 0
    for (source, _), source_id in zip(plan.sources, source_ids):
        for coding in source.codings:
            coder = coders[coding.user] if coding.user else project.codings.coder_id()
            key = (source_id, code_ids[coding.code], coding.start, coding.end, coder)
            present = coding_store.find_same(db, coding.guid, *key)
            if present is not None:
                ids[coding.guid] = present
                continue
            ids[coding.guid] = coding_store.insert(db, coding.guid, *key, coding.memo,
                                                   _time(coding.created), coding.exemplar)
            added += 1
    plan.report.codings_present = len(ids) - added
    plan.report.codings = added
    return ids


def _coder_ids(project: Parts, users: dict[str, str]) -> dict[str, int]:
    """The coder of each archive user: the one with its GUID, else its name, else a new one."""
    rows = coder_store.all_coders(project.db)
    by_guid = {r["guid"].lower(): r["id"] for r in rows}
    by_name = {r["name"]: r["id"] for r in rows}
    ids = {}
    for guid, name in users.items():
        ids[guid] = by_guid.get(guid) or by_name.get(name) or coder_store.add(project.db, name,
                                                                               guid)
        by_name.setdefault(name, ids[guid])
    return ids


def _write_memos(project: Parts, plan: _Plan, targets: dict[str, dict],
                 coders: dict[str, int]) -> int:
    """Insert the memos that are not there yet; returns how many were written."""
    db = project.db
    present = memo_store.guids(db)
    written = 0
    for memo in plan.content.memos:
        if memo.guid in present:
            continue
        kind, target = memo.target_kind, memo.target
        if kind in targets:
            found = targets[kind].get(target)
            target = None if found is None else str(found)
            if found is None:
                plan.report.notes.append(f"a memo on a {kind} that was left out is kept as a "
                                         "memo on the project")
                kind = "project"
        memo_store.insert(db, memo.guid, kind, target, memo.text, coders.get(memo.author or ""),
                          _time(memo.created), _time(memo.updated or memo.created))
        written += 1
    return written


def _code_ids(project: Parts, specs: list[CodeSpec]) -> dict[str, int]:
    """Archive code GUID → code id, resolved as ``import_specs`` matched: by path, then GUID."""
    codes = project.codebook.codes()
    by_path = {c["path"]: c["id"] for c in codes}
    by_guid = {c["guid"].lower(): c["id"] for c in codes}
    ids: dict[str, int] = {}

    def walk(spec: CodeSpec, parent: str) -> None:
        path = f"{parent}/{spec.name}" if parent else spec.name
        ids[spec.guid] = by_path.get(path) or by_guid[spec.guid]
        for child in spec.children:
            walk(child, path)

    for spec in specs:
        walk(spec, "")
    return ids


def _keep_guids(project: Parts, plan: _Plan, new_people: set[str], into_new: bool) -> None:
    """Remember the GUIDs that new sources, participants and variables came with, so that an
    export gives them back; into a project that was empty, all of them."""
    kept = _kept_guids(project)
    content = plan.content
    for source, existing in plan.sources:
        if source.guid and existing is None:
            kept.setdefault("source", {})[source.record.name] = source.guid
    for pid, guid in content.case_guids.items():
        if into_new or pid in new_people:
            kept.setdefault("case", {})[pid] = guid
    for (kind, name), guid in content.variable_guids.items():
        if into_new:
            kept.setdefault(kind, {})[name] = guid
    settings.put(project.db, GUIDS_SETTING, json.dumps(kept, ensure_ascii=False, sort_keys=True))


def _kept_guids(project: Parts) -> dict[str, dict[str, str]]:
    return json.loads(project.setting(GUIDS_SETTING) or "{}")


def _time(value: str | None) -> str:
    """An archive's timestamp if it is a valid xsd:dateTime, else now."""
    if value and _DATE_TIME.match(value.strip()):
        try:
            dt.datetime.fromisoformat(value.strip())
            return value.strip()
        except ValueError:
            pass
    return now()


# -- export -----------------------------------------------------------------------------------

class _StableGuids:
    """The GUID of a source, case or variable: kept from its import, else derived."""

    def __init__(self, project: Parts) -> None:
        self.kept = _kept_guids(project)
        seed = f"interview-workbench:{project.setting('created_at')}:{project.name}"
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, seed)
        self.given: dict[tuple[str, str], str] = {}
        self.taken: set[str] = set()

    def __call__(self, kind: str, key: str) -> str:
        """A kept GUID is given to one thing only: a project that kept one GUID for two
        sources (from an archive that gave it twice) still writes each under its own."""
        if (kind, key) not in self.given:
            kept = self.kept.get(kind, {}).get(key)
            guid = kept if kept and kept.lower() not in self.taken else \
                str(uuid.uuid5(self.namespace, f"{kind}:{key}"))
            self.given[(kind, key)] = guid
            self.taken.add(guid.lower())
        return self.given[(kind, key)]


def _export(project: Parts, for_nvivo: bool = False) -> ExportProject:
    db = project.db
    guid = _StableGuids(project)
    coders = {r["id"]: r for r in coder_store.all_coders(db)}
    codes = {c["id"]: c for c in project.codebook.codes()}
    sources = source_store.for_export(db)
    source_guids = {s["id"]: guid("source", s["name"]) for s in sources}
    participants = participant_store.list_participants(db)
    codings: dict[int, list[dict]] = {}
    for row in coding_store.for_export(db):
        codings.setdefault(row["source"], []).append(row)
    notes, placed = _notes(project, codes, coders, sources,
                           {c["id"]: c for rows in codings.values() for c in rows})

    def export_coding(row: dict, text: str) -> ExportCoding:
        passage = " ".join(text[row["start"]:row["end"]].split())
        return ExportCoding(
            row["guid"], str(uuid.uuid5(uuid.UUID(row["guid"]), "selection")),
            codes[row["code"]]["guid"], row["start"], row["end"], coders[row["coder"]]["guid"],
            row["created_at"], passage if len(passage) <= 60 else passage[:59] + "…",
            row["memo"], placed.get(("coding", str(row["id"])), []))

    return ExportProject(
        name=project.name, origin=ORIGIN, created=project.setting("created_at"),
        users=[(c["guid"], c["name"]) for c in coders.values()],
        codes=CodeReview(project.db, project.codebook, project.default_coder).attach(
            project.codebook.tree(participants=False)),
        code_notes={codes[int(target)]["guid"]: notes for (kind, target), notes in placed.items()
                    if kind == "code"},
        variables={name: guid("variable", name) for p in participants for name in p["attributes"]},
        date_variable=guid("source variable", INTERVIEW_DATE),
        cases=[ExportCase(guid("case", p["id"]), p["id"],
                          [source_guids[s["id"]] for s in sources if s["participant"] == p["id"]],
                          p["attributes"]) for p in participants],
        sources=[ExportSource(
            source_guids[s["id"]], s["name"], s["text"], s["imported_at"], s["interview_date"],
            [export_coding(c, s["text"]) for c in codings.get(s["id"], [])],
            placed.get(("source", str(s["id"])), [])) for s in sources],
        notes=notes,
        project_notes=placed.get(("project", None), []),
        note_links=[(str(uuid.uuid5(uuid.UUID(note), "link")), note, guid("case", target))
                    for (kind, target), memo_guids in placed.items() if kind == "participant"
                    for note in memo_guids],
        extras=_extras(project, sources, source_guids, codings),
        utf16=for_nvivo,
    )


def _extras(project: Parts, sources: list[dict], source_guids: dict[int, str],
            codings: dict[int, list[dict]]) -> Extras:
    """What QDA-XML has no element for: turns, formats, left-out flags, roles, exemplars."""
    turns = source_store.turns_for_export(project.db)
    return Extras(
        roles=[(r["prefix"], r["label"]) for r in participant_store.roles(project.db)],
        sources={source_guids[s["id"]]: KeptSource(
            s["sha256"], s["format"], s["language"], s["participant"], bool(s["left_out"]),
            turns.get(s["id"], [])) for s in sources},
        exemplars={c["guid"] for rows in codings.values() for c in rows if c["exemplar"]},
    )


def _notes(project: Parts, codes: dict[int, dict], coders: dict[int, dict],
           sources: list[dict], codings: dict[int, dict]
           ) -> tuple[list[ExportNote], dict[tuple[str, str | None], list[str]]]:
    """Every memo as a note, and the memo GUIDs placed on each target; a memo whose target
    is gone is placed on the project."""
    names = {"source": {str(s["id"]): s["name"] for s in sources},
             "code": {str(i): c["path"] for i, c in codes.items()},
             "participant": {p["id"]: p["id"]
                             for p in participant_store.list_participants(project.db)},
             "coding": {str(i): f"a coding of {codes[c['code']]['path']}"
                        for i, c in codings.items()}}
    notes: list[ExportNote] = []
    placed: dict[tuple[str, str | None], list[str]] = {}
    for memo in memo_store.all_memos(project.db):
        kind, target = memo["target_kind"], memo["target"]
        about = names.get(kind, {}).get(target)
        if about is None:
            kind, target = "project", None
        placed.setdefault((kind, target), []).append(memo["guid"])
        author = coders.get(memo["author"])
        notes.append(ExportNote(memo["guid"], f"Memo on {about}" if about else "Project memo",
                                memo["text"], author["guid"] if author else None,
                                memo["created_at"], memo["updated_at"]))
    return notes, placed


def _listed(count: int, what: str, names: list[str], shown: int = 8) -> str:
    if not names:
        return f"{count} {what}"
    more = f", … ({count - shown} more)" if len(names) > shown else ""
    return f"{count} {what}: {', '.join(names[:shown])}{more}"
