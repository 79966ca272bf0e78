"""The command line: a thin face on Project, one module per command group. Bare `workbench`
opens the coding screen."""

from __future__ import annotations

import click

from workbench.cli import codebook, coding, export, participants, project, quotes, saturation
from workbench.cli import deid, sources, team
from workbench.cli.common import project_option


@click.group(invoke_without_command=True)
@click.version_option(package_name="interview-workbench")
@project_option
@click.pass_context
def main(ctx: click.Context) -> None:
    """Interview Workbench: code qualitative interview transcripts in the terminal."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(project.tui)


for _group in (project, sources, participants, codebook, coding, quotes, saturation, export,
               deid, team):
    for _command in _group.COMMANDS:
        main.add_command(_command)
