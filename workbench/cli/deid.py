"""The command-line face of de-identification: `workbench deid terms|scan|accept|reject|
edit|apply|check`."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.common import format_option, print_rows, project_option, short, with_project
from workbench.errors import WorkbenchError
from workbench.project import DEID_KINDS, DEID_STATUSES, Project, render_rows

SCAN_COLUMNS = ["term", "kind", "found_by", "status", "replacement", "count", "sources",
                "context"]
TABLE_COLUMNS = ["term", "kind", "status", "replacement", "count", "context"]
OCCURRENCE_COLUMNS = ["term", "source", "start", "end", "status", "replacement", "context"]
CHECK_COLUMNS = ["location", "found", "kind", "context"]


@click.group()
@project_option
def deid() -> None:
    """De-identification: find names, places and numbers that identify people, decide what
    replaces each, and write a pseudonymised copy of the project or check an export.
    An aid to a careful reading, not a replacement for it."""


@deid.group()
def terms() -> None:
    """The project's word list: terms always replaced, with their replacement."""


@terms.command(name="add")
@click.argument("term")
@click.option("--as", "replacement", required=True, metavar="TEXT",
              help='What replaces the term, e.g. "[GP colleague]".')
@click.option("--kind", type=click.Choice(DEID_KINDS), default="other", show_default=True,
              help="What the term is (person, place, institution, …).")
@with_project
def terms_add(project: Project, term: str, replacement: str, kind: str) -> None:
    """Add TERM to the word list (or give it a new replacement); undoable."""
    project.add_deid_term(term, replacement, kind)
    click.echo(f"'{term.strip()}' will be replaced by '{replacement.strip()}'")


@terms.command(name="import")
@click.argument("csv_file", metavar="FILE.csv")
@with_project
def terms_import(project: Project, csv_file: str) -> None:
    """Add the terms of a CSV file (term,replacement[,kind] per row); all or none, undoable."""
    count = project.import_deid_terms(Path(csv_file))
    click.echo(f"Imported {count} terms from {csv_file}")


@terms.command(name="list")
@format_option
@with_project
def terms_list(project: Project, fmt: str) -> None:
    """Show the word list."""
    rows = project.deid_terms()
    if not rows and fmt == "table":
        click.echo('The word list is empty; add a term with `workbench deid terms add "Dr Wang" '
                   '--as "[GP colleague]"`.')
        return
    print_rows(rows, ["term", "replacement", "kind"], fmt)


@terms.command(name="remove")
@click.argument("term")
@with_project
def terms_remove(project: Project, term: str) -> None:
    """Take TERM off the word list; undoable."""
    project.remove_deid_term(term)
    click.echo(f"Removed '{term}' from the word list")


@deid.command()
@click.option("--status", "statuses", multiple=True, type=click.Choice(DEID_STATUSES),
              help="Only candidates accepted, rejected or pending (repeatable).")
@click.option("--occurrences", is_flag=True,
              help="One row per occurrence (source, start, end), to decide one at a time.")
@click.option("--term", "only_terms", multiple=True, metavar="TERM",
              help="Only this candidate (repeatable).")
@format_option
@with_project
def scan(project: Project, statuses: tuple[str, ...], occurrences: bool,
         only_terms: tuple[str, ...], fmt: str) -> None:
    """List the candidates for de-identification with their counts, context, status and
    replacement: speaker names, the word list, identifying attribute values, patterns
    (phone, e-mail, ID numbers, dates, addresses), Chinese names and places, and
    capitalised words not in the dictionary."""
    found = project.deid_scan(occurrences)
    rows = [r for r in found.rows if (not statuses or r.status in statuses)
            and (not only_terms or r.term in only_terms)]
    if fmt == "json":
        click.echo(render_rows([r.as_dict() for r in rows], [], "json"))
        return
    if occurrences:
        table = [{"term": r.term, **o, "context": short(o["context"], 70) if fmt == "table"
                  else o["context"]} for r in rows for o in r.occurrences]
        if fmt == "table" and not table:
            click.echo("No occurrences.")
            return
        print_rows(table, OCCURRENCE_COLUMNS, fmt)
        return
    table = [{**r.as_dict(), "context": short(r.contexts[0], 40) if fmt == "table" and r.contexts
              else (r.contexts[0] if r.contexts else "(in attributes only)")} for r in rows]
    if fmt == "table" and not table:
        click.echo("No candidates.")
        return
    print_rows(table, TABLE_COLUMNS if fmt == "table" else SCAN_COLUMNS, fmt,
               title=f"{len(table)} candidates ({found.seconds:.1f} s)" if fmt == "table"
               else None)


