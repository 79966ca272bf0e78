"""Bytes to text for plain-text transcripts: UTF-8, UTF-8/16/32 with a BOM, or GB18030."""

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


def decode_text(data: bytes, path: Path) -> str:
    """Decode a transcript file's bytes, or raise a WorkbenchError that says why not."""
    if not data.strip():
        raise WorkbenchError("the file is empty", path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise WorkbenchError(
                    f"starts with a {encoding.upper()} byte-order mark but byte {exc.start} "
                    f"is not valid {encoding.upper()}",
                    path,
                ) from None
    sample = data[:4096]
    if b"\x00" in sample or len(sample.translate(None, _NOT_CONTROL)) > len(sample) // 100:
        raise WorkbenchError("looks like a binary file, not a text transcript", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        bad = utf8_error.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    # GB18030 decodes many byte sequences; accept it only when the result reads as Chinese.
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if text and len(_CHINESE.findall(text)) >= 0.9 * non_ascii:
        return text
    raise WorkbenchError(
        f"cannot be decoded: byte {bad} is not UTF-8, and the file is not UTF-16 with a "
        "byte-order mark or Chinese GB18030 either; save it as UTF-8 and import it again",
        path,
    )
