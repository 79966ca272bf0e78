"""Values as people type them: ``key=value`` pairs and attribute values with their type."""

from __future__ import annotations

import math
from collections.abc import Iterable

from workbench.errors import WorkbenchError


def typed_value(value: str) -> object:
    """``"42"`` → 42, ``"3.5"`` → 3.5, anything else stays text. ``nan``, ``inf`` and
    numbers too large for a float (``1e999``) stay text too: JSON, where attributes are
    stored, has no number for them."""
    value = value.strip()
    for kind in (int, float):
        try:
            number = kind(value)
        except ValueError:
            continue
        return number if math.isfinite(number) else value
    return value


def parse_pair(item: str, example: str, empty_value: bool = False) -> tuple[str, str]:
    """``"Max Bigman=G3"`` → ("Max Bigman", "G3"), both stripped. Without ``=`` or a key (or,
    unless ``empty_value``, a value) the message shows ``example``."""
    key, sep, value = item.partition("=")
    key, value = key.strip(), value.strip()
    if not sep or not key or (not value and not empty_value):
        raise WorkbenchError(f"'{item}' should look like {example}")
    return key, value


def parse_pairs(items: Iterable[str], example: str, empty_value: bool = False) -> dict[str, str]:
    """Many ``key=value`` items, in order; a later key replaces an earlier one."""
    return dict(parse_pair(item, example, empty_value) for item in items)


def parse_attributes(items: Iterable[str]) -> dict[str, object]:
    """``age=45 sex=F`` → {"age": 45, "sex": "F"}; ``key=`` (no value) removes: None."""
    return {key: typed_value(value) if value else None
            for key, value in parse_pairs(items, "key=value, e.g. age=45", empty_value=True).items()}
