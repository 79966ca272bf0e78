"""Code saturation: how many new codes each interview adds, and when they stop coming.

Pure functions over interviews in the order they were conducted; each interview is the set
of codes present in it. The methods:

- Guest, Namey & Chen (2020): with a base of ``b`` interviews and runs of ``r``, the ratio
  at ``s`` is the number of codes first seen in interviews s+1 … s+r divided by the number
  of distinct codes in the first b interviews; saturation is the first s ≥ b whose ratio is
  at or below the threshold, reported as "s+r".
- Francis et al. (2010): after an initial sample of ``n0`` interviews, saturation is the
  interview at which ``k`` consecutive interviews have added no new code.
- Chao2 (Chao 1987; the small-sample forms in Gotelli & Colwell 2011): an estimate of the
  total number of codes from how many are seen in exactly one (Q1) or two (Q2) interviews.

Each rule has three outcomes: reached, not reached within the interviews there are, and
cannot be assessed, when there are fewer interviews than the rule needs to say anything
(b + r for Guest, n0 + k for Francis) or, for Guest, no code in the base.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

GRID_BASES = (4, 5, 6)
GRID_RUNS = (2, 3)
GRID_THRESHOLDS = (0.0, 5.0)

REACHED = "reached"
NOT_REACHED = "not reached"
CANNOT_BE_ASSESSED = "cannot be assessed"
CHAO2_FORMS = ("classic", "bias-corrected")
DEDUCTIVE_CHOICES = ("exclude", "count")


@dataclass(frozen=True)
class Interview:
    name: str  # unique, e.g. the source's file name
    participant: str | None
    role: str | None
    codes: tuple[str, ...]  # distinct codes present, in codebook order

    @property
    def label(self) -> str:
        return self.participant or self.name


@dataclass(frozen=True)
class InterviewRow:
    order: int  # 1 = the first interview of the series
    name: str
    participant: str | None
    present: int
    new: tuple[str, ...]
    cumulative: int
    share: float  # cumulative / all codes seen in the series


@dataclass(frozen=True)
class GuestResult:
    base: int
    run: int
    threshold: float  # percent
    base_codes: int  # distinct codes in the first `base` interviews
    ratios: tuple[float, ...]  # ratio(s) for s = base, base + 1, … while s + run ≤ interviews
    point: int | None  # the s at which saturation is reached
    interviews: int = 0  # in the series

    @property
    def needed(self) -> int | None:
        """Interviews it took to see saturation: s + r."""
        return None if self.point is None else self.point + self.run

    @property
    def status(self) -> str:
        if self.point is not None:
            return REACHED
        if self.interviews < self.base + self.run or not self.base_codes:
            return CANNOT_BE_ASSESSED
        return NOT_REACHED

    @property
    def label(self) -> str:
        """``6+2``, ``not reached`` or ``cannot be assessed``."""
        return f"{self.point}+{self.run}" if self.point is not None else self.status

    @property
    def reason(self) -> str | None:
        """Why the rule cannot say anything about these interviews (None when it can)."""
        if self.status != CANNOT_BE_ASSESSED:
            return None
        if self.interviews < self.base + self.run:
            return (f"{self.interviews} interviews, fewer than the {self.base + self.run} "
                    f"that base {self.base} + run {self.run} need")
        return f"no code in the first {self.base} interviews"

    @property
    def outcome(self) -> str:
        """``6+2 (8 interviews)``, ``not reached within 20 interviews`` or ``cannot be
        assessed: 5 interviews, fewer than …``."""
        if self.point is not None:
            return f"{self.label} ({self.needed} interviews)"
        if self.reason:
            return f"{CANNOT_BE_ASSESSED}: {self.reason}"
        return f"{NOT_REACHED} within {self.interviews} interviews"


@dataclass(frozen=True)
class FrancisResult:
    initial: int
    stop: int
    point: int | None  # the interview at which the stop-th consecutive one without new codes ends
    interviews: int = 0  # in the series

    @property
    def status(self) -> str:
        if self.point is not None:
            return REACHED
        return CANNOT_BE_ASSESSED if self.reason else NOT_REACHED

    @property
    def label(self) -> str:
        return str(self.point) if self.point is not None else self.status

    @property
    def reason(self) -> str | None:
        if self.point is not None or self.interviews >= self.initial + self.stop:
            return None
        return (f"{self.interviews} interviews, fewer than the {self.initial + self.stop} "
                f"that an initial sample of {self.initial} and {self.stop} more need")

    @property
    def outcome(self) -> str:
        if self.point is not None:
            return f"interview {self.point}"
        if self.reason:
            return f"{CANNOT_BE_ASSESSED}: {self.reason}"
        return f"{NOT_REACHED} within {self.interviews} interviews"


@dataclass(frozen=True)
class Chao2Result:
    observed: int
    q1: int  # codes seen in exactly one interview
    q2: int  # codes seen in exactly two interviews
    interviews: int
    estimate: float
    form: str = "classic"  # the form used: "classic", or "bias-corrected" (always when Q2 = 0)

    @property
    def completeness(self) -> float | None:
        """Observed / estimated; None when there is nothing to estimate."""
        return self.observed / self.estimate if self.estimate else None


@dataclass(frozen=True)
class OrderSensitivity:
    """The interviews needed for saturation over random orders of the same interviews."""

    orders: int
    seed: int
    needed: tuple[int | None, ...]  # per random order; None where saturation was not reached
    median: float | None  # None when it falls on an order that did not reach saturation
    q1: float | None
    q3: float | None

    @property
    def reached(self) -> int:
        return sum(n is not None for n in self.needed)


@dataclass(frozen=True)
class CodeSpan:
    code: str
    first: int  # order of the interview where it first appeared
    last: int  # order of the last interview that has it
    interviews: int


@dataclass(frozen=True)
class Settings:
    base: int = 4
    run: int = 2
    threshold: float = 5.0  # percent
    initial: int = 10
    stop: int = 3
    orders: int = 1000
    seed: int = 1
    grid_bases: tuple[int, ...] = GRID_BASES
    grid_runs: tuple[int, ...] = GRID_RUNS
    grid_thresholds: tuple[float, ...] = GRID_THRESHOLDS
    chao2: str = "classic"  # or "bias-corrected"; classic falls back to it when Q2 = 0
    deductive: str = "exclude"  # or "count": deductive codes counted as new at first use
    coder: str | None = None  # None pools every coder's codings; a name counts only theirs


@dataclass(frozen=True)
class Analysis:
    """Every method applied to one series of interviews."""

    interviews: tuple[Interview, ...]
    table: list[InterviewRow]
    guest: GuestResult
    grid: list[GuestResult]
    francis: FrancisResult
    chao2: Chao2Result
    order_sensitivity: OrderSensitivity
    codes: list[CodeSpan]

    @property
    def observed(self) -> int:
        return self.chao2.observed

    def new_in_last(self, count: int) -> int:
        return sum(len(row.new) for row in self.table[-count:]) if count > 0 else 0


def new_codes(interviews: Sequence[Interview]) -> list[tuple[str, ...]]:
    """Per interview, the codes not present in any earlier interview."""
    seen: set[str] = set()
    result = []
    for interview in interviews:
        fresh = tuple(code for code in interview.codes if code not in seen)
        seen.update(fresh)
        result.append(fresh)
    return result


def new_counts(interviews: Sequence[Interview]) -> list[int]:
    return _new_counts_of_masks(_code_masks(interviews))


def interview_table(interviews: Sequence[Interview]) -> list[InterviewRow]:
    fresh_per_interview = new_codes(interviews)
    total = sum(len(fresh) for fresh in fresh_per_interview)
    rows = []
    cumulative = 0
    for order, (interview, fresh) in enumerate(zip(interviews, fresh_per_interview), start=1):
        cumulative += len(fresh)
        rows.append(InterviewRow(order, interview.name, interview.participant,
                                 len(set(interview.codes)), fresh, cumulative,
                                 cumulative / total if total else 0.0))
    return rows


def guest(counts: Sequence[int], base: int = 4, run: int = 2,
          threshold: float = 5.0) -> GuestResult:
    """Guest, Namey & Chen (2020) on new-code counts per interview; threshold in percent.

    The threshold is turned into the largest whole number of new codes it allows, exactly:
    the percentage is read from its decimal digits (0.3 is 3/10, not the binary float
    0.29999…), so a ratio equal to the threshold counts as saturated.
    """
    if base < 1 or run < 1 or threshold < 0:
        raise ValueError("base and run must be at least 1, the threshold at least 0")
    base_codes = sum(counts[:base])
    if base_codes == 0:
        return GuestResult(base, run, threshold, 0, (), None, len(counts))
    most_new = math.floor(exact_percent(threshold) * base_codes / 100)
    ratios = []
    point = None
    for s in range(base, len(counts) - run + 1):
        new = sum(counts[s:s + run])
        ratios.append(new / base_codes)
        if point is None and new <= most_new:
            point = s
    return GuestResult(base, run, threshold, base_codes, tuple(ratios), point, len(counts))


def exact_percent(value: float) -> Fraction:
    """The percentage as typed: ``Fraction(str(0.3))`` is 3/10 exactly."""
    return Fraction(str(value))


def guest_grid(counts: Sequence[int], bases: Sequence[int] = GRID_BASES,
               runs: Sequence[int] = GRID_RUNS,
               thresholds: Sequence[float] = GRID_THRESHOLDS) -> list[GuestResult]:
    return [guest(counts, b, r, t) for b in bases for r in runs for t in thresholds]


def francis(counts: Sequence[int], initial: int = 10, stop: int = 3) -> FrancisResult:
    """Francis et al. (2010): the first interview after ``initial`` that completes ``stop``
    consecutive interviews without a new code."""
    if initial < 0 or stop < 1:
        raise ValueError("the initial sample must be at least 0 and the stopping criterion 1")
    streak = 0
    for number in range(initial + 1, len(counts) + 1):
        streak = streak + 1 if counts[number - 1] == 0 else 0
        if streak == stop:
            return FrancisResult(initial, stop, number, len(counts))
    return FrancisResult(initial, stop, None, len(counts))


def chao2(interviews: Sequence[Interview], form: str = "classic") -> Chao2Result:
    """Classic: S_obs + ((T−1)/T)·Q1²/(2·Q2);
    bias-corrected: S_obs + ((T−1)/T)·Q1(Q1−1)/(2·(Q2+1)).

    The classic form is undefined when Q2 = 0; the bias-corrected one is then used, and the
    result says so. The classic estimate is never below the bias-corrected one.
    """
    if form not in CHAO2_FORMS:
        raise ValueError(f"the Chao2 form is {' or '.join(CHAO2_FORMS)}, not {form!r}")
    incidence: dict[str, int] = {}
    for interview in interviews:
        for code in set(interview.codes):
            incidence[code] = incidence.get(code, 0) + 1
    observed = len(incidence)
    q1 = sum(1 for n in incidence.values() if n == 1)
    q2 = sum(1 for n in incidence.values() if n == 2)
    t = len(interviews)
    factor = (t - 1) / t if t else 0.0
    used = form if q2 else "bias-corrected"
    unseen = q1 * q1 / (2 * q2) if used == "classic" else q1 * (q1 - 1) / (2 * (q2 + 1))
    return Chao2Result(observed, q1, q2, t, observed + factor * unseen, used)


def code_spans(interviews: Sequence[Interview]) -> list[CodeSpan]:
    """Per code: where it first appeared and the last interview that has it, by first appearance."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    count: dict[str, int] = {}
    for order, interview in enumerate(interviews, start=1):
        for code in dict.fromkeys(interview.codes):
            first.setdefault(code, order)
            last[code] = order
            count[code] = count.get(code, 0) + 1
    return [CodeSpan(code, first[code], last[code], count[code]) for code in first]


