"""Codebook operations: add, edit, rename, move, reorder, merge, split, delete, import.

Each operation is one transaction and one undoable history entry (see ``history.py``).
A code is named by its path (``Theme/Sub-theme``) or by a name that is unique.
"""

from __future__ import annotations

from collections.abc import Callable
import uuid
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from sqlite_utils import Database

from workbench import colours
from workbench.analysis.speakers import distinct_passages, span_table, speakers_per_code
from workbench.fields import (EDITABLE, MAX_CODE_DEPTH, check_comment, check_name, check_status,
                              clean_fields)
from workbench.coding.undo import recorded
from workbench.errors import WorkbenchError
from workbench.records import CodeSpec
from workbench.stamps import new_guid, now
from workbench.store import codes as store
from workbench.store import comments as comment_store
from workbench.store import codings as coding_store
from workbench.store import participants as participant_store
from workbench.store import sources as source_store


@dataclass
class PlanItem:
    """One line of an import preview."""

    action: str  # "add", "update" or "same"
    path: str
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)


class Codebook:
    """The codebook tree of one project."""

    def __init__(self, db: Database, actor: Callable[[], str]) -> None:
        self.db = db
        self.actor = actor

    # -- reading -------------------------------------------------------------------------

    def codes(self) -> list[dict]:
        """Every code in tree order, with ``number`` (1.2), ``level`` and ``path``."""
        return store.all_codes(self.db)

    def resolve(self, ref: str | int) -> dict:
        """A code by id, path or unique name; the error lists near matches."""
        codes = self.codes()
        if isinstance(ref, int):
            for code in codes:
                if code["id"] == ref:
                    return code
            raise WorkbenchError(f"no code with id {ref}")
        wanted = "/".join(part.strip() for part in ref.strip().strip("/").split("/"))
        folded = wanted.casefold()
        for found in ([c for c in codes if c["path"] == wanted],
                      [c for c in codes if c["path"].casefold() == folded],
                      [c for c in codes if c["name"] == ref.strip()],
                      [c for c in codes if c["name"].casefold() == ref.strip().casefold()]):
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                paths = "; ".join(c["path"] for c in found)
                raise WorkbenchError(f"'{ref}' names {len(found)} codes ({paths}); give the path")
        hint = ""
        if codes:
            best = process.extractOne(wanted, [c["path"] for c in codes])
            if best and best[1] >= 60:
                hint = f"; did you mean '{best[0]}'?"
        raise WorkbenchError(f"no code '{ref}' in the codebook{hint}")

    def shown_colours(self, codes: list[dict] | None = None) -> dict[int, str]:
        """Each code's colour on screen: its own, else one picked to differ from the others
        (``workbench.colours``; worked out on display, nothing is written)."""
        rows = codes if codes is not None else self.codes()
        return colours.assign((c["id"], c["parent"], c["colour"]) for c in rows)

    def tree(self, participants: bool = True) -> list[dict]:
        """The codebook as nested dicts with usage counts (own and with descendants).

        ``participants`` are those who speak in the turns a coding overlaps (the rule of
        ``analysis/speakers.py``), and ``passages`` the distinct coded spans of a code and
        the codes below it. ``participants=False`` skips both, which take a second at
        thousands of interviews; the coding screen only shows codings.
        """
        codes = self.codes()
        if participants:
            counts, spoken, passages = self._usage(codes)
        else:
            counts, spoken, passages = store.counts(self.db), {}, None
        role_order = [r[0] for r in self.db.execute("SELECT prefix FROM roles ORDER BY sort_order")]
        open_comments = comment_store.open_counts(self.db)
        shown = self.shown_colours(codes)
        nodes = {}
        roots = []
        for code in codes:
            node = {
                "id": code["id"], "number": code["number"], "name": code["name"],
                "path": code["path"],
                "guid": code["guid"], "level": code["level"],
                **{k: code[k] for k in EDITABLE}, "codable": bool(code["codable"]),
                "review_status": code.get("review_status") or "draft",
                "open_comments": open_comments.get(code["id"], 0),
                "shown_colour": shown[code["id"]],
                "codings": counts.get(code["id"], 0),
                "_participants": spoken.get(code["id"], {}),
                "passages": None if passages is None else passages.get(code["id"], 0),
                "children": [],
            }
            nodes[code["id"]] = node
            (nodes[code["parent"]]["children"] if code["parent"] else roots).append(node)

        def total(node: dict) -> tuple[int, dict]:
            count, people = node["codings"], dict(node["_participants"])
            for child in node["children"]:
                c, p = total(child)
                count += c
                people.update(p)
            node["codings_total"] = count
            node["participants"] = len(people)
            node["participants_by_role"] = _by_role(people, role_order)
            del node["_participants"]
            return count, people

        for root in roots:
            total(root)
        return roots

    def _usage(self, codes: list[dict]
               ) -> tuple[dict[int, int], dict[int, dict[str, str]], dict[int, int]]:
        """Per code: its own codings; the participants (with their roles) they count for;
        and its distinct passages with those of the codes below it."""
        codings = span_table(coding_store.code_spans(self.db), 4)
        counted = np.bincount(codings[:, 1]) if len(codings) else np.zeros(0, dtype=np.int64)
        counts = {code: n for code, n in enumerate(counted.tolist()) if n}
        roles = participant_store.role_of(self.db)
        spoken = {code: {p: roles[p] for p in people} for code, people in
                  speakers_per_code(source_store.speaking_turns(self.db), codings).items()}
        chains: dict[int, tuple[int, ...]] = {}
        for code in codes:  # parents come before their children
            chains[code["id"]] = chains.get(code["parent"], ()) + (code["id"],)
        return counts, spoken, distinct_passages(codings, chains)

    # -- operations ----------------------------------------------------------------------

    def add(self, name: str, parent: str | int | None = None, **fields: object) -> dict:
        name = check_name(name)
        values = clean_fields(fields)
        parent_row = self.resolve(parent) if parent is not None else None
        parent_id = parent_row["id"] if parent_row else None
        with recorded(self.db, self.actor(), "code.add",
                      f"added code '{_join(parent_row, name)}'"):
            code_id = self._insert(name, parent_id, values)
        return self.resolve(code_id)

    def edit(self, ref: str | int, **fields: object) -> dict:
        code = self.resolve(ref)
        values = clean_fields(fields)
        changed = {k: v for k, v in values.items() if code[k] != v}
        if not changed:
            return code
        with recorded(self.db, self.actor(), "code.edit",
                      f"edited {', '.join(changed)} of '{code['path']}'"):
            self._update(code["id"], changed)
        return self.resolve(code["id"])

    def rename(self, ref: str | int, new_name: str) -> dict:
        code = self.resolve(ref)
        new_name = check_name(new_name)
        if new_name == code["name"]:
            return code
        self._check_sibling_name(new_name, code["parent"], code["id"])
        with recorded(self.db, self.actor(), "code.rename",
                      f"renamed '{code['path']}' to '{new_name}'"):
            self._update(code["id"], {"name": new_name})
        return self.resolve(code["id"])

    def move(self, ref: str | int, new_parent: str | int | None,
             position: int | None = None) -> dict:
        """Put a code (with its subtree) under another parent, or at the top with None."""
        code = self.resolve(ref)
        parent = self.resolve(new_parent) if new_parent is not None else None
        parent_id = parent["id"] if parent else None
        if parent and parent["id"] in store.descendants(self.db, code["id"]):
            raise WorkbenchError(
                f"cannot move '{code['path']}' under '{parent['path']}': "
                "a code cannot go inside itself or its own sub-codes")
        if parent_id != code["parent"]:
            self._check_sibling_name(code["name"], parent_id, code["id"])
        target = parent["path"] if parent else "the top level"
        with recorded(self.db, self.actor(), "code.move", f"moved '{code['path']}' to {target}"):
            self._update(code["id"], {"parent": parent_id,
                                      "sort_order": store.next_order(self.db, parent_id)})
            if position is not None:
                self._place(code["id"], parent_id, position)
        return self.resolve(code["id"])

    def reorder(self, ref: str | int, position: int) -> dict:
        """Make a code the ``position``-th (1-based) among its siblings."""
        code = self.resolve(ref)
        with recorded(self.db, self.actor(), "code.reorder",
                      f"moved '{code['path']}' to position {position}"):
            self._place(code["id"], code["parent"], position)
        return self.resolve(code["id"])

    def merge(self, source: str | int, target: str | int) -> dict:
        """Merge ``source`` into ``target``: codings, memos and sub-codes move, then it goes."""
        a, b = self.resolve(source), self.resolve(target)
        if a["id"] == b["id"]:
            raise WorkbenchError("a code cannot be merged into itself")
        if b["id"] in store.descendants(self.db, a["id"]):
            raise WorkbenchError(f"cannot merge '{a['path']}' into its own sub-code '{b['path']}'")
        clashes = {c["name"] for c in store.children(self.db, a["id"])} & \
            {c["name"] for c in store.children(self.db, b["id"])}
        if clashes:
            raise WorkbenchError(
                f"both codes have sub-codes named {', '.join(sorted(clashes))}; "
                "merge or rename those first")
        with recorded(self.db, self.actor(), "code.merge",
                      f"merged '{a['path']}' into '{b['path']}'",
                      {"merged": a["guid"], "into": b["guid"]}):
            moved = self._move_codings([a["id"]], b["id"])
            for child in store.children(self.db, a["id"]):
                self._update(child["id"], {"parent": b["id"],
                                           "sort_order": store.next_order(self.db, b["id"])})
            self.db.execute("UPDATE memos SET target = ? WHERE target_kind = 'code' AND target = ?",
                            [str(b["id"]), str(a["id"])])
            comment_store.move_to(self.db, [a["id"]], b["id"])
            self.db.execute("DELETE FROM codes WHERE id = ?", [a["id"]])
        result = self.resolve(b["id"])
        result["moved_codings"] = moved
        return result

    def split(self, ref: str | int, names: list[str]) -> list[dict]:
        """Add sub-codes to split a code; its codings stay on it until reassigned."""
        code = self.resolve(ref)
        cleaned = [check_name(n) for n in names]
        if len({n.casefold() for n in cleaned}) != len(cleaned):
            raise WorkbenchError("the new sub-codes need different names")
        for name in cleaned:
            self._check_sibling_name(name, code["id"], None)
        details: dict = {"split": code["guid"], "into": []}
        with recorded(self.db, self.actor(), "code.split",
                      f"split '{code['path']}' into {', '.join(cleaned)}", details):
            ids = [self._insert(name, code["id"], {"colour": code["colour"],
                                                   "origin": code["origin"]})
                   for name in cleaned]
            details["into"] = [store.code_row(self.db, i)["guid"] for i in ids]
        return [self.resolve(i) for i in ids]

    def coded_count(self, ref: str | int) -> int:
        """The codings of a code and of every code below it."""
        subtree = store.descendants(self.db, self.resolve(ref)["id"])
        marks = ", ".join("?" for _ in subtree)
        return self.db.execute(f"SELECT count(*) FROM codings WHERE code IN ({marks})",
                               subtree).fetchone()[0]

    def delete(self, ref: str | int, recode_to: str | int | None = None,
               force: bool = False) -> int:
        """Delete a code and its sub-codes; returns how many codings were moved or deleted.

        Refused while any of them carries codings, unless ``recode_to`` names a code to move
        the codings to, or ``force`` (the caller has confirmed) deletes the codings too.
        """
        code = self.resolve(ref)
        subtree = store.descendants(self.db, code["id"])
        marks = ", ".join("?" for _ in subtree)
        coded = self.coded_count(code["id"])
        target = self.resolve(recode_to) if recode_to is not None else None
        if target and target["id"] in subtree:
            raise WorkbenchError(f"cannot recode to '{target['path']}': it is being deleted")
        if coded and target is None and not force:
            raise WorkbenchError(
                f"'{code['path']}' has {coded} codings; use --recode-to CODE to move them, "
                "or --force to delete them with the code")
        summary = f"deleted '{code['path']}'" + (
            f" (codings moved to '{target['path']}')" if target and coded else
            f" with {coded} codings" if coded else "")
        with recorded(self.db, self.actor(), "code.delete", summary):
            if target:
                self._move_codings(subtree, target["id"])
            else:
                self.db.execute(
                    f"""DELETE FROM memos WHERE target_kind = 'coding' AND target IN
                        (SELECT CAST(id AS TEXT) FROM codings WHERE code IN ({marks}))""", subtree)
                self.db.execute(f"DELETE FROM codings WHERE code IN ({marks})", subtree)
            self.db.execute(
                f"DELETE FROM memos WHERE target_kind = 'code' AND target IN ({marks})",
                [str(i) for i in subtree])
            if target:
                comment_store.move_to(self.db, subtree, target["id"])
            else:
                comment_store.delete_of(self.db, subtree)
            for code_id in reversed(subtree):  # children before parents
                self.db.execute("DELETE FROM codes WHERE id = ?", [code_id])
        return coded

    # -- importing a codebook ------------------------------------------------------------

    def plan_import(self, specs: list[CodeSpec]) -> list[PlanItem]:
        """What importing ``specs`` would change, matched by path (or GUID), without writing."""
        existing = {c["path"]: c for c in self.codes()}
        check_specs(specs, list(existing.values()))
        by_guid = {c["guid"].lower(): c for c in existing.values()}
        plan: list[PlanItem] = []

        def walk(spec: CodeSpec, parent_path: str) -> None:
            path = f"{parent_path}/{spec.name}" if parent_path else spec.name
            current = existing.get(path) or (by_guid.get(spec.guid.lower()) if spec.guid else None)
            if current is None:
                plan.append(PlanItem("add", path))
            else:
                wanted = clean_fields(_spec_fields(spec))
                diff = {k: (current[k], v) for k, v in wanted.items()
                        if v is not None and current[k] != v}
                status = check_status(spec.review_status) if spec.review_status else None
                if status and current.get("review_status") != status:
                    diff["review_status"] = (current.get("review_status"), status)
                new = self._new_comments(current["id"], spec.comments)
                if new:
                    diff["comments"] = (f"{len(comment_store.comments(self.db, current['id']))}",
                                        f"{len(new)} more")
                plan.append(PlanItem("update" if diff else "same", path, diff))
            for child in spec.children:
                walk(child, path)

        for spec in specs:
            walk(spec, "")
        return plan

    def import_specs(self, specs: list[CodeSpec], source_name: str) -> list[PlanItem]:
        """Add new codes and update changed fields; codes not in ``specs`` are kept."""
        plan = self.plan_import(specs)
        codes = self.codes()
        added = sum(1 for p in plan if p.action == "add")
        updated = sum(1 for p in plan if p.action == "update")
        with recorded(self.db, self.actor(), "codebook.import",
                      f"imported {source_name}: {added} codes added, {updated} updated"):
            existing = {c["path"]: c["id"] for c in codes}
            guids = {c["guid"].lower(): c["id"] for c in codes}
            # Sibling names and orders held here: asking the database for each new code's
            # siblings made 3,000 codes take quadratic time.
            names: dict[int | None, dict[str, str]] = {}
            orders: dict[int | None, int] = {}
            for code in codes:
                names.setdefault(code["parent"], {})[code["name"].casefold()] = code["name"]
                orders[code["parent"]] = max(orders.get(code["parent"], 0), code["sort_order"])

            def walk(spec: CodeSpec, parent_id: int | None, parent_path: str) -> None:
                path = f"{parent_path}/{spec.name}" if parent_path else spec.name
                values = clean_fields(_spec_fields(spec))
                code_id = existing.get(path) or (guids.get(spec.guid.lower()) if spec.guid else None)
                if code_id is None:
                    name = check_name(spec.name)
                    siblings = names.setdefault(parent_id, {})
                    if name.casefold() in siblings:
                        where = f"under '{parent_path}'" if parent_path else "at the top level"
                        raise WorkbenchError(f"there is already a code named "
                                             f"'{siblings[name.casefold()]}' {where}")
                    siblings[name.casefold()] = name
                    orders[parent_id] = orders.get(parent_id, 0) + 1
                    code_id = self._insert(name, parent_id, values, spec.guid,
                                           order=orders[parent_id])
                else:
                    current = store.code_row(self.db, code_id)
                    changed = {k: v for k, v in values.items()
                               if v is not None and current[k] != v}
                    if changed:
                        self._update(code_id, changed)
                if spec.review_status:
                    comment_store.set_status(self.db, code_id, check_status(spec.review_status))
                for comment in self._new_comments(code_id, spec.comments):
                    comment_store.insert(self.db, comment)
                for child in spec.children:
                    walk(child, code_id, path)

            for spec in specs:
                walk(spec, None, "")
        return plan

    # -- internals -----------------------------------------------------------------------

    def _new_comments(self, code_id: int, comments: list[dict]) -> list[dict]:
        """The comments of a codebook file that the code does not have yet (by GUID, else by
        author, time and text), as rows to insert."""
        have = comment_store.comments(self.db, code_id)
        known = {(c["author"], c["created_at"], c["text"]) for c in have}
        guids = comment_store.guids(self.db)
        rows = []
        for comment in comments:
            text = check_comment(comment.get("text"))
            stamp = comment.get("created_at") or now()
            if (comment.get("guid") or "").lower() in guids or \
                    (comment["author"], stamp, text) in known:
                continue
            guid = (comment.get("guid") or "").lower() or new_guid()
            guids.add(guid)
            rows.append({"guid": guid, "code": code_id, "author": comment["author"],
                         "created_at": stamp, "text": text,
                         "resolved": int(bool(comment.get("resolved"))),
                         "resolved_by": comment.get("resolved_by"),
                         "resolved_at": comment.get("resolved_at")})
        return rows

    def _insert(self, name: str, parent_id: int | None, values: dict,
                guid: str | None = None, order: int | None = None) -> int:
        """A new code; ``order`` given means the caller has checked the sibling names."""
        if order is None:
            self._check_sibling_name(name, parent_id, None)
            order = store.next_order(self.db, parent_id)
        row = {"guid": guid or new_guid(), "parent": parent_id, "name": name,
               "sort_order": order, "created_at": now(),
               "codable": 1, **values}
        columns = ", ".join(f'"{k}"' for k in row)
        cursor = self.db.execute(
            f"INSERT INTO codes ({columns}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()))
        return cursor.lastrowid

    def _update(self, code_id: int, values: dict) -> None:
        sets = ", ".join(f'"{k}" = ?' for k in values)
        self.db.execute(f"UPDATE codes SET {sets} WHERE id = ?", [*values.values(), code_id])

    def _check_sibling_name(self, name: str, parent_id: int | None, own_id: int | None) -> None:
        for sibling in store.children(self.db, parent_id):
            if sibling["id"] != own_id and sibling["name"].casefold() == name.casefold():
                where = "at the top level" if parent_id is None else \
                    f"under '{self.resolve(parent_id)['path']}'"
                raise WorkbenchError(f"there is already a code named '{sibling['name']}' {where}")

    def _place(self, code_id: int, parent_id: int | None, position: int) -> None:
        siblings = [c["id"] for c in store.children(self.db, parent_id) if c["id"] != code_id]
        position = max(1, min(position, len(siblings) + 1))
        siblings.insert(position - 1, code_id)
        for order, sibling in enumerate(siblings, start=1):
            self.db.execute("UPDATE codes SET sort_order = ? WHERE id = ? AND sort_order != ?",
                            [order, sibling, order])

    def _move_codings(self, from_codes: list[int], to_code: int) -> int:
        """Re-point codings; a coding the target already has (same span, same coder) collapses
        into it, keeping the exemplar flag and both memos."""
        marks = ", ".join("?" for _ in from_codes)
        rows = list(self.db.query(f"SELECT * FROM codings WHERE code IN ({marks})", from_codes))
        for row in rows:
            twin = list(self.db.query(
                'SELECT * FROM codings WHERE code = ? AND source = ? AND start = ? AND "end" = ? '
                "AND coder = ?", [to_code, row["source"], row["start"], row["end"], row["coder"]]))
            if twin:
                keep = twin[0]
                memo = "\n\n".join(m for m in (keep["memo"], row["memo"]) if m) or None
                self.db.execute("UPDATE codings SET memo = ?, exemplar = ? WHERE id = ?",
                                [memo, int(keep["exemplar"] or row["exemplar"]), keep["id"]])
                self.db.execute("UPDATE memos SET target = ? WHERE target_kind = 'coding' "
                                "AND target = ?", [str(keep["id"]), str(row["id"])])
                self.db.execute("DELETE FROM codings WHERE id = ?", [row["id"]])
            else:
                self.db.execute("UPDATE codings SET code = ? WHERE id = ?", [to_code, row["id"]])
        return len(rows)


def _spec_fields(spec: CodeSpec) -> dict[str, object]:
    return {"short_definition": spec.short_definition, "definition": spec.definition,
            "inclusion": spec.inclusion, "exclusion": spec.exclusion, "example": spec.example,
            "colour": spec.colour, "codable": spec.codable, "origin": spec.origin}


def check_specs(specs: list[CodeSpec], codes: list[dict]) -> None:
    """Check a codebook to import before anything is planned or written, each problem
    naming the code: names and fields, names given twice among siblings, depth, GUIDs that
    are not UUIDs or are given twice, and a GUID the project has on a code at another path
    (importing it would silently merge the two)."""
    by_path = {c["path"] for c in codes}
    by_guid = {_canonical(c["guid"]): c["path"] for c in codes}
    guids: dict[str, str] = {}
    pending: list[tuple[list[CodeSpec], str, int]] = [(specs, "", 1)]
    while pending:  # no recursion: a file's nesting is checked here, not by a RecursionError
        group, parent_path, depth = pending.pop()
        where = f"under '{parent_path}'" if parent_path else "at the top level"
        seen: set[str] = set()
        for spec in group:
            try:
                name = check_name(spec.name)
            except WorkbenchError as exc:
                raise WorkbenchError(f"a code {where}: {exc.problem}") from None
            path = f"{parent_path}/{spec.name}" if parent_path else spec.name
            if name.casefold() in seen:
                raise WorkbenchError(f"the codebook names '{name}' twice {where}")
            seen.add(name.casefold())
            try:
                clean_fields(_spec_fields(spec))
            except WorkbenchError as exc:
                raise WorkbenchError(f"'{path}': {exc.problem}") from None
            if spec.guid:
                guid = _uuid(spec.guid, path)
                if guid in guids:
                    raise WorkbenchError(f"'{path}' and '{guids[guid]}' have the same GUID "
                                         f"{spec.guid}; a GUID names one code")
                guids[guid] = path
                other = by_guid.get(guid)
                if other is not None and other != path and path not in by_path:
                    raise WorkbenchError(
                        f"'{path}' has the GUID of the code '{other}' in the project; "
                        "importing it would merge the two: rename one so that the paths "
                        "agree, or remove the GUID from the file")
            if spec.children:
                if depth >= MAX_CODE_DEPTH:
                    raise WorkbenchError(f"'{path}' has sub-codes deeper than "
                                         f"{MAX_CODE_DEPTH} levels")
                pending.append((spec.children, path, depth + 1))


def _canonical(guid: str) -> str:
    try:
        return str(uuid.UUID(guid.strip()))
    except ValueError:
        return guid.strip().lower()


def _uuid(guid: str, path: str) -> str:
    try:
        return str(uuid.UUID(guid.strip()))
    except ValueError:
        raise WorkbenchError(f"'{path}': the GUID '{guid}' is not a UUID "
                             "(e.g. 3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e)") from None


def _join(parent: dict | None, name: str) -> str:
    return f"{parent['path']}/{name}" if parent else name


def _by_role(people: dict[str, str], role_order: list[str]) -> dict[str, int]:
    """Participants counted per role, in the project's role order."""
    roles = list(people.values())
    return {role: roles.count(role) for role in role_order if role in roles}
