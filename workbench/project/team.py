"""`workbench team`: a blind copy of the project for one coder, and the merge of such copies
back into the project.

A copy is a consistent file copy with every other coder's codings, the memos on them and the
whole history removed (so that undo in the copy cannot bring them back); it remembers the
study it came from, its coder, and the codebook and codings as they were when it was made
(the base). A merge compares each copy with its base and with the project: what only the
copy changed is applied, what both changed differently is a conflict, named, and nothing is
merged until there is none. Codings are matched by source (the SHA-256 of its text) and code
(GUID), so merging a copy twice changes nothing. Memos come with them: a memo written in a
copy (GUID new here) on something this project still has, and a coding's memo written in a
copy where this project's coding has none; a memo whose text differs on both sides keeps
this project's and is listed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from workbench.coding import undo as undo_steps
from workbench.errors import WorkbenchError
from workbench.stamps import now
from workbench.store import coders as coder_store
from workbench.store import memos as memo_store
from workbench.store import settings
from workbench.store import team as team_store
from workbench.store.codes import CODE_FIELDS
from workbench.store.database import write_transaction

COPY_OF = "team_copy_of"
COPY_CODER = "team_coder"
COPY_BASE = "team_base"
FIELD_WORDS = {"name": "name", "parent": "place in the tree", "short_definition":
               "short definition", "definition": "definition", "inclusion": "inclusion",
               "exclusion": "exclusion", "example": "example", "colour": "colour",
               "codable": "codable", "origin": "origin"}


def study_identity(db: Database) -> str:
    """What a copy says it came from: the project's creation time and name."""
    return f"{settings.get(db, 'created_at') or ''}|{settings.get(db, 'name') or ''}"


def copy_base(db: Database, target: Path, coder: str, new: bool) -> dict:
    """Check a copy can be made for ``coder`` into ``target``; what the copy will remember."""
    coder = coder.strip()
    if coder_store.find(db, coder) is None and not new:
        known = ", ".join(c["name"] for c in coder_store.all_coders(db)) or "none"
        raise WorkbenchError(f"no coder '{coder}' in this project (coders: {known}); "
                             "--new makes a copy for a coder who has not coded yet")
    if target.exists():
        raise WorkbenchError("exists already; choose another name for the copy", target)
    codes = {guid: {f: row[f] for f in (*CODE_FIELDS, "parent")}
             for guid, row in team_store.codes_by_guid(db).items()}
    return {"identity": study_identity(db), "codes": codes, "coder": coder}


def prepare_copy(copy: Database, base: dict) -> int:
    """Prune a fresh file copy to the coder's own codings; the number of others' left out."""
    coder = base["coder"]
    with write_transaction(copy):
        copy_coder = coder_store.find(copy, coder)
        if copy_coder is None:
            copy_coder = coder_store.add(copy, coder)
        left_out = team_store.prune_to_coder(copy, copy_coder)
        own = sorted(team_store.coding_guids(copy))
        settings.put(copy, COPY_OF, base["identity"])
        settings.put(copy, COPY_CODER, coder)
        settings.put(copy, COPY_BASE, json.dumps({"codes": base["codes"], "codings": own}))
        settings.put(copy, "coder", coder)
    team_store.vacuum(copy)  # what was removed is not left in free pages
    return left_out


@dataclass
class MergePlan:
    items: list[str] = field(default_factory=list)  # what will change, in words
    conflicts: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # what a copy holds that is not merged
    new_codes: list[tuple[str, dict]] = field(default_factory=list)  # (guid, fields)
    code_changes: dict[str, dict] = field(default_factory=dict)  # guid → {field: value}
    add_codings: list[dict] = field(default_factory=list)
    remove_codings: list[str] = field(default_factory=list)
    add_memos: list[dict] = field(default_factory=list)  # rows, "ref": the target's key here
    coding_memos: dict[str, str] = field(default_factory=dict)  # coding guid → memo
    copies: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.new_codes or self.code_changes or self.add_codings
                    or self.remove_codings or self.add_memos or self.coding_memos)


