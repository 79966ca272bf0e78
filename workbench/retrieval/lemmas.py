"""Lemmas and inflected forms from the table of spaCy's lookup lemmatizer.

The table (from spacy-lookups-data, installed with the package) maps each form to its
lemma (``limited`` → ``limit``, ``went`` → ``go``); read backwards it gives every form of a
lemma, which is how a lemma query reaches the inflected forms in the text. It is read
straight from spacy-lookups-data, as spaCy's lookup lemmatizer reads it, so that a lemma
search does not pay the second that importing spaCy takes.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

import spacy_lookups_data


@lru_cache(maxsize=None)
def _lookup(lang: str) -> dict[str, str]:
    """The form → lemma table of ``lang``; empty for a language without one."""
    table = getattr(spacy_lookups_data, lang, {}).get("lemma_lookup")
    if table is None:
        return {}
    path = Path(str(table))
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    with gzip.open(f"{path}.gz", "rt", encoding="utf-8") as packed:  # as the package ships it
        return json.load(packed)


@lru_cache(maxsize=None)
def _forms_by_lemma(lang: str) -> dict[str, frozenset[str]]:
    forms: dict[str, set[str]] = {}
    for form, lemma in _lookup(lang).items():
        forms.setdefault(lemma.lower(), set()).add(form.lower())
    return {lemma: frozenset(found) for lemma, found in forms.items()}


def lemma(word: str, lang: str = "en") -> str:
    lowered = word.lower()
    table = _lookup(lang)
    return table.get(word, table.get(lowered, lowered)).lower()


def forms(word: str, lang: str = "en") -> list[str]:
    """Every form that shares ``word``'s lemma, the word and the lemma included, sorted."""
    base = lemma(word, lang)
    return sorted(_forms_by_lemma(lang).get(base, frozenset()) | {base, word.lower()})
