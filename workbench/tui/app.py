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
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from workbench.errors import WorkbenchError
from workbench.project import Project
from workbench.tui.gateway import Gateway
from workbench.tui.messages import ProjectOpened
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.prompt import Ask
from workbench.tui.screens.start import StartScreen

# (title, help, the coding screen's action)
COMMANDS = [("Help", "Every key of the coding screen", "help"),
            ("Code selection", "Apply a code to the selected passage (c)", "code"),
            ("Memo", "Write or read the memo at the cursor (m)", "memo"),
            ("Memos", "Every memo, filtered by what it is on and by text (M)", "memos"),
            ("Participants", "The case sheet: participants × attributes, edited cell by cell",
             "participants"),
            ("Codebook", "Edit, rename, move, merge and delete codes", "codebook"),
            ("Import", "Import transcripts", "import"),
            ("Quotes", "Find and cite passages", "quotes"),
            ("Saturation", "Code saturation curve and tables", "saturation"),
            ("Export", "Theme tables and reports", "export"),
            ("De-identify", "Review names, places and numbers to replace", "deid"),
            ("Consensus", "Two coders' disagreements in this source, settled one by one (K)",
             "consensus"),
            ("Undo", "Undo the last change", "undo"),
            ("Redo", "Redo the change undone last", "redo")]


# The full screens the coding screen's F-keys open: an F-key on one of them replaces it
# (they do not stack: Esc always goes back to the coding screen).
F_KEYS = {"f2": "participants", "f3": "codebook", "f4": "import", "f5": "quotes",
          "f6": "saturation", "f7": "export", "f8": "deid"}


class WorkbenchApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Interview Workbench"
    # Screens get -narrow below 100 columns: their controls take two rows (app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [Binding(key, f"switch_screen_to('{action}')", action.capitalize(), show=False)
                for key, action in F_KEYS.items()]

    def __init__(self, project_path: Path | None = None, demo_dir: Path | None = None) -> None:
        super().__init__()
        self.project_path = project_path
        self.demo_dir = demo_dir
        self.gateway: Gateway | None = None
        self.coder = ""

    def action_switch_screen_to(self, action: str) -> None:
        """An F-key on another full screen: back to the coding screen (which refreshes what
        the screen may have changed), then that key's screen."""
        if self.gateway is None or isinstance(self.screen, ModalScreen) or \
                len(self.screen_stack) < 2:
            return
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            self.pop_screen()
        if len(self.screen_stack) == 1:
            self.coding_screen.after_change()
            getattr(self.coding_screen, f"action_{action}")()

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
        self.post_message(ProjectOpened(project, project.name, project.coder_name()))

    def on_project_opened(self, message: ProjectOpened) -> None:
        self.coder = message.coder or ""
        self.sub_title = message.name
        self.gateway = Gateway(message.project, loop_thread=threading.get_ident())
        self.coding_screen.load_project()
        if not self.coder:
            self.ask_coder()

    def ask_coder(self, then: Callable[[], object] | None = None) -> None:
        """Who is coding: asked before the first change (never the OS user's login); the
        name is kept with the project. ``then`` runs once it is."""
        def named(answer: str | None) -> None:
            if answer and answer.strip():
                self.name_coder(answer.strip(), then)
            else:
                self.notify("No coder named yet: the first change will ask again",
                            severity="warning")

        self.push_screen(Ask("Who is coding? (your name, kept with this project)",
                             placeholder="e.g. Dr Chen"), named)

    @work(thread=True, group="coder")
    def name_coder(self, name: str, then: Callable[[], object] | None = None) -> None:
        try:
            self.gateway.run(lambda p: p.set_default_coder(name))
        except WorkbenchError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            self.call_from_thread(self.ask_coder, then)
            return
        self.call_from_thread(self._coder_named, name, then)

    def _coder_named(self, name: str, then: Callable[[], object] | None) -> None:
        self.coder = name
        self.notify(f"Coding as {name} (the command palette's 'Coder' changes it)")
        self.coding_screen.show_status()
        if then is not None:
            then()

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
        yield SystemCommand("Coder", f"Who is coding (now: {self.coder or 'nobody named'})",
                            self.ask_coder)


def _create(path: Path) -> Project:
    """Created, then opened as every project is (for use from worker threads)."""
    Project.create(path).close()
    return Project.open(path)


def _demo(folder: Path | None) -> Project:
    from workbench.project.demo import build_demo, default_demo_dir

    path, _ = build_demo(folder or default_demo_dir())
    return Project.open(path)
