"""The check of a written file: the text of every place in it (a paragraph, a cell, a line,
a member of an archive) searched for the accepted terms and for the patterns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workbench.deid.candidates import context
from workbench.deid.plan import Plan


@dataclass(frozen=True)
class Leftover:
    location: str  # "paragraph 4", "Themes!C7", "line 12", "sources/….txt line 3"
    found: str
    kind: str  # term, or the pattern's kind
    context: str

    def as_dict(self) -> dict:
        return {"location": self.location, "found": self.found, "kind": self.kind,
                "context": self.context}


def check_pieces(pieces: Iterable[tuple[str, str]], plan: Plan) -> list[Leftover]:
    """Every known term or pattern left in the pieces (location, text) of a file."""
    found = []
    for location, text in pieces:
        if not text:
            continue
        for start, end, what, kind in plan.leftovers(text):
            found.append(Leftover(location, what, kind, context(text, start, end)))
    return found
