"""What goes into each export: the project's data gathered for the theme table, the
participant table, the matrices, the crosstab, the list of codings, the analysis report and
the .qdpx.
The writers in ``export/`` turn the result into a file's content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from workbench.analysis.characteristics import characteristics
from workbench.analysis.saturation_report import SaturationReport
from workbench.analysis.speakers import Speakers, speakers_of
from workbench.errors import WorkbenchError
from workbench.export import matrices, report
from workbench.export.crosstab import crosstab_table
from workbench.export.codebook_document import codebook_document
from workbench.export.formats import ExportOptions, check_kind, choose_format, participant_table
from workbench.export.formats import write_table
from workbench.export.table import Table
from workbench.analysis.characteristics import interviewees
from workbench.export.theme_table import (MAX_QUOTES, Quote, gather_quotes, interviewed,
                                          theme_table)
from workbench.analysis.codebook_review import review_codebook
from workbench.export.review_document import review_document, review_docx, review_markdown
from workbench.project.codebook_changes import CODEBOOK_ACTIONS, check_date, diff_since
from workbench.project.exchange import export_qdpx
from workbench.store import comments as comment_store
from workbench.store import history as history_store
from workbench.project import agreement as agreement_case
from workbench.project.consensus import CONSENSUS_CODER
from workbench.project.parts import Parts
from workbench.store import codings as coding_store
from workbench.store import overview
from workbench.store import participants as participant_store
from workbench.store import sources as source_store

__all__ = ["ExportOptions", "build_table", "export", "plot_saturation"]


def export(parts: Parts, what: str, fmt: str,
           options: ExportOptions = ExportOptions()) -> str | bytes:
    """The content of one export file: text for md, csv and html, bytes for docx and xlsx."""
    fmt = choose_format(what, fmt)
    if options.level < 1:
        raise WorkbenchError("the level is 1 (themes), 2 (sub-themes) or deeper")
    if not 0 <= options.quotes <= MAX_QUOTES:
        raise WorkbenchError(f"a theme has 0 to {MAX_QUOTES} quotes, not {options.quotes}")
    if what == "report":
        return _report(parts, fmt, options)
    if what == "qdpx":
        return export_qdpx(parts, for_nvivo=options.qdpx_for == "nvivo")
    if what == "review":
        return _review(parts, fmt, options)
    if what == "crosstab":  # CSV and Excel get numbers to compute with, not "7 · 4/6"
        table = _crosstab(parts, options, split=fmt in ("csv", "xlsx"))
    else:
        table = build_table(parts, what, options)
    return write_table(table, fmt, options.landscape)


def build_table(parts: Parts, what: str, options: ExportOptions = ExportOptions()) -> Table:
    """The table behind a table export (every kind but the report)."""
    check_kind(what)
    if what in ("report", "review"):
        raise WorkbenchError(f"the {what} is a document, not a table")
    return TABLES[what](parts, options)


# -- the tables ----------------------------------------------------------------------------------

def _participants(parts: Parts, options: ExportOptions) -> Table:
    people = participant_store.list_participants(parts.db)
    if not people:
        raise WorkbenchError("the project has no participants yet: import transcripts, or "
                             "attributes with `workbench participants import FILE`")
    return participant_table(characteristics(people, participant_store.roles(parts.db),
                                             options.all_participants))


class _StoredQuotes:
    """The theme table's quote source: candidates and texts from the store."""

    def __init__(self, parts: Parts) -> None:
        self.db = parts.db

    def candidates(self, shortest: int, longest: int, target: int, keep: int):
        return coding_store.quote_candidates(self.db, shortest, longest, target, keep)

    def texts(self, coding_ids: list[int]) -> dict[int, str]:
        return coding_store.texts(self.db, coding_ids)


def _themes(parts: Parts, options: ExportOptions, codes: list[dict], tree: list[dict]
            ) -> tuple[Table, dict[int, list[Quote]]]:
    """The theme table and its quotes, from the codes and ``Codebook.tree()``."""
    quotes = gather_quotes(_StoredQuotes(parts), codes, options.level, options.quotes, options.max_words)
    roles = participant_store.roles(parts.db)
    people = participant_store.list_participants(parts.db)
    table = theme_table(tree, roles, interviewed(people, roles), options.level, quotes)
    return table, quotes


def _speakers(parts: Parts) -> Speakers:
    spans = [(source, start, end) for source, _, start, end in coding_store.code_spans(parts.db)]
    return speakers_of(source_store.speaking_turns(parts.db), spans)


def _matrix(parts: Parts, options: ExportOptions) -> Table:
    codes = _coded(parts)
    return matrices.participant_matrix(
        codes, options.level, interviewees(participant_store.list_participants(parts.db)),
        participant_store.roles(parts.db), matrices.coding_spans(coding_store.spans(parts.db)),
        _speakers(parts), options.presence)


def _crosstab(parts: Parts, options: ExportOptions, split: bool = False) -> Table:
    people = interviewees(participant_store.list_participants(parts.db))
    if not options.by:
        known = sorted({key for person in people for key in person["attributes"]})
        raise WorkbenchError("the crosstab needs --by ATTRIBUTE, one of the participants' "
                             "attributes: " + (", ".join(known) or "none are set yet"))
    codes = _coded(parts)
    return crosstab_table(codes, options.level, people, options.by,
                          matrices.coding_spans(coding_store.spans(parts.db)), _speakers(parts),
                          options.bins, split)


