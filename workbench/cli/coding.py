"""Commands that code: code, uncode, autocode, memo, memos."""

from __future__ import annotations

import click

from workbench.cli.common import (ensure_coder, format_option, print_rows, project_option, short,
                                  with_project)
from workbench.errors import WorkbenchError
from workbench.project import MEMO_TARGETS, Project


def coder_option(command):
    return click.option("--coder", help="Who codes (default: the project's coder, "
                                        "`workbench coder NAME`).")(command)


@click.command()
@click.argument("source")
@click.argument("start", type=int)
@click.argument("end", type=int)
@click.argument("code")
@coder_option
@click.option("--memo", help="A memo on this coding.")
@click.option("--exemplar", is_flag=True, help="Mark it as an exemplar quote.")
@with_project
def code(project: Project, source: str, start: int, end: int, code: str,
         coder: str | None, memo: str | None, exemplar: bool) -> None:
    """Code [START, END) of SOURCE with CODE (a path such as 'Theme/Sub-theme' or a unique name)."""
    row = project.source(source)
    ensure_coder(project)
    coding = project.codings.apply(row["id"], start, end, code, coder, memo, exemplar)
    if coding["created"]:
        click.echo(f"Coded {row['name']} {start}–{end} as {coding['code_path']} "
                   f"(coding {coding['id']}): \"{short(coding['text'])}\"")
    else:
        click.echo(f"Already coded: {row['name']} {start}–{end} as {coding['code_path']} "
                   f"by {coding['coder']}; nothing changed.")


@click.command()
@click.argument("source", required=False)
@click.argument("start", type=int, required=False)
@click.argument("end", type=int, required=False)
@click.argument("code", required=False)
@coder_option
@click.option("--id", "coding_id", type=int, help="Remove the coding with this id.")
@with_project
def uncode(project: Project, source: str | None, start: int | None, end: int | None,
           code: str | None, coder: str | None, coding_id: int | None) -> None:
    """Remove a coding: SOURCE START END CODE, or --id N."""
    if coding_id is None:
        if None in (source, start, end, code):
            raise WorkbenchError("give SOURCE START END CODE, or --id N")
        row = project.source(source)
        coding_id = project.codings.find(row["id"], start, end, code, coder)["id"]
    ensure_coder(project)
    removed = project.codings.remove(coding_id)
    click.echo(f"Removed coding {removed['id']} ({removed['code_path']}, "
               f"{removed['source_name']} {removed['start']}–{removed['end']})")


@click.command()
@click.argument("pattern")
@click.argument("code")
@coder_option
@click.option("--regex", is_flag=True, help="PATTERN is a regular expression.")
@click.option("--unit", type=click.Choice(["sentence", "turn"]), default="sentence",
              show_default=True, help="Code each matching sentence, or its whole turn.")
@click.option("--include-interviewer", is_flag=True, help="Also code the interviewer's words.")
@click.option("--yes", is_flag=True, help="Apply without asking after the preview.")
@click.option("--preview", is_flag=True, help="Only list the matches.")
@with_project
def autocode(project: Project, pattern: str, code: str, coder: str | None, regex: bool,
             unit: str, include_interviewer: bool, yes: bool, preview: bool) -> None:
    """Code every sentence or turn that matches PATTERN (previewed first; undone as one step)."""
    target = project.codebook.resolve(code)
    hits = project.codings.autocode_preview(pattern, unit, regex, include_interviewer)
    for hit in hits[:20]:
        click.echo(f"{hit.source} turn {hit.turn_number} [{hit.participant or '-'}] "
                   f"{hit.start}–{hit.end}: {short(hit.text)}")
    if len(hits) > 20:
        click.echo(f"… and {len(hits) - 20} more")
    click.echo(f"{len(hits)} {unit}s match; they would be coded as {target['path']}.")
    if preview or not hits:
        return
    if not yes and not click.confirm("Code them?", default=False):
        raise WorkbenchError("nothing coded")
    ensure_coder(project)
    added = project.codings.autocode(pattern, target["id"], unit, regex, include_interviewer,
                                    coder)
    click.echo(f"Added {added} codings (undo with `workbench undo`).")


