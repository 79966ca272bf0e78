"""`codebook diff`: the codebook now against the codebook as it was on a date (rebuilt from
the history, in memory), another project file, or a YAML / .qdc codebook file."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from sqlite_utils import Database

from workbench.analysis.codebook_diff import CodebookDiff, Side, diff_codebooks
from workbench.errors import WorkbenchError
from workbench.fields import TEXT_FIELDS
from workbench.records import CodeSpec
from workbench.store import codings as coding_store
from workbench.store import history as history_store
from workbench.store.codes import code_rows
from workbench.store.database import open_read_only

CODEBOOK_ACTIONS = ("code", "codebook")


def check_date(value: str) -> str:
    """``2024-05-01`` (or a full ISO time) as given, checked."""
    text = value.strip()
    try:
        dt.date.fromisoformat(text[:10])
    except ValueError:
        raise WorkbenchError(f"'{value}' is not a date: write it as YYYY-MM-DD") from None
    return text


def diff_since(db: Database, since: str) -> CodebookDiff:
    """The codebook as of ``since`` (every applied change from then on taken back, in memory)
    against the codebook now."""
    since = check_date(since)
    codes = code_rows(db)
    codings = {cid: code for cid, (_, code) in coding_store.code_of_each(db).items()}
    now_codes, now_codings = {k: dict(v) for k, v in codes.items()}, dict(codings)
    events = []
    for entry in history_store.applied_since(db, since):
        if entry["details"]:
            events.append(entry["details"])
        for group in reversed(entry["groups"]):
            for change in reversed(group):
                _take_back(change, codes, codings)
    before = _sides(list(codes.values()), _usage(codes, codings))
    after = _sides(list(now_codes.values()), _usage(now_codes, now_codings))
    flows: dict[str, Counter] = {}
    for coding, code in codings.items():
        if coding in now_codings:
            flows.setdefault(str(code), Counter())[str(now_codings[coding])] += 1
    return diff_codebooks(before, after, f"the codebook on {since}", "the codebook now",
                          flows, events)


def diff_project_file(db: Database, other: Path) -> CodebookDiff:
    """Another project's codebook (an older copy, a colleague's) against this one's;
    codings are followed by their GUIDs."""
    other_db = open_read_only(other)
    try:
        theirs = code_rows(other_db)
        their_codings = coding_store.code_of_each(other_db)
    finally:
        other_db.close()
    ours = code_rows(db)
    our_codings = coding_store.code_of_each(db)
    where = {guid: code for guid, code in our_codings.values()}
    flows: dict[str, Counter] = {}
    for guid, code in their_codings.values():
        if guid in where:
            flows.setdefault(str(code), Counter())[str(where[guid])] += 1
    before = _sides(list(theirs.values()),
                    _usage(theirs, {k: c for k, (_, c) in their_codings.items()}))
    after = _sides(list(ours.values()), _usage(ours, {k: c for k, (_, c) in our_codings.items()}))
    return diff_codebooks(before, after, other.name, "this project", flows)


def diff_specs(db: Database, specs: list[CodeSpec], label: str) -> CodebookDiff:
    """A codebook file's codes (no codings) against the project's."""
    before: list[Side] = []

    def walk(spec: CodeSpec, parent: Side | None) -> None:
        path = f"{parent.path}/{spec.name}" if parent else spec.name
        side = Side(path, spec.guid, path, spec.name, parent.key if parent else None,
                    {k: getattr(spec, k) for k in TEXT_FIELDS},
                    spec.review_status or "draft", None)  # a file leaves the draft status out
        before.append(side)
        for child in spec.children:
            walk(child, side)

    for spec in specs:
        walk(spec, None)
    ours = code_rows(db)
    after = _sides(list(ours.values()), None)
    return diff_codebooks(before, after, label, "this project")


def _take_back(change: dict, codes: dict[int, dict], codings: dict[int, int]) -> None:
    """One captured row change undone on the in-memory codes and codings."""
    table, op = change["table"], change["op"]
    if table not in ("codes", "codings"):
        return
    if op == "insert":
        (codes if table == "codes" else codings).pop(change["new"]["id"], None)
    elif table == "codes":
        image = change["old"]
        codes[image["id"]] = {**codes.get(image["id"], {}), **image}
    else:
        codings[change["old"]["id"]] = change["old"]["code"]


def _usage(codes: dict[int, dict], codings: dict[int, int]) -> dict[int, int]:
    """Codings on each code and the codes below it."""
    own = Counter(codings.values())
    total = Counter()
    for code_id in codes:
        seen, current = set(), code_id
        while current is not None and current in codes and current not in seen:
            seen.add(current)
            total[current] += own.get(code_id, 0)
            current = codes[current]["parent"]
    return total


def _sides(rows: list[dict], usage: dict[int, int] | None) -> list[Side]:
    by_id = {row["id"]: row for row in rows}

    def path(row: dict, depth: int = 0) -> str:
        parent = by_id.get(row["parent"])
        if parent is None or depth > 50:
            return row["name"]
        return f"{path(parent, depth + 1)}/{row['name']}"

    sides = []  # in tree order, so that the changes read in it
    for row in sorted(rows, key=lambda r: _tree_key(r, by_id)):
        sides.append(Side(str(row["id"]), row.get("guid"), path(row), row["name"],
                          str(row["parent"]) if row["parent"] in by_id else None,
                          {k: row.get(k) for k in TEXT_FIELDS}, row.get("review_status"),
                          usage.get(row["id"], 0) if usage is not None else None))
    return sides


def _tree_key(row: dict, by_id: dict[int, dict]) -> tuple:
    chain, current, seen = [], row, set()
    while current is not None and current["id"] not in seen:
        seen.add(current["id"])
        chain.append((current.get("sort_order") or 0, current["id"]))
        current = by_id.get(current["parent"])
    return tuple(reversed(chain))

