"""What an agreement comparison reads: the coders' codings, the sources' lengths and their
sentence or turn units."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlite_utils import Database


def coder_spans(db: Database, coder_ids: list[int], source_ids: list[int]
                ) -> list[tuple[int, int, int, int, int]]:
    """(coder, source, code, start, end) of every coding by one of the coders in the sources."""
    return db.execute(
        'SELECT coder, source, code, start, "end" FROM codings '
        "WHERE coder IN (SELECT value FROM json_each(?)) "
        "AND source IN (SELECT value FROM json_each(?))",
        [json.dumps(coder_ids), json.dumps(source_ids)]).fetchall()


def shared_sources(db: Database, coder_ids: list[int]) -> set[int]:
    """The sources that at least two of the coders coded."""
    return {row[0] for row in db.execute(
        "SELECT source FROM codings WHERE coder IN (SELECT value FROM json_each(?)) "
        "GROUP BY source HAVING count(DISTINCT coder) >= 2", [json.dumps(coder_ids)])}


def lengths(db: Database, source_ids: list[int]) -> dict[int, int]:
    """The length in characters of each source's text."""
    return dict(db.execute(
        "SELECT id, length(text) FROM sources WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(source_ids)]).fetchall())


def units(db: Database, source_ids: list[int], kind: str) -> dict[int, list[tuple[int, int]]]:
    """Per source, its sentences or turns as (start, end), in order."""
    found: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for source, start, end in db.execute(
            'SELECT source, start, "end" FROM segments WHERE kind = ? '
            "AND source IN (SELECT value FROM json_each(?)) ORDER BY source, start",
            [kind, json.dumps(source_ids)]):
        found[source].append((start, end))
    return dict(found)


def coders_by_source(db: Database) -> dict[int, set[str]]:
    """Per source, the names of the coders with a coding in it."""
    found: dict[int, set[str]] = defaultdict(set)
    for source, name in db.execute(
            "SELECT DISTINCT codings.source, coders.name FROM codings "
            "JOIN coders ON coders.id = codings.coder"):
        found[source].add(name)
    return dict(found)


def coding_counts(db: Database) -> list[tuple[str, int, int]]:
    """(coder name, codings, sources) of every coder."""
    return db.execute(
        "SELECT coders.name, count(codings.id), count(DISTINCT codings.source) FROM coders "
        "LEFT JOIN codings ON codings.coder = coders.id GROUP BY coders.id ORDER BY coders.name"
    ).fetchall()


def coders_in_source(db: Database, source_id: int) -> list[str]:
    """The names of the coders with codings in a source, most codings in the project first."""
    return [row[0] for row in db.execute(
        "SELECT coders.name FROM coders WHERE coders.id IN "
        "(SELECT coder FROM codings WHERE source = ?) ORDER BY "
        "(SELECT count(*) FROM codings WHERE coder = coders.id) DESC, coders.name",
        [source_id])]
