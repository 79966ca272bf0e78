"""The time stamp and the GUID every new row gets: one way to make each."""

from __future__ import annotations

import datetime as dt
import uuid


def now() -> str:
    """The current time in UTC, to the second, as ISO 8601 (``2024-06-03T09:15:00+00:00``)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def new_guid() -> str:
    """A random GUID in the lower-case form REFI-QDA files and our rows use."""
    return str(uuid.uuid4())