def order_sensitivity(interviews: Sequence[Interview],
                      needed: Callable[[list[int]], int | None],
                      orders: int = 1000, seed: int = 1,
                      horizon: int | None = None) -> OrderSensitivity:
    """Apply ``needed`` (new-code counts → interviews needed, or None) to random orders.

    The same seed gives the same orders, hence the same result. ``horizon``, when given,
    promises that an answer ``needed`` finds within a prefix of the counts is its answer
    for all of them (true of the Guest rule, which looks only at interviews up to s + r);
    each order is then counted only as far as it must be, which at thousands of
    interviews is what keeps this fast.
    """
    generator = np.random.default_rng(seed)
    masks = _code_masks(interviews)
    results = []
    for _ in range(orders):
        results.append(_needed_in(masks, generator.permutation(len(masks)), needed, horizon))
    ranked = sorted(results, key=lambda n: (n is None, n or 0))
    return OrderSensitivity(orders, seed, tuple(results), _quantile(ranked, 0.5),
                            _quantile(ranked, 0.25), _quantile(ranked, 0.75))


def _needed_in(masks: list[int], order: np.ndarray, needed: Callable[[list[int]], int | None],
               horizon: int | None) -> int | None:
    """``needed`` over growing prefixes of the order (4, 16, 64 … times the horizon), then all."""
    length = 4 * horizon if horizon else len(masks)
    while length < len(masks):
        found = needed(_new_counts_of_masks([masks[i] for i in order[:length]]))
        if found is not None:
            return found
        length *= 4
    return needed(_new_counts_of_masks([masks[i] for i in order]))


