"""Export: what, format and options, the file name, and a progress bar while it is written."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Log, ProgressBar, Select

from workbench.errors import WorkbenchError
from workbench.project import (DEFAULT_EXPORT_FORMATS as DEFAULT_FORMATS, EXPORT_KINDS as KINDS,
                               ExportOptions, default_export_path,
                               export_formats_of as formats_of)
from workbench.tui.widgets.footer import KeysFooter


DESCRIPTIONS = {"themes": "Theme table with participants by role and quotes",
                "participants": "Participant characteristics (mean ± SD, n (%))",
                "matrix": "Code × participant matrix",
                "crosstab": "Code × attribute crosstab (by: sex, …)", "cooccurrence": "Code co-occurrence",
                "segments": "Every coding as a row", "report": "Analysis report (all, COREQ)",
                "qdpx": "Whole project for NVivo, ATLAS.ti, MAXQDA (REFI-QDA)",
                "review": "Codebook review for a supervisor (status, comments, findings)"}


class ExportScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"),
                Binding("ctrl+s", "write", "Export")]

    def __init__(self, project_name: str) -> None:
        super().__init__()
        self.project_name = project_name

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            yield Label("Export — choose what and how; ctrl+s writes the file")
            with Horizontal(classes="row"):
                yield Select([(DESCRIPTIONS[k], k) for k in KINDS], value="themes",
                             allow_blank=False, id="x-what")
                yield Select([(f, f) for f in formats_of("themes")], value="docx",
                             allow_blank=False, id="x-format")
            with Horizontal(classes="row"):
                yield Label("level")
                yield Input("2", id="x-level", type="integer")
                yield Label("quotes")
                yield Input("2", id="x-quotes", type="integer")
                yield Checkbox("landscape", id="x-landscape")
                yield Checkbox("presence (1/0)", id="x-presence")
                yield Label("by")
                yield Input(id="x-by", placeholder="sex")
            with Horizontal(classes="row"):
                yield Input(id="x-output")
                yield Checkbox("overwrite", id="x-overwrite")
                yield Button("Export", variant="primary", id="x-go")
            yield ProgressBar(id="x-progress", show_eta=False, total=1)
            yield Log(id="x-log", highlight=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._default_name()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "x-what":
            what = str(event.value)
            formats = self.query_one("#x-format", Select)
            formats.set_options([(f, f) for f in formats_of(what)])
            formats.value = DEFAULT_FORMATS[what]
        self._default_name()

    def _default_name(self) -> None:
        what = str(self.query_one("#x-what", Select).value)
        fmt = str(self.query_one("#x-format", Select).value)
        self.query_one("#x-output", Input).value = str(
            default_export_path(self.project_name, what, fmt))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_write()

    def action_write(self) -> None:
        try:
            options = ExportOptions(
                level=int(self.query_one("#x-level", Input).value or 2),
                quotes=int(self.query_one("#x-quotes", Input).value or 2),
                landscape=self.query_one("#x-landscape", Checkbox).value,
                presence=self.query_one("#x-presence", Checkbox).value,
                by=self.query_one("#x-by", Input).value.strip() or None)
        except ValueError:
            self.notify("level and quotes are whole numbers", severity="error")
            return
        target = Path(self.query_one("#x-output", Input).value.strip()).expanduser()
        bar = self.query_one("#x-progress", ProgressBar)
        bar.update(total=None, progress=0)  # indeterminate while it runs
        self.run_export(str(self.query_one("#x-what", Select).value),
                        str(self.query_one("#x-format", Select).value), options, target,
                        self.query_one("#x-overwrite", Checkbox).value)

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, what: str, fmt: str, options: ExportOptions, target: Path,
                   overwrite: bool) -> None:
        try:
            self.app.gateway.run(lambda p: p.export_to(target, what, fmt, options, overwrite))
        except WorkbenchError as exc:
            self.app.call_from_thread(self.show_result, None, str(exc))
            return
        self.app.call_from_thread(self.show_result, target, None)

    def show_result(self, target: Path | None, problem: str | None) -> None:
        self.query_one("#x-progress", ProgressBar).update(total=1, progress=1 if target else 0)
        log = self.query_one("#x-log", Log)
        if problem:
            log.write_line(f"FAILED  {problem}")
            self.notify(problem, title="Not exported", severity="error", timeout=10)
        else:
            log.write_line(f"wrote   {target}")
            self.notify(f"Wrote {target}", title="Export finished")
