"""Import: pick files or a folder, watch the progress, see what failed and why."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DirectoryTree, Footer, Input, Label, Log, ProgressBar

from workbench.errors import WorkbenchError
from workbench.project import ImportReport, QdpxReport


class ImportScreen(Screen[bool]):
    """Dismisses with True when something was imported."""

    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start
        self.changed = False
        self.pending_qdpx: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import"):
            yield Label("Import transcripts (.txt .md .docx .vtt .srt) or a REFI-QDA project "
                        "(.qdpx) — choose a file or a folder, or type a path; Enter imports")
            yield DirectoryTree(self.start, id="files")
            with Horizontal(classes="row"):
                yield Input(str(self.start), id="path")
                yield Button("Import", variant="primary", id="go")
            yield ProgressBar(id="progress", show_eta=False)
            yield Log(id="log", highlight=False)
        yield Footer()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#path", Input).value = str(event.path)

    def on_directory_tree_directory_selected(self, event: DirectoryTree.DirectorySelected) -> None:
        self.query_one("#path", Input).value = str(event.path)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.start_import()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.start_import()

    def start_import(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        self.query_one("#log", Log).write_line(f"Importing {path} …")
        if path.suffix.lower() == ".qdpx":
            confirmed = self.pending_qdpx == path
            self.pending_qdpx = None
            self.run_qdpx(path, confirmed)
        else:
            self.run_import(path)

    @work(thread=True, exclusive=True, group="import")
    def run_qdpx(self, path: Path, confirmed: bool) -> None:
        """A REFI-QDA project: straight into an empty project; into one with data only after
        its preview has been shown and Import pressed again."""
        def work(project) -> QdpxReport:
            has_data = bool(project.sources() or project.codebook.codes())
            preview = has_data and not confirmed
            return project.import_qdpx(path, into_current=has_data, preview_only=preview)

        try:
            report = self.app.gateway.run(work)
        except WorkbenchError as exc:
            self.app.call_from_thread(self.show_failure, path, exc.problem)
            return
        self.app.call_from_thread(self.show_qdpx, path, report)

    def show_failure(self, path: Path, problem: str) -> None:
        self.query_one("#log", Log).write_line(f"FAILED     {path}: {problem}")
        self.notify(f"{path.name}: {problem}", title="Not imported", severity="error", timeout=10)

    def show_qdpx(self, path: Path, report: QdpxReport) -> None:
        self.query_one("#log", Log).write_lines(report.lines())
        if report.preview:
            self.pending_qdpx = path
            self.notify("This project has data: check the preview, then press Import again "
                        "to import into it", title="Preview")
        else:
            self.changed = True
            self.notify(f"Imported {path.name}", title="Import finished")

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, path: Path) -> None:
        bar = self.query_one("#progress", ProgressBar)

        def progress(done: int, total: int, current: str) -> None:
            self.app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        report = self.app.gateway.run(lambda p: p.import_paths([path], progress=progress))
        self.app.call_from_thread(self.show_report, report)

    def show_report(self, report: ImportReport) -> None:
        log = self.query_one("#log", Log)
        for kind, text in report.lines():
            log.write_line(f"{kind.upper() if kind == 'failed' else kind:10} {text}")
        log.write_line(report.summary())
        new = len(report.imported) + len(report.replaced)
        self.changed |= new > 0
        if report.failed:
            self.notify("; ".join(f"{Path(p).name}: {m}" for p, m in report.failed),
                        title=f"{len(report.failed)} file(s) not imported", severity="error",
                        timeout=10)
        else:
            self.notify(report.summary(), title="Import finished")

    def action_close(self) -> None:
        self.dismiss(self.changed)
