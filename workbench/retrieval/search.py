"""find_quotes: the one entry point of quote retrieval.

What a hit is depends on the query:
- filters and no text: a coded passage, one per coded span (codings that share a span
  make one hit listing all their codes); no filter at all lists every coded passage;
- text and no coding filter: a sentence that matches, in participant turns unless
  ``include_interviewer``;
- text and coding filters: a matching sentence that overlaps a passage coded as asked.
Speaker and source filters apply to the hit itself.
"""

from __future__ import annotations

from sqlite_utils import Database

from workbench.coding.codebook import Codebook
from workbench.errors import WorkbenchError
from workbench.retrieval.fuzzy import fuzzy_rows
from workbench.retrieval.hits import QuoteHit, build_hits
from workbench.retrieval.passages import coded_passages
from workbench.retrieval.query import MATCH_MODES, QuoteQuery
from workbench.retrieval.scope import resolve_scope
from workbench.retrieval.sentences import sentence_rows
from workbench.retrieval.text_search import exact_candidates, lemma_candidates, stem_candidates


def find_quotes(db: Database, codebook: Codebook, query: QuoteQuery) -> list[QuoteHit]:
    _check(query)
    scope = resolve_scope(db, codebook, query)
    text = (query.text or "").strip()
    if not text:
        rows = coded_passages(db, scope, query.limit)
    elif query.match == "fuzzy":
        rows = fuzzy_rows(db, text, scope, query.min_score, query.limit)
    else:
        search = {"exact": exact_candidates, "stem": stem_candidates,
                  "lemma": lemma_candidates}[query.match]
        candidates = search(db, text)
        rows = sentence_rows(db, candidates, scope, query.limit) if candidates else []
    paths = {code["id"]: code["path"] for code in codebook.codes()}
    return build_hits(db, rows, not text, scope.coders, query.context, paths)


def _check(query: QuoteQuery) -> None:
    if query.match not in MATCH_MODES:
        raise WorkbenchError(f"unknown match '{query.match}' ({', '.join(MATCH_MODES)})")
    if query.limit is not None and query.limit < 0:
        raise WorkbenchError("the limit cannot be negative")
    if query.context is not None and query.context < 0:
        raise WorkbenchError("the context is a number of sentences, 0 or more")
    if not 0 <= query.min_score <= 100:
        raise WorkbenchError("the fuzzy score threshold is between 0 and 100")
