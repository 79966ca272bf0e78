"""Agreement figures against independent computations: a hand-worked example for κ and
percent agreement, the krippendorff package on hand-built matrices for α, and a direct count
over the characters for the character level."""

from __future__ import annotations

import random

import krippendorff
import numpy as np
import pytest

from workbench.analysis.agreement import (Comparison, Counts, Figure, Span, compare,
                                          overlap_ratio, sources_to_compare)

# Three sources of 40 characters, four sentences of 10 characters each.
UNITS = [(0, 10), (10, 20), (20, 30), (30, 40)]
S1, S2, S3 = 1, 2, 3
SPANS = [
    # code 1, both coders: S1 A units 0-1, B unit 0; S2 A unit 2, B units 2-3
    Span("A", S1, 1, 0, 20), Span("B", S1, 1, 2, 8),
    Span("A", S2, 1, 20, 30), Span("B", S2, 1, 22, 40),
    # code 2: only coder A ever used it
    Span("A", S1, 2, 30, 40),
    # code 3: both coders, one unit, nearly the same characters (9 of 10 shared)
    Span("A", S1, 3, 0, 10), Span("B", S1, 3, 0, 9),
]
# S3: neither coder coded it.


def report(unit="sentence", coders=("A", "B"), spans=SPANS, sources=None, overlap=0.9):
    chosen = sources or sources_to_compare(spans, coders, [S1, S2, S3])
    return compare(Comparison(coders=coders, unit=unit, lengths={s: 40 for s in chosen},
                              spans=spans, codes=[1, 2, 3], units={s: UNITS for s in chosen},
                              overlap=overlap))


def figure(rep, code, source):
    return next(f for f in rep.figures if f.code == code and f.source == source)


def test_a_source_neither_coder_coded_is_left_out():
    assert sources_to_compare(SPANS, ["A", "B"], [S1, S2, S3]) == [S1, S2]
    assert report().sources == [S1, S2]


def test_segment_kappa_and_percent_match_the_hand_worked_example():
    rep = report()
    # Code 1 over S1+S2 (8 sentences): both 2, only A 1, only B 1, neither 4.
    # observed 6/8 = .75; P(A yes) = P(B yes) = 3/8;
    # chance = 3/8·3/8 + 5/8·5/8 = 34/64; κ = (.75 − .53125) / (1 − .53125) = 7/15.
    code1 = figure(rep, 1, None)
    assert code1.units == 8
    assert code1.percent == pytest.approx(75.0)
    assert code1.kappa == pytest.approx(7 / 15)
    # The wrong chance P(yes)·P(no) = 3/8·5/8 would give (.75 − .234375)/(.765625) ≈ .673.
    assert code1.kappa != pytest.approx((0.75 - 15 / 64) / (1 - 15 / 64))
    # Code 1 in S1: both 1, only A 1, neither 2: observed 3/4, chance 1/2·1/4 + 1/2·3/4 = 1/2.
    assert figure(rep, 1, S1).kappa == pytest.approx(0.5)
    assert figure(rep, 1, S1).percent == pytest.approx(75.0)
    # Code 2, only A used it once: observed 7/8, chance 1/8·0 + 7/8·1 = 7/8, κ = 0.
    code2 = figure(rep, 2, None)
    assert code2.percent == pytest.approx(87.5)
    assert code2.kappa == pytest.approx(0.0)
    # Code 2 in S2: neither coder used it: one category only, κ undefined (not 0, not 1).
    assert figure(rep, 2, S2).kappa is None
    assert figure(rep, 2, S2).percent == pytest.approx(100.0)
    assert figure(rep, 2, S2).units == 4
    # Code 3: both 1, neither 7: observed 1, chance 1/64 + 49/64, κ = 1.
    assert figure(rep, 3, None).kappa == pytest.approx(1.0)
    # Overall (24 code × sentence units): both 3, only A 2, only B 1, neither 18.
    # observed 21/24; P(A) = 5/24, P(B) = 4/24; chance = 20/576 + 380/576 = 400/576;
    # κ = (504 − 400) / (576 − 400) = 13/22.
    overall = figure(rep, None, None)
    assert overall.units == 24
    assert overall.percent == pytest.approx(87.5)
    assert overall.kappa == pytest.approx(13 / 22)
    # Per source S1 (12 units): both 2, only A 2, only B 0, neither 8:
    # observed 10/12, P(A) = 4/12, P(B) = 2/12, chance = 8/144 + 80/144; κ = (120−88)/(144−88).
    assert figure(rep, None, S1).kappa == pytest.approx(32 / 56)


