"""Exact, stemmed and lemma text queries as candidate sentences for ``sentence_rows``.

A query with Chinese characters searches the Chinese sources (``chinese.py``); any other
query searches ``segment_fts``, where porter stemming joins regular forms (``limit``,
``limits``, ``limitation``). Stemmed search is that; exact search keeps, of the same
candidates, the sentences where every word and phrase is written as typed, case aside
(``as_written.py``). Lemma search adds the forms the lookup tables know (``went`` for
``go``) and matches them through the stemmed index; it matches word by word, so quotation
marks in a lemma query are ignored.
"""

from __future__ import annotations

from dataclasses import replace

from sqlite_utils import Database

from workbench.retrieval.as_written import condition
from workbench.retrieval.chinese import chinese_candidates
from workbench.retrieval.fts_syntax import WORD, all_of, any_of, has_cjk, phrases, quoted
from workbench.retrieval.lemmas import forms
from workbench.retrieval.sentences import Candidates, matching
from workbench.retrieval.stems import INDEX


def exact_candidates(db: Database, text: str) -> Candidates | None:
    """Sentences with every word and "quoted phrase" as written (case aside); None if
    nothing in ``text`` is searchable."""
    stemmed = stem_candidates(db, text)
    if stemmed is None or has_cjk(text):
        return stemmed
    check, params = condition(db, phrases(text))
    return replace(stemmed, check=check, check_params=params)


def stem_candidates(db: Database, text: str) -> Candidates | None:
    """Sentences with every word and "quoted phrase" in any form of the same porter stem."""
    if has_cjk(text):
        return chinese_candidates(db, text)
    pieces = phrases(text)
    return matching(INDEX, all_of([quoted(piece) for piece in pieces])) if pieces else None


def lemma_candidates(db: Database, text: str) -> Candidates | None:
    """Sentences with some form of every word of ``text``."""
    if has_cjk(text):
        return chinese_candidates(db, text)
    words = dict.fromkeys(w.lower() for w in WORD.findall(text))
    groups = [any_of([quoted(form) for form in forms(word)]) for word in words]
    return matching(INDEX, all_of(groups)) if groups else None
