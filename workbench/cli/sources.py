"""Commands on transcripts: import, sources (list, order), show."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.common import format_option, print_rows, project_option, with_project
from workbench.errors import WorkbenchError
from workbench.project import ImportReport, Project, parse_pairs

SOURCE_COLUMNS = ["name", "participant", "language", "words", "turns", "interview_date",
                  "codings"]
ORDER_COLUMNS = ["interview_order", "name", "participant", "interview_date", "left_out"]


@click.command(name="import")
@click.argument("paths", nargs=-1, required=True)
@click.option("-r", "--recursive", is_flag=True, help="Read folders with their subfolders.")
@click.option("--participant", metavar="ID", help="The participant of this file, e.g. G3.")
@click.option("--speaker", "speakers", multiple=True, metavar="NAME=ID",
              help="Say who a speaker label is, e.g. 'Max Bigman=G3' (repeatable).")
@click.option("--language", type=click.Choice(["en", "zh"]), help="Default: detected.")
@click.option("--into-current", is_flag=True,
              help="A .qdpx project: import it into this project although it has data "
                   "(after a preview).")
@click.option("--yes", is_flag=True, help="With --into-current: import without asking.")
@with_project
def import_(project: Project, paths: tuple[str, ...], recursive: bool,
            participant: str | None, speakers: tuple[str, ...], language: str | None,
            into_current: bool, yes: bool) -> None:
    """Import transcripts (.txt .md .docx .vtt .srt) from files and folders, or a REFI-QDA
    project (.qdpx) from NVivo, ATLAS.ti, MAXQDA or QualCoder."""
    codebooks = [p for p in paths if p.lower().endswith(".qdc")]
    if codebooks:
        raise WorkbenchError(f"{codebooks[0]} is a REFI-QDA codebook, not a transcript or a "
                             f"project: import it with `workbench codebook import {codebooks[0]}`")
    if any(p.lower().endswith(".qdpx") for p in paths):
        if len(paths) > 1:
            raise WorkbenchError("a .qdpx project is imported on its own, not with other files")
        import_qdpx(project, Path(paths[0]), into_current, yes)
        return
    report = project.import_paths([Path(p) for p in paths], recursive=recursive,
                                  participant=participant,
                                  speaker_map=parse_pairs(speakers, "'Max Bigman=G3'"),
                                  language=language)
    print_import_report(report)
    if not report.ok:
        sys.exit(1)


def import_qdpx(project: Project, path: Path, into_current: bool, yes: bool) -> None:
    """Import a REFI-QDA project; into a project with data only after a preview."""
    if into_current and not yes:
        preview = project.import_qdpx(path, into_current=True, preview_only=True)
        click.echo("\n".join(preview.lines()))
        if not click.confirm("Import it into this project?", default=False):
            raise WorkbenchError("nothing was imported")
    click.echo("\n".join(project.import_qdpx(path, into_current=into_current).lines()))


def print_import_report(report: ImportReport) -> None:
    """Files as they went; warnings and failures on stderr."""
    for kind, text in report.lines():
        if kind in ("warning", "failed"):
            click.echo(f"{'error' if kind == 'failed' else 'warning'}: {text}", err=True)
        else:
            click.echo(f"{kind:10} {text}")
    click.echo(report.summary())


@click.group(invoke_without_command=True)
@project_option
@format_option
@click.pass_context
def sources(ctx: click.Context, fmt: str) -> None:
    """Transcripts: list them (the default), set their interview order."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(sources_list, fmt=fmt)


@sources.command(name="list")
@format_option
@with_project
def sources_list(project: Project, fmt: str = "table") -> None:
    """List the transcripts in interview order."""
    print_rows(project.sources(), SOURCE_COLUMNS, fmt)


@sources.command(name="order")
@click.argument("names", nargs=-1)
@click.option("--by-date", is_flag=True, help="Order by interview date (undated sources last).")
@click.option("--leave-out", multiple=True, metavar="NAME",
              help="Leave a source out of saturation (repeatable).")
@click.option("--include", multiple=True, metavar="NAME",
              help="Count a left-out source again (repeatable).")
@format_option
@with_project
def sources_order(project: Project, names: tuple[str, ...], by_date: bool,
                  leave_out: tuple[str, ...], include: tuple[str, ...], fmt: str) -> None:
    """Set the interview order: NAMES first in the order given (the rest follow), or
    --by-date; leave sources out of saturation or include them again. Shows the order."""
    project.set_interview_order(names, by_date, leave_out, include)
    rows = project.interview_order()
    readable = fmt in ("table", "md")
    for row in rows:
        flag = bool(row["left_out"])
        row["left_out"] = ("left out" if flag else "") if readable else flag
    print_rows(rows, ORDER_COLUMNS, fmt)


@click.command()
@click.argument("source")
@click.option("--interviewer/--no-interviewer", default=True, help="Show the interviewer's turns.")
@with_project
def show(project: Project, source: str, interviewer: bool) -> None:
    """Print a transcript turn by turn, with turn numbers and offsets."""
    row = project.source(source)
    who = row["participant"] or "focus group"
    click.echo(f"{row['name']} · {who} · {row['language']} · {row['word_count']} words"
               + (f" · {row['interview_date']}" if row["interview_date"] else ""))
    text = row["text"]
    for turn in project.turns(row["id"]):
        if turn["is_interviewer"] and not interviewer:
            continue
        speaker = turn["speaker"] or "(no label)"
        tag = f" [{turn['participant']}]" if turn["participant"] and turn["participant"] != speaker else ""
        click.echo(f"\n{turn['turn_number']:>4}  {speaker}{tag}  ({turn['start']}–{turn['end']})")
        for line in text[turn["start"]:turn["end"]].split("\n"):
            click.echo(f"      {line}")


COMMANDS = [import_, sources, show]
