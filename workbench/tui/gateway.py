"""The app's one Project, for thread workers only, one at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from workbench.project import Project

T = TypeVar("T")


class Gateway:
    """One thread at a time uses the Project (its connection is opened with
    ``check_same_thread=False``), and never the event loop's: a call there would freeze the
    screen for as long as a worker holds the project.

    Calls for ``background`` summaries (seconds at thousands of interviews) wait until no
    other call is waiting, so that what a key asked for goes first."""

    def __init__(self, project: Project, loop_thread: int) -> None:
        self._project = project
        self._loop_thread = loop_thread
        self._turn = threading.Condition()
        self._busy = False
        self._waiting = 0  # calls that are not background ones
        self._closed = False

    def run(self, work: Callable[[Project], T], background: bool = False) -> T:
        if threading.get_ident() == self._loop_thread:
            raise RuntimeError("Gateway.run was called on the event loop; call it from a thread "
                               "worker (@work(thread=True)) so that the screen never waits")
        with self._turn:
            if background:
                self._turn.wait_for(lambda: not self._busy and not self._waiting)
            else:
                self._waiting += 1
                self._turn.wait_for(lambda: not self._busy)
                self._waiting -= 1
            if self._closed:  # a worker still queued as the app ended
                self._turn.notify_all()
                raise RuntimeError("the project is closed")
            self._busy = True
        try:
            return work(self._project)
        finally:
            with self._turn:
                self._busy = False
                self._turn.notify_all()

    def close(self) -> None:
        """Close the project once the call a worker is making has returned. Called on the
        event loop as the app ends: the one wait there."""
        with self._turn:
            self._turn.wait_for(lambda: not self._busy)
            self._closed = True
            self._project.close()
            self._turn.notify_all()
