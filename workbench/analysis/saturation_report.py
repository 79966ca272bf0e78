"""Code saturation of a project: which codes each interview has, the methods applied per
group, and the rows and sentences that the CLI, the TUI and exports show. Pure: the
project passes in its codes, codings and sources.

Each source is one interview, counted in interview order; sources left out by the user and
sources without any coding (not coded yet, so they would look like interviews with nothing
new) are skipped. Codes are counted at one level of the codebook: a coding on a deeper code
counts for its ancestor at that level, one on a shallower code counts as that code itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import NamedTuple

from workbench.analysis.saturation import (Analysis, GuestResult, Interview, OrderSensitivity,
                                           Settings, analyse)
from workbench.errors import WorkbenchError

GROUPINGS = ("role", "theme", "coder")
METHODS = ("guest", "francis", "chao2")


@dataclass(frozen=True)
class Group:
    key: str  # "overall", a role prefix, a theme's path or a coder's name
    title: str  # "Overall", "General practitioner (G)", the theme's name, the coder's name
    phrase: str  # as a sentence says it: "overall", "among general practitioners", …
    analysis: Analysis


@dataclass(frozen=True)
class SaturationReport:
    level: int
    by: str | None
    settings: Settings
    groups: list[Group]  # the overall series first, then one per role, theme or coder
    left_out: list[str]  # sources the user left out
    uncoded: list[str]  # sources without codings, skipped

    @property
    def overall(self) -> Analysis:
        return self.groups[0].analysis

    @property
    def unit(self) -> str:
        """What is counted, in the plural: "sub-themes"."""
        return {1: "themes", 2: "sub-themes"}.get(self.level, f"codes at level {self.level}")

    @property
    def status_line(self) -> str:
        """``sub-themes: 15 · new in last 2 interviews: 0 · Guest 5%: 6+2``"""
        run = self.settings.run
        return (f"{self.unit}: {self.overall.observed} · new in last {run} interviews: "
                f"{self.overall.new_in_last(run)} · Guest {_number(self.settings.threshold)}%: "
                f"{self.overall.guest.label}")

    def methods_text(self, method: str = "all") -> str:
        """Sentences for a paper's methods section, with the numbers."""
        writers = {"guest": self._guest_sentences, "francis": self._francis_sentence,
                   "chao2": self._chao2_sentence}
        chosen = METHODS if method == "all" else (method,)
        return " ".join(writers[name]() for name in chosen)

    def _guest_sentences(self) -> str:
        s = self.settings
        text = (f"Following Guest et al. (2020) (base {s.base}, run {s.run}, "
                f"≤{_number(s.threshold)}% new information), code saturation "
                f"{self._level_phrase()} "
                + self._outcomes(lambda a: a.guest.label if a.guest.point is not None else None)
                + ".")
        spread = self.overall.order_sensitivity
        if spread.orders == 0:
            return text
        if spread.median is None:
            return (text + f" It was reached in {spread.reached} of {spread.orders} random "
                    "interview orders.")
        missing = spread.orders - spread.reached
        return (text + f" Over {spread.orders} random interview orders it took a median of "
                f"{_number(spread.median)} interviews (IQR {_iqr(spread)})"
                + (f"; it was not reached in {missing}" if missing else "") + ".")

    def _francis_sentence(self) -> str:
        s = self.settings
        singular = {1: "theme", 2: "sub-theme"}.get(self.level, "code")
        return (f"With the stopping rule of Francis et al. (2010) (an initial sample of "
                f"{s.initial}, then {s.stop} consecutive interviews without a new {singular}), "
                f"code saturation "
                + self._outcomes(lambda a: None if a.francis.point is None
                                 else f"interview {a.francis.point}")
                + ".")

    def _chao2_sentence(self) -> str:
        def estimate(analysis: Analysis) -> str:
            c = analysis.chao2
            if not c.observed:
                return "0 (none observed)"
            return f"{c.estimate:.1f} ({c.observed} observed; completeness {c.completeness:.0%})"

        first, *rest = self.groups
        parts = [f"put the total number of {self.unit} at {estimate(first.analysis)} "
                 f"{first.phrase}"]
        parts += [f"{g.phrase} at {estimate(g.analysis)}" for g in rest]
        return "The Chao2 estimator (Chao 1987) " + "; ".join(parts) + "."

    def _level_phrase(self) -> str:
        return {1: "at the theme level", 2: "at the sub-theme level"}.get(
            self.level, f"at codebook level {self.level}")

    def _outcomes(self, outcome: Callable[[Analysis], str | None]) -> str:
        """``was reached at 6+2 overall; among nurses not within 5 interviews; …``"""
        first, *rest = self.groups
        found = outcome(first.analysis)
        count = len(first.analysis.interviews)
        parts = [f"was reached at {found} {first.phrase}" if found
                 else f"was not reached within {count} interviews {first.phrase}"]
        for group in rest:
            found = outcome(group.analysis)
            parts.append(f"{group.phrase} at {found}" if found else
                         f"{group.phrase} not within {len(group.analysis.interviews)} interviews")
        return "; ".join(parts)

    # -- rows for tables and files ---------------------------------------------------------

    def interview_rows(self) -> list[dict]:
        return [{"group": g.title, "order": row.order, "source": row.name,
                 "participant": row.participant, "present": row.present, "new": len(row.new),
                 "cumulative": row.cumulative, "share": round(100 * row.share, 1),
                 "new_codes": list(row.new)}
                for g in self.groups for row in g.analysis.table]

    def summary_rows(self) -> list[dict]:
        rows = []
        for g in self.groups:
            a = g.analysis
            spread = a.order_sensitivity
            completeness = a.chao2.completeness
            rows.append({
                "group": g.title, "interviews": len(a.interviews), "codes": a.observed,
                "guest": a.guest.label,
                "random_orders": _spread(spread),
                "francis": a.francis.label, "q1": a.chao2.q1, "q2": a.chao2.q2,
                "chao2": round(a.chao2.estimate, 1),
                "completeness": None if completeness is None else round(100 * completeness, 1),
            })
        return rows

    def grid_rows(self) -> list[dict]:
        """One row per group, base and run; one column per threshold (``≤5%``)."""
        rows: dict[tuple[str, int, int], dict] = {}
        for g in self.groups:
            for result in g.analysis.grid:
                row = rows.setdefault((g.title, result.base, result.run),
                                      {"group": g.title, "base": result.base, "run": result.run})
                row[f"≤{_number(result.threshold)}%"] = result.label
        return list(rows.values())

    def code_rows(self) -> list[dict]:
        rows = []
        for g in self.groups:
            labels = [interview.label for interview in g.analysis.interviews]
            rows += [{"group": g.title, "code": span.code, "first": span.first,
                      "first_in": labels[span.first - 1], "last": span.last,
                      "last_in": labels[span.last - 1], "interviews": span.interviews}
                     for span in g.analysis.codes]
        return rows

    def as_dict(self) -> dict:
        """Everything, for JSON (the per-order list of the order sensitivity left out)."""
        groups = []
        for g in self.groups:
            a = g.analysis
            spread = a.order_sensitivity
            groups.append({
                "key": g.key, "title": g.title, "interviews": len(a.interviews),
                "codes": a.observed,
                "table": [asdict(row) for row in a.table],
                "guest": _guest_dict(a.guest),
                "grid": [_guest_dict(result) for result in a.grid],
                "francis": {**asdict(a.francis), "label": a.francis.label},
                "chao2": {**asdict(a.chao2), "completeness": a.chao2.completeness},
                "order_sensitivity": {"orders": spread.orders, "seed": spread.seed,
                                      "reached": spread.reached, "median": spread.median,
                                      "q1": spread.q1, "q3": spread.q3},
                "code_spans": [asdict(span) for span in a.codes],
            })
        return {"level": self.level, "unit": self.unit, "by": self.by,
                "settings": asdict(self.settings), "left_out": self.left_out,
                "uncoded": self.uncoded, "status": self.status_line,
                "methods": self.methods_text(), "groups": groups}


