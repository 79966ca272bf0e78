"""Codings (a code on a span of a source, by a coder), memos, and auto-coding."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import regex as user_regex
from sqlite_utils import Database

from workbench.coding.codebook import Codebook
from workbench.coding.undo import recorded
from workbench.errors import WorkbenchError
from workbench.ingest.coding_list import locate
from workbench.stamps import new_guid, now

MEMO_TARGETS = ("project", "source", "code", "participant", "coding")
AUTOCODE_SECONDS = 10.0  # a user's pattern is stopped after this long over the whole project
MAX_ROW_ID = 2**63 - 1  # the largest integer SQLite holds: larger ids name no row


@dataclass
class AutocodeHit:
    source: str
    participant: str | None
    turn_number: int
    start: int
    end: int
    text: str


class Codings:
    """Applying and removing codings, exemplar flags, memos and auto-coding."""

    def __init__(self, db: Database, codebook: Codebook, actor: Callable[[], str]) -> None:
        self.db = db
        self.codebook = codebook
        self.actor = actor

    def coder_name(self, name: str | None = None) -> str:
        """The coder named (None: the default one); a blank name is refused, not taken for
        the default."""
        name = self.actor() if name is None else name
        cleaned = name.strip()
        if not cleaned:
            raise WorkbenchError("a coder needs a name (the one given is blank)")
        return cleaned

    def coder_id(self, name: str | None = None) -> int:
        """The coder's row id, creating the coder on first use."""
        name = self.coder_name(name)
        row = self.db.execute("SELECT id FROM coders WHERE name = ?", [name]).fetchone()
        if row:
            return row[0]
        return self.db.execute("INSERT INTO coders (name, guid) VALUES (?, ?)",
                               [name, new_guid()]).lastrowid

    def apply(self, source_id: int, start: int, end: int, code: str | int,
              coder: str | None = None, memo: str | None = None,
              exemplar: bool = False) -> dict:
        """Code ``[start, end)`` of a source. The same span, code and coder again is a no-op
        (the result's ``created`` is False)."""
        target = self.codebook.resolve(code)
        if not target["codable"]:
            raise WorkbenchError(f"'{target['path']}' is a heading, not a code to apply; "
                                 "choose one of its sub-codes")
        name, length = self._source(source_id)
        if not (0 <= start < end <= length):
            raise WorkbenchError(
                f"the span {start}–{end} is outside the text of '{name}' "
                f"(positions 0–{length}, end after start)")
        coder = self.coder_name(coder)
        existing = self._find(source_id, start, end, target["id"], coder)
        if existing:
            return {**existing, "created": False}
        with recorded(self.db, coder, "coding.apply",
                      f"coded {name} {start}–{end} as '{target['path']}'"):
            coder_id = self.coder_id(coder)
            coding_id = self.db.execute(
                """INSERT INTO codings (guid, source, code, start, "end", coder, memo, exemplar,
                       created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [new_guid(), source_id, target["id"], start, end, coder_id,
                 memo or None, int(exemplar), now()]).lastrowid
        return {**self.get(coding_id), "created": True}

    def apply_new_code(self, source_id: int, start: int, end: int, name: str,
                       parent: int | str | None = None) -> dict:
        """Create a code and code ``[start, end)`` with it: one step of the history (undo
        takes back both)."""
        with recorded(self.db, self.actor(), "coding.apply", f"created '{name}'") as step:
            code = self.codebook.add(name, parent)
            coding = self.apply(source_id, start, end, code["id"])
            step["summary"] = (f"created the code '{coding['code_path']}' and coded "
                               f"{coding['source_name']} {start}–{end} with it")
        return coding

    def remove(self, coding_id: int) -> dict:
        coding = self.get(coding_id)
        with recorded(self.db, self.actor(), "coding.remove",
                      f"removed coding {coding_id} ('{coding['code_path']}')"):
            self.db.execute("DELETE FROM memos WHERE target_kind = 'coding' AND target = ?",
                            [str(coding_id)])
            self.db.execute("DELETE FROM codings WHERE id = ?", [coding_id])
        return coding

    def set_exemplar(self, coding_id: int, exemplar: bool = True) -> dict:
        return self.set_exemplars([coding_id], exemplar)[0]

    def set_exemplars(self, coding_ids: list[int], exemplar: bool = True) -> list[dict]:
        """Mark (or unmark) codings as exemplars: one undo step however many there are."""
        for coding_id in coding_ids:
            self.get(coding_id)  # refuses an unknown id
        which = (f"coding {coding_ids[0]}" if len(coding_ids) == 1
                 else f"{len(coding_ids)} codings")
        with recorded(self.db, self.actor(), "coding.exemplar",
                      f"{'marked' if exemplar else 'unmarked'} {which} as exemplar"):
            self.db.conn.executemany("UPDATE codings SET exemplar = ? WHERE id = ?",
                                     [(int(exemplar), i) for i in coding_ids])
        return [self.get(coding_id) for coding_id in coding_ids]

    def set_memo(self, coding_id: int, text: str | None) -> dict:
        self.get(coding_id)  # refuses an unknown id
        with recorded(self.db, self.actor(), "coding.memo", f"memo on coding {coding_id}"):
            self.db.execute("UPDATE codings SET memo = ? WHERE id = ?",
                            [(text or "").strip() or None, coding_id])
        return self.get(coding_id)

    def get(self, coding_id: int) -> dict:
        rows = self.list(coding_id=coding_id) if 0 < coding_id <= MAX_ROW_ID else []
        if not rows:
            raise WorkbenchError(f"no coding with id {coding_id}")
        return rows[0]

    def find(self, source_id: int, start: int, end: int, code: str | int,
             coder: str | None = None) -> dict:
        target = self.codebook.resolve(code)
        in_range = all(0 <= n <= MAX_ROW_ID for n in (start, end))  # else SQLite cannot compare
        found = in_range and self._find(source_id, start, end, target["id"],
                                        self.coder_name(coder))
        if not found:
            raise WorkbenchError(f"no coding of '{target['path']}' at {start}–{end} by "
                                 f"{coder or self.actor()}")
        return found

    def list(self, source_id: int | None = None, code_ids: list[int] | None = None,
             coding_id: int | None = None) -> list[dict]:
        where, params = ["1 = 1"], []
        if source_id is not None:
            where.append("k.source = ?")
            params.append(source_id)
        if code_ids is not None:
            where.append(f"k.code IN ({', '.join('?' for _ in code_ids)})")
            params += code_ids
        if coding_id is not None:
            where.append("k.id = ?")
            params.append(coding_id)
        rows = list(self.db.query(
            f"""SELECT k.id, k.guid, k.source, s.name AS source_name, k.code, k.start, k."end",
                       cd.name AS coder, k.memo, k.exemplar, k.created_at,
                       substr(s.text, k.start + 1, k."end" - k.start) AS text
                FROM codings k JOIN sources s ON s.id = k.source
                JOIN coders cd ON cd.id = k.coder
                WHERE {' AND '.join(where)} ORDER BY s.interview_order, k.start, k.id""",
            params))
        paths = {c["id"]: c["path"] for c in self.codebook.codes()}
        for row in rows:
            row["code_path"] = paths[row["code"]]
        return rows

    def _find(self, source_id: int, start: int, end: int, code_id: int,
              coder: str) -> dict | None:
        row = self.db.execute(
            """SELECT k.id FROM codings k JOIN coders c ON c.id = k.coder
               WHERE k.source = ? AND k.code = ? AND k.start = ? AND k."end" = ? AND c.name = ?""",
            [source_id, code_id, start, end, coder]).fetchone()
        return self.get(row[0]) if row else None

    def _source(self, source_id: int) -> tuple[str, int]:
        row = self.db.execute("SELECT name, length(text) FROM sources WHERE id = ?",
                              [source_id]).fetchone()
        if row is None:
            raise WorkbenchError(f"no source with id {source_id}")
        return row[0], row[1]

    # -- auto-coding ---------------------------------------------------------------------

    def autocode_preview(self, pattern: str, unit: str = "sentence", regex: bool = False,
                         include_interviewer: bool = False) -> list[AutocodeHit]:
        """Every turn or sentence matching a phrase (case-insensitive) or a regex."""
        if unit not in ("turn", "sentence"):
            raise WorkbenchError("auto-code works on a 'turn' or a 'sentence'")
        try:
            matcher = user_regex.compile(pattern if regex else user_regex.escape(pattern),
                                         user_regex.IGNORECASE)
        except (user_regex.error, OverflowError, RecursionError) as exc:
            raise WorkbenchError(f"the pattern '{pattern}' is not a valid regular expression "
                                 f"({exc})") from None
        deadline = time.monotonic() + AUTOCODE_SECONDS
        if not pattern.strip():
            raise WorkbenchError("give a phrase or pattern to auto-code")
        hits = []
        for source in self.db.query("SELECT id, name, text FROM sources ORDER BY interview_order"):
            text = source["text"]
            for seg in self.db.query(
                    """SELECT start, "end", participant, turn_number, is_interviewer
                       FROM segments WHERE source = ? AND kind = ? ORDER BY start""",
                    [source["id"], unit]):
                if seg["is_interviewer"] and not include_interviewer:
                    continue
                piece = text[seg["start"]:seg["end"]]
                try:
                    found = matcher.search(piece, timeout=max(deadline - time.monotonic(), 0.01))
                except TimeoutError:
                    raise WorkbenchError(
                        f"the pattern '{pattern}' took more than {AUTOCODE_SECONDS:g} s to "
                        f"match (stopped in {source['name']}, turn {seg['turn_number']}): a "
                        "nested repeat such as '(a+)+' tries every way to split the text; "
                        "write it without one (e.g. 'a+')") from None
                if found:
                    hits.append(AutocodeHit(source["name"], seg["participant"],
                                            seg["turn_number"], seg["start"], seg["end"], piece))
        return hits

    def autocode(self, pattern: str, code: str | int, unit: str = "sentence",
                 regex: bool = False, include_interviewer: bool = False,
                 coder: str | None = None) -> int:
        """Code every match as one undoable step; returns how many codings were added."""
        target = self.codebook.resolve(code)
        if not target["codable"]:
            raise WorkbenchError(f"'{target['path']}' is a heading, not a code to apply")
        hits = self.autocode_preview(pattern, unit, regex, include_interviewer)
        coder = self.coder_name(coder)
        sources = {r["name"]: r["id"] for r in self.db.query("SELECT id, name FROM sources")}
        with recorded(self.db, coder, "autocode",
                      f"auto-coded '{pattern}' ({unit}s) as '{target['path']}'") as info:
            coder_id = self.coder_id(coder)
            added = 0
            for hit in hits:
                cursor = self.db.execute(
                    """INSERT OR IGNORE INTO codings (guid, source, code, start, "end", coder,
                           created_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    [new_guid(), sources[hit.source], target["id"], hit.start, hit.end,
                     coder_id, now()])
                added += cursor.rowcount
            info["summary"] += f": {added} codings"
        return added

    def import_list(self, entries: list, source_ids: dict[str, int], texts: dict[int, str],
                    label: str, coder: str | None = None) -> int:
        """Apply a located list of codings (see ``ingest.coding_list``) as one undoable step.

        Every entry is checked before anything is written: the source exists, the quote
        occurs exactly once, the code exists and is codable.
        """
        planned = []
        for number, entry in enumerate(entries, start=1):
            source_id = source_ids.get(entry.source)
            if source_id is None:
                raise WorkbenchError(f"entry {number}: no source named '{entry.source}'")
            span = locate(texts[source_id], entry.quote)
            if span is None:
                raise WorkbenchError(f"entry {number}: the quote is not found exactly once in "
                                     f"'{entry.source}': \"{entry.quote[:60]}…\"")
            code = self.codebook.resolve(entry.code)
            if not code["codable"]:
                raise WorkbenchError(f"entry {number}: '{code['path']}' is not codable")
            planned.append((source_id, span, code["id"], entry))
        coder = self.coder_name(coder)
        with recorded(self.db, coder, "codings.import", f"imported codings from {label}") as info:
            coder_id = self.coder_id(coder)
            added = 0
            for source_id, (start, end), code_id, entry in planned:
                added += self.db.execute(
                    """INSERT OR IGNORE INTO codings (guid, source, code, start, "end", coder,
                           memo, exemplar, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [new_guid(), source_id, code_id, start, end, coder_id,
                     entry.memo, int(entry.exemplar), now()]).rowcount
            info["summary"] += f": {added} codings"
        return added

    # -- memos ---------------------------------------------------------------------------

    def add_memo(self, kind: str, target: str | None, text: str,
                 author: str | None = None) -> int:
        if kind not in MEMO_TARGETS:
            raise WorkbenchError(f"a memo is written on one of: {', '.join(MEMO_TARGETS)}")
        if not text.strip():
            raise WorkbenchError("the memo is empty")
        author = self.coder_name(author)
        with recorded(self.db, author, "memo.add", f"memo on {kind} {target or ''}".strip()):
            author_id = self.coder_id(author)
            stamp = now()
            return self.db.execute(
                """INSERT INTO memos (guid, target_kind, target, text, author, created_at,
                       updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                [new_guid(), kind, target, text.strip(), author_id, stamp, stamp]
            ).lastrowid

    def memos(self, kind: str | None = None, target: str | None = None) -> list[dict]:
        where, params = ["1 = 1"], []
        if kind:
            where.append("m.target_kind = ?")
            params.append(kind)
        if target is not None:
            where.append("m.target = ?")
            params.append(target)
        return list(self.db.query(
            f"""SELECT m.id, m.target_kind, m.target, m.text, c.name AS author, m.created_at
                FROM memos m LEFT JOIN coders c ON c.id = m.author
                WHERE {' AND '.join(where)} ORDER BY m.id""", params))

    # -- reading and editing memos: the memos table and the codings' own notes ---------

    def memo_list(self, kind: str | None = None, target: str | None = None,
                  text: str | None = None) -> list[dict]:
        """Every memo, oldest first: the memos written on the project, a source, a code, a
        participant or a coding (id ``12``), and the note a coding carries itself (given
        with ``code --memo`` or a coding list; id ``C<coding id>``). Each with what it is
        about in words; filtered by target kind, target and words of its text or subject."""
        if kind is not None and kind not in MEMO_TARGETS:
            raise WorkbenchError(f"a memo is written on one of: {', '.join(MEMO_TARGETS)}")
        rows = [dict(r) for r in self.db.query(
            """SELECT CAST(m.id AS TEXT) AS id, m.target_kind AS kind, m.target, m.text,
                      c.name AS author, m.updated_at AS at
               FROM memos m LEFT JOIN coders c ON c.id = m.author
               UNION ALL
               SELECT 'C' || k.id, 'coding', CAST(k.id AS TEXT), k.memo, c.name, k.created_at
               FROM codings k JOIN coders c ON c.id = k.coder
               WHERE k.memo IS NOT NULL AND k.memo != ''""")]
        rows.sort(key=lambda r: (r["at"] or "", r["id"].startswith("C"), int(r["id"].lstrip("C"))))
        if kind is not None:
            rows = [r for r in rows if r["kind"] == kind]
        if target is not None:
            rows = [r for r in rows if r["target"] == target]
        about = self._memo_subjects()
        for row in rows:
            row["about"] = about(row["kind"], row["target"])
        if text and text.strip():
            words = text.casefold().split()
            rows = [r for r in rows
                    if all(w in f"{r['text']} {r['about']}".casefold() for w in words)]
        return rows

    def memo(self, memo_id: str) -> dict:
        """One memo of :meth:`memo_list` by its id (``12`` or ``C7``)."""
        key = memo_id.strip()
        if key[:1] in "Cc" and key[1:].isdigit():
            rows = [r for r in self.memo_list(kind="coding", target=str(int(key[1:])))
                    if r["id"].startswith("C")]
        elif key.isdigit():
            rows = [r for r in self.memo_list() if r["id"] == str(int(key))]
        else:
            raise WorkbenchError(f"'{memo_id}' is not a memo id: `workbench memos` lists them "
                                 "(a number, or C and a coding's id)")
        if not rows:
            raise WorkbenchError(f"no memo {memo_id}; `workbench memos` lists them")
        return rows[0]

    def edit_memo(self, memo_id: str, text: str) -> dict:
        """Replace a memo's text (one step of the history); returns it as listed."""
        found = self.memo(memo_id)
        if not text.strip():
            raise WorkbenchError("the memo is empty; give its new text")
        if found["id"].startswith("C"):
            self.set_memo(int(found["target"]), text)
        else:
            with recorded(self.db, self.actor(), "memo.edit",
                          f"edited memo {found['id']} on {found['about']}"):
                self.db.execute("UPDATE memos SET text = ?, updated_at = ? WHERE id = ?",
                                [text.strip(), now(), int(found["id"])])
        return self.memo(found["id"])

    def memo_on(self, kind: str, target: str | None) -> dict | None:
        """The memo a dialog on this target shows and edits: a coding's own note first,
        else the newest memo written on it; None if there is none."""
        rows = [r for r in self.memo_list(kind=kind) if r["target"] == target]
        notes = [r for r in rows if r["id"].startswith("C")]
        return (notes or rows or [None])[-1]

    def _memo_subjects(self) -> Callable[[str, str | None], str]:
        sources = {str(r[0]): r[1] for r in self.db.execute("SELECT id, name FROM sources")}
        codes = {str(c["id"]): c["path"] for c in self.codebook.codes()}
        codings = {str(r[0]): (str(r[1]), str(r[2]), r[3], r[4]) for r in self.db.execute(
            'SELECT id, source, code, start, "end" FROM codings')}

        def about(kind: str, target: str | None) -> str:
            if kind == "project":
                return "the project"
            if kind == "source":
                return f"source {sources.get(target or '', target)}"
            if kind == "code":
                return f"code {codes.get(target or '', target)}"
            if kind == "participant":
                return f"participant {target}"
            coding = codings.get(target or "")
            if coding is None:
                return f"coding {target} (removed)"
            source, code, start, end = coding
            return (f"coding {target}: {codes.get(code, code)} in "
                    f"{sources.get(source, source)} {start}–{end}")
        return about
