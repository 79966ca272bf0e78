"""The codebook as a document for supervisors: numbered hierarchy, every field, usage."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx
from docx.shared import Pt

from workbench.fields import xml_text

FIELDS = (("short_definition", "Short definition"), ("definition", "Definition"),
          ("inclusion", "When to use"), ("exclusion", "When not to use"),
          ("example", "Example"), ("colour", "Colour"), ("origin", "Origin"))


@dataclass
class Entry:
    number: str
    name: str
    level: int
    fields: list[tuple[str, str]]
    usage: str | None


@dataclass
class CodebookDocument:
    title: str
    description: str | None
    entries: list[Entry] = field(default_factory=list)
    coded: bool = False


def codebook_document(tree: list[dict], roles: list[dict], participants: list[dict],
                      title: str, description: str | None) -> CodebookDocument:
    """Flatten ``Codebook.tree()``; usage lines appear once the project has codings."""
    totals = {r["prefix"]: sum(1 for p in participants if p["role"] == r["prefix"]) for r in roles}
    document = CodebookDocument(title, description)

    def walk(nodes: list[dict]) -> None:
        for node in nodes:
            document.coded |= node["codings_total"] > 0
            values = [(label, str(node[key])) for key, label in FIELDS if node.get(key)]
            values.append(("Codable", "yes" if node["codable"] else "no (a heading)"))
            by_role = " · ".join(f"{prefix} {node['participants_by_role'].get(prefix, 0)}/{n}"
                                 for prefix, n in totals.items() if n)
            usage = (f"{node['codings_total']} codings · {node['participants']} participants"
                     + (f" ({by_role})" if by_role else ""))
            document.entries.append(Entry(node["number"], node["name"], node["level"], values,
                                          usage))
            walk(node["children"])

    walk(tree)
    if not document.coded:
        for entry in document.entries:
            entry.usage = None
    return document


def document_markdown(document: CodebookDocument) -> str:
    lines = [f"# {document.title}", ""]
    if document.description:
        lines += [document.description, ""]
    for entry in document.entries:
        lines += [f"{'#' * min(entry.level + 1, 6)} {entry.number} {entry.name}", ""]
        lines += [f"- **{label}:** {value}" for label, value in entry.fields]
        if entry.usage:
            lines.append(f"- **Usage:** {entry.usage}")
        lines.append("")
    return "\n".join(lines)


def document_docx(document: CodebookDocument) -> bytes:
    word = docx.Document()
    word.styles["Normal"].font.size = Pt(10)
    # A control character (in a field written before they were refused) has no place in
    # Word's XML: it is left out rather than failing the export.
    word.add_heading(xml_text(document.title), level=0)
    if document.description:
        word.add_paragraph(xml_text(document.description))
    for entry in document.entries:
        word.add_heading(xml_text(f"{entry.number} {entry.name}"), level=min(entry.level, 9))
        rows = entry.fields + ([("Usage", entry.usage)] if entry.usage else [])
        for label, value in rows:
            paragraph = word.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(xml_text(value))
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
