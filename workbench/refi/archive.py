"""Opening a REFI-QDA project archive (.qdpx) without trusting it.

A .qdpx is a zip with ``project.qde`` at its root and the source files in ``sources/``
(found without regard to case, as exporters differ). Nothing is extracted to disk: the
members that are needed are read into memory. The whole archive is refused, before anything
is imported, when a member's path leads outside the archive's folder (zip slip), when it
would expand beyond ``MAX_TOTAL_BYTES`` or a member is compressed suspiciously well (a zip
bomb), or when it has no ``project.qde``.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from workbench.errors import WorkbenchError

MAX_TOTAL_BYTES = 1 << 30  # 1 GiB uncompressed, the whole archive
MAX_RATIO = 200  # uncompressed / compressed; plain text stays far below it
RATIO_FROM_BYTES = 1 << 20  # small members may compress well without harm
MAX_MEMBERS = 100_000
_CHUNK = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")


class QdpxArchive:
    """The checked members of one .qdpx, read on demand; use it as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise WorkbenchError("no such file", self.path)
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error) as exc:
            # ValueError: a member name that is not valid UTF-8 although flagged so, and
            # other damage of the central directory.
            raise WorkbenchError(f"is not a readable .qdpx archive ({_reason(exc)})",
                                 self.path) from None
        try:
            self._members = self._checked_members()
            qde_key = self._find_qde()
        except WorkbenchError:
            self._zip.close()
            raise
        self._qde = self._members[qde_key]
        folder = str(PurePosixPath(qde_key).parent)
        self._base = "" if folder == "." else folder
        self._read_bytes = 0

    def __enter__(self) -> "QdpxArchive":
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def project_xml(self) -> bytes:
        return self._read(self._qde)

    def source_file(self, name: str) -> tuple[str, bytes] | None:
        """A file of the sources folder by its name there (``internal://`` stripped), with its
        path in the archive; None when the archive has no such file."""
        for candidate in dict.fromkeys((name, unquote(name))):
            relative = _clean_path(candidate)
            if relative is None:
                continue
            for folder in ("sources", ""):  # some exporters name the folder in the path
                key = "/".join(p for p in (self._base, folder, relative.casefold()) if p)
                info = self._members.get(key)
                if info is not None:
                    return info.filename, self._read(info)
        return None

    def beside_project(self, name: str) -> bytes | None:
        """A file next to project.qde (such as our own ``interview-workbench.json``), or None."""
        key = "/".join(p for p in (self._base, name.casefold()) if p)
        info = self._members.get(key)
        return None if info is None else self._read(info)

    def texts(self) -> list[tuple[str, bytes]]:
        """(path in the archive, content) of every member but folders, in archive order."""
        return [(info.filename, self._read(info)) for info in self._members.values()
                if not info.is_dir()]

    def _checked_members(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise self._refused(f"holds {len(infos)} files, more than the {MAX_MEMBERS} allowed")
        members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            path = _clean_path(info.filename)
            if path is None:
                raise self._refused(
                    f"holds a path that leads outside its folder ('{info.filename}')")
            if info.is_dir():
                continue
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise self._refused(f"would expand to more than {MAX_TOTAL_BYTES:,} bytes")
            if info.file_size > RATIO_FROM_BYTES and \
                    info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise self._refused(f"'{info.filename}' is compressed {ratio} to 1, as only a "
                                    "zip bomb is")
            members.setdefault(path.casefold(), info)
        return members

    def _find_qde(self) -> str:
        """The member key of ``project.qde`` at the root; else of the archive's one ``.qde``
        file, wherever it is."""
        if "project.qde" in self._members:
            return "project.qde"
        found = [key for key in self._members if key.endswith(".qde")]
        if len(found) == 1:
            return found[0]
        raise self._refused("has no project.qde; a REFI-QDA project archive (.qdpx) holds one "
                            "at its root")

    def _read(self, info: zipfile.ZipInfo) -> bytes:
        """A member's bytes, stopping at once if it expands beyond what its header declared."""
        parts: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    size += len(chunk)
                    self._read_bytes += len(chunk)
                    if size > info.file_size or self._read_bytes > MAX_TOTAL_BYTES:
                        raise self._refused(
                            f"'{info.filename}' expands beyond the size it declares")
                    parts.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
                OSError, ValueError, struct.error) as exc:
            # OSError: a member offset beyond the file (a damaged directory) cannot be sought;
            # NotImplementedError: a compression method zipfile lacks (Deflate64, AES);
            # RuntimeError: an encrypted member, which needs a password.
            raise WorkbenchError(f"'{info.filename}' cannot be read from the archive "
                                 f"({_reason(exc)}); the archive is damaged", self.path) from None
        return b"".join(parts)

    def _refused(self, why: str) -> WorkbenchError:
        return WorkbenchError(f"is refused: the archive {why}; nothing was imported", self.path)


def _reason(exc: BaseException) -> str:
    """An exception as a short reason, without the OS's error number."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _clean_path(name: str) -> str | None:
    """A member path with ``/`` separators, or None when it is absolute or climbs out."""
    name = name.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name) or "\x00" in name:
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    return "/".join(parts)
