"""Fuzzy search: typos and small wording changes, without reading all the text.

1. Each content word of the query is stemmed as the index stems, and compared (rapidfuzz)
   with index terms; its near terms form one group (``worklaod`` → workload, workloads).
   Reading the index's terms costs time in proportion to how often they occur, so they are
   read in widening rings, the next only while none so far is close (``CLOSE``). For a
   word q₀q₁q₂…: (1) the terms starting q₀q₁ (a typo after the second letter); (2) those
   starting q₁q₀, q₀q₂ or q₁q₂ (the first two letters swapped, the second and third
   swapped, an extra first or second letter: ``yhpertension``, ``wrokload``); (3) those
   starting q₀ (a wrong or missing second letter) or, after any letter or digit, q₁ or q₀
   (a wrong or missing first letter: ``gorkload``, ``orkload``). Rings 1 and 2 read a few
   two-letter ranges; ring 3 reads about as much as two whole letters, so it is read for at
   most ``WIDEST_RINGS`` words of a query (the longest first). A Chinese query's groups
   are three-character runs.
2. Candidates come from FTS5 queries over the groups: first the sentences with all of
   them, then with all but one, and so on down to just over half, until ``CANDIDATES`` are
   found. Only then is any text read.
3. The candidates are scored against the whole query with ``fuzz.partial_ratio``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process
from sqlite_utils import Database

from workbench.retrieval.chinese import INDEX as CHINESE_INDEX
from workbench.retrieval.chinese import trigram_groups
from workbench.retrieval.fts_syntax import WORD, all_of, any_of, has_cjk
from workbench.retrieval.scope import Scope
from workbench.retrieval.sentences import listed, matching, sentence_ids, sentence_rows
from workbench.retrieval.stems import INDEX, stems, term_query, terms_starting

CANDIDATES = 300
GROUPS = 5  # the longest content words (or runs) used to find candidates: 16 queries at most
NEAR_TERMS = 8  # per query word
TERM_SIMILARITY = 70  # fuzz.ratio between a query stem and an index term
CLOSE = 85  # a term this near ends the search for more (one typo in a word of 7+ letters)
WIDEST_RINGS = 2  # query words for which the widest ring of terms is read
SHORTEST_FUZZY_STEM = 4  # shorter stems are matched exactly: too many terms are one edit away
# The index folds accents away (remove_diacritics), so a Latin term starts with one of these.
FIRST_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
_SPACE = re.compile(r"\s+")
# English words that occur in most sentences and say little about which one is meant; they
# still count in the final score. (spaCy's list would cost a second of importing spaCy.)
FUNCTION_WORDS = frozenset("""
    a about after all also am an and any are as at be because been before being but by can
    could did do does doing down for from had has have he her here him his how i if in into
    is it its just me more most my no not now of on once only or other our out over she
    should so some such than that the their them then there these they this those through to
    too under up very was we were what when where which while who why will with would you
    your""".split())


def fuzzy_rows(db: Database, text: str, scope: Scope, min_score: float,
               limit: int | None = None) -> list[dict]:
    """Sentence rows (see ``sentence_rows``) scoring at least ``min_score``, best first,
    each with its ``score``."""
    rows = sentence_rows(db, listed(candidate_sentences(db, text, scope)), scope)
    for row in rows:
        row["score"] = round(similarity(text, row["text"]), 1)
    kept = sorted((row for row in rows if row["score"] >= min_score), key=lambda r: -r["score"])
    return kept if limit is None else kept[:limit]


def similarity(query: str, text: str) -> float:
    """How well the query matches the best-matching stretch of ``text``, out of 100."""
    return fuzz.partial_ratio(_normal(query), _normal(text))


def _normal(text: str) -> str:
    return _SPACE.sub(" ", default_process(text)).strip()


def candidate_sentences(db: Database, text: str, scope: Scope,
                        most: int = CANDIDATES) -> list[int]:
    """The ids of the sentences worth scoring, those that share the most groups first."""
    if has_cjk(text):
        index, groups = CHINESE_INDEX, trigram_groups(text, GROUPS)
    else:
        index, groups = INDEX, word_groups(db, text)
    found: dict[int, None] = {}
    for size in range(len(groups), len(groups) // 2, -1):
        for chosen in combinations(groups, size):
            ids = sentence_ids(db, matching(index, all_of(list(chosen))), scope,
                               most - len(found))
            found.update(dict.fromkeys(ids))
            if len(found) >= most:
                return list(found)
    return list(found)


def word_groups(db: Database, text: str) -> list[str]:
    """One FTS5 expression per content word (the longest ``GROUPS`` of them)."""
    words = dict.fromkeys(w.lower() for w in WORD.findall(text))
    content = [w for w in words if w not in FUNCTION_WORDS] or list(words)
    content = sorted(content, key=len, reverse=True)[:GROUPS]
    terms = _Terms(db)
    return [any_of(term_query(db, near_terms(db, stem, terms)))
            for stem in dict.fromkeys(s for s in stems(db, content) if s)]


def near_terms(db: Database, stem: str, terms: _Terms | None = None) -> list[str]:
    """The index terms within typing distance of ``stem`` (the stem itself included), the
    nearest first, from the rings of terms (see the module's notes) read until one holds a
    term at least ``CLOSE`` to it."""
    if len(stem) < SHORTEST_FUZZY_STEM:
        return [stem]
    terms = terms or _Terms(db)
    found: dict[str, float] = {}
    for ring in terms.rings(stem):
        for term, score, _ in process.extract(stem, ring, scorer=fuzz.ratio,
                                              score_cutoff=TERM_SIMILARITY, limit=NEAR_TERMS):
            found[term] = score
        if found and max(found.values()) >= CLOSE:
            break
    nearest = sorted(found, key=lambda term: (-found[term], term))[:NEAR_TERMS]
    return list(dict.fromkeys([stem, *nearest]))


class _Terms:
    """The index's terms by prefix for one query: each range is read once, and the widest
    ring for at most ``WIDEST_RINGS`` words."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.read: dict[str, list[str]] = {}
        self.widest = 0

    def starting(self, *prefixes: str) -> list[str]:
        for prefix in prefixes:
            if prefix not in self.read:
                self.read[prefix] = terms_starting(self.db, prefix)
        return list(dict.fromkeys(term for prefix in prefixes for term in self.read[prefix]))

    def rings(self, stem: str) -> Iterator[list[str]]:
        q0, q1, q2 = stem[0], stem[1], stem[2]
        yield self.starting(q0 + q1)
        yield self.starting(q1 + q0, q0 + q2, q1 + q2)
        if self.widest < WIDEST_RINGS:
            self.widest += 1
            yield self.starting(q0, *(letter + q1 for letter in FIRST_LETTERS),
                                *(letter + q0 for letter in FIRST_LETTERS))
