"""Quote hits: a found passage or sentence with its speaker, position, codes and context."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.retrieval.sql_parts import as_json, in_set

FULL_SCORE = 100.0


@dataclass
class QuoteHit:
    """One quote. Offsets are code-point offsets into the source's text, end exclusive."""

    source_id: int
    source: str
    participant: str | None
    role: str | None  # the participant's role label, e.g. "General practitioner"
    speaker: str | None  # the turn's speaker label as transcribed
    turn_number: int | None
    start: int
    end: int
    text: str
    codes: list[str]  # paths of the codes on the passage (on the sentence, for text hits)
    coding_ids: list[int]
    score: float  # 100 for exact and coded hits; the similarity for fuzzy ones
    context: str
    context_start: int
    context_end: int

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def build_hits(db: Database, rows: list[dict], on_passages: bool,
               coders: frozenset[int] | None, context: int | None,
               code_paths: dict[int, str]) -> list[QuoteHit]:
    """Hits for rows of ``coded_passages`` (``on_passages``) or ``sentence_rows``.

    The codes of a passage are those on exactly its span; the codes of a sentence are
    those of the codings overlapping it. ``code_paths`` is in codebook order.
    """
    names = dict(db.execute(f"SELECT id, name FROM sources WHERE {in_set('id')}",
                            [as_json({row["source"] for row in rows})]))
    roles = dict(db.execute(
        f"""SELECT p.id, r.label FROM participants p JOIN roles r ON r.prefix = p.role
            WHERE {in_set('p.id')}""", [as_json({row["participant"] for row in rows} - {None})]))
    order = {code: number for number, code in enumerate(code_paths)}
    hits = []
    for row in rows:
        source, start, end = row["source"], row["start"], row["end"]
        turns = _turns(db, source, start, end)
        window = (turns[0]["start"], turns[-1]["end"]) if turns else (start, end)
        if context is not None:
            window = _sentence_window(db, source, window, start, end, context)
        low, high = min(window[0], start), max(window[1], end)
        codings = sorted(_codings(db, source, start, end, on_passages, coders),
                         key=lambda c: (order[c[1]], c[0]))
        hits.append(QuoteHit(
            source_id=source, source=names[source], participant=row["participant"],
            role=roles.get(row["participant"]),
            speaker=turns[0]["speaker"] if turns else None,
            turn_number=turns[0]["turn_number"] if turns else None,
            start=start, end=end, text=row["text"],
            codes=list(dict.fromkeys(code_paths[code] for _, code in codings)),
            coding_ids=[coding_id for coding_id, _ in codings],
            score=row.get("score", FULL_SCORE),
            context=_text(db, source, low, high), context_start=low, context_end=high,
        ))
    return hits


def _turns(db: Database, source: int, start: int, end: int) -> list[dict]:
    """The turns a span overlaps: the one it starts in, then any that start inside it.

    Two index seeks, instead of a range scan over every earlier turn of the source.
    """
    return list(db.query(
        """SELECT * FROM (
               SELECT * FROM (SELECT turn_number, start, "end", speaker FROM segments
                              WHERE source = :source AND kind = 'turn' AND start <= :start
                              ORDER BY start DESC LIMIT 1)
               UNION ALL
               SELECT turn_number, start, "end", speaker FROM segments
               WHERE source = :source AND kind = 'turn' AND start > :start AND start < :end)
           WHERE "end" > :start ORDER BY start""",
        {"source": source, "start": start, "end": end}))


def _sentence_window(db: Database, source: int, window: tuple[int, int], start: int,
                     end: int, around: int) -> tuple[int, int]:
    """From the sentences of ``window``: those the span overlaps and ``around`` either side."""
    sentences = db.execute(
        """SELECT start, "end" FROM segments
           WHERE source = ? AND kind = 'sentence' AND start >= ? AND start < ?
           ORDER BY start""", [source, window[0], window[1]]).fetchall()
    inside = [i for i, (s, e) in enumerate(sentences) if s < end and e > start]
    if not inside:
        return start, end
    first = max(0, inside[0] - around)
    last = min(len(sentences) - 1, inside[-1] + around)
    return sentences[first][0], sentences[last][1]


def _codings(db: Database, source: int, start: int, end: int, exact: bool,
             coders: frozenset[int] | None) -> list[tuple[int, int]]:
    """(coding id, code id) of the codings on the span, or overlapping it."""
    where = 'start = ? AND "end" = ?' if exact else 'start < ? AND "end" > ?'
    params: list[object] = [source, start, end] if exact else [source, end, start]
    if coders is not None:
        where += f" AND {in_set('coder')}"
        params.append(as_json(coders))
    return db.execute(f"SELECT id, code FROM codings WHERE source = ? AND {where}",
                      params).fetchall()


def _text(db: Database, source: int, start: int, end: int) -> str:
    return db.execute("SELECT substr(text, ? + 1, ? - ?) FROM sources WHERE id = ?",
                      [start, end, start, source]).fetchone()[0]
