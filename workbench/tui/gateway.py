"""What the screens show, read from the Project. Called from worker threads under the lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from workbench.project import Project
from workbench.tui.widgets.transcript import CodedSpan, SourceText

T = TypeVar("T")


class Gateway:
    """The app's one Project, used from one thread at a time."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._lock = threading.Lock()

    def run(self, work: Callable[[Project], T]) -> T:
        with self._lock:
            return work(self.project)


def source_rows(project: Project) -> list[dict]:
    """Sources with role and words; ``coded`` (the share coded) is filled in later."""
    rows = project.sources()
    for row in rows:
        row["coded"] = None
    return rows


def load_source(project: Project, source_id: int) -> SourceText:
    row = next(project.db.query("SELECT id, name, participant, text FROM sources WHERE id = ?",
                                [source_id]))
    sentences = [(s, e) for s, e in project.db.execute(
        """SELECT start, "end" FROM segments WHERE source = ? AND kind = 'sentence'
           ORDER BY start""", [source_id])]
    return SourceText(row["id"], row["name"], row["participant"], row["text"],
                      project.turns(source_id), sentences, source_codings(project, source_id))


def source_codings(project: Project, source_id: int) -> list[CodedSpan]:
    return [CodedSpan(r["id"], r["start"], r["end"], r["code"], r["colour"] or "#888888")
            for r in project.db.query(
                """SELECT k.id, k.start, k."end", k.code, c.colour FROM codings k
                   JOIN codes c ON c.id = k.code WHERE k.source = ?""", [source_id])]
