"""Several coders on one study: intercoder agreement, blind copies and their merge."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.common import console, print_rows, with_project
from workbench.errors import WorkbenchError
from workbench.project import AGREEMENT_FORMATS, AGREEMENT_UNITS, Project, write_atomic

SHOWN = ["code", "source", "units", "agreement %", "kappa", "alpha", "segments", "matched %",
         "matched κn"]
BINARY = ("docx", "xlsx")


@click.command()
@click.option("--coders", required=True, metavar="A B [C…]",
              help="The coders to compare, two or more, separated by spaces or commas.")
@click.argument("more_coders", nargs=-1, metavar="")
@click.option("--code", "codes", multiple=True, metavar="CODE",
              help="Only this code (path or name); repeat for more (default: every code used).")
@click.option("--source", "sources", multiple=True, metavar="SOURCE",
              help="Only this source; repeat for more (default: those two coders coded).")
@click.option("--unit", type=click.Choice(AGREEMENT_UNITS), default="sentence",
              show_default=True,
              help="Compare characters (NVivo's κ), or sentences or turns (κ and α).")
@click.option("--overlap", type=click.FloatRange(min=0, max=1, min_open=True), default=0.9,
              show_default=True,
              help="Segment matching: the share of characters two codings must share.")
@click.option("--format", "fmt", type=click.Choice(AGREEMENT_FORMATS), default="table",
              show_default=True, help="A table on screen, or md, csv, json, docx or xlsx.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (docx and xlsx need one).")
@click.option("--overwrite", is_flag=True, help="Replace an existing output file.")
@with_project
def agreement(project: Project, coders: str, more_coders: tuple[str, ...], codes: tuple[str, ...], sources: tuple[str, ...],
              unit: str, overlap: float, fmt: str, output: Path | None, overwrite: bool) -> None:
    """Intercoder agreement per code, per source and overall: percent, Cohen's κ,
    Krippendorff's α, matched segments and their Brennan & Prediger κn (docs/agreement.md)."""
    given = " ".join([coders, *more_coders]).replace(",", " ")
    names = given.split()
    if fmt in BINARY and output is None:
        raise WorkbenchError(f"a .{fmt} file needs -o FILE")
    result = project.agreement(names, codes, sources, unit, overlap)
    if output is not None:
        if fmt == "table":
            fmt = output.suffix.lstrip(".").lower() or "md"
            if fmt not in AGREEMENT_FORMATS:
                raise WorkbenchError("the file name ends in neither .md, .csv, .json, .docx "
                                     "nor .xlsx; give --format", output)
        written = write_atomic(output, result.write(fmt), overwrite)
        click.echo(f"Wrote {written}", err=True)
        return
    if fmt != "table":
        click.echo(result.write(fmt), nl=False)
        return
    console.print(result.title())
    for scope, heading in (("code", "Per code"), ("source", "Per source"),
                           ("overall", "Overall")):
        rows = result.rows([scope])
        columns = [c for c in SHOWN if not (scope == "code" and c == "source")
                   and not (scope == "source" and c == "code")
                   and not (scope == "overall" and c in ("code", "source"))]
        print_rows(rows, columns, "table", title=heading)
    for note in result.notes():
        console.print(note)



@click.group()
def team() -> None:
    """Several coders: blind copies for each coder, and merging them back."""


@team.command("copy")
@click.argument("coder")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The copy's file (it must not exist).")
@click.option("--new", is_flag=True, help="A coder who has not coded in this project yet.")
@with_project
def team_copy(project: Project, coder: str, output: Path, new: bool) -> None:
    """Write a blind copy for CODER: the same sources, codebook and GUIDs, none of the other
    coders' codings, no history, CODER the default coder."""
    left_out = project.team_copy(coder, output, new)
    click.echo(f"Wrote {output}: a blind copy for {coder.strip()} "
               f"({left_out} coding(s) by other coders left out)")


@team.command("merge")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Apply the plan without asking.")
@with_project
def team_merge(project: Project, files: tuple[Path, ...], yes: bool) -> None:
    """Merge blind copies back: their codings (matched by source text and code GUID) and
    codebook changes, shown as a plan first, applied as one undo step."""
    plan = project.team_merge_plan(files)
    if plan.conflicts:
        raise WorkbenchError("the merge has conflicts; nothing was merged:\n  "
                             + "\n  ".join(plan.conflicts))
    for item in plan.left_out:
        click.echo(f"Not merged: {item}", err=True)
    if plan.empty:
        click.echo("Nothing to merge: the project has every coding and code change of "
                   + ", ".join(str(f) for f in files))
        return
    click.echo("Merge plan:")
    for item in plan.items:
        click.echo(f"  {item}")
    if not yes and not click.confirm("Apply this merge?", default=False):
        click.echo("Nothing merged.")
        return
    project.team_merge(plan)
    click.echo(f"Merged {len(files)} copy(ies) as one step (`workbench undo` takes it back).")


COMMANDS = [agreement, team]
