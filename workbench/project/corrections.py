"""Correcting an imported source in place: who its speakers are, its participant, its
interviewer, its date and its name; and deleting it. Each correction is one step of the
history. The source's text and codings stay as they are, so nothing needs importing again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from sqlite_utils import Database

from workbench.coding.undo import recorded
from workbench.errors import WorkbenchError
from workbench.ingest.speakers import SpeakerChoices, attribute
from workbench.project.importing import ensure_participants
from workbench.store import sources as source_store
from workbench.text.dates import parse_date
from workbench.text.turns import find_turns


@dataclass(frozen=True)
class SourceCorrection:
    """What to change of a source; what is left as None or empty stays as it is."""

    choices: SpeakerChoices = SpeakerChoices()
    date: str | None = None  # as the researcher writes it
    date_order: str | None = None
    name: str | None = None


def correct_source(db: Database, actor: str, row: dict, prefixes: list[str],
                   change: SourceCorrection) -> list[str]:
    """Apply ``change`` to the source ``row``; returns what changed, as sentences."""
    done: list[str] = []
    with recorded(db, actor, "source.set", f"corrected {row['name']}") as info:
        stored = source_store.attribution_of(row)
        choices = change.choices.over(SpeakerChoices.from_dict(stored.get("choices")))
        if choices != SpeakerChoices.from_dict(stored.get("choices")):
            done += _reattribute(db, row, prefixes, choices, stored)
        if change.date is not None:
            try:
                iso = parse_date(change.date, change.date_order)
            except ValueError as exc:
                raise WorkbenchError(str(exc)) from None
            if iso != row["interview_date"]:
                source_store.update_source(db, row["id"], interview_date=iso)
                done.append(f"interview date {iso}")
        if change.name and change.name != row["name"]:
            if source_store.find_source(db, change.name) is not None:
                raise WorkbenchError(f"a source named '{change.name}' exists already")
            source_store.update_source(db, row["id"], name=change.name)
            done.append(f"renamed to {change.name}")
        info["summary"] = f"corrected {row['name']}: " + "; ".join(done) if done \
            else info["summary"]
    return done


def _reattribute(db: Database, row: dict, prefixes: list[str], choices: SpeakerChoices,
                 stored: dict) -> list[str]:
    turns = [SimpleNamespace(**t) for t in source_store.turns_of(db, row["id"])]
    header = stored.get("header")
    if header is None:  # imported before attributions were kept: read the header again
        header = find_turns(row["text"]).header
    found = attribute(turns, row["text"], header, Path(row["name"]).stem, prefixes, choices,
                      frozenset(stored.get("shared", ())), any(t.speaker for t in turns))
    ensure_participants(db, sorted({who for who, _ in found.by_label.values() if who}
                                   | ({found.participant} - {None})))
    changed = source_store.set_turn_speakers(db, row["id"], found.by_label)
    attribution = {**stored, "header": header, "choices": choices.as_dict(),
                   "participant_from": found.participant_from,
                   "interviewer_from": found.interviewer_from}
    source_store.update_source(db, row["id"], participant=found.participant,
                               attribution=attribution)
    done = []
    if found.participant != row["participant"]:
        done.append(f"participant {found.participant or 'none'}")
    if changed:
        done.append(f"{changed} segments attributed anew")
    for row_shown in found.rows:
        if row_shown.label:
            done.append(f"'{row_shown.label}' is {row_shown.taken_as}")
    return done


def delete_source(db: Database, actor: str, row: dict) -> int:
    """Remove a source with its codings and the memos on it; returns the codings removed."""
    with recorded(db, actor, "source.delete", f"deleted {row['name']}"):
        return source_store.remove_with_codings(db, row["id"])
