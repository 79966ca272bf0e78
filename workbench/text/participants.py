"""Participant IDs: a role prefix and a number, such as ``G3``, in labels and file names."""

from __future__ import annotations

import re
from collections.abc import Iterable

_ID = re.compile(r"^([A-Za-z]{1,4})[-_ ]?0*(\d{1,4})$")
_ID_IN_NAME = re.compile(r"(?<![A-Za-z])([A-Za-z]{1,4})[-_ ]?0*(\d{1,4})(?!\d)")


def parse_participant_id(value: str, prefixes: Iterable[str]) -> str | None:
    """``g-03`` → ``G3`` when ``G`` is one of the project's role prefixes, else None."""
    match = _ID.match(value.strip())
    if not match:
        return None
    return _canonical(match.group(1), match.group(2), prefixes)


def id_in_text(value: str, prefixes: Iterable[str]) -> str | None:
    """The first participant ID inside a longer string, such as a file name or header value."""
    for match in _ID_IN_NAME.finditer(value):
        found = _canonical(match.group(1), match.group(2), prefixes)
        if found:
            return found
    return None


def _canonical(prefix: str, number: str, prefixes: Iterable[str]) -> str | None:
    by_fold = {p.casefold(): p for p in prefixes}
    known = by_fold.get(prefix.casefold())
    return f"{known}{int(number)}" if known else None


def split_participant_id(participant_id: str) -> tuple[str, int]:
    """``G3`` → (``G``, 3)."""
    match = _ID.match(participant_id)
    if not match:
        raise ValueError(participant_id)
    return match.group(1), int(match.group(2))
