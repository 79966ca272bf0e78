"""spaCy pipelines that work offline: a trained pipeline when one is installed, else a blank one.

Nothing here downloads a model. A blank pipeline gets the rule-based ``sentencizer`` and,
for lemmas, the lookup lemmatizer whose tables come with ``spacy-lookups-data``.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# Trained pipelines used when the user has installed them; never fetched by us.
TRAINED = {"en": "en_core_web_sm", "zh": "zh_core_web_sm"}


@lru_cache(maxsize=None)
def sentence_pipeline(lang: str) -> Language:
    """A pipeline whose documents have sentence boundaries, as fast as the installed models allow."""
    name = TRAINED.get(lang)
    if name and spacy.util.is_package(name):
        nlp = spacy.load(name, exclude=["ner", "parser", "tagger", "attribute_ruler", "lemmatizer"])
        if "senter" in nlp.component_names:
            nlp.enable_pipe("senter")
            return nlp
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_spans(texts: list[str], lang: str) -> list[list[tuple[int, int]]]:
    """For each text, its sentences as ``(start, end)`` offsets, whitespace trimmed."""
    nlp = sentence_pipeline(lang)
    result = []
    for doc in nlp.pipe(texts, batch_size=256):
        spans = []
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            while start < end and doc.text[start].isspace():
                start += 1
            while end > start and doc.text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
        result.append(spans)
    return result
