"""What every command-line command shares: the project option, output formats, error handling."""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from workbench.errors import WorkbenchError

from workbench.project import DEFAULT_FILENAME, render_rows

FORMATS = click.Choice(["table", "json", "csv", "md"])
console = Console(highlight=False, soft_wrap=False)


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def friendly_errors(command):
    """Show user errors as one line on stderr with exit code 1, never as a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except WorkbenchError as exc:
            fail(str(exc))
        except sqlite3.DatabaseError as exc:
            fail(f"the project file could not be used ({exc})")
        except KeyboardInterrupt:
            fail("interrupted; nothing half-done was kept")

    return wrapper


def project_path(value: str | None) -> Path:
    return Path(value or os.environ.get("WORKBENCH_PROJECT") or DEFAULT_FILENAME)


project_option = click.option(
    "-p", "--project", "project_file", metavar="PATH",
    help=f"The project file (default: ./{DEFAULT_FILENAME}, or $WORKBENCH_PROJECT).",
)
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


