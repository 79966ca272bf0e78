"""The human-editable YAML codebook (format described in docs/codebook-format.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from workbench.errors import WorkbenchError
from workbench.ingest.decode import decode_text
from workbench.records import CodeSpec
from workbench.text.normalize import normalise

FORMAT = "interview-workbench-codebook/1"
# YAML key → CodeSpec attribute
NODE_KEYS = {"name": "name", "guid": "guid", "short": "short_definition",
             "definition": "definition", "when_to_use": "inclusion",
             "when_not_to_use": "exclusion", "example": "example", "colour": "colour",
             "codable": "codable", "origin": "origin", "children": "children",
             "status": "review_status", "comments": "comments"}
COMMENT_KEYS = ("guid", "author", "at", "text", "resolved", "resolved_by", "resolved_at")
STATUSES = ("draft", "proposed", "approved", "disputed")


@dataclass
class YamlCodebook:
    title: str | None = None
    description: str | None = None
    reference: str | None = None
    codes: list[CodeSpec] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # how a lenient reader bent the file


def read_codebook_yaml(path: Path) -> YamlCodebook:
    """Parse and check a YAML codebook; errors name the file and, where known, the line."""
    if not path.is_file():
        raise WorkbenchError("no such file", path)
    text = normalise(decode_text(path.read_bytes(), path))
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise WorkbenchError(f"is not valid YAML ({where}{problem})", path) from None
    if not isinstance(data, dict) or "codes" not in data:
        raise WorkbenchError("a codebook needs a top-level 'codes:' list", path)
    if data.get("format", FORMAT) != FORMAT:
        raise WorkbenchError(f"format '{data['format']}' is not {FORMAT}", path)
    codes = data["codes"]
    if not isinstance(codes, list) or not codes:
        raise WorkbenchError("'codes:' should be a list of codes", path)
    return YamlCodebook(
        title=_text(data.get("title")), description=_text(data.get("description")),
        reference=_text(data.get("reference")),
        codes=[_node(item, path, f"codes[{i}]") for i, item in enumerate(codes)],
    )


def _node(item: object, path: Path, where: str) -> CodeSpec:
    if not isinstance(item, dict):
        raise WorkbenchError(f"{where} should be a mapping with at least 'name:'", path)
    unknown = set(item) - set(NODE_KEYS)
    if unknown:
        raise WorkbenchError(f"{where} has unknown keys: {', '.join(sorted(map(str, unknown)))} "
                             f"(known: {', '.join(NODE_KEYS)})", path)
    name = _text(item.get("name"))
    if not name:
        raise WorkbenchError(f"{where} has no name", path)
    children = item.get("children") or []
    if not isinstance(children, list):
        raise WorkbenchError(f"'{name}': children should be a list", path)
    codable = item.get("codable", True)
    if not isinstance(codable, bool):
        raise WorkbenchError(f"'{name}': codable should be true or false", path)
    status = _text(item.get("status"))
    if status is not None and status.lower() not in STATUSES:
        raise WorkbenchError(f"'{name}': status '{status}' should be one of "
                             f"{', '.join(STATUSES)}", path)
    comments = item.get("comments") or []
    if not isinstance(comments, list):
        raise WorkbenchError(f"'{name}': comments should be a list", path)
    return CodeSpec(
        name=name, guid=_text(item.get("guid")),
        review_status=status.lower() if status else None,
        comments=[_comment(c, path, f"'{name}' comment {i + 1}") for i, c in enumerate(comments)],
        short_definition=_text(item.get("short")), definition=_text(item.get("definition")),
        inclusion=_text(item.get("when_to_use")), exclusion=_text(item.get("when_not_to_use")),
        example=_text(item.get("example")), colour=_text(item.get("colour")),
        codable=codable, origin=_text(item.get("origin")),
        children=[_node(c, path, f"'{name}' child {i + 1}") for i, c in enumerate(children)],
    )


def _comment(item: object, path: Path, where: str) -> dict:
    if not isinstance(item, dict):
        raise WorkbenchError(f"{where} should be a mapping with 'author', 'at' and 'text'", path)
    unknown = set(item) - set(COMMENT_KEYS)
    if unknown:
        raise WorkbenchError(f"{where} has unknown keys: {', '.join(sorted(map(str, unknown)))} "
                             f"(known: {', '.join(COMMENT_KEYS)})", path)
    text, author = _text(item.get("text")), _text(item.get("author"))
    if not text or not author:
        raise WorkbenchError(f"{where} needs an author and a text", path)
    resolved = item.get("resolved", False)
    if not isinstance(resolved, bool):
        raise WorkbenchError(f"{where}: resolved should be true or false", path)

    return {"guid": _text(item.get("guid")), "author": author,
            "created_at": _stamp(item.get("at")),
            "text": text, "resolved": resolved, "resolved_by": _text(item.get("resolved_by")),
            "resolved_at": _stamp(item.get("resolved_at"))}


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _stamp(value: object) -> str | None:
    """A time as written (YAML reads an unquoted ISO time as a datetime)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _text(value)
