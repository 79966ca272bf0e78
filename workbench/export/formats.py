"""One entry point for every export: what to export, the format and the options in, the
file's content out. The CLI and the TUI call ``export()``, then write the result with
``files.write_atomic`` (a temporary name, then a rename; never a silent overwrite)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.analysis.characteristics import CharacteristicsTable
from workbench.errors import WorkbenchError
from workbench.export import matrices, report
from workbench.export.codebook_document import codebook_document
from workbench.export.tables_docx import table_docx
from workbench.export.tables_html import table_html
from workbench.export.theme_table import (MAX_QUOTES, Quote, Table, gather_quotes, interviewed,
                                          interviewees, theme_table)
from workbench.project.exchange import export_qdpx
from workbench.analysis.saturation_report import saturation_report

if TYPE_CHECKING:
    from workbench.project import Project

KINDS = ("themes", "participants", "matrix", "cooccurrence", "segments", "report", "qdpx")
TABLE_FORMATS = ("docx", "md", "csv", "xlsx", "html")
FORMATS = (*TABLE_FORMATS, "qdpx")
REPORT_FORMATS = ("docx", "md", "html")
DEFAULT_FORMATS = {"themes": "docx", "participants": "docx", "matrix": "xlsx",
                   "cooccurrence": "xlsx", "segments": "csv", "report": "docx", "qdpx": "qdpx"}
SUFFIXES = {"markdown": "md", "htm": "html"}  # other names of a format's file extension


@dataclass(frozen=True)
class ExportOptions:
    level: int = 2  # codebook levels shown: 1 themes, 2 sub-themes, …
    quotes: int = 2  # illustrative quotes per row of the theme table (0–3)
    max_words: int = 80  # longer quotes are cut at sentence boundaries
    landscape: bool = False  # Word: landscape pages
    presence: bool = False  # code × participant: 1/0 instead of counts


def formats_of(what: str) -> tuple[str, ...]:
    if what == "qdpx":
        return ("qdpx",)  # the whole project for other QDA programs
    return REPORT_FORMATS if what == "report" else TABLE_FORMATS


def choose_format(what: str, fmt: str | None, output: Path | None = None) -> str:
    """The format asked for, else the output file's extension, else the kind's default;
    an extension that names another format is refused rather than mislabelled."""
    _check_kind(what)
    suffix = output.suffix.lower().lstrip(".") if output else ""
    suffix = SUFFIXES.get(suffix, suffix)
    chosen = (fmt or suffix or DEFAULT_FORMATS[what]).lower()
    if chosen not in formats_of(what):
        raise WorkbenchError(f"unknown format '{chosen}' for {what}: "
                             f"choose {', '.join(formats_of(what))}")
    if suffix and suffix != chosen:
        raise WorkbenchError(f"the file name ends in .{suffix} but the format is {chosen}; "
                             "make them agree", output)
    return chosen


def export(project: Project, what: str, fmt: str,
           options: ExportOptions = ExportOptions()) -> str | bytes:
    """The content of one export file: text for md, csv and html, bytes for docx and xlsx."""
    fmt = choose_format(what, fmt)
    if options.level < 1:
        raise WorkbenchError("the level is 1 (themes), 2 (sub-themes) or deeper")
    if not 0 <= options.quotes <= MAX_QUOTES:
        raise WorkbenchError(f"a theme has 0 to {MAX_QUOTES} quotes, not {options.quotes}")
    if what == "report":
        return _report(project, fmt, options)
    if what == "qdpx":
        return export_qdpx(project)
    return write_table(build_table(project, what, options), fmt, options.landscape)


def build_table(project: Project, what: str, options: ExportOptions = ExportOptions()) -> Table:
    """The table behind a table export (every kind but the report)."""
    _check_kind(what)
    if what == "report":
        raise WorkbenchError("the report is a document, not a table")
    return TABLES[what](project, options)


def write_table(table: Table, fmt: str, landscape: bool = False) -> str | bytes:
    if fmt == "csv":
        return table.csv()
    if fmt == "md":
        return table.markdown()
    if fmt == "html":
        return table_html(table)
    if fmt == "docx":
        return table_docx(table, landscape)
    # openpyxl is imported only for Excel files: it adds half a second to every start-up.
    from workbench.export.tables_xlsx import table_xlsx

    return table_xlsx(table)


# -- the tables ----------------------------------------------------------------------------------

def participant_table(summary: CharacteristicsTable) -> Table:
    """``Project.participant_summary()`` as a table; attribute names head their counts."""
    return Table(title="Participant characteristics",
                 columns=["Characteristic", *summary.columns], rows=summary.rows,
                 headings={i for i, row in enumerate(summary.rows) if not any(row[1:])},
                 widths=[2.2] + [1.3] * len(summary.columns),
                 notes=["Values are n, mean ± SD (range), or n (%)."])


def _participants(project: Project, options: ExportOptions) -> Table:
    if not project.participants():
        raise WorkbenchError("the project has no participants yet: import transcripts, or "
                             "attributes with `workbench participants import FILE`")
    return participant_table(project.participant_summary())


def _themes(project: Project, options: ExportOptions, codes: list[dict], tree: list[dict]
            ) -> tuple[Table, dict[int, list[Quote]]]:
    """The theme table and its quotes, from the codes and ``Codebook.tree()``."""
    quotes = gather_quotes(project.db, codes, options.level, options.quotes, options.max_words)
    roles = project.roles()
    table = theme_table(tree, roles, interviewed(project.participants(), roles), options.level,
                        quotes)
    return table, quotes


def _matrix(project: Project, options: ExportOptions) -> Table:
    codes = _coded(project)
    roles = project.roles()
    return matrices.participant_matrix(codes, options.level,
                                       interviewees(project.participants()), roles,
                                       matrices.coding_spans(project.db),
                                       matrices.speakers_of(project.db), options.presence)


def _cooccurrence(project: Project, options: ExportOptions) -> Table:
    return matrices.cooccurrence_matrix(_coded(project), options.level,
                                        matrices.coding_spans(project.db))


def _segments(project: Project, options: ExportOptions) -> Table:
    _coded(project)
    labels = {p["id"]: p["role_label"] for p in project.participants()}
    return matrices.segments_table(project.coding.list(), matrices.speakers_of(project.db),
                                   labels)


TABLES: dict[str, Callable[[Project, ExportOptions], Table]] = {
    "themes": lambda project, options: _themes(project, options, _coded(project),
                                               project.codebook.tree())[0],
    "participants": _participants,
    "matrix": _matrix,
    "cooccurrence": _cooccurrence,
    "segments": _segments,
}


def _coded(project: Project) -> list[dict]:
    """The codebook's codes, once the project has codings to show."""
    codes = project.codebook.codes()
    if not codes:
        raise WorkbenchError("the codebook is empty: import one with "
                             "`workbench codebook import FILE` and code some passages first")
    if not project.db.execute("SELECT 1 FROM codings LIMIT 1").fetchone():
        raise WorkbenchError("the project has no codings yet, so there is nothing to tabulate: "
                             "code passages first (`workbench code`, or the coding screen)")
    return codes


