"""`workbench agreement`: the coders, codes and sources named, read from the project, compared
(analysis/agreement.py) and laid out as a table per code, per source and overall."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.analysis.agreement import UNITS, Comparison, Figure, Report, Span, compare
from workbench.errors import WorkbenchError
from workbench.export.formats import write_table
from workbench.export.table import Table
from workbench.project.parts import Parts
from workbench.store import agreement as agreement_store
from workbench.store import coders as coder_store
from workbench.store import interview_order

FORMATS = ("table", "md", "csv", "json", "docx", "xlsx")
COLUMNS = ["scope", "code", "source", "units", "agreement %", "kappa", "alpha", "segments",
           "matched %", "matched κn"]
UNDEFINED = "undefined"


@dataclass
class Agreement:
    """A comparison with the names it is shown with."""

    report: Report
    code_names: dict[int, str]
    source_names: dict[int, str]

    def figure_row(self, figure: Figure) -> dict:
        character = self.report.unit == "character"
        two = len(self.report.coders) == 2
        return {
            "scope": figure.scope,
            "code": "" if figure.code is None else self.code_names[figure.code],
            "source": "" if figure.source is None else self.source_names[figure.source],
            "units": figure.units,
            "agreement %": _number(figure.percent, 1),
            "kappa": _number(figure.kappa, 3) if two else "two coders only",
            "alpha": "character level: none" if character else _number(figure.alpha, 3),
            "segments": figure.segments,
            "matched %": _number(figure.matched_percent, 1),
            "matched κn": _number(figure.matched_kappa, 3),
        }

    def rows(self, scopes: Sequence[str] = ("code", "source", "overall")) -> list[dict]:
        return [self.figure_row(f) for scope in scopes for f in self.report.rows(scope)]

    def title(self) -> str:
        unit = {"character": "characters", "sentence": "sentences", "turn": "turns"}
        return (f"Intercoder agreement of {', '.join(self.report.coders)} over "
                f"{unit[self.report.unit]}, {len(self.report.sources)} source(s); segments "
                f"matched at {self.report.overlap:.0%} overlap")

    def notes(self) -> list[str]:
        return [*self.report.notes,
                "Units: the characters, sentences or turns each figure rests on. κ is "
                "undefined where both coders used one category only. Matched κn: Brennan & "
                "Prediger's, chance 1/k over the k codes compared (MAXQDA's). Sources compared: "
                + (", ".join(self.source_names[s] for s in self.report.sources) or "none")]

    def table(self) -> Table:
        rows = self.rows()
        return Table(self.title(), COLUMNS, [[r[c] for c in COLUMNS] for r in rows],
                     notes=self.notes())

    def as_dict(self) -> dict:
        def figure(f: Figure) -> dict:
            return {"scope": f.scope,
                    "code": None if f.code is None else self.code_names[f.code],
                    "source": None if f.source is None else self.source_names[f.source],
                    "units": f.units, "percent": f.percent, "kappa": f.kappa, "alpha": f.alpha,
                    "segments": f.segments, "matched": f.matched,
                    "matched_kappa": f.matched_kappa, "categories": f.categories}
        return {"coders": self.report.coders, "unit": self.report.unit,
                "overlap": self.report.overlap,
                "sources": [self.source_names[s] for s in self.report.sources],
                "notes": self.notes(), "figures": [figure(f) for f in self.report.figures]}

    def write(self, fmt: str) -> str | bytes:
        if fmt == "json":
            import json

            return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"
        return write_table(self.table(), fmt)


def _number(value: float | None, places: int) -> str:
    return UNDEFINED if value is None else f"{value:.{places}f}"


def agreement(parts: Parts, coders: Sequence[str], code_ids: Sequence[int] = (),
              source_ids: Sequence[int] = (), unit: str = "sentence",
              overlap: float = 0.9) -> Agreement:
    """Compare coders by name; codes and sources as ids already resolved (empty: every code
    one of the coders used in the sources compared; the sources at least two coded)."""
    names = list(dict.fromkeys(coders))
    if len(names) < 2:
        known = ", ".join(c["name"] for c in coder_store.all_coders(parts.db)) or "none"
        raise WorkbenchError("agreement compares two or more coders; name them with "
                             f"--coders A B (coders in this project: {known})")
    ids = {}
    for name in names:
        found = coder_store.find(parts.db, name)
        if found is None:
            known = ", ".join(c["name"] for c in coder_store.all_coders(parts.db)) or "none"
            raise WorkbenchError(f"no coder '{name}' in this project (coders: {known})")
        ids[found] = name
    if unit not in UNITS:
        raise WorkbenchError(f"the unit is one of {', '.join(UNITS)}, not '{unit}'")
    if unit == "character" and len(names) != 2:
        raise WorkbenchError("the character level compares two coders; for more, use "
                             "--unit sentence or turn (Krippendorff's α)")
    if not 0 < overlap <= 1:
        raise WorkbenchError(f"the overlap is a share above 0 and at most 1, not {overlap}")
    order = interview_order.ordered_sources(parts.db)
    source_names = {row["id"]: row["name"] for row in order}
    if source_ids:
        compared = list(dict.fromkeys(source_ids))
    else:  # those at least two coded (as analysis.agreement.sources_to_compare), in SQL
        shared = agreement_store.shared_sources(parts.db, list(ids))
        compared = [row["id"] for row in order if row["id"] in shared]
    spans = [Span(ids[coder], source, code, start, end) for coder, source, code, start, end
             in agreement_store.coder_spans(parts.db, list(ids), compared)]
    codebook = parts.codebook.codes()
    code_names = {c["id"]: c["path"] for c in codebook}
    if code_ids:
        codes = list(dict.fromkeys(code_ids))
    else:
        used = {s.code for s in spans}
        codes = [c["id"] for c in codebook if c["id"] in used]
    lengths = agreement_store.lengths(parts.db, compared)
    units = {} if unit == "character" else agreement_store.units(parts.db, compared, unit)
    report = compare(Comparison(names, unit, {s: lengths[s] for s in compared}, spans, codes,
                                units, overlap))
    return Agreement(report, code_names, source_names)


def who_coded(parts: Parts, leave_out: Sequence[str] = ()) -> list[tuple[str, int, int]]:
    """(coder, codings, sources) of every coder with at least one coding, most codings first,
    but those named in ``leave_out``."""
    return sorted((row for row in agreement_store.coding_counts(parts.db)
                   if row[1] and row[0] not in leave_out), key=lambda row: (-row[1], row[0]))


REPORT_COLUMNS = {"code": "Code", "units": "Units", "agreement %": "Agreement %",
                  "kappa": "Cohen's κ", "alpha": "Krippendorff's α", "segments": "Segments",
                  "matched %": "Matched %", "matched κn": "Matched κn"}


def for_report(parts: Parts, leave_out: Sequence[str] = ()
               ) -> tuple[str | None, tuple[str, Table] | None]:
    """The analysis report's agreement: the sentence for COREQ 24 (the two coders with the
    most codings, over the sentences of the interviews both coded) and the section
    "Intercoder agreement" (every coder: who was compared over which sources and units, and
    the per-code table); (None, None) with fewer than two coders. ``leave_out``: coders that
    are not independent, such as the consensus coder. The figures are computed once for two
    coders (the usual case), and once more for all when there are more."""
    coders = [name for name, _, _ in who_coded(parts, leave_out)]
    if len(coders) < 2:
        return None, None
    pair = agreement(parts, coders[:2])
    every = pair if len(coders) == 2 else agreement(parts, coders)
    left_out = [name for name, _, _ in who_coded(parts) if name in leave_out]
    return _sentence(coders[:2], pair), _section(coders, every, left_out)


def _sentence(names: list[str], result: Agreement) -> str:
    if not result.report.sources:
        return f"{names[0]} and {names[1]} coded no interview in common."
    overall = result.report.rows("overall")[0]
    codes = result.report.rows("code")
    kappas = sorted(f.kappa for f in codes if f.kappa is not None)
    spread = (f"; per code κ {kappas[0]:.2f}–{kappas[-1]:.2f} over {len(kappas)} codes"
              if kappas else "")
    return (f"{names[0]} and {names[1]} coded {len(result.report.sources)} interviews "
            f"independently: intercoder agreement over {overall.units} sentence × code units "
            f"{_number(overall.percent, 1)}%, Cohen's κ = {_number(overall.kappa, 2)}, "
            f"Krippendorff's α = {_number(overall.alpha, 2)}{spread}.")


def _section(coders: list[str], result: Agreement, left_out: list[str]) -> tuple[str, Table]:
    sources = [result.source_names[s] for s in result.report.sources]
    text = (f"Coders compared: {', '.join(coders)}. Sources double-coded: {len(sources)}"
            + (f" ({', '.join(sources)})" if sources else "")
            + ". Unit: the sentence; a code is present in a sentence for a coder when one of "
            "the coder's codings of it touches the sentence. Per code: percent agreement, "
            "Cohen's κ" + (" (two coders only)" if len(coders) > 2 else "")
            + f", Krippendorff's α (nominal), and the codings matched by another coder's at "
            f"{result.report.overlap:.0%} overlap (docs/agreement.md).")
    if left_out:
        text += f" Left out as not independent: {', '.join(left_out)}."
    rows = [[row[key] or "overall" if key == "code" else row[key] for key in REPORT_COLUMNS]
            for row in result.rows(["code", "overall"])]
    return text, Table(f"Intercoder agreement per code ({', '.join(coders)}, sentences)",
                       list(REPORT_COLUMNS.values()), rows, notes=result.notes())


def coders_in(parts: Parts, source_id: int) -> list[str]:
    """The coders with codings in a source, most codings in the project first."""
    return agreement_store.coders_in_source(parts.db, source_id)
