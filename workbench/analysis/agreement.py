"""Intercoder agreement as pure functions: what two or more coders coded, compared.

Three ways of comparing, each documented with its formula in docs/agreement.md:

- character level (NVivo's coding comparison): for one code and one source, every character
  of the source is a unit, coded or not by each of two coders; percent agreement and
  Cohen's κ from that 2×2 table;
- segment level: each sentence or turn is a unit, the code present (some coding of it
  touches the unit) or absent per coder; percent agreement, Cohen's κ for two coders and
  Krippendorff's α (nominal, any number of coders, a coder who did not code a source counted
  as missing there) computed with the ``krippendorff`` package;
- segment matching (MAXQDA's): a coder's coding is matched when another coder coded the same
  code on a stretch that overlaps it by at least a threshold (the shared characters over the
  characters either covers).

Cohen's κ takes chance agreement as P(both yes) + P(both no), each coder's own rates
multiplied; where that is 1 (one category only) κ is undefined and given as ``None``, never
as 0 or 1. Every figure carries the number of units it rests on.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

UNITS = ("character", "sentence", "turn")


@dataclass(frozen=True)
class Span:
    """One coding: who coded which code on which characters of which source."""

    coder: str
    source: int
    code: int
    start: int
    end: int


@dataclass
class Counts:
    """The 2×2 table of two coders over some units: both coded, only the first, only the
    second, neither."""

    both: int = 0
    only_a: int = 0
    only_b: int = 0
    neither: int = 0

    @property
    def units(self) -> int:
        return self.both + self.only_a + self.only_b + self.neither

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(self.both + other.both, self.only_a + other.only_a,
                      self.only_b + other.only_b, self.neither + other.neither)

    @property
    def percent(self) -> float | None:
        """Observed agreement, 0–100; ``None`` over no units."""
        n = self.units
        return None if n == 0 else 100.0 * (self.both + self.neither) / n

    @property
    def chance(self) -> float | None:
        """P(both yes) + P(both no) by chance: each coder's own rate, multiplied."""
        n = self.units
        if n == 0:
            return None
        yes_a = (self.both + self.only_a) / n
        yes_b = (self.both + self.only_b) / n
        return yes_a * yes_b + (1 - yes_a) * (1 - yes_b)

    @property
    def kappa(self) -> float | None:
        """Cohen's κ = (observed − chance) / (1 − chance); ``None`` where chance is 1 (both
        coders used one category only: nothing to tell agreement from chance)."""
        chance = self.chance
        if chance is None or math.isclose(chance, 1.0, rel_tol=0, abs_tol=1e-12):
            return None
        observed = (self.both + self.neither) / self.units
        return (observed - chance) / (1 - chance)


@dataclass
class Figure:
    """One row of an agreement report: a code in a source, a code over all sources, a
    source over all codes, or everything (``code``/``source`` None where pooled)."""

    code: int | None
    source: int | None
    units: int
    percent: float | None
    kappa: float | None = None
    alpha: float | None = None
    segments: int = 0
    matched: int = 0

    @property
    def matched_percent(self) -> float | None:
        return None if self.segments == 0 else 100.0 * self.matched / self.segments

    @property
    def scope(self) -> str:
        if self.code is not None and self.source is not None:
            return "code in source"
        if self.code is not None:
            return "code"
        if self.source is not None:
            return "source"
        return "overall"


@dataclass
class Comparison:
    """What is compared: the coders, the unit, the sources (with their length in characters
    and, for segment units, their units as (start, end)), the codes and the codings."""

    coders: Sequence[str]
    unit: str
    lengths: dict[int, int]
    spans: list[Span]
    codes: Sequence[int]
    units: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    overlap: float = 0.9


@dataclass
class Report:
    coders: list[str]
    unit: str
    overlap: float
    figures: list[Figure]
    sources: list[int]  # the sources compared, in the order given
    notes: list[str] = field(default_factory=list)

    def rows(self, scope: str) -> list[Figure]:
        return [f for f in self.figures if f.scope == scope]


# -- intervals -------------------------------------------------------------------------------

