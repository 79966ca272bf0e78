"""Code saturation: the pure methods (Guest, Francis, Chao2, order sensitivity) on
hand-computed vectors."""

import pytest

from workbench.analysis.saturation import (Interview, Settings, analyse, chao2, code_spans,
                                           francis, guest, guest_grid, interview_table,
                                           new_counts, order_sensitivity)


COUNT_ALL = Settings(orders=0, deductive="count")  # the demo's deductive codes counted too


def series(*code_sets: str) -> list[Interview]:
    """``series("ab", "bc")``: interview 1 has codes a, b; interview 2 has b, c."""
    return [Interview(f"I{n}.txt", f"G{n}", "G", tuple(codes))
            for n, codes in enumerate(code_sets, start=1)]


# -- Guest, Namey & Chen (2020) --------------------------------------------------------------

def test_guest_worked_example():
    # Base: 4 + 3 + 2 + 1 = 10 codes. s = 4: interviews 5–6 add 1 + 0 = 1 → 10% > 5%;
    # s = 5: interviews 6–7 add 0 → 0% → "5+2".
    result = guest([4, 3, 2, 1, 1, 0, 0, 0], base=4, run=2, threshold=5)
    assert result.base_codes == 10
    assert result.ratios == (0.1, 0.0, 0.0)
    assert (result.point, result.label, result.needed) == (5, "5+2", 7)


def test_guest_never_saturates():
    # Base 5 + 4 + 3 + 3 = 15; every run of two adds 4 → 26.7%.
    result = guest([5, 4, 3, 3, 2, 2, 2, 2, 2, 2])
    assert result.point is None and result.label == "not reached" and result.needed is None
    assert len(result.ratios) == 5 and all(r == pytest.approx(4 / 15) for r in result.ratios)


def test_guest_needs_a_whole_run_after_the_base():
    # s = 4 would need interviews 5 and 6; there are only 5.
    assert guest([4, 3, 2, 1, 0]).label == "cannot be assessed"
    assert guest([0, 0, 0, 0, 0, 0, 0]).label == "cannot be assessed"  # nothing in the base


@pytest.mark.parametrize("counts, base_codes, threshold", [
    ([8, 6, 4, 2, 1, 0, 0], 20, 5),  # 1 / 20 = 5%
    ([30, 20, 6, 4, 3, 0, 0], 60, 5),  # 3 / 60 = 5%
    ([20, 10, 6, 4, 1, 0, 0], 40, 2.5),  # 1 / 40 = 2.5%
])
def test_a_ratio_on_the_threshold_counts_as_saturated(counts, base_codes, threshold):
    result = guest(counts, base=4, run=2, threshold=threshold)
    assert result.base_codes == base_codes
    assert result.label == "4+2"
    assert guest(counts, base=4, run=2, threshold=0).label == "5+2"


def test_guest_grid_covers_bases_runs_and_thresholds():
    counts = [4, 3, 2, 1, 1, 0, 0, 0, 0, 0]
    grid = guest_grid(counts)
    assert [(r.base, r.run, r.threshold) for r in grid] == [
        (b, r, t) for b in (4, 5, 6) for r in (2, 3) for t in (0.0, 5.0)]
    labels = {(r.base, r.run, r.threshold): r.label for r in grid}
    # b = 4, r = 3: s = 4 sees 1 + 0 + 0 = 1 of 10 → 10%; s = 5 sees 0.
    assert labels[(4, 3, 5.0)] == "5+3"
    # b = 6: the base holds 11 codes; interviews 7 onwards add nothing.
    assert labels[(6, 2, 0.0)] == "6+2"
    assert labels[(6, 3, 0.0)] == "6+3"


# -- Francis et al. (2010) -------------------------------------------------------------------

def test_francis_stopping_rule():
    counts = [5, 3, 2, 1, 0, 1, 0, 0, 0, 0]
    # After 4: interview 5 adds nothing (1), 6 adds one (reset), 7, 8, 9 add nothing → 9.
    assert francis(counts, initial=4, stop=3).label == "9"
    assert francis(counts, initial=4, stop=4).point == 10
    assert francis(counts, initial=4, stop=5).label == "not reached"


def test_francis_counts_only_after_the_initial_sample():
    # Interviews 2–4 add nothing, but they belong to the initial sample.
    assert francis([3, 0, 0, 0, 1, 0, 0], initial=4, stop=3).label == "not reached"
    assert francis([3, 0, 0, 0, 1, 0, 0, 0], initial=4, stop=3).label == "8"
    assert francis([6, 2, 1], initial=10, stop=3).label == "cannot be assessed"  # too few