def test_a_named_source_neither_coded_rests_on_no_units():
    rep = report(sources=[S1, S3])
    assert figure(rep, 1, S3).units == 0
    assert figure(rep, 1, S3).percent is None
    assert figure(rep, 1, S3).kappa is None


def hand_matrix(code, coders, coded):
    """coders × (S1 units, S2 units): 1 if a coding of ``code`` by that coder touches the unit,
    nan for a source the coder did not code, worked out here from SPANS by hand."""
    values = {
        (1, "A"): [1, 1, 0, 0, 0, 0, 1, 0], (1, "B"): [1, 0, 0, 0, 0, 0, 1, 1],
        (2, "A"): [0, 0, 0, 1, 0, 0, 0, 0], (2, "B"): [0] * 8,
        (3, "A"): [1, 0, 0, 0, 0, 0, 0, 0], (3, "B"): [1, 0, 0, 0, 0, 0, 0, 0],
        (1, "C"): [1, 1, 0, 0, np.nan, np.nan, np.nan, np.nan],
        (2, "C"): [0, 0, 0, 0, np.nan, np.nan, np.nan, np.nan],
        (3, "C"): [0, 0, 0, 0, np.nan, np.nan, np.nan, np.nan],
    }
    return np.array([values[(code, c)] for c in coders], dtype=float)


def test_alpha_matches_the_krippendorff_package():
    rep = report()
    for code in (1, 2, 3):
        expected = krippendorff.alpha(reliability_data=hand_matrix(code, "AB", None),
                                      level_of_measurement="nominal")
        assert figure(rep, code, None).alpha == pytest.approx(expected)
    everything = np.concatenate([hand_matrix(c, "AB", None) for c in (1, 2, 3)], axis=1)
    assert figure(rep, None, None).alpha == pytest.approx(
        krippendorff.alpha(reliability_data=everything, level_of_measurement="nominal"))


def test_alpha_with_three_coders_and_missing_data():
    # C coded S1 only (code 1 on sentences 0-1): missing in S2.
    spans = SPANS + [Span("C", S1, 1, 0, 15)]
    rep = report(coders=("A", "B", "C"), spans=spans)
    matrix = hand_matrix(1, "ABC", None)
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert figure(rep, 1, None).alpha == pytest.approx(expected)
    assert figure(rep, 1, None).kappa is None  # κ compares two coders
    # percent: units where all present agree: S1 u0 (1,1,1) u2 u3 ; S2 u0 u1 u2 → 6 of 8
    assert figure(rep, 1, None).percent == pytest.approx(75.0)
    assert rep.notes


def test_alpha_is_undefined_with_one_value_only():
    rep = report(sources=[S2])
    assert figure(rep, 2, S2).alpha is None
    assert figure(rep, 2, S2).kappa is None


def direct_character_count(length, a, b):
    """Walk the characters one by one."""
    in_a = [any(s <= i < e for s, e in a) for i in range(length)]
    in_b = [any(s <= i < e for s, e in b) for i in range(length)]
    both = sum(x and y for x, y in zip(in_a, in_b))
    only_a = sum(x and not y for x, y in zip(in_a, in_b))
    only_b = sum(y and not x for x, y in zip(in_a, in_b))
    return Counts(both, only_a, only_b, length - both - only_a - only_b)


def test_character_level_equals_a_direct_count():
    rep = report(unit="character")
    # Code 1 in S1: A 0-20, B 2-8: both 6, only A 14, only B 0, neither 20.
    cell = figure(rep, 1, S1)
    assert cell.units == 40
    assert cell.percent == pytest.approx(100 * 26 / 40)
    # chance = 20/40·6/40 + 20/40·34/40 = 0.5; κ = (0.65 − 0.5)/0.5 = 0.3
    assert cell.kappa == pytest.approx(0.3)
    pooled = Counts()
    for code in (1, 2, 3):
        for source in (S1, S2):
            a = [(s.start, s.end) for s in SPANS if (s.coder, s.code, s.source) == ("A", code, source)]
            b = [(s.start, s.end) for s in SPANS if (s.coder, s.code, s.source) == ("B", code, source)]
            counts = direct_character_count(40, a, b)
            pooled = pooled + counts
            got = figure(rep, code, source)
            assert got.units == counts.units
            assert got.percent == pytest.approx(counts.percent)
            assert (got.kappa is None) == (counts.kappa is None)
            if counts.kappa is not None:
                assert got.kappa == pytest.approx(counts.kappa)
    assert figure(rep, None, None).units == 240
    assert figure(rep, None, None).kappa == pytest.approx(pooled.kappa)


