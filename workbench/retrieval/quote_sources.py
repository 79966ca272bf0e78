"""Where a manuscript's quotations come from: candidate turns found through the search
indexes, then the check of ``analysis.quote_check`` on each quotation."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.analysis.quote_check import (Passage, QuoteCheck, Quotation, check_quotation,
                                            find_quotations)
from workbench.retrieval.fuzzy import candidate_sentences
from workbench.retrieval.scope import Scope
from workbench.retrieval.sql_parts import as_json, in_set
from workbench.text.language import sentence_spans
from workbench.text.normalize import detect_language, word_count

CANDIDATES_PER_SENTENCE = 12
SENTENCES_PER_PIECE = 3  # the longest sentences of each piece are looked up
_EVERY_SPEAKER = Scope(include_interviewer=True)


def check_manuscript(db: Database, text: str) -> list[QuoteCheck]:
    """Every quotation in a manuscript's text, in order, with its verdict."""
    roles = list(db.query("SELECT prefix, label FROM roles ORDER BY sort_order"))
    return [check_quotation(q, candidate_passages(db, q)) for q in find_quotations(text, roles)]


def candidate_passages(db: Database, quotation: Quotation) -> list[Passage]:
    """The turns holding the sentences most like those of the quotation."""
    sentences: dict[int, None] = {}
    for sentence in _longest_sentences(quotation):
        sentences.update(dict.fromkeys(
            candidate_sentences(db, sentence, _EVERY_SPEAKER, CANDIDATES_PER_SENTENCE)))
    return [Passage(**row) for row in db.query(
        f"""SELECT s.name AS source,
                   coalesce(t.participant,
                            CASE WHEN t.is_interviewer = 0 THEN s.participant END) AS participant,
                   t.turn_number, t.start, substr(s.text, t.start + 1, t."end" - t.start) AS text
            FROM segments t JOIN sources s ON s.id = t.source
            WHERE t.id IN (SELECT parent FROM segments WHERE {in_set('id')})
            ORDER BY s.interview_order, t.start""", [as_json(sentences)])]


def _longest_sentences(quotation: Quotation) -> list[str]:
    """The search looks for sentences; a quotation may hold several."""
    found = []
    for piece in quotation.pieces:
        lang = detect_language(piece)
        spans = sentence_spans(piece, [(0, len(piece))], lang)[0]
        found += sorted((piece[s:e] for s, e in spans), key=word_count,
                        reverse=True)[:SENTENCES_PER_PIECE]
    return found
