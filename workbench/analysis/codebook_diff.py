"""What changed between two states of a codebook, from plain data (no database access).

Each side is a list of :class:`Side` codes. Codes are matched by GUID where both sides have
one, else by path, else (for files written without GUIDs) by a name that is unique on both
sides, or as renamed in place: the one new code under the same parent with the same
definitions. A matched code may be renamed, moved (its parent is not the counterpart of its old
parent), have its definition, rules or review status changed, and its usage change. A code
only on the old side was merged into another when its codings went to one code (or the
history says so), split when they went to several, else removed; a code only on the new
side was added, unless it is one of the codes a split made.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher

TEXT_FIELDS = (("short_definition", "short definition"), ("definition", "definition"),
               ("inclusion", "when to use"), ("exclusion", "when not to use"),
               ("example", "example"))
KINDS = ("added", "removed", "renamed", "moved", "merged", "split", "definition", "rules",
         "status", "usage")


@dataclass
class Side:
    """One code as one side holds it."""

    key: str  # unique within its side (the code's id, or its path in a file)
    guid: str | None
    path: str
    name: str
    parent: str | None  # the parent's key
    fields: dict[str, str | None] = field(default_factory=dict)
    status: str | None = None
    usage: int | None = None  # codings on it and below it (None: the side has no codings)


@dataclass
class Change:
    kind: str  # one of KINDS
    code: str  # the path on the new side (the old side's for removed, merged, split codes)
    detail: str
    before: str | None = None
    after: str | None = None


@dataclass
class CodebookDiff:
    before_label: str
    after_label: str
    changes: list[Change] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def rows(self) -> list[dict]:
        return [asdict(c) for c in self.changes]

    def counts(self) -> dict[str, int]:
        found = Counter(c.kind for c in self.changes)
        return {kind: found[kind] for kind in KINDS if found[kind]}

    def summary(self) -> str:
        counts = self.counts()
        if not counts:
            return f"No differences between {self.before_label} and {self.after_label}."
        return (f"From {self.before_label} to {self.after_label}: "
                + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + ".")


def word_diff(old: str | None, new: str | None) -> str:
    """``[-removed words-] {+added words+}`` between two texts, equal words as they are."""
    a, b = (old or "").split(), (new or "").split()
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(a[i1:i2]))
        if op in ("delete", "replace"):
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if op in ("insert", "replace"):
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def diff_codebooks(before: list[Side], after: list[Side], before_label: str, after_label: str,
                   flows: dict[str, Counter] | None = None,
                   events: list[dict] | None = None) -> CodebookDiff:
    """``flows``: per old key, where its codings are on the new side (new key → count);
    ``events``: merges and splits the history recorded (``{"merged": guid, "into": guid}``,
    ``{"split": guid, "into": [guid, …]}``)."""
    result = CodebookDiff(before_label, after_label)
    matched = _match(before, after)  # old key → new key
    counterpart = {v: k for k, v in matched.items()}
    old = {c.key: c for c in before}
    new = {c.key: c for c in after}
    new_by_guid = {c.guid.lower(): c.key for c in after if c.guid}
    old_by_guid = {c.guid.lower(): c.key for c in before if c.guid}
    flows = flows or {}

    # Splits: a code whose codings went to several new codes, or that the history split.
    split_made: dict[str, list[str]] = {}  # old key → new keys it was split into
    for event in events or []:
        if "split" in event:
            source = old_by_guid.get(str(event["split"]).lower())
            targets = [new_by_guid[g.lower()] for g in event.get("into", [])
                       if g.lower() in new_by_guid]
            if source and targets:
                split_made.setdefault(source, []).extend(t for t in targets
                                                         if t not in counterpart)
    for key, flow in flows.items():
        fresh = [k for k in flow if k not in counterpart and k != matched.get(key)]
        if key in matched and len(fresh) >= 2:
            split_made.setdefault(key, []).extend(k for k in fresh
                                                  if k not in split_made.get(key, []))
    made_by_split = {k for keys in split_made.values() for k in keys}

    merged_into = {}
    for event in events or []:
        if "merged" in event:
            source = old_by_guid.get(str(event["merged"]).lower())
            target = new_by_guid.get(str(event["into"]).lower())
            if source and target and source not in matched:
                merged_into[source] = target

    for code in before:
        if code.key in matched:
            _compare(result, code, new[matched[code.key]], old, new, matched, split_made)
            continue
        flow = flows.get(code.key, Counter())
        target = merged_into.get(code.key)
        if target is None and len(flow) == 1:
            target = next(iter(flow))
        if target is not None:
            result.changes.append(Change(
                "merged", code.path, f"merged into {new[target].path}"
                + (f" ({flow[target]} codings moved)" if flow.get(target) else ""),
                code.path, new[target].path))
        elif len(flow) >= 2:
            parts = ", ".join(f"{new[k].path} ({n})" for k, n in flow.most_common())
            result.changes.append(Change("split", code.path, f"split into {parts}",
                                         code.path, "; ".join(new[k].path for k in flow)))
        else:
            result.changes.append(Change(
                "removed", code.path, "removed" + (f" with {code.usage} codings"
                                                   if code.usage else ""), code.path, None))
    for code in after:
        if code.key not in counterpart and code.key not in made_by_split:
            result.changes.append(Change(
                "added", code.path, "added" + (f" ({code.usage} codings)" if code.usage else ""),
                None, code.path))
    return result


def _match(before: list[Side], after: list[Side]) -> dict[str, str]:
    matched: dict[str, str] = {}
    taken: set[str] = set()
    by_guid = {c.guid.lower(): c.key for c in after if c.guid}
    for code in before:
        if code.guid and code.guid.lower() in by_guid:
            matched[code.key] = by_guid[code.guid.lower()]
            taken.add(matched[code.key])
    both_have_guid = {c.key for c in after if c.guid}
    by_path = {c.path: c.key for c in after}
    for code in before:
        if code.key in matched:
            continue
        target = by_path.get(code.path)
        # A path matches only where GUIDs cannot tell: one side has none.
        if target and target not in taken and not (code.guid and target in both_have_guid):
            matched[code.key] = target
            taken.add(target)
    names_after = Counter(c.name.casefold() for c in after)
    names_before = Counter(c.name.casefold() for c in before)
    by_name = {c.name.casefold(): c.key for c in after}
    for code in before:
        folded = code.name.casefold()
        if code.key in matched or names_before[folded] != 1 or names_after[folded] != 1:
            continue
        target = by_name[folded]
        other = next(c for c in after if c.key == target)
        if target not in taken and not (code.guid and other.guid):
            matched[code.key] = target
            taken.add(target)
    # Without GUIDs, a code renamed in place is the one new code under the same parent with
    # the same definitions (not empty).
    for code in before:
        texts = (code.fields.get("short_definition"), code.fields.get("definition"))
        if code.key in matched or code.guid or not any(texts):
            continue
        parent = matched.get(code.parent) if code.parent is not None else None
        if code.parent is not None and parent is None:
            continue
        alike = [c for c in after if c.key not in taken and c.parent == parent
                 and (c.fields.get("short_definition"), c.fields.get("definition")) == texts]
        if len(alike) == 1:
            matched[code.key] = alike[0].key
            taken.add(alike[0].key)
    return matched


def _compare(result: CodebookDiff, a: Side, b: Side, old: dict[str, Side], new: dict[str, Side],
             matched: dict[str, str], split_made: dict[str, list[str]]) -> None:
    if a.name != b.name:
        result.changes.append(Change("renamed", b.path, f"renamed from '{a.name}' to '{b.name}'",
                                     a.name, b.name))
    parent_now = matched.get(a.parent) if a.parent is not None else None
    if parent_now != b.parent:  # the new parent is not the counterpart of the old one
        was = old[a.parent].path if a.parent else "the top level"
        now = new[b.parent].path if b.parent else "the top level"
        result.changes.append(Change("moved", b.path, f"moved from {was} to {now}", was, now))
    for key, label in TEXT_FIELDS:
        before, after = a.fields.get(key), b.fields.get(key)
        if (before or None) != (after or None):
            kind = "definition" if key in ("short_definition", "definition") else "rules"
            result.changes.append(Change(kind, b.path, f"{label}: {word_diff(before, after)}",
                                         before, after))
    if a.status and b.status and a.status != b.status:
        result.changes.append(Change("status", b.path, f"status {a.status} → {b.status}",
                                     a.status, b.status))
    if a.key in split_made:
        parts = ", ".join(new[k].path for k in split_made[a.key])
        result.changes.append(Change("split", b.path, f"split: new codes {parts}", a.path,
                                     "; ".join(new[k].path for k in split_made[a.key])))
    if a.usage is not None and b.usage is not None and a.usage != b.usage:
        result.changes.append(Change("usage", b.path, f"codings {a.usage} → {b.usage}",
                                     str(a.usage), str(b.usage)))
