"""Commands on the codebook: show, import, export, add, edit, rename, move, merge, split,
delete, review, history; a supervisor's status, comments and diff."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.common import (ensure_coder, format_option, print_rows, project_option, short,
                                  with_project)
from workbench.errors import WorkbenchError, printable_path
from workbench.project import REVIEW_STATUSES, Project, render_rows, write_atomic

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


def given_fields(values: dict) -> dict:
    return {k: v for k, v in values.items() if v is not None}


@click.group()
@project_option
def codebook() -> None:
    """The codebook: themes, sub-themes and codes."""


@codebook.command(name="show")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table",
              help="A table, JSON (the whole tree) or Markdown with definitions.")
@with_project
def codebook_show(project: Project, fmt: str) -> None:
    """The numbered tree with codings, participants by role and definitions."""
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
@click.option("--yes", is_flag=True, help="Apply changes to an existing codebook without asking.")
@click.option("--preview", is_flag=True, help="Only show what would change.")
@with_project
def codebook_import(project: Project, file: str, yes: bool, preview: bool) -> None:
    """Import a YAML or REFI-QDA .qdc codebook, or merge it by path into the current one."""
    for warning in project.read_codebook_file(Path(file)).warnings:
        click.echo(f"warning: {printable_path(file)}: {warning}", err=True)
    plan = project.preview_codebook(Path(file))
    existing = bool(project.codebook.codes())
    if existing or preview:
        for item in plan:
            if item.action == "same":
                continue
            click.echo(f"{item.action:7} {item.path}")
            for key, (old, new) in item.changes.items():
                click.echo(f"          {key}: {short(old)} → {short(new)}")
        adds = sum(p.action == "add" for p in plan)
        updates = sum(p.action == "update" for p in plan)
        click.echo(f"{adds} to add, {updates} to update, "
                   f"{sum(p.action == 'same' for p in plan)} unchanged.")
        if preview or (adds + updates == 0):
            return
        if not yes and not click.confirm("Apply these changes?", default=False):
            raise WorkbenchError("nothing changed")
    ensure_coder(project)
    plan = project.import_codebook(Path(file))
    click.echo(f"Imported {printable_path(file)}: {sum(p.action == 'add' for p in plan)} codes added, "
               f"{sum(p.action == 'update' for p in plan)} updated.")


@codebook.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["yaml", "qdc", "md", "docx"]),
              default="yaml", show_default=True,
              help="YAML, REFI-QDA .qdc, or a Markdown or Word codebook document.")
@click.option("-o", "--output", help="Output file (default: exports/<project>-codebook-<date>).")
@click.option("--overwrite", is_flag=True, help="Replace an existing file.")
@with_project
def codebook_export(project: Project, fmt: str, output: str | None,
                    overwrite: bool) -> None:
    """Write the codebook as YAML, REFI-QDA .qdc, or a Markdown/Word codebook document."""
    content = project.export_codebook(fmt)
    target = Path(output) if output else project.export_path("codebook", fmt)
    write_atomic(target, content, overwrite)
    click.echo(f"Wrote {target}")


@codebook.command(name="add")
@click.argument("name")
@click.option("--parent", help="Path or name of the parent (default: a new theme).")
@click.option("--not-codable", is_flag=True, help="A heading only, not applied to text.")
@field_options
@with_project
def codebook_add(project: Project, name: str, parent: str | None, not_codable: bool,
                 **fields) -> None:
    """Add a theme, or a code under --parent."""
    values = given_fields(fields)
    if not_codable:
        values["codable"] = False
    ensure_coder(project)
    code = project.codebook.add(name, parent, **values)
    click.echo(f"Added {code['number']} {code['path']}")


@codebook.command(name="edit")
@click.argument("code")
@click.option("--codable/--not-codable", default=None,
              help="Whether the code can be applied to text (a heading cannot).")
@field_options
@with_project
def codebook_edit(project: Project, code: str, codable: bool | None, **fields) -> None:
    """Change a code's fields (an empty value clears one)."""
    values = given_fields(fields)
    if codable is not None:
        values["codable"] = codable
    if not values:
        raise WorkbenchError("say what to change, e.g. --definition '…'")
    ensure_coder(project)
    changed = project.codebook.edit(code, **values)
    click.echo(f"Edited {changed['number']} {changed['path']}")


