"""Command-line commands of the coding model: codebook, code, uncode, autocode, memo, undo, redo."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.common import (format_option, friendly_errors, print_rows, project_option,
                                  project_path)
from workbench.errors import WorkbenchError


from workbench.project import Project, render_rows, write_atomic

FIELD_OPTIONS = [
    ("--short", "short_definition", "A one-line definition."),
    ("--definition", "definition", "The full definition."),
    ("--when-to-use", "inclusion", "Inclusion rule."),
    ("--when-not-to-use", "exclusion", "Exclusion rule."),
    ("--example", "example", "An example passage."),
    ("--colour", "colour", "Colour as #RRGGBB."),
    ("--origin", "origin", "deductive or inductive."),
]


def field_options(command):
    for flag, name, text in reversed(FIELD_OPTIONS):
        command = click.option(flag, name, help=text)(command)
    return command


def coder_option(command):
    return click.option("--coder", help="Who codes (default: the project's coder or your "
                                        "user name).")(command)


def given_fields(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}


def open_project(project_file: str | None) -> Project:
    return Project.open(project_path(project_file))


@click.group()
def codebook() -> None:
    """The codebook: themes, sub-themes and codes."""


@codebook.command(name="show")
@project_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table")
@friendly_errors
def codebook_show(project_file: str | None, fmt: str) -> None:
    """The numbered tree with codings, participants by role and definitions."""
    with open_project(project_file) as project:
        tree = project.codebook.tree()
    if fmt == "json":
        click.echo(render_rows(tree, [], "json"))
        return
    rows = []

    def walk(nodes: list[dict]) -> None:
        for node in nodes:
            roles = " · ".join(f"{r} {n}" for r, n in node["participants_by_role"].items())
            rows.append({"number": node["number"],
                         "code": "  " * (node["level"] - 1) + node["name"],
                         "codings": node["codings_total"], "participants": roles,
                         "definition": node["short_definition"] or ""})
            walk(node["children"])

    walk(tree)
    if not rows:
        click.echo("The codebook is empty; `workbench codebook import FILE` or "
                   "`workbench codebook add NAME`.")
        return
    columns = ["number", "code", "codings", "participants"]
    print_rows(rows, columns + ["definition"] if fmt == "md" else columns,
               "md" if fmt == "md" else "table")


@codebook.command(name="import")
@click.argument("file")
@project_option
@click.option("--yes", is_flag=True, help="Apply changes to an existing codebook without asking.")
@click.option("--preview", is_flag=True, help="Only show what would change.")
@friendly_errors
def codebook_import(file: str, project_file: str | None, yes: bool, preview: bool) -> None:
    """Import a YAML or REFI-QDA .qdc codebook, or merge it by path into the current one."""
    with open_project(project_file) as project:
        plan = project.preview_codebook(Path(file))
        existing = bool(project.codebook.codes())
        if existing or preview:
            for item in plan:
                if item.action == "same":
                    continue
                click.echo(f"{item.action:7} {item.path}")
                for key, (old, new) in item.changes.items():
                    click.echo(f"          {key}: {_short(old)} → {_short(new)}")
            adds = sum(p.action == "add" for p in plan)
            updates = sum(p.action == "update" for p in plan)
            click.echo(f"{adds} to add, {updates} to update, "
                       f"{sum(p.action == 'same' for p in plan)} unchanged.")
            if preview or (adds + updates == 0):
                return
            if not yes and not click.confirm("Apply these changes?", default=False):
                raise WorkbenchError("nothing changed")
        plan = project.import_codebook(Path(file))
    click.echo(f"Imported {file}: {sum(p.action == 'add' for p in plan)} codes added, "
               f"{sum(p.action == 'update' for p in plan)} updated.")


def _short(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 50 else text[:47] + "…"


@codebook.command(name="export")
@project_option
@click.option("--format", "fmt", type=click.Choice(["yaml", "qdc", "md", "docx"]),
              default="yaml", show_default=True)
@click.option("-o", "--output", help="Output file (default: exports/<project>-codebook-<date>).")
@click.option("--overwrite", is_flag=True, help="Replace an existing file.")
@friendly_errors
def codebook_export(project_file: str | None, fmt: str, output: str | None,
                    overwrite: bool) -> None:
    """Write the codebook as YAML, REFI-QDA .qdc, or a Markdown/Word codebook document."""
    with open_project(project_file) as project:
        content = project.export_codebook(fmt)
        target = Path(output) if output else project.export_path("codebook", fmt)
    write_atomic(target, content, overwrite)
    click.echo(f"Wrote {target}")


@codebook.command(name="add")
@click.argument("name")
@project_option
@click.option("--parent", help="Path or name of the parent (default: a new theme).")
@click.option("--not-codable", is_flag=True, help="A heading only, not applied to text.")
@field_options
@friendly_errors
def codebook_add(name: str, project_file: str | None, parent: str | None, not_codable: bool,
                 **fields) -> None:
    """Add a theme, or a code under --parent."""
    values = given_fields(fields)
    if not_codable:
        values["codable"] = False
    with open_project(project_file) as project:
        code = project.codebook.add(name, parent, **values)
    click.echo(f"Added {code['number']} {code['path']}")


@codebook.command(name="edit")
@click.argument("code")
@project_option
@click.option("--codable/--not-codable", default=None)
@field_options
@friendly_errors
def codebook_edit(code: str, project_file: str | None, codable: bool | None, **fields) -> None:
    """Change a code's fields (an empty value clears one)."""
    values = given_fields(fields)
    if codable is not None:
        values["codable"] = codable
    if not values:
        raise WorkbenchError("say what to change, e.g. --definition '…'")
    with open_project(project_file) as project:
        changed = project.codebook.edit(code, **values)
    click.echo(f"Edited {changed['number']} {changed['path']}")


