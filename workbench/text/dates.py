"""Interview dates as people and programs write them, as ISO ``YYYY-MM-DD``.

Year first (``2024-06-03``, ``2024/6/3``, ``2024年6月3日``), Zoom's recording names
(``GMT20240612-153012_Recording``), day or month in words (``3 June 2024``,
``3rd of June, 2024``, ``June 3, 2024``), and numbers with the year last (``10/06/2024``,
``10.06.24``). For the last, the order of day and month is stated (``dmy`` or ``mdy``) or,
when both could be a month, the date is ambiguous and the caller asks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DATE_ORDERS = ("dmy", "mdy")
_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})(?!\d)日?")
_ZOOM = re.compile(r"GMT(\d{4})(\d{2})(\d{2})-\d{6}")
_DAY_MONTH = re.compile(rf"(?<![\w]){_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"(?<![\w]){_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE)
_NUMBERS = re.compile(r"(?<![\d/.])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?![\d/.])")


@dataclass(frozen=True)
class FoundDate:
    """A date, or the text of one whose order of day and month is not known."""

    iso: str | None = None
    ambiguous: str | None = None


def find_date(value: str, order: str | None = None) -> FoundDate:
    """The first date written in ``value``; ``order`` (``dmy``/``mdy``) settles ``10/06/2024``."""
    for pattern in (_ZOOM, _YEAR_FIRST):
        for match in pattern.finditer(value):
            if iso := _iso(*match.groups()):
                return FoundDate(iso)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(value):
            month = _MONTHS[match.group("month").casefold()]
            if iso := _iso(match.group("year"), month, match.group("day")):
                return FoundDate(iso)
    for match in _NUMBERS.finditer(value):
        first, second, year = (int(g) for g in match.groups())
        year += 2000 if year < 100 else 0
        readings = {o: _iso(year, *((second, first) if o == "dmy" else (first, second)))
                    for o in DATE_ORDERS}
        if order in readings:
            if readings[order]:
                return FoundDate(readings[order])
            continue
        valid = {iso for iso in readings.values() if iso}
        if len(valid) == 1:
            return FoundDate(valid.pop())
        if valid:
            return FoundDate(ambiguous=match.group())
    return FoundDate()


def date_in_text(value: str) -> str | None:
    """The first date in ``value`` that needs no order of day and month, as ISO."""
    return find_date(value).iso


def parse_date(value: str, order: str | None = None) -> str:
    """A date the user typed, as ISO; a ValueError says why not."""
    found = find_date(value, order)
    if found.iso:
        return found.iso
    if found.ambiguous:
        raise ValueError(f"'{found.ambiguous}' could be day/month or month/day; "
                         "say which with --date-order dmy or mdy")
    raise ValueError(f"'{value}' is not a date (write it as 2024-06-03 or 3 June 2024)")


def _iso(year, month, day) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