class _Mark(NamedTuple):
    """One coding reduced to what saturation needs."""

    unit: str  # the counted code's path at the requested level
    theme: str  # the path of its level-1 ancestor
    coder: str


def build_report(codes: list[dict], codings: Iterable[tuple[int, int, str]],
                 sources: list[dict], roles: list[dict], level: int = 2,
                 by: str | None = None, settings: Settings = Settings()) -> SaturationReport:
    """Apply every method to a project's interviews.

    ``codes``: the codebook in tree order (``store.codes.all_codes``); ``codings``: the
    distinct (source id, code id, coder name) of the codings; ``sources``: every source in
    interview order with its role and left-out flag; ``roles``: the role scheme.
    """
    if level < 1:
        raise WorkbenchError("the level is 1 (themes), 2 (sub-themes) or deeper")
    if by is not None and by not in GROUPINGS:
        raise WorkbenchError(f"saturation is grouped by {', '.join(GROUPINGS)}, not '{by}'")
    marks = _marks(codes, codings, level)
    rank = {row["path"]: index for index, row in enumerate(codes)}
    included = [s for s in sources if not s["left_out"] and s["id"] in marks]

    def series(rows: Iterable[dict], keep: Callable[[_Mark], bool] = lambda mark: True
               ) -> tuple[Interview, ...]:
        return tuple(Interview(row["name"], row["participant"], row["role"],
                               tuple(sorted({m.unit for m in marks[row["id"]] if keep(m)},
                                            key=rank.__getitem__)))
                     for row in rows)

    groups = [Group("overall", "Overall", "overall", analyse(series(included), settings))]
    if by == "role":
        for role in roles:
            members = [s for s in included if s["role"] == role["prefix"]]
            if members:
                groups.append(Group(role["prefix"], f"{role['label']} ({role['prefix']})",
                                    f"among {_plural(role['label'])}",
                                    analyse(series(members), settings)))
    elif by == "theme":
        for theme in (row for row in codes if row["level"] == 1):
            groups.append(Group(theme["path"], theme["name"], f"within ‘{theme['name']}’",
                                analyse(series(included, lambda m: m.theme == theme["path"]),
                                        settings)))
    elif by == "coder":
        for coder in sorted({m.coder for found in marks.values() for m in found}):
            members = [s for s in included if any(m.coder == coder for m in marks[s["id"]])]
            groups.append(Group(coder, coder, f"for coder {coder}",
                                analyse(series(members, lambda m: m.coder == coder), settings)))
    return SaturationReport(
        level, by, settings, groups,
        left_out=[s["name"] for s in sources if s["left_out"]],
        uncoded=[s["name"] for s in sources if not s["left_out"] and s["id"] not in marks])