@codebook.command(name="rename")
@click.argument("code")
@click.argument("new_name")
@project_option
@friendly_errors
def codebook_rename(code: str, new_name: str, project_file: str | None) -> None:
    """Rename a code (its GUID and codings stay)."""
    with open_project(project_file) as project:
        renamed = project.codebook.rename(code, new_name)
    click.echo(f"Renamed to {renamed['path']}")


@codebook.command(name="move")
@click.argument("code")
@project_option
@click.option("--to", "parent", help="The new parent's path or name.")
@click.option("--top", is_flag=True, help="Make it a theme (top level).")
@click.option("--position", type=int, help="Place among the siblings (1 = first).")
@friendly_errors
def codebook_move(code: str, project_file: str | None, parent: str | None, top: bool,
                  position: int | None) -> None:
    """Move a code under another parent, to the top, or to another position."""
    with open_project(project_file) as project:
        if parent is None and not top:
            if position is None:
                raise WorkbenchError("say where: --to PARENT, --top or --position N")
            moved = project.codebook.reorder(code, position)
        else:
            moved = project.codebook.move(code, None if top else parent, position)
    click.echo(f"Moved to {moved['number']} {moved['path']}")


@codebook.command(name="merge")
@click.argument("source")
@click.argument("target")
@project_option
@friendly_errors
def codebook_merge(source: str, target: str, project_file: str | None) -> None:
    """Merge SOURCE into TARGET: its codings, memos and sub-codes move, then it is removed."""
    with open_project(project_file) as project:
        merged = project.codebook.merge(source, target)
    click.echo(f"Merged into {merged['path']} ({merged['moved_codings']} codings moved)")


@codebook.command(name="split")
@click.argument("code")
@click.argument("names", nargs=-1, required=True)
@project_option
@friendly_errors
def codebook_split(code: str, names: tuple[str, ...], project_file: str | None) -> None:
    """Add sub-codes to split CODE; its codings stay on it until you recode them."""
    with open_project(project_file) as project:
        created = project.codebook.split(code, list(names))
    for child in created:
        click.echo(f"Added {child['number']} {child['path']}")


