"""Command-line commands for quotes: `quotes` (retrieval) and `verify-quotes` (a manuscript)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from workbench.cli.common import print_rows, with_project
from workbench.errors import WorkbenchError
from workbench.project import (CITATION_STYLES, QUOTE_CHECK_COLUMNS, Project, QuoteHit, QuoteQuery,
                               cite, parse_pairs, quote_check_docx, quote_check_markdown,
                               quote_check_rows, quote_check_summary, render_rows,
                               write_atomic)

QUOTE_COLUMNS = ["participant", "role", "source", "turn", "position", "codes", "score", "quote"]
TABLE_COLUMNS = ["participant", "source", "turn", "codes", "quote"]  # what fits a terminal
_SPACE = re.compile(r"\s+")


@click.command()
@click.option("--code", "codes", multiple=True, metavar="CODE",
              help="A code's path or unique name, with its sub-codes (repeatable: any of them).")
@click.option("--theme", "themes", multiple=True, metavar="THEME",
              help="A theme (top-level code) with everything below it (repeatable).")
@click.option("--all-codes", is_flag=True, help="Passages coded with every --code and --theme.")
@click.option("--no-descendants", is_flag=True, help="--code means that code alone.")
@click.option("--overlaps", metavar="CODE", help="Only passages overlapping a coding of CODE.")
@click.option("--participant", "participants", multiple=True, metavar="ID",
              help="Said by this participant, e.g. G3 (repeatable).")
@click.option("--role", "roles", multiple=True, metavar="ROLE",
              help="Said by a participant of this role: prefix or label (repeatable).")
@click.option("--where", "conditions", multiple=True, metavar="CONDITION",
              help="An attribute condition such as 'years>=10' or 'sex=F' (repeatable).")
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help="A source file name, name without extension, or pattern (repeatable).")
@click.option("--coder", "coders", multiple=True, metavar="NAME", help="Coded by (repeatable).")
@click.option("--exemplars", is_flag=True, help="Only codings marked as exemplars.")
@click.option("--text", help='Words and "exact phrases" to find in sentences, as written '
                              '(case aside).')
@click.option("--stem", is_flag=True,
              help="Let --text match any word of the same stem (nurses: nurse, nursing).")
@click.option("--fuzzy", is_flag=True, help="Let --text match despite typos and small changes.")
@click.option("--lemma", is_flag=True, help="Let --text match every inflected form of its words.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=80.0, show_default=True,
              help="With --fuzzy: the least similarity (out of 100).")
@click.option("--include-interviewer", is_flag=True, help="Let --text match the interviewer.")
@click.option("--context", type=click.IntRange(min=0), metavar="N",
              help="Show N sentences either side (JSON always has the context; default: the turn).")
@click.option("--limit", type=click.IntRange(min=0), metavar="N", help="At most N quotes.")
@click.option("--cite", "cite_style", type=click.Choice(CITATION_STYLES),
              help='Cite each quote: id "…" (G3); role "…" (G3, general practitioner); '
                   'abbrev "…" (Participant 3, GP).')
@click.option("--max-words", type=click.IntRange(min=1), metavar="N",
              help="With --cite: shorten longer quotes at sentence boundaries with '…'.")
@click.option("--abbreviation", "abbreviations", multiple=True, metavar="ROLE=ABBR",
              help="With --cite abbrev: a role's abbreviation, e.g. 'Manager=Mgr' (repeatable).")
@click.option("--deidentify", is_flag=True,
              help="Quote a de-identified copy of the project (the replacements that `deid "
                   "scan` shows); refused if any known term or pattern is left.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "md", "xlsx"]),
              default="table", show_default=True,
              help="Output as a table, or as json, csv or md for scripts; xlsx writes an Excel "
                   "workbook (one row per quote) to -o.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="With --format xlsx: the .xlsx file to write.")
@with_project
def quotes(project: Project, codes: tuple[str, ...], themes: tuple[str, ...],
           all_codes: bool, no_descendants: bool, overlaps: str | None,
           participants: tuple[str, ...], roles: tuple[str, ...], conditions: tuple[str, ...],
           sources: tuple[str, ...], coders: tuple[str, ...], exemplars: bool,
           text: str | None, stem: bool, fuzzy: bool, lemma: bool, min_score: float,
           include_interviewer: bool, context: int | None, limit: int | None,
           cite_style: str | None, max_words: int | None, abbreviations: tuple[str, ...],
           deidentify: bool, fmt: str, output: Path | None) -> None:
    """Find quotes: coded passages by code, theme, speaker and source, and sentences by text.

    With no filter, every coded passage is listed.
    """
    if (fmt == "xlsx") != (output is not None):
        raise WorkbenchError("--format xlsx writes to a file: give both --format xlsx and "
                             "-o FILE.xlsx")
    modes = [name for name, chosen in (("stem", stem), ("fuzzy", fuzzy), ("lemma", lemma))
             if chosen]
    if len(modes) > 1:
        raise WorkbenchError(f"choose one of --stem, --fuzzy and --lemma, not "
                             f"{' and '.join('--' + mode for mode in modes)}")
    query = QuoteQuery(
        codes=list(codes), themes=list(themes), descendants=not no_descendants,
        all_codes=all_codes, overlaps=overlaps, participants=list(participants),
        roles=list(roles), where=list(conditions), sources=list(sources), coders=list(coders),
        exemplars=exemplars, text=text, match=modes[0] if modes else "exact",
        min_score=min_score, include_interviewer=include_interviewer, context=context,
        limit=limit)
    shorts = _abbreviations(abbreviations)
    hits = project.quotes(deidentify=deidentify, **vars(query))
    citations = [cite(hit.text, hit.participant, hit.role, cite_style, shorts, max_words)
                 if cite_style else None for hit in hits]
    if fmt == "json":
        click.echo(render_rows([{**hit.as_dict(), **({"citation": c} if c else {})}
                           for hit, c in zip(hits, citations)], [], "json"))
        return
    if not hits and fmt == "table":
        click.echo("No quotes match.")
        return
    table = fmt == "table"
    rows = [_display_row(hit, citation, table) for hit, citation in zip(hits, citations)]
    if fmt == "xlsx":
        columns = QUOTE_COLUMNS + (["context"] if context is not None else [])
        written = project.write_quotes_xlsx(output, columns, rows)
        click.echo(f"Wrote {len(rows)} quotes to {written}")
        return
    columns = (TABLE_COLUMNS if table else QUOTE_COLUMNS) + (["context"] if context is not None
                                                             else [])
    print_rows(rows, columns, fmt, title=f"{len(rows)} quotes" if table else None)


def _display_row(hit: QuoteHit, citation: str | None, table: bool) -> dict:
    """A row for the terminal (texts on one line, code names without their path), or for
    CSV and Markdown."""
    def shown(text: str) -> str:
        return _SPACE.sub(" ", text).strip() if table else text

    codes = [path.rsplit("/", 1)[-1] for path in hit.codes] if table else hit.codes
    return {"participant": hit.participant, "role": hit.role, "source": hit.source,
            "turn": hit.turn_number, "position": f"{hit.start}–{hit.end}",
            "codes": "; ".join(codes), "score": f"{hit.score:g}",
            "quote": shown(citation or hit.text), "context": shown(hit.context)}


def _abbreviations(values: tuple[str, ...]) -> dict[str, str]:
    return parse_pairs(values, "'Manager=Mgr'")


@click.command(name="verify-quotes")
@click.argument("manuscript")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table",
              show_default=True, help="Output as a table, JSON (one object per quotation) or "
                                      "Markdown.")
@click.option("-o", "--output", help="Also write a report: a .md or .docx file.")
@click.option("--overwrite", is_flag=True, help="Replace an existing report.")
@with_project
def verify_quotes(project: Project, manuscript: str, fmt: str, output: str | None,
                  overwrite: bool) -> None:
    """Check every quotation in MANUSCRIPT (.docx, .md, .txt) against the transcripts:
    exact, exact (shortened), altered (with a word diff) or not found, and whether its tag
    names the participant who said it."""
    target = Path(output) if output else None
    if target and target.suffix.lower() not in (".md", ".docx"):
        raise WorkbenchError("the report is written as .md or .docx", target)
    checks = project.verify_quotes(Path(manuscript))
    name = Path(manuscript).name
    if target:
        content = quote_check_docx(checks, name) if target.suffix.lower() == ".docx" \
            else quote_check_markdown(checks, name)
        write_atomic(target, content, overwrite)
    if fmt == "json":
        click.echo(render_rows([check.as_dict() for check in checks], [], "json"))
    elif fmt == "md":
        click.echo(quote_check_markdown(checks, name), nl=False)
    else:
        print_rows(quote_check_rows(checks, quote_width=60), QUOTE_CHECK_COLUMNS, "table")
        for check in checks:
            if check.diff:
                click.echo(f"{check.quotation.number}. {check.diff_text}")
        click.echo(quote_check_summary(checks))
    if target:
        click.echo(f"Wrote {target}", err=fmt != "table")


COMMANDS = [quotes, verify_quotes]
