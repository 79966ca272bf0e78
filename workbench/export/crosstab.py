"""The code × attribute crosstab: per code and value of one participant attribute (sex: f, m),
the coded passages and the participants with that value who voiced the code.

Who voiced a passage follows the rule of the theme table and the matrices
(``analysis/speakers.py``); a code's row counts the passages of the codes below it too, and
a passage is a source and a span, counted once however many codings it has. Participants
are those interviewed (a transcript or a turn), as in the theme table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from workbench.analysis.characteristics import is_number
from workbench.analysis.speakers import Speakers
from workbench.errors import WorkbenchError
from workbench.export.matrices import Span, code_columns
from workbench.export.table import Cell, Table
from workbench.export.theme_table import hierarchy_cells, shown_ancestors

NOT_SET = "(not set)"
MAX_NUMBERS = 6  # a numeric attribute with more values than this needs --bins
N_ROW = "Participants (n)"


def parse_bins(text: str) -> list[float]:
    """``"40,50"`` → [40, 50]: the edges of the groups < 40, 40 to < 50, ≥ 50."""
    try:
        edges = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise WorkbenchError(f"--bins '{text}' should be numbers separated by commas, "
                             "such as 40,50") from None
    if not edges or edges != sorted(set(edges)):
        raise WorkbenchError(f"--bins '{text}' should be increasing numbers separated by "
                             "commas, such as 40,50")
    return edges


def _edge(number: float) -> str:
    return f"{number:g}"


def bin_labels(edges: list[float]) -> list[str]:
    """The groups' names in order: ``< 40``, ``40 to < 50``, ``≥ 50``."""
    middle = [f"{_edge(low)} to < {_edge(high)}" for low, high in zip(edges, edges[1:])]
    return [f"< {_edge(edges[0])}", *middle, f"≥ {_edge(edges[-1])}"]


def _bin_of(value: float, edges: list[float], labels: list[str]) -> str:
    return labels[sum(1 for edge in edges if value >= edge)]


def attribute_groups(people: list[dict], attribute: str, bins: str | None
                     ) -> tuple[dict[str, str], list[str]]:
    """Each participant's column (their value, its group, or ``(not set)``) and the columns
    in order: numbers ascending, then text, then ``(not set)``."""
    known = sorted({key for person in people for key in person["attributes"]})
    if attribute not in known:
        raise WorkbenchError(f"no participant attribute '{attribute}': choose one of "
                             + (", ".join(known) or "none (set some with `workbench "
                                                     "participants set` or `import`)"))
    values = {p["id"]: p["attributes"].get(attribute) for p in people}
    given = {pid: v for pid, v in values.items() if v is not None and v != ""}
    numbers = sorted({v for v in given.values() if is_number(v)})
    texts = sorted({str(v) for v in given.values() if not is_number(v)})
    if bins is not None:
        edges = parse_bins(bins)
        if texts:
            raise WorkbenchError(f"--bins needs a numeric attribute, but '{attribute}' has "
                                 f"text values ({', '.join(texts[:5])})")
        labels = bin_labels(edges)
        column = {pid: _bin_of(v, edges, labels) for pid, v in given.items()}
        order = [label for label in labels if label in column.values()]
    else:
        if len(numbers) > MAX_NUMBERS and not texts:
            raise WorkbenchError(
                f"'{attribute}' has {len(numbers)} different numeric values, too many columns: "
                f"group them with --bins (such as --bins {_suggest(numbers)}), or choose a "
                f"categorical attribute ({', '.join(_categorical(people, known)) or 'none'})")
        column = {pid: str(v) for pid, v in given.items()}
        order = list(dict.fromkeys([str(n) for n in numbers] + texts))
    for pid in values:
        column.setdefault(pid, NOT_SET)
    if NOT_SET in column.values():
        order.append(NOT_SET)
    return column, order


def _categorical(people: list[dict], names: list[str]) -> list[str]:
    """The attributes that need no --bins: text, or few numeric values."""
    def numbers(name: str) -> set:
        return {p["attributes"][name] for p in people if is_number(p["attributes"].get(name))}

    return [name for name in names if len(numbers(name)) <= MAX_NUMBERS
            or any(isinstance(p["attributes"].get(name), str) for p in people)]


def _suggest(numbers: list[float]) -> str:
    """Two round edges that split the values roughly in three."""
    third = len(numbers) // 3
    edges = dict.fromkeys(_edge(round(numbers[i], -1)) for i in (third, 2 * third))
    return ",".join(edges)


def crosstab_table(codes: list[dict], level: int, people: list[dict], attribute: str,
                   spans: Iterable[Span], speakers: Speakers, bins: str | None = None,
                   split: bool = False) -> Table:
    """Codes (down to ``level``) × the values of ``attribute`` among ``people`` (those
    interviewed). A cell is ``7 · 4/6``: 7 passages by 4 of the 6 participants with the
    value; with ``split`` (CSV, Excel) passages and participants are two numeric columns."""
    column_of, values = attribute_groups(people, attribute, bins)
    rows_of = shown_ancestors(codes, level)
    passages: dict[tuple[int, str], set] = defaultdict(set)
    voices: dict[tuple[int, str], set] = defaultdict(set)
    for span in spans:
        spoken = [pid for pid in speakers(span.source, span.start, span.end) if pid in column_of]
        passage = (span.source, span.start, span.end)
        for pid in spoken:
            for row in rows_of[span.code]:
                for value in (column_of[pid], None):  # None: the total
                    passages[row, value].add(passage)
                    voices[row, value].add(pid)
    n = {value: sum(1 for v in column_of.values() if v == value) for value in values}
    n[None] = len(column_of)
    shown, depth, columns = code_columns(codes, level)
    heads = [*values, None]
    names = [value if value is not None else "Total" for value in heads]
    if split:
        columns += [f"{name}: {part}" for name in names for part in ("passages", "participants")]
    else:
        columns += names
    label = [N_ROW] + [""] * (depth - 1)
    first: list[Cell] = [*label, *([p for value in heads for p in ("", n[value])] if split
                                   else [n[value] for value in heads])]
    table = Table(title=f"Codes by {attribute}: coded passages and participants",
                  columns=columns, rows=[first], nested=depth,
                  widths=[2.0] * depth + [0.8] * (len(columns) - depth))
    for code in shown:
        cells: list[Cell] = hierarchy_cells(code, depth)
        for value in heads:
            found = len(passages[code["id"], value])
            voiced = len(voices[code["id"], value])
            cells += [found, voiced] if split else [f"{found} · {voiced}/{n[value]}"]
        table.rows.append(cells)
    table.notes = [
        ("Passages and participants are separate columns; the first row gives the number of "
         "participants with each value." if split else
         "7 · 4/6: 7 coded passages voiced by 4 of the 6 participants with the value; the first "
         "row gives the number of participants with each value.")
        + f" Participants are those interviewed; {NOT_SET} are those without a value of "
        f"{attribute}. A code's row includes the codes below it; a passage (a source and a "
        "span) counts once, for every participant whose turns it overlaps, never for the "
        "interviewer, so in a focus group it may count under several values, once in the total."]
    return table