@codebook.command(name="delete")
@click.argument("code")
@project_option
@click.option("--recode-to", help="Move the codings to this code first.")
@click.option("--force", is_flag=True, help="Delete the codings with the code (asks first).")
@click.option("--yes", is_flag=True, help="With --force: do not ask.")
@friendly_errors
def codebook_delete(code: str, project_file: str | None, recode_to: str | None, force: bool,
                    yes: bool) -> None:
    """Delete a code and its sub-codes (refused while coded, unless --recode-to or --force)."""
    with open_project(project_file) as project:
        found = project.codebook.resolve(code)
        if force and not yes and not click.confirm(
                f"Delete '{found['path']}', its sub-codes and all their codings?", default=False):
            raise WorkbenchError("nothing deleted")
        count = project.codebook.delete(code, recode_to=recode_to, force=force)
    click.echo(f"Deleted {found['path']}" + (f" ({count} codings "
               f"{'moved' if recode_to else 'deleted'})" if count else ""))


@codebook.command(name="review")
@project_option
@click.option("--since", help="Also list codebook changes since this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table")
@friendly_errors
def codebook_review(project_file: str | None, since: str | None, fmt: str) -> None:
    """What a supervisor checks: missing definitions, unused, single-participant, near-duplicate
    and overlapping codes, and recent changes."""
    with open_project(project_file) as project:
        review = project.codebook_review(since)
    if fmt == "json":
        click.echo(render_rows([review.as_dict()], [], "json"))
        return
    click.echo(review.as_markdown() if fmt == "md" else review.as_text())


@codebook.command(name="history")
@project_option
@click.option("--since", help="Only changes from this date (YYYY-MM-DD).")
@format_option
@friendly_errors
def codebook_history(project_file: str | None, since: str | None, fmt: str) -> None:
    """Every codebook and coding change: when, who, what, and whether it was undone."""
    with open_project(project_file) as project:
        rows = project.history(since)
    state = {0: "", 1: "undone", 2: "undone"}
    for row in rows:
        row["state"] = state[row["undone"]]
    print_rows(rows, ["id", "at", "actor", "action", "summary", "state"], fmt)


@click.command()
@click.argument("source")
@click.argument("start", type=int)
@click.argument("end", type=int)
@click.argument("code")
@project_option
@coder_option
@click.option("--memo", help="A memo on this coding.")
@click.option("--exemplar", is_flag=True, help="Mark it as an exemplar quote.")
@friendly_errors
def code(source: str, start: int, end: int, code: str, project_file: str | None,
         coder: str | None, memo: str | None, exemplar: bool) -> None:
    """Code [START, END) of SOURCE with CODE (a path such as 'Theme/Sub-theme' or a unique name)."""
    with open_project(project_file) as project:
        row = project.source(source)
        coding = project.codings.apply(row["id"], start, end, code, coder, memo, exemplar)
    if coding["created"]:
        click.echo(f"Coded {row['name']} {start}–{end} as {coding['code_path']} "
                   f"(coding {coding['id']}): \"{_short(coding['text'])}\"")
    else:
        click.echo(f"Already coded: {row['name']} {start}–{end} as {coding['code_path']} "
                   f"by {coding['coder']}; nothing changed.")


@click.command()
@click.argument("source", required=False)
@click.argument("start", type=int, required=False)
@click.argument("end", type=int, required=False)
@click.argument("code", required=False)
@project_option
@coder_option
@click.option("--id", "coding_id", type=int, help="Remove the coding with this id.")
@friendly_errors
def uncode(source: str | None, start: int | None, end: int | None, code: str | None,
           project_file: str | None, coder: str | None, coding_id: int | None) -> None:
    """Remove a coding: SOURCE START END CODE, or --id N."""
    with open_project(project_file) as project:
        if coding_id is None:
            if None in (source, start, end, code):
                raise WorkbenchError("give SOURCE START END CODE, or --id N")
            row = project.source(source)
            coding_id = project.codings.find(row["id"], start, end, code, coder)["id"]
        removed = project.codings.remove(coding_id)
    click.echo(f"Removed coding {removed['id']} ({removed['code_path']}, "
               f"{removed['source_name']} {removed['start']}–{removed['end']})")


