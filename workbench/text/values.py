"""Values as people type them: ``key=value`` pairs and attribute values with their type."""

from __future__ import annotations

import math
import unicodedata
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


MAX_ATTRIBUTE_NAME = 100


def _control(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in text)


def check_attributes(participant: str, values: dict[str, object]) -> None:
    """Refuse what would not read back from a case sheet or a command line: an empty or
    overlong name, ``=`` in a name (``key=value`` splits there), control characters
    (a tab, a line end, an escape) in a name or a text value."""
    for name, value in values.items():
        where = f"participant {participant}, attribute '{name}'"
        if not name.strip() or len(name) > MAX_ATTRIBUTE_NAME or "=" in name or _control(name):
            raise WorkbenchError(f"{where}: a name is one line of 1 to {MAX_ATTRIBUTE_NAME} "
                                 "characters, without '=' or control characters")
        if isinstance(value, str) and _control(value):
            raise WorkbenchError(f"{where}: the value has a control character (a tab, a line "
                                 "end or another); type it on one line")


def check_label(label: str, what: str) -> str:
    """A label shown in tables (a role's): one line of 1 to 100 characters, stripped."""
    label = label.strip()
    if not label or len(label) > MAX_ATTRIBUTE_NAME or _control(label):
        raise WorkbenchError(f"{what}: a label is one line of 1 to {MAX_ATTRIBUTE_NAME} "
                             "characters, without control characters")
    return label


def attribute_change(name: str, text: str) -> dict[str, object]:
    """One cell of the case sheet as typed: ``{name: 45}``, or ``{name: None}`` (empty: remove)."""
    return {name.strip(): typed_value(text) if text.strip() else None}