def _marks(codes: list[dict], codings: Iterable[tuple[int, int, str]],
           level: int) -> dict[int, set[_Mark]]:
    """Per source id: the distinct (unit, theme, coder) of its codings."""
    by_id = {row["id"]: row for row in codes}

    def ancestor(code_id: int, at_level: int) -> str:
        row = by_id[code_id]
        while row["level"] > at_level:
            row = by_id[row["parent"]]
        return row["path"]

    counted = {code_id: (ancestor(code_id, level), ancestor(code_id, 1)) for code_id in by_id}
    made: dict[tuple[int, str], _Mark] = {}  # one _Mark per (code, coder), shared
    marks: dict[int, set[_Mark]] = {}
    for source, code, coder in codings:
        mark = made.get((code, coder))
        if mark is None:
            mark = made[(code, coder)] = _Mark(*counted[code], coder)
        marks.setdefault(source, set()).add(mark)
    return marks


def _guest_dict(result: GuestResult) -> dict:
    return {**asdict(result), "label": result.label, "needed": result.needed}


def _plural(label: str) -> str:
    """``General practitioner`` → ``general practitioners`` (acronyms keep their case)."""
    text = label if label[:2].isupper() else label[:1].lower() + label[1:]
    return text if text.endswith("s") else text + "s"


def _spread(spread: OrderSensitivity) -> str | None:
    """``8 (7–9)``: the median and IQR of the interviews needed over random orders."""
    if not spread.orders:
        return None
    if spread.median is None:
        return f"not reached in {spread.orders - spread.reached} of {spread.orders}"
    return f"{_number(spread.median)} ({_iqr(spread)})"


def _iqr(spread: OrderSensitivity) -> str:
    upper = "not reached" if spread.q3 is None else _number(spread.q3)
    return f"{_number(spread.q1)}–{upper}"


def _number(value: float) -> str:
    """5.0 → ``5``, 7.5 → ``7.5``."""
    return f"{value:g}"