@click.command()
@click.argument("pattern")
@click.argument("code")
@project_option
@coder_option
@click.option("--regex", is_flag=True, help="PATTERN is a regular expression.")
@click.option("--unit", type=click.Choice(["sentence", "turn"]), default="sentence",
              show_default=True)
@click.option("--include-interviewer", is_flag=True, help="Also code the interviewer's words.")
@click.option("--yes", is_flag=True, help="Apply without asking after the preview.")
@click.option("--preview", is_flag=True, help="Only list the matches.")
@friendly_errors
def autocode(pattern: str, code: str, project_file: str | None, coder: str | None, regex: bool,
             unit: str, include_interviewer: bool, yes: bool, preview: bool) -> None:
    """Code every sentence or turn that matches PATTERN (previewed first; undone as one step)."""
    with open_project(project_file) as project:
        target = project.codebook.resolve(code)
        hits = project.codings.autocode_preview(pattern, unit, regex, include_interviewer)
        for hit in hits[:20]:
            click.echo(f"{hit.source} turn {hit.turn_number} [{hit.participant or '-'}] "
                       f"{hit.start}–{hit.end}: {_short(hit.text)}")
        if len(hits) > 20:
            click.echo(f"… and {len(hits) - 20} more")
        click.echo(f"{len(hits)} {unit}s match; they would be coded as {target['path']}.")
        if preview or not hits:
            return
        if not yes and not click.confirm("Code them?", default=False):
            raise WorkbenchError("nothing coded")
        added = project.codings.autocode(pattern, target["id"], unit, regex, include_interviewer,
                                        coder)
    click.echo(f"Added {added} codings (undo with `workbench undo`).")


@click.command()
@click.argument("kind", type=click.Choice(["project", "source", "code", "participant", "coding"]))
@click.argument("target_and_text", nargs=-1, required=True)
@project_option
@coder_option
@friendly_errors
def memo(kind: str, target_and_text: tuple[str, ...], project_file: str | None,
         coder: str | None) -> None:
    """Write a memo: `memo project TEXT`, `memo source G3 TEXT`, `memo code PATH TEXT`,
    `memo participant G3 TEXT`, `memo coding ID TEXT`."""
    with open_project(project_file) as project:
        if kind == "project":
            target, text = None, " ".join(target_and_text)
        else:
            if len(target_and_text) < 2:
                raise WorkbenchError(f"give the {kind} and the memo text")
            ref, text = target_and_text[0], " ".join(target_and_text[1:])
            target = project.memo_target(kind, ref)
        memo_id = project.codings.add_memo(kind, target, text, coder)
    click.echo(f"Memo {memo_id} written on {kind} {target_and_text[0] if kind != 'project' else ''}")


@click.command()
@project_option
@friendly_errors
def undo(project_file: str | None) -> None:
    """Undo the last codebook or coding change (also after a restart)."""
    with open_project(project_file) as project:
        step = project.undo()
    click.echo(f"Undone: {step.summary}")


@click.command()
@project_option
@friendly_errors
def redo(project_file: str | None) -> None:
    """Redo the change undone last."""
    with open_project(project_file) as project:
        step = project.redo()
    click.echo(f"Redone: {step.summary}")


@click.command()
@click.argument("name", required=False)
@project_option
@friendly_errors
def coder(name: str | None, project_file: str | None) -> None:
    """Show or set the project's default coder (used when --coder is not given)."""
    with open_project(project_file) as project:
        if name:
            project.set_default_coder(name)
        click.echo(f"Default coder: {project.default_coder()}")


COMMANDS = [codebook, code, uncode, autocode, memo, undo, redo, coder]