def test_character_level_on_random_overlapping_codings():
    rng = random.Random(7)
    spans = []
    for coder in "AB":
        for _ in range(12):
            start = rng.randrange(0, 190)
            spans.append(Span(coder, 1, 1, start, start + rng.randrange(1, 40)))
    rep = compare(Comparison(["A", "B"], "character", {1: 200}, spans, [1]))
    a = [(s.start, s.end) for s in spans if s.coder == "A"]
    b = [(s.start, s.end) for s in spans if s.coder == "B"]
    expected = direct_character_count(200, [(s, min(e, 200)) for s, e in a],
                                      [(s, min(e, 200)) for s, e in b])
    got = figure(rep, 1, 1)
    assert got.percent == pytest.approx(expected.percent)
    assert got.kappa == pytest.approx(expected.kappa)


def test_segment_matching_with_an_overlap_threshold():
    assert overlap_ratio((0, 10), (0, 9)) == pytest.approx(0.9)
    assert overlap_ratio((0, 10), (10, 20)) == 0.0
    rep = report(overlap=0.9)
    # code 3: A 0-10 and B 0-9 share 9 of 10 characters: both matched at 0.9
    assert (figure(rep, 3, None).segments, figure(rep, 3, None).matched) == (2, 2)
    # code 1: A 0-20 / B 2-8 share 6 of 20; A 20-30 / B 22-40 share 8 of 20: none matched
    assert (figure(rep, 1, None).segments, figure(rep, 1, None).matched) == (4, 0)
    assert figure(rep, 2, None).matched_percent == pytest.approx(0.0)
    assert report(overlap=0.95).figures[-1].matched == 0
    # at 0.3: code 1 in S1 (0.3) and in S2 (0.4), both sides each, and code 3: 6 of 7
    assert report(overlap=0.3).figures[-1].matched == 6


def test_brennan_prediger_kappa_of_the_matching_by_hand():
    """κn = (P_o − P_c) / (1 − P_c), P_o the share of segments matched, P_c = 1/k over the k
    codes compared (MAXQDA's, after Brennan & Prediger 1981). The example uses codes 1, 2, 3:
    k = 3, P_c = 1/3; 7 segments (code 1: 4, code 2: 1, code 3: 2)."""
    rep = report(overlap=0.9)
    overall = figure(rep, None, None)
    assert (overall.segments, overall.matched, overall.categories) == (7, 2, 3)
    # P_o = 2/7: κn = (2/7 − 1/3) / (2/3) = (6/21 − 7/21) · 3/2 = −1/14
    assert overall.matched_kappa == pytest.approx(-1 / 14)
    assert figure(rep, 3, None).matched_kappa == pytest.approx(1.0)  # 2 of 2 matched
    assert figure(rep, 1, None).matched_kappa == pytest.approx(-0.5)  # (0 − 1/3) / (2/3)
    # at 0.3, 6 of 7 matched: (6/7 − 1/3) / (2/3) = (18/21 − 7/21) · 3/2 = 11/14
    assert figure(report(overlap=0.3), None, None).matched_kappa == pytest.approx(11 / 14)
    # one code only: chance is 1, κn undefined; no segments: undefined
    one = compare(Comparison(["A", "B"], "sentence", {1: 20}, [Span("A", 1, 1, 0, 10),
                                                              Span("B", 1, 1, 0, 10)], [1],
                             {1: [(0, 10), (10, 20)]}))
    assert figure(one, None, None).matched == 2 and figure(one, None, None).matched_kappa is None
    assert Figure(None, None, 0, None, categories=3).matched_kappa is None


def test_turn_units_are_the_units_given():
    # Two turns: the whole source in halves; code 1 then agrees on S1 turn 1 and S2 turn 2
    rep = compare(Comparison(["A", "B"], "turn", {S1: 40, S2: 40}, SPANS, [1],
                             units={S1: [(0, 20), (20, 40)], S2: [(0, 20), (20, 40)]}))
    assert figure(rep, 1, None).units == 4
    assert figure(rep, 1, None).percent == pytest.approx(100.0)
    assert figure(rep, 1, None).kappa == pytest.approx(1.0)
