"""REFI-QDA notes, and remarks on passages, → workbench memos on what they are about.

A note becomes a memo on whatever refers to it: a ``NoteRef`` on the project, a source, a
code, a selection or a coding, or a ``Link`` between the note and any of them (NVivo ties
its annotations to their selection that way). A remark on a passage (a note on a
selection, or MAXQDA's selection that has a description but no code) becomes a memo on the
codings of exactly that passage; where the passage has none, a memo on its source that
quotes the passage, so that nothing said about the text is lost.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from workbench.refi.ledger import Ledger, plural
from workbench.refi.qde_parse import QdeProject, RefiText
from workbench.stamps import new_guid
from workbench.text.normalize import normalise


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


@dataclass(frozen=True)
class Passage:
    """A selection as read: its source's GUID and code-point span, and the text it covers."""

    source: str
    start: int
    end: int
    text: str


@dataclass
class Remark:
    """The description of a selection that carries no coding (MAXQDA writes these)."""

    guid: str | None
    passage: Passage
    text: str
    user: str | None
    created: str | None


@dataclass
class NoteTargets:
    """What refers to each note, gathered while the sources and codings are read."""

    by_note: dict[str, list[tuple[str, str | None]]]  # note GUID → (kind, REFI GUID)
    objects: dict[str, tuple[str, str | None]]  # any REFI GUID → (kind, target) it stands for
    passages: dict[str, Passage]  # selection GUID → its passage
    coded: dict[tuple[str, int, int], list[str]]  # (source, start, end) → coding GUIDs


_Target = tuple[str, str | None, str]  # (kind, target, text put before the memo's own)


class MemoBuilder:
    def __init__(self, qde: QdeProject, targets: NoteTargets, ledger: Ledger,
                 note_text: Callable[[RefiText], tuple[str, str] | str],
                 user: Callable[[str | None], str | None]) -> None:
        self.qde = qde
        self.targets = targets
        self.ledger = ledger
        self.note_text = note_text
        self.user = user
        self.on_codings = 0  # remarks placed on the codings of their passage
        self.on_sources = 0  # remarks placed on their source, quoting the passage

    def memos(self, remarks: list[Remark]) -> list[QdpxMemo]:
        memos = []
        description = normalise(self.qde.description or "").strip()
        if description:  # named by its text, so that importing it again adds it once
            memos.append(QdpxMemo(str(uuid.uuid5(uuid.NAMESPACE_URL, f"qdpx:{description}")),
                                  "project", None, description, None, None, None))
        seen: set[str] = set()
        for note in self.qde.notes:
            if note.guid is not None and note.guid in seen:
                self.ledger.note(f"note '{note.name or note.guid}' has the GUID of another note "
                                 f"({note.guid}); it gets a new one, and what refers to that "
                                 "GUID goes to the first")
                note = dataclasses.replace(note, guid=None)
            elif note.guid is not None:
                seen.add(note.guid)
            found = self.note_text(note)
            if isinstance(found, str) or not found[0].strip():
                self.ledger.leave(f"note '{note.name or note.guid}': "
                                  f"{found if isinstance(found, str) else 'it is empty'}", note=1)
                continue
            text = normalise(found[0]).strip()
            places = [p for ref in self.targets.by_note.get(note.guid, [])
                      for p in self._places(ref)] or [("project", None, "")]
            for number, (kind, target, before) in enumerate(dict.fromkeys(places)):
                memos.append(QdpxMemo(_memo_guid(note.guid, number, kind, target), kind, target,
                                      before + text, self.user(note.user), note.created,
                                      note.modified or note.created))
        for remark in remarks:
            text = normalise(remark.text).strip()
            places = self._on_passage(remark.passage)
            seed = remark.guid or new_guid()
            for number, (kind, target, before) in enumerate(places):
                memos.append(QdpxMemo(_memo_guid(_derived(seed, "description"), number, kind,
                                                 target), kind, target, before + text,
                                      self.user(remark.user), remark.created, remark.created))
        if self.on_codings:
            self.ledger.note(f"{plural(self.on_codings, 'remark')} on an uncoded selection (a "
                             "note or a description) became memos on the codings of the same "
                             "passage")
        if self.on_sources:
            self.ledger.note(f"{plural(self.on_sources, 'remark')} on a passage without a "
                             "coding (a note or a description) became memos on the source, "
                             "quoting the passage")
        return memos

    def _places(self, ref: tuple[str, str | None]) -> list[_Target]:
        kind, target = ref
        if kind == "link":
            if target in self.targets.passages:
                return self._on_passage(self.targets.passages[target])
            kind, target = self.targets.objects.get(target, ("project", None))
        elif kind == "selection":
            return self._on_passage(self.targets.passages[target])
        return [(kind, target, "")]

    def _on_passage(self, passage: Passage) -> list[_Target]:
        codings = self.targets.coded.get((passage.source, passage.start, passage.end))
        if codings:
            self.on_codings += 1
            return [("coding", guid, "") for guid in codings]
        self.on_sources += 1
        return [("source", passage.source, f"On “{_excerpt(passage.text)}”: ")]


def gather_targets(qde: QdeProject, sources: list, code_guids: set[str],
                   case_guids: dict[str, str], passages: dict[str, Passage],
                   uncoded: dict[str, list[str]]) -> NoteTargets:
    """``sources`` are QdpxSources; ``uncoded`` maps a selection without codings to the
    notes on it."""
    by_note: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    coded: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for source in sources:
        for note in source.notes:
            by_note[note].append(("source", source.guid))
        for coding in source.codings:
            coded[(source.guid, coding.start, coding.end)].append(coding.guid)
            for note in coding.notes:
                by_note[note].append(("coding", coding.guid))
    for selection, notes in uncoded.items():
        for note in notes:
            by_note[note].append(("selection", selection))
    for code, notes in qde.code_notes.items():
        for note in notes if code in code_guids else []:
            by_note[note].append(("code", code))
    for note in qde.project_notes:
        by_note[note].append(("project", None))
    objects: dict[str, tuple[str, str | None]] = {s.guid: ("source", s.guid) for s in sources}
    objects.update({g: ("code", g) for g in code_guids})
    objects.update({g: ("participant", pid) for pid, g in case_guids.items()})
    objects.update({c.guid: ("coding", c.guid) for s in sources for c in s.codings})
    for note, target in qde.note_links:
        by_note[note].append(("link", target))
    return NoteTargets(by_note, objects, passages, coded)


def _excerpt(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _derived(guid: str, what: str) -> str:
    try:
        return str(uuid.uuid5(uuid.UUID(guid), what))
    except ValueError:
        return new_guid()


def _memo_guid(note: str | None, number: int, kind: str, target: str | None) -> str:
    """The note's own GUID for its first memo; one derived from it for each further one."""
    if note is None:
        return new_guid()
    if number == 0:
        return note
    return str(uuid.uuid5(uuid.UUID(note), f"{kind}:{target}"))
