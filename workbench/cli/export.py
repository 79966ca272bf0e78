"""The command-line face of exports: `workbench export WHAT --format FMT [-o PATH]`."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.common import with_project
from workbench.errors import WorkbenchError
from workbench.project import (EXPORT_FORMATS, EXPORT_KINDS, MAX_QUOTES, QDPX_TARGETS,
                               ExportOptions, Project, choose_export_format)


@click.command()
@click.argument("what", type=click.Choice(EXPORT_KINDS))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS),
              help="docx, md, csv, xlsx or html (the report: docx, md, html). Default: the "
                   "extension of -o, else docx (themes, participants, crosstab, report), xlsx "
                   "(matrix, cooccurrence) or csv (segments).")
@click.option("-o", "--output", metavar="PATH",
              help="The file to write (default: exports/<project>-<what>-<date>.<ext>).")
@click.option("--overwrite", is_flag=True, help="Replace the file if it exists.")
@click.option("--level", type=click.IntRange(min=1), default=2, show_default=True,
              help="Codebook levels shown: 1 themes, 2 sub-themes, 3 codes below them.")
@click.option("--quotes", type=click.IntRange(0, MAX_QUOTES), default=2, show_default=True,
              help="Themes and report: illustrative quotes per row.")
@click.option("--max-words", type=click.IntRange(min=5), default=80, show_default=True,
              help="Themes and report: cut longer quotes at sentence boundaries with '…'.")
@click.option("--landscape", is_flag=True, help="Word: landscape pages.")
@click.option("--presence", is_flag=True,
              help="Matrix: 1 if the participant voiced the code, 0 if not (default: counts).")
@click.option("--for", "qdpx_for", type=click.Choice(QDPX_TARGETS), default="standard",
              show_default=True,
              help="qdpx: count selection positions as the standard does (code points) or as "
                   "NVivo reads them (UTF-16 code units).")
@click.option("--all-participants", is_flag=True,
              help="Participants and report: also those never interviewed (default: those "
                   "with a transcript or a turn, as in the theme table).")
@click.option("--since", metavar="DATE",
              help="Review: also list the codebook's changes since this date (YYYY-MM-DD).")
@click.option("--coder", metavar="NAME",
              help="Only this coder's codings (one coder of a team, or 'consensus').")
@click.option("--by", metavar="ATTRIBUTE",
              help="Crosstab: the participant attribute whose values are the columns (sex).")
@click.option("--bins", metavar="EDGES",
              help="Crosstab: group a numeric attribute at these edges: 40,50 gives < 40, "
                   "40 to < 50, ≥ 50.")
@click.option("--deidentify", is_flag=True,
              help="Make the export from a de-identified copy (the replacements that `deid "
                   "scan` shows), then check the file written: it is removed again, with exit "
                   "code 1, if any known term or pattern is left.")
@with_project
def export(project: Project, what: str, fmt: str | None, output: str | None,
           overwrite: bool, level: int, quotes: int, max_words: int, landscape: bool,
           presence: bool, qdpx_for: str, all_participants: bool, since: str | None,
           coder: str | None, by: str | None, bins: str | None, deidentify: bool) -> None:
    """Export a table or the analysis report: themes (with quotes), participants
    (characteristics), matrix (code × participant), crosstab (code × the values of a
    participant attribute, `--by sex`: passages and participants), cooccurrence, segments (every coding),
    report (all of them, saturation and COREQ items 22–29, in one document), qdpx (the
    whole project as REFI-QDA, for NVivo, ATLAS.ti, MAXQDA and QualCoder), or review (the
    codebook for a supervisor: status, rules, usage, quotes, comments, findings; docx, md)."""
    if since and what != "review":
        raise WorkbenchError("--since applies to `export review` only")
    if qdpx_for != "standard" and what != "qdpx":
        raise WorkbenchError("--for applies to `export qdpx` only")
    if (by or bins) and what != "crosstab":
        raise WorkbenchError(f"{'--by' if by else '--bins'} applies to `export crosstab` only")
    options = ExportOptions(level=level, quotes=quotes, max_words=max_words,
                            landscape=landscape, presence=presence, qdpx_for=qdpx_for,
                            all_participants=all_participants, since=since, coder=coder,
                            by=by, bins=bins)
    chosen = choose_export_format(what, fmt, Path(output) if output else None)
    target = Path(output) if output else project.export_path(what, chosen)
    if target.exists() and not overwrite:  # say so in the command line's words
        raise WorkbenchError("exists already; choose another name with -o, or pass "
                             "--overwrite", target)
    written = project.export_to(target, what, chosen, options, overwrite, deidentify)
    click.echo(f"Wrote {written}" + (" (de-identified and checked: nothing known is left)"
                                     if deidentify else ""))


COMMANDS = [export]
