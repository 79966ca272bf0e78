"""Commands on participants: list, set attributes, relabel a role, import a CSV, the
characteristics table."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.common import (ensure_coder, format_option, print_rows, project_option,
                                  with_project)
from workbench.project import Project, parse_attributes


@click.group(invoke_without_command=True)
@project_option
@format_option
@click.pass_context
def participants(ctx: click.Context, fmt: str) -> None:
    """Participants: list, set attributes, relabel a role, import a CSV, summary table."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(participants_list, fmt=fmt)


@participants.command(name="list")
@format_option
@with_project
def participants_list(project: Project, fmt: str = "table") -> None:
    """List participants with their role and attributes."""
    rows = project.participants()
    flat = [{"id": r["id"], "role": r["role"], "role_label": r["role_label"],
             "sources": r["sources"], "turns": r["turns"], **r["attributes"]} for r in rows]
    attribute_columns = list(dict.fromkeys(k for r in rows for k in r["attributes"]))
    print_rows(flat, ["id", "role", "sources", "turns", *attribute_columns], fmt)


@participants.command(name="set")
@click.argument("participant")
@click.argument("values", nargs=-1, required=True)
@with_project
def participants_set(project: Project, participant: str, values: tuple[str, ...]) -> None:
    """Set attributes: `workbench participants set G3 age=45 sex=F` (`key=` removes one)."""
    changes = parse_attributes(values)
    pid = project.participant_id(participant)
    ensure_coder(project)
    project.set_participant(pid, changes)
    click.echo(f"{pid}: " + ", ".join(f"{k}={'' if v is None else v}" for k, v in changes.items()))


@participants.command(name="role")
@click.argument("prefix")
@click.argument("label")
@with_project
def participants_role(project: Project, prefix: str, label: str) -> None:
    """Relabel a role in every table: `workbench participants role G "Family doctor"` (the
    prefix, part of the IDs, stays)."""
    ensure_coder(project)
    click.echo(f"Role {project.set_role_label(prefix, label)}: {label.strip()}")


@participants.command(name="import")
@click.argument("csv_file")
@with_project
def participants_import(project: Project, csv_file: str) -> None:
    """Read attributes from a CSV file with an `id` column (all rows or none)."""
    ensure_coder(project)
    count = project.import_participants(Path(csv_file))
    click.echo(f"Attributes set for {count} participants from {csv_file}")


@participants.command(name="summary")
@click.option("--all-participants", "everyone", is_flag=True,
              help="Also those never interviewed (default: only those with a transcript or a "
                   "turn, as in the theme table).")
@format_option
@with_project
def participants_summary(project: Project, everyone: bool, fmt: str) -> None:
    """The characteristics table: n per role, mean ± SD (range), counts, missing values."""
    table = project.participant_summary(everyone)
    columns = ["characteristic", *table.columns]
    rows = [dict(zip(columns, row)) for row in table.rows]
    print_rows(rows, columns, fmt, title="Participant characteristics")
    for note in table.notes:
        click.echo(note, err=fmt in ("csv", "json"))


COMMANDS = [participants]
