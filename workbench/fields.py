"""Checks on codebook field values, shared by every way a code is created or edited."""

from __future__ import annotations

import re

from workbench.errors import WorkbenchError

TEXT_FIELDS = ("short_definition", "definition", "inclusion", "exclusion", "example")
EDITABLE = (*TEXT_FIELDS, "colour", "codable", "origin")
ORIGINS = ("deductive", "inductive")
_HEX = re.compile(r"^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
# What XML 1.0 cannot hold (C0 controls but tab and line ends, lone surrogates, U+FFFE/F),
# and DEL: none of it belongs in a code's fields, and a .qdpx, .qdc or Word file with it
# cannot be read back.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
MAX_CODE_DEPTH = 100  # levels of codes; no codebook needs a tenth of that
LABELS = {"name": "name", "guid": "GUID", "short_definition": "short definition",
          "definition": "definition",
          "inclusion": "when to use", "exclusion": "when not to use", "example": "example",
          "colour": "colour", "origin": "origin", "codable": "codable"}


def xml_text(text: str) -> str:
    """``text`` without what XML cannot hold: for fields written before it was refused."""
    return _CONTROL.sub("", text)


def check_text(value: object, field: str) -> str:
    """A field's value as text: refused when it is not text (a YAML list or mapping) or
    holds a control character."""
    if isinstance(value, (list, tuple, set, dict)):
        kind = "a mapping" if isinstance(value, dict) else "a list"
        raise WorkbenchError(f"the {LABELS.get(field, field)} is {kind}; write it as text")
    text = value if isinstance(value, str) else str(value)
    found = _CONTROL.search(text)
    if found:
        raise WorkbenchError(f"the {LABELS.get(field, field)} holds a control character "
                             f"(U+{ord(found.group()):04X}); remove it")
    return text


def check_name(name: object) -> str:
    cleaned = " ".join(check_text(name, "name").split())
    if not cleaned:
        raise WorkbenchError("a code needs a name")
    if len(cleaned) > 200:
        raise WorkbenchError(f"the code name '{cleaned[:40]}…' is longer than 200 characters")
    return cleaned


def normalise_colour(value: str | None) -> str | None:
    """``#4e79a7`` or ``#47a`` → ``#4E79A7``; anything else is refused."""
    if value is None or value == "":
        return None
    match = _HEX.match(value.strip())
    if not match:
        raise WorkbenchError(f"invalid colour '{value}': write it as #RRGGBB, e.g. #4E79A7")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.upper()


def check_origin(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value not in ORIGINS:
        raise WorkbenchError(f"origin '{value}' should be deductive or inductive")
    return value


def clean_fields(values: dict[str, object]) -> dict[str, object]:
    """Check and normalise editable fields; unknown field names are an error."""
    out: dict[str, object] = {}
    for key, value in values.items():
        if key not in EDITABLE:
            raise WorkbenchError(f"'{key}' is not a codebook field ({', '.join(EDITABLE)})")
        if key == "codable":
            out[key] = int(bool(value))
            continue
        text = check_text(value, key) if value is not None else None
        if key == "colour":
            out[key] = normalise_colour(text)
        elif key == "origin":
            out[key] = check_origin(text)
        else:  # line ends as everywhere in a project (and as XML reads them back): LF
            text = text.replace("\r\n", "\n").replace("\r", "\n") if text is not None else None
            out[key] = (text.strip() or None) if text is not None else None
    return out


REVIEW_STATUSES = ("draft", "proposed", "approved", "disputed")


def check_status(value: str | None) -> str:
    """A code's review status, as typed (any case); anything else is refused."""
    cleaned = (value or "").strip().lower()
    if cleaned not in REVIEW_STATUSES:
        raise WorkbenchError(f"review status '{value}' should be one of "
                             f"{', '.join(REVIEW_STATUSES)}")
    return cleaned


def check_comment(text: str | None) -> str:
    cleaned = check_text(text or "", "review comment").strip()
    if not cleaned:
        raise WorkbenchError("a review comment needs some text")
    if len(cleaned) > 10_000:
        raise WorkbenchError("a review comment is longer than 10,000 characters")
    return cleaned