def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching stretches joined, in order."""
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def covered(intervals: Sequence[tuple[int, int]]) -> int:
    return sum(e - s for s, e in intervals)


def intersection(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """Characters in both of two merged interval lists."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if low < high:
            total += high - low
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def character_counts(length: int, a: Iterable[tuple[int, int]],
                     b: Iterable[tuple[int, int]]) -> Counts:
    """The 2×2 table over the ``length`` characters of a source, two coders' stretches."""
    ma = merge_intervals((max(0, s), min(length, e)) for s, e in a if s < length)
    mb = merge_intervals((max(0, s), min(length, e)) for s, e in b if s < length)
    both = intersection(ma, mb)
    ca, cb = covered(ma), covered(mb)
    return Counts(both, ca - both, cb - both, length - ca - cb + both)


def units_touched(units: Sequence[tuple[int, int]], stretches: Iterable[tuple[int, int]]
                  ) -> set[int]:
    """The indexes of the units (sorted by start) that share a character with a stretch."""
    import bisect

    starts = [s for s, _ in units]
    touched: set[int] = set()
    for start, end in stretches:
        index = max(0, bisect.bisect_right(starts, start) - 1)
        while index < len(units) and units[index][0] < end:
            if units[index][1] > start:
                touched.add(index)
            index += 1
    return touched


