"""The participant characteristics table of a qualitative paper (n, mean ± SD, range, counts)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass
class CharacteristicsTable:
    columns: list[str]  # "Total" then one per role, e.g. "G (General practitioner)"
    rows: list[list[str]]  # first cell is the row label


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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


def characteristics(participants: list[dict], roles: list[dict]) -> CharacteristicsTable:
    """Build the table from participants (``role`` and an ``attributes`` dict each).

    An attribute whose values are all numbers is summarised as mean ± SD (range); one with
    a few distinct text values as counts with percentages. Text attributes that differ for
    nearly everyone (names, free notes) are left out.
    """
    groups = [("Total", participants)] + [
        (f"{r['prefix']} ({r['label']})", [p for p in participants if p["role"] == r["prefix"]])
        for r in roles
        if any(p["role"] == r["prefix"] for p in participants)
    ]
    table = CharacteristicsTable(columns=[name for name, _ in groups], rows=[])
    table.rows.append(["n"] + [str(len(members)) for _, members in groups])
    names: list[str] = []
    for p in participants:
        for key in p["attributes"]:
            if key not in names:
                names.append(key)
    for name in names:
        values = [p["attributes"][name] for p in participants if name in p["attributes"]]
        if all(_is_number(v) for v in values):
            table.rows.append([f"{name}, mean ± SD (range)"] + [
                describe_numbers([m["attributes"][name] for m in members
                                  if name in m["attributes"]])
                for _, members in groups
            ])
            continue
        levels = sorted({str(v) for v in values})
        if len(levels) > max(10, len(participants) // 2):
            continue
        table.rows.append([f"{name}, n (%)"] + [""] * len(groups))
        for level in levels:
            cells = []
            for _, members in groups:
                count = sum(1 for m in members if str(m["attributes"].get(name)) == level)
                cells.append(f"{count} ({100 * count / len(members):.1f}%)" if members else "–")
            table.rows.append([f"  {level}"] + cells)
    return table
