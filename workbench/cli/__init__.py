"""The command line: a thin face on Project. Bare `workbench` opens the project's summary."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.coding import COMMANDS as CODING_COMMANDS
from workbench.cli.export import COMMANDS as EXPORT_COMMANDS
from workbench.cli.quotes import COMMANDS as QUOTE_COMMANDS
from workbench.cli.saturation import COMMANDS as SATURATION_COMMANDS
from workbench.cli.saturation import sources_order
from workbench.cli.common import (format_option, friendly_errors, print_rows, project_option,
                                  project_path)
from workbench.project.demo import build_demo, default_demo_dir
from workbench.errors import WorkbenchError

from workbench.project import (DEFAULT_ROLES, ImportReport, Project, parse_attributes, parse_pairs,
                               render_rows)

@click.group(invoke_without_command=True)
@click.version_option(package_name="interview-workbench")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Interview Workbench: code qualitative interview transcripts in the terminal."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(tui)


@main.command()
@project_option
@friendly_errors
def tui(project_file: str | None = None) -> None:
    """Open the coding screen on the project (the default when no command is given)."""
    from workbench.tui.app import WorkbenchApp

    WorkbenchApp(project_path(project_file)).run()


@main.command()
@click.argument("path", required=False)
@click.option("--roles", default=DEFAULT_ROLES, show_default=True,
              help="The role scheme: prefix=label pairs, comma separated.")
@click.option("--name", help="The project's name (default: the file name).")
@friendly_errors
def init(path: str | None, roles: str, name: str | None) -> None:
    """Create a new project file (default ./workbench.sqlite)."""
    target = project_path(path)
    with Project.create(target, roles=roles, name=name) as project:
        labels = ", ".join(f"{r['prefix']}={r['label']}" for r in project.roles())
    click.echo(f"Created project {target} (roles: {labels})")


@main.command(name="import")
@click.argument("paths", nargs=-1, required=True)
@project_option
@click.option("-r", "--recursive", is_flag=True, help="Read folders with their subfolders.")
@click.option("--participant", metavar="ID", help="The participant of this file, e.g. G3.")
@click.option("--speaker", "speakers", multiple=True, metavar="NAME=ID",
              help="Say who a speaker label is, e.g. 'Max Bigman=G3' (repeatable).")
@click.option("--language", type=click.Choice(["en", "zh"]), help="Default: detected.")
@click.option("--into-current", is_flag=True,
              help="A .qdpx project: import it into this project although it has data "
                   "(after a preview).")
@click.option("--yes", is_flag=True, help="With --into-current: import without asking.")
@friendly_errors
def import_(paths: tuple[str, ...], project_file: str | None, recursive: bool,
            participant: str | None, speakers: tuple[str, ...], language: str | None,
            into_current: bool, yes: bool) -> None:
    """Import transcripts (.txt .md .docx .vtt .srt) from files and folders, or a REFI-QDA
    project (.qdpx) from NVivo, ATLAS.ti, MAXQDA or QualCoder."""
    if any(p.lower().endswith(".qdpx") for p in paths):
        if len(paths) > 1:
            raise WorkbenchError("a .qdpx project is imported on its own, not with other files")
        import_qdpx_file(Path(paths[0]), project_file, into_current, yes)
        return
    speaker_map = parse_pairs(speakers, "'Max Bigman=G3'")
    with Project.open(project_path(project_file)) as project:
        report = project.import_paths([Path(p) for p in paths], recursive=recursive,
                                      participant=participant, speaker_map=speaker_map,
                                      language=language)
    print_import_report(report)
    if not report.ok:
        sys.exit(1)


def import_qdpx_file(path: Path, project_file: str | None, into_current: bool, yes: bool) -> None:
    """Import a REFI-QDA project; into a project with data only after a preview."""
    with Project.open(project_path(project_file)) as project:
        if into_current and not yes:
            preview = project.import_qdpx(path, into_current=True, preview_only=True)
            click.echo("\n".join(preview.lines()))
            if not click.confirm("Import it into this project?", default=False):
                raise WorkbenchError("nothing was imported")
        report = project.import_qdpx(path, into_current=into_current)
    click.echo("\n".join(report.lines()))


def print_import_report(report: ImportReport) -> None:
    """Files as they went; warnings and failures on stderr."""
    for kind, text in report.lines():
        if kind in ("warning", "failed"):
            click.echo(f"{'error' if kind == 'failed' else 'warning'}: {text}", err=True)
        else:
            click.echo(f"{kind:10} {text}")
    click.echo(report.summary())


@main.group(invoke_without_command=True)
@project_option
@format_option
@click.pass_context
def sources(ctx: click.Context, project_file: str | None, fmt: str) -> None:
    """Transcripts: list them (the default), set their interview order."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(sources_list, project_file=project_file, fmt=fmt)


@sources.command(name="list")
@project_option
@format_option
@friendly_errors
def sources_list(project_file: str | None = None, fmt: str = "table") -> None:
    """List the transcripts in interview order."""
    with Project.open(project_path(project_file)) as project:
        rows = project.sources()
    columns = ["name", "participant", "language", "words", "turns", "interview_date", "codings"]
    print_rows(rows, columns, fmt)


