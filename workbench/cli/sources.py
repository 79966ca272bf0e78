"""Commands on transcripts: import (and its preview), sources (list, order, set, delete,
maps), show."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import click

from workbench.cli.common import (ensure_coder, format_option, print_rows, project_option,
                                  with_project)
from workbench.errors import WorkbenchError
from workbench.project import FilePreview, ImportReport, Project, parse_pairs

SOURCE_COLUMNS = ["name", "kind", "participant", "language", "words", "turns",
                  "interview_date", "codings"]
SPEAKER_EXAMPLE = "'Max Bigman=G3' or 'Max Bigman=Interviewer'"
DATE_ORDER = click.Choice(["dmy", "mdy"])
ORDER_COLUMNS = ["interview_order", "name", "participant", "interview_date", "left_out"]


@click.command(name="import")
@click.argument("paths", nargs=-1, required=True)
@click.option("-r", "--recursive", is_flag=True, help="Read folders with their subfolders.")
@click.option("--participant", metavar="ID", help="The participant of this file, e.g. G3.")
@click.option("--speaker", "speakers", multiple=True, metavar="NAME=ID",
              help="Say who a speaker label is: a participant ID or Interviewer, e.g. "
                   "'Max Bigman=G3' (repeatable).")
@click.option("--interviewer", "interviewers", multiple=True, metavar="NAME",
              help="A speaker label that is the interviewer, e.g. 'Max Bigman' (repeatable).")
@click.option("--language", type=click.Choice(["en", "zh"]), help="Default: detected.")
@click.option("--date-order", type=DATE_ORDER,
              help="How dates such as 10/06/2024 are written: day first (dmy) or month first.")
@click.option("--preview", is_flag=True,
              help="Show what each file would import as (speakers, participant, interviewer, "
                   "warnings) and write nothing.")
@click.option("--save-map", is_flag=True,
              help="Keep --speaker and --interviewer for the files' folders: later imports "
                   "from there map speakers the same way.")
@click.option("--into-current", is_flag=True,
              help="A .qdpx project: import it into this project although it has data "
                   "(after a preview).")
@click.option("--yes", is_flag=True, help="With --into-current: import without asking.")
@format_option
@with_project
def import_(project: Project, paths: tuple[str, ...], recursive: bool,
            participant: str | None, speakers: tuple[str, ...], interviewers: tuple[str, ...],
            language: str | None, date_order: str | None, preview: bool, save_map: bool,
            into_current: bool, yes: bool, fmt: str) -> None:
    """Import transcripts (.txt .md .docx .odt .vtt .srt) from files and folders, or a
    REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA or QualCoder. The whole import is
    one step of the history: `workbench undo` takes it back."""
    codebooks = [p for p in paths if p.lower().endswith(".qdc")]
    if codebooks:
        raise WorkbenchError(f"{codebooks[0]} is a REFI-QDA codebook, not a transcript or a "
                             f"project: import it with `workbench codebook import {codebooks[0]}`")
    if any(p.lower().endswith(".qdpx") for p in paths):
        if len(paths) > 1:
            raise WorkbenchError("a .qdpx project is imported on its own, not with other files")
        import_qdpx(project, Path(paths[0]), into_current, yes)
        return
    options = dict(recursive=recursive, participant=participant,
                   speaker_map=parse_pairs(speakers, SPEAKER_EXAMPLE), language=language,
                   interviewers=interviewers, date_order=date_order)
    if preview:
        previews, report = project.preview_import([Path(p) for p in paths], **options)
        print_previews(previews, report, fmt)
        if report.failed or any(p.status == "cannot import" for p in previews):
            sys.exit(1)
        return
    ensure_coder(project)
    report = project.import_paths([Path(p) for p in paths], save_map=save_map, **options)
    print_import_report(report)
    if not report.ok:
        sys.exit(1)


def print_previews(previews: list[FilePreview], report: ImportReport, fmt: str) -> None:
    """Per file: status, format, participant and where it was found, the interviewer, each
    speaker label with its turns, words and first words; warnings."""
    if fmt == "json":
        click.echo(json.dumps([dataclasses.asdict(p) for p in previews], ensure_ascii=False,
                              indent=2))
        return
    for shown in previews:
        click.echo("\n".join(shown.lines()))
        click.echo("")
    for kind, text in report.lines():
        if kind == "skipped":
            click.echo(f"skipped {text}")
        elif kind == "failed":
            click.echo(f"error: {text}", err=True)
    click.echo(f"Preview of {len(previews)} files: nothing was written. Import with the same "
               "options (without --preview) to write them.")


def import_qdpx(project: Project, path: Path, into_current: bool, yes: bool) -> None:
    """Import a REFI-QDA project; into a project with data only after a preview."""
    if into_current and not yes:
        preview = project.import_qdpx(path, into_current=True, preview_only=True)
        click.echo("\n".join(preview.lines()))
        if not click.confirm("Import it into this project?", default=False):
            raise WorkbenchError("nothing was imported")
    ensure_coder(project)
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
    """Transcripts: list them (the default), correct or delete one, set the interview order."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(sources_list, fmt=fmt)


