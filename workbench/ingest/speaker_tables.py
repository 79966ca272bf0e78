"""Tables in word-processor transcripts: a two-column table is a speaker | text transcript.

Shared by the .docx and .odt readers. Each row becomes a ``Speaker: text`` paragraph (the
header row, ``Speaker | Text``, is left out); rows of other tables are kept as
tab-separated text so that nothing in them is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

_TABLE_HEADERS = {"speaker", "name", "who", "text", "transcript", "utterance", "发言人", "内容"}


def table_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    """The paragraphs a table's rows (the text of each cell) read as."""
    for cells in rows:
        texts = [c.strip() for c in cells]
        if len(texts) == 2:
            speaker, said = texts
            if {speaker.lower(), said.lower()} <= _TABLE_HEADERS:
                continue  # the header row
            if speaker and said:
                yield f"{speaker}: {said}"
            elif said or speaker:
                yield said or speaker
        elif any(texts):
            yield "\t".join(t for t in texts if t)