def plan_merge(db: Database, copies: list[tuple[Path, Database]]) -> MergePlan:
    """What merging the copies would change; conflicts are listed, not resolved."""
    plan = MergePlan()
    identity = study_identity(db)
    ours_sources = team_store.source_hashes(db)
    ours_codes = team_store.codes_by_guid(db)
    # ``current``: the codebook as it will be after the copies planned so far
    current = {g: {f: row[f] for f in (*CODE_FIELDS, "parent")} for g, row in ours_codes.items()}
    name_of = {g: row["name"] for g, row in current.items()}
    ours_codings = team_store.codings_with_keys(db)
    known_codings = {c["guid"] for c in ours_codings}
    existing_keys = {(c["source"], c["code_guid"], c["start"], c["end"], c["coder"])
                     for c in ours_codings}
    memos = _Memos(db, ours_codings)
    for path, copy in copies:
        label = path.name
        plan.copies.append(label)
        if settings.get(copy, COPY_OF) is None:
            raise WorkbenchError("is not a blind copy (`workbench team copy CODER -o FILE` "
                                 "makes one)", path)
        if settings.get(copy, COPY_OF) != identity:
            raise WorkbenchError(f"is a copy of another study ('{settings.get(copy, 'name')}'),"
                                 " not of this project", path)
        theirs = team_store.source_hashes(copy)
        foreign = sorted(name for digest, (_, name) in theirs.items() if digest not in ours_sources)
        if foreign:
            raise WorkbenchError("has sources that differ from this project's (text not "
                                 f"found here): {', '.join(foreign)}; nothing was merged", path)
        base = json.loads(settings.get(copy, COPY_BASE) or "{}")
        base_codes = base.get("codes", {})
        copy_codes = team_store.codes_by_guid(copy)
        for guid, row in copy_codes.items():
            name_of.setdefault(guid, row["name"])
        for guid, row in _parents_first(copy_codes):
            fields = {f: row[f] for f in (*CODE_FIELDS, "parent")}
            if guid not in base_codes and guid not in current:
                clash = [g for g, other in current.items() if other["parent"] == fields["parent"]
                         and other["name"].casefold() == fields["name"].casefold()]
                if clash:
                    plan.conflicts.append(f"'{row['name']}' is new in {label}, but a code of "
                                          "that name is there already at the same place")
                    current[guid] = dict(fields)
                    continue
                plan.new_codes.append((guid, fields))
                current[guid] = dict(fields)
                parent = name_of.get(fields["parent"]) if fields["parent"] else None
                plan.items.append(f"new code '{row['name']}'"
                                  + (f" under '{parent}'" if parent else "") + f" (from {label})")
                continue
            if guid not in base_codes:
                continue  # made in this copy and merged before
            if guid not in current:
                if fields != base_codes[guid]:
                    plan.conflicts.append(f"'{row['name']}' was changed in {label} but is "
                                          "deleted in this project")
                continue
            for name in (*CODE_FIELDS, "parent"):
                was, theirs_now, ours_now = base_codes[guid][name], fields[name], current[guid][name]
                if theirs_now == was or theirs_now == ours_now:
                    continue
                if ours_now != was:
                    plan.conflicts.append(
                        f"'{name_of[guid]}': the {FIELD_WORDS[name]} was changed both here "
                        f"({_shown(ours_now, name_of)}) and in {label} "
                        f"({_shown(theirs_now, name_of)})")
                    continue
                plan.code_changes.setdefault(guid, {})[name] = theirs_now
                current[guid][name] = theirs_now
                plan.items.append(f"'{name_of[guid]}': {FIELD_WORDS[name]} "
                                  f"{_shown(was, name_of)} → {_shown(theirs_now, name_of)} "
                                  f"(from {label})")
        deleted = [row["name"] for guid, row in base_codes.items()
                   if guid not in copy_codes and guid in current]
        if deleted:
            plan.left_out.append(f"{len(deleted)} code(s) deleted in {label} are kept here "
                                 f"(delete them with `workbench codebook delete` if the team "
                                 f"agrees): {', '.join(sorted(deleted))}")
        source_map = {sid: ours_sources[digest][0] for digest, (sid, _) in theirs.items()}
        copy_codings = team_store.codings_with_keys(copy)
        added = 0
        for coding in copy_codings:
            key = (source_map[coding["source"]], coding["code_guid"], coding["start"],
                   coding["end"], coding["coder"])
            if coding["guid"] in known_codings or key in existing_keys:
                continue
            if coding["code_guid"] not in current:
                plan.conflicts.append(f"a coding in {label} uses '{name_of[coding['code_guid']]}',"
                                      " which is deleted in this project")
                continue
            existing_keys.add(key)
            known_codings.add(coding["guid"])
            plan.add_codings.append({**coding, "source": key[0]})
            added += 1
        if added:
            plan.items.append(f"{added} coding(s) by {settings.get(copy, COPY_CODER)} "
                              f"(from {label})")
        memos.plan(plan, label, copy, copy_codes, copy_codings, source_map, current)
        still = {c["guid"] for c in copy_codings}
        removed = [g for g in base.get("codings", []) if g not in still and g in known_codings]
        if removed:
            plan.remove_codings.extend(removed)
            known_codings.difference_update(removed)
            plan.items.append(f"{len(removed)} coding(s) removed in {label} removed here too")
    return plan


