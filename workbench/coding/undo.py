"""Recording operations as undoable steps, and undo/redo (which survive a restart).

An operation runs inside :func:`recorded`: one transaction during which the triggers of
:mod:`workbench.store.changes` capture every row it touches. The captured rows become the
history entry, so undo and redo need nothing from the operation itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.errors import WorkbenchError
from workbench.store import changes
from workbench.store import history as history_store
from workbench.store.database import write_transaction


# Databases with a recorded operation under way: a nested recorded() joins that step.
_open_recordings: dict[int, bool] = {}


@dataclass
class Step:
    """What an undo or redo did."""

    action: str
    summary: str
    at: str
    actor: str


@contextmanager
def recorded(db: Database, actor: str, action: str, summary: str,
             details: dict | None = None) -> Iterator[dict]:
    """Run the body as one transaction and one history entry (none if nothing changed).

    The yielded dict may be filled by the body with a better ``summary`` once it is known.
    An operation made of others (a project import that imports a codebook) is one step:
    ``recorded`` inside ``recorded`` only runs its body.
    """
    info = {"summary": summary}
    if _open_recordings.get(id(db)):
        yield info  # inside another recorded operation: part of its one step
        return
    with write_transaction(db):
        _open_recordings[id(db)] = True
        try:
            changes.clear(db)
            yield info
            captured = changes.take(db)
            if captured:
                history_store.record(db, actor, action, info["summary"], captured, details)
        finally:
            _open_recordings.pop(id(db), None)


class StepInParts:
    """One history step made of several transactions, each a :meth:`part` (an import: one
    transaction per file, so that a crash keeps the files already written). The entry is
    made with the first part that changes anything; a crash leaves the parts committed."""

    def __init__(self, db: Database, actor: str, action: str, summary: str) -> None:
        self.db, self.actor, self.action, self.summary = db, actor, action, summary
        self.entry: int | None = None

    @contextmanager
    def part(self) -> Iterator[None]:
        with write_transaction(self.db):
            changes.clear(self.db)
            yield
            captured = changes.take(self.db)
            if captured:
                if self.entry is None:
                    self.entry = history_store.open_entry(self.db, self.actor, self.action,
                                                          self.summary)
                history_store.add_part(self.db, self.entry, captured)

    def finish(self, summary: str) -> None:
        """Give the entry (if any part made one) its final summary."""
        if self.entry is not None:
            with write_transaction(self.db):
                history_store.set_summary(self.db, self.entry, summary)


def undo(db: Database) -> Step:
    """Take back the newest applied change."""
    return _replay(db, history_store.last_applied, changes.revert, history_store.UNDONE,
                   "nothing to undo")


def redo(db: Database) -> Step:
    """Apply again the change undone last."""
    return _replay(db, history_store.first_undone, changes.reapply, history_store.APPLIED,
                   "nothing to redo")


def _replay(db: Database, find, apply, state: int, nothing: str) -> Step:
    try:
        with write_transaction(db):
            entry = find(db)
            if entry is None:
                raise WorkbenchError(nothing)
            groups = history_store.change_groups(db, entry["id"])
            history_store.save_groups(db, entry["id"], groups, apply(db, groups))
            history_store.set_state(db, entry["id"], state)
    except sqlite3.IntegrityError as exc:
        # Rows the step would restore or remove are needed by rows the history does not
        # hold (written by another program, or by a version without this history).
        verb = "undone" if state == history_store.UNDONE else "redone"
        raise WorkbenchError(f"'{entry['summary']}' cannot be {verb}: the project holds rows "
                             f"that depend on it and are not in the history ({exc}); "
                             "nothing was changed") from None
    return Step(entry["action"], entry["summary"], entry["at"], entry["actor"])
