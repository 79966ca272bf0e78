"""De-identification as use cases: the word list, the scan for candidates, the decisions
(each one history step), applying them to a new project file, and the check of written
files. Finding and replacing are the pure functions of ``workbench.deid``; the rows come
from ``store/deid.py``."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from workbench.coding.undo import recorded
from workbench.deid.candidates import KINDS, Candidate, context, discover, trained_entities
from workbench.deid.check import Leftover, check_pieces
from workbench.deid.plan import Plan, make_plan, status
from workbench.deid.replace import OffsetMap, apply as apply_spans
from workbench.deid.terms import words as words_of
from workbench.errors import WorkbenchError
from workbench.ingest.exported import read_pieces, text_lines
from workbench.ingest.term_list import read_term_list
from workbench.refi.archive import QdpxArchive
from workbench.store import deid as deid_store
from workbench.store import participants as participant_store
from workbench.store.database import check_project_file, open_database, write_transaction

CONTEXTS = 3
STATUSES = ("accepted", "rejected", "pending")
# Attributes of project.qde that hold no words of the interviews.
_TECHNICAL = ("guid", "datetime", "position", "path", "user", "type", "encoding", "basepath",
              "color", "colour", "iscodable", "origin", "xmlns")


@dataclass
class ScanRow:
    term: str
    kind: str
    found_by: str
    status: str  # accepted, rejected, pending
    replacement: str
    count: int
    sources: int
    elsewhere: int
    contexts: list[str]
    occurrences: list[dict]  # source (name), start, end, status, replacement

    def as_dict(self) -> dict:
        return {"term": self.term, "kind": self.kind, "found_by": self.found_by,
                "status": self.status, "replacement": self.replacement, "count": self.count,
                "sources": self.sources, "elsewhere": self.elsewhere,
                "contexts": self.contexts, "occurrences": self.occurrences}


@dataclass
class Scan:
    rows: list[ScanRow]
    seconds: float
    candidates: dict[str, Candidate] = field(repr=False, default_factory=dict)
    plan: Plan | None = field(repr=False, default=None)


@dataclass
class ApplyReport:
    target: Path
    sources: int
    replaced: int  # replacements made in the texts
    codings: int
    segments: int
    pending: int  # candidates left undecided (not replaced)
    seconds: float
    plan: Plan | None = field(default=None, repr=False)

    def lines(self) -> list[str]:
        return [f"Wrote {self.target}",
                f"{self.replaced} replacements in {self.sources} transcripts; "
                f"{self.codings} codings and {self.segments} turns and sentences moved "
                "with them",
                *([f"{self.pending} candidates are still pending and were left as written: "
                   "review them with `workbench deid scan --status pending`"]
                  if self.pending else []),
                "Read the result before you share it: the search is an aid, not a guarantee."]


# -- the word list ---------------------------------------------------------------------------

def _kind(kind: str) -> str:
    kind = (kind or "other").strip().casefold()
    if kind not in KINDS:
        raise WorkbenchError(f"the kind '{kind}' is not one of {', '.join(KINDS)}")
    return kind


def add_term(db: Database, actor: str, term: str, replacement: str, kind: str) -> None:
    term, replacement = term.strip(), replacement.strip()
    if len(term) < 2:
        raise WorkbenchError("a term has at least two characters")
    if not replacement:
        raise WorkbenchError(f"'{term}' needs a replacement (--as \"[GP colleague]\")")
    _same_as_replacement(term, replacement)
    kind = _kind(kind)
    with recorded(db, actor, "deid.term", f"de-identification: '{term}' → '{replacement}'"):
        deid_store.put_term(db, term, replacement, kind)


def _same_as_replacement(term: str, replacement: str) -> None:
    if term in replacement:
        raise WorkbenchError(f"the replacement '{replacement}' holds '{term}' itself")


def import_terms(db: Database, actor: str, path: Path) -> int:
    rows = read_term_list(Path(path), KINDS)
    for row in rows:
        _same_as_replacement(row.term, row.replacement)
    with recorded(db, actor, "deid.terms-import",
                  f"de-identification: {len(rows)} terms from {Path(path).name}"):
        for row in rows:
            deid_store.put_term(db, row.term, row.replacement, row.kind)
    return len(rows)


def remove_term(db: Database, actor: str, term: str) -> None:
    with recorded(db, actor, "deid.term-remove", f"de-identification: removed '{term}'"):
        if not deid_store.remove_term(db, term):
            raise WorkbenchError(f"'{term}' is not on the word list; `workbench deid terms "
                                 "list` shows it")


# -- the scan --------------------------------------------------------------------------------

# The candidates of the last project scanned, by the fingerprint of what they were found in:
# deciding, reviewing and applying one after another read the texts once.
_last: dict[str, tuple] = {}


def _candidates(db: Database, with_tokens: bool = False):
    """(candidates, texts) or, ``with_tokens``, (candidates, texts, the words of each)."""
    key = deid_store.fingerprint(db)
    if key not in _last:
        texts = deid_store.texts_in_order(db)
        tokens = [words_of(text) for _, text in texts]
        found = discover(texts, deid_store.speaker_labels(db), deid_store.attribute_values(db),
                         deid_store.terms(db), participant_store.role_prefixes(db),
                         trained_entities(texts), others=deid_store.other_texts(db),
                         tokens=tokens)
        _last.clear()
        _last[key] = found, texts, tokens
    found, texts, tokens = _last[key]
    return (found, texts, tokens) if with_tokens else (found, texts)


def plan(db: Database) -> Plan:
    found, _ = _candidates(db)
    return make_plan(found, deid_store.decisions(db))


def scan(db: Database, with_occurrences: bool = False) -> Scan:
    """Every candidate with its status, replacement, counts and a few contexts."""
    began = time.perf_counter()
    found, texts = _candidates(db)
    decisions = deid_store.decisions(db)
    by_term = {d["term"]: d for d in decisions if d["source"] is None}
    by_occurrence = {(d["term"], d["source"], d["start"]): d for d in decisions
                     if d["source"] is not None}
    text_of = dict(texts)
    names = deid_store.source_names(db)
    rows = []
    for candidate in sorted(found.values(), key=lambda c: (-c.count, c.term)):
        state, replacement = status(candidate, by_term.get(candidate.term))
        contexts = [context(text_of[s], a, b) for s, a, b in candidate.occurrences[:CONTEXTS]]
        occurrences = []
        if with_occurrences:
            for s, a, b in candidate.occurrences:
                decided = by_occurrence.get((candidate.term, s, a))
                there, value = (state, replacement) if decided is None else \
                    status(candidate, decided)
                occurrences.append({"source": names[s], "start": a, "end": b,
                                    "status": there, "replacement": value,
                                    "context": context(text_of[s], a, b)})
        rows.append(ScanRow(candidate.term, candidate.kind, candidate.found_by, state,
                            replacement, candidate.count, candidate.sources,
                            candidate.elsewhere, contexts, occurrences))
    return Scan(rows, time.perf_counter() - began, found, make_plan(found, decisions))


# -- decisions -------------------------------------------------------------------------------

def decide(db: Database, actor: str, term: str, decision: str, replacement: str | None = None,
           source: int | None = None, start: int | None = None,
           known: dict[str, Candidate] | None = None) -> str:
    """Accept, reject or edit (accept with another replacement) a candidate, everywhere or at
    one occurrence (``source`` and ``start``, as ``deid scan --occurrences`` lists them).
    One history step; returns its summary."""
    if decision not in ("accept", "reject", "edit"):
        raise WorkbenchError(f"a decision is accept, reject or edit, not '{decision}'")
    if decision == "edit":
        replacement = (replacement or "").strip()
        if not replacement:
            raise WorkbenchError(f"editing '{term}' needs the new replacement")
        _same_as_replacement(term, replacement)
    found = known if known is not None else _candidates(db)[0]
    if term not in found:
        raise WorkbenchError(f"'{term}' is not a candidate; `workbench deid scan` lists them "
                             "(or add it: `workbench deid terms add`)")
    if source is not None:
        if not any(s == source and a == start for s, a, _ in found[term].occurrences):
            raise WorkbenchError(f"'{term}' does not occur at {start} in that source; "
                                 "`workbench deid scan --occurrences` lists where it does")
    where = f" at {start} of source {source}" if source is not None else ""
    verb = {"accept": "accepted", "reject": "rejected", "edit": "edited"}[decision]
    summary = f"de-identification: {verb} '{term}'{where}" + \
        (f" → '{replacement}'" if decision == "edit" else "")
    with recorded(db, actor, f"deid.{decision}", summary):
        deid_store.decide(db, term, decision, replacement if decision == "edit" else None,
                          source, start)
    return summary


# -- applying --------------------------------------------------------------------------------

def apply(db: Database, target: Path, overwrite: bool = False) -> ApplyReport:
    """Write a de-identified copy of the project to ``target``; the project is only read."""
    began = time.perf_counter()
    target = Path(target)
    if target.exists() and not overwrite:
        raise WorkbenchError("exists already; choose another name, or overwrite it", target)
    found, texts, tokens = _candidates(db, with_tokens=True)
    chosen = make_plan(found, deid_store.decisions(db))
    pending = sum(1 for c in found.values() if not c.accepted_by_default
                  and c.term not in chosen.replacements and c.term not in chosen.rejected)
    spans = {source: chosen.spans(source, text, tokens[n])
             for n, (source, text) in enumerate(texts)}
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        deid_store.copy_to(db, str(partial))
        copy = open_database(partial)
        try:
            counts = _rewrite(copy, spans, chosen)
            leftovers = [(where, value) for where, value in deid_store.table_texts(copy)
                         if chosen.known.find(value)]
            if leftovers:
                where, value = leftovers[0]
                raise WorkbenchError(f"a replaced term is still in {where} of the copy "
                                     f"({len(leftovers)} places); nothing was written")
            deid_store.close_copy(copy)
        finally:
            copy.close()
        if target.exists():
            target.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return ApplyReport(target, sum(1 for s in spans.values() if s),
                       sum(len(s) for s in spans.values()), counts[0], counts[1], pending,
                       time.perf_counter() - began, chosen)


def _rewrite(copy: Database, spans: dict, chosen: Plan) -> tuple[int, int]:
    def rewrite(source: int, text: str):
        """The new text, and the offset map of its replacements (old positions → new)."""
        replacements = spans.get(source, [])
        offsets = OffsetMap(replacements)
        return apply_spans(text, replacements), offsets.start, offsets.end

    with write_transaction(copy):
        return deid_store.rewrite_copy(copy, rewrite, chosen.text)


class DeidentifiedCopy:
    """A de-identified copy of the project in a temporary folder, for an export made with
    ``--deidentify``; removed when the block ends."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.folder = tempfile.TemporaryDirectory(prefix="workbench-deid-")
        self.path = Path(self.folder.name) / "deidentified.sqlite"

    def __enter__(self) -> "DeidentifiedCopy":
        try:
            self.report = apply(self.db, self.path)
        except BaseException:
            self.folder.cleanup()
            raise
        self.plan = self.report.plan
        # The date an export writes of itself ("Made … on 2026-12-03") identifies nobody.
        self.plan.allowed.add(dt.date.today().isoformat())
        return self

    def __exit__(self, *exc) -> None:
        self.folder.cleanup()