class _Memos:
    """What a merge does with the memos of each copy, against this project's memos and those
    the copies planned before bring."""

    def __init__(self, db: Database, ours_codings: list[dict]) -> None:
        self.texts = {m["guid"]: m["text"] for m in team_store.memos_with_authors(db)}
        self.on_codings = {c["guid"]: c["memo"] for c in ours_codings}
        self.people = team_store.participant_ids(db)

    def plan(self, plan: MergePlan, label: str, copy: Database, copy_codes: dict[str, dict],
             copy_codings: list[dict], source_map: dict[int, int], codes: dict[str, dict]
             ) -> None:
        differing = added = nowhere = 0
        for coding in copy_codings:
            theirs, ours = coding["memo"], self.on_codings.get(coding["guid"])
            if not theirs or coding["guid"] not in self.on_codings or theirs == ours:
                continue  # none, a coding new here (its memo comes with it), or the same
            if ours:
                differing += 1
                continue
            plan.coding_memos[coding["guid"]] = theirs
            self.on_codings[coding["guid"]] = theirs
            added += 1
        codings = set(self.on_codings) | {c["guid"] for c in plan.add_codings}
        code_guid = {row["id"]: guid for guid, row in copy_codes.items()}
        coding_guid = {c["id"]: c["guid"] for c in copy_codings}
        for memo in team_store.memos_with_authors(copy):
            if memo["guid"] in self.texts:
                differing += memo["text"] != self.texts[memo["guid"]]
                continue
            kind, target = memo["target_kind"], memo["target"]
            ref = (None if kind == "project"
                   else source_map.get(int(target)) if kind == "source"
                   else code_guid.get(int(target)) if kind == "code"
                   else coding_guid.get(int(target)) if kind == "coding"
                   else target)
            if kind != "project" and (ref is None or kind == "code" and ref not in codes
                                      or kind == "coding" and ref not in codings
                                      or kind == "participant" and ref not in self.people):
                nowhere += 1
                continue
            plan.add_memos.append({**memo, "ref": ref})
            self.texts[memo["guid"]] = memo["text"]
            added += 1
        if added:
            plan.items.append(f"{added} memo(s) (from {label})")
        if differing:
            plan.left_out.append(f"{differing} memo(s) whose text differs in {label} keep this "
                                 "project's text (copy the other across by hand)")
        if nowhere:
            plan.left_out.append(f"{nowhere} memo(s) in {label} are on something this project "
                                 "no longer has")


def _parents_first(codes: dict[str, dict]) -> list[tuple[str, dict]]:
    ordered, placed = [], set()
    pending = sorted(codes.items(), key=lambda item: (item[1]["sort_order"], item[1]["id"]))
    while pending:
        rest = []
        for guid, row in pending:
            if row["parent"] is None or row["parent"] in placed or row["parent"] not in codes:
                ordered.append((guid, row))
                placed.add(guid)
            else:
                rest.append((guid, row))
        if len(rest) == len(pending):
            ordered.extend(rest)
            break
        pending = rest
    return ordered


def _shown(value, names: dict[str, str]) -> str:
    if isinstance(value, str) and value in names:
        return f"under '{names[value]}'"
    if value is None:
        return "none"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def apply_merge(db: Database, plan: MergePlan, actor: str, coder_id) -> None:
    """The plan as one history step. ``coder_id(name)`` gives (or makes) a coder's id."""
    summary = (f"merged {', '.join(plan.copies)}: {len(plan.add_codings)} coding(s) added, "
               f"{len(plan.new_codes)} new code(s), {len(plan.code_changes)} code(s) changed, "
               f"{len(plan.add_memos) + len(plan.coding_memos)} memo(s)")
    with undo_steps.recorded(db, actor, "team.merge", summary):
        ids = {g: row["id"] for g, row in team_store.codes_by_guid(db).items()}
        stamp = now()
        for guid, fields in plan.new_codes:
            ids[guid] = team_store.insert_code(db, guid, fields, ids.get(fields["parent"]), stamp)
        for guid, values in plan.code_changes.items():
            if "parent" in values:
                values = {**values, "parent": ids.get(values["parent"])}
            team_store.update_code(db, ids[guid], values)
        for coding in plan.add_codings:
            team_store.insert_coding(db, coding["guid"], coding["source"],
                                     ids[coding["code_guid"]], coding["start"], coding["end"],
                                     coder_id(coding["coder"]), coding["memo"],
                                     coding["exemplar"], coding["created_at"])
        if plan.remove_codings:
            team_store.delete_codings(db, plan.remove_codings)
        for guid, memo in plan.coding_memos.items():
            team_store.set_coding_memo(db, guid, memo)
        coding_ids = team_store.coding_ids(
            db, [m["ref"] for m in plan.add_memos if m["target_kind"] == "coding"])
        for memo in plan.add_memos:
            kind, ref = memo["target_kind"], memo["ref"]
            target = (None if kind == "project" else ids[ref] if kind == "code"
                      else coding_ids[ref] if kind == "coding" else ref)
            memo_store.insert(db, memo["guid"], kind, None if target is None else str(target),
                              memo["text"], coder_id(memo["author"]) if memo["author"] else None,
                              memo["created_at"], memo["updated_at"])
