"""The participant characteristics table of a qualitative paper (Table 1): n per role, and
per attribute the number with a value, mean ± SD (range) or counts with percentages, and
the missing values.

By default it describes the participants who were interviewed (with a transcript or a
turn), the same people the theme table counts; participants known only from an attribute
table are left out and named, unless ``everyone`` asks for them.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

MISSING = "missing, n (%)"


@dataclass
class CharacteristicsTable:
    columns: list[str]  # "Total" then one per role, e.g. "G (General practitioner)"
    rows: list[list[str]]  # first cell is the row label
    headings: set[int] = field(default_factory=set)  # rows that head an attribute's rows
    notes: list[str] = field(default_factory=list)  # who is counted, values not counted


def interviewees(participants: list[dict]) -> list[dict]:
    """Participants with a transcript or a turn (attributes may list people not yet seen)."""
    return [p for p in participants if p.get("sources") or p.get("turns")]


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _given(value: object) -> bool:
    return value is not None and value != ""


def describe_numbers(values: list[float]) -> str:
    """``41.2 ± 8.3 (28–58)``; one value has no SD."""
    if not values:
        return "–"
    mean = statistics.mean(values)
    low, high = min(values), max(values)
    span = f"({_fmt(low)}–{_fmt(high)})"
    if len(values) < 2:
        return f"{mean:.1f} {span}"
    return f"{mean:.1f} ± {statistics.stdev(values):.1f} {span}"


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _share(count: int, of: int) -> str:
    return f"{count} ({100 * count / of:.1f}%)" if of else "–"


def characteristics(participants: list[dict], roles: list[dict],
                    everyone: bool = False) -> CharacteristicsTable:
    """Build the table from participants (``role``, ``attributes``, ``sources``, ``turns``).

    An attribute whose values are mostly numbers is summarised as mean ± SD (range) of its
    numbers; its other values count as missing and are named in a note. Any other attribute
    with a few distinct values is summarised as counts, each as a percentage of those with
    a value. Every attribute shows how many have a value, and a "missing" row (a share of
    everyone in the column) where anyone lacks one. Text attributes that differ for nearly
    everyone (names, free notes) are left out and named in a note.
    """
    counted = participants if everyone else interviewees(participants)
    notes = [_who(participants, counted, everyone)]
    groups = [("Total", counted)] + [
        (f"{r['prefix']} ({r['label']})", [p for p in counted if p["role"] == r["prefix"]])
        for r in roles if any(p["role"] == r["prefix"] for p in counted)]
    table = CharacteristicsTable(columns=[name for name, _ in groups], rows=[], notes=notes)
    table.rows.append(["n"] + [str(len(members)) for _, members in groups])
    names = list(dict.fromkeys(key for p in counted for key in p["attributes"]))
    left_out = []
    for name in names:
        values = [p["attributes"].get(name) for p in counted]
        given = [v for v in values if _given(v)]
        numeric = sum(is_number(v) for v in given) * 2 > len(given)
        has = _has_value(name, numeric)
        if numeric:
            odd = [f"'{p['attributes'][name]}' ({p.get('id', '?')})" for p in counted
                   if _given(p["attributes"].get(name)) and not has(p)]
            if odd:
                table.notes.append(f"{name}: not a number, so counted as missing: "
                                   f"{', '.join(odd)}.")
        else:
            levels = sorted({str(v) for v in given})
            if len(levels) > max(10, len(counted) // 2):
                left_out.append(name)
                continue
        table.headings.add(len(table.rows))
        table.rows.append([f"{name}, n with a value"]
                          + [str(sum(1 for m in members if has(m))) for _, members in groups])
        if numeric:
            table.rows.append(["  mean ± SD (range)"] + [
                describe_numbers([m["attributes"][name] for m in members if has(m)])
                for _, members in groups])
        else:
            for level in levels:
                table.rows.append([f"  {level}, n (%)"] + [
                    _share(sum(1 for m in members if has(m) and str(m["attributes"][name])
                               == level), sum(1 for m in members if has(m)))
                    for _, members in groups])
        if any(not has(p) for p in counted):
            table.rows.append([f"  {MISSING}"] + [
                _share(sum(1 for m in members if not has(m)), len(members))
                for _, members in groups])
    if left_out:
        table.notes.append(f"Not shown (a different value for nearly everyone): "
                           f"{', '.join(left_out)}.")
    return table


def _has_value(name: str, numeric: bool) -> Callable[[dict], bool]:
    """Whether a participant's attribute counts: a number for a numeric one, else any value."""
    if numeric:
        return lambda p: is_number(p["attributes"].get(name))
    return lambda p: _given(p["attributes"].get(name))


def _who(participants: list[dict], counted: list[dict], everyone: bool) -> str:
    if everyone:
        return "Every participant in the project, interviewed or not."
    others = [p.get("id", "?") for p in participants if p not in counted]
    text = "Participants interviewed (with a transcript or a turn), as in the theme table."
    if others:
        text += (f" Not counted, known only from their attributes: {', '.join(others)} "
                 "(--all-participants includes them).")
    return text