def overlap_ratio(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters over the characters either covers (0 when apart)."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    if shared <= 0:
        return 0.0
    return shared / (max(a[1], b[1]) - min(a[0], b[0]))


# -- Krippendorff's alpha --------------------------------------------------------------------

def alpha(matrix: np.ndarray) -> float | None:
    """Krippendorff's α, nominal, of a coders × units matrix (nan = missing), by the
    ``krippendorff`` package; ``None`` where it is undefined (fewer than two values, or no
    unit that two coders coded)."""
    if matrix.size == 0:
        return None
    pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
    if not pairable.any():
        return None
    values = matrix[:, pairable]
    if len(np.unique(values[~np.isnan(values)])) < 2:
        return None
    import krippendorff

    result = float(krippendorff.alpha(reliability_data=values, level_of_measurement="nominal",
                                      value_domain=[0.0, 1.0]))
    return None if math.isnan(result) else result


def agreeing_units(matrix: np.ndarray) -> tuple[int, int]:
    """(units where every coder present gave the same value, units two or more coded)."""
    if matrix.size == 0:
        return 0, 0
    present = ~np.isnan(matrix)
    pairable = present.sum(axis=0) >= 2
    filled = np.where(present, matrix, 0.0)
    yes = filled.sum(axis=0)
    count = present.sum(axis=0)
    agree = pairable & ((yes == 0) | (yes == count))
    return int(agree.sum()), int(pairable.sum())


def sources_to_compare(spans: Iterable[Span], coders: Sequence[str],
                       sources: Sequence[int]) -> list[int]:
    """Of ``sources`` (in their order), those that at least two of the coders coded: a source
    a coder has not coded is not a disagreement."""
    who: dict[int, set[str]] = defaultdict(set)
    for span in spans:
        if span.coder in coders:
            who[span.source].add(span.coder)
    return [s for s in sources if len(who.get(s, ())) >= 2]


# -- the comparison --------------------------------------------------------------------------

def compare(comparison: Comparison) -> Report:
    """Every figure of a comparison: per code in each source, per code, per source, overall."""
    if comparison.unit not in UNITS:
        raise ValueError(f"unknown unit {comparison.unit!r}")
    coders = list(comparison.coders)
    by_key: dict[tuple[str, int, int], list[tuple[int, int]]] = defaultdict(list)
    coded_sources: dict[str, set[int]] = defaultdict(set)
    for span in comparison.spans:
        if span.coder in coders and span.source in comparison.lengths:
            by_key[(span.coder, span.source, span.code)].append((span.start, span.end))
            coded_sources[span.coder].add(span.source)
    sources = list(comparison.lengths)
    codes = list(comparison.codes)
    if comparison.unit == "character":
        figures = _character_figures(coders, sources, codes, comparison.lengths, by_key,
                                     coded_sources)
    else:
        figures = _segment_figures(coders, sources, codes, comparison.units, by_key,
                                   coded_sources)
    _add_matching(figures, coders, sources, codes, by_key, comparison.overlap)
    notes = []
    if len(coders) > 2:
        notes.append("Cohen's κ compares two coders; with more, α and percent agreement "
                     "(every coder the same) are given.")
    return Report(coders, comparison.unit, comparison.overlap, figures, sources, notes)


def _character_figures(coders, sources, codes, lengths, by_key, coded_sources) -> list[Figure]:
    """A source that one of the two coders did not code at all rests on no characters."""
    a, b = coders[0], coders[1]
    cells: dict[tuple[int, int], Counts] = {}
    for code in codes:
        for source in sources:
            if source not in coded_sources.get(a, ()) or source not in coded_sources.get(b, ()):
                cells[(code, source)] = Counts()
                continue
            cells[(code, source)] = character_counts(
                lengths[source], by_key.get((a, source, code), ()),
                by_key.get((b, source, code), ()))
    return _pooled_figures(cells, codes, sources)


def _pooled_figures(cells: dict[tuple[int, int], Counts], codes, sources) -> list[Figure]:
    def figure(code, source, counts: Counts) -> Figure:
        return Figure(code, source, counts.units, counts.percent, counts.kappa)

    figures = [figure(code, source, cells[(code, source)]) for code in codes for source in sources]
    for code in codes:
        figures.append(figure(code, None, sum((cells[(code, s)] for s in sources), Counts())))
    for source in sources:
        figures.append(figure(None, source, sum((cells[(c, source)] for c in codes), Counts())))
    figures.append(figure(None, None, sum(cells.values(), Counts())))
    return figures


def _segment_figures(coders, sources, codes, units, by_key, coded_sources) -> list[Figure]:
    """Each unit × code a value per coder: 1 present, 0 absent, nan where the coder did not
    code that source at all (missing for α; such a source is left out of κ and percent)."""
    rows: dict[tuple[int, int], np.ndarray] = {}
    for source in sources:
        source_units = sorted(units.get(source, []))
        for code in codes:
            matrix = np.full((len(coders), len(source_units)), np.nan)
            for row, coder in enumerate(coders):
                if source not in coded_sources.get(coder, ()):
                    continue
                matrix[row, :] = 0.0
                for index in units_touched(source_units, by_key.get((coder, source, code), ())):
                    matrix[row, index] = 1.0
            rows[(code, source)] = matrix
    two = len(coders) == 2

    def figure(code, source, matrix: np.ndarray) -> Figure:
        agree, pairable = agreeing_units(matrix)
        kappa = None
        if two and pairable:
            kappa = _counts(matrix).kappa
        return Figure(code, source, pairable, None if pairable == 0 else 100.0 * agree / pairable,
                      kappa, alpha(matrix))

    def joined(matrices: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(matrices, axis=1) if matrices else np.full((len(coders), 0), np.nan)

    figures = [figure(code, source, rows[(code, source)]) for code in codes for source in sources]
    for code in codes:
        figures.append(figure(code, None, joined([rows[(code, s)] for s in sources])))
    for source in sources:
        figures.append(figure(None, source, joined([rows[(c, source)] for c in codes])))
    figures.append(figure(None, None, joined(list(rows.values()))))
    return figures


def _counts(matrix: np.ndarray) -> Counts:
    """The 2×2 table of a two-coder matrix, over the units both coded."""
    both_present = ~np.isnan(matrix).any(axis=0)
    a, b = matrix[0, both_present], matrix[1, both_present]
    yes_yes = int(((a == 1) & (b == 1)).sum())
    yes_no = int(((a == 1) & (b == 0)).sum())
    no_yes = int(((a == 0) & (b == 1)).sum())
    return Counts(yes_yes, yes_no, no_yes, int(both_present.sum()) - yes_yes - yes_no - no_yes)


def _add_matching(figures: list[Figure], coders, sources, codes, by_key, threshold: float) -> None:
    """Segment matching: every coding of every coder, matched or not by another coder's coding
    of the same code in the same source with an overlap of at least ``threshold``."""
    cell: dict[tuple[int, int], tuple[int, int]] = {}
    for code in codes:
        for source in sources:
            segments = matched = 0
            for coder in coders:
                others = [s for other in coders if other != coder
                          for s in by_key.get((other, source, code), ())]
                for stretch in by_key.get((coder, source, code), ()):
                    segments += 1
                    if any(overlap_ratio(stretch, o) >= threshold - 1e-12 for o in others):
                        matched += 1
            cell[(code, source)] = (segments, matched)
    for figure in figures:
        keys = [(c, s) for c in ([figure.code] if figure.code is not None else codes)
                for s in ([figure.source] if figure.source is not None else sources)]
        figure.segments = sum(cell[k][0] for k in keys)
        figure.matched = sum(cell[k][1] for k in keys)
