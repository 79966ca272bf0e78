"""The codebook review document for a supervisor (Word or Markdown), and the codebook diff
as a table, Markdown or Word.

The review document has one section per theme; in it, per code: its review status,
definition, rules and example, its usage by role (``G 3/11 · N 1/5``), one or two quotes,
the open review comments, what the automatic review found about it, and what changed since
a date. Each code ends with an empty "Supervisor's notes" line to write or comment on in
Word; comments in Word are not read back (answers come back through the CLI or the TUI).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.analysis.codebook_diff import CodebookDiff
from workbench.analysis.codebook_review import Review
from workbench.export.table import Table
from workbench.export.tables_docx import add_table, clean, new_document, to_bytes

FIELDS = (("short_definition", "Short definition"), ("definition", "Definition"),
          ("inclusion", "When to use"), ("exclusion", "When not to use"),
          ("example", "Example"))
NOTES_LINE = "Supervisor's notes:"


@dataclass
class CodeSection:
    number: str
    path: str
    name: str
    level: int
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, text)
    bullets: list[tuple[str, list[str]]] = field(default_factory=list)  # (label, items)


@dataclass
class ReviewDocument:
    title: str
    intro: list[str]
    themes: list[list[CodeSection]] = field(default_factory=list)  # one list per theme
    gone_title: str = ""
    gone: list[str] = field(default_factory=list)  # codes no longer in the codebook


def review_document(tree: list[dict], denominators: dict[str, int], quotes: dict[int, list[str]],
                    comments: dict[int, list[dict]], review: Review, diff: CodebookDiff | None,
                    title: str) -> ReviewDocument:
    """``tree``: ``Codebook.tree()``; ``denominators``: interviewees per role; ``quotes``:
    per code id, cited quotes; ``comments``: per code id, its open review comments."""
    findings = _findings(review)
    changed: dict[str, list[str]] = {}
    for change in diff.changes if diff else []:
        changed.setdefault(change.code, []).append(change.detail)
    statuses: dict[str, int] = {}
    intro = []
    document = ReviewDocument(title, intro)

    def walk(node: dict, sections: list[CodeSection]) -> None:
        status = node.get("review_status") or "draft"
        statuses[status] = statuses.get(status, 0) + 1
        section = CodeSection(node["number"], node["path"], node["name"], node["level"])
        section.lines.append(("Status", status))
        for key, label in FIELDS:
            section.lines.append((label, node.get(key) or "—"))
        by_role = node["participants_by_role"]
        roles = " · ".join(f"{prefix} {by_role.get(prefix, 0)}/{n}"
                           for prefix, n in denominators.items() if n)
        section.lines.append(("Usage", f"{node['codings_total']} codings · "
                              f"{node['participants']} participants"
                              + (f" ({roles})" if roles else "")))
        section.bullets.append(("Quotes", quotes.get(node["id"], [])))
        section.bullets.append(("Open comments", [
            f"{c['author']}, {c['created_at'][:10]}: {c['text']}"
            for c in comments.get(node["id"], [])]))
        section.bullets.append(("Review findings", findings.get(node["path"], [])))
        if diff is not None:
            section.bullets.append((f"Changes since {diff.before_label.removeprefix('the codebook on ')}",
                                    changed.get(node["path"], [])))
        sections.append(section)
        for child in node["children"]:
            walk(child, sections)

    for theme in tree:
        sections: list[CodeSection] = []
        walk(theme, sections)
        document.themes.append(sections)
    paths = {s.path for sections in document.themes for s in sections}
    if diff is not None:
        document.gone_title = (f"Codes removed, merged or split away since "
                               f"{diff.before_label.removeprefix('the codebook on ')}")
        document.gone = [f"{c.code}: {c.detail}" for c in diff.changes if c.code not in paths]
    count = sum(len(s) for s in document.themes)
    intro.append(f"{len(document.themes)} themes, {count} codes: "
                 + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())) + ".")
    if diff is not None:
        intro.append(diff.summary())
    intro.append("Write your notes under each code, or comment in Word; the answers come "
                 "back through `workbench codebook status` and `workbench codebook comment` "
                 "(or the codebook screen, F3): comments in this file are not read back.")
    return document


def _findings(review: Review) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def add(path: str, text: str) -> None:
        found.setdefault(path, []).append(text)

    for path in review.without_definition:
        add(path, "no definition")
    for path in review.unused:
        add(path, "unused (no codings on it or below it)")
    for row in review.single_participant:
        add(row["code"], f"used by one participant only ({row['participant']}, "
                         f"{row['codings']} codings)")
    for row in review.near_duplicates:
        add(row["a"], f"name close to '{row['b']}' (similarity {row['score']:.0f})")
        add(row["b"], f"name close to '{row['a']}' (similarity {row['score']:.0f})")
    for row in review.overlapping:
        share = f"{row['share']:.0%}"
        add(row["a"], f"codings overlap '{row['b']}' ({share} of the smaller one's text)")
        add(row["b"], f"codings overlap '{row['a']}' ({share} of the smaller one's text)")
    return found


def review_markdown(document: ReviewDocument) -> str:
    lines = [f"# {document.title}", ""]
    for text in document.intro:
        lines += [text, ""]
    for sections in document.themes:
        for section in sections:
            depth = min(section.level + 1, 6)
            lines += [f"{'#' * depth} {section.number} {section.name}", ""]
            lines += [f"- **{label}:** {text}" for label, text in section.lines]
            for label, items in section.bullets:
                if items:
                    lines.append(f"- **{label}:**")
                    lines += [f"    - {item}" for item in items]
                else:
                    lines.append(f"- **{label}:** none")
            lines += [f"- **{NOTES_LINE}**", ""]
    if document.gone_title:
        lines += [f"## {document.gone_title}", ""]
        lines += [f"- {item}" for item in document.gone] or ["None."]
        lines.append("")
    return "\n".join(lines)


def review_docx(document: ReviewDocument) -> bytes:
    word = new_document(document.title)
    word.add_heading(clean(document.title), level=0)
    for text in document.intro:
        word.add_paragraph(clean(text))
    for number, sections in enumerate(document.themes):
        if number:
            word.add_page_break()  # one section per theme, each on its own pages
        for section in sections:
            word.add_heading(clean(f"{section.number} {section.name}"),
                             level=min(section.level, 9))
            for label, text in section.lines:
                paragraph = word.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                paragraph.add_run(clean(text))
            for label, items in section.bullets:
                paragraph = word.add_paragraph()
                paragraph.add_run(f"{label}: ").bold = True
                if not items:
                    paragraph.add_run("none")
                for item in items:
                    word.add_paragraph(clean(item), style="List Bullet")
            paragraph = word.add_paragraph()
            paragraph.add_run(NOTES_LINE).italic = True
    if document.gone_title:
        word.add_page_break()
        word.add_heading(clean(document.gone_title), level=1)
        for item in document.gone or ["None."]:
            word.add_paragraph(clean(item), style="List Bullet" if document.gone else None)
    return to_bytes(word)


# -- the diff ------------------------------------------------------------------------------------

def diff_table(diff: CodebookDiff) -> Table:
    return Table(title=diff.summary(), columns=["Change", "Code", "Detail"],
                 rows=[[c.kind, c.code, c.detail] for c in diff.changes],
                 widths=[0.9, 2.4, 3.7],
                 notes=["Word changes: [-removed-] {+added+}. Codes are matched by GUID, "
                        "else by path, else by a name found once on each side."])


def diff_markdown(diff: CodebookDiff) -> str:
    return diff_table(diff).markdown("Codebook changes")


def diff_docx(diff: CodebookDiff) -> bytes:
    word = new_document("Codebook changes")
    word.add_heading("Codebook changes", level=0)
    add_table(word, diff_table(diff), "Codebook changes")
    return to_bytes(word)