@codebook.command(name="rename")
@click.argument("code")
@click.argument("new_name")
@with_project
def codebook_rename(project: Project, code: str, new_name: str) -> None:
    """Rename a code (its GUID and codings stay)."""
    ensure_coder(project)
    renamed = project.codebook.rename(code, new_name)
    click.echo(f"Renamed to {renamed['path']}")


@codebook.command(name="move")
@click.argument("code")
@click.option("--to", "parent", help="The new parent's path or name.")
@click.option("--top", is_flag=True, help="Make it a theme (top level).")
@click.option("--position", type=int, help="Place among the siblings (1 = first).")
@with_project
def codebook_move(project: Project, code: str, parent: str | None, top: bool,
                  position: int | None) -> None:
    """Move a code under another parent, to the top, or to another position."""
    if parent is None and not top:
        if position is None:
            raise WorkbenchError("say where: --to PARENT, --top or --position N")
        moved = project.codebook.reorder(code, position)
    else:
        ensure_coder(project)
        moved = project.codebook.move(code, None if top else parent, position)
    click.echo(f"Moved to {moved['number']} {moved['path']}")


@codebook.command(name="merge")
@click.argument("source")
@click.argument("target")
@with_project
def codebook_merge(project: Project, source: str, target: str) -> None:
    """Merge SOURCE into TARGET: its codings, memos and sub-codes move, then it is removed."""
    ensure_coder(project)
    merged = project.codebook.merge(source, target)
    click.echo(f"Merged into {merged['path']} ({merged['moved_codings']} codings moved)")


@codebook.command(name="split")
@click.argument("code")
@click.argument("names", nargs=-1, required=True)
@with_project
def codebook_split(project: Project, code: str, names: tuple[str, ...]) -> None:
    """Add sub-codes to split CODE; its codings stay on it until you recode them."""
    ensure_coder(project)
    created = project.codebook.split(code, list(names))
    for child in created:
        click.echo(f"Added {child['number']} {child['path']}")


@codebook.command(name="delete")
@click.argument("code")
@click.option("--recode-to", help="Move the codings to this code first.")
@click.option("--force", is_flag=True, help="Delete the codings with the code (asks first).")
@click.option("--yes", is_flag=True, help="With --force: do not ask.")
@with_project
def codebook_delete(project: Project, code: str, recode_to: str | None, force: bool,
                    yes: bool) -> None:
    """Delete a code and its sub-codes (refused while coded, unless --recode-to or --force)."""
    found = project.codebook.resolve(code)
    if force and not yes and not click.confirm(
            f"Delete '{found['path']}', its sub-codes and all their codings?", default=False):
        raise WorkbenchError("nothing deleted")
    ensure_coder(project)
    count = project.delete_code(code, recode_to=recode_to, force=force)
    click.echo(f"Deleted {found['path']}" + (f" ({count} codings "
               f"{'moved' if recode_to else 'deleted'})" if count else ""))


@codebook.command(name="review")
@click.option("--since", help="Also list codebook changes since this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table",
              help="Plain text, JSON or Markdown.")
@with_project
def codebook_review(project: Project, since: str | None, fmt: str) -> None:
    """What a supervisor checks: missing definitions, unused, single-participant, near-duplicate
    and overlapping codes, and recent changes."""
    review = project.codebook_review(since)
    if fmt == "json":
        click.echo(render_rows([review.as_dict()], [], "json"))
        return
    click.echo(review.as_markdown() if fmt == "md" else review.as_text())


