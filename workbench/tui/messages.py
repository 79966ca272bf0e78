"""What workers report back: each thread worker posts one of these to its screen (or the
app), and the handler, on the event loop, updates the widgets."""

from __future__ import annotations

from textual.message import Message

from workbench.project import Project
from workbench.records import CodedSpan, SourceText


class ProjectOpened(Message):
    """The project file is open (or was created, or the demo built); its name and default
    coder are read with it."""

    def __init__(self, project: Project, name: str, coder: str | None) -> None:
        super().__init__()
        self.project, self.name, self.coder = project, name, coder


class SourcesLoaded(Message):
    """The sources and the roles they are grouped by; ``first`` when the project opened."""

    def __init__(self, rows: list[dict], roles: list[dict], first: bool) -> None:
        super().__init__()
        self.rows, self.roles, self.first = rows, roles, first


class CoverageUpdated(Message):
    """The share coded per source; ``complete``: of every source (one missing from it has
    no participant turns), else only of those in it."""

    def __init__(self, coverage: dict[int, float], complete: bool) -> None:
        super().__init__()
        self.coverage, self.complete = coverage, complete


class CodebookLoaded(Message):
    """The codebook tree with counts, and the codes the coder applied last."""

    def __init__(self, tree: list[dict], recent: list[int]) -> None:
        super().__init__()
        self.tree, self.recent = tree, recent


class SourceLoaded(Message):
    """A transcript to show; ``select``: a passage to select in it."""

    def __init__(self, source: SourceText, select: tuple[int, int] | None) -> None:
        super().__init__()
        self.source, self.select = source, select


class CodingsLoaded(Message):
    """The codings of one source, read again after a change."""

    def __init__(self, source_id: int, codings: list[CodedSpan]) -> None:
        super().__init__()
        self.source_id, self.codings = source_id, codings


class SaturationUpdated(Message):
    """The one-line saturation status."""

    def __init__(self, status: str) -> None:
        super().__init__()
        self.status = status


class ProjectChanged(Message):
    """A change to codings or codes was stored; ``note`` tells the user which."""

    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note
