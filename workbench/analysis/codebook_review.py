"""A supervisor's review of a codebook, computed from plain data (no database access)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz, process

from workbench.analysis.spans import intersection, merged

NEAR_DUPLICATE = 85  # rapidfuzz token-sort ratio from which two names look alike
OVERLAP = 0.8  # share of the smaller code's coded text that the other code also covers


@dataclass
class Review:
    without_definition: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    single_participant: list[dict] = field(default_factory=list)
    near_duplicates: list[dict] = field(default_factory=list)
    overlapping: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    since: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    def sections(self) -> list[tuple[str, list[str]]]:
        return [
            ("Codes without a definition", self.without_definition),
            ("Unused codes (no codings on them or below them)", self.unused),
            ("Codes used by one participant only",
             [f"{r['code']} ({r['participant']}, {r['codings']} codings)"
              for r in self.single_participant]),
            ("Near-duplicate names",
             [f"{r['a']}  ~  {r['b']} (similarity {r['score']:.0f})" for r in self.near_duplicates]),
            ("Codes whose codings overlap (one may be redundant)",
             [f"{r['a']}  &  {r['b']}: {r['share']:.0%} of the smaller one's coded text"
              for r in self.overlapping]),
            (f"Changes since {self.since}" if self.since else "Changes",
             [f"{r['at'][:16]} {r['actor']}: {r['summary']}" for r in self.changes]
             if self.since else []),
        ]

    def as_text(self) -> str:
        lines = []
        for title, items in self.sections():
            if title.startswith("Changes") and not self.since:
                continue
            lines.append(f"{title}: {len(items) or 'none'}")
            lines += [f"  - {item}" for item in items]
        return "\n".join(lines)

    def as_markdown(self) -> str:
        lines = ["# Codebook review", ""]
        for title, items in self.sections():
            if title.startswith("Changes") and not self.since:
                continue
            lines += [f"## {title}", ""]
            lines += [f"- {item}" for item in items] or ["None."]
            lines.append("")
        return "\n".join(lines)


def review_codebook(codes: list[dict], codings: list[dict], changes: list[dict],
                    since: str | None = None) -> Review:
    """``codes``: id, path, parent, codable, definition, short_definition.
    ``codings``: code, source, start, end, participant."""
    review = Review(changes=changes, since=since)
    paths = {c["id"]: c["path"] for c in codes}
    children = defaultdict(list)
    for code in codes:
        children[code["parent"]].append(code["id"])
    by_code = defaultdict(list)
    for coding in codings:
        by_code[coding["code"]].append(coding)

    def used(code_id: int) -> bool:
        return bool(by_code[code_id]) or any(used(c) for c in children[code_id])

    for code in codes:
        if not (code["definition"] or code["short_definition"]):
            review.without_definition.append(code["path"])
        if code["codable"] and not used(code["id"]):
            review.unused.append(code["path"])
        people = {c["participant"] for c in by_code[code["id"]] if c["participant"]}
        if len(people) == 1:
            review.single_participant.append({"code": code["path"], "participant": people.pop(),
                                              "codings": len(by_code[code["id"]])})

    names = [c["name"] if "name" in c else c["path"].rsplit("/", 1)[-1] for c in codes]
    if len(names) > 1:
        scores = process.cdist(names, names, scorer=fuzz.token_sort_ratio,
                               score_cutoff=NEAR_DUPLICATE)
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                if scores[i][j] >= NEAR_DUPLICATE:
                    review.near_duplicates.append({"a": codes[i]["path"], "b": codes[j]["path"],
                                                   "score": float(scores[i][j])})
    review.overlapping = _overlaps(by_code, paths)
    return review


def _overlaps(by_code: dict[int, list[dict]], paths: dict[int, str]) -> list[dict]:
    """Pairs of codes where most of the smaller one's coded characters are also the other's."""
    spans: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for code_id, rows in by_code.items():
        per_source: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for row in rows:
            per_source[row["source"]].append((row["start"], row["end"]))
        spans[code_id] = {s: merged(v) for s, v in per_source.items()}
    sizes = {c: sum(e - s for v in src.values() for s, e in v) for c, src in spans.items()}
    result = []
    ids = sorted(spans)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            shared = sum(intersection(spans[a][s], spans[b][s])
                         for s in spans[a].keys() & spans[b].keys())
            smaller = min(sizes[a], sizes[b])
            if shared and smaller and shared / smaller >= OVERLAP:
                result.append({"a": paths[a], "b": paths[b], "share": shared / smaller})
    return sorted(result, key=lambda r: -r["share"])
