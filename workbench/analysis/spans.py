"""Arithmetic on sets of ``[start, end)`` spans."""

from __future__ import annotations


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same characters."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def intersection(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Characters in both, for two merged span lists."""
    total = i = j = 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if low < high:
            total += high - low
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def span_share(whole: list[tuple[int, int]], part: list[tuple[int, int]]) -> float:
    """The share of ``whole``'s characters that ``part`` covers (0 when ``whole`` is empty)."""
    whole = merged(whole)
    size = sum(e - s for s, e in whole)
    return intersection(whole, merged(part)) / size if size else 0.0