def _code_masks(interviews: Sequence[Interview]) -> list[int]:
    """Each interview's codes as the bits of an integer: thousands of reorderings stay fast."""
    bits: dict[str, int] = {}
    masks = []
    for interview in interviews:
        mask = 0
        for code in interview.codes:
            mask |= 1 << bits.setdefault(code, len(bits))
        masks.append(mask)
    return masks


def _new_counts_of_masks(masks: list[int]) -> list[int]:
    seen = 0
    counts = []
    for mask in masks:
        counts.append((mask & ~seen).bit_count())
        seen |= mask
    return counts


def _quantile(ranked: list[int | None], q: float) -> float | None:
    """Linear interpolation between order statistics (numpy's default); None ranks last and
    stands for "not reached"."""
    if not ranked:
        return None
    position = q * (len(ranked) - 1)
    low = math.floor(position)
    fraction = position - low
    a = ranked[low]
    if fraction == 0:
        return None if a is None else float(a)
    b = ranked[low + 1]
    if a is None or b is None:
        return None
    return a + fraction * (b - a)


def analyse(interviews: Sequence[Interview], settings: Settings = Settings()) -> Analysis:
    interviews = tuple(interviews)
    counts = new_counts(interviews)

    def guest_needed(series: list[int]) -> int | None:
        return guest(series, settings.base, settings.run, settings.threshold).needed

    # Too few interviews for the rule in any order: no random order could say more.
    too_few = len(interviews) < settings.base + settings.run
    return Analysis(
        interviews=interviews,
        table=interview_table(interviews),
        guest=guest(counts, settings.base, settings.run, settings.threshold),
        grid=guest_grid(counts, settings.grid_bases, settings.grid_runs,
                        settings.grid_thresholds),
        francis=francis(counts, settings.initial, settings.stop),
        chao2=chao2(interviews, settings.chao2),
        order_sensitivity=order_sensitivity(interviews, guest_needed,
                                            0 if too_few else settings.orders,
                                            settings.seed, settings.base + settings.run),
        codes=code_spans(interviews),
    )
