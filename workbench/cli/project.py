"""Commands on the project as a whole: init, info, demo, tui, coder, history, undo, redo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.common import (format_option, friendly_errors, print_rows, project_option,
                                  project_path, with_project)
from workbench.errors import WorkbenchError
from workbench.project import DEFAULT_ROLES, Project, render_rows
from workbench.project.demo import build_demo, default_demo_dir

HISTORY_COLUMNS = ["id", "at", "actor", "action", "summary", "state"]


@click.command()
@project_option
@friendly_errors
def tui() -> None:
    """Open the coding screen on the project (the default when no command is given)."""
    from workbench.tui.app import WorkbenchApp

    WorkbenchApp(project_path()).run()


@click.command()
@click.argument("path", required=False)
@click.option("--roles", default=DEFAULT_ROLES, show_default=True,
              help="The role scheme: prefix=label pairs, comma separated.")
@click.option("--name", help="The project's name (default: the file name).")
@click.option("--coder", metavar="NAME",
              help="Who codes (else the first change asks; `workbench coder NAME` later).")
@friendly_errors
def init(path: str | None, roles: str, name: str | None, coder: str | None) -> None:
    """Create a new project file (default ./workbench.sqlite)."""
    target = project_path(path)
    if coder is not None:
        Project.check_coder_name(coder)  # before the file is made
    with Project.create(target, roles=roles, name=name) as project:
        if coder is not None:
            project.set_default_coder(coder)
        labels = ", ".join(f"{r['prefix']}={r['label']}" for r in project.roles())
    click.echo(f"Created project {target} (roles: {labels})"
               + (f"; coder {coder.strip()}" if coder else ""))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              help="Plain text, or JSON for scripts.")
@with_project
def info(project: Project, fmt: str = "table") -> None:
    """A summary of the project: sources, participants by role, words, codes."""
    print_info(project.info(), fmt)


def print_info(summary: dict, fmt: str = "table") -> None:
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


@click.command()
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
        click.echo(f"Built the demo project at {path}: {len(report.imported)} transcripts")
    if no_open:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        with Project.open(path) as project:  # no terminal to open the TUI in
            print_info(project.info())
        return
    from workbench.tui.app import WorkbenchApp

    WorkbenchApp(path).run()


@click.command()
@click.argument("name", required=False)
@with_project
def coder(project: Project, name: str | None) -> None:
    """Show or set the project's default coder: the name recorded with codings, memos and
    changes when --coder is not given."""
    if name:
        project.set_default_coder(name)
    click.echo(f"Default coder: {project.coder_name()}" if project.coder_name() else
               "No coder is named yet: `workbench coder NAME` names you (the first change "
               "at a terminal asks)")


@click.command()
@click.option("--since", help="Only changes from this date (YYYY-MM-DD).")
@format_option
@with_project
def history(project: Project, since: str | None, fmt: str) -> None:
    """Every change, oldest first: when, who, what, and its state (applied, undone — can be
    redone — or superseded: undone, then replaced by a newer change)."""
    print_rows(project.history(since), HISTORY_COLUMNS, fmt)


@click.command()
@with_project
def undo(project: Project) -> None:
    """Undo the last change (also after a restart)."""
    click.echo(f"Undone: {project.undo().summary}")


@click.command()
@with_project
def redo(project: Project) -> None:
    """Redo the change undone last."""
    click.echo(f"Redone: {project.redo().summary}")


@click.command()
@click.option("-o", "--output", metavar="FILE",
              help="Where to write it (default: backups/<project>-<date-time>.sqlite beside it).")
@with_project
def backup(project: Project, output: str | None) -> None:
    """Write a consistent copy of the project, even while it is open elsewhere."""
    click.echo(f"Backed up to {project.backup(Path(output) if output else None)}")


@click.command()
@click.argument("file")
@click.option("--yes", is_flag=True, help="Restore without asking.")
@with_project
def restore(project: Project, file: str, yes: bool) -> None:
    """Put a backup in place of the project; the current content is kept aside first."""
    if not yes and not click.confirm(f"Replace {project.path} with {file}? (the current "
                                     "content is kept in backups/)", default=False):
        raise WorkbenchError("nothing restored")
    aside = project.restore(Path(file))
    click.echo(f"Restored {file} into {project.path}; what it held before is in {aside}")


COMMANDS = [tui, init, info, demo, coder, history, undo, redo, backup, restore]
