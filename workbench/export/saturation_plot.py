"""The saturation curve as a figure for a paper (PNG or SVG), drawn with matplotlib's Agg canvas."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from workbench.errors import WorkbenchError
from workbench.export.files import write_atomic
from workbench.analysis.saturation_report import SaturationReport

PLOT_FORMATS = ("png", "svg")


def plot_curve(report: SaturationReport, path: Path, overwrite: bool = False) -> Path:
    """Cumulative codes per interview for each group of the report, the base shaded and each
    Guest saturation point starred (and named in the legend); with one group, bars show the
    new codes per interview."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise WorkbenchError("a plot is written as .png or .svg", path)
    settings = report.settings
    figure = Figure(figsize=(6.5, 4.0), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.axvspan(0.5, settings.base + 0.5, color="0.92", zorder=0,
                 label=f"base ({settings.base} interviews)")
    if len(report.groups) == 1:
        rows = report.overall.table
        axes.bar([r.order for r in rows], [len(r.new) for r in rows], color="0.7", width=0.6,
                 label=f"new {report.unit}")
    for group in report.groups:
        rows = group.analysis.table
        result = group.analysis.guest
        (line,) = axes.plot([r.order for r in rows], [r.cumulative for r in rows], marker="o",
                            markersize=3, label=f"{group.title}: {result.label}")
        if result.point is not None:
            axes.plot([result.point], [rows[result.point - 1].cumulative], marker="*",
                      markersize=13, color=line.get_color(), linestyle="none")
    longest = max(len(group.analysis.table) for group in report.groups)
    axes.set_xlim(0.4, max(longest, settings.base) + 0.6)
    axes.set_xlabel("interviews, in the order conducted")
    axes.set_ylabel(f"{report.unit} seen (cumulative)")
    axes.set_title(f"Code saturation (Guest et al. 2020: base {settings.base}, "
                   f"run {settings.run}, ≤{settings.threshold:g}%)", fontsize="medium")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    highest = max((group.analysis.observed for group in report.groups), default=0)
    axes.set_ylim(0, highest * 1.1 + 1)  # room above the stars
    axes.legend(loc="lower right", fontsize="small")
    buffer = io.BytesIO()
    # No date and a fixed id salt, so the same report gives the same file.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "interview-workbench"}):
        figure.savefig(buffer, format=fmt, dpi=200, metadata=metadata)
    return write_atomic(path, buffer.getvalue(), overwrite)
