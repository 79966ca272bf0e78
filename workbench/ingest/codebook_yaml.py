"""The human-editable YAML codebook (format described in docs/codebook-format.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from workbench.errors import WorkbenchError
from workbench.ingest.decode import decode_text
from workbench.ingest.files import read_input
from workbench.records import CodeSpec
from workbench.text.normalize import normalise

FORMAT = "interview-workbench-codebook/1"
# YAML key → CodeSpec attribute
NODE_KEYS = {"name": "name", "guid": "guid", "short": "short_definition",
             "definition": "definition", "when_to_use": "inclusion",
             "when_not_to_use": "exclusion", "example": "example", "colour": "colour",
             "codable": "codable", "origin": "origin", "children": "children"}


class TextLoader(yaml.SafeLoader):
    """YAML as our files mean it: a bare date (``2024-02-30``) is text, as a code name or a
    quoted date is, not a date to build (which fails for one that does not exist)."""


TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def load_yaml(text: str):
    """``yaml.safe_load`` with bare dates as text; a value the file tags explicitly but that
    cannot be built (``!!timestamp 2001-13-45``, ``!!int x``) is a ``yaml.YAMLError`` too."""
    try:
        return yaml.load(text, Loader=TextLoader)  # noqa: S506 - a SafeLoader
    except (ValueError, TypeError, OverflowError) as exc:
        raise yaml.YAMLError(f"a value cannot be read ({exc})") from None


@dataclass
class YamlCodebook:
    title: str | None = None
    description: str | None = None
    reference: str | None = None
    codes: list[CodeSpec] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # how a lenient reader bent the file


def read_codebook_yaml(path: Path) -> YamlCodebook:
    """Parse and check a YAML codebook; errors name the file and, where known, the line."""
    notes: list[str] = []
    text = normalise(decode_text(read_input(path), path, notes))
    try:
        data = load_yaml(text)
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
        warnings=notes,
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
    return CodeSpec(
        name=name, guid=_text(item.get("guid")),
        short_definition=_text(item.get("short")), definition=_text(item.get("definition")),
        inclusion=_text(item.get("when_to_use")), exclusion=_text(item.get("when_not_to_use")),
        example=_text(item.get("example")), colour=_text(item.get("colour")),
        codable=codable, origin=_text(item.get("origin")),
        children=[_node(c, path, f"'{name}' child {i + 1}") for i, c in enumerate(children)],
    )


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