def _check_kind(what: str) -> None:
    if what not in KINDS:
        raise WorkbenchError(f"unknown export '{what}': choose {', '.join(KINDS)}")


# -- the report ----------------------------------------------------------------------------------

def _report(project: Project, fmt: str, options: ExportOptions) -> str | bytes:
    codes = _coded(project)
    tree = project.codebook.tree()  # the slowest query: once for both the themes and codebook
    themes, quotes = _themes(project, options, codes, tree)
    roles = project.roles()
    saturation = saturation_report(project.db, options.level)  # as `workbench saturation`
    info = project.info()
    summary = (f"Made with Interview Workbench on {dt.date.today().isoformat()} from "
               f"{info['sources']} transcripts of {info['participants']} participants: "
               f"{info['codes']} codes, {info['codings']} codings.")
    codebook = codebook_document(tree, roles, project.participants(),
                                 project.setting("codebook_title") or "Codebook",
                                 project.setting("codebook_description"))
    blocks = report.report_blocks(
        f"Analysis report: {project.name}", summary, _participants(project, options), themes,
        saturation, report.curve_png(saturation),
        report.coreq_table(saturation, report.coders(project.db), codes, quotes, roles),
        codebook)
    if fmt == "docx":
        return report.report_docx(blocks, options.landscape)
    if fmt == "md":
        return report.report_markdown(blocks)
    return report.report_html(blocks)
