"""Quote retrieval: coded passages and text matches, filtered by code, speaker and source.

``find_quotes(db, codebook, QuoteQuery(...))`` is the entry point; see ``search.py`` for
what a hit is, ``query.py`` for the filters.
"""

from workbench.retrieval.hits import QuoteHit
from workbench.retrieval.query import MATCH_MODES, QuoteQuery
from workbench.retrieval.search import find_quotes

__all__ = ["MATCH_MODES", "QuoteHit", "QuoteQuery", "find_quotes"]