@sources.command(name="list")
@format_option
@with_project
def sources_list(project: Project, fmt: str = "table") -> None:
    """List the transcripts in interview order."""
    print_rows(project.sources(), SOURCE_COLUMNS, fmt)


@sources.command(name="set")
@click.argument("source")
@click.option("--participant", metavar="ID", help="The source's participant, e.g. G3.")
@click.option("--speaker", "speakers", multiple=True, metavar="NAME=ID",
              help="Say who a speaker label is: a participant ID or Interviewer (repeatable).")
@click.option("--interviewer", "interviewers", multiple=True, metavar="NAME",
              help="A speaker label that is the interviewer (repeatable).")
@click.option("--date", metavar="DATE", help="The interview date, e.g. 2024-06-03 or 3 June 2024.")
@click.option("--date-order", type=DATE_ORDER, help="How --date is written if it is 10/06/2024.")
@click.option("--name", metavar="NAME", help="A new name for the source.")
@with_project
def sources_set(project: Project, source: str, participant: str | None,
                speakers: tuple[str, ...], interviewers: tuple[str, ...], date: str | None,
                date_order: str | None, name: str | None) -> None:
    """Correct an imported source in place: re-map its speakers, set its participant,
    interviewer, date or name. Its codings stay; `workbench undo` takes it back."""
    ensure_coder(project)
    done = project.set_source(source, participant, parse_pairs(speakers, SPEAKER_EXAMPLE),
                              interviewers, date, date_order, name)
    click.echo(f"Corrected {source}: " + "; ".join(done) if done else "Nothing to change.")


@sources.command(name="delete")
@click.argument("source")
@click.option("--force", is_flag=True,
              help="Delete it although it has codings (a backup of the project is made first).")
@with_project
def sources_delete(project: Project, source: str, force: bool) -> None:
    """Delete a source with its turns; refused while it has codings unless --force.
    `workbench undo` takes it back."""
    name = project.source(source)["name"]
    ensure_coder(project)
    removed, backup = project.delete_source(source, force)
    click.echo(f"Deleted {name}" + (f" and its {removed} codings" if removed else "") + "."
               + (f" Backup: {backup}" if backup else ""))


@sources.command(name="maps")
@click.option("--forget", metavar="FOLDER", help="Forget the speaker map saved for a folder.")
@format_option
@with_project
def sources_maps(project: Project, forget: str | None, fmt: str) -> None:
    """List the speaker maps saved with `import --save-map`, or forget one."""
    if forget:
        ensure_coder(project)
        project.forget_speaker_map(Path(forget))
        click.echo(f"Forgot the speaker map of {Path(forget).resolve()}.")
        return
    rows = [{"folder": folder, "speakers": ", ".join(f"{k}={v}" for k, v in
                                                     entry.get("speakers", {}).items()),
             "interviewers": ", ".join(entry.get("interviewers", []))}
            for folder, entry in project.speaker_maps().items()]
    print_rows(rows, ["folder", "speakers", "interviewers"], fmt)


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
    if names or by_date or leave_out or include:
        ensure_coder(project)
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
    kind = next(s["kind"] for s in project.sources() if s["id"] == row["id"])
    who = row["participant"] or kind
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