@click.command()
@click.argument("kind", type=click.Choice(["project", "source", "code", "participant", "coding"]))
@click.argument("target_and_text", nargs=-1, required=True)
@coder_option
@with_project
def memo(project: Project, kind: str, target_and_text: tuple[str, ...],
         coder: str | None) -> None:
    """Write a memo: `memo project TEXT`, `memo source G3 TEXT`, `memo code PATH TEXT`,
    `memo participant G3 TEXT`, `memo coding ID TEXT`."""
    if kind == "project":
        target, text = None, " ".join(target_and_text)
    else:
        if len(target_and_text) < 2:
            raise WorkbenchError(f"give the {kind} and the memo text")
        ref, text = target_and_text[0], " ".join(target_and_text[1:])
        target = project.memo_target(kind, ref)
    ensure_coder(project)
    memo_id = project.codings.add_memo(kind, target, text, coder)
    click.echo(f"Memo {memo_id} written on {kind} {target_and_text[0] if kind != 'project' else ''}")


MEMO_COLUMNS = ["id", "kind", "about", "author", "at", "text"]


def parse_memo_target(project: Project, value: str | None) -> tuple[str | None, str | None]:
    """``code``, ``source:G3``, ``code:Staffing and workload``, ``coding:12`` → (kind,
    stored target)."""
    if not value:
        return None, None
    kind, _, ref = value.partition(":")
    kind = kind.strip().casefold()
    if kind not in MEMO_TARGETS:
        raise WorkbenchError(f"--target '{value}': give one of {', '.join(MEMO_TARGETS)}, "
                             "optionally with ':' and which one (source:G3)")
    if not ref.strip() or kind == "project":
        return kind, None
    return kind, project.memo_target(kind, ref.strip())


@click.group(invoke_without_command=True)
@project_option
@click.option("--target", metavar="KIND[:WHICH]",
              help="Only memos on this kind of thing, or on this one: code, source:G3, "
                   "'code:Staffing and workload', participant:N1, coding:12, project.")
@click.option("--text", "words", metavar="WORDS",
              help="Only memos whose text or subject has all these words.")
@format_option
@click.pass_context
def memos(ctx: click.Context, target: str | None, words: str | None, fmt: str) -> None:
    """Memos: list them (the default), show one, edit one. A coding's own note (`code
    --memo`, a coding list) is listed as C and the coding's id."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(memos_list, target=target, words=words, fmt=fmt)


@memos.command(name="list")
@click.option("--target", metavar="KIND[:WHICH]",
              help="Only memos on this kind of thing, or on this one (source:G3).")
@click.option("--text", "words", metavar="WORDS",
              help="Only memos whose text or subject has all these words.")
@format_option
@with_project
def memos_list(project: Project, target: str | None = None, words: str | None = None,
               fmt: str = "table") -> None:
    """List the memos, oldest first, with what each is about."""
    kind, which = parse_memo_target(project, target)
    rows = project.codings.memo_list(kind, which, words)
    if fmt == "table":
        rows = [{**r, "text": short(r["text"], 60), "about": short(r["about"], 40)}
                for r in rows]
    print_rows(rows, MEMO_COLUMNS, fmt)


@memos.command(name="show")
@click.argument("memo_id", metavar="ID")
@with_project
def memos_show(project: Project, memo_id: str) -> None:
    """Show a memo whole: what it is about, who wrote it and when, its text."""
    found = project.codings.memo(memo_id)
    click.echo(f"Memo {found['id']} on {found['about']}")
    click.echo(f"by {found['author'] or '-'}, {found['at']}")
    click.echo("")
    click.echo(found["text"])


@memos.command(name="edit")
@click.argument("memo_id", metavar="ID")
@click.argument("text", nargs=-1, required=True)
@with_project
def memos_edit(project: Project, memo_id: str, text: tuple[str, ...]) -> None:
    """Replace a memo's text (one step of the history; `workbench undo` takes it back)."""
    ensure_coder(project)
    found = project.codings.edit_memo(memo_id, " ".join(text))
    click.echo(f"Memo {found['id']} on {found['about']} edited.")


COMMANDS = [code, uncode, autocode, memo, memos]