@main.command()
@click.argument("source")
@project_option
@click.option("--interviewer/--no-interviewer", default=True, help="Show the interviewer's turns.")
@friendly_errors
def show(source: str, project_file: str | None, interviewer: bool) -> None:
    """Print a transcript turn by turn, with turn numbers and offsets."""
    with Project.open(project_path(project_file)) as project:
        row = project.source(source)
        turns = project.turns(row["id"])
    who = row["participant"] or "focus group"
    click.echo(f"{row['name']} · {who} · {row['language']} · {row['word_count']} words"
               + (f" · {row['interview_date']}" if row["interview_date"] else ""))
    text = row["text"]
    for turn in turns:
        if turn["is_interviewer"] and not interviewer:
            continue
        speaker = turn["speaker"] or "(no label)"
        tag = f" [{turn['participant']}]" if turn["participant"] and turn["participant"] != speaker else ""
        click.echo(f"\n{turn['turn_number']:>4}  {speaker}{tag}  ({turn['start']}–{turn['end']})")
        for line in text[turn["start"]:turn["end"]].split("\n"):
            click.echo(f"      {line}")


@main.group(invoke_without_command=True)
@project_option
@format_option
@click.pass_context
def participants(ctx: click.Context, project_file: str | None, fmt: str) -> None:
    """Participants: list, set attributes, import a CSV, summary table."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(participants_list, project_file=project_file, fmt=fmt)


@participants.command(name="list")
@project_option
@format_option
@friendly_errors
def participants_list(project_file: str | None = None, fmt: str = "table") -> None:
    """List participants with their role and attributes."""
    with Project.open(project_path(project_file)) as project:
        rows = project.participants()
    flat = [{"id": r["id"], "role": r["role"], "role_label": r["role_label"],
             "sources": r["sources"], "turns": r["turns"], **r["attributes"]} for r in rows]
    names = [k for r in rows for k in r["attributes"]]
    attribute_columns = list(dict.fromkeys(names))
    print_rows(flat, ["id", "role", "sources", "turns", *attribute_columns], fmt)


@participants.command(name="set")
@click.argument("participant")
@click.argument("values", nargs=-1, required=True)
@project_option
@friendly_errors
def participants_set(participant: str, values: tuple[str, ...], project_file: str | None) -> None:
    """Set attributes: `workbench participants set G3 age=45 sex=F` (`key=` removes one)."""
    changes = parse_attributes(values)
    with Project.open(project_path(project_file)) as project:
        pid = project.participant_id(participant)
        project.set_participant(pid, changes)
    click.echo(f"{pid}: " + ", ".join(f"{k}={'' if v is None else v}" for k, v in changes.items()))


@participants.command(name="import")
@click.argument("csv_file")
@project_option
@friendly_errors
def participants_import(csv_file: str, project_file: str | None) -> None:
    """Read attributes from a CSV file with an `id` column (all rows or none)."""
    with Project.open(project_path(project_file)) as project:
        count = project.import_participants(Path(csv_file))
    click.echo(f"Attributes set for {count} participants from {csv_file}")


@participants.command(name="summary")
@project_option
@format_option
@friendly_errors
def participants_summary(project_file: str | None, fmt: str) -> None:
    """The characteristics table: n per role, mean ± SD (range), counts."""
    with Project.open(project_path(project_file)) as project:
        table = project.participant_summary()
    columns = ["characteristic", *table.columns]
    rows = [dict(zip(columns, row)) for row in table.rows]
    print_rows(rows, columns, fmt, title="Participant characteristics")


@main.command()
@project_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@friendly_errors
def info(project_file: str | None = None, fmt: str = "table") -> None:
    """A summary of the project: sources, participants by role, words, codes."""
    with Project.open(project_path(project_file)) as project:
        summary = project.info()
    if fmt == "json":
        click.echo(render_rows([summary], [], "json"))
        return
    by_role = " · ".join(f"{k} {v}" for k, v in summary["participants_by_role"].items())
    click.echo(f"{summary['name']}  ({summary['path']})")
    click.echo(f"  sources       {summary['sources']} ({', '.join(summary['languages']) or '–'})")
    click.echo(f"  participants  {summary['participants']} ({by_role})")
    click.echo(f"  words         {summary['words']:,}")
    click.echo(f"  turns         {summary['turns']:,}; sentences {summary['sentences']:,}")
    click.echo(f"  codes         {summary['codes']}; codings {summary['codings']:,}")


@main.command()
@click.option("--path", "folder", metavar="DIR", help="Where to build it (default: your data folder).")
@click.option("--no-open", is_flag=True, help="Only build it.")
@click.option("--rebuild", is_flag=True, help="Build it again from the sample data.")
@friendly_errors
def demo(folder: str | None, no_open: bool, rebuild: bool) -> None:
    """Build the demo project from the bundled sample study, then open it."""
    target = Path(folder) if folder else default_demo_dir()
    path, report = build_demo(target, rebuild=rebuild)
    if report is None:
        click.echo(f"Demo project: {path} (exists; --rebuild builds it anew)")
    else:
        click.echo(f"Built the demo project at {path}: {len(report.imported)} interviews")
    if no_open:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        info.callback(project_file=str(path), fmt="table")  # no terminal to open the TUI in
        return
    from workbench.tui.app import WorkbenchApp

    WorkbenchApp(path).run()


for _command in [*CODING_COMMANDS, *SATURATION_COMMANDS, *QUOTE_COMMANDS, *EXPORT_COMMANDS]:
    main.add_command(_command)
sources.add_command(sources_order, "order")
