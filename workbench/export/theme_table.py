"""The theme table of a manuscript.

A row per code down to the chosen level (1 themes, 2 sub-themes, …): its number and name,
definition, the participants who voiced it by role and in total, its distinct coded
passages, and one to
three illustrative quotes tagged with the speaker's ID, as a ``Table`` (export/table.py).

Quotes are chosen by rules a reader can check (docs/exports.md):

1. exemplars first (codings the coder marked as exemplars);
2. never two quotes from one participant, and a role not quoted yet before one that is;
3. passages that are whole sentences and 40–400 characters long before others;
4. then the length nearest 160 characters, then the coding's id (so the choice is stable).

The database narrows the candidates before any text is read: the best passage of each code
in each interview (in a focus group, by each speaker), then the best few participants of each
code and role; only those are checked for sentence boundaries and speaker, and only the
chosen ones' text is fetched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from workbench.analysis.characteristics import interviewees
from workbench.analysis.citations import cite
from workbench.export.table import Table

LEVEL_NAMES = ("Theme", "Sub-theme", "Code")

SHORTEST, LONGEST, TARGET = 40, 400, 160  # characters of a well-sized quote
MAX_QUOTES = 3
CANDIDATES_PER_ROLE = 10  # participants per code and role kept for the final choice


# -- the codebook down to a level ------------------------------------------------------------

def level_name(level: int) -> str:
    return LEVEL_NAMES[level - 1] if level <= len(LEVEL_NAMES) else f"Level {level}"


def shown_depth(codes: Iterable[dict], level: int) -> int:
    """The levels a table shows: ``level``, or fewer if the codebook is shallower."""
    return min(level, max((code["level"] for code in codes), default=0))


def hierarchy_cells(code: dict, depth: int) -> list[str]:
    """``["", "2.1 Providers remain mainly GPs and nurses"]`` for a sub-theme."""
    cells = [""] * depth
    cells[code["level"] - 1] = f"{code['number']} {code['name']}"
    return cells


def shown_ancestors(codes: list[dict], level: int) -> dict[int, list[int]]:
    """Per code id: the ids of the rows it counts for (itself and its ancestors, down to
    ``level``), outermost first. The last is the row whose quotes its codings can give."""
    found: dict[int, list[int]] = {}
    for code in codes:  # parents come before their children
        parent = found[code["parent"]] if code["parent"] else []
        found[code["id"]] = parent + [code["id"]] if code["level"] <= level else parent
    return found


def flatten(tree: list[dict], level: int) -> list[dict]:
    """The nodes of ``Codebook.tree()`` down to ``level``, in reading order."""
    nodes = []
    for node in tree:
        nodes.append(node)
        if node["level"] < level:
            nodes += flatten(node["children"], level)
    return nodes


def interviewed(participants: list[dict], roles: list[dict]) -> dict[str, int]:
    """Interviewees per role: the denominators of ``G 8/11``."""
    spoke = interviewees(participants)
    return {role["prefix"]: sum(1 for p in spoke if p["role"] == role["prefix"])
            for role in roles}


# -- quotes ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """A coded passage that could illustrate a row."""

    coding: int
    participant: str
    role: str
    exemplar: bool
    whole: bool  # begins where a sentence begins and ends where one ends
    length: int  # characters

    @property
    def fits(self) -> bool:
        return self.whole and SHORTEST <= self.length <= LONGEST


@dataclass(frozen=True)
class Quote:
    participant: str
    role: str
    text: str  # as cited: "…" (G3)


def choose_quotes(candidates: Iterable[Candidate], count: int) -> list[Candidate]:
    """Up to ``count`` candidates by the rules above, best first."""
    chosen: list[Candidate] = []
    left = list(candidates)
    while left and len(chosen) < count:
        roles = {c.role for c in chosen}
        best = min(left, key=lambda c: (not c.exemplar, c.role in roles, not c.fits,
                                        abs(c.length - TARGET), c.coding))
        chosen.append(best)
        left = [c for c in left if c.participant != best.participant]
    return chosen


class QuoteSource(Protocol):
    """Where the quotes come from: the store's candidate rows and the chosen passages' text."""

    def candidates(self, shortest: int, longest: int, target: int, keep: int
                   ) -> Iterable[tuple[int, int, str, str, int, int, int]]: ...

    def texts(self, coding_ids: list[int]) -> dict[int, str]: ...


def quote_candidates(source: QuoteSource) -> dict[int, list[Candidate]]:
    """Per code id: the few passages worth considering as quotes (see the module's notes)."""
    found: dict[int, list[Candidate]] = {}
    for coding, code, participant, role, exemplar, length, whole in \
            source.candidates(SHORTEST, LONGEST, TARGET, CANDIDATES_PER_ROLE):
        found.setdefault(code, []).append(
            Candidate(coding, participant, role, bool(exemplar), bool(whole), length))
    return found


def gather_quotes(source: QuoteSource, codes: list[dict], level: int, count: int,
                  max_words: int) -> dict[int, list[Quote]]:
    """Per row (code id): its quotes, cited ``"…" (G3)`` and cut to ``max_words`` at
    sentence boundaries. A row's quotes come from its own codings and, at the deepest level
    shown, from those of the codes below it."""
    if not 0 <= count <= MAX_QUOTES:
        raise ValueError(f"a row has 0 to {MAX_QUOTES} quotes, not {count}")
    pools: dict[int, list[Candidate]] = {}
    if count:
        rows = {code: ids[-1] for code, ids in shown_ancestors(codes, level).items()}
        for code, candidates in quote_candidates(source).items():
            pools.setdefault(rows[code], []).extend(candidates)
    chosen = {row: choose_quotes(candidates, count) for row, candidates in pools.items()}
    texts = source.texts([c.coding for picks in chosen.values() for c in picks])
    return {row: [Quote(c.participant, c.role,
                        cite(texts[c.coding], c.participant, None, max_words=max_words))
                  for c in picks]
            for row, picks in chosen.items()}


# -- the table -------------------------------------------------------------------------------

def theme_table(tree: list[dict], roles: list[dict], denominators: dict[str, int], level: int,
                quotes: dict[int, list[Quote]]) -> Table:
    """The theme table from ``Codebook.tree()`` (with participant counts) and the quotes."""
    nodes = flatten(tree, level)
    depth = shown_depth(nodes, level)
    shown_roles = [role for role in roles if denominators.get(role["prefix"])]
    everyone = sum(denominators.values())
    columns = [level_name(n) for n in range(1, depth + 1)] + [
        "Definition", "Participants", "Total", "Passages", "Illustrative quotes"]
    kinds = [level_name(n).lower() + "s" for n in range(1, depth + 1)]
    named = ", ".join(kinds[:-1]) + " and " + kinds[-1] if depth > 1 else kinds[0]
    table = Table(
        title=f"{named.capitalize()} with illustrative quotes", columns=columns, rows=[],
        nested=depth, widths=[1.35] * depth + [1.5, 1.35, 0.75, 1.0, 3.0])
    for node in nodes:
        by_role = node["participants_by_role"]
        if depth > 1 and node["level"] == 1:
            table.headings.add(len(table.rows))
        table.rows.append(hierarchy_cells(node, depth) + [
            node["short_definition"] or node["definition"] or "",
            " · ".join(f"{role['prefix']} {by_role.get(role['prefix'], 0)}/"
                       f"{denominators[role['prefix']]}" for role in shown_roles),
            f"{node['participants']}/{everyone}",
            node["passages"],
            "\n".join(quote.text for quote in quotes.get(node["id"], [])),
        ])
    labels = ", ".join(f"{role['prefix']} {role['label'].lower()}" for role in shown_roles)
    table.notes = [
        f"Participants: those who voiced the code — a coded passage overlaps one of their "
        f"turns (never the interviewer's) — out of those interviewed ({labels}). Passages: "
        "the distinct coded passages." + (
            " A theme's counts include its sub-themes', and a passage coded with two of its "
            "sub-themes counts once for it." if depth > 1 else ""),
        "Quotes: exemplars first, then passages from different participants and roles, "
        f"preferring whole sentences of {SHORTEST}–{LONGEST} characters; each is tagged with "
        "the speaker's ID, and … marks words left out.",
    ]
    return table
