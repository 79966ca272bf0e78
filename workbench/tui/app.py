"""The app: the shell around the screens. It opens the project (or offers to create one or
to open the demo), holds the Gateway every worker goes through, starts on the coding screen
and gives the command palette the coding screen's actions."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen

from workbench.errors import WorkbenchError
from workbench.project import Project
from workbench.tui.gateway import Gateway
from workbench.tui.messages import ProjectOpened
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.start import StartScreen

# (title, help, the coding screen's action)
COMMANDS = [("Help", "Every key of the coding screen", "help"),
            ("Participants", "The participants table; edit attributes", "participants"),
            ("Codebook", "Edit, rename, move, merge and delete codes", "codebook"),
            ("Import", "Import transcripts", "import"),
            ("Quotes", "Find and cite passages", "quotes"),
            ("Saturation", "Code saturation curve and tables", "saturation"),
            ("Export", "Theme tables and reports", "export"),
            ("De-identify", "Review names, places and numbers to replace", "deid"),
            ("Undo", "Undo the last change", "undo"),
            ("Redo", "Redo the change undone last", "redo")]


class WorkbenchApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Interview Workbench"

    def __init__(self, project_path: Path | None = None, demo_dir: Path | None = None) -> None:
        super().__init__()
        self.project_path = project_path
        self.demo_dir = demo_dir
        self.gateway: Gateway | None = None
        self.coder = ""

    def get_default_screen(self) -> CodingScreen:
        return CodingScreen()

    @property
    def coding_screen(self) -> CodingScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, CodingScreen)
        return screen

    def on_mount(self) -> None:
        if self.project_path is not None and self.project_path.exists():
            self.open_project(partial(Project.open, self.project_path))
        else:
            self.offer_start()

    def offer_start(self, problem: str | None = None) -> None:
        """The start screen, after saying what went wrong if something did."""
        if problem:
            self.notify(problem, severity="error", timeout=15)
        self.push_screen(StartScreen(), self._start_choice)

    def _start_choice(self, choice: str | None) -> None:
        if choice == "new":
            self.open_project(partial(_create, self.project_path or Path("workbench.sqlite")))
        elif choice == "demo":
            self.open_project(partial(_demo, self.demo_dir))

    @work(thread=True, exclusive=True, group="open")
    def open_project(self, opener: Callable[[], Project]) -> None:
        """Open (create, build) the project away from the event loop: migrating a large
        project or building the demo takes seconds."""
        try:
            project = opener()
        except WorkbenchError as exc:
            self.call_from_thread(self.offer_start, str(exc))
            return
        self.post_message(ProjectOpened(project, project.name, project.default_coder()))

    def on_project_opened(self, message: ProjectOpened) -> None:
        self.coder = message.coder
        self.sub_title = message.name
        self.gateway = Gateway(message.project, loop_thread=threading.get_ident())
        self.coding_screen.load_project()

    def on_unmount(self) -> None:
        if self.gateway is not None:
            self.gateway.close()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.gateway is None:
            return
        coding = self.coding_screen
        for title, help_text, action in COMMANDS:
            yield SystemCommand(title, help_text, getattr(coding, f"action_{action}"))


def _create(path: Path) -> Project:
    """Created, then opened as every project is (for use from worker threads)."""
    Project.create(path).close()
    return Project.open(path)


def _demo(folder: Path | None) -> Project:
    from workbench.project.demo import build_demo, default_demo_dir

    path, _ = build_demo(folder or default_demo_dir())
    return Project.open(path)
