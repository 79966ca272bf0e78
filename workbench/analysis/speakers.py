"""Who a coded passage counts for, and how many distinct passages a code and the codes below
it have. Pure: the store passes in the turns and the codings' spans.

A passage counts for the participants who speak in the turns it overlaps — a turn's own
participant, else its source's — never for the interviewer, and text outside every turn
(a header line) counts for no one. The same rule makes the theme table's participants, the
code × participant matrix and the codebook's usage, so their numbers agree.

At thousands of interviews there are hundreds of thousands of codings, so both are counted
with numpy over all passages at once: a turn or a passage is a number, ``source << 32 |
offset``, and one sorted search finds the turn each passage starts in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain
from typing import NamedTuple

import numpy as np

Speakers = Callable[[int, int, int], list[str]]  # (source, start, end) → participant IDs
Turn = tuple[int, int, int, str]  # source, start, end (exclusive), the participant speaking
Span = tuple[int, int, int]  # source, start, end (exclusive)


class Spoken(NamedTuple):
    """Every (passage, speaker) pair where the passage overlaps a turn of that speaker."""

    passage: np.ndarray  # index into the spans given
    speaker: np.ndarray  # index into ``names``
    names: list[str]


def spoken(turns: Sequence[Turn], spans: np.ndarray) -> Spoken:
    """Which passages — ``spans``, rows of (source, start, end) — overlap whose turns.

    ``turns`` come in order of source and start (``store.sources.speaking_turns``); turns
    of one source do not overlap.
    """
    names = sorted({turn[3] for turn in turns})
    number = {name: index for index, name in enumerate(names)}
    turn_table = np.array([t[:3] for t in turns], dtype=np.int64).reshape(-1, 3)
    turn_starts = turn_table[:, 0] << 32 | turn_table[:, 1]
    turn_ends = turn_table[:, 0] << 32 | turn_table[:, 2]
    turn_speakers = np.array([number[t[3]] for t in turns], dtype=np.int64)
    starts = spans[:, 0] << 32 | spans[:, 1]
    ends = spans[:, 0] << 32 | spans[:, 2]
    found_passages, found_speakers = [], []
    # The turn each passage starts in: the last one starting at or before it, if it reaches
    # the passage (a turn of an earlier source ends below the source's first number).
    turn = np.searchsorted(turn_starts, starts, side="right") - 1
    inside = turn >= 0
    inside[inside] = turn_ends[turn[inside]] > starts[inside]
    found_passages.append(np.flatnonzero(inside))
    found_speakers.append(turn_speakers[turn[inside]])
    # Then the turns that start inside the passage, one step at a time (most passages have
    # none, a few one, hardly any more).
    passages = np.arange(len(spans))
    turn = turn + 1
    while len(passages):
        more = turn < len(turn_starts)
        more[more] = turn_starts[turn[more]] < ends[passages[more]]
        passages, turn = passages[more], turn[more]
        found_passages.append(passages)
        found_speakers.append(turn_speakers[turn])
        turn = turn + 1
    return Spoken(np.concatenate(found_passages), np.concatenate(found_speakers), names)


def span_table(rows: Iterable[tuple[int, ...]], width: int) -> np.ndarray:
    """Rows of ``width`` numbers (spans, codings) as one int64 array, read one row at a
    time (a cursor's rows are never all held as Python tuples)."""
    return np.fromiter(chain.from_iterable(rows), dtype=np.int64).reshape(-1, width)


def speakers_of(turns: Sequence[Turn], spans: Sequence[Span]) -> Speakers:
    """The speakers of each of ``spans``, looked up by (source, start, end)."""
    pairs = spoken(turns, span_table(spans, 3))
    found: dict[Span, list[str]] = {}
    for passage, speaker in sorted(zip(pairs.passage.tolist(), pairs.speaker.tolist())):
        names = found.setdefault(tuple(spans[passage]), [])
        if pairs.names[speaker] not in names:
            names.append(pairs.names[speaker])

    def speakers(source: int, start: int, end: int) -> list[str]:
        return found.get((source, start, end), [])

    return speakers


def speakers_per_code(turns: Sequence[Turn], codings: np.ndarray) -> dict[int, list[str]]:
    """Per code: the participants its ``codings`` — rows of (source, code, start, end) —
    count for, in ID order."""
    pairs = spoken(turns, codings[:, [0, 2, 3]])
    width = max(len(pairs.names), 1)
    keys = _distinct(codings[pairs.passage, 1] * width + pairs.speaker)
    found: dict[int, list[str]] = {}
    for code, speaker in zip((keys // width).tolist(), (keys % width).tolist()):
        found.setdefault(code, []).append(pairs.names[speaker])
    return found


def distinct_passages(codings: np.ndarray, rows_of: Mapping[int, tuple[int, ...]]
                      ) -> dict[int, int]:
    """Per row: the distinct passages (source, start, end) among ``codings`` — rows of
    (source, code, start, end) — counted for every row in ``rows_of[code]`` (the code and
    its ancestors), so that one passage coded with two sub-themes counts once for their
    theme."""
    if not len(codings) or not rows_of:
        return {}
    # Number the distinct passages: sort by source, start, end and count the changes.
    order = np.lexsort((codings[:, 3], codings[:, 2], codings[:, 0]))
    ordered = codings[order][:, [0, 2, 3]]
    changes = np.concatenate(([True], np.any(ordered[1:] != ordered[:-1], axis=1)))
    passage = np.empty(len(codings), dtype=np.int64)
    passage[order] = np.cumsum(changes) - 1
    keys = []
    for level in range(max(len(chain) for chain in rows_of.values())):
        # Each coding counts for its code's row at every level down to its own.
        row_at = np.full(max(rows_of) + 1, -1, dtype=np.int64)
        for code, chain in rows_of.items():
            if len(chain) > level:
                row_at[code] = chain[level]
        rows = row_at[codings[:, 1]]
        keep = rows >= 0
        keys.append(rows[keep] * len(codings) + passage[keep])
    rows = _distinct(np.concatenate(keys)) // len(codings)  # sorted
    firsts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
    counts = np.diff(np.append(firsts, len(rows)))
    return dict(zip(rows[firsts].tolist(), counts.tolist()))


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (by sorting: numpy's hash-based unique is slower here)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values
