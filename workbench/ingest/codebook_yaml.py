"""The human-editable YAML codebook (format described in docs/codebook-format.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from workbench.errors import WorkbenchError
from workbench.fields import LABELS, MAX_CODE_DEPTH
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
# Limits on what the YAML itself may do before a single code is read: a codebook nests two
# levels of YAML per level of codes, and needs aliases (if at all) for a few repeated texts.
MAX_YAML_DEPTH = 2 * MAX_CODE_DEPTH + 10
MAX_YAML_VALUES = 500_000  # values, counting each alias as the values it stands for


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
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbenchError(f"cannot be read ({exc.strerror})", path) from None
    text = normalise(decode_text(data, path))
    try:
        _check_structure(text, path)
        data = yaml.load(text, Loader=_LOADER)
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
        title=_text(data.get("title"), "title", path), description=_text(
            data.get("description"), "description", path),
        reference=_text(data.get("reference"), "reference", path),
        codes=[_node(item, path, f"codes[{i}]") for i, item in enumerate(codes)],
    )


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_structure(text: str, path: Path) -> None:
    """Refuse, from the stream of YAML events (read without recursion), nesting deeper than
    a codebook needs, an alias inside the value it names (a cycle) and aliases that expand
    to more values than a codebook holds (an "alias bomb")."""
    open_values: list[list] = []  # [anchor, values so far] of each mapping or list open
    sizes: dict[str, int] = {}
    total = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            open_values.append([event.anchor, 1])
            total += 1
            if len(open_values) > MAX_YAML_DEPTH:
                raise WorkbenchError(f"nests deeper than {MAX_YAML_DEPTH} levels (line "
                                     f"{event.start_mark.line + 1}); a codebook has at most "
                                     f"{MAX_CODE_DEPTH} levels of codes", path)
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = open_values.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            if any(value[0] == event.anchor for value in open_values):
                raise WorkbenchError(f"the alias *{event.anchor} (line "
                                     f"{event.start_mark.line + 1}) is inside the value it "
                                     "names: it never ends", path)
            anchor, size = None, sizes.get(event.anchor, 1)
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        if not isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            total += size
        if open_values:
            open_values[-1][1] += size
        if total > MAX_YAML_VALUES:
            raise WorkbenchError(f"its aliases expand to more than {MAX_YAML_VALUES:,} values "
                                 f"(line {event.start_mark.line + 1}); a codebook needs "
                                 "far fewer", path)


def _node(item: object, path: Path, where: str, depth: int = 1) -> CodeSpec:
    if not isinstance(item, dict):
        raise WorkbenchError(f"{where} should be a mapping with at least 'name:'", path)
    unknown = set(item) - set(NODE_KEYS)
    if unknown:
        raise WorkbenchError(f"{where} has unknown keys: {', '.join(sorted(map(str, unknown)))} "
                             f"(known: {', '.join(NODE_KEYS)})", path)
    name = _text(item.get("name"), "name", path, where)
    if not name:
        raise WorkbenchError(f"{where} has no name", path)
    children = item.get("children") or []
    if not isinstance(children, list):
        raise WorkbenchError(f"'{name}': children should be a list", path)
    if children and depth >= MAX_CODE_DEPTH:
        raise WorkbenchError(f"'{name}' has sub-codes deeper than {MAX_CODE_DEPTH} levels; "
                             "a codebook has at most that many", path)
    codable = item.get("codable", True)
    if not isinstance(codable, bool):
        raise WorkbenchError(f"'{name}': codable should be true or false", path)
    status = _text(item.get("status"), "status", path, f"'{name}'")
    if status is not None and status.lower() not in STATUSES:
        raise WorkbenchError(f"'{name}': status '{status}' should be one of "
                             f"{', '.join(STATUSES)}", path)
    comments = item.get("comments") or []
    if not isinstance(comments, list):
        raise WorkbenchError(f"'{name}': comments should be a list", path)
    fields = {attribute: _text(item.get(key), attribute, path, f"'{name}'")
              for key, attribute in NODE_KEYS.items()
              if key not in ("name", "codable", "children", "status", "comments")}
    return CodeSpec(
        name=name, codable=codable, **fields,
        review_status=status.lower() if status else None,
        comments=[_comment(c, path, f"'{name}' comment {i + 1}") for i, c in enumerate(comments)],
        children=[_node(c, path, f"'{name}' child {i + 1}", depth + 1)
                  for i, c in enumerate(children)],
    )


def _comment(item: object, path: Path, where: str) -> dict:
    if not isinstance(item, dict):
        raise WorkbenchError(f"{where} should be a mapping with 'author', 'at' and 'text'", path)
    unknown = set(item) - set(COMMENT_KEYS)
    if unknown:
        raise WorkbenchError(f"{where} has unknown keys: {', '.join(sorted(map(str, unknown)))} "
                             f"(known: {', '.join(COMMENT_KEYS)})", path)
    text = _text(item.get("text"), "text", path, where)
    author = _text(item.get("author"), "author", path, where)
    if not text or not author:
        raise WorkbenchError(f"{where} needs an author and a text", path)
    resolved = item.get("resolved", False)
    if not isinstance(resolved, bool):
        raise WorkbenchError(f"{where}: resolved should be true or false", path)

    return {"guid": _text(item.get("guid"), "GUID", path, where), "author": author,
            "created_at": _stamp(item.get("at"), path, where),
            "text": text, "resolved": resolved,
            "resolved_by": _text(item.get("resolved_by"), "resolved_by", path, where),
            "resolved_at": _stamp(item.get("resolved_at"), path, where)}


def _text(value: object, field: str, path: Path, where: str | None = None) -> str | None:
    """A scalar as text; a list or mapping where text belongs is refused, naming the field."""
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        kind = "a mapping" if isinstance(value, dict) else "a list"
        label = LABELS.get(field, field)
        raise WorkbenchError(f"{where + ': ' if where else ''}the {label} is {kind}, not "
                             "text", path)
    text = str(value).strip()
    return text or None


def _stamp(value: object, path: Path, where: str) -> str | None:
    """A time as written (YAML reads an unquoted ISO time as a datetime)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _text(value, "time", path, where)
