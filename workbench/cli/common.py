"""What every command shares: the project option and the decorator that opens the project,
output formats, and user errors shown as one line."""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from workbench.errors import WorkbenchError, naming
from workbench.project import DEFAULT_FILENAME, NO_CODER, Project, database_problem, render_rows

FORMATS = click.Choice(["table", "json", "csv", "md"])
console = Console(highlight=False, soft_wrap=False)
_PROJECT_KEY = "workbench.project_file"  # in ctx.meta, which every nested context shares


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def friendly_errors(command: Callable) -> Callable:
    """Show user errors as one line on stderr with exit code 1, never as a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except WorkbenchError as exc:
            fail(str(exc))
        except sqlite3.DatabaseError as exc:
            fail(f"the project file {database_problem(exc)}")
        except KeyboardInterrupt:
            fail("interrupted; nothing half-done was kept")

    return wrapper


def _remember_project(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta[_PROJECT_KEY] = value


project_option = click.option(
    "-p", "--project", metavar="PATH", expose_value=False, callback=_remember_project,
    help=f"The project file (default: ./{DEFAULT_FILENAME}, or $WORKBENCH_PROJECT).",
)
"""``-p`` on a group or a command: the one given last (nearest the command) counts."""


def project_path(value: str | None = None) -> Path:
    """The project named by ``value``, else by ``-p`` anywhere on the command line, else by
    $WORKBENCH_PROJECT, else ./workbench.sqlite."""
    given = value or click.get_current_context().meta.get(_PROJECT_KEY)
    return Path(given or os.environ.get("WORKBENCH_PROJECT") or DEFAULT_FILENAME)


def with_project(command: Callable) -> Callable:
    """A command that works on the project: it is opened once and passed in first, and
    closed when the command ends (click's close hook), whatever happens."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        ctx = click.get_current_context()
        path = project_path()
        # A problem found in what was typed (no other file involved) is said of the project.
        with naming(path):
            project = Project.open(path)
            ctx.call_on_close(project.close)
            try:
                return command(project, *args, **kwargs)
            except sqlite3.DatabaseError as exc:
                raise WorkbenchError(database_problem(exc), path) from None

    return project_option(friendly_errors(run))


format_option = click.option("--format", "fmt", type=FORMATS, default="table", show_default=True,
                             help="Output as a table, or as json, csv or md for scripts.")


def print_rows(rows: list[dict], columns: list[str], fmt: str, title: str | None = None) -> None:
    if fmt != "table":
        click.echo(render_rows(rows, columns, fmt), nl=False)
        return
    table = Table(title=title, show_edge=False, header_style="bold")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    console.print(table)


def short(value: object, width: int = 50) -> str:
    """A value on one line of at most ``width`` characters."""
    text = "" if value is None else str(value)
    return text if len(text) <= width else text[:width - 3] + "…"


def ensure_coder(project: Project) -> None:
    """Before the first change to a project: the coder's name, asked for at a terminal,
    else an error that says how to give it (never the OS user's login, silently)."""
    if project.coder_name():
        return
    if not interactive():
        raise WorkbenchError(NO_CODER)
    name = click.prompt("Who is coding? Your name, kept with this project's changes").strip()
    project.set_default_coder(name)
    click.echo(f"Default coder: {name} (change it with `workbench coder NAME`)", err=True)


def interactive() -> bool:
    """Whether a person is at the keyboard to answer a question."""
    return sys.stdin.isatty()
