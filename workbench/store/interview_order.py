"""The interview order (the order interviews were conducted) and sources left out of saturation.

The effective order is ``sources.interview_order``; an import appends, and the user reorders
by date or by naming sources. Each change is one transaction, or part of the caller's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlite_utils import Database

from workbench.errors import WorkbenchError
from workbench.store import changes
from workbench.store.database import write_transaction


def ordered_sources(db: Database) -> list[dict]:
    """Every source in interview order, with its participant's role and the left-out flag."""
    return list(db.query(
        """SELECT s.id, s.name, s.participant, p.role, s.interview_date, s.interview_order,
                  s.left_out
           FROM sources s LEFT JOIN participants p ON p.id = s.participant
           ORDER BY s.interview_order, s.id"""))


def set_order(db: Database, names: Sequence[str]) -> None:
    """Put the named sources first, in the given order; the others follow in their order."""
    with write_transaction(db):
        current = [row["name"] for row in ordered_sources(db)]
        _check_names(names, current)
        named = set(names)
        _renumber(db, list(names) + [name for name in current if name not in named])


def reset_order_by_date(db: Database) -> None:
    """Order by interview date; undated sources last; ties keep their current order."""
    with write_transaction(db):
        rows = ordered_sources(db)
        rows.sort(key=lambda row: (row["interview_date"] is None, row["interview_date"] or ""))
        _renumber(db, [row["name"] for row in rows])


def set_left_out(db: Database, names: Sequence[str], flag: bool) -> None:
    with write_transaction(db):
        _check_names(names, [row["name"] for row in ordered_sources(db)])
        db.conn.executemany("UPDATE sources SET left_out = ? WHERE name = ?",
                            [(int(flag), name) for name in names])


def update_order(db: Database, names: Sequence[str] = (), by_date: bool = False,
                 leave_out: Sequence[str] = (), include: Sequence[str] = ()) -> None:
    """Reorder (by date, or the named sources first) and leave out or include sources."""
    if names and by_date:
        raise WorkbenchError("give either the sources in order or --by-date, not both")
    both = set(leave_out) & set(include)
    if both:
        raise WorkbenchError(f"{', '.join(sorted(both))} cannot be both left out and included")
    with write_transaction(db):
        if by_date:
            reset_order_by_date(db)
        elif names:
            set_order(db, names)
        set_left_out(db, leave_out, True)
        set_left_out(db, include, False)


def _renumber(db: Database, names: list[str]) -> None:
    """Number the sources 1…n in this order; the changes are captured for undo."""
    current = {row["name"]: (row["id"], row["interview_order"]) for row in ordered_sources(db)}
    changes.capture_update(db, "sources", [
        ({"id": current[name][0], "interview_order": current[name][1]},
         {"id": current[name][0], "interview_order": order})
        for order, name in enumerate(names, start=1)])
    db.conn.executemany("UPDATE sources SET interview_order = ? WHERE name = ?",
                        [(order, name) for order, name in enumerate(names, start=1)])


def _check_names(names: Sequence[str], known: list[str]) -> None:
    known_names = set(known)
    unknown = [name for name in names if name not in known_names]
    if unknown:
        raise WorkbenchError(f"no source named {', '.join(repr(n) for n in unknown)}; "
                             "`workbench sources` lists them")
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:
        raise WorkbenchError(f"{', '.join(repeated)} named more than once")
