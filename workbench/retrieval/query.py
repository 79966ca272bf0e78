"""What a quote search asks for: the filters and the text query, as the user gave them."""

from __future__ import annotations

from dataclasses import dataclass, field

MATCH_MODES = ("exact", "stem", "fuzzy", "lemma")


@dataclass
class QuoteQuery:
    """A quote search. Every filter is optional; filters of different kinds combine with AND.

    Codes and themes are names or paths as ``Codebook.resolve`` reads them. Several of
    them match any (OR), or with ``all_codes`` every one on the same passage (AND).
    ``overlaps`` keeps passages that overlap another coding of that code (co-occurrence).
    Participants, roles (prefix or label) and attribute conditions such as ``years>=10``
    select the speaker; several participants or roles match any of them, several
    conditions must all hold. ``sources`` are file names, names without extension or
    shell patterns (``G*.txt``).

    ``text`` searches sentences: ``exact`` (words and "quoted phrases" as written, case
    aside), ``stem`` (any word of the same porter stem: ``nurses`` finds ``nursing``),
    ``fuzzy`` (typos and small wording changes; ``min_score`` out of 100) or ``lemma``
    (every inflected form of each word). ``context`` is the number of sentences
    to show either side of a hit within its turn; None shows the whole turn.
    """

    codes: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    descendants: bool = True
    all_codes: bool = False
    overlaps: str | None = None
    participants: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    coders: list[str] = field(default_factory=list)
    exemplars: bool = False
    text: str | None = None
    match: str = "exact"
    min_score: float = 80.0
    include_interviewer: bool = False
    context: int | None = None
    limit: int | None = None