# -- the check -------------------------------------------------------------------------------

def check_file(chosen: Plan, path: Path) -> list[Leftover]:
    """Every accepted term and every pattern left in a written file."""
    path = Path(path)
    if path.suffix.lower() == ".qdpx":
        return check_pieces(_qdpx_pieces(path), chosen)
    if path.suffix.lower() in (".sqlite", ".db"):
        check_project_file(path)
        copy = open_database(path)
        try:
            found = [(where, value) for where, value in deid_store.table_texts(copy)]
        finally:
            copy.close()
        return [leftover for leftover in check_pieces(found, chosen) if leftover.kind == "term"]
    return check_pieces(read_pieces(path), chosen)


def check_text(chosen: Plan, text: str, where: str = "") -> list[Leftover]:
    return check_pieces(text_lines(text, where), chosen)


def _qdpx_pieces(path: Path) -> list[tuple[str, str]]:
    from defusedxml import ElementTree

    pieces: list[tuple[str, str]] = []
    with QdpxArchive(path) as archive:
        for name, data in archive.texts():
            lower = name.casefold()
            if lower.endswith((".qde", ".xml", ".qdc")):
                try:
                    root = ElementTree.fromstring(data)
                except ElementTree.ParseError as exc:
                    raise WorkbenchError(f"'{name}' is not readable XML ({exc})", path) from None
                for number, element in enumerate(root.iter(), start=1):
                    tag = element.tag.rsplit("}", 1)[-1]
                    for key, value in element.attrib.items():
                        if not any(t in key.casefold() for t in _TECHNICAL):
                            pieces.append((f"{name} <{tag}> #{number} @{key}", value))
                    for value in (element.text, element.tail):
                        if value and value.strip():
                            pieces.append((f"{name} <{tag}> #{number}", html.unescape(value)))
            elif lower.endswith(".json"):
                try:
                    data_json = json.loads(data.decode("utf-8"))
                except ValueError as exc:
                    raise WorkbenchError(f"'{name}' is not readable JSON ({exc})", path) from None
                pieces.extend((f"{name} {where}", value) for where, value in _strings(data_json))
            elif lower.endswith((".txt", ".md", ".csv", ".html")):
                pieces.extend(text_lines(data.decode("utf-8", errors="replace"), f"{name} "))
    return pieces


_HEX = re.compile(r"[0-9a-fA-F-]{32,}")


def _strings(data, where: str = "") -> list[tuple[str, str]]:
    """Every string in a JSON value with its path, GUIDs and hashes aside."""
    if isinstance(data, str):
        return [] if _HEX.fullmatch(data) else [(where or "/", data)]
    if isinstance(data, list):
        return [s for i, v in enumerate(data) for s in _strings(v, f"{where}/{i}")]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in [(f"{where}/{k} (key)", k),
                                                       *_strings(v, f"{where}/{k}")]]
    return []
