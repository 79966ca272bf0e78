"""Rows of dicts as JSON, CSV or a Markdown table: the machine-readable outputs of the CLI."""

from __future__ import annotations

import csv
import io
import json

MACHINE_FORMATS = ("json", "csv", "md")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def to_csv(rows: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
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