def _decision(decision: str):
    def command(project: Project, term: str, source: str | None, start: int | None,
                replacement: str | None = None) -> None:
        click.echo(project.deid_decide(term, decision, replacement, source, start))

    return command


_occurrence_options = [
    click.option("--in", "source", metavar="SOURCE",
                 help="One occurrence only: the source it is in (with --at)."),
    click.option("--at", "start", type=click.IntRange(min=0), metavar="START",
                 help="One occurrence only: where it starts, as `deid scan --occurrences` "
                      "lists it."),
]


def _with_occurrence(command):
    for option in reversed(_occurrence_options):
        command = option(command)
    return command


@deid.command()
@click.argument("term")
@_with_occurrence
@with_project
def accept(project: Project, term: str, source: str | None, start: int | None) -> None:
    """Accept a candidate: TERM is replaced (everywhere, or at one occurrence); undoable."""
    _decision("accept")(project, term, source, start)


@deid.command()
@click.argument("term")
@_with_occurrence
@with_project
def reject(project: Project, term: str, source: str | None, start: int | None) -> None:
    """Reject a candidate: TERM is kept as written (everywhere, or at one occurrence);
    undoable."""
    _decision("reject")(project, term, source, start)


@deid.command()
@click.argument("term")
@click.argument("replacement")
@_with_occurrence
@with_project
def edit(project: Project, term: str, replacement: str, source: str | None,
         start: int | None) -> None:
    """Accept a candidate with another REPLACEMENT (everywhere, or at one occurrence);
    undoable."""
    _decision("edit")(project, term, source, start, replacement)


@deid.command(name="apply")
@click.option("-o", "--output", required=True, metavar="NEW.sqlite",
              help="The de-identified project to write (a new file; this one is not changed).")
@click.option("--overwrite", is_flag=True, help="Replace the file if it exists.")
@with_project
def apply_command(project: Project, output: str, overwrite: bool) -> None:
    """Write a de-identified copy of the project: every accepted candidate replaced in the
    texts, speaker labels, memos and attributes, every coding, turn and sentence moved with
    its words; the history and the word list are not copied."""
    report = project.deid_apply(Path(output), overwrite)
    for line in report.lines():
        click.echo(line)


@deid.command()
@click.argument("file", metavar="FILE")
@format_option
@with_project
def check(project: Project, file: str, fmt: str) -> None:
    """Check an export or manuscript (.docx, .xlsx, .csv, .md, .txt, .html, .qdpx, or a
    project file) for any accepted term or pattern left; exit code 1 if anything is."""
    found = project.deid_check(Path(file))
    rows = [leftover.as_dict() for leftover in found]
    if fmt != "table":
        print_rows(rows, CHECK_COLUMNS, fmt)
    elif rows:
        print_rows([{**r, "context": short(r["context"], 60)} for r in rows], CHECK_COLUMNS,
                   "table", title=f"{len(rows)} identifiers left in {file}")
    if rows:
        raise WorkbenchError(f"{len(rows)} identifiers are left", file)
    if fmt == "table":
        click.echo(f"Nothing known is left in {file}.")


COMMANDS = [deid]
