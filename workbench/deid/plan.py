"""The replacements decided for a project: which terms are replaced and by what, with the
decisions on single occurrences; the one replacement function that applying, the exports
made with ``--deidentify`` and the check all use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from workbench.deid import patterns
from workbench.deid.candidates import Candidate
from workbench.deid.replace import Replacement, apply
from workbench.deid.terms import TermMatcher

DECISIONS = ("accept", "reject", "edit")


@dataclass
class Plan:
    replacements: dict[str, str]  # accepted term → its replacement
    rejected: set[str] = field(default_factory=set)
    # (term, source, start) → the replacement there, or None where it is kept as written
    occurrences: dict[tuple[str, int, int], str | None] = field(default_factory=dict)
    allowed: set[str] = field(default_factory=set)  # pattern matches an export writes itself

    def __post_init__(self) -> None:
        occurrence_terms = {term for (term, _, _), value in self.occurrences.items()
                            if value is not None}
        self.matcher = TermMatcher([*self.replacements, *occurrence_terms])
        self.known = TermMatcher(self.replacements)

    def spans(self, source: int, text: str, tokens: set[str] | None = None
              ) -> list[Replacement]:
        """The replacements of one source's text (whose words are ``tokens``), by position."""
        found = []
        for hit in self.matcher.find(text, tokens):
            key = (hit.term, source, hit.start)
            if key in self.occurrences:
                value = self.occurrences[key]
            else:
                value = self.replacements.get(hit.term)
            if value is not None:
                found.append(Replacement(hit.start, hit.end, value))
        return found

    def text(self, value: str) -> str:
        """A short string (a speaker label, a memo, an attribute value) with every accepted
        term replaced."""
        if not value or not self.known:
            return value
        return apply(value, [Replacement(h.start, h.end, self.replacements[h.term])
                             for h in self.known.find(value)])

    def leftovers(self, value: str) -> list[tuple[int, int, str, str]]:
        """(start, end, what was found, its kind) of every accepted term and every pattern
        match in ``value``, except what the researcher chose to keep (and ``allowed``)."""
        found = [(h.start, h.end, h.term, "term") for h in self.known.find(value)]
        taken = [(s, e) for s, e, _, _ in found]
        for match in patterns.find_patterns(value):
            if match.text in self.rejected or match.text in self.allowed or any(
                    match.start < e and s < match.end for s, e in taken):
                continue
            found.append((match.start, match.end, match.text, match.kind))
        return sorted(found)


def make_plan(candidates: dict[str, Candidate], decisions: Iterable[dict]) -> Plan:
    """The plan from the candidates and the stored decisions (rows with term, source, start,
    decision, replacement; a source of None is a decision on the term everywhere)."""
    by_term: dict[str, dict] = {}
    by_occurrence: dict[tuple[str, int, int], dict] = {}
    for row in decisions:
        if row["source"] is None:
            by_term[row["term"]] = row
        else:
            by_occurrence[(row["term"], row["source"], row["start"])] = row
    replacements: dict[str, str] = {}
    rejected: set[str] = set()
    for term, candidate in candidates.items():
        decided = by_term.get(term)
        if decided is None:
            if candidate.accepted_by_default:
                replacements[term] = candidate.replacement
        elif decided["decision"] == "reject":
            rejected.add(term)
        else:
            replacements[term] = decided["replacement"] or candidate.replacement
    occurrences: dict[tuple[str, int, int], str | None] = {}
    for key, row in by_occurrence.items():
        term = key[0]
        if row["decision"] == "reject":
            occurrences[key] = None
        else:
            default = candidates[term].replacement if term in candidates else "[Redacted]"
            occurrences[key] = row["replacement"] or replacements.get(term, default)
    return Plan(replacements, rejected, occurrences)


def status(candidate: Candidate, decided: dict | None) -> tuple[str, str]:
    """(accepted | rejected | pending, the replacement) of a candidate as decided."""
    if decided is None:
        return ("accepted" if candidate.accepted_by_default else "pending",
                candidate.replacement)
    if decided["decision"] == "reject":
        return "rejected", candidate.replacement
    return "accepted", decided["replacement"] or candidate.replacement

