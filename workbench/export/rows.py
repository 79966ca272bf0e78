"""Rows of dicts as JSON, CSV or a Markdown table: the machine-readable outputs of the CLI."""

from __future__ import annotations

import csv
import io
import json
import re

MACHINE_FORMATS = ("json", "csv", "md")
# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): such a text cell is written with a leading apostrophe, which the spreadsheet
# shows as text. Numbers (a negative one starts with "-") are written as they are.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def spreadsheet_safe(value: object) -> str:
    """A CSV cell that no spreadsheet will run as a formula."""
    if isinstance(value, (int, float)):
        return str(value)
    text = _cell(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        text = "'" + text
    # A lone CR is no line end to the csv module, which then leaves the cell unquoted and
    # the row broken in two: every line end is written as LF, inside the quoted cell.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([spreadsheet_safe(c) for c in columns])
    for row in rows:
        writer.writerow([spreadsheet_safe(row.get(c)) for c in columns])
    return buffer.getvalue()


def to_markdown(rows: list[dict], columns: list[str]) -> str:
    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

    lines = ["| " + " | ".join(esc(c) for c in columns) + " |",
             "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(esc(_cell(row.get(c))) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def render(rows: list[dict], columns: list[str], fmt: str) -> str:
    """Render for scripts: ``json`` keeps every key; ``csv`` and ``md`` show ``columns``."""
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows, columns)
    if fmt == "md":
        return to_markdown(rows, columns)
    raise ValueError(fmt)
