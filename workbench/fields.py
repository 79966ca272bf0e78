"""Checks on codebook field values, shared by every way a code is created or edited."""

from __future__ import annotations

import re

from workbench.errors import WorkbenchError

TEXT_FIELDS = ("short_definition", "definition", "inclusion", "exclusion", "example")
EDITABLE = (*TEXT_FIELDS, "colour", "codable", "origin")
ORIGINS = ("deductive", "inductive")
_HEX = re.compile(r"^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


def check_name(name: str) -> str:
    cleaned = " ".join(name.split())
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
        if key == "colour":
            out[key] = normalise_colour(value)  # type: ignore[arg-type]
        elif key == "origin":
            out[key] = check_origin(value)  # type: ignore[arg-type]
        elif key == "codable":
            out[key] = int(bool(value))
        else:
            out[key] = (str(value).strip() or None) if value is not None else None
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
    cleaned = (text or "").strip()
    if not cleaned:
        raise WorkbenchError("a review comment needs some text")
    if len(cleaned) > 10_000:
        raise WorkbenchError("a review comment is longer than 10,000 characters")
    return cleaned
