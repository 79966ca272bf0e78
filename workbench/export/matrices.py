"""Matrices and lists of codings: code × participant (counts or presence, grouped by role),
code co-occurrence, and every coding as a row.

A coding counts for the participants who speak in the turns it overlaps, never for the
interviewer or for text outside every turn (``analysis/speakers.py``) — the rule the theme
table and the codebook's usage counts follow. A code's row counts the codings of the codes
below it too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from workbench.analysis.speakers import Speakers
from workbench.export.table import Table
from workbench.export.theme_table import (hierarchy_cells, level_name, shown_ancestors,
                                          shown_depth)

class Span(NamedTuple):
    coding: int
    source: int
    code: int
    start: int
    end: int


def coding_spans(rows: Iterable[tuple[int, int, int, int, int]]) -> list[Span]:
    """``store.codings.spans()`` as spans."""
    return [Span(*row) for row in rows]


def code_columns(codes: list[dict], level: int) -> tuple[list[dict], int, list[str]]:
    """The codes shown as rows, how many hierarchy columns, and those columns' names."""
    shown = [code for code in codes if code["level"] <= level]
    depth = shown_depth(shown, level)
    return shown, depth, [level_name(n) for n in range(1, depth + 1)]


def participant_matrix(codes: list[dict], level: int, people: list[dict], roles: list[dict],
                       spans: Iterable[Span], speakers: Speakers, presence: bool) -> Table:
    """Codes × participants in role order, each role followed by its total, then the total.

    With ``presence`` a cell is 1 if the participant voiced the code and 0 if not, and a
    total counts participants; otherwise cells count codings.
    """
    rows_of = shown_ancestors(codes, level)
    counts: Counter[tuple[int, str]] = Counter()
    for span in spans:
        for participant in speakers(span.source, span.start, span.end):
            for row in rows_of[span.code]:
                counts[row, participant] += 1
    shown, depth, columns = code_columns(codes, level)
    groups = [(role, [p["id"] for p in people if p["role"] == role["prefix"]]) for role in roles]
    groups = [(role, ids) for role, ids in groups if ids]
    for role, ids in groups:
        columns += ids + [f"{role['prefix']} total"]
    columns.append("Total")
    table = Table(
        title=f"{'Presence' if presence else 'Codings'} of each code by participant",
        columns=columns, rows=[], nested=depth,
        widths=[2.0] * depth + [0.5] * (len(columns) - depth))
    for code in shown:
        cells: list[str | int] = hierarchy_cells(code, depth)
        total = 0
        for role, ids in groups:
            values = [counts[code["id"], pid] for pid in ids]
            if presence:
                values = [int(value > 0) for value in values]
            cells += values + [sum(values)]
            total += sum(values)
        table.rows.append(cells + [total])
    labels = "; ".join(f"{role['prefix']} {role['label'].lower()}" for role, _ in groups)
    table.notes = [
        ("1: the participant voiced the code in at least one coded passage; totals count "
         "participants." if presence else
         "The number of codings of the code in what the participant said; totals add them up.")
        + f" Roles: {labels}. A code's row includes the codes below it; a passage counts for "
        "every participant whose turns it overlaps, never for the interviewer."]
    return table


def overlapping_pairs(spans: Iterable[Span]) -> Iterator[tuple[Span, Span]]:
    """Pairs of codings in the same source whose spans overlap (sorted by source and start)."""
    active: list[Span] = []
    for span in spans:
        active = [a for a in active if a.source == span.source and a.end > span.start]
        for other in active:
            yield other, span
        active.append(span)


def cooccurrence_matrix(codes: list[dict], level: int, spans: Iterable[Span]) -> Table:
    """Per pair of codes: how many pairs of their codings overlap. Blank where one code lies
    inside the other (or is the same), where overlap says nothing."""
    rows_of = shown_ancestors(codes, level)
    counts: Counter[tuple[int, int]] = Counter()
    for a, b in overlapping_pairs(spans):
        chain_a, chain_b = rows_of[a.code], rows_of[b.code]
        for row_a in chain_a:
            if row_a in chain_b:
                continue
            for row_b in chain_b:
                if row_b not in chain_a:
                    counts[row_a, row_b] += 1
                    counts[row_b, row_a] += 1
    shown, depth, columns = code_columns(codes, level)
    table = Table(title="Co-occurrence of codes", columns=columns + [c["number"] for c in shown],
                  rows=[], nested=depth, widths=[2.0] * depth + [0.4] * len(shown))
    related = {(row, other) for chain in rows_of.values() for row in chain for other in chain}
    for code in shown:
        table.rows.append(hierarchy_cells(code, depth) + [
            "" if (code["id"], other["id"]) in related else counts[code["id"], other["id"]]
            for other in shown])
    table.notes = ["The number of pairs of codings of the two codes whose passages overlap in "
                   "the same source; a code's row includes the codes below it. Columns are "
                   "numbered as the rows."]
    return table


SEGMENT_COLUMNS = ["Source", "Participant", "Role", "Code", "Text", "Start", "End", "Coder",
                   "Memo", "Exemplar"]


def segments_table(codings: list[dict], speakers: Speakers, role_labels: dict[str, str]
                   ) -> Table:
    """Every coding (``Codings.list()``) as a row; start and end are character offsets."""
    table = Table(title="Coded passages", columns=SEGMENT_COLUMNS, rows=[],
                  widths=[1.2, 0.8, 1.2, 2.0, 4.0, 0.6, 0.6, 0.8, 2.0, 0.6])
    for coding in codings:
        people = speakers(coding["source"], coding["start"], coding["end"])
        table.rows.append([
            coding["source_name"], "; ".join(people),
            "; ".join(dict.fromkeys(role_labels[p] for p in people)),
            coding["code_path"], coding["text"], coding["start"], coding["end"],
            coding["coder"], coding["memo"] or "", "yes" if coding["exemplar"] else ""])
    table.notes = ["Start and end are character offsets into the transcript (end exclusive)."]
    return table
