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
  characters either covers); beside the share matched, Brennan & Prediger's κn as MAXQDA
  reports it, chance taken as 1 / the number of codes compared.

Cohen's κ takes chance agreement as P(both yes) + P(both no), each coder's own rates
multiplied; where that is 1 (one category only) κ is undefined and given as ``None``, never
as 0 or 1. Every figure carries the number of units it rests on.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from workbench.analysis.spans import intersection, merged

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
    categories: int = 0  # codes in the matching table (used by a coder): k of P_c = 1/k

    @property
    def matched_percent(self) -> float | None:
        return None if self.segments == 0 else 100.0 * self.matched / self.segments

    @property
    def matched_kappa(self) -> float | None:
        """Brennan & Prediger's κn of the matching, as MAXQDA computes it: P_o the share of
        segments matched, P_c = 1 / k with k the codes compared; undefined over no segments
        or with fewer than two codes (chance is then 1)."""
        if self.segments == 0 or self.categories < 2:
            return None
        observed, chance = self.matched / self.segments, 1 / self.categories
        return (observed - chance) / (1 - chance)

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

def covered(intervals: Sequence[tuple[int, int]]) -> int:
    return sum(e - s for s, e in intervals)


def character_counts(length: int, a: Iterable[tuple[int, int]],
                     b: Iterable[tuple[int, int]]) -> Counts:
    """The 2×2 table over the ``length`` characters of a source, two coders' stretches."""
    ma = merged([(max(0, s), min(length, e)) for s, e in a if s < length])
    mb = merged([(max(0, s), min(length, e)) for s, e in b if s < length])
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


# -- the comparison --------------------------------------------------------------------------

def sources_to_compare(spans: Iterable[Span], coders: Sequence[str],
                       sources: Sequence[int]) -> list[int]:
    """Of ``sources`` (in their order), those that at least two of the coders coded: a source
    a coder has not coded is not a disagreement."""
    who: dict[int, set[str]] = defaultdict(set)
    for span in spans:
        if span.coder in coders:
            who[span.source].add(span.coder)
    return [s for s in sources if len(who.get(s, ())) >= 2]


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
            if (a, source, code) not in by_key and (b, source, code) not in by_key:
                cells[(code, source)] = Counts(neither=lengths[source])
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


@dataclass
class Cell:
    """What a segment-level figure is made of, additive over cells: units that two or more
    coders coded (pairable) and those every coder agreed on; the 2×2 table (two coders); the
    coincidence counts of Krippendorff's α (o00, o01 = o10, o11)."""

    pairable: int = 0
    agree: int = 0
    counts: Counts = field(default_factory=Counts)
    o00: float = 0.0
    o01: float = 0.0
    o11: float = 0.0

    def __add__(self, other: "Cell") -> "Cell":
        return Cell(self.pairable + other.pairable, self.agree + other.agree,
                    self.counts + other.counts, self.o00 + other.o00, self.o01 + other.o01,
                    self.o11 + other.o11)

    @property
    def alpha(self) -> float | None:
        """Krippendorff's α, nominal, from the coincidences: 1 − (n − 1)·o01 / (n0·n1);
        undefined with one value only."""
        n0, n1 = self.o00 + self.o01, self.o11 + self.o01
        n = n0 + n1
        if n <= 1 or n0 <= 0 or n1 <= 0:
            return None
        return 1 - (n - 1) * self.o01 / (n0 * n1)


def segment_cell(unit_count: int, touched: Sequence[set[int]]) -> Cell:
    """One code in one source: ``touched`` holds, per coder who coded the source, the units
    the code is present in for that coder (the others are missing there)."""
    m = len(touched)
    if m < 2 or unit_count == 0:
        return Cell()
    ones: dict[int, int] = defaultdict(int)
    for units in touched:
        for index in units:
            ones[index] += 1
    cell = Cell(pairable=unit_count)
    cell.agree = unit_count - sum(1 for k in ones.values() if k < m)
    cell.o00 = m * (unit_count - len(ones))  # units no coder marked: m zeros each
    for k in ones.values():
        cell.o11 += k * (k - 1) / (m - 1)
        cell.o00 += (m - k) * (m - k - 1) / (m - 1)
        cell.o01 += k * (m - k) / (m - 1)
    if m == 2:
        a, b = touched
        both = len(a & b)
        cell.counts = Counts(both, len(a) - both, len(b) - both,
                             unit_count - len(a) - len(b) + both)
    return cell


