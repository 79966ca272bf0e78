"""A QuoteQuery's filters resolved against the project: code ids, participant IDs, source ids.

Everything the user named is checked here, so that a typo is a clear error and never an
empty result that looks like a finding.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import PurePath

from sqlite_utils import Database

from workbench.coding.codebook import Codebook
from workbench.errors import WorkbenchError
from workbench.retrieval.attributes import attribute_names, parse_condition
from workbench.retrieval.query import QuoteQuery
from workbench.retrieval.sql_parts import Where, as_json, in_set
from workbench.store import codes as codebook_store
from workbench.text.participants import parse_participant_id


@dataclass(frozen=True)
class Scope:
    """Resolved filters; None means "no filter of this kind"."""

    terms: tuple[frozenset[int], ...] = ()  # one set of code ids per code or theme named
    all_terms: bool = False
    overlaps: frozenset[int] | None = None
    participants: frozenset[str] | None = None
    sources: frozenset[int] | None = None  # those named, and only those the participants speak in
    coders: frozenset[int] | None = None
    exemplars: bool = False
    include_interviewer: bool = False

    @property
    def filters_codings(self) -> bool:
        """Whether a hit must lie on a coding that satisfies coding filters."""
        return bool(self.terms) or self.overlaps is not None or self.coders is not None \
            or self.exemplars


def resolve_scope(db: Database, codebook: Codebook, query: QuoteQuery) -> Scope:
    terms = [_code_ids(db, codebook, ref, query.descendants) for ref in query.codes]
    terms += [_theme_ids(db, codebook, ref) for ref in query.themes]
    overlaps = (_code_ids(db, codebook, query.overlaps, query.descendants)
                if query.overlaps else None)
    participants = _participants(db, query)
    sources = _sources(db, query.sources)
    if participants is not None:
        speaking = _speaking_in(db, participants)
        sources = speaking if sources is None else sources & speaking
    return Scope(
        terms=tuple(terms),
        all_terms=query.all_codes,
        overlaps=overlaps,
        participants=participants,
        sources=sources,
        coders=_coders(db, query.coders),
        exemplars=query.exemplars,
        include_interviewer=query.include_interviewer,
    )


def _code_ids(db: Database, codebook: Codebook, ref: str, descendants: bool) -> frozenset[int]:
    code = codebook.resolve(ref)
    return frozenset(codebook_store.descendants(db, code["id"]) if descendants else [code["id"]])


def _theme_ids(db: Database, codebook: Codebook, ref: str) -> frozenset[int]:
    code = codebook.resolve(ref)
    if code["parent"] is not None:
        raise WorkbenchError(f"'{code['path']}' is not a theme (a top-level code); "
                             "use --code for codes below the top level")
    return frozenset(codebook_store.descendants(db, code["id"]))


def _participants(db: Database, query: QuoteQuery) -> frozenset[str] | None:
    """The IDs of the participants that every participant-level filter admits."""
    if not (query.participants or query.roles or query.where):
        return None
    where = Where()
    if query.participants:
        where.add(in_set("id"), as_json({_participant_id(db, v) for v in query.participants}))
    if query.roles:
        where.add(in_set("role"), as_json({_role_prefix(db, v) for v in query.roles}))
    names = attribute_names(db) if query.where else []
    for text in query.where:
        condition, params = parse_condition(text, names).sql("attributes")
        where.add(condition, *params)
    return frozenset(row[0] for row in db.execute(
        f"SELECT id FROM participants WHERE {where.sql}", where.params))


def _participant_id(db: Database, value: str) -> str:
    prefixes = [r[0] for r in db.execute("SELECT prefix FROM roles ORDER BY sort_order")]
    pid = parse_participant_id(value, prefixes)
    if pid is None:
        raise WorkbenchError(f"'{value}' is not a participant ID: it should be a role prefix "
                             f"({', '.join(prefixes)}) and a number, such as G3")
    if db.execute("SELECT 1 FROM participants WHERE id = ?", [pid]).fetchone() is None:
        raise WorkbenchError(f"no participant {pid} in this project")
    return pid


def _role_prefix(db: Database, value: str) -> str:
    roles = list(db.query("SELECT prefix, label FROM roles ORDER BY sort_order"))
    for role in roles:
        if value.strip().casefold() in (role["prefix"].casefold(), role["label"].casefold()):
            return role["prefix"]
    known = ", ".join(f"{r['prefix']} ({r['label']})" for r in roles)
    raise WorkbenchError(f"no role '{value}'; the roles are {known}")


def _sources(db: Database, refs: list[str]) -> frozenset[int] | None:
    """Sources by file name, name without extension or shell pattern, ignoring case."""
    if not refs:
        return None
    rows = list(db.query("SELECT id, name FROM sources"))
    chosen: set[int] = set()
    for ref in refs:
        wanted = ref.strip().casefold()
        found = {r["id"] for r in rows
                 if wanted in (r["name"].casefold(), PurePath(r["name"]).stem.casefold())
                 or fnmatch.fnmatchcase(r["name"].casefold(), wanted)}
        if not found:
            raise WorkbenchError(f"no source named '{ref}'; `workbench sources` lists them")
        chosen |= found
    return frozenset(chosen)


def _speaking_in(db: Database, participants: frozenset[str]) -> frozenset[int]:
    """The sources where any of the participants speaks, or whose participant they are."""
    people = as_json(participants)
    return frozenset(row[0] for row in db.execute(
        f"""SELECT id FROM sources WHERE {in_set('participant')}
            UNION SELECT source FROM segments WHERE kind = 'turn' AND {in_set('participant')}""",
        [people, people]))


def _coders(db: Database, names: list[str]) -> frozenset[int] | None:
    if not names:
        return None
    coders = {r["name"].casefold(): r["id"] for r in db.query("SELECT id, name FROM coders")}
    unknown = [n for n in names if n.strip().casefold() not in coders]
    if unknown:
        known = ", ".join(sorted(r["name"] for r in db.query("SELECT name FROM coders")))
        raise WorkbenchError(f"no coder named {', '.join(unknown)} (coders: {known or 'none'})")
    return frozenset(coders[n.strip().casefold()] for n in names)
