"""The kinds of export, their formats and options, and a table written in a format.

What goes into each export is gathered in ``project/exporting.py``; ``Project.export_to``
writes the result with ``files.write_atomic``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.analysis.characteristics import CharacteristicsTable
from workbench.errors import WorkbenchError
from workbench.export.table import Table
from workbench.export.tables_docx import table_docx
from workbench.export.tables_html import table_html

KINDS = ("themes", "participants", "matrix", "crosstab", "cooccurrence", "segments", "report",
         "qdpx", "review")
TABLE_FORMATS = ("docx", "md", "csv", "xlsx", "html")
FORMATS = (*TABLE_FORMATS, "qdpx")
QDPX_TARGETS = ("standard", "nvivo")  # whose way of counting .qdpx positions to write
REPORT_FORMATS = ("docx", "md", "html")
REVIEW_FORMATS = ("docx", "md")
DEFAULT_FORMATS = {"themes": "docx", "participants": "docx", "matrix": "xlsx",
                   "crosstab": "docx", "cooccurrence": "xlsx", "segments": "csv",
                   "report": "docx", "qdpx": "qdpx", "review": "docx"}
SUFFIXES = {"markdown": "md", "htm": "html"}  # other names of a format's file extension


@dataclass(frozen=True)
class ExportOptions:
    level: int = 2  # codebook levels shown: 1 themes, 2 sub-themes, …
    quotes: int = 2  # illustrative quotes per row of the theme table (0–3)
    max_words: int = 80  # longer quotes are cut at sentence boundaries
    landscape: bool = False  # Word: landscape pages
    presence: bool = False  # code × participant: 1/0 instead of counts
    qdpx_for: str = "standard"  # .qdpx positions: "standard" (code points) or "nvivo" (UTF-16)
    all_participants: bool = False  # participant table: also those never interviewed
    since: str | None = None  # the codebook review: changes since this date
    coder: str | None = None  # only this coder's codings (a copy pruned to them)
    by: str | None = None  # the crosstab: the participant attribute of its columns
    bins: str | None = None  # the crosstab: edges that group a numeric attribute, "40,50"


def formats_of(what: str) -> tuple[str, ...]:
    if what == "qdpx":
        return ("qdpx",)  # the whole project for other QDA programs
    if what == "review":
        return REVIEW_FORMATS
    return REPORT_FORMATS if what == "report" else TABLE_FORMATS


def choose_format(what: str, fmt: str | None, output: Path | None = None) -> str:
    """The format asked for, else the output file's extension, else the kind's default;
    an extension that names another format is refused rather than mislabelled."""
    check_kind(what)
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
                 headings=set(summary.headings), widths=[2.2] + [1.3] * len(summary.columns),
                 notes=["Values are n, mean ± SD (range), or n (%): a percentage of those "
                        "with a value, and for missing values of everyone in the column.",
                        *summary.notes])


def check_kind(what: str) -> None:
    if what not in KINDS:
        raise WorkbenchError(f"unknown export '{what}': choose {', '.join(KINDS)}")
