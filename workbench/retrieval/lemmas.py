"""Lemmas and inflected forms from spaCy's lookup lemmatizer tables (spacy-lookups-data).

The lookup table maps each form to its lemma (``limited`` → ``limit``, ``went`` → ``go``);
read backwards it gives every form of a lemma, which is how a lemma query reaches the
inflected forms in the text. Nothing is downloaded: the tables ship with the package.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.util import load_language_data, registry


@lru_cache(maxsize=None)
def _lookup(lang: str) -> dict[str, str]:
    path = registry.lookups.get_all().get(lang, {}).get("lemma_lookup")
    return load_language_data(path) if path else {}


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
