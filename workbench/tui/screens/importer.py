"""Import: pick files or a folder, see a preview of what each file imports as (speakers,
participant, interviewer, warnings), choose the interviewer, then import; watch the
progress, see what failed and why."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DirectoryTree, Input, Label, Log, ProgressBar

from workbench.errors import WorkbenchError
from workbench.project import FilePreview, ImportReport, QdpxReport, parse_pairs
from workbench.tui.widgets.footer import KeysFooter


class ImportScreen(Screen[bool]):
    """Dismisses with True when something was imported."""

    BINDINGS = [Binding("escape", "close", "Back")]

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start
        self.changed = False
        self.pending_qdpx: Path | None = None
        self.previewed: tuple | None = None  # (path, choices) shown, not yet imported

    def compose(self) -> ComposeResult:
        with Vertical(id="import"):
            yield Label("Import transcripts (.txt .md .docx .odt .vtt .srt) or a REFI-QDA "
                        "project (.qdpx) — choose a file or a folder, or type a path; Enter "
                        "shows a preview, Enter again imports")
            yield DirectoryTree(self.start, id="files")
            with Horizontal(classes="row"):
                yield Input(str(self.start), id="path")
                yield Button("Import", variant="primary", id="go")
            with Horizontal(classes="row"):
                yield Input(placeholder="Interviewer: speaker names, comma-separated (blank: "
                                        "as found or guessed)", id="interviewer")
                yield Input(placeholder="Speakers: Name=ID; Name=Interviewer (a file imported "
                                        "before is re-mapped)", id="speakers")
            yield ProgressBar(id="progress", show_eta=False)
            yield Log(id="log", highlight=False)
        yield KeysFooter()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#path", Input).value = str(event.path)

    def on_directory_tree_directory_selected(self, event: DirectoryTree.DirectorySelected) -> None:
        self.query_one("#path", Input).value = str(event.path)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.start_import()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.start_import()

    def choices(self) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        """The interviewer names and the speaker map typed on the screen."""
        typed = self.query_one("#interviewer", Input).value
        names = tuple(name.strip() for name in typed.split(",") if name.strip())
        pairs = [p for p in self.query_one("#speakers", Input).value.split(";") if p.strip()]
        return names, tuple(parse_pairs(pairs, "'Max Bigman=G3'").items())

    def start_import(self) -> None:
        """A .qdpx as before; transcripts: a preview first, the import when the same path
        and interviewer choice are confirmed (Import or Enter again)."""
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        if path.suffix.lower() == ".qdpx":
            self.query_one("#log", Log).write_line(f"Importing {path} …")
            confirmed = self.pending_qdpx == path
            self.pending_qdpx = None
            self.run_qdpx(path, confirmed)
            return
        try:
            choice = (path, self.choices())
        except WorkbenchError as exc:
            self._failed(path, exc.problem)
            return
        if self.previewed == choice:
            self.previewed = None
            self.query_one("#log", Log).write_line(f"Importing {path} …")
            self.run_import(path, *choice[1])
        else:
            self.query_one("#log", Log).write_line(f"Preview of {path} …")
            self.run_preview(path, *choice[1])

    @work(thread=True, exclusive=True, group="import")
    def run_preview(self, path: Path, interviewers: tuple[str, ...],
                    speakers: tuple[tuple[str, str], ...]) -> None:
        try:
            previews, report = self.app.gateway.run(lambda p: p.preview_import(
                [path], interviewers=interviewers, speaker_map=dict(speakers)))
        except WorkbenchError as exc:
            self.app.call_from_thread(self._failed, path, exc.problem)
            return
        self.app.call_from_thread(self.show_preview, path, (interviewers, speakers), previews,
                                  report)

    def show_preview(self, path: Path, choices: tuple, previews: list[FilePreview],
                     report: ImportReport) -> None:
        log = self.query_one("#log", Log)
        failed = [p for p in previews if p.status == "cannot import"]
        for shown in previews:
            if shown in failed:
                log.write_line(f"FAILED     {shown.path}: {shown.warnings[0]}")
            else:
                log.write_lines(shown.lines())
        log.write_lines([f"{kind:10} {text}" for kind, text in report.lines()
                         if kind in ("skipped", "failed")])
        if failed:
            self.notify("; ".join(f"{Path(p.path).name}: {p.warnings[0]}" for p in failed),
                        title=f"{len(failed)} file(s) cannot be imported", severity="error",
                        timeout=10)
        if len(failed) < len(previews):
            self.previewed = (path, choices)
            log.write_line("Preview only: nothing was written. Press Import again to import, "
                           "or name the interviewer or map speakers above and press Import "
                           "for a new preview.")

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
    def run_import(self, path: Path, interviewers: tuple[str, ...] = (),
                   speakers: tuple[tuple[str, str], ...] = ()) -> None:
        bar = self.query_one("#progress", ProgressBar)

        def progress(done: int, total: int, current: str) -> None:
            self.app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        try:
            report = self.app.gateway.run(lambda p: p.import_paths(
                [path], progress=progress, interviewers=interviewers,
                speaker_map=dict(speakers)))
        except WorkbenchError as exc:
            self.app.call_from_thread(self._failed, path, exc.problem)
            return
        self.app.call_from_thread(self.show_report, report)

    def show_report(self, report: ImportReport) -> None:
        log = self.query_one("#log", Log)
        for kind, text in report.lines():
            log.write_line(f"{kind.upper() if kind == 'failed' else kind:10} {text}")
        log.write_line(report.summary())
        new = len(report.imported) + len(report.replaced) + len(report.remapped)
        self.changed |= new > 0
        if report.failed:
            self.notify("; ".join(f"{Path(p).name}: {m}" for p, m in report.failed),
                        title=f"{len(report.failed)} file(s) not imported", severity="error",
                        timeout=10)
        else:
            self.notify(report.summary(), title="Import finished")

    def action_close(self) -> None:
        self.dismiss(self.changed)
