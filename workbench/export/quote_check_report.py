"""The quotation check as a report: Markdown, or Word with the changes marked in colour."""

from __future__ import annotations

import io

import docx
from docx.shared import Pt, RGBColor

from workbench.analysis.quote_check import QuoteCheck, summary
from workbench.export.rows import to_markdown

TITLE = "Quotation check"
COLUMNS = ["#", "line", "verdict", "tag", "said by", "source", "quotation"]
_DELETED = RGBColor(0xC0, 0x00, 0x00)
_INSERTED = RGBColor(0x00, 0x80, 0x00)


def check_rows(checks: list[QuoteCheck], quote_width: int | None = None) -> list[dict]:
    """One row per quotation for a table (the quotation cut to ``quote_width`` characters)."""
    rows = []
    for check in checks:
        quote = check.quotation.text
        if quote_width and len(quote) > quote_width:
            quote = quote[:quote_width - 1] + "…"
        said_by = check.participant or ("the interviewer" if check.source else "")
        rows.append({
            "#": check.quotation.number, "line": check.quotation.line,
            "verdict": check.verdict + (f" ({check.similarity:g}%)" if check.verdict in
                                        ("altered", "not found") else ""),
            "tag": (check.quotation.tag or "–") + _attribution_mark(check.attribution),
            "said by": said_by, "source": _where(check), "quotation": quote,
        })
    return rows


def _attribution_mark(attribution: str) -> str:
    return {"correct": " ✓", "wrong": " ✗ wrong"}.get(attribution, "")


def _where(check: QuoteCheck) -> str:
    if check.source is None:
        return ""
    turn = f", turn {check.turn_number}" if check.turn_number is not None else ""
    return f"{check.source}{turn}, {check.start}–{check.end}"


def report_markdown(checks: list[QuoteCheck], manuscript: str) -> str:
    lines = [f"# {TITLE}: {manuscript}", "", summary(checks), "",
             to_markdown(check_rows(checks), COLUMNS).rstrip("\n")]
    changed = [c for c in checks if c.diff]
    if changed:
        lines += ["", "## Changes against the transcripts", ""]
        for check in changed:
            lines += [f"{check.quotation.number}. {_where(check)}: {check.diff_text}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def report_docx(checks: list[QuoteCheck], manuscript: str) -> bytes:
    word = docx.Document()
    word.styles["Normal"].font.size = Pt(10)
    word.add_heading(f"{TITLE}: {manuscript}", level=0)
    word.add_paragraph(summary(checks))
    table = word.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, COLUMNS):
        cell.text = column
    for row in check_rows(checks):
        for cell, column in zip(table.add_row().cells, COLUMNS):
            cell.text = str(row[column])
    changed = [c for c in checks if c.diff]
    if changed:
        word.add_heading("Changes against the transcripts", level=1)
        for check in changed:
            paragraph = word.add_paragraph(f"{check.quotation.number}. {_where(check)}: ")
            for op, words in check.diff:
                run = paragraph.add_run(words + " ")
                if op == "delete":
                    run.font.strike = True
                    run.font.color.rgb = _DELETED
                elif op == "insert":
                    run.font.underline = True
                    run.font.color.rgb = _INSERTED
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
