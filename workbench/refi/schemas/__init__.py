"""The REFI-QDA (QDA-XML 1.0) schemas, MIT-licensed by REFI, used to check what we read and write."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import xmlschema

HERE = Path(__file__).parent


@lru_cache(maxsize=None)
def schema(name: str) -> "xmlschema.XMLSchema":
    """``Codebook`` or ``Project``; xmlschema loads only when a REFI-QDA file is checked."""
    import xmlschema

    return xmlschema.XMLSchema(HERE / f"{name}.xsd")