# -- Chao2 -----------------------------------------------------------------------------------

def test_chao2_with_doubletons():
    # a once, b once, c twice, d three times in T = 4 interviews: Q1 = 2, Q2 = 1.
    result = chao2(series("abcd", "cd", "d", ""))
    assert (result.observed, result.q1, result.q2, result.interviews) == (4, 2, 1, 4)
    expected = 4 + (3 / 4) * 2 ** 2 / (2 * 1)  # 5.5
    assert result.estimate == pytest.approx(expected) == pytest.approx(5.5)
    assert result.completeness == pytest.approx(4 / 5.5)


def test_chao2_without_doubletons():
    # a, b, c once each, d in all three: Q1 = 3, Q2 = 0, T = 3.
    result = chao2(series("ad", "bd", "cd"))
    assert (result.q1, result.q2) == (3, 0)
    expected = 4 + (2 / 3) * 3 * (3 - 1) / 2  # 6
    assert result.estimate == pytest.approx(expected) == pytest.approx(6.0)
    assert chao2([]).completeness is None


# -- tables, per code, order sensitivity -----------------------------------------------------

def test_interview_table_and_code_spans():
    interviews = series("ab", "bc", "b", "ad")
    assert new_counts(interviews) == [2, 1, 0, 1]
    table = interview_table(interviews)
    assert [(r.order, r.present, r.new, r.cumulative) for r in table] == [
        (1, 2, ("a", "b"), 2), (2, 2, ("c",), 3), (3, 1, (), 3), (4, 2, ("d",), 4)]
    assert [r.share for r in table] == [0.5, 0.75, 0.75, 1.0]
    assert [(s.code, s.first, s.last, s.interviews) for s in code_spans(interviews)] == [
        ("a", 1, 4, 2), ("b", 1, 3, 3), ("c", 2, 2, 1), ("d", 4, 4, 1)]


def test_order_sensitivity_is_reproducible():
    interviews = series("abcd", "ae", "bf", "c", "dg", "a", "b", "ch", "d", "a", "b", "c")

    def needed(counts):
        return guest(counts, base=4, run=2, threshold=5).needed

    first = order_sensitivity(interviews, needed, orders=200, seed=7)
    again = order_sensitivity(interviews, needed, orders=200, seed=7)
    assert first == again
    assert len(first.needed) == 200
    assert first.needed != order_sensitivity(interviews, needed, orders=200, seed=8).needed
    reached = sorted(n for n in first.needed if n is not None)
    assert reached and all(6 <= n <= 12 for n in reached)
    assert first.q1 <= first.median <= first.q3


def test_order_sensitivity_with_a_horizon_gives_the_same_result():
    """Counting each random order only as far as the Guest rule needs changes nothing."""
    import random

    rng = random.Random(3)
    codes = "abcdefghijklmnopqrstuvwxyz"
    interviews = series(*("".join(rng.sample(codes, rng.randint(1, 6))) for _ in range(90)))

    def needed(counts):
        return guest(counts, base=4, run=2, threshold=5).needed

    full = order_sensitivity(interviews, needed, orders=300, seed=2)
    quick = order_sensitivity(interviews, needed, orders=300, seed=2, horizon=6)
    assert quick == full
    assert any(n is None for n in full.needed) or len(set(full.needed)) > 3


def test_order_sensitivity_quartiles_and_not_reached():
    interviews = series("a", "b", "c", "d")
    constant = order_sensitivity(interviews, lambda counts: 5, orders=10, seed=1)
    assert (constant.median, constant.q1, constant.q3, constant.reached) == (5, 5, 5, 10)
    never = order_sensitivity(interviews, lambda counts: None, orders=10, seed=1)
    assert (never.median, never.q1, never.q3, never.reached) == (None, None, None, 0)
    empty = order_sensitivity(interviews, lambda counts: 5, orders=0)
    assert empty.median is None


def test_analyse_uses_the_settings():
    interviews = series("abcd", "ab", "e", "f", "a", "b", "c", "d")
    result = analyse(interviews, Settings(base=4, run=2, threshold=0, initial=4, stop=4,
                                          orders=10, seed=3))
    assert result.guest.label == "4+2"
    assert result.francis.label == "8"
    assert result.observed == 6
    assert len(result.grid) == 12
    assert result.new_in_last(2) == 0
