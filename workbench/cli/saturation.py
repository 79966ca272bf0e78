"""Command-line commands for code saturation and the interview order it is counted in."""

from __future__ import annotations

import json
from pathlib import Path

import click

from workbench.cli.common import format_option, print_rows, with_project
from workbench.errors import WorkbenchError
from workbench.project import (SATURATION_GROUPINGS, SATURATION_METHODS, Project,
                               SaturationReport, SaturationSettings, plot_saturation)

INTERVIEW_COLUMNS = ["order", "source", "participant", "present", "new", "cumulative", "share"]
SUMMARY_COLUMNS = {"guest": ["guest", "random_orders"], "francis": ["francis"],
                   "chao2": ["q1", "q2", "chao2", "chao2_form", "completeness"]}
CODE_COLUMNS = ["code", "first", "first_in", "last", "last_in", "interviews"]


@click.command()
@click.option("--level", type=click.IntRange(min=1), default=2, show_default=True,
              help="Count codes at this codebook level (1 themes, 2 sub-themes).")
@click.option("--by", type=click.Choice(SATURATION_GROUPINGS), help="Also per role, theme or coder.")
@click.option("--base", type=click.IntRange(min=1), default=4, show_default=True,
              help="Guest et al.: interviews in the base.")
@click.option("--run", type=click.IntRange(min=1), default=2, show_default=True,
              help="Guest et al.: interviews in a run.")
@click.option("--threshold", type=click.FloatRange(min=0, max=100), default=5.0,
              show_default=True, help="Guest et al.: new-information threshold, in percent.")
@click.option("--initial", type=click.IntRange(min=0), default=10, show_default=True,
              help="Francis et al.: the initial sample.")
@click.option("--stop", type=click.IntRange(min=1), default=3, show_default=True,
              help="Francis et al.: consecutive interviews without a new code.")
@click.option("--orders", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Random orders for the order sensitivity (0 skips it).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Seed of the random orders (the same seed, the same result).")
@click.option("--deductive", type=click.Choice(["exclude", "count"]), default="exclude",
              show_default=True,
              help="Deductive codes (origin: deductive): left out, or counted as new at first use.")
@click.option("--coder", metavar="NAME",
              help="Count only this coder's codings (default: every coder's, pooled).")
@click.option("--chao2", "chao2_form", type=click.Choice(["classic", "bias-corrected"]),
              default="classic", show_default=True,
              help="Chao2 form; classic uses the bias-corrected one where Q2 = 0.")
@click.option("--method", type=click.Choice([*SATURATION_METHODS, "all"]), default="all",
              show_default=True, help="Report one method, or all of them.")
@format_option
@click.option("--plot", metavar="PATH", help="Also draw the curve into PATH.png or PATH.svg.")
@click.option("--overwrite", is_flag=True, help="Replace an existing plot file.")
@with_project
def saturation(project: Project, level: int, by: str | None, base: int, run: int,
               threshold: float, initial: int, stop: int, orders: int, seed: int,
               deductive: str, coder: str | None, chao2_form: str, method: str,
               fmt: str, plot: str | None, overwrite: bool) -> None:
    """Code saturation in interview order: Guest et al. (2020), Francis et al. (2010), Chao2."""
    if plot and Path(plot).exists() and not overwrite:
        raise WorkbenchError("exists already; choose another --plot file, or pass --overwrite",
                             plot)
    settings = SaturationSettings(base=base, run=run, threshold=threshold, initial=initial,
                                  stop=stop, orders=orders, seed=seed, deductive=deductive,
                                  coder=coder, chao2=chao2_form)
    report = project.saturation(level, by, settings)
    if plot:
        written = plot_saturation(report, Path(plot), overwrite)
        click.echo(f"Wrote {written}", err=fmt != "table")
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        rows, columns = _csv_table(report, method)
        print_rows(rows, columns, "csv")
        for note in report.notes:  # beside the table, not in it
            click.echo(note, err=True)
    else:
        _print_sections(report, method, fmt)


def _summary_columns(method: str) -> list[str]:
    chosen = SATURATION_METHODS if method == "all" else (method,)
    return ["group", "interviews", "codes"] + [c for m in chosen for c in SUMMARY_COLUMNS[m]]


def _csv_table(report: SaturationReport, method: str) -> tuple[list[dict], list[str]]:
    """One table for scripts: the curve (all methods), the Guest grid, or a method's results."""
    if method == "all":
        return report.interview_rows(), ["group", *INTERVIEW_COLUMNS, "new_codes"]
    if method == "guest":
        rows = report.grid_rows()
        return rows, list(rows[0])
    return report.summary_rows(), _summary_columns(method)


def _print_sections(report: SaturationReport, method: str, fmt: str) -> None:
    grouped = report.by is not None
    interviews = len(report.overall.interviews)
    heading = (f"Code saturation of {report.counted_label}, {interviews} interviews in "
               "interview order"
               + (f", by {report.by}" if grouped else ""))
    click.echo(f"## {heading}\n" if fmt == "md" else f"{heading}\n")
    sections: list[tuple[str, list[dict], list[str]]] = []
    if not grouped:
        # Which codes are new where is in the last section, one line per code.
        sections.append(("Interviews in order", report.interview_rows(), INTERVIEW_COLUMNS))
    sections.append(("Results", report.summary_rows(), _summary_columns(method)))
    if method in ("guest", "all"):
        rows = report.grid_rows()
        columns = list(rows[0])
        sections.append(("Guest et al. (2020) by base, run and threshold", rows,
                         columns if grouped else columns[1:]))
    if method == "all" and not grouped:
        sections.append(("First and last interview of each code", report.code_rows(),
                         CODE_COLUMNS))
    for title, rows, columns in sections:
        if fmt == "md":
            click.echo(f"### {title}\n")
            print_rows(rows, columns, "md")
            click.echo()
        else:
            print_rows(rows, columns, "table", title=title)
            click.echo()
    for note in report.notes:
        click.echo(note)
    click.echo(report.status_line)
    click.echo()
    click.echo(report.methods_text(method))


COMMANDS = [saturation]
