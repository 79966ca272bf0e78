"""Bytes to text for plain-text files: UTF-8, UTF-8/16/32 with a BOM, Chinese GB18030, or —
said in a note — Windows-1252 (Western European, a superset of Latin-1 in practice).

Only UTF-8 and a byte-order mark are certain. The other two are guesses, each accepted only
when the result reads as what it claims to be:

* GB18030 decodes almost any run of high bytes, and two Latin-1 bytes such as ``ü`` followed
  by ``l`` make a valid, rare ideograph (``Müller`` → ``M黮ler``); Cyrillic in KOI8-R reads
  as rare ideographs too. Chinese text is nearly all GB2312's punctuation and 3,755 common
  characters, both of whose bytes are high; a file whose two-byte codes are not, nine in
  ten, is not Chinese. (Korean in EUC-KR has the same shape and is not told apart.)
* Windows-1252 decodes all but five bytes. Western European text has its accented letters
  among ASCII ones; a file whose letters are mostly not ASCII is in some other encoding.

Everything that is neither is refused with a message saying how to fix it.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from workbench.errors import WorkbenchError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, carriage return and form feed mark binary data.
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32)) | {127}
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
# Ideographs, CJK punctuation and full-width forms: what a GB18030 file's non-ASCII text holds.
_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# A two-byte GB18030 code whose second byte is ASCII (0x40-0x7E): the rare GBK extensions.
_ASCII_TRAIL = re.compile(rb"[\x81-\xfe][\x40-\x7e]")
_HIGH_PAIR = re.compile(rb"[\x81-\xfe][\x40-\x7e\x80-\xfe]")
# GB2312's punctuation and its 3,755 common characters: nearly all of any Chinese text.
_COMMON_PAIR = re.compile(rb"[\xa1-\xa9\xb0-\xd7][\xa1-\xfe]")
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_FOREIGN_LETTER = re.compile(r"[^\x00-\x7f\W\d_]")
WINDOWS_1252_NOTE = ("is not UTF-8: it was read as Windows-1252 (Western European); check "
                     "its accented letters, or save it as UTF-8 and import it again")


def decode_text(data: bytes, path: Path, notes: list[str] | None = None) -> str:
    """Decode a text file's bytes, or raise a WorkbenchError that says why not.

    A caller that can show the user a warning passes ``notes``: a file that is only readable
    as Windows-1252 is then decoded that way and a note appended. Without ``notes`` such a
    file is refused, so that a guess is never made silently.
    """
    if not data.strip():
        raise WorkbenchError("the file is empty", path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise WorkbenchError(
                    f"starts with a {encoding.upper()} byte-order mark but byte {exc.start} "
                    f"is not valid {encoding.upper()}",
                    path,
                ) from None
            return _not_empty(text, path)
    _refuse_binary(data, path)
    try:
        return _not_empty(data.decode("utf-8"), path)
    except UnicodeDecodeError as utf8_error:
        bad = utf8_error.start
    chinese = _as_chinese(data)
    if chinese is not None:
        return _not_empty(chinese, path)
    western = _as_western(data)
    if western is not None and notes is not None:
        notes.append(WINDOWS_1252_NOTE)
        return _not_empty(western, path)
    guess = (" (it reads as Windows-1252: save it as UTF-8)" if western is not None else
             "; save it as UTF-8 and import it again")
    raise WorkbenchError(
        f"cannot be decoded: byte {bad} is not UTF-8, and the file is not UTF-16 with a "
        f"byte-order mark or Chinese GB18030 either{guess}",
        path,
    )


def _not_empty(text: str, path: Path) -> str:
    """A file of nothing but a byte-order mark and white space is empty."""
    if not text.lstrip("\ufeff").strip():
        raise WorkbenchError("the file is empty (it holds only a byte-order mark or spaces)",
                             path)
    return text


def _refuse_binary(data: bytes, path: Path) -> None:
    """NUL bytes anywhere, or more than 1 % control characters, mark a binary file."""
    nul = data.find(b"\x00")
    if nul >= 0 or len(data.translate(None, _NOT_CONTROL)) > len(data) // 100:
        where = f" (a NUL byte at byte {nul})" if nul >= 0 else ""
        raise WorkbenchError(f"looks like a binary file, not a text transcript{where}", path)


def _as_chinese(data: bytes) -> str | None:
    """The text as GB18030 when it reads as Chinese, else None."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if not text or len(_CHINESE.findall(text)) < 0.9 * non_ascii:
        return None
    pairs = len(_HIGH_PAIR.findall(data))
    if pairs and len(_ASCII_TRAIL.findall(data)) > 0.2 * pairs:
        return None  # accented Latin letters before ASCII ones, taken for rare ideographs
    if pairs and len(_COMMON_PAIR.findall(data)) < 0.9 * pairs:
        return None  # rare characters all through: Cyrillic, Greek or Big5 bytes, not Chinese
    return text


def _as_western(data: bytes) -> str | None:
    """The text as Windows-1252 when its letters are mostly ASCII ones, else None."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # one of the five bytes Windows-1252 leaves undefined
    foreign = len(_FOREIGN_LETTER.findall(text))
    letters = foreign + len(data) - len(data.translate(None, _ASCII_LETTERS))
    if letters == 0 or foreign > 0.25 * letters:
        return None
    return text
