"""A supervisor's review of the codebook: a status per code (draft, proposed, approved,
disputed) and a thread of review comments per code, each one undoable history step.

Review comments are kept apart from analytic memos: they are about the codebook (is this
definition usable? merge these two?), not about the data.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from workbench.coding.codebook import Codebook
from workbench.coding.undo import recorded
from workbench.errors import WorkbenchError
from workbench.fields import REVIEW_STATUSES, check_comment, check_status
from workbench.stamps import new_guid, now
from workbench.store import comments as store

__all__ = ["REVIEW_STATUSES", "CodeReview"]


class CodeReview:
    """Statuses and review comments of one project's codes."""

    def __init__(self, db: Database, codebook: Codebook, actor: Callable[[], str]) -> None:
        self.db, self.codebook, self.actor = db, codebook, actor

    def set_status(self, ref: str | int, status: str) -> dict:
        code = self.codebook.resolve(ref)
        status = check_status(status)
        if code["review_status"] != status:
            with recorded(self.db, self.actor(), "code.status",
                          f"marked '{code['path']}' {status} (was {code['review_status']})"):
                store.set_status(self.db, code["id"], status)
        return self.codebook.resolve(code["id"])

    def add_comment(self, ref: str | int, text: str, author: str | None = None) -> dict:
        code = self.codebook.resolve(ref)
        text = check_comment(text)
        who = (author or "").strip() or self.actor()
        with recorded(self.db, who, "code.comment",
                      f"commented on '{code['path']}': {_short(text)}"):
            comment_id = store.insert(self.db, {
                "guid": new_guid(), "code": code["id"], "author": who, "created_at": now(),
                "text": text, "resolved": 0})
        return self.comment(comment_id)

    def resolve(self, comment_id: int, resolved: bool = True) -> dict:
        """Mark a comment resolved (or, with ``resolved=False``, open again)."""
        found = self.comment(comment_id)
        if bool(found["resolved"]) == resolved:
            return found
        verb = "resolved" if resolved else "reopened"
        with recorded(self.db, self.actor(), "code.comment-resolve",
                      f"{verb} comment {comment_id} on '{found['path']}'"):
            store.set_resolved(self.db, comment_id, resolved,
                               self.actor() if resolved else None, now() if resolved else None)
        return self.comment(comment_id)

    def comment(self, comment_id: int) -> dict:
        row = store.comment(self.db, comment_id)
        if row is None:
            raise WorkbenchError(f"no review comment {comment_id}; `workbench codebook "
                                 "comments` lists them")
        return self._with_path(row)

    def comments(self, ref: str | int | None = None, open_only: bool = False) -> list[dict]:
        """Comments oldest first (of one code if ``ref``), each with its code's path."""
        code_id = self.codebook.resolve(ref)["id"] if ref is not None else None
        paths = {c["id"]: c["path"] for c in self.codebook.codes()}
        return [{**row, "resolved": bool(row["resolved"]), "path": paths.get(row["code"], "?")}
                for row in store.comments(self.db, code_id, open_only)]

    def attach(self, tree: list[dict]) -> list[dict]:
        """Give every node of ``Codebook.tree()`` its review comments (``comments``)."""
        by_code: dict[int, list[dict]] = {}
        for comment in self.comments():
            by_code.setdefault(comment["code"], []).append(comment)

        def walk(nodes: list[dict]) -> None:
            for node in nodes:
                node["comments"] = by_code.get(node["id"], [])
                walk(node["children"])

        walk(tree)
        return tree

    def _with_path(self, row: dict) -> dict:
        return {**row, "resolved": bool(row["resolved"]),
                "path": self.codebook.resolve(row["code"])["path"]}


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
