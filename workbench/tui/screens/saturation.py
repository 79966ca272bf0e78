"""Code saturation: the cumulative curve with the base and the saturation point marked, the
per-interview table, the Guest grid and the methods text, with switches for level, grouping
and parameters. The report is computed in a worker."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Select, Static
from textual_plotext import PlotextPlot

from workbench.errors import WorkbenchError
from workbench.project import SaturationReport, SaturationSettings as Settings
from workbench.tui.widgets.footer import KeysFooter

GROUPINGS = [("overall only", ""), ("per role", "role"), ("per theme", "theme"),
             ("per coder", "coder")]
DEDUCTIVE = [("deductive out", "exclude"), ("deductive in", "count")]


class SaturationScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"),
                Binding("r", "recompute", "Recompute")]

    def compose(self) -> ComposeResult:
        with Horizontal(id="sat-controls"):
            yield Label("level", id="sat-level-label")
            yield Select([("1 themes", 1), ("2 sub-themes", 2), ("3 codes", 3)], value=2,
                         allow_blank=False, id="sat-level")
            yield Select(GROUPINGS, value="", allow_blank=False, id="sat-by")
            yield Select(DEDUCTIVE, value="exclude", allow_blank=False, id="sat-deductive")
            yield Label("base")
            yield Input("4", id="sat-base", type="integer")
            yield Label("run")
            yield Input("2", id="sat-run", type="integer")
            yield Label("threshold %")
            yield Input("5", id="sat-threshold", type="number")
        with Horizontal(id="sat-body"):
            with Vertical(id="sat-left"):
                yield PlotextPlot(id="sat-plot")
                yield DataTable(id="sat-table", zebra_stripes=True, cursor_type="row")
            with VerticalScroll(id="sat-right"):
                yield Static("Computing…", id="sat-summary")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.action_recompute()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.action_recompute()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_recompute()

    def action_recompute(self) -> None:
        try:
            settings = Settings(base=int(self.query_one("#sat-base", Input).value or 4),
                                run=int(self.query_one("#sat-run", Input).value or 2),
                                threshold=float(self.query_one("#sat-threshold", Input).value
                                                or 5),
                                deductive=self.query_one("#sat-deductive", Select).value)
        except ValueError:
            self.notify("base and run are whole numbers, the threshold a percentage",
                        severity="error")
            return
        level = self.query_one("#sat-level", Select).value
        by = self.query_one("#sat-by", Select).value or None
        self.query_one("#sat-summary", Static).update("Computing…")
        self.compute(level, by, settings)

    @work(thread=True, exclusive=True, group="saturation")
    def compute(self, level: int, by: str | None, settings: Settings) -> None:
        try:
            report = self.app.gateway.run(lambda p: p.saturation(level, by, settings))
        except WorkbenchError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.show, report)

    def show(self, report: SaturationReport) -> None:
        plot = self.query_one("#sat-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        longest, highest = 1, 1
        for group in report.groups:
            rows = group.analysis.table
            if not rows:
                continue
            longest = max(longest, len(rows))
            highest = max(highest, rows[-1].cumulative)
            plt.plot([r.order for r in rows], [r.cumulative for r in rows],
                     marker="braille", label=f"{group.title}: {group.analysis.guest.label}")
            point = group.analysis.guest.point
            if point is not None:
                plt.scatter([point], [rows[point - 1].cumulative], marker="●")
        plt.vline(report.settings.base + 0.5)
        plt.title(f"{report.counted_label} seen, cumulative — base {report.settings.base} to "
                  "the left of the line, ● saturation point")
        plt.xlabel("interviews in the order conducted")
        right = max(longest, report.settings.base + 1)
        plt.xlim(1, right)
        plt.ylim(0, highest)
        # Whole interviews and whole codes: plotext would put ticks at fractions.
        plt.xticks(_whole_ticks(1, right))
        plt.yticks(_whole_ticks(0, highest))
        plot.refresh()
        table = self.query_one("#sat-table", DataTable)
        table.clear(columns=True)
        # Fixed widths: automatic ones settle a frame later, and the table would jump.
        for label, width in (("#", 3), ("interview", 26), ("participant", 11),
                             (report.unit, 10), ("new", 28), ("cumulative", 10), ("share", 5)):
            table.add_column(label, width=width)
        for row in report.overall.table:
            table.add_row(str(row.order), row.name, row.participant or "–", str(row.present),
                          ", ".join(row.new) or "–", str(row.cumulative), f"{row.share:.0%}")
        grid = "\n".join(f"  base {g.base}, run {g.run}, ≤{g.threshold:g}%: {g.label}"
                         for g in report.overall.grid)
        notes = report.notes
        self.query_one("#sat-summary", Static).update(
            f"{report.status_line}\n\nGuest et al. (2020), overall:\n{grid}\n\n"
            f"{report.methods_text()}" + ("\n\n" + "\n".join(notes) if notes else ""))


def _whole_ticks(low: int, high: int, most: int = 10) -> list[int]:
    """At most ``most`` whole-number ticks from ``low`` to ``high``, evenly stepped."""
    step = max(1, -(-(high - low) // (most - 1)))
    return list(range(low, high + 1, step))
