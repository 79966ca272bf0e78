"""Where exports go and how they are written: never half a file, never a silent overwrite."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import tempfile
from pathlib import Path

from workbench.errors import WorkbenchError

EXPORTS_DIR = Path("exports")


def default_output(project_name: str, what: str, extension: str) -> Path:
    """``exports/<project>-<what>-<date>.<ext>``, relative to the current folder."""
    slug = re.sub(r"[^\w.-]+", "-", project_name.strip().lower()).strip("-") or "project"
    return EXPORTS_DIR / f"{slug}-{what}-{dt.date.today().isoformat()}.{extension}"


def write_atomic(path: Path, content: str | bytes, overwrite: bool = False) -> Path:
    """Write to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    if path.is_dir():
        raise WorkbenchError("is a folder, not a file; name a file in it to write "
                             "(a folder is never replaced)", path)
    if path.exists() and not overwrite:
        raise WorkbenchError("exists already; choose another name with -o, or pass --overwrite",
                             path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise WorkbenchError(f"cannot be written ({exc.strerror})", path) from None
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes files private; an export is not
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        problem = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
        raise WorkbenchError(f"cannot be written ({problem}); nothing was written", path) \
            from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