def _cooccurrence(parts: Parts, options: ExportOptions) -> Table:
    return matrices.cooccurrence_matrix(_coded(parts), options.level,
                                        matrices.coding_spans(coding_store.spans(parts.db)))


def _segments(parts: Parts, options: ExportOptions) -> Table:
    _coded(parts)
    labels = {p["id"]: p["role_label"] for p in participant_store.list_participants(parts.db)}
    return matrices.segments_table(parts.codings.list(), _speakers(parts), labels)


TABLES: dict[str, Callable[[Parts, ExportOptions], Table]] = {
    "themes": lambda parts, options: _themes(parts, options, _coded(parts),
                                             parts.codebook.tree())[0],
    "participants": _participants,
    "matrix": _matrix,
    "crosstab": _crosstab,
    "cooccurrence": _cooccurrence,
    "segments": _segments,
}


def _coded(parts: Parts) -> list[dict]:
    """The codebook's codes, once the project has codings to show."""
    codes = parts.codebook.codes()
    if not codes:
        raise WorkbenchError("the codebook is empty: import one with "
                             "`workbench codebook import FILE` and code some passages first")
    if not coding_store.has_any(parts.db):
        raise WorkbenchError("the project has no codings yet, so there is nothing to tabulate: "
                             "code passages first (`workbench code`, or the coding screen)")
    return codes


# -- the report ----------------------------------------------------------------------------------

def _report(parts: Parts, fmt: str, options: ExportOptions) -> str | bytes:
    db = parts.db
    codes = _coded(parts)
    tree = parts.codebook.tree()  # the slowest query: once for both the themes and codebook
    themes, quotes = _themes(parts, options, codes, tree)
    roles = participant_store.roles(db)
    people = participant_store.list_participants(db)
    saturation = parts.saturation(options.level)  # as `workbench saturation`
    counts = overview.counts(db)
    summary = (f"Made with Interview Workbench on {dt.date.today().isoformat()} from "
               f"{counts['sources']} transcripts of {counts['participants']} participants: "
               f"{counts['codes']} codes, {counts['codings']} codings.")
    codebook = codebook_document(tree, roles, people,
                                 parts.setting("codebook_title") or "Codebook",
                                 parts.setting("codebook_description"))
    sentence, section = agreement_case.for_report(parts, leave_out=[CONSENSUS_CODER])
    blocks = report.report_blocks(
        f"Analysis report: {parts.name}", summary, _participants(parts, options), themes,
        saturation, report.curve_png(saturation),
        report.coreq_table(saturation, agreement_case.who_coded(parts, [CONSENSUS_CODER]),
                           codes, quotes, roles, _with_consensus(parts, sentence)),
        codebook, section)
    if fmt == "docx":
        return report.report_docx(blocks, options.landscape)
    if fmt == "md":
        return report.report_markdown(blocks)
    return report.report_html(blocks)


def _with_consensus(parts: Parts, sentence: str | None) -> str | None:
    """COREQ 24's words on agreement, and on the consensus coder if disagreements were
    settled (its codings are the settled version, not a further data coder)."""
    settled = [row for row in agreement_case.who_coded(parts) if row[0] == CONSENSUS_CODER]
    if not settled:
        return sentence
    _, codings, sources = settled[0]
    note = (f"Disagreements were settled as the coder '{CONSENSUS_CODER}' ({codings} "
            f"coding{'s' if codings != 1 else ''} in {sources} "
            f"transcript{'s' if sources != 1 else ''}).")
    return f"{sentence} {note}" if sentence else note


# -- the codebook review ---------------------------------------------------------------------------

def _review(parts: Parts, fmt: str, options: ExportOptions) -> str | bytes:
    db = parts.db
    codes = parts.codebook.codes()
    if not codes:
        raise WorkbenchError("the codebook is empty: import one with "
                             "`workbench codebook import FILE` first")
    since = check_date(options.since) if options.since else None
    tree = parts.codebook.tree()
    quotes: dict[int, list[str]] = {}
    if options.quotes and coding_store.has_any(db):
        source = _StoredQuotes(parts)
        for level in range(1, max(c["level"] for c in codes) + 1):
            found = gather_quotes(source, codes, level, min(options.quotes, 2), options.max_words)
            for code in codes:
                if code["level"] == level:
                    quotes[code["id"]] = [q.text for q in found.get(code["id"], [])]
    comments: dict[int, list[dict]] = {}
    for comment in comment_store.comments(db, open_only=True):
        comments.setdefault(comment["code"], []).append(comment)
    changes = history_store.entries(db, since, CODEBOOK_ACTIONS) if since else []
    review = review_codebook(codes, coding_store.with_participants(db), changes, since)
    people = participant_store.list_participants(db)
    denominators = interviewed(people, participant_store.roles(db))
    document = review_document(tree, denominators, quotes, comments, review,
                               diff_since(db, since) if since else None,
                               f"Codebook review: {parts.setting('codebook_title') or parts.name}")
    return review_docx(document) if fmt == "docx" else review_markdown(document)


def plot_saturation(report: SaturationReport, path: Path, overwrite: bool = False) -> Path:
    """Draw the saturation curve into a .png or .svg file."""
    # matplotlib is imported only when a plot is asked for: it slows every start-up.
    from workbench.export.saturation_plot import plot_curve

    return plot_curve(report, path, overwrite)
