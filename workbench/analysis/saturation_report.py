"""Code saturation of a project: which codes each interview has, the methods applied per
group, and the rows and sentences that the CLI, the TUI and exports show. Pure: the
project passes in its codes, codings and sources.

Each source is one interview, counted in interview order; sources left out by the user and
sources without any coding (not coded yet, so they would look like interviews with nothing
new) are skipped and named. Codes are counted at one level of the codebook: a coding on a
deeper code counts for its ancestor at that level, one on a shallower code without codes
below it (a theme without sub-themes) counts as that code, and one on a shallower code that
has codes below it (a theme with sub-themes) names no code of the level and is set aside.
Deductive codes (``origin``) are left out unless the settings count them, and the codings
of every coder are pooled unless the settings name one coder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import NamedTuple

from workbench.analysis.saturation import (CANNOT_BE_ASSESSED, CHAO2_FORMS, DEDUCTIVE_CHOICES,
                                           Analysis, FrancisResult, GuestResult,
                                           Interview, OrderSensitivity, Settings, analyse)
from workbench.errors import WorkbenchError

GROUPINGS = ("role", "theme", "coder")
METHODS = ("guest", "francis", "chao2")
FEW_FOR_CHAO2 = 10  # interviews below which the sentence warns that Chao2 means little


@dataclass(frozen=True)
class Group:
    key: str  # "overall", a role prefix, a theme's path or a coder's name
    title: str  # "Overall", "General practitioner (G)", the theme's name, the coder's name
    phrase: str  # as a sentence says it: "overall", "among general practitioners", …
    analysis: Analysis


@dataclass(frozen=True)
class Counted:
    """Which codes of the codebook can be counted, at the level and with the settings."""

    units: int  # codes that can be counted (at the level, or shallower without codes below)
    shallower: int  # of those, shallower codes without codes below (a theme without sub-themes)
    inductive: int  # of those, marked inductive (the rest have no recorded origin)
    deductive: int  # codes of the level marked deductive: left out, or counted with the rest
    set_aside: tuple[tuple[str, str], ...]  # (code path, source): codings on a shallower
    # code with codes below it, which name none of them
    coders: tuple[str, ...]  # every coder with codings, by name


@dataclass(frozen=True)
class SaturationReport:
    level: int
    by: str | None
    settings: Settings
    groups: list[Group]  # the overall series first, then one per role, theme or coder
    left_out: list[str]  # sources the user left out
    uncoded: list[str]  # sources without codings (by the chosen coder), skipped
    counted: Counted

    @property
    def overall(self) -> Analysis:
        return self.groups[0].analysis

    @property
    def unit(self) -> str:
        """What is counted, in the plural: "sub-themes"."""
        return _noun(self.level, plural=True)

    @property
    def counted_label(self) -> str:
        """``inductive sub-themes``, ``sub-themes (incl. 1 theme without sub-themes)``."""
        c = self.counted
        label = self.unit
        if self.settings.deductive == "exclude" and c.deductive:
            label = (f"inductive {label}" if c.inductive == c.units
                     else f"{label} (deductive ones left out)")
        if c.shallower:
            label += f" (incl. {_shallower(self.level, c.shallower)})"
        return label

    @property
    def status_line(self) -> str:
        """``inductive sub-themes: 3 · new in last 2 interviews: 0 · Guest 5%: 6+2``"""
        run = self.settings.run
        return (f"{self.counted_label}: {self.overall.observed} · new in last {run} interviews: "
                f"{self.overall.new_in_last(run)} · Guest {_number(self.settings.threshold)}%: "
                f"{self.overall.guest.label}")

    @property
    def notes(self) -> list[str]:
        """What was not counted, and why, for the end of every output."""
        found = []
        if self.left_out:
            found.append(f"Left out: {', '.join(self.left_out)}")
        if self.uncoded:
            whose = f" by {self.settings.coder}" if self.settings.coder else ""
            found.append(f"Not coded{whose} yet, so not counted: {', '.join(self.uncoded)}")
        if self.counted.set_aside:
            found.append(f"Codings on a code with {self.unit} below it name no one of them, so "
                         "not counted: " + ", ".join(f"{code} ({source})"
                                                     for code, source in self.counted.set_aside))
        return found

    def methods_text(self, method: str = "all") -> str:
        """Sentences for a paper's methods section, with the numbers."""
        writers = {"guest": self._guest_sentences, "francis": self._francis_sentence,
                   "chao2": self._chao2_sentences}
        chosen = METHODS if method == "all" else (method,)
        return " ".join([self._counting_sentences(), *(writers[name]() for name in chosen)])

    def _counting_sentences(self) -> str:
        """What was counted: the level, the interviews, the coders, the deductive codes."""
        c, s = self.counted, self.settings
        level = f"level {self.level} of the codebook"
        if c.shallower:
            level += f"; {_shallower(self.level, 1, article=True)} counts as one"
        interviews = len(self.overall.interviews)
        skipped = []
        if self.uncoded:
            skipped.append(f"{_count(len(self.uncoded), 'interview')} not yet coded"
                           + (f" by {s.coder}" if s.coder else ""))
        if self.left_out:
            skipped.append(f"{_count(len(self.left_out), 'interview')} left out")
        text = (f"Code saturation was assessed on the {self.unit} ({level}) in "
                f"{_count(interviews, 'interview')}, taken in the order they were conducted"
                + (f" ({' and '.join(skipped)}, not counted)" if skipped else "") + ".")
        if c.set_aside:
            where = len({source for _, source in c.set_aside})
            text += (f" Codings placed on a code with {self.unit} below it name none of them "
                     f"and were not counted ({_count(where, 'interview')} with such a coding).")
        names = ", ".join(c.coders)
        if s.coder:
            text += f" Only the codings of {s.coder} were counted (coders: {names})."
        elif len(c.coders) > 1:
            who = "both coders" if len(c.coders) == 2 else f"all {len(c.coders)} coders"
            text += f" The codings of {who} ({names}) were pooled."
        elif c.coders:
            text += f" The codings are those of one coder ({names})."
        if not c.deductive:
            text += (f" No {_noun(self.level)} is marked deductive, so all were counted."
                     if c.inductive else
                     " No code has a recorded origin (deductive or inductive), so all were "
                     "counted.")
        elif s.deductive == "exclude":
            unlabelled = c.units - c.inductive
            text += (f" The {_count(c.deductive, 'deductive code')} of this level (defined in "
                     "advance) were not counted, so only codes derived from the data could be "
                     f"new: {c.inductive} inductive {_noun(self.level, plural=c.inductive != 1)}"
                     + (f" and {unlabelled} without a recorded origin" if unlabelled else "")
                     + ".")
        else:
            text += (f" The {_count(c.deductive, 'deductive code')} of this level (defined in "
                     "advance) were counted as new at their first use, like the inductive ones.")
        return text

    def _guest_sentences(self) -> str:
        s = self.settings
        text = (f"Following Guest et al. (2020) (base {s.base}, run {s.run}, "
                f"≤{_number(s.threshold)}% new information), code saturation "
                + self._outcomes(lambda a: a.guest) + ".")
        spread = self.overall.order_sensitivity
        if spread.orders == 0:
            return text
        return text + f" {_spread_sentence(spread)}."

    def _francis_sentence(self) -> str:
        s = self.settings
        return (f"With the stopping rule of Francis et al. (2010) (an initial sample of "
                f"{s.initial}, then {s.stop} consecutive interviews without a new "
                f"{_noun(self.level)}), code saturation "
                + self._outcomes(lambda a: a.francis) + ".")

    def _chao2_sentences(self) -> str:
        def estimate(analysis: Analysis) -> str:
            c = analysis.chao2
            if not c.observed:
                return "0 (none observed)"
            notes = [f"{c.observed} observed", f"completeness {c.completeness:.0%}"]
            if c.form != self.settings.chao2:
                notes.append(f"{c.form} form, as no code is in exactly two interviews")
            if c.interviews < FEW_FOR_CHAO2:
                notes.append(f"from only {c.interviews} interviews, too few for the estimate "
                             "to mean much")
            return f"{c.estimate:.1f} ({'; '.join(notes)})"

        first, *rest = self.groups
        parts = [f"put the total number of {self.unit} at {estimate(first.analysis)} "
                 f"{first.phrase}"]
        parts += [f"{g.phrase} at {estimate(g.analysis)}" for g in rest]
        form = self.settings.chao2
        formula = CHAO2_FORMULAS[form] + (
            ", or the bias-corrected form where Q₂ = 0" if form == "classic" else "")
        return (f"The Chao2 estimator (Chao 1987) in its {form} form ({formula}; T interviews, "
                "Q₁ and Q₂ the codes seen in exactly one and two of them) "
                + "; ".join(parts) + ". Chao2 is a lower bound, so completeness (observed / "
                "estimated) is at most the figure given.")

    def _outcomes(self, result: Callable[[Analysis], GuestResult | FrancisResult]) -> str:
        """``was reached at 6+2 (8 interviews) overall; among nurses it cannot be assessed
        (5 interviews, …)``."""
        first, *rest = self.groups
        parts = [_outcome(result(first.analysis), first.phrase, first=True)]
        parts += [_outcome(result(group.analysis), group.phrase) for group in rest]
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
            completeness = a.chao2.completeness
            rows.append({
                "group": g.title, "interviews": len(a.interviews), "codes": a.observed,
                "guest": _cell(a.guest), "random_orders": spread_cell(a.order_sensitivity),
                "francis": _cell(a.francis), "q1": a.chao2.q1, "q2": a.chao2.q2,
                "chao2": round(a.chao2.estimate, 1), "chao2_form": a.chao2.form,
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
                "guest": _result_dict(a.guest),
                "grid": [_result_dict(result) for result in a.grid],
                "francis": _result_dict(a.francis),
                "chao2": {**asdict(a.chao2), "completeness": a.chao2.completeness},
                "order_sensitivity": {"orders": spread.orders, "seed": spread.seed,
                                      "reached": spread.reached, "median": spread.median,
                                      "q1": spread.q1, "q3": spread.q3,
                                      "summary": spread_cell(spread)},
                "code_spans": [asdict(span) for span in a.codes],
            })
        return {"level": self.level, "unit": self.unit, "counted": self.counted_label,
                "by": self.by, "settings": asdict(self.settings),
                "counted_codes": asdict(self.counted), "left_out": self.left_out,
                "uncoded": self.uncoded, "status": self.status_line,
                "methods": self.methods_text(), "notes": self.notes, "groups": groups}