def _segment_figures(coders, sources, codes, units, by_key, coded_sources) -> list[Figure]:
    """Each unit × code a value per coder: present, absent, or missing where the coder did
    not code that source at all (such a coder is left out of that source's units)."""
    two = len(coders) == 2
    cells: dict[tuple[int, int], Cell] = {}
    for source in sources:
        source_units = sorted(units.get(source, []))
        present = [c for c in coders if source in coded_sources.get(c, ())]
        pair_with = {coder: index for index, coder in enumerate(present)}
        empty = segment_cell(len(source_units), [set() for _ in present])
        for code in codes:
            spans = [by_key.get((coder, source, code)) for coder in pair_with]
            if not any(spans):
                cells[(code, source)] = empty
                continue
            touched = [units_touched(source_units, found or ()) for found in spans]
            cells[(code, source)] = segment_cell(len(source_units), touched)

    def figure(code, source, cell: Cell) -> Figure:
        kappa = cell.counts.kappa if two and cell.counts.units else None
        percent = None if cell.pairable == 0 else 100.0 * cell.agree / cell.pairable
        return Figure(code, source, cell.pairable, percent, kappa, cell.alpha)

    figures = [figure(code, source, cells[(code, source)]) for code in codes for source in sources]
    by_code = {code: _pool(cells[(code, s)] for s in sources) for code in codes}
    by_source = {source: _pool(cells[(c, source)] for c in codes) for source in sources}
    figures.extend(figure(code, None, by_code[code]) for code in codes)
    figures.extend(figure(None, source, by_source[source]) for source in sources)
    figures.append(figure(None, None, _pool(by_code.values())))
    return figures


def _pool(cells: Iterable[Cell]) -> Cell:
    """Cells added up (faster than ``sum`` of dataclasses over thousands of them)."""
    pairable = agree = both = only_a = only_b = neither = 0
    o00 = o01 = o11 = 0.0
    for cell in cells:
        pairable += cell.pairable
        agree += cell.agree
        counts = cell.counts
        both += counts.both
        only_a += counts.only_a
        only_b += counts.only_b
        neither += counts.neither
        o00 += cell.o00
        o01 += cell.o01
        o11 += cell.o11
    return Cell(pairable, agree, Counts(both, only_a, only_b, neither), o00, o01, o11)


def _add_matching(figures: list[Figure], coders, sources, codes, by_key, threshold: float) -> None:
    """Segment matching: every coding of every coder, matched or not by another coder's coding
    of the same code in the same source with an overlap of at least ``threshold``."""
    cell: dict[tuple[int, int], tuple[int, int]] = {}
    coded = {(source, code) for (_, source, code) in by_key}
    for code in codes:
        for source in sources:
            segments = matched = 0
            if (source, code) not in coded:
                cell[(code, source)] = (0, 0)
                continue
            for coder in coders:
                others = [s for other in coders if other != coder
                          for s in by_key.get((other, source, code), ())]
                for stretch in by_key.get((coder, source, code), ()):
                    segments += 1
                    if any(overlap_ratio(stretch, o) >= threshold - 1e-12 for o in others):
                        matched += 1
            cell[(code, source)] = (segments, matched)
    per_code: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    per_source: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for (code, source), (segments, matched) in cell.items():
        for total in (per_code[code], per_source[source]):
            total[0] += segments
            total[1] += matched
    everything = [sum(v[0] for v in per_code.values()), sum(v[1] for v in per_code.values())]
    categories = sum(1 for total in per_code.values() if total[0])
    for figure in figures:
        figure.categories = categories
        if figure.code is not None and figure.source is not None:
            figure.segments, figure.matched = cell[(figure.code, figure.source)]
        elif figure.code is not None:
            figure.segments, figure.matched = per_code[figure.code]
        elif figure.source is not None:
            figure.segments, figure.matched = per_source[figure.source]
        else:
            figure.segments, figure.matched = everything
