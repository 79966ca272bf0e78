"""Search in Chinese sources, whose sentences are in the ``segment_trigram`` index.

The trigram index finds any substring of three characters or more. A shorter piece (most
Chinese words are one or two characters) cannot be looked up there, so such queries scan
the text of the Chinese sources that contain every piece.
"""

from __future__ import annotations

from sqlite_utils import Database

from workbench.retrieval.fts_syntax import all_of, phrases, quoted
from workbench.retrieval.sentences import Candidates, listed, matching

INDEX = "segment_trigram"
GRAM = 3


def chinese_candidates(db: Database, text: str) -> Candidates | None:
    """Sentences that contain every piece of the query (pieces are split at spaces)."""
    pieces = phrases(text)
    if not pieces:
        return None
    if all(len(piece) >= GRAM for piece in pieces):
        return matching(INDEX, all_of([quoted(piece) for piece in pieces]))
    return listed(sentences_containing(db, pieces))


def sentences_containing(db: Database, pieces: list[str]) -> list[int]:
    lowered = [piece.lower() for piece in pieces]
    found = []
    present = " AND ".join("instr(lower(text), ?) > 0" for _ in lowered)
    for source_id, text in db.execute(
            f"SELECT id, text FROM sources WHERE language = 'zh' AND {present}", lowered):
        for sentence_id, start, end in db.execute(
                """SELECT id, start, "end" FROM segments
                   WHERE source = ? AND kind = 'sentence' ORDER BY start""", [source_id]):
            sentence = text[start:end].lower()
            if all(piece in sentence for piece in lowered):
                found.append(sentence_id)
    return found


def trigram_groups(text: str, most: int) -> list[str]:
    """Up to ``most`` three-character runs of the query, as FTS5 strings, for fuzzy search.

    The runs do not overlap, so that one changed character spoils only one of them.
    """
    joined = "".join(text.split())
    starts = range(0, max(len(joined) - GRAM, 0) + 1, GRAM)
    grams = dict.fromkeys(joined[i:i + GRAM] for i in starts if len(joined) - i >= GRAM)
    return [quoted(gram) for gram in list(grams)[:most]]