@codebook.command(name="history")
@click.option("--since", help="Only changes from this date (YYYY-MM-DD).")
@format_option
@with_project
def codebook_history(project: Project, since: str | None, fmt: str) -> None:
    """The codebook's changes (codes added, edited, moved, merged …); `workbench history`
    lists every change."""
    print_rows(project.history(since, ("code", "codebook")),
               ["id", "at", "actor", "action", "summary", "state"], fmt)


@codebook.command(name="status")
@click.argument("code")
@click.argument("status", metavar="|".join(REVIEW_STATUSES).upper())
@with_project
def codebook_status(project: Project, code: str, status: str) -> None:
    """Set a code's review status: draft, proposed, approved or disputed (undoable)."""
    ensure_coder(project)
    changed = project.review.set_status(code, status)
    click.echo(f"{changed['path']}: {changed['review_status']}")


@codebook.command(name="comment")
@click.argument("code")
@click.argument("text")
@click.option("--author", help="Who writes it (default: the project's coder).")
@with_project
def codebook_comment(project: Project, code: str, text: str, author: str | None) -> None:
    """Add a review comment to a code's thread (kept apart from memos; undoable)."""
    ensure_coder(project)
    comment = project.review.add_comment(code, text, author)
    click.echo(f"Comment {comment['id']} on {comment['path']} by {comment['author']}")


@codebook.command(name="comments")
@click.argument("code", required=False)
@click.option("--open", "open_only", is_flag=True, help="Only comments not resolved yet.")
@format_option
@with_project
def codebook_comments(project: Project, code: str | None, open_only: bool, fmt: str) -> None:
    """The review comments (of CODE, or of every code), oldest first."""
    rows = [{**c, "state": "resolved" if c["resolved"] else "open", "at": c["created_at"][:16]}
            for c in project.review.comments(code, open_only)]
    if not rows and fmt == "table":
        click.echo("No open review comments." if open_only else "No review comments.")
        return
    print_rows(rows, ["id", "path", "author", "at", "state", "text"], fmt)


@codebook.command(name="resolve")
@click.argument("comment_id", type=int)
@click.option("--reopen", is_flag=True, help="Open a resolved comment again.")
@with_project
def codebook_resolve(project: Project, comment_id: int, reopen: bool) -> None:
    """Mark review comment COMMENT_ID resolved (or open again with --reopen; undoable)."""
    ensure_coder(project)
    comment = project.review.resolve(comment_id, not reopen)
    click.echo(f"Comment {comment['id']} on {comment['path']}: "
               f"{'resolved' if comment['resolved'] else 'open'}")


@codebook.command(name="diff")
@click.argument("other", required=False)
@click.option("--since", help="Compare with the codebook as it was on this date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "md", "docx", "json"]),
              default="table", show_default=True,
              help="A table, Markdown, a Word document (-o or exports/) or JSON.")
@click.option("-o", "--output", help="Write to this file (default for docx: exports/).")
@click.option("--overwrite", is_flag=True, help="Replace an existing file.")
@with_project
def codebook_diff(project: Project, other: str | None, since: str | None, fmt: str,
                  output: str | None, overwrite: bool) -> None:
    """What changed: codes added, removed, renamed, moved, merged, split, definitions and
    rules (a word diff), status and usage, since a date or against OTHER (a project .sqlite,
    a YAML or a .qdc codebook)."""
    diff = project.codebook_diff(since, Path(other) if other else None)
    if fmt == "json":
        content: str | bytes = render_rows(diff.rows(), [], "json")
    elif fmt in ("md", "docx"):
        content = project.codebook_diff_document(diff, fmt)
    else:
        click.echo(diff.summary())
        if diff.changes:
            print_rows(diff.rows(), ["kind", "code", "detail"], "table")
        return
    if output or fmt == "docx":
        target = Path(output) if output else project.export_path("codebook-diff", fmt)
        write_atomic(target, content, overwrite)
        click.echo(f"Wrote {target}")
    else:
        click.echo(content)


COMMANDS = [codebook]
