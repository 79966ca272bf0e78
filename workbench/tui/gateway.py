"""What the screens show, read from the Project. Called from worker threads under the lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from workbench.project import Project

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