CHAO2_FORMULAS = {"classic": "Ŝ = S_obs + ((T−1)/T)·Q₁²/(2·Q₂)",
                  "bias-corrected": "Ŝ = S_obs + ((T−1)/T)·Q₁(Q₁−1)/(2·(Q₂+1))"}


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
    _check(level, by, settings)
    codings = list(codings)
    coders = tuple(sorted({coder for _, _, coder in codings}))
    if settings.coder is not None:
        if settings.coder not in coders:
            raise WorkbenchError(f"no codings by a coder named '{settings.coder}'; coders: "
                                 f"{', '.join(coders) or 'none yet'}")
        codings = [row for row in codings if row[2] == settings.coder]
    units = _units(codes, level)
    counts_deductive = settings.deductive == "count"
    counted = {code_id: unit for code_id, unit in units.items()
               if unit is not None and (counts_deductive or unit["origin"] != "deductive")}
    names = {s["id"]: s["name"] for s in sources}
    set_aside = sorted({(names[source], code) for source, code, _ in codings
                        if units.get(code, False) is None})  # per interview and code
    by_id = {row["id"]: row for row in codes}
    marks = _marks(codes, codings, counted)
    rank = {row["path"]: index for index, row in enumerate(codes)}
    coded = {source for source, _, _ in codings}
    included = [s for s in sources if not s["left_out"] and s["id"] in coded]

    def series(rows: Iterable[dict], keep: Callable[[_Mark], bool] = lambda mark: True
               ) -> tuple[Interview, ...]:
        return tuple(Interview(row["name"], row["participant"], row["role"],
                               tuple(sorted({m.unit for m in marks.get(row["id"], ()) if keep(m)},
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
        coded_by: dict[str, set[int]] = {}
        for source, _, coder in codings:
            coded_by.setdefault(coder, set()).add(source)
        for coder in sorted(coded_by):
            members = [s for s in included if s["id"] in coded_by[coder]]
            groups.append(Group(coder, coder, f"for coder {coder}",
                                analyse(series(members, lambda m: m.coder == coder), settings)))
    possible = {unit["id"]: unit for unit in units.values() if unit is not None}
    eligible = [unit for unit in possible.values()
                if counts_deductive or unit["origin"] != "deductive"]
    return SaturationReport(
        level, by, settings, groups,
        left_out=[s["name"] for s in sources if s["left_out"]],
        uncoded=[s["name"] for s in sources if not s["left_out"] and s["id"] not in coded],
        counted=Counted(
            units=len(eligible),
            shallower=sum(1 for unit in eligible if unit["level"] < level),
            inductive=sum(1 for unit in eligible if unit["origin"] == "inductive"),
            deductive=sum(1 for unit in possible.values() if unit["origin"] == "deductive"),
            set_aside=tuple((by_id[code]["path"], name) for name, code in set_aside),
            coders=coders))


def _check(level: int, by: str | None, settings: Settings) -> None:
    if level < 1:
        raise WorkbenchError("the level is 1 (themes), 2 (sub-themes) or deeper")
    if by is not None and by not in GROUPINGS:
        raise WorkbenchError(f"saturation is grouped by {', '.join(GROUPINGS)}, not '{by}'")
    if settings.chao2 not in CHAO2_FORMS:
        raise WorkbenchError(f"the Chao2 form is {' or '.join(CHAO2_FORMS)}, "
                             f"not '{settings.chao2}'")
    if settings.deductive not in DEDUCTIVE_CHOICES:
        raise WorkbenchError(f"deductive codes are counted or left out "
                             f"({', '.join(DEDUCTIVE_CHOICES)}), not '{settings.deductive}'")


def _units(codes: list[dict], level: int) -> dict[int, dict | None]:
    """Per code id: the code its codings count for at ``level`` — its ancestor at the level,
    or itself if it is at the level or shallower without codes below it — or None for a
    shallower code with codes below it, whose codings name none of them."""
    by_id = {row["id"]: row for row in codes}
    parents = {row["parent"] for row in codes}
    found: dict[int, dict | None] = {}
    for row in codes:
        if row["level"] < level:
            found[row["id"]] = None if row["id"] in parents else row
            continue
        ancestor = row
        while ancestor["level"] > level:
            ancestor = by_id[ancestor["parent"]]
        found[row["id"]] = ancestor
    return found


def _marks(codes: list[dict], codings: Iterable[tuple[int, int, str]],
           counted: dict[int, dict]) -> dict[int, set[_Mark]]:
    """Per source id: the distinct (unit, theme, coder) of its counted codings."""
    by_id = {row["id"]: row for row in codes}

    def theme(row: dict) -> str:
        while row["parent"] is not None:
            row = by_id[row["parent"]]
        return row["path"]

    made: dict[tuple[int, str], _Mark] = {}  # one _Mark per (code, coder), shared
    marks: dict[int, set[_Mark]] = {}
    for source, code, coder in codings:
        unit = counted.get(code)
        if unit is None:
            continue
        mark = made.get((code, coder))
        if mark is None:
            mark = made[(code, coder)] = _Mark(unit["path"], theme(unit), coder)
        marks.setdefault(source, set()).add(mark)
    return marks


def _outcome(result: GuestResult | FrancisResult, phrase: str, first: bool = False) -> str:
    """One group's part of a sentence: ``was reached at 6+2 (8 interviews) overall``,
    ``among nurses it cannot be assessed (…)``, ``among managers not within 4 interviews``."""
    where = f"at {result.outcome}" if result.point is not None else None
    if first:
        if where:
            return f"was reached {where} {phrase}"
        if result.reason:
            return f"{CANNOT_BE_ASSESSED} {phrase} ({result.reason})"
        return f"was not reached within {result.interviews} interviews {phrase}"
    if where:
        return f"{phrase} {where}"
    if result.reason:
        return f"{phrase} it {CANNOT_BE_ASSESSED} ({result.reason})"
    return f"{phrase} not within {result.interviews} interviews"


def _cell(result: GuestResult | FrancisResult) -> str:
    """A result in a table cell: ``6+2``, ``not reached``, ``cannot be assessed: 5 < 4+2``."""
    if result.status != CANNOT_BE_ASSESSED:
        return result.label
    if isinstance(result, GuestResult):
        if result.interviews >= result.base + result.run:
            return f"{CANNOT_BE_ASSESSED}: no code in the base"
        return f"{CANNOT_BE_ASSESSED}: {result.interviews} < {result.base}+{result.run}"
    return f"{CANNOT_BE_ASSESSED}: {result.interviews} < {result.initial}+{result.stop}"


def _result_dict(result: GuestResult | FrancisResult) -> dict:
    extra = {"needed": result.needed} if isinstance(result, GuestResult) else {}
    return {**asdict(result), "label": result.label, "status": result.status,
            "reason": result.reason, **extra}


def _noun(level: int, plural: bool = False) -> str:
    noun = {1: "theme", 2: "sub-theme"}.get(level, "code")
    if level > 2:
        return f"codes at level {level}" if plural else f"code at level {level}"
    return noun + ("s" if plural else "")


def _shallower(level: int, count: int, article: bool = False) -> str:
    """``1 theme without sub-themes``; with ``article``, ``a theme without sub-themes``."""
    if level == 2:
        thing, below = "theme", "sub-themes"
    else:
        thing, below = "shallower code", "codes below it"
    number = "a" if article else str(count)
    return f"{number} {thing}{'s' if count != 1 and not article else ''} without {below}"


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _plural(label: str) -> str:
    """``General practitioner`` → ``general practitioners`` (acronyms keep their case)."""
    text = label if label[:2].isupper() else label[:1].lower() + label[1:]
    return text if text.endswith("s") else text + "s"


def spread_cell(spread: OrderSensitivity) -> str | None:
    """``6 (6–7)``: the median and IQR of the interviews needed (s + r) over random orders;
    ``reached in 0 of 1000`` when the median falls on orders that did not reach it."""
    if not spread.orders:
        return None
    if spread.median is None:
        return f"reached in {spread.reached} of {spread.orders}"
    missing = spread.orders - spread.reached
    return (f"{_number(spread.median)} ({_iqr(spread)})"
            + (f"; not reached in {missing} of {spread.orders}" if missing else ""))


def _spread_sentence(spread: OrderSensitivity) -> str:
    if spread.median is None:
        return (f"Over {spread.orders} random orders of the same interviews, it was reached in "
                f"{spread.reached} of {spread.orders}")
    missing = spread.orders - spread.reached
    return (f"Over {spread.orders} random orders of the same interviews it took a median of "
            f"{_number(spread.median)} interviews (s + r; IQR {_iqr(spread)})"
            + (f"; it was not reached in {missing} of {spread.orders}" if missing else ""))


def _iqr(spread: OrderSensitivity) -> str:
    upper = "not reached" if spread.q3 is None else _number(spread.q3)
    return f"{_number(spread.q1)}–{upper}"


def _number(value: float) -> str:
    """5.0 → ``5``, 7.5 → ``7.5``."""
    return f"{value:g}"

